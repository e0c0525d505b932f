#pragma once
// F::dropout and F::dropout2d with libtorch's option structs. Unlike the layers, the functions
// drop by default (DropoutFuncOptions().training() is true). dropout2d drops whole channels of
// [N, C, H, W] (or [C, H, W]) input.
#include <xgrad/functions.h>
#include <xgrad/nn/options/dropout.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
Tensor dropout(Tensor input, double p, bool training, bool inplace);
Tensor dropout2d(Tensor input, double p, bool training, bool inplace);
}  // namespace detail

inline Tensor dropout(Tensor input, const DropoutFuncOptions& options = {}) {
  return detail::dropout(std::move(input), options.p(), options.training(), options.inplace());
}

inline Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options = {}) {
  return detail::dropout2d(std::move(input), options.p(), options.training(), options.inplace());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
