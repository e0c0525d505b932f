// Elementwise ops (ops/elementwise.cpp): type promotion, values, broadcasting, node names,
// gradients (gradcheck, double backward), in-place forms, comparisons and error messages.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "test_helpers.h"

using doctest::Contains;
using namespace test_helpers;

namespace {

/// A float64 leaf with random values in [lo, hi) that requires grad.
Tensor leaf_in(const S& sizes, double lo, double hi) {
  return (xgrad::rand(sizes, xgrad::kDouble) * (hi - lo) + lo).detach().requires_grad_();
}

}  // namespace

TEST_CASE("result_type follows PyTorch's promotion") {
  Tensor i64 = xgrad::tensor({1, 2, 3});
  Tensor u8 = xgrad::tensor({1, 2, 3}, xgrad::kByte);
  Tensor f = xgrad::ones({3});
  Tensor d = xgrad::ones({3}, xgrad::kDouble);
  Tensor b = xgrad::tensor({true, false, true});
  Tensor d0 = xgrad::full({}, 2.0, xgrad::kDouble);
  Tensor f0 = xgrad::full({}, 2.0, xgrad::kFloat);
  Tensor i0 = xgrad::full({}, 2, xgrad::kLong);

  // int tensor + floating Scalar: the default kFloat
  CHECK(dtype_name(xgrad::result_type(i64, 2.5)) == "Float");
  CHECK(dtype_of(i64 + 2.5) == "Float");
  // float tensor + double 0-dim tensor: the tensor with dims wins within a category
  CHECK(dtype_name(xgrad::result_type(f, d0)) == "Float");
  CHECK(dtype_of(f + d0) == "Float");
  // uint8 + int64 (both with dims) promote
  CHECK(dtype_name(xgrad::result_type(u8, i64)) == "Long");
  CHECK(dtype_of(u8 + i64) == "Long");
  // true division of integers is Float
  CHECK(dtype_of(i64 / i64) == "Float");
  CHECK(dtype_of(i64 / 2) == "Float");
  check_close(i64 / xgrad::tensor({2, 2, 2}), {0.5, 1.0, 1.5});
  // uint8 tensor + int Scalar stays Byte; bool + int Scalar is Long
  CHECK(dtype_name(xgrad::result_type(u8, 300)) == "Byte");
  CHECK(dtype_name(xgrad::result_type(b, 2)) == "Long");
  CHECK(dtype_name(xgrad::result_type(b, true)) == "Bool");
  // a 0-dim tensor of a higher category promotes with the tensor with dims
  CHECK(dtype_name(xgrad::result_type(i64, f0)) == "Float");
  CHECK(dtype_name(xgrad::result_type(i64, d0)) == "Double");
  CHECK(dtype_name(xgrad::result_type(u8, i0)) == "Byte");
  // two 0-dim tensors promote; a floating Scalar does not raise Double
  CHECK(dtype_name(xgrad::result_type(f0, d0)) == "Double");
  CHECK(dtype_name(xgrad::result_type(d0, 2.5)) == "Double");
  CHECK(dtype_name(xgrad::result_type(f, d)) == "Double");
  CHECK(dtype_name(xgrad::result_type(i0, 2.5)) == "Float");
  CHECK(dtype_name(xgrad::result_type(b, b)) == "Bool");
}

TEST_CASE("arithmetic values with broadcasting and alpha") {
  Tensor a = f32({1, 2}).view({2, 1});
  Tensor b = f32({10, 20, 30}).view({1, 3});
  Tensor s = a + b;
  CHECK(s.sizes().vec() == S{2, 3});
  check_close(s, {11, 21, 31, 12, 22, 32});
  check_close(xgrad::add(a, b, 2), {21, 41, 61, 22, 42, 62});
  check_close(a.add(b, 0.5), {6, 11, 16, 7, 12, 17});
  check_close(a - b, {-9, -19, -29, -8, -18, -28});
  check_close(xgrad::sub(a, b, 2), {-19, -39, -59, -18, -38, -58});
  check_close(a * b, {10, 20, 30, 20, 40, 60});
  check_close(b / a, {10, 20, 30, 5, 10, 15});
  check_close(-a, {-1, -2});

  Tensor x = f32({1, -2, 4});
  check_close(x + 1, {2, -1, 5});
  check_close(1 + x, {2, -1, 5});
  check_close(x.add(1, 3), {4, 1, 7});
  check_close(x - 1, {0, -3, 3});
  check_close(x.sub(1, 2), {-1, -4, 2});
  check_close(1 - x, {0, 3, -3});
  check_close(x * 3, {3, -6, 12});
  check_close(3 * x, {3, -6, 12});
  check_close(x / 4, {0.25, -0.5, 1});
  check_close(4 / x, {4, -2, 1});
  CHECK(dtype_of(4 / x) == "Float");
  CHECK(dtype_of(4 / xgrad::tensor({1, 2})) == "Float");
  check_close(4 / xgrad::tensor({1, 8}), {4, 0.5});
  check_close(x / 0, {INFINITY, -INFINITY, INFINITY});

  // Integer arithmetic stays integral; uint8 wraps as in PyTorch.
  Tensor i = xgrad::tensor({5, -3});
  CHECK(dtype_of(i * 2) == "Long");
  check_close(i * 2 + 1, {11, -5});
  check_close(xgrad::tensor({250}, xgrad::kByte) + 10, {4});
  // bool + bool is logical or, bool * bool logical and (as in PyTorch)
  Tensor t = xgrad::tensor({true, true, false});
  Tensor u = xgrad::tensor({true, false, false});
  CHECK(dtype_of(t + u) == "Bool");
  check_close(t + u, {1, 1, 0});
  check_close(t * u, {1, 0, 0});

  // Mixed dtypes compute in the promoted dtype.
  Tensor d = xgrad::tensor({0.1, 0.2}, xgrad::kDouble);
  CHECK(dtype_of(f32({1, 2}) + d) == "Double");
  CHECK(values(xgrad::ones({2}, xgrad::kDouble) * 0.1)[0] == 0.1);  // the Scalar is not rounded to float

  // Strided operands.
  Tensor m = xgrad::arange(6, xgrad::kFloat).view({2, 3});
  check_close(m.t() + m.t(), {0, 6, 2, 8, 4, 10});
  check_close(m.t() * xgrad::ones({3, 1}), {0, 3, 1, 4, 2, 5});
}

TEST_CASE("node names") {
  Tensor x = xgrad::ones({2}).requires_grad_();
  Tensor y = xgrad::ones({2}).requires_grad_();
  CHECK(grad_fn_name(x + y) == "AddBackward0");
  CHECK(grad_fn_name(x + 1) == "AddBackward1");
  CHECK(grad_fn_name(1 + x) == "AddBackward1");
  CHECK(grad_fn_name(x - y) == "SubBackward0");
  CHECK(grad_fn_name(x - 1) == "SubBackward1");
  CHECK(grad_fn_name(1 - x) == "SubBackward0");  // libtorch's operator: full(1).sub_(x), not rsub
  CHECK(grad_fn_name(x * y) == "MulBackward0");
  CHECK(grad_fn_name(x * 2) == "MulBackward1");
  CHECK(grad_fn_name(2 * x) == "MulBackward1");
  CHECK(grad_fn_name(x / y) == "DivBackward0");
  CHECK(grad_fn_name(x / 2) == "DivBackward1");
  CHECK(grad_fn_name(2 / x) == "DivBackward0");
  CHECK(grad_fn_name(-x) == "NegBackward0");
  CHECK(grad_fn_name(x.pow(2)) == "PowBackward0");
  CHECK(grad_fn_name(x.pow(y)) == "PowBackward1");
  CHECK(grad_fn_name(xgrad::pow(2, x)) == "PowBackward2");
  CHECK(grad_fn_name(x.exp()) == "ExpBackward0");
  CHECK(grad_fn_name(x.log()) == "LogBackward0");
  CHECK(grad_fn_name(x.sqrt()) == "SqrtBackward0");
  CHECK(grad_fn_name(x.abs()) == "AbsBackward0");
  CHECK(grad_fn_name(x.clamp(0, 1)) == "ClampBackward1");
  CHECK(grad_fn_name(x.clamp(0)) == "ClampBackward1");
  CHECK(grad_fn_name(x.clamp_min(0)) == "ClampMinBackward0");
  CHECK(grad_fn_name(x.clamp_max(0)) == "ClampMaxBackward0");
  // Comparisons are not differentiable.
  Tensor c = x < y;
  CHECK(grad_fn_name(c) == "none");
  CHECK_FALSE(c.requires_grad());
  CHECK_FALSE((x == 1).requires_grad());
  // Nothing is recorded when no input requires grad, or under NoGradGuard.
  CHECK(grad_fn_name(xgrad::ones({2}) * 2) == "none");
  {
    xgrad::NoGradGuard guard;
    CHECK(grad_fn_name(x * y) == "none");
    CHECK_FALSE((x * y).requires_grad());
  }
  // An integer operand gets no gradient edge but the float one does.
  Tensor z = x * xgrad::tensor({2, 3});
  CHECK(grad_fn_name(z) == "MulBackward0");
  z.sum().backward();
  check_close(x.grad(), {2, 3});
}

TEST_CASE("xlogy: x log(o), 0 at x = 0 unless o is NaN, and its gradients there") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const Tensor x = xgrad::tensor({0.0, 0.0, 2.0, 1.0, 0.0, 3.0}, xgrad::kDouble).requires_grad_();
  const Tensor o = xgrad::tensor({0.0, nan, std::exp(1.0), 0.0, -1.0, 2.0}, xgrad::kDouble).requires_grad_();
  const Tensor y = xgrad::xlogy(x, o);
  CHECK(grad_fn_name(y) == "XlogyBackward0");
  const auto v = y.detach().contiguous();
  const double* p = v.data_ptr<double>();
  CHECK(p[0] == 0.0);
  CHECK(std::isnan(p[1]));
  CHECK(p[2] == doctest::Approx(2.0));
  CHECK(p[3] == -inf);
  CHECK(p[4] == 0.0);
  CHECK(p[5] == doctest::Approx(3.0 * std::log(2.0)));
  y.sum().backward();
  // dx = log(o), 0 where x = 0 and o <= 0; do = x / o (0 / 0 is NaN, as PyTorch)
  const double* dx = x.grad().data_ptr<double>();
  const double* d_o = o.grad().data_ptr<double>();
  CHECK(dx[0] == 0.0);
  CHECK(dx[2] == doctest::Approx(1.0));
  CHECK(dx[4] == 0.0);
  CHECK(dx[5] == doctest::Approx(std::log(2.0)));
  CHECK(std::isnan(d_o[0]));
  CHECK(d_o[5] == doctest::Approx(1.5));
  // integers promote to the default float dtype
  CHECK((xgrad::xlogy(xgrad::tensor({int64_t{2}}), xgrad::tensor({int64_t{1}})).scalar_type() == xgrad::kFloat));
  CHECK_THROWS_WITH_AS(xgrad::xlogy(xgrad::zeros({2}), xgrad::zeros({3})),
                       "xlogy: the size of tensor a (2) must match the size of tensor b (3) at non-singleton "
                       "dimension 0 (shapes [2] and [3] cannot be broadcast)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::xlogy(xgrad::zeros({2}), Tensor()), doctest::Contains("xlogy"), xgrad::Error);
}

TEST_CASE("gradcheck: binary ops with broadcast shapes") {
  using Fn = std::function<Tensor(const Inputs&)>;
  const std::vector<std::pair<const char*, Fn>> ops = {
      {"add", [](const Inputs& in) { return in[0] + in[1]; }},
      {"add alpha", [](const Inputs& in) { return xgrad::add(in[0], in[1], 2.5); }},
      {"sub", [](const Inputs& in) { return in[0] - in[1]; }},
      {"sub alpha", [](const Inputs& in) { return xgrad::sub(in[0], in[1], -1.5); }},
      {"mul", [](const Inputs& in) { return in[0] * in[1]; }},
      {"div", [](const Inputs& in) { return in[0] / in[1]; }},
      {"xlogy", [](const Inputs& in) { return xgrad::xlogy(in[0], in[1]); }},
  };
  for (const auto& op : ops) {
    INFO(op.first);
    // [N, 1] with [1, M], and [C] with [N, C] (either way round)
    Tensor a = leaf_in({3, 1}, 0.5, 2.0), b = leaf_in({1, 4}, 0.5, 2.0);
    CHECK(gradcheck(op.second, {a, b}));
    Tensor c = leaf_in({4}, 0.5, 2.0), n = leaf_in({3, 4}, 0.5, 2.0);
    CHECK(gradcheck(op.second, {c, n}));
    CHECK(gradcheck(op.second, {n, c}));
    // one operand without grad
    CHECK(gradcheck(op.second, {n, c.detach()}));
  }
  // pow with a tensor exponent, broadcast both ways
  Tensor base = leaf_in({3, 1}, 0.5, 2.0), expo = leaf({1, 4});
  CHECK(gradcheck([](const Inputs& in) { return xgrad::pow(in[0], in[1]); }, {base, expo}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].pow(in[1]); }, {leaf_in({4}, 0.5, 2.0), leaf({3, 4})}));
}

TEST_CASE("gradcheck: unary and Scalar ops") {
  using Fn = std::function<Tensor(const Inputs&)>;
  const std::vector<std::pair<const char*, Fn>> ops = {
      {"add scalar", [](const Inputs& in) { return in[0].add(2.0, 3.0); }},
      {"sub scalar", [](const Inputs& in) { return in[0].sub(2.0, 3.0); }},
      {"rsub", [](const Inputs& in) { return 2.0 - in[0]; }},
      {"mul scalar", [](const Inputs& in) { return in[0] * 1.7; }},
      {"div scalar", [](const Inputs& in) { return in[0] / 1.7; }},
      {"scalar div", [](const Inputs& in) { return 1.7 / in[0]; }},
      {"neg", [](const Inputs& in) { return -in[0]; }},
      {"pow 2", [](const Inputs& in) { return in[0].pow(2); }},
      {"pow 3", [](const Inputs& in) { return in[0].pow(3); }},
      {"pow 0.5", [](const Inputs& in) { return in[0].pow(0.5); }},
      {"pow -1.5", [](const Inputs& in) { return in[0].pow(-1.5); }},
      {"pow 0", [](const Inputs& in) { return in[0].pow(0); }},
      {"scalar pow", [](const Inputs& in) { return xgrad::pow(2.5, in[0]); }},
      {"exp", [](const Inputs& in) { return in[0].exp(); }},
      {"log", [](const Inputs& in) { return in[0].log(); }},
      {"sqrt", [](const Inputs& in) { return in[0].sqrt(); }},
      {"abs", [](const Inputs& in) { return (in[0] - 1.25).abs(); }},
      {"clamp", [](const Inputs& in) { return in[0].clamp(0.9, 1.6); }},
      {"clamp min", [](const Inputs& in) { return in[0].clamp_min(1.2); }},
      {"clamp max", [](const Inputs& in) { return in[0].clamp_max(1.2); }},
  };
  for (const auto& op : ops) {
    INFO(op.first);
    CHECK(gradcheck(op.second, {leaf_in({3, 4}, 0.5, 2.0)}));
  }
}

TEST_CASE("double backward (create_graph) through the backward formulas") {
  // The gradient of sum(f(x, y) * w) is itself differentiable: gradcheck it.
  using Fn = std::function<Tensor(const Inputs&)>;
  const std::vector<std::pair<const char*, Fn>> ops = {
      {"mul", [](const Inputs& in) { return in[0] * in[1]; }},
      {"div", [](const Inputs& in) { return in[0] / in[1]; }},
      {"pow", [](const Inputs& in) { return in[0].pow(in[1]); }},
      {"pow scalar", [](const Inputs& in) { return in[0].pow(3) + in[1]; }},
      {"exp log sqrt", [](const Inputs& in) { return in[0].exp() * in[1].log() + in[1].sqrt(); }},
  };
  for (const auto& op : ops) {
    INFO(op.first);
    Fn fn = op.second;
    Tensor w = xgrad::randn({3, 4}, xgrad::kDouble);
    auto first_grads = [fn, w](const Inputs& in) {
      Tensor out = fn(in);
      auto g = xgrad::autograd::grad({out}, in, {w}, std::nullopt, /*create_graph=*/true);
      return g[0] * 1.5 + g[1];
    };
    CHECK(gradcheck(first_grads, {leaf_in({3, 4}, 0.5, 2.0), leaf_in({3, 4}, 0.5, 2.0)}));
  }
}

TEST_CASE("backward values by hand") {
  Tensor a = xgrad::tensor({1.0, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor b = xgrad::tensor({4.0, 8.0}, xgrad::kDouble).requires_grad_();
  (a / b).sum().backward();
  check_close(a.grad(), {0.25, 0.125});
  check_close(b.grad(), {-1.0 / 16, -2.0 / 64});

  Tensor x = xgrad::tensor({-2.0, 0.5, 3.0}, xgrad::kDouble).requires_grad_();
  x.clamp(-1, 3).sum().backward();
  check_close(x.grad(), {0, 1, 1});  // the boundary (3 == max) passes the gradient
  Tensor y = xgrad::tensor({-1.0, 1.0, 0.0}, xgrad::kDouble).requires_grad_();
  y.clamp_min(0).sum().backward();
  check_close(y.grad(), {0, 1, 1});
  Tensor z = xgrad::tensor({-3.0, 0.0, 2.0}, xgrad::kDouble).requires_grad_();
  z.abs().sum().backward();
  check_close(z.grad(), {-1, 0, 1});

  // pow edge cases: 0^0 and 0^b have PyTorch's (finite) derivatives
  Tensor p = xgrad::tensor({0.0, 0.0, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor e = xgrad::tensor({0.0, 2.0, 3.0}, xgrad::kDouble).requires_grad_();
  p.pow(e).sum().backward();
  check_close(p.grad(), {0, 0, 12});
  check_close(e.grad(), {0, 0, 8 * std::log(2.0)});
  Tensor q = xgrad::tensor({0.0, 1.0}, xgrad::kDouble).requires_grad_();
  q.pow(0).sum().backward();
  check_close(q.grad(), {0, 0});
  Tensor r = xgrad::tensor({1.0, 2.0}, xgrad::kDouble).requires_grad_();
  xgrad::pow(3.0, r).sum().backward();
  check_close(r.grad(), {3 * std::log(3.0), 9 * std::log(3.0)});
  Tensor s = xgrad::tensor({1.0, 2.0}, xgrad::kDouble).requires_grad_();
  xgrad::pow(0.0, s).sum().backward();
  check_close(s.grad(), {0, 0});

  // A float tensor times a double 0-dim tensor: both get gradients in their own dtype.
  Tensor v = xgrad::tensor({1.0, 2.0}).requires_grad_();
  Tensor k = xgrad::full({}, 3.0, xgrad::kDouble).requires_grad_();
  Tensor out = v * k;
  CHECK(dtype_of(out) == "Float");
  out.sum().backward();
  CHECK(dtype_of(v.grad()) == "Float");
  CHECK(dtype_of(k.grad()) == "Double");
  check_close(v.grad(), {3, 3});
  check_close(k.grad(), {3});
}

TEST_CASE("pow, exp, log, sqrt, abs values") {
  Tensor x = f32({1, 4, 9});
  check_close(x.pow(2), {1, 16, 81});
  check_close(x.pow(0.5), {1, 2, 3});
  check_close(x.pow(-1), {1, 0.25, 1.0 / 9});
  check_close(x.pow(f32({2, 0.5, 0})), {1, 2, 1});
  check_close(xgrad::pow(2, f32({0, 1, 3})), {1, 2, 8});
  check_close(x.sqrt(), {1, 2, 3});
  check_close(x.log(), {0, std::log(4.0), std::log(9.0)});
  check_close(f32({0, 1, -1}).exp(), {1, std::exp(1.0), std::exp(-1.0)});
  check_close(f32({-1.5, 0, 2}).abs(), {1.5, 0, 2});
  check_close(xgrad::tensor({-3, 4}).abs(), {3, 4});
  CHECK(dtype_of(xgrad::tensor({-3, 4}).abs()) == "Long");
  // Integer inputs give Float for the floating functions.
  CHECK(dtype_of(xgrad::tensor({1, 4}).sqrt()) == "Float");
  check_close(xgrad::tensor({1, 4}).sqrt(), {1, 2});
  CHECK(dtype_of(xgrad::tensor({0, 1}).exp()) == "Float");
  // Integer powers.
  Tensor i = xgrad::tensor({2, 3, -2});
  CHECK(dtype_of(i.pow(3)) == "Long");
  check_close(i.pow(3), {8, 27, -8});
  check_close(i.pow(xgrad::tensor({10, 0, -1})), {1024, 1, 0});
  CHECK(dtype_of(i.pow(0.5)) == "Float");
  CHECK(dtype_of(xgrad::pow(2, xgrad::tensor({1, 2}))) == "Long");
  CHECK(dtype_of(xgrad::pow(2.0, xgrad::tensor({1, 2}))) == "Float");
  CHECK_THROWS_WITH_AS(i.pow(-1), Contains("pow: Integers to negative integer powers are not allowed"), xgrad::Error);
  // Special values.
  V logs = values(f32({0, -1}).log());
  CHECK(logs[0] == -INFINITY);
  CHECK(std::isnan(logs[1]));
  CHECK(std::isnan(values(f32({-1}).sqrt())[0]));
  // Large contiguous, strided and double inputs take the vectorised paths: compare with std::.
  Tensor big = xgrad::rand({1000, 37}, xgrad::kDouble) * 4 + 0.1;
  V vb = values(big), ve = values(big.exp()), vl = values(big.log()), vs = values(big.t().sqrt());
  V vs_t = values(big.t().contiguous());
  for (size_t k = 0; k < vb.size(); k += 97) {
    CHECK(ve[k] == doctest::Approx(std::exp(vb[k])).epsilon(1e-14));
    CHECK(vl[k] == doctest::Approx(std::log(vb[k])).epsilon(1e-14));
    CHECK(vs[k] == doctest::Approx(std::sqrt(vs_t[k])).epsilon(1e-14));
  }
  Tensor bigf = big.to(xgrad::kFloat);
  V vf = values(bigf), vef = values(bigf.exp());
  for (size_t k = 0; k < vf.size(); k += 97) CHECK(vef[k] == doctest::Approx(std::exp(vf[k])).epsilon(3e-7));
}

TEST_CASE("clamp values") {
  Tensor x = f32({-2, 0.5, 3, NAN});
  V c = values(x.clamp(-1, 1));
  CHECK(c[0] == -1);
  CHECK(c[1] == 0.5);
  CHECK(c[2] == 1);
  CHECK(std::isnan(c[3]));  // NaN propagates
  check_close(x.clamp(std::nullopt, 0).slice(0, 0, 3), {-2, 0, 0});
  check_close(x.clamp_min(0).slice(0, 0, 3), {0, 0.5, 3});
  check_close(x.clamp_max(0).slice(0, 0, 3), {-2, 0, 0});
  check_close(f32({0, 5}).clamp(3, 1), {1, 1});  // min > max: everything becomes max, as in PyTorch
  check_close(xgrad::tensor({-5, 5, 50}).clamp(0, 10), {0, 5, 10});
  CHECK(dtype_of(xgrad::tensor({-5, 5}).clamp(0, 10)) == "Long");
  CHECK_THROWS_WITH_AS(x.clamp(), Contains("clamp: At least one of 'min' or 'max' must not be None"), xgrad::Error);
}

TEST_CASE("comparisons") {
  Tensor a = f32({1, 2, 3});
  Tensor b = f32({3, 2, 1});
  CHECK(dtype_of(a == b) == "Bool");
  check_close(a == b, {0, 1, 0});
  check_close(a != b, {1, 0, 1});
  check_close(a < b, {1, 0, 0});
  check_close(a <= b, {1, 1, 0});
  check_close(a > b, {0, 0, 1});
  check_close(a >= b, {0, 1, 1});
  check_close(a.eq(2), {0, 1, 0});
  check_close(a.ne(2), {1, 0, 1});
  check_close(a.lt(2), {1, 0, 0});
  check_close(a.le(2), {1, 1, 0});
  check_close(a.gt(2), {0, 0, 1});
  check_close(a.ge(2), {0, 1, 1});
  check_close(a > 2, {0, 0, 1});
  // Computed in the promoted dtype: 2 < 2.5 in Float, not 2 < 2 after truncation.
  Tensor i = xgrad::tensor({2, 3});
  check_close(i < 2.5, {1, 0});
  check_close(i == 2.0, {1, 0});
  check_close(i.lt(f32({2.5, 2.5})), {1, 0});
  // Broadcasting.
  Tensor m = (a.view({3, 1}) < b.view({1, 3}));
  CHECK(m.sizes().vec() == S{3, 3});
  check_close(m, {1, 1, 0, 1, 0, 0, 0, 0, 0});
  // NaN compares unequal.
  check_close(f32({NAN}) == f32({NAN}), {0});
  check_close(f32({NAN}) != f32({NAN}), {1});
}

TEST_CASE("equal and allclose") {
  Tensor a = f32({1, 2, 3});
  CHECK(a.equal(f32({1, 2, 3})));
  CHECK_FALSE(a.equal(f32({1, 2, 4})));
  CHECK_FALSE(a.equal(f32({1, 2})));
  CHECK_FALSE(a.equal(a.view({3, 1})));
  CHECK(xgrad::equal(a.view({1, 3}).t(), f32({1, 2, 3}).view({3, 1})));
  CHECK_FALSE(f32({NAN}).equal(f32({NAN})));
  CHECK(a.allclose(a + 1e-6));
  CHECK_FALSE(a.allclose(a + 1e-3));
  CHECK(a.allclose(a + 1e-3, 1e-2));
  CHECK(a.allclose(a + 1e-3, 0, 2e-3));
  CHECK(xgrad::allclose(f32({INFINITY}), f32({INFINITY})));
  CHECK_FALSE(xgrad::allclose(f32({INFINITY}), f32({-INFINITY})));
  CHECK_FALSE(xgrad::allclose(f32({1}), f32({INFINITY})));
  CHECK_FALSE(xgrad::allclose(f32({NAN}), f32({NAN})));
  CHECK(xgrad::allclose(xgrad::tensor({1, 2}), f32({1, 2})));
  CHECK(xgrad::allclose(a, xgrad::full({}, 2.0), 0, 1.0));  // broadcasts
}

TEST_CASE("in-place ops: values, versions and dtypes") {
  Tensor x = f32({1, 2, 3});
  const auto v0 = x._version();
  x.add_(f32({1, 1, 1}));
  check_close(x, {2, 3, 4});
  CHECK(x._version() == v0 + 1);
  x.add_(1, 2);
  check_close(x, {4, 5, 6});
  x.sub_(f32({1, 2, 3}), 2);
  check_close(x, {2, 1, 0});
  x.sub_(1);
  check_close(x, {1, 0, -1});
  x.mul_(f32({2, 2, 2}));
  check_close(x, {2, 0, -2});
  x.mul_(1.5);
  check_close(x, {3, 0, -3});
  x.div_(f32({3, 1, 3}));
  check_close(x, {1, 0, -1});
  x.div_(2);
  check_close(x, {0.5, 0, -0.5});
  x.clamp_(0, 0.25);
  check_close(x, {0.25, 0, 0});
  x.fill_(7);
  check_close(x, {7, 7, 7});
  x.zero_();
  check_close(x, {0, 0, 0});
  CHECK(x._version() == v0 + 11);
  x += 2;
  x *= f32({1, 2, 3});
  x -= 1;
  x /= 2;
  check_close(x, {0.5, 1.5, 2.5});

  // other is broadcast to self's shape
  Tensor m = xgrad::zeros({2, 3});
  m.add_(f32({1, 2, 3}));
  m.add_(f32({10, 20}).view({2, 1}));
  check_close(m, {11, 12, 13, 21, 22, 23});
  // in place through a view changes the base
  m.select(0, 1).mul_(0);
  check_close(m, {11, 12, 13, 0, 0, 0});
  m.t().add_(1);
  check_close(m, {12, 13, 14, 1, 1, 1});
  // other overlapping self: read before written
  Tensor o = f32({1, 2, 3, 4}).view({2, 2});
  o.add_(o[0]);
  check_close(o, {2, 4, 4, 6});
  Tensor p = f32({1, 2});
  p.mul_(p);
  check_close(p, {1, 4});

  // a result dtype castable to self's dtype
  Tensor f = f32({1, 2});
  f.add_(xgrad::tensor({0.25, 0.5}, xgrad::kDouble));
  CHECK(dtype_of(f) == "Float");
  check_close(f, {1.25, 2.5});
  Tensor l = xgrad::tensor({1, 2});
  l.add_(xgrad::tensor({3, 4}));
  l.mul_(2);
  check_close(l, {8, 12});
  Tensor u = xgrad::tensor({1, 2}, xgrad::kByte);
  u.add_(xgrad::tensor({3, 4}));
  CHECK(dtype_of(u) == "Byte");
  check_close(u, {4, 6});
  l.fill_(2.7);  // fill_ truncates, as in PyTorch
  check_close(l, {2, 2});

  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).add_(f32({1, 2})),
                       Contains("add_: result type Float can't be cast to the desired output type Long"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).mul_(0.5),
                       Contains("mul_: result type Float can't be cast to the desired output type Long"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).div_(2),
                       Contains("div_: result type Float can't be cast to the desired output type Long"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({true}).add_(xgrad::tensor({1})),
                       Contains("add_: result type Long can't be cast to the desired output type Bool"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({3}).add_(xgrad::ones({2, 3})),
                       Contains("add_: output with shape [3] doesn't match the broadcast shape [2, 3]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({3}).mul_(xgrad::ones({4})), Contains("[3]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({3}).mul_(xgrad::ones({4})), Contains("[4]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).expand({3}).add_(1), Contains("add_: unsupported operation"), xgrad::Error);
  // A failed in-place op changes nothing.
  Tensor keep = xgrad::tensor({1, 2});
  const auto kv = keep._version();
  CHECK_THROWS_AS(keep.add_(f32({1, 2})), xgrad::Error);
  check_close(keep, {1, 2});
  CHECK(keep._version() == kv);
}

TEST_CASE("in-place ops and autograd") {
  Tensor w = xgrad::ones({3}).requires_grad_();
  CHECK_THROWS_WITH_AS(w.add_(1), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(w.mul_(w), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(w.zero_(), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(w.fill_(1), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(w.clamp_(0), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);

  // Under NoGradGuard (optimizer updates) it just works, records nothing, and bumps the version.
  {
    xgrad::NoGradGuard guard;
    const auto v0 = w._version();
    w.sub_(f32({1, 2, 3}), 0.5);
    w.mul_(2);
    w.zero_();
    w.add_(f32({1, 2, 3}));
    CHECK(w._version() == v0 + 4);
    CHECK(w.is_leaf());
    CHECK(w.requires_grad());
  }
  check_close(w, {1, 2, 3});

  // On a non-leaf, the in-place op joins the graph: y = (w * 2) then y += w, y *= 3.
  Tensor y = w * 2;
  y.add_(w);
  CHECK(grad_fn_name(y) == "AddBackward0");
  y.mul_(3);
  CHECK(grad_fn_name(y) == "MulBackward1");
  y.sum().backward();
  check_close(w.grad(), {9, 9, 9});

  // mul_ with an other that requires grad needs the values self had before.
  Tensor a = xgrad::tensor({1.0, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor b = xgrad::tensor({3.0, 5.0}, xgrad::kDouble).requires_grad_();
  Tensor c = a * 1;
  c.mul_(b);
  check_close(c, {3, 10});
  c.sum().backward();
  check_close(a.grad(), {3, 5});
  check_close(b.grad(), {1, 2});
  // div_ likewise
  Tensor d = a * 1;
  d.div_(b);
  d.sum().backward();
  check_close(b.grad(), {1 - 1.0 / 9, 2 - 2.0 / 25});

  // A plain tensor becomes part of the graph when other requires grad.
  Tensor acc = xgrad::zeros({2}, xgrad::kDouble);
  acc.add_(a, 2);
  CHECK(acc.requires_grad());
  CHECK(grad_fn_name(acc) == "AddBackward0");

  // fill_/zero_ on a non-leaf: the old values get a zero gradient.
  a.mutable_grad() = Tensor();
  Tensor e = a * 1;
  e.zero_();
  CHECK(grad_fn_name(e) == "ZeroBackward0");
  Tensor f = a * 1;
  f.fill_(2);
  CHECK(grad_fn_name(f) == "FillBackward2");
  (f + a).sum().backward();
  check_close(a.grad(), {1, 1});  // only through (f + a)

  // clamp_ on a non-leaf
  Tensor g0 = xgrad::tensor({-1.0, 0.5, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor g1 = g0 * 1;
  g1.clamp_(0, 1);
  CHECK(grad_fn_name(g1) == "ClampBackward1");
  g1.sum().backward();
  check_close(g0.grad(), {0, 1, 0});

  // A tensor saved for backward and then changed in place: backward names the op.
  Tensor h = xgrad::tensor({1.0, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor hs = h * 1;
  Tensor prod = hs * hs;
  hs.add_(1);
  CHECK_THROWS_WITH_AS(prod.sum().backward(), "one of the variables needed for gradient computation has been modified by an inplace operation: [CPUDoubleType [2]], which is output 0 of AddBackward1, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).", xgrad::Error);
}

TEST_CASE("errors name the op, the shapes and the dtypes") {
  Tensor a = xgrad::ones({2, 3});
  Tensor b = xgrad::ones({4});
  for (auto* op : {"add", "sub", "mul", "div", "pow", "eq", "lt"}) {
    INFO(op);
    std::string name = op;
    auto run = [&] {
      if (name == "add") return a + b;
      if (name == "sub") return a - b;
      if (name == "mul") return a * b;
      if (name == "div") return a / b;
      if (name == "pow") return a.pow(b);
      if (name == "eq") return a == b;
      return a < b;
    };
    const std::string prefix = name + ": ";
    CHECK_THROWS_WITH_AS(run(), Contains(prefix.c_str()), xgrad::Error);
    CHECK_THROWS_WITH_AS(run(), Contains("[2, 3]"), xgrad::Error);
    CHECK_THROWS_WITH_AS(run(), Contains("[4]"), xgrad::Error);
  }
  Tensor t = xgrad::tensor({true, false});
  CHECK_THROWS_WITH_AS(t - t, Contains("sub: Subtraction, the `-` operator, with two bool tensors is not supported"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t - xgrad::ones({2}), Contains("sub: Subtraction, the `-` operator, with a bool tensor"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(1 - t, Contains("sub: Subtraction"), xgrad::Error);
  CHECK_THROWS_WITH_AS(-t, Contains("neg: Negation, the `-` operator, on a bool tensor is not supported"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).add(xgrad::tensor({1, 2}), 0.5),
                       Contains("add: For integral input tensors, argument alpha must not be a floating point number"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t.abs(), Contains("abs: not supported for Bool tensors"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.pow(t), Contains("pow"), xgrad::Error);
  Tensor undefined;
  CHECK_THROWS_WITH_AS(xgrad::exp(undefined), Contains("exp: expected a defined tensor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::mul(a, undefined), Contains("mul: expected a defined tensor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.allclose(a, -1), Contains("allclose: rtol (-1) and atol (1e-08) must be non-negative"),
                       xgrad::Error);
}

TEST_CASE("empty and 0-dim tensors") {
  Tensor e = xgrad::zeros({0, 3});
  CHECK((e + 1).sizes().vec() == S{0, 3});
  CHECK((e * xgrad::ones({3})).sizes().vec() == S{0, 3});
  CHECK(e.exp().sizes().vec() == S{0, 3});
  CHECK((e < 1).sizes().vec() == S{0, 3});
  e.add_(1);
  Tensor s = xgrad::full({}, 2.0);
  CHECK((s * s).dim() == 0);
  CHECK((s * s).item<float>() == 4);
  CHECK((s.exp()).item<float>() == doctest::Approx(std::exp(2.0)));
  CHECK((s + xgrad::ones({2})).sizes().vec() == S{2});
}

TEST_CASE("mul_/div_ with self as other: right gradient, and the graph is freed") {
  std::weak_ptr<xgrad::autograd::Node> node;
  Tensor x = xgrad::tensor({3.0, -2.0}, xgrad::kDouble).requires_grad_();
  {
    Tensor y = x * 1;  // a non-leaf, so mul_ records on it
    y.mul_(y);
    node = y.grad_fn();
    CHECK(grad_fn_name(y) == "MulBackward0");
    check_close(y, {9, 4});
    y.sum().backward();
    check_close(x.grad(), {6, -4});  // 2 * y0 * dy0
  }
  CHECK(node.expired());
  x.mutable_grad() = Tensor();
  {
    Tensor y = x * 1;
    y.div_(y);
    node = y.grad_fn();
    check_close(y, {1, 1});
    y.sum().backward();
    check_close(x.grad(), {0, 0});
  }
  CHECK(node.expired());
}

TEST_CASE("square is pow(self, 2): values, dtypes, PowBackward0 and its gradient") {
  check_close(xgrad::square(f32({-3, 0.5, 2})), {9, 0.25, 4});
  check_close(f32({-1.5}).square(), {2.25});
  const Tensor ints = xgrad::tensor({-3, 4});
  CHECK((ints.square().scalar_type() == xgrad::kLong));
  CHECK(values(ints.square()) == V{9, 16});
  Tensor x = xgrad::randn({3, 2}, xgrad::kDouble).requires_grad_();
  CHECK(grad_fn_name(x.square()) == "PowBackward0");
  x.square().sum().backward();
  check_close(x.grad(), values(x.detach() * 2), 1e-12);
  CHECK(gradcheck([](const Inputs& in) { return in[0].square(); }, {leaf({2, 3})}));
}

TEST_CASE("integer pow does not overflow past the last exponent bit") {
  Tensor x = xgrad::tensor({int64_t{4294967296}, int64_t{3}}, xgrad::kLong);
  CHECK(x.pow(1).data_ptr<int64_t>()[0] == 4294967296);
  CHECK(x.pow(2).data_ptr<int64_t>()[1] == 9);
  CHECK(x.pow(3).data_ptr<int64_t>()[1] == 27);
  CHECK(x.pow(0).data_ptr<int64_t>()[0] == 1);
}

TEST_CASE("clamp backward gives +0.0, not -0.0, for a negative gradient outside the range") {
  Tensor x = xgrad::tensor({-5.0, 0.5, 5.0}, xgrad::kDouble).requires_grad_();
  (x.clamp(0.0, 1.0) * -1.0).sum().backward();
  const double* g = x.grad().data_ptr<double>();
  CHECK_FALSE(std::signbit(g[0]));
  CHECK(g[1] == -1.0);
  CHECK_FALSE(std::signbit(g[2]));
}

TEST_CASE("fill_ rejects a value its dtype cannot hold") {
  Tensor b = xgrad::zeros({2}, xgrad::kByte);
  CHECK_THROWS_WITH_AS(b.fill_(300), doctest::Contains("fill_: value 300 cannot be converted to type uint8_t"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(b.fill_(-1.5), doctest::Contains("uint8_t without overflow"), xgrad::Error);
  b.fill_(255);
  CHECK(b.data_ptr<uint8_t>()[1] == 255);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2}).fill_(1e300), doctest::Contains("type float without overflow"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2}, xgrad::kLong).fill_(1e30), doctest::Contains("type int64_t"),
                       xgrad::Error);
  xgrad::zeros({2}).fill_(std::numeric_limits<double>::infinity());  // infinities fit a float
}

TEST_CASE("maximum, minimum, addcmul, addcdiv: values, broadcasting, gradients, in-place forms") {
  SUBCASE("maximum and minimum values, NaN, dtypes") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Tensor a = xgrad::tensor({1.0, 5.0, 3.0, nan}, xgrad::kFloat);
    Tensor b = xgrad::tensor({2.0, 4.0, 3.0, 0.0}, xgrad::kFloat);
    CHECK(close(values(xgrad::maximum(a, b)), {2, 5, 3, nan}));
    CHECK(close(values(a.minimum(b)), {1, 4, 3, nan}));
    CHECK(close(values(b.maximum(a)), {2, 5, 3, nan}));  // a NaN in either operand propagates
    CHECK(close(values(xgrad::minimum(b, a)), {1, 4, 3, nan}));
    Tensor col = f32({0, 10}).view({2, 1});
    Tensor row = f32({-1, 5, 20});
    Tensor m = xgrad::maximum(col, row);
    CHECK(m.sizes().vec() == S{2, 3});
    check_close(m, {0, 5, 20, 10, 10, 20});
    CHECK(dtype_of(xgrad::maximum(xgrad::tensor({1, 7}), f32({3, 2}))) == "Float");
    check_close(xgrad::maximum(xgrad::tensor({1, 7}), xgrad::tensor({3, 2})), {3, 7});
    CHECK(dtype_of(xgrad::minimum(xgrad::tensor({1, 7}), xgrad::tensor({3, 2}))) == "Long");
    Tensor bm = xgrad::maximum(xgrad::tensor({true, false}), xgrad::tensor({false, false}));
    CHECK(dtype_of(bm) == "Bool");
    CHECK(bm.data_ptr<bool>()[0]);
    CHECK_FALSE(bm.data_ptr<bool>()[1]);
  }
  SUBCASE("maximum and minimum split the gradient equally on ties; losers get +0") {
    Tensor a = xgrad::tensor({1.0, 5.0, 3.0}, xgrad::kDouble).requires_grad_();
    Tensor b = xgrad::tensor({2.0, 4.0, 3.0}, xgrad::kDouble).requires_grad_();
    Tensor y = xgrad::maximum(a, b);
    CHECK(grad_fn_name(y) == "MaximumBackward0");
    (y * xgrad::tensor({-1.0, 2.0, -4.0}, xgrad::kDouble)).sum().backward();
    check_close(a.grad(), {0, 2, -2});
    check_close(b.grad(), {-1, 0, -2});
    CHECK_FALSE(std::signbit(a.grad().data_ptr<double>()[0]));
    a.mutable_grad() = Tensor();
    b.mutable_grad() = Tensor();
    Tensor z = a.minimum(b);
    CHECK(grad_fn_name(z) == "MinimumBackward0");
    (z * xgrad::tensor({-1.0, 2.0, -4.0}, xgrad::kDouble)).sum().backward();
    check_close(a.grad(), {-1, 0, -2});
    check_close(b.grad(), {0, 2, -2});
    // a broadcast operand gets its gradient summed: 3 == max(3, 3) ties in one of three elements
    Tensor s = xgrad::tensor({3.0}, xgrad::kDouble).requires_grad_();
    Tensor v = xgrad::tensor({1.0, 3.0, 5.0}, xgrad::kDouble).requires_grad_();
    xgrad::maximum(s, v).sum().backward();
    check_close(s.grad(), {1.5});
    check_close(v.grad(), {0, 0.5, 1});
  }
  SUBCASE("addcmul and addcdiv values, broadcasting and node names") {
    Tensor self = f32({1, 2});
    Tensor t1 = f32({1, 2, 3}).view({3, 1});
    Tensor t2 = f32({4, 8});
    Tensor y = xgrad::addcmul(self, t1, t2, 0.5);
    CHECK(y.sizes().vec() == S{3, 2});
    check_close(y, {3, 6, 5, 10, 7, 14});
    check_close(self.addcdiv(t1, t2, 2), {1.5, 2.25, 2, 2.5, 2.5, 2.75});
    check_close(self.addcmul(t2, t2), {17, 66});
    CHECK(dtype_of(xgrad::addcmul(xgrad::tensor({1, 2}), xgrad::tensor({3, 4}), xgrad::tensor({5, 6}), 2)) == "Long");
    check_close(xgrad::addcmul(xgrad::tensor({1, 2}), xgrad::tensor({3, 4}), xgrad::tensor({5, 6}), 2), {31, 50});
    CHECK(dtype_of(xgrad::addcdiv(xgrad::tensor({1, 2}), f32({3, 4}), xgrad::tensor({2, 8}))) == "Float");
    check_close(xgrad::addcdiv(xgrad::tensor({1, 2}), f32({3, 4}), xgrad::tensor({2, 8})), {2.5, 2.5});
    Tensor a = leaf({2}), b = leaf({2}), c = leaf({2});
    CHECK(grad_fn_name(xgrad::addcmul(a, b, c)) == "AddcmulBackward0");
    CHECK(grad_fn_name(xgrad::addcdiv(a, b, c)) == "AddcdivBackward0");
    // PyTorch's order of operations, (v*t1)*t2 and (v*t1)/t2, which rounds differently in float32
    Tensor x = f32({0.1f}), p = f32({0.3f}), q = f32({0.7f});
    const float v = 0.9f;
    CHECK(xgrad::addcmul(x, p, q, v).item<float>() == 0.1f + v * 0.3f * 0.7f);
    CHECK(xgrad::addcdiv(x, p, q, v).item<float>() == 0.1f + v * 0.3f / 0.7f);
  }
  SUBCASE("gradcheck with broadcast shapes, and double backward") {
    using Fn = std::function<Tensor(const Inputs&)>;
    const std::vector<std::pair<const char*, Fn>> ops = {
        {"maximum", [](const Inputs& in) { return xgrad::maximum(in[0], in[1]) + in[2]; }},
        {"minimum", [](const Inputs& in) { return in[0].minimum(in[1]) * in[2]; }},
        {"addcmul", [](const Inputs& in) { return xgrad::addcmul(in[0], in[1], in[2], -1.5); }},
        {"addcdiv", [](const Inputs& in) { return in[0].addcdiv(in[1], in[2], 0.7); }},
    };
    for (const auto& op : ops) {
      INFO(op.first);
      Tensor a = leaf_in({3, 1}, 0.5, 2.0), b = leaf_in({1, 4}, 0.5, 2.0), c = leaf_in({4}, 0.5, 2.0);
      CHECK(gradcheck(op.second, {a, b, c}));
      CHECK(gradcheck(op.second, {c, a, b}));
      CHECK(gradcheck(op.second, {a.detach(), b, c}));
      CHECK(gradcheck(op.second, {a, b, c.detach()}));
      // the gradient of sum(f * w) is differentiable too (create_graph)
      CHECK(gradcheck(
          [&](const Inputs& in) {
            Tensor out = op.second(in);
            Tensor w = xgrad::linspace(0.5, 1.5, out.numel(), xgrad::kDouble).view(out.sizes());
            auto g = xgrad::autograd::grad({(out * w).sum()}, {in[0], in[1], in[2]}, {}, std::nullopt, true);
            return g[0].sum() + (g[1] * g[1]).sum() + g[2].sum();
          },
          {a, b, c}));
    }
  }
  SUBCASE("in-place addcmul_, addcdiv_, sqrt_: values, versions, gradients") {
    Tensor x = f32({1, 2, 3});
    const uint32_t v0 = x._version();
    Tensor& r = x.addcmul_(f32({1, 2, 3}), f32({2}), 0.5);
    CHECK(&r == &x);
    check_close(x, {2, 4, 6});
    x.addcdiv_(f32({4, 8, 12}), f32({2, 4, 6}), -1);
    check_close(x, {0, 2, 4});
    CHECK(&x.sqrt_() == &x);
    check_close(x, {0, std::sqrt(2.0), 2});
    CHECK(x._version() == v0 + 3);
    // a strided self, and tensor1 == self (read before written)
    Tensor m = iota({2, 3}, xgrad::kFloat).t();
    m.addcmul_(m, m, 2);
    check_close(m.contiguous(), {0, 21, 3, 36, 10, 55});
    m.sqrt_();
    check_close(m.contiguous(), {0, std::sqrt(21.0), std::sqrt(3.0), 6, std::sqrt(10.0), std::sqrt(55.0)});
    Tensor d = f32({4, 9});
    d.addcdiv_(d, d, 3);
    check_close(d, {7, 12});
    // a Long self takes a Long result
    Tensor l = xgrad::tensor({1, 2});
    l.addcmul_(xgrad::tensor({3, 4}), xgrad::tensor({5, 6}), 2);
    check_close(l, {31, 50});
    // an optimizer's update: a leaf that requires grad, under NoGradGuard
    Tensor w = f32({1, 4}).requires_grad_();
    {
      xgrad::NoGradGuard guard;
      w.addcdiv_(f32({1, 1}), f32({2, 4}), -0.5).addcmul_(f32({2, 2}), f32({1, 1})).sqrt_();
    }
    check_close(w, {std::sqrt(2.75), std::sqrt(5.875)});
    CHECK(w.is_leaf());
    CHECK(grad_fn_name(w) == "none");
  }
  SUBCASE("in-place forms record the right gradients") {
    using Fn = std::function<Tensor(const Inputs&)>;
    const std::vector<std::pair<const char*, Fn>> ops = {
        {"addcmul_", [](const Inputs& in) { return (in[0] * 1).addcmul_(in[1], in[2], 0.7); }},
        {"addcdiv_", [](const Inputs& in) { return (in[0] * 1).addcdiv_(in[1], in[2], -1.3); }},
        {"sqrt_", [](const Inputs& in) { return (in[0] * in[1]).sqrt_() * in[2]; }},
        {"addcmul_ self as tensor1", [](const Inputs& in) {
           Tensor y = in[0] * in[2];
           return y.addcmul_(y, in[1]);
         }},
    };
    for (const auto& op : ops) {
      INFO(op.first);
      CHECK(gradcheck(op.second, {leaf_in({3, 4}, 0.5, 2.0), leaf_in({4}, 0.5, 2.0), leaf_in({3, 1}, 0.5, 2.0)}));
    }
    Tensor a = leaf({2});
    Tensor y = a * 1;
    y.sqrt_();
    CHECK(grad_fn_name(y) == "SqrtBackward0");
    y.addcmul_(a, a);
    CHECK(grad_fn_name(y) == "AddcmulBackward0");
    y.addcdiv_(a, a);
    CHECK(grad_fn_name(y) == "AddcdivBackward0");
  }
  SUBCASE("errors") {
    CHECK_THROWS_WITH_AS(xgrad::tensor({4, 9}).sqrt_(),
                         Contains("sqrt_: result type Float can't be cast to the desired output type Long"),
                         xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::maximum(xgrad::ones({2, 3}), xgrad::ones({4})), Contains("maximum"), xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::addcmul(xgrad::ones({2}), xgrad::ones({3}), xgrad::ones({2})), Contains("addcmul"),
                         xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::ones({2}).addcmul_(xgrad::ones({3, 2}), xgrad::ones({2})),
                         Contains("addcmul_: output with shape [2] doesn't match the broadcast shape [3, 2]"),
                         xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::addcdiv(xgrad::ones({2}), xgrad::tensor({1, 2}), xgrad::tensor({3, 4})),
                         Contains("addcdiv: Integer division with addcdiv is no longer supported (tensor1 is Long, "
                                  "tensor2 is Long)"),
                         xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::addcmul(xgrad::tensor({1}), xgrad::tensor({1}), xgrad::tensor({1}), 0.5),
                         Contains("addcmul: For integral input tensors, argument value must not be a floating point "
                                  "number (got 0.5 for Long tensors)"),
                         xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).addcmul_(f32({1, 2}), f32({1, 2})),
                         Contains("addcmul_: result type Float can't be cast to the desired output type Long"),
                         xgrad::Error);
    CHECK_THROWS_WITH_AS(xgrad::addcmul(xgrad::ones({1}), Tensor(), xgrad::ones({1})),
                         Contains("addcmul: expected a defined tensor"), xgrad::Error);
    Tensor leaf_w = xgrad::ones({2}).requires_grad_();
    CHECK_THROWS_WITH_AS(leaf_w.sqrt_(), Contains("a leaf Variable that requires grad"), xgrad::Error);
  }
}
