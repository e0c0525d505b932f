#pragma once
// LinearLR: the lr's factor moves linearly from start_factor (epoch 0) to end_factor (epoch
// total_iters), PyTorch 1.13's chainable recurrence:
//   t == 0:              lr * start_factor
//   t > total_iters:     lr unchanged
//   otherwise:           lr * (1 + (end - start) / (total_iters * start + (t - 1) * (end - start)))
#include <cstdint>

#include <xgrad/optim/schedulers/lr_scheduler.h>

namespace xgrad {
namespace optim {

class LinearLR : public LRScheduler {
 public:
  /// Throws xgrad::Error unless 0 < start_factor <= 1 and 0 <= end_factor <= 1 (PyTorch 1.13
  /// accepts start_factor 0, then divides by zero at the first step).
  LinearLR(Optimizer& optimizer, const double start_factor = 1.0 / 3, const double end_factor = 1.0,
           const int64_t total_iters = 5);

 private:
  std::vector<double> get_lrs() override;
  const double start_factor_;
  const double end_factor_;
  const int64_t total_iters_;
};

}  // namespace optim
}  // namespace xgrad
