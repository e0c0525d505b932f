#pragma once
// F::batch_norm(input, running_mean, running_var, options): normalises [N, C, *] per channel, by
// the batch statistics when training (updating the running ones, if given, in place with
// momentum), by the running statistics otherwise.
#include <optional>

#include <xgrad/functions.h>
#include <xgrad/nn/options/batchnorm.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                  const Tensor& bias, bool training, std::optional<double> momentum, double eps);
}  // namespace detail

inline Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                         const BatchNormFuncOptions& options = {}) {
  return detail::batch_norm(input, running_mean, running_var, options.weight(), options.bias(), options.training(),
                            options.momentum(), options.eps());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
