// ReduceLROnPlateau, PyTorch 1.13's step() and is_better() (the rules are in the header).
#include <xgrad/optim/schedulers/reduce_lr_on_plateau.h>

#include <algorithm>
#include <limits>

#include <xgrad/serialize/archive.h>
#include <xgrad/internal/check.h>

#include "../serialize.h"

namespace xgrad {
namespace optim {

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, SchedulerMode mode, double factor, int64_t patience,
                                     double threshold, ThresholdMode threshold_mode, int64_t cooldown,
                                     std::vector<double> min_lr, double eps)
    : optimizer_(optimizer),
      mode_(mode),
      factor_(factor),
      patience_(patience),
      threshold_(threshold),
      threshold_mode_(threshold_mode),
      cooldown_(cooldown),
      min_lrs_(std::move(min_lr)),
      eps_(eps) {
  const size_t groups = optimizer.param_groups().size();
  XGRAD_CHECK(factor < 1.0, "ReduceLROnPlateau: Factor should be < 1.0, got {}", factor);
  XGRAD_CHECK(mode == min || mode == max, "ReduceLROnPlateau: mode {} is unknown!", static_cast<int>(mode));
  XGRAD_CHECK(threshold_mode == rel || threshold_mode == abs, "ReduceLROnPlateau: threshold mode {} is unknown!",
              static_cast<int>(threshold_mode));
  if (min_lrs_.empty()) min_lrs_.assign(groups, 0.0);
  XGRAD_CHECK(min_lrs_.size() == groups, "ReduceLROnPlateau: expected {} min_lrs, got {}", groups, min_lrs_.size());
  best_ = mode == min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  for (const auto& group : optimizer.param_groups()) last_lr_.push_back(group.options().get_lr());
}

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, SchedulerMode mode, double factor, int64_t patience,
                                     double threshold, ThresholdMode threshold_mode, int64_t cooldown, double min_lr,
                                     double eps)
    : ReduceLROnPlateau(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown,
                        std::vector<double>(optimizer.param_groups().size(), min_lr), eps) {}

bool ReduceLROnPlateau::is_better(double a, double best) const {
  if (mode_ == min && threshold_mode_ == rel) return a < best * (1. - threshold_);
  if (mode_ == min) return a < best - threshold_;
  if (threshold_mode_ == rel) return a > best * (threshold_ + 1.);
  return a > best + threshold_;
}

void ReduceLROnPlateau::step(double metric) {
  ++last_epoch_;
  if (is_better(metric, best_)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (in_cooldown()) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // bad epochs in cooldown do not count
  }
  if (num_bad_epochs_ > patience_) {
    reduce_lr();
    cooldown_counter_ = cooldown_;
    num_bad_epochs_ = 0;
  }
  last_lr_.clear();
  for (const auto& group : optimizer_.param_groups()) last_lr_.push_back(group.options().get_lr());
}

void ReduceLROnPlateau::step(const Tensor& metric) {
  XGRAD_CHECK(metric.defined() && metric.numel() == 1,
              "ReduceLROnPlateau::step: expected a one-element metric, got a tensor of {} elements",
              metric.defined() ? metric.numel() : 0);
  step(metric.item<double>());
}

void ReduceLROnPlateau::reduce_lr() {
  auto& groups = optimizer_.param_groups();
  XGRAD_CHECK(groups.size() == min_lrs_.size(), "ReduceLROnPlateau: the optimizer has {} parameter groups, min_lr {}",
              groups.size(), min_lrs_.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    const double old_lr = groups[i].options().get_lr();
    const double new_lr = std::max(old_lr * factor_, min_lrs_[i]);
    if (old_lr - new_lr > eps_) groups[i].options().set_lr(new_lr);
  }
}

void ReduceLROnPlateau::save(serialize::OutputArchive& archive) const {
  archive.write("last_epoch", last_epoch_);
  archive.write("best", best_);
  archive.write("num_bad_epochs", num_bad_epochs_);
  archive.write("cooldown_counter", cooldown_counter_);
  detail::write_doubles(archive, "last_lr", last_lr_);
}

void ReduceLROnPlateau::load(serialize::InputArchive& archive) {
  int64_t last_epoch = 0, num_bad_epochs = 0, cooldown_counter = 0;
  double best = 0;
  archive.read("last_epoch", last_epoch);
  archive.read("best", best);
  archive.read("num_bad_epochs", num_bad_epochs);
  archive.read("cooldown_counter", cooldown_counter);
  XGRAD_CHECK(last_epoch >= 0 && num_bad_epochs >= 0 && cooldown_counter >= 0,
              "ReduceLROnPlateau::load: {}: last_epoch ({}), num_bad_epochs ({}) and cooldown_counter ({}) must not "
              "be negative",
              archive.filename(), last_epoch, num_bad_epochs, cooldown_counter);
  std::vector<double> last_lr =
      detail::read_doubles(archive, "last_lr", optimizer_.param_groups().size(), "ReduceLROnPlateau::load");
  last_epoch_ = last_epoch;
  best_ = best;
  num_bad_epochs_ = num_bad_epochs;
  cooldown_counter_ = cooldown_counter;
  last_lr_ = std::move(last_lr);
}

serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const ReduceLROnPlateau& scheduler) {
  scheduler.save(archive);
  return archive;
}

serialize::InputArchive& operator>>(serialize::InputArchive& archive, ReduceLROnPlateau& scheduler) {
  scheduler.load(archive);
  return archive;
}

}  // namespace optim
}  // namespace xgrad
