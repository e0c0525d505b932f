// Losses: nll_loss, cross_entropy_loss, mse_loss, l1_loss, smooth_l1_loss, binary_cross_entropy,
// binary_cross_entropy_with_logits, kl_div.
//
// Reduction (g is the gradient of the result): None keeps one loss per element (or per sample);
// Sum adds them, each gets g; Mean divides the sum by a denominator D, each gets g / D. D is the
// element count, except for the class losses with class-index targets, where it is the sum of the
// weights of the non-ignored targets (all ignored: 0 / 0 = NaN, as PyTorch).
//
// Class losses. Input [C] (one sample, target []), [N, C] (target [N]) or [N, C, d1, ...] (target
// [N, d1, ...]), seen as [outer, C, inner]: a "line" is the C values of one sample at one position.
// w_c are the class weights (1 without weight); lines whose target is ignore_index give 0.
//   nll_loss (x = log-probabilities):  l = -w_y x_y                   dx_c = -g w_y [c = y]
//   cross_entropy_loss (raw logits), with lse = m + log(sum_c exp(x_c - m)), m = max_c x_c (so
//   logits of 1e4 stay finite), -log p_c = lse - x_c, e = label_smoothing:
//     class index y:        l = (1 - e) w_y (lse - x_y) + e/C sum_c w_c (lse - x_c)
//     class probabilities:  l = sum_c w_c t'_c (lse - x_c),  t'_c = (1 - e) t_c + e/C
//   Both are l = sum_c a_c (lse - x_c), so with p = softmax(x) and A = sum_c a_c:
//     dx_c = g (A p_c - a_c)       (no smoothing: g w_y (p_c - [c = y]))
//     dt_c = g (1 - e) w_c (lse - x_c)   (probability targets only)
//   PyTorch's Mean divides the smoothing term by the same sum of w_y, and probability targets by
//   the number of lines (the weights do not enter D there).
//
// Pointwise losses (d = x - t; target broadcasts to input for mse, l1, smooth_l1 and kl_div, and has
// input's shape for the binary cross entropies; weight and pos_weight broadcast to input's shape):
//   mse_loss:        l = d^2                                   dx = 2 d g,  dt = -dx
//   l1_loss:         l = |d|                                   (composed: sub, abs, mean/sum)
//   smooth_l1_loss:  l = |d| < b ? d^2 / 2b : |d| - b/2         dx = g clamp(d / b, -1, 1) (b = 0: l1,
//                                                              dx = g (d > 0 ? 1 : -1) as PyTorch)
//   binary_cross_entropy (x in [0, 1]), each log clamped at -100:
//                    l = -w (t log x + (1 - t) log(1 - x))     dx = g w (x - t) / max(x (1 - x), 1e-12)
//                                                              dt = g w (log(1 - x) - log x)
//   binary_cross_entropy_with_logits, sp(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)):
//                    l = w ((1 - t) x + (1 + (pw - 1) t) sp(-x))
//                    dx = g w ((pw t + 1 - t) sigmoid(x) - pw t)   dt = g w (-x + (pw - 1) sp(-x))
//   kl_div:          l = t (log t - x) (0 where t = 0), or exp(t) (t - x) with log_target
//                    (composed; Mean is the mean over all elements, as at::kl_div)
//
// Weights are constants (PyTorch implements no derivative for them). Each fused backward is one pass
// when no graph is being built; under create_graph it is written with differentiable tensor ops
// (derivative.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
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
using autograd::InputMetadata;
using autograd::record;
using autograd::variable_list;

void check_reduction(int64_t reduction, const char* op) {
  XGRAD_CHECK(reduction == Reduction::None || reduction == Reduction::Mean || reduction == Reduction::Sum,
              "{}: invalid reduction {} (expected Reduction::None (0), Mean (1) or Sum (2))", op, reduction);
}

/// Weights get no gradient; one that asks for it is an error now rather than a silent zero later.
void check_constant(const Tensor& w, const char* what, const char* op) {
  XGRAD_CHECK(!w.defined() || !GradMode::is_enabled() || !w.requires_grad(),
              "{}: the derivative for '{}' is not implemented", op, what);
}

/// The reduced loss as a 0-dim tensor: total / denom for Mean, total for Sum.
Tensor reduced(double total, double denom, int64_t reduction, ScalarType dtype) {
  return full({}, reduction == Reduction::Mean ? total / denom : total, dtype);
}

/// The loss of the composed losses (l1_loss, kl_div), reduced.
Tensor apply_reduction(const Tensor& loss, int64_t reduction) {
  if (reduction == Reduction::Mean) return loss.mean();
  if (reduction == Reduction::Sum) return loss.sum();
  return loss;
}

/// The shape a and b broadcast to; the error names them as the loss's operands ("input [3, 4] and
/// target [3, 5]").
std::vector<int64_t> broadcast_operands(const Tensor& a, const char* a_name, const Tensor& b, const char* b_name,
                                        const char* op) {
  XGRAD_CHECK(a.defined() && b.defined(), "{}: expected defined {} and {} tensors", op, a_name, b_name);
  try {
    return detail::broadcast_shapes(a.sizes(), b.sizes(), op);
  } catch (const Error&) {
    throw Error(fmt::format("{}: {} {} and {} {} do not broadcast to one shape", op, a_name,
                            detail::shape_str(a.sizes()), b_name, detail::shape_str(b.sizes())));
  }
}

/// The composed losses' checks: shapes that broadcast, and a floating compute dtype.
void check_floating_pair(const Tensor& self, const Tensor& target, const char* op) {
  broadcast_operands(self, "input", target, "target", op);
  XGRAD_CHECK(isFloatingType(result_type(self, target)), "{}: expected floating point input and target, got {} and {}",
              op, toString(self.scalar_type()), toString(target.scalar_type()));
}

/// `t` broadcast to `sizes` as a dense dtype-`dtype` buffer (undefined stays undefined).
Tensor dense_to(const Tensor& t, const std::vector<int64_t>& sizes, ScalarType dtype) {
  if (!t.defined()) return t;
  if (t.sizes() == sizes) return detail::as_dense(t, dtype);
  NoGradGuard no_grad;  // the expand is part of this op's kernel, not a node
  return detail::as_dense(t.expand(sizes), dtype);
}

// ---- pointwise losses: mse, smooth_l1, binary_cross_entropy (with logits) ----

enum class Kind { Mse, SmoothL1, Bce, BceWithLogits };

const char* kind_op(Kind k) {
  switch (k) {
    case Kind::Mse: return "mse_loss";
    case Kind::SmoothL1: return "smooth_l1_loss";
    case Kind::Bce: return "binary_cross_entropy";
    case Kind::BceWithLogits: return "binary_cross_entropy_with_logits";
  }
  return "";
}

// Per element i of dense operands: loss(i), dx(i) and dt(i) (derivatives for g = 1, before the
// reduction's scale). One functor per loss keeps the loops free of per-element switches.
template <typename T>
struct MseTerms {
  const T *x, *t;
  T loss(int64_t i) const { return (x[i] - t[i]) * (x[i] - t[i]); }
  T dx(int64_t i) const { return T(2) * (x[i] - t[i]); }
  T dt(int64_t i) const { return -dx(i); }
};

template <typename T>
struct SmoothL1Terms {
  const T *x, *t;
  T beta;
  T loss(int64_t i) const {
    const T z = std::abs(x[i] - t[i]);
    return z < beta ? T(0.5) * z * z / beta : z - T(0.5) * beta;
  }
  // PyTorch's branch order: at d = 0 with beta = 0 the first branch gives -1. PyTorch's target
  // gradient is the same function with the operands swapped, so it is -1 there too (not +1).
  T slope(T d) const { return d <= -beta ? T(-1) : d >= beta ? T(1) : d / beta; }
  T dx(int64_t i) const { return slope(x[i] - t[i]); }
  T dt(int64_t i) const { return slope(t[i] - x[i]); }
};

template <typename T>
struct BceTerms {
  const T *x, *t, *w;
  T weight(int64_t i) const { return w ? w[i] : T(1); }
  static T clamped_log(T v) { return std::max(std::log(v), T(-100)); }
  static T clamped_log1m(T v) { return std::max(std::log1p(-v), T(-100)); }
  T loss(int64_t i) const { return weight(i) * ((t[i] - T(1)) * clamped_log1m(x[i]) - t[i] * clamped_log(x[i])); }
  T dx(int64_t i) const { return weight(i) * (x[i] - t[i]) / std::max((T(1) - x[i]) * x[i], static_cast<T>(1e-12)); }
  // The derivative of the clamped forward (PyTorch uses the unclamped -logit(x); they differ only
  // within e^-100 of 0 or 1).
  T dt(int64_t i) const { return weight(i) * (clamped_log1m(x[i]) - clamped_log(x[i])); }
};

template <typename T>
struct BceWithLogitsTerms {
  const T *x, *t, *w, *pw;
  T weight(int64_t i) const { return w ? w[i] : T(1); }
  /// log(1 + exp(-v)) without overflow.
  static T softplus_neg(T v) { return std::max(-v, T(0)) + std::log1p(std::exp(-std::abs(v))); }
  static T sigmoid(T v) {
    if (v >= T(0)) return T(1) / (T(1) + std::exp(-v));
    const T e = std::exp(v);
    return e / (T(1) + e);
  }
  T loss(int64_t i) const {
    const T lw = pw ? T(1) + (pw[i] - T(1)) * t[i] : T(1);
    return weight(i) * ((T(1) - t[i]) * x[i] + lw * softplus_neg(x[i]));
  }
  T dx(int64_t i) const {
    if (!pw) return weight(i) * (sigmoid(x[i]) - t[i]);
    const T pt = pw[i] * t[i];
    return weight(i) * ((pt + T(1) - t[i]) * sigmoid(x[i]) - pt);
  }
  T dt(int64_t i) const {
    if (!pw) return -weight(i) * x[i];
    return weight(i) * (-x[i] + (pw[i] - T(1)) * softplus_neg(x[i]));
  }
};

/// The dense operands of a pointwise loss, all of the loss's shape and compute dtype.
struct Operands {
  Tensor x, t, w, pw;
};

/// Calls f with the terms functor of `kind` over `ops`.
template <typename T, typename F>
decltype(auto) visit_terms(Kind kind, const Operands& ops, double beta, F&& f) {
  auto ptr = [](const Tensor& a) { return a.defined() ? a.data_ptr<T>() : nullptr; };
  const T *x = ptr(ops.x), *t = ptr(ops.t), *w = ptr(ops.w), *pw = ptr(ops.pw);
  switch (kind) {
    case Kind::Mse: return f(MseTerms<T>{x, t});
    case Kind::SmoothL1: return f(SmoothL1Terms<T>{x, t, static_cast<T>(beta)});
    case Kind::Bce: return f(BceTerms<T>{x, t, w});
    case Kind::BceWithLogits: break;
  }
  return f(BceWithLogitsTerms<T>{x, t, w, pw});
}

template <typename T, typename Terms>
Tensor pointwise_forward(const Terms& terms, const std::vector<int64_t>& sizes, ScalarType dtype, int64_t reduction) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  if (reduction == Reduction::None) {
    Tensor out = empty(sizes, dtype);
    T* o = out.data_ptr<T>();
    for (int64_t i = 0; i < n; ++i) o[i] = terms.loss(i);
    return out;
  }
  return reduced(detail::sum_in_double(n, [&](int64_t i) { return terms.loss(i); }), static_cast<double>(n), reduction, dtype);
}

/// {dx, dt} of the loss's shape (undefined where not wanted): g per element (None) or the scalar
/// g / n (Mean) or g (Sum) times the terms' derivatives.
template <typename T, typename Terms>
variable_list pointwise_backward(const Terms& terms, const Tensor& grad, const std::vector<int64_t>& sizes,
                                 ScalarType dtype, int64_t reduction, bool want_x, bool want_t) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  variable_list out(2);
  if (want_x) out[0] = empty(sizes, dtype);
  if (want_t) out[1] = empty(sizes, dtype);
  T* gx = want_x ? out[0].data_ptr<T>() : nullptr;
  T* gt = want_t ? out[1].data_ptr<T>() : nullptr;
  auto run = [&](auto scale) {
    if (gx)
      for (int64_t i = 0; i < n; ++i) gx[i] = scale(i) * terms.dx(i);
    if (gt)
      for (int64_t i = 0; i < n; ++i) gt[i] = scale(i) * terms.dt(i);
  };
  if (reduction == Reduction::None) {
    const Tensor g = detail::as_dense(grad, dtype);
    const T* gp = g.data_ptr<T>();
    run([gp](int64_t i) { return gp[i]; });
  } else {
    double s = grad.item<double>();
    if (reduction == Reduction::Mean) s /= static_cast<double>(n);
    const T sc = static_cast<T>(s);
    run([sc](int64_t) { return sc; });
  }
  return out;
}

/// The same gradients from differentiable tensor ops (create_graph); `s` broadcasts to the loss.
variable_list pointwise_loss_differentiable(Kind kind, const Tensor& x, const Tensor& t, const Tensor& w,
                                            const Tensor& pw, double beta, const Tensor& s, bool want_x, bool want_t) {
  variable_list out(2);
  const Tensor ws = w.defined() ? s * w : s;
  switch (kind) {
    case Kind::Mse: {
      const Tensor gx = (x - t) * (s * 2);
      out[0] = gx;
      out[1] = -gx;
      break;
    }
    case Kind::SmoothL1: {
      const Tensor d = x - t;
      // beta = 0 has no linear zone; d = 0 then takes -1 for both operands, as the fused path.
      auto slope = [&](const Tensor& diff) {
        return beta > 0 ? (diff / beta).clamp(-1, 1) : diff.gt(0).to(diff.scalar_type()) * 2 - 1;
      };
      out[0] = slope(d) * s;
      out[1] = slope(-d) * s;
      break;
    }
    case Kind::Bce: {
      if (want_x) out[0] = ws * (x - t) / ((1 - x) * x).clamp_min(1e-12);
      if (want_t) out[1] = ws * ((1 - x).log().clamp_min(-100) - x.log().clamp_min(-100));
      break;
    }
    case Kind::BceWithLogits: {
      if (want_x) out[0] = pw.defined() ? ws * ((pw * t + 1 - t) * x.sigmoid() - pw * t) : ws * (x.sigmoid() - t);
      if (want_t) {
        if (pw.defined()) {
          const Tensor softplus_neg = (-x).clamp_min(0) + (1 + (-x.abs()).exp()).log();
          out[1] = ws * ((pw - 1) * softplus_neg - x);
        } else {
          out[1] = -ws * x;
        }
      }
      break;
    }
  }
  if (!want_x) out[0] = Tensor();
  if (!want_t) out[1] = Tensor();
  return out;
}

/// What a pointwise loss's node keeps besides its saved self, target, weight and pos_weight.
struct PointwiseLoss {
  Kind kind;
  int64_t reduction;
  double beta;
  std::vector<int64_t> sizes;  // the loss's (broadcast) shape
  ScalarType dtype;            // the compute dtype
};

variable_list pointwise_loss_backward(const BackwardContext& c, const PointwiseLoss& s);

// l = loss(x, t) per element (the top of the file has each):  dx = g dl/dx,  dt = g dl/dt
const Derivative<PointwiseLoss> kMseLossBackward0{"MseLossBackward0", pointwise_loss_backward};
const Derivative<PointwiseLoss> kSmoothL1LossBackward0{"SmoothL1LossBackward0", pointwise_loss_backward};
const Derivative<PointwiseLoss> kBinaryCrossEntropyBackward0{"BinaryCrossEntropyBackward0", pointwise_loss_backward};
const Derivative<PointwiseLoss> kBinaryCrossEntropyWithLogitsBackward0{"BinaryCrossEntropyWithLogitsBackward0",
                                                                       pointwise_loss_backward};

const Derivative<PointwiseLoss>& pointwise_loss_derivative(Kind kind) {
  switch (kind) {
    case Kind::Mse: return kMseLossBackward0;
    case Kind::SmoothL1: return kSmoothL1LossBackward0;
    case Kind::Bce: return kBinaryCrossEntropyBackward0;
    case Kind::BceWithLogits: break;
  }
  return kBinaryCrossEntropyWithLogitsBackward0;
}

/// The formula of the four nodes above: the fused kernel of the loss's terms, or tensor ops.
variable_list pointwise_loss_backward(const BackwardContext& c, const PointwiseLoss& s) {
  const Tensor& g = c.grad();
  const Tensor x = c.saved(0), t = c.saved(1), w = c.saved(2), pw = c.saved(3);
  const bool want_x = c.needs(0), want_t = c.needs(1);
  return autograd::fused_unless_graphed(
      c,
      [&] {
        const Operands ops{dense_to(x, s.sizes, s.dtype), dense_to(t, s.sizes, s.dtype), dense_to(w, s.sizes, s.dtype),
                           dense_to(pw, s.sizes, s.dtype)};
        return detail::dispatch_floating(s.dtype, pointwise_loss_derivative(s.kind).name, [&](auto tag) {
          using T = decltype(tag);
          return visit_terms<T>(s.kind, ops, s.beta, [&](const auto& terms) {
            return pointwise_backward<T>(terms, g, s.sizes, s.dtype, s.reduction, want_x, want_t);
          });
        });
      },
      [&] {
        int64_t n = 1;
        for (int64_t d : s.sizes) n *= d;
        const Tensor scale = s.reduction == Reduction::Mean ? g / static_cast<double>(n) : g;
        return pointwise_loss_differentiable(s.kind, x.to(s.dtype), t.to(s.dtype), w.defined() ? w.to(s.dtype) : w,
                                             pw.defined() ? pw.to(s.dtype) : pw, s.beta, scale, want_x, want_t);
      });
}

/// A weight that must broadcast to the input's shape (the loss's shape).
void check_weight_broadcasts(const Tensor& w, const Tensor& self, const char* what, const char* op) {
  if (!w.defined()) return;
  bool fits = false;
  try {
    fits = detail::broadcast_shapes(w.sizes(), self.sizes(), op) == self.sizes().vec();
  } catch (const Error&) {  // reported below, naming the weight
  }
  XGRAD_CHECK(fits, "{}: {} {} does not broadcast to the input's shape {}", op, what, detail::shape_str(w.sizes()),
              detail::shape_str(self.sizes()));
}

Tensor pointwise_loss(Kind kind, const Tensor& self, const Tensor& target, const Tensor& weight,
                      const Tensor& pos_weight, int64_t reduction, double beta) {
  const char* op = kind_op(kind);
  check_reduction(reduction, op);
  const bool binary = kind == Kind::Bce || kind == Kind::BceWithLogits;
  std::vector<int64_t> sizes;
  if (binary) {
    XGRAD_CHECK(self.defined() && target.defined(), "{}: expected defined input and target tensors", op);
    XGRAD_CHECK(self.sizes() == target.sizes(), "{}: input {} and target {} must have the same shape", op,
                detail::shape_str(self.sizes()), detail::shape_str(target.sizes()));
    check_weight_broadcasts(weight, self, "weight", op);
    check_weight_broadcasts(pos_weight, self, "pos_weight", op);
    check_constant(weight, "weight", op);
    check_constant(pos_weight, "pos_weight", op);
    sizes = self.sizes().vec();
  } else {
    sizes = broadcast_operands(self, "input", target, "target", op);
  }
  const ScalarType dtype = result_type(self, target);
  return detail::dispatch_floating(dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const Operands ops{dense_to(self, sizes, dtype), dense_to(target, sizes, dtype), dense_to(weight, sizes, dtype),
                       dense_to(pos_weight, sizes, dtype)};
    if (kind == Kind::Bce) {
      const T* x = ops.x.data_ptr<T>();
      for (int64_t i = 0; i < ops.x.numel(); ++i)
        XGRAD_CHECK(x[i] >= T(0) && x[i] <= T(1), "{}: all elements of input should be between 0 and 1, got {}", op,
                    x[i]);
    }
    Tensor out = visit_terms<T>(
        kind, ops, beta, [&](const auto& terms) { return pointwise_forward<T>(terms, sizes, dtype, reduction); });
    record(pointwise_loss_derivative(kind), {self, target}, PointwiseLoss{kind, reduction, beta, sizes, dtype})
        .save(self)
        .save(target)
        .save(weight)
        .save(pos_weight)
        .output(out);
    return out;
  });
}

// ---- class losses: nll_loss, cross_entropy_loss ----

/// The input seen as [outer, C, inner], and the shape of a class-index target.
struct ClassShape {
  int64_t outer = 1, C = 1, inner = 1;
  std::vector<int64_t> target_sizes;
  int64_t lines() const { return outer * inner; }
};

ClassShape class_shape(const Tensor& self, const char* op) {
  XGRAD_CHECK(self.defined(), "{}: expected a defined input tensor", op);
  XGRAD_CHECK(self.dim() >= 1, "{}: expected input of shape [C], [N, C] or [N, C, d1, ...], got {}", op,
              detail::shape_str(self.sizes()));
  ClassShape cs;
  if (self.dim() == 1) {
    cs.C = self.size(0);
  } else {
    cs.outer = self.size(0);
    cs.C = self.size(1);
    cs.target_sizes.push_back(cs.outer);
    for (int64_t d = 2; d < self.dim(); ++d) {
      cs.inner *= self.size(d);
      cs.target_sizes.push_back(self.size(d));
    }
  }
  XGRAD_CHECK(cs.C >= 1, "{}: expected at least one class (dim 1 of the input), got input {}", op,
              detail::shape_str(self.sizes()));
  return cs;
}

void check_class_weight(const Tensor& weight, const ClassShape& cs, const char* op) {
  if (!weight.defined()) return;
  XGRAD_CHECK(weight.dim() == 1 && weight.size(0) == cs.C, "{}: expected weight of shape [{}] (one per class), got {}",
              op, cs.C, detail::shape_str(weight.sizes()));
  check_constant(weight, "weight", op);
}

/// A class-index target: kLong, the input's shape without the class dim, every value a class or
/// ignore_index. Returns it dense.
Tensor check_index_target(const Tensor& target, const Tensor& self, const ClassShape& cs, int64_t ignore_index,
                          const char* op) {
  XGRAD_CHECK(target.defined(), "{}: expected a defined target tensor", op);
  XGRAD_CHECK(target.scalar_type() == kLong, "{}: expected target of dtype Long, got {}", op,
              toString(target.scalar_type()));
  XGRAD_CHECK(target.sizes() == cs.target_sizes, "{}: expected target of shape {} for input {}, got {}", op,
              detail::shape_str(cs.target_sizes), detail::shape_str(self.sizes()), detail::shape_str(target.sizes()));
  Tensor t = detail::as_dense(target, kLong);
  const int64_t* y = t.data_ptr<int64_t>();
  for (int64_t i = 0; i < t.numel(); ++i)
    XGRAD_CHECK(y[i] == ignore_index || (y[i] >= 0 && y[i] < cs.C), "{}: target {} is out of bounds for {} classes", op,
                y[i], cs.C);
  return t;
}

/// The class weights as a dense vector of C values (ones without weight).
template <typename T>
std::vector<T> class_weights(const Tensor& weight, int64_t C) {
  if (!weight.defined()) return std::vector<T>(static_cast<size_t>(C), T(1));
  const Tensor w = detail::as_dense(weight, CppTypeToScalarType<T>::value);
  return std::vector<T>(w.data_ptr<T>(), w.data_ptr<T>() + C);
}

/// Mean's denominator for class-index targets: the sum of w_y over the non-ignored targets.
template <typename T>
double target_weight_sum(const int64_t* y, int64_t n, const std::vector<T>& w, int64_t ignore_index) {
  return detail::sum_in_double(n, [&](int64_t i) { return y[i] == ignore_index ? T(0) : w[static_cast<size_t>(y[i])]; });
}

/// Whether the None-reduction loss of the index-target cross entropy without smoothing is made as
/// [N, 1, d1 * ...] and viewed to [N, d1, ...]: PyTorch's nll_loss_nd does that for input of 3 or
/// more than 4 dims (4-D goes to its 2-D kernel as it is), so its grad_fn is ViewBackward0.
bool nd_view(const Tensor& self, int64_t reduction) {
  return reduction == Reduction::None && (self.dim() == 3 || self.dim() > 4);
}

/// The None-reduction loss tensor of a class loss, one value per line: [N, 1, d1 * ...] when it is
/// to be viewed (nd_view), else the target's shape.
Tensor line_loss_tensor(const ClassShape& cs, bool flat, ScalarType dtype) {
  return flat ? empty({cs.outer, 1, cs.inner}, dtype) : empty(cs.target_sizes, dtype);
}

/// The upstream gradient as a tensor broadcasting over [outer, C, inner]: per line for None,
/// g / denom for Mean, g for Sum.
Tensor class_scale(const Tensor& g, int64_t reduction, double denom, const ClassShape& cs) {
  if (reduction == Reduction::None) return g.reshape({cs.outer, 1, cs.inner});
  return reduction == Reduction::Mean ? g / denom : g;
}

/// Per-line scale of the fused backward: g[line] for None, else one value.
template <typename T>
struct LineScale {
  const T* per_line = nullptr;
  T all = 0;
  T operator()(int64_t l) const { return per_line ? per_line[l] : all; }
};

/// The fused backward's scale. `dense_g` keeps a converted copy of g alive.
template <typename T>
LineScale<T> line_scale(const Tensor& g, int64_t reduction, double denom, Tensor& dense_g) {
  LineScale<T> s;
  if (reduction == Reduction::None) {
    dense_g = detail::as_dense(g, CppTypeToScalarType<T>::value);
    s.per_line = dense_g.data_ptr<T>();
  } else {
    const double v = g.item<double>();
    s.all = static_cast<T>(reduction == Reduction::Mean ? v / denom : v);
  }
  return s;
}

/// Writes -w_y * scale(line) at the target class of every non-ignored line of a zeroed
/// [outer, C, inner] buffer: nll_loss's gradient.
template <typename T>
void nll_scatter(T* out, const int64_t* y, const std::vector<T>& w, const ClassShape& cs, int64_t ignore_index,
                 const LineScale<T>& scale) {
  for (int64_t l = 0; l < cs.lines(); ++l) {
    if (y[l] == ignore_index) continue;
    const int64_t o = l / cs.inner, s = l - o * cs.inner;
    out[(o * cs.C + y[l]) * cs.inner + s] = -w[static_cast<size_t>(y[l])] * scale(l);
  }
}

/// What nll_loss's node keeps besides its saved target and weight.
struct NllLoss {
  ClassShape cs;
  int64_t reduction, ignore_index;
  double total_weight;  // Mean's denominator
};

// l = -w_y x_y per line:  dx_c = -g w_y [c = y]
variable_list nll_loss_backward(const BackwardContext& c, const NllLoss& s) {
  const Tensor target = detail::as_dense(c.saved(0), kLong);
  const Tensor weight = c.saved(1);
  const InputMetadata& self = c.input(0);
  return {detail::dispatch_floating(self.dtype, "nll_loss_backward", [&](auto tag) {
    using T = decltype(tag);
    const std::vector<T> w = class_weights<T>(weight, s.cs.C);
    Tensor out = zeros(self.sizes, self.dtype);
    const int64_t* y = target.data_ptr<int64_t>();
    return autograd::fused_unless_graphed(
        c,
        [&] {
          Tensor dense_g;
          nll_scatter<T>(out.data_ptr<T>(), y, w, s.cs, s.ignore_index,
                         line_scale<T>(c.grad(), s.reduction, s.total_weight, dense_g));
          return out;
        },
        [&] {  // a constant times the (differentiable) upstream scale
          LineScale<T> one;
          one.all = T(1);
          nll_scatter<T>(out.data_ptr<T>(), y, w, s.cs, s.ignore_index, one);
          const Tensor scale = class_scale(c.grad(), s.reduction, s.total_weight, s.cs);
          return (out.view({s.cs.outer, s.cs.C, s.cs.inner}) * scale).view(self.sizes);
        });
  })};
}

const Derivative<NllLoss> kNllLossBackward0{"NllLossBackward0", nll_loss_backward};
const Derivative<NllLoss> kNllLoss2DBackward0{"NllLoss2DBackward0", nll_loss_backward};

/// Whether PyTorch computes nll_loss over this input with nll_loss2d (NllLoss2DBackward0).
bool uses_nll_loss2d(const Tensor& self) { return self.dim() >= 3; }

// ---- the fused cross entropy kernels ----
//
// Lines are processed in blocks. A block's logits are first gathered into a class-major buffer,
// buf[c * nb + j] for class c of the block's line j; then every per-line step (max, shift, sum of
// exp, the loss sums) loops over classes outside and lines inside with one accumulator per line:
// the inner loops are contiguous and vectorise, no long chain of dependent additions forms (a row
// sum of 1000 floats one after another is latency-bound), and exp runs over the whole block at once.

/// The operands of the fused cross entropy, dense.
template <typename T>
struct CrossEntropyArgs {
  const T* x;  // logits [outer, C, inner]
  ClassShape cs;
  const int64_t* index;  // class-index targets (one per line), or
  const T* prob;         // class-probability targets [outer, C, inner]
  std::vector<T> w;      // class weights
  int64_t ignore_index;
  T eps;  // label_smoothing
  /// About 8192 values per block, and at least 16 lines (16 independent accumulators).
  int64_t block_lines() const { return std::max<int64_t>(16, 8192 / cs.C); }
  /// The first logit of line l; its class c is at stride inner.
  int64_t line_offset(int64_t l) const {
    const int64_t o = l / cs.inner;
    return o * cs.C * cs.inner + (l - o * cs.inner);
  }
  T weight_sum() const {
    T s = 0;
    for (T v : w) s += v;
    return s;
  }
};

/// The working set of one block: line offsets, class-major buffers and per-line values.
template <typename T>
struct Block {
  Block(const CrossEntropyArgs<T>& a, bool with_target)
      : B(a.block_lines()),
        C(a.cs.C),
        inner(a.cs.inner),
        off(static_cast<size_t>(B)),
        buf(static_cast<size_t>(B * C)),
        e(buf.size()),
        t(with_target ? buf.size() : 0),
        m(off.size()),
        ls(off.size()),
        acc(off.size()),
        s(off.size()) {}
  int64_t B, C, inner, nb = 0;
  std::vector<int64_t> off;
  std::vector<T> buf;
  detail::AlignedBuffer<T> e;  // vectorized_map's output
  std::vector<T> t, m, ls, acc, s;

  /// Starts the block of lines [l0, l0 + nb).
  void begin(const CrossEntropyArgs<T>& a, int64_t l0) {
    nb = std::min(B, a.cs.lines() - l0);
    for (int64_t j = 0; j < nb; ++j) off[j] = a.line_offset(l0 + j);
  }
  // Classes are walked in tiles of 16 when moving between the line-major tensors and the
  // class-major buffers (a tiled transpose), so both sides stay in cache for large C.
  static constexpr int64_t kTile = 16;
  /// into[c * nb + j] = src[line j, class c], for src laid out as the logits.
  void gather(const T* src, T* into) const {
    for (int64_t c0 = 0; c0 < C; c0 += kTile) {
      const int64_t c1 = std::min(C, c0 + kTile);
      for (int64_t j = 0; j < nb; ++j)
        for (int64_t c = c0; c < c1; ++c) into[c * nb + j] = src[off[j] + c * inner];
    }
  }
  /// dst[line j, class c] = f(j, c).
  template <typename F>
  void scatter(T* dst, F f) const {
    for (int64_t c0 = 0; c0 < C; c0 += kTile) {
      const int64_t c1 = std::min(C, c0 + kTile);
      for (int64_t j = 0; j < nb; ++j)
        for (int64_t c = c0; c < c1; ++c) dst[off[j] + c * inner] = f(j, c);
    }
  }
  /// e = exp(buf) over the block.
  void exp_into_e() {
    detail::vectorized_map<T>(e.data(), buf.data(), static_cast<size_t>(nb * C),
                              [](const auto& v) { return xt::exp(v); });
  }
};

/// Forward: per line, stats (m, log sum exp(x - m)) and the loss. Returns the sum of the losses.
template <typename T>
double cross_entropy_forward(const CrossEntropyArgs<T>& a, T* stats, T* line_loss) {
  const int64_t C = a.cs.C, L = a.cs.lines();
  Block<T> b(a, a.prob != nullptr);
  const T keep = T(1) - a.eps, lift = a.eps / static_cast<T>(C);
  double total = 0;
  for (int64_t l0 = 0; l0 < L; l0 += b.B) {
    b.begin(a, l0);
    const int64_t nb = b.nb;
    T *buf = b.buf.data(), *m = b.m.data(), *ls = b.ls.data(), *acc = b.acc.data();
    b.gather(a.x, buf);
    std::copy(buf, buf + nb, m);
    for (int64_t c = 1; c < C; ++c)
      for (int64_t j = 0; j < nb; ++j) m[j] = buf[c * nb + j] > m[j] ? buf[c * nb + j] : m[j];
    for (int64_t c = 0; c < C; ++c)
      for (int64_t j = 0; j < nb; ++j) buf[c * nb + j] -= m[j];  // x - m
    b.exp_into_e();
    const T* e = b.e.data();
    std::fill(ls, ls + nb, T(0));
    for (int64_t c = 0; c < C; ++c)
      for (int64_t j = 0; j < nb; ++j) ls[j] += e[c * nb + j];
    for (int64_t j = 0; j < nb; ++j) {
      ls[j] = std::log(ls[j]);
      stats[2 * (l0 + j)] = m[j];
      stats[2 * (l0 + j) + 1] = ls[j];
    }
    // -log p_c = ls - (x_c - m)
    std::fill(acc, acc + nb, T(0));
    if (a.index) {
      if (a.eps > T(0))
        for (int64_t c = 0; c < C; ++c)
          for (int64_t j = 0; j < nb; ++j) acc[j] += a.w[c] * (ls[j] - buf[c * nb + j]);
      for (int64_t j = 0; j < nb; ++j) {
        const int64_t y = a.index[l0 + j];
        acc[j] = y == a.ignore_index ? T(0) : keep * a.w[y] * (ls[j] - buf[y * nb + j]) + lift * acc[j];
      }
    } else {
      T* t = b.t.data();
      b.gather(a.prob, t);
      for (int64_t c = 0; c < C; ++c)
        for (int64_t j = 0; j < nb; ++j) acc[j] += a.w[c] * (t[c * nb + j] * keep + lift) * (ls[j] - buf[c * nb + j]);
    }
    for (int64_t j = 0; j < nb; ++j) {
      if (line_loss) line_loss[l0 + j] = acc[j];
      total += static_cast<double>(acc[j]);
    }
  }
  return total;
}

/// Backward: gx = scale * (A p - a) per line (see the top of the file); gt (probability targets,
/// may be null) = scale * (1 - eps) * w * (-log p). Either output may be null.
template <typename T>
void cross_entropy_backward(const CrossEntropyArgs<T>& a, const T* stats, const LineScale<T>& scale, T* gx, T* gt) {
  const int64_t C = a.cs.C, inner = a.cs.inner, L = a.cs.lines();
  Block<T> b(a, a.prob != nullptr);
  const T keep = T(1) - a.eps, lift = a.eps / static_cast<T>(C), wsum = a.weight_sum();
  for (int64_t l0 = 0; l0 < L; l0 += b.B) {
    b.begin(a, l0);
    const int64_t nb = b.nb;
    T *buf = b.buf.data(), *m = b.m.data(), *ls = b.ls.data(), *A = b.acc.data(), *s = b.s.data();
    for (int64_t j = 0; j < nb; ++j) {
      m[j] = stats[2 * (l0 + j)];
      ls[j] = stats[2 * (l0 + j) + 1];
      s[j] = scale(l0 + j);
    }
    b.gather(a.x, buf);
    // log p = (x - m) - ls, in this order: m + ls would round away ls's digits for large m.
    for (int64_t c = 0; c < C; ++c)
      for (int64_t j = 0; j < nb; ++j) buf[c * nb + j] = (buf[c * nb + j] - m[j]) - ls[j];
    b.exp_into_e();
    const T* p = b.e.data();
    if (a.index) {
      if (!gx) continue;
      for (int64_t j = 0; j < nb; ++j) {
        const int64_t y = a.index[l0 + j];
        A[j] = y == a.ignore_index ? T(0) : keep * a.w[y] + lift * wsum;
      }
      b.scatter(gx, [&](int64_t j, int64_t c) { return s[j] * (A[j] * p[c * nb + j] - lift * a.w[c]); });
      for (int64_t j = 0; j < nb; ++j) {
        T* gl = gx + b.off[j];
        const int64_t y = a.index[l0 + j];
        if (y != a.ignore_index) {
          gl[y * inner] -= s[j] * keep * a.w[y];
        } else {
          for (int64_t c = 0; c < C; ++c) gl[c * inner] = T(0);
        }
      }
      continue;
    }
    T* t = b.t.data();
    b.gather(a.prob, t);
    for (int64_t c = 0; c < C; ++c)
      for (int64_t j = 0; j < nb; ++j) t[c * nb + j] = a.w[c] * (t[c * nb + j] * keep + lift);  // a_c
    if (gx) {
      std::fill(A, A + nb, T(0));
      for (int64_t c = 0; c < C; ++c)
        for (int64_t j = 0; j < nb; ++j) A[j] += t[c * nb + j];
      b.scatter(gx, [&](int64_t j, int64_t c) { return s[j] * (A[j] * p[c * nb + j] - t[c * nb + j]); });
    }
    if (gt) b.scatter(gt, [&](int64_t j, int64_t c) { return -s[j] * keep * a.w[c] * buf[c * nb + j]; });
  }
}

/// The constant coefficients a [outer, C, inner] and A [outer, 1, inner] of index targets (create_graph).
template <typename T>
std::pair<Tensor, Tensor> index_coefficients(const CrossEntropyArgs<T>& a) {
  const int64_t C = a.cs.C, inner = a.cs.inner;
  Tensor coef = zeros({a.cs.outer, C, inner}, CppTypeToScalarType<T>::value),
         total = zeros({a.cs.outer, 1, inner}, CppTypeToScalarType<T>::value);
  T* cp = coef.data_ptr<T>();
  T* tp = total.data_ptr<T>();
  const T wsum = a.weight_sum();
  const T lift = a.eps / static_cast<T>(C);
  for (int64_t l = 0; l < a.cs.lines(); ++l) {
    const int64_t y = a.index[l];
    if (y == a.ignore_index) continue;
    const int64_t off = a.line_offset(l);
    const T wy = (T(1) - a.eps) * a.w[y];
    for (int64_t c = 0; c < C; ++c) cp[off + c * inner] = lift * a.w[c];
    cp[off + y * inner] += wy;
    tp[l] = wy + lift * wsum;
  }
  return {coef, total};
}

/// What the fused cross entropy's node keeps besides its saved self, target, weight and stats.
struct CrossEntropy {
  ClassShape cs;
  int64_t reduction, ignore_index;
  double eps, denom;  // label_smoothing, Mean's denominator
  bool prob;          // class-probability targets (else class indices)
};

/// create_graph: the same gradients from differentiable ops over the [outer, C, inner] view;
/// index_coef is index_coefficients' pair for class-index targets.
variable_list cross_entropy_differentiable(const BackwardContext& c, const CrossEntropy& s, const Tensor& self,
                                           const Tensor& target, const Tensor& weight, bool want_x, bool want_t,
                                           const std::pair<Tensor, Tensor>& index_coef) {
  const InputMetadata& in = c.input(0);
  variable_list out(2);
  const std::vector<int64_t> lines3{s.cs.outer, s.cs.C, s.cs.inner};
  const Tensor x = self.to(in.dtype).reshape(lines3);
  const Tensor logp = x.log_softmax(1);
  const Tensor scale = class_scale(c.grad(), s.reduction, s.denom, s.cs);
  const Tensor w = weight.defined() ? weight.to(in.dtype).view({1, s.cs.C, 1}) : Tensor();
  if (s.prob) {
    const Tensor t = target.to(in.dtype).reshape(lines3);
    const Tensor tp = s.eps > 0 ? t * (1 - s.eps) + s.eps / static_cast<double>(s.cs.C) : t;
    const Tensor coef = w.defined() ? tp * w : tp;
    if (want_x) out[0] = ((logp.exp() * coef.sum({1}, true) - coef) * scale).view(in.sizes);
    if (want_t) out[1] = ((w.defined() ? logp * w : logp) * scale * (s.eps - 1)).view(in.sizes);
    return out;
  }
  const auto& [coef, total] = index_coef;
  if (want_x) out[0] = ((logp.exp() * total - coef) * scale).view(in.sizes);
  return out;
}

// l = sum_c a_c (lse - x_c) per line:  dx_c = g (A p_c - a_c),  dt_c = g (1 - e) w_c (lse - x_c)
variable_list cross_entropy_loss_backward(const BackwardContext& c, const CrossEntropy& s) {
  const Tensor self = c.saved(0), target = c.saved(1), weight = c.saved(2);
  const InputMetadata& in = c.input(0);
  const bool want_x = c.needs(0), want_t = s.prob && c.needs(1);
  return detail::dispatch_floating(in.dtype, "cross_entropy_loss_backward", [&](auto tag) -> variable_list {
    using T = decltype(tag);
    const Tensor x = detail::as_dense(self, in.dtype);
    const Tensor t = detail::as_dense(target, s.prob ? in.dtype : kLong);
    CrossEntropyArgs<T> a{x.data_ptr<T>(),
                          s.cs,
                          s.prob ? nullptr : t.data_ptr<int64_t>(),
                          s.prob ? t.data_ptr<T>() : nullptr,
                          class_weights<T>(weight, s.cs.C),
                          s.ignore_index,
                          static_cast<T>(s.eps)};
    return autograd::fused_unless_graphed(
        c,
        [&] {
          const Tensor stats = c.saved(3);
          Tensor dense_g;
          const LineScale<T> scale = line_scale<T>(c.grad(), s.reduction, s.denom, dense_g);
          variable_list out(2);  // {self, target}; target has no edge for class indices
          if (want_x) out[0] = empty(in.sizes, in.dtype);
          if (want_t) out[1] = empty(in.sizes, in.dtype);
          cross_entropy_backward<T>(a, stats.data_ptr<T>(), scale, want_x ? out[0].data_ptr<T>() : nullptr,
                                    want_t ? out[1].data_ptr<T>() : nullptr);
          return out;
        },
        [&] {
          return cross_entropy_differentiable(c, s, self, target, weight, want_x, want_t,
                                              s.prob ? std::pair<Tensor, Tensor>() : index_coefficients<T>(a));
        });
  });
}

// The fused cross entropy's nodes. Each is named after the last op of PyTorch's composition, so
// grad_fn names match: log_softmax + nll_loss (NllLossBackward0 / NllLoss2DBackward0), the
// smoothing sum (AddBackward0), or for probability targets the negation (NegBackward0) or, with
// Mean, the division (DivBackward1).
const Derivative<CrossEntropy> kCrossEntropyNllLossBackward0{"NllLossBackward0", cross_entropy_loss_backward};
const Derivative<CrossEntropy> kCrossEntropyNllLoss2DBackward0{"NllLoss2DBackward0", cross_entropy_loss_backward};
const Derivative<CrossEntropy> kCrossEntropyAddBackward0{"AddBackward0", cross_entropy_loss_backward};
const Derivative<CrossEntropy> kCrossEntropyNegBackward0{"NegBackward0", cross_entropy_loss_backward};
const Derivative<CrossEntropy> kCrossEntropyDivBackward1{"DivBackward1", cross_entropy_loss_backward};

const Derivative<CrossEntropy>& cross_entropy_derivative(const Tensor& self, bool prob, int64_t reduction,
                                                         double label_smoothing) {
  if (prob) return reduction == Reduction::Mean ? kCrossEntropyDivBackward1 : kCrossEntropyNegBackward0;
  if (label_smoothing > 0) return kCrossEntropyAddBackward0;
  return uses_nll_loss2d(self) ? kCrossEntropyNllLoss2DBackward0 : kCrossEntropyNllLossBackward0;
}

}  // namespace

// ---- public functions ----

Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight, int64_t reduction,
                int64_t ignore_index) {
  XGRAD_PROFILE_OP("nll_loss");
  const char* op = "nll_loss";
  check_reduction(reduction, op);
  const ClassShape cs = class_shape(self, op);
  check_class_weight(weight, cs, op);
  const Tensor y_t = check_index_target(target, self, cs, ignore_index, op);
  if (self.dim() == 3 || self.dim() > 4) {
    // As PyTorch's nll_loss_nd: the 2-D loss over [N, C, 1, d1 * ...], so the graph is PyTorch's
    // (a ViewBackward0 under NllLoss2DBackward0, and over it for None).
    const bool empty_input = self.numel() == 0, empty_target = target.numel() == 0;
    const Tensor x4 = self.contiguous().view({cs.outer, cs.C, empty_input ? 0 : 1, empty_input ? 0 : -1});
    const Tensor y3 = target.contiguous().view({cs.outer, empty_target ? 0 : 1, empty_target ? 0 : -1});
    const Tensor out = nll_loss(x4, y3, weight, reduction, ignore_index);
    return reduction == Reduction::None ? out.view(cs.target_sizes) : out;
  }
  const ScalarType dtype = self.scalar_type();
  return detail::dispatch_floating(dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const Tensor x_t = detail::as_dense(self, dtype);
    const T* x = x_t.data_ptr<T>();
    const int64_t* y = y_t.data_ptr<int64_t>();
    const std::vector<T> w = class_weights<T>(weight, cs.C);
    auto line = [&](int64_t l) {
      if (y[l] == ignore_index) return T(0);
      const int64_t o = l / cs.inner, s = l - o * cs.inner;
      return -w[static_cast<size_t>(y[l])] * x[(o * cs.C + y[l]) * cs.inner + s];
    };
    const double total_weight = target_weight_sum(y, cs.lines(), w, ignore_index);
    Tensor out;
    if (reduction == Reduction::None) {
      out = empty(cs.target_sizes, dtype);
      T* o = out.data_ptr<T>();
      for (int64_t l = 0; l < cs.lines(); ++l) o[l] = line(l);
    } else {
      out = reduced(detail::sum_in_double(cs.lines(), line), total_weight, reduction, dtype);
    }
    record(uses_nll_loss2d(self) ? kNllLoss2DBackward0 : kNllLossBackward0, {self},
           NllLoss{cs, reduction, ignore_index, total_weight})
        .save(target)
        .save(weight)
        .output(out);
    return out;
  });
}

Tensor cross_entropy_loss(const Tensor& self, const Tensor& target, const Tensor& weight, int64_t reduction,
                          int64_t ignore_index, double label_smoothing) {
  XGRAD_PROFILE_OP("cross_entropy_loss");
  const char* op = "cross_entropy_loss";
  check_reduction(reduction, op);
  const ClassShape cs = class_shape(self, op);
  check_class_weight(weight, cs, op);
  XGRAD_CHECK(label_smoothing >= 0 && label_smoothing <= 1, "{}: label_smoothing must be between 0.0 and 1.0, got {}",
              op, label_smoothing);
  XGRAD_CHECK(target.defined(), "{}: expected a defined target tensor", op);
  // A target of the input's shape holds class probabilities (PyTorch's rule).
  const bool prob = target.sizes() == self.sizes();
  if (prob) {
    XGRAD_CHECK(isFloatingType(target.scalar_type()),
                "{}: expected a floating point target for class probabilities (target of the input's shape {}), "
                "got {}",
                op, detail::shape_str(self.sizes()), toString(target.scalar_type()));
    XGRAD_CHECK(ignore_index < 0, "{}: ignore_index is not supported for class-probability targets (got {})", op,
                ignore_index);
  }
  const Tensor index_target = prob ? Tensor() : check_index_target(target, self, cs, ignore_index, op);
  const ScalarType dtype = self.scalar_type();
  return detail::dispatch_floating(dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const Tensor x = detail::as_dense(self, dtype);
    const Tensor t_dense = prob ? detail::as_dense(target, dtype) : index_target;
    CrossEntropyArgs<T> a{x.data_ptr<T>(),
                          cs,
                          prob ? nullptr : t_dense.data_ptr<int64_t>(),
                          prob ? t_dense.data_ptr<T>() : nullptr,
                          class_weights<T>(weight, cs.C),
                          ignore_index,
                          static_cast<T>(label_smoothing)};
    const bool view_after = !prob && label_smoothing == 0 && nd_view(self, reduction);
    Tensor stats = empty({cs.lines(), 2}, dtype);
    Tensor out;
    double total;
    if (reduction == Reduction::None) {
      out = line_loss_tensor(cs, view_after, dtype);
      total = cross_entropy_forward<T>(a, stats.data_ptr<T>(), out.data_ptr<T>());
    } else {
      total = cross_entropy_forward<T>(a, stats.data_ptr<T>(), nullptr);
    }
    const double denom =
        prob ? static_cast<double>(cs.lines()) : target_weight_sum(a.index, cs.lines(), a.w, ignore_index);
    if (reduction != Reduction::None) out = reduced(total, denom, reduction, dtype);

    const Tensor target_input = prob ? target : Tensor();  // index targets are integers: no edge
    record(cross_entropy_derivative(self, prob, reduction, label_smoothing), {self, target_input},
           CrossEntropy{cs, reduction, ignore_index, label_smoothing, denom, prob})
        .save(self)
        .save(target)
        .save(weight)
        .save(stats)
        .output(out);
    return view_after ? out.view(cs.target_sizes) : out;
  });
}

Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  XGRAD_PROFILE_OP("mse_loss");
  return pointwise_loss(Kind::Mse, self, target, {}, {}, reduction, 0.0);
}

Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction, double beta) {
  XGRAD_PROFILE_OP("smooth_l1_loss");
  XGRAD_CHECK(beta >= 0, "smooth_l1_loss: beta must be non-negative, got {}", beta);
  return pointwise_loss(Kind::SmoothL1, self, target, {}, {}, reduction, beta);
}

Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const Tensor& weight, int64_t reduction) {
  XGRAD_PROFILE_OP("binary_cross_entropy");
  return pointwise_loss(Kind::Bce, self, target, weight, {}, reduction, 0.0);
}

Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target, const Tensor& weight,
                                        const Tensor& pos_weight, int64_t reduction) {
  XGRAD_PROFILE_OP("binary_cross_entropy_with_logits");
  return pointwise_loss(Kind::BceWithLogits, self, target, weight, pos_weight, reduction, 0.0);
}

Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  XGRAD_PROFILE_OP("l1_loss");
  check_reduction(reduction, "l1_loss");
  check_floating_pair(self, target, "l1_loss");
  // Composed as PyTorch 1.13's l1_loss, so the nodes are AbsBackward0 / MeanBackward0 / SumBackward0.
  return apply_reduction((self - target).abs(), reduction);
}

Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction, bool log_target) {
  XGRAD_PROFILE_OP("kl_div");
  check_reduction(reduction, "kl_div");
  check_floating_pair(self, target, "kl_div");
  // Composed as PyTorch 1.13's kl_div, so its graph is PyTorch's (XlogyBackward0 / SubBackward0 /
  // MulBackward0 / MeanBackward0 / SumBackward0).
  if (log_target) return apply_reduction(target.exp() * (target - self), reduction);
  return apply_reduction(xlogy(target, target) - target * self, reduction);
}

}  // namespace xgrad
