#pragma once
// ReduceLROnPlateau: lr = max(lr * factor, min_lr) once a metric has not improved for more than
// `patience` steps, as PyTorch 1.13's (which is not an LRScheduler: its step takes the metric).
// Improvement in mode min, threshold_mode rel: metric < best * (1 - threshold); abs: metric < best -
// threshold (max: > best * (1 + threshold), > best + threshold). After a reduction, `cooldown` steps
// count no bad epochs. A reduction smaller than eps is skipped. (libtorch 2.x has this class as
// ReduceLROnPlateauScheduler, with the same enums.)
#include <cstdint>
#include <vector>

#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

class ReduceLROnPlateau {
 public:
  enum SchedulerMode { min, max };
  enum ThresholdMode { rel, abs };

  /// min_lr: one per param group, or empty for 0. Throws xgrad::Error if factor >= 1 or the number
  /// of min_lrs differs from the number of groups.
  explicit ReduceLROnPlateau(Optimizer& optimizer, SchedulerMode mode = min, double factor = 0.1,
                             int64_t patience = 10, double threshold = 1e-4, ThresholdMode threshold_mode = rel,
                             int64_t cooldown = 0, std::vector<double> min_lr = {}, double eps = 1e-8);
  /// The same min_lr for every param group.
  ReduceLROnPlateau(Optimizer& optimizer, SchedulerMode mode, double factor, int64_t patience, double threshold,
                    ThresholdMode threshold_mode, int64_t cooldown, double min_lr, double eps = 1e-8);

  /// One epoch with this value of the monitored metric.
  void step(double metric);
  /// The value of a one-element tensor (a loss).
  void step(const Tensor& metric);

  /// The groups' lrs after the last step (their lrs at construction before any).
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  int64_t last_epoch() const { return last_epoch_; }
  double best() const { return best_; }
  int64_t num_bad_epochs() const { return num_bad_epochs_; }
  int64_t cooldown_counter() const { return cooldown_counter_; }
  bool in_cooldown() const { return cooldown_counter_ > 0; }

  /// Writes last_epoch, best, num_bad_epochs, cooldown_counter and the last lrs.
  void save(serialize::OutputArchive& archive) const;
  /// Reads what save wrote, checking it before changing anything.
  void load(serialize::InputArchive& archive);

 private:
  bool is_better(double a, double best) const;
  void reduce_lr();

  Optimizer& optimizer_;
  SchedulerMode mode_;
  double factor_;
  int64_t patience_;
  double threshold_;
  ThresholdMode threshold_mode_;
  int64_t cooldown_;
  std::vector<double> min_lrs_;
  double eps_;
  double best_;
  int64_t num_bad_epochs_ = 0;
  int64_t cooldown_counter_ = 0;
  int64_t last_epoch_ = 0;
  std::vector<double> last_lr_;
};

serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const ReduceLROnPlateau& scheduler);
serialize::InputArchive& operator>>(serialize::InputArchive& archive, ReduceLROnPlateau& scheduler);

}  // namespace optim
}  // namespace xgrad
