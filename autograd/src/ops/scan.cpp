// Scans: running reductions along one dim, the result in the input's sizes.
//
// Along dim d, with x seen as lines [outer, n, inner] (detail::Lines), and revcumsum(v)_i =
// sum_{j >= i} v_j = sum(v) - cumsum(v)_i + v_i:
//   cumsum(x, d)_i = sum_{j <= i} x_j        dx = revcumsum(g)                       CumsumBackward0
//   cumprod(x, d)_i = prod_{j <= i} x_j      dx_k = sum_{i >= k} g_i prod_{j <= i, j != k} x_j
//                                            CumprodBackward0 (= revcumsum(g y)_k / x_k without zeros;
//                                            with a first zero at z: that for k < z, a running product
//                                            past z for k = z, 0 after)
//   cummax(x, d)_i = (max_{j <= i} x_j, its last index)   dx = g scattered (added) to the indices
//                                            CummaxBackward0 (cummin likewise, CumminBackward0)
//   logcumsumexp(x, d)_i = log sum_{j <= i} exp(x_j)      dx_k = sum_{i >= k} g_i exp(x_k - y_i)
//                                            LogcumsumexpBackward0
// Integer and bool inputs scan into int64 (a kLong result), as PyTorch; a dtype argument converts
// the input first (one node on self: the engine casts the gradient back). Floating scans accumulate
// in the result's dtype, element after element, as PyTorch's CPU kernel. NaN wins cummax/cummin, and
// an equal value takes over the index (libtorch's >=).
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <type_traits>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "gather.h"
#include "pointwise.h"

namespace xgrad {
namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;

// The reverse running sum written with differentiable ops, so double backward works.
const Derivative<int64_t> kCumsumBackward0{"CumsumBackward0", [](const BackwardContext& c, const int64_t& dim) {
                                             variable_list grads(1);
                                             if (c.needs(0)) {
                                               const Tensor& g = c.grad();
                                               grads[0] = g.sum(IntArrayRef{dim}, true) - xgrad::cumsum(g, dim) + g;
                                             }
                                             return grads;
                                           }};

ScalarType scan_dtype(const Tensor& self, std::optional<ScalarType> dtype) {
  if (dtype) return *dtype;
  const ScalarType st = self.scalar_type();
  return st == kFloat || st == kDouble ? st : kLong;
}

/// The running sum of `in` (already in its result dtype) along dim, written into out.
void cumsum_kernel(const Tensor& in, int64_t dim, Tensor& out) {
  const Tensor src = in.contiguous();
  const detail::Lines l = detail::lines_along(src.sizes(), dim);
  detail::dispatch_numeric(src.scalar_type(), "cumsum", [&](auto tag) {
    using T = decltype(tag);
    const T* x = src.data_ptr<T>();
    T* y = out.data_ptr<T>();
    for (int64_t o = 0; o < l.outer; ++o)
      for (int64_t j = 0; j < l.inner; ++j) {
        const int64_t base = o * l.size * l.inner + j;
        T acc = T(0);
        for (int64_t i = 0; i < l.size; ++i) {
          acc += x[base + i * l.inner];
          y[base + i * l.inner] = acc;
        }
      }
  });
}

Tensor converted(const Tensor& self, ScalarType dtype) {
  if (dtype == self.scalar_type()) return self;
  NoGradGuard no_grad;
  return self.to(dtype);
}


/// fn(base) for every line along l's dim: its elements sit at base + i * l.inner, i < l.size.
template <typename F>
void for_each_line(const detail::Lines& l, F fn) {
  for (int64_t o = 0; o < l.outer; ++o)
    for (int64_t j = 0; j < l.inner; ++j) fn(o * l.size * l.inner + j);
}

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::isnan(v);
  } else {
    return false;
  }
}

/// revcumsum(v)_i = sum_{j >= i} v_j along dim, with differentiable ops.
Tensor reverse_cumsum(const Tensor& v, int64_t dim) {
  return v.sum(IntArrayRef{dim}, true) - xgrad::cumsum(v, dim) + v;
}

struct ScanDim {
  int64_t dim = 0;  // wrapped; 0 for a 0-dim input
};

/// The cumprod gradient of each line, zero-safe (the file's header), accumulated in double.
Tensor cumprod_grad_kernel(const Tensor& x_in, const Tensor& g_in, const Tensor& y_in, int64_t dim) {
  const ScalarType dt = g_in.scalar_type();
  const Tensor x = detail::as_dense(x_in, dt), g = detail::as_dense(g_in, dt), y = detail::as_dense(y_in, dt);
  Tensor dx = empty(x.sizes(), dt);
  const detail::Lines l = detail::lines_along(x.sizes(), dim);
  detail::dispatch_floating(dt, "cumprod_backward", [&](auto tag) {
    using T = decltype(tag);
    const T *xp = x.data_ptr<T>(), *gp = g.data_ptr<T>(), *yp = y.data_ptr<T>();
    T* o = dx.data_ptr<T>();
    const int64_t n = l.size, st = l.inner;
    for_each_line(l, [&](int64_t b) {
      int64_t z = 0;
      while (z < n && xp[b + z * st] != T(0)) ++z;
      // k < z: revcumsum(g y)_k / x_k, where y is 0 from z on.
      double acc = 0;
      for (int64_t k = z - 1; k >= 0; --k) {
        acc += static_cast<double>(gp[b + k * st]) * yp[b + k * st];
        o[b + k * st] = static_cast<T>(acc / xp[b + k * st]);
      }
      if (z == n) return;
      // k = z: sum_{i >= z} g_i y_{z-1} prod_{z < j <= i} x_j; k > z: 0.
      double run = z == 0 ? 1.0 : static_cast<double>(yp[b + (z - 1) * st]), dz = 0;
      for (int64_t i = z; i < n; ++i) {
        if (i > z) run *= xp[b + i * st];
        dz += gp[b + i * st] * run;
        if (i > z) o[b + i * st] = T(0);
      }
      o[b + z * st] = static_cast<T>(dz);
    });
  });
  return dx;
}

// y = cumprod(x, d):  dx_k = sum_{i >= k} g_i prod_{j <= i, j != k} x_j (the file's header)
const Derivative<ScanDim> kCumprodBackward0{
    "CumprodBackward0", [](const BackwardContext& c, const ScanDim& s) {
      const Tensor x = c.saved(0), y = c.saved(1);
      return variable_list{fused_unless_graphed(
          c, [&] { return cumprod_grad_kernel(x, c.grad(), y, s.dim); },
          [&] {
            // Differentiable only without zeros (the division): with zeros, say so rather than err.
            XGRAD_CHECK(!x.eq(0).any().item<bool>(),
                        "cumprod: double backward through an input with zeros is not supported");
            return reverse_cumsum(c.grad() * y, s.dim) / x;
          })};
    }};

// (y, i) = cummax(x, d) (or cummin):  dx = g scattered (added) to i along d
variable_list cummaxmin_backward(const BackwardContext& c, const ScanDim& s) {
  const std::vector<int64_t>& sizes = c.input(0).sizes;
  return {detail::scatter_to_indices(c.grad(), detail::lines_along(sizes, s.dim), c.saved(0), sizes,
                                     c.grad().scalar_type())};
}
const Derivative<ScanDim> kCummaxBackward0{"CummaxBackward0", cummaxmin_backward};
const Derivative<ScanDim> kCumminBackward0{"CumminBackward0", cummaxmin_backward};

/// The logcumsumexp gradient of each line, dx_k = exp(x_k - y_k) S_k with
/// S_k = sum_{i >= k} g_i exp(y_k - y_i) = g_k + exp(y_k - y_{k+1}) S_{k+1}: every exponent is <= 0.
Tensor logcumsumexp_grad_kernel(const Tensor& x_in, const Tensor& g_in, const Tensor& y_in, int64_t dim) {
  const ScalarType dt = g_in.scalar_type();
  const Tensor x = detail::as_dense(x_in, dt), g = detail::as_dense(g_in, dt), y = detail::as_dense(y_in, dt);
  Tensor dx = empty(x.sizes(), dt);
  const detail::Lines l = detail::lines_along(x.sizes(), dim);
  detail::dispatch_floating(dt, "logcumsumexp_backward", [&](auto tag) {
    using T = decltype(tag);
    const T *xp = x.data_ptr<T>(), *gp = g.data_ptr<T>(), *yp = y.data_ptr<T>();
    T* o = dx.data_ptr<T>();
    const int64_t n = l.size, st = l.inner;
    for_each_line(l, [&](int64_t b) {
      double run = 0;
      for (int64_t k = n - 1; k >= 0; --k) {
        const double yk = yp[b + k * st];
        run = gp[b + k * st] + (k + 1 < n ? std::exp(yk - static_cast<double>(yp[b + (k + 1) * st])) * run : 0.0);
        o[b + k * st] = static_cast<T>(std::exp(static_cast<double>(xp[b + k * st]) - yk) * run);
      }
    });
  });
  return dx;
}

// y = logcumsumexp(x, d):  dx_k = sum_{i >= k} g_i exp(x_k - y_i)
const Derivative<ScanDim> kLogcumsumexpBackward0{
    "LogcumsumexpBackward0", [](const BackwardContext& c, const ScanDim& s) {
      const Tensor x = c.saved(0), y = c.saved(1);
      return variable_list{fused_unless_graphed(
          c, [&] { return logcumsumexp_grad_kernel(x, c.grad(), y, s.dim); },
          [&] { return (x - y).exp() * reverse_cumsum(c.grad() * (y.neg().exp()), s.dim) * y.exp(); })};
    }};

/// The running product of `in` (already in its result dtype) along dim, written into out.
void cumprod_kernel(const Tensor& in, int64_t dim, Tensor& out) {
  const Tensor src = in.contiguous();
  const detail::Lines l = detail::lines_along(src.sizes(), dim);
  detail::dispatch_numeric(src.scalar_type(), "cumprod", [&](auto tag) {
    using T = decltype(tag);
    const T* x = src.data_ptr<T>();
    T* y = out.data_ptr<T>();
    for_each_line(l, [&](int64_t b) {
      T acc = T(1);
      for (int64_t i = 0; i < l.size; ++i) {
        acc *= x[b + i * l.inner];
        y[b + i * l.inner] = acc;
      }
    });
  });
}

/// cummax (IsMax) or cummin: the running best along dim and the index of each.
template <bool IsMax>
std::tuple<Tensor, Tensor> cummaxmin(const Tensor& self, int64_t dim, const char* op,
                                     const Derivative<ScanDim>& derivative) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  const int64_t d = self.dim() == 0 ? 0 : detail::wrap_dim(dim, self.dim(), op);
  const Tensor src = self.contiguous();
  Tensor values = empty(self.sizes(), self.scalar_type());
  Tensor indices = empty(self.sizes(), kLong);
  const detail::Lines l = detail::lines_along(src.sizes(), d);
  detail::dispatch_all(src.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const T* x = src.data_ptr<T>();
    T* v = values.data_ptr<T>();
    int64_t* ix = indices.data_ptr<int64_t>();
    for_each_line(l, [&](int64_t b) {
      T best = T();
      int64_t at = 0;
      for (int64_t i = 0; i < l.size; ++i) {
        const T xi = x[b + i * l.inner];
        // NaN takes over and stays (no comparison with a NaN best holds); ties move the index on.
        if (i == 0 || is_nan(xi) || (IsMax ? xi >= best : xi <= best)) {
          best = xi;
          at = i;
        }
        v[b + i * l.inner] = best;
        ix[b + i * l.inner] = at;
      }
    });
  });
  record(derivative, {self}, ScanDim{d}).save(indices).output(values);
  return {values, indices};
}

}  // namespace

Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("cumsum");
  detail::check_defined(self, "cumsum");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "cumsum");
  const Tensor in = converted(self, scan_dtype(self, dtype));
  Tensor out = empty(in.sizes(), in.scalar_type());
  cumsum_kernel(in, self.dim() == 0 ? 0 : d, out);
  record(kCumsumBackward0, {self}, d).output(out);
  return out;
}

Tensor& cumsum_out(Tensor& out, const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::cumsum(self, dim, dtype));
}

Tensor& cumsum_outf(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, Tensor& out) {
  return cumsum_out(out, self, dim, dtype);
}

Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const { return xgrad::cumsum(*this, dim, dtype); }

Tensor& Tensor::cumsum_(int64_t dim, std::optional<ScalarType> dtype) const {
  return copy_(xgrad::cumsum(*this, dim, dtype));
}

}  // namespace xgrad

namespace xgrad {

Tensor cumprod(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("cumprod");
  detail::check_defined(self, "cumprod");
  const int64_t d = self.dim() == 0 ? 0 : detail::wrap_dim(dim, self.dim(), "cumprod");
  const Tensor in = converted(self, scan_dtype(self, dtype));
  Tensor out = empty(in.sizes(), in.scalar_type());
  cumprod_kernel(in, d, out);
  record(kCumprodBackward0, {self}, ScanDim{d}).save(in).output(out).save(out);
  return out;
}

Tensor& cumprod_out(Tensor& out, const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::cumprod(self, dim, dtype));
}

Tensor& cumprod_outf(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, Tensor& out) {
  return cumprod_out(out, self, dim, dtype);
}

std::tuple<Tensor, Tensor> cummax(const Tensor& self, int64_t dim) {
  return cummaxmin<true>(self, dim, "cummax", kCummaxBackward0);
}

std::tuple<Tensor&, Tensor&> cummax_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim) {
  auto [v, i] = xgrad::cummax(self, dim);
  values.copy_(v);
  indices.copy_(i);
  return {values, indices};
}

std::tuple<Tensor&, Tensor&> cummax_outf(const Tensor& self, int64_t dim, Tensor& values, Tensor& indices) {
  return cummax_out(values, indices, self, dim);
}

std::tuple<Tensor, Tensor> cummin(const Tensor& self, int64_t dim) {
  return cummaxmin<false>(self, dim, "cummin", kCumminBackward0);
}

std::tuple<Tensor&, Tensor&> cummin_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim) {
  auto [v, i] = xgrad::cummin(self, dim);
  values.copy_(v);
  indices.copy_(i);
  return {values, indices};
}

std::tuple<Tensor&, Tensor&> cummin_outf(const Tensor& self, int64_t dim, Tensor& values, Tensor& indices) {
  return cummin_out(values, indices, self, dim);
}

Tensor logcumsumexp(const Tensor& self, int64_t dim) {
  XGRAD_PROFILE_OP("logcumsumexp");
  detail::check_defined(self, "logcumsumexp");
  const int64_t d = self.dim() == 0 ? 0 : detail::wrap_dim(dim, self.dim(), "logcumsumexp");
  const Tensor in = converted(self, detail::floating_result(self.scalar_type())).contiguous();
  Tensor out = empty(in.sizes(), in.scalar_type());
  const detail::Lines l = detail::lines_along(in.sizes(), d);
  detail::dispatch_floating(in.scalar_type(), "logcumsumexp", [&](auto tag) {
    using T = decltype(tag);
    const T* x = in.data_ptr<T>();
    T* y = out.data_ptr<T>();
    for_each_line(l, [&](int64_t b) {
      // acc = log(exp(acc) + exp(x)) = max + log1p(exp(-|acc - x|)); -inf and inf are kept exact.
      T acc = -std::numeric_limits<T>::infinity();
      for (int64_t i = 0; i < l.size; ++i) {
        const T xi = x[b + i * l.inner];
        if (std::isnan(xi) || std::isnan(acc)) {
          acc = std::numeric_limits<T>::quiet_NaN();
        } else {
          const T m = std::max(acc, xi), lo = std::min(acc, xi);
          acc = std::isinf(m) || std::isinf(lo) ? m : m + std::log1p(std::exp(lo - m));
        }
        y[b + i * l.inner] = acc;
      }
    });
  });
  record(kLogcumsumexpBackward0, {self}, ScanDim{d}).save(in).output(out).save(out);
  return out;
}

Tensor& logcumsumexp_out(Tensor& out, const Tensor& self, int64_t dim) {
  return out.copy_(xgrad::logcumsumexp(self, dim));
}

Tensor& logcumsumexp_outf(const Tensor& self, int64_t dim, Tensor& out) { return logcumsumexp_out(out, self, dim); }

Tensor Tensor::cumprod(int64_t dim, std::optional<ScalarType> dtype) const { return xgrad::cumprod(*this, dim, dtype); }
Tensor& Tensor::cumprod_(int64_t dim, std::optional<ScalarType> dtype) const {
  return copy_(xgrad::cumprod(*this, dim, dtype));
}
std::tuple<Tensor, Tensor> Tensor::cummax(int64_t dim) const { return xgrad::cummax(*this, dim); }
std::tuple<Tensor, Tensor> Tensor::cummin(int64_t dim) const { return xgrad::cummin(*this, dim); }
Tensor Tensor::logcumsumexp(int64_t dim) const { return xgrad::logcumsumexp(*this, dim); }

}  // namespace xgrad
