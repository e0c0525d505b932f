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
#include <tuple>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>

#include "../check.h"
#include "../dispatch.h"
#include "../graph.h"
#include "../kernels/loops.h"
#include "../kernels/parallel.h"
#include "../size_math.h"
#include "pointwise.h"

namespace xgrad {

namespace {

using autograd::Node;
using autograd::SavedTensor;
using autograd::variable_list;
using detail::shape_str;

using Pair = std::array<int64_t, 2>;

/// A pooling argument given as one value (for both H and W) or two.
Pair pair_arg(IntArrayRef v, const char* op, const char* what) {
  XGRAD_CHECK(v.size() == 1 || v.size() == 2, "{}: {} must be either a single int or a list of two ints, got {}", op,
              what, shape_str(v));
  return {v[0], v[v.size() - 1]};
}

/// A pooling input: [C, H, W] or [N, C, H, W] with non-zero C, H and W (N may be 0).
void check_pool_input(const Tensor& self, const char* op) {
  detail::check_defined(self, op);
  const int64_t nd = self.dim();
  bool ok = nd == 3 || nd == 4;
  for (int64_t d = nd - 3; ok && d < nd; ++d) ok = self.size(d) != 0;
  XGRAD_CHECK(ok, "{}: expected a 3D [C, H, W] or 4D [N, C, H, W] input with non-zero C, H and W, got {}", op,
              shape_str(self.sizes()));
}

/// The geometry of one 2-D pooling: the planes in and out and the windows' parameters.
struct Geometry {
  int64_t planes = 0, H = 0, W = 0, oH = 0, oW = 0;
  Pair k{}, s{}, p{}, d{};
  std::vector<int64_t> out_sizes;  // the input's leading dims, then oH, oW
};

/// Checks the arguments (as PyTorch's pool2d_shape_check) and computes the output size.
Geometry pool_geometry(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                       IntArrayRef dilation, bool ceil_mode, const char* op) {
  check_pool_input(self, op);
  Geometry g;
  g.k = pair_arg(kernel_size, op, "kernel_size");
  g.s = stride.empty() ? g.k : pair_arg(stride, op, "stride");
  g.p = pair_arg(padding, op, "padding");
  g.d = pair_arg(dilation, op, "dilation");
  XGRAD_CHECK(g.k[0] > 0 && g.k[1] > 0, "{}: kernel_size should be greater than zero, got {}", op, shape_str(g.k));
  XGRAD_CHECK(g.s[0] > 0 && g.s[1] > 0, "{}: stride should be greater than zero, got {}", op, shape_str(g.s));
  XGRAD_CHECK(g.d[0] > 0 && g.d[1] > 0, "{}: dilation should be greater than zero, got {}", op, shape_str(g.d));
  XGRAD_CHECK(g.p[0] >= 0 && g.p[1] >= 0, "{}: padding must be non-negative, got {}", op, shape_str(g.p));
  XGRAD_CHECK(g.p[0] <= g.k[0] / 2 && g.p[1] <= g.k[1] / 2,
              "{}: padding should be at most half of kernel size, but got padding {} and kernel_size {}", op,
              shape_str(g.p), shape_str(g.k));
  const int64_t nd = self.dim();
  g.H = self.size(nd - 2);
  g.W = self.size(nd - 1);
  g.planes = self.numel() / (g.H * g.W);
  const std::optional<int64_t> oH = detail::window_output_size(g.H, g.k[0], g.s[0], g.p[0], g.d[0], ceil_mode);
  const std::optional<int64_t> oW = detail::window_output_size(g.W, g.k[1], g.s[1], g.p[1], g.d[1], ceil_mode);
  XGRAD_CHECK(oH && oW,
              "{}: the output size overflows int64: input {} with kernel_size {}, stride {}, padding {}, dilation {}", op,
              shape_str(self.sizes()), shape_str(g.k), shape_str(g.s), shape_str(g.p), shape_str(g.d));
  g.oH = *oH;
  g.oW = *oW;
  const bool dilated = g.d[0] != 1 || g.d[1] != 1;
  XGRAD_CHECK(g.oH >= 1 && g.oW >= 1,
              "{}: the kernel {}{} is larger than the padded input: input {} with padding {} gives an output of "
              "{}x{}",
              op, shape_str(g.k), dilated ? fmt::format(" (dilation {})", shape_str(g.d)) : std::string(),
              shape_str(self.sizes()), shape_str(g.p), g.oH, g.oW);
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
void max_pool_planes(const T* x, T* y, int64_t* idx, const Geometry& g, int64_t first, int64_t last) {
  const std::vector<Taps> rows = max_taps(g.oH, g.H, g.k[0], g.s[0], g.p[0], g.d[0]);
  const std::vector<Taps> cols = max_taps(g.oW, g.W, g.k[1], g.s[1], g.p[1], g.d[1]);
  const int64_t W = g.W, oW = g.oW, sW = g.s[1];
  const std::vector<ColumnTap> taps = column_taps(W, oW, g.k[1], sW, g.p[1], g.d[1]);
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
        const int64_t h = r.first + i * g.d[0];
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
void max_pool_2x2_planes(const T* x, T* y, int64_t* idx, const Geometry& g, int64_t first, int64_t last) {
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

/// Planes per thread: enough elements that a thread's share pays for starting it.
int64_t plane_grain(int64_t plane_size) {
  return std::max<int64_t>(1, detail::kElementwiseGrain / std::max<int64_t>(plane_size, 1));
}

/// y (and idx) for every plane, the planes split over the threads.
template <typename T, bool kIndices>
void max_pool(const T* x, T* y, int64_t* idx, const Geometry& g) {
  // (ceil_mode can add a last window that hangs over the input's edge: that one takes the general path.)
  const bool two_by_two = g.k == Pair{2, 2} && g.s == Pair{2, 2} && g.p == Pair{0, 0} && g.d == Pair{1, 1} &&
                          2 * g.oH <= g.H && 2 * g.oW <= g.W;
  detail::parallel_for(g.planes, plane_grain(g.H * g.W), [&](int64_t first, int64_t last) {
    if (two_by_two)
      max_pool_2x2_planes<T, kIndices>(x, y, idx, g, first, last);
    else
      max_pool_planes<T, kIndices>(x, y, idx, g, first, last);
  });
}

/// The planes of `t` ([..., h, w]) and the size of one plane.
struct Planes {
  int64_t count = 0, size = 0;
};
Planes planes_of(IntArrayRef sizes) {
  const size_t nd = sizes.size();
  Planes p;
  p.size = sizes[nd - 2] * sizes[nd - 1];
  p.count = 1;
  for (size_t d = 0; d + 2 < nd; ++d) p.count *= sizes[d];
  return p;
}

Tensor scatter_by_indices(const Tensor& grad, const Tensor& indices, IntArrayRef in_sizes, ScalarType dtype,
                          const Tensor& self);
Tensor gather_by_indices(const Tensor& src, const Tensor& indices);

/// Backward of the scatter: its transpose, the gather by the same indices; self gets zero.
struct MaxPool2DWithIndicesBackwardBackward0 : Node {
  SavedTensor indices_;
  std::string name() const override { return "MaxPool2DWithIndicesBackwardBackward0"; }
  variable_list apply(variable_list&& grads) override {
    variable_list out(2);
    if (should_compute_output(0)) out[0] = gather_by_indices(grads[0], indices_.unpack(this));
    if (should_compute_output(1)) out[1] = zeros(output_metadata(1).sizes, output_metadata(1).dtype);
    return out;
  }
  void release_variables() override { indices_.reset_data(); }
};

/// Backward of the gather: the scatter by the same indices.
struct GatherBackward0 : Node {
  SavedTensor indices_;
  std::string name() const override { return "GatherBackward0"; }
  variable_list apply(variable_list&& grads) override {
    const autograd::InputMetadata& src = output_metadata(0);
    return {scatter_by_indices(grads[0], indices_.unpack(this), src.sizes, src.dtype, Tensor())};
  }
  void release_variables() override { indices_.reset_data(); }
};
/// dx of in_sizes: per plane, dx[indices[k]] += grad[k]. `self` (the forward input of max
/// pooling, or undefined) gets the zero second-order edge.
Tensor scatter_by_indices(const Tensor& grad, const Tensor& indices, IntArrayRef in_sizes, ScalarType dt,
                          const Tensor& self) {
  const Tensor g = detail::as_dense(grad, dt);
  const Tensor ix = detail::as_dense(indices, kLong);
  Tensor dx = empty(in_sizes, dt);
  const Planes in = planes_of(in_sizes), out = planes_of(ix.sizes());
  detail::dispatch_floating(dt, "max_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    const T* gp = g.data_ptr<T>();
    const int64_t* ip = ix.data_ptr<int64_t>();
    T* dp = dx.data_ptr<T>();
    detail::parallel_for(out.count, plane_grain(in.size), [&](int64_t first, int64_t last) {
      for (int64_t pl = first; pl < last; ++pl) {
        T* dplane = dp + pl * in.size;
        const int64_t* iplane = ip + pl * out.size;
        const T* gplane = gp + pl * out.size;
        std::fill(dplane, dplane + in.size, T(0));  // here, so that the threads share the zeroing too
        for (int64_t k = 0; k < out.size; ++k)
          if (iplane[k] >= 0) dplane[iplane[k]] += gplane[k];
      }
    });
  });
  if (auto node = autograd::record<MaxPool2DWithIndicesBackwardBackward0>({grad, self})) {
    node->indices_ = SavedTensor(indices, false);
    autograd::set_history(dx, node);
  }
  return dx;
}

/// out (indices' shape): per plane, out[k] = src[indices[k]] (0 where the index is -1).
Tensor gather_by_indices(const Tensor& src, const Tensor& indices) {
  const ScalarType dt = src.scalar_type();
  const Tensor s = detail::as_dense(src, dt);
  const Tensor ix = detail::as_dense(indices, kLong);
  Tensor out = empty(ix.sizes(), dt);
  const Planes in = planes_of(s.sizes()), op = planes_of(ix.sizes());
  detail::dispatch_floating(dt, "max_pool2d_double_backward", [&](auto tag) {
    using T = decltype(tag);
    const T* sp = s.data_ptr<T>();
    const int64_t* ip = ix.data_ptr<int64_t>();
    T* o = out.data_ptr<T>();
    for (int64_t pl = 0; pl < op.count; ++pl)
      for (int64_t k = 0; k < op.size; ++k) {
        const int64_t at = ip[pl * op.size + k];
        o[pl * op.size + k] = at >= 0 ? sp[pl * in.size + at] : T(0);
      }
  });
  if (auto node = autograd::record<GatherBackward0>({src})) {
    node->indices_ = SavedTensor(indices, false);
    autograd::set_history(out, node);
  }
  return out;
}

struct MaxPool2DWithIndicesBackward0 : Node {
  SavedTensor self_, indices_;
  std::string name() const override { return "MaxPool2DWithIndicesBackward0"; }
  variable_list apply(variable_list&& grads) override {
    const Tensor self = self_.unpack(this);
    return {scatter_by_indices(grads[0], indices_.unpack(this), self.sizes(), self.scalar_type(), self)};
  }
  void release_variables() override {
    self_.reset_data();
    indices_.reset_data();
  }
};

/// The pooled values, and the indices when asked for or when backward will need them.
std::tuple<Tensor, Tensor> max_pool2d_impl(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                                           IntArrayRef padding, IntArrayRef dilation, bool ceil_mode,
                                           bool want_indices, const char* op) {
  const Geometry g = pool_geometry(self, kernel_size, stride, padding, dilation, ceil_mode, op);
  const bool recording = GradMode::is_enabled() && self.requires_grad();
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
  if (auto node = autograd::record<MaxPool2DWithIndicesBackward0>({self})) {
    node->self_ = SavedTensor(self, false);
    node->indices_ = SavedTensor(idx, false);
    autograd::set_history(out, node);
  }
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
  const Geometry g = pool_geometry(self, a.kernel_size, a.stride, a.padding, 1, a.ceil_mode, "avg_pool2d");
  XGRAD_CHECK(!a.divisor_override || *a.divisor_override != 0, "avg_pool2d: divisor must be not zero");
  AvgPlan plan;
  plan.rows = avg_windows(g.oH, g.H, g.k[0], g.s[0], g.p[0]);
  plan.cols = avg_windows(g.oW, g.W, g.k[1], g.s[1], g.p[1]);
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

/// The transpose of avg pooling's backward is the pooling itself; self gets zero.
struct AvgPool2DBackwardBackward0 : Node {
  AvgArgs args_;
  std::string name() const override { return "AvgPool2DBackwardBackward0"; }
  variable_list apply(variable_list&& grads) override {
    variable_list out(2);
    if (should_compute_output(0)) out[0] = avg_pool2d_impl(grads[0], args_);
    if (should_compute_output(1)) out[1] = zeros(output_metadata(1).sizes, output_metadata(1).dtype);
    return out;
  }
};

Tensor avg_pool2d_backward(const Tensor& grad, const Tensor& self, const AvgArgs& a) {
  const AvgPlan plan = avg_plan(self, a, nullptr);
  Tensor dx = run_avg(grad, plan, self.sizes(), /*backward=*/true, self.scalar_type(), "avg_pool2d_backward");
  if (auto node = autograd::record<AvgPool2DBackwardBackward0>({grad, self})) {
    node->args_ = a;
    autograd::set_history(dx, node);
  }
  return dx;
}

struct AvgPool2DBackward0 : Node {
  SavedTensor self_;
  AvgArgs args_;
  std::string name() const override { return "AvgPool2DBackward0"; }
  variable_list apply(variable_list&& grads) override {
    return {avg_pool2d_backward(grads[0], self_.unpack(this), args_)};
  }
  void release_variables() override { self_.reset_data(); }
};

Tensor avg_pool2d_impl(const Tensor& self, const AvgArgs& a) {
  std::vector<int64_t> out_sizes;
  const AvgPlan plan = avg_plan(self, a, &out_sizes);
  Tensor out = run_avg(self, plan, out_sizes, /*backward=*/false, self.scalar_type(), "avg_pool2d");
  if (auto node = autograd::record<AvgPool2DBackward0>({self})) {
    node->self_ = SavedTensor(self, false);
    node->args_ = a;
    autograd::set_history(out, node);
  }
  return out;
}

// ---- adaptive average pooling ----

/// The plan of an adaptive pooling of `in_sizes` ([..., H, W]) to oH x oW.
AvgPlan adaptive_plan(IntArrayRef in_sizes, int64_t oH, int64_t oW) {
  const Planes p = planes_of(in_sizes);
  AvgPlan plan;
  plan.H = in_sizes[in_sizes.size() - 2];
  plan.W = in_sizes[in_sizes.size() - 1];
  plan.planes = p.count;
  plan.rows = adaptive_windows(oH, plan.H);
  plan.cols = adaptive_windows(oW, plan.W);
  return plan;
}

Tensor adaptive_avg_pool2d_impl(const Tensor& self, int64_t oH, int64_t oW);

/// The transpose of adaptive pooling's backward is the pooling itself; self gets zero.
struct AdaptiveAvgPool2DBackwardBackward0 : Node {
  int64_t oH_ = 0, oW_ = 0;
  std::string name() const override { return "AdaptiveAvgPool2DBackwardBackward0"; }
  variable_list apply(variable_list&& grads) override {
    variable_list out(2);
    if (should_compute_output(0)) out[0] = adaptive_avg_pool2d_impl(grads[0], oH_, oW_);
    if (should_compute_output(1)) out[1] = zeros(output_metadata(1).sizes, output_metadata(1).dtype);
    return out;
  }
};

Tensor adaptive_avg_pool2d_backward(const Tensor& grad, const Tensor& self) {
  const int64_t oH = grad.size(-2), oW = grad.size(-1);
  const AvgPlan plan = adaptive_plan(self.sizes(), oH, oW);
  Tensor dx =
      run_avg(grad, plan, self.sizes(), /*backward=*/true, self.scalar_type(), "adaptive_avg_pool2d_backward");
  if (auto node = autograd::record<AdaptiveAvgPool2DBackwardBackward0>({grad, self})) {
    node->oH_ = oH;
    node->oW_ = oW;
    autograd::set_history(dx, node);
  }
  return dx;
}

struct AdaptiveAvgPool2DBackward0 : Node {
  SavedTensor self_;
  std::string name() const override { return "AdaptiveAvgPool2DBackward0"; }
  variable_list apply(variable_list&& grads) override {
    return {adaptive_avg_pool2d_backward(grads[0], self_.unpack(this))};
  }
  void release_variables() override { self_.reset_data(); }
};

/// The pooling proper (PyTorch's _adaptive_avg_pool2d), for any output size.
Tensor adaptive_avg_pool2d_impl(const Tensor& self, int64_t oH, int64_t oW) {
  std::vector<int64_t> out_sizes = self.sizes().vec();
  out_sizes[out_sizes.size() - 2] = oH;
  out_sizes[out_sizes.size() - 1] = oW;
  const AvgPlan plan = adaptive_plan(self.sizes(), oH, oW);
  Tensor out = run_avg(self, plan, out_sizes, /*backward=*/false, self.scalar_type(), "adaptive_avg_pool2d");
  if (auto node = autograd::record<AdaptiveAvgPool2DBackward0>({self})) {
    node->self_ = SavedTensor(self, false);
    autograd::set_history(out, node);
  }
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
  XGRAD_CHECK(output_size.size() == 2, "{}: output_size must have two elements, got {}", op, shape_str(output_size));
  XGRAD_CHECK(output_size[0] >= 0 && output_size[1] >= 0,
              "{}: elements of output_size must be greater than or equal to 0, got {}", op, shape_str(output_size));
  check_pool_input(self, op);
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
