// Activations: sigmoid, tanh, relu (and relu_), leaky_relu, hardtanh, softmax and log_softmax along a dim.
//
// Shapes: sigmoid, tanh, relu, leaky_relu and hardtanh are pointwise (the output has the input's shape). softmax and
// log_softmax normalise along `dim`: seen as contiguous [outer, D, inner] with D the size of dim,
// each of the outer*inner lines of D elements (stride inner) is normalised on its own.
//
// Forward and backward (g is the gradient of the output y; m is the max along dim, and sums run
// along dim):
//   y = 1 / (1 + exp(-x))            dx = g*y*(1 - y)
//   y = tanh(x)                      dx = g*(1 - y^2)
//   y = max(x, 0)                    dx = 0 where y <= 0, else g (so g at NaN)
//   y = x > 0 ? x : s*x              dx = x > 0 ? g : s*g     (s = negative_slope)
//   y = clamp(x, lo, hi)             dx = 0 where x <= lo or x >= hi, else g (so g at NaN)
//   y = exp(x - m) / sum(exp(x - m)) dx = y*(g - sum(g*y))
//   y = x - m - log(sum(exp(x - m))) dx = g - exp(y)*sum(g)
// Subtracting m keeps exp from overflowing: softmax([1010, 1000, 990]) is finite.
// Backward is one fused pass when no graph is being built (the usual case). Under create_graph
// it is written with differentiable tensor ops, so double backward works (derivative.h).
#include <algorithm>
#include <cmath>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "pointwise.h"
#include "unary_math.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;

// y = 1 / (1 + exp(-x)):  dx = g y (1 - y)
const Derivative<> kSigmoidBackward0{"SigmoidBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * (decltype(y)(1) - y) * y; },
      [](const Tensor& g, const Tensor& y) { return g * (y * (1 - y)); });
}};

// y = tanh(x):  dx = g (1 - y^2)
const Derivative<> kTanhBackward0{"TanhBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * (decltype(y)(1) - y * y); },
      [](const Tensor& g, const Tensor& y) { return g * (1 - y * y); });
}};

// y = max(x, 0):  dx = 0 where y <= 0, else g. So g passes at NaN, in both forms, as in PyTorch's
// threshold_backward; the mask is a constant.
const Derivative<> kReluBackward0{"ReluBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return y <= decltype(y)(0) ? decltype(y)(0) : g; },
      [](const Tensor& g, const Tensor& y) { return g * y.le(0).eq(0); });
}};

// y = x > 0 ? x : s x:  dx = x > 0 ? g : s g. The factor is a constant of x, as in PyTorch's
// leaky_relu_backward.
const Derivative<double> kLeakyReluBackward0{"LeakyReluBackward0", [](const BackwardContext& c, const double& slope) {
  return detail::pointwise_backward(
      c, c.saved(0),
      [slope](auto g, auto x) {
        using T = decltype(x);
        return x > T(0) ? g : g * static_cast<T>(slope);
      },
      [slope](const Tensor& g, const Tensor& x) { return g * (x.gt(0).to(x.scalar_type()) * (1 - slope) + slope); });
}};

// y = clamp(x, lo, hi):  dx = 0 where x <= lo or x >= hi, else g, as PyTorch's hardtanh_backward
// (the bounds themselves stop the gradient, unlike clamp's; NaN passes it).
struct HardtanhBounds {
  double min_val, max_val;
};
const Derivative<HardtanhBounds> kHardtanhBackward0{
    "HardtanhBackward0", [](const BackwardContext& c, const HardtanhBounds& b) {
      return detail::pointwise_backward(
          c, c.saved(0),
          [b](auto g, auto x) {
            using T = decltype(x);
            return x <= static_cast<T>(b.min_val) || x >= static_cast<T>(b.max_val) ? T(0) : g;
          },
          [b](const Tensor& g, const Tensor& x) { return g * x.le(b.min_val).eq(0) * x.ge(b.max_val).eq(0); });
    }};

/// x < 0 ? 0 : x, which keeps NaN (as PyTorch's relu does).
auto relu_fn() {
  return [](auto tag) {
    using T = decltype(tag);
    return [](T x) { return x < T(0) ? T(0) : x; };
  };
}

// ---- softmax kernels ----

using detail::Lines;  // [outer, D, inner] around dim (a 0-dim tensor is [1, 1, 1])
using detail::lines_along;

// Row reductions. One running sum (or max) is a chain of dependent operations that the compiler
// may not reorder, so it neither vectorises nor pipelines; long rows keep K partial results
// instead (measured ~10x faster for rows of 256 floats). Short rows (classifier heads) stay
// serial, where combining K partials would cost more than it saves.
template <typename T>
constexpr int64_t kPartials = 64 / sizeof(T);

/// term(0) + ... + term(n - 1).
template <typename T, typename Term>
T row_sum(int64_t n, Term term) {
  constexpr int64_t K = kPartials<T>;
  T s = 0;
  int64_t j = 0;
  if (n >= 2 * K) {
    T acc[K] = {};
    for (; j + K <= n; j += K)
      for (int64_t k = 0; k < K; ++k) acc[k] += term(j + k);
    for (int64_t k = 0; k < K; ++k) s += acc[k];
  }
  for (; j < n; ++j) s += term(j);
  return s;
}

/// max(x[0], ..., x[n - 1]) for n >= 1.
template <typename T>
T row_max(const T* x, int64_t n) {
  constexpr int64_t K = kPartials<T>;
  T m = x[0];
  int64_t j = 1;
  if (n >= 2 * K) {
    T acc[K];
    for (int64_t k = 0; k < K; ++k) acc[k] = x[k];
    for (j = K; j + K <= n; j += K)
      for (int64_t k = 0; k < K; ++k) acc[k] = x[j + k] > acc[k] ? x[j + k] : acc[k];
    for (int64_t k = 0; k < K; ++k) m = acc[k] > m ? acc[k] : m;
  }
  for (; j < n; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

/// y = x - (max of x's line), for every element.
template <typename T>
void subtract_line_max(const T* x, T* y, const Lines& l) {
  const int64_t D = l.size, inner = l.inner;
  if (inner == 1) {  // lines are contiguous rows: the classifier-head case
    for (int64_t r = 0; r < l.outer; ++r) {
      const T* xr = x + r * D;
      T* yr = y + r * D;
      const T m = row_max(xr, D);
      for (int64_t j = 0; j < D; ++j) yr[j] = xr[j] - m;
    }
    return;
  }
  // Lines are strided by `inner`: walk D rows of `inner` contiguous elements, keeping one running
  // max per line, so that every inner loop is contiguous.
  std::vector<T> m(static_cast<size_t>(inner));
  for (int64_t o = 0; o < l.outer; ++o) {
    const T* xo = x + o * D * inner;
    T* yo = y + o * D * inner;
    std::copy(xo, xo + inner, m.begin());
    for (int64_t d = 1; d < D; ++d)
      for (int64_t i = 0; i < inner; ++i) m[i] = xo[d * inner + i] > m[i] ? xo[d * inner + i] : m[i];
    for (int64_t d = 0; d < D; ++d)
      for (int64_t i = 0; i < inner; ++i) yo[d * inner + i] = xo[d * inner + i] - m[i];
  }
}

/// Given e = exp(shifted) per element: softmax y = e / sum(e); log_softmax y = shifted - log(sum(e))
/// (y holds the shifted values on entry; for softmax e is y itself).
template <typename T>
void normalise_lines(const T* e, T* y, const Lines& l, bool log) {
  const int64_t D = l.size, inner = l.inner;
  if (inner == 1) {
    for (int64_t r = 0; r < l.outer; ++r) {
      const T* er = e + r * D;
      T* yr = y + r * D;
      const T s = row_sum<T>(D, [er](int64_t j) { return er[j]; });
      if (log) {
        const T ls = std::log(s);
        for (int64_t j = 0; j < D; ++j) yr[j] -= ls;
      } else {
        const T inv = T(1) / s;
        for (int64_t j = 0; j < D; ++j) yr[j] = er[j] * inv;
      }
    }
    return;
  }
  std::vector<T> s(static_cast<size_t>(inner));
  for (int64_t o = 0; o < l.outer; ++o) {
    const T* eo = e + o * D * inner;
    T* yo = y + o * D * inner;
    std::fill(s.begin(), s.end(), T(0));
    for (int64_t d = 0; d < D; ++d)
      for (int64_t i = 0; i < inner; ++i) s[i] += eo[d * inner + i];
    if (log) {
      for (int64_t i = 0; i < inner; ++i) s[i] = std::log(s[i]);
      for (int64_t d = 0; d < D; ++d)
        for (int64_t i = 0; i < inner; ++i) yo[d * inner + i] -= s[i];
    } else {
      for (int64_t i = 0; i < inner; ++i) s[i] = T(1) / s[i];
      for (int64_t d = 0; d < D; ++d)
        for (int64_t i = 0; i < inner; ++i) yo[d * inner + i] = eo[d * inner + i] * s[i];
    }
  }
}

/// softmax (log == false) or log_softmax of x along dim (already wrapped).
Tensor softmax_forward(const Tensor& x, int64_t dim, bool log, const char* op) {
  const Tensor xc = detail::as_dense(x, x.scalar_type());
  Tensor out = empty(x.sizes(), x.scalar_type());
  if (x.numel() == 0) return out;
  const Lines l = lines_along(x.sizes(), dim);
  detail::dispatch_floating(x.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* y = out.data_ptr<T>();
    const size_t n = static_cast<size_t>(x.numel());
    subtract_line_max<T>(xc.data_ptr<T>(), y, l);
    // One vectorised exp over the whole buffer: exp dominates the cost, and rows are often short.
    const auto exp_fn = [](const auto& v) { return xt::exp(v); };
    if (log) {
      detail::AlignedBuffer<T> e(n);
      detail::vectorized_map<T>(e.data(), y, n, exp_fn);
      normalise_lines<T>(e.data(), y, l, true);
    } else {
      detail::vectorized_map<T>(y, y, n, exp_fn);
      normalise_lines<T>(y, y, l, false);
    }
  });
  return out;
}

/// The fused backward over contiguous rows (dim is the last dim):
/// softmax dx = y*(g - sum(g*y)); log_softmax dx = g - exp(y)*sum(g).
Tensor softmax_backward_rows(const Tensor& grad, const Tensor& y, const Lines& l, bool log) {
  const Tensor g = detail::as_dense(grad, y.scalar_type());
  Tensor out = empty(y.sizes(), y.scalar_type());
  detail::dispatch_floating(y.scalar_type(), "softmax_backward", [&](auto tag) {
    using T = decltype(tag);
    const T* gp = g.data_ptr<T>();
    const T* yp = y.data_ptr<T>();
    T* op = out.data_ptr<T>();
    const int64_t D = l.size;
    if (log) detail::vectorized_map<T>(op, yp, static_cast<size_t>(y.numel()), [](const auto& v) { return xt::exp(v); });
    for (int64_t r = 0; r < l.outer; ++r) {
      const T* gr = gp + r * D;
      const T* yr = yp + r * D;
      T* orow = op + r * D;
      if (log) {
        const T s = row_sum<T>(D, [gr](int64_t j) { return gr[j]; });
        for (int64_t j = 0; j < D; ++j) orow[j] = gr[j] - orow[j] * s;
      } else {
        const T s = row_sum<T>(D, [gr, yr](int64_t j) { return gr[j] * yr[j]; });
        for (int64_t j = 0; j < D; ++j) orow[j] = yr[j] * (gr[j] - s);
      }
    }
  });
  return out;
}

// y = softmax(x):      dx = y (g - sum(g y))
// y = log_softmax(x):  dx = g - exp(y) sum(g)
// Fused (one pass over rows) when no graph is built and dim is the contiguous last one.
variable_list softmax_backward(const BackwardContext& c, int64_t dim, bool log) {
  const Tensor& g = c.grad();
  const Tensor y = c.saved(0);
  const Lines l = lines_along(y.sizes(), dim);
  if (!c.create_graph() && l.inner == 1 && y.is_contiguous()) return {softmax_backward_rows(g, y, l, log)};
  if (log) return {g - exp(y) * g.sum(dim, /*keepdim=*/true)};
  return {y * (g - (g * y).sum(dim, /*keepdim=*/true))};
}

const Derivative<int64_t> kSoftmaxBackward0{"SoftmaxBackward0", [](const BackwardContext& c, const int64_t& dim) {
  return softmax_backward(c, dim, /*log=*/false);
}};
const Derivative<int64_t> kLogSoftmaxBackward0{
    "LogSoftmaxBackward0", [](const BackwardContext& c, const int64_t& dim) { return softmax_backward(c, dim, true); }};

Tensor softmax_impl(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool log, const char* op) {
  detail::check_defined(self, op);
  const Tensor x = dtype ? self.to(*dtype) : self;
  const int64_t d = detail::wrap_dim(dim, x.dim(), op);
  Tensor out = softmax_forward(x, d, log, op);
  record(log ? kLogSoftmaxBackward0 : kSoftmaxBackward0, {x}, d).output(out).save(out);
  return out;
}

}  // namespace

Tensor sigmoid(const Tensor& self) {
  XGRAD_PROFILE_OP("sigmoid");
  Tensor out = detail::vectorized_unary(self, "sigmoid", [](const auto& x) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    return T(1) / (T(1) + xt::exp(-x));  // exp(-x) = inf for very negative x gives exactly 0
  });
  record(kSigmoidBackward0, {self}).output(out).save(out);
  return out;
}

Tensor tanh(const Tensor& self) {
  XGRAD_PROFILE_OP("tanh");
  Tensor out = detail::vectorized_unary(self, "tanh", [](const auto& x) { return xt::tanh(x); });
  record(kTanhBackward0, {self}).output(out).save(out);
  return out;
}

Tensor relu(const Tensor& self) {
  XGRAD_PROFILE_OP("relu");
  detail::check_defined(self, "relu");
  Tensor out = detail::dispatch_numeric(self.scalar_type(), "relu", [&](auto tag) {
    using T = decltype(tag);
    Tensor o = empty(self.sizes(), self.scalar_type());
    detail::unary_kernel<T, T>(o, self, relu_fn()(tag));
    return o;
  });
  record(kReluBackward0, {self}).output(out).save(out);
  return out;
}

Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope) {
  XGRAD_PROFILE_OP("leaky_relu");
  detail::check_defined(self, "leaky_relu");
  const double slope = negative_slope.toDouble();
  Tensor out = detail::dispatch_floating(self.scalar_type(), "leaky_relu", [&](auto tag) {
    using T = decltype(tag);
    Tensor o = empty(self.sizes(), self.scalar_type());
    const T s = static_cast<T>(slope);
    detail::unary_kernel<T, T>(o, self, [s](T x) { return x > T(0) ? x : x * s; });
    return o;
  });
  record(kLeakyReluBackward0, {self}, slope).save(self).output(out);
  return out;
}

Tensor hardtanh(const Tensor& self, const Scalar& min_val, const Scalar& max_val) {
  XGRAD_PROFILE_OP("hardtanh");
  detail::check_defined(self, "hardtanh");
  Tensor out = detail::dispatch_numeric(self.scalar_type(), "hardtanh", [&](auto tag) {
    using T = decltype(tag);
    Tensor o = empty(self.sizes(), self.scalar_type());
    const T lo = detail::checked_scalar<T>(min_val, "hardtanh"), hi = detail::checked_scalar<T>(max_val, "hardtanh");
    detail::unary_kernel<T, T>(o, self, [lo, hi](T x) { return x < lo ? lo : x > hi ? hi : x; });  // NaN stays
    return o;
  });
  record(kHardtanhBackward0, {self}, HardtanhBounds{min_val.toDouble(), max_val.toDouble()}).save(self).output(out);
  return out;
}

Tensor& Tensor::relu_() const {
  XGRAD_PROFILE_OP("relu_");
  detail::check_defined(*this, "relu_");
  autograd::check_inplace(*this, {}, "relu_");
  auto recording = record(kReluBackward0, {*this});
  detail::dispatch_numeric(scalar_type(), "relu_", [&](auto tag) {
    using T = decltype(tag);
    detail::unary_kernel<T, T>(*this, *this, relu_fn()(tag));
  });
  Tensor& self = recording.finish_inplace(*this);
  recording.save(self);  // the new values, the node's output
  return self;
}

// sigmoid_ and tanh_ (the unary math family's in-place forms): the same nodes, saving the new values.
Tensor& Tensor::sigmoid_() const {
  const auto fn = [](auto x) { return decltype(x)(1) / (decltype(x)(1) + std::exp(-x)); };
  return detail::floating_op_(*this, "sigmoid_", fn, kSigmoidBackward0, detail::Saved::kResult);
}

Tensor& Tensor::tanh_() const {
  return detail::floating_op_(*this, "tanh_", [](auto x) { return std::tanh(x); }, kTanhBackward0,
                              detail::Saved::kResult);
}

Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("softmax");
  return softmax_impl(self, dim, dtype, /*log=*/false, "softmax");
}

Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("log_softmax");
  return softmax_impl(self, dim, dtype, /*log=*/true, "log_softmax");
}

Tensor Tensor::sigmoid() const { return xgrad::sigmoid(*this); }
Tensor Tensor::tanh() const { return xgrad::tanh(*this); }
Tensor Tensor::relu() const { return xgrad::relu(*this); }
Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return xgrad::softmax(*this, dim, dtype);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return xgrad::log_softmax(*this, dim, dtype);
}


// The out= forms and in-place functions of sigmoid and tanh (unary_math.h).
XGRAD_UNARY_OUT(sigmoid)
XGRAD_UNARY_OUT(tanh)
XGRAD_UNARY_FREE_INPLACE(sigmoid)
XGRAD_UNARY_FREE_INPLACE(tanh)

}  // namespace xgrad
