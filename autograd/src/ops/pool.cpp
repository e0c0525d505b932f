// Pooling: max_pool2d (and max_pool2d_with_indices), avg_pool2d, adaptive_avg_pool2d.
//
// Shapes: input [N, C, H, W] or unbatched [C, H, W], seen as N*C contiguous H x W planes pooled
// one by one; output [N, C, oH, oW] (or [C, oH, oW]). kernel (kH, kW), stride (sH, sW), padding
// (pH, pW) and dilation (dH, dW) take one value for both dims or one each; no stride means the kernel.
// Output (oh, ow) pools input rows oh*sH - pH + i*dH, i in [0, kH), that lie inside the input (avg
// has dH = 1), and likewise for columns. As PyTorch's pooling_output_shape:
//   oH = floor((H + 2 pH - dH (kH - 1) - 1 + (ceil_mode ? sH - 1 : 0)) / sH) + 1,
//   less one if ceil_mode made the last window start past the input and its left padding.
//
// Forward and backward (g is the gradient of the output y):
//   max:      y = the window's maximum (a NaN wins; among equal values the first in row-major scan
//             order, as PyTorch's CPU kernel), idx = h * W + w of that element in its plane.
//             dx[idx] += g: a scatter by the saved indices.
//   avg:      y = (sum of the window inside the input) / divisor, where divisor is divisor_override,
//             or the window's size clipped to the padded input (count_include_pad), or its size
//             clipped to the input. dx[window] += g / divisor.
//   adaptive: y(oh, ow) = mean of rows [floor(oh*H/oH), ceil((oh+1)*H/oH)) x the same for columns.
//             dx[window] += g / (window size). A 1 x 1 output is mean over H and W, as in PyTorch.
// Each backward is linear in g and is recorded as a node of its own, so double backward works:
// the transpose of the max scatter is a gather by the same indices (and back), the transpose of
// avg / adaptive avg backward is the same pooling again. As in PyTorch, these nodes also link to
// the forward input, whose second-order gradient is zero.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <new>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/size_math.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "../kernels/parallel.h"
#include "gather.h"
#include "pointwise.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;
using detail::shape_str;

using Pair = std::array<int64_t, 2>;

/// A 2-D pooling's window, one value per spatial dim (H, W).
struct PoolWindow {
  Pair kernel{}, stride{}, padding{}, dilation{1, 1};
  bool ceil_mode = false;
};

/// A pooling argument given as one value (for both H and W) or two; stride may also be omitted.
Pair pair_arg(IntArrayRef v, const char* op, const char* what) {
  const bool omittable = std::string_view(what) == "stride";
  XGRAD_CHECK(v.size() == 1 || v.size() == 2, "{}: {} must either be {}a single int, or a tuple of two ints, got {}",
              op, what, omittable ? "omitted, " : "", shape_str(v));
  return {v[0], v[v.size() - 1]};
}

/// One 2-D pooling: its window, and the planes in and out.
struct PoolShape {
  PoolWindow window;
  int64_t planes = 0, H = 0, W = 0, oH = 0, oW = 0;
  std::vector<int64_t> out_sizes;  // the input's leading dims, then oH, oW
};

/// Every argument check of the pooling ops, with libtorch's messages (its pooling_output_shape's
/// and pool2d_shape_check's, in their order), and the output size.
PoolShape pool_shape(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                     IntArrayRef dilation, bool ceil_mode, const char* op) {
  detail::check_defined(self, op);
  PoolShape g;
  PoolWindow& w = g.window;
  w.kernel = pair_arg(kernel_size, op, "kernel_size");
  w.stride = stride.empty() ? w.kernel : pair_arg(stride, op, "stride");
  w.padding = pair_arg(padding, op, "padding");
  w.dilation = pair_arg(dilation, op, "dilation");
  w.ceil_mode = ceil_mode;
  for (size_t d = 0; d < 2; ++d) {
    XGRAD_CHECK(w.padding[d] >= 0, "{}: pad must be non-negative, but got pad: {}", op, w.padding[d]);
    XGRAD_CHECK(w.padding[d] <= w.kernel[d] / 2,
                "{}: pad should be at most half of kernel size, but got pad={} and kernel_size={}", op, w.padding[d],
                w.kernel[d]);
  }
  XGRAD_CHECK(w.kernel[0] > 0 && w.kernel[1] > 0, "{}: kernel size should be greater than zero, but got kH: {} kW: {}",
              op, w.kernel[0], w.kernel[1]);
  XGRAD_CHECK(w.stride[0] > 0 && w.stride[1] > 0, "{}: stride should be greater than zero, but got dH: {} dW: {}", op,
              w.stride[0], w.stride[1]);
  XGRAD_CHECK(w.dilation[0] > 0 && w.dilation[1] > 0,
              "{}: dilation should be greater than zero, but got dilationH: {} dilationW: {}", op, w.dilation[0],
              w.dilation[1]);
  const int64_t nd = self.dim();
  bool dims_ok = nd == 3 || nd == 4;
  for (int64_t d = nd - 3; dims_ok && d < nd; ++d) dims_ok = self.size(d) != 0;
  XGRAD_CHECK(dims_ok,
              "{}: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: {}", op,
              shape_str(self.sizes()));
  g.H = self.size(nd - 2);
  g.W = self.size(nd - 1);
  g.planes = self.numel() / (g.H * g.W);
  const std::optional<int64_t> oH =
      detail::window_output_size(g.H, w.kernel[0], w.stride[0], w.padding[0], w.dilation[0], ceil_mode);
  const std::optional<int64_t> oW =
      detail::window_output_size(g.W, w.kernel[1], w.stride[1], w.padding[1], w.dilation[1], ceil_mode);
  XGRAD_CHECK(oH && oW,
              "{}: the output size overflows int64: input {} with kernel_size {}, stride {}, padding {}, dilation {}", op,
              shape_str(self.sizes()), shape_str(w.kernel), shape_str(w.stride), shape_str(w.padding),
              shape_str(w.dilation));
  g.oH = *oH;
  g.oW = *oW;
  const int64_t channels = self.size(nd - 3);
  XGRAD_CHECK(g.oH >= 1 && g.oW >= 1,
              "{}: Given input size: ({}x{}x{}). Calculated output size: ({}x{}x{}). Output size is too small", op,
              channels, g.H, g.W, channels, g.oH, g.oW);
  g.out_sizes = self.sizes().vec();
  g.out_sizes[nd - 2] = g.oH;
  g.out_sizes[nd - 1] = g.oW;
  return g;
}

// ---- max pooling ----

/// The taps of one window along one dim: input positions first, first + step, ... (count of them).
struct Taps {
  int64_t first = 0, count = 0;
};

/// For each of `out` windows: the taps o*s - p + i*d (i in [0, k)) that fall inside [0, in), in
/// closed form, since k may be huge (its taps in the padding are never visited). No step overflows:
/// o*s stays within what window_output_size computed, and skip*d is at most (k - 1) d.
std::vector<Taps> max_taps(int64_t out, int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {
  using detail::ceil_div;
  std::vector<Taps> taps(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    const int64_t start = o * s - p;
    const int64_t skip = start < 0 ? ceil_div(-start, d) : 0;  // taps in the left padding
    if (skip >= k) continue;                                   // the whole window is padding
    const int64_t first = start + skip * d;
    if (first >= in) continue;
    taps[static_cast<size_t>(o)] = Taps{first, std::min(k - skip, (in - 1 - first) / d + 1)};
  }
  return taps;
}

/// A column tap j of max_pool_planes: it reads input column ow*sW + off (off = j*dW - pW) for the
/// outputs ow in [lo, hi).
struct ColumnTap {
  int64_t off = 0, lo = 0, hi = 0;
};

/// The column taps that read inside the input for at least one output, in increasing j (the scan
/// order, which decides ties). A huge kernel over a huge padding thus costs only its taps inside the
/// input. Output ow reads inside with the taps j in [ceil((pW - ow sW) / dW), ceil((W + pW - ow sW) / dW)):
/// ranges that move up as ow goes down, so walking ow downwards visits each tap once, in order.
std::vector<ColumnTap> column_taps(int64_t W, int64_t oW, int64_t k, int64_t s, int64_t p, int64_t d) {
  using detail::ceil_div;
  std::vector<ColumnTap> taps;
  int64_t next = 0;  // the first tap not visited yet
  for (int64_t ow = oW; ow-- > 0;) {
    const int64_t from = std::max(next, ceil_div(p - ow * s, d)), to = std::min(k, ceil_div(W + p - ow * s, d));
    for (int64_t j = from; j < to; ++j) {
      const int64_t off = j * d - p;
      taps.push_back(ColumnTap{off, off >= 0 ? 0 : ceil_div(-off, s), std::min(oW, ceil_div(W - off, s))});
    }
    next = std::max(next, to);
  }
  return taps;
}

/// y (and, if kIndices, idx) for every plane. A window wholly in the padding (possible with
/// dilation) gives -inf and index -1, which backward skips.
/// One output row at a time, tap by tap: the innermost loop runs along the output row (branch-free,
/// so it vectorises), and each window still sees its taps in row-major scan order, which decides ties.
template <typename T, bool kIndices>
void max_pool_planes(const T* x, T* y, int64_t* idx, const PoolShape& g, int64_t first, int64_t last) {
  const PoolWindow& w = g.window;
  const std::vector<Taps> rows = max_taps(g.oH, g.H, w.kernel[0], w.stride[0], w.padding[0], w.dilation[0]);
  const std::vector<Taps> cols = max_taps(g.oW, g.W, w.kernel[1], w.stride[1], w.padding[1], w.dilation[1]);
  const int64_t W = g.W, oW = g.oW, sW = w.stride[1];
  const std::vector<ColumnTap> taps = column_taps(W, oW, w.kernel[1], sW, w.padding[1], w.dilation[1]);
  const T lowest = -std::numeric_limits<T>::infinity();
  for (int64_t pl = first; pl < last; ++pl) {
    const T* xp = x + pl * g.H * W;
    for (int64_t oh = 0; oh < g.oH; ++oh) {
      const Taps r = rows[static_cast<size_t>(oh)];
      T* yr = y + (pl * g.oH + oh) * oW;
      int64_t* ir = kIndices ? idx + (pl * g.oH + oh) * oW : nullptr;
      for (int64_t ow = 0; ow < oW; ++ow) {
        yr[ow] = lowest;
        if (kIndices) {
          const Taps c = cols[static_cast<size_t>(ow)];
          ir[ow] = r.count > 0 && c.count > 0 ? r.first * W + c.first : -1;
        }
      }
      for (int64_t i = 0; i < r.count; ++i) {
        const int64_t h = r.first + i * w.dilation[0];
        const T* xr = xp + h * W;
        for (const ColumnTap& tap : taps) {
          for (int64_t ow = tap.lo; ow < tap.hi; ++ow) {
            const int64_t col = ow * sW + tap.off;
            const T v = xr[col];
            // `>` keeps the first of equal values; a NaN always replaces (PyTorch's rule).
            const bool take = v > yr[ow] || v != v;
            yr[ow] = take ? v : yr[ow];
            if (kIndices) ir[ow] = take ? h * W + col : ir[ow];
          }
        }
      }
    }
  }
}

/// The common 2 x 2 window with stride 2, no padding and no dilation: the four taps of a window
/// are read directly, in the same scan order and with the same rule as max_pool_planes.
template <typename T, bool kIndices>
void max_pool_2x2_planes(const T* x, T* y, int64_t* idx, const PoolShape& g, int64_t first, int64_t last) {
  const int64_t W = g.W, oW = g.oW;
  for (int64_t pl = first; pl < last; ++pl)
    for (int64_t oh = 0; oh < g.oH; ++oh) {
      const T* r0 = x + (pl * g.H + 2 * oh) * W;
      const T* r1 = r0 + W;
      T* yr = y + (pl * g.oH + oh) * oW;
      int64_t* ir = kIndices ? idx + (pl * g.oH + oh) * oW : nullptr;
      const int64_t top = 2 * oh * W;
      for (int64_t ow = 0; ow < oW; ++ow) {
        const int64_t c = 2 * ow;
        T best = r0[c];
        int64_t at = top + c;
        const auto tap = [&](T v, int64_t where) {
          const bool take = v > best || v != v;  // `>` keeps the first of equal values; a NaN replaces
          best = take ? v : best;
          at = take ? where : at;
        };
        tap(r0[c + 1], top + c + 1);
        tap(r1[c], top + W + c);
        tap(r1[c + 1], top + W + c + 1);
        yr[ow] = best;
        if (kIndices) ir[ow] = at;
      }
    }
}

/// y (and idx) for every plane, the planes split over the threads.
template <typename T, bool kIndices>
void max_pool(const T* x, T* y, int64_t* idx, const PoolShape& g) {
  // (ceil_mode can add a last window that hangs over the input's edge: that one takes the general path.)
  const PoolWindow& w = g.window;
  const bool two_by_two = w.kernel == Pair{2, 2} && w.stride == Pair{2, 2} && w.padding == Pair{0, 0} &&
                          w.dilation == Pair{1, 1} && 2 * g.oH <= g.H && 2 * g.oW <= g.W;
  detail::parallel_for(g.planes, detail::block_grain(g.H * g.W), [&](int64_t first, int64_t last) {
    if (two_by_two)
      max_pool_2x2_planes<T, kIndices>(x, y, idx, g, first, last);
    else
      max_pool_planes<T, kIndices>(x, y, idx, g, first, last);
  });
}

/// The [..., H, W] planes of `sizes` as detail::Lines, each plane one line: a flat index h * W + w
/// is a position along it (ops/gather.h).
detail::Lines plane_lines(IntArrayRef sizes) {
  const size_t nd = sizes.size();
  detail::Lines l;
  l.size = sizes[nd - 2] * sizes[nd - 1];
  for (size_t d = 0; d + 2 < nd; ++d) l.outer *= sizes[d];
  return l;
}

/// The gradient of a pooling's backward for the forward input self (its input 1, as in PyTorch): zero.
Tensor zero_for_self(const BackwardContext& c) {
  const autograd::InputMetadata& self = c.input(1);
  return c.needs(1) ? zeros(self.sizes, self.dtype) : Tensor();
}

// dx = g scattered (added) to idx, linear in g:  d(g) = gather(d(dx)) at idx
const Derivative<> kMaxPool2DWithIndicesBackwardBackward0{
    "MaxPool2DWithIndicesBackwardBackward0", [](const BackwardContext& c, const NoState&) {
      const Tensor& g = c.grad();
      return variable_list{c.needs(0) ? detail::gather_lines(g, plane_lines(g.sizes()), c.saved(0)) : Tensor(),
                           zero_for_self(c)};
    }};

/// dx of self's shape: per plane, dx[indices[k]] += grad[k].
Tensor max_pool2d_backward(const Tensor& grad, const Tensor& self, const Tensor& indices) {
  Tensor dx = detail::scatter_add_lines(grad, plane_lines(self.sizes()), indices, self.sizes(), self.scalar_type());
  record(kMaxPool2DWithIndicesBackwardBackward0, {grad, self}).save(indices).output(dx);
  return dx;
}

// (y, idx) = the maximum of each window and where it is:  dx = g scattered (added) to idx
const Derivative<> kMaxPool2DWithIndicesBackward0{
    "MaxPool2DWithIndicesBackward0", [](const BackwardContext& c, const NoState&) {
      return variable_list{max_pool2d_backward(c.grad(), c.saved(0), c.saved(1))};
    }};

/// The pooled values, and the indices when asked for or when backward will need them.
std::tuple<Tensor, Tensor> max_pool2d_impl(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                                           IntArrayRef padding, IntArrayRef dilation, bool ceil_mode,
                                           bool want_indices, const char* op) {
  const PoolShape g = pool_shape(self, kernel_size, stride, padding, dilation, ceil_mode, op);
  auto recording = record(kMaxPool2DWithIndicesBackward0, {self});
  const bool indices = want_indices || recording;
  const Tensor x = detail::as_dense(self, self.scalar_type());
  Tensor out = empty(g.out_sizes, self.scalar_type());
  Tensor idx = indices ? empty(g.out_sizes, kLong) : Tensor();
  detail::dispatch_floating(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    if (indices)
      max_pool<T, true>(x.data_ptr<T>(), out.data_ptr<T>(), idx.data_ptr<int64_t>(), g);
    else
      max_pool<T, false>(x.data_ptr<T>(), out.data_ptr<T>(), nullptr, g);
  });
  recording.save(self).save(idx).output(out);
  return {out, idx};
}

// ---- average pooling ----

/// One window along one dim: the input positions [first, first + count) it sums, and its length
/// clipped to the padded input (count_include_pad's divisor).
struct Window {
  int64_t first = 0, count = 0, padded = 0;
};

std::vector<Window> avg_windows(int64_t out, int64_t in, int64_t k, int64_t s, int64_t p) {
  std::vector<Window> w(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    const int64_t start = o * s - p;
    const int64_t end = start + std::min(k, in + p - start);  // min(start + k, in + p); start + k may overflow
    const int64_t first = std::max<int64_t>(start, 0), last = std::min(end, in);
    w[static_cast<size_t>(o)] = Window{first, std::max<int64_t>(last - first, 0), end - start};
  }
  return w;
}

/// adaptive pooling: window o covers [floor(o*in/out), ceil((o+1)*in/out)).
std::vector<Window> adaptive_windows(int64_t out, int64_t in) {
  std::vector<Window> w;
  try {  // out comes from the user's output_size: too many windows is an error, not std::bad_alloc
    w.resize(static_cast<size_t>(out));
  } catch (const std::bad_alloc&) {
    throw Error(fmt::format("adaptive_avg_pool2d: out of memory for the windows of output size {} (input size {})",
                            out, in));
  }
  for (int64_t o = 0; o < out; ++o) {
    const int64_t first = o * in / out, last = ((o + 1) * in + out - 1) / out;
    w[static_cast<size_t>(o)] = Window{first, last - first, last - first};
  }
  return w;
}

/// The windows of an average pooling and each output's divisor.
struct AvgPlan {
  std::vector<Window> rows, cols;
  int64_t H = 0, W = 0, planes = 0;
  bool count_include_pad = true;
  std::optional<int64_t> divisor_override;
  /// In double: a huge kernel's padded window (kernel_size [2^62, 2^62]) has more than 2^63 positions.
  double divisor(const Window& r, const Window& c) const {
    if (divisor_override) return static_cast<double>(*divisor_override);
    return count_include_pad ? static_cast<double>(r.padded) * static_cast<double>(c.padded)
                             : static_cast<double>(r.count) * static_cast<double>(c.count);
  }
};

/// y[o] = sum of x over o's window / divisor, plane by plane.
template <typename T>
void avg_pool_planes(const T* x, T* y, const AvgPlan& plan) {
  const int64_t W = plan.W, oH = static_cast<int64_t>(plan.rows.size()), oW = static_cast<int64_t>(plan.cols.size());
  for (int64_t pl = 0; pl < plan.planes; ++pl) {
    const T* xp = x + pl * plan.H * W;
    T* yp = y + pl * oH * oW;
    for (int64_t oh = 0; oh < oH; ++oh) {
      const Window& r = plan.rows[static_cast<size_t>(oh)];
      for (int64_t ow = 0; ow < oW; ++ow) {
        const Window& c = plan.cols[static_cast<size_t>(ow)];
        T sum = 0;
        for (int64_t h = r.first; h < r.first + r.count; ++h) {
          const T* xr = xp + h * W + c.first;
          for (int64_t j = 0; j < c.count; ++j) sum += xr[j];
        }
        yp[oh * oW + ow] = sum / static_cast<T>(plan.divisor(r, c));
      }
    }
  }
}

/// dx[window of o] += g[o] / divisor, plane by plane (dx starts at zero).
template <typename T>
void avg_pool_backward_planes(const T* g, T* dx, const AvgPlan& plan) {
  const int64_t W = plan.W, oH = static_cast<int64_t>(plan.rows.size()), oW = static_cast<int64_t>(plan.cols.size());
  for (int64_t pl = 0; pl < plan.planes; ++pl) {
    T* dp = dx + pl * plan.H * W;
    const T* gp = g + pl * oH * oW;
    for (int64_t oh = 0; oh < oH; ++oh) {
      const Window& r = plan.rows[static_cast<size_t>(oh)];
      for (int64_t ow = 0; ow < oW; ++ow) {
        const Window& c = plan.cols[static_cast<size_t>(ow)];
        const T v = gp[oh * oW + ow] / static_cast<T>(plan.divisor(r, c));
        for (int64_t h = r.first; h < r.first + r.count; ++h) {
          T* dr = dp + h * W + c.first;
          for (int64_t j = 0; j < c.count; ++j) dr[j] += v;
        }
      }
    }
  }
}

/// The arguments of avg_pool2d, kept by its nodes to rebuild the plan or pool again.
struct AvgArgs {
  std::vector<int64_t> kernel_size, stride, padding;
  bool ceil_mode = false, count_include_pad = true;
  std::optional<int64_t> divisor_override;
};

AvgPlan avg_plan(const Tensor& self, const AvgArgs& a, std::vector<int64_t>* out_sizes) {
  const PoolShape g = pool_shape(self, a.kernel_size, a.stride, a.padding, 1, a.ceil_mode, "avg_pool2d");
  const PoolWindow& w = g.window;
  XGRAD_CHECK(!a.divisor_override || *a.divisor_override != 0, "avg_pool2d: divisor must be not zero");
  AvgPlan plan;
  plan.rows = avg_windows(g.oH, g.H, w.kernel[0], w.stride[0], w.padding[0]);
  plan.cols = avg_windows(g.oW, g.W, w.kernel[1], w.stride[1], w.padding[1]);
  plan.H = g.H;
  plan.W = g.W;
  plan.planes = g.planes;
  plan.count_include_pad = a.count_include_pad;
  plan.divisor_override = a.divisor_override;
  if (out_sizes) *out_sizes = g.out_sizes;
  return plan;
}

/// y = pooled x (forward) or, with `backward`, dx of `in_sizes` from g: the two share the plan.
Tensor run_avg(const Tensor& src, const AvgPlan& plan, IntArrayRef out_sizes, bool backward, ScalarType dt,
               const char* op) {
  const Tensor s = detail::as_dense(src, dt);
  Tensor out = backward ? zeros(out_sizes, dt) : empty(out_sizes, dt);
  detail::dispatch_floating(dt, op, [&](auto tag) {
    using T = decltype(tag);
    if (backward)
      avg_pool_backward_planes<T>(s.data_ptr<T>(), out.data_ptr<T>(), plan);
    else
      avg_pool_planes<T>(s.data_ptr<T>(), out.data_ptr<T>(), plan);
  });
  return out;
}

Tensor avg_pool2d_impl(const Tensor& self, const AvgArgs& a);

// dx = avg_pool2d_backward(g), linear in g, and its transpose is the pooling:  d(g) = avg_pool2d(d(dx))
const Derivative<AvgArgs> kAvgPool2DBackwardBackward0{
    "AvgPool2DBackwardBackward0", [](const BackwardContext& c, const AvgArgs& a) {
      return variable_list{c.needs(0) ? avg_pool2d_impl(c.grad(), a) : Tensor(), zero_for_self(c)};
    }};

Tensor avg_pool2d_backward(const Tensor& grad, const Tensor& self, const AvgArgs& a) {
  const AvgPlan plan = avg_plan(self, a, nullptr);
  Tensor dx = run_avg(grad, plan, self.sizes(), /*backward=*/true, self.scalar_type(), "avg_pool2d_backward");
  record(kAvgPool2DBackwardBackward0, {grad, self}, a).output(dx);
  return dx;
}

// y = the mean of each window:  dx[window] += g / divisor
const Derivative<AvgArgs> kAvgPool2DBackward0{"AvgPool2DBackward0", [](const BackwardContext& c, const AvgArgs& a) {
                                                return variable_list{avg_pool2d_backward(c.grad(), c.saved(0), a)};
                                              }};

Tensor avg_pool2d_impl(const Tensor& self, const AvgArgs& a) {
  std::vector<int64_t> out_sizes;
  const AvgPlan plan = avg_plan(self, a, &out_sizes);
  Tensor out = run_avg(self, plan, out_sizes, /*backward=*/false, self.scalar_type(), "avg_pool2d");
  record(kAvgPool2DBackward0, {self}, a).save(self).output(out);
  return out;
}

// ---- adaptive average pooling ----

/// The plan of an adaptive pooling of `in_sizes` ([..., H, W]) to oH x oW.
AvgPlan adaptive_plan(IntArrayRef in_sizes, int64_t oH, int64_t oW) {
  AvgPlan plan;
  plan.H = in_sizes[in_sizes.size() - 2];
  plan.W = in_sizes[in_sizes.size() - 1];
  plan.planes = plane_lines(in_sizes).outer;
  plan.rows = adaptive_windows(oH, plan.H);
  plan.cols = adaptive_windows(oW, plan.W);
  return plan;
}

Tensor adaptive_avg_pool2d_impl(const Tensor& self, int64_t oH, int64_t oW);

// dx = adaptive_avg_pool2d_backward(g) to an oH x oW output, linear in g, and its transpose is the
// pooling:  d(g) = adaptive_avg_pool2d(d(dx), {oH, oW})
const Derivative<Pair> kAdaptiveAvgPool2DBackwardBackward0{
    "AdaptiveAvgPool2DBackwardBackward0", [](const BackwardContext& c, const Pair& out) {
      return variable_list{c.needs(0) ? adaptive_avg_pool2d_impl(c.grad(), out[0], out[1]) : Tensor(),
                           zero_for_self(c)};
    }};

Tensor adaptive_avg_pool2d_backward(const Tensor& grad, const Tensor& self) {
  const int64_t oH = grad.size(-2), oW = grad.size(-1);
  const AvgPlan plan = adaptive_plan(self.sizes(), oH, oW);
  Tensor dx =
      run_avg(grad, plan, self.sizes(), /*backward=*/true, self.scalar_type(), "adaptive_avg_pool2d_backward");
  record(kAdaptiveAvgPool2DBackwardBackward0, {grad, self}, Pair{oH, oW}).output(dx);
  return dx;
}

// y(oh, ow) = the mean of its window:  dx[window] += g / (window size)
const Derivative<> kAdaptiveAvgPool2DBackward0{
    "AdaptiveAvgPool2DBackward0", [](const BackwardContext& c, const NoState&) {
      return variable_list{adaptive_avg_pool2d_backward(c.grad(), c.saved(0))};
    }};

/// The pooling proper (PyTorch's _adaptive_avg_pool2d), for any output size.
Tensor adaptive_avg_pool2d_impl(const Tensor& self, int64_t oH, int64_t oW) {
  std::vector<int64_t> out_sizes = self.sizes().vec();
  out_sizes[out_sizes.size() - 2] = oH;
  out_sizes[out_sizes.size() - 1] = oW;
  const AvgPlan plan = adaptive_plan(self.sizes(), oH, oW);
  Tensor out = run_avg(self, plan, out_sizes, /*backward=*/false, self.scalar_type(), "adaptive_avg_pool2d");
  record(kAdaptiveAvgPool2DBackward0, {self}).save(self).output(out);
  return out;
}

}  // namespace

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                                                   IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  XGRAD_PROFILE_OP("max_pool2d_with_indices");
  return max_pool2d_impl(self, kernel_size, stride, padding, dilation, ceil_mode, /*want_indices=*/true,
                         "max_pool2d_with_indices");
}

Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                  IntArrayRef dilation, bool ceil_mode) {
  XGRAD_PROFILE_OP("max_pool2d");
  return std::get<0>(max_pool2d_impl(self, kernel_size, stride, padding, dilation, ceil_mode,
                                     /*want_indices=*/false, "max_pool2d"));
}

Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding, bool ceil_mode,
                  bool count_include_pad, std::optional<int64_t> divisor_override) {
  XGRAD_PROFILE_OP("avg_pool2d");
  return avg_pool2d_impl(self, AvgArgs{kernel_size.vec(), stride.vec(), padding.vec(), ceil_mode, count_include_pad,
                                       divisor_override});
}

Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size) {
  XGRAD_PROFILE_OP("adaptive_avg_pool2d");
  const char* op = "adaptive_avg_pool2d";
  XGRAD_CHECK(output_size.size() == 2, "{}: output_size must be 2, got {}", op, shape_str(output_size));
  XGRAD_CHECK(output_size[0] >= 0 && output_size[1] >= 0,
              "{}: elements of output_size must be greater than or equal to 0 but received {}", op,
              shape_str(output_size));
  detail::check_defined(self, op);
  const int64_t nd = self.dim();
  XGRAD_CHECK(nd == 3 || nd == 4, "{}: Expected 3D or 4D tensor, but got {}", op, shape_str(self.sizes()));
  for (int64_t d = nd - 3; d < nd; ++d)
    XGRAD_CHECK(self.size(d) != 0,
                "{}: Expected input to have non-zero size for non-batch dimensions, but input has sizes {} with "
                "dimension {} being empty",
                op, shape_str(self.sizes()), d);
  XGRAD_CHECK(self.is_floating_point(), "{}: expected a floating point tensor (Float or Double), got {}", op,
              toString(self.scalar_type()));
  std::vector<int64_t> out_sizes = self.sizes().vec();
  out_sizes[out_sizes.size() - 2] = output_size[0];
  out_sizes[out_sizes.size() - 1] = output_size[1];
  detail::checked_nbytes(out_sizes, self.scalar_type(), op);
  // adaptive_windows computes up to out * in + out - 1 along each dim.
  for (size_t d = 0; d < 2; ++d)
    XGRAD_CHECK((detail::CheckedInt(output_size[d]) * self.size(static_cast<int64_t>(d) - 2) + output_size[d]).get(),
                "{}: output_size {} is too large for input {} (its window bounds overflow int64)", op,
                shape_str(output_size), shape_str(self.sizes()));
  // As PyTorch: pooling to 1 x 1 is a mean over H and W (a MeanBackward1 node).
  if (output_size[0] == 1 && output_size[1] == 1) return self.mean({-1, -2}, /*keepdim=*/true);
  return adaptive_avg_pool2d_impl(self, output_size[0], output_size[1]);
}

}  // namespace xgrad
