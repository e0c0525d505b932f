#pragma once
// Adagrad (Duchi et al.), as libtorch's torch::optim::Adagrad and PyTorch 1.13's single-tensor
// update. For a parameter p with gradient g, at step t (the sum starts at the defaults'
// initial_accumulator_value, as in libtorch and PyTorch, even for a group with options of its own):
//   g = g + weight_decay * p                          (if weight_decay != 0)
//   clr = lr / (1 + (t - 1) * lr_decay)
//   sum = sum + g * g
//   p = p - clr * g / (sqrt(sum) + eps)
#include <memory>
#include <vector>

#include <xgrad/arg.h>
#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

struct AdagradOptions : public OptimizerCloneableOptions<AdagradOptions> {
  AdagradOptions(double lr = 1e-2);  // NOLINT: implicit, as libtorch
  XGRAD_ARG(double, lr) = 1e-2;
  XGRAD_ARG(double, lr_decay) = 0;
  XGRAD_ARG(double, weight_decay) = 0;
  XGRAD_ARG(double, initial_accumulator_value) = 0;
  XGRAD_ARG(double, eps) = 1e-10;

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdagradOptions& lhs, const AdagradOptions& rhs);
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct AdagradParamState : public OptimizerCloneableParamState<AdagradParamState> {
  XGRAD_ARG(Tensor, sum);
  XGRAD_ARG(int64_t, step) = 0;

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdagradParamState& lhs, const AdagradParamState& rhs);
};

class Adagrad : public Optimizer {
 public:
  /// Throws xgrad::Error for a negative lr, lr_decay, weight_decay, initial_accumulator_value or
  /// eps. Every parameter's state (its sum) is created here, as libtorch.
  explicit Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults = {});
  explicit Adagrad(std::vector<Tensor> params, AdagradOptions defaults = {});

  Tensor step(LossClosure closure = nullptr) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;

 protected:
  void check_options(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace xgrad
