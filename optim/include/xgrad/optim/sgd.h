#pragma once
// Stochastic gradient descent, with momentum, dampening, weight decay and Nesterov momentum, as
// libtorch's torch::optim::SGD and PyTorch 1.13's single-tensor update, for a parameter p with
// gradient g (the momentum buffer b is g itself on the first step):
//   g = g + weight_decay * p                       (if weight_decay != 0)
//   b = momentum * b + (1 - dampening) * g         (if momentum != 0)
//   g = g + momentum * b  (nesterov)  or  g = b
//   p = p - lr * g
#include <memory>
#include <vector>

#include <xgrad/arg.h>
#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

struct SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
  SGDOptions(double lr);  // NOLINT: implicit, as libtorch
  XGRAD_ARG(double, lr);
  XGRAD_ARG(double, momentum) = 0;
  XGRAD_ARG(double, dampening) = 0;
  XGRAD_ARG(double, weight_decay) = 0;
  XGRAD_ARG(bool, nesterov) = false;

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const SGDOptions& lhs, const SGDOptions& rhs);
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct SGDParamState : public OptimizerCloneableParamState<SGDParamState> {
  XGRAD_ARG(Tensor, momentum_buffer);

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const SGDParamState& lhs, const SGDParamState& rhs);
};

class SGD : public Optimizer {
 public:
  /// Throws xgrad::Error for a negative lr, momentum or weight_decay, or Nesterov momentum without
  /// a positive momentum and zero dampening.
  explicit SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults);
  explicit SGD(std::vector<Tensor> params, SGDOptions defaults);

  Tensor step(LossClosure closure = nullptr) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;

 protected:
  void check_options(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace xgrad
