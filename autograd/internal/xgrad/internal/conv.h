#pragma once
// A convolution with padding='same' (nn::functional's kSame): for nn/src/functional.cpp, which
// passes it to the op, where every convolution argument is checked (autograd/src/ops/conv.cpp).
#include <xgrad/tensor.h>

namespace xgrad {
namespace detail {

/// conv1d (spatial 1) or conv2d (spatial 2) with padding='same' (the output as large as the input;
/// stride 1 only), as at::_convolution_mode: each spatial dim is padded by d (k - 1) in total, half
/// before and the rest after.
Tensor conv_padding_same(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                         IntArrayRef dilation, int64_t groups, int spatial);

}  // namespace detail
}  // namespace xgrad
