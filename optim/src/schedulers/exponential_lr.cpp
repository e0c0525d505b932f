// ExponentialLR: the chainable decay of exponential_lr.h, as PyTorch 1.13's get_lr.
#include <xgrad/optim/schedulers/exponential_lr.h>

namespace xgrad {
namespace optim {

ExponentialLR::ExponentialLR(Optimizer& optimizer, const double gamma) : LRScheduler(optimizer), gamma_(gamma) {
  initial_step();
}

std::vector<double> ExponentialLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  if (last_epoch_ == 0) return lrs;
  for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

}  // namespace optim
}  // namespace xgrad
