// LR schedulers (optim/schedulers): each lr sequence against its closed-form formula for a few dozen
// epochs, per-group lrs, chaining, OneCycleLR's momentum, ReduceLROnPlateau's rules, checkpoints
// and errors. (tests/test_golden_optim.cpp compares the sequences with PyTorch's exactly.)
#include <doctest/doctest.h>

#include <xgrad/optim.h>
#include <xgrad/serialize.h>
#include <xgrad/xgrad.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "test_helpers.h"

using doctest::Contains;
using namespace test_helpers;
namespace optim = xgrad::optim;

namespace {

const double kPi = 3.141592653589793;

/// An SGD over two parameters in two groups, with lrs 0.1 and 0.03.
struct TwoGroups {
  Tensor a = xgrad::ones({2}).requires_grad_(), b = xgrad::ones({3}).requires_grad_();
  optim::SGD opt{make_groups(), optim::SGDOptions(0.1)};
  std::vector<optim::OptimizerParamGroup> make_groups() {
    std::vector<optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::vector<Tensor>{a});
    groups.emplace_back(std::vector<Tensor>{b}, std::make_unique<optim::SGDOptions>(optim::SGDOptions(0.03)));
    return groups;
  }
  double lr(size_t g) const { return opt.param_groups()[g].options().get_lr(); }
};

/// For epochs 0..epochs, checks both groups' lr (and get_last_lr) against closed_form(base_lr, epoch).
void check_sequence(TwoGroups& t, const std::function<void()>& step, const std::function<const std::vector<double>&()>& last_lr,
                    const std::function<double(double, int)>& closed_form, int epochs) {
  const double base[2] = {0.1, 0.03};
  for (int e = 0; e <= epochs; ++e) {
    if (e > 0) step();
    for (size_t g = 0; g < 2; ++g) {
      INFO("epoch " << e << ", group " << g);
      CHECK(t.lr(g) == doctest::Approx(closed_form(base[g], e)).epsilon(1e-12));
      CHECK(last_lr()[g] == t.lr(g));
    }
  }
}

template <typename Scheduler>
void check_scheduler(TwoGroups& t, Scheduler& s, const std::function<double(double, int)>& closed_form,
                     int epochs = 40) {
  check_sequence(
      t, [&] { s.step(); }, [&]() -> const std::vector<double>& { return s.get_last_lr(); }, closed_form, epochs);
  CHECK(s.last_epoch() == epochs);
}

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() / ("xgrad_test_lr_scheduler_" + name)).string()) {}
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("StepLR, MultiStepLR, ExponentialLR follow their closed forms") {
  {
    TwoGroups t;
    optim::StepLR s(t.opt, 3, 0.5);
    CHECK(s.base_lrs() == std::vector<double>{0.1, 0.03});
    check_scheduler(t, s, [](double lr, int e) { return lr * std::pow(0.5, e / 3); });
  }
  {
    TwoGroups t;
    optim::StepLR s(t.opt, 7);  // gamma 0.1
    check_scheduler(t, s, [](double lr, int e) { return lr * std::pow(0.1, e / 7); });
  }
  {
    TwoGroups t;
    optim::MultiStepLR s(t.opt, {2, 5, 5, 11}, 0.5);  // a milestone listed twice decays twice
    check_scheduler(t, s, [](double lr, int e) { return lr * std::pow(0.5, (e >= 2) + 2 * (e >= 5) + (e >= 11)); });
  }
  {
    TwoGroups t;
    optim::ExponentialLR s(t.opt, 0.9);
    check_scheduler(t, s, [](double lr, int e) { return lr * std::pow(0.9, e); });
  }
}

TEST_CASE("CosineAnnealingLR and LinearLR follow their closed forms") {
  {
    TwoGroups t;
    optim::CosineAnnealingLR s(t.opt, 10, 0.001);
    // past T_max the schedule goes back up (SGDR without restarts), as in PyTorch
    check_scheduler(t, s, [](double lr, int e) { return 0.001 + (lr - 0.001) * (1 + std::cos(kPi * e / 10)) / 2; });
  }
  {
    TwoGroups t;
    optim::CosineAnnealingLR s(t.opt, 7);
    check_scheduler(t, s, [](double lr, int e) { return lr * (1 + std::cos(kPi * e / 7)) / 2; });
  }
  {
    TwoGroups t;
    optim::LinearLR s(t.opt);  // 1/3 -> 1 over 5 epochs
    CHECK(t.lr(0) == doctest::Approx(0.1 / 3));  // construction is epoch 0
    check_scheduler(t, s, [](double lr, int e) { return lr * (1.0 / 3 + (1 - 1.0 / 3) * std::min(e, 5) / 5); });
  }
  {
    TwoGroups t;
    optim::LinearLR s(t.opt, 1.0, 0.25, 8);  // decreasing
    check_scheduler(t, s, [](double lr, int e) { return lr * (1.0 + (0.25 - 1.0) * std::min(e, 8) / 8); });
  }
}

TEST_CASE("OneCycleLR: two and three phases, cos and linear, with momentum") {
  const double initial = 1.0 / 25, min_lr = initial / 1e4;
  auto cos_anneal = [](double start, double end, double pct) { return end + (start - end) / 2 * (std::cos(kPi * pct) + 1); };
  {
    TwoGroups t;
    optim::OneCycleLR s(t.opt, 1.0, 20);  // pct_start 0.3: up until step 5, down until step 19
    CHECK(s.total_steps() == 20);
    CHECK(s.base_lrs()[0] == initial);
    auto& o = static_cast<optim::SGDOptions&>(t.opt.param_groups()[0].options());
    for (int e = 0; e < 20; ++e) {
      if (e > 0) s.step();
      INFO("step " << e);
      const double lr = e <= 5 ? cos_anneal(initial, 1.0, e / 5.0) : cos_anneal(1.0, min_lr, (e - 5) / 14.0);
      const double momentum = e <= 5 ? cos_anneal(0.95, 0.85, e / 5.0) : cos_anneal(0.85, 0.95, (e - 5) / 14.0);
      CHECK(t.lr(0) == doctest::Approx(lr).epsilon(1e-12));
      CHECK(t.lr(1) == t.lr(0));
      CHECK(o.momentum() == doctest::Approx(momentum).epsilon(1e-12));
    }
    CHECK(t.lr(0) == doctest::Approx(min_lr));
    s.step();  // step 20 == total_steps is still allowed (as PyTorch); 21 is not
    CHECK_THROWS_WITH_AS(s.step(), Contains("OneCycleLR: Tried to step 22 times. The specified number of total steps is 20"),
                         xgrad::Error);
  }
  {
    TwoGroups t;
    optim::OneCycleLR s(t.opt, std::vector<double>{2.0, 0.5}, std::nullopt, 2, 5, 0.4, optim::OneCycleLR::linear,
                        false, 0.85, 0.95, 10.0, 100.0, true);
    // phases end at steps 3 (up), 6 (down to initial), 9 (to min)
    for (int e = 0; e < 10; ++e) {
      if (e > 0) s.step();
      for (size_t g = 0; g < 2; ++g) {
        const double max_lr = g == 0 ? 2.0 : 0.5, init = max_lr / 10, low = init / 100;
        const double lr = e <= 3   ? init + (max_lr - init) * e / 3.0
                          : e <= 6 ? max_lr + (init - max_lr) * (e - 3) / 3.0
                                   : init + (low - init) * (e - 6) / 3.0;
        INFO("step " << e << ", group " << g);
        CHECK(t.lr(g) == doctest::Approx(lr).epsilon(1e-12));
      }
    }
    CHECK(static_cast<optim::SGDOptions&>(t.opt.param_groups()[0].options()).momentum() == 0);  // not cycled
  }
  {
    // Adam: beta1 cycles
    Tensor w = xgrad::ones({2}).requires_grad_();
    optim::Adam adam({w}, optim::AdamOptions(0.1).betas({0.9, 0.99}));
    optim::OneCycleLR s(adam, 0.1, 10);
    const auto& o = static_cast<optim::AdamOptions&>(adam.param_groups()[0].options());
    CHECK(std::get<0>(o.betas()) == doctest::Approx(0.95));
    CHECK(std::get<1>(o.betas()) == 0.99);
    s.step();
    CHECK(std::get<0>(o.betas()) == doctest::Approx(cos_anneal(0.95, 0.85, 1 / 2.0)));
  }
}

TEST_CASE("ReduceLROnPlateau: patience, cooldown, thresholds, min_lr, eps") {
  {
    TwoGroups t;
    optim::ReduceLROnPlateau s(t.opt, optim::ReduceLROnPlateau::min, 0.5, 2, 0.1, optim::ReduceLROnPlateau::rel, 1,
                               std::vector<double>{0.02, 0.0});
    // each entry: the metric, then group 0's lr after the step
    const std::vector<std::pair<double, double>> steps = {
        {10, 0.1},   // best 10
        {9.5, 0.1},  // not 10% better: bad 1
        {9.2, 0.1},  // bad 2
        {9.1, 0.05}, // bad 3 > patience 2: reduce, cooldown 1
        {9.0, 0.05}, // in cooldown: bad epochs ignored
        {8.9, 0.05}, // 8.9 < best 10 * 0.9: best 8.9
        {8.0, 0.05}, // 8 < 8.9 * 0.9: best 8
        {8.0, 0.05}, {8.0, 0.05}, {8.0, 0.025},  // 3 bad: reduce
        {8.0, 0.025}, {8.0, 0.025}, {8.0, 0.025}, {8.0, 0.02},  // cooldown, then 3 bad: capped by min_lr
        {8.0, 0.02}, {8.0, 0.02}, {8.0, 0.02}, {8.0, 0.02},
    };
    for (size_t i = 0; i < steps.size(); ++i) {
      s.step(steps[i].first);
      INFO("step " << i + 1);
      CHECK(t.lr(0) == doctest::Approx(steps[i].second));
      CHECK(s.get_last_lr()[0] == t.lr(0));
    }
    CHECK(s.best() == 8.0);
    CHECK(s.last_epoch() == static_cast<int64_t>(steps.size()));
    CHECK(t.lr(1) == doctest::Approx(0.03 / 16));  // group 1: min_lr 0, four reductions
  }
  {
    TwoGroups t;  // mode max, abs threshold, a tensor metric, the same min_lr for every group
    optim::ReduceLROnPlateau s(t.opt, optim::ReduceLROnPlateau::max, 0.1, 0, 0.5, optim::ReduceLROnPlateau::abs, 0,
                               0.001);
    s.step(xgrad::tensor({1.0}));
    CHECK(t.lr(0) == 0.1);
    s.step(xgrad::tensor({1.4}));  // not better by 0.5: reduce (patience 0)
    CHECK(t.lr(0) == doctest::Approx(0.01));
    s.step(1.6);  // better
    CHECK(t.lr(0) == doctest::Approx(0.01));
    s.step(1.6);
    s.step(1.6);
    CHECK(t.lr(0) == doctest::Approx(0.001));  // capped by min_lr
    CHECK(t.lr(1) == doctest::Approx(0.001));
  }
  {
    TwoGroups t;  // a reduction smaller than eps is skipped
    optim::ReduceLROnPlateau s(t.opt, optim::ReduceLROnPlateau::min, 0.9, 0, 1e-4, optim::ReduceLROnPlateau::rel, 0, {},
                               0.02);
    s.step(1.0);
    s.step(1.0);
    CHECK(t.lr(0) == 0.1);  // 0.1 - 0.09 = 0.01 < eps 0.02
    CHECK(t.lr(1) == 0.03);
  }
}

TEST_CASE("schedulers chain, as Python's chainable forms") {
  TwoGroups t;
  optim::LinearLR warmup(t.opt, 0.5, 1.0, 2);
  optim::ExponentialLR decay(t.opt, 0.5);
  // epoch 0: linear's 0.5; then each epoch both factors apply
  CHECK(t.lr(0) == doctest::Approx(0.05));
  warmup.step();
  decay.step();
  CHECK(t.lr(0) == doctest::Approx(0.1 * 0.75 * 0.5));
  warmup.step();
  decay.step();
  CHECK(t.lr(0) == doctest::Approx(0.1 * 1.0 * 0.25));
  warmup.step();
  decay.step();
  CHECK(t.lr(0) == doctest::Approx(0.1 * 0.125));
}

TEST_CASE("scheduler checkpoints restore the epoch count and lrs") {
  TempFile sched_file("sched.ckpt"), opt_file("opt.ckpt"), plateau_file("plateau.ckpt");
  TwoGroups t;
  optim::CosineAnnealingLR s(t.opt, 6, 0.01);
  for (int i = 0; i < 4; ++i) s.step();
  xgrad::save(s, sched_file.path);
  xgrad::save(t.opt, opt_file.path);

  TwoGroups fresh;
  optim::CosineAnnealingLR resumed(fresh.opt, 6, 0.01);
  xgrad::load(resumed, sched_file.path);
  xgrad::load(fresh.opt, opt_file.path);
  CHECK(resumed.last_epoch() == 4);
  CHECK(resumed.get_last_lr() == s.get_last_lr());
  for (int i = 0; i < 5; ++i) {
    s.step();
    resumed.step();
    CHECK(fresh.lr(0) == t.lr(0));
    CHECK(fresh.lr(1) == t.lr(1));
  }

  optim::ReduceLROnPlateau plateau(t.opt, optim::ReduceLROnPlateau::min, 0.5, 1);
  plateau.step(3.0);
  plateau.step(4.0);
  xgrad::save(plateau, plateau_file.path);
  optim::ReduceLROnPlateau plateau2(fresh.opt, optim::ReduceLROnPlateau::min, 0.5, 1);
  xgrad::load(plateau2, plateau_file.path);
  CHECK(plateau2.best() == 3.0);
  CHECK(plateau2.num_bad_epochs() == 1);
  CHECK(plateau2.last_epoch() == 2);

  // a checkpoint for another number of param groups is refused, and changes nothing
  Tensor w = xgrad::ones({1}).requires_grad_();
  optim::SGD one_group({w}, optim::SGDOptions(0.1));
  optim::StepLR other(one_group, 2);
  CHECK_THROWS_WITH_AS(xgrad::load(other, sched_file.path),
                       Contains(("LRScheduler::load: " + sched_file.path +
                                 ": base_lrs is a Double tensor of shape [2]; expected 1 values (one per parameter group)")
                                    .c_str()),
                       xgrad::Error);
  CHECK(other.last_epoch() == 0);
}

TEST_CASE("scheduler errors") {
  TwoGroups t;
  CHECK_THROWS_WITH_AS(optim::StepLR(t.opt, 0), Contains("StepLR: step_size must be positive, got 0"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::CosineAnnealingLR(t.opt, 0), Contains("CosineAnnealingLR: T_max must be positive"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::LinearLR(t.opt, 1.5), Contains("LinearLR: Starting multiplicative factor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::LinearLR(t.opt, 0.0), Contains("got 0"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::LinearLR(t.opt, 0.5, -0.1), Contains("LinearLR: Ending multiplicative factor"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::OneCycleLR(t.opt, 1.0), Contains("OneCycleLR: You must define either total_steps OR"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::OneCycleLR(t.opt, 1.0, 0), Contains("Expected positive integer total_steps, but got 0"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::OneCycleLR(t.opt, 1.0, 10, std::nullopt, std::nullopt, 1.5),
                       Contains("OneCycleLR: Expected float between 0 and 1 pct_start, but got 1.5"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::OneCycleLR(t.opt, std::vector<double>{1.0}, 10),
                       Contains("OneCycleLR: expected 2 values for max_lr, got 1"), xgrad::Error);
  Tensor w = xgrad::ones({1}).requires_grad_();
  optim::Adagrad adagrad({w});
  CHECK_THROWS_WITH_AS(optim::OneCycleLR(adagrad, 1.0, 10),
                       Contains("OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled"),
                       xgrad::Error);
  optim::OneCycleLR without_momentum(adagrad, 1.0, 10, std::nullopt, std::nullopt, 0.3, optim::OneCycleLR::cos, false);
  CHECK_THROWS_WITH_AS(optim::ReduceLROnPlateau(t.opt, optim::ReduceLROnPlateau::min, 1.0),
                       Contains("ReduceLROnPlateau: Factor should be < 1.0, got 1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(optim::ReduceLROnPlateau(t.opt, optim::ReduceLROnPlateau::min, 0.1, 10, 1e-4,
                                                optim::ReduceLROnPlateau::rel, 0, std::vector<double>{0.1, 0.2, 0.3}),
                       Contains("ReduceLROnPlateau: expected 2 min_lrs, got 3"), xgrad::Error);
  optim::ReduceLROnPlateau plateau(t.opt);
  CHECK_THROWS_WITH_AS(plateau.step(xgrad::ones({2})), Contains("expected a one-element metric"), xgrad::Error);
}
