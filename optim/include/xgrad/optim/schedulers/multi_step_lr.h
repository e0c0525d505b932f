#pragma once
// MultiStepLR: at each epoch listed in milestones, lr = lr * gamma^(times it is listed) (chainable,
// PyTorch 1.13's recurrence).
#include <cstdint>
#include <vector>

#include <xgrad/optim/schedulers/lr_scheduler.h>

namespace xgrad {
namespace optim {

class MultiStepLR : public LRScheduler {
 public:
  MultiStepLR(Optimizer& optimizer, std::vector<int64_t> milestones, const double gamma = 0.1);

 private:
  std::vector<double> get_lrs() override;
  const std::vector<int64_t> milestones_;
  const double gamma_;
};

}  // namespace optim
}  // namespace xgrad
