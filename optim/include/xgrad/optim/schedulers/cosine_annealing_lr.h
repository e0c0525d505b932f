#pragma once
// CosineAnnealingLR (SGDR without restarts), PyTorch 1.13's chainable recurrence, which with no
// other scheduler reproduces lr_t = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2:
//   t == 0:                          lr unchanged
//   (t - 1 - T_max) % (2 T_max) == 0: lr + (base_lr - eta_min) * (1 - cos(pi / T_max)) / 2
//   otherwise:                        (1 + cos(pi t / T_max)) / (1 + cos(pi (t - 1) / T_max))
//                                     * (lr - eta_min) + eta_min
#include <cstdint>

#include <xgrad/optim/schedulers/lr_scheduler.h>

namespace xgrad {
namespace optim {

class CosineAnnealingLR : public LRScheduler {
 public:
  /// Throws xgrad::Error unless T_max > 0.
  CosineAnnealingLR(Optimizer& optimizer, const int64_t T_max, const double eta_min = 0);

 private:
  std::vector<double> get_lrs() override;
  const int64_t T_max_;
  const double eta_min_;
};

}  // namespace optim
}  // namespace xgrad
