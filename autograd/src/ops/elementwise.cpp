// Elementwise math: arithmetic, powers, exp/log/sqrt/abs, clamp, comparisons, their in-place
// forms, and the type promotion they share.
//
// Shapes: binary ops broadcast NumPy-style (trailing dims aligned, size-1 dims stretched) and the
// result has the broadcast shape. The in-place forms keep self's shape and dtype: other must
// broadcast to self's shape, and the promoted result dtype must be castable to self's dtype.
// Dtypes follow PyTorch's promotion (result_type); comparisons give kBool, true division of
// integers and exp/log/sqrt of integers give kFloat.
//
// Forward and backward (g is the gradient of the output y; the engine sums each gradient back to
// its input's shape, so the formulas ignore broadcasting):
//   y = a + alpha*b        da = g                    db = alpha*g
//   y = a - alpha*b        da = g                    db = -alpha*g
//   y = s - a (Scalar s)   da = -g
//   y = a*b                da = g*b                  db = g*a
//   y = a/b                da = g/b                  db = -g*a/b^2
//   y = -a                 da = -g
//   y = a^p (Scalar p)     da = g*p*a^(p-1)          (0 for p == 0; square(a) is a^2, as in PyTorch)
//   y = a^b                da = g*b*a^(b-1)          (0 where b == 0)
//                          db = g*y*log(a)           (0 where a == 0 and b >= 0)
//   y = s^b (Scalar s)     db = g*y*log(s)
//   y = exp(a)             da = g*y
//   y = log(a)             da = g/a
//   y = sqrt(a)            da = g/(2*y)
//   y = |a|                da = g*sign(a)
//   y = clamp(a, lo, hi)   da = g where lo <= a <= hi, else 0 (the boundary passes, as in PyTorch)
//   y = maximum(a, b)      da = g where a > b, g/2 where a == b, else 0   (db: the same with a, b
//   y = minimum(a, b)      da = g where a < b, g/2 where a == b, else 0    swapped; NaN propagates
//                                                                          and passes g to both)
//   y = a + v*b*c          da = g                    db = g*c*v              dc = g*b*v   (addcmul)
//   y = a + v*b/c          da = g                    db = g*v/c              dc = -g*v*b/c^2  (addcdiv)
// addcmul and addcdiv broadcast all three operands and compute (v*b)*c and (v*b)/c, in PyTorch's
// order, so that optimizer updates round as PyTorch's do.
// Comparisons are not differentiable. fill_ and zero_ send a zero gradient to the old values.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <type_traits>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "pointwise.h"
#include "unary_math.h"

namespace xgrad {

// ---------------------------------------------------------------------------------------------
// Type promotion (PyTorch's c10 rules, for the five dtypes xgrad has).
//
// Operands fall into three priority classes: tensors with dims, 0-dim tensors, and Scalars
// (PyTorch's "wrapped numbers"). Within a class, dtypes promote along Bool < Byte < Long < Float
// < Double. A lower class changes the result only when it is of a higher category (bool <
// integral < floating): then the two promote, a floating Scalar counting as the default kFloat.
// So int tensor + 2.5 is Float, float tensor + double 0-dim tensor is Float, uint8 + int64 is Long.

namespace {

int promotion_rank(ScalarType t) {
  switch (t) {
    case kBool: return 0;
    case kByte: return 1;
    case kLong: return 2;
    case kFloat: return 3;
    case kDouble: return 4;
  }
  return 0;
}

int category(ScalarType t) { return t == kBool ? 0 : isFloatingType(t) ? 2 : 1; }

}  // namespace

ScalarType promote_types(ScalarType a, ScalarType b) { return promotion_rank(a) >= promotion_rank(b) ? a : b; }

namespace {

std::optional<ScalarType> combine_categories(std::optional<ScalarType> higher, std::optional<ScalarType> lower) {
  if (!higher) return lower;
  if (!lower) return higher;
  return category(*lower) > category(*higher) ? promote_types(*higher, *lower) : *higher;
}

class Promotion {
 public:
  void add(const Tensor& t) { merge(t.dim() > 0 ? dim_ : zero_dim_, t.scalar_type()); }
  void add(const Scalar& s) { merge(wrapped_, s.isFloatingPoint() ? kFloat : s.isBoolean() ? kBool : kLong); }
  ScalarType result() const { return *combine_categories(dim_, combine_categories(zero_dim_, wrapped_)); }

 private:
  static void merge(std::optional<ScalarType>& slot, ScalarType t) { slot = slot ? promote_types(*slot, t) : t; }
  std::optional<ScalarType> dim_, zero_dim_, wrapped_;
};

}  // namespace

/// PyTorch's canCast for these dtypes: no floating -> integral, no non-bool -> bool.
bool can_cast(ScalarType from, ScalarType to) {
  if (isFloatingType(from) && !isFloatingType(to)) return false;
  return !(from != kBool && to == kBool);
}

ScalarType result_type(const Tensor& a, const Tensor& b) {
  Promotion p;
  p.add(a);
  p.add(b);
  return p.result();
}

ScalarType result_type(const Tensor& a, const Scalar& b) {
  Promotion p;
  p.add(a);
  p.add(b);
  return p.result();
}

namespace {

using detail::AllTypes;
using detail::binary;
using detail::binary_dtype;
using detail::binary_inplace;
using detail::check_inplace_result;
using detail::FloatingTypes;
using detail::NumericTypes;
using detail::piecewise_constant;
using detail::readable_while_writing;
using detail::record_inplace;
using detail::scalar_dtype;
using detail::stable_operand;
using detail::ternary;
using detail::ternary_kernel;
using detail::unary;
using detail::unary_inplace;

// ---- argument checks ----

/// PyTorch's alpha checks for add and sub.
void check_alpha(ScalarType ct, const Scalar& alpha, const char* op) {
  XGRAD_CHECK(!alpha.isBoolean() || ct == kBool, "{}: Boolean alpha only supported for Boolean results.", op);
  XGRAD_CHECK(isFloatingType(ct) || alpha.isIntegral(true),
              "{}: For integral input tensors, argument alpha must not be a floating point number.", op);
}

void check_sub_operands(ScalarType a, ScalarType b, const char* op) {
  XGRAD_CHECK(!(a == kBool && b == kBool),
              "{}: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
              "`logical_xor()` operator instead.",
              op);
  XGRAD_CHECK(a != kBool && b != kBool,
              "{}: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert "
              "a mask, use the `~` or `logical_not()` operator instead.",
              op);
}

/// True division computes in a floating dtype: integers and bools divide as kFloat.
ScalarType division_dtype(ScalarType promoted) { return detail::floating_result(promoted); }

// ---- per-element functions ----

/// x + alpha*y (sub is add with -alpha: negation is exact, and wraps alike for integers).
auto add_fn(const Scalar& alpha) {
  return [alpha](auto tag) {
    using T = decltype(tag);
    const T a = alpha.to<T>();
    return [a](T x, T y) { return static_cast<T>(x + a * y); };
  };
}

/// x + alpha*s, with alpha*s formed once in the compute type.
auto add_scalar_fn(const Scalar& other, const Scalar& alpha) {
  return [other, alpha](auto tag) {
    using T = decltype(tag);
    const T s = static_cast<T>(other.to<T>() * alpha.to<T>());
    return [s](T x) { return static_cast<T>(x + s); };
  };
}

auto mul_fn() {
  return [](auto tag) {
    using T = decltype(tag);
    return [](T x, T y) { return static_cast<T>(x * y); };
  };
}

auto mul_scalar_fn(const Scalar& other) {
  return [other](auto tag) {
    using T = decltype(tag);
    const T s = other.to<T>();
    return [s](T x) { return static_cast<T>(x * s); };
  };
}

auto div_fn() {
  return [](auto tag) {
    using T = decltype(tag);
    return [](T x, T y) { return x / y; };
  };
}

auto div_scalar_fn(const Scalar& other) {
  return [other](auto tag) {
    using T = decltype(tag);
    const T s = other.to<T>();
    return [s](T x) { return x / s; };
  };
}

/// The larger of x and y, or the NaN if either is one (y != y only for a NaN).
auto maximum_fn() {
  return [](auto tag) {
    using T = decltype(tag);
    return [](T x, T y) { return (x < y || y != y) ? y : x; };
  };
}

auto minimum_fn() {
  return [](auto tag) {
    using T = decltype(tag);
    return [](T x, T y) { return (y < x || y != y) ? y : x; };
  };
}

/// x + (v*y)*z, PyTorch's order of operations.
auto addcmul_fn(const Scalar& value) {
  return [value](auto tag) {
    using T = decltype(tag);
    const T v = value.to<T>();
    return [v](T x, T y, T z) { return static_cast<T>(x + v * y * z); };
  };
}

/// x + (v*y)/z, PyTorch's order of operations.
auto addcdiv_fn(const Scalar& value) {
  return [value](auto tag) {
    using T = decltype(tag);
    const T v = value.to<T>();
    return [v](T x, T y, T z) { return x + v * y / z; };
  };
}

/// min(max(x, lo), hi) with either bound optional; NaN stays NaN.
auto clamp_fn(const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return [min, max](auto tag) {
    using T = decltype(tag);
    const T lo = min ? min->to<T>() : std::numeric_limits<T>::lowest();
    const T hi = max ? max->to<T>() : std::numeric_limits<T>::max();
    return [lo, hi](T x) {
      const T y = x < lo ? lo : x;
      return y > hi ? hi : y;
    };
  };
}

/// Where clamp passes its gradient: lo <= x <= hi, an absent bound infinite. The bounds convert to
/// float or double as Scalar::to does (through double).
struct ClampRange {
  double lo, hi;
  template <typename T>
  bool contains(T x) const {
    return x >= static_cast<T>(lo) && x <= static_cast<T>(hi);
  }
};

ClampRange clamp_range(const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  return {min ? min->toDouble() : -inf, max ? max->toDouble() : inf};
}

/// x^y. Integers by repeated squaring; a negative integer exponent gives 1/x^|y| truncated
/// (so 0 unless x is 1 or -1), as PyTorch does for tensor exponents.
template <typename T>
T power(T x, T y) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::pow(x, y);
  } else {
    if constexpr (std::is_signed<T>::value) {
      if (y < 0) return x == 1 ? T(1) : x == -1 ? ((y & 1) ? T(-1) : T(1)) : T(0);
    }
    // In uint64_t, where wrapping is defined (and gives T's wrapped result); x is squared only
    // while bits remain, so no needless (and, signed, undefined) overflow past the last one.
    uint64_t result = 1, base = static_cast<uint64_t>(x);
    for (uint64_t e = static_cast<uint64_t>(y); e; e >>= 1) {
      if (e & 1) result *= base;
      if (e > 1) base *= base;
    }
    return static_cast<T>(result);
  }
}

Scalar minus_one(const Scalar& s) { return s.isFloatingPoint() ? Scalar(s.toDouble() - 1) : Scalar(s.toLong() - 1); }

constexpr auto neg_fn = [](auto x) { return static_cast<decltype(x)>(-x); };

/// x * x; integers in uint64_t, where wrapping is defined, as power() does.
constexpr auto square_fn = [](auto x) {
  using T = decltype(x);
  if constexpr (std::is_floating_point<T>::value) {
    return x * x;
  } else {
    return static_cast<T>(static_cast<uint64_t>(x) * static_cast<uint64_t>(x));
  }
};

constexpr auto abs_fn = [](auto x) {
  using T = decltype(x);
  if constexpr (std::is_unsigned<T>::value) {
    return x;
  } else {
    return static_cast<T>(std::abs(x));
  }
};

void check_neg_operand(const Tensor& self, const char* op) {
  detail::check_defined(self, op);
  XGRAD_CHECK(self.scalar_type() != kBool,
              "{}: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a "
              "mask, use the `~` or `logical_not()` operator instead.",
              op);
}

// ---------------------------------------------------------------------------------------------
// Backward formulas (derivative.h), in the order of the forwards below.

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;

/// The gradient passed on unchanged (AddBackward1, SubBackward1).
variable_list pass_backward(const BackwardContext& c, const NoState&) { return {c.grad()}; }

/// The gradient negated (RsubBackward1, NegBackward0).
variable_list negate_backward(const BackwardContext& c, const NoState&) { return {-c.grad()}; }

// y = a + alpha b:  da = g,  db = alpha g
const Derivative<Scalar> kAddBackward0{"AddBackward0", [](const BackwardContext& c, const Scalar& alpha) {
  const Tensor& g = c.grad();
  return variable_list{c.needs(0) ? g : Tensor(), c.needs(1) ? (alpha.toDouble() == 1 ? g : g * alpha) : Tensor()};
}};

// y = a + s:  da = g
const Derivative<> kAddBackward1{"AddBackward1", pass_backward};

// y = a - alpha b:  da = g,  db = -alpha g
const Derivative<Scalar> kSubBackward0{"SubBackward0", [](const BackwardContext& c, const Scalar& alpha) {
  const Tensor& g = c.grad();
  return variable_list{c.needs(0) ? g : Tensor(), c.needs(1) ? (alpha.toDouble() == 1 ? -g : g * -alpha) : Tensor()};
}};

// y = a - s:  da = g
const Derivative<> kSubBackward1{"SubBackward1", pass_backward};

// y = a b:  da = g b,  db = g a   (saved: a if db is wanted, b if da is)
const Derivative<> kMulBackward0{"MulBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.needs(0) ? c.grad() * c.saved(1) : Tensor(), c.needs(1) ? c.grad() * c.saved(0) : Tensor()};
}};

// y = a s:  da = g s
const Derivative<Scalar> kMulBackward1{"MulBackward1", [](const BackwardContext& c, const Scalar& other) {
  return variable_list{c.grad() * other};
}};

// y = a / b:  da = g / b,  db = -g a / b^2   (saved: a if db is wanted, b). Computed as -g ((a / b) / b):
// b^2 overflows long before the quotient does.
const Derivative<> kDivBackward0{"DivBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor other = c.saved(1);
  return variable_list{c.needs(0) ? c.grad() / other : Tensor(),
                       c.needs(1) ? -c.grad() * (c.saved(0) / other / other) : Tensor()};
}};

// y = a / s:  da = g / s
const Derivative<Scalar> kDivBackward1{"DivBackward1", [](const BackwardContext& c, const Scalar& other) {
  return variable_list{c.grad() / other};
}};

// y = -a:  da = -g
const Derivative<> kNegBackward0{"NegBackward0", negate_backward};

// y = a^p:  da = g p a^(p-1), 0 for p == 0. Tensor ops in both forms: a fused pass would repeat pow's
// own choice of kernels (x*x, sqrt, std::pow).
const Derivative<Scalar> kPowBackward0{"PowBackward0", [](const BackwardContext& c, const Scalar& exponent) {
  const Tensor self = c.saved(0);
  if (exponent.toDouble() == 0) return variable_list{zeros_like(self)};
  return variable_list{c.grad() * (pow(self, minus_one(exponent)) * exponent)};
}};

// y = a^b:  da = g b a^(b-1), 0 where b == 0;  db = g y log(a), 0 where a == 0 and b >= 0
// (saved: a, b, then y if db is wanted)
const Derivative<> kPowBackward1{"PowBackward1", [](const BackwardContext& c, const NoState&) {
  const Tensor& g = c.grad();
  const Tensor self = c.saved(0);
  const Tensor exponent = c.saved(1);
  const Tensor self_is_zero = self == 0;
  variable_list out(2);
  if (c.needs(0)) {
    // Where a == 0 and b == 0, a^(b-1) is inf and b*inf NaN; the true derivative is 0, which
    // base 1 gives (b == 0 zeroes it). The bool mask is a constant, so this stays differentiable.
    const Tensor base = self + self_is_zero * (exponent == 0);
    out[0] = g * exponent * pow(base, exponent - 1);
  }
  if (c.needs(1)) {
    // Where a == 0 and b >= 0, y*log(a) is 0*(-inf); PyTorch defines the derivative as 0: log(1).
    const Tensor base = self + self_is_zero * (exponent >= 0);
    out[1] = g * c.saved(2) * log(base);
  }
  return out;
}};

/// log(0) times 0^y, as PyTorch defines it: 0 where y >= 0 (0^y finite), -inf where y < 0 (0^y inf).
constexpr auto zero_base_log = [](auto power) {
  using T = decltype(power);
  return std::isinf(power) ? -std::numeric_limits<T>::infinity() : T(0);
};

// y = s^b:  db = g y log(s)
const Derivative<Scalar> kPowBackward2{"PowBackward2", [](const BackwardContext& c, const Scalar& base) {
  if (base.toDouble() == 0) {
    return detail::pointwise_backward(
        c, c.saved(0), [](auto g, auto y) { return g * zero_base_log(y); },
        [](const Tensor& g, const Tensor& y) { return g * piecewise_constant(y, zero_base_log); });
  }
  const double log_base = std::log(base.toDouble());
  return detail::pointwise_backward(
      c, c.saved(0), [log_base](auto g, auto y) { return g * y * static_cast<decltype(y)>(log_base); },
      [log_base](const Tensor& g, const Tensor& y) { return g * y * log_base; });
}};

// y = exp(a):  da = g y
const Derivative<> kExpBackward0{"ExpBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * y; }, [](const Tensor& g, const Tensor& y) { return g * y; });
}};

// y = log(a):  da = g / a
const Derivative<> kLogBackward0{"LogBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / x; }, [](const Tensor& g, const Tensor& x) { return g / x; });
}};

// y = sqrt(a):  da = g / (2 y)
const Derivative<> kSqrtBackward0{"SqrtBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g / (decltype(y)(2) * y); },
      [](const Tensor& g, const Tensor& y) { return g / (2 * y); });
}};

/// 1, -1 or 0 (also for NaN): abs's derivative.
constexpr auto sign_of = [](auto x) {
  using T = decltype(x);
  return x > T(0) ? T(1) : x < T(0) ? T(-1) : T(0);
};

// y = |a|:  da = g sign(a)
const Derivative<> kAbsBackward0{"AbsBackward0", [](const BackwardContext& c, const NoState&) {
  return detail::pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * sign_of(x); },
      [](const Tensor& g, const Tensor& x) { return g * piecewise_constant(x, sign_of); });
}};

/// where(mask != 0, g, 0), differentiable in g (WhereBackward0, whose own backward is the same
/// select): a select, unlike g * mask, gives 0.0 rather than -0.0 for a negative g outside the mask.
Tensor masked_grad(const Tensor& g, const Tensor& mask);

// y = where(m != 0, g, 0):  dg = where(m != 0, gy, 0)
const Derivative<> kWhereBackward0{"WhereBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{masked_grad(c.grad(), c.saved(0))};
}};

Tensor masked_grad(const Tensor& g, const Tensor& mask) {
  Tensor out = binary<FloatingTypes>(g, mask, g.scalar_type(), "backward", [](auto tag) {
    using T = decltype(tag);
    return [](T x, T m) { return m != T(0) ? x : T(0); };
  });
  record(kWhereBackward0, {g}).save(mask).output(out);
  return out;
}

// y = clamp(a, lo, hi):  da = g where lo <= a <= hi, else 0 (the boundary passes). One formula for
// ClampBackward1 (either bound optional), ClampMinBackward0 and ClampMaxBackward0.
variable_list clamp_backward(const BackwardContext& c, const ClampRange& range) {
  const auto mask = [range](auto x) { return static_cast<decltype(x)>(range.contains(x)); };  // 1 or 0
  return detail::pointwise_backward(
      c, c.saved(0), [range](auto g, auto x) { return range.contains(x) ? g : decltype(g)(0); },
      [mask](const Tensor& g, const Tensor& x) { return masked_grad(g, piecewise_constant(x, mask)); });
}

const Derivative<ClampRange> kClampBackward1{"ClampBackward1", clamp_backward};
const Derivative<ClampRange> kClampMinBackward0{"ClampMinBackward0", clamp_backward};
const Derivative<ClampRange> kClampMaxBackward0{"ClampMaxBackward0", clamp_backward};

// fill_ and zero_:  da = 0 (the old values no longer matter)
variable_list fill_backward(const BackwardContext& c, const NoState&) { return {zeros_like(c.grad())}; }

const Derivative<> kZeroBackward0{"ZeroBackward0", fill_backward};
const Derivative<> kFillBackward2{"FillBackward2", fill_backward};

/// The share of maximum's (or minimum's) gradient that goes to operand a of the pair (a, b): all of
/// it where a wins or either is NaN, half on a tie (as PyTorch), none where a loses. In g's dtype.
Tensor extremum_grad(const Tensor& g, const Tensor& a, const Tensor& b, bool is_max) {
  const Tensor share = binary<FloatingTypes>(a, b, g.scalar_type(), "backward", [is_max](auto tag) {
    using T = decltype(tag);
    return [is_max](T x, T y) {
      const bool loses = is_max ? x < y : y < x;
      return loses ? T(0) : x == y ? T(0.5) : T(1);
    };
  });
  // The select makes the losers' gradient +0 even for a negative or NaN g, as masked_fill does.
  return masked_grad(g, share) * share;
}

// y = maximum(a, b), minimum(a, b):  da = g (its share for a), db = g (its share for b)
variable_list extremum_backward(const BackwardContext& c, bool is_max) {
  const Tensor self = c.saved(0);
  const Tensor other = c.saved(1);
  return {c.needs(0) ? extremum_grad(c.grad(), self, other, is_max) : Tensor(),
          c.needs(1) ? extremum_grad(c.grad(), other, self, is_max) : Tensor()};
}

const Derivative<> kMaximumBackward0{"MaximumBackward0", [](const BackwardContext& c, const NoState&) {
  return extremum_backward(c, /*is_max=*/true);
}};
const Derivative<> kMinimumBackward0{"MinimumBackward0", [](const BackwardContext& c, const NoState&) {
  return extremum_backward(c, /*is_max=*/false);
}};

// y = a + v b c:  da = g,  db = g c v,  dc = g b v   (saved: b if dc is wanted, c if db is)
const Derivative<Scalar> kAddcmulBackward0{"AddcmulBackward0", [](const BackwardContext& c, const Scalar& value) {
  const Tensor& g = c.grad();
  return variable_list{c.needs(0) ? g : Tensor(), c.needs(1) ? g * (c.saved(1) * value) : Tensor(),
                       c.needs(2) ? g * (c.saved(0) * value) : Tensor()};
}};

// y = a + v b / c:  da = g,  db = g v / c,  dc = -g v b / c^2   (saved: b if dc is wanted, c if db or
// dc is). Computed as -g ((v b / c) / c): c^2 overflows long before the quotient does.
const Derivative<Scalar> kAddcdivBackward0{"AddcdivBackward0", [](const BackwardContext& c, const Scalar& value) {
  const Tensor& g = c.grad();
  variable_list out{c.needs(0) ? g : Tensor(), Tensor(), Tensor()};
  if (c.needs(1) || c.needs(2)) {
    const Tensor tensor2 = c.saved(1);
    if (c.needs(1)) out[1] = g * (value / tensor2);
    if (c.needs(2)) out[2] = -g * (c.saved(0) * value / tensor2 / tensor2);
  }
  return out;
}};

/// Saves what the gradients of addcmul (or, dividing, addcdiv) need: saved(0) and saved(1) above.
void save_addc_operands(autograd::Recording<Scalar>& recording, const Tensor& tensor1, const Tensor& tensor2,
                        bool dividing) {
  recording.save(recording.needs(2) ? tensor1 : Tensor())
      .save(recording.needs(1) || (dividing && recording.needs(2)) ? tensor2 : Tensor());
}

// ---------------------------------------------------------------------------------------------
// Ops that are not free functions of their own.

template <typename Cmp>
Tensor compare(const Tensor& self, const Tensor& other, const char* op, Cmp cmp) {
  XGRAD_PROFILE_OP(op);
  const ScalarType ct = binary_dtype(self, other, op);
  return binary<AllTypes, true>(self, other, ct, op, [cmp](auto tag) {
    using T = decltype(tag);
    return [cmp](T x, T y) { return cmp(x, y); };
  });
}

template <typename Cmp>
Tensor compare(const Tensor& self, const Scalar& other, const char* op, Cmp cmp) {
  XGRAD_PROFILE_OP(op);
  const ScalarType ct = scalar_dtype(self, other, op);
  return unary<AllTypes, true>(self, ct, op, [cmp, other](auto tag) {
    using T = decltype(tag);
    const T s = other.to<T>();
    return [cmp, s](T x) { return cmp(x, s); };
  });
}

Tensor& fill_impl(const Tensor& self, const Scalar& value, const char* op, const Derivative<>& derivative) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  auto recording = record_inplace(op, derivative, {self});
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const T v = detail::checked_scalar<T>(value, op);
    detail::unary_kernel<T, T>(self, self, [v](T) { return v; });
  });
  return recording.finish_inplace(self);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Arithmetic.

Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  XGRAD_PROFILE_OP("add");
  const ScalarType ct = binary_dtype(self, other, "add");
  check_alpha(ct, alpha, "add");
  Tensor out = binary<AllTypes>(self, other, ct, "add", add_fn(alpha));
  record(kAddBackward0, {self, other}, alpha).output(out);
  return out;
}

Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  XGRAD_PROFILE_OP("add");
  const ScalarType ct = scalar_dtype(self, other, "add");
  check_alpha(ct, alpha, "add");
  Tensor out = unary<AllTypes>(self, ct, "add", add_scalar_fn(other, alpha));
  record(kAddBackward1, {self}).output(out);
  return out;
}

Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  XGRAD_PROFILE_OP("sub");
  const ScalarType ct = binary_dtype(self, other, "sub");
  check_sub_operands(self.scalar_type(), other.scalar_type(), "sub");
  check_alpha(ct, alpha, "sub");
  Tensor out = binary<NumericTypes>(self, other, ct, "sub", add_fn(-alpha));
  record(kSubBackward0, {self, other}, alpha).output(out);
  return out;
}

Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  XGRAD_PROFILE_OP("sub");
  const ScalarType ct = scalar_dtype(self, other, "sub");
  check_sub_operands(self.scalar_type(), other.type(), "sub");
  check_alpha(ct, alpha, "sub");
  Tensor out = unary<NumericTypes>(self, ct, "sub", add_scalar_fn(other, -alpha));
  record(kSubBackward1, {self}).output(out);
  return out;
}

Tensor mul(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("mul");
  const ScalarType ct = binary_dtype(self, other, "mul");
  Tensor out = binary<AllTypes>(self, other, ct, "mul", mul_fn());
  auto recording = record(kMulBackward0, {self, other});
  recording.save(recording.needs(1) ? self : Tensor()).save(recording.needs(0) ? other : Tensor()).output(out);
  return out;
}

Tensor mul(const Tensor& self, const Scalar& other) {
  XGRAD_PROFILE_OP("mul");
  const ScalarType ct = scalar_dtype(self, other, "mul");
  Tensor out = unary<AllTypes>(self, ct, "mul", mul_scalar_fn(other));
  record(kMulBackward1, {self}, other).output(out);
  return out;
}

Tensor div(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("div");
  const ScalarType ct = division_dtype(binary_dtype(self, other, "div"));
  Tensor out = binary<FloatingTypes>(self, other, ct, "div", div_fn());
  auto recording = record(kDivBackward0, {self, other});
  recording.save(recording.needs(1) ? self : Tensor()).save(other).output(out);
  return out;
}

Tensor div(const Tensor& self, const Scalar& other) {
  XGRAD_PROFILE_OP("div");
  const ScalarType ct = division_dtype(scalar_dtype(self, other, "div"));
  Tensor out = unary<FloatingTypes>(self, ct, "div", div_scalar_fn(other));
  record(kDivBackward1, {self}, other).output(out);
  return out;
}

Tensor neg(const Tensor& self) {
  XGRAD_PROFILE_OP("neg");
  check_neg_operand(self, "neg");
  Tensor out = unary<NumericTypes>(self, self.scalar_type(), "neg", detail::elementwise(neg_fn));
  record(kNegBackward0, {self}).output(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Powers, exp, log, sqrt, abs.

Tensor pow(const Tensor& self, const Tensor& exponent) {
  XGRAD_PROFILE_OP("pow");
  const ScalarType ct = binary_dtype(self, exponent, "pow");
  Tensor out = binary<NumericTypes>(self, exponent, ct, "pow", [](auto tag) {
    using T = decltype(tag);
    return [](T x, T y) { return power<T>(x, y); };
  });
  auto recording = record(kPowBackward1, {self, exponent});
  recording.save(self).save(exponent).output(out).save(recording.needs(1) ? out : Tensor());
  return out;
}

Tensor pow(const Tensor& self, const Scalar& exponent) {
  XGRAD_PROFILE_OP("pow");
  const ScalarType ct = scalar_dtype(self, exponent, "pow");
  XGRAD_CHECK(isFloatingType(ct) || exponent.toDouble() >= 0,
              "pow: Integers to negative integer powers are not allowed (got a {} tensor and exponent {})",
              toString(ct), exponent.toLong());
  Tensor out;
  if (isFloatingType(ct) && exponent.toDouble() == 0.5) {
    out = detail::vectorized_unary(self, "pow", [](const auto& x) { return xt::sqrt(x); });
  } else if (exponent.toDouble() == 2) {  // the common case (squared errors, norms): no pow call
    out = unary<NumericTypes>(self, ct, "pow", detail::elementwise(square_fn));
  } else {
    out = unary<NumericTypes>(self, ct, "pow", [exponent](auto tag) {
      using T = decltype(tag);
      const T p = exponent.to<T>();
      return [p](T x) { return power<T>(x, p); };
    });
  }
  record(kPowBackward0, {self}, exponent).save(self).output(out);
  return out;
}

Tensor square(const Tensor& self) { return pow(self, 2); }

Tensor pow(const Scalar& self, const Tensor& exponent) {
  XGRAD_PROFILE_OP("pow");
  const ScalarType ct = scalar_dtype(exponent, self, "pow");
  Tensor out = unary<NumericTypes>(exponent, ct, "pow", [self](auto tag) {
    using T = decltype(tag);
    const T base = self.to<T>();
    return [base](T y) { return power<T>(base, y); };
  });
  record(kPowBackward2, {exponent}, self).output(out).save(out);
  return out;
}

Tensor exp(const Tensor& self) {
  XGRAD_PROFILE_OP("exp");
  Tensor out = detail::vectorized_unary(self, "exp", [](const auto& x) { return xt::exp(x); });
  record(kExpBackward0, {self}).output(out).save(out);
  return out;
}

Tensor log(const Tensor& self) {
  XGRAD_PROFILE_OP("log");
  Tensor out = detail::vectorized_unary(self, "log", [](const auto& x) { return xt::log(x); });
  record(kLogBackward0, {self}).save(self).output(out);
  return out;
}

Tensor sqrt(const Tensor& self) {
  XGRAD_PROFILE_OP("sqrt");
  Tensor out = detail::vectorized_unary(self, "sqrt", [](const auto& x) { return xt::sqrt(x); });
  record(kSqrtBackward0, {self}).output(out).save(out);
  return out;
}

Tensor abs(const Tensor& self) {
  XGRAD_PROFILE_OP("abs");
  detail::check_defined(self, "abs");
  Tensor out = unary<NumericTypes>(self, self.scalar_type(), "abs", detail::elementwise(abs_fn));
  record(kAbsBackward0, {self}).save(self).output(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clamp.

namespace {
Tensor clamp_impl(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max,
                  const char* op, const Derivative<ClampRange>& derivative) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  XGRAD_CHECK(min || max, "{}: At least one of 'min' or 'max' must not be None", op);
  Promotion p;
  p.add(self);
  if (min) p.add(*min);
  if (max) p.add(*max);
  Tensor out = unary<NumericTypes>(self, p.result(), op, clamp_fn(min, max));
  record(derivative, {self}, clamp_range(min, max)).save(self).output(out);
  return out;
}
}  // namespace

Tensor clamp(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp_impl(self, min, max, "clamp", kClampBackward1);
}

Tensor clamp_min(const Tensor& self, const Scalar& min) {
  return clamp_impl(self, min, std::nullopt, "clamp_min", kClampMinBackward0);
}

Tensor clamp_max(const Tensor& self, const Scalar& max) {
  return clamp_impl(self, std::nullopt, max, "clamp_max", kClampMaxBackward0);
}

// ---------------------------------------------------------------------------------------------
// xlogy: y = x log(o), 0 where x = 0 (NaN where o is NaN), as PyTorch.
//   dx = xlogy(g, o), but 0 where x = 0 and o <= 0;  do = g x / o

namespace {

const Derivative<> kXlogyBackward0{"XlogyBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor self = c.saved(0), other = c.saved(1);
  Tensor d_self, d_other;
  if (c.needs(0)) {
    // 1 where the gradient passes: a constant of the inputs, not recorded.
    const Tensor passes = binary<FloatingTypes>(self, other, c.grad().scalar_type(), "xlogy", [](auto tag) {
      using T = decltype(tag);
      return [](T x, T o) { return x == T(0) && o <= T(0) ? T(0) : T(1); };
    });
    d_self = masked_grad(xlogy(c.grad(), other), passes);
  }
  if (c.needs(1)) d_other = c.grad() * self / other;
  return variable_list{d_self, d_other};
}};

}  // namespace

Tensor xlogy(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("xlogy");
  const ScalarType ct = division_dtype(binary_dtype(self, other, "xlogy"));
  Tensor out = binary<FloatingTypes>(self, other, ct, "xlogy", [](auto tag) {
    using T = decltype(tag);
    return [](T x, T o) { return std::isnan(o) ? o : x == T(0) ? T(0) : x * std::log(o); };
  });
  record(kXlogyBackward0, {self, other}).save(self).save(other).output(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// maximum, minimum, addcmul, addcdiv.

namespace {

Tensor extremum(const Tensor& self, const Tensor& other, bool is_max) {
  XGRAD_PROFILE_OP(is_max ? "maximum" : "minimum");
  const char* op = is_max ? "maximum" : "minimum";
  const ScalarType ct = binary_dtype(self, other, op);
  Tensor out = is_max ? binary<AllTypes>(self, other, ct, op, maximum_fn())
                      : binary<AllTypes>(self, other, ct, op, minimum_fn());
  record(is_max ? kMaximumBackward0 : kMinimumBackward0, {self, other}).save(self).save(other).output(out);
  return out;
}

/// The compute dtype of addcmul/addcdiv: all three tensors promoted; `value` must suit it.
ScalarType addc_dtype(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value,
                      const char* op) {
  detail::check_defined(self, op);
  detail::check_defined(tensor1, op);
  detail::check_defined(tensor2, op);
  Promotion p;
  p.add(self);
  p.add(tensor1);
  p.add(tensor2);
  const ScalarType ct = p.result();
  XGRAD_CHECK(isFloatingType(ct) || value.isIntegral(false),
              "{}: For integral input tensors, argument value must not be a floating point number (got {} for "
              "{} tensors)",
              op, value.toDouble(), toString(ct));
  return ct;
}

ScalarType addcdiv_dtype(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value,
                         const char* op) {
  const ScalarType ct = addc_dtype(self, tensor1, tensor2, value, op);
  XGRAD_CHECK(!isIntegralType(tensor1.scalar_type(), true) || !isIntegralType(tensor2.scalar_type(), true),
              "{}: Integer division with addcdiv is no longer supported (tensor1 is {}, tensor2 is {}); use "
              "(input + value * tensor1 / tensor2) with floating tensors",
              op, toString(tensor1.scalar_type()), toString(tensor2.scalar_type()));
  return ct;
}

/// self = self + value * (tensor1 <combined by make> tensor2) in place: addcmul_, or addcdiv_ when dividing.
template <typename Types, typename Make>
Tensor& addc_inplace(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value,
                     ScalarType ct, const char* op, bool dividing, Make make) {
  check_inplace_result(self, ct, detail::broadcast_shapes(tensor1.sizes(), tensor2.sizes(), op), op);
  auto recording =
      record_inplace(op, dividing ? kAddcdivBackward0 : kAddcmulBackward0, {self, tensor1, tensor2}, value);
  if (recording) save_addc_operands(recording, stable_operand(tensor1, self), stable_operand(tensor2, self), dividing);
  const Tensor b = readable_while_writing(detail::as_compute(tensor1, ct), self);
  const Tensor c = readable_while_writing(detail::as_compute(tensor2, ct), self);
  if (ct != self.scalar_type()) {
    detail::copy_into(self, ternary<Types>(self, b, c, ct, op, make));
  } else {
    Types::run(ct, op, [&](auto tag) {
      using T = decltype(tag);
      ternary_kernel<T>(self, self, b, c, make(tag));
    });
  }
  return recording.finish_inplace(self);
}

}  // namespace

Tensor maximum(const Tensor& self, const Tensor& other) { return extremum(self, other, true); }

Tensor minimum(const Tensor& self, const Tensor& other) { return extremum(self, other, false); }

Tensor addcmul(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) {
  XGRAD_PROFILE_OP("addcmul");
  const ScalarType ct = addc_dtype(self, tensor1, tensor2, value, "addcmul");
  Tensor out = ternary<NumericTypes>(self, tensor1, tensor2, ct, "addcmul", addcmul_fn(value));
  auto recording = record(kAddcmulBackward0, {self, tensor1, tensor2}, value);
  save_addc_operands(recording, tensor1, tensor2, /*dividing=*/false);
  recording.output(out);
  return out;
}

Tensor addcdiv(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) {
  XGRAD_PROFILE_OP("addcdiv");
  const ScalarType ct = addcdiv_dtype(self, tensor1, tensor2, value, "addcdiv");
  Tensor out = ternary<FloatingTypes>(self, tensor1, tensor2, ct, "addcdiv", addcdiv_fn(value));
  auto recording = record(kAddcdivBackward0, {self, tensor1, tensor2}, value);
  save_addc_operands(recording, tensor1, tensor2, /*dividing=*/true);
  recording.output(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparisons (kBool results, computed in the promoted dtype, never recorded).

Tensor eq(const Tensor& self, const Tensor& other) { return compare(self, other, "eq", std::equal_to<>()); }
Tensor eq(const Tensor& self, const Scalar& other) { return compare(self, other, "eq", std::equal_to<>()); }
Tensor ne(const Tensor& self, const Tensor& other) { return compare(self, other, "ne", std::not_equal_to<>()); }
Tensor ne(const Tensor& self, const Scalar& other) { return compare(self, other, "ne", std::not_equal_to<>()); }
Tensor lt(const Tensor& self, const Tensor& other) { return compare(self, other, "lt", std::less<>()); }
Tensor lt(const Tensor& self, const Scalar& other) { return compare(self, other, "lt", std::less<>()); }
Tensor le(const Tensor& self, const Tensor& other) { return compare(self, other, "le", std::less_equal<>()); }
Tensor le(const Tensor& self, const Scalar& other) { return compare(self, other, "le", std::less_equal<>()); }
Tensor gt(const Tensor& self, const Tensor& other) { return compare(self, other, "gt", std::greater<>()); }
Tensor gt(const Tensor& self, const Scalar& other) { return compare(self, other, "gt", std::greater<>()); }
Tensor ge(const Tensor& self, const Tensor& other) { return compare(self, other, "ge", std::greater_equal<>()); }
Tensor ge(const Tensor& self, const Scalar& other) { return compare(self, other, "ge", std::greater_equal<>()); }

bool equal(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("equal");
  detail::check_defined(self, "equal");
  detail::check_defined(other, "equal");
  if (!self.sizes().equals(other.sizes())) return false;
  const Tensor same = eq(self, other);
  const bool* p = same.data_ptr<bool>();
  return std::all_of(p, p + same.numel(), [](bool b) { return b; });
}

bool allclose(const Tensor& self, const Tensor& other, double rtol, double atol) {
  XGRAD_PROFILE_OP("allclose");
  const ScalarType promoted = binary_dtype(self, other, "allclose");
  XGRAD_CHECK(rtol >= 0 && atol >= 0, "allclose: rtol ({}) and atol ({}) must be non-negative", rtol, atol);
  // Integers compare in double, which holds them exactly for any sensible tolerance.
  const ScalarType ct = isFloatingType(promoted) ? promoted : kDouble;
  const Tensor close = binary<FloatingTypes, true>(self, other, ct, "allclose", [rtol, atol](auto tag) {
    using T = decltype(tag);
    const T rt = static_cast<T>(rtol), at = static_cast<T>(atol);
    return [rt, at](T x, T y) {
      const T err = std::abs(x - y);
      return x == y || (std::isfinite(err) && err <= at + rt * std::abs(y));
    };
  });
  const bool* p = close.data_ptr<bool>();
  return std::all_of(p, p + close.numel(), [](bool b) { return b; });
}

// ---------------------------------------------------------------------------------------------
// In-place forms: checked before any data changes, recorded against the old self.

Tensor& Tensor::add_(const Tensor& other, const Scalar& alpha) const {
  XGRAD_PROFILE_OP("add_");
  const ScalarType ct = binary_dtype(*this, other, "add_");
  check_alpha(ct, alpha, "add_");
  check_inplace_result(*this, ct, other.sizes(), "add_");
  auto recording = record_inplace("add_", kAddBackward0, {*this, other}, alpha);
  binary_inplace<AllTypes>(*this, other, ct, "add_", add_fn(alpha));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::add_(const Scalar& other, const Scalar& alpha) const {
  XGRAD_PROFILE_OP("add_");
  const ScalarType ct = scalar_dtype(*this, other, "add_");
  check_alpha(ct, alpha, "add_");
  check_inplace_result(*this, ct, {}, "add_");
  auto recording = record_inplace("add_", kAddBackward1, {*this});
  unary_inplace<AllTypes>(*this, ct, "add_", add_scalar_fn(other, alpha));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::sub_(const Tensor& other, const Scalar& alpha) const {
  XGRAD_PROFILE_OP("sub_");
  const ScalarType ct = binary_dtype(*this, other, "sub_");
  check_sub_operands(scalar_type(), other.scalar_type(), "sub_");
  check_alpha(ct, alpha, "sub_");
  check_inplace_result(*this, ct, other.sizes(), "sub_");
  auto recording = record_inplace("sub_", kSubBackward0, {*this, other}, alpha);
  binary_inplace<NumericTypes>(*this, other, ct, "sub_", add_fn(-alpha));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::sub_(const Scalar& other, const Scalar& alpha) const {
  XGRAD_PROFILE_OP("sub_");
  const ScalarType ct = scalar_dtype(*this, other, "sub_");
  check_sub_operands(scalar_type(), other.type(), "sub_");
  check_alpha(ct, alpha, "sub_");
  check_inplace_result(*this, ct, {}, "sub_");
  auto recording = record_inplace("sub_", kSubBackward1, {*this});
  unary_inplace<NumericTypes>(*this, ct, "sub_", add_scalar_fn(other, -alpha));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::mul_(const Tensor& other) const {
  XGRAD_PROFILE_OP("mul_");
  const ScalarType ct = binary_dtype(*this, other, "mul_");
  check_inplace_result(*this, ct, other.sizes(), "mul_");
  auto recording = record_inplace("mul_", kMulBackward0, {*this, other});
  // other's copy (if any) first, then self's: the order their nodes were always made in.
  const Tensor saved_other = recording.needs(0) ? stable_operand(other, *this) : Tensor();
  recording.save(recording.needs(1) ? clone() : Tensor()).save(saved_other);  // clone(): the values about to go
  binary_inplace<AllTypes>(*this, other, ct, "mul_", mul_fn());
  return recording.finish_inplace(*this);
}

Tensor& Tensor::mul_(const Scalar& other) const {
  XGRAD_PROFILE_OP("mul_");
  const ScalarType ct = scalar_dtype(*this, other, "mul_");
  check_inplace_result(*this, ct, {}, "mul_");
  auto recording = record_inplace("mul_", kMulBackward1, {*this}, other);
  unary_inplace<AllTypes>(*this, ct, "mul_", mul_scalar_fn(other));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::div_(const Tensor& other) const {
  XGRAD_PROFILE_OP("div_");
  const ScalarType ct = division_dtype(binary_dtype(*this, other, "div_"));
  check_inplace_result(*this, ct, other.sizes(), "div_");
  auto recording = record_inplace("div_", kDivBackward0, {*this, other});
  // other's copy (if any) first, then self's: the order their nodes were always made in.
  const Tensor saved_other = recording ? stable_operand(other, *this) : Tensor();
  recording.save(recording.needs(1) ? clone() : Tensor()).save(saved_other);  // clone(): the values about to go
  binary_inplace<FloatingTypes>(*this, other, ct, "div_", div_fn());
  return recording.finish_inplace(*this);
}

Tensor& Tensor::div_(const Scalar& other) const {
  XGRAD_PROFILE_OP("div_");
  const ScalarType ct = division_dtype(scalar_dtype(*this, other, "div_"));
  check_inplace_result(*this, ct, {}, "div_");
  auto recording = record_inplace("div_", kDivBackward1, {*this}, other);
  unary_inplace<FloatingTypes>(*this, ct, "div_", div_scalar_fn(other));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::pow_(const Tensor& exponent) const {
  XGRAD_PROFILE_OP("pow_");
  const ScalarType ct = binary_dtype(*this, exponent, "pow_");
  check_inplace_result(*this, ct, exponent.sizes(), "pow_");
  const Tensor result = [&] {
    NoGradGuard no_grad;
    return xgrad::pow(*this, exponent);
  }();
  auto recording = record_inplace("pow_", kPowBackward1, {*this, exponent});
  if (recording) recording.save(clone()).save(stable_operand(exponent, *this));  // clone(): the values about to go
  detail::copy_into(*this, result);
  Tensor& self = recording.finish_inplace(*this);
  recording.save(recording.needs(1) ? self : Tensor());  // y, at its new version
  return self;
}

Tensor& Tensor::pow_(const Scalar& exponent) const {
  XGRAD_PROFILE_OP("pow_");
  const ScalarType ct = scalar_dtype(*this, exponent, "pow_");
  check_inplace_result(*this, ct, {}, "pow_");
  const Tensor result = [&] {
    NoGradGuard no_grad;
    return xgrad::pow(*this, exponent);
  }();
  auto recording = record_inplace("pow_", kPowBackward0, {*this}, exponent);
  recording.save(recording ? clone() : Tensor());  // the values about to go
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& Tensor::xlogy_(const Tensor& other) const {
  XGRAD_PROFILE_OP("xlogy_");
  const ScalarType ct = division_dtype(binary_dtype(*this, other, "xlogy_"));
  check_inplace_result(*this, ct, other.sizes(), "xlogy_");
  const Tensor result = [&] {
    NoGradGuard no_grad;
    return xgrad::xlogy(*this, other);
  }();
  auto recording = record_inplace("xlogy_", kXlogyBackward0, {*this, other});
  if (recording) recording.save(clone()).save(stable_operand(other, *this));  // clone(): the values about to go
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& Tensor::clamp_min_(const Scalar& min) const {
  XGRAD_PROFILE_OP("clamp_min_");
  detail::check_defined(*this, "clamp_min_");
  check_inplace_result(*this, scalar_dtype(*this, min, "clamp_min_"), {}, "clamp_min_");
  auto recording = record_inplace("clamp_min_", kClampMinBackward0, {*this}, clamp_range(min, std::nullopt));
  recording.save(recording ? clone() : Tensor());  // the mask needs the values about to go
  unary_inplace<NumericTypes>(*this, scalar_dtype(*this, min, "clamp_min_"), "clamp_min_", clamp_fn(min, std::nullopt));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::clamp_max_(const Scalar& max) const {
  XGRAD_PROFILE_OP("clamp_max_");
  detail::check_defined(*this, "clamp_max_");
  check_inplace_result(*this, scalar_dtype(*this, max, "clamp_max_"), {}, "clamp_max_");
  auto recording = record_inplace("clamp_max_", kClampMaxBackward0, {*this}, clamp_range(std::nullopt, max));
  recording.save(recording ? clone() : Tensor());  // the mask needs the values about to go
  unary_inplace<NumericTypes>(*this, scalar_dtype(*this, max, "clamp_max_"), "clamp_max_", clamp_fn(std::nullopt, max));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::zero_() const { return fill_impl(*this, 0, "zero_", kZeroBackward0); }

Tensor& Tensor::fill_(const Scalar& value) const { return fill_impl(*this, value, "fill_", kFillBackward2); }

Tensor& Tensor::clamp_(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  XGRAD_PROFILE_OP("clamp_");
  detail::check_defined(*this, "clamp_");
  XGRAD_CHECK(min || max, "clamp_: At least one of 'min' or 'max' must not be None");
  Promotion p;
  p.add(*this);
  if (min) p.add(*min);
  if (max) p.add(*max);
  const ScalarType ct = p.result();
  check_inplace_result(*this, ct, {}, "clamp_");
  auto recording = record_inplace("clamp_", kClampBackward1, {*this}, clamp_range(min, max));
  recording.save(recording ? clone() : Tensor());  // the mask needs the values about to go
  unary_inplace<NumericTypes>(*this, ct, "clamp_", clamp_fn(min, max));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::sqrt_() const {
  XGRAD_PROFILE_OP("sqrt_");
  detail::check_defined(*this, "sqrt_");
  const ScalarType ct = detail::floating_result(scalar_type());
  check_inplace_result(*this, ct, {}, "sqrt_");
  auto recording = record_inplace("sqrt_", kSqrtBackward0, {*this});
  if (is_contiguous()) {
    detail::dispatch_floating(ct, "sqrt_", [&](auto tag) {
      using T = decltype(tag);
      T* p = data_ptr<T>();
      detail::vectorized_map<T>(p, p, static_cast<size_t>(numel()), [](const auto& x) { return xt::sqrt(x); });
    });
  } else {
    unary_inplace<FloatingTypes>(*this, ct, "sqrt_", [](auto tag) {
      using T = decltype(tag);
      return [](T x) { return std::sqrt(x); };
    });
  }
  Tensor& self = recording.finish_inplace(*this);
  recording.save(self);  // the new values, at their new version
  return self;
}

// exp_, log_, abs_, neg_, square_ (the unary math family's in-place forms of the ops above): the same
// nodes, recorded against the old self.
Tensor& Tensor::exp_() const {
  return detail::floating_op_(*this, "exp_", [](auto x) { return std::exp(x); }, kExpBackward0, detail::Saved::kResult);
}

Tensor& Tensor::log_() const {
  return detail::floating_op_(*this, "log_", [](auto x) { return std::log(x); }, kLogBackward0, detail::Saved::kInput);
}

Tensor& Tensor::abs_() const {
  return detail::unary_op_<NumericTypes>(*this, scalar_type(), "abs_", abs_fn, kAbsBackward0, detail::Saved::kInput);
}

Tensor& Tensor::neg_() const {
  check_neg_operand(*this, "neg_");
  return detail::unary_op_<NumericTypes>(*this, scalar_type(), "neg_", neg_fn, kNegBackward0, detail::Saved::kNothing);
}

// As libtorch: square_ is pow_(2), recorded as PowBackward0.
Tensor& Tensor::square_() const {
  const ScalarType ct = scalar_dtype(*this, 2, "square_");
  return detail::unary_op_<NumericTypes>(*this, ct, "square_", square_fn, kPowBackward0, detail::Saved::kInput,
                                         Scalar(2));
}

Tensor& Tensor::addcmul_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) const {
  XGRAD_PROFILE_OP("addcmul_");
  const ScalarType ct = addc_dtype(*this, tensor1, tensor2, value, "addcmul_");
  return addc_inplace<NumericTypes>(*this, tensor1, tensor2, value, ct, "addcmul_", /*dividing=*/false,
                                    addcmul_fn(value));
}

Tensor& Tensor::addcdiv_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) const {
  XGRAD_PROFILE_OP("addcdiv_");
  const ScalarType ct = addcdiv_dtype(*this, tensor1, tensor2, value, "addcdiv_");
  return addc_inplace<FloatingTypes>(*this, tensor1, tensor2, value, ct, "addcdiv_", /*dividing=*/true,
                                     addcdiv_fn(value));
}

// ---------------------------------------------------------------------------------------------
// Tensor methods and operators.

Tensor Tensor::add(const Tensor& other, const Scalar& alpha) const { return xgrad::add(*this, other, alpha); }
Tensor Tensor::add(const Scalar& other, const Scalar& alpha) const { return xgrad::add(*this, other, alpha); }
Tensor Tensor::sub(const Tensor& other, const Scalar& alpha) const { return xgrad::sub(*this, other, alpha); }
Tensor Tensor::sub(const Scalar& other, const Scalar& alpha) const { return xgrad::sub(*this, other, alpha); }
Tensor Tensor::mul(const Tensor& other) const { return xgrad::mul(*this, other); }
Tensor Tensor::mul(const Scalar& other) const { return xgrad::mul(*this, other); }
Tensor Tensor::div(const Tensor& other) const { return xgrad::div(*this, other); }
Tensor Tensor::xlogy(const Tensor& other) const { return xgrad::xlogy(*this, other); }
Tensor Tensor::div(const Scalar& other) const { return xgrad::div(*this, other); }
Tensor Tensor::neg() const { return xgrad::neg(*this); }
Tensor Tensor::pow(const Tensor& exponent) const { return xgrad::pow(*this, exponent); }
Tensor Tensor::pow(const Scalar& exponent) const { return xgrad::pow(*this, exponent); }
Tensor Tensor::square() const { return xgrad::square(*this); }
Tensor Tensor::exp() const { return xgrad::exp(*this); }
Tensor Tensor::log() const { return xgrad::log(*this); }
Tensor Tensor::sqrt() const { return xgrad::sqrt(*this); }
Tensor Tensor::abs() const { return xgrad::abs(*this); }
Tensor Tensor::maximum(const Tensor& other) const { return xgrad::maximum(*this, other); }
Tensor Tensor::minimum(const Tensor& other) const { return xgrad::minimum(*this, other); }
Tensor Tensor::addcmul(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) const {
  return xgrad::addcmul(*this, tensor1, tensor2, value);
}
Tensor Tensor::addcdiv(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) const {
  return xgrad::addcdiv(*this, tensor1, tensor2, value);
}
Tensor Tensor::clamp(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  return xgrad::clamp(*this, min, max);
}
Tensor Tensor::clamp_min(const Scalar& min) const { return xgrad::clamp_min(*this, min); }
Tensor Tensor::clamp_max(const Scalar& max) const { return xgrad::clamp_max(*this, max); }
Tensor Tensor::eq(const Tensor& other) const { return xgrad::eq(*this, other); }
Tensor Tensor::eq(const Scalar& other) const { return xgrad::eq(*this, other); }
Tensor Tensor::ne(const Tensor& other) const { return xgrad::ne(*this, other); }
Tensor Tensor::ne(const Scalar& other) const { return xgrad::ne(*this, other); }
Tensor Tensor::lt(const Tensor& other) const { return xgrad::lt(*this, other); }
Tensor Tensor::lt(const Scalar& other) const { return xgrad::lt(*this, other); }
Tensor Tensor::le(const Tensor& other) const { return xgrad::le(*this, other); }
Tensor Tensor::le(const Scalar& other) const { return xgrad::le(*this, other); }
Tensor Tensor::gt(const Tensor& other) const { return xgrad::gt(*this, other); }
Tensor Tensor::gt(const Scalar& other) const { return xgrad::gt(*this, other); }
Tensor Tensor::ge(const Tensor& other) const { return xgrad::ge(*this, other); }
Tensor Tensor::ge(const Scalar& other) const { return xgrad::ge(*this, other); }
bool Tensor::equal(const Tensor& other) const { return xgrad::equal(*this, other); }
bool Tensor::allclose(const Tensor& other, double rtol, double atol) const {
  return xgrad::allclose(*this, other, rtol, atol);
}

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator+(const Tensor& a, const Scalar& b) { return add(a, b); }
Tensor operator+(const Scalar& a, const Tensor& b) { return add(b, a); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator-(const Tensor& a, const Scalar& b) { return sub(a, b); }
// a - b as libtorch's operator: a 0-dim tensor less b (SubBackward0, not rsub's RsubBackward1).
Tensor operator-(const Scalar& a, const Tensor& b) { return sub(full(IntArrayRef{}, a, scalar_dtype(b, a, "sub")), b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator*(const Tensor& a, const Scalar& b) { return mul(a, b); }
Tensor operator*(const Scalar& a, const Tensor& b) { return mul(b, a); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator/(const Tensor& a, const Scalar& b) { return div(a, b); }
// a / b as a 0-dim tensor divided by b (DivBackward0), in the dtype a wrapped Scalar promotes to.
Tensor operator/(const Scalar& a, const Tensor& b) {
  return div(full(IntArrayRef{}, a, scalar_dtype(b, a, "div")), b);
}
Tensor operator==(const Tensor& a, const Tensor& b) { return eq(a, b); }
Tensor operator==(const Tensor& a, const Scalar& b) { return eq(a, b); }
Tensor operator!=(const Tensor& a, const Tensor& b) { return ne(a, b); }
Tensor operator!=(const Tensor& a, const Scalar& b) { return ne(a, b); }
Tensor operator<(const Tensor& a, const Tensor& b) { return lt(a, b); }
Tensor operator<(const Tensor& a, const Scalar& b) { return lt(a, b); }
Tensor operator<=(const Tensor& a, const Tensor& b) { return le(a, b); }
Tensor operator<=(const Tensor& a, const Scalar& b) { return le(a, b); }
Tensor operator>(const Tensor& a, const Tensor& b) { return gt(a, b); }
Tensor operator>(const Tensor& a, const Scalar& b) { return gt(a, b); }
Tensor operator>=(const Tensor& a, const Tensor& b) { return ge(a, b); }
Tensor operator>=(const Tensor& a, const Scalar& b) { return ge(a, b); }

// The out= forms and in-place functions of exp, log, abs, neg, square (unary_math.h).
XGRAD_UNARY_OUT(exp)
XGRAD_UNARY_OUT(log)
XGRAD_UNARY_OUT(abs)
XGRAD_UNARY_OUT(neg)
XGRAD_UNARY_OUT(square)
XGRAD_UNARY_FREE_INPLACE(exp)
XGRAD_UNARY_FREE_INPLACE(log)
XGRAD_UNARY_FREE_INPLACE(abs)
XGRAD_UNARY_FREE_INPLACE(neg)
XGRAD_UNARY_FREE_INPLACE(square)

}  // namespace xgrad
