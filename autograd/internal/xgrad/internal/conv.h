#pragma once
// A convolution whose padding is named, not given (nn::functional's kValid and kSame): for
// nn/src/functional.cpp, which passes the padding mode through to the op, where every convolution
// argument is checked (autograd/src/ops/conv.cpp).
#include <string_view>

#include <xgrad/tensor.h>

namespace xgrad {
namespace detail {

/// conv1d (spatial 1) or conv2d (spatial 2) with padding "valid" (none) or "same" (the output as
/// large as the input; stride 1 only), as at::_convolution_mode: "same" pads each spatial dim by
/// d (k - 1) in total, half before and the rest after.
Tensor convolution_mode(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                        std::string_view padding, IntArrayRef dilation, int64_t groups, int spatial);

}  // namespace detail
}  // namespace xgrad
