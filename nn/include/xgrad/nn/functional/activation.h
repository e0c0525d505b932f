#pragma once
// F::relu, F::leaky_relu, F::hardtanh, F::softmax, F::log_softmax with libtorch's option structs.
// (libtorch's nn::functional has no sigmoid or tanh: those are xgrad::sigmoid / xgrad::tanh.)
#include <functional>

#include <xgrad/functions.h>
#include <xgrad/nn/options/activation.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
/// input := op(input), recorded so that gradients flow as for the out-of-place op: the in-place form
/// of an activation whose backward reads its input.
Tensor overwrite_with(Tensor& input, const std::function<Tensor(const Tensor&)>& op, const char* name);
}  // namespace detail

/// F::relu(x) or, overwriting x, F::relu(x, F::ReLUFuncOptions().inplace(true)).
inline Tensor relu(Tensor input, const ReLUFuncOptions& options = {}) {
  return options.inplace() ? input.relu_() : xgrad::relu(input);
}

inline Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {}) {
  const auto op = [&options](const Tensor& x) { return xgrad::leaky_relu(x, options.negative_slope()); };
  return options.inplace() ? detail::overwrite_with(input, op, "leaky_relu_") : op(input);
}

/// F::hardtanh(x, F::HardtanhFuncOptions().min_val(-2).max_val(2)).
inline Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options = {}) {
  const auto op = [&options](const Tensor& x) { return xgrad::hardtanh(x, options.min_val(), options.max_val()); };
  return options.inplace() ? detail::overwrite_with(input, op, "hardtanh_") : op(input);
}

/// F::softmax(x, F::SoftmaxFuncOptions(1)).
inline Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options) {
  return xgrad::softmax(input, options.dim(), options.dtype());
}

inline Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options) {
  return xgrad::log_softmax(input, options.dim(), options.dtype());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
