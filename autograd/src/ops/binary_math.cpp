// Binary pointwise math: atan2, copysign, division with a rounding mode, floor_divide, fmod,
// remainder, fmax/fmin, hypot, logaddexp(2), lerp, nextafter, heaviside, gcd/lcm, bitwise and
// logical ops and shifts, the in-place comparisons, clamp with tensor bounds, rsub, isclose, isin,
// xlogy's Scalar forms, and the aliases libtorch also spells these with (divide, multiply, greater ...).
//
// Shapes and dtypes as ops/elementwise.cpp: operands broadcast, dtypes promote (result_type), and a
// Scalar operand is a "wrapped number" (it changes the dtype only across categories). In-place forms
// keep self's shape and dtype. Floating-only functions (atan2, copysign, ...) compute integers in the
// default kFloat; hypot, logaddexp, nextafter and lerp reject integers with libtorch's CPU kernel error.
// Integer semantics are libtorch 1.13's CPU kernels': floor division and remainder round toward
// -inf (the remainder has the divisor's sign), trunc division and fmod toward 0, an integer division
// by zero is "ZeroDivisionError"; a shift count is taken modulo the width of the type C++ shifts in
// (64 for int64, 32 for uint8, which C++ promotes to int); gcd(a, b) >= 0, lcm(a, b) = |a / gcd * b|.
//
// Forward and backward (g is the gradient of y; the engine sums each gradient back to its input's shape):
//   y = atan2(a, b)        da = g b / (a^2 + b^2)        db = -g a / (a^2 + b^2)
//   y = copysign(a, b)     da = g y / a (0 where a == 0) db = 0
//   y = div(a, b, mode)    "trunc", "floor": da = db = 0; no mode: as div (DivBackward2, DivBackward3)
//   y = fmod(a, b)         da = g                        db = -g trunc(a / b)
//   y = remainder(a, b)    da = g                        db = -g floor(a / b)
//   y = fmax(a, b)         da = g where a >= b or b is NaN, else 0;   db = g where da is 0
//   y = fmin(a, b)         da = g where a <= b or b is NaN, else 0;   db = g where da is 0
//   y = hypot(a, b)        da = g a / y                  db = g b / y
//   y = logaddexp(a, b)    da = g / (1 + exp(b - a))     db = g / (1 + exp(a - b))
//   y = logaddexp2(a, b)   da = g / (1 + 2^(b - a))      db = g / (1 + 2^(a - b))
//   y = lerp(a, b, w)      da = g (1 - w)   db = g w     dw = g (b - a)
//   y = clamp(a, lo, hi)   da = g where lo <= a <= hi    dlo = g where a < lo and lo < hi
//                          dhi = g where a > hi or hi < lo   (one bound: dlo = g where a < lo, ...)
//   y = xlogy(a, s)        da = g log(s), 0 where a == 0 and s <= 0;   y = xlogy(s, b): db = g s / b
//   y = b - alpha a        da = -alpha g                 db = g   (rsub)
//   in-place comparisons   da = db = 0
// floor_divide, heaviside and remainder(Scalar, Tensor) record libtorch's NotImplemented node and
// nextafter its NextafterBackward0; both throw when backward reaches them. Integer, bitwise and
// logical results have no gradient. float_power is pow in double, ldexp is self * 2^other, as libtorch.
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "pointwise.h"

namespace xgrad {
namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;
using detail::AllTypes;
using detail::binary;
using detail::binary_dtype;
using detail::binary_inplace;
using detail::check_inplace_result;
using detail::FloatingTypes;
using detail::NumericTypes;
using detail::record_inplace;
using detail::stable_operand;
using detail::ternary;

// ---- dtypes ----

/// libtorch's CPU kernel name for op, as its dtype errors give it ("lshift_cpu").
std::string cpu_kernel(std::string op) {
  if (!op.empty() && op.back() == '_') op.pop_back();
  if (op == "bitwise_left_shift") return "lshift_cpu";
  if (op == "bitwise_right_shift") return "rshift_cpu";
  if (op == "floor_divide") return "div_floor_cpu";
  return op + "_cpu";
}

[[noreturn]] void not_implemented_for(const char* op, ScalarType t) {
  throw Error(fmt::format("{}: \"{}\" not implemented for '{}'", op, cpu_kernel(op), toString(t)));
}

/// Bool, Byte and Long: the bitwise ops.
struct BitwiseTypes {
  template <typename F>
  static decltype(auto) run(ScalarType t, const char* op, F&& f) {
    switch (t) {
      case kBool:
        return f(bool{});
      case kByte:
        return f(uint8_t{});
      case kLong:
        return f(int64_t{});
      default:
        break;
    }
    not_implemented_for(op, t);
  }
};

/// Byte and Long: shifts, gcd, lcm.
struct IntegerTypes {
  template <typename F>
  static decltype(auto) run(ScalarType t, const char* op, F&& f) {
    switch (t) {
      case kByte:
        return f(uint8_t{});
      case kLong:
        return f(int64_t{});
      default:
        break;
    }
    not_implemented_for(op, t);
  }
};

/// Float and Double, with libtorch's error for the others (hypot, logaddexp, nextafter).
struct RealTypes {
  template <typename F>
  static decltype(auto) run(ScalarType t, const char* op, F&& f) {
    switch (t) {
      case kFloat:
        return f(float{});
      case kDouble:
        return f(double{});
      default:
        break;
    }
    not_implemented_for(op, t);
  }
};

/// Every dtype but Bool, with libtorch's error for Bool (fmod, remainder, floor division).
struct ArithmeticTypes {
  template <typename F>
  static decltype(auto) run(ScalarType t, const char* op, F&& f) {
    if (t == kBool) not_implemented_for(op, t);
    return detail::dispatch_numeric(t, op, std::forward<F>(f));
  }
};

ScalarType floating_dtype(const Tensor& a, const Tensor& b, const char* op) {
  return detail::floating_result(binary_dtype(a, b, op));
}

/// A Scalar operand as the 0-dim tensor of the dtype it promotes to with t: the Tensor forms then
/// compute the Scalar forms, with the Scalar's (lower) priority in the promotion kept.
Tensor wrap(const Scalar& s, const Tensor& t) {
  detail::check_defined(t, "wrap");
  return full(IntArrayRef{}, s, result_type(t, s));
}

/// An integer divisor must have no zero (libtorch checks each element; the check comes first here).
void check_divisor(ScalarType ct, const Tensor& other, const char* op) {
  if (isFloatingType(ct) || other.numel() == 0) return;
  XGRAD_CHECK(!xgrad::eq(other, 0).any().item<bool>(), "{}: ZeroDivisionError", op);
}

// ---- per-element functions (each returns the function for its compute type T) ----

template <typename F>
auto elementwise(F f) {
  return [f](auto tag) {
    using T = decltype(tag);
    return [f](T x, T y) { return static_cast<T>(f(x, y)); };
  };
}

/// Floor division as libtorch's div_floor: exact for floats where floor(a / b) is not (a - fmod is).
template <typename T>
T div_floor(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    if (b == 0) return a / b;
    const T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
    if (div == 0) return std::copysign(T(0), a / b);
    T floordiv = std::floor(div);
    if (div - floordiv > T(0.5)) floordiv += 1;
    return floordiv;
  } else if constexpr (std::is_signed<T>::value) {
    const T quot = a / b;
    return ((a < 0) != (b < 0)) && quot * b != a ? static_cast<T>(quot - 1) : quot;
  } else {
    return static_cast<T>(a / b);
  }
}

template <typename T>
T div_trunc(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::trunc(a / b);
  } else {
    return static_cast<T>(a / b);
  }
}

template <typename T>
T fmod_of(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::fmod(a, b);
  } else {
    return static_cast<T>(a % b);
  }
}

/// The remainder with the divisor's sign (Python's %).
template <typename T>
T remainder_of(T a, T b) {
  T mod = fmod_of(a, b);
  if constexpr (std::is_signed<T>::value) {
    if (mod != 0 && (b < 0) != (mod < 0)) mod = static_cast<T>(mod + b);
  }
  return mod;
}

/// a << b and a >> b in the type C++ shifts T in, the count modulo its width, as libtorch 1.13's kernels.
template <typename T>
T shift_left(T a, T b) {
  using P = decltype(+a);
  constexpr unsigned bits = sizeof(P) * 8;
  return static_cast<T>(static_cast<std::make_unsigned_t<P>>(a) << (static_cast<unsigned>(b) & (bits - 1)));
}

template <typename T>
T shift_right(T a, T b) {
  using P = decltype(+a);
  constexpr unsigned bits = sizeof(P) * 8;
  return static_cast<T>(static_cast<P>(a) >> (static_cast<unsigned>(b) & (bits - 1)));
}

template <typename T>
T gcd_of(T a, T b) {
  if constexpr (std::is_signed<T>::value) {
    a = a < 0 ? static_cast<T>(-a) : a;
    b = b < 0 ? static_cast<T>(-b) : b;
  }
  while (a != 0) {
    const T c = a;
    a = static_cast<T>(b % a);
    b = c;
  }
  return b;
}

template <typename T>
T lcm_of(T a, T b) {
  const T g = gcd_of(a, b);
  if (g == 0) return 0;
  const T l = static_cast<T>(a / g * b);
  if constexpr (std::is_signed<T>::value) return l < 0 ? static_cast<T>(-l) : l;
  return l;
}

/// log(exp(a) + exp(b)) without overflow; equal infinities give themselves.
template <typename T>
T logaddexp_of(T a, T b) {
  if (std::isinf(a) && a == b) return a;
  const T m = std::max(a, b);
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

template <typename T>
T logaddexp2_of(T a, T b) {
  if (std::isinf(a) && a == b) return a;
  const T m = std::max(a, b);
  return m + std::log1p(std::exp2(-std::abs(a - b))) / static_cast<T>(0.693147180559945309417232121458176568);
}

/// a + w (b - a), from the nearer end as libtorch (so that w = 1 gives b exactly).
template <typename T>
T lerp_of(T a, T b, T w) {
  return std::abs(w) < T(0.5) ? a + w * (b - a) : b - (b - a) * (T(1) - w);
}

/// fmax and fmin: a NaN loses to a number.
template <typename T>
T fmax_of(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::fmax(a, b);
  } else {
    return std::max(a, b);
  }
}

template <typename T>
T fmin_of(T a, T b) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::fmin(a, b);
  } else {
    return std::min(a, b);
  }
}

/// x clamped to [lo, hi] (lo wins when lo > hi, as min(max(x, lo), hi)); a NaN bound gives NaN.
template <typename T>
T clamp_of(T x, T lo, T hi) {
  if constexpr (std::is_floating_point<T>::value) {
    if (std::isnan(lo)) return lo;
    if (std::isnan(hi)) return hi;
  }
  const T y = x < lo ? lo : x;
  return y > hi ? hi : y;
}

// ---------------------------------------------------------------------------------------------
// Backward formulas, in the order of the forwards below.

/// libtorch's NotImplemented node: recorded so that the graph is connected, it throws when reached.
const Derivative<const char*> kNotImplemented{
    "torch::autograd::NotImplemented", [](const BackwardContext&, const char* const& op) -> variable_list {
      throw Error(fmt::format("derivative for aten::{} is not implemented", op));
    }};

// y = atan2(a, b):  da = g b / (a^2 + b^2),  db = -g a / (a^2 + b^2)
const Derivative<> kAtan2Backward0{
    "Atan2Backward0", [](const BackwardContext& c, const NoState&) {
      const Tensor a = c.saved(0), b = c.saved(1);
      const Tensor scale = c.grad() / (a * a + b * b);
      return variable_list{c.needs(0) ? scale * b : Tensor(), c.needs(1) ? -scale * a : Tensor()};
    }};

/// y / a where a != 0, else 0: copysign's derivative, +-1 (a constant of the inputs).
Tensor copysign_ratio(const Tensor& a, const Tensor& y) {
  return binary<FloatingTypes>(a, y, y.scalar_type(), "copysign_backward", [](auto tag) {
    using T = decltype(tag);
    return [](T x, T r) { return x == T(0) ? T(0) : r / x; };
  });
}

// y = copysign(a, b):  da = g y / a (0 where a == 0),  db = 0   (saved: a, y)
const Derivative<> kCopysignBackward0{"CopysignBackward0", [](const BackwardContext& c, const NoState&) {
                                        return variable_list{
                                            c.needs(0) ? c.grad() * copysign_ratio(c.saved(0), c.saved(1)) : Tensor(),
                                            c.needs(1) ? zeros_like(c.grad()) : Tensor()};
                                      }};

// y = copysign(a, s):  da = g y / a (0 where a == 0)
const Derivative<> kCopysignBackward1{"CopysignBackward1", [](const BackwardContext& c, const NoState&) {
                                        return variable_list{c.grad() * copysign_ratio(c.saved(0), c.saved(1))};
                                      }};

struct RoundingMode {
  std::optional<std::string> mode;
};

// y = div(a, b, mode):  with a mode, da = db = 0 (y is piecewise constant); without, as DivBackward0
const Derivative<RoundingMode> kDivBackward2{
    "DivBackward2", [](const BackwardContext& c, const RoundingMode& m) {
      const Tensor& g = c.grad();
      if (m.mode) return variable_list{c.needs(0) ? g * 0 : Tensor(), c.needs(1) ? g * 0 : Tensor()};
      const Tensor other = c.saved(1);
      return variable_list{c.needs(0) ? g / other : Tensor(),
                           c.needs(1) ? -g * (c.saved(0) / other / other) : Tensor()};
    }};

struct ScalarRounding {
  Scalar other;
  std::optional<std::string> mode;
};

// y = div(a, s, mode):  da = 0 with a mode, g / s without
const Derivative<ScalarRounding> kDivBackward3{"DivBackward3", [](const BackwardContext& c, const ScalarRounding& s) {
                                                 return variable_list{s.mode ? c.grad() * 0 : c.grad() / s.other};
                                               }};

/// The gradient passed on to self only: fmod and remainder by a Scalar.
variable_list pass_backward(const BackwardContext& c, const NoState&) { return {c.grad()}; }

const Derivative<> kFmodBackward0{"FmodBackward0", pass_backward};
const Derivative<> kRemainderBackward0{"RemainderBackward0", pass_backward};

// y = fmod(a, b):  da = g,  db = -g trunc(a / b)
const Derivative<> kFmodBackward1{"FmodBackward1", [](const BackwardContext& c, const NoState&) {
                                    return variable_list{
                                        c.needs(0) ? c.grad() : Tensor(),
                                        c.needs(1) ? -c.grad() * div(c.saved(0), c.saved(1), "trunc") : Tensor()};
                                  }};

// y = remainder(a, b):  da = g,  db = -g floor(a / b)
const Derivative<> kRemainderBackward1{"RemainderBackward1", [](const BackwardContext& c, const NoState&) {
                                         return variable_list{
                                             c.needs(0) ? c.grad() : Tensor(),
                                             c.needs(1) ? -c.grad() * div(c.saved(0), c.saved(1), "floor") : Tensor()};
                                       }};

/// 1 where fmax (fmin) takes a: a >= b (a <= b) or b is NaN; else 0. In g's dtype, a constant.
Tensor fextremum_takes_self(const Tensor& a, const Tensor& b, ScalarType dtype, bool is_max) {
  return binary<FloatingTypes>(a, b, dtype, "backward", [is_max](auto tag) {
    using T = decltype(tag);
    return [is_max](T x, T y) { return (is_max ? x >= y : x <= y) || y != y ? T(1) : T(0); };
  });
}

variable_list fextremum_backward(const BackwardContext& c, bool is_max) {
  const Tensor takes = fextremum_takes_self(c.saved(0), c.saved(1), c.grad().scalar_type(), is_max);
  return {c.needs(0) ? c.grad() * takes : Tensor(), c.needs(1) ? c.grad() * (1 - takes) : Tensor()};
}

const Derivative<> kFmaxBackward0{
    "FmaxBackward0", [](const BackwardContext& c, const NoState&) { return fextremum_backward(c, /*is_max=*/true); }};
const Derivative<> kFminBackward0{
    "FminBackward0", [](const BackwardContext& c, const NoState&) { return fextremum_backward(c, /*is_max=*/false); }};

// y = hypot(a, b):  da = g a / y,  db = g b / y   (saved: a, b, y)
const Derivative<> kHypotBackward0{
    "HypotBackward0", [](const BackwardContext& c, const NoState&) {
      const Tensor scale = c.grad() / c.saved(2);
      return variable_list{c.needs(0) ? scale * c.saved(0) : Tensor(), c.needs(1) ? scale * c.saved(1) : Tensor()};
    }};

// y = logaddexp(a, b):  da = g / (1 + exp(b - a)),  db = g / (1 + exp(a - b))
const Derivative<> kLogaddexpBackward0{"LogaddexpBackward0", [](const BackwardContext& c, const NoState&) {
                                         const Tensor a = c.saved(0), b = c.saved(1);
                                         return variable_list{c.needs(0) ? c.grad() / (exp(b - a) + 1) : Tensor(),
                                                              c.needs(1) ? c.grad() / (exp(a - b) + 1) : Tensor()};
                                       }};

// y = logaddexp2(a, b):  da = g / (1 + 2^(b - a)),  db = g / (1 + 2^(a - b))
const Derivative<> kLogaddexp2Backward0{"Logaddexp2Backward0", [](const BackwardContext& c, const NoState&) {
                                          const Tensor a = c.saved(0), b = c.saved(1);
                                          return variable_list{c.needs(0) ? c.grad() / (pow(2, b - a) + 1) : Tensor(),
                                                               c.needs(1) ? c.grad() / (pow(2, a - b) + 1) : Tensor()};
                                        }};

// y = lerp(a, b, w):  da = g (1 - w),  db = g w
const Derivative<Scalar> kLerpBackward0{
    "LerpBackward0", [](const BackwardContext& c, const Scalar& w) {
      const double weight = w.toDouble();
      return variable_list{c.needs(0) ? c.grad() * (1 - weight) : Tensor(), c.needs(1) ? c.grad() * weight : Tensor()};
    }};

// y = lerp(a, b, w):  da = g (1 - w),  db = g w,  dw = g (b - a)   (saved: a, b, w)
const Derivative<> kLerpBackward1{"LerpBackward1", [](const BackwardContext& c, const NoState&) {
                                    const Tensor w = c.saved(2);
                                    return variable_list{c.needs(0) ? c.grad() * (1 - w) : Tensor(),
                                                         c.needs(1) ? c.grad() * w : Tensor(),
                                                         c.needs(2) ? c.grad() * (c.saved(1) - c.saved(0)) : Tensor()};
                                  }};

// nextafter: libtorch declares no derivative.
const Derivative<> kNextafterBackward0{"NextafterBackward0",
                                       [](const BackwardContext&, const NoState&) -> variable_list {
                                         throw Error("the derivative for 'nextafter' is not implemented.");
                                       }};

/// In-place comparisons: the old values no longer matter (EqBackward0 ... GeBackward1).
variable_list zero_backward1(const BackwardContext& c, const NoState&) { return {zeros_like(c.grad())}; }

variable_list zero_backward2(const BackwardContext& c, const NoState&) {
  return {c.needs(0) ? zeros_like(c.grad()) : Tensor(), c.needs(1) ? zeros_like(c.grad()) : Tensor()};
}

const Derivative<> kEqBackward0{"EqBackward0", zero_backward1};
const Derivative<> kEqBackward1{"EqBackward1", zero_backward2};
const Derivative<> kNeBackward0{"NeBackward0", zero_backward1};
const Derivative<> kNeBackward1{"NeBackward1", zero_backward2};
const Derivative<> kLtBackward0{"LtBackward0", zero_backward1};
const Derivative<> kLtBackward1{"LtBackward1", zero_backward2};
const Derivative<> kLeBackward0{"LeBackward0", zero_backward1};
const Derivative<> kLeBackward1{"LeBackward1", zero_backward2};
const Derivative<> kGtBackward0{"GtBackward0", zero_backward1};
const Derivative<> kGtBackward1{"GtBackward1", zero_backward2};
const Derivative<> kGeBackward0{"GeBackward0", zero_backward1};
const Derivative<> kGeBackward1{"GeBackward1", zero_backward2};

/// 1 where lo <= x <= hi (an undefined bound is no bound), else 0, in dtype: a constant.
Tensor within(const Tensor& x, const Tensor& lo, const Tensor& hi, ScalarType dtype) {
  const Tensor above = lo.defined() ? ge(x, lo).to(dtype) : Tensor();
  const Tensor below = hi.defined() ? le(x, hi).to(dtype) : Tensor();
  return above.defined() && below.defined() ? above * below : above.defined() ? above : below;
}

// y = clamp(a, lo, hi):  da = g where lo <= a <= hi;  dlo = g where a < lo (and lo < hi when both);
// dhi = g where a > hi (or hi < lo when both)   (saved: a, lo, hi; a bound undefined when absent)
const Derivative<> kClampBackward0{
    "ClampBackward0", [](const BackwardContext& c, const NoState&) {
      const Tensor& g = c.grad();
      const Tensor self = c.saved(0), lo = c.saved(1), hi = c.saved(2);
      const ScalarType dt = g.scalar_type();
      variable_list out(3);
      if (c.needs(0)) out[0] = g * within(self, lo, hi, dt);
      if (c.needs(1)) out[1] = g * (hi.defined() ? logical_and(lt(self, lo), lt(lo, hi)) : lt(self, lo)).to(dt);
      if (c.needs(2)) out[2] = g * (lo.defined() ? logical_or(gt(self, hi), lt(hi, lo)) : gt(self, hi)).to(dt);
      return out;
    }};

// y = clamp_min(a, lo):  da = g where a >= lo,  dlo = g where a < lo
const Derivative<> kClampMinBackward1{"ClampMinBackward1", [](const BackwardContext& c, const NoState&) {
                                        const Tensor self = c.saved(0), lo = c.saved(1);
                                        const ScalarType dt = c.grad().scalar_type();
                                        return variable_list{c.needs(0) ? c.grad() * ge(self, lo).to(dt) : Tensor(),
                                                             c.needs(1) ? c.grad() * lt(self, lo).to(dt) : Tensor()};
                                      }};

// y = clamp_max(a, hi):  da = g where a <= hi,  dhi = g where a > hi
const Derivative<> kClampMaxBackward1{"ClampMaxBackward1", [](const BackwardContext& c, const NoState&) {
                                        const Tensor self = c.saved(0), hi = c.saved(1);
                                        const ScalarType dt = c.grad().scalar_type();
                                        return variable_list{c.needs(0) ? c.grad() * le(self, hi).to(dt) : Tensor(),
                                                             c.needs(1) ? c.grad() * gt(self, hi).to(dt) : Tensor()};
                                      }};

// y = xlogy(s, b):  db = g s / b
const Derivative<Scalar> kXlogyBackward1{"XlogyBackward1", [](const BackwardContext& c, const Scalar& self) {
                                           return variable_list{c.grad() * self / c.saved(0)};
                                         }};

// y = xlogy(a, s):  da = g log(s), 0 where a == 0 and s <= 0   (saved: a when s <= 0)
const Derivative<Scalar> kXlogyBackward2{
    "XlogyBackward2", [](const BackwardContext& c, const Scalar& other) {
      const double s = other.toDouble();
      if (s > 0 || std::isnan(s)) return variable_list{c.grad() * std::log(s)};
      return variable_list{c.grad() * std::log(s) * ne(c.saved(0), 0).to(c.grad().scalar_type())};
    }};

// y = b - alpha a:  da = -alpha g,  db = g
const Derivative<Scalar> kRsubBackward0{
    "RsubBackward0", [](const BackwardContext& c, const Scalar& alpha) {
      return variable_list{c.needs(0) ? c.grad() * -alpha : Tensor(), c.needs(1) ? c.grad() : Tensor()};
    }};

// y = s - alpha a:  da = -alpha g
const Derivative<Scalar> kRsubBackward1{
    "RsubBackward1", [](const BackwardContext& c, const Scalar& alpha) { return variable_list{c.grad() * -alpha}; }};

// ---------------------------------------------------------------------------------------------
// The shapes every op here takes.

/// out = make(self, other), computed in ct, recorded with derivative saving self and other.
template <typename Types, typename Make>
Tensor binary_op(const Tensor& self, const Tensor& other, ScalarType ct, const char* op, Make make,
                 const Derivative<>& derivative) {
  Tensor out = binary<Types>(self, other, ct, op, make);
  record(derivative, {self, other}).save(self).save(other).output(out);
  return out;
}

/// self = make(self, other) in place, recorded with derivative saving the old self and other.
template <typename Types, typename Make>
Tensor& binary_op_(const Tensor& self, const Tensor& other, ScalarType ct, const char* op, Make make,
                   const Derivative<>& derivative) {
  check_inplace_result(self, ct, other.sizes(), op);
  auto recording = record_inplace(op, derivative, {self, other});
  if (recording) recording.save(self.clone()).save(stable_operand(other, self));  // clone(): the values about to go
  binary_inplace<Types>(self, other, ct, op, make);
  return recording.finish_inplace(self);
}

/// A result with no gradient (bitwise, logical, integer ops): make(self, other) in ct.
template <typename Types, bool kBoolOut = false, typename Make>
Tensor plain_op(const Tensor& self, const Tensor& other, ScalarType ct, const char* op, Make make) {
  return binary<Types, kBoolOut>(self, other, ct, op, make);
}

/// The in-place form of a result with no gradient: written into self, which keeps its dtype.
Tensor& plain_op_(const Tensor& self, const Tensor& other, const Tensor& result, const char* op) {
  autograd::check_inplace(self, {self, other}, op);
  detail::copy_into(self, result);
  self.impl()->bump_version();
  return const_cast<Tensor&>(self);
}

/// Checks a result of dtype ct fits self, then computes it with compute() and writes it in place.
template <typename Compute>
Tensor& plain_inplace(const Tensor& self, const Tensor& other, ScalarType ct, const char* op, Compute compute) {
  check_inplace_result(self, ct, other.sizes(), op);
  return plain_op_(self, other, compute(), op);
}

/// out= semantics: out takes the result's shape (resized if it differs) and, cast, its values; the
/// result dtype must cast to out's, and out= forms record nothing.
Tensor& write_out(Tensor& out, const Tensor& result, const char* op) {
  XGRAD_CHECK(!(GradMode::is_enabled() && result.requires_grad()),
              "{}(): functions with out=... arguments don't support automatic differentiation, but one of the "
              "arguments requires grad.",
              op);
  XGRAD_CHECK(can_cast(result.scalar_type(), out.scalar_type()),
              "{}: result type {} can't be cast to the desired output type {}", op, toString(result.scalar_type()),
              toString(out.scalar_type()));
  if (!out.sizes().equals(result.sizes())) out.set_data(empty(result.sizes(), out.scalar_type()));
  detail::copy_into(out, result);
  out.impl()->bump_version();
  return out;
}

Tensor no_grad(const std::function<Tensor()>& f) {
  NoGradGuard guard;
  return f();
}

std::optional<std::string> checked_mode(std::optional<std::string_view> mode) {
  if (!mode) return std::nullopt;
  // libtorch's text, which names div for div_ too.
  XGRAD_CHECK(*mode == "trunc" || *mode == "floor",
              "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{}'", *mode);
  return std::string(*mode);
}

/// a / b rounded as mode says ("trunc", "floor"), computed in the promoted dtype (integers stay integers).
Tensor rounded_div(const Tensor& self, const Tensor& other, ScalarType ct, const std::string& mode, const char* op) {
  if (ct == kBool) {
    throw Error(fmt::format("{}: \"div_{}_cpu\" not implemented for 'Bool'", op, mode));
  }
  check_divisor(ct, other, op);
  if (mode == "trunc")
    return binary<NumericTypes>(self, other, ct, op, elementwise([](auto a, auto b) { return div_trunc(a, b); }));
  return binary<NumericTypes>(self, other, ct, op, elementwise([](auto a, auto b) { return div_floor(a, b); }));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// atan2, copysign.

namespace {
auto atan2_fn() {
  return elementwise([](auto y, auto x) { return std::atan2(y, x); });
}
auto copysign_fn() {
  return elementwise([](auto x, auto s) { return std::copysign(x, s); });
}
}  // namespace

Tensor atan2(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("atan2");
  return binary_op<FloatingTypes>(self, other, floating_dtype(self, other, "atan2"), "atan2", atan2_fn(),
                                  kAtan2Backward0);
}

Tensor& Tensor::atan2_(const Tensor& other) const {
  XGRAD_PROFILE_OP("atan2_");
  return binary_op_<FloatingTypes>(*this, other, floating_dtype(*this, other, "atan2_"), "atan2_", atan2_fn(),
                                   kAtan2Backward0);
}

Tensor arctan2(const Tensor& self, const Tensor& other) { return atan2(self, other); }
Tensor& atan2_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, atan2(self, other), "atan2");
}
Tensor& atan2_outf(const Tensor& self, const Tensor& other, Tensor& out) { return atan2_out(out, self, other); }
Tensor& arctan2_out(Tensor& out, const Tensor& self, const Tensor& other) { return atan2_out(out, self, other); }
Tensor& arctan2_outf(const Tensor& self, const Tensor& other, Tensor& out) { return atan2_out(out, self, other); }

Tensor copysign(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("copysign");
  Tensor out = binary<FloatingTypes>(self, other, floating_dtype(self, other, "copysign"), "copysign", copysign_fn());
  record(kCopysignBackward0, {self, other}).save(self).output(out).save(out);
  return out;
}

Tensor copysign(const Tensor& self, const Scalar& other) {
  XGRAD_PROFILE_OP("copysign");
  const Tensor s = wrap(other, self);
  Tensor out = binary<FloatingTypes>(self, s, floating_dtype(self, s, "copysign"), "copysign", copysign_fn());
  record(kCopysignBackward1, {self}).save(self).output(out).save(out);
  return out;
}

namespace {
Tensor& copysign_inplace(const Tensor& self, const Tensor& other, const Derivative<>& derivative,
                         std::initializer_list<Tensor> inputs) {
  const ScalarType ct = floating_dtype(self, other, "copysign_");
  check_inplace_result(self, ct, other.sizes(), "copysign_");
  auto recording = record_inplace("copysign_", derivative, inputs);
  recording.save(recording ? self.clone() : Tensor());  // the old values, for the ratio y / a
  binary_inplace<FloatingTypes>(self, other, ct, "copysign_", copysign_fn());
  Tensor& result = recording.finish_inplace(self);
  recording.save(result);  // the new values, at their new version
  return result;
}
}  // namespace

Tensor& Tensor::copysign_(const Tensor& other) const {
  XGRAD_PROFILE_OP("copysign_");
  return copysign_inplace(*this, other, kCopysignBackward0, {*this, other});
}

Tensor& Tensor::copysign_(const Scalar& other) const {
  XGRAD_PROFILE_OP("copysign_");
  return copysign_inplace(*this, wrap(other, *this), kCopysignBackward1, {*this});
}

Tensor& copysign_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, copysign(self, other), "copysign");
}
Tensor& copysign_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, copysign(self, other), "copysign");
}
Tensor& copysign_outf(const Tensor& self, const Tensor& other, Tensor& out) { return copysign_out(out, self, other); }
Tensor& copysign_outf(const Tensor& self, const Scalar& other, Tensor& out) { return copysign_out(out, self, other); }

// ---------------------------------------------------------------------------------------------
// Division with a rounding mode, its aliases, floor_divide; fmod and remainder.

Tensor div(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode) {
  XGRAD_PROFILE_OP("div");
  const std::optional<std::string> mode = checked_mode(rounding_mode);
  Tensor out;
  if (mode) {
    out = rounded_div(self, other, binary_dtype(self, other, "div"), *mode, "div");
  } else {
    out = no_grad([&] { return div(self, other); });
  }
  auto recording = record(kDivBackward2, {self, other}, RoundingMode{mode});
  if (!mode) recording.save(recording.needs(1) ? self : Tensor()).save(other);
  recording.output(out);
  return out;
}

Tensor div(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode) {
  XGRAD_PROFILE_OP("div");
  const std::optional<std::string> mode = checked_mode(rounding_mode);
  Tensor out = mode ? rounded_div(self, wrap(other, self), detail::scalar_dtype(self, other, "div"), *mode, "div")
                    : no_grad([&] { return div(self, other); });
  record(kDivBackward3, {self}, ScalarRounding{other, mode}).output(out);
  return out;
}

namespace {
/// self = div(self, other, mode) in place; the Tensor form when other is given as a tensor.
template <typename Derivative_, typename State>
Tensor& div_inplace(const Tensor& self, const Tensor& other, bool other_is_scalar, const Derivative_& derivative,
                    State state, const std::optional<std::string>& mode) {
  const ScalarType promoted = binary_dtype(self, other, "div_");
  const ScalarType ct = mode ? promoted : detail::floating_result(promoted);
  check_inplace_result(self, ct, other.sizes(), "div_");
  const Tensor result = no_grad([&] { return mode ? rounded_div(self, other, ct, *mode, "div_") : div(self, other); });
  auto recording = other_is_scalar ? record_inplace("div_", derivative, {self}, std::move(state))
                                   : record_inplace("div_", derivative, {self, other}, std::move(state));
  if (!mode && !other_is_scalar)
    recording.save(recording.needs(1) ? self.clone() : Tensor()).save(stable_operand(other, self));
  detail::copy_into(self, result);
  return recording.finish_inplace(self);
}
}  // namespace

Tensor& Tensor::div_(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  XGRAD_PROFILE_OP("div_");
  const std::optional<std::string> mode = checked_mode(rounding_mode);
  return div_inplace(*this, other, false, kDivBackward2, RoundingMode{mode}, mode);
}

Tensor& Tensor::div_(const Scalar& other, std::optional<std::string_view> rounding_mode) const {
  XGRAD_PROFILE_OP("div_");
  const std::optional<std::string> mode = checked_mode(rounding_mode);
  return div_inplace(*this, wrap(other, *this), true, kDivBackward3, ScalarRounding{other, mode}, mode);
}

Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, div(self, other), "div");
}
Tensor& div_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, div(self, other), "div");
}
Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode) {
  return write_out(out, div(self, other, rounding_mode), "div");
}
Tensor& div_out(Tensor& out, const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode) {
  return write_out(out, div(self, other, rounding_mode), "div");
}
Tensor& div_outf(const Tensor& self, const Tensor& other, Tensor& out) { return div_out(out, self, other); }
Tensor& div_outf(const Tensor& self, const Scalar& other, Tensor& out) { return div_out(out, self, other); }
Tensor& div_outf(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode, Tensor& out) {
  return div_out(out, self, other, rounding_mode);
}
Tensor& div_outf(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode, Tensor& out) {
  return div_out(out, self, other, rounding_mode);
}

Tensor divide(const Tensor& self, const Tensor& other) { return div(self, other); }
Tensor divide(const Tensor& self, const Scalar& other) { return div(self, other); }
Tensor divide(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode) {
  return div(self, other, rounding_mode);
}
Tensor divide(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode) {
  return div(self, other, rounding_mode);
}
Tensor& divide_out(Tensor& out, const Tensor& self, const Tensor& other) { return div_out(out, self, other); }
Tensor& divide_out(Tensor& out, const Tensor& self, const Tensor& other,
                   std::optional<std::string_view> rounding_mode) {
  return div_out(out, self, other, rounding_mode);
}
Tensor& divide_outf(const Tensor& self, const Tensor& other, Tensor& out) { return div_out(out, self, other); }
Tensor& divide_outf(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode,
                    Tensor& out) {
  return div_out(out, self, other, rounding_mode);
}
Tensor true_divide(const Tensor& self, const Tensor& other) { return div(self, other); }
Tensor true_divide(const Tensor& self, const Scalar& other) { return div(self, other); }
Tensor& true_divide_out(Tensor& out, const Tensor& self, const Tensor& other) { return div_out(out, self, other); }
Tensor& true_divide_outf(const Tensor& self, const Tensor& other, Tensor& out) { return div_out(out, self, other); }

Tensor floor_divide(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("floor_divide");
  const ScalarType ct = binary_dtype(self, other, "floor_divide");
  check_divisor(ct, other, "floor_divide");
  Tensor out = binary<ArithmeticTypes>(self, other, ct, "floor_divide",
                                       elementwise([](auto a, auto b) { return div_floor(a, b); }));
  record(kNotImplemented, {self, other}, "floor_divide").output(out);
  return out;
}

Tensor floor_divide(const Tensor& self, const Scalar& other) { return floor_divide(self, wrap(other, self)); }

Tensor& Tensor::floor_divide_(const Tensor& other) const {
  XGRAD_PROFILE_OP("floor_divide_");
  const ScalarType ct = binary_dtype(*this, other, "floor_divide_");
  check_inplace_result(*this, ct, other.sizes(), "floor_divide_");
  check_divisor(ct, other, "floor_divide_");
  auto recording = record_inplace("floor_divide_", kNotImplemented, {*this, other}, "floor_divide");
  binary_inplace<ArithmeticTypes>(*this, other, ct, "floor_divide_",
                                  elementwise([](auto a, auto b) { return div_floor(a, b); }));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::floor_divide_(const Scalar& other) const { return floor_divide_(wrap(other, *this)); }

Tensor& floor_divide_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, floor_divide(self, other), "floor_divide");
}
Tensor& floor_divide_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return floor_divide_out(out, self, other);
}

namespace {
auto fmod_fn() {
  return elementwise([](auto a, auto b) { return fmod_of(a, b); });
}
auto remainder_fn() {
  return elementwise([](auto a, auto b) { return remainder_of(a, b); });
}

/// fmod or remainder of self by a Scalar: the Tensor kernel on the wrapped Scalar, recorded as derivative.
template <typename Make>
Tensor by_scalar(const Tensor& self, const Scalar& other, const char* op, Make make, const Derivative<>& derivative) {
  const Tensor s = wrap(other, self);
  const ScalarType ct = binary_dtype(self, s, op);
  check_divisor(ct, s, op);
  Tensor out = binary<ArithmeticTypes>(self, s, ct, op, make);
  record(derivative, {self}).output(out);
  return out;
}

template <typename Make>
Tensor& by_scalar_(const Tensor& self, const Scalar& other, const char* op, Make make, const Derivative<>& derivative) {
  const Tensor s = wrap(other, self);
  const ScalarType ct = binary_dtype(self, s, op);
  check_inplace_result(self, ct, {}, op);
  check_divisor(ct, s, op);
  auto recording = record_inplace(op, derivative, {self});
  binary_inplace<ArithmeticTypes>(self, s, ct, op, make);
  return recording.finish_inplace(self);
}

template <typename Make>
Tensor by_tensor(const Tensor& self, const Tensor& other, const char* op, Make make, const Derivative<>& derivative) {
  const ScalarType ct = binary_dtype(self, other, op);
  check_divisor(ct, other, op);
  return binary_op<ArithmeticTypes>(self, other, ct, op, make, derivative);
}

template <typename Make>
Tensor& by_tensor_(const Tensor& self, const Tensor& other, const char* op, Make make, const Derivative<>& derivative) {
  const ScalarType ct = binary_dtype(self, other, op);
  check_divisor(ct, other, op);
  return binary_op_<ArithmeticTypes>(self, other, ct, op, make, derivative);
}
}  // namespace

Tensor fmod(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("fmod");
  return by_tensor(self, other, "fmod", fmod_fn(), kFmodBackward1);
}
Tensor fmod(const Tensor& self, const Scalar& other) {
  XGRAD_PROFILE_OP("fmod");
  return by_scalar(self, other, "fmod", fmod_fn(), kFmodBackward0);
}
Tensor& Tensor::fmod_(const Tensor& other) const {
  XGRAD_PROFILE_OP("fmod_");
  return by_tensor_(*this, other, "fmod_", fmod_fn(), kFmodBackward1);
}
Tensor& Tensor::fmod_(const Scalar& other) const {
  XGRAD_PROFILE_OP("fmod_");
  return by_scalar_(*this, other, "fmod_", fmod_fn(), kFmodBackward0);
}
Tensor& fmod_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, fmod(self, other), "fmod");
}
Tensor& fmod_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, fmod(self, other), "fmod");
}
Tensor& fmod_outf(const Tensor& self, const Tensor& other, Tensor& out) { return fmod_out(out, self, other); }
Tensor& fmod_outf(const Tensor& self, const Scalar& other, Tensor& out) { return fmod_out(out, self, other); }

Tensor remainder(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("remainder");
  return by_tensor(self, other, "remainder", remainder_fn(), kRemainderBackward1);
}
Tensor remainder(const Tensor& self, const Scalar& other) {
  XGRAD_PROFILE_OP("remainder");
  return by_scalar(self, other, "remainder", remainder_fn(), kRemainderBackward0);
}
Tensor remainder(const Scalar& self, const Tensor& other) {
  XGRAD_PROFILE_OP("remainder");
  const Tensor s = wrap(self, other);
  const ScalarType ct = binary_dtype(s, other, "remainder");
  check_divisor(ct, other, "remainder");
  Tensor out = binary<ArithmeticTypes>(s, other, ct, "remainder", remainder_fn());
  record(kNotImplemented, {other}, "remainder").output(out);
  return out;
}
Tensor& Tensor::remainder_(const Tensor& other) const {
  XGRAD_PROFILE_OP("remainder_");
  return by_tensor_(*this, other, "remainder_", remainder_fn(), kRemainderBackward1);
}
Tensor& Tensor::remainder_(const Scalar& other) const {
  XGRAD_PROFILE_OP("remainder_");
  return by_scalar_(*this, other, "remainder_", remainder_fn(), kRemainderBackward0);
}
Tensor& remainder_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, remainder(self, other), "remainder");
}
Tensor& remainder_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, remainder(self, other), "remainder");
}
Tensor& remainder_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, remainder(self, other), "remainder");
}
Tensor& remainder_outf(const Tensor& self, const Tensor& other, Tensor& out) { return remainder_out(out, self, other); }
Tensor& remainder_outf(const Tensor& self, const Scalar& other, Tensor& out) { return remainder_out(out, self, other); }
Tensor& remainder_outf(const Scalar& self, const Tensor& other, Tensor& out) { return remainder_out(out, self, other); }

// ---------------------------------------------------------------------------------------------
// multiply, subtract, rsub.

Tensor multiply(const Tensor& self, const Tensor& other) { return mul(self, other); }
Tensor multiply(const Tensor& self, const Scalar& other) { return mul(self, other); }
Tensor& multiply_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, mul(self, other), "mul");
}
Tensor& multiply_outf(const Tensor& self, const Tensor& other, Tensor& out) { return multiply_out(out, self, other); }
Tensor subtract(const Tensor& self, const Tensor& other, const Scalar& alpha) { return sub(self, other, alpha); }
Tensor subtract(const Tensor& self, const Scalar& other, const Scalar& alpha) { return sub(self, other, alpha); }
Tensor& subtract_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return write_out(out, sub(self, other, alpha), "sub");
}
Tensor& subtract_outf(const Tensor& self, const Tensor& other, const Scalar& alpha, Tensor& out) {
  return subtract_out(out, self, other, alpha);
}

Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  XGRAD_PROFILE_OP("rsub");
  Tensor out = no_grad([&] { return sub(other, self, alpha); });
  record(kRsubBackward0, {self, other}, alpha).output(out);
  return out;
}

Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  XGRAD_PROFILE_OP("rsub");
  Tensor out = no_grad([&] { return sub(wrap(other, self), self, alpha); });
  record(kRsubBackward1, {self}, alpha).output(out);
  return out;
}

Tensor& rsub_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return write_out(out, rsub(self, other, alpha), "rsub");
}
Tensor& rsub_out(Tensor& out, const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return write_out(out, rsub(self, other, alpha), "rsub");
}
Tensor& rsub_outf(const Tensor& self, const Tensor& other, const Scalar& alpha, Tensor& out) {
  return rsub_out(out, self, other, alpha);
}
Tensor& rsub_outf(const Tensor& self, const Scalar& other, const Scalar& alpha, Tensor& out) {
  return rsub_out(out, self, other, alpha);
}

// ---------------------------------------------------------------------------------------------
// fmax, fmin, hypot, logaddexp, logaddexp2, nextafter, heaviside.

Tensor fmax(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("fmax");
  return binary_op<NumericTypes>(self, other, binary_dtype(self, other, "fmax"), "fmax",
                                 elementwise([](auto a, auto b) { return fmax_of(a, b); }), kFmaxBackward0);
}
Tensor fmin(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("fmin");
  return binary_op<NumericTypes>(self, other, binary_dtype(self, other, "fmin"), "fmin",
                                 elementwise([](auto a, auto b) { return fmin_of(a, b); }), kFminBackward0);
}
Tensor& fmax_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, fmax(self, other), "fmax");
}
Tensor& fmax_outf(const Tensor& self, const Tensor& other, Tensor& out) { return fmax_out(out, self, other); }
Tensor& fmin_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, fmin(self, other), "fmin");
}
Tensor& fmin_outf(const Tensor& self, const Tensor& other, Tensor& out) { return fmin_out(out, self, other); }

namespace {
auto hypot_fn() {
  return elementwise([](auto a, auto b) { return std::hypot(a, b); });
}
}  // namespace

Tensor hypot(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("hypot");
  Tensor out = binary<RealTypes>(self, other, binary_dtype(self, other, "hypot"), "hypot", hypot_fn());
  record(kHypotBackward0, {self, other}).save(self).save(other).output(out).save(out);
  return out;
}

Tensor& Tensor::hypot_(const Tensor& other) const {
  XGRAD_PROFILE_OP("hypot_");
  const ScalarType ct = binary_dtype(*this, other, "hypot_");
  check_inplace_result(*this, ct, other.sizes(), "hypot_");
  auto recording = record_inplace("hypot_", kHypotBackward0, {*this, other});
  if (recording) recording.save(clone()).save(stable_operand(other, *this));
  binary_inplace<RealTypes>(*this, other, ct, "hypot_", hypot_fn());
  Tensor& self = recording.finish_inplace(*this);
  recording.save(self);  // the new values, at their new version
  return self;
}

Tensor& hypot_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, hypot(self, other), "hypot");
}
Tensor& hypot_outf(const Tensor& self, const Tensor& other, Tensor& out) { return hypot_out(out, self, other); }

Tensor logaddexp(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("logaddexp");
  return binary_op<RealTypes>(self, other, binary_dtype(self, other, "logaddexp"), "logaddexp",
                              elementwise([](auto a, auto b) { return logaddexp_of(a, b); }), kLogaddexpBackward0);
}
Tensor logaddexp2(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("logaddexp2");
  return binary_op<RealTypes>(self, other, binary_dtype(self, other, "logaddexp2"), "logaddexp2",
                              elementwise([](auto a, auto b) { return logaddexp2_of(a, b); }), kLogaddexp2Backward0);
}
Tensor& logaddexp_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, logaddexp(self, other), "logaddexp");
}
Tensor& logaddexp_outf(const Tensor& self, const Tensor& other, Tensor& out) { return logaddexp_out(out, self, other); }
Tensor& logaddexp2_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, logaddexp2(self, other), "logaddexp2");
}
Tensor& logaddexp2_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return logaddexp2_out(out, self, other);
}

namespace {
auto nextafter_fn() {
  return elementwise([](auto a, auto b) { return std::nextafter(a, b); });
}
}  // namespace

Tensor nextafter(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("nextafter");
  Tensor out = binary<RealTypes>(self, other, binary_dtype(self, other, "nextafter"), "nextafter", nextafter_fn());
  record(kNextafterBackward0, {self, other}).output(out);
  return out;
}

Tensor& Tensor::nextafter_(const Tensor& other) const {
  XGRAD_PROFILE_OP("nextafter_");
  const ScalarType ct = binary_dtype(*this, other, "nextafter_");
  check_inplace_result(*this, ct, other.sizes(), "nextafter_");
  auto recording = record_inplace("nextafter_", kNextafterBackward0, {*this, other});
  binary_inplace<RealTypes>(*this, other, ct, "nextafter_", nextafter_fn());
  return recording.finish_inplace(*this);
}

Tensor& nextafter_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, nextafter(self, other), "nextafter");
}
Tensor& nextafter_outf(const Tensor& self, const Tensor& other, Tensor& out) { return nextafter_out(out, self, other); }

namespace {
auto heaviside_fn() {
  return elementwise([](auto x, auto v) {
    using T = decltype(x);
    return x == T(0) ? v : static_cast<T>(x > T(0));
  });
}

void check_heaviside(const Tensor& self, const Tensor& values, const char* op) {
  detail::check_defined(self, op);
  detail::check_defined(values, op);
  XGRAD_CHECK(self.scalar_type() == values.scalar_type(),
              "{}: heaviside is not yet implemented for tensors with different dtypes.", op);
}
}  // namespace

Tensor heaviside(const Tensor& self, const Tensor& values) {
  XGRAD_PROFILE_OP("heaviside");
  check_heaviside(self, values, "heaviside");
  Tensor out = binary<AllTypes>(self, values, self.scalar_type(), "heaviside", heaviside_fn());
  record(kNotImplemented, {self, values}, "heaviside").output(out);
  return out;
}

Tensor& Tensor::heaviside_(const Tensor& values) const {
  XGRAD_PROFILE_OP("heaviside_");
  check_heaviside(*this, values, "heaviside_");
  check_inplace_result(*this, scalar_type(), values.sizes(), "heaviside_");
  auto recording = record_inplace("heaviside_", kNotImplemented, {*this, values}, "heaviside");
  binary_inplace<AllTypes>(*this, values, scalar_type(), "heaviside_", heaviside_fn());
  return recording.finish_inplace(*this);
}

Tensor& heaviside_out(Tensor& out, const Tensor& self, const Tensor& values) {
  return write_out(out, heaviside(self, values), "heaviside");
}
Tensor& heaviside_outf(const Tensor& self, const Tensor& values, Tensor& out) {
  return heaviside_out(out, self, values);
}

// ---------------------------------------------------------------------------------------------
// lerp.

namespace {
/// A dtype as libtorch's type-mismatch messages name it ("float", "double").
const char* dtype_name(ScalarType t) {
  switch (t) {
    case kFloat:
      return "float";
    case kDouble:
      return "double";
    case kLong:
      return "long int";
    case kByte:
      return "unsigned char";
    case kBool:
      return "bool";
  }
  return "";
}

void check_lerp(const Tensor& self, const Tensor& end, const Tensor* weight, const char* op) {
  detail::check_defined(self, op);
  detail::check_defined(end, op);
  XGRAD_CHECK(self.scalar_type() == end.scalar_type(), "{}: expected dtype {} for `end` but got dtype {}", op,
              dtype_name(self.scalar_type()), dtype_name(end.scalar_type()));
  if (weight) {
    detail::check_defined(*weight, op);
    XGRAD_CHECK(self.scalar_type() == weight->scalar_type(), "{}: expected dtype {} for `weight` but got dtype {}", op,
                dtype_name(self.scalar_type()), dtype_name(weight->scalar_type()));
  }
  if (!isFloatingType(self.scalar_type())) {
    throw Error(fmt::format("{}: \"lerp_kernel_{}\" not implemented for '{}'", op, weight ? "tensor" : "scalar",
                            toString(self.scalar_type())));
  }
}

auto lerp_scalar_fn(const Scalar& weight) {
  return [weight](auto tag) {
    using T = decltype(tag);
    const T w = weight.to<T>();
    return [w](T a, T b) { return lerp_of(a, b, w); };
  };
}

auto lerp_tensor_fn() {
  return [](auto tag) {
    using T = decltype(tag);
    return [](T a, T b, T w) { return lerp_of(a, b, w); };
  };
}
}  // namespace

Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight) {
  XGRAD_PROFILE_OP("lerp");
  check_lerp(self, end, nullptr, "lerp");
  Tensor out = binary<FloatingTypes>(self, end, self.scalar_type(), "lerp", lerp_scalar_fn(weight));
  record(kLerpBackward0, {self, end}, weight).output(out);
  return out;
}

Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight) {
  XGRAD_PROFILE_OP("lerp");
  check_lerp(self, end, &weight, "lerp");
  Tensor out = ternary<FloatingTypes>(self, end, weight, self.scalar_type(), "lerp", lerp_tensor_fn());
  record(kLerpBackward1, {self, end, weight}).save(self).save(end).save(weight).output(out);
  return out;
}

Tensor& Tensor::lerp_(const Tensor& end, const Scalar& weight) const {
  XGRAD_PROFILE_OP("lerp_");
  check_lerp(*this, end, nullptr, "lerp_");
  check_inplace_result(*this, scalar_type(), end.sizes(), "lerp_");
  auto recording = record_inplace("lerp_", kLerpBackward0, {*this, end}, weight);
  binary_inplace<FloatingTypes>(*this, end, scalar_type(), "lerp_", lerp_scalar_fn(weight));
  return recording.finish_inplace(*this);
}

Tensor& Tensor::lerp_(const Tensor& end, const Tensor& weight) const {
  XGRAD_PROFILE_OP("lerp_");
  check_lerp(*this, end, &weight, "lerp_");
  check_inplace_result(*this, scalar_type(), detail::broadcast_shapes(end.sizes(), weight.sizes(), "lerp_"), "lerp_");
  auto recording = record_inplace("lerp_", kLerpBackward1, {*this, end, weight});
  if (recording) recording.save(clone()).save(stable_operand(end, *this)).save(stable_operand(weight, *this));
  detail::copy_into(*this, no_grad([&] { return xgrad::lerp(*this, end, weight); }));
  return recording.finish_inplace(*this);
}

Tensor& lerp_out(Tensor& out, const Tensor& self, const Tensor& end, const Scalar& weight) {
  return write_out(out, lerp(self, end, weight), "lerp");
}
Tensor& lerp_out(Tensor& out, const Tensor& self, const Tensor& end, const Tensor& weight) {
  return write_out(out, lerp(self, end, weight), "lerp");
}
Tensor& lerp_outf(const Tensor& self, const Tensor& end, const Scalar& weight, Tensor& out) {
  return lerp_out(out, self, end, weight);
}
Tensor& lerp_outf(const Tensor& self, const Tensor& end, const Tensor& weight, Tensor& out) {
  return lerp_out(out, self, end, weight);
}

// ---------------------------------------------------------------------------------------------
// Bitwise ops, shifts, gcd, lcm, logical ops (no gradients).

namespace {
auto and_fn() {
  return elementwise([](auto a, auto b) { return a & b; });
}
auto or_fn() {
  return elementwise([](auto a, auto b) { return a | b; });
}
auto xor_fn() {
  return elementwise([](auto a, auto b) { return a ^ b; });
}
auto lshift_fn() {
  return elementwise([](auto a, auto b) { return shift_left(a, b); });
}
auto rshift_fn() {
  return elementwise([](auto a, auto b) { return shift_right(a, b); });
}
auto gcd_fn() {
  return elementwise([](auto a, auto b) { return gcd_of(a, b); });
}
auto lcm_fn() {
  return elementwise([](auto a, auto b) { return lcm_of(a, b); });
}

template <typename Types, typename Make>
Tensor integer_op(const Tensor& self, const Tensor& other, const char* op, Make make) {
  return plain_op<Types>(self, other, binary_dtype(self, other, op), op, make);
}

template <typename Types, typename Make>
Tensor& integer_op_(const Tensor& self, const Tensor& other, const char* op, Make make) {
  const ScalarType ct = binary_dtype(self, other, op);
  check_inplace_result(self, ct, other.sizes(), op);
  autograd::check_inplace(self, {self, other}, op);
  binary_inplace<Types>(self, other, ct, op, make);
  self.impl()->bump_version();
  return const_cast<Tensor&>(self);
}
}  // namespace

Tensor bitwise_and(const Tensor& self, const Tensor& other) {
  return integer_op<BitwiseTypes>(self, other, "bitwise_and", and_fn());
}
Tensor bitwise_and(const Tensor& self, const Scalar& other) { return bitwise_and(self, wrap(other, self)); }
Tensor bitwise_and(const Scalar& self, const Tensor& other) { return bitwise_and(wrap(self, other), other); }
Tensor bitwise_or(const Tensor& self, const Tensor& other) {
  return integer_op<BitwiseTypes>(self, other, "bitwise_or", or_fn());
}
Tensor bitwise_or(const Tensor& self, const Scalar& other) { return bitwise_or(self, wrap(other, self)); }
Tensor bitwise_or(const Scalar& self, const Tensor& other) { return bitwise_or(wrap(self, other), other); }
Tensor bitwise_xor(const Tensor& self, const Tensor& other) {
  return integer_op<BitwiseTypes>(self, other, "bitwise_xor", xor_fn());
}
Tensor bitwise_xor(const Tensor& self, const Scalar& other) { return bitwise_xor(self, wrap(other, self)); }
Tensor bitwise_xor(const Scalar& self, const Tensor& other) { return bitwise_xor(wrap(self, other), other); }
Tensor bitwise_left_shift(const Tensor& self, const Tensor& other) {
  return integer_op<IntegerTypes>(self, other, "bitwise_left_shift", lshift_fn());
}
Tensor bitwise_left_shift(const Tensor& self, const Scalar& other) {
  return bitwise_left_shift(self, wrap(other, self));
}
Tensor bitwise_left_shift(const Scalar& self, const Tensor& other) {
  return bitwise_left_shift(wrap(self, other), other);
}
Tensor bitwise_right_shift(const Tensor& self, const Tensor& other) {
  return integer_op<IntegerTypes>(self, other, "bitwise_right_shift", rshift_fn());
}
Tensor bitwise_right_shift(const Tensor& self, const Scalar& other) {
  return bitwise_right_shift(self, wrap(other, self));
}
Tensor bitwise_right_shift(const Scalar& self, const Tensor& other) {
  return bitwise_right_shift(wrap(self, other), other);
}
Tensor gcd(const Tensor& self, const Tensor& other) { return integer_op<IntegerTypes>(self, other, "gcd", gcd_fn()); }
Tensor lcm(const Tensor& self, const Tensor& other) { return integer_op<IntegerTypes>(self, other, "lcm", lcm_fn()); }

Tensor bitwise_not(const Tensor& self) {
  XGRAD_PROFILE_OP("bitwise_not");
  detail::check_defined(self, "bitwise_not");
  // ~x is x ^ all-ones (true for bool): one kernel for every integral dtype.
  return plain_op<BitwiseTypes>(
      self, full(IntArrayRef{}, self.scalar_type() == kBool ? Scalar(true) : Scalar(-1), self.scalar_type()),
      self.scalar_type(), "bitwise_not", xor_fn());
}

Tensor& Tensor::bitwise_and_(const Tensor& other) const {
  return integer_op_<BitwiseTypes>(*this, other, "bitwise_and_", and_fn());
}
Tensor& Tensor::bitwise_and_(const Scalar& other) const { return bitwise_and_(wrap(other, *this)); }
Tensor& Tensor::bitwise_or_(const Tensor& other) const {
  return integer_op_<BitwiseTypes>(*this, other, "bitwise_or_", or_fn());
}
Tensor& Tensor::bitwise_or_(const Scalar& other) const { return bitwise_or_(wrap(other, *this)); }
Tensor& Tensor::bitwise_xor_(const Tensor& other) const {
  return integer_op_<BitwiseTypes>(*this, other, "bitwise_xor_", xor_fn());
}
Tensor& Tensor::bitwise_xor_(const Scalar& other) const { return bitwise_xor_(wrap(other, *this)); }
Tensor& Tensor::bitwise_left_shift_(const Tensor& other) const {
  return integer_op_<IntegerTypes>(*this, other, "bitwise_left_shift_", lshift_fn());
}
Tensor& Tensor::bitwise_left_shift_(const Scalar& other) const { return bitwise_left_shift_(wrap(other, *this)); }
Tensor& Tensor::bitwise_right_shift_(const Tensor& other) const {
  return integer_op_<IntegerTypes>(*this, other, "bitwise_right_shift_", rshift_fn());
}
Tensor& Tensor::bitwise_right_shift_(const Scalar& other) const { return bitwise_right_shift_(wrap(other, *this)); }
Tensor& Tensor::gcd_(const Tensor& other) const { return integer_op_<IntegerTypes>(*this, other, "gcd_", gcd_fn()); }
Tensor& Tensor::lcm_(const Tensor& other) const { return integer_op_<IntegerTypes>(*this, other, "lcm_", lcm_fn()); }
Tensor& Tensor::bitwise_not_() const {
  return integer_op_<BitwiseTypes>(
      *this, full(IntArrayRef{}, scalar_type() == kBool ? Scalar(true) : Scalar(-1), scalar_type()), "bitwise_not_",
      xor_fn());
}
Tensor& gcd_(Tensor& self, const Tensor& other) { return self.gcd_(other); }
Tensor& lcm_(Tensor& self, const Tensor& other) { return self.lcm_(other); }

Tensor& bitwise_and_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, bitwise_and(self, other), "bitwise_and");
}
Tensor& bitwise_and_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, bitwise_and(self, other), "bitwise_and");
}
Tensor& bitwise_and_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, bitwise_and(self, other), "bitwise_and");
}
Tensor& bitwise_and_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return bitwise_and_out(out, self, other);
}
Tensor& bitwise_and_outf(const Tensor& self, const Scalar& other, Tensor& out) {
  return bitwise_and_out(out, self, other);
}
Tensor& bitwise_and_outf(const Scalar& self, const Tensor& other, Tensor& out) {
  return bitwise_and_out(out, self, other);
}
Tensor& bitwise_or_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, bitwise_or(self, other), "bitwise_or");
}
Tensor& bitwise_or_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, bitwise_or(self, other), "bitwise_or");
}
Tensor& bitwise_or_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, bitwise_or(self, other), "bitwise_or");
}
Tensor& bitwise_or_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return bitwise_or_out(out, self, other);
}
Tensor& bitwise_or_outf(const Tensor& self, const Scalar& other, Tensor& out) {
  return bitwise_or_out(out, self, other);
}
Tensor& bitwise_or_outf(const Scalar& self, const Tensor& other, Tensor& out) {
  return bitwise_or_out(out, self, other);
}
Tensor& bitwise_xor_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, bitwise_xor(self, other), "bitwise_xor");
}
Tensor& bitwise_xor_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, bitwise_xor(self, other), "bitwise_xor");
}
Tensor& bitwise_xor_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, bitwise_xor(self, other), "bitwise_xor");
}
Tensor& bitwise_xor_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return bitwise_xor_out(out, self, other);
}
Tensor& bitwise_xor_outf(const Tensor& self, const Scalar& other, Tensor& out) {
  return bitwise_xor_out(out, self, other);
}
Tensor& bitwise_xor_outf(const Scalar& self, const Tensor& other, Tensor& out) {
  return bitwise_xor_out(out, self, other);
}
Tensor& bitwise_left_shift_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, bitwise_left_shift(self, other), "bitwise_left_shift");
}
Tensor& bitwise_left_shift_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, bitwise_left_shift(self, other), "bitwise_left_shift");
}
Tensor& bitwise_left_shift_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, bitwise_left_shift(self, other), "bitwise_left_shift");
}
Tensor& bitwise_left_shift_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return bitwise_left_shift_out(out, self, other);
}
Tensor& bitwise_left_shift_outf(const Tensor& self, const Scalar& other, Tensor& out) {
  return bitwise_left_shift_out(out, self, other);
}
Tensor& bitwise_left_shift_outf(const Scalar& self, const Tensor& other, Tensor& out) {
  return bitwise_left_shift_out(out, self, other);
}
Tensor& bitwise_right_shift_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, bitwise_right_shift(self, other), "bitwise_right_shift");
}
Tensor& bitwise_right_shift_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, bitwise_right_shift(self, other), "bitwise_right_shift");
}
Tensor& bitwise_right_shift_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, bitwise_right_shift(self, other), "bitwise_right_shift");
}
Tensor& bitwise_right_shift_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return bitwise_right_shift_out(out, self, other);
}
Tensor& bitwise_right_shift_outf(const Tensor& self, const Scalar& other, Tensor& out) {
  return bitwise_right_shift_out(out, self, other);
}
Tensor& bitwise_right_shift_outf(const Scalar& self, const Tensor& other, Tensor& out) {
  return bitwise_right_shift_out(out, self, other);
}
Tensor& bitwise_not_out(Tensor& out, const Tensor& self) { return write_out(out, bitwise_not(self), "bitwise_not"); }
Tensor& bitwise_not_outf(const Tensor& self, Tensor& out) { return bitwise_not_out(out, self); }
Tensor& gcd_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, gcd(self, other), "gcd");
}
Tensor& gcd_outf(const Tensor& self, const Tensor& other, Tensor& out) { return gcd_out(out, self, other); }
Tensor& lcm_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, lcm(self, other), "lcm");
}
Tensor& lcm_outf(const Tensor& self, const Tensor& other, Tensor& out) { return lcm_out(out, self, other); }

Tensor Tensor::bitwise_and(const Tensor& other) const { return xgrad::bitwise_and(*this, other); }
Tensor Tensor::bitwise_and(const Scalar& other) const { return xgrad::bitwise_and(*this, other); }
Tensor Tensor::bitwise_or(const Tensor& other) const { return xgrad::bitwise_or(*this, other); }
Tensor Tensor::bitwise_or(const Scalar& other) const { return xgrad::bitwise_or(*this, other); }
Tensor Tensor::bitwise_xor(const Tensor& other) const { return xgrad::bitwise_xor(*this, other); }
Tensor Tensor::bitwise_xor(const Scalar& other) const { return xgrad::bitwise_xor(*this, other); }
Tensor Tensor::bitwise_not() const { return xgrad::bitwise_not(*this); }
Tensor Tensor::bitwise_left_shift(const Tensor& other) const { return xgrad::bitwise_left_shift(*this, other); }
Tensor Tensor::bitwise_left_shift(const Scalar& other) const { return xgrad::bitwise_left_shift(*this, other); }
Tensor Tensor::bitwise_right_shift(const Tensor& other) const { return xgrad::bitwise_right_shift(*this, other); }
Tensor Tensor::bitwise_right_shift(const Scalar& other) const { return xgrad::bitwise_right_shift(*this, other); }
Tensor Tensor::__and__(const Tensor& other) const { return xgrad::bitwise_and(*this, other); }
Tensor Tensor::__and__(const Scalar& other) const { return xgrad::bitwise_and(*this, other); }
Tensor& Tensor::__iand__(const Tensor& other) const { return bitwise_and_(other); }
Tensor& Tensor::__iand__(const Scalar& other) const { return bitwise_and_(other); }
Tensor Tensor::__or__(const Tensor& other) const { return xgrad::bitwise_or(*this, other); }
Tensor Tensor::__or__(const Scalar& other) const { return xgrad::bitwise_or(*this, other); }
Tensor& Tensor::__ior__(const Tensor& other) const { return bitwise_or_(other); }
Tensor& Tensor::__ior__(const Scalar& other) const { return bitwise_or_(other); }
Tensor Tensor::__xor__(const Tensor& other) const { return xgrad::bitwise_xor(*this, other); }
Tensor Tensor::__xor__(const Scalar& other) const { return xgrad::bitwise_xor(*this, other); }
Tensor& Tensor::__ixor__(const Tensor& other) const { return bitwise_xor_(other); }
Tensor& Tensor::__ixor__(const Scalar& other) const { return bitwise_xor_(other); }
Tensor Tensor::__lshift__(const Tensor& other) const { return xgrad::bitwise_left_shift(*this, other); }
Tensor Tensor::__lshift__(const Scalar& other) const { return xgrad::bitwise_left_shift(*this, other); }
Tensor& Tensor::__ilshift__(const Tensor& other) const { return bitwise_left_shift_(other); }
Tensor& Tensor::__ilshift__(const Scalar& other) const { return bitwise_left_shift_(other); }
Tensor Tensor::__rshift__(const Tensor& other) const { return xgrad::bitwise_right_shift(*this, other); }
Tensor Tensor::__rshift__(const Scalar& other) const { return xgrad::bitwise_right_shift(*this, other); }
Tensor& Tensor::__irshift__(const Tensor& other) const { return bitwise_right_shift_(other); }
Tensor& Tensor::__irshift__(const Scalar& other) const { return bitwise_right_shift_(other); }
Tensor Tensor::gcd(const Tensor& other) const { return xgrad::gcd(*this, other); }
Tensor Tensor::lcm(const Tensor& other) const { return xgrad::lcm(*this, other); }

namespace {
/// The truth of x and y combined by f (logical_and, _or, _xor): any dtypes, a kBool result.
template <typename F>
Tensor logical(const Tensor& self, const Tensor& other, const char* op, F f) {
  XGRAD_PROFILE_OP(op);
  return plain_op<AllTypes, true>(self, other, binary_dtype(self, other, op), op, [f](auto tag) {
    using T = decltype(tag);
    return [f](T x, T y) { return f(x != T(0), y != T(0)); };
  });
}
}  // namespace

Tensor logical_and(const Tensor& self, const Tensor& other) {
  return logical(self, other, "logical_and", std::logical_and<>());
}
Tensor logical_or(const Tensor& self, const Tensor& other) {
  return logical(self, other, "logical_or", std::logical_or<>());
}
Tensor logical_xor(const Tensor& self, const Tensor& other) {
  return logical(self, other, "logical_xor", std::not_equal_to<>());
}
Tensor logical_not(const Tensor& self) {
  XGRAD_PROFILE_OP("logical_not");
  detail::check_defined(self, "logical_not");
  return eq(self, 0);
}

Tensor& Tensor::logical_and_(const Tensor& other) const {
  return plain_inplace(*this, other, kBool, "logical_and_", [&] { return xgrad::logical_and(*this, other); });
}
Tensor& Tensor::logical_or_(const Tensor& other) const {
  return plain_inplace(*this, other, kBool, "logical_or_", [&] { return xgrad::logical_or(*this, other); });
}
Tensor& Tensor::logical_xor_(const Tensor& other) const {
  return plain_inplace(*this, other, kBool, "logical_xor_", [&] { return xgrad::logical_xor(*this, other); });
}
Tensor& Tensor::logical_not_() const {
  return plain_inplace(*this, *this, kBool, "logical_not_", [&] { return xgrad::logical_not(*this); });
}

Tensor& logical_and_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, logical_and(self, other), "logical_and");
}
Tensor& logical_and_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return logical_and_out(out, self, other);
}
Tensor& logical_or_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, logical_or(self, other), "logical_or");
}
Tensor& logical_or_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return logical_or_out(out, self, other);
}
Tensor& logical_xor_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, logical_xor(self, other), "logical_xor");
}
Tensor& logical_xor_outf(const Tensor& self, const Tensor& other, Tensor& out) {
  return logical_xor_out(out, self, other);
}
Tensor& logical_not_out(Tensor& out, const Tensor& self) { return write_out(out, logical_not(self), "logical_not"); }
Tensor& logical_not_outf(const Tensor& self, Tensor& out) { return logical_not_out(out, self); }

Tensor Tensor::logical_and(const Tensor& other) const { return xgrad::logical_and(*this, other); }
Tensor Tensor::logical_or(const Tensor& other) const { return xgrad::logical_or(*this, other); }
Tensor Tensor::logical_xor(const Tensor& other) const { return xgrad::logical_xor(*this, other); }
Tensor Tensor::logical_not() const { return xgrad::logical_not(*this); }

Tensor operator%(const Tensor& a, const Tensor& b) { return remainder(a, b); }
Tensor operator%(const Tensor& a, const Scalar& b) { return remainder(a, b); }
Tensor operator%(const Scalar& a, const Tensor& b) { return remainder(a, b); }
Tensor operator&(const Tensor& a, const Tensor& b) { return bitwise_and(a, b); }
Tensor operator&(const Tensor& a, const Scalar& b) { return bitwise_and(a, b); }
Tensor operator&(const Scalar& a, const Tensor& b) { return bitwise_and(b, a); }
Tensor operator|(const Tensor& a, const Tensor& b) { return bitwise_or(a, b); }
Tensor operator|(const Tensor& a, const Scalar& b) { return bitwise_or(a, b); }
Tensor operator|(const Scalar& a, const Tensor& b) { return bitwise_or(b, a); }
Tensor operator^(const Tensor& a, const Tensor& b) { return bitwise_xor(a, b); }
Tensor operator^(const Tensor& a, const Scalar& b) { return bitwise_xor(a, b); }
Tensor operator^(const Scalar& a, const Tensor& b) { return bitwise_xor(b, a); }

// ---------------------------------------------------------------------------------------------
// In-place comparisons and the comparison aliases.

namespace {
/// self = cmp(self, other) as 0/1 in self's dtype; recorded with a zero gradient, as libtorch.
Tensor& compare_(const Tensor& self, const Tensor& other, const char* op, Tensor (*cmp)(const Tensor&, const Tensor&),
                 const Derivative<>& derivative) {
  XGRAD_PROFILE_OP(op);
  binary_dtype(self, other, op);
  check_inplace_result(self, kBool, other.sizes(), op);
  const Tensor result = cmp(self, other);
  auto recording = record_inplace(op, derivative, {self, other});
  detail::copy_into(self, result);
  return recording.finish_inplace(self);
}

Tensor& compare_(const Tensor& self, const Scalar& other, const char* op, Tensor (*cmp)(const Tensor&, const Scalar&),
                 const Derivative<>& derivative) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  const Tensor result = cmp(self, other);
  auto recording = record_inplace(op, derivative, {self});
  detail::copy_into(self, result);
  return recording.finish_inplace(self);
}

using TensorCmp = Tensor (*)(const Tensor&, const Tensor&);
using ScalarCmp = Tensor (*)(const Tensor&, const Scalar&);
}  // namespace

Tensor& Tensor::eq_(const Tensor& other) const {
  return compare_(*this, other, "eq_", static_cast<TensorCmp>(xgrad::eq), kEqBackward1);
}
Tensor& Tensor::eq_(const Scalar& other) const {
  return compare_(*this, other, "eq_", static_cast<ScalarCmp>(xgrad::eq), kEqBackward0);
}
Tensor& Tensor::ne_(const Tensor& other) const {
  return compare_(*this, other, "ne_", static_cast<TensorCmp>(xgrad::ne), kNeBackward1);
}
Tensor& Tensor::ne_(const Scalar& other) const {
  return compare_(*this, other, "ne_", static_cast<ScalarCmp>(xgrad::ne), kNeBackward0);
}
Tensor& Tensor::lt_(const Tensor& other) const {
  return compare_(*this, other, "lt_", static_cast<TensorCmp>(xgrad::lt), kLtBackward1);
}
Tensor& Tensor::lt_(const Scalar& other) const {
  return compare_(*this, other, "lt_", static_cast<ScalarCmp>(xgrad::lt), kLtBackward0);
}
Tensor& Tensor::le_(const Tensor& other) const {
  return compare_(*this, other, "le_", static_cast<TensorCmp>(xgrad::le), kLeBackward1);
}
Tensor& Tensor::le_(const Scalar& other) const {
  return compare_(*this, other, "le_", static_cast<ScalarCmp>(xgrad::le), kLeBackward0);
}
Tensor& Tensor::gt_(const Tensor& other) const {
  return compare_(*this, other, "gt_", static_cast<TensorCmp>(xgrad::gt), kGtBackward1);
}
Tensor& Tensor::gt_(const Scalar& other) const {
  return compare_(*this, other, "gt_", static_cast<ScalarCmp>(xgrad::gt), kGtBackward0);
}
Tensor& Tensor::ge_(const Tensor& other) const {
  return compare_(*this, other, "ge_", static_cast<TensorCmp>(xgrad::ge), kGeBackward1);
}
Tensor& Tensor::ge_(const Scalar& other) const {
  return compare_(*this, other, "ge_", static_cast<ScalarCmp>(xgrad::ge), kGeBackward0);
}

Tensor greater(const Tensor& self, const Tensor& other) { return gt(self, other); }
Tensor greater(const Tensor& self, const Scalar& other) { return gt(self, other); }
Tensor greater_equal(const Tensor& self, const Tensor& other) { return ge(self, other); }
Tensor greater_equal(const Tensor& self, const Scalar& other) { return ge(self, other); }
Tensor less(const Tensor& self, const Tensor& other) { return lt(self, other); }
Tensor less(const Tensor& self, const Scalar& other) { return lt(self, other); }
Tensor less_equal(const Tensor& self, const Tensor& other) { return le(self, other); }
Tensor less_equal(const Tensor& self, const Scalar& other) { return le(self, other); }
Tensor not_equal(const Tensor& self, const Tensor& other) { return ne(self, other); }
Tensor not_equal(const Tensor& self, const Scalar& other) { return ne(self, other); }

Tensor Tensor::greater(const Tensor& other) const { return xgrad::gt(*this, other); }
Tensor Tensor::greater(const Scalar& other) const { return xgrad::gt(*this, other); }
Tensor& Tensor::greater_(const Tensor& other) const { return gt_(other); }
Tensor& Tensor::greater_(const Scalar& other) const { return gt_(other); }
Tensor Tensor::greater_equal(const Tensor& other) const { return xgrad::ge(*this, other); }
Tensor Tensor::greater_equal(const Scalar& other) const { return xgrad::ge(*this, other); }
Tensor& Tensor::greater_equal_(const Tensor& other) const { return ge_(other); }
Tensor& Tensor::greater_equal_(const Scalar& other) const { return ge_(other); }
Tensor Tensor::less(const Tensor& other) const { return xgrad::lt(*this, other); }
Tensor Tensor::less(const Scalar& other) const { return xgrad::lt(*this, other); }
Tensor& Tensor::less_(const Tensor& other) const { return lt_(other); }
Tensor& Tensor::less_(const Scalar& other) const { return lt_(other); }
Tensor Tensor::less_equal(const Tensor& other) const { return xgrad::le(*this, other); }
Tensor Tensor::less_equal(const Scalar& other) const { return xgrad::le(*this, other); }
Tensor& Tensor::less_equal_(const Tensor& other) const { return le_(other); }
Tensor& Tensor::less_equal_(const Scalar& other) const { return le_(other); }
Tensor Tensor::not_equal(const Tensor& other) const { return xgrad::ne(*this, other); }
Tensor Tensor::not_equal(const Scalar& other) const { return xgrad::ne(*this, other); }
Tensor& Tensor::not_equal_(const Tensor& other) const { return ne_(other); }
Tensor& Tensor::not_equal_(const Scalar& other) const { return ne_(other); }

#define XGRAD_COMPARISON_OUT(name, impl)                                                                             \
  Tensor& name##_out(Tensor& out, const Tensor& self, const Tensor& other) {                                         \
    return write_out(out, impl(self, other), #impl);                                                                 \
  }                                                                                                                  \
  Tensor& name##_out(Tensor& out, const Tensor& self, const Scalar& other) {                                         \
    return write_out(out, impl(self, other), #impl);                                                                 \
  }                                                                                                                  \
  Tensor& name##_outf(const Tensor& self, const Tensor& other, Tensor& out) { return name##_out(out, self, other); } \
  Tensor& name##_outf(const Tensor& self, const Scalar& other, Tensor& out) { return name##_out(out, self, other); }
XGRAD_COMPARISON_OUT(eq, eq)
XGRAD_COMPARISON_OUT(ne, ne)
XGRAD_COMPARISON_OUT(lt, lt)
XGRAD_COMPARISON_OUT(le, le)
XGRAD_COMPARISON_OUT(gt, gt)
XGRAD_COMPARISON_OUT(ge, ge)
XGRAD_COMPARISON_OUT(greater, gt)
XGRAD_COMPARISON_OUT(greater_equal, ge)
XGRAD_COMPARISON_OUT(less, lt)
XGRAD_COMPARISON_OUT(less_equal, le)
XGRAD_COMPARISON_OUT(not_equal, ne)
#undef XGRAD_COMPARISON_OUT

// ---------------------------------------------------------------------------------------------
// clamp with tensor bounds, clip.

namespace {
ScalarType clamp_dtype(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max,
                       const char* op) {
  detail::check_defined(self, op);
  const bool has_min = min && min->defined(), has_max = max && max->defined();
  XGRAD_CHECK(has_min || has_max, "{}: At least one of 'min' or 'max' must not be None", op);
  ScalarType ct = self.scalar_type();
  if (has_min) ct = result_type(self, *min);
  if (has_max) ct = has_min ? promote_types(ct, result_type(self, *max)) : result_type(self, *max);
  XGRAD_CHECK(ct != kBool, "{}: \"clamp_cpu\" not implemented for 'Bool'", op);
  return ct;
}

Tensor clamp_values(const Tensor& self, const Tensor& lo, const Tensor& hi, ScalarType ct, const char* op) {
  if (lo.defined() && hi.defined()) {
    return ternary<NumericTypes>(self, lo, hi, ct, op, [](auto tag) {
      using T = decltype(tag);
      return [](T x, T l, T h) { return clamp_of(x, l, h); };
    });
  }
  const bool lower = lo.defined();
  return binary<NumericTypes>(self, lower ? lo : hi, ct, op, [lower](auto tag) {
    using T = decltype(tag);
    return [lower](T x, T b) {
      return lower ? clamp_of(x, b, std::numeric_limits<T>::max()) : clamp_of(x, std::numeric_limits<T>::lowest(), b);
    };
  });
}

Tensor bound(const std::optional<Tensor>& b) { return b ? *b : Tensor(); }
}  // namespace

Tensor clamp(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  XGRAD_PROFILE_OP("clamp");
  const ScalarType ct = clamp_dtype(self, min, max, "clamp");
  const Tensor lo = bound(min), hi = bound(max);
  Tensor out = clamp_values(self, lo, hi, ct, "clamp");
  record(kClampBackward0, {self, lo, hi}).save(self).save(lo).save(hi).output(out);
  return out;
}

Tensor clamp_min(const Tensor& self, const Tensor& min) {
  XGRAD_PROFILE_OP("clamp_min");
  const ScalarType ct = clamp_dtype(self, min, std::nullopt, "clamp_min");
  Tensor out = clamp_values(self, min, Tensor(), ct, "clamp_min");
  record(kClampMinBackward1, {self, min}).save(self).save(min).output(out);
  return out;
}

Tensor clamp_max(const Tensor& self, const Tensor& max) {
  XGRAD_PROFILE_OP("clamp_max");
  const ScalarType ct = clamp_dtype(self, std::nullopt, max, "clamp_max");
  Tensor out = clamp_values(self, Tensor(), max, ct, "clamp_max");
  record(kClampMaxBackward1, {self, max}).save(self).save(max).output(out);
  return out;
}

namespace {
/// The in-place tensor-bound clamps: checked, recorded against the old self (the node's inputs are
/// `inputs`, self first; it saves self and each bound that is an input), then the values written.
Tensor& clamp_tensor_(const Tensor& self, const Tensor& lo, const Tensor& hi, const char* op,
                      const Derivative<>& derivative, std::initializer_list<Tensor> inputs) {
  XGRAD_PROFILE_OP(op);
  const ScalarType ct = clamp_dtype(self, lo.defined() ? std::optional<Tensor>(lo) : std::nullopt,
                                    hi.defined() ? std::optional<Tensor>(hi) : std::nullopt, op);
  std::vector<int64_t> bounds_shape = self.sizes().vec();
  if (lo.defined()) bounds_shape = detail::broadcast_shapes(bounds_shape, lo.sizes(), op);
  if (hi.defined()) bounds_shape = detail::broadcast_shapes(bounds_shape, hi.sizes(), op);
  check_inplace_result(self, ct, bounds_shape, op);
  const Tensor result = clamp_values(self, lo, hi, ct, op);
  auto recording = record_inplace(op, derivative, inputs);
  if (recording) {
    recording.save(self.clone());  // the values about to go
    for (auto it = inputs.begin() + 1; it != inputs.end(); ++it)
      recording.save(it->defined() ? stable_operand(*it, self) : Tensor());
  }
  detail::copy_into(self, result);
  return recording.finish_inplace(self);
}
}  // namespace

Tensor& Tensor::clamp_(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return clamp_tensor_(*this, bound(min), bound(max), "clamp_", kClampBackward0, {*this, bound(min), bound(max)});
}
Tensor& Tensor::clamp_min_(const Tensor& min) const {
  return clamp_tensor_(*this, min, Tensor(), "clamp_min_", kClampMinBackward1, {*this, min});
}
Tensor& Tensor::clamp_max_(const Tensor& max) const {
  return clamp_tensor_(*this, Tensor(), max, "clamp_max_", kClampMaxBackward1, {*this, max});
}

Tensor Tensor::clamp(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return xgrad::clamp(*this, min, max);
}
Tensor Tensor::clamp_min(const Tensor& min) const { return xgrad::clamp_min(*this, min); }
Tensor Tensor::clamp_max(const Tensor& max) const { return xgrad::clamp_max(*this, max); }
Tensor Tensor::clip(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  return xgrad::clamp(*this, min, max);
}
Tensor Tensor::clip(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return xgrad::clamp(*this, min, max);
}
Tensor& Tensor::clip_(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  return clamp_(min, max);
}
Tensor& Tensor::clip_(const std::optional<Tensor>& min, const std::optional<Tensor>& max) const {
  return clamp_(min, max);
}

Tensor clip(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp(self, min, max);
}
Tensor clip(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return clamp(self, min, max);
}
Tensor& clamp_(Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return self.clamp_(min, max);
}
Tensor& clamp_(Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return self.clamp_(min, max);
}
Tensor& clip_(Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return self.clamp_(min, max);
}
Tensor& clip_(Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return self.clamp_(min, max);
}
Tensor& clamp_min_(Tensor& self, const Scalar& min) { return self.clamp_min_(min); }
Tensor& clamp_min_(Tensor& self, const Tensor& min) { return self.clamp_min_(min); }
Tensor& clamp_max_(Tensor& self, const Scalar& max) { return self.clamp_max_(max); }
Tensor& clamp_max_(Tensor& self, const Tensor& max) { return self.clamp_max_(max); }

Tensor& clamp_out(Tensor& out, const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return write_out(out, clamp(self, min, max), "clamp");
}
Tensor& clamp_out(Tensor& out, const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return write_out(out, clamp(self, min, max), "clamp");
}
Tensor& clamp_outf(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max,
                   Tensor& out) {
  return clamp_out(out, self, min, max);
}
Tensor& clamp_outf(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max,
                   Tensor& out) {
  return clamp_out(out, self, min, max);
}
Tensor& clip_out(Tensor& out, const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp_out(out, self, min, max);
}
Tensor& clip_out(Tensor& out, const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max) {
  return clamp_out(out, self, min, max);
}
Tensor& clip_outf(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max, Tensor& out) {
  return clamp_out(out, self, min, max);
}
Tensor& clip_outf(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max, Tensor& out) {
  return clamp_out(out, self, min, max);
}
Tensor& clamp_min_out(Tensor& out, const Tensor& self, const Scalar& min) {
  return write_out(out, clamp_min(self, min), "clamp_min");
}
Tensor& clamp_min_out(Tensor& out, const Tensor& self, const Tensor& min) {
  return write_out(out, clamp_min(self, min), "clamp_min");
}
Tensor& clamp_min_outf(const Tensor& self, const Scalar& min, Tensor& out) { return clamp_min_out(out, self, min); }
Tensor& clamp_min_outf(const Tensor& self, const Tensor& min, Tensor& out) { return clamp_min_out(out, self, min); }
Tensor& clamp_max_out(Tensor& out, const Tensor& self, const Scalar& max) {
  return write_out(out, clamp_max(self, max), "clamp_max");
}
Tensor& clamp_max_out(Tensor& out, const Tensor& self, const Tensor& max) {
  return write_out(out, clamp_max(self, max), "clamp_max");
}
Tensor& clamp_max_outf(const Tensor& self, const Scalar& max, Tensor& out) { return clamp_max_out(out, self, max); }
Tensor& clamp_max_outf(const Tensor& self, const Tensor& max, Tensor& out) { return clamp_max_out(out, self, max); }

// ---------------------------------------------------------------------------------------------
// float_power, ldexp, pow's and xlogy's remaining forms.

Tensor float_power(const Tensor& self, const Tensor& exponent) {
  detail::check_defined(self, "float_power");
  detail::check_defined(exponent, "float_power");
  return pow(self.to(kDouble), exponent.to(kDouble));
}
Tensor float_power(const Tensor& self, const Scalar& exponent) {
  detail::check_defined(self, "float_power");
  return pow(self.to(kDouble), exponent.toDouble());
}
Tensor float_power(const Scalar& self, const Tensor& exponent) {
  detail::check_defined(exponent, "float_power");
  return pow(Scalar(self.toDouble()), exponent.to(kDouble));
}

namespace {
void check_float_power_(const Tensor& self) {
  detail::check_defined(self, "float_power_");
  XGRAD_CHECK(
      self.scalar_type() == kDouble,
      "float_power_: the base given to float_power_ has dtype {} but the operation's result requires dtype Double",
      toString(self.scalar_type()));
}
}  // namespace

Tensor& Tensor::float_power_(const Tensor& exponent) const {
  check_float_power_(*this);
  return pow_(exponent.to(kDouble));
}
Tensor& Tensor::float_power_(const Scalar& exponent) const {
  check_float_power_(*this);
  return pow_(exponent.toDouble());
}
Tensor& float_power_out(Tensor& out, const Tensor& self, const Tensor& exponent) {
  return write_out(out, float_power(self, exponent), "float_power");
}
Tensor& float_power_out(Tensor& out, const Tensor& self, const Scalar& exponent) {
  return write_out(out, float_power(self, exponent), "float_power");
}
Tensor& float_power_out(Tensor& out, const Scalar& self, const Tensor& exponent) {
  return write_out(out, float_power(self, exponent), "float_power");
}
Tensor& float_power_outf(const Tensor& self, const Tensor& exponent, Tensor& out) {
  return float_power_out(out, self, exponent);
}
Tensor& float_power_outf(const Tensor& self, const Scalar& exponent, Tensor& out) {
  return float_power_out(out, self, exponent);
}
Tensor& float_power_outf(const Scalar& self, const Tensor& exponent, Tensor& out) {
  return float_power_out(out, self, exponent);
}
Tensor Tensor::float_power(const Tensor& exponent) const { return xgrad::float_power(*this, exponent); }
Tensor Tensor::float_power(const Scalar& exponent) const { return xgrad::float_power(*this, exponent); }

Tensor& pow_out(Tensor& out, const Tensor& self, const Tensor& exponent) {
  return write_out(out, pow(self, exponent), "pow");
}
Tensor& pow_out(Tensor& out, const Tensor& self, const Scalar& exponent) {
  return write_out(out, pow(self, exponent), "pow");
}
Tensor& pow_out(Tensor& out, const Scalar& self, const Tensor& exponent) {
  return write_out(out, pow(self, exponent), "pow");
}
Tensor& pow_outf(const Tensor& self, const Tensor& exponent, Tensor& out) { return pow_out(out, self, exponent); }
Tensor& pow_outf(const Tensor& self, const Scalar& exponent, Tensor& out) { return pow_out(out, self, exponent); }
Tensor& pow_outf(const Scalar& self, const Tensor& exponent, Tensor& out) { return pow_out(out, self, exponent); }

// ldexp(a, b) = a * 2^b, composed as libtorch composes it (MulBackward0 over PowBackward2).
Tensor ldexp(const Tensor& self, const Tensor& other) { return mul(self, pow(2.0, other)); }
Tensor& Tensor::ldexp_(const Tensor& other) const { return mul_(xgrad::pow(2.0, other)); }
Tensor& ldexp_(Tensor& self, const Tensor& other) { return self.ldexp_(other); }
Tensor& ldexp_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, ldexp(self, other), "ldexp");
}
Tensor& ldexp_outf(const Tensor& self, const Tensor& other, Tensor& out) { return ldexp_out(out, self, other); }
Tensor Tensor::ldexp(const Tensor& other) const { return xgrad::ldexp(*this, other); }

Tensor xlogy(const Scalar& self, const Tensor& other) {
  XGRAD_PROFILE_OP("xlogy");
  Tensor out = no_grad([&] { return xlogy(wrap(self, other), other); });
  record(kXlogyBackward1, {other}, self).save(other).output(out);
  return out;
}

Tensor xlogy(const Tensor& self, const Scalar& other) {
  XGRAD_PROFILE_OP("xlogy");
  Tensor out = no_grad([&] { return xlogy(self, wrap(other, self)); });
  const double s = other.toDouble();
  auto recording = record(kXlogyBackward2, {self}, other);
  recording.save(s > 0 || std::isnan(s) ? Tensor() : self).output(out);
  return out;
}

Tensor& Tensor::xlogy_(const Scalar& other) const {
  XGRAD_PROFILE_OP("xlogy_");
  const Tensor s = wrap(other, *this);
  check_inplace_result(*this, floating_dtype(*this, s, "xlogy_"), {}, "xlogy_");
  const Tensor result = no_grad([&] { return xgrad::xlogy(*this, s); });
  const double v = other.toDouble();
  auto recording = record_inplace("xlogy_", kXlogyBackward2, {*this}, other);
  recording.save(recording && !(v > 0 || std::isnan(v)) ? clone() : Tensor());
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& xlogy_(Tensor& self, const Tensor& other) { return self.xlogy_(other); }
Tensor& xlogy_(Tensor& self, const Scalar& other) { return self.xlogy_(other); }
Tensor& xlogy_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, xlogy(self, other), "xlogy");
}
Tensor& xlogy_out(Tensor& out, const Tensor& self, const Scalar& other) {
  return write_out(out, xlogy(self, other), "xlogy");
}
Tensor& xlogy_out(Tensor& out, const Scalar& self, const Tensor& other) {
  return write_out(out, xlogy(self, other), "xlogy");
}
Tensor& xlogy_outf(const Tensor& self, const Tensor& other, Tensor& out) { return xlogy_out(out, self, other); }
Tensor& xlogy_outf(const Tensor& self, const Scalar& other, Tensor& out) { return xlogy_out(out, self, other); }
Tensor& xlogy_outf(const Scalar& self, const Tensor& other, Tensor& out) { return xlogy_out(out, self, other); }
Tensor Tensor::xlogy(const Scalar& other) const { return xgrad::xlogy(*this, other); }

// ---------------------------------------------------------------------------------------------
// isclose, isin.

Tensor isclose(const Tensor& self, const Tensor& other, double rtol, double atol, bool equal_nan) {
  XGRAD_PROFILE_OP("isclose");
  detail::check_defined(self, "isclose");
  detail::check_defined(other, "isclose");
  XGRAD_CHECK(self.scalar_type() == other.scalar_type(), "isclose: {} did not match {}", toString(self.scalar_type()),
              toString(other.scalar_type()));
  XGRAD_CHECK(rtol >= 0, "isclose: rtol must be greater than or equal to zero, but got {}", rtol);
  XGRAD_CHECK(atol >= 0, "isclose: atol must be greater than or equal to zero, but got {}", atol);
  if (self.scalar_type() == kBool) return eq(self, other);
  // Integers compare as libtorch's do: the error exact, the allowed error in the default kFloat.
  const ScalarType ct = isFloatingType(self.scalar_type()) ? self.scalar_type() : kDouble;
  const bool integral = !isFloatingType(self.scalar_type());
  return binary<FloatingTypes, true>(self, other, ct, "isclose", [=](auto tag) {
    using T = decltype(tag);
    return [=](T x, T y) {
      if (x == y) return true;
      if (std::isnan(x) || std::isnan(y)) return equal_nan && std::isnan(x) && std::isnan(y);
      const T err = std::abs(x - y);
      if (integral) {
        const float allowed = static_cast<float>(atol) + std::abs(static_cast<float>(rtol) * static_cast<float>(y));
        return static_cast<float>(err) <= allowed;
      }
      return std::isfinite(err) && err <= static_cast<T>(atol) + std::abs(static_cast<T>(rtol) * y);
    };
  });
}

Tensor Tensor::isclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  return xgrad::isclose(*this, other, rtol, atol, equal_nan);
}

Tensor isin(const Tensor& elements, const Tensor& test_elements, bool /*assume_unique*/, bool invert) {
  XGRAD_PROFILE_OP("isin");
  const ScalarType ct = binary_dtype(elements, test_elements, "isin");
  const Tensor a = detail::as_dense(elements, ct);
  const Tensor b = detail::as_dense(test_elements, ct);
  Tensor out = empty(elements.sizes(), kBool);
  AllTypes::run(ct, "isin", [&](auto tag) {
    using T = decltype(tag);
    const T* tp = b.data_ptr<T>();
    std::vector<T> sorted;
    sorted.reserve(static_cast<size_t>(b.numel()));
    for (int64_t i = 0; i < b.numel(); ++i) {
      if (tp[i] == tp[i]) sorted.push_back(tp[i]);  // a NaN is in no set
    }
    std::sort(sorted.begin(), sorted.end());
    const T* ap = a.data_ptr<T>();
    bool* op = out.data_ptr<bool>();
    for (int64_t i = 0; i < a.numel(); ++i) {
      const auto it = std::lower_bound(sorted.begin(), sorted.end(), ap[i]);
      op[i] = (it != sorted.end() && *it == ap[i]) != invert;
    }
  });
  return out;
}

Tensor isin(const Tensor& elements, const Scalar& test_element, bool assume_unique, bool invert) {
  return isin(elements, wrap(test_element, elements), assume_unique, invert);
}
Tensor isin(const Scalar& element, const Tensor& test_elements, bool assume_unique, bool invert) {
  return isin(wrap(element, test_elements), test_elements, assume_unique, invert);
}
Tensor& isin_out(Tensor& out, const Tensor& elements, const Tensor& test_elements, bool assume_unique, bool invert) {
  return write_out(out, isin(elements, test_elements, assume_unique, invert), "isin");
}
Tensor& isin_out(Tensor& out, const Tensor& elements, const Scalar& test_element, bool assume_unique, bool invert) {
  return write_out(out, isin(elements, test_element, assume_unique, invert), "isin");
}
Tensor& isin_out(Tensor& out, const Scalar& element, const Tensor& test_elements, bool assume_unique, bool invert) {
  return write_out(out, isin(element, test_elements, assume_unique, invert), "isin");
}
Tensor& isin_outf(const Tensor& elements, const Tensor& test_elements, bool assume_unique, bool invert, Tensor& out) {
  return isin_out(out, elements, test_elements, assume_unique, invert);
}
Tensor& isin_outf(const Tensor& elements, const Scalar& test_element, bool assume_unique, bool invert, Tensor& out) {
  return isin_out(out, elements, test_element, assume_unique, invert);
}
Tensor& isin_outf(const Scalar& element, const Tensor& test_elements, bool assume_unique, bool invert, Tensor& out) {
  return isin_out(out, element, test_elements, assume_unique, invert);
}

// ---------------------------------------------------------------------------------------------
// The remaining Tensor methods.

Tensor Tensor::atan2(const Tensor& other) const { return xgrad::atan2(*this, other); }
Tensor Tensor::arctan2(const Tensor& other) const { return xgrad::atan2(*this, other); }
Tensor& Tensor::arctan2_(const Tensor& other) const { return atan2_(other); }
Tensor Tensor::copysign(const Tensor& other) const { return xgrad::copysign(*this, other); }
Tensor Tensor::copysign(const Scalar& other) const { return xgrad::copysign(*this, other); }
Tensor Tensor::div(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  return xgrad::div(*this, other, rounding_mode);
}
Tensor Tensor::div(const Scalar& other, std::optional<std::string_view> rounding_mode) const {
  return xgrad::div(*this, other, rounding_mode);
}
Tensor Tensor::divide(const Tensor& other) const { return xgrad::div(*this, other); }
Tensor Tensor::divide(const Scalar& other) const { return xgrad::div(*this, other); }
Tensor Tensor::divide(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  return xgrad::div(*this, other, rounding_mode);
}
Tensor Tensor::divide(const Scalar& other, std::optional<std::string_view> rounding_mode) const {
  return xgrad::div(*this, other, rounding_mode);
}
Tensor& Tensor::divide_(const Tensor& other) const { return div_(other); }
Tensor& Tensor::divide_(const Scalar& other) const { return div_(other); }
Tensor& Tensor::divide_(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  return div_(other, rounding_mode);
}
Tensor& Tensor::divide_(const Scalar& other, std::optional<std::string_view> rounding_mode) const {
  return div_(other, rounding_mode);
}
Tensor Tensor::true_divide(const Tensor& other) const { return xgrad::div(*this, other); }
Tensor Tensor::true_divide(const Scalar& other) const { return xgrad::div(*this, other); }
Tensor& Tensor::true_divide_(const Tensor& other) const { return div_(other); }
Tensor& Tensor::true_divide_(const Scalar& other) const { return div_(other); }
Tensor Tensor::floor_divide(const Tensor& other) const { return xgrad::floor_divide(*this, other); }
Tensor Tensor::floor_divide(const Scalar& other) const { return xgrad::floor_divide(*this, other); }
Tensor Tensor::multiply(const Tensor& other) const { return xgrad::mul(*this, other); }
Tensor Tensor::multiply(const Scalar& other) const { return xgrad::mul(*this, other); }
Tensor& Tensor::multiply_(const Tensor& other) const { return mul_(other); }
Tensor& Tensor::multiply_(const Scalar& other) const { return mul_(other); }
Tensor Tensor::subtract(const Tensor& other, const Scalar& alpha) const { return xgrad::sub(*this, other, alpha); }
Tensor Tensor::subtract(const Scalar& other, const Scalar& alpha) const { return xgrad::sub(*this, other, alpha); }
Tensor& Tensor::subtract_(const Tensor& other, const Scalar& alpha) const { return sub_(other, alpha); }
Tensor& Tensor::subtract_(const Scalar& other, const Scalar& alpha) const { return sub_(other, alpha); }
Tensor Tensor::fmax(const Tensor& other) const { return xgrad::fmax(*this, other); }
Tensor Tensor::fmin(const Tensor& other) const { return xgrad::fmin(*this, other); }
Tensor Tensor::fmod(const Tensor& other) const { return xgrad::fmod(*this, other); }
Tensor Tensor::fmod(const Scalar& other) const { return xgrad::fmod(*this, other); }
Tensor Tensor::remainder(const Tensor& other) const { return xgrad::remainder(*this, other); }
Tensor Tensor::remainder(const Scalar& other) const { return xgrad::remainder(*this, other); }
Tensor Tensor::heaviside(const Tensor& values) const { return xgrad::heaviside(*this, values); }
Tensor Tensor::hypot(const Tensor& other) const { return xgrad::hypot(*this, other); }
Tensor Tensor::lerp(const Tensor& end, const Scalar& weight) const { return xgrad::lerp(*this, end, weight); }
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const { return xgrad::lerp(*this, end, weight); }
Tensor Tensor::logaddexp(const Tensor& other) const { return xgrad::logaddexp(*this, other); }
Tensor Tensor::logaddexp2(const Tensor& other) const { return xgrad::logaddexp2(*this, other); }
Tensor Tensor::nextafter(const Tensor& other) const { return xgrad::nextafter(*this, other); }

}  // namespace xgrad
