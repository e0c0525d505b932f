#pragma once
// The direct convolution kernels (direct_conv.h has the layout), for one vector width: included by
// direct_conv.cpp (32-byte vectors, compiled for the build's baseline) and direct_conv_avx512.cpp
// (64-byte vectors, compiled for AVX-512), each getting its own copy (an unnamed namespace), compiled
// for its own instruction set. The inner blocks keep their running sums in SIMD registers, sized for
// 16 (AVX2's count) or 32 (AVX-512) registers; both files are compiled with -ffp-contract=fast so that `acc += a * b` is one fused
// multiply-add.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>

#include "direct_conv.h"
#include "parallel.h"

namespace xgrad {
namespace detail {
namespace {

template <int N>
using Int = std::integral_constant<int, N>;

/// The register blocks, chosen by the number of output channels (the first block whose channels
/// divide them, so that no zero channels are computed). forward(co, f) calls f(OB, P): OB channels
/// x P positions of sums + OB weights + 1 image vector; weight_grad(co, f) calls f(OB, KB): OB
/// channels x KB taps of sums + KB image vectors + 1 gradient vector; both within the registers.
template <int Bytes>
struct Blocks;
template <>
struct Blocks<32> {  // 16 registers
  template <typename F>
  static void forward(int64_t co, const F& f) {
    if (co % 3 != 0 && co % 2 == 0) return f(Int<2>{}, Int<6>{});
    f(Int<3>{}, Int<4>{});
  }
  template <typename F>
  static void weight_grad(int64_t co, const F& f) {
    if (co % 3 != 0 && co % 2 == 0) return f(Int<2>{}, Int<5>{});
    f(Int<3>{}, Int<3>{});
  }
};
template <>
struct Blocks<64> {  // 32 registers
  template <typename F>
  static void forward(int64_t co, const F& f) {
    if (co % 4 != 0) {
      if (co % 6 == 0) return f(Int<6>{}, Int<4>{});
      if (co % 5 == 0) return f(Int<5>{}, Int<4>{});
      if (co % 3 == 0) return f(Int<3>{}, Int<7>{});
    }
    f(Int<4>{}, Int<6>{});
  }
  template <typename F>
  static void weight_grad(int64_t co, const F& f) {
    if (co % 4 != 0) {
      if (co % 5 == 0) return f(Int<5>{}, Int<5>{});
      if (co % 3 == 0) return f(Int<3>{}, Int<7>{});
    }
    f(Int<4>{}, Int<5>{});
  }
};

inline int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

template <typename T, int Bytes>
struct Simd {
  typedef T Vec __attribute__((vector_size(Bytes)));
};

template <typename T, int Bytes>
struct DirectConv {
  // (Through Simd: GCC drops the vector attribute of a member typedef used as a template argument.)
  using Vec = typename Simd<T, Bytes>::Vec;
  static constexpr int64_t L = Bytes / sizeof(T);

  static Vec load(const T* p) {
    Vec v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(T* p, const Vec& v) { std::memcpy(p, &v, sizeof v); }
  /// Every lane set to s: s - 0 is exactly s (also for -0.0) and compiles to one broadcast.
  static Vec splat(T s) { return s - Vec{}; }

  /// A thread's scratch buffer, kept from call to call (freshly allocated buffers of a few hundred
  /// KB cost a page fault per 4 KB every step), aligned for the vectors (C++17's new aligns
  /// over-aligned types); `zero` clears its first `elements`.
  template <int Slot>
  static T* scratch(int64_t elements, bool zero = true) {
    thread_local std::unique_ptr<Vec[]> data;
    thread_local int64_t capacity = 0;
    const int64_t vectors = elements / L + 1;
    if (vectors > capacity) {
      data.reset(new Vec[static_cast<size_t>(vectors)]);
      capacity = vectors;
    }
    T* p = reinterpret_cast<T*>(data.get());
    if (zero) std::fill(p, p + elements, T(0));
    return p;
  }

  /// Round S of transpose: the new rows r and r + S (bit S of r clear) take lane I from lane
  /// (I & S ? L + I - S : I), resp. (I & S ? L + I : I + S), of the pair (a, b) = (row r, row r + S).
  /// (__builtin_shufflevector, with constant lane indices, is understood by both GCC 12 and clang.)
  template <int64_t S, size_t... I>
  static void transpose_round(Vec* v, std::index_sequence<I...>) {
#pragma GCC unroll 16
    for (int64_t r = 0; r < L; ++r)
      if (!(r & S)) {
        const Vec a = v[r], b = v[r + S];
        v[r] = __builtin_shufflevector(a, b, static_cast<int>(I & S ? L + I - S : I)...);
        v[r + S] = __builtin_shufflevector(a, b, static_cast<int>(I & S ? L + I : I + S)...);
      }
  }

  /// v[r][i] becomes v[i][r] for the L x L block of L vectors: round S (1, 2, 4, ...) swaps the
  /// off-diagonal S x S blocks of every 2S x 2S block, moving bit S of the row into the column.
  template <int64_t S = 1>
  static void transpose(Vec* v) {
    if constexpr (S < L) {
      transpose_round<S>(v, std::make_index_sequence<L>{});
      transpose<2 * S>(v);
    }
  }

  /// dst[q L + l] = src[l stride + q] for q < n: the runs of `count` images into vectors (lanes past
  /// count are zero), L positions at a time through transpose.
  static void interleave(const T* src, int64_t stride, int64_t count, int64_t n, T* dst) {
    int64_t q = 0;
    for (; q + L <= n; q += L) {
      Vec v[L] = {};
      for (int64_t l = 0; l < count; ++l) v[l] = load(src + l * stride + q);
      transpose(v);
      for (int64_t r = 0; r < L; ++r) store(dst + (q + r) * L, v[r]);
    }
    for (; q < n; ++q)
      for (int64_t l = 0; l < count; ++l) dst[q * L + l] = src[l * stride + q];
  }

  /// dst[l stride + q] = src[q L + l] + b for q < n and the first `count` lanes: interleave's inverse.
  static void deinterleave(const T* src, int64_t n, int64_t count, T b, T* dst, int64_t stride) {
    int64_t q = 0;
    for (; q + L <= n; q += L) {
      Vec v[L];
      for (int64_t r = 0; r < L; ++r) v[r] = load(src + (q + r) * L);
      transpose(v);
      for (int64_t l = 0; l < count; ++l) store(dst + l * stride + q, v[l] + b);
    }
    for (; q < n; ++q)
      for (int64_t l = 0; l < count; ++l) dst[l * stride + q] = src[q * L + l] + b;
  }

  /// Packed planes [ch][hp][wp][L] of a group of images: lane l is image `first + l` of src [n, ch, h, w]
  /// placed at row + ph, column + pw (a negative padding crops). The padding and the lanes past
  /// `count` read as zero: the buffer starts zeroed, and a partial group clears it first.
  struct Planes {
    int64_t ch, h, w, ph, pw, hp, wp;
    Planes(int64_t ch_, int64_t h_, int64_t w_, int64_t ph_, int64_t pw_)
        : ch(ch_), h(h_), w(w_), ph(ph_), pw(pw_), hp(h_ + 2 * ph_), wp(w_ + 2 * pw_) {}
    int64_t size() const { return ch * hp * wp * L; }
    void pack(const T* src, int64_t first, int64_t count, T* dst) const {
      if (count < L) std::fill(dst, dst + size(), T(0));
      const int64_t i0 = std::max<int64_t>(0, -ph), i1 = std::min(h, hp - ph);
      const int64_t j0 = std::max<int64_t>(0, -pw), j1 = std::min(w, wp - pw);
      // Without column padding the rows are one run in both layouts.
      const bool one_run = pw == 0;
      for (int64_t c = 0; c < ch; ++c)
        for (int64_t i = i0; i < i1; i = one_run ? i1 : i + 1) {
          const T* s = src + ((first * ch + c) * h + i) * w + j0;
          T* d = dst + ((c * hp + i + ph) * wp + j0 + pw) * L;
          interleave(s, ch * h * w, count, one_run ? (i1 - i) * w : j1 - j0, d);
        }
    }
  };

  /// The correlation of packed planes `in` with a weight [co][ci][kh][kw]: out [co][oh][ow][L].
  struct Correlation {
    const Planes& in;
    int64_t co, kh, kw, oh, ow, taps;
    Correlation(const Planes& in_, int64_t co_, int64_t kh_, int64_t kw_)
        : in(in_), co(co_), kh(kh_), kw(kw_), oh(in_.hp - kh_ + 1), ow(in_.wp - kw_ + 1), taps(in_.ch * kh_ * kw_) {}
  };

  /// out[o][i][j + p] for OB output channels and P positions of one row: x points at the packed
  /// planes' (0, i, j), w at the weight rows of the OB channels, out at (o, i, j) of the output.
  template <int OB, int P>
  static void forward_block(const Correlation& k, const T* x, const T* w, T* out) {
    Vec acc[OB][P] = {};
    for (int64_t c = 0; c < k.in.ch; ++c)
      for (int64_t u = 0; u < k.kh; ++u) {
        const T* row = x + (c * k.in.hp + u) * k.in.wp * L;
        const T* wr = w + (c * k.kh + u) * k.kw;
        for (int64_t v = 0; v < k.kw; ++v) {
          Vec wv[OB];
          for (int o = 0; o < OB; ++o) wv[o] = splat(wr[o * k.taps + v]);
          for (int p = 0; p < P; ++p) {
            const Vec xv = load(row + (p + v) * L);
            for (int o = 0; o < OB; ++o) acc[o][p] += wv[o] * xv;
          }
        }
      }
    for (int o = 0; o < OB; ++o)
      for (int p = 0; p < P; ++p) store(out + (o * k.oh * k.ow + p) * L, acc[o][p]);
  }

  /// A row's last `rest` (< P) positions.
  template <int OB, int P>
  static void forward_tail(int64_t rest, const Correlation& k, const T* x, const T* w, T* out) {
    if constexpr (P > 0) {
      if (rest == P) return forward_block<OB, P>(k, x, w, out);
      forward_tail<OB, P - 1>(rest, k, x, w, out);
    }
  }

  /// out [co rounded up to OB][oh][ow][L] from packed planes x and a weight w padded with zero channels.
  template <int OB, int P>
  static void correlate(const Correlation& k, const T* x, const T* w, T* out) {
    for (int64_t o = 0; o < k.co; o += OB)
      for (int64_t i = 0; i < k.oh; ++i) {
        const T* xi = x + i * k.in.wp * L;
        const T* wo = w + o * k.taps;
        T* oi = out + (o * k.oh + i) * k.ow * L;
        int64_t j = 0;
        for (; j + P <= k.ow; j += P) forward_block<OB, P>(k, xi + j * L, wo, oi + j * L);
        if (j < k.ow) forward_tail<OB, P - 1>(k.ow - j, k, xi + j * L, wo, oi + j * L);
      }
  }

  /// dst [n, co, oh, ow] = correlation of src [n, ci, h, w] (zero-padded by ph, pw) with weight
  /// [co, ci, kh, kw], plus bias [co] if given.
  static void correlate_batch(int64_t n, const T* src, const Planes& in, const T* weight, int64_t co, int64_t kh,
                              int64_t kw, const T* bias, T* dst) {
    Blocks<Bytes>::forward(co, [&](auto out_block, auto positions) {
      constexpr int OB = decltype(out_block)::value, P = decltype(positions)::value;
      const Correlation k(in, co, kh, kw);
      const int64_t co_padded = round_up(co, OB), plane = k.oh * k.ow;
      // The weight with zero channels up to a whole number of blocks.
      const std::unique_ptr<T[]> w(new T[static_cast<size_t>(co_padded * k.taps)]());
      std::copy(weight, weight + co * k.taps, w.get());
      parallel_for((n + L - 1) / L, 1, [&](int64_t first, int64_t last) {
        T* x = scratch<0>(in.size());
        T* out = scratch<1>(co_padded * plane * L, false);  // fully written by correlate
        for (int64_t group = first; group < last; ++group) {
          const int64_t n0 = group * L, count = std::min(L, n - n0);
          in.pack(src, n0, count, x);
          correlate<OB, P>(k, x, w.get(), out);
          for (int64_t o = 0; o < co; ++o)
            deinterleave(out + o * plane * L, plane, count, bias ? bias[o] : T(0), dst + (n0 * co + o) * plane,
                         co * plane);
        }
      });
    });
  }

  static void forward(const DirectConvShape& s, const T* x, const T* weight, const T* bias, T* y) {
    correlate_batch(s.n, x, Planes(s.c, s.h, s.w, s.ph, s.pw), weight, s.o, s.kh, s.kw, bias, y);
  }

  static void input_grad(const DirectConvShape& s, const T* g, const T* weight, T* d_x) {
    // d_x[c, i, j] = sum over o, u, v of w[o, c, u, v] g[o, i + ph - u, j + pw - v]: the correlation of
    // g padded by k - 1 - p with flipped[c, o, u, v] = w[o, c, kh - 1 - u, kw - 1 - v].
    const int64_t area = s.kh * s.kw;
    const std::unique_ptr<T[]> flipped(new T[static_cast<size_t>(s.c * s.o * area)]);
    for (int64_t o = 0; o < s.o; ++o)
      for (int64_t c = 0; c < s.c; ++c)
        for (int64_t t = 0; t < area; ++t) flipped[(c * s.o + o) * area + t] = weight[(o * s.c + c) * area + area - 1 - t];
    const Planes in(s.o, s.oh(), s.ow(), s.kh - 1 - s.ph, s.kw - 1 - s.pw);
    correlate_batch(s.n, g, in, flipped.get(), s.c, s.kh, s.kw, nullptr, d_x);
  }

  /// sums[o][v] += g[o][i][j] * x[(i, j + v)] over the map positions, for OB channels and KB taps
  /// (consecutive v of one (c, u)): x points at the packed image's (c, u, v0), g at the packed map
  /// gradient's channel o0, sums at (o0, tap) with rows `taps` vectors apart.
  template <int OB, int KB>
  static void weight_grad_block(const Correlation& k, const T* x, const T* g, Vec* sums) {
    Vec acc[OB][KB];
    for (int o = 0; o < OB; ++o)
      for (int t = 0; t < KB; ++t) acc[o][t] = sums[o * k.taps + t];
    const int64_t plane = k.oh * k.ow;
    for (int64_t i = 0; i < k.oh; ++i)
      for (int64_t j = 0; j < k.ow; ++j) {
        const T* xq = x + (i * k.in.wp + j) * L;
        const T* gq = g + (i * k.ow + j) * L;
        Vec xv[KB];
        for (int t = 0; t < KB; ++t) xv[t] = load(xq + t * L);
        for (int o = 0; o < OB; ++o) {
          const Vec gv = load(gq + o * plane * L);
          for (int t = 0; t < KB; ++t) acc[o][t] += gv * xv[t];
        }
      }
    for (int o = 0; o < OB; ++o)
      for (int t = 0; t < KB; ++t) sums[o * k.taps + t] = acc[o][t];
  }

  template <int OB, int KB>
  static void weight_grad_tail(int64_t rest, const Correlation& k, const T* x, const T* g, Vec* sums) {
    if constexpr (KB > 0) {
      if (rest == KB) return weight_grad_block<OB, KB>(k, x, g, sums);
      weight_grad_tail<OB, KB - 1>(rest, k, x, g, sums);
    }
  }

  /// The sum of one packed map plane [oh][ow][L] over positions and lanes: each row summed in T's
  /// vectors (two running sums, so that the adds overlap), the rows added lane by lane in double.
  static double plane_sum(const T* plane, int64_t oh, int64_t ow) {
    double lanes[L] = {};
    for (int64_t i = 0; i < oh; ++i) {
      const T* row = plane + i * ow * L;
      Vec even = splat(T(0)), odd = splat(T(0));
      int64_t j = 0;
      for (; j + 2 <= ow; j += 2) {
        even += load(row + j * L);
        odd += load(row + (j + 1) * L);
      }
      if (j < ow) even += load(row + j * L);
      const Vec r = even + odd;
      for (int64_t l = 0; l < L; ++l) lanes[l] += static_cast<double>(r[l]);
    }
    double sum = 0;
    for (int64_t l = 0; l < L; ++l) sum += lanes[l];
    return sum;
  }

  static void weight_grad(const DirectConvShape& s, const T* x, const T* g, T* d_weight, T* d_bias) {
    const Planes image(s.c, s.h, s.w, s.ph, s.pw), map(s.o, s.oh(), s.ow(), 0, 0);
    const Correlation k(image, s.o, s.kh, s.kw);
    const int64_t groups = (s.n + L - 1) / L, chunks = parallel_chunks(groups, 1);
    // Each chunk's sums [o_padded][taps], one vector per weight element (lanes are images).
    int64_t partial = 0;
    std::unique_ptr<Vec[]> partials;
    // The bias gradient from the packed map gradient while it is in cache: one double per group and
    // channel [groups][o], added in group order, so that the sum does not depend on the threads.
    const std::unique_ptr<double[]> bias_sums(d_bias ? new double[static_cast<size_t>(groups * s.o)] : nullptr);
    Blocks<Bytes>::weight_grad(s.o, [&](auto out_block, auto tap_block) {
      constexpr int OB = decltype(out_block)::value, KB = decltype(tap_block)::value;
      const int64_t o_padded = round_up(s.o, OB);
      partial = o_padded * k.taps;
      partials.reset(new Vec[static_cast<size_t>(chunks * partial)]());
      parallel_for_chunks(groups, 1, [&](int64_t chunk, int64_t first, int64_t last) {
        // The map gradient's packed channels past s.o stay zero.
        T* xp = scratch<0>(image.size());
        T* gp = scratch<1>(o_padded * map.hp * map.wp * L);
        Vec* sums = partials.get() + chunk * partial;
        for (int64_t group = first; group < last; ++group) {
          const int64_t n0 = group * L, count = std::min(L, s.n - n0);
          image.pack(x, n0, count, xp);
          map.pack(g, n0, count, gp);
          if (d_bias)
            for (int64_t o = 0; o < s.o; ++o)
              bias_sums[group * s.o + o] = plane_sum(gp + o * map.hp * map.wp * L, map.hp, map.wp);
          for (int64_t o = 0; o < o_padded; o += OB)
            for (int64_t c = 0; c < s.c; ++c)
              for (int64_t u = 0; u < s.kh; ++u) {
                const int64_t tap = (c * s.kh + u) * s.kw;
                const T* xu = xp + (c * image.hp + u) * image.wp * L;
                const T* go = gp + o * map.hp * map.wp * L;
                Vec* su = sums + o * k.taps + tap;
                int64_t v = 0;
                for (; v + KB <= s.kw; v += KB) weight_grad_block<OB, KB>(k, xu + v * L, go, su + v);
                if (v < s.kw) weight_grad_tail<OB, KB - 1>(s.kw - v, k, xu + v * L, go, su + v);
              }
        }
      });
    });
    for (int64_t e = 0; e < s.o * k.taps; ++e) {
      Vec v = partials[e];
      for (int64_t chunk = 1; chunk < chunks; ++chunk) v += partials[chunk * partial + e];
      T sum = 0;
      for (int64_t l = 0; l < L; ++l) sum += v[l];
      d_weight[e] = sum;
    }
    for (int64_t o = 0; d_bias && o < s.o; ++o) {
      double sum = 0;
      for (int64_t group = 0; group < groups; ++group) sum += bias_sums[group * s.o + o];
      d_bias[o] = static_cast<T>(sum);
    }
  }
};

}  // namespace
}  // namespace detail
}  // namespace xgrad
