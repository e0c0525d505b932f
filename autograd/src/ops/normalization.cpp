// Normalization: batch_norm and layer_norm.
//
// batch_norm: input [N, C] or [N, C, *], seen as contiguous [N, C, S] (S the product of the trailing
// dims); each channel c is normalised over its m = N*S values. weight, bias, running_mean and
// running_var hold C values each (weight and bias may be undefined: 1 and 0).
//   training: mu = mean(x), var = mean((x - mu)^2) (biased); running stats, when given, become
//             momentum * (mu, var * m / (m - 1)) + (1 - momentum) * running, in place and unrecorded
//   eval:     mu, var = running_mean, running_var
//   invstd = 1 / sqrt(var + eps), xhat = (x - mu) * invstd, y = xhat * w + b
// layer_norm: input [*, D1, ..., Dk] with normalized_shape [D1, ..., Dk], seen as M rows of
// D = D1*...*Dk values; each row is normalised with its own (biased) mu and var, and weight and bias
// (of normalized_shape, or undefined) apply elementwise along the row: y = xhat * w + b.
//
// Backward (g = dL/dy; sums run over the values normalised together, or for dw, db over the rest):
//   db = sum(g), dw = sum(g * xhat)
//   batch_norm training and layer_norm (the statistics depend on x), with gw = g * w:
//     dx = invstd * (gw - mean(gw) - xhat * mean(gw * xhat))
//   batch_norm eval: dx = g * w * invstd
// Statistics and gradient sums accumulate in double. Backward is one fused pass when no graph is
// being built (the usual case); under create_graph it is written with differentiable tensor ops,
// recomputing the statistics from x, so double backward works (derivative.h).
#include <cmath>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "pointwise.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;
using detail::shape_str;

/// `t` as a dense tensor of dtype dt, or undefined (the kernels then use 1 for a weight, 0 for a bias).
Tensor dense_or_undefined(const Tensor& t, ScalarType dt) { return t.defined() ? detail::as_dense(t, dt) : Tensor(); }

template <typename T>
const T* data_or_null(const Tensor& t) {
  return t.defined() ? t.data_ptr<T>() : nullptr;
}

/// t summed over `dims`, or t itself when there are none (t.sum({}) would sum over every dim).
Tensor sum_over(const Tensor& t, const std::vector<int64_t>& dims) {
  return dims.empty() ? t : t.sum(dims);
}

// ---- batch_norm ----

/// The layout [N, C, S] of a batch_norm input.
struct ChannelLayout {
  int64_t N = 0, C = 0, S = 1;
  int64_t per_channel() const { return N * S; }
};

ChannelLayout channel_layout(const Tensor& input) {
  ChannelLayout l;
  l.N = input.size(0);
  l.C = input.size(1);
  for (int64_t d = 2; d < input.dim(); ++d) l.S *= input.size(d);
  return l;
}

/// [1, C, 1, ...]: a per-channel tensor broadcast against an nd-dim input.
std::vector<int64_t> channel_shape(int64_t nd, int64_t C) {
  std::vector<int64_t> s(static_cast<size_t>(nd), 1);
  s[1] = C;
  return s;
}

/// Every dim of an nd-dim input but the channel dim 1.
std::vector<int64_t> non_channel_dims(int64_t nd) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < nd; ++d) dims.push_back(d);
  return dims;
}

/// The sum of term_at(i) over the flat indices i of channel c's values (N contiguous runs of S).
template <typename F>
double channel_sum(const ChannelLayout& l, int64_t c, F term_at) {
  double s = 0;
  for (int64_t n = 0; n < l.N; ++n) {
    const int64_t base = (n * l.C + c) * l.S;
    s += detail::sum_in_double(l.S, [term_at, base](int64_t i) { return term_at(base + i); });
  }
  return s;
}

/// A fused normalization backward's {dx, dw, db}: dw and db, summed in double, in the weight's and
/// bias's dtype and shape.
variable_list affine_grads(const BackwardContext& c, const Tensor& dx, const Tensor& dw, const Tensor& db) {
  variable_list out(3);
  out[0] = dx;
  if (c.needs(1)) out[1] = dw.to(c.input(1).dtype).view(c.input(1).sizes);
  if (c.needs(2)) out[2] = db.to(c.input(2).dtype).view(c.input(2).sizes);
  return out;
}

/// Forward kernel: y = (x - mean[c]) * invstd[c] * w[c] + b[c]. In training it first computes each
/// channel's mean, invstd and unbiased variance (in double); in eval it reads mean and invstd.
template <typename T>
void batch_norm_kernel(const T* x, T* y, const T* w, const T* b, const ChannelLayout& l, bool training, double eps,
                       double* mean, double* invstd, double* unbiased_var) {
  const double m = static_cast<double>(l.per_channel());
  for (int64_t c = 0; c < l.C; ++c) {
    if (training) {
      const double mu = m > 0 ? channel_sum(l, c, [x](int64_t i) { return static_cast<double>(x[i]); }) / m : 0.0;
      const double ssd = channel_sum(l, c, [x, mu](int64_t i) {
        const double v = static_cast<double>(x[i]) - mu;
        return v * v;
      });
      mean[c] = mu;
      invstd[c] = 1.0 / std::sqrt((m > 0 ? ssd / m : 0.0) + eps);
      unbiased_var[c] = m > 1 ? ssd / (m - 1) : 0.0;
    }
    // (x - mean) * alpha + b: subtracting first keeps the precision that x * alpha - mean * alpha
    // loses when the variance is small.
    const T mu = static_cast<T>(mean[c]);
    const T a = static_cast<T>(invstd[c] * (w ? static_cast<double>(w[c]) : 1.0));
    const T bt = b ? b[c] : T(0);
    for (int64_t n = 0; n < l.N; ++n) {
      const int64_t base = (n * l.C + c) * l.S;
      for (int64_t i = 0; i < l.S; ++i) y[base + i] = (x[base + i] - mu) * a + bt;
    }
  }
}

/// The fused backward: dx (if wanted) and the per-channel sums behind dw and db.
template <typename T>
void batch_norm_backward_kernel(const T* g, const T* x, const T* w, const double* mean, const double* invstd,
                                const ChannelLayout& l, bool training, T* dx, double* dw, double* db) {
  const double m = static_cast<double>(l.per_channel());
  for (int64_t c = 0; c < l.C; ++c) {
    const double mu = mean[c], is = invstd[c];
    const double sum_g = channel_sum(l, c, [g](int64_t i) { return static_cast<double>(g[i]); });
    const double dot = channel_sum(l, c, [g, x, mu](int64_t i) {
      return static_cast<double>(g[i]) * (static_cast<double>(x[i]) - mu);
    });
    db[c] = sum_g;
    dw[c] = dot * is;
    if (!dx) continue;
    const double scale = is * (w ? static_cast<double>(w[c]) : 1.0);
    // dx = scale * (g - sum_g/m - (x - mu) * dot * is^2 / m) = g*a + (x - mu)*k + k0 (training), g*a (eval)
    const double k = training && m > 0 ? -scale * dot * is * is / m : 0.0;
    const double k0 = training && m > 0 ? -scale * sum_g / m : 0.0;
    const T a = static_cast<T>(scale), kt = static_cast<T>(k), k0t = static_cast<T>(k0), mut = static_cast<T>(mu);
    for (int64_t n = 0; n < l.N; ++n) {
      const int64_t base = (n * l.C + c) * l.S;
      for (int64_t i = 0; i < l.S; ++i) dx[base + i] = g[base + i] * a + (x[base + i] - mut) * kt + k0t;
    }
  }
}

/// What batch_norm's node keeps besides its saved input, weight, mean and invstd ([C] kDouble: the
/// statistics the forward normalised with).
struct BatchNorm {
  bool training;
  double eps;
};

/// The fused backward: one pass per channel.
variable_list batch_norm_fused(const BackwardContext& c, const BatchNorm& s) {
  const Tensor x = c.saved(0), w = c.saved(1), mean = c.saved(2), invstd = c.saved(3);
  const ScalarType dt = x.scalar_type();
  const ChannelLayout l = channel_layout(x);
  const Tensor g = detail::as_dense(c.grad(), dt), xd = detail::as_dense(x, dt);
  const Tensor wd = dense_or_undefined(w, dt);
  Tensor dx = c.needs(0) ? empty(x.sizes(), dt) : Tensor();
  Tensor dw = empty({l.C}, kDouble), db = empty({l.C}, kDouble);
  detail::dispatch_floating(dt, "batch_norm_backward", [&](auto tag) {
    using T = decltype(tag);
    batch_norm_backward_kernel<T>(g.data_ptr<T>(), xd.data_ptr<T>(), data_or_null<T>(wd), mean.data_ptr<double>(),
                                  invstd.data_ptr<double>(), l, s.training, dx.defined() ? dx.data_ptr<T>() : nullptr,
                                  dw.data_ptr<double>(), db.data_ptr<double>());
  });
  return affine_grads(c, dx, dw, db);
}

/// The same formulas as differentiable tensor ops (create_graph).
variable_list batch_norm_differentiable(const BackwardContext& c, const BatchNorm& s) {
  const Tensor& g = c.grad();
  const Tensor x = c.saved(0), w = c.saved(1);
  const int64_t nd = x.dim(), C = x.size(1);
  const std::vector<int64_t> dims = non_channel_dims(nd), cshape = channel_shape(nd, C);
  Tensor invstd, xhat;
  if (s.training) {
    const Tensor xc = x - x.mean(dims, /*keepdim=*/true);
    invstd = ((xc * xc).mean(dims, /*keepdim=*/true) + s.eps).pow(-0.5);
    xhat = xc * invstd;
  } else {
    invstd = c.saved(3).to(x.scalar_type()).view(cshape);
    xhat = (x - c.saved(2).to(x.scalar_type()).view(cshape)) * invstd;
  }
  variable_list out(3);
  if (c.needs(0)) {
    const Tensor scale = w.defined() ? invstd * w.view(cshape) : invstd;
    out[0] = s.training
                 ? (g - g.mean(dims, /*keepdim=*/true) - xhat * (g * xhat).mean(dims, /*keepdim=*/true)) * scale
                 : g * scale;
  }
  if (c.needs(1)) out[1] = (g * xhat).sum(dims).view(c.input(1).sizes);
  if (c.needs(2)) out[2] = g.sum(dims).view(c.input(2).sizes);
  return out;
}

// y = xhat w + b:  db = sum(g),  dw = sum(g xhat),  dx = invstd (gw - mean(gw) - xhat mean(gw xhat))
// (training; eval: dx = gw invstd), gw = g w
const Derivative<BatchNorm> kNativeBatchNormBackward0{
    "NativeBatchNormBackward0", [](const BackwardContext& c, const BatchNorm& s) {
      return autograd::fused_unless_graphed(
          c, [&] { return batch_norm_fused(c, s); }, [&] { return batch_norm_differentiable(c, s); });
    }};

void check_per_channel(const Tensor& t, const char* what, int64_t C, const Tensor& input) {
  if (!t.defined()) return;
  XGRAD_CHECK(t.numel() == C, "batch_norm: {} should contain {} elements (one per channel of input {}), got {} ({})",
              what, C, shape_str(input.sizes()), t.numel(), shape_str(t.sizes()));
}

// ---- layer_norm ----

/// Forward kernel over M rows of D: y = (x - mean) * rstd * w + b, with mean and rstd per row.
template <typename T>
void layer_norm_kernel(const T* x, T* y, const T* w, const T* b, int64_t M, int64_t D, double eps, double* mean,
                       double* rstd) {
  for (int64_t r = 0; r < M; ++r) {
    const T* xr = x + r * D;
    T* yr = y + r * D;
    const double mu = D > 0 ? detail::sum_in_double(D, [xr](int64_t i) { return static_cast<double>(xr[i]); }) / D : 0.0;
    const double ssd = detail::sum_in_double(D, [xr, mu](int64_t i) {
      const double v = static_cast<double>(xr[i]) - mu;
      return v * v;
    });
    const double rs = 1.0 / std::sqrt((D > 0 ? ssd / D : 0.0) + eps);
    mean[r] = mu;
    rstd[r] = rs;
    // (x - mean) * rstd: subtracting first keeps the precision that x * rstd - mean * rstd loses
    // when the variance is small.
    const T a = static_cast<T>(rs), m = static_cast<T>(mu);
    if (w && b) {
      for (int64_t i = 0; i < D; ++i) yr[i] = (xr[i] - m) * a * w[i] + b[i];
    } else {
      for (int64_t i = 0; i < D; ++i) yr[i] = (xr[i] - m) * a * (w ? w[i] : T(1)) + (b ? b[i] : T(0));
    }
  }
}

/// The fused backward: dx (if wanted) and the column sums behind dw and db (dw, db of D doubles).
/// kWeight: whether w is given (a compile-time choice keeps the row loops branch-free, so that
/// they vectorise).
template <typename T, bool kWeight>
void layer_norm_backward_kernel(const T* g, const T* x, const T* w, const double* mean, const double* rstd, int64_t M,
                                int64_t D, T* dx, double* dw, double* db) {
  for (int64_t r = 0; r < M; ++r) {
    const T* gr = g + r * D;
    const T* xr = x + r * D;
    const double mu = mean[r], rs = rstd[r];
    for (int64_t i = 0; i < D; ++i) {
      const double gi = static_cast<double>(gr[i]);
      dw[i] += gi * (static_cast<double>(xr[i]) - mu) * rs;
      db[i] += gi;
    }
    if (!dx) continue;
    // With gw = g*w and xhat = (x - mu)*rs: dx = rs*gw - rs*mean(gw) - xhat*rs*mean(gw*xhat).
    const auto gw = [gr, w](int64_t i) {
      return kWeight ? static_cast<double>(gr[i]) * static_cast<double>(w[i]) : static_cast<double>(gr[i]);
    };
    const double sum_gw = detail::sum_in_double(D, gw);
    const double sum_gwx = detail::sum_in_double(D, [gw, xr, mu](int64_t i) { return gw(i) * (static_cast<double>(xr[i]) - mu); });
    const double k = -rs * rs * rs * sum_gwx / D;  // coefficient of (x - mu)
    const T a = static_cast<T>(rs), kt = static_cast<T>(k), k0 = static_cast<T>(-rs * sum_gw / D);
    const T m = static_cast<T>(mu);
    T* dr = dx + r * D;
    for (int64_t i = 0; i < D; ++i) dr[i] = (kWeight ? gr[i] * w[i] : gr[i]) * a + (xr[i] - m) * kt + k0;
  }
}

/// What layer_norm's node keeps besides its saved input, weight, mean and rstd ([M] kDouble).
struct LayerNorm {
  int64_t normalized_dims;
  double eps;
};

/// The fused backward: one pass per row.
variable_list layer_norm_fused(const BackwardContext& c, const LayerNorm& s) {
  const Tensor x = c.saved(0), w = c.saved(1), mean = c.saved(2), rstd = c.saved(3);
  const ScalarType dt = x.scalar_type();
  const int64_t M = mean.numel();
  int64_t D = 1;
  for (int64_t d = x.dim() - s.normalized_dims; d < x.dim(); ++d) D *= x.size(d);
  const Tensor g = detail::as_dense(c.grad(), dt), xd = detail::as_dense(x, dt);
  const Tensor wd = dense_or_undefined(w, dt);
  Tensor dx = c.needs(0) ? empty(x.sizes(), dt) : Tensor();
  Tensor dw = zeros({D}, kDouble), db = zeros({D}, kDouble);
  detail::dispatch_floating(dt, "layer_norm_backward", [&](auto tag) {
    using T = decltype(tag);
    const auto kernel = wd.defined() ? layer_norm_backward_kernel<T, true> : layer_norm_backward_kernel<T, false>;
    kernel(g.data_ptr<T>(), xd.data_ptr<T>(), data_or_null<T>(wd), mean.data_ptr<double>(), rstd.data_ptr<double>(), M,
           D, dx.defined() ? dx.data_ptr<T>() : nullptr, dw.data_ptr<double>(), db.data_ptr<double>());
  });
  return affine_grads(c, dx, dw, db);
}

/// The same formulas as differentiable tensor ops (create_graph).
variable_list layer_norm_differentiable(const BackwardContext& c, const LayerNorm& s) {
  const Tensor& g = c.grad();
  const Tensor x = c.saved(0), w = c.saved(1);
  const int64_t nd = x.dim();
  std::vector<int64_t> norm_dims, lead_dims;
  for (int64_t d = 0; d < nd; ++d) (d < nd - s.normalized_dims ? lead_dims : norm_dims).push_back(d);
  const Tensor xc = x - x.mean(norm_dims, /*keepdim=*/true);
  const Tensor rstd = ((xc * xc).mean(norm_dims, /*keepdim=*/true) + s.eps).pow(-0.5);
  const Tensor xhat = xc * rstd;
  variable_list out(3);
  if (c.needs(0)) {
    const Tensor gw = w.defined() ? g * w : g;
    out[0] =
        (gw - gw.mean(norm_dims, /*keepdim=*/true) - xhat * (gw * xhat).mean(norm_dims, /*keepdim=*/true)) * rstd;
  }
  if (c.needs(1)) out[1] = sum_over(g * xhat, lead_dims);
  if (c.needs(2)) out[2] = sum_over(g, lead_dims);
  return out;
}

// y = xhat w + b:  db = sum(g),  dw = sum(g xhat),  dx = rstd (gw - mean(gw) - xhat mean(gw xhat)), gw = g w
const Derivative<LayerNorm> kNativeLayerNormBackward0{
    "NativeLayerNormBackward0", [](const BackwardContext& c, const LayerNorm& s) {
      return autograd::fused_unless_graphed(
          c, [&] { return layer_norm_fused(c, s); }, [&] { return layer_norm_differentiable(c, s); });
    }};

}  // namespace

Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& running_mean,
                  const Tensor& running_var, bool training, double momentum, double eps, bool /*cudnn_enabled*/) {
  XGRAD_PROFILE_OP("batch_norm");
  const char* op = "batch_norm";
  detail::check_defined(input, op);
  XGRAD_CHECK(input.dim() >= 2, "batch_norm: expected an input of shape [N, C] or [N, C, *], got {}",
              shape_str(input.sizes()));
  const ChannelLayout l = channel_layout(input);
  check_per_channel(weight, "weight", l.C, input);
  check_per_channel(bias, "bias", l.C, input);
  check_per_channel(running_mean, "running_mean", l.C, input);
  check_per_channel(running_var, "running_var", l.C, input);
  if (training) {
    XGRAD_CHECK(l.per_channel() != 1, "batch_norm: expected more than 1 value per channel when training, got input size {}",
                shape_str(input.sizes()));
  } else {
    XGRAD_CHECK(running_mean.defined() && running_var.defined(),
                "batch_norm: running_mean and running_var must be defined in evaluation mode");
  }
  const ScalarType dt = input.scalar_type();
  const Tensor x = detail::as_dense(input, dt);
  const Tensor w = dense_or_undefined(weight, dt), b = dense_or_undefined(bias, dt);
  Tensor out = empty(input.sizes(), dt);
  Tensor mean = training ? empty({l.C}, kDouble) : detail::copy_as(running_mean, kDouble).view({l.C});
  Tensor invstd = empty({l.C}, kDouble);
  Tensor unbiased = training ? empty({l.C}, kDouble) : Tensor();
  if (!training) {
    const Tensor var = detail::copy_as(running_var, kDouble);
    const double* v = var.data_ptr<double>();
    double* is = invstd.data_ptr<double>();
    for (int64_t c = 0; c < l.C; ++c) is[c] = 1.0 / std::sqrt(v[c] + eps);
  }
  detail::dispatch_floating(dt, op, [&](auto tag) {
    using T = decltype(tag);
    batch_norm_kernel<T>(x.data_ptr<T>(), out.data_ptr<T>(), data_or_null<T>(w), data_or_null<T>(b), l, training, eps,
                         mean.data_ptr<double>(), invstd.data_ptr<double>(),
                         unbiased.defined() ? unbiased.data_ptr<double>() : nullptr);
  });
  // running = momentum * batch + (1 - momentum) * running, in double, written back in place (the
  // running stats are buffers: not recorded, but their version moves as with any in-place write).
  if (training && input.numel() > 0) {
    const auto update = [&](const Tensor& running, const Tensor& batch) {
      if (!running.defined()) return;
      Tensor r = detail::copy_as(running, kDouble);
      double* rp = r.data_ptr<double>();
      const double* bp = batch.data_ptr<double>();
      for (int64_t c = 0; c < l.C; ++c) rp[c] = momentum * bp[c] + (1 - momentum) * rp[c];
      detail::copy_into(running, r);
      running.impl()->bump_version();
    };
    update(running_mean, mean);
    update(running_var, unbiased);
  }
  record(kNativeBatchNormBackward0, {input, weight, bias}, BatchNorm{training, eps})
      .save(input)
      .save(weight)
      .save(mean)
      .save(invstd)
      .output(out);
  return out;
}

Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight, const Tensor& bias,
                  double eps, bool /*cudnn_enable*/) {
  XGRAD_PROFILE_OP("layer_norm");
  const char* op = "layer_norm";
  detail::check_defined(input, op);
  const int64_t k = static_cast<int64_t>(normalized_shape.size()), nd = input.dim();
  XGRAD_CHECK(k >= 1, "layer_norm: expected normalized_shape to have at least one dim, got []");
  XGRAD_CHECK(!weight.defined() || weight.sizes().equals(normalized_shape),
              "layer_norm: expected weight of shape {} (normalized_shape), got {}", shape_str(normalized_shape),
              shape_str(weight.sizes()));
  XGRAD_CHECK(!bias.defined() || bias.sizes().equals(normalized_shape),
              "layer_norm: expected bias of shape {} (normalized_shape), got {}", shape_str(normalized_shape),
              shape_str(bias.sizes()));
  XGRAD_CHECK(nd >= k && input.sizes().slice(static_cast<size_t>(nd - k)).equals(normalized_shape),
              "layer_norm: given normalized_shape={}, expected input with shape [*, {}], but got input of size {}",
              shape_str(normalized_shape), fmt::join(normalized_shape, ", "), shape_str(input.sizes()));
  int64_t M = 1, D = 1;
  for (int64_t d = 0; d < nd; ++d) (d < nd - k ? M : D) *= input.size(d);
  const ScalarType dt = input.scalar_type();
  const Tensor x = detail::as_dense(input, dt);
  const Tensor w = dense_or_undefined(weight, dt), b = dense_or_undefined(bias, dt);
  Tensor out = empty(input.sizes(), dt);
  Tensor mean = empty({M}, kDouble), rstd = empty({M}, kDouble);
  detail::dispatch_floating(dt, op, [&](auto tag) {
    using T = decltype(tag);
    layer_norm_kernel<T>(x.data_ptr<T>(), out.data_ptr<T>(), data_or_null<T>(w), data_or_null<T>(b), M, D, eps,
                         mean.data_ptr<double>(), rstd.data_ptr<double>());
  });
  record(kNativeLayerNormBackward0, {input, weight, bias}, LayerNorm{k, eps})
      .save(input)
      .save(weight)
      .save(mean)
      .save(rstd)
      .output(out);
  return out;
}

}  // namespace xgrad
