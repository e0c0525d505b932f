#pragma once
// RMSprop (Hinton), optionally centered and with momentum, as libtorch's torch::optim::RMSprop and
// PyTorch 1.13's single-tensor update. For a parameter p with gradient g:
//   g = g + weight_decay * p                          (if weight_decay != 0)
//   s = alpha * s + (1 - alpha) * g * g
//   a = alpha * a + (1 - alpha) * g,  d = sqrt(s - a * a) + eps    (centered)
//                                     d = sqrt(s) + eps            (otherwise)
//   b = momentum * b + g / d,  p = p - lr * b          (if momentum > 0)
//   p = p - lr * g / d                                 (otherwise)
#include <memory>
#include <vector>

#include <xgrad/arg.h>
#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

struct RMSpropOptions : public OptimizerCloneableOptions<RMSpropOptions> {
  RMSpropOptions(double lr = 1e-2);  // NOLINT: implicit, as libtorch
  XGRAD_ARG(double, lr) = 1e-2;
  XGRAD_ARG(double, alpha) = 0.99;
  XGRAD_ARG(double, eps) = 1e-8;
  XGRAD_ARG(double, weight_decay) = 0;
  XGRAD_ARG(double, momentum) = 0;
  XGRAD_ARG(bool, centered) = false;

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const RMSpropOptions& lhs, const RMSpropOptions& rhs);
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct RMSpropParamState : public OptimizerCloneableParamState<RMSpropParamState> {
  XGRAD_ARG(int64_t, step) = 0;
  XGRAD_ARG(Tensor, square_avg);
  XGRAD_ARG(Tensor, momentum_buffer) = {};
  XGRAD_ARG(Tensor, grad_avg) = {};

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const RMSpropParamState& lhs, const RMSpropParamState& rhs);
};

class RMSprop : public Optimizer {
 public:
  /// Throws xgrad::Error for a negative lr, eps, momentum, weight_decay or alpha.
  explicit RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults = {});
  explicit RMSprop(std::vector<Tensor> params, RMSpropOptions defaults = {});

  Tensor step(LossClosure closure = nullptr) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;

 protected:
  void check_options(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace xgrad
