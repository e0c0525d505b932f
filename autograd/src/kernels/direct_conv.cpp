// The direct convolution kernels' entry points: AVX-512 where the CPU has it (direct_conv_avx512.cpp,
// unless XGRAD_DISABLE_AVX512 is set), else the 32-byte-vector build of direct_conv_kernels.h. This
// file is compiled for the build's baseline (x86-64: SSE2), where the compiler splits each 32-byte
// vector into two 16-byte ones; with -march=native or -mavx2 they are AVX2 registers.
#include "direct_conv.h"

#include <cstdlib>

#include "direct_conv_kernels.h"

namespace xgrad {
namespace detail {

#if XGRAD_AVX512_KERNELS
namespace avx512 {
// direct_conv_avx512.cpp
template <typename T>
void forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y);
template <typename T>
void weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight, T* d_bias);
template <typename T>
void input_grad(const DirectConvShape& s, const T* g, const T* weight, T* d_x);
}  // namespace avx512
#endif

namespace {

bool use_avx512() {
#if XGRAD_AVX512_KERNELS
  static const bool use = __builtin_cpu_supports("avx512f") && !std::getenv("XGRAD_DISABLE_AVX512");
  return use;
#else
  return false;
#endif
}

template <typename T>
using Vec32 = DirectConv<T, 32>;

}  // namespace

template <typename T>
bool direct_conv_pays(const DirectConvShape& s) {
  const int64_t lanes = (use_avx512() ? 64 : 32) / static_cast<int64_t>(sizeof(T));
  return 2 * s.n >= lanes;
}

template <typename T>
void direct_conv_forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y) {
#if XGRAD_AVX512_KERNELS
  if (use_avx512()) return avx512::forward(s, x, weight, bias, y);
#endif
  Vec32<T>::forward(s, x, weight, bias, y);
}

template <typename T>
void direct_conv_weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight, T* d_bias) {
#if XGRAD_AVX512_KERNELS
  if (use_avx512()) return avx512::weight_grad(s, x, g, d_weight, d_bias);
#endif
  Vec32<T>::weight_grad(s, x, g, d_weight, d_bias);
}

template <typename T>
void direct_conv_input_grad(const DirectConvShape& s, const T* g, const T* weight, T* d_x) {
#if XGRAD_AVX512_KERNELS
  if (use_avx512()) return avx512::input_grad(s, g, weight, d_x);
#endif
  Vec32<T>::input_grad(s, g, weight, d_x);
}

#define XGRAD_DIRECT_CONV(T)                                                                      \
  template bool direct_conv_pays<T>(const DirectConvShape&);                                      \
  template void direct_conv_forward<T>(const DirectConvShape&, const T*, const T*, const T*, T*); \
  template void direct_conv_weight_grad<T>(const DirectConvShape&, const T*, const T*, T*, T*);   \
  template void direct_conv_input_grad<T>(const DirectConvShape&, const T*, const T*, T*);
XGRAD_DIRECT_CONV(float)
XGRAD_DIRECT_CONV(double)
#undef XGRAD_DIRECT_CONV

}  // namespace detail
}  // namespace xgrad
