#pragma once
// Direct convolution kernels for stride 1, dilation 1 and one group: the convolutions of small
// networks (LeNet's 1 -> 6 and 6 -> 16 channels, 5x5), where im2col's columns are 25 to 150 times
// the image and the GEMMs are too small for the BLAS to reach its speed.
//
// Shapes: image x [n, c, h, w], weight [o, c, kh, kw], map y [n, o, oh, ow] with oh = h + 2ph - kh + 1,
// ow = w + 2pw - kw + 1 (ops/conv.cpp has the math). Each image is copied, zero-padded, into a "wide"
// layout of rows Wp = w + 2pw long; an output position (i, j) is then the flat index q = i Wp + j,
// and tap (c, u, v) reads the padded plane at q + u Wp + v for every q at once, so the kernels run
// over q in whole SIMD vectors with no per-row tail (the Wp - ow columns past each row's end are
// computed and dropped). Where that waste is large (rows of 10 in 14) and the output channels fill
// whole vectors, the forward and the weight gradient vectorise over the output channels instead and
// compute valid positions only (channel_forward, channel_weight_grad in the .cpp); whichever computes
// fewer products runs.
#include <cstdint>

namespace xgrad {
namespace detail {

struct DirectConvShape {
  int64_t n, c, h, w;  // image
  int64_t o, kh, kw;   // weight [o, c, kh, kw]
  int64_t ph, pw;      // zero padding
  int64_t oh() const { return h + 2 * ph - kh + 1; }
  int64_t ow() const { return w + 2 * pw - kw + 1; }
};

/// y = conv(x, weight) + bias (bias may be null). Images are split over the threads.
template <typename T>
void direct_conv_forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y);

/// d_weight = sum over the batch of the correlation of each image with its map gradient g [n, o, oh, ow]
/// (overwritten, not accumulated). Images are split over the threads, each summing its own partial,
/// added in a fixed order.
template <typename T>
void direct_conv_weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight);

}  // namespace detail
}  // namespace xgrad
