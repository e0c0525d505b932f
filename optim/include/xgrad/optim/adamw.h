#pragma once
// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as libtorch's torch::optim::AdamW
// and PyTorch 1.13's single-tensor update. At step t, before Adam's update (see adam.h, without
// its L2 term):
//   p = p * (1 - lr * weight_decay)
#include <memory>
#include <tuple>
#include <vector>

#include <xgrad/arg.h>
#include <xgrad/optim/optimizer.h>

namespace xgrad {
namespace optim {

struct AdamWOptions : public OptimizerCloneableOptions<AdamWOptions> {
  AdamWOptions(double lr = 1e-3);  // NOLINT: implicit, as libtorch
  XGRAD_ARG(double, lr) = 1e-3;
  typedef std::tuple<double, double> betas_t;
  XGRAD_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  XGRAD_ARG(double, eps) = 1e-8;
  XGRAD_ARG(double, weight_decay) = 1e-2;
  XGRAD_ARG(bool, amsgrad) = false;

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs);
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct AdamWParamState : public OptimizerCloneableParamState<AdamWParamState> {
  XGRAD_ARG(int64_t, step) = 0;
  XGRAD_ARG(Tensor, exp_avg);
  XGRAD_ARG(Tensor, exp_avg_sq);
  XGRAD_ARG(Tensor, max_exp_avg_sq) = {};

 public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdamWParamState& lhs, const AdamWParamState& rhs);
};

class AdamW : public Optimizer {
 public:
  /// Throws xgrad::Error for a negative lr, eps or weight_decay, or betas outside [0, 1).
  explicit AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults = {});
  explicit AdamW(std::vector<Tensor> params, AdamWOptions defaults = {});

  Tensor step(LossClosure closure = nullptr) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;

 protected:
  void check_options(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace xgrad
