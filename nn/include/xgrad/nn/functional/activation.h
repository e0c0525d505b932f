#pragma once
// F::relu, F::leaky_relu, F::softmax, F::log_softmax with libtorch's option structs.
// (libtorch's nn::functional has no sigmoid or tanh: those are xgrad::sigmoid / xgrad::tanh.)
#include <xgrad/functions.h>
#include <xgrad/nn/options/activation.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
/// input := leaky_relu(input), recorded so that gradients flow as for the out-of-place op.
Tensor leaky_relu_inplace(Tensor& input, double negative_slope);
}  // namespace detail

/// F::relu(x) or, overwriting x, F::relu(x, F::ReLUFuncOptions().inplace(true)).
inline Tensor relu(Tensor input, const ReLUFuncOptions& options = {}) {
  return options.inplace() ? input.relu_() : xgrad::relu(input);
}

inline Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {}) {
  return options.inplace() ? detail::leaky_relu_inplace(input, options.negative_slope())
                           : xgrad::leaky_relu(input, options.negative_slope());
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
