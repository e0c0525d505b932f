// Losses (ops/loss.cpp): every loss against a reference computed in the test (loops in double or
// simple tensor ops), for every reduction and option; node names; stability of cross entropy on huge
// logits; gradcheck (float64) of every loss and option, first and second derivatives; errors.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "test_helpers.h"

using doctest::Contains;
using namespace test_helpers;
namespace R = xgrad::Reduction;

namespace {

using L = std::vector<int64_t>;
constexpr int64_t kReductions[] = {R::None, R::Mean, R::Sum};

/// The input [N, C, d...] (or [C]) as lines: line l = (o, s) holds x[(o * C + c) * inner + s], c < C.
struct Lines {
  int64_t outer = 1, C = 1, inner = 1;
  explicit Lines(const S& sizes) {
    if (sizes.size() == 1) {
      C = sizes[0];
      return;
    }
    outer = sizes[0];
    C = sizes[1];
    for (size_t d = 2; d < sizes.size(); ++d) inner *= sizes[d];
  }
  int64_t count() const { return outer * inner; }
  size_t at(int64_t l, int64_t c) const {
    const int64_t o = l / inner, s = l % inner;
    return static_cast<size_t>((o * C + c) * inner + s);
  }
};

/// -log softmax of line l.
V neg_log_softmax(const V& x, const Lines& ln, int64_t l) {
  double m = -INFINITY, s = 0;
  for (int64_t c = 0; c < ln.C; ++c) m = std::max(m, x[ln.at(l, c)]);
  for (int64_t c = 0; c < ln.C; ++c) s += std::exp(x[ln.at(l, c)] - m);
  V out(static_cast<size_t>(ln.C));
  for (int64_t c = 0; c < ln.C; ++c) out[static_cast<size_t>(c)] = m + std::log(s) - x[ln.at(l, c)];
  return out;
}

/// Reduces per-line losses: None keeps them, Mean divides the sum by denom.
V reduce(const V& per_line, int64_t reduction, double denom) {
  if (reduction == R::None) return per_line;
  double s = 0;
  for (double v : per_line) s += v;
  return {reduction == R::Mean ? s / denom : s};
}

/// nll_loss (logits == false) or cross entropy with class indices, as PyTorch defines them.
V ref_class_loss(const Tensor& input, const Tensor& target, const V& w, int64_t reduction, int64_t ignore, double eps,
                 bool logits) {
  const V x = values(input);
  const V yv = values(target);
  const Lines ln(input.sizes().vec());
  V per_line;
  double denom = 0;
  for (int64_t l = 0; l < ln.count(); ++l) {
    const auto y = static_cast<int64_t>(yv[static_cast<size_t>(l)]);
    if (y == ignore) {
      per_line.push_back(0);
      continue;
    }
    auto wc = [&](int64_t c) { return w.empty() ? 1.0 : w[static_cast<size_t>(c)]; };
    denom += wc(y);
    if (!logits) {
      per_line.push_back(-wc(y) * x[ln.at(l, y)]);
      continue;
    }
    const V nlp = neg_log_softmax(x, ln, l);
    double smooth = 0;
    for (int64_t c = 0; c < ln.C; ++c) smooth += wc(c) * nlp[static_cast<size_t>(c)];
    per_line.push_back((1 - eps) * wc(y) * nlp[static_cast<size_t>(y)] + eps / static_cast<double>(ln.C) * smooth);
  }
  return reduce(per_line, reduction, denom);
}

/// Cross entropy with class probabilities: sum_c w_c ((1 - eps) t_c + eps / C) (-log p_c).
V ref_prob_loss(const Tensor& input, const Tensor& target, const V& w, int64_t reduction, double eps) {
  const V x = values(input), t = values(target);
  const Lines ln(input.sizes().vec());
  V per_line;
  for (int64_t l = 0; l < ln.count(); ++l) {
    const V nlp = neg_log_softmax(x, ln, l);
    double s = 0;
    for (int64_t c = 0; c < ln.C; ++c) {
      const double wc = w.empty() ? 1.0 : w[static_cast<size_t>(c)];
      s += wc * ((1 - eps) * t[ln.at(l, c)] + eps / static_cast<double>(ln.C)) * nlp[static_cast<size_t>(c)];
    }
    per_line.push_back(s);
  }
  return reduce(per_line, reduction, static_cast<double>(ln.count()));
}

/// t's values equal `expected` to relative tolerance tol (NaN matching NaN: every target ignored).
void check_near(const Tensor& t, const V& expected, double tol = 1e-12) {
  INFO("got " << t << ", expected " << expected.size() << " values starting " << expected.at(0));
  CHECK(close(values(t), expected, tol, tol));
}

/// A pointwise reference from tensor ops, reduced.
Tensor reduce_ref(const Tensor& loss, int64_t reduction) {
  return reduction == R::Mean ? loss.mean() : reduction == R::Sum ? loss.sum() : loss;
}

/// Random class indices in [0, C) of the given shape, with some set to `ignore`.
Tensor class_targets(const S& sizes, int64_t C, int64_t ignore = -100, int every = 0) {
  Tensor t = xgrad::randint(C, sizes);
  if (every > 0) {
    int64_t* p = t.data_ptr<int64_t>();
    for (int64_t i = 0; i < t.numel(); i += every) p[i] = ignore;
  }
  return t;
}

/// Random class probabilities of the given shape along dim 1 (dim 0 for 1-D).
Tensor probabilities(const S& sizes) { return xgrad::randn(sizes, xgrad::kDouble).softmax(sizes.size() == 1 ? 0 : 1); }

/// Rand in (lo, hi), float64, requiring grad.
Tensor uniform_leaf(const S& sizes, double lo, double hi) {
  return (xgrad::rand(sizes, xgrad::kDouble) * (hi - lo) + lo).detach().requires_grad_();
}

/// gradcheck of the first derivative built under create_graph: d/d(inputs) of
/// grad(fn(inputs), inputs[0], upstream) checks the double backward (gradgradcheck).
bool gradgradcheck(const std::function<Tensor(const Inputs&)>& fn, const Inputs& inputs) {
  const Tensor out = fn(inputs);
  const Tensor upstream = xgrad::randn(out.sizes(), xgrad::kDouble);
  return gradcheck(
      [fn, upstream](const Inputs& in) {
        return xgrad::autograd::grad({fn(in)}, {in[0]}, {upstream}, std::nullopt, /*create_graph=*/true)[0];
      },
      inputs);
}

/// The gradient of sum(fn(x) * upstream) w.r.t. x, with or without create_graph.
Tensor grad_of(const std::function<Tensor(const Tensor&)>& fn, const Tensor& x, const Tensor& upstream,
               bool create_graph) {
  return xgrad::autograd::grad({fn(x)}, {x}, {upstream}, std::nullopt, create_graph)[0];
}

}  // namespace

// ---- nll_loss ----

TEST_CASE("nll_loss: values for every reduction, with weights and ignore_index") {
  const V w = {0.5, 2.0, 1.0, 3.0};
  const Tensor wt = xgrad::tensor(w, xgrad::kDouble);
  const std::vector<S> shapes = {{4}, {5, 4}, {2, 4, 3}, {2, 4, 3, 2}, {2, 4, 1, 2, 2}};
  for (const S& shape : shapes) {
    const Tensor x = xgrad::randn(shape, xgrad::kDouble);
    S tshape(shape);
    tshape.erase(tshape.begin() + (shape.size() == 1 ? 0 : 1));
    const Tensor y = class_targets(tshape, 4, -100, shape.size() == 1 ? 0 : 3);
    for (int64_t r : kReductions) {
      INFO("shape " << shape_str(shape) << " reduction " << r);
      check_near(xgrad::nll_loss(x, y, {}, r), ref_class_loss(x, y, {}, r, -100, 0, false));
      check_near(xgrad::nll_loss(x, y, wt, r), ref_class_loss(x, y, w, r, -100, 0, false));
      // a class used as ignore_index
      check_near(xgrad::nll_loss(x, y.clamp_min(0), wt, r, 1), ref_class_loss(x, y.clamp_min(0), w, r, 1, 0, false));
      const Tensor out = xgrad::nll_loss(x, y, wt, r);
      CHECK(shape_str(out.sizes()) == shape_str(r == R::None ? tshape : S{}));
    }
  }
  // float32 in, float32 out
  const Tensor xf = xgrad::randn({3, 4});
  CHECK(dtype_of(xgrad::nll_loss(xf, xgrad::tensor({0, 1, 3}))) == "Float");
}

TEST_CASE("nll_loss: every target ignored gives NaN for Mean, 0 for Sum, and a zero gradient") {
  Tensor x = xgrad::randn({3, 4}, xgrad::kDouble).requires_grad_();
  Tensor y = xgrad::tensor({-100, -100, -100});
  Tensor mean = xgrad::nll_loss(x, y);
  CHECK(std::isnan(mean.item<double>()));
  CHECK(xgrad::nll_loss(x, y, {}, R::Sum).item<double>() == 0);
  mean.backward();
  check_close(x.grad(), V(12, 0.0));
}

TEST_CASE("nll_loss: gradient is -w_y * scale at the target class") {
  Tensor x = xgrad::randn({3, 4}, xgrad::kDouble).requires_grad_();
  Tensor w = xgrad::tensor({1.0, 2.0, 3.0, 4.0}, xgrad::kDouble);
  xgrad::nll_loss(x, xgrad::tensor({3, -100, 1}), w).backward();
  const double total = 4 + 2;  // weights of the non-ignored targets
  check_close(x.grad(), {0, 0, 0, -4 / total, 0, 0, 0, 0, 0, -2 / total, 0, 0}, 1e-12);
}

TEST_CASE("nll_loss node names follow PyTorch") {
  auto x = [](const S& s) { return xgrad::randn(s).requires_grad_(); };
  CHECK(grad_fn_name(xgrad::nll_loss(x({3, 4}), xgrad::tensor({0, 1, 2}))) == "NllLossBackward0");
  CHECK(grad_fn_name(xgrad::nll_loss(x({4}), xgrad::tensor(1), {}, R::None)) == "NllLossBackward0");
  CHECK(grad_fn_name(xgrad::nll_loss(x({2, 3, 4, 4}), xgrad::zeros({2, 4, 4}, xgrad::kLong))) == "NllLoss2DBackward0");
  CHECK(grad_fn_name(xgrad::nll_loss(x({2, 3, 4, 4}), xgrad::zeros({2, 4, 4}, xgrad::kLong), {}, R::None)) ==
        "NllLoss2DBackward0");
  CHECK(grad_fn_name(xgrad::nll_loss(x({2, 3, 4}), xgrad::zeros({2, 4}, xgrad::kLong))) == "NllLoss2DBackward0");
  // nll_loss_nd: other spatial ranks go through a flattened 2-D loss and a view
  CHECK(grad_fn_name(xgrad::nll_loss(x({2, 3, 4}), xgrad::zeros({2, 4}, xgrad::kLong), {}, R::None)) ==
        "ViewBackward0");
  CHECK(grad_fn_name(xgrad::nll_loss(xgrad::randn({3, 4}), xgrad::tensor({0, 1, 2}))) == "none");
}

TEST_CASE("gradcheck: nll_loss") {
  const Tensor w = xgrad::tensor({0.5, 2.0, 1.0, 3.0}, xgrad::kDouble);
  for (int64_t r : kReductions) {
    INFO("reduction " << r);
    const Tensor y2 = xgrad::tensor({0, 3, -100, 2, 1});
    CHECK(gradcheck([&](const Inputs& in) { return xgrad::nll_loss(in[0], y2, w, r); }, {leaf({5, 4})}));
    CHECK(
        gradcheck([&](const Inputs& in) { return xgrad::nll_loss(in[0], y2.clamp_min(0), {}, r, 2); }, {leaf({5, 4})}));
    const Tensor y4 = class_targets({2, 3, 2}, 4, -100, 4);
    CHECK(gradcheck([&](const Inputs& in) { return xgrad::nll_loss(in[0], y4, w, r); }, {leaf({2, 4, 3, 2})}));
    const Tensor y3 = class_targets({2, 3}, 4);
    CHECK(gradcheck([&](const Inputs& in) { return xgrad::nll_loss(in[0], y3, {}, r); }, {leaf({2, 4, 3})}));
    CHECK(gradcheck([&](const Inputs& in) { return xgrad::nll_loss(in[0], xgrad::tensor(2), w, r); }, {leaf({4})}));
    CHECK(gradgradcheck([&](const Inputs& in) { return xgrad::nll_loss(in[0], y2, w, r) * in[0].sum(); },
                        {leaf({5, 4})}));
  }
}

// ---- cross_entropy_loss ----

TEST_CASE("cross_entropy_loss with class indices: every reduction, weight, ignore_index, label smoothing") {
  const V w = {0.5, 2.0, 1.0, 3.0};
  const Tensor wt = xgrad::tensor(w, xgrad::kDouble);
  const std::vector<S> shapes = {{4}, {6, 4}, {2, 4, 3}, {2, 4, 3, 2}};
  for (const S& shape : shapes) {
    const Tensor x = xgrad::randn(shape, xgrad::kDouble) * 3;
    S tshape(shape);
    tshape.erase(tshape.begin() + (shape.size() == 1 ? 0 : 1));
    const Tensor y = class_targets(tshape, 4, -100, shape.size() == 1 ? 0 : 4);
    for (int64_t r : kReductions) {
      for (double eps : {0.0, 0.1, 1.0}) {
        INFO("shape " << shape_str(shape) << " reduction " << r << " label_smoothing " << eps);
        check_near(xgrad::cross_entropy_loss(x, y, {}, r, -100, eps), ref_class_loss(x, y, {}, r, -100, eps, true),
                   1e-12);
        check_near(xgrad::cross_entropy_loss(x, y, wt, r, -100, eps), ref_class_loss(x, y, w, r, -100, eps, true),
                   1e-12);
        check_near(xgrad::cross_entropy_loss(x, y.clamp_min(0), wt, r, 3, eps),
                   ref_class_loss(x, y.clamp_min(0), w, r, 3, eps, true), 1e-12);
      }
    }
  }
}

TEST_CASE("cross_entropy_loss equals nll_loss of log_softmax") {
  const Tensor x = xgrad::randn({2, 5, 3, 3}, xgrad::kDouble);
  const Tensor y = class_targets({2, 3, 3}, 5, -100, 5);
  const Tensor w = xgrad::rand({5}, xgrad::kDouble);
  for (int64_t r : kReductions)
    CHECK(close(values(xgrad::cross_entropy_loss(x, y, w, r)), values(xgrad::nll_loss(x.log_softmax(1), y, w, r)),
                1e-12, 1e-14));
}

TEST_CASE("cross_entropy_loss with class probabilities: every reduction, weight, label smoothing") {
  const V w = {0.5, 2.0, 1.0};
  const Tensor wt = xgrad::tensor(w, xgrad::kDouble);
  for (const S& shape : std::vector<S>{{3}, {5, 3}, {2, 3, 2, 2}}) {
    const Tensor x = xgrad::randn(shape, xgrad::kDouble) * 2;
    const Tensor t = probabilities(shape);
    for (int64_t r : kReductions) {
      for (double eps : {0.0, 0.3}) {
        INFO("shape " << shape_str(shape) << " reduction " << r << " label_smoothing " << eps);
        check_close(xgrad::cross_entropy_loss(x, t, {}, r, -100, eps), ref_prob_loss(x, t, {}, r, eps), 1e-12);
        check_close(xgrad::cross_entropy_loss(x, t, wt, r, -100, eps), ref_prob_loss(x, t, w, r, eps), 1e-12);
      }
    }
  }
  // a float32 target with float64 logits computes in the logits' dtype
  const Tensor x = xgrad::randn({2, 3}, xgrad::kDouble);
  const Tensor t = probabilities({2, 3});
  CHECK(close(values(xgrad::cross_entropy_loss(x, t.to(xgrad::kFloat))),
              ref_prob_loss(x, t.to(xgrad::kFloat), {}, R::Mean, 0), 1e-12));
}

TEST_CASE("cross_entropy_loss matches values from PyTorch 1.13") {
  const Tensor x = xgrad::tensor({{1.0, -0.5, 2.0}, {0.3, 0.1, -1.2}});
  const Tensor t = xgrad::tensor({2, 0});
  const Tensor w = xgrad::tensor({0.2, 1.0, 3.0});
  const Tensor p = xgrad::tensor({{0.1, 0.6, 0.3}, {0.5, 0.5, 0.0}});
  check_close(xgrad::cross_entropy_loss(x, t, {}, R::None), {0.37153908610343933, 0.7138615846633911}, 1e-6);
  check_close(xgrad::cross_entropy_loss(x, t, w, R::Mean, -100, 0.1), {0.4782104194164276}, 1e-6);
  check_close(xgrad::cross_entropy_loss(x, p, w, R::None, -100, 0.2), {1.9518225193023682, 0.9358681440353394}, 1e-6);
  check_close(xgrad::cross_entropy_loss(x, p), {1.3927003145217896}, 1e-6);
}

TEST_CASE("cross_entropy_loss stays finite for logits of 1e4") {
  Tensor x = xgrad::tensor({{1e4, 0.0, -1e4}, {-1e4, 1e4, 1e4}}).requires_grad_();
  Tensor y = xgrad::tensor({0, 0});
  Tensor loss = xgrad::cross_entropy_loss(x, y, {}, R::None);
  // line 0: the target holds the max, so the loss is log(1 + e^-1e4 + e^-2e4) = 0;
  // line 1: lse = 1e4 + log 2, so the loss is 2e4 + log 2
  check_close(loss, {0.0, 2e4 + std::log(2.0)}, 1e-6);
  loss.sum().backward();
  check_close(x.grad(), {0, 0, 0, -1, 0.5, 0.5}, 1e-6);
  for (double v : values(x.grad())) CHECK(std::isfinite(v));
  Tensor label_smoothed = xgrad::cross_entropy_loss(x.detach(), y, {}, R::Mean, -100, 0.1);
  CHECK(std::isfinite(label_smoothed.item<double>()));
  Tensor prob = xgrad::cross_entropy_loss(x.detach(), xgrad::tensor({{0.5, 0.5, 0.0}, {0.0, 0.5, 0.5}}));
  check_close(prob, {(5e3 + std::log(2.0)) / 2}, 1e-6);
}

TEST_CASE("cross_entropy_loss gradient is (softmax - onehot) * weight * scale") {
  Tensor x = xgrad::randn({4, 5}, xgrad::kDouble).requires_grad_();
  const Tensor y = xgrad::tensor({1, -100, 4, 1});
  const V w = {1, 2, 3, 4, 5};
  xgrad::cross_entropy_loss(x, y, xgrad::tensor(w, xgrad::kDouble)).backward();
  const V p = values(x.detach().softmax(1));
  const double total = 2 + 5 + 2;
  V expected(20, 0.0);
  for (int64_t i : {0, 2, 3}) {
    const auto yi = static_cast<int64_t>(values(y)[static_cast<size_t>(i)]);
    for (int64_t c = 0; c < 5; ++c) {
      const size_t k = static_cast<size_t>(i * 5 + c);
      expected[k] = (p[k] - (c == yi ? 1 : 0)) * w[static_cast<size_t>(yi)] / total;
    }
  }
  check_close(x.grad(), expected, 1e-12);
}

TEST_CASE("cross_entropy_loss over many lines and classes (several blocks, a partial last one)") {
  const Tensor w5 = xgrad::rand({5}, xgrad::kDouble) + 0.5;
  const std::vector<S> shapes = {{3000, 5}, {40, 1000}, {3, 5, 40, 50}};
  for (const S& shape : shapes) {
    INFO("shape " << shape_str(shape));
    const Tensor x = (xgrad::randn(shape, xgrad::kDouble) * 4).requires_grad_();
    S tshape(shape);
    tshape.erase(tshape.begin() + 1);
    const Tensor y = class_targets(tshape, shape[1], -100, 7);
    const Tensor w = shape[1] == 5 ? w5 : Tensor();
    const V wv = shape[1] == 5 ? values(w5) : V();
    const Tensor p = probabilities(shape).requires_grad_();
    for (double eps : {0.0, 0.1}) {
      check_near(xgrad::cross_entropy_loss(x, y, w, R::None, -100, eps),
                 ref_class_loss(x, y, wv, R::None, -100, eps, true), 1e-11);
      check_near(xgrad::cross_entropy_loss(x, p, w, R::None, -100, eps), ref_prob_loss(x, p, wv, R::None, eps), 1e-11);
      // the fused backward against the one built from tensor ops (create_graph)
      for (const Tensor& target : {y, p}) {
        auto fn = [&](const Tensor& a) { return xgrad::cross_entropy_loss(a, target, w, R::Mean, -100, eps); };
        const Tensor up = xgrad::tensor(1.5, xgrad::kDouble);
        CHECK(close(values(grad_of(fn, x, up, false)), values(grad_of(fn, x, up, true)), 1e-10, 1e-14));
      }
      const auto fused = xgrad::autograd::grad({xgrad::cross_entropy_loss(x, p, w, R::Sum, -100, eps)}, {x, p});
      const auto graph = xgrad::autograd::grad({xgrad::cross_entropy_loss(x, p, w, R::Sum, -100, eps)}, {x, p}, {},
                                               std::nullopt, true);
      CHECK(close(values(fused[1]), values(graph[1]), 1e-10, 1e-14));
    }
  }
}

TEST_CASE("cross_entropy_loss node names follow PyTorch's composition") {
  Tensor x = xgrad::randn({3, 4}).requires_grad_();
  const Tensor y = xgrad::tensor({0, 1, 3});
  const Tensor p = xgrad::randn({3, 4}).softmax(1);
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x, y)) == "NllLossBackward0");
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x, y, {}, R::None)) == "NllLossBackward0");
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x, y, {}, R::Mean, -100, 0.1)) == "AddBackward0");
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x, p)) == "DivBackward1");
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x, p, {}, R::Sum)) == "NegBackward0");
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x, p, {}, R::None)) == "NegBackward0");
  Tensor x4 = xgrad::randn({2, 3, 4, 5}).requires_grad_();
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x4, xgrad::zeros({2, 4, 5}, xgrad::kLong))) == "NllLoss2DBackward0");
  Tensor x3 = xgrad::randn({2, 3, 4}).requires_grad_();
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x3, xgrad::zeros({2, 4}, xgrad::kLong), {}, R::None)) ==
        "ViewBackward0");
  CHECK(grad_fn_name(xgrad::cross_entropy_loss(x3, xgrad::zeros({2, 4}, xgrad::kLong), {}, R::None, -100, 0.2)) ==
        "AddBackward0");
}

TEST_CASE("gradcheck: cross_entropy_loss, every option") {
  const Tensor w = xgrad::tensor({0.5, 2.0, 1.0, 3.0}, xgrad::kDouble);
  const Tensor y2 = xgrad::tensor({0, 3, -100, 2, 1});
  const Tensor y4 = class_targets({2, 3, 2}, 4, -100, 5);
  for (int64_t r : kReductions) {
    for (double eps : {0.0, 0.2}) {
      INFO("reduction " << r << " label_smoothing " << eps);
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], y2, {}, r, -100, eps); },
                      {leaf({5, 4})}));
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], y2, w, r, -100, eps); },
                      {leaf({5, 4})}));
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], y2.clamp_min(0), w, r, 3, eps); },
                      {leaf({5, 4})}));
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], y4, w, r, -100, eps); },
                      {leaf({2, 4, 3, 2})}));
      CHECK(gradcheck(
          [&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], xgrad::tensor(1), w, r, -100, eps); },
          {leaf({4})}));
      // class probabilities: gradients for the logits and for the target
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], in[1], w, r, -100, eps); },
                      {leaf({5, 4}), uniform_leaf({5, 4}, 0.05, 1)}));
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], in[1], {}, r, -100, eps); },
                      {leaf({2, 4, 3}), uniform_leaf({2, 4, 3}, 0.05, 1)}));
      // a strided (transposed) input
      CHECK(gradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0].t(), y2, w, r, -100, eps); },
                      {leaf({4, 5})}));
    }
  }
}

TEST_CASE("cross_entropy_loss double backward (create_graph)") {
  const Tensor w = xgrad::tensor({0.5, 2.0, 1.0, 3.0}, xgrad::kDouble);
  const Tensor y = xgrad::tensor({0, 3, -100, 2, 1});
  for (int64_t r : kReductions) {
    for (double eps : {0.0, 0.2}) {
      INFO("reduction " << r << " label_smoothing " << eps);
      CHECK(gradgradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], y, w, r, -100, eps); },
                          {leaf({5, 4})}));
      CHECK(gradgradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], in[1], w, r, -100, eps); },
                          {leaf({5, 4}), uniform_leaf({5, 4}, 0.05, 1)}));
      CHECK(gradgradcheck([&](const Inputs& in) { return xgrad::cross_entropy_loss(in[0], in[1], w, r, -100, eps); },
                          {leaf({2, 4, 3}), uniform_leaf({2, 4, 3}, 0.05, 1)}));
      // the fused backward and the create_graph one agree
      const Tensor x = leaf({2, 4, 3});
      const Tensor y3 = class_targets({2, 3}, 4, -100, 4);
      auto fn = [&](const Tensor& a) { return xgrad::cross_entropy_loss(a, y3, w, r, -100, eps); };
      const Tensor up = xgrad::randn(fn(x).sizes(), xgrad::kDouble);
      CHECK(close(values(grad_of(fn, x, up, false)), values(grad_of(fn, x, up, true)), 1e-12, 1e-14));
    }
  }
}

// ---- pointwise losses ----

TEST_CASE("mse_loss, l1_loss, smooth_l1_loss: values for every reduction, and broadcasting") {
  const Tensor x = xgrad::randn({3, 4}, xgrad::kDouble) * 2;
  const Tensor t = xgrad::randn({3, 4}, xgrad::kDouble) * 2;
  const Tensor row = xgrad::randn({4}, xgrad::kDouble);
  for (int64_t r : kReductions) {
    INFO("reduction " << r);
    for (const Tensor& target : {t, row}) {
      const Tensor d = x - target;
      check_close(xgrad::mse_loss(x, target, r), values(reduce_ref(d * d, r)), 1e-12);
      check_close(xgrad::l1_loss(x, target, r), values(reduce_ref(d.abs(), r)), 1e-12);
      for (double beta : {1.0, 0.5, 3.0}) {
        const Tensor z = d.abs();
        const Tensor ref = z.lt(beta) * (z * z * (0.5 / beta)) + z.ge(beta) * (z - 0.5 * beta);
        check_close(xgrad::smooth_l1_loss(x, target, r, beta), values(reduce_ref(ref, r)), 1e-12);
      }
      check_close(xgrad::smooth_l1_loss(x, target, r, 0.0), values(reduce_ref(d.abs(), r)), 1e-12);
    }
  }
  // a target of [4] against [3, 1] broadcasts to [3, 4]
  const Tensor col = xgrad::randn({3, 1}, xgrad::kDouble);
  CHECK(shape_str(xgrad::mse_loss(col, row, R::None).sizes()) == "[3, 4]");
  check_close(xgrad::mse_loss(col, row), values(((col - row) * (col - row)).mean()), 1e-12);
  CHECK(dtype_of(xgrad::mse_loss(xgrad::randn({2}), xgrad::randn({2}))) == "Float");
  // PyTorch's values for smooth_l1 with beta 0.5
  const Tensor a = xgrad::tensor({{1.0, -0.5, 2.0}, {0.3, 0.1, -1.2}});
  const Tensor b = xgrad::tensor({{0.1, 0.6, 0.3}, {0.5, 0.5, 0.0}});
  check_close(xgrad::smooth_l1_loss(a, b, R::None, 0.5),
              {0.6499999761581421, 0.8500000238418579, 1.4500000476837158, 0.03999999538064003, 0.1600000113248825,
               0.9500000476837158},
              1e-6);
}

TEST_CASE("pointwise loss gradients at the kinks follow PyTorch") {
  Tensor x = xgrad::tensor({0.0, 1.0, -1.0}, xgrad::kDouble).requires_grad_();
  const Tensor zero = xgrad::zeros({3}, xgrad::kDouble);
  xgrad::smooth_l1_loss(x, zero, R::Sum, 0.0).backward();
  check_close(x.grad(), {-1, 1, -1});  // beta = 0: d = 0 takes the first branch, d <= -beta
  x.mutable_grad() = Tensor();
  xgrad::smooth_l1_loss(x, zero, R::Sum, 1.0).backward();
  check_close(x.grad(), {0, 1, -1});
  x.mutable_grad() = Tensor();
  xgrad::l1_loss(x, zero, R::Sum).backward();
  check_close(x.grad(), {0, 1, -1});
}

TEST_CASE("binary_cross_entropy: values, weight, clamped logs") {
  const Tensor x = (xgrad::rand({3, 4}, xgrad::kDouble) * 0.9 + 0.05);
  const Tensor t = xgrad::rand({3, 4}, xgrad::kDouble);
  const Tensor w = xgrad::rand({4}, xgrad::kDouble);
  const Tensor ref = -(t * x.log() + (1 - t) * (1 - x).log());
  for (int64_t r : kReductions) {
    INFO("reduction " << r);
    check_close(xgrad::binary_cross_entropy(x, t, {}, r), values(reduce_ref(ref, r)), 1e-12);
    check_close(xgrad::binary_cross_entropy(x, t, w, r), values(reduce_ref(ref * w, r)), 1e-12);
  }
  // log(0) is clamped at -100, as PyTorch: the loss of a certain wrong answer is 100, not inf
  check_close(xgrad::binary_cross_entropy(xgrad::tensor({0.0, 1.0, 0.0}), xgrad::tensor({1.0, 0.0, 0.0}), {}, R::None),
              {100, 100, 0});
  Tensor edge = xgrad::tensor({0.0, 1.0}, xgrad::kDouble).requires_grad_();
  xgrad::binary_cross_entropy(edge, xgrad::tensor({1.0, 0.0}, xgrad::kDouble), {}, R::Sum).backward();
  for (double v : values(edge.grad())) CHECK(std::isfinite(v));
}

TEST_CASE("binary_cross_entropy_with_logits: values, weight, pos_weight, stability") {
  const Tensor x = xgrad::randn({3, 4}, xgrad::kDouble) * 3;
  const Tensor t = xgrad::rand({3, 4}, xgrad::kDouble);
  const Tensor w = xgrad::rand({3, 1}, xgrad::kDouble);
  const Tensor pw = xgrad::rand({4}, xgrad::kDouble) * 3;
  const Tensor sig = x.sigmoid();
  const Tensor ref = -(t * sig.log() + (1 - t) * (1 - sig).log());
  const Tensor ref_pw = -(pw * t * sig.log() + (1 - t) * (1 - sig).log());
  for (int64_t r : kReductions) {
    INFO("reduction " << r);
    check_close(xgrad::binary_cross_entropy_with_logits(x, t, {}, {}, r), values(reduce_ref(ref, r)), 1e-10);
    check_close(xgrad::binary_cross_entropy_with_logits(x, t, w, {}, r), values(reduce_ref(ref * w, r)), 1e-10);
    check_close(xgrad::binary_cross_entropy_with_logits(x, t, {}, pw, r), values(reduce_ref(ref_pw, r)), 1e-10);
    check_close(xgrad::binary_cross_entropy_with_logits(x, t, w, pw, r), values(reduce_ref(ref_pw * w, r)), 1e-10);
  }
  // huge logits: finite, exact
  Tensor big = xgrad::tensor({1e4, -1e4, 0.0}).requires_grad_();
  Tensor loss = xgrad::binary_cross_entropy_with_logits(big, xgrad::tensor({0.0, 1.0, 0.5}), {}, {}, R::None);
  check_close(loss, {1e4, 1e4, std::log(2.0)}, 1e-6);
  loss.sum().backward();
  check_close(big.grad(), {1, -1, 0});
  // PyTorch's values with pos_weight [2, 1, 0.5]
  check_close(xgrad::binary_cross_entropy_with_logits(xgrad::tensor({{1.0, -0.5, 2.0}, {0.3, 0.1, -1.2}}),
                                                      xgrad::tensor({{0.1, 0.6, 0.3}, {0.5, 0.5, 0.0}}), {},
                                                      xgrad::tensor({2.0, 1.0, 0.5}), R::None),
              {1.244587779045105, 0.7740769982337952, 1.5078887939453125, 0.9815329313278198, 0.6943966746330261,
               0.2632824182510376},
              1e-6);
}

TEST_CASE("kl_div: values, log_target, Mean over every element") {
  const Tensor x = xgrad::randn({3, 4}, xgrad::kDouble).log_softmax(1);
  const Tensor t = xgrad::randn({3, 4}, xgrad::kDouble).softmax(1);
  const Tensor ref = t * (t.log() - x);
  for (int64_t r : kReductions) {
    INFO("reduction " << r);
    check_close(xgrad::kl_div(x, t, r), values(reduce_ref(ref, r)), 1e-12);
    check_close(xgrad::kl_div(x, t.log(), r, true), values(reduce_ref(ref, r)), 1e-12);
  }
  // a zero target contributes 0 (not 0 * log 0 = NaN), as PyTorch's xlogy
  const Tensor a = xgrad::tensor({{1.0, -0.5, 2.0}, {0.3, 0.1, -1.2}});
  const Tensor b = xgrad::tensor({{0.1, 0.6, 0.3}, {0.5, 0.5, 0.0}});
  check_close(
      xgrad::kl_div(a, b, R::None),
      {-0.3302585184574127, -0.006495356559753418, -0.9611918926239014, -0.4965735971927643, -0.39657360315322876, 0.0},
      1e-6);
  // the target's gradient is PyTorch's too: NaN at a zero target (xlogy's t / t), 1 + log t + 2 at 0.5
  Tensor tz = xgrad::tensor({0.0, 0.5}, xgrad::kDouble).requires_grad_();
  xgrad::kl_div(xgrad::tensor({-1.0, -2.0}, xgrad::kDouble), tz, R::Sum).backward();
  const std::vector<double> gz = values(tz.grad());
  CHECK(std::isnan(gz[0]));
  CHECK(gz[1] == doctest::Approx(1.0 + std::log(0.5) + 2.0));
}

TEST_CASE("pointwise loss node names follow PyTorch") {
  Tensor x = xgrad::rand({3, 4}).requires_grad_();
  const Tensor t = xgrad::rand({3, 4});
  CHECK(grad_fn_name(xgrad::mse_loss(x, t)) == "MseLossBackward0");
  CHECK(grad_fn_name(xgrad::mse_loss(x, t, R::None)) == "MseLossBackward0");
  CHECK(grad_fn_name(xgrad::l1_loss(x, t)) == "MeanBackward0");
  CHECK(grad_fn_name(xgrad::l1_loss(x, t, R::Sum)) == "SumBackward0");
  CHECK(grad_fn_name(xgrad::l1_loss(x, t, R::None)) == "AbsBackward0");
  CHECK(grad_fn_name(xgrad::smooth_l1_loss(x, t)) == "SmoothL1LossBackward0");
  CHECK(grad_fn_name(xgrad::smooth_l1_loss(x, t, R::Mean, 0.0)) == "SmoothL1LossBackward0");
  CHECK(grad_fn_name(xgrad::binary_cross_entropy(x, t)) == "BinaryCrossEntropyBackward0");
  CHECK(grad_fn_name(xgrad::binary_cross_entropy_with_logits(x, t)) == "BinaryCrossEntropyWithLogitsBackward0");
  CHECK(grad_fn_name(xgrad::kl_div(x, t)) == "MeanBackward0");
  CHECK(grad_fn_name(xgrad::kl_div(x, t, R::None)) == "SubBackward0");
  CHECK(grad_fn_name(xgrad::kl_div(x, t, R::None, true)) == "MulBackward0");
  CHECK(grad_fn_name(xgrad::kl_div(x, t, R::Sum)) == "SumBackward0");
}

TEST_CASE("gradcheck: pointwise losses (input and target, every reduction and option)") {
  for (int64_t r : kReductions) {
    INFO("reduction " << r);
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::mse_loss(in[0], in[1], r); }, {leaf({3, 4}), leaf({3, 4})}));
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::mse_loss(in[0], in[1], r); }, {leaf({3, 1}), leaf({4})}));
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::l1_loss(in[0], in[1], r); }, {leaf({3, 4}), leaf({4})}));
    for (double beta : {1.0, 0.3, 0.0})
      CHECK(gradcheck([r, beta](const Inputs& in) { return xgrad::smooth_l1_loss(in[0], in[1], r, beta); },
                      {leaf({3, 4}), leaf({3, 4})}));
    const Tensor w = xgrad::rand({4}, xgrad::kDouble) + 0.5;
    const Tensor pw = xgrad::rand({3, 1}, xgrad::kDouble) * 3;
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::binary_cross_entropy(in[0], in[1], {}, r); },
                    {uniform_leaf({3, 4}, 0.1, 0.9), uniform_leaf({3, 4}, 0, 1)}));
    CHECK(gradcheck([r, w](const Inputs& in) { return xgrad::binary_cross_entropy(in[0], in[1], w, r); },
                    {uniform_leaf({3, 4}, 0.1, 0.9), uniform_leaf({3, 4}, 0, 1)}));
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::binary_cross_entropy_with_logits(in[0], in[1], {}, {}, r); },
                    {leaf({3, 4}), uniform_leaf({3, 4}, 0, 1)}));
    CHECK(gradcheck(
        [r, w, pw](const Inputs& in) { return xgrad::binary_cross_entropy_with_logits(in[0], in[1], w, pw, r); },
        {leaf({3, 4}), uniform_leaf({3, 4}, 0, 1)}));
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::kl_div(in[0], in[1], r); },
                    {leaf({3, 4}), uniform_leaf({3, 4}, 0.1, 1)}));
    CHECK(gradcheck([r](const Inputs& in) { return xgrad::kl_div(in[0], in[1], r, true); }, {leaf({3, 4}), leaf({4})}));
  }
}

TEST_CASE("pointwise losses: double backward (create_graph), and fused == create_graph gradients") {
  const Tensor w = xgrad::rand({4}, xgrad::kDouble) + 0.5;
  const Tensor pw = xgrad::rand({3, 1}, xgrad::kDouble) * 3;
  using Fn = std::function<Tensor(const Inputs&)>;
  for (int64_t r : kReductions) {
    const std::vector<std::pair<const char*, Fn>> losses = {
        {"mse", [r](const Inputs& in) { return xgrad::mse_loss(in[0], in[1], r); }},
        {"smooth_l1", [r](const Inputs& in) { return xgrad::smooth_l1_loss(in[0], in[1], r, 2.0); }},
        {"bce", [r, w](const Inputs& in) { return xgrad::binary_cross_entropy(in[0].sigmoid(), in[1], w, r); }},
        {"bce_with_logits",
         [r, w, pw](const Inputs& in) { return xgrad::binary_cross_entropy_with_logits(in[0], in[1], w, pw, r); }},
        {"bce_with_logits plain",
         [r](const Inputs& in) { return xgrad::binary_cross_entropy_with_logits(in[0], in[1], {}, {}, r); }},
    };
    for (const auto& loss : losses) {
      INFO(loss.first << " reduction " << r);
      const Inputs in = {leaf({3, 4}), uniform_leaf({3, 4}, 0.1, 0.9)};
      CHECK(gradgradcheck(loss.second, in));
      // both gradients, fused (no graph) and from tensor ops (create_graph)
      const Tensor out = loss.second(in);
      const Tensor up = xgrad::randn(out.sizes(), xgrad::kDouble);
      const auto fused = xgrad::autograd::grad({loss.second(in)}, in, {up});
      const auto graph = xgrad::autograd::grad({loss.second(in)}, in, {up}, std::nullopt, true);
      for (size_t k = 0; k < 2; ++k) CHECK(close(values(fused[k]), values(graph[k]), 1e-10, 1e-12));
    }
  }
}

// ---- errors ----

TEST_CASE("loss errors name the op and the shapes, dtypes or values") {
  const Tensor x = xgrad::randn({3, 4});
  const Tensor y = xgrad::tensor({0, 1, 2});
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(x, y.to(xgrad::kFloat)),
                       Contains("nll_loss: expected target of dtype Long, got Float"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cross_entropy_loss(xgrad::randn({2, 10}), xgrad::tensor({3, 10})),
                       Contains("cross_entropy_loss: target 10 is out of bounds for 10 classes"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(x, xgrad::tensor({0, -1, 2})),
                       Contains("nll_loss: target -1 is out of bounds for 4 classes"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(x, xgrad::tensor({0, 1, 2, 3})),
                       Contains("nll_loss: expected target of shape [3] for input [3, 4], got [4]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cross_entropy_loss(xgrad::randn({2, 3, 4}), xgrad::zeros({2, 5}, xgrad::kLong)),
                       Contains("cross_entropy_loss: expected target of shape [2, 4] for input [2, 3, 4], got [2, 5]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(x, y, xgrad::ones({5})),
                       Contains("nll_loss: expected weight of shape [4] (one per class), got [5]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cross_entropy_loss(x, y, xgrad::ones({2, 2})),
                       Contains("cross_entropy_loss: expected weight of shape [4] (one per class), got [2, 2]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(xgrad::tensor(1.0), xgrad::tensor(0)),
                       Contains("nll_loss: expected input of shape [C], [N, C] or [N, C, d1, ...], got []"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(xgrad::ones({3, 4}, xgrad::kLong), y),
                       Contains("nll_loss: expected a floating point tensor (Float or Double), got Long"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(x, y, {}, 3), Contains("nll_loss: invalid reduction 3"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cross_entropy_loss(x, y, {}, R::Mean, -100, 1.5),
                       Contains("cross_entropy_loss: label_smoothing must be between 0.0 and 1.0, got 1.5"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cross_entropy_loss(x, xgrad::zeros({3, 4}, xgrad::kLong)),
                       Contains("cross_entropy_loss: expected a floating point target for class probabilities"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::cross_entropy_loss(x, xgrad::rand({3, 4}), {}, R::Mean, 1),
      Contains("cross_entropy_loss: ignore_index is not supported for class-probability targets (got 1)"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nll_loss(xgrad::randn({3, 4}).requires_grad_(), y, xgrad::ones({4}).requires_grad_()),
                       Contains("nll_loss: the derivative for 'weight' is not implemented"), xgrad::Error);

  CHECK_THROWS_WITH_AS(xgrad::mse_loss(xgrad::randn({3, 4}), xgrad::randn({3, 5})),
                       Contains("mse_loss: input [3, 4] and target [3, 5] do not broadcast to one shape"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::l1_loss(xgrad::randn({3, 4}), xgrad::randn({2, 4})),
                       Contains("l1_loss: input [3, 4] and target [2, 4] do not broadcast"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::smooth_l1_loss(xgrad::randn({3}), xgrad::randn({4})),
                       Contains("smooth_l1_loss: input [3] and target [4] do not broadcast"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::kl_div(xgrad::randn({3}), xgrad::randn({4})),
                       Contains("kl_div: input [3] and target [4] do not broadcast"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::smooth_l1_loss(x, x, R::Mean, -1.0),
                       Contains("smooth_l1_loss: beta must be non-negative, got -1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::mse_loss(xgrad::ones({2}, xgrad::kLong), xgrad::ones({2}, xgrad::kLong)),
                       Contains("mse_loss: expected a floating point tensor (Float or Double), got Long"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::kl_div(xgrad::ones({2}, xgrad::kLong), xgrad::ones({2}, xgrad::kLong)),
                       Contains("kl_div: expected floating point input and target, got Long and Long"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::mse_loss(x, x, -1), Contains("mse_loss: invalid reduction -1"), xgrad::Error);

  CHECK_THROWS_WITH_AS(xgrad::binary_cross_entropy(xgrad::tensor({0.5, 1.5}), xgrad::tensor({1.0, 0.0})),
                       Contains("binary_cross_entropy: all elements of input should be between 0 and 1, got 1.5"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::binary_cross_entropy(xgrad::tensor({NAN}), xgrad::tensor({1.0})),
                       Contains("binary_cross_entropy: all elements of input should be between 0 and 1, got nan"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::binary_cross_entropy(xgrad::rand({3}), xgrad::rand({4})),
                       Contains("binary_cross_entropy: input [3] and target [4] must have the same shape"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::binary_cross_entropy(xgrad::rand({3, 4}), xgrad::rand({3, 4}), xgrad::ones({5})),
                       Contains("binary_cross_entropy: weight [5] does not broadcast to the input's shape [3, 4]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::binary_cross_entropy_with_logits(xgrad::rand({3, 4}), xgrad::rand({3, 4}), {}, xgrad::ones({3})),
      Contains("binary_cross_entropy_with_logits: pos_weight [3] does not broadcast to the input's shape [3, 4]"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::binary_cross_entropy_with_logits(xgrad::rand({3, 4}), xgrad::rand({4})),
      Contains("binary_cross_entropy_with_logits: input [3, 4] and target [4] must have the same shape"), xgrad::Error);
}
