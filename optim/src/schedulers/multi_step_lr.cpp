// MultiStepLR: the chainable decay of multi_step_lr.h, as PyTorch 1.13's get_lr.
#include <xgrad/optim/schedulers/multi_step_lr.h>

#include <algorithm>
#include <cmath>

namespace xgrad {
namespace optim {

MultiStepLR::MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, const double gamma)
    : LRScheduler(optimizer), milestones_(std::move(milestones)), gamma_(gamma) {
  initial_step();
}

std::vector<double> MultiStepLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  // A milestone listed k times decays by gamma^k, as Python's Counter of milestones.
  const auto times = std::count(milestones_.begin(), milestones_.end(), last_epoch_);
  if (times == 0) return lrs;
  const double decay = std::pow(gamma_, static_cast<double>(times));
  for (double& lr : lrs) lr *= decay;
  return lrs;
}

}  // namespace optim
}  // namespace xgrad
