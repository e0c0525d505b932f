#pragma once
// StepLR: every step_size epochs, lr = lr * gamma (chainable, PyTorch 1.13's recurrence).
#include <xgrad/optim/schedulers/lr_scheduler.h>

namespace xgrad {
namespace optim {

class StepLR : public LRScheduler {
 public:
  /// Throws xgrad::Error if step_size is 0.
  StepLR(Optimizer& optimizer, const unsigned step_size, const double gamma = 0.1);

 private:
  std::vector<double> get_lrs() override;
  const unsigned step_size_;
  const double gamma_;
};

}  // namespace optim
}  // namespace xgrad
