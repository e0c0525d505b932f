#pragma once
// F::conv1d, F::conv2d, F::conv_transpose2d with libtorch's option structs:
// F::conv2d(x, w, F::Conv2dFuncOptions().stride(2).padding(1)).
// Inputs may be batched [N, C, *] or unbatched [C, *] (the output then has no batch dim either).
// padding kSame with an even effective kernel pads one more element after than before, as PyTorch.
#include <xgrad/functions.h>
#include <xgrad/nn/options/conv.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              const nn::detail::conv_padding_t<1>& padding, IntArrayRef dilation, int64_t groups);
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              const nn::detail::conv_padding_t<2>& padding, IntArrayRef dilation, int64_t groups);
}  // namespace detail

inline Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options = {}) {
  return detail::conv1d(input, weight, options.bias(), options.stride(), options.padding(), options.dilation(),
                        options.groups());
}

inline Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {}) {
  return detail::conv2d(input, weight, options.bias(), options.stride(), options.padding(), options.dilation(),
                        options.groups());
}

inline Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                               const ConvTranspose2dFuncOptions& options = {}) {
  return xgrad::conv_transpose2d(input, weight, options.bias(), options.stride(), options.padding(),
                                 options.output_padding(), options.groups(), options.dilation());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
