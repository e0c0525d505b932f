// The unary math family (ops/unary_math.cpp, ops/special_math.cpp) beyond the golden cases:
// gradcheck in double, in-place and out= forms, dtype rules, NaN and infinity, and libtorch's errors.
// Expected numbers are PyTorch 1.13's.
#include <doctest/doctest.h>

#include <xgrad/autograd/gradcheck.h>
#include <xgrad/special.h>
#include <xgrad/xgrad.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

using xgrad::Tensor;
namespace xg = xgrad;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const xgrad::Error& e) {
    return e.what();
  }
  return "no error";
}

/// A [2, 3] double leaf with values in [lo, hi].
Tensor leaf(double lo, double hi) {
  return (xg::rand({2, 3}, xg::kDouble) * (hi - lo) + lo).requires_grad_();
}

bool check(Tensor (*f)(const Tensor&), const Tensor& x) {
  return xg::autograd::gradcheck([f](const std::vector<Tensor>& in) { return f(in[0]); }, {x});
}

}  // namespace

TEST_CASE("unary math: gradcheck in double") {
  xg::manual_seed(0);
  for (auto f : {xg::sin, xg::cos, xg::tan, xg::sinh, xg::cosh, xg::atan, xg::asinh, xg::erf, xg::erfc, xg::exp2,
                 xg::expm1, xg::sinc, xg::deg2rad, xg::rad2deg, xg::frac, xg::special::i0e})
    CHECK(check(f, leaf(-1.5, 1.5)));
  for (auto f : {xg::asin, xg::acos, xg::atanh, xg::erfinv, xg::i0, xg::special::i1, xg::special::i1e,
                 xg::special::erfcx, xg::special::log_ndtr})
    CHECK(check(f, leaf(-0.8, 0.8)));
  for (auto f : {xg::log2, xg::log10, xg::log1p, xg::rsqrt, xg::reciprocal, xg::lgamma, xg::digamma,
                 xg::special::entr, xg::special::ndtri, xg::special::ndtr})
    CHECK(check(f, leaf(0.2, 0.9)));
  CHECK(check(xg::acosh, leaf(1.3, 3)));
  const Tensor x = leaf(0.3, 3);
  CHECK(xg::autograd::gradcheck([](const std::vector<Tensor>& in) { return xg::polygamma(2, in[0]); }, {x}));
  CHECK(xg::autograd::gradcheck([](const std::vector<Tensor>& in) { return xg::mvlgamma(in[0] + 1, 2); }, {x}));
  CHECK(xg::autograd::gradcheck([](const std::vector<Tensor>& in) { return xg::logit(in[0] / 4, 0.05); }, {x}));
  CHECK(xg::autograd::gradcheck([](const std::vector<Tensor>& in) { return in[0].clone().sin_(); }, {x}));
}

TEST_CASE("unary math: dtypes") {
  const Tensor i = xg::arange(-2, 3);
  CHECK(bool(xg::sin(i).scalar_type() == xg::kFloat));
  CHECK(bool(xg::special::bessel_j0(i).scalar_type() == xg::kFloat));
  CHECK(bool(xg::ceil(i).scalar_type() == xg::kLong));
  CHECK(bool(xg::sign(i).scalar_type() == xg::kLong));
  CHECK(xg::sign(i).equal(xg::tensor({-1, -1, 0, 1, 1})));
  CHECK(xg::signbit(i).equal(xg::tensor({true, true, false, false, false})));
}

TEST_CASE("unary math: NaN and infinity (PyTorch's numbers)") {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  const Tensor x = xg::tensor({nan, inf, -inf, 1.0});
  CHECK(xg::nan_to_num(x).equal(xg::tensor({0.0, std::numeric_limits<float>::max(),
                                            std::numeric_limits<float>::lowest(), 1.0})));
  CHECK(xg::isnan(x).equal(xg::tensor({true, false, false, false})));
  CHECK(xg::isposinf(x).equal(xg::tensor({false, true, false, false})));
  CHECK(xg::isneginf(x).equal(xg::tensor({false, false, true, false})));
  CHECK(xg::isfinite(x).equal(xg::tensor({false, false, false, true})));
  const Tensor d = xg::digamma(xg::tensor({0.0, -0.0, -1.0}));
  CHECK(d[0].item<double>() == -inf);
  CHECK(d[1].item<double>() == inf);
  CHECK(std::isnan(d[2].item<double>()));
  CHECK(xg::erfinv(xg::tensor({1.0}))[0].item<double>() == inf);
  CHECK(xg::sign(xg::tensor({nan}))[0].item<double>() == 0);
}

TEST_CASE("unary math: in-place and out= forms") {
  Tensor x = xg::tensor({0.5, 1.5});
  Tensor y = x.clone();
  xg::sin_(y);
  CHECK(y.allclose(xg::sin(x)));
  Tensor out = xg::empty({0}, xg::kDouble);
  xg::cos_out(out, x);
  CHECK(out.sizes().vec() == std::vector<int64_t>{2});
  CHECK(out.allclose(xg::cos(x)));
  xg::special::i1_out(out, x);
  CHECK(out.allclose(xg::special::i1(x)));
  Tensor a = xg::tensor({1.0, 2.0}).requires_grad_();
  Tensor b = a.clone();
  b.acosh_();
  CHECK(std::string(b.grad_fn()->name()) == "AcoshBackward1");
  CHECK(error_of([&] { b.sum().backward(); }) == "the derivative for 'inplace version of acosh' is not implemented.");
}

TEST_CASE("unary math: errors (libtorch's texts)") {
  CHECK(error_of([] { xg::arange(3).sin_(); }) == "sin_: result type Float can't be cast to the desired output type Long");
  Tensor lo = xg::empty({3}, xg::kLong);
  CHECK(error_of([&] { xg::sin_out(lo, xg::rand({3})); }) ==
        "sin: result type Float can't be cast to the desired output type Long");
  Tensor out = xg::empty({3});
  CHECK(error_of([&] { xg::sin_out(out, xg::rand({3}).requires_grad_()); }) ==
        "sin(): functions with out=... arguments don't support automatic differentiation, but one of the arguments "
        "requires grad.");
  CHECK(error_of([] { xg::frac(xg::arange(3)); }) == "frac: \"frac_cpu\" not implemented for 'Long'");
  CHECK(error_of([] { xg::round(xg::arange(3), 1); }) == "round: \"round_cpu\" not implemented for 'Long'");
  CHECK(error_of([] { xg::mvlgamma(xg::rand({3}), 0); }) == "mvlgamma: p has to be greater than or equal to 1");
  CHECK(error_of([] { xg::polygamma(-1, xg::rand({3})); }) ==
        "polygamma: polygamma(n, x) does not support negative n.");
  CHECK(error_of([] { xg::positive(xg::tensor({true})); }) ==
        "positive: The `+` operator, on a bool tensor is not supported.");
}
