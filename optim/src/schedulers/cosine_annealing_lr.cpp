// The recurrence is in cosine_annealing_lr.h; the operations are in PyTorch's order, so the lrs are
// the same doubles.
#include <xgrad/optim/schedulers/cosine_annealing_lr.h>
#include <xgrad/internal/check.h>

#include <cmath>

namespace xgrad {
namespace optim {

namespace {
constexpr double kPi = 3.141592653589793;  // math.pi
}  // namespace

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, const int64_t T_max, const double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min) {
  XGRAD_CHECK(T_max > 0, "CosineAnnealingLR: T_max must be positive, got {}", T_max);
  initial_step();
}

std::vector<double> CosineAnnealingLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  if (last_epoch_ == 0) return lrs;
  const double t = static_cast<double>(last_epoch_), T = static_cast<double>(T_max_);
  if ((last_epoch_ - 1 - T_max_) % (2 * T_max_) == 0) {
    for (size_t i = 0; i < lrs.size(); ++i) lrs[i] = lrs[i] + (base_lrs_[i] - eta_min_) * (1 - std::cos(kPi / T)) / 2;
    return lrs;
  }
  const double ratio = (1 + std::cos(kPi * t / T)) / (1 + std::cos(kPi * (t - 1) / T));
  for (double& lr : lrs) lr = ratio * (lr - eta_min_) + eta_min_;
  return lrs;
}

}  // namespace optim
}  // namespace xgrad
