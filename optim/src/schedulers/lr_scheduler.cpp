// The LR scheduler base: Python's epoch counting around libtorch's get_lrs() interface.
#include <xgrad/optim/schedulers/lr_scheduler.h>

#include <xgrad/serialize/archive.h>
#include <xgrad/internal/check.h>

#include "../serialize.h"

namespace xgrad {
namespace optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer), base_lrs_(get_current_lrs()) {}

void LRScheduler::initial_step() {
  step_count_ = 0;
  step();
}

void LRScheduler::step() {
  ++step_count_;
  ++last_epoch_;
  set_optimizer_lrs(get_lrs());
  last_lr_ = get_current_lrs();
}

std::vector<double> LRScheduler::get_current_lrs() const {
  std::vector<double> lrs;
  lrs.reserve(optimizer_.param_groups().size());
  for (const auto& group : optimizer_.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::set_optimizer_lrs(const std::vector<double>& learning_rates) {
  auto& groups = optimizer_.param_groups();
  XGRAD_CHECK(learning_rates.size() == groups.size(),
              "LRScheduler::step: {} learning rates for {} parameter groups (was a group added after the scheduler "
              "was made?)",
              learning_rates.size(), groups.size());
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options().set_lr(learning_rates[i]);
}

void LRScheduler::save(serialize::OutputArchive& archive) const {
  archive.write("last_epoch", last_epoch_);
  archive.write("step_count", static_cast<int64_t>(step_count_));
  detail::write_doubles(archive, "base_lrs", base_lrs_);
  detail::write_doubles(archive, "last_lr", last_lr_);
}

void LRScheduler::load(serialize::InputArchive& archive) {
  const size_t groups = optimizer_.param_groups().size();
  int64_t last_epoch = 0, step_count = 0;
  archive.read("last_epoch", last_epoch);
  archive.read("step_count", step_count);
  XGRAD_CHECK(last_epoch >= 0 && step_count >= 0,
              "LRScheduler::load: {}: last_epoch ({}) and step_count ({}) must not be negative", archive.filename(),
              last_epoch, step_count);
  std::vector<double> base_lrs = detail::read_doubles(archive, "base_lrs", groups, "LRScheduler::load");
  std::vector<double> last_lr = detail::read_doubles(archive, "last_lr", groups, "LRScheduler::load");
  last_epoch_ = last_epoch;
  step_count_ = static_cast<unsigned>(step_count);
  base_lrs_ = std::move(base_lrs);
  last_lr_ = std::move(last_lr);
}

serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const LRScheduler& scheduler) {
  scheduler.save(archive);
  return archive;
}

serialize::InputArchive& operator>>(serialize::InputArchive& archive, LRScheduler& scheduler) {
  scheduler.load(archive);
  return archive;
}

}  // namespace optim
}  // namespace xgrad
