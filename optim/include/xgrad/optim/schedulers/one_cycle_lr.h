#pragma once
// OneCycleLR (the 1cycle policy), PyTorch 1.13's closed form, stepped once per batch. The lr goes
// from initial_lr = max_lr / div_factor up to max_lr over the first pct_start of total_steps, then
// down to min_lr = initial_lr / final_div_factor (three_phase: back to initial_lr by 2 pct_start,
// then to min_lr). Within a phase from step s0 to s1, at step t, pct = (t - s0) / (s1 - s0) and
//   cos:    end + (start - end) / 2 * (cos(pi pct) + 1)
//   linear: (end - start) * pct + start
// With cycle_momentum the momentum (SGD, RMSprop) or beta1 (Adam, AdamW) moves the other way,
// between max_momentum and base_momentum.
#include <cstdint>
#include <optional>
#include <vector>

#include <xgrad/optim/schedulers/lr_scheduler.h>

namespace xgrad {
namespace optim {

class OneCycleLR : public LRScheduler {
 public:
  enum AnnealStrategy { cos, linear };

  /// Either total_steps or both epochs and steps_per_epoch (total = their product) must be given.
  /// Throws xgrad::Error for non-positive step counts, pct_start outside [0, 1], or cycle_momentum
  /// with an optimizer that has no momentum (Adagrad).
  OneCycleLR(Optimizer& optimizer, double max_lr, std::optional<int64_t> total_steps = std::nullopt,
             std::optional<int64_t> epochs = std::nullopt, std::optional<int64_t> steps_per_epoch = std::nullopt,
             double pct_start = 0.3, AnnealStrategy anneal_strategy = cos, bool cycle_momentum = true,
             double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25.,
             double final_div_factor = 1e4, bool three_phase = false);
  /// One max_lr per param group.
  OneCycleLR(Optimizer& optimizer, std::vector<double> max_lrs, std::optional<int64_t> total_steps = std::nullopt,
             std::optional<int64_t> epochs = std::nullopt, std::optional<int64_t> steps_per_epoch = std::nullopt,
             double pct_start = 0.3, AnnealStrategy anneal_strategy = cos, bool cycle_momentum = true,
             double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25.,
             double final_div_factor = 1e4, bool three_phase = false);

  int64_t total_steps() const { return total_steps_; }

 private:
  /// One phase: its last step, and the indices into GroupValues of the values it goes between.
  struct Phase {
    double end_step;
    int start_lr, end_lr, start_momentum, end_momentum;
  };
  /// Per group: lr = {initial_lr, max_lr, min_lr}, momentum = {max_momentum, base_momentum}.
  struct GroupValues {
    double lr[3];
    double momentum[2];
  };

  std::vector<double> get_lrs() override;
  double anneal(double start, double end, double pct) const;

  int64_t total_steps_ = 0;
  AnnealStrategy anneal_strategy_;
  bool cycle_momentum_;
  std::vector<Phase> phases_;
  std::vector<GroupValues> groups_;
};

}  // namespace optim
}  // namespace xgrad
