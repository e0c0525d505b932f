// The graph and the engine through the public API: shared inputs, deep chains, freed graphs,
// in-place checks, grad mode, hooks, autograd::grad, double backward, broadcast reduction, node
// names and edges, and custom Functions.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <pthread.h>

#include <cmath>
#include <exception>
#include <functional>
#include <string>
#include <thread>

#include "test_helpers.h"

using test_helpers::dtype_of;
using xgrad::Tensor;
using xgrad::autograd::AutogradContext;
using xgrad::autograd::variable_list;

namespace {

/// The message of the xgrad::Error that f throws ("" and a failed check if it throws none).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const xgrad::Error& e) {
    return e.what();
  }
  FAIL_CHECK("expected an xgrad::Error");
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Tensor leaf(xgrad::detail::TensorDataContainer values, xgrad::ScalarType dtype = xgrad::kFloat) {
  Tensor t = xgrad::tensor(values, dtype);
  t.requires_grad_();
  return t;
}

/// Runs f on a thread with a 1 MiB stack (an eighth of the usual main-thread stack), so that code
/// recursing once per node of a long graph overflows it in any build type; rethrows f's exception.
void run_on_small_stack(const std::function<void()>& f) {
  struct Task {
    const std::function<void()>& f;
    std::exception_ptr error;
  } task{f, nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_t thread;
  const int created = pthread_create(
      &thread, &attr,
      [](void* p) -> void* {
        auto* t = static_cast<Task*>(p);
        try {
          t->f();
        } catch (...) {
          t->error = std::current_exception();
        }
        return nullptr;
      },
      &task);
  pthread_attr_destroy(&attr);
  REQUIRE(created == 0);
  pthread_join(thread, nullptr);
  if (task.error) std::rethrow_exception(task.error);
}

bool close(const Tensor& actual, const Tensor& expected, double tol = 1e-5) {
  if (!actual.defined() || !actual.sizes().equals(expected.sizes())) return false;
  return actual.to(xgrad::kDouble).allclose(expected.to(xgrad::kDouble), tol, tol);
}

}  // namespace

TEST_CASE("a tensor used twice gets the sum of its gradients") {
  Tensor a = leaf({1.0, 2.0, 3.0});
  (a + a).sum().backward();
  CHECK(close(a.grad(), xgrad::tensor({2.0, 2.0, 2.0})));

  Tensor x = leaf({1.0, -2.0});
  Tensor b = x + x;
  Tensor c = b + b;
  c.sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({4.0, 4.0})));

  Tensor y = leaf({3.0, -1.0});
  (y * y).sum().backward();  // both inputs of one node are the same leaf
  CHECK(close(y.grad(), xgrad::tensor({6.0, -2.0})));
}

TEST_CASE("diamond: two paths from one node meet again") {
  Tensor x = leaf({2.0, -1.0});
  Tensor y = x * x;        // shared by both branches
  Tensor a = y * 3.0;
  Tensor b = y + 1.0;
  Tensor z = a * b;        // 3y(y + 1): dz/dx = (6y + 3) * 2x
  z.sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({108.0, -18.0})));
}

TEST_CASE("a 100 000-op chain runs backward and is then destroyed without overflowing the stack") {
  const int steps = 100000;
  Tensor x = leaf({1.0}, xgrad::kDouble);
  Tensor z = leaf({0.0}, xgrad::kDouble);
  double product = 0, count = 0;
  run_on_small_stack([&] {
    Tensor y = x;
    for (int i = 0; i < steps; ++i) y = y * 1.0001;
    y.backward();
    product = y.item<double>();
    y = z;
    for (int i = 0; i < steps; ++i) y = y + 1;
    y.backward();
    count = y.item<double>();
  });  // both chains die on the small stack
  CHECK(product == doctest::Approx(std::pow(1.0001, steps)).epsilon(1e-9));
  CHECK(x.grad().item<double>() == doctest::Approx(std::pow(1.0001, steps)).epsilon(1e-9));
  CHECK(count == doctest::Approx(steps));
  CHECK(z.grad().item<double>() == doctest::Approx(1.0));
}

TEST_CASE("a 100 000-op chain is destroyed without backward") {
  const int steps = 100000;
  Tensor x = leaf({1.0}, xgrad::kDouble);
  Tensor w = leaf({1.0}, xgrad::kDouble);
  bool recorded = false;
  double count = 0;
  run_on_small_stack([&] {
    Tensor y = x;
    for (int i = 0; i < steps; ++i) y = y * w;  // each node also saves the previous output
    recorded = y.grad_fn() != nullptr;
    y = x;  // frees the chain, saved tensors and all
    for (int i = 0; i < steps; ++i) y = y + 1;
    count = y.item<double>();
  });
  CHECK(recorded);
  CHECK(count == doctest::Approx(steps + 1.0));
  CHECK_FALSE(x.grad().defined());
}

TEST_CASE("a second backward through a freed graph throws; retain_graph allows it") {
  Tensor x = leaf({2.0, 3.0});
  Tensor y = (x * x).sum();
  y.backward();
  const std::string msg = error_of([&] { y.backward(); });
  CHECK(contains(msg, "Trying to backward through the graph a second time"));
  CHECK(contains(msg, "retain_graph=True"));

  Tensor u = leaf({2.0, 3.0});
  Tensor v = (u * u).sum();
  v.backward({}, /*retain_graph=*/true);
  v.backward();
  CHECK(close(u.grad(), xgrad::tensor({8.0, 12.0})));  // 2 * 2u, accumulated
}

TEST_CASE("changing a saved tensor in place before backward throws libtorch's message, naming the node that made it") {
  Tensor x = leaf({1.0, 2.0, 3.0});
  Tensor b = x * 2.0;
  Tensor c = (b * b).sum();  // MulBackward0 saves b at version 0
  b.add_(1.0);
  CHECK(b._version() == 1);
  const std::string msg = error_of([&] { c.backward(); });
  // b's maker is now the in-place add: AddBackward1, libtorch's node for add_(Scalar).
  CHECK(msg == "one of the variables needed for gradient computation has been modified by an inplace operation: [CPUFloatType [3]], which is output 0 of AddBackward1, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).");

  Tensor e = x.exp();  // saves its output
  Tensor f = e.sum();
  e.mul_(2.0);
  CHECK(contains(error_of([&] { f.backward(); }), "[CPUFloatType [3]], which is output 0 of ExpBackward0, is at version 1"));

  // A leaf changed under NoGradGuard has no maker to name.
  Tensor w = leaf({1.0, 1.0});
  Tensor y = (w * w).sum();
  {
    xgrad::NoGradGuard no_grad;
    w.add_(1.0);
  }
  CHECK(error_of([&] { y.backward(); }) ==
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        "[CPUFloatType [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the "
        "operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).");
}

TEST_CASE("no graph under NoGradGuard, nor when no input requires grad") {
  Tensor x = leaf({1.0, 2.0});
  {
    xgrad::NoGradGuard no_grad;
    CHECK_FALSE(xgrad::GradMode::is_enabled());
    Tensor y = x * 2.0 + x;
    CHECK_FALSE(y.requires_grad());
    CHECK(y.grad_fn() == nullptr);
    CHECK(y.is_leaf());
  }
  CHECK(xgrad::GradMode::is_enabled());
  CHECK((x * 2.0).requires_grad());

  Tensor a = xgrad::ones({2});
  Tensor b = a * 2.0 + a;
  CHECK_FALSE(b.requires_grad());
  CHECK(b.grad_fn() == nullptr);

  xgrad::AutoGradMode off(false);
  CHECK((x * 2.0).grad_fn() == nullptr);
}

TEST_CASE("NoGradGuard is thread-local") {
  Tensor x = leaf({1.0, 2.0});
  xgrad::NoGradGuard no_grad;
  bool other_thread_records = false;
  std::thread worker([&] {
    Tensor y = x * 2.0;
    other_thread_records = y.requires_grad() && y.grad_fn() != nullptr;
  });
  worker.join();
  CHECK(other_thread_records);
  CHECK((x * 2.0).grad_fn() == nullptr);
}

TEST_CASE("detach cuts the graph and shares the data") {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 3.0;
  Tensor d = y.detach();
  CHECK_FALSE(d.requires_grad());
  CHECK(d.grad_fn() == nullptr);
  CHECK(d.data_ptr() == y.data_ptr());
  (d * x).sum().backward();  // d is a constant here
  CHECK(close(x.grad(), xgrad::tensor({3.0, 6.0})));
}

TEST_CASE("requires_grad_ on a non-leaf or an integer tensor is an error") {
  Tensor x = leaf({1.0});
  Tensor y = x * 2.0;
  CHECK(contains(error_of([&] { y.requires_grad_(false); }), "leaf variables"));
  CHECK(y.requires_grad());
  Tensor i = xgrad::arange(3);
  CHECK(dtype_of(i) == "Long");
  CHECK(contains(error_of([&] { i.requires_grad_(); }), "floating point"));
  CHECK_FALSE(i.requires_grad());
}

TEST_CASE("retain_grad keeps a non-leaf's gradient") {
  Tensor x = leaf({1.0, 2.0});
  Tensor y = x * 2.0;
  Tensor other = x * 5.0;
  y.retain_grad();
  CHECK(y.retains_grad());
  (y * y + other).sum().backward();
  CHECK(close(y.grad(), xgrad::tensor({4.0, 8.0})));  // 2y
  CHECK_FALSE(other.grad().defined());
  CHECK(close(x.grad(), xgrad::tensor({13.0, 21.0})));  // 4y + 5
}

TEST_CASE("register_hook on leaves and non-leaves; remove_hook") {
  auto doubler = [](Tensor g) { return g * 2.0; };

  Tensor x = leaf({1.0, 2.0});
  x.register_hook(doubler);
  (x * 3.0).sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({6.0, 6.0})));

  Tensor u = leaf({1.0, 2.0});
  Tensor v = u * 3.0;
  Tensor seen;
  v.register_hook(doubler);
  v.register_hook([&seen](const Tensor& g) { seen = g.clone(); });  // a void hook only looks
  (v * xgrad::tensor({1.0, 10.0})).sum().backward();
  CHECK(close(seen, xgrad::tensor({2.0, 20.0})));  // hooks run in order: it sees the doubled gradient
  CHECK(close(u.grad(), xgrad::tensor({6.0, 60.0})));

  Tensor p = leaf({1.0});
  const unsigned h = p.register_hook(doubler);
  p.remove_hook(h);
  (p * 3.0).sum().backward();
  CHECK(close(p.grad(), xgrad::tensor({3.0})));

  Tensor q = leaf({1.0});
  Tensor r = q * 3.0;
  const unsigned hr = r.register_hook(doubler);
  r.remove_hook(hr);
  r.sum().backward();
  CHECK(close(q.grad(), xgrad::tensor({3.0})));

  Tensor plain = xgrad::ones({1});
  CHECK(contains(error_of([&] { plain.register_hook(doubler); }), "doesn't require gradient"));
}

TEST_CASE("backward(gradient) on a non-scalar; without a gradient it throws") {
  Tensor x = leaf({1.0, 2.0, 3.0});
  Tensor y = x * 2.0;
  y.backward(xgrad::tensor({1.0, 0.5, 0.25}));
  CHECK(close(x.grad(), xgrad::tensor({2.0, 1.0, 0.5})));
  CHECK(contains(error_of([&] { (x * 2.0).backward(); }), "grad can be implicitly created only for scalar outputs"));
  CHECK(contains(error_of([&] { (x * 2.0).backward(xgrad::ones({2})); }), "Mismatch in shape"));
}

TEST_CASE("autograd::grad: values, grad_outputs, .grad() untouched, allow_unused") {
  Tensor x = leaf({1.0, 2.0});
  Tensor w = leaf({3.0, -4.0});
  Tensor unused = leaf({0.0});
  Tensor y = x * w;

  auto g = xgrad::autograd::grad({y.sum()}, {x, w});
  REQUIRE(g.size() == 2);
  CHECK(close(g[0], xgrad::tensor({3.0, -4.0})));
  CHECK(close(g[1], xgrad::tensor({1.0, 2.0})));
  CHECK_FALSE(g[0].requires_grad());
  CHECK_FALSE(x.grad().defined());
  CHECK_FALSE(w.grad().defined());

  // y's graph was freed by that grad(): a fresh one.
  auto gv = xgrad::autograd::grad({x * w}, {x}, {xgrad::tensor({1.0, 0.5})});
  CHECK(close(gv[0], xgrad::tensor({3.0, -2.0})));

  auto gu = xgrad::autograd::grad({(x * w).sum()}, {x, unused}, {}, std::nullopt, false, /*allow_unused=*/true);
  CHECK(close(gu[0], xgrad::tensor({3.0, -4.0})));
  CHECK_FALSE(gu[1].defined());

  const std::string msg = error_of([&] { xgrad::autograd::grad({(x * w).sum()}, {x, unused}); });
  CHECK(contains(msg, "appears to not have been used in the graph"));
  CHECK_FALSE(x.grad().defined());

  // A non-leaf input: the gradient arriving at it.
  Tensor h = x * 2.0;
  auto gh = xgrad::autograd::grad({(h * h).sum()}, {h});
  CHECK(close(gh[0], xgrad::tensor({4.0, 8.0})));
}

TEST_CASE("create_graph: double and triple backward of x^3") {
  Tensor x = leaf({1.5, -2.0}, xgrad::kDouble);
  Tensor y = (x * x * x).sum();
  Tensor d1 = xgrad::autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  CHECK(close(d1, xgrad::tensor({6.75, 12.0}, xgrad::kDouble)));  // 3x^2
  CHECK(d1.requires_grad());
  Tensor d2 = xgrad::autograd::grad({d1.sum()}, {x}, {}, std::nullopt, true)[0];
  CHECK(close(d2, xgrad::tensor({9.0, -12.0}, xgrad::kDouble)));  // 6x
  Tensor d3 = xgrad::autograd::grad({d2.sum()}, {x})[0];
  CHECK(close(d3, xgrad::tensor({6.0, 6.0}, xgrad::kDouble)));

  // backward(create_graph=true) leaves a differentiable x.grad().
  Tensor z = leaf({2.0}, xgrad::kDouble);
  (z * z * z).sum().backward({}, std::nullopt, /*create_graph=*/true);
  CHECK(z.grad().requires_grad());
  CHECK(z.grad().item<double>() == doctest::Approx(12.0));
  Tensor dd = xgrad::autograd::grad({z.grad().sum()}, {z})[0];
  CHECK(dd.item<double>() == doctest::Approx(12.0));
  // z.grad()'s graph holds z (as in PyTorch, a reference cycle): break it.
  z.mutable_grad() = Tensor();
}

TEST_CASE("gradients accumulate over backward calls until zeroed") {
  Tensor x = leaf({1.0, -1.0});
  (x * 2.0).sum().backward();
  (x * 3.0).sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({5.0, 5.0})));
  x.mutable_grad().zero_();
  (x * x).sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({2.0, -2.0})));
}

TEST_CASE("broadcast gradients are reduced to the input shapes") {
  const int64_t n = 3, m = 4;
  Tensor a = xgrad::arange(n, xgrad::kFloat).view({n, 1});
  Tensor b = xgrad::arange(m, xgrad::kFloat).view({1, m});
  a.requires_grad_();
  b.requires_grad_();
  Tensor upstream = xgrad::arange(n * m, xgrad::kFloat).view({n, m});  // non-uniform
  (a + b).backward(upstream);
  REQUIRE(a.grad().sizes().vec() == std::vector<int64_t>{n, 1});
  REQUIRE(b.grad().sizes().vec() == std::vector<int64_t>{1, m});
  CHECK(close(a.grad(), xgrad::tensor({{6.0}, {22.0}, {38.0}})));            // row sums
  CHECK(close(b.grad(), xgrad::tensor({{12.0, 15.0, 18.0, 21.0}})));         // column sums

  Tensor x = xgrad::ones({n, m});
  x.requires_grad_();
  Tensor bias = leaf({1.0, 2.0, 3.0, 4.0});
  (x * 2.0 + bias).backward(upstream);
  REQUIRE(bias.grad().sizes().vec() == std::vector<int64_t>{m});
  CHECK(close(bias.grad(), xgrad::tensor({12.0, 15.0, 18.0, 21.0})));
  CHECK(close(x.grad(), upstream * 2.0));

  Tensor s = leaf({2.0});  // [1] against [n, m]
  (x.detach() * s).backward(upstream);
  CHECK(s.grad().sizes().vec() == std::vector<int64_t>{1});
  CHECK(s.grad().item<double>() == doctest::Approx(66.0));
}

TEST_CASE("grad_fn names and next_edges") {
  Tensor a = leaf({{1.0, 2.0}, {3.0, 4.0}});
  Tensor b = leaf({{0.5, 0.5}, {0.5, 0.5}});
  Tensor constant = xgrad::ones({2, 2});
  CHECK(a.grad_fn() == nullptr);
  CHECK((a + b).grad_fn()->name() == "AddBackward0");
  CHECK((a + 1.0).grad_fn()->name() == "AddBackward1");
  CHECK((a * b).grad_fn()->name() == "MulBackward0");
  CHECK((a * 2.0).grad_fn()->name() == "MulBackward1");
  CHECK(a.sum().grad_fn()->name() == "SumBackward0");
  CHECK(a.mm(b).grad_fn()->name() == "MmBackward0");
  CHECK(a.view({-1}).grad_fn()->name() == "ViewBackward0");
  CHECK(a.t().grad_fn()->name() == "TBackward0");
  CHECK(a.exp().grad_fn()->name() == "ExpBackward0");

  Tensor s = a + b;
  Tensor c = s * a;
  const auto& edges = c.grad_fn()->next_edges();
  REQUIRE(edges.size() == 2);
  CHECK(edges[0].function == s.grad_fn());
  CHECK(edges[0].input_nr == 0);
  CHECK(edges[1].function->name() == "torch::autograd::AccumulateGrad");
  CHECK(s.grad_fn()->next_edges().size() == 2);
  CHECK(s.grad_fn()->next_edge(1).function->next_edges().empty());

  // A leaf's AccumulateGrad is shared by every use; an input that needs no grad has no edge.
  Tensor twice = a + a;
  CHECK(twice.grad_fn()->next_edge(0).function == twice.grad_fn()->next_edge(1).function);
  CHECK(twice.grad_fn()->next_edge(0).function == edges[1].function);
  Tensor mixed = a * constant;
  CHECK(mixed.grad_fn()->next_edge(0).is_valid());
  CHECK_FALSE(mixed.grad_fn()->next_edge(1).is_valid());
  CHECK(mixed.grad_fn()->should_compute_output(0));
  CHECK_FALSE(mixed.grad_fn()->should_compute_output(1));
}

// ---- custom Functions (at namespace scope, so that their node names are plain) ----

struct MulConstant : xgrad::autograd::Function<MulConstant> {
  static bool grad_mode_in_forward;
  static Tensor forward(AutogradContext* ctx, Tensor x, double k) {
    grad_mode_in_forward = xgrad::GradMode::is_enabled();
    ctx->saved_data["k"] = k;
    ctx->saved_data["name"] = "scale";
    ctx->saved_data["sizes"] = x.sizes();
    return x * k;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    return {grad_outputs[0] * ctx->saved_data["k"].toDouble(), Tensor()};
  }
};
bool MulConstant::grad_mode_in_forward = true;

struct MyMul : xgrad::autograd::Function<MyMul> {
  static std::vector<bool> needs;
  static Tensor forward(AutogradContext* ctx, Tensor a, Tensor b) {
    ctx->save_for_backward({a, b});
    return a * b;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    needs = {ctx->needs_input_grad(0), ctx->needs_input_grad(1)};
    const variable_list saved = ctx->get_saved_variables();
    const Tensor& g = grad_outputs[0];
    return {ctx->needs_input_grad(0) ? g * saved[1] : Tensor(), ctx->needs_input_grad(1) ? g * saved[0] : Tensor()};
  }
};
std::vector<bool> MyMul::needs;

// Saves its own output, as exp does.
struct MyExp : xgrad::autograd::Function<MyExp> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    Tensor result = x.exp();
    ctx->save_for_backward({result});
    return result;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    return {grad_outputs[0] * ctx->get_saved_variables()[0]};
  }
};

// Two outputs, the second marked non-differentiable; records what backward received.
struct SplitScale : xgrad::autograd::Function<SplitScale> {
  static variable_list received;
  static variable_list forward(AutogradContext* ctx, Tensor x, bool materialize) {
    Tensor scaled = x * 3.0;
    Tensor copy = x.clone();
    ctx->mark_non_differentiable({copy});
    ctx->set_materialize_grads(materialize);
    return {scaled, copy};
  }
  static variable_list backward(AutogradContext*, variable_list grad_outputs) {
    received = grad_outputs;
    return {grad_outputs[0] * 3.0, Tensor()};
  }
};
variable_list SplitScale::received;

struct BadCount : xgrad::autograd::Function<BadCount> {
  static Tensor forward(AutogradContext*, Tensor x, double k) { return x * k; }
  static variable_list backward(AutogradContext*, variable_list grad_outputs) { return {grad_outputs[0]}; }
};

struct GradForScalar : xgrad::autograd::Function<GradForScalar> {
  static Tensor forward(AutogradContext*, Tensor x, double k) { return x * k; }
  static variable_list backward(AutogradContext*, variable_list g) { return {g[0], g[0]}; }
};

// Doubles its input in place.
struct DoubleInPlace : xgrad::autograd::Function<DoubleInPlace> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    x.mul_(2.0);
    ctx->mark_dirty({x});
    return x;
  }
  static variable_list backward(AutogradContext*, variable_list g) { return {g[0] * 2.0}; }
};

struct Identity : xgrad::autograd::Function<Identity> {
  static Tensor forward(AutogradContext*, Tensor x) { return x; }
  static variable_list backward(AutogradContext*, variable_list g) { return {g[0]}; }
};

// x^3 whose backward gives Slope x^2: the true derivative for Slope 3, a wrong one otherwise (for gradcheck).
template <int Slope>
struct CubeWithSlope : xgrad::autograd::Function<CubeWithSlope<Slope>> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    ctx->save_for_backward({x});
    return x * x * x;
  }
  static variable_list backward(AutogradContext* ctx, variable_list g) {
    Tensor x = ctx->get_saved_variables()[0];
    return {g[0] * x * x * static_cast<double>(Slope)};
  }
};
using Cube = CubeWithSlope<3>;
using WrongCube = CubeWithSlope<2>;

TEST_CASE("custom Function: value, gradient, saved_data, node") {
  Tensor x = leaf({1.0, -2.0});
  Tensor y = MulConstant::apply(x, 2.5);
  CHECK_FALSE(MulConstant::grad_mode_in_forward);
  CHECK(xgrad::GradMode::is_enabled());
  CHECK(close(y, xgrad::tensor({2.5, -5.0})));
  REQUIRE(y.grad_fn() != nullptr);
  CHECK(y.grad_fn()->name() == "torch::autograd::CppNode<MulConstant>");
  CHECK(y.grad_fn()->next_edges().size() == 1);  // the double gets no edge
  (y * xgrad::tensor({1.0, 2.0})).sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({2.5, 5.0})));

  Tensor plain = MulConstant::apply(xgrad::ones({2}), 2.0);
  CHECK(plain.grad_fn() == nullptr);
  CHECK_FALSE(plain.requires_grad());
  {
    xgrad::NoGradGuard no_grad;
    CHECK(MulConstant::apply(x, 2.0).grad_fn() == nullptr);
  }
}

TEST_CASE("custom Function: save_for_backward and needs_input_grad") {
  Tensor a = leaf({1.0, 2.0});
  Tensor b = leaf({3.0, 4.0});
  MyMul::apply(a, b).sum().backward();
  CHECK(close(a.grad(), xgrad::tensor({3.0, 4.0})));
  CHECK(close(b.grad(), xgrad::tensor({1.0, 2.0})));
  CHECK(MyMul::needs == std::vector<bool>{true, true});

  Tensor c = leaf({5.0, 6.0});
  Tensor constant = xgrad::tensor({2.0, 2.0});
  Tensor out = MyMul::apply(constant, c);
  CHECK_FALSE(out.grad_fn()->next_edge(0).is_valid());
  out.sum().backward();
  CHECK(MyMul::needs == std::vector<bool>{false, true});
  CHECK(close(c.grad(), xgrad::tensor({2.0, 2.0})));

  // Freed after backward, as any node's saved tensors.
  Tensor d = leaf({1.0});
  Tensor e = MyMul::apply(d, d).sum();
  e.backward();
  CHECK(close(d.grad(), xgrad::tensor({2.0})));
  CHECK(contains(error_of([&] { e.backward(); }), "Trying to backward through the graph a second time"));

  // A saved input changed in place.
  Tensor f = leaf({1.0, 2.0});
  Tensor fx = f * 1.0;
  Tensor g = MyMul::apply(fx, fx).sum();
  fx.add_(1.0);
  const std::string msg = error_of([&] { g.backward(); });
  // Named by fx's maker, the in-place add (libtorch's AddBackward1 for a Scalar), not by MyMul.
  CHECK(contains(msg, "[CPUFloatType [2]], which is output 0 of AddBackward1, is at version 1; expected version 0"));
}

TEST_CASE("custom Function: a saved output, and double backward through it") {
  Tensor x = leaf({0.5, -1.0}, xgrad::kDouble);
  Tensor y = MyExp::apply(x);
  CHECK(close(y, x.detach().exp()));
  Tensor g1 = xgrad::autograd::grad({y.sum()}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  CHECK(close(g1, x.detach().exp()));
  Tensor g2 = xgrad::autograd::grad({g1.sum()}, {x})[0];
  CHECK(close(g2, x.detach().exp()));
}

TEST_CASE("custom Function: mark_non_differentiable and materialized gradients") {
  Tensor x = leaf({1.0, 2.0});
  variable_list outs = SplitScale::apply(x, true);
  REQUIRE(outs.size() == 2);
  CHECK(outs[0].requires_grad());
  CHECK_FALSE(outs[1].requires_grad());
  CHECK(outs[1].grad_fn() == nullptr);
  CHECK(close(outs[1], xgrad::tensor({1.0, 2.0})));
  outs[0].sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({3.0, 3.0})));
  REQUIRE(SplitScale::received.size() == 2);
  CHECK(close(SplitScale::received[1], xgrad::zeros({2})));  // no gradient came: zeros

  Tensor u = leaf({1.0, 2.0});
  variable_list outs2 = SplitScale::apply(u, false);
  outs2[0].sum().backward();
  REQUIRE(SplitScale::received.size() == 2);
  CHECK_FALSE(SplitScale::received[1].defined());  // set_materialize_grads(false)
  CHECK(close(u.grad(), xgrad::tensor({3.0, 3.0})));
}

TEST_CASE("custom Function: a wrong number of gradients is an error") {
  Tensor x = leaf({1.0});
  Tensor y = BadCount::apply(x, 2.0);
  CHECK(y.grad_fn()->name() == "torch::autograd::CppNode<BadCount>");
  CHECK(error_of([&] { y.sum().backward(); }) ==
        "function torch::autograd::CppNode<BadCount> returned an incorrect number of gradients (expected 2, got 1)");
  Tensor z = GradForScalar::apply(x, 2.0);
  CHECK(contains(error_of([&] { z.sum().backward(); }), "forward input was not a Tensor"));
}

TEST_CASE("custom Function: mark_dirty and returning an input") {
  Tensor x = leaf({1.0, 2.0});
  Tensor base = x * 1.0;
  const uint32_t version = base._version();
  Tensor y = DoubleInPlace::apply(base);
  CHECK(y.is_same(base));
  CHECK(base._version() > version);
  CHECK(base.grad_fn()->name() == "torch::autograd::CppNode<DoubleInPlace>");
  CHECK(close(base, xgrad::tensor({2.0, 4.0})));
  y.sum().backward();
  CHECK(close(x.grad(), xgrad::tensor({2.0, 2.0})));

  Tensor l = leaf({1.0});
  CHECK(contains(error_of([&] { DoubleInPlace::apply(l); }), "a leaf Variable that requires grad"));

  Tensor p = leaf({1.0, 2.0});
  Tensor q = Identity::apply(p);
  CHECK_FALSE(q.is_same(p));
  CHECK(p.is_leaf());
  CHECK(q.grad_fn()->name() == "torch::autograd::CppNode<Identity>");
  (q * 4.0).sum().backward();
  CHECK(close(p.grad(), xgrad::tensor({4.0, 4.0})));
}

TEST_CASE("IValue holds each type and names both types on a wrong access") {
  xgrad::IValue none;
  CHECK(none.isNone());
  xgrad::IValue d = 2.5, i = 3, b = true, s = "text", t = xgrad::ones({2});
  xgrad::IValue il = std::vector<int64_t>{1, 2}, dl = std::vector<double>{0.5};
  CHECK(d.toDouble() == 2.5);
  CHECK(i.toInt() == 3);
  CHECK(b.toBool());
  CHECK(s.toStringRef() == "text");
  CHECK(t.toTensor().numel() == 2);
  CHECK(il.toIntVector() == std::vector<int64_t>{1, 2});
  CHECK(dl.toDoubleVector() == std::vector<double>{0.5});
  CHECK((d.isDouble() && i.isInt() && b.isBool() && s.isString() && t.isTensor() && il.isIntList() &&
         dl.isDoubleList()));
  CHECK_FALSE(i.isDouble());
  CHECK(error_of([&] { d.toInt(); }) == "IValue: expected Int but got Double");
  CHECK(error_of([&] { none.toTensor(); }) == "IValue: expected Tensor but got None");
  CHECK_THROWS_AS(s.toBool(), std::runtime_error);
}

TEST_CASE("gradcheck of custom Functions") {
  Tensor x = xgrad::tensor({0.3, -1.2, 2.0}, xgrad::kDouble).requires_grad_();
  Tensor w = xgrad::tensor({1.5, 0.25, -0.7}, xgrad::kDouble).requires_grad_();
  CHECK(xgrad::autograd::gradcheck([](const std::vector<Tensor>& in) { return Cube::apply(in[0]); }, {x}));
  CHECK(xgrad::autograd::gradcheck([](const std::vector<Tensor>& in) { return MyMul::apply(in[0], in[1]); }, {x, w}));
  CHECK(xgrad::autograd::gradcheck([](const std::vector<Tensor>& in) { return MulConstant::apply(in[0], -1.5); },
                                   {x}));
  CHECK_FALSE(xgrad::autograd::gradcheck([](const std::vector<Tensor>& in) { return WrongCube::apply(in[0]); }, {x},
                                         1e-6, 1e-5, 1e-3, /*raise_exception=*/false));
}
