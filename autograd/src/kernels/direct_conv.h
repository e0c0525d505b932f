#pragma once
// Direct convolution kernels for stride 1, dilation 1 and one group: the convolutions of small
// networks (LeNet's 1 -> 6 and 6 -> 16 channels, 5x5), where the per-image GEMMs of im2col are too
// small for the BLAS to reach its speed.
//
// Shapes: image x [n, c, h, w], weight [o, c, kh, kw], map y [n, o, oh, ow] with oh = h + 2ph - kh + 1,
// ow = w + 2pw - kw + 1 (ops/conv.cpp has the math). The kernels vectorise over the batch: a group of
// L images (L = the SIMD lanes, 16 floats with AVX-512, 8 with AVX2) is copied, zero-padded, into
// planes [c][h + 2ph][w + 2pw][L], so every map position of every tap is one whole vector and no lane
// computes anything that is dropped (but the zero images that fill the batch's last group). The
// image gradient is the same correlation of the map gradient, padded by k - 1 - p, with the weight
// flipped and its channels swapped.
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

/// Whether the batch fills the kernels' image groups well enough (at least half a group; smaller
/// batches are faster as GEMMs).
template <typename T>
bool direct_conv_pays(const DirectConvShape& s);

/// y = conv(x, weight) + bias (bias may be null). Image groups are split over the threads.
template <typename T>
void direct_conv_forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y);

/// d_weight = sum over the batch of the correlation of each image with its map gradient g [n, o, oh, ow]
/// (overwritten, not accumulated). Image groups are split over the threads, each summing its own
/// partial, added in a fixed order. Unless d_bias is null, also d_bias [o] = the sum of g over the
/// batch and the map (rows summed in T, then in double; the same whatever the number of threads).
template <typename T>
void direct_conv_weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight, T* d_bias);

/// d_x = conv^T(g, weight), the image gradient for the map gradient g (overwritten).
template <typename T>
void direct_conv_input_grad(const DirectConvShape& s, const T* g, const T* weight, T* d_x);

}  // namespace detail
}  // namespace xgrad
