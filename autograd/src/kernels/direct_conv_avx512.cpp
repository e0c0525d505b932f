// The direct convolution kernels with 64-byte vectors, compiled for AVX-512 (direct_conv.cpp calls
// them only when the CPU has it). The standard headers come first, compiled for the build's own
// target: only the kernels, defined after the pragma, use AVX-512 instructions.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>

#include <omp.h>

#include "direct_conv.h"
#include "parallel.h"

// Every function defined from here on is compiled for AVX-512 (GCC's pragma; clang's own attribute
// region, which ends at the end of the file).
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)
#else
#pragma GCC target("avx512f")
#endif

#include "direct_conv_kernels.h"

namespace xgrad {
namespace detail {
namespace avx512 {

template <typename T>
void forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y) {
  DirectConv<T, 64>::forward(s, x, weight, bias, y);
}
template <typename T>
void weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight, T* d_bias) {
  DirectConv<T, 64>::weight_grad(s, x, g, d_weight, d_bias);
}
template <typename T>
void input_grad(const DirectConvShape& s, const T* g, const T* weight, T* d_x) {
  DirectConv<T, 64>::input_grad(s, g, weight, d_x);
}

#define XGRAD_DIRECT_CONV(T)                                                             \
  template void forward<T>(const DirectConvShape&, const T*, const T*, const T*, T*); \
  template void weight_grad<T>(const DirectConvShape&, const T*, const T*, T*, T*);   \
  template void input_grad<T>(const DirectConvShape&, const T*, const T*, T*);
XGRAD_DIRECT_CONV(float)
XGRAD_DIRECT_CONV(double)
#undef XGRAD_DIRECT_CONV

}  // namespace avx512
}  // namespace detail
}  // namespace xgrad

#if defined(__clang__)
#pragma clang attribute pop
#endif
