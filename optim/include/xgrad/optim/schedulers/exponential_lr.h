#pragma once
// ExponentialLR: every epoch, lr = lr * gamma (chainable, PyTorch 1.13's recurrence).
#include <xgrad/optim/schedulers/lr_scheduler.h>

namespace xgrad {
namespace optim {

class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, const double gamma);

 private:
  std::vector<double> get_lrs() override;
  const double gamma_;
};

}  // namespace optim
}  // namespace xgrad
