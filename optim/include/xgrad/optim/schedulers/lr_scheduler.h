#pragma once
// The LR scheduler base, as libtorch's torch::optim::LRScheduler: constructed from the optimizer
// whose learning rates it sets (which must outlive it), step(), and get_lrs() written by each
// scheduler. The epoch counting is PyTorch 1.13's (Python's), which the schedulers' recurrences
// assume: constructing a scheduler is its epoch 0 (get_lrs() runs then, and may already change the
// lr, as LinearLR's start_factor does), and each step() advances last_epoch() by one and sets every
// group's lr to get_lrs(). (libtorch 1.13's own StepLR counts from its first step() instead, so it
// decays one step later than Python's and xgrad's.)
//
// The chainable schedulers compute each lr from the group's current one, so several can drive one
// optimizer, as in Python. A scheduler's state (last_epoch, step count, base and last lrs) is saved
// with xgrad::save(scheduler, path) and restored into one constructed with the same arguments.
#include <cstdint>
#include <vector>

#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

class LRScheduler {
 public:
  explicit LRScheduler(Optimizer& optimizer);
  virtual ~LRScheduler() = default;

  /// Advances one epoch and sets every param group's lr to get_lrs().
  void step();
  /// The lrs the last step (or construction) set, one per param group.
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  /// The number of step() calls since construction (0 right after it).
  int64_t last_epoch() const { return last_epoch_; }
  /// The groups' lrs when the scheduler was made (OneCycleLR: max_lr / div_factor).
  const std::vector<double>& base_lrs() const { return base_lrs_; }

  /// Writes last_epoch, the step count and the base and last lrs.
  virtual void save(serialize::OutputArchive& archive) const;
  /// Reads what save wrote, checking it (one lr per param group) before changing anything.
  virtual void load(serialize::InputArchive& archive);

 protected:
  /// The new lr of every param group at epoch last_epoch().
  virtual std::vector<double> get_lrs() = 0;
  /// The optimizer's current lr of every param group.
  std::vector<double> get_current_lrs() const;
  /// Python's initial step (epoch 0). Each scheduler's constructor calls it last: get_lrs() is
  /// virtual, so the base constructor cannot.
  void initial_step();

  Optimizer& optimizer_;
  std::vector<double> base_lrs_;
  int64_t last_epoch_ = -1;
  unsigned step_count_ = 0;

 private:
  void set_optimizer_lrs(const std::vector<double>& learning_rates);
  std::vector<double> last_lr_;
};

serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const LRScheduler& scheduler);
serialize::InputArchive& operator>>(serialize::InputArchive& archive, LRScheduler& scheduler);

}  // namespace optim
}  // namespace xgrad
