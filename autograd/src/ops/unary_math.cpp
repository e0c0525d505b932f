// Unary pointwise math: trigonometric and hyperbolic functions and their inverses, erf/erfc,
// exp2/expm1/log2/log10/log1p, rsqrt/reciprocal, sinc, degrees <-> radians, rounding (ceil, floor,
// trunc/fix, round, frac), sign/sgn, nan_to_num, logit, hardshrink, angle, and the predicates
// (isnan, isinf, isfinite, isposinf, isneginf, isreal, signbit). The special functions (digamma,
// lgamma, erfinv, i0, ...) are in special_math.cpp; exp_, log_, abs_, neg_, square_ are beside their
// forwards in elementwise.cpp, sigmoid_ and tanh_ in activation.cpp.
//
// Shapes: the result has the input's shape. Dtypes: the floating functions compute in the input's
// dtype, integers and bools in kFloat (PyTorch's floating_result). ceil, floor, trunc, round, sign, sgn,
// nan_to_num keep the dtype (identity for integers); frac, hardshrink and round(decimals) take
// floating tensors only. The predicates give kBool and are not recorded. The in-place forms check
// that the result dtype casts to self's (an integer tensor cannot take sin_'s kFloat).
//
// Forward and backward (g is the output's gradient, y the output):
//   y = sin(x)     dx = g cos(x)            y = asin(x)    dx = g / sqrt(1 - x^2)
//   y = cos(x)     dx = -g sin(x)           y = acos(x)    dx = -g / sqrt(1 - x^2)
//   y = tan(x)     dx = g (1 + y^2)         y = atan(x)    dx = g / (1 + x^2)
//   y = sinh(x)    dx = g cosh(x)           y = asinh(x)   dx = g / sqrt(x^2 + 1)
//   y = cosh(x)    dx = g sinh(x)           y = acosh(x)   dx = g / sqrt(x^2 - 1)
//                                           y = atanh(x)   dx = g / (1 - x^2)
//   y = erf(x)     dx = g 2/sqrt(pi) exp(-x^2)         y = erfc(x)  dx = -g 2/sqrt(pi) exp(-x^2)
//   y = exp2(x)    dx = g y log(2)          y = expm1(x)   dx = g (y + 1)
//   y = log2(x)    dx = g / (x log(2))      y = log10(x)   dx = g / (x log(10))
//   y = log1p(x)   dx = g / (x + 1)
//   y = rsqrt(x)   dx = -g y^3 / 2          y = 1/x        dx = -g y^2
//   y = sinc(x) = sin(pi x)/(pi x)          dx = g (cos(pi x) - sinc(x)) / x, 0 at x = 0
//   y = deg2rad(x) dx = g pi/180            y = rad2deg(x) dx = g 180/pi
//   y = logit(x)   dx = g / (x (1 - x)); NaN outside [0, 1]; with eps, 0 outside [eps, 1 - eps]
//   y = hardshrink(x)   dx = g where |x| > lambd, else 0
//   y = nan_to_num(x)   dx = g where x is finite, else 0
//   y = frac(x)    dx = g
//   ceil, floor, trunc, round, sign, sgn, angle (of real numbers): dx = 0
//   acosh_, asinh_, atanh_: recorded (AcoshBackward1, ...) but not differentiable, as in PyTorch
#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "pointwise.h"
#include "unary_math.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::variable_list;
using detail::AllTypes;
using detail::floating_op;
using detail::floating_op_;
using detail::FloatingTypes;
using detail::NumericTypes;
using detail::piecewise_constant;
using detail::pointwise_backward;
using detail::predicate;
using detail::Saved;
using detail::unary_op;
using detail::unary_op_;

constexpr double kPi = 3.14159265358979323846;
constexpr double kLn2 = 0.693147180559945309417;
constexpr double kLn10 = 2.30258509299404568402;
constexpr double kTwoOverSqrtPi = 1.12837916709551257390;

/// A constant of the element type of x.
template <typename T>
constexpr T as(double v) {
  return static_cast<T>(v);
}

// ---------------------------------------------------------------------------------------------
// Per-element functions (x of the compute type).

constexpr auto sin_fn = [](auto x) { return std::sin(x); };
constexpr auto cos_fn = [](auto x) { return std::cos(x); };
constexpr auto tan_fn = [](auto x) { return std::tan(x); };
constexpr auto sinh_fn = [](auto x) { return std::sinh(x); };
constexpr auto cosh_fn = [](auto x) { return std::cosh(x); };
constexpr auto asin_fn = [](auto x) { return std::asin(x); };
constexpr auto acos_fn = [](auto x) { return std::acos(x); };
constexpr auto atan_fn = [](auto x) { return std::atan(x); };
constexpr auto asinh_fn = [](auto x) { return std::asinh(x); };
constexpr auto acosh_fn = [](auto x) { return std::acosh(x); };
constexpr auto atanh_fn = [](auto x) { return std::atanh(x); };
constexpr auto erf_fn = [](auto x) { return std::erf(x); };
constexpr auto erfc_fn = [](auto x) { return std::erfc(x); };
constexpr auto exp2_fn = [](auto x) { return std::exp2(x); };
constexpr auto expm1_fn = [](auto x) { return std::expm1(x); };
constexpr auto log2_fn = [](auto x) { return std::log2(x); };
constexpr auto log10_fn = [](auto x) { return std::log10(x); };
constexpr auto log1p_fn = [](auto x) { return std::log1p(x); };
constexpr auto rsqrt_fn = [](auto x) { return decltype(x)(1) / std::sqrt(x); };
constexpr auto reciprocal_fn = [](auto x) { return decltype(x)(1) / x; };
constexpr auto deg2rad_fn = [](auto x) { return x * as<decltype(x)>(kPi / 180); };
constexpr auto rad2deg_fn = [](auto x) { return x * as<decltype(x)>(180 / kPi); };
constexpr auto sinc_fn = [](auto x) {
  using T = decltype(x);
  if (x == T(0)) return T(1);
  const T px = as<T>(kPi) * x;
  return std::sin(px) / px;
};
constexpr auto frac_fn = [](auto x) { return x - std::trunc(x); };
/// pi for negative numbers, NaN for NaN, else 0: the argument of a real number.
constexpr auto angle_fn = [](auto x) {
  using T = decltype(x);
  return std::isnan(x) ? x : x < T(0) ? as<T>(kPi) : T(0);
};

/// A rounding function for floating T; integers are already whole.
template <typename Round>
auto rounding(Round round) {
  return [round](auto x) {
    using T = decltype(x);
    if constexpr (std::is_floating_point<T>::value) {
      return static_cast<T>(round(x));
    } else {
      return x;
    }
  };
}

const auto ceil_fn = rounding([](auto x) { return std::ceil(x); });
const auto floor_fn = rounding([](auto x) { return std::floor(x); });
const auto trunc_fn = rounding([](auto x) { return std::trunc(x); });
// Half to even, as PyTorch (nearbyint in the default rounding mode).
const auto round_fn = rounding([](auto x) { return std::nearbyint(x); });

/// -1, 0 or 1 (0 for NaN, as PyTorch); bools and unsigned integers are their own sign but for 0.
constexpr auto sign_fn = [](auto x) {
  using T = decltype(x);
  if constexpr (std::is_same<T, bool>::value) {
    return x;
  } else {
    return static_cast<T>((T(0) < x) - (x < T(0)));
  }
};

template <typename T>
constexpr bool is_floating = std::is_floating_point<T>::value;

constexpr auto isnan_fn = [](auto x) {
  if constexpr (is_floating<decltype(x)>) return std::isnan(x); else return false;
};
constexpr auto isinf_fn = [](auto x) {
  if constexpr (is_floating<decltype(x)>) return std::isinf(x); else return false;
};
constexpr auto isposinf_fn = [](auto x) {
  if constexpr (is_floating<decltype(x)>) return std::isinf(x) && x > 0; else return false;
};
constexpr auto isneginf_fn = [](auto x) {
  if constexpr (is_floating<decltype(x)>) return std::isinf(x) && x < 0; else return false;
};
constexpr auto isfinite_fn = [](auto x) {
  if constexpr (is_floating<decltype(x)>) return std::isfinite(x); else return true;
};
constexpr auto signbit_fn = [](auto x) {
  using T = decltype(x);
  if constexpr (is_floating<T>) {
    return std::signbit(x);
  } else if constexpr (std::is_signed<T>::value) {
    return x < T(0);
  } else {
    return false;
  }
};

/// round(x, decimals): x scaled by 10^decimals, rounded half to even and scaled back (for negative
/// decimals divided first), in PyTorch's order of operations.
auto round_decimals_fn(int64_t decimals) {
  const bool negative = decimals < 0;
  const double ten_pow = std::pow(10.0, static_cast<double>(negative ? -decimals : decimals));
  return [negative, ten_pow](auto x) {
    using T = decltype(x);
    const T p = static_cast<T>(ten_pow);
    return negative ? std::nearbyint(x / p) * p : std::nearbyint(x * p) / p;
  };
}

/// nan_to_num's replacements, converted to T when the op runs (defaults: 0 and T's finite extremes).
struct NanToNum {
  std::optional<double> nan, posinf, neginf;
  auto fn() const {
    return [r = *this](auto x) {
      using T = decltype(x);
      if constexpr (is_floating<T>) {
        if (std::isnan(x)) return r.nan ? static_cast<T>(*r.nan) : T(0);
        if (std::isinf(x) && x > 0) return r.posinf ? static_cast<T>(*r.posinf) : std::numeric_limits<T>::max();
        if (std::isinf(x)) return r.neginf ? static_cast<T>(*r.neginf) : std::numeric_limits<T>::lowest();
      }
      return x;
    };
  }
};

/// logit's clamp: [lo, hi] = [eps, 1 - eps] when eps is given.
struct LogitEps {
  std::optional<double> eps;
  auto fn() const {
    return [e = eps](auto x) {
      using T = decltype(x);
      if (e) {
        const T lo = static_cast<T>(*e), hi = static_cast<T>(1 - *e);
        x = x < lo ? lo : x > hi ? hi : x;  // NaN stays NaN
      }
      return std::log(x / (T(1) - x));
    };
  }
};

// ---------------------------------------------------------------------------------------------
// Backward formulas.

/// A constant-zero gradient: the op is piecewise constant.
variable_list zero_backward(const BackwardContext& c, const NoState&) { return {zeros_like(c.grad())}; }

const Derivative<> kCeilBackward0{"CeilBackward0", zero_backward};
const Derivative<> kFloorBackward0{"FloorBackward0", zero_backward};
const Derivative<> kTruncBackward0{"TruncBackward0", zero_backward};
const Derivative<> kRoundBackward0{"RoundBackward0", zero_backward};
const Derivative<> kRoundBackward1{"RoundBackward1", zero_backward};
const Derivative<> kSignBackward0{"SignBackward0", zero_backward};
const Derivative<> kSgnBackward0{"SgnBackward0", zero_backward};
const Derivative<> kAngleBackward0{"AngleBackward0", zero_backward};

// y = frac(x):  dx = g
const Derivative<> kFracBackward0{"FracBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.grad()};
}};

// y = sin(x):  dx = g cos(x)
const Derivative<> kSinBackward0{"SinBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * std::cos(x); },
      [](const Tensor& g, const Tensor& x) { return g * x.cos(); });
}};

// y = cos(x):  dx = -g sin(x)
const Derivative<> kCosBackward0{"CosBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return -g * std::sin(x); },
      [](const Tensor& g, const Tensor& x) { return -g * x.sin(); });
}};

// y = tan(x):  dx = g (1 + y^2)
const Derivative<> kTanBackward0{"TanBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * (decltype(y)(1) + y * y); },
      [](const Tensor& g, const Tensor& y) { return g * (y * y + 1); });
}};

// y = sinh(x):  dx = g cosh(x)
const Derivative<> kSinhBackward0{"SinhBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * std::cosh(x); },
      [](const Tensor& g, const Tensor& x) { return g * x.cosh(); });
}};

// y = cosh(x):  dx = g sinh(x)
const Derivative<> kCoshBackward0{"CoshBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * std::sinh(x); },
      [](const Tensor& g, const Tensor& x) { return g * x.sinh(); });
}};

// y = asin(x):  dx = g / sqrt(1 - x^2)
const Derivative<> kAsinBackward0{"AsinBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / std::sqrt(decltype(x)(1) - x * x); },
      [](const Tensor& g, const Tensor& x) { return g * (1 - x * x).rsqrt(); });
}};

// y = acos(x):  dx = -g / sqrt(1 - x^2)
const Derivative<> kAcosBackward0{"AcosBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return -g / std::sqrt(decltype(x)(1) - x * x); },
      [](const Tensor& g, const Tensor& x) { return -g * (1 - x * x).rsqrt(); });
}};

// y = atan(x):  dx = g / (1 + x^2)
const Derivative<> kAtanBackward0{"AtanBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / (decltype(x)(1) + x * x); },
      [](const Tensor& g, const Tensor& x) { return g / (x * x + 1); });
}};

// y = asinh(x):  dx = g / sqrt(x^2 + 1)
const Derivative<> kAsinhBackward0{"AsinhBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / std::sqrt(x * x + decltype(x)(1)); },
      [](const Tensor& g, const Tensor& x) { return g * (x * x + 1).rsqrt(); });
}};

// y = acosh(x):  dx = g / sqrt(x^2 - 1)
const Derivative<> kAcoshBackward0{"AcoshBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / std::sqrt(x * x - decltype(x)(1)); },
      [](const Tensor& g, const Tensor& x) { return g * (x * x - 1).rsqrt(); });
}};

// acosh_, asinh_ and atanh_ are recorded, as PyTorch records them, under nodes whose backward is not
// implemented there: differentiating them throws PyTorch's error.
const Derivative<> kAcoshBackward1{"AcoshBackward1", [](const BackwardContext&, const NoState&) -> variable_list {
  throw Error("the derivative for 'inplace version of acosh' is not implemented.");
}};
const Derivative<> kAsinhBackward1{"AsinhBackward1", [](const BackwardContext&, const NoState&) -> variable_list {
  throw Error("the derivative for 'inplace version of asinh' is not implemented.");
}};
const Derivative<> kAtanhBackward1{"AtanhBackward1", [](const BackwardContext&, const NoState&) -> variable_list {
  throw Error("the derivative for 'inplace version of atanh' is not implemented.");
}};

// y = atanh(x):  dx = g / (1 - x^2)
const Derivative<> kAtanhBackward0{"AtanhBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / (decltype(x)(1) - x * x); },
      [](const Tensor& g, const Tensor& x) { return g / (1 - x * x); });
}};

// y = erf(x):  dx = g 2/sqrt(pi) exp(-x^2)
const Derivative<> kErfBackward0{"ErfBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * as<decltype(x)>(kTwoOverSqrtPi) * std::exp(-x * x); },
      [](const Tensor& g, const Tensor& x) { return g * ((-x * x).exp() * kTwoOverSqrtPi); });
}};

// y = erfc(x):  dx = -g 2/sqrt(pi) exp(-x^2)
const Derivative<> kErfcBackward0{"ErfcBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return -g * as<decltype(x)>(kTwoOverSqrtPi) * std::exp(-x * x); },
      [](const Tensor& g, const Tensor& x) { return g * ((-x * x).exp() * -kTwoOverSqrtPi); });
}};

// y = exp2(x):  dx = g y log(2)
const Derivative<> kExp2Backward0{"Exp2Backward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * y * as<decltype(y)>(kLn2); },
      [](const Tensor& g, const Tensor& y) { return g * (y * kLn2); });
}};

// y = expm1(x):  dx = g (y + 1)
const Derivative<> kExpm1Backward0{"Expm1Backward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * (y + decltype(y)(1)); },
      [](const Tensor& g, const Tensor& y) { return g * (y + 1); });
}};

// y = log2(x):  dx = g / (x log(2))
const Derivative<> kLog2Backward0{"Log2Backward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / (x * as<decltype(x)>(kLn2)); },
      [](const Tensor& g, const Tensor& x) { return g / (x * kLn2); });
}};

// y = log10(x):  dx = g / (x log(10))
const Derivative<> kLog10Backward0{"Log10Backward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / (x * as<decltype(x)>(kLn10)); },
      [](const Tensor& g, const Tensor& x) { return g / (x * kLn10); });
}};

// y = log1p(x):  dx = g / (x + 1)
const Derivative<> kLog1PBackward0{"Log1PBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g / (x + decltype(x)(1)); },
      [](const Tensor& g, const Tensor& x) { return g / (x + 1); });
}};

// y = x^(-1/2):  dx = -g y^3 / 2
const Derivative<> kRsqrtBackward0{"RsqrtBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return as<decltype(y)>(-0.5) * g * y * y * y; },
      [](const Tensor& g, const Tensor& y) { return g * (y * y * y * -0.5); });
}};

// y = 1/x:  dx = -g y^2
const Derivative<> kReciprocalBackward0{"ReciprocalBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return -g * y * y; },
      [](const Tensor& g, const Tensor& y) { return -g * (y * y); });
}};

/// sinc's derivative (cos(pi x) pi x - sin(pi x)) / (pi x^2), 0 at x = 0.
constexpr auto sinc_derivative = [](auto x) {
  using T = decltype(x);
  if (x == T(0)) return T(0);
  const T px = as<T>(kPi) * x;
  return (std::cos(px) * px - std::sin(px)) / (px * x);
};

// y = sinc(x):  dx = g sinc'(x), 0 at x = 0
const Derivative<> kSincBackward0{"SincBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * sinc_derivative(x); },
      [](const Tensor& g, const Tensor& x) {
        // At x = 0 the formula is 0/0: evaluate it at 1 there (a constant shift) and zero it.
        const Tensor nonzero = x != 0;
        const Tensor xs = x + (x == 0);
        const Tensor px = xs * kPi;
        return g * ((px * px.cos() - px.sin()) / (px * xs)) * nonzero;
      });
}};

// y = x pi/180:  dx = g pi/180
const Derivative<> kDeg2RadBackward0{"Deg2RadBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.grad() * (kPi / 180)};
}};

// y = x 180/pi:  dx = g 180/pi
const Derivative<> kRad2DegBackward0{"Rad2DegBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.grad() * (180 / kPi)};
}};

// y = nan_to_num(x):  dx = g where x is finite, else 0 (g times the mask, as PyTorch)
const Derivative<> kNanToNumBackward0{"NanToNumBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * static_cast<decltype(x)>(std::isfinite(x)); },
      [](const Tensor& g, const Tensor& x) { return g * x.isfinite(); });
}};

// y = log(x / (1 - x)):  dx = g / (x (1 - x)), NaN outside [0, 1]; with eps 0 outside [eps, 1 - eps]
const Derivative<LogitEps> kLogitBackward0{"LogitBackward0", [](const BackwardContext& c, const LogitEps& s) {
  // 1 where the gradient passes; 0 (with eps) or NaN (without) elsewhere.
  const auto passes = [s](auto x) {
    using T = decltype(x);
    const double lo = s.eps ? *s.eps : 0, hi = s.eps ? 1 - *s.eps : 1;
    if (x < static_cast<T>(lo) || x > static_cast<T>(hi)) return s.eps ? T(0) : std::numeric_limits<T>::quiet_NaN();
    return T(1);
  };
  return pointwise_backward(
      c, c.saved(0),
      [passes](auto g, auto x) {
        const auto p = passes(x);
        return p == decltype(p)(1) ? g / (x * (decltype(x)(1) - x)) : p;
      },
      [passes](const Tensor& g, const Tensor& x) { return g / (x * (1 - x)) * piecewise_constant(x, passes); });
}};

// y = hardshrink(x):  dx = g where |x| > lambd, else 0
const Derivative<double> kHardshrinkBackward0{"HardshrinkBackward0", [](const BackwardContext& c, const double& l) {
  const auto outside = [l](auto x) {
    using T = decltype(x);
    return x >= static_cast<T>(-l) && x <= static_cast<T>(l) ? T(0) : T(1);
  };
  return pointwise_backward(
      c, c.saved(0), [outside](auto g, auto x) { return outside(x) == decltype(x)(1) ? g : decltype(g)(0); },
      [outside](const Tensor& g, const Tensor& x) { return g * piecewise_constant(x, outside); });
}};

void check_not_bool(const Tensor& self, const char* op, const char* kernel) {
  detail::check_defined(self, op);
  XGRAD_CHECK(self.scalar_type() != kBool, "{}: \"{}\" not implemented for 'Bool'", op, kernel);
}

void check_floating(const Tensor& self, const char* op, const char* kernel) {
  detail::check_defined(self, op);
  XGRAD_CHECK(isFloatingType(self.scalar_type()), "{}: \"{}\" not implemented for '{}'", op, kernel,
              toString(self.scalar_type()));
}

/// A rounding op in self's dtype (integers unchanged).
template <typename F>
Tensor rounding_op(const Tensor& self, const char* op, const char* kernel, F f, const Derivative<>& derivative) {
  check_not_bool(self, op, kernel);
  return unary_op<NumericTypes>(self, self.scalar_type(), op, f, derivative, Saved::kNothing);
}

template <typename F>
Tensor& rounding_op_(const Tensor& self, const char* op, const char* kernel, F f, const Derivative<>& derivative) {
  check_not_bool(self, op, kernel);
  return unary_op_<NumericTypes>(self, self.scalar_type(), op, f, derivative, Saved::kNothing);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Floating functions.

Tensor sin(const Tensor& self) { return floating_op(self, "sin", sin_fn, kSinBackward0, Saved::kInput); }
Tensor cos(const Tensor& self) { return floating_op(self, "cos", cos_fn, kCosBackward0, Saved::kInput); }
Tensor tan(const Tensor& self) { return floating_op(self, "tan", tan_fn, kTanBackward0, Saved::kResult); }
Tensor sinh(const Tensor& self) { return floating_op(self, "sinh", sinh_fn, kSinhBackward0, Saved::kInput); }
Tensor cosh(const Tensor& self) { return floating_op(self, "cosh", cosh_fn, kCoshBackward0, Saved::kInput); }
Tensor asin(const Tensor& self) { return floating_op(self, "asin", asin_fn, kAsinBackward0, Saved::kInput); }
Tensor acos(const Tensor& self) { return floating_op(self, "acos", acos_fn, kAcosBackward0, Saved::kInput); }
Tensor atan(const Tensor& self) { return floating_op(self, "atan", atan_fn, kAtanBackward0, Saved::kInput); }
Tensor asinh(const Tensor& self) { return floating_op(self, "asinh", asinh_fn, kAsinhBackward0, Saved::kInput); }
Tensor acosh(const Tensor& self) { return floating_op(self, "acosh", acosh_fn, kAcoshBackward0, Saved::kInput); }
Tensor atanh(const Tensor& self) { return floating_op(self, "atanh", atanh_fn, kAtanhBackward0, Saved::kInput); }
Tensor erf(const Tensor& self) { return floating_op(self, "erf", erf_fn, kErfBackward0, Saved::kInput); }
Tensor erfc(const Tensor& self) { return floating_op(self, "erfc", erfc_fn, kErfcBackward0, Saved::kInput); }
Tensor exp2(const Tensor& self) { return floating_op(self, "exp2", exp2_fn, kExp2Backward0, Saved::kResult); }
Tensor expm1(const Tensor& self) { return floating_op(self, "expm1", expm1_fn, kExpm1Backward0, Saved::kResult); }
Tensor log2(const Tensor& self) { return floating_op(self, "log2", log2_fn, kLog2Backward0, Saved::kInput); }
Tensor log10(const Tensor& self) { return floating_op(self, "log10", log10_fn, kLog10Backward0, Saved::kInput); }
Tensor log1p(const Tensor& self) { return floating_op(self, "log1p", log1p_fn, kLog1PBackward0, Saved::kInput); }
Tensor rsqrt(const Tensor& self) { return floating_op(self, "rsqrt", rsqrt_fn, kRsqrtBackward0, Saved::kResult); }
Tensor reciprocal(const Tensor& self) {
  return floating_op(self, "reciprocal", reciprocal_fn, kReciprocalBackward0, Saved::kResult);
}
Tensor sinc(const Tensor& self) { return floating_op(self, "sinc", sinc_fn, kSincBackward0, Saved::kInput); }
Tensor deg2rad(const Tensor& self) {
  return floating_op(self, "deg2rad", deg2rad_fn, kDeg2RadBackward0, Saved::kNothing);
}
Tensor rad2deg(const Tensor& self) {
  return floating_op(self, "rad2deg", rad2deg_fn, kRad2DegBackward0, Saved::kNothing);
}
Tensor angle(const Tensor& self) { return floating_op(self, "angle", angle_fn, kAngleBackward0, Saved::kNothing); }

Tensor& Tensor::sin_() const { return floating_op_(*this, "sin_", sin_fn, kSinBackward0, Saved::kInput); }
Tensor& Tensor::cos_() const { return floating_op_(*this, "cos_", cos_fn, kCosBackward0, Saved::kInput); }
Tensor& Tensor::tan_() const { return floating_op_(*this, "tan_", tan_fn, kTanBackward0, Saved::kResult); }
Tensor& Tensor::sinh_() const { return floating_op_(*this, "sinh_", sinh_fn, kSinhBackward0, Saved::kInput); }
Tensor& Tensor::cosh_() const { return floating_op_(*this, "cosh_", cosh_fn, kCoshBackward0, Saved::kInput); }
Tensor& Tensor::asin_() const { return floating_op_(*this, "asin_", asin_fn, kAsinBackward0, Saved::kInput); }
Tensor& Tensor::acos_() const { return floating_op_(*this, "acos_", acos_fn, kAcosBackward0, Saved::kInput); }
Tensor& Tensor::atan_() const { return floating_op_(*this, "atan_", atan_fn, kAtanBackward0, Saved::kInput); }
Tensor& Tensor::asinh_() const { return floating_op_(*this, "asinh_", asinh_fn, kAsinhBackward1, Saved::kNothing); }
Tensor& Tensor::acosh_() const { return floating_op_(*this, "acosh_", acosh_fn, kAcoshBackward1, Saved::kNothing); }
Tensor& Tensor::atanh_() const { return floating_op_(*this, "atanh_", atanh_fn, kAtanhBackward1, Saved::kNothing); }
Tensor& Tensor::erf_() const { return floating_op_(*this, "erf_", erf_fn, kErfBackward0, Saved::kInput); }
Tensor& Tensor::erfc_() const { return floating_op_(*this, "erfc_", erfc_fn, kErfcBackward0, Saved::kInput); }
Tensor& Tensor::exp2_() const { return floating_op_(*this, "exp2_", exp2_fn, kExp2Backward0, Saved::kResult); }
Tensor& Tensor::expm1_() const { return floating_op_(*this, "expm1_", expm1_fn, kExpm1Backward0, Saved::kResult); }
Tensor& Tensor::log2_() const { return floating_op_(*this, "log2_", log2_fn, kLog2Backward0, Saved::kInput); }
Tensor& Tensor::log10_() const { return floating_op_(*this, "log10_", log10_fn, kLog10Backward0, Saved::kInput); }
Tensor& Tensor::log1p_() const { return floating_op_(*this, "log1p_", log1p_fn, kLog1PBackward0, Saved::kInput); }
Tensor& Tensor::rsqrt_() const { return floating_op_(*this, "rsqrt_", rsqrt_fn, kRsqrtBackward0, Saved::kResult); }
Tensor& Tensor::reciprocal_() const {
  return floating_op_(*this, "reciprocal_", reciprocal_fn, kReciprocalBackward0, Saved::kResult);
}
Tensor& Tensor::sinc_() const { return floating_op_(*this, "sinc_", sinc_fn, kSincBackward0, Saved::kInput); }
Tensor& Tensor::deg2rad_() const {
  return floating_op_(*this, "deg2rad_", deg2rad_fn, kDeg2RadBackward0, Saved::kNothing);
}
Tensor& Tensor::rad2deg_() const {
  return floating_op_(*this, "rad2deg_", rad2deg_fn, kRad2DegBackward0, Saved::kNothing);
}

// The arc- names are libtorch's aliases: the same ops and nodes.
Tensor arcsin(const Tensor& self) { return asin(self); }
Tensor arccos(const Tensor& self) { return acos(self); }
Tensor arctan(const Tensor& self) { return atan(self); }
Tensor arcsinh(const Tensor& self) { return asinh(self); }
Tensor arccosh(const Tensor& self) { return acosh(self); }
Tensor arctanh(const Tensor& self) { return atanh(self); }
Tensor& Tensor::arcsin_() const { return asin_(); }
Tensor& Tensor::arccos_() const { return acos_(); }
Tensor& Tensor::arctan_() const { return atan_(); }
Tensor& Tensor::arcsinh_() const { return asinh_(); }
Tensor& Tensor::arccosh_() const { return acosh_(); }
Tensor& Tensor::arctanh_() const { return atanh_(); }

// ---------------------------------------------------------------------------------------------
// Rounding, sign, frac: self's dtype.

Tensor ceil(const Tensor& self) { return rounding_op(self, "ceil", "ceil_vml_cpu", ceil_fn, kCeilBackward0); }
Tensor floor(const Tensor& self) { return rounding_op(self, "floor", "floor_vml_cpu", floor_fn, kFloorBackward0); }
Tensor trunc(const Tensor& self) { return rounding_op(self, "trunc", "trunc_vml_cpu", trunc_fn, kTruncBackward0); }
Tensor fix(const Tensor& self) { return trunc(self); }
Tensor round(const Tensor& self) { return rounding_op(self, "round", "round_vml_cpu", round_fn, kRoundBackward0); }
Tensor& Tensor::ceil_() const { return rounding_op_(*this, "ceil_", "ceil_vml_cpu", ceil_fn, kCeilBackward0); }
Tensor& Tensor::floor_() const { return rounding_op_(*this, "floor_", "floor_vml_cpu", floor_fn, kFloorBackward0); }
Tensor& Tensor::trunc_() const { return rounding_op_(*this, "trunc_", "trunc_vml_cpu", trunc_fn, kTruncBackward0); }
Tensor& Tensor::fix_() const { return trunc_(); }
Tensor& Tensor::round_() const { return rounding_op_(*this, "round_", "round_vml_cpu", round_fn, kRoundBackward0); }

Tensor round(const Tensor& self, int64_t decimals) {
  check_floating(self, "round", "round_cpu");
  return unary_op<FloatingTypes>(self, self.scalar_type(), "round", round_decimals_fn(decimals), kRoundBackward1,
                                 Saved::kNothing);
}

Tensor& Tensor::round_(int64_t decimals) const {
  check_floating(*this, "round_", "round_cpu");
  return unary_op_<FloatingTypes>(*this, scalar_type(), "round_", round_decimals_fn(decimals), kRoundBackward1,
                                  Saved::kNothing);
}

Tensor frac(const Tensor& self) {
  check_floating(self, "frac", "frac_cpu");
  return unary_op<FloatingTypes>(self, self.scalar_type(), "frac", frac_fn, kFracBackward0, Saved::kNothing);
}

Tensor& Tensor::frac_() const {
  check_floating(*this, "frac_", "frac_cpu");
  return unary_op_<FloatingTypes>(*this, scalar_type(), "frac_", frac_fn, kFracBackward0, Saved::kNothing);
}

Tensor sign(const Tensor& self) {
  return unary_op<AllTypes>(self, self.scalar_type(), "sign", sign_fn, kSignBackward0, Saved::kNothing);
}
Tensor sgn(const Tensor& self) {
  return unary_op<AllTypes>(self, self.scalar_type(), "sgn", sign_fn, kSgnBackward0, Saved::kNothing);
}
Tensor& Tensor::sign_() const {
  return unary_op_<AllTypes>(*this, scalar_type(), "sign_", sign_fn, kSignBackward0, Saved::kNothing);
}
Tensor& Tensor::sgn_() const {
  return unary_op_<AllTypes>(*this, scalar_type(), "sgn_", sign_fn, kSgnBackward0, Saved::kNothing);
}

Tensor negative(const Tensor& self) { return neg(self); }
Tensor& Tensor::negative_() const { return neg_(); }
Tensor absolute(const Tensor& self) { return abs(self); }
Tensor& Tensor::absolute_() const { return abs_(); }

/// +self is self itself (no copy, no node), as libtorch's positive.
Tensor positive(const Tensor& self) {
  detail::check_defined(self, "positive");
  XGRAD_CHECK(self.scalar_type() != kBool, "positive: The `+` operator, on a bool tensor is not supported.");
  return self;
}

// ---------------------------------------------------------------------------------------------
// nan_to_num, logit, hardshrink.

Tensor nan_to_num(const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                  std::optional<double> neginf) {
  const NanToNum r{nan, posinf, neginf};
  detail::check_defined(self, "nan_to_num");
  return unary_op<AllTypes>(self, self.scalar_type(), "nan_to_num", r.fn(), kNanToNumBackward0, Saved::kInput);
}

Tensor& Tensor::nan_to_num_(std::optional<double> nan, std::optional<double> posinf,
                            std::optional<double> neginf) const {
  const NanToNum r{nan, posinf, neginf};
  detail::check_defined(*this, "nan_to_num_");
  return unary_op_<AllTypes>(*this, scalar_type(), "nan_to_num_", r.fn(), kNanToNumBackward0, Saved::kInput);
}

Tensor logit(const Tensor& self, std::optional<double> eps) {
  const LogitEps s{eps};
  return floating_op(self, "logit", s.fn(), kLogitBackward0, Saved::kInput, s);
}

Tensor& Tensor::logit_(std::optional<double> eps) const {
  const LogitEps s{eps};
  return floating_op_(*this, "logit_", s.fn(), kLogitBackward0, Saved::kInput, s);
}

Tensor hardshrink(const Tensor& self, const Scalar& lambd) {
  check_floating(self, "hardshrink", "hardshrink_cpu");
  const double l = lambd.toDouble();
  const auto fn = [l](auto x) {
    using T = decltype(x);
    return x >= static_cast<T>(-l) && x <= static_cast<T>(l) ? T(0) : x;
  };
  return unary_op<FloatingTypes>(self, self.scalar_type(), "hardshrink", fn, kHardshrinkBackward0, Saved::kInput, l);
}

// ---------------------------------------------------------------------------------------------
// Predicates (kBool, not recorded).

Tensor isnan(const Tensor& self) { return predicate(self, "isnan", isnan_fn); }
Tensor isinf(const Tensor& self) { return predicate(self, "isinf", isinf_fn); }
Tensor isposinf(const Tensor& self) { return predicate(self, "isposinf", isposinf_fn); }
Tensor isneginf(const Tensor& self) { return predicate(self, "isneginf", isneginf_fn); }
Tensor isfinite(const Tensor& self) { return predicate(self, "isfinite", isfinite_fn); }
Tensor signbit(const Tensor& self) { return predicate(self, "signbit", signbit_fn); }
/// Every real number is real: true everywhere.
Tensor isreal(const Tensor& self) {
  return predicate(self, "isreal", [](auto) { return true; });
}

// ---------------------------------------------------------------------------------------------
// Methods, out= forms and in-place functions.

XGRAD_UNARY_METHOD_AND_OUT(sin)
XGRAD_UNARY_METHOD_AND_OUT(cos)
XGRAD_UNARY_METHOD_AND_OUT(tan)
XGRAD_UNARY_METHOD_AND_OUT(sinh)
XGRAD_UNARY_METHOD_AND_OUT(cosh)
XGRAD_UNARY_METHOD_AND_OUT(asin)
XGRAD_UNARY_METHOD_AND_OUT(acos)
XGRAD_UNARY_METHOD_AND_OUT(atan)
XGRAD_UNARY_METHOD_AND_OUT(asinh)
XGRAD_UNARY_METHOD_AND_OUT(acosh)
XGRAD_UNARY_METHOD_AND_OUT(atanh)
XGRAD_UNARY_METHOD_AND_OUT(arcsin)
XGRAD_UNARY_METHOD_AND_OUT(arccos)
XGRAD_UNARY_METHOD_AND_OUT(arctan)
XGRAD_UNARY_METHOD_AND_OUT(arcsinh)
XGRAD_UNARY_METHOD_AND_OUT(arccosh)
XGRAD_UNARY_METHOD_AND_OUT(arctanh)
XGRAD_UNARY_METHOD_AND_OUT(erf)
XGRAD_UNARY_METHOD_AND_OUT(erfc)
XGRAD_UNARY_METHOD_AND_OUT(exp2)
XGRAD_UNARY_METHOD_AND_OUT(expm1)
XGRAD_UNARY_METHOD_AND_OUT(log2)
XGRAD_UNARY_METHOD_AND_OUT(log10)
XGRAD_UNARY_METHOD_AND_OUT(log1p)
XGRAD_UNARY_METHOD_AND_OUT(rsqrt)
XGRAD_UNARY_METHOD_AND_OUT(reciprocal)
XGRAD_UNARY_METHOD_AND_OUT(sinc)
XGRAD_UNARY_METHOD_AND_OUT(deg2rad)
XGRAD_UNARY_METHOD_AND_OUT(rad2deg)
XGRAD_UNARY_METHOD_AND_OUT(angle)
XGRAD_UNARY_METHOD_AND_OUT(ceil)
XGRAD_UNARY_METHOD_AND_OUT(floor)
XGRAD_UNARY_METHOD_AND_OUT(trunc)
XGRAD_UNARY_METHOD_AND_OUT(fix)
XGRAD_UNARY_METHOD_AND_OUT(round)
XGRAD_UNARY_METHOD_AND_OUT(frac)
XGRAD_UNARY_METHOD_AND_OUT(sign)
XGRAD_UNARY_METHOD_AND_OUT(sgn)
XGRAD_UNARY_METHOD_AND_OUT(negative)
XGRAD_UNARY_METHOD_AND_OUT(absolute)
XGRAD_UNARY_METHOD_AND_OUT(isnan)
XGRAD_UNARY_METHOD_AND_OUT(isinf)
XGRAD_UNARY_METHOD_AND_OUT(isposinf)
XGRAD_UNARY_METHOD_AND_OUT(isneginf)
XGRAD_UNARY_METHOD_AND_OUT(signbit)

Tensor Tensor::positive() const { return xgrad::positive(*this); }
Tensor Tensor::isfinite() const { return xgrad::isfinite(*this); }
Tensor Tensor::isreal() const { return xgrad::isreal(*this); }

XGRAD_UNARY_FREE_INPLACE(sin)
XGRAD_UNARY_FREE_INPLACE(cos)
XGRAD_UNARY_FREE_INPLACE(tan)
XGRAD_UNARY_FREE_INPLACE(sinh)
XGRAD_UNARY_FREE_INPLACE(cosh)
XGRAD_UNARY_FREE_INPLACE(asin)
XGRAD_UNARY_FREE_INPLACE(acos)
XGRAD_UNARY_FREE_INPLACE(atan)
XGRAD_UNARY_FREE_INPLACE(asinh)
XGRAD_UNARY_FREE_INPLACE(acosh)
XGRAD_UNARY_FREE_INPLACE(atanh)
XGRAD_UNARY_FREE_INPLACE(arcsin)
XGRAD_UNARY_FREE_INPLACE(arccos)
XGRAD_UNARY_FREE_INPLACE(arctan)
XGRAD_UNARY_FREE_INPLACE(arcsinh)
XGRAD_UNARY_FREE_INPLACE(arccosh)
XGRAD_UNARY_FREE_INPLACE(arctanh)
XGRAD_UNARY_FREE_INPLACE(erf)
XGRAD_UNARY_FREE_INPLACE(erfc)
XGRAD_UNARY_FREE_INPLACE(exp2)
XGRAD_UNARY_FREE_INPLACE(expm1)
XGRAD_UNARY_FREE_INPLACE(log2)
XGRAD_UNARY_FREE_INPLACE(log10)
XGRAD_UNARY_FREE_INPLACE(log1p)
XGRAD_UNARY_FREE_INPLACE(rsqrt)
XGRAD_UNARY_FREE_INPLACE(reciprocal)
XGRAD_UNARY_FREE_INPLACE(sinc)
XGRAD_UNARY_FREE_INPLACE(deg2rad)
XGRAD_UNARY_FREE_INPLACE(rad2deg)
XGRAD_UNARY_FREE_INPLACE(ceil)
XGRAD_UNARY_FREE_INPLACE(floor)
XGRAD_UNARY_FREE_INPLACE(trunc)
XGRAD_UNARY_FREE_INPLACE(fix)
XGRAD_UNARY_FREE_INPLACE(round)
XGRAD_UNARY_FREE_INPLACE(frac)
XGRAD_UNARY_FREE_INPLACE(negative)

Tensor Tensor::round(int64_t decimals) const { return xgrad::round(*this, decimals); }
Tensor& round_(Tensor& self, int64_t decimals) { return self.round_(decimals); }
Tensor& round_out(Tensor& out, const Tensor& self, int64_t decimals) {
  return detail::write_out(out, self, "round", [&] { return xgrad::round(self, decimals); });
}
Tensor& round_outf(const Tensor& self, int64_t decimals, Tensor& out) { return round_out(out, self, decimals); }

Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf,
                          std::optional<double> neginf) const {
  return xgrad::nan_to_num(*this, nan, posinf, neginf);
}
Tensor& nan_to_num_(Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                    std::optional<double> neginf) {
  return self.nan_to_num_(nan, posinf, neginf);
}
Tensor& nan_to_num_out(Tensor& out, const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                       std::optional<double> neginf) {
  return detail::write_out(out, self, "nan_to_num", [&] { return xgrad::nan_to_num(self, nan, posinf, neginf); });
}
Tensor& nan_to_num_outf(const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                        std::optional<double> neginf, Tensor& out) {
  return nan_to_num_out(out, self, nan, posinf, neginf);
}

Tensor Tensor::logit(std::optional<double> eps) const { return xgrad::logit(*this, eps); }
Tensor& logit_(Tensor& self, std::optional<double> eps) { return self.logit_(eps); }
Tensor& logit_out(Tensor& out, const Tensor& self, std::optional<double> eps) {
  return detail::write_out(out, self, "logit", [&] { return xgrad::logit(self, eps); });
}
Tensor& logit_outf(const Tensor& self, std::optional<double> eps, Tensor& out) { return logit_out(out, self, eps); }

Tensor Tensor::hardshrink(const Scalar& lambd) const { return xgrad::hardshrink(*this, lambd); }
Tensor& hardshrink_out(Tensor& out, const Tensor& self, const Scalar& lambd) {
  return detail::write_out(out, self, "hardshrink", [&] { return xgrad::hardshrink(self, lambd); });
}
Tensor& hardshrink_outf(const Tensor& self, const Scalar& lambd, Tensor& out) {
  return hardshrink_out(out, self, lambd);
}

}  // namespace xgrad
