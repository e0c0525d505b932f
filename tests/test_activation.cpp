// Activations (ops/activation.cpp): sigmoid, tanh, relu, relu_, hardtanh, softmax and log_softmax: values,
// numerical stability, node names, gradients (gradcheck, fused vs create_graph) and errors.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "test_helpers.h"

using doctest::Contains;
using namespace test_helpers;

namespace {

/// softmax (or log_softmax) of a contiguous [outer, D, inner] buffer along D, in double.
V reference_softmax(const V& x, int64_t outer, int64_t D, int64_t inner, bool log) {
  V y(x.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      auto at = [&](int64_t d) { return static_cast<size_t>((o * D + d) * inner + i); };
      double m = -INFINITY, s = 0;
      for (int64_t d = 0; d < D; ++d) m = std::max(m, x[at(d)]);
      for (int64_t d = 0; d < D; ++d) s += std::exp(x[at(d)] - m);
      for (int64_t d = 0; d < D; ++d)
        y[at(d)] = log ? x[at(d)] - m - std::log(s) : std::exp(x[at(d)] - m) / s;
    }
  }
  return y;
}

}  // namespace

TEST_CASE("sigmoid, tanh, relu values") {
  Tensor x = f32({-2, 0, 0.5, 3});
  V sig, th;
  for (double v : {-2.0, 0.0, 0.5, 3.0}) {
    sig.push_back(1 / (1 + std::exp(-v)));
    th.push_back(std::tanh(v));
  }
  check_close(x.sigmoid(), sig);
  check_close(xgrad::tanh(x), th);
  check_close(x.relu(), {0, 0, 0.5, 3});
  // saturation: finite and exact at the ends
  check_close(f32({-200, 200}).sigmoid(), {0, 1});
  check_close(f32({-200, 200}).tanh(), {-1, 1});
  // NaN passes through relu (as in PyTorch)
  CHECK(std::isnan(values(f32({NAN}).relu())[0]));
  // dtypes: integers give Float for sigmoid/tanh, and stay integral for relu
  CHECK(dtype_of(xgrad::tensor({-1, 2}).sigmoid()) == "Float");
  CHECK(dtype_of(xgrad::tensor({-1, 2}).relu()) == "Long");
  check_close(xgrad::tensor({-1, 2}).relu(), {0, 2});
  CHECK(dtype_of(xgrad::ones({2}, xgrad::kDouble).tanh()) == "Double");
  // large, strided and double inputs (the vectorised paths)
  Tensor big = xgrad::randn({300, 41}, xgrad::kDouble) * 3;
  V vb = values(big.t().contiguous()), vs = values(big.t().sigmoid()), vt = values(big.t().tanh());
  for (size_t k = 0; k < vb.size(); k += 53) {
    CHECK(vs[k] == doctest::Approx(1 / (1 + std::exp(-vb[k]))).epsilon(1e-14));
    CHECK(vt[k] == doctest::Approx(std::tanh(vb[k])).epsilon(1e-14));
  }
}

TEST_CASE("activation node names") {
  Tensor x = xgrad::randn({2, 3}).requires_grad_();
  CHECK(grad_fn_name(x.sigmoid()) == "SigmoidBackward0");
  CHECK(grad_fn_name(x.tanh()) == "TanhBackward0");
  CHECK(grad_fn_name(x.relu()) == "ReluBackward0");
  CHECK(grad_fn_name(x.softmax(1)) == "SoftmaxBackward0");
  CHECK(grad_fn_name(x.log_softmax(1)) == "LogSoftmaxBackward0");
  CHECK(grad_fn_name(xgrad::softmax(x, 0, xgrad::kDouble)) == "SoftmaxBackward0");
  Tensor y = x * 1;
  y.relu_();
  CHECK(grad_fn_name(y) == "ReluBackward0");
  CHECK(grad_fn_name(xgrad::randn({2}).relu()) == "none");
}

TEST_CASE("gradcheck: pointwise activations") {
  CHECK(gradcheck([](const Inputs& in) { return in[0].sigmoid(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return xgrad::tanh(in[0]); }, {leaf({3, 4})}));
  // relu away from its kink at 0
  Tensor x = xgrad::randn({3, 4}, xgrad::kDouble);
  x = (x + x.gt(0) * 0.1 - x.le(0) * 0.1).detach().requires_grad_();
  CHECK(gradcheck([](const Inputs& in) { return xgrad::relu(in[0]); }, {x}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].relu() * in[0].sigmoid(); }, {x}));
  // relu_ on a non-leaf
  CHECK(gradcheck(
      [](const Inputs& in) {
        Tensor y = in[0] * 2;
        y.relu_();
        return y;
      },
      {x}));
}

TEST_CASE("gradcheck: softmax and log_softmax along every dim") {
  for (int64_t dim : {0, 1, 2, -1}) {
    INFO("dim " << dim);
    CHECK(gradcheck([dim](const Inputs& in) { return in[0].softmax(dim); }, {leaf({2, 3, 4})}));
    CHECK(gradcheck([dim](const Inputs& in) { return in[0].log_softmax(dim); }, {leaf({2, 3, 4})}));
    // a strided input
    CHECK(gradcheck([dim](const Inputs& in) { return in[0].transpose(0, 2).softmax(dim); }, {leaf({4, 3, 2})}));
    CHECK(gradcheck([dim](const Inputs& in) { return in[0].transpose(0, 2).log_softmax(dim); }, {leaf({4, 3, 2})}));
  }
  CHECK(gradcheck([](const Inputs& in) { return in[0].softmax(0); }, {leaf({5})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].log_softmax(-1); }, {leaf({7, 10})}));
}

TEST_CASE("double backward (create_graph) of the activations") {
  using Fn = std::function<Tensor(const Tensor&)>;
  const std::vector<std::pair<const char*, Fn>> ops = {
      {"sigmoid", [](const Tensor& x) { return x.sigmoid(); }},
      {"tanh", [](const Tensor& x) { return x.tanh(); }},
      {"relu", [](const Tensor& x) { return x.relu() * x; }},
      {"softmax last", [](const Tensor& x) { return x.softmax(-1); }},
      {"softmax 0", [](const Tensor& x) { return x.softmax(0); }},
      {"log_softmax last", [](const Tensor& x) { return x.log_softmax(-1); }},
      {"log_softmax 0", [](const Tensor& x) { return x.log_softmax(0); }},
  };
  Tensor x0 = xgrad::randn({3, 4}, xgrad::kDouble);
  x0 = (x0 + x0.gt(0) * 0.1 - x0.le(0) * 0.1).detach();  // away from relu's kink
  for (const auto& op : ops) {
    INFO(op.first);
    Fn fn = op.second;
    Tensor w = xgrad::randn({3, 4}, xgrad::kDouble);
    auto first_grad = [fn, w](const Inputs& in) {
      return xgrad::autograd::grad({fn(in[0])}, {in[0]}, {w}, std::nullopt, /*create_graph=*/true)[0];
    };
    CHECK(gradcheck(first_grad, {x0.clone().requires_grad_()}));
    // The fused backward (no graph) and the tensor-op backward (create_graph) agree.
    Tensor x = x0.clone().requires_grad_();
    Tensor fused = xgrad::autograd::grad({fn(x)}, {x}, {w})[0];
    Tensor graphed = xgrad::autograd::grad({fn(x)}, {x}, {w}, std::nullopt, true)[0];
    CHECK(fused.allclose(graphed, 1e-12, 1e-12));
  }
}

TEST_CASE("relu backward passes the gradient at NaN, fused and under create_graph (as libtorch)") {
  for (bool create_graph : {false, true}) {
    CAPTURE(create_graph);
    Tensor x = xgrad::tensor({std::nan(""), 1.0, -1.0, 0.0}).requires_grad_();
    Tensor g = xgrad::autograd::grad({x.relu()}, {x}, {xgrad::tensor({2.0, 3.0, 4.0, 5.0})}, std::nullopt,
                                     create_graph)[0];
    CHECK(values(g) == V{2, 3, 0, 0});
  }
}

TEST_CASE("hardtanh: values, dtypes, its gradient (stopped at the bounds, passed at NaN) and node name") {
  check_close(xgrad::hardtanh(f32({-3, -1, -0.5, 0, 0.75, 1, 2})), {-1, -1, -0.5, 0, 0.75, 1, 1});
  check_close(xgrad::hardtanh(f32({-3, 0.5, 3}), -2, 0.25), {-2, 0.25, 0.25});
  CHECK(std::isnan(values(xgrad::hardtanh(f32({NAN})))[0]));
  CHECK(dtype_of(xgrad::hardtanh(xgrad::tensor({-5, 0, 5}), -2, 2)) == "Long");
  check_close(xgrad::hardtanh(xgrad::tensor({-5, 0, 5}), -2, 2), {-2, 0, 2});
  CHECK_THROWS_WITH_AS(xgrad::hardtanh(xgrad::tensor({1, 2}), 1e30, 2e30),
                       "hardtanh: value 1e+30 cannot be converted to type int64_t without overflow", xgrad::Error);

  for (bool create_graph : {false, true}) {
    CAPTURE(create_graph);
    Tensor x = xgrad::tensor({std::nan(""), -2.0, -1.0, 0.5, 1.0, 3.0}).requires_grad_();
    Tensor y = xgrad::hardtanh(x);
    CHECK(grad_fn_name(y) == "HardtanhBackward0");
    Tensor g = xgrad::autograd::grad({y}, {x}, {xgrad::tensor({1.0, 2.0, 3.0, 4.0, 5.0, 6.0})}, std::nullopt,
                                     create_graph)[0];
    CHECK(values(g) == V{1, 0, 0, 4, 0, 0});
  }
  // Away from the bounds, against finite differences, and twice (create_graph).
  Tensor x = (xgrad::rand({3, 4}, xgrad::kDouble) * 1.6 - 0.8).requires_grad_();
  CHECK(gradcheck([](const Inputs& in) { return xgrad::hardtanh(in[0]) * in[0]; }, {x}));
  Tensor w = xgrad::randn({3, 4}, xgrad::kDouble);
  CHECK(gradcheck(
      [w](const Inputs& in) {
        Tensor y = xgrad::hardtanh(in[0]) * in[0];
        return xgrad::autograd::grad({y}, {in[0]}, {w}, std::nullopt, /*create_graph=*/true)[0];
      },
      {x}));
}

TEST_CASE("softmax and log_softmax values along any dim") {
  Tensor x = xgrad::randn({2, 3, 4}, xgrad::kDouble) * 4;
  const V xv = values(x);
  check_close(x.softmax(2), reference_softmax(xv, 6, 4, 1, false), 1e-12);
  check_close(x.softmax(-1), reference_softmax(xv, 6, 4, 1, false), 1e-12);
  check_close(x.softmax(1), reference_softmax(xv, 2, 3, 4, false), 1e-12);
  check_close(x.softmax(0), reference_softmax(xv, 1, 2, 12, false), 1e-12);
  check_close(x.log_softmax(2), reference_softmax(xv, 6, 4, 1, true), 1e-12);
  check_close(x.log_softmax(1), reference_softmax(xv, 2, 3, 4, true), 1e-12);
  check_close(x.log_softmax(-3), reference_softmax(xv, 1, 2, 12, true), 1e-12);
  // strided input: the same values as its contiguous copy
  Tensor t = x.transpose(0, 2);
  check_close(t.softmax(1), values(t.contiguous().softmax(1)), 1e-12);
  check_close(t.log_softmax(2), values(t.contiguous().log_softmax(2)), 1e-12);
  // float, a classifier head
  Tensor logits = xgrad::randn({64, 10});
  Tensor p = logits.softmax(1);
  CHECK(dtype_of(p) == "Float");
  check_close(p, reference_softmax(values(logits), 64, 10, 1, false), 1e-5);
  check_close(p.sum(1), V(64, 1.0), 1e-6);
  check_close(logits.log_softmax(1).exp(), values(p), 1e-5);
  // long rows (the partial-sum reductions), lengths that are and are not multiples of the width
  for (int64_t D : {16, 37, 300}) {
    INFO("row length " << D);
    Tensor xd = xgrad::randn({3, D}, xgrad::kDouble) * 5;
    check_close(xd.softmax(1), reference_softmax(values(xd), 3, D, 1, false), 1e-12);
    check_close(xd.log_softmax(1), reference_softmax(values(xd), 3, D, 1, true), 1e-12);
    Tensor xf = xd.to(xgrad::kFloat);
    check_close(xf.softmax(-1), reference_softmax(values(xf), 3, D, 1, false), 1e-5);
    check_close(xf.log_softmax(-1), reference_softmax(values(xf), 3, D, 1, true), 1e-5);
    // the max may sit anywhere in the row, including the tail
    Tensor spike = xgrad::zeros({1, D}, xgrad::kDouble);
    spike.select(1, D - 1).fill_(50);
    CHECK(values(spike.softmax(1))[static_cast<size_t>(D - 1)] == doctest::Approx(1.0));
    // fused backward against the tensor-op backward
    Tensor x = xd.clone().requires_grad_();
    Tensor w = xgrad::randn({3, D}, xgrad::kDouble);
    for (bool log : {false, true}) {
      auto f = [log](const Tensor& t) { return log ? t.log_softmax(1) : t.softmax(1); };
      Tensor fused = xgrad::autograd::grad({f(x)}, {x}, {w})[0];
      Tensor graphed = xgrad::autograd::grad({f(x)}, {x}, {w}, std::nullopt, true)[0];
      CHECK(fused.allclose(graphed, 1e-10, 1e-12));
    }
  }
  // 0-dim and empty tensors
  check_close(xgrad::full({}, 3.0).softmax(0), {1});
  check_close(xgrad::full({}, 3.0).log_softmax(-1), {0});
  CHECK(xgrad::zeros({0, 3}).softmax(1).sizes().vec() == S{0, 3});
  CHECK(xgrad::zeros({3, 0}).log_softmax(1).sizes().vec() == S{3, 0});
}

TEST_CASE("softmax is stable for large inputs") {
  Tensor x = f32({1010, 1000, 990});
  V p = values(x.softmax(0));
  for (double v : p) CHECK(std::isfinite(v));
  CHECK(p[0] == doctest::Approx(9.9995e-01).epsilon(1e-4));
  CHECK(p[1] == doctest::Approx(4.5398e-05).epsilon(1e-4));
  CHECK(p[2] == doctest::Approx(2.0611e-09).epsilon(1e-4));
  V lp = values(x.log_softmax(0));
  CHECK(lp[0] == doctest::Approx(-4.5399e-05).epsilon(1e-3));
  CHECK(lp[1] == doctest::Approx(-10.0000454).epsilon(1e-6));
  CHECK(lp[2] == doctest::Approx(-20.0000454).epsilon(1e-6));
  // along a non-last dim too, and very negative inputs
  Tensor col = f32({1010, 1000, 990}).view({3, 1}).expand({3, 2});
  check_close(col.softmax(0), {p[0], p[0], p[1], p[1], p[2], p[2]}, 1e-4);
  V q = values(f32({-1000, -1010}).softmax(0));
  CHECK(q[0] == doctest::Approx(1 / (1 + std::exp(-10.0))));
  // The backward stays finite too.
  Tensor y = f32({1010, 1000, 990}).requires_grad_();
  (y.log_softmax(0) * f32({1, 0, 0})).sum().backward();
  for (double v : values(y.grad())) CHECK(std::isfinite(v));
}

TEST_CASE("softmax dtype argument and errors") {
  Tensor i = xgrad::tensor({1, 2, 3});
  Tensor p = i.softmax(0, xgrad::kFloat);
  CHECK(dtype_of(p) == "Float");
  check_close(p, reference_softmax({1, 2, 3}, 1, 3, 1, false));
  CHECK(dtype_of(xgrad::log_softmax(f32({1, 2}), 0, xgrad::kDouble)) == "Double");
  // The cast is part of the graph: the gradient reaches the float input.
  Tensor x = f32({1, 2, 3}).requires_grad_();
  (x.softmax(0, xgrad::kDouble) * xgrad::tensor({1.0, 0.0, 0.0}, xgrad::kDouble)).sum().backward();
  CHECK(dtype_of(x.grad()) == "Float");
  CHECK(std::abs(values(x.grad())[0]) > 0);

  CHECK_THROWS_WITH_AS(i.softmax(0), Contains("softmax: expected a floating point tensor (Float or Double), got Long"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(i.log_softmax(0), Contains("log_softmax: expected a floating point tensor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::ones({2, 3}).softmax(2),
                       Contains("softmax: dimension out of range (expected to be in range of [-2, 1], but got 2)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::ones({2, 3}).log_softmax(-3), Contains("log_softmax: dimension out of range"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({true}).relu(), Contains("relu: not supported for Bool tensors"), xgrad::Error);
  Tensor undefined;
  CHECK_THROWS_WITH_AS(xgrad::softmax(undefined, 0), Contains("softmax: expected a defined tensor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::sigmoid(undefined), Contains("sigmoid: expected a defined tensor"), xgrad::Error);
}

TEST_CASE("relu_ in place") {
  Tensor x = f32({-1, 2, -3, 4});
  const auto v0 = x._version();
  Tensor& r = x.relu_();
  CHECK(&r == &x);
  check_close(x, {0, 2, 0, 4});
  CHECK(x._version() == v0 + 1);
  // through a strided view: the base changes
  Tensor m = f32({-1, 2, -3, 4}).view({2, 2});
  m.t().relu_();
  check_close(m, {0, 2, 0, 4});

  Tensor w = f32({-1, 1}).requires_grad_();
  CHECK_THROWS_WITH_AS(w.relu_(), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);
  {
    xgrad::NoGradGuard guard;
    w.relu_();
  }
  check_close(w, {0, 1});
  CHECK(w.is_leaf());

  // on a non-leaf: backward uses the output
  Tensor a = xgrad::tensor({-1.0, 0.5, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor h = a * 2;
  h.relu_();
  CHECK(grad_fn_name(h) == "ReluBackward0");
  (h * xgrad::tensor({1.0, 2.0, 3.0}, xgrad::kDouble)).sum().backward();
  check_close(a.grad(), {0, 4, 6});
  // an output saved for backward and then changed in place
  Tensor b = xgrad::tensor({1.0, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor e = b.exp();
  e.relu_();
  // An output is named by the node that saved it, even after relu_ replaced its grad_fn.
  CHECK_THROWS_WITH_AS(e.sum().backward(), "one of the variables needed for gradient computation has been modified by an inplace operation: [CPUDoubleType [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).", xgrad::Error);
}

TEST_CASE("sigmoid and tanh backward values") {
  Tensor x = xgrad::tensor({0.0, 1.0}, xgrad::kDouble).requires_grad_();
  x.sigmoid().sum().backward();
  const double s1 = 1 / (1 + std::exp(-1.0));
  check_close(x.grad(), {0.25, s1 * (1 - s1)}, 1e-12);
  Tensor y = xgrad::tensor({0.0, 1.0}, xgrad::kDouble).requires_grad_();
  y.tanh().sum().backward();
  check_close(y.grad(), {1, 1 - std::tanh(1.0) * std::tanh(1.0)}, 1e-12);
  // a softmax row: d(p_0)/dx = p_0 (e_0 - p)
  Tensor z = xgrad::tensor({1.0, 2.0, 3.0}, xgrad::kDouble).requires_grad_();
  z.softmax(0).select(0, 0).backward();
  V p = reference_softmax({1, 2, 3}, 1, 3, 1, false);
  check_close(z.grad(), {p[0] * (1 - p[0]), -p[0] * p[1], -p[0] * p[2]}, 1e-12);
}
