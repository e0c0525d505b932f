// Normalization: batch_norm (train and eval, running statistics) and layer_norm against naive loops
// written here, gradcheck, double backward and error messages.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <cmath>
#include <functional>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;
using xgrad::Tensor;

namespace {

/// Naive batch_norm over [N, C, *]: statistics per channel, from the batch or the given running ones.
V naive_batch_norm(const Tensor& x, const V& w, const V& b, const V& rm, const V& rv, bool training, double eps) {
  const V xv = values(x);
  const int64_t N = x.size(0), C = x.size(1), S = x.numel() / (N * C);
  V out(xv.size());
  for (int64_t c = 0; c < C; ++c) {
    double mean = 0, var = 0;
    if (training) {
      for (int64_t n = 0; n < N; ++n)
        for (int64_t s = 0; s < S; ++s) mean += xv[static_cast<size_t>((n * C + c) * S + s)];
      mean /= static_cast<double>(N * S);
      for (int64_t n = 0; n < N; ++n)
        for (int64_t s = 0; s < S; ++s) {
          const double d = xv[static_cast<size_t>((n * C + c) * S + s)] - mean;
          var += d * d;
        }
      var /= static_cast<double>(N * S);
    } else {
      mean = rm[static_cast<size_t>(c)];
      var = rv[static_cast<size_t>(c)];
    }
    for (int64_t n = 0; n < N; ++n)
      for (int64_t s = 0; s < S; ++s) {
        const size_t i = static_cast<size_t>((n * C + c) * S + s);
        out[i] = (xv[i] - mean) / std::sqrt(var + eps) * (w.empty() ? 1.0 : w[static_cast<size_t>(c)]) +
                 (b.empty() ? 0.0 : b[static_cast<size_t>(c)]);
      }
  }
  return out;
}

/// Naive layer_norm over the last D values of each row.
V naive_layer_norm(const Tensor& x, int64_t D, const V& w, const V& b, double eps) {
  const V xv = values(x);
  V out(xv.size());
  for (size_t r = 0; r < xv.size() / static_cast<size_t>(D); ++r) {
    double mean = 0, var = 0;
    for (int64_t j = 0; j < D; ++j) mean += xv[r * D + j];
    mean /= static_cast<double>(D);
    for (int64_t j = 0; j < D; ++j) var += (xv[r * D + j] - mean) * (xv[r * D + j] - mean);
    var /= static_cast<double>(D);
    for (int64_t j = 0; j < D; ++j)
      out[r * D + j] = (xv[r * D + j] - mean) / std::sqrt(var + eps) * (w.empty() ? 1.0 : w[j]) + (b.empty() ? 0.0 : b[j]);
  }
  return out;
}

V maybe_values(const Tensor& t) { return t.defined() ? values(t) : V{}; }

}  // namespace

TEST_CASE("batch_norm in training normalises by the batch and updates the running stats as PyTorch") {
  // By hand: channel 0 holds {1, 3} (mean 2, biased var 1, unbiased 2), channel 1 {2, 6} (mean 4,
  // biased var 4, unbiased 8).
  const Tensor x = xgrad::tensor({1.0, 2.0, 3.0, 6.0}).view({2, 2});
  Tensor rm = xgrad::tensor({0.5, -1.0});
  Tensor rv = xgrad::tensor({1.0, 3.0});
  const Tensor y = xgrad::batch_norm(x, {}, {}, rm, rv, /*training=*/true, /*momentum=*/0.1, /*eps=*/1e-5);
  const double s0 = std::sqrt(1 + 1e-5), s1 = std::sqrt(4 + 1e-5);
  check_close(y, {-1 / s0, -2 / s1, 1 / s0, 2 / s1});
  // running = momentum * batch + (1 - momentum) * running, with the unbiased batch variance.
  check_close(rm, {0.1 * 2 + 0.9 * 0.5, 0.1 * 4 + 0.9 * -1.0});
  check_close(rv, {0.1 * 2 + 0.9 * 1.0, 0.1 * 8 + 0.9 * 3.0});
  CHECK(rm._version() == 1);
  CHECK(!rm.requires_grad());
  CHECK(grad_fn_name(rm) == "none");

  // Momentum 1 replaces the running stats by the batch's; without running stats nothing is updated.
  Tensor rm1 = xgrad::zeros({2}), rv1 = xgrad::ones({2});
  xgrad::batch_norm(x, {}, {}, rm1, rv1, true, 1.0, 1e-5);
  check_close(rm1, {2, 4});
  check_close(rv1, {2, 8});
  check_close(xgrad::batch_norm(x, {}, {}, {}, {}, true, 0.1, 1e-5), values(y));

  for (const S& sizes : {S{5, 3}, S{4, 3, 5}, S{2, 3, 4, 5}}) {
    INFO("input " << shape_str(sizes));
    for (auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
      const Tensor in = xgrad::randn(sizes, dtype) * 2 + 1;
      const Tensor w = xgrad::randn({3}, dtype), b = xgrad::randn({3}, dtype);
      const Tensor run_mean = xgrad::randn({3}, dtype), run_var = xgrad::rand({3}, dtype) + 0.5;
      const V rm0 = values(run_mean), rv0 = values(run_var);
      const Tensor out = xgrad::batch_norm(in, w, b, run_mean, run_var, true, 0.3, 1e-3);
      CHECK(dtype_of(out) == dtype_name(dtype));
      const double tol = dtype == xgrad::kFloat ? 1e-5 : 1e-12;
      CHECK(close(values(out), naive_batch_norm(in, values(w), values(b), {}, {}, true, 1e-3), tol, tol));
      // The running stats by the hand formula.
      const V xv = values(in);
      const int64_t N = sizes[0], C = 3, Sp = in.numel() / (N * C), m = N * Sp;
      V em, ev;
      for (int64_t c = 0; c < C; ++c) {
        double mean = 0, ssd = 0;
        for (int64_t n = 0; n < N; ++n)
          for (int64_t s = 0; s < Sp; ++s) mean += xv[static_cast<size_t>((n * C + c) * Sp + s)];
        mean /= static_cast<double>(m);
        for (int64_t n = 0; n < N; ++n)
          for (int64_t s = 0; s < Sp; ++s) ssd += std::pow(xv[static_cast<size_t>((n * C + c) * Sp + s)] - mean, 2);
        em.push_back(0.7 * rm0[static_cast<size_t>(c)] + 0.3 * mean);
        ev.push_back(0.7 * rv0[static_cast<size_t>(c)] + 0.3 * ssd / static_cast<double>(m - 1));
      }
      CHECK(close(values(run_mean), em, tol, tol));
      CHECK(close(values(run_var), ev, tol, tol));
    }
  }
}

TEST_CASE("batch_norm in eval mode uses the running stats and leaves them alone") {
  for (const S& sizes : {S{1, 4}, S{3, 4, 2, 3}}) {
    const Tensor x = xgrad::randn(sizes, xgrad::kDouble);
    const Tensor w = xgrad::randn({4}, xgrad::kDouble), b = xgrad::randn({4}, xgrad::kDouble);
    const Tensor rm = xgrad::randn({4}, xgrad::kDouble), rv = xgrad::rand({4}, xgrad::kDouble) + 0.5;
    const V rm0 = values(rm), rv0 = values(rv);
    for (bool affine : {true, false}) {
      const Tensor y = xgrad::batch_norm(x, affine ? w : Tensor(), affine ? b : Tensor(), rm, rv, false, 0.1, 1e-5);
      CHECK(close(values(y), naive_batch_norm(x, affine ? values(w) : V{}, affine ? values(b) : V{}, rm0, rv0, false, 1e-5),
                  1e-12, 1e-12));
    }
    CHECK(values(rm) == rm0);
    CHECK(values(rv) == rv0);
    CHECK(rm._version() == 0);
  }
  // Running stats of another floating dtype are read (and, in training, written) in their own dtype.
  const Tensor x = xgrad::randn({4, 2}, xgrad::kDouble);
  Tensor rm = xgrad::zeros({2}), rv = xgrad::ones({2});
  xgrad::batch_norm(x, {}, {}, rm, rv, true, 0.5, 1e-5);
  CHECK(dtype_of(rm) == "Float");
  CHECK(close(values(rm), V{0.5 * values(x.mean(0))[0], 0.5 * values(x.mean(0))[1]}, 1e-6, 1e-7));
}

TEST_CASE("batch_norm backward and gradcheck, train and eval, with and without affine") {
  const Tensor x = xgrad::randn({4, 3, 5}, xgrad::kDouble).requires_grad_();
  const Tensor y = xgrad::batch_norm(x, {}, {}, {}, {}, true, 0.1, 1e-5);
  CHECK(grad_fn_name(y) == "NativeBatchNormBackward0");
  // A gradient constant over a channel is removed by the mean: dx = 0.
  y.backward(xgrad::ones_like(y) * 3);
  CHECK(close(values(x.grad()), V(static_cast<size_t>(x.numel()), 0.0), 1e-12, 1e-12));

  for (const S& sizes : {S{5, 3}, S{3, 3, 4}, S{2, 3, 3, 2}}) {
    for (bool training : {true, false}) {
      INFO("input " << shape_str(sizes) << " training " << training);
      const Tensor rm = xgrad::randn({3}, xgrad::kDouble), rv = xgrad::rand({3}, xgrad::kDouble) + 0.5;
      auto bn = [rm, rv, training](const Inputs& in) {
        // Fresh running stats per call: gradcheck calls the function many times.
        return xgrad::batch_norm(in[0], in.size() > 1 ? in[1] : Tensor(), in.size() > 2 ? in[2] : Tensor(),
                                 rm.clone(), rv.clone(), training, 0.1, 1e-5);
      };
      CHECK(gradcheck(bn, {leaf(sizes)}));
      CHECK(gradcheck(bn, {leaf(sizes), leaf({3})}));
      CHECK(gradcheck(bn, {leaf(sizes), leaf({3}), leaf({3})}));
      CHECK(gradcheck([bn](const Inputs& in) { return bn({in[0], Tensor(), in[1]}); }, {leaf(sizes), leaf({3})}));
      // A strided input.
      CHECK(gradcheck([bn](const Inputs& in) { return bn({in[0].transpose(0, 1), in[1], in[2]}); },
                      {leaf({3, sizes[0]}), leaf({3}), leaf({3})}));
    }
  }
  // Only the weight requires grad: its gradient is sum(g * xhat).
  const Tensor xin = xgrad::randn({6, 2}, xgrad::kDouble);
  const Tensor w = xgrad::ones({2}, xgrad::kDouble).requires_grad_();
  const Tensor g = xgrad::randn({6, 2}, xgrad::kDouble);
  xgrad::batch_norm(xin, w, {}, {}, {}, true, 0.1, 0.0).backward(g);
  const Tensor xhat = (xin - xin.mean(0)) / (xin.var(0, false) + 0.0).sqrt();
  CHECK(close(values(w.grad()), values((g * xhat).sum(0)), 1e-10, 1e-12));
}

TEST_CASE("layer_norm matches naive loops over 1 and 2 trailing dims") {
  struct L {
    S sizes, normalized;
  };
  for (const L& l : {L{{4, 5}, {5}}, L{{2, 3, 6}, {6}}, L{{2, 3, 4}, {3, 4}}, L{{3, 4}, {3, 4}}, L{{7}, {7}}}) {
    INFO("input " << shape_str(l.sizes) << " normalized_shape " << shape_str(l.normalized));
    for (auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
      const int64_t D = numel(l.normalized);
      const Tensor x = xgrad::randn(l.sizes, dtype) * 3 + 2;
      const Tensor w = xgrad::randn(l.normalized, dtype), b = xgrad::randn(l.normalized, dtype);
      const double tol = dtype == xgrad::kFloat ? 1e-5 : 1e-12;
      for (int affine = 0; affine < 4; ++affine) {
        const Tensor wi = affine & 1 ? w : Tensor(), bi = affine & 2 ? b : Tensor();
        const Tensor y = xgrad::layer_norm(x, l.normalized, wi, bi, 1e-5);
        CHECK(dtype_of(y) == dtype_name(dtype));
        CHECK(shape_str(y.sizes()) == shape_str(l.sizes));
        CHECK(close(values(y), naive_layer_norm(x, D, maybe_values(wi), maybe_values(bi), 1e-5), tol, tol));
      }
    }
  }
  const Tensor x = xgrad::randn({2, 4}).requires_grad_();
  CHECK(grad_fn_name(xgrad::layer_norm(x, {4})) == "NativeLayerNormBackward0");
  // By hand: [1, 3] has mean 2 and variance 1.
  check_close(xgrad::layer_norm(xgrad::tensor({1.0, 3.0}), {2}, {}, {}, 0.0), {-1, 1});
}

TEST_CASE("gradcheck: layer_norm") {
  struct L {
    S sizes, normalized;
  };
  for (const L& l : {L{{4, 5}, {5}}, L{{2, 3, 4}, {3, 4}}, L{{3, 4}, {3, 4}}, L{{2, 2, 3}, {3}}}) {
    INFO("input " << shape_str(l.sizes) << " normalized_shape " << shape_str(l.normalized));
    const S ns = l.normalized;
    CHECK(gradcheck([ns](const Inputs& in) { return xgrad::layer_norm(in[0], ns); }, {leaf(l.sizes)}));
    CHECK(gradcheck([ns](const Inputs& in) { return xgrad::layer_norm(in[0], ns, in[1], in[2]); },
                    {leaf(l.sizes), leaf(ns), leaf(ns)}));
    CHECK(gradcheck([ns](const Inputs& in) { return xgrad::layer_norm(in[0], ns, in[1]); }, {leaf(l.sizes), leaf(ns)}));
    CHECK(gradcheck([ns](const Inputs& in) { return xgrad::layer_norm(in[0], ns, {}, in[1]); }, {leaf(l.sizes), leaf(ns)}));
  }
  CHECK(gradcheck([](const Inputs& in) { return xgrad::layer_norm(in[0].transpose(0, 1), {3}, in[1], in[2], 1e-3); },
                  {leaf({3, 4}), leaf({3}), leaf({3})}));
}

TEST_CASE("double backward (create_graph) of batch_norm and layer_norm") {
  using Fn = std::function<Tensor(const Inputs&)>;
  const Tensor rm = xgrad::randn({3}, xgrad::kDouble), rv = xgrad::rand({3}, xgrad::kDouble) + 0.5;
  const std::vector<std::pair<const char*, Fn>> ops = {
      {"batch_norm train", [](const Inputs& in) { return xgrad::batch_norm(in[0], in[1], in[2], {}, {}, true, 0.1, 1e-5); }},
      {"batch_norm eval",
       [rm, rv](const Inputs& in) { return xgrad::batch_norm(in[0], in[1], in[2], rm, rv, false, 0.1, 1e-5); }},
      {"batch_norm train no affine",
       [](const Inputs& in) { return xgrad::batch_norm(in[0], {}, {}, {}, {}, true, 0.1, 1e-5) * in[1].view({1, 3, 1}); }},
      {"layer_norm", [](const Inputs& in) { return xgrad::layer_norm(in[0].transpose(1, 2), {3}, in[1], in[2]); }},
      {"layer_norm 2 dims",
       [](const Inputs& in) { return xgrad::layer_norm(in[0], {3, 4}, in[1].view({3, 1}).expand({3, 4}) * 1.0, {}); }},
  };
  for (const auto& op : ops) {
    INFO(op.first);
    const Fn fn = op.second;
    const Tensor x0 = xgrad::randn({2, 3, 4}, xgrad::kDouble), w0 = xgrad::randn({3}, xgrad::kDouble),
                 b0 = xgrad::randn({3}, xgrad::kDouble);
    const S out_sizes = fn({x0, w0, b0}).sizes().vec();
    const Tensor up = xgrad::randn(out_sizes, xgrad::kDouble);
    // Every first gradient (input, weight, bias), as a function of all three and of the upstream gradient.
    auto first_grads = [fn](const Inputs& in) {
      const Inputs args{in[0], in[1], in[2]};
      const Tensor y = fn(args);
      auto g = xgrad::autograd::grad({y}, args, {in[3]}, std::nullopt, /*create_graph=*/true, /*allow_unused=*/true);
      std::vector<Tensor> out;
      for (const Tensor& t : g)
        if (t.defined()) out.push_back(t);
      return out;
    };
    CHECK(gradcheck(first_grads, {x0.clone().requires_grad_(), w0.clone().requires_grad_(), b0.clone().requires_grad_(),
                                  up.clone().requires_grad_()}));
    // The fused backward (no graph) and the tensor-op backward (create_graph) agree.
    const Inputs in{x0.clone().requires_grad_(), w0.clone().requires_grad_(), b0.clone().requires_grad_()};
    const auto fused = xgrad::autograd::grad({fn(in)}, in, {up}, std::nullopt, false, true);
    const auto graphed = xgrad::autograd::grad({fn(in)}, in, {up}, std::nullopt, true, true);
    for (size_t i = 0; i < 3; ++i) {
      REQUIRE(fused[i].defined() == graphed[i].defined());
      if (fused[i].defined()) CHECK(close(values(fused[i]), values(graphed[i]), 1e-10, 1e-12));
    }
  }
}

TEST_CASE("normalization in float32 agrees with float64") {
  const Tensor x = xgrad::randn({8, 4, 3, 3}, xgrad::kDouble);
  const Tensor w = xgrad::randn({4}, xgrad::kDouble), b = xgrad::randn({4}, xgrad::kDouble);
  const Tensor g = xgrad::randn({8, 4, 3, 3}, xgrad::kDouble);
  for (bool layer : {false, true}) {
    INFO("layer_norm " << layer);
    V grads[2];
    V outs[2];
    int k = 0;
    for (auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
      const Tensor xi = x.to(dtype, false, /*copy=*/true).requires_grad_();
      const Tensor y = layer ? xgrad::layer_norm(xi, {3, 3}) : xgrad::batch_norm(xi, w.to(dtype), b.to(dtype), {}, {}, true, 0.1, 1e-5);
      y.backward(g.to(dtype));
      outs[k] = values(y);
      grads[k++] = values(xi.grad());
    }
    CHECK(close(outs[0], outs[1], 1e-4, 1e-5));
    CHECK(close(grads[0], grads[1], 1e-4, 1e-5));
  }
}

TEST_CASE("normalization errors name the op, the shapes and the values") {
  const Tensor x = xgrad::randn({2, 4, 3});
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(xgrad::randn({1, 4}), {}, {}, {}, {}, true, 0.1, 1e-5),
                       doctest::Contains("batch_norm: expected more than 1 value per channel when training, got input "
                                         "size [1, 4]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(xgrad::randn({1, 4, 1, 1}), {}, {}, {}, {}, true, 0.1, 1e-5),
                       doctest::Contains("got input size [1, 4, 1, 1]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(x, {}, {}, xgrad::zeros({3}), xgrad::ones({4}), true, 0.1, 1e-5),
                       doctest::Contains("batch_norm: running_mean should contain 4 elements (one per channel of input "
                                         "[2, 4, 3]), got 3 ([3])"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(x, {}, {}, xgrad::zeros({4}), xgrad::ones({5}), false, 0.1, 1e-5),
                       doctest::Contains("batch_norm: running_var should contain 4 elements"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(x, xgrad::ones({2}), {}, {}, {}, true, 0.1, 1e-5),
                       doctest::Contains("batch_norm: weight should contain 4 elements"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(x, {}, xgrad::ones({2, 4}), {}, {}, true, 0.1, 1e-5),
                       doctest::Contains("batch_norm: bias should contain 4 elements (one per channel of input [2, 4, "
                                         "3]), got 8 ([2, 4])"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(xgrad::randn({4}), {}, {}, {}, {}, true, 0.1, 1e-5),
                       doctest::Contains("batch_norm: expected an input of shape [N, C] or [N, C, *], got [4]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(x, {}, {}, {}, {}, false, 0.1, 1e-5),
                       doctest::Contains("batch_norm: running_mean and running_var must be defined in evaluation mode"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::batch_norm(xgrad::ones({2, 4}, xgrad::kLong), {}, {}, {}, {}, true, 0.1, 1e-5),
                       doctest::Contains("batch_norm: expected a floating point tensor"), xgrad::Error);

  CHECK_THROWS_WITH_AS(xgrad::layer_norm(xgrad::randn({2, 3}), {4}),
                       doctest::Contains("layer_norm: given normalized_shape=[4], expected input with shape [*, 4], but "
                                         "got input of size [2, 3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::layer_norm(xgrad::randn({3}), {2, 3}),
                       doctest::Contains("layer_norm: given normalized_shape=[2, 3], expected input with shape [*, 2, "
                                         "3], but got input of size [3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::layer_norm(xgrad::randn({2, 3}), {3}, xgrad::ones({4})),
                       doctest::Contains("layer_norm: expected weight of shape [3] (normalized_shape), got [4]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::layer_norm(xgrad::randn({2, 3}), {3}, {}, xgrad::ones({1, 3})),
                       doctest::Contains("layer_norm: expected bias of shape [3] (normalized_shape), got [1, 3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::layer_norm(xgrad::randn({2, 3}), std::vector<int64_t>{}),
                       doctest::Contains("layer_norm: expected normalized_shape to have at least one dim"), xgrad::Error);
}

TEST_CASE("a second backward through the normalization nodes needs retain_graph") {
  const Tensor x = xgrad::randn({3, 2}).requires_grad_();
  const Tensor y = xgrad::batch_norm(x, {}, {}, {}, {}, true, 0.1, 1e-5).sum() + xgrad::layer_norm(x, {2}).sum();
  y.backward();
  CHECK_THROWS_WITH_AS(y.backward(), doctest::Contains("Trying to backward through the graph a second time"),
                       xgrad::Error);
}
