// The schedule is in one_cycle_lr.h; the operations are in PyTorch 1.13's order, so the lrs are the
// same doubles.
#include <xgrad/optim/schedulers/one_cycle_lr.h>

#include <cmath>
#include <tuple>

#include <xgrad/optim/adam.h>
#include <xgrad/optim/adamw.h>
#include <xgrad/optim/rmsprop.h>
#include <xgrad/optim/sgd.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace optim {

namespace {

constexpr double kPi = 3.141592653589793;  // math.pi
enum LrIndex { kInitialLr, kMaxLr, kMinLr };
enum MomentumIndex { kMaxMomentum, kBaseMomentum };

/// Sets a group's momentum (SGD, RMSprop) or beta1 (Adam, AdamW); false if the options have neither.
bool set_momentum(OptimizerOptions& options, double momentum) {
  if (auto* sgd = dynamic_cast<SGDOptions*>(&options)) {
    sgd->momentum(momentum);
  } else if (auto* rmsprop = dynamic_cast<RMSpropOptions*>(&options)) {
    rmsprop->momentum(momentum);
  } else if (auto* adam = dynamic_cast<AdamOptions*>(&options)) {
    adam->betas(std::make_tuple(momentum, std::get<1>(adam->betas())));
  } else if (auto* adamw = dynamic_cast<AdamWOptions*>(&options)) {
    adamw->betas(std::make_tuple(momentum, std::get<1>(adamw->betas())));
  } else {
    return false;
  }
  return true;
}

int64_t checked_total_steps(std::optional<int64_t> total_steps, std::optional<int64_t> epochs,
                            std::optional<int64_t> steps_per_epoch) {
  if (total_steps) {
    XGRAD_CHECK(*total_steps > 0, "OneCycleLR: Expected positive integer total_steps, but got {}", *total_steps);
    return *total_steps;
  }
  XGRAD_CHECK(epochs && steps_per_epoch, "OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch)");
  XGRAD_CHECK(*epochs > 0, "OneCycleLR: Expected positive integer epochs, but got {}", *epochs);
  XGRAD_CHECK(*steps_per_epoch > 0, "OneCycleLR: Expected positive integer steps_per_epoch, but got {}",
              *steps_per_epoch);
  return *epochs * *steps_per_epoch;
}

}  // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, double max_lr, std::optional<int64_t> total_steps,
                       std::optional<int64_t> epochs, std::optional<int64_t> steps_per_epoch, double pct_start,
                       AnnealStrategy anneal_strategy, bool cycle_momentum, double base_momentum, double max_momentum,
                       double div_factor, double final_div_factor, bool three_phase)
    : OneCycleLR(optimizer, std::vector<double>(optimizer.param_groups().size(), max_lr), total_steps, epochs,
                 steps_per_epoch, pct_start, anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor,
                 final_div_factor, three_phase) {}

OneCycleLR::OneCycleLR(Optimizer& optimizer, std::vector<double> max_lrs, std::optional<int64_t> total_steps,
                       std::optional<int64_t> epochs, std::optional<int64_t> steps_per_epoch, double pct_start,
                       AnnealStrategy anneal_strategy, bool cycle_momentum, double base_momentum, double max_momentum,
                       double div_factor, double final_div_factor, bool three_phase)
    : LRScheduler(optimizer),
      total_steps_(checked_total_steps(total_steps, epochs, steps_per_epoch)),
      anneal_strategy_(anneal_strategy),
      cycle_momentum_(cycle_momentum) {
  XGRAD_CHECK(pct_start >= 0 && pct_start <= 1, "OneCycleLR: Expected float between 0 and 1 pct_start, but got {}",
              pct_start);
  XGRAD_CHECK(anneal_strategy == cos || anneal_strategy == linear,
              "OneCycleLR: anneal_strategy must be cos or linear, got {}", static_cast<int>(anneal_strategy));
  auto& groups = optimizer_.param_groups();
  XGRAD_CHECK(max_lrs.size() == groups.size(), "OneCycleLR: expected {} values for max_lr, got {}", groups.size(),
              max_lrs.size());
  if (cycle_momentum) {
    for (auto& group : groups)
      XGRAD_CHECK(set_momentum(group.options(), max_momentum),
                  "OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled");
  }

  const double total = static_cast<double>(total_steps_);
  if (three_phase) {
    phases_ = {{pct_start * total - 1, kInitialLr, kMaxLr, kMaxMomentum, kBaseMomentum},
               {2 * pct_start * total - 2, kMaxLr, kInitialLr, kBaseMomentum, kMaxMomentum},
               {total - 1, kInitialLr, kMinLr, kMaxMomentum, kMaxMomentum}};
  } else {
    phases_ = {{pct_start * total - 1, kInitialLr, kMaxLr, kMaxMomentum, kBaseMomentum},
               {total - 1, kMaxLr, kMinLr, kBaseMomentum, kMaxMomentum}};
  }
  base_lrs_.clear();
  for (double max_lr : max_lrs) {
    const double initial_lr = max_lr / div_factor;
    groups_.push_back({{initial_lr, max_lr, initial_lr / final_div_factor}, {max_momentum, base_momentum}});
    base_lrs_.push_back(initial_lr);
  }
  initial_step();
}

double OneCycleLR::anneal(double start, double end, double pct) const {
  if (anneal_strategy_ == cos) {
    const double cos_out = std::cos(kPi * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  }
  return (end - start) * pct + start;
}

std::vector<double> OneCycleLR::get_lrs() {
  const int64_t step_num = last_epoch_;
  XGRAD_CHECK(step_num <= total_steps_, "OneCycleLR: Tried to step {} times. The specified number of total steps is {}",
              step_num + 1, total_steps_);
  auto& groups = optimizer_.param_groups();
  XGRAD_CHECK(groups.size() == groups_.size(), "OneCycleLR: the optimizer has {} parameter groups, the scheduler {}",
              groups.size(), groups_.size());
  std::vector<double> lrs;
  for (size_t g = 0; g < groups.size(); ++g) {
    const GroupValues& v = groups_[g];
    double start_step = 0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& phase = phases_[i];
      if (static_cast<double>(step_num) <= phase.end_step || i + 1 == phases_.size()) {
        const double pct = (static_cast<double>(step_num) - start_step) / (phase.end_step - start_step);
        lrs.push_back(anneal(v.lr[phase.start_lr], v.lr[phase.end_lr], pct));
        if (cycle_momentum_)
          set_momentum(groups[g].options(), anneal(v.momentum[phase.start_momentum], v.momentum[phase.end_momentum], pct));
        break;
      }
      start_step = phase.end_step;
    }
  }
  return lrs;
}

}  // namespace optim
}  // namespace xgrad
