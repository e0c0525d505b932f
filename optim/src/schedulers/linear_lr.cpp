// The recurrence is in linear_lr.h; the operations are in PyTorch's order, so the lrs are the same
// doubles.
#include <xgrad/optim/schedulers/linear_lr.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace optim {

LinearLR::LinearLR(Optimizer& optimizer, const double start_factor, const double end_factor, const int64_t total_iters)
    : LRScheduler(optimizer), start_factor_(start_factor), end_factor_(end_factor), total_iters_(total_iters) {
  XGRAD_CHECK(start_factor > 0 && start_factor <= 1,
              "LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got {}",
              start_factor);
  XGRAD_CHECK(end_factor >= 0 && end_factor <= 1,
              "LinearLR: Ending multiplicative factor expected to be between 0 and 1, got {}", end_factor);
  initial_step();
}

std::vector<double> LinearLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  if (last_epoch_ == 0) {
    for (double& lr : lrs) lr *= start_factor_;
    return lrs;
  }
  if (last_epoch_ > total_iters_) return lrs;
  const double change = end_factor_ - start_factor_;
  const double factor = 1. + change / (static_cast<double>(total_iters_) * start_factor_ +
                                       static_cast<double>(last_epoch_ - 1) * change);
  for (double& lr : lrs) lr *= factor;
  return lrs;
}

}  // namespace optim
}  // namespace xgrad
