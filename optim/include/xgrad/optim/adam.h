#pragma once
// Adam (Kingma & Ba), with optional L2 weight decay and AMSGrad, as libtorch's torch::optim::Adam
// and PyTorch 1.13's single-tensor update. For a parameter p with gradient g, at step t:
//   g = g + weight_decay * p                                  (if weight_decay != 0)
//   m = beta1 * m + (1 - beta1) * g
//   v = beta2 * v + (1 - beta2) * g * g
//   v_max = max(v_max, v), used instead of v below            (if amsgrad)
//   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
#include <memory>
#include <tuple>
#include <vector>

#include <xgrad/arg.h>
#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

struct AdamOptions : public OptimizerCloneableOptions<AdamOptions> {
  AdamOptions(double lr = 1e-3);  // NOLINT: implicit, as libtorch
  XGRAD_ARG(double, lr) = 1e-3;
  typedef std::tuple<double, double> betas_t;
  XGRAD_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  XGRAD_ARG(double, eps) = 1e-8;
  XGRAD_ARG(double, weight_decay) = 0;
  XGRAD_ARG(bool, amsgrad) = false;

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdamOptions& lhs, const AdamOptions& rhs);
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct AdamParamState : public OptimizerCloneableParamState<AdamParamState> {
  XGRAD_ARG(int64_t, step) = 0;
  XGRAD_ARG(Tensor, exp_avg);
  XGRAD_ARG(Tensor, exp_avg_sq);
  XGRAD_ARG(Tensor, max_exp_avg_sq) = {};

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdamParamState& lhs, const AdamParamState& rhs);
};

class Adam : public Optimizer {
 public:
  /// Throws xgrad::Error for a negative lr, eps or weight_decay, or betas outside [0, 1).
  explicit Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults = {});
  explicit Adam(std::vector<Tensor> params, AdamOptions defaults = {});

  Tensor step(LossClosure closure = nullptr) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;

 protected:
  void check_options(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace xgrad
