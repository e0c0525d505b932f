// Optimizers (optim/): each update against a reference computed here in plain doubles from the
// published formulas, for 3 steps on f(w) = sum(a * w^2) / 2 (gradient a * w); param groups, state,
// zero_grad, closures, add_param_group / add_parameters, option and parameter errors, and
// checkpoints (round trip, and loads that must fail without changing anything).
#include <doctest/doctest.h>

#include <xgrad/optim.h>
#include <xgrad/serialize.h>
#include <xgrad/xgrad.h>
#include <xgrad/internal/optim_update.h>  // _fused_sgd_, which SGD runs on

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "test_helpers.h"

using doctest::Contains;
using namespace test_helpers;
namespace optim = xgrad::optim;

namespace {

const V kW0 = {1.0, -2.0, 0.5, 3.0};
const V kA = {1.0, 0.5, 3.0, -0.25};

/// A fresh float64 parameter holding kW0.
Tensor param() { return xgrad::tensor(kW0, xgrad::kDouble).requires_grad_(); }

/// Sets w's gradient to that of sum(a * w^2) / 2 by backward.
void compute_grad(const Tensor& w) {
  Tensor loss = (xgrad::tensor(kA, xgrad::kDouble) * w * w).sum() * 0.5;
  loss.backward();
}

/// Runs `steps` steps of opt on w and checks w after each against the reference, which maps
/// (w, g, t) to the new w, element by element, keeping its own state.
template <typename Ref>
void check_against_reference(optim::Optimizer& opt, const Tensor& w, Ref ref, int steps = 3) {
  V expected = kW0;
  for (int t = 1; t <= steps; ++t) {
    opt.zero_grad();
    compute_grad(w);
    opt.step();
    for (size_t i = 0; i < expected.size(); ++i) expected[i] = ref(i, expected[i], kA[i] * expected[i], t);
    INFO("step " << t);
    check_close(w, expected, 1e-12);
  }
}

/// PyTorch's documented SGD, per element.
struct SgdRef {
  double lr, momentum = 0, dampening = 0, weight_decay = 0;
  bool nesterov = false;
  V buf = V(4, 0);
  double operator()(size_t i, double w, double g, int t) {
    g += weight_decay * w;
    if (momentum != 0) {
      buf[i] = t == 1 ? g : momentum * buf[i] + (1 - dampening) * g;
      g = nesterov ? g + momentum * buf[i] : buf[i];
    }
    return w - lr * g;
  }
};

/// Adam (decoupled = false) and AdamW (decoupled = true), per element.
struct AdamRef {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0;
  bool amsgrad = false, decoupled = false;
  V m = V(4, 0), v = V(4, 0), vmax = V(4, 0);
  double operator()(size_t i, double w, double g, int t) {
    if (decoupled) {
      w *= 1 - lr * weight_decay;
    } else {
      g += weight_decay * w;
    }
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    vmax[i] = std::max(vmax[i], v[i]);
    const double vhat = amsgrad ? vmax[i] : v[i];
    const double denom = std::sqrt(vhat) / std::sqrt(1 - std::pow(beta2, t)) + eps;
    return w - lr / (1 - std::pow(beta1, t)) * m[i] / denom;
  }
};

struct RmspropRef {
  double lr = 1e-2, alpha = 0.99, eps = 1e-8, weight_decay = 0, momentum = 0;
  bool centered = false;
  V sq = V(4, 0), avg = V(4, 0), buf = V(4, 0);
  double operator()(size_t i, double w, double g, int) {
    g += weight_decay * w;
    sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
    double denom;
    if (centered) {
      avg[i] = alpha * avg[i] + (1 - alpha) * g;
      denom = std::sqrt(sq[i] - avg[i] * avg[i]) + eps;
    } else {
      denom = std::sqrt(sq[i]) + eps;
    }
    if (momentum > 0) {
      buf[i] = momentum * buf[i] + g / denom;
      return w - lr * buf[i];
    }
    return w - lr * g / denom;
  }
};

struct AdagradRef {
  double lr = 1e-2, lr_decay = 0, weight_decay = 0, initial = 0, eps = 1e-10;
  V sum;
  double operator()(size_t i, double w, double g, int t) {
    if (sum.empty()) sum.assign(4, initial);
    g += weight_decay * w;
    const double clr = lr / (1 + (t - 1) * lr_decay);
    sum[i] += g * g;
    return w - clr * g / (std::sqrt(sum[i]) + eps);
  }
};

/// A fresh path in the temporary directory, removed when the test ends.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() / ("xgrad_test_optim_" + name)).string()) {}
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("SGD against the reference: plain, momentum with dampening and weight decay, Nesterov") {
  {
    Tensor w = param();
    optim::SGD opt({w}, optim::SGDOptions(0.1));
    check_against_reference(opt, w, SgdRef{0.1});
  }
  {
    Tensor w = param();
    optim::SGD opt({w}, optim::SGDOptions(0.05).momentum(0.9).dampening(0.3).weight_decay(0.01));
    check_against_reference(opt, w, SgdRef{0.05, 0.9, 0.3, 0.01});
  }
  {
    Tensor w = param();
    optim::SGD opt({w}, optim::SGDOptions(0.05).momentum(0.8).weight_decay(0.1).nesterov(true));
    check_against_reference(opt, w, SgdRef{0.05, 0.8, 0, 0.1, true});
    // the buffer is in the state, keyed by the parameter
    auto& state = static_cast<optim::SGDParamState&>(*opt.state().at(w.unsafeGetTensorImpl()));
    CHECK(state.momentum_buffer().sizes().vec() == S{4});
  }
}

/// SGD's update written with the elementwise ops, as PyTorch 1.13's _single_tensor_sgd: the reference
/// optim::SGD's one-pass update must match bit for bit.
void sgd_by_ops(std::vector<Tensor>& params, std::vector<Tensor>& buffers, const std::vector<Tensor>& grads,
                double lr, double momentum, double dampening, double weight_decay, bool nesterov) {
  xgrad::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i) {
    if (!grads[i].defined()) continue;
    Tensor d = grads[i];
    if (weight_decay != 0) d = d.add(params[i], weight_decay);
    if (momentum != 0) {
      if (!buffers[i].defined())
        buffers[i] = d.clone();
      else
        buffers[i].mul_(momentum).add_(d, 1 - dampening);
      d = nesterov ? d.add(buffers[i], momentum) : buffers[i];
    }
    params[i].add_(d, -lr);
  }
}

TEST_CASE("SGD's one-pass update gives the same bits as the op-by-op one") {
  // Parameters of 40 000, 30 000, 7 and 3 x 5 elements (the threads' split falls inside the first
  // two at 2 threads), one of them without a gradient; float and double; 4 steps (the first one fills
  // the momentum buffers); every option combination SGD has.
  struct Options {
    double lr, momentum, dampening, weight_decay;
    bool nesterov;
  };
  const std::vector<Options> configs = {
      {0.1, 0, 0, 0, false}, {0.05, 0.9, 0.3, 0.01, false}, {0.05, 0.8, 0, 0.1, true}, {0.01, 0.9, 0, 0, false}};
  for (const xgrad::ScalarType dtype : {xgrad::kFloat, xgrad::kDouble})
    for (const Options& c : configs) {
      INFO("dtype " << dtype_name(dtype) << " lr " << c.lr << " momentum " << c.momentum << " nesterov " << c.nesterov);
      const std::vector<S> shapes = {{40000}, {30000}, {7}, {3, 5}};
      std::vector<Tensor> fused, by_ops, buffers(shapes.size());
      for (const S& shape : shapes) {
        const Tensor init = xgrad::randn(shape, dtype);
        fused.push_back(init.clone().requires_grad_());
        by_ops.push_back(init.clone());
      }
      optim::SGD opt(fused,
                     optim::SGDOptions(c.lr).momentum(c.momentum).dampening(c.dampening).weight_decay(c.weight_decay).nesterov(c.nesterov));
      for (int step = 0; step < 4; ++step) {
        std::vector<Tensor> grads;
        for (size_t i = 0; i < shapes.size(); ++i)
          grads.push_back(i == 2 ? Tensor() : xgrad::randn(shapes[i], dtype));
        for (size_t i = 0; i < shapes.size(); ++i) fused[i].mutable_grad() = grads[i];
        opt.step();
        sgd_by_ops(by_ops, buffers, grads, c.lr, c.momentum, c.dampening, c.weight_decay, c.nesterov);
        for (size_t i = 0; i < shapes.size(); ++i) {
          INFO("step " << step << " parameter " << i);
          CHECK(fused[i].detach().equal(by_ops[i]));
        }
      }
    }
}

TEST_CASE("SGD on a non-contiguous parameter and on mixed dtypes in one group: the same numbers") {
  const Tensor base = xgrad::randn({4, 3}), other = xgrad::randn({5}, xgrad::kDouble);
  Tensor w = base.clone().t().requires_grad_();  // a leaf with transposed strides
  Tensor v = other.clone().requires_grad_();     // a float64 parameter beside the float32 one
  REQUIRE_FALSE(w.is_contiguous());
  std::vector<Tensor> by_ops = {base.clone().t(), other.clone()}, buffers(2);
  optim::SGD opt({w, v}, optim::SGDOptions(0.1).momentum(0.9).weight_decay(0.01));
  for (int step = 0; step < 3; ++step) {
    const Tensor g = xgrad::randn({3, 4}).t().contiguous().t();  // the gradient non-contiguous too
    const Tensor h = xgrad::randn({5}, xgrad::kDouble);
    w.mutable_grad() = g;
    v.mutable_grad() = h;
    opt.step();
    sgd_by_ops(by_ops, buffers, {g, h}, 0.1, 0.9, 0, 0.01, false);
    CHECK(w.detach().equal(by_ops[0]));
    CHECK(v.detach().equal(by_ops[1]));
    CHECK_FALSE(w.is_contiguous());  // updated in place, its strides kept
  }
}

TEST_CASE("_fused_sgd_: bad arguments are errors naming the op, the tensor and the shapes") {
  xgrad::NoGradGuard no_grad;
  const Tensor p = xgrad::zeros({2, 3}), g = xgrad::zeros({3, 2}), b = xgrad::zeros({2, 3});
  CHECK_THROWS_WITH_AS(xgrad::_fused_sgd_({p}, {g}, {b}, {false}, 0, 0.9, 0.1, 0, false),
                       Contains("_fused_sgd_: grad 0 must be a contiguous Float tensor of shape [2, 3]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::_fused_sgd_({p}, {p.to(xgrad::kDouble)}, {b}, {false}, 0, 0.9, 0.1, 0, false),
                       Contains("_fused_sgd_: grad 0 must be a contiguous Float tensor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::_fused_sgd_({p}, {b}, {}, {false}, 0, 0.9, 0.1, 0, false),
                       Contains("_fused_sgd_: expected 1 grads, first_step flags and 1 momentum buffers for 1 params, got 1, 1 and 0"),
                       xgrad::Error);
  const xgrad::AutoGradMode grad_mode(true);
  CHECK_THROWS_WITH_AS(xgrad::_fused_sgd_({p}, {b}, {b}, {false}, 0, 0.9, 0.1, 0, false),
                       Contains("_fused_sgd_: the update is not differentiable: call it under NoGradGuard"), xgrad::Error);
}

TEST_CASE("Adam and AdamW against the reference") {
  SUBCASE("Adam defaults") {
    Tensor w = param();
    optim::Adam opt({w});
    check_against_reference(opt, w, AdamRef{});
  }
  SUBCASE("Adam with weight decay, betas, eps, amsgrad") {
    Tensor w = param();
    optim::Adam opt({w}, optim::AdamOptions(0.1).betas({0.8, 0.9}).eps(1e-3).weight_decay(0.1).amsgrad(true));
    AdamRef ref;
    ref.lr = 0.1, ref.beta1 = 0.8, ref.beta2 = 0.9, ref.eps = 1e-3, ref.weight_decay = 0.1, ref.amsgrad = true;
    check_against_reference(opt, w, ref, 5);
    auto& state = static_cast<optim::AdamParamState&>(*opt.state().at(w.unsafeGetTensorImpl()));
    CHECK(state.step() == 5);
    CHECK(state.max_exp_avg_sq().defined());
  }
  SUBCASE("AdamW defaults (weight decay 1e-2) and with amsgrad") {
    Tensor w = param();
    optim::AdamW opt({w}, optim::AdamWOptions(0.05));
    AdamRef ref;
    ref.lr = 0.05, ref.weight_decay = 1e-2, ref.decoupled = true;
    check_against_reference(opt, w, ref);
    Tensor w2 = param();
    optim::AdamW opt2({w2}, optim::AdamWOptions(0.05).weight_decay(0.5).amsgrad(true).betas({0.5, 0.6}));
    AdamRef ref2;
    ref2.lr = 0.05, ref2.weight_decay = 0.5, ref2.decoupled = true, ref2.amsgrad = true, ref2.beta1 = 0.5,
    ref2.beta2 = 0.6;
    check_against_reference(opt2, w2, ref2, 5);
  }
}

TEST_CASE("RMSprop and Adagrad against the reference") {
  {
    Tensor w = param();
    optim::RMSprop opt({w});
    check_against_reference(opt, w, RmspropRef{});
  }
  {
    Tensor w = param();
    optim::RMSprop opt({w}, optim::RMSpropOptions(0.02).alpha(0.9).eps(1e-4).weight_decay(0.1).momentum(0.5).centered(true));
    RmspropRef ref;
    ref.lr = 0.02, ref.alpha = 0.9, ref.eps = 1e-4, ref.weight_decay = 0.1, ref.momentum = 0.5, ref.centered = true;
    check_against_reference(opt, w, ref);
  }
  {
    Tensor w = param();
    optim::Adagrad opt({w});
    check_against_reference(opt, w, AdagradRef{});
  }
  {
    Tensor w = param();
    optim::Adagrad opt({w},
                       optim::AdagradOptions(0.1).lr_decay(0.5).weight_decay(0.2).initial_accumulator_value(0.3).eps(1e-5));
    check_against_reference(opt, w, AdagradRef{0.1, 0.5, 0.2, 0.3, 1e-5, {}});
    // Adagrad's state exists from construction, as libtorch's, and its sum starts at the defaults'
    // initial_accumulator_value even for a group with its own (as libtorch and PyTorch)
    Tensor u = param(), v = param();
    std::vector<optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::vector<Tensor>{u});
    groups.emplace_back(std::vector<Tensor>{v},
                        std::make_unique<optim::AdagradOptions>(optim::AdagradOptions().initial_accumulator_value(5)));
    optim::Adagrad fresh(groups, optim::AdagradOptions().initial_accumulator_value(0.25));
    CHECK(fresh.state().size() == 2);
    check_close(static_cast<optim::AdagradParamState&>(*fresh.state().at(v.unsafeGetTensorImpl())).sum(),
                {0.25, 0.25, 0.25, 0.25});
    // a parameter added later gets its state on its first step
    Tensor later = param();
    fresh.add_param_group(optim::OptimizerParamGroup({later}));
    compute_grad(later);
    fresh.step();
    CHECK(static_cast<optim::AdagradParamState&>(*fresh.state().at(later.unsafeGetTensorImpl())).step() == 1);
  }
}

TEST_CASE("float32 parameters update in float32") {
  Tensor w = xgrad::tensor({1.0f, -2.0f}).requires_grad_();
  optim::Adam opt({w}, optim::AdamOptions(0.1));
  (w * w).sum().backward();
  opt.step();
  CHECK(dtype_of(w) == "Float");
  // the first Adam step moves each element by lr (times sign), up to eps
  check_close(w, {0.9, -1.9}, 1e-6);
}

TEST_CASE("param groups: per-group options, defaults cloned, add_param_group, add_parameters") {
  Tensor a = param(), b = param(), c = param();
  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<Tensor>{a});
  groups.emplace_back(std::vector<Tensor>{b}, std::make_unique<optim::SGDOptions>(optim::SGDOptions(0.01)));
  optim::SGD opt(groups, optim::SGDOptions(0.1).momentum(0.5));
  REQUIRE(opt.param_groups().size() == 2);
  CHECK(opt.param_groups()[0].options().get_lr() == 0.1);
  CHECK(static_cast<optim::SGDOptions&>(opt.param_groups()[0].options()).momentum() == 0.5);
  CHECK(opt.param_groups()[1].options().get_lr() == 0.01);
  CHECK(static_cast<optim::SGDOptions&>(opt.param_groups()[1].options()).momentum() == 0);
  // the group holds a copy of the defaults: changing one changes neither the other nor the defaults
  opt.param_groups()[0].options().set_lr(0.2);
  CHECK(opt.defaults().get_lr() == 0.1);

  compute_grad(a);
  compute_grad(b);
  opt.step();
  check_close(a, {1.0 - 0.2 * 1.0, -2.0 - 0.2 * -1.0, 0.5 - 0.2 * 1.5, 3.0 - 0.2 * -0.75});
  check_close(b, {1.0 - 0.01 * 1.0, -2.0 - 0.01 * -1.0, 0.5 - 0.01 * 1.5, 3.0 - 0.01 * -0.75});
  CHECK(opt.state().count(a.unsafeGetTensorImpl()) == 1);  // momentum 0.5: a buffer
  CHECK(opt.state().count(b.unsafeGetTensorImpl()) == 0);  // momentum 0: none

  opt.add_param_group(optim::OptimizerParamGroup({c}));
  CHECK(opt.param_groups().size() == 3);
  CHECK(opt.param_groups()[2].options().get_lr() == 0.1);
  CHECK(opt.size() == 3);

  Tensor d = param();
  opt.add_parameters({d});
  CHECK(opt.parameters().size() == 2);
  CHECK(opt.parameters()[1].is_same(d));
  CHECK(opt.size() == 4);
}

TEST_CASE("parameters without a gradient are skipped") {
  Tensor a = param(), b = param();
  optim::Adam opt({a, b});
  compute_grad(a);
  opt.step();
  check_close(b, kW0);
  CHECK(opt.state().count(a.unsafeGetTensorImpl()) == 1);
  CHECK(opt.state().count(b.unsafeGetTensorImpl()) == 0);
}

TEST_CASE("zero_grad: to none by default, or to zeros") {
  Tensor w = param();
  optim::SGD opt({w}, optim::SGDOptions(0.1));
  compute_grad(w);
  REQUIRE(w.grad().defined());
  opt.zero_grad();
  CHECK_FALSE(w.grad().defined());

  compute_grad(w);
  const Tensor before = w.grad();
  opt.zero_grad(false);
  REQUIRE(w.grad().defined());
  CHECK(w.grad().is_same(before));  // zeroed in place
  check_close(w.grad(), {0, 0, 0, 0});
  compute_grad(w);  // accumulates onto the zeros
  check_close(w.grad(), {1.0, -1.0, 1.5, -0.75});

  // a gradient that is part of a graph (create_graph) is detached before it is zeroed
  opt.zero_grad();
  Tensor loss = (w * w * w).sum();
  loss.backward({}, std::nullopt, /*create_graph=*/true);
  REQUIRE(w.grad().grad_fn());
  opt.zero_grad(false);
  CHECK_FALSE(w.grad().grad_fn());
  CHECK_FALSE(w.grad().requires_grad());
  check_close(w.grad(), {0, 0, 0, 0});
}

TEST_CASE("step(closure) evaluates the loss with grad mode on and returns it") {
  Tensor w = param();
  optim::SGD opt({w}, optim::SGDOptions(0.1));
  int calls = 0;
  auto closure = [&] {
    ++calls;
    CHECK(xgrad::GradMode::is_enabled());
    opt.zero_grad();
    Tensor loss = (xgrad::tensor(kA, xgrad::kDouble) * w * w).sum() * 0.5;
    loss.backward();
    return loss;
  };
  Tensor loss;
  {
    xgrad::NoGradGuard no_grad;  // the closure still gets grad mode
    loss = opt.step(closure);
  }
  CHECK(calls == 1);
  CHECK(loss.item<double>() == doctest::Approx(0.5 * (1 + 0.5 * 4 + 3 * 0.25 - 0.25 * 9)));
  check_close(w, {0.9, -1.9, 0.35, 3.075});
  CHECK_FALSE(opt.step().defined());  // no closure: an undefined loss
}

TEST_CASE("the update is not recorded by autograd, and leaves stay leaves") {
  Tensor w = param();
  optim::RMSprop opt({w}, optim::RMSpropOptions(0.1).momentum(0.9).centered(true));
  compute_grad(w);
  opt.step();
  CHECK(w.is_leaf());
  CHECK(w.requires_grad());
  CHECK(grad_fn_name(w) == "none");
}

TEST_CASE("bad options and parameters are errors naming the optimizer and the value") {
  Tensor w = param();
  CHECK_THROWS_WITH_AS(optim::SGD({w}, optim::SGDOptions(-0.1)), Contains("SGD: Invalid learning rate: -0.1"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::SGD({w}, optim::SGDOptions(0.1).momentum(-1)), Contains("SGD: Invalid momentum value: -1"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::SGD({w}, optim::SGDOptions(0.1).nesterov(true)),
                       Contains("SGD: Nesterov momentum requires a momentum and zero dampening (got momentum 0"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::SGD({w}, optim::SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)),
                       Contains("dampening 0.1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::Adam({w}, optim::AdamOptions().betas({1.0, 0.999})),
                       Contains("Adam: Invalid beta parameter at index 0: 1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::AdamW({w}, optim::AdamWOptions().betas({0.9, -0.5})),
                       Contains("AdamW: Invalid beta parameter at index 1: -0.5"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::Adam({w}, optim::AdamOptions().eps(-1e-8)), Contains("Adam: Invalid epsilon value: -1e-08"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::Adam({w}, optim::AdamOptions(std::nan(""))), Contains("Adam: Invalid learning rate: nan"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::RMSprop({w}, optim::RMSpropOptions().alpha(-0.5)),
                       Contains("RMSprop: Invalid alpha value: -0.5"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::Adagrad({w}, optim::AdagradOptions().lr_decay(-1)),
                       Contains("Adagrad: Invalid lr_decay value: -1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::Adagrad({w}, optim::AdagradOptions().initial_accumulator_value(-2)),
                       Contains("Adagrad: Invalid initial_accumulator_value value: -2"), xgrad::Error);

  // a group's own options are checked too, and must be the optimizer's type
  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<Tensor>{w}, std::make_unique<optim::SGDOptions>(optim::SGDOptions(-1)));
  CHECK_THROWS_WITH_AS(optim::SGD(groups, optim::SGDOptions(0.1)), Contains("SGD: Invalid learning rate: -1"),
                       xgrad::Error);
  optim::SGD opt({w}, optim::SGDOptions(0.1));
  Tensor v = param();
  CHECK_THROWS_WITH_AS(
      opt.add_param_group(optim::OptimizerParamGroup({v}, std::make_unique<optim::AdamOptions>(optim::AdamOptions()))),
      Contains("SGD: a parameter group's options are not SGDOptions"), xgrad::Error);
  CHECK(opt.param_groups().size() == 1);  // a failed add changes nothing

  // a parameter given twice, in one group or across groups, as PyTorch
  CHECK_THROWS_WITH_AS(optim::SGD({w, v, w}, optim::SGDOptions(0.1)),
                       Contains("add_param_group: parameter 2 (shape [4]) is given more than once"), xgrad::Error);
  CHECK_THROWS_WITH_AS(opt.add_param_group(optim::OptimizerParamGroup({v, w})),
                       Contains("add_param_group: some parameters appear in more than one parameter group (parameter 1"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(opt.add_parameters({w}), Contains("add_parameters: some parameters appear in more than one"),
                       xgrad::Error);
  CHECK(opt.size() == 1);
  // non-leaf and undefined tensors
  CHECK_THROWS_WITH_AS(optim::Adam({w * 2}), Contains("add_param_group: can't optimize a non-leaf Tensor"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::Adam({Tensor()}), Contains("add_param_group: parameter 0 is an undefined tensor"),
                       xgrad::Error);
}

TEST_CASE("checkpoints: a loaded optimizer continues exactly as the saved one") {
  using MakeOpt = std::function<std::unique_ptr<optim::Optimizer>(std::vector<Tensor>, std::vector<Tensor>)>;
  // the first group takes the defaults, the second its own options
  auto two_groups = [](std::vector<Tensor> g0, std::vector<Tensor> g1, auto options1) {
    std::vector<optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::move(g0));
    groups.emplace_back(std::move(g1), std::make_unique<decltype(options1)>(options1));
    return groups;
  };
  const std::vector<std::pair<const char*, MakeOpt>> makers = {
      {"SGD",
       [&](auto g0, auto g1) {
         return std::make_unique<optim::SGD>(
             two_groups(g0, g1, optim::SGDOptions(0.02).momentum(0.5).nesterov(true)),
             optim::SGDOptions(0.1).momentum(0.9).dampening(0.1).weight_decay(0.01));
       }},
      {"Adam",
       [&](auto g0, auto g1) {
         return std::make_unique<optim::Adam>(two_groups(g0, g1, optim::AdamOptions(0.01).amsgrad(true)),
                                              optim::AdamOptions(0.1).betas({0.8, 0.95}).weight_decay(0.1));
       }},
      {"AdamW",
       [&](auto g0, auto g1) {
         return std::make_unique<optim::AdamW>(two_groups(g0, g1, optim::AdamWOptions(0.01)),
                                               optim::AdamWOptions(0.1).amsgrad(true));
       }},
      {"RMSprop",
       [&](auto g0, auto g1) {
         return std::make_unique<optim::RMSprop>(two_groups(g0, g1, optim::RMSpropOptions(0.01).centered(true)),
                                                 optim::RMSpropOptions(0.1).momentum(0.5));
       }},
      {"Adagrad",
       [&](auto g0, auto g1) {
         return std::make_unique<optim::Adagrad>(two_groups(g0, g1, optim::AdagradOptions(0.01).lr_decay(0.1)),
                                                 optim::AdagradOptions(0.1).initial_accumulator_value(0.5));
       }},
  };
  for (const auto& maker : makers) {
    const char* name = maker.first;  // (not a structured binding: INFO captures it, C++17 lambdas cannot)
    const MakeOpt& make = maker.second;
    INFO(name);
    TempFile file(std::string(name) + ".ckpt");
    Tensor a = param(), b = param(), c = xgrad::ones({2, 3}, xgrad::kDouble).requires_grad_();
    auto opt = make({a, b}, {c});
    auto train = [](optim::Optimizer& o, const std::vector<Tensor>& ps) {
      o.zero_grad();
      for (const auto& p : ps) compute_grad(p.numel() == 4 ? p : p.view({-1}).narrow(0, 0, 4));
      o.step();
    };
    train(*opt, {a, b, c});
    train(*opt, {a, b, c});
    xgrad::save(*opt, file.path);

    // a fresh optimizer over parameters holding the same values, loaded from the file
    Tensor a2 = a.detach().clone().requires_grad_(), b2 = b.detach().clone().requires_grad_(),
           c2 = c.detach().clone().requires_grad_();
    auto loaded = make({a2, b2}, {c2});
    loaded->param_groups()[1].options().set_lr(123.0);  // the checkpoint's options replace these
    xgrad::load(*loaded, file.path);
    CHECK(loaded->param_groups()[1].options().get_lr() == opt->param_groups()[1].options().get_lr());
    CHECK(loaded->state().size() == opt->state().size());
    train(*opt, {a, b, c});
    train(*loaded, {a2, b2, c2});
    CHECK(a.equal(a2));
    CHECK(b.equal(b2));
    CHECK(c.equal(c2));
  }
}

TEST_CASE("checkpoints: a wrong checkpoint is an error naming the file and the key, and changes nothing") {
  TempFile sgd_file("sgd.ckpt"), adam_file("adam.ckpt");
  Tensor w = param(), v = param();
  optim::SGD sgd({w, v}, optim::SGDOptions(0.1).momentum(0.9));
  compute_grad(w);
  compute_grad(v);
  sgd.step();
  xgrad::save(sgd, sgd_file.path);
  optim::Adam adam({param()});
  xgrad::save(adam, adam_file.path);

  // the target: a momentum SGD with its own state, which must survive every failed load
  Tensor p = param(), q = param();
  optim::SGD target({p, q}, optim::SGDOptions(0.5).momentum(0.1));
  compute_grad(p);
  target.step();
  const Tensor buffer = static_cast<optim::SGDParamState&>(*target.state().at(p.unsafeGetTensorImpl())).momentum_buffer();
  auto unchanged = [&] {
    CHECK(target.param_groups().size() == 1);
    CHECK(target.param_groups()[0].options().get_lr() == 0.5);
    CHECK(target.state().size() == 1);
    CHECK(static_cast<optim::SGDParamState&>(*target.state().at(p.unsafeGetTensorImpl())).momentum_buffer().is_same(buffer));
  };

  // another optimizer's checkpoint: its options lack SGD's keys
  CHECK_THROWS_WITH_AS(xgrad::load(target, adam_file.path),
                       Contains(("checkpoint '" + adam_file.path + "' has no entry 'param_groups.0.options.momentum'").c_str()),
                       xgrad::Error);
  unchanged();

  // a different number of parameters in the group
  optim::SGD three({p, q, param()}, optim::SGDOptions(0.5));
  CHECK_THROWS_WITH_AS(xgrad::load(three, sgd_file.path),
                       Contains(("SGD::load: " + sgd_file.path +
                                 ": parameter group 0 has 2 parameters in the checkpoint (param_groups.0.params.size) "
                                 "but 3 in the optimizer")
                                    .c_str()),
                       xgrad::Error);

  // a different number of groups
  std::vector<optim::OptimizerParamGroup> two;
  two.emplace_back(std::vector<Tensor>{param()});
  two.emplace_back(std::vector<Tensor>{param()});
  optim::SGD two_groups(two, optim::SGDOptions(0.5));
  CHECK_THROWS_WITH_AS(xgrad::load(two_groups, sgd_file.path),
                       Contains("the checkpoint has 1 parameter groups (param_groups.size) but the optimizer has 2"),
                       xgrad::Error);

  // state of the wrong shape: parameters of another shape
  Tensor big = xgrad::zeros({5}, xgrad::kDouble).requires_grad_();
  optim::SGD other_shape({p, big}, optim::SGDOptions(0.5).momentum(0.1));
  compute_grad(p);
  other_shape.step();
  const size_t states_before = other_shape.state().size();
  CHECK_THROWS_WITH_AS(
      xgrad::load(other_shape, sgd_file.path),
      Contains(("SGD::load: " + sgd_file.path +
                ": state.1.momentum_buffer has shape [4] but its parameter has shape [5]")
                   .c_str()),
      xgrad::Error);
  CHECK(other_shape.state().size() == states_before);

  // hand-made checkpoints: a bad option value, and a parameter index given twice
  auto write_checkpoint = [](const std::string& path, double lr, int64_t second_index) {
    xgrad::serialize::OutputArchive archive, groups, group, options, params;
    groups.write("size", int64_t{1});
    options.write("lr", lr);
    options.write("momentum", 0.0);
    options.write("dampening", 0.0);
    options.write("weight_decay", 0.0);
    options.write("nesterov", int64_t{0});
    group.write("options", options);
    params.write("size", int64_t{2});
    params.write("0", int64_t{0});
    params.write("1", second_index);
    group.write("params", params);
    groups.write("0", group);
    archive.write("param_groups", groups);
    archive.save_to(path);
  };
  {
    TempFile bad("bad.ckpt");
    write_checkpoint(bad.path, -1.0, 1);
    CHECK_THROWS_WITH_AS(xgrad::load(target, bad.path),
                         Contains(("SGD::load: " + bad.path + ": param_groups.0.options: SGD: Invalid learning rate: -1").c_str()),
                         xgrad::Error);
    unchanged();
    write_checkpoint(bad.path, 0.1, 0);
    CHECK_THROWS_WITH_AS(xgrad::load(target, bad.path),
                         Contains(("SGD::load: " + bad.path +
                                   ": param_groups.0.params.1 is 0; expected a parameter index in [0, 2) that no "
                                   "other entry has")
                                      .c_str()),
                         xgrad::Error);
    unchanged();
    // a good hand-made one: no state, so loading it clears target's
    write_checkpoint(bad.path, 0.25, 1);
    xgrad::load(target, bad.path);
    CHECK(target.param_groups()[0].options().get_lr() == 0.25);
    CHECK(target.state().empty());
  }
  // the loads above failed before changing target; a good one works
  xgrad::load(target, sgd_file.path);
  CHECK(target.param_groups()[0].options().get_lr() == 0.1);
  CHECK(target.state().size() == 2);
}
