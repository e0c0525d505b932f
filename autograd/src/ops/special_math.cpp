// Special functions: digamma, polygamma, lgamma, mvlgamma, erfinv, i0, and torch::special's unary
// functions (i0e, i1, i1e, erfcx, entr, ndtr, ndtri, log_ndtr, the Bessel and Airy functions, and
// aliases of the elementary ones).
//
// Shapes: the result has the input's shape. Dtypes: floating, integers and bools give kFloat. The
// functions are evaluated in double and rounded to the tensor's dtype.
//
// Methods (each function's comment names its source):
//   digamma        recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then the asymptotic series
//                  ln x - 1/(2x) - sum B_2k / (2k x^2k); reflection psi(1 - x) - pi / tan(pi x) for x < 0
//   polygamma(n)   (-1)^(n+1) n! zeta(n + 1, x), with Hurwitz's zeta by the Euler-Maclaurin formula
//   erfinv, ndtri  Winitzki's approximation (2008) refined by three Halley steps on erf or erfc
//   i0, i1         the power series sum (x/2)^(2k+v) / (k! (k+v)!) for |x| <= 30, else the
//                  asymptotic expansion e^x / sqrt(2 pi x) sum (-1)^k a_k(v) / x^k (A&S 9.7.1)
//   K0, K1, J0, J1, Y0, Y1   <cmath>'s cyl_bessel_k, cyl_bessel_j, cyl_neumann (C++17)
//   airy_ai        through Bessel functions of order 1/3 (A&S 10.4.14 and 10.4.15)
//   erfcx          exp(x^2) erfc(x), or the asymptotic series 1/(x sqrt(pi)) sum (-1)^k (2k-1)!! / (2x^2)^k
//
// Backward (g is the output's gradient, y the output):
//   y = lgamma(x)       dx = g digamma(x)            y = digamma(x)   dx = g polygamma(1, x)
//   y = polygamma(n, x) dx = g polygamma(n + 1, x)   y = mvlgamma(x, p)  dx = g sum_i digamma(x - i/2)
//   y = erfinv(x)       dx = g sqrt(pi)/2 exp(y^2)   y = ndtri(x)     dx = g sqrt(2 pi) exp(y^2 / 2)
//   y = i0(x)           dx = g i1(x)                 y = i0e(x)       dx = g (i1e(x) - sgn(x) i0e(x))
//   y = i1(x)           dx = g (i0(x) - i1(x)/x)     y = i1e(x)       dx = g (i0e(x) - i1e(x) (sgn(x) + 1/x))
//                       (both 1/2 at x = 0)
//   y = erfcx(x)        dx = g (2 x y - 2/sqrt(pi))  y = entr(x)      dx = -g (1 + log(x))
//   y = log_ndtr(x)     dx = g exp(-x^2/2 - y) / sqrt(2 pi)
//   ndtr is (1 + erf(x / sqrt(2))) / 2 in tensor ops, as PyTorch (its node is MulBackward1).
//   The Bessel and Airy functions are not differentiable, as in libtorch.
#include <cmath>
#include <cstdint>
#include <limits>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/special.h>

#include "../derivative.h"
#include "pointwise.h"
#include "unary_math.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::variable_list;
using detail::floating_op;
using detail::floating_op_;
using detail::FloatingTypes;
using detail::pointwise_backward;
using detail::Saved;

constexpr double kPi = 3.14159265358979323846;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSqrtPi = 1.77245385090551602730;
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;
constexpr double kTwoOverSqrtPi = 1.12837916709551257390;

/// f evaluated in double, rounded to x's type.
template <typename F>
auto via_double(F f) {
  return [f](auto x) { return static_cast<decltype(x)>(f(static_cast<double>(x))); };
}

// ---------------------------------------------------------------------------------------------
// The functions, in double.

double digamma_d(double x) {
  if (x == 0) return std::copysign(kInf, -x);  // as PyTorch: -inf at +0, inf at -0
  if (x < 0) {
    if (x == std::floor(x)) return kNaN;
    return digamma_d(1 - x) - kPi / std::tan(kPi * x);
  }
  double result = 0;
  for (; x < 10; x += 1) result -= 1 / x;
  const double z = 1 / (x * x);
  const double series = z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240 - z * (1.0 / 132)))));
  return result + std::log(x) - 0.5 / x - series;
}

/// Hurwitz's zeta(s, q) = sum_k (q + k)^-s for s > 1: the first terms summed until q + k > 9, then
/// the Euler-Maclaurin tail a^(1-s)/(s-1) + a^-s/2 + sum_j B_2j/(2j)! s(s+1)...(s+2j-2) a^(-s-2j+1).
double zeta_d(double s, double q) {
  if (s == 1) return kInf;
  if (q <= 0) {
    if (q == std::floor(q)) return kInf;
    if (s != std::floor(s)) return kNaN;  // (q + k)^-s undefined
  }
  double sum = 0, a = q;
  for (int i = 0; i < 9 || a <= 9; ++i, a += 1) sum += std::pow(a, -s);
  // B_2j / (2j)! for j = 1..8
  static const double kBernoulliOverFactorial[] = {1.0 / 12,
                                                    -1.0 / 720,
                                                    1.0 / 30240,
                                                    -1.0 / 1209600,
                                                    1.0 / 47900160,
                                                    -691.0 / 1307674368000.0,
                                                    1.0 / 74724249600.0,
                                                    -3617.0 / 10670622842880000.0};
  sum += std::pow(a, 1 - s) / (s - 1) + 0.5 * std::pow(a, -s);
  double rising = s;                  // s (s+1) ... (s+2j-2)
  double power = std::pow(a, -s - 1);  // a^(-s-2j+1)
  for (int j = 0; j < 8; ++j) {
    const double term = kBernoulliOverFactorial[j] * rising * power;
    sum += term;
    if (std::abs(term) < 1e-17 * std::abs(sum)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power /= a * a;
  }
  return sum;
}

/// trigamma as PyTorch evaluates it (its numbers are the reference): reflection for x < 0.5, the
/// recurrence up to x >= 6, then 1/x + 1/(2x^2) + 1/(6x^3) - 1/(30x^5) + 1/(42x^7).
double trigamma_d(double x) {
  double sign = 1, result = 0;
  if (x < 0.5) {
    sign = -1;
    const double s = std::sin(kPi * x);
    result -= kPi * kPi / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; ++i, x += 1) result += 1 / (x * x);
  const double ix2 = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ix2 * (1.0 / 6 - ix2 * (1.0 / 30 - ix2 * (1.0 / 42)))) / x;
  return sign * result;
}

double polygamma_d(int64_t n, double x) {
  if (n == 0) return digamma_d(x);
  if (n == 1) return trigamma_d(x);
  const double factorial = std::tgamma(static_cast<double>(n) + 1);
  return (n % 2 == 1 ? 1 : -1) * factorial * zeta_d(static_cast<double>(n) + 1, x);
}

/// Winitzki's approximation of erfinv(y) from L = log(1 - y^2) (relative error below 2e-3).
double winitzki(double L) {
  constexpr double a = 0.147;
  const double t = 2 / (kPi * a) + L / 2;
  return std::sqrt(std::sqrt(t * t - L / a) - t);
}

/// Halley's method on f(x) = h(x) - target, where h' = sign 2/sqrt(pi) e^(-x^2) (erf: +1, erfc: -1),
/// so h''/h' = -2x and a step is t / (1 + x t) with t = f / h'.
template <typename H>
double halley(double x, double target, double sign, H h) {
  for (int i = 0; i < 3; ++i) {
    const double t = (h(x) - target) / (sign * kTwoOverSqrtPi * std::exp(-x * x));
    x -= t / (1 + x * t);
  }
  return x;
}

/// The x with erfc(x) = q, 0 < q < 2: solved on erfc itself, accurate in the tails.
double inverse_erfc_d(double q) {
  if (!(q > 0 && q < 2)) return q == 0 ? kInf : q == 2 ? -kInf : kNaN;
  const double guess = std::copysign(winitzki(std::log(q * (2 - q))), 1 - q);  // 1 - y^2 = q (2 - q)
  return halley(guess, q, -1, [](double x) { return std::erfc(x); });
}

double erfinv_d(double y) {
  if (std::isnan(y)) return y;
  if (std::abs(y) > 0.5) return y > 0 ? inverse_erfc_d(1 - y) : -inverse_erfc_d(1 + y);
  // Near 0 on erf itself: erfc(x) - q would cancel.
  const double guess = std::copysign(winitzki(std::log1p(-y * y)), y);
  return halley(guess, y, 1, [](double x) { return std::erf(x); });
}

/// ndtri(p) = -sqrt(2) erfcinv(2p) = sqrt(2) erfinv(2p - 1); the form without cancellation.
double ndtri_d(double p) {
  if (p > 0.25 && p < 0.75) return kSqrt2 * erfinv_d(2 * p - 1);
  if (p <= 0.25) return -kSqrt2 * inverse_erfc_d(2 * p);
  return kSqrt2 * inverse_erfc_d(2 * (1 - p));
}

/// sum_k (-1)^k a_k(v) / x^k with a_k(v) = (4v^2 - 1)(4v^2 - 9)...(4v^2 - (2k-1)^2) / (k! 8^k), for
/// x > 30: the series of I_v (alternating) and, with alternate = false, of K_v (A&S 9.7.1, 9.7.2).
double bessel_asymptotic_sum(int v, double x, bool alternate) {
  const double mu = 4.0 * v * v;
  double term = 1, sum = 1;
  for (int k = 1; k < 60; ++k) {
    term *= (mu - (2.0 * k - 1) * (2.0 * k - 1)) / (k * 8 * x);
    if (alternate) term = -term;
    sum += term;
    if (std::abs(term) < 1e-17 * std::abs(sum)) break;
  }
  return sum;
}

/// I_v(x) e^(-|x|) for v = 0 or 1: scaled, so that the asymptotic form never overflows.
double scaled_bessel_i(int v, double x) {
  if (std::isnan(x)) return x;
  const double ax = std::abs(x);
  double result;
  if (ax <= 30) {
    const double h = ax / 2, h2 = h * h;
    double term = v == 0 ? 1 : h, sum = term;  // (x/2)^(2k+v) / (k! (k+v)!)
    for (int k = 1; k < 500; ++k) {
      term *= h2 / (k * (k + v));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    result = sum * std::exp(-ax);
  } else {
    result = bessel_asymptotic_sum(v, ax, /*alternate=*/true) / std::sqrt(2 * kPi * ax);
  }
  return v == 1 && x < 0 ? -result : result;  // I1 is odd
}

double i0_d(double x) { return scaled_bessel_i(0, x) * std::exp(std::abs(x)); }
double i1_d(double x) { return scaled_bessel_i(1, x) * std::exp(std::abs(x)); }
double i0e_d(double x) { return scaled_bessel_i(0, x); }
double i1e_d(double x) { return scaled_bessel_i(1, x); }

/// K_v(x) e^x for v = 0 or 1; NaN for x < 0, inf at 0.
double scaled_bessel_k(int v, double x) {
  if (std::isnan(x)) return x;
  if (x < 0) return kNaN;
  if (x == 0) return kInf;
  if (x > 30) return std::sqrt(kPi / (2 * x)) * bessel_asymptotic_sum(v, x, /*alternate=*/false);
  return std::cyl_bessel_k(static_cast<double>(v), x) * std::exp(x);
}

double bessel_j_d(int v, double x) {
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return 0;
  const double j = std::cyl_bessel_j(static_cast<double>(v), std::abs(x));
  return v == 1 && x < 0 ? -j : j;  // J0 even, J1 odd
}

double bessel_y_d(int v, double x) {
  if (std::isnan(x) || x < 0) return kNaN;
  if (x == 0) return -kInf;
  if (std::isinf(x)) return 0;
  return std::cyl_neumann(static_cast<double>(v), x);
}

/// Ai(x) = sqrt(x/3) K_1/3(z) / pi for x > 0 and Ai(-x) = sqrt(x)/3 (J_1/3(z) + J_-1/3(z)) with
/// J_-1/3 = J_1/3 / 2 - sqrt(3)/2 Y_1/3, z = 2/3 x^(3/2) (A&S 10.4.14, 10.4.15, 9.1.2).
double airy_ai_d(double x) {
  if (std::isnan(x)) return x;
  if (x == 0) return 0.355028053887817239260;  // 1 / (3^(2/3) Gamma(2/3))
  if (std::isinf(x)) return 0;
  const double ax = std::abs(x), z = 2.0 / 3 * ax * std::sqrt(ax);
  if (x > 0) return z > 700 ? 0 : std::sqrt(x / 3) * std::cyl_bessel_k(1.0 / 3, z) / kPi;
  const double j = std::cyl_bessel_j(1.0 / 3, z), y = std::cyl_neumann(1.0 / 3, z);
  return std::sqrt(ax) / 3 * (1.5 * j - std::sqrt(3.0) / 2 * y);
}

double erfcx_d(double x) {
  if (std::isnan(x)) return x;
  if (x < 0) return x < -26.7 ? kInf : 2 * std::exp(x * x) - erfcx_d(-x);
  if (x < 25) return std::exp(x * x) * std::erfc(x);
  const double w = 1 / (2 * x * x);
  double term = 1, sum = 1;
  for (int k = 1; k < 20; ++k) {
    term *= -(2.0 * k - 1) * w;
    sum += term;
    if (std::abs(term) < 1e-17) break;
  }
  return sum / (x * kSqrtPi);
}

/// log(ndtr(x)): log1p of the small upper tail for x >= 0, erfcx's scaling for x < 0.
double log_ndtr_d(double x) {
  if (x >= 0) return std::log1p(-0.5 * std::erfc(x / kSqrt2));
  return std::log(0.5 * erfcx_d(-x / kSqrt2)) - x * x / 2;
}

double entr_d(double x) {
  if (std::isnan(x)) return x;
  if (x > 0) return -x * std::log(x);
  return x == 0 ? 0 : -kInf;
}

double mvlgamma_d(double x, int64_t p) {
  double sum = static_cast<double>(p) * static_cast<double>(p - 1) / 4 * std::log(kPi);
  for (int64_t i = 0; i < p; ++i) sum += std::lgamma(x - static_cast<double>(i) / 2);
  return sum;
}

/// The value at x = 0 (1/2 for i1 and i1e) in place of a formula that is 0/0 there.
double at_zero(double x, double value, double formula) { return x == 0 ? value : formula; }

// ---------------------------------------------------------------------------------------------
// Backward formulas.

// y = lgamma(x):  dx = g digamma(x)
const Derivative<> kLgammaBackward0{"LgammaBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * via_double(digamma_d)(x); },
      [](const Tensor& g, const Tensor& x) { return g * digamma(x); });
}};

// y = digamma(x):  dx = g polygamma(1, x)
const Derivative<> kDigammaBackward0{"DigammaBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * via_double([](double v) { return polygamma_d(1, v); })(x); },
      [](const Tensor& g, const Tensor& x) { return g * polygamma(1, x); });
}};

// y = polygamma(n, x):  dx = g polygamma(n + 1, x)
variable_list polygamma_backward(const BackwardContext& c, const int64_t& n) {
  return pointwise_backward(
      c, c.saved(0), [n](auto g, auto x) { return g * via_double([n](double v) { return polygamma_d(n + 1, v); })(x); },
      [n](const Tensor& g, const Tensor& x) { return g * polygamma(n + 1, x); });
}
const Derivative<int64_t> kPolygammaBackward0{"PolygammaBackward0", polygamma_backward};
const Derivative<int64_t> kPolygammaBackward1{"PolygammaBackward1", polygamma_backward};  // polygamma_

// y = mvlgamma(x, p):  dx = g sum_i digamma(x - i/2)
const Derivative<int64_t> kMvlgammaBackward0{"MvlgammaBackward0", [](const BackwardContext& c, const int64_t& p) {
  return pointwise_backward(
      c, c.saved(0),
      [p](auto g, auto x) {
        double sum = 0;
        for (int64_t i = 0; i < p; ++i) sum += digamma_d(static_cast<double>(x) - static_cast<double>(i) / 2);
        return g * static_cast<decltype(x)>(sum);
      },
      [p](const Tensor& g, const Tensor& x) {
        Tensor sum = digamma(x);
        for (int64_t i = 1; i < p; ++i) sum = sum + digamma(x - static_cast<double>(i) / 2);
        return g * sum;
      });
}};

// y = erfinv(x):  dx = g sqrt(pi)/2 exp(y^2)
const Derivative<> kErfinvBackward0{"ErfinvBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto y) { return g * static_cast<decltype(y)>(kSqrtPi / 2) * std::exp(y * y); },
      [](const Tensor& g, const Tensor& y) { return g * ((y * y).exp() * (kSqrtPi / 2)); });
}};

// y = ndtri(x):  dx = g sqrt(2 pi) exp(y^2 / 2)
const Derivative<> kSpecialNdtriBackward0{"SpecialNdtriBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0),
      [](auto g, auto y) { return g * static_cast<decltype(y)>(kSqrt2Pi) * std::exp(y * y / decltype(y)(2)); },
      [](const Tensor& g, const Tensor& y) { return g * ((y * y * 0.5).exp() * kSqrt2Pi); });
}};

// y = i0(x):  dx = g i1(x)
const Derivative<> kI0Backward0{"I0Backward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return g * via_double(i1_d)(x); },
      [](const Tensor& g, const Tensor& x) { return g * special::i1(x); });
}};

// y = i0e(x):  dx = g (i1e(x) - sgn(x) i0e(x))
const Derivative<> kSpecialI0EBackward0{"SpecialI0EBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0),
      [](auto g, auto x) {
        const double v = static_cast<double>(x), sign = v > 0 ? 1 : v < 0 ? -1 : 0;
        return g * static_cast<decltype(x)>(i1e_d(v) - sign * i0e_d(v));
      },
      [](const Tensor& g, const Tensor& x) { return g * (special::i1e(x) - x.sgn() * special::i0e(x)); });
}};

/// A formula f(x) (tensor ops) that is 0/0 at x = 0, taken as `value` there: f evaluated at 1 in
/// place of 0 (a constant shift) and masked.
template <typename F>
Tensor masked_at_zero(const Tensor& x, double value, F f) {
  const Tensor zero = x == 0;
  return f(x + zero) * (x != 0) + zero * value;
}

// y = i1(x):  dx = g (i0(x) - i1(x)/x), 1/2 at 0
const Derivative<> kSpecialI1Backward0{"SpecialI1Backward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0),
      [](auto g, auto x) {
        const double v = static_cast<double>(x);
        return g * static_cast<decltype(x)>(at_zero(v, 0.5, i0_d(v) - i1_d(v) / v));
      },
      [](const Tensor& g, const Tensor& x) {
        return g * masked_at_zero(x, 0.5, [](const Tensor& v) { return i0(v) - special::i1(v) / v; });
      });
}};

// y = i1e(x):  dx = g (i0e(x) - i1e(x) (sgn(x) + 1/x)), 1/2 at 0
const Derivative<> kSpecialI1EBackward0{"SpecialI1EBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0),
      [](auto g, auto x) {
        const double v = static_cast<double>(x), sign = v > 0 ? 1 : -1;
        return g * static_cast<decltype(x)>(at_zero(v, 0.5, i0e_d(v) - i1e_d(v) * (sign + 1 / v)));
      },
      [](const Tensor& g, const Tensor& x) {
        return g * masked_at_zero(x, 0.5, [](const Tensor& v) {
                 return special::i0e(v) - special::i1e(v) * (v.sgn() + v.reciprocal());
               });
      });
}};

// y = erfcx(x):  dx = g (2 x erfcx(x) - 2/sqrt(pi))
const Derivative<> kSpecialErfcxBackward0{"SpecialErfcxBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0),
      [](auto g, auto x) {
        const double v = static_cast<double>(x);
        return g * static_cast<decltype(x)>(2 * v * erfcx_d(v) - kTwoOverSqrtPi);
      },
      [](const Tensor& g, const Tensor& x) { return g * (x * special::erfcx(x) * 2 - kTwoOverSqrtPi); });
}};

// y = -x log(x):  dx = -g (1 + log(x))
const Derivative<> kSpecialEntrBackward0{"SpecialEntrBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0), [](auto g, auto x) { return -g * (decltype(x)(1) + std::log(x)); },
      [](const Tensor& g, const Tensor& x) { return -g * (x.log() + 1); });
}};

// y = log(ndtr(x)):  dx = g exp(-x^2/2 - y) / sqrt(2 pi)
const Derivative<> kSpecialLogNdtrBackward0{"SpecialLogNdtrBackward0", [](const BackwardContext& c, const NoState&) {
  return pointwise_backward(
      c, c.saved(0),
      [](auto g, auto x) {
        const double v = static_cast<double>(x);
        return g * static_cast<decltype(x)>(std::exp(-v * v / 2 - log_ndtr_d(v)) / kSqrt2Pi);
      },
      [](const Tensor& g, const Tensor& x) { return g * ((x * x * -0.5 - special::log_ndtr(x)).exp() / kSqrt2Pi); });
}};

/// A function of torch::special that is not differentiable: computed, never recorded.
template <typename F>
Tensor not_differentiable(const Tensor& self, const char* op, F f) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  return detail::unary<FloatingTypes>(self, detail::floating_result(self.scalar_type()), op,
                                      detail::elementwise(via_double(f)));
}

void check_polygamma_order(int64_t n, const char* op) {
  XGRAD_CHECK(n >= 0, "{}: polygamma(n, x) does not support negative n.", op);
}

void check_mvlgamma_dimension(int64_t p, const char* op) {
  XGRAD_CHECK(p >= 1, "{}: p has to be greater than or equal to 1", op);
}

auto polygamma_fn(int64_t n) {
  return via_double([n](double x) { return polygamma_d(n, x); });
}

auto mvlgamma_fn(int64_t p) {
  return via_double([p](double x) { return mvlgamma_d(x, p); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Gamma functions, erfinv, i0.

Tensor lgamma(const Tensor& self) {
  return floating_op(self, "lgamma", [](auto x) { return std::lgamma(x); }, kLgammaBackward0, Saved::kInput);
}
Tensor& Tensor::lgamma_() const {
  return floating_op_(*this, "lgamma_", [](auto x) { return std::lgamma(x); }, kLgammaBackward0, Saved::kInput);
}

Tensor digamma(const Tensor& self) {
  return floating_op(self, "digamma", via_double(digamma_d), kDigammaBackward0, Saved::kInput);
}
Tensor& Tensor::digamma_() const {
  return floating_op_(*this, "digamma_", via_double(digamma_d), kDigammaBackward0, Saved::kInput);
}

Tensor polygamma(int64_t n, const Tensor& self) {
  check_polygamma_order(n, "polygamma");
  return floating_op(self, "polygamma", polygamma_fn(n), kPolygammaBackward0, Saved::kInput, n);
}
Tensor Tensor::polygamma(int64_t n) const { return xgrad::polygamma(n, *this); }
Tensor& Tensor::polygamma_(int64_t n) const {
  check_polygamma_order(n, "polygamma_");
  return floating_op_(*this, "polygamma_", polygamma_fn(n), kPolygammaBackward1, Saved::kInput, n);
}

Tensor mvlgamma(const Tensor& self, int64_t p) {
  check_mvlgamma_dimension(p, "mvlgamma");
  return floating_op(self, "mvlgamma", mvlgamma_fn(p), kMvlgammaBackward0, Saved::kInput, p);
}
Tensor Tensor::mvlgamma(int64_t p) const { return xgrad::mvlgamma(*this, p); }
Tensor& Tensor::mvlgamma_(int64_t p) const {
  check_mvlgamma_dimension(p, "mvlgamma_");
  return floating_op_(*this, "mvlgamma_", mvlgamma_fn(p), kMvlgammaBackward0, Saved::kInput, p);
}

Tensor erfinv(const Tensor& self) {
  return floating_op(self, "erfinv", via_double(erfinv_d), kErfinvBackward0, Saved::kResult);
}
Tensor& Tensor::erfinv_() const {
  return floating_op_(*this, "erfinv_", via_double(erfinv_d), kErfinvBackward0, Saved::kResult);
}

Tensor i0(const Tensor& self) { return floating_op(self, "i0", via_double(i0_d), kI0Backward0, Saved::kInput); }
Tensor& Tensor::i0_() const { return floating_op_(*this, "i0_", via_double(i0_d), kI0Backward0, Saved::kInput); }

XGRAD_UNARY_METHOD_AND_OUT(lgamma)
XGRAD_UNARY_METHOD_AND_OUT(digamma)
XGRAD_UNARY_METHOD_AND_OUT(erfinv)
XGRAD_UNARY_METHOD_AND_OUT(i0)
XGRAD_UNARY_FREE_INPLACE(i0)

Tensor& polygamma_out(Tensor& out, int64_t n, const Tensor& self) {
  return detail::write_out(out, self, "polygamma", [&] { return xgrad::polygamma(n, self); });
}
Tensor& polygamma_outf(int64_t n, const Tensor& self, Tensor& out) { return polygamma_out(out, n, self); }
Tensor& mvlgamma_out(Tensor& out, const Tensor& self, int64_t p) {
  return detail::write_out(out, self, "mvlgamma", [&] { return xgrad::mvlgamma(self, p); });
}
Tensor& mvlgamma_outf(const Tensor& self, int64_t p, Tensor& out) { return mvlgamma_out(out, self, p); }

// ---------------------------------------------------------------------------------------------
// torch::special.

namespace special {

Tensor i0e(const Tensor& self) {
  return floating_op(self, "special_i0e", via_double(i0e_d), kSpecialI0EBackward0, Saved::kInput);
}
Tensor i1(const Tensor& self) {
  return floating_op(self, "special_i1", via_double(i1_d), kSpecialI1Backward0, Saved::kInput);
}
Tensor i1e(const Tensor& self) {
  return floating_op(self, "special_i1e", via_double(i1e_d), kSpecialI1EBackward0, Saved::kInput);
}
Tensor erfcx(const Tensor& self) {
  return floating_op(self, "special_erfcx", via_double(erfcx_d), kSpecialErfcxBackward0, Saved::kInput);
}
Tensor entr(const Tensor& self) {
  return floating_op(self, "special_entr", via_double(entr_d), kSpecialEntrBackward0, Saved::kInput);
}
Tensor ndtri(const Tensor& self) {
  return floating_op(self, "special_ndtri", via_double(ndtri_d), kSpecialNdtriBackward0, Saved::kResult);
}
Tensor log_ndtr(const Tensor& self) {
  return floating_op(self, "special_log_ndtr", via_double(log_ndtr_d), kSpecialLogNdtrBackward0, Saved::kInput);
}
Tensor ndtr(const Tensor& self) {
  detail::check_defined(self, "special_ndtr");
  return (xgrad::erf(self * (1 / kSqrt2)) + 1) * 0.5;
}

Tensor airy_ai(const Tensor& self) { return not_differentiable(self, "special_airy_ai", airy_ai_d); }
Tensor bessel_j0(const Tensor& self) {
  return not_differentiable(self, "special_bessel_j0", [](double x) { return bessel_j_d(0, x); });
}
Tensor bessel_j1(const Tensor& self) {
  return not_differentiable(self, "special_bessel_j1", [](double x) { return bessel_j_d(1, x); });
}
Tensor bessel_y0(const Tensor& self) {
  return not_differentiable(self, "special_bessel_y0", [](double x) { return bessel_y_d(0, x); });
}
Tensor bessel_y1(const Tensor& self) {
  return not_differentiable(self, "special_bessel_y1", [](double x) { return bessel_y_d(1, x); });
}
Tensor modified_bessel_i0(const Tensor& self) { return not_differentiable(self, "special_modified_bessel_i0", i0_d); }
Tensor modified_bessel_i1(const Tensor& self) { return not_differentiable(self, "special_modified_bessel_i1", i1_d); }
Tensor modified_bessel_k0(const Tensor& self) {
  return not_differentiable(self, "special_modified_bessel_k0",
                            [](double x) { return scaled_bessel_k(0, x) * std::exp(-x); });
}
Tensor modified_bessel_k1(const Tensor& self) {
  return not_differentiable(self, "special_modified_bessel_k1",
                            [](double x) { return scaled_bessel_k(1, x) * std::exp(-x); });
}
Tensor scaled_modified_bessel_k0(const Tensor& self) {
  return not_differentiable(self, "special_scaled_modified_bessel_k0", [](double x) { return scaled_bessel_k(0, x); });
}
Tensor scaled_modified_bessel_k1(const Tensor& self) {
  return not_differentiable(self, "special_scaled_modified_bessel_k1", [](double x) { return scaled_bessel_k(1, x); });
}
Tensor spherical_bessel_j0(const Tensor& self) {
  return not_differentiable(self, "special_spherical_bessel_j0", [](double x) {
    if (std::isinf(x)) return 0.0;
    return x == 0 ? 1.0 : std::sin(x) / x;
  });
}

// Aliases of the functions above and of the elementary ones.
Tensor gammaln(const Tensor& self) { return xgrad::lgamma(self); }
Tensor psi(const Tensor& self) { return xgrad::digamma(self); }
Tensor digamma(const Tensor& self) { return xgrad::digamma(self); }
Tensor erf(const Tensor& self) { return xgrad::erf(self); }
Tensor erfc(const Tensor& self) { return xgrad::erfc(self); }
Tensor erfinv(const Tensor& self) { return xgrad::erfinv(self); }
Tensor logit(const Tensor& self) { return xgrad::logit(self); }
Tensor expit(const Tensor& self) { return xgrad::sigmoid(self); }
Tensor exp2(const Tensor& self) { return xgrad::exp2(self); }
Tensor expm1(const Tensor& self) { return xgrad::expm1(self); }
Tensor i0(const Tensor& self) { return xgrad::i0(self); }
Tensor sinc(const Tensor& self) { return xgrad::sinc(self); }
Tensor round(const Tensor& self) { return xgrad::round(self, 0); }  // libtorch's special_round: RoundBackward1
Tensor log1p(const Tensor& self) { return xgrad::log1p(self); }
Tensor multigammaln(const Tensor& self, int64_t p) { return xgrad::mvlgamma(self, p); }
Tensor polygamma(int64_t n, const Tensor& self) { return xgrad::polygamma(n, self); }
Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return xgrad::softmax(self, dim, dtype);
}
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return xgrad::log_softmax(self, dim, dtype);
}

/// name_out(result, self) of torch::special, as libtorch's special_name_out.
#define XGRAD_SPECIAL_OUT(name)                                                                          \
  Tensor& name##_out(Tensor& result, const Tensor& self) {                                              \
    return detail::write_out(result, self, "special_" #name, [&] { return special::name(self); });      \
  }

XGRAD_SPECIAL_OUT(i0e)
XGRAD_SPECIAL_OUT(i1)
XGRAD_SPECIAL_OUT(i1e)
XGRAD_SPECIAL_OUT(erfcx)
XGRAD_SPECIAL_OUT(entr)
XGRAD_SPECIAL_OUT(ndtri)
XGRAD_SPECIAL_OUT(log_ndtr)
XGRAD_SPECIAL_OUT(ndtr)
XGRAD_SPECIAL_OUT(airy_ai)
XGRAD_SPECIAL_OUT(bessel_j0)
XGRAD_SPECIAL_OUT(bessel_j1)
XGRAD_SPECIAL_OUT(bessel_y0)
XGRAD_SPECIAL_OUT(bessel_y1)
XGRAD_SPECIAL_OUT(modified_bessel_i0)
XGRAD_SPECIAL_OUT(modified_bessel_i1)
XGRAD_SPECIAL_OUT(modified_bessel_k0)
XGRAD_SPECIAL_OUT(modified_bessel_k1)
XGRAD_SPECIAL_OUT(scaled_modified_bessel_k0)
XGRAD_SPECIAL_OUT(scaled_modified_bessel_k1)
XGRAD_SPECIAL_OUT(spherical_bessel_j0)
XGRAD_SPECIAL_OUT(gammaln)
XGRAD_SPECIAL_OUT(psi)
XGRAD_SPECIAL_OUT(digamma)
XGRAD_SPECIAL_OUT(erf)
XGRAD_SPECIAL_OUT(erfc)
XGRAD_SPECIAL_OUT(erfinv)
XGRAD_SPECIAL_OUT(logit)
XGRAD_SPECIAL_OUT(expit)
XGRAD_SPECIAL_OUT(exp2)
XGRAD_SPECIAL_OUT(expm1)
XGRAD_SPECIAL_OUT(i0)
XGRAD_SPECIAL_OUT(sinc)
XGRAD_SPECIAL_OUT(round)
XGRAD_SPECIAL_OUT(log1p)
#undef XGRAD_SPECIAL_OUT

Tensor& multigammaln_out(Tensor& result, const Tensor& self, int64_t p) {
  return detail::write_out(result, self, "special_multigammaln", [&] { return special::multigammaln(self, p); });
}
Tensor& polygamma_out(Tensor& result, int64_t n, const Tensor& self) {
  return detail::write_out(result, self, "special_polygamma", [&] { return special::polygamma(n, self); });
}

}  // namespace special
}  // namespace xgrad
