// dropout and feature_dropout (ops/dropout.cpp), embedding (ops/embedding.cpp) and leaky_relu
// (ops/activation.cpp): statistics and reproducibility of the masks, gradients, node names, gradcheck
// and errors.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <cmath>
#include <vector>

#include "test_helpers.h"

using doctest::Contains;
using namespace test_helpers;

// ---- dropout ----

TEST_CASE("dropout zeroes a fraction p and scales the survivors by 1 / (1 - p)") {
  const int64_t n = 100000;
  for (double p : {0.1, 0.3, 0.5, 0.8}) {
    INFO("p = " << p);
    const Tensor x = xgrad::ones({n}) * 2;
    const V y = values(xgrad::dropout(x, p, true));
    int64_t zeros = 0;
    bool survivors_scaled = true;
    const double scaled = static_cast<double>(2 * static_cast<float>(1 / (1 - p)));
    for (double v : y) {
      if (v == 0)
        ++zeros;
      else
        survivors_scaled = survivors_scaled && v == scaled;
    }
    // the zeroed count is Binomial(n, p): 5 standard deviations is at most 0.8% of n
    CHECK(std::abs(static_cast<double>(zeros) / n - p) < 0.008);
    CHECK(survivors_scaled);
  }
  // float64 too, and any shape
  const Tensor xd = xgrad::ones({100, 1000}, xgrad::kDouble);
  const Tensor yd = xgrad::dropout(xd, 0.25, true);
  CHECK(shape_str(yd.sizes()) == "[100, 1000]");
  CHECK(dtype_of(yd) == "Double");
  CHECK(std::abs(yd.eq(0).to(xgrad::kDouble).mean().item<double>() - 0.25) < 0.01);
  // E[y] = x
  CHECK(std::abs(yd.mean().item<double>() - 1) < 0.02);
}

TEST_CASE("dropout is the identity when not training or p = 0, and zeros for p = 1") {
  Tensor x = xgrad::randn({4, 5}).requires_grad_();
  CHECK(xgrad::dropout(x, 0.5, false).is_same(x));
  CHECK(xgrad::dropout(x, 0.0, true).is_same(x));
  CHECK(xgrad::feature_dropout(x, 0.5, false).is_same(x));
  Tensor all = xgrad::dropout(x, 1.0, true);
  check_close(all, V(20, 0.0));
  CHECK(grad_fn_name(all) == "MulBackward0");
  all.sum().backward();
  check_close(x.grad(), V(20, 0.0));
  // an empty input comes back as it is
  const Tensor empty = xgrad::ones({0, 3});
  CHECK(xgrad::dropout(empty, 0.5, true).is_same(empty));
}

TEST_CASE("dropout masks are reproducible under manual_seed") {
  const Tensor x = xgrad::randn({1000});
  xgrad::manual_seed(7);
  const Tensor a = xgrad::dropout(x, 0.5, true);
  const Tensor b = xgrad::dropout(x, 0.5, true);
  xgrad::manual_seed(7);
  const Tensor c = xgrad::dropout(x, 0.5, true);
  CHECK(a.equal(c));
  CHECK(!a.equal(b));
  // the masks come from the generator behind rand: dropout consumes one draw per element
  xgrad::manual_seed(11);
  const Tensor u = xgrad::rand({1000});
  xgrad::manual_seed(11);
  const Tensor d = xgrad::dropout(xgrad::ones({1000}), 0.5, true);
  CHECK(d.eq(0).equal(u.ge(0.5)));
}

TEST_CASE("dropout gradient is the mask times 1 / (1 - p)") {
  Tensor x = (xgrad::rand({50, 40}) + 0.5).requires_grad_();
  const double p = 0.4;
  Tensor y = xgrad::dropout(x, p, true);
  CHECK(grad_fn_name(y) == "MulBackward0");
  const Tensor g = xgrad::randn({50, 40});
  y.backward(g);
  const float scale = static_cast<float>(1 / (1 - p));
  const Tensor expected = g * y.detach().ne(0) * scale;
  CHECK(close(values(x.grad()), values(expected), 1e-6, 1e-7));
  // under NoGradGuard nothing is recorded
  xgrad::NoGradGuard no_grad;
  CHECK(grad_fn_name(xgrad::dropout(x, p, true)) == "none");
}

TEST_CASE("gradcheck: dropout and feature_dropout with a fixed mask") {
  CHECK(gradcheck(
      [](const Inputs& in) {
        xgrad::manual_seed(3);
        return xgrad::dropout(in[0], 0.4, true);
      },
      {leaf({4, 6})}));
  CHECK(gradcheck(
      [](const Inputs& in) {
        xgrad::manual_seed(5);
        return xgrad::feature_dropout(in[0], 0.5, true);
      },
      {leaf({3, 4, 2, 2})}));
}

TEST_CASE("feature_dropout zeroes whole channels") {
  const int64_t N = 20, C = 500;
  const Tensor x = xgrad::ones({N, C, 3, 3});
  const double p = 0.3;
  const V y = values(xgrad::feature_dropout(x, p, true));
  const double scaled = static_cast<double>(static_cast<float>(1 / (1 - p)));
  int64_t dropped = 0;
  bool whole = true;
  for (int64_t ch = 0; ch < N * C; ++ch) {
    const double first = y[static_cast<size_t>(ch * 9)];
    whole = whole && (first == 0 || first == scaled);
    for (int64_t k = 1; k < 9; ++k) whole = whole && y[static_cast<size_t>(ch * 9 + k)] == first;
    if (first == 0) ++dropped;
  }
  CHECK(whole);
  CHECK(std::abs(static_cast<double>(dropped) / (N * C) - p) < 0.035);  // 5 sd of Binomial(10000, 0.3)
  // [N, C] input: one draw per element; node name as PyTorch
  Tensor x2 = xgrad::randn({4, 3}).requires_grad_();
  CHECK(grad_fn_name(xgrad::feature_dropout(x2, 0.5, true)) == "MulBackward0");
  // reproducible
  xgrad::manual_seed(9);
  const Tensor a = xgrad::feature_dropout(x, 0.5, true);
  xgrad::manual_seed(9);
  CHECK(a.equal(xgrad::feature_dropout(x, 0.5, true)));
}

TEST_CASE("dropout errors") {
  const Tensor x = xgrad::randn({3});
  CHECK_THROWS_WITH_AS(xgrad::dropout(x, 1.5, true),
                       Contains("dropout: dropout probability has to be between 0 and 1, but got 1.5"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::dropout(x, -0.1, false),
                       Contains("dropout: dropout probability has to be between 0 and 1, but got -0.1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::dropout(x, NAN, true), Contains("dropout: dropout probability has to be between 0 and 1"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::feature_dropout(x, 2.0, true),
                       Contains("feature_dropout: dropout probability has to be between 0 and 1, but got 2"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::feature_dropout(x, 0.5, true),
      Contains("feature_dropout: feature dropout requires at least 2 dims [N, C, *] in the input, got [3]"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::dropout(xgrad::ones({3}, xgrad::kLong), 0.5, true),
                       Contains("dropout: expected a floating point tensor (Float or Double), got Long"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::dropout(Tensor(), 0.5, true), Contains("dropout: expected a defined tensor"),
                       xgrad::Error);
}

// ---- embedding ----

TEST_CASE("embedding picks rows by index, for indices of any shape") {
  const Tensor w = iota({5, 3}, xgrad::kFloat);
  const Tensor out = xgrad::embedding(w, xgrad::tensor({{0, 4}, {2, 0}}));
  CHECK(shape_str(out.sizes()) == "[2, 2, 3]");
  check_close(out, {0, 1, 2, 12, 13, 14, 6, 7, 8, 0, 1, 2});
  // 0-dim indices give one row; empty indices give [0, dim]
  check_close(xgrad::embedding(w, xgrad::tensor(3)), {9, 10, 11});
  CHECK(shape_str(xgrad::embedding(w, xgrad::zeros({0}, xgrad::kLong)).sizes()) == "[0, 3]");
  // strided weight and indices; integer weights work too (a lookup needs no arithmetic)
  const Tensor wt = iota({3, 5}, xgrad::kDouble).t();
  const Tensor idx = xgrad::tensor({{1, 2}, {3, 4}}).t();
  check_close(xgrad::embedding(wt, idx), {1, 6, 11, 3, 8, 13, 2, 7, 12, 4, 9, 14});
  check_close(xgrad::embedding(iota({5, 2}, xgrad::kLong), xgrad::tensor({4, 1})), {8, 9, 2, 3});
  CHECK(dtype_of(xgrad::embedding(iota({5, 2}, xgrad::kLong), xgrad::tensor({4, 1}))) == "Long");
}

TEST_CASE("embedding backward: repeated indices accumulate, padding_idx gets none, scale_grad_by_freq") {
  Tensor w = xgrad::randn({4, 2}).requires_grad_();
  const Tensor idx = xgrad::tensor({{1, 3, 1}, {0, 1, 3}});
  Tensor out = xgrad::embedding(w, idx);
  CHECK(grad_fn_name(out) == "EmbeddingBackward0");
  const Tensor g = iota({2, 3, 2}, xgrad::kFloat) + 1;  // rows (1,2) (3,4) (5,6) (7,8) (9,10) (11,12)
  out.backward(g);
  check_close(w.grad(), {7, 8, 1 + 5 + 9, 2 + 6 + 10, 0, 0, 3 + 11, 4 + 12});

  w.mutable_grad() = Tensor();
  xgrad::embedding(w, idx, /*padding_idx=*/1).backward(g);
  check_close(w.grad(), {7, 8, 0, 0, 0, 0, 3 + 11, 4 + 12});
  // the padding row's values are still looked up
  check_close(xgrad::embedding(w, xgrad::tensor({1}), 1), values(w[1]));

  w.mutable_grad() = Tensor();
  xgrad::embedding(w, idx, -1, /*scale_grad_by_freq=*/true).backward(g);
  check_close(w.grad(), {7, 8, 15.0 / 3, 18.0 / 3, 0, 0, 14.0 / 2, 16.0 / 2});

  w.mutable_grad() = Tensor();
  xgrad::embedding(w, idx, 3, true).backward(g);
  check_close(w.grad(), {7, 8, 15.0 / 3, 18.0 / 3, 0, 0, 0, 0});
}

TEST_CASE("gradcheck: embedding, and its double backward") {
  const Tensor idx = xgrad::tensor({{1, 3, 1}, {0, 4, 3}});
  for (int64_t padding : {-1, 3})
    for (bool freq : {false, true}) {
      INFO("padding_idx " << padding << " scale_grad_by_freq " << freq);
      // padding_idx and scale_grad_by_freq change the gradient on purpose (it is no longer the
      // derivative), so only the plain lookup is checked against finite differences
      if (padding < 0 && !freq)
        CHECK(gradcheck([&](const Inputs& in) { return xgrad::embedding(in[0], idx); }, {leaf({5, 3})}));
      // create_graph: the weight gradient is linear in the upstream gradient g; check d(dW)/dg
      auto dw = [&](const Inputs& in) {
        const Tensor w = in[0].detach().requires_grad_();
        return xgrad::autograd::grad({xgrad::embedding(w, idx, padding, freq)}, {w}, {in[1]}, std::nullopt, true)[0];
      };
      CHECK(gradcheck(dw, {leaf({5, 3}).detach(), leaf({2, 3, 3})}));
      // and it equals the fused gradient
      const Tensor w = leaf({5, 3});
      const Tensor g = xgrad::randn({2, 3, 3}, xgrad::kDouble);
      const Tensor fused = xgrad::autograd::grad({xgrad::embedding(w, idx, padding, freq)}, {w}, {g})[0];
      const Tensor graph =
          xgrad::autograd::grad({xgrad::embedding(w, idx, padding, freq)}, {w}, {g}, std::nullopt, true)[0];
      CHECK(close(values(fused), values(graph), 1e-12, 1e-14));
    }
}

TEST_CASE("embedding errors") {
  const Tensor w = xgrad::randn({5, 3});
  CHECK_THROWS_WITH_AS(xgrad::embedding(w, xgrad::tensor({1, 7})),
                       Contains("embedding: index 7 is out of range for 5 embeddings (weight [5, 3])"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::embedding(w, xgrad::tensor({-1})),
                       Contains("embedding: index -1 is out of range for 5 embeddings"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::embedding(w, xgrad::tensor({1.0, 2.0})),
                       Contains("embedding: expected indices of dtype Long, got Float"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::embedding(xgrad::randn({5}), xgrad::tensor({1})),
                       Contains("embedding: expected weight of 2 dims [num_embeddings, embedding_dim], got [5]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::embedding(w, xgrad::tensor({1}), -1, false, /*sparse=*/true),
                       Contains("embedding: sparse gradients are not supported"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::embedding(w, xgrad::tensor({1}), 5),
                       Contains("embedding: padding_idx 5 is out of range for 5 embeddings"), xgrad::Error);
}

// ---- leaky_relu ----

TEST_CASE("leaky_relu values, node name, gradient") {
  check_close(xgrad::leaky_relu(f32({-2, -0.5, 0, 3})), {-0.02, -0.005, 0, 3});
  check_close(xgrad::leaky_relu(f32({-2, 0, 3}), 0.2), {-0.4, 0, 3});
  CHECK(dtype_of(xgrad::leaky_relu(xgrad::ones({2}, xgrad::kDouble))) == "Double");
  CHECK(std::isnan(values(xgrad::leaky_relu(f32({NAN})))[0]));
  // a strided input
  check_close(xgrad::leaky_relu(xgrad::tensor({{-1.0, 2.0}, {3.0, -4.0}}).t(), 0.5), {-0.5, 3, 2, -2});

  Tensor x = xgrad::tensor({-2.0, -0.5, 0.0, 3.0}, xgrad::kDouble).requires_grad_();
  Tensor y = xgrad::leaky_relu(x, 0.1);
  CHECK(grad_fn_name(y) == "LeakyReluBackward0");
  y.backward(xgrad::tensor({1.0, 2.0, 3.0, 4.0}, xgrad::kDouble));
  check_close(x.grad(), {0.1, 0.2, 0.3, 4});  // x = 0 takes the slope, as PyTorch (x > 0 passes g)
}

TEST_CASE("gradcheck: leaky_relu, first and second derivative") {
  for (double slope : {0.01, 0.3, -0.5, 2.0}) {
    INFO("negative_slope " << slope);
    CHECK(gradcheck([slope](const Inputs& in) { return xgrad::leaky_relu(in[0], slope); }, {leaf({3, 4})}));
    const Tensor w = xgrad::randn({3, 4}, xgrad::kDouble);
    auto first_grad = [slope, w](const Inputs& in) {
      const Tensor y = xgrad::leaky_relu(in[0], slope) * in[0];
      return xgrad::autograd::grad({y}, {in[0]}, {w}, std::nullopt, true)[0];
    };
    CHECK(gradcheck(first_grad, {leaf({3, 4})}));
    // the fused backward and the create_graph one agree
    const Tensor x = leaf({3, 4});
    const Tensor fused = xgrad::autograd::grad({xgrad::leaky_relu(x, slope)}, {x}, {w})[0];
    const Tensor graph = xgrad::autograd::grad({xgrad::leaky_relu(x, slope)}, {x}, {w}, std::nullopt, true)[0];
    CHECK(close(values(fused), values(graph)));
  }
}

TEST_CASE("leaky_relu errors") {
  CHECK_THROWS_WITH_AS(xgrad::leaky_relu(xgrad::tensor({1, 2})),
                       Contains("leaky_relu: expected a floating point tensor (Float or Double), got Long"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::leaky_relu(Tensor()), Contains("leaky_relu: expected a defined tensor"), xgrad::Error);
}
