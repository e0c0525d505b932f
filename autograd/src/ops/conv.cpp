// Convolutions: conv1d, conv2d and conv_transpose2d (PyTorch's cross-correlation, with stride,
// zero padding, dilation and groups). All three are one op, ConvolutionBackward0, on one 2-D
// engine: a 1-D convolution is a 2-D one over a unit H dim (stride 1, padding 0, dilation 1).
//
// Shapes (G groups, s stride, p padding, d dilation, op output_padding, per spatial dim):
//   conv2d:           x [N, C, H, W], w [O, C/G, kH, kW], b [O] -> y [N, O, OH, OW],
//                     OH = (H + 2p - d(kH - 1) - 1) / s + 1
//   conv_transpose2d: x [N, C, H, W], w [C, O/G, kH, kW], b [O] -> y [N, O, OH, OW],
//                     OH = (H - 1)s - 2p + d(kH - 1) + op + 1
//   conv1d:           x [N, C, L], w [O, C/G, kL] as conv2d with H = kH = 1.
// An input without the batch dim ([C, H, W], [C, L]) is run as a batch of one and squeezed again,
// as PyTorch does (the output's grad_fn is then SqueezeBackward1).
//
// Forward (x_pad is x padded with zeros):
//   y[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] x_pad[n, c0 + c, i s + u d, j s + v d]
// where c runs over the C/G channels of o's group, which start at c0 = (o / (O/G)) (C/G).
// This maps an "image" [N, C, H, W] to a "map" [N, O, OH, OW]; conv_transpose2d is the adjoint
// of that linear map (map -> image, plus a bias over the image channels): its input is the map,
// its output the image, and its weight [C_in, C_out/G, kH, kW] is the conv weight [O, C/G, kH, kW]
// with O = C_in, C = C_out. With g the gradient of y:
//   conv:       dx = conv^T(g, w),  dw[o, c, u, v] = sum_{n, i, j} g[n, o, i, j] x_pad[n, c, i s + u d, j s + v d],
//               db = sum of g over N, OH, OW
//   transposed: dx = conv(g, w),    dw = the same sum with the roles of image (g) and map (x) swapped,
//               db = sum of g over N, OH, OW
//
// Kernels: per image, im2col writes the columns matrix [C kH kW, OH OW] (the rows of one group are
// consecutive) into one buffer reused across the batch, and y = w . cols is one GEMM per group
// straight into the output, the bias entering as GEMM's C operand (beta = 1). Backward computes
// dw += g . cols^T (beta = 1 across the batch) and cols = w^T . g followed by col2im (a scatter-add
// into dx); db is a row sum. A 1x1 kernel with stride 1 and no padding needs no columns: the image
// is its own matrix. (Folding the batch into one GEMM measured no faster for LeNet's shapes, and
// needs a transposing copy of the output and of g, so each image keeps its own GEMMs.)
// Small convolutions with stride 1 (LeNet's) skip the columns: y, dx and dw come from the direct
// kernels of kernels/direct_conv.h (direct_applies), vectorised over the batch. Images are split
// over the threads in both.
// Under create_graph the backward is written with these same differentiable ops (dx as
// conv_transpose2d / conv2d, dw as a conv2d of the input by the gradient with the batch as the
// reduction dim), so double backward works.
#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/conv.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/size_math.h>

#include "../derivative.h"
#include "../kernels/blas.h"
#include "../kernels/direct_conv.h"
#include "../kernels/loops.h"
#include "../kernels/parallel.h"

namespace xgrad {
namespace {

using autograd::variable_list;
using Pair = std::array<int64_t, 2>;  // (H, W) values

/// A convolution from an image [n, c, h, w] to a map [n, o, oh, ow] by a weight [o, c/groups, kh, kw].
struct Geometry {
  int64_t n, c, h, w;
  int64_t o, oh, ow;
  int64_t kh, kw, groups;
  int64_t sh, sw, ph, pw, dh, dw;
  int64_t cg() const { return c / groups; }
  int64_t og() const { return o / groups; }
  /// Rows of one group's columns (the GEMM reduction length).
  int64_t k() const { return cg() * kh * kw; }
  int64_t map_plane() const { return oh * ow; }
  int64_t image_plane() const { return h * w; }
  /// Whether the image, as [c, h w], is already its columns matrix.
  bool pointwise() const { return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0; }
};

/// Everything one call decided: the parameters as given (2-D), the geometry and the shapes.
struct ConvSetup {
  Pair stride, padding, dilation, output_padding;
  int64_t groups;
  bool transposed;
  int spatial;  // 1 (conv1d) or 2
  ScalarType dtype;
  Geometry geom;
  std::vector<int64_t> input_sizes, weight_sizes, out_sizes;  // batched
};

// ---- kernels ----

using detail::gemm;

/// An uninitialised scratch buffer (the columns are fully overwritten before they are read). Its
/// size in bytes fits int64 (make_setup checked); memory that cannot be had is an error, not
/// std::bad_alloc.
template <typename T>
std::unique_ptr<T[]> scratch(int64_t size) {
  const size_t n = static_cast<size_t>(std::max<int64_t>(size, 1));
  std::unique_ptr<T[]> buffer(new (std::nothrow) T[n]);
  XGRAD_CHECK(buffer, "convolution: out of memory allocating {} bytes of scratch space", n * sizeof(T));
  return buffer;
}

/// The run [lo, hi) of map columns j whose image column x0 + j*s lies in [0, w) (s may be huge).
inline Pair valid_span(int64_t x0, int64_t s, int64_t w, int64_t ow) {
  const int64_t lo = x0 >= 0 ? 0 : detail::ceil_div(-x0, s);
  const int64_t hi = x0 >= w ? 0 : detail::ceil_div(w - x0, s);
  const int64_t h = std::min(hi, ow);
  return {std::min(lo, h), h};
}

/// cols [c kh kw, oh ow] from one image [c, h, w]; padding reads as 0. Rows are short (oh ow is
/// 100 for LeNet's second conv), so the loops are arranged for little work per run: the rows of the
/// map that read padding are zeroed as one block, and the runs that read no padding are plain copies.
template <typename T>
void im2col(const T* x, const Geometry& g, T* cols) {
  const int64_t plane = g.map_plane();
  for (int64_t c = 0; c < g.c; ++c)
    for (int64_t u = 0; u < g.kh; ++u) {
      const int64_t y0 = u * g.dh - g.ph;
      const Pair rows = valid_span(y0, g.sh, g.h, g.oh);
      for (int64_t v = 0; v < g.kw; ++v) {
        T* row = cols + ((c * g.kh + u) * g.kw + v) * plane;
        const int64_t x0 = v * g.dw - g.pw;
        const Pair span = valid_span(x0, g.sw, g.w, g.ow);
        std::fill(row, row + rows[0] * g.ow, T(0));
        std::fill(row + rows[1] * g.ow, row + plane, T(0));
        // Map row i reads image row y0 + i sh, which lies in [0, h) for i in rows (so the product
        // fits). Columns are indices into that row, x0 + j sw, never pointers: x0 < 0 would point
        // before the image.
        const T* image = x + c * g.h * g.w;
        const bool whole_rows = g.sw == 1 && span[0] == 0 && span[1] == g.ow;
        for (int64_t i = rows[0]; i < rows[1]; ++i) {
          const T* src = image + (y0 + i * g.sh) * g.w;
          T* dst = row + i * g.ow;
          if (whole_rows) {
            for (int64_t j = 0; j < g.ow; ++j) dst[j] = src[x0 + j];
            continue;
          }
          for (int64_t j = 0; j < span[0]; ++j) dst[j] = T(0);
          for (int64_t j = span[0]; j < span[1]; ++j) dst[j] = src[x0 + j * g.sw];
          for (int64_t j = span[1]; j < g.ow; ++j) dst[j] = T(0);
        }
      }
    }
}

/// x [c, h, w] += the columns scattered back to the image positions they were read from.
template <typename T>
void col2im(const T* cols, const Geometry& g, T* x) {
  const int64_t plane = g.map_plane();
  for (int64_t c = 0; c < g.c; ++c)
    for (int64_t u = 0; u < g.kh; ++u) {
      const int64_t y0 = u * g.dh - g.ph;
      const Pair rows = valid_span(y0, g.sh, g.h, g.oh);
      for (int64_t v = 0; v < g.kw; ++v) {
        const int64_t x0 = v * g.dw - g.pw;
        const Pair span = valid_span(x0, g.sw, g.w, g.ow);
        // Rows and columns as in im2col: indices, never a pointer outside the image.
        const T* row = cols + ((c * g.kh + u) * g.kw + v) * plane;
        T* image = x + c * g.h * g.w;
        for (int64_t i = rows[0]; i < rows[1]; ++i) {
          const T* src = row + i * g.ow;
          T* dst = image + (y0 + i * g.sh) * g.w;
          if (g.sw == 1) {  // a loop the compiler vectorises
            for (int64_t j = span[0]; j < span[1]; ++j) dst[x0 + j] += src[j];
          } else {
            for (int64_t j = span[0]; j < span[1]; ++j) dst[x0 + j * g.sw] += src[j];
          }
        }
      }
    }
}

detail::DirectConvShape direct_shape(const Geometry& g) { return {g.n, g.c, g.h, g.w, g.o, g.kh, g.kw, g.ph, g.pw}; }

/// Whether kernels/direct_conv.h computes this convolution: stride 1, dilation 1, one group, a batch
/// that fills the kernels' image groups, and a weight of at most 16 384 taps x output channels. The
/// bound is measured only that far: the CNN's 32 -> 32 3x3 conv (9216) made its training step 29%
/// faster direct than by im2col + GEMM (10.2 -> 7.2 ms); larger convolutions keep the GEMM.
template <typename T>
bool direct_applies(const Geometry& g) {
  constexpr int64_t kMaxDirectWeight = 16384;
  return g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.groups == 1 && g.n > 0 && g.o > 0 && g.c > 0 &&
         g.k() * g.o <= kMaxDirectWeight && detail::direct_conv_pays<T>(direct_shape(g));
}

/// map [n, o, oh, ow] = conv(image, weight) (+ bias [o] if given). The images are split over the
/// threads, each with its own columns buffer.
template <typename T>
void conv_map(const T* image, const T* weight, const T* bias, T* map, const Geometry& g) {
  if (direct_applies<T>(g)) return detail::direct_conv_forward(direct_shape(g), image, weight, bias, map);
  const int64_t plane = g.map_plane(), k = g.k(), og = g.og();
  detail::parallel_for(g.n, 1, [&](int64_t first, int64_t last) {
    const auto cols = scratch<T>(g.pointwise() || k == 0 ? 0 : g.c * g.kh * g.kw * plane);
    for (int64_t n = first; n < last; ++n) {
      T* y = map + n * g.o * plane;
      if (bias)
        for (int64_t o = 0; o < g.o; ++o) std::fill(y + o * plane, y + (o + 1) * plane, bias[o]);
      if (k == 0) {
        if (!bias) std::fill(y, y + g.o * plane, T(0));
        continue;
      }
      const T* x = image + n * g.c * g.image_plane();
      if (!g.pointwise()) im2col(x, g, cols.get());
      const T* c = g.pointwise() ? x : cols.get();
      for (int64_t gi = 0; gi < g.groups; ++gi)
        gemm(CblasNoTrans, CblasNoTrans, og, plane, k, weight + gi * og * k, k, c + gi * k * plane, plane,
             T(bias ? 1 : 0), y + gi * og * plane, plane);
    }
  });
}

/// The adjoints of conv_map given the map's gradient gmap: d_image = conv^T(gmap, weight) (needs
/// weight) and/or d_weight = sum over the batch of gmap . cols(image)^T (needs image). A null
/// output is not computed. The images are split over the threads; each thread accumulates its
/// images' weight gradient by GEMM with beta = 1 (the first thread straight into d_weight, the
/// others into buffers of their own, added at the end in a fixed order).
template <typename T>
void conv_adjoint_gemm(const T* image, const T* weight, const T* gmap, T* d_image, T* d_weight, const Geometry& g) {
  const int64_t plane = g.map_plane(), k = g.k(), og = g.og(), weight_size = g.o * k;
  if (d_image) std::fill(d_image, d_image + g.n * g.c * g.image_plane(), T(0));
  if (d_weight) std::fill(d_weight, d_weight + weight_size, T(0));
  if (g.n == 0 || k == 0 || og == 0) return;  // nothing to multiply: the zeros are the answer
  const int64_t chunks = detail::parallel_chunks(g.n, 1);
  const auto partials = scratch<T>(d_weight ? (chunks - 1) * weight_size : 0);
  detail::parallel_for_chunks(g.n, 1, [&](int64_t chunk, int64_t first, int64_t last) {
    const auto cols = scratch<T>(g.pointwise() ? 0 : g.c * g.kh * g.kw * plane);
    T* dw = chunk == 0 ? d_weight : partials.get() + (chunk - 1) * weight_size;
    if (d_weight && chunk != 0) std::fill(dw, dw + weight_size, T(0));
    for (int64_t n = first; n < last; ++n) {
      const T* gm = gmap + n * g.o * plane;
      if (d_weight) {
        const T* x = image + n * g.c * g.image_plane();
        if (!g.pointwise()) im2col(x, g, cols.get());
        const T* c = g.pointwise() ? x : cols.get();
        for (int64_t gi = 0; gi < g.groups; ++gi)
          gemm(CblasNoTrans, CblasTrans, og, k, plane, gm + gi * og * plane, plane, c + gi * k * plane, plane, T(1),
               dw + gi * og * k, k);
      }
      if (d_image) {
        T* dx = d_image + n * g.c * g.image_plane();
        T* c = g.pointwise() ? dx : cols.get();
        for (int64_t gi = 0; gi < g.groups; ++gi)
          gemm(CblasTrans, CblasNoTrans, k, plane, og, weight + gi * og * k, k, gm + gi * og * plane, plane, T(0),
               c + gi * k * plane, plane);
        if (!g.pointwise()) col2im(cols.get(), g, dx);
      }
    }
  });
  for (int64_t chunk = 1; d_weight && chunk < chunks; ++chunk) {
    const T* p = partials.get() + (chunk - 1) * weight_size;
    for (int64_t i = 0; i < weight_size; ++i) d_weight[i] += p[i];
  }
}

/// conv_adjoint_gemm's results, by the direct kernels where they apply. The direct image gradient
/// also multiplies the weight by the zeros around the map gradient, which the exact sum does not
/// have: an Inf or NaN weight would make NaNs there, so such a weight takes the GEMM. The direct
/// weight gradient also sums the map gradient's channels into d_bias if given (it packs the map
/// anyway); returns whether it did.
template <typename T>
bool conv_adjoint(const T* image, const T* weight, const T* gmap, T* d_image, T* d_weight, const Geometry& g,
                  T* d_bias = nullptr) {
  bool bias_done = false;
  if (direct_applies<T>(g)) {
    if (d_weight) {
      detail::direct_conv_weight_grad(direct_shape(g), image, gmap, d_weight, d_bias);
      bias_done = d_bias != nullptr;
    }
    d_weight = nullptr;
    if (d_image && detail::sum_in_double(g.o * g.k(), [weight](int64_t e) { return weight[e] - weight[e]; }) == 0) {
      detail::direct_conv_input_grad(direct_shape(g), gmap, weight, d_image);
      d_image = nullptr;
    }
  }
  if (d_image || d_weight) conv_adjoint_gemm(image, weight, gmap, d_image, d_weight, g);
  return bias_done;
}

/// out[ch] = sum over n and the plane of t [n, channels, plane] (in double, vectorised); the channels
/// are split over the threads, each summed by one thread in the same order whatever their number.
template <typename T>
void channel_sums(const T* t, int64_t n, int64_t channels, int64_t plane, T* out) {
  const int64_t grain = std::max<int64_t>(1, detail::kElementwiseGrain / std::max<int64_t>(n * plane, 1));
  detail::parallel_for(channels, grain, [&](int64_t first, int64_t last) {
    for (int64_t ch = first; ch < last; ++ch) {
      double s = 0;
      for (int64_t i = 0; i < n; ++i) {
        const T* p = t + (i * channels + ch) * plane;
        s += detail::sum_in_double(plane, [p](int64_t e) { return p[e]; });
      }
      out[ch] = static_cast<T>(s);
    }
  });
}

/// t [n, channels, plane] += bias [channels].
template <typename T>
void add_channel_bias(T* t, int64_t n, int64_t channels, int64_t plane, const T* bias) {
  for (int64_t i = 0; i < n; ++i)
    for (int64_t ch = 0; ch < channels; ++ch) {
      T* p = t + (i * channels + ch) * plane;
      const T b = bias[ch];
      for (int64_t e = 0; e < plane; ++e) p[e] += b;
    }
}

/// The data of an optional tensor (kernels skip what is null).
template <typename T>
T* ptr_or_null(const Tensor& t) {
  return t.defined() ? t.data_ptr<T>() : nullptr;
}

// ---- argument checks ----

/// "5x3" for 2-D values, "5" for 1-D ones (a 1-D op's H entries are internal).
std::string dims_str(const Pair& v, int spatial) {
  return spatial == 1 ? std::to_string(v[1]) : fmt::format("{}x{}", v[0], v[1]);
}

/// "(4 x 4)" for 2-D sizes, "(4)" for 1-D ones, as libtorch's messages write a size per channel.
std::string per_channel_str(const Pair& v, int spatial) {
  return spatial == 1 ? fmt::format("({})", v[1]) : fmt::format("({} x {})", v[0], v[1]);
}

/// One value for every spatial dim or one each; a 1-D op's H entry gets `unit`.
Pair expand_param(IntArrayRef given, const char* name, int64_t unit, int spatial, const char* op) {
  XGRAD_CHECK(given.size() == 1 || given.size() == static_cast<size_t>(spatial),
              "{}: expected {} to be a single integer value or a list of {} values to match the convolution "
              "dimensions, but got {}={}",
              op, name, spatial, name, detail::shape_str(given));
  if (spatial == 1) return {unit, given[0]};
  return {given[0], given.size() == 1 ? given[0] : given[1]};
}

/// The layout of the weight, for messages.
std::string weight_layout(bool transposed, int spatial) {
  const char* kernel = spatial == 1 ? "kL" : "kH, kW";
  return transposed ? fmt::format("[in_channels, out_channels / groups, {}]", kernel)
                    : fmt::format("[out_channels, in_channels / groups, {}]", kernel);
}

/// The arguments one call names in its messages; the shapes are formatted only when a check fails.
struct ConvArgs {
  const Tensor& input;
  const Tensor& weight;
  const Tensor& bias;
  bool transposed;
  int spatial;
  const char* op;
  std::string input_shape() const { return detail::shape_str(input.sizes()); }
  std::string weight_shape() const { return detail::shape_str(weight.sizes()); }
};

/// The input's and weight's dims.
void check_ranks(const ConvArgs& a) {
  XGRAD_CHECK(a.input.defined() && a.weight.defined(), "{}: expected a defined input and weight", a.op);
  const int64_t rank = a.spatial + 2;
  XGRAD_CHECK(a.input.dim() == rank || a.input.dim() == rank - 1,
              "Expected {}D (unbatched) or {}D (batched) input to {}, but got input of size: {}", rank - 1, rank, a.op,
              a.input_shape());
  // libtorch words a weight of the wrong rank as a stride of the wrong length; this says what is wrong.
  XGRAD_CHECK(a.weight.dim() == rank, "{}: expected a {}D weight {}, but got weight of size {}", a.op, rank,
              weight_layout(a.transposed, a.spatial), a.weight_shape());
}

/// stride, padding, dilation, output_padding and groups, as 2-D values, each in its range.
void read_parameters(ConvSetup& s, IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation,
                     IntArrayRef output_padding, int64_t groups, const char* op) {
  s.groups = groups;
  s.stride = expand_param(stride, "stride", 1, s.spatial, op);
  s.padding = expand_param(padding, "padding", 0, s.spatial, op);
  s.dilation = expand_param(dilation, "dilation", 1, s.spatial, op);
  s.output_padding = expand_param(output_padding, "output_padding", 0, s.spatial, op);
  XGRAD_CHECK(s.stride[0] > 0 && s.stride[1] > 0, "{}: non-positive stride is not supported, got stride={}", op,
              detail::shape_str(stride));
  XGRAD_CHECK(s.padding[0] >= 0 && s.padding[1] >= 0, "{}: negative padding is not supported, got padding={}", op,
              detail::shape_str(padding));
  XGRAD_CHECK(s.dilation[0] > 0 && s.dilation[1] > 0, "{}: non-positive dilation is not supported, got dilation={}",
              op, detail::shape_str(dilation));
  XGRAD_CHECK(s.output_padding[0] >= 0 && s.output_padding[1] >= 0,
              "{}: negative output_padding is not supported, got output_padding={}", op,
              detail::shape_str(output_padding));
  XGRAD_CHECK(groups > 0, "{}: non-positive groups is not supported, got groups={}", op, groups);
}

/// The dtype all three share, Float or Double.
ScalarType common_dtype(const ConvArgs& a) {
  const ScalarType dtype = a.input.scalar_type();
  XGRAD_CHECK(a.weight.scalar_type() == dtype, "{}: Input type ({}) and weight type ({}) should be the same", a.op,
              toString(dtype), toString(a.weight.scalar_type()));
  XGRAD_CHECK(!a.bias.defined() || a.bias.scalar_type() == dtype,
              "{}: Input type ({}) and bias type ({}) should be the same", a.op, toString(dtype),
              toString(a.bias.scalar_type()));
  XGRAD_CHECK(dtype == kFloat || dtype == kDouble,
              "{}: expected a floating point input and weight (Float or Double), got {}", a.op, toString(dtype));
  return dtype;
}

/// The sizes of one call, 2-D (a 1-D op works on [N, C, 1, L] and a weight [O, C/G, 1, kL]).
struct ConvShapes {
  bool batched;
  int64_t n, c, out_channels;
  Pair in_hw, k_hw;
};

/// The input's, weight's and bias's sizes agree with each other and with groups.
ConvShapes check_shapes(const ConvArgs& a, int64_t groups) {
  const Tensor& input = a.input;
  const Tensor& weight = a.weight;
  const int spatial = a.spatial;
  ConvShapes sh;
  sh.batched = input.dim() == spatial + 2;
  sh.n = sh.batched ? input.size(0) : 1;
  sh.c = input.size(-spatial - 1);
  sh.in_hw = {spatial == 1 ? 1 : input.size(-2), input.size(-1)};
  sh.k_hw = {spatial == 1 ? 1 : weight.size(-2), weight.size(-1)};
  XGRAD_CHECK(weight.size(0) > 0,
              "{}: Given groups={}, expected weight to be at least 1 at dimension 0, but got weight of size {} instead",
              a.op, groups, a.weight_shape());
  XGRAD_CHECK(sh.k_hw[0] > 0 && sh.k_hw[1] > 0, "{}: expected a non-empty kernel, but got weight of size {}", a.op,
              a.weight_shape());
  XGRAD_CHECK(weight.size(0) % groups == 0,
              "{}: Given groups={}, expected weight to be divisible by {} at dimension 0, but got weight of size {} "
              "instead",
              a.op, groups, groups, a.weight_shape());
  // The channels of all groups (conv's input, conv_transpose's output): at most the weight's numel,
  // since groups divides weight.size(0) > 0.
  const int64_t all_groups = weight.size(1) * groups;
  const int64_t expected_channels = a.transposed ? weight.size(0) : all_groups;
  const std::string given = a.transposed ? "transposed=1" : fmt::format("groups={}", groups);
  XGRAD_CHECK(sh.c == expected_channels,
              "{}: Given {}, weight of size {}, expected input{} to have {} channels, but got {} channels instead",
              a.op, given, a.weight_shape(), a.input_shape(), expected_channels, sh.c);
  sh.out_channels = a.transposed ? all_groups : weight.size(0);
  XGRAD_CHECK(!a.bias.defined() || (a.bias.dim() == 1 && a.bias.size(0) == sh.out_channels),
              "{}: Given {}weight of size {}, expected bias to be 1-dimensional with {} elements, but got bias of "
              "size {} instead",
              a.op, a.transposed ? "transposed=1, " : "", a.weight_shape(), sh.out_channels,
              a.bias.defined() ? detail::shape_str(a.bias.sizes()) : "");
  XGRAD_CHECK(sh.in_hw[0] > 0 && sh.in_hw[1] > 0,
              "{}: expected non-zero spatial sizes (only the batch and channel dims may be empty), but got input of "
              "size {}",
              a.op, a.input_shape());
  return sh;
}

/// The output's spatial sizes, each at least 1.
Pair output_size(const ConvArgs& a, const ConvSetup& s, const ConvShapes& sh) {
  const int spatial = a.spatial;
  if (a.transposed) {
    for (int d = 0; d < 2; ++d)
      XGRAD_CHECK(s.output_padding[d] < s.stride[d] || s.output_padding[d] < s.dilation[d],
                  "{}: output padding must be smaller than either stride or dilation, but got "
                  "output_padding_height: {} output_padding_width: {} stride_height: {} stride_width: {} "
                  "dilation_height: {} dilation_width: {}",
                  a.op, s.output_padding[0], s.output_padding[1], s.stride[0], s.stride[1], s.dilation[0],
                  s.dilation[1]);
  }
  Pair out_hw;
  for (int d = 0; d < 2; ++d) {
    const std::optional<int64_t> size =
        a.transposed ? detail::transposed_output_size(sh.in_hw[d], sh.k_hw[d], s.stride[d], s.padding[d],
                                                      s.dilation[d], s.output_padding[d])
                     : detail::window_output_size(sh.in_hw[d], sh.k_hw[d], s.stride[d], s.padding[d], s.dilation[d],
                                                  false);
    XGRAD_CHECK(size,
                "{}: the output size overflows int64: input of size {}, weight of size {}, stride {}, padding {}, "
                "dilation {}",
                a.op, a.input_shape(), a.weight_shape(), dims_str(s.stride, spatial), dims_str(s.padding, spatial),
                dims_str(s.dilation, spatial));
    out_hw[d] = *size;
  }
  if (a.transposed) {
    XGRAD_CHECK(out_hw[0] > 0 && out_hw[1] > 0,
                "{}: Given input size per channel: {}. Calculated output size per channel: {}. Output size is too "
                "small",
                a.op, per_channel_str(sh.in_hw, spatial), per_channel_str(out_hw, spatial));
  } else {
    // in + 2 padding and the dilated kernel fit: window_output_size computed them.
    const Pair padded{sh.in_hw[0] + 2 * s.padding[0], sh.in_hw[1] + 2 * s.padding[1]};
    const Pair dilated{s.dilation[0] * (sh.k_hw[0] - 1) + 1, s.dilation[1] * (sh.k_hw[1] - 1) + 1};
    XGRAD_CHECK(out_hw[0] > 0 && out_hw[1] > 0,
                "{}: Calculated padded input size per channel: {}. Kernel size: {}. Kernel size can't be greater than "
                "actual input size",
                a.op, per_channel_str(padded, spatial), per_channel_str(dilated, spatial));
  }
  return out_hw;
}

/// The kernels' view of the call: conv2d maps its input (the image) to its output (the map),
/// conv_transpose2d the other way round. Checks that BLAS and the columns buffer can take it.
Geometry make_geometry(const ConvArgs& a, const ConvSetup& s, const ConvShapes& sh, const Pair& out_hw) {
  const Pair image_hw = a.transposed ? out_hw : sh.in_hw, map_hw = a.transposed ? sh.in_hw : out_hw;
  Geometry g;
  g.n = sh.n;
  g.c = a.transposed ? sh.out_channels : sh.c;
  g.h = image_hw[0];
  g.w = image_hw[1];
  g.o = a.weight.size(0);
  g.oh = map_hw[0];
  g.ow = map_hw[1];
  g.kh = sh.k_hw[0];
  g.kw = sh.k_hw[1];
  g.groups = s.groups;
  g.sh = s.stride[0];
  g.sw = s.stride[1];
  g.ph = s.padding[0];
  g.pw = s.padding[1];
  g.dh = s.dilation[0];
  g.dw = s.dilation[1];
  XGRAD_CHECK(g.k() <= INT_MAX && g.og() <= INT_MAX && g.map_plane() <= INT_MAX,
              "{}: sizes too large for BLAS (at most {} per GEMM dim): input of size {}, weight of size {}", a.op,
              INT_MAX, a.input_shape(), a.weight_shape());
  // The columns of one image, [c kh kw, oh ow], are the kernels' scratch (c kh kw is at most the
  // weight's numel).
  XGRAD_CHECK(
      (detail::CheckedInt(g.c * g.kh * g.kw) * g.map_plane() * static_cast<int64_t>(elementSize(s.dtype))).get(),
      "{}: the columns of one image ({} x {}) are too large for int64 byte offsets: input of size {}, weight of "
      "size {}",
      a.op, g.c * g.kh * g.kw, g.map_plane(), a.input_shape(), a.weight_shape());
  return g;
}

/// Every argument check of the three ops, in one place, and what the kernels need to know.
ConvSetup make_setup(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                     IntArrayRef padding, IntArrayRef dilation, IntArrayRef output_padding, int64_t groups,
                     bool transposed, int spatial, const char* op) {
  const ConvArgs a{input, weight, bias, transposed, spatial, op};
  check_ranks(a);
  ConvSetup s;
  s.spatial = spatial;
  s.transposed = transposed;
  read_parameters(s, stride, padding, dilation, output_padding, groups, op);
  s.dtype = common_dtype(a);
  const ConvShapes sh = check_shapes(a, groups);
  const Pair out_hw = output_size(a, s, sh);
  s.out_sizes = {sh.n, sh.out_channels};
  if (spatial == 2) s.out_sizes.push_back(out_hw[0]);
  s.out_sizes.push_back(out_hw[1]);
  detail::checked_nbytes(s.out_sizes, s.dtype, op);  // before the products of the geometry
  s.geom = make_geometry(a, s, sh, out_hw);
  s.input_sizes = input.sizes().vec();
  if (!sh.batched) s.input_sizes.insert(s.input_sizes.begin(), 1);
  s.weight_sizes = weight.sizes().vec();
  return s;
}

// ---- backward ----

/// dw as differentiable ops (create_graph): dw[o, c, u, v] = sum_{n, i, j} gmap[n, o, i, j] image_pad[n, c, i s + u d,
/// j s + v d] is a convolution of the image by the map gradient with the batch as the reduction dim, stride d and
/// dilation s, per group. It may reach past the kernel (the image's last rows that no output used), hence the narrow.
Tensor weight_grad_graphed(const Tensor& image, const Tensor& gmap, const ConvSetup& s) {
  const Geometry& g = s.geom;
  const int64_t n = image.size(0);
  // image [N, C, H, W] -> [C/G, G N, H, W]: group gi's channels gi N .. gi N + N - 1 are its images.
  const Tensor images =
      image.reshape({n, g.groups, g.cg(), g.h, g.w}).permute({2, 1, 0, 3, 4}).reshape({g.cg(), g.groups * n, g.h, g.w});
  // gmap [N, O, OH, OW] -> [O, N, OH, OW]: one filter per output channel.
  const Tensor r = conv2d(images, gmap.transpose(0, 1), {}, s.dilation, s.padding, s.stride, g.groups);
  return r.narrow(2, 0, g.kh).narrow(3, 0, g.kw).transpose(0, 1);
}

/// The gradients as differentiable ops, on 4-D tensors (a 1-D op's get a unit H dim).
variable_list graphed_backward(const Tensor& grad, const Tensor& input, const Tensor& weight, const ConvSetup& s,
                               bool want_input, bool want_weight, bool want_bias) {
  const auto as_2d = [&](const Tensor& t) { return s.spatial == 1 ? t.unsqueeze(2) : t; };
  const auto back = [&](const Tensor& t) { return s.spatial == 1 ? t.squeeze(2) : t; };
  const Geometry& g = s.geom;
  const Tensor g4 = as_2d(grad.scalar_type() == s.dtype ? grad : grad.to(s.dtype));
  variable_list out(3);
  if (s.transposed) {
    if (want_input)
      out[0] = back(conv2d(g4, as_2d(weight), {}, s.stride, s.padding, s.dilation, s.groups)
                        .narrow(2, 0, g.oh)
                        .narrow(3, 0, g.ow));
    if (want_weight) out[1] = back(weight_grad_graphed(g4, as_2d(input), s));
  } else {
    if (want_input) {
      // output_padding makes conv_transpose2d's output reach the input rows past the last window
      // ((H + 2p - span) % s of them, whose gradient is 0).
      Pair extra;
      extra[0] = g.h + 2 * g.ph - g.dh * (g.kh - 1) - 1 - (g.oh - 1) * g.sh;
      extra[1] = g.w + 2 * g.pw - g.dw * (g.kw - 1) - 1 - (g.ow - 1) * g.sw;
      out[0] = back(conv_transpose2d(g4, as_2d(weight), {}, s.stride, s.padding, extra, s.groups, s.dilation));
    }
    if (want_weight) out[1] = back(weight_grad_graphed(as_2d(input), g4, s));
  }
  if (want_bias) out[2] = g4.sum({0, 2, 3});
  return out;
}

/// The gradients by the kernels (no graph is being built).
variable_list fused_backward(const Tensor& grad, const Tensor& input, const Tensor& weight, const ConvSetup& s,
                             bool want_input, bool want_weight, bool want_bias) {
  const Tensor g = detail::as_dense(grad, s.dtype);
  const Tensor x = input.defined() ? detail::as_dense(input, s.dtype) : Tensor();
  const Tensor w = weight.defined() ? detail::as_dense(weight, s.dtype) : Tensor();
  variable_list out(3);
  if (want_input) out[0] = empty(s.input_sizes, s.dtype);
  if (want_weight) out[1] = empty(s.weight_sizes, s.dtype);
  if (want_bias) out[2] = empty({s.out_sizes[1]}, s.dtype);
  const Geometry& geo = s.geom;
  detail::dispatch_floating(s.dtype, "ConvolutionBackward0", [&](auto tag) {
    using T = decltype(tag);
    const T* gp = g.data_ptr<T>();
    if (s.transposed) {
      if (want_input) conv_map<T>(gp, w.data_ptr<T>(), nullptr, out[0].data_ptr<T>(), geo);
      if (want_weight) conv_adjoint<T>(gp, nullptr, x.data_ptr<T>(), nullptr, out[1].data_ptr<T>(), geo);
      if (want_bias) channel_sums(gp, geo.n, geo.c, geo.image_plane(), out[2].data_ptr<T>());
    } else {
      const bool bias_done = (want_input || want_weight) &&
                             conv_adjoint<T>(ptr_or_null<T>(x), ptr_or_null<T>(w), gp, ptr_or_null<T>(out[0]),
                                             ptr_or_null<T>(out[1]), geo, ptr_or_null<T>(out[2]));
      if (want_bias && !bias_done) channel_sums(gp, geo.n, geo.o, geo.map_plane(), out[2].data_ptr<T>());
    }
  });
  return out;
}

// The state kept is the ConvSetup; input is saved for dw, weight for dx (each only when needed).
const autograd::Derivative<ConvSetup> kConvolutionBackward0{
    "ConvolutionBackward0", [](const autograd::BackwardContext& c, const ConvSetup& s) {
      const bool want_input = c.needs(0), want_weight = c.needs(1), want_bias = c.needs(2);
      const Tensor input = c.saved(0), weight = c.saved(1);
      return autograd::fused_unless_graphed(
          c, [&] { return fused_backward(c.grad(), input, weight, s, want_input, want_weight, want_bias); },
          [&] { return graphed_backward(c.grad(), input, weight, s, want_input, want_weight, want_bias); });
    }};

/// The op on a batched input, once the arguments are checked.
Tensor convolution_batched(const Tensor& input, const Tensor& weight, const Tensor& bias, ConvSetup s, const char* op) {
  const Tensor x = detail::as_dense(input, s.dtype), w = detail::as_dense(weight, s.dtype);
  const Tensor b = bias.defined() ? detail::as_dense(bias, s.dtype) : Tensor();
  Tensor out = empty(s.out_sizes, s.dtype);
  const Geometry& g = s.geom;
  detail::dispatch_floating(s.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    if (s.transposed) {
      conv_adjoint<T>(nullptr, w.data_ptr<T>(), x.data_ptr<T>(), out.data_ptr<T>(), nullptr, g);
      if (b.defined()) add_channel_bias(out.data_ptr<T>(), g.n, g.c, g.image_plane(), b.data_ptr<T>());
    } else {
      conv_map<T>(x.data_ptr<T>(), w.data_ptr<T>(), ptr_or_null<T>(b), out.data_ptr<T>(), g);
    }
  });
  auto recording = autograd::record(kConvolutionBackward0, {input, weight, bias}, std::move(s));
  recording.save(recording.needs(1) ? input : Tensor()).save(recording.needs(0) ? weight : Tensor()).output(out);
  return out;
}

Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                   IntArrayRef padding, IntArrayRef dilation, IntArrayRef output_padding, int64_t groups,
                   bool transposed, int spatial, const char* op) {
  ConvSetup s =
      make_setup(input, weight, bias, stride, padding, dilation, output_padding, groups, transposed, spatial, op);
  if (input.dim() == spatial + 1)  // unbatched, as PyTorch: a batch of one, squeezed again
    return convolution_batched(input.unsqueeze(0), weight, bias, std::move(s), op).squeeze(0);
  return convolution_batched(input, weight, bias, std::move(s), op);
}

}  // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride, IntArrayRef padding,
              IntArrayRef dilation, int64_t groups) {
  XGRAD_PROFILE_OP("conv1d");
  return convolution(input, weight, bias, stride, padding, dilation, 0, groups, false, 1, "conv1d");
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride, IntArrayRef padding,
              IntArrayRef dilation, int64_t groups) {
  XGRAD_PROFILE_OP("conv2d");
  return convolution(input, weight, bias, stride, padding, dilation, 0, groups, false, 2, "conv2d");
}

Tensor detail::conv_padding_same(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                                 IntArrayRef dilation, int64_t groups, int spatial) {
  const char* op = spatial == 1 ? "conv1d" : "conv2d";
  XGRAD_PROFILE_OP(op);
  // The checks the padding's computation needs; convolution makes all of them again, cheaply.
  check_ranks(ConvArgs{input, weight, bias, false, spatial, op});
  ConvSetup s;
  s.spatial = spatial;
  read_parameters(s, stride, 0, dilation, 0, groups, op);
  XGRAD_CHECK(s.stride[0] == 1 && s.stride[1] == 1,
              "{}: padding='same' is not supported for strided convolutions, got stride={}", op, shape_str(stride));
  Tensor x = input;
  std::vector<int64_t> pad(static_cast<size_t>(spatial));
  for (int d = 0; d < spatial; ++d) {
    const int64_t dim = input.dim() - spatial + d;
    const int64_t dilation_d = s.dilation[static_cast<size_t>(2 - spatial + d)];
    const std::optional<int64_t> total = (detail::CheckedInt(dilation_d) * (weight.size(2 + d) - 1)).get();
    XGRAD_CHECK(total, "{}: padding='same' for dilation {} and weight of size {} overflows int64", op,
                shape_str(dilation), shape_str(weight.sizes()));
    pad[static_cast<size_t>(d)] = *total / 2;
    if (*total % 2 != 0) {  // the one extra zero goes after, as PyTorch
      std::vector<int64_t> zeros_sizes = x.sizes().vec();
      zeros_sizes[static_cast<size_t>(dim)] = 1;
      x = cat({x, zeros(zeros_sizes, x.scalar_type())}, dim);
    }
  }
  return convolution(x, weight, bias, stride, pad, dilation, 0, groups, false, spatial, op);
}

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
                        IntArrayRef padding, IntArrayRef output_padding, int64_t groups, IntArrayRef dilation) {
  XGRAD_PROFILE_OP("conv_transpose2d");
  return convolution(input, weight, bias, stride, padding, dilation, output_padding, groups, true, 2,
                     "conv_transpose2d");
}

}  // namespace xgrad
