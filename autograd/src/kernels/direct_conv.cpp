// Direct convolution kernels (direct_conv.h has the layout). The inner blocks keep their running sums in
// SIMD registers: forward holds OB output channels x NB vectors of q, the weight gradient OB output
// channels x KB taps, sized for 16 AVX2 registers. This file is compiled with -ffp-contract=fast so
// that `acc += a * b` becomes one fused multiply-add.
#include "direct_conv.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "parallel.h"

namespace xgrad {
namespace detail {
namespace {

constexpr int kVectorBytes = 32;

template <typename T>
struct Simd {
  typedef T Vec __attribute__((vector_size(kVectorBytes)));
  static constexpr int64_t kLanes = kVectorBytes / sizeof(T);
};
template <typename T>
using Vec = typename Simd<T>::Vec;

template <typename T>
inline Vec<T> load(const T* p) {
  Vec<T> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
inline void store(T* p, const Vec<T>& v) {
  std::memcpy(p, &v, sizeof v);
}

/// Every lane set to s: s - 0 is exactly s (also for -0.0), which GCC compiles to one broadcast
/// (s + 0 would need an add: -0.0 + 0.0 is +0.0; a loop over the lanes compiles to lane inserts).
template <typename T>
inline Vec<T> splat(T s) {
  return s - Vec<T>{};
}

template <typename T>
inline T lane_sum(const Vec<T>& v) {
  T s = 0;
  for (int64_t l = 0; l < Simd<T>::kLanes; ++l) s += v[l];
  return s;
}

inline int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// Zero-initialised scratch (the padding must read as 0).
template <typename T>
std::unique_ptr<T[]> zeroed(int64_t size) {
  return std::unique_ptr<T[]>(new T[static_cast<size_t>(std::max<int64_t>(size, 1))]());
}

/// The wide layout of one image and its map: padded planes of `plane` elements (rows Wp long), map
/// indices q in [0, q_padded), and the offset of each tap r = (c kh + u) kw + v, padded to a multiple
/// of `tap_block` with taps that read offset 0 (their results are dropped).
struct WideLayout {
  int64_t wp, q, q_padded, plane, taps;
  std::vector<int64_t> offsets;
  WideLayout(const DirectConvShape& s, int64_t q_block, int64_t tap_block, int64_t slack = 0) {
    wp = s.w + 2 * s.pw;
    q = s.oh() * wp;
    q_padded = round_up(q, q_block);
    // The last q reads up to q_padded + slack - 1 + (kh - 1) wp + kw - 1.
    plane = std::max((s.h + 2 * s.ph) * wp, q_padded + slack + (s.kh - 1) * wp + s.kw);
    taps = s.c * s.kh * s.kw;
    offsets.assign(static_cast<size_t>(round_up(taps, tap_block)), 0);
    for (int64_t c = 0; c < s.c; ++c)
      for (int64_t u = 0; u < s.kh; ++u)
        for (int64_t v = 0; v < s.kw; ++v) offsets[static_cast<size_t>((c * s.kh + u) * s.kw + v)] = c * plane + u * wp + v;
  }
};

/// One image x [c, h, w] into its padded planes (whose padding is already zero and stays so).
template <typename T>
void pad_image(const DirectConvShape& s, const WideLayout& lay, const T* x, T* planes) {
  for (int64_t c = 0; c < s.c; ++c)
    for (int64_t i = 0; i < s.h; ++i) {
      const T* src = x + (c * s.h + i) * s.w;
      std::copy(src, src + s.w, planes + c * lay.plane + (i + s.ph) * lay.wp + s.pw);
    }
}

/// out[o][q .. q + NB lanes) = sum over taps r of weight[o][r] * planes[offsets[r] + q ..], for OB channels.
template <typename T, int OB, int NB>
inline void forward_block(const T* planes, const int64_t* offsets, int64_t taps, const T* weight, T* out,
                          int64_t out_stride, int64_t q) {
  constexpr int64_t L = Simd<T>::kLanes;
  Vec<T> acc[OB][NB] = {};
  for (int64_t r = 0; r < taps; ++r) {
    const T* x = planes + offsets[r] + q;
    Vec<T> xv[NB];
    for (int b = 0; b < NB; ++b) xv[b] = load(x + b * L);
    for (int o = 0; o < OB; ++o) {
      const Vec<T> wv = splat<T>(weight[o * taps + r]);
      for (int b = 0; b < NB; ++b) acc[o][b] += wv * xv[b];
    }
  }
  for (int o = 0; o < OB; ++o)
    for (int b = 0; b < NB; ++b) store<T>(out + o * out_stride + q + b * L, acc[o][b]);
}

template <typename T, int OB>
void forward_impl(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y) {
  constexpr int NB = 2;
  const WideLayout lay(s, NB * Simd<T>::kLanes, 1);
  const int64_t taps = lay.taps, o_padded = round_up(s.o, OB), oh = s.oh(), ow = s.ow();
  // The weight with zero rows up to a whole number of channel blocks.
  const auto w = zeroed<T>(o_padded * taps);
  std::copy(weight, weight + s.o * taps, w.get());
  parallel_for(s.n, 1, [&](int64_t first, int64_t last) {
    const auto planes = zeroed<T>(s.c * lay.plane);
    const auto out = zeroed<T>(o_padded * lay.q_padded);
    for (int64_t n = first; n < last; ++n) {
      pad_image(s, lay, x + n * s.c * s.h * s.w, planes.get());
      for (int64_t o = 0; o < o_padded; o += OB)
        for (int64_t q = 0; q < lay.q_padded; q += NB * Simd<T>::kLanes)
          forward_block<T, OB, NB>(planes.get(), lay.offsets.data(), taps, w.get() + o * taps,
                                   out.get() + o * lay.q_padded, lay.q_padded, q);
      T* yn = y + n * s.o * oh * ow;
      for (int64_t o = 0; o < s.o; ++o) {
        const T b = bias ? bias[o] : T(0);
        for (int64_t i = 0; i < oh; ++i) {
          const T* src = out.get() + o * lay.q_padded + i * lay.wp;
          T* dst = yn + (o * oh + i) * ow;
          for (int64_t j = 0; j < ow; ++j) dst[j] = src[j] + b;
        }
      }
    }
  });
}

/// The same convolution vectorised over the output channels instead of q, for maps whose rows are
/// much shorter than the padded rows (LeNet's second conv: 10 of 14), where the wide kernel computes
/// the difference too: P positions of one row x OV vectors of channels, each tap loading OV vectors
/// of weight_t [taps][o] and broadcasting P image values.
template <typename T, int P, int OV>
inline void channel_block(const T* planes, const int64_t* offsets, int64_t taps, const T* weight_t, int64_t o_stride,
                          int64_t q, T* out /* [P][OV lanes] */) {
  constexpr int64_t L = Simd<T>::kLanes;
  Vec<T> acc[P][OV] = {};
  for (int64_t r = 0; r < taps; ++r) {
    Vec<T> wv[OV];
    for (int v = 0; v < OV; ++v) wv[v] = load(weight_t + r * o_stride + v * L);
    const T* x = planes + offsets[r] + q;
    for (int p = 0; p < P; ++p) {
      const Vec<T> xv = splat<T>(x[p]);
      for (int v = 0; v < OV; ++v) acc[p][v] += xv * wv[v];
    }
  }
  for (int p = 0; p < P; ++p)
    for (int v = 0; v < OV; ++v) store<T>(out + (p * OV + v) * L, acc[p][v]);
}

constexpr int kChannelPositions = 5, kChannelVectors = 2;

/// Whether channel_forward applies (whole channel blocks) and computes fewer products than forward_impl.
template <typename T>
bool channel_forward_pays(const DirectConvShape& s, int64_t wide_block) {
  const int64_t block = kChannelVectors * Simd<T>::kLanes;
  if (s.o % block != 0) return false;
  const int64_t wide = round_up(s.o, wide_block) * round_up(s.oh() * (s.w + 2 * s.pw), 2 * Simd<T>::kLanes);
  return s.o * s.oh() * round_up(s.ow(), kChannelPositions) < wide;
}

template <typename T>
void channel_forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y) {
  constexpr int P = kChannelPositions, OV = kChannelVectors;
  constexpr int64_t block = OV * Simd<T>::kLanes;
  // A row's last block may run up to P - 1 positions past the padded row: slack for the last row.
  const WideLayout lay(s, 1, 1, P);
  const int64_t taps = lay.taps, oh = s.oh(), ow = s.ow();
  std::vector<T> weight_t(static_cast<size_t>(taps * s.o));  // [taps][o]
  for (int64_t o = 0; o < s.o; ++o)
    for (int64_t r = 0; r < taps; ++r) weight_t[static_cast<size_t>(r * s.o + o)] = weight[o * taps + r];
  parallel_for(s.n, 1, [&](int64_t first, int64_t last) {
    const auto planes = zeroed<T>(s.c * lay.plane);
    alignas(64) T out[P * block];
    for (int64_t n = first; n < last; ++n) {
      pad_image(s, lay, x + n * s.c * s.h * s.w, planes.get());
      T* yn = y + n * s.o * oh * ow;
      for (int64_t o = 0; o < s.o; o += block)
        for (int64_t i = 0; i < oh; ++i)
          for (int64_t j = 0; j < ow; j += P) {
            channel_block<T, P, OV>(planes.get(), lay.offsets.data(), taps, weight_t.data() + o, s.o, i * lay.wp + j,
                                    out);
            const int64_t valid = std::min<int64_t>(P, ow - j);
            for (int64_t k = 0; k < block; ++k) {
              const T b = bias ? bias[o + k] : T(0);
              T* dst = yn + ((o + k) * oh + i) * ow + j;
              for (int64_t p = 0; p < valid; ++p) dst[p] = out[p * block + k] + b;
            }
          }
    }
  });
}

/// sums[o][r] += g[o][q] * planes[offsets[r] + q] summed over the vectors q, lane by lane, for OB
/// channels and KB taps (the lanes are added once per thread, at the end: a map has few vectors).
template <typename T, int OB, int KB>
inline void weight_grad_block(const T* planes, const int64_t* offsets, const T* g, int64_t g_stride, int64_t q_end,
                              Vec<T>* sums, int64_t sums_stride) {
  constexpr int64_t L = Simd<T>::kLanes;
  Vec<T> acc[OB][KB];
  for (int o = 0; o < OB; ++o)
    for (int r = 0; r < KB; ++r) acc[o][r] = sums[o * sums_stride + r];
  for (int64_t q = 0; q < q_end; q += L) {
    Vec<T> gv[OB];
    for (int o = 0; o < OB; ++o) gv[o] = load(g + o * g_stride + q);
    for (int r = 0; r < KB; ++r) {
      const Vec<T> xv = load(planes + offsets[r] + q);
      for (int o = 0; o < OB; ++o) acc[o][r] += gv[o] * xv;
    }
  }
  for (int o = 0; o < OB; ++o)
    for (int r = 0; r < KB; ++r) sums[o * sums_stride + r] = acc[o][r];
}

template <typename T, int OB>
void wide_weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight) {
  constexpr int KB = 2;
  constexpr int64_t L = Simd<T>::kLanes;
  const WideLayout lay(s, L, KB);
  const int64_t o_padded = round_up(s.o, OB), taps_padded = static_cast<int64_t>(lay.offsets.size());
  const int64_t oh = s.oh(), ow = s.ow(), partial_size = o_padded * taps_padded;
  const int64_t chunks = parallel_chunks(s.n, 1);
  // Each chunk's sums, one vector per (o, r) (C++17's new aligns them).
  const std::unique_ptr<Vec<T>[]> partials(new Vec<T>[static_cast<size_t>(chunks * partial_size)]());
  parallel_for_chunks(s.n, 1, [&](int64_t chunk, int64_t first, int64_t last) {
    const auto planes = zeroed<T>(s.c * lay.plane);
    // g in the wide layout: zero past each row's end and past the map, and in the padding channels.
    const auto gw = zeroed<T>(o_padded * lay.q_padded);
    Vec<T>* sums = partials.get() + chunk * partial_size;
    for (int64_t n = first; n < last; ++n) {
      pad_image(s, lay, x + n * s.c * s.h * s.w, planes.get());
      const T* gn = g + n * s.o * oh * ow;
      for (int64_t o = 0; o < s.o; ++o)
        for (int64_t i = 0; i < oh; ++i)
          std::copy(gn + (o * oh + i) * ow, gn + (o * oh + i + 1) * ow, gw.get() + o * lay.q_padded + i * lay.wp);
      for (int64_t o = 0; o < o_padded; o += OB)
        for (int64_t r = 0; r < taps_padded; r += KB)
          weight_grad_block<T, OB, KB>(planes.get(), lay.offsets.data() + r, gw.get() + o * lay.q_padded,
                                       lay.q_padded, lay.q_padded, sums + o * taps_padded + r, taps_padded);
    }
  });
  for (int64_t o = 0; o < s.o; ++o)
    for (int64_t r = 0; r < lay.taps; ++r) {
      T sum = 0;
      for (int64_t chunk = 0; chunk < chunks; ++chunk)
        sum += lane_sum<T>(partials[chunk * partial_size + o * taps_padded + r]);
      d_weight[o * lay.taps + r] = sum;
    }
}

/// sums[r][v] += planes[offsets[r] + q] * g_t[q][v lanes] over the valid positions q, for R taps and
/// OV vectors of output channels (the channel-vectorised weight gradient; g_t is [oh ow][o]).
template <typename T, int R, int OV>
inline void channel_weight_grad_block(const T* planes, const int64_t* offsets, const T* g_t, int64_t o_stride,
                                      int64_t oh, int64_t ow, int64_t wp, Vec<T>* sums, int64_t sums_stride) {
  constexpr int64_t L = Simd<T>::kLanes;
  Vec<T> acc[R][OV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < OV; ++v) acc[r][v] = sums[r * sums_stride + v];
  for (int64_t i = 0; i < oh; ++i)
    for (int64_t j = 0; j < ow; ++j) {
      const T* gq = g_t + (i * ow + j) * o_stride;
      Vec<T> gv[OV];
      for (int v = 0; v < OV; ++v) gv[v] = load(gq + v * L);
      const int64_t q = i * wp + j;
      for (int r = 0; r < R; ++r) {
        const Vec<T> xv = splat<T>(planes[offsets[r] + q]);
        for (int v = 0; v < OV; ++v) acc[r][v] += xv * gv[v];
      }
    }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < OV; ++v) sums[r * sums_stride + v] = acc[r][v];
}

constexpr int kChannelTaps = 5;

/// Whether channel_weight_grad applies (whole channel blocks) and computes fewer products than wide_weight_grad.
template <typename T>
bool channel_weight_grad_pays(const DirectConvShape& s) {
  if (s.o % (kChannelVectors * Simd<T>::kLanes) != 0) return false;
  return s.o * s.oh() * s.ow() < round_up(s.o, 4) * round_up(s.oh() * (s.w + 2 * s.pw), Simd<T>::kLanes);
}

template <typename T>
void channel_weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight) {
  constexpr int R = kChannelTaps, OV = kChannelVectors;
  constexpr int64_t L = Simd<T>::kLanes, block = OV * L;
  const WideLayout lay(s, 1, R);
  const int64_t taps_padded = static_cast<int64_t>(lay.offsets.size()), oh = s.oh(), ow = s.ow();
  const int64_t vectors = s.o / L, partial_size = taps_padded * vectors;  // sums [taps_padded][o / L]
  const int64_t chunks = parallel_chunks(s.n, 1);
  const std::unique_ptr<Vec<T>[]> partials(new Vec<T>[static_cast<size_t>(chunks * partial_size)]());
  parallel_for_chunks(s.n, 1, [&](int64_t chunk, int64_t first, int64_t last) {
    const auto planes = zeroed<T>(s.c * lay.plane);
    std::vector<T> g_t(static_cast<size_t>(oh * ow * s.o));
    Vec<T>* sums = partials.get() + chunk * partial_size;
    for (int64_t n = first; n < last; ++n) {
      pad_image(s, lay, x + n * s.c * s.h * s.w, planes.get());
      const T* gn = g + n * s.o * oh * ow;
      for (int64_t o = 0; o < s.o; ++o)
        for (int64_t q = 0; q < oh * ow; ++q) g_t[static_cast<size_t>(q * s.o + o)] = gn[o * oh * ow + q];
      for (int64_t o = 0; o < s.o; o += block)
        for (int64_t r = 0; r < taps_padded; r += R)
          channel_weight_grad_block<T, R, OV>(planes.get(), lay.offsets.data() + r, g_t.data() + o, s.o, oh, ow,
                                              lay.wp, sums + r * vectors + o / L, vectors);
    }
  });
  for (int64_t o = 0; o < s.o; ++o)
    for (int64_t r = 0; r < lay.taps; ++r) {
      T sum = 0;
      for (int64_t chunk = 0; chunk < chunks; ++chunk) sum += partials[chunk * partial_size + r * vectors + o / L][o % L];
      d_weight[o * lay.taps + r] = sum;
    }
}

}  // namespace

template <typename T>
void direct_conv_forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y) {
  // Six channels per block when that wastes no more padding than four (LeNet's first conv has six).
  const int block = round_up(s.o, 6) <= round_up(s.o, 4) ? 6 : 4;
  if (channel_forward_pays<T>(s, block))
    channel_forward(s, x, weight, bias, y);
  else if (block == 6)
    forward_impl<T, 6>(s, x, weight, bias, y);
  else
    forward_impl<T, 4>(s, x, weight, bias, y);
}

template <typename T>
void direct_conv_weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight) {
  if (channel_weight_grad_pays<T>(s))
    channel_weight_grad(s, x, g, d_weight);
  else if (round_up(s.o, 6) <= round_up(s.o, 4))  // six channels: g is read from memory by the FMAs
    wide_weight_grad<T, 6>(s, x, g, d_weight);
  else
    wide_weight_grad<T, 4>(s, x, g, d_weight);
}

template void direct_conv_forward<float>(const DirectConvShape&, const float*, const float*, const float*, float*);
template void direct_conv_forward<double>(const DirectConvShape&, const double*, const double*, const double*,
                                          double*);
template void direct_conv_weight_grad<float>(const DirectConvShape&, const float*, const float*, float*);
template void direct_conv_weight_grad<double>(const DirectConvShape&, const double*, const double*, double*);

}  // namespace detail
}  // namespace xgrad
