// SGD: the update is written out in sgd.h; _fused_sgd_ (autograd/src/ops/optim_update.cpp) runs it,
// rounding each step as PyTorch 1.13's _single_tensor_sgd does, operation by operation.
#include <xgrad/optim/sgd.h>

#include <algorithm>
#include <utility>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/serialize/archive.h>
#include <xgrad/internal/optim_update.h>

#include "common.h"
#include "serialize.h"

namespace xgrad {
namespace optim {

namespace {

constexpr const char* kName = "SGD";

template <typename State>  // SGDParamState or const SGDParamState
auto sgd_state_tensors(State& s) {
  using T = std::conditional_t<std::is_const<State>::value, const Tensor, Tensor>;
  return std::vector<detail::StateTensor<T>>{{"momentum_buffer", &s.momentum_buffer(), true}};
}

}  // namespace

SGDOptions::SGDOptions(double lr) : lr_(lr) {}

bool operator==(const SGDOptions& lhs, const SGDOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.momentum() == rhs.momentum() && lhs.dampening() == rhs.dampening() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.nesterov() == rhs.nesterov();
}

void SGDOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write("lr", lr());
  archive.write("momentum", momentum());
  archive.write("dampening", dampening());
  archive.write("weight_decay", weight_decay());
  detail::write_flag(archive, "nesterov", nesterov());
}

void SGDOptions::serialize(serialize::InputArchive& archive) {
  archive.read("lr", lr());
  archive.read("momentum", momentum());
  archive.read("dampening", dampening());
  archive.read("weight_decay", weight_decay());
  nesterov(detail::read_flag(archive, "nesterov"));
}

double SGDOptions::get_lr() const { return lr(); }
void SGDOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const SGDParamState& lhs, const SGDParamState& rhs) {
  return lhs.momentum_buffer().defined() == rhs.momentum_buffer().defined() &&
         (!lhs.momentum_buffer().defined() || lhs.momentum_buffer().equal(rhs.momentum_buffer()));
}

void SGDParamState::serialize(serialize::OutputArchive& archive) const {
  detail::write_state_tensors(archive, sgd_state_tensors(*this));
}

void SGDParamState::serialize(serialize::InputArchive& archive) {
  detail::read_state_tensors(archive, sgd_state_tensors(*this));
}

SGD::SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<SGDOptions>(defaults)) {
  check_options(*defaults_);
  for (const auto& group : param_groups_) check_options(group.options());
}

SGD::SGD(std::vector<Tensor> params, SGDOptions defaults)
    : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

void SGD::check_options(const OptimizerOptions& options) const {
  const auto& o = detail::options_as<SGDOptions>(options, kName, "SGDOptions");
  detail::check_hyperparameter(o.lr() >= 0, kName, "learning rate", o.lr());
  detail::check_hyperparameter(o.momentum() >= 0, kName, "momentum value", o.momentum());
  detail::check_hyperparameter(o.weight_decay() >= 0, kName, "weight_decay value", o.weight_decay());
  XGRAD_CHECK(!o.nesterov() || (o.momentum() > 0 && o.dampening() == 0),
              "SGD: Nesterov momentum requires a momentum and zero dampening (got momentum {}, dampening {})",
              o.momentum(), o.dampening());
}

namespace {

/// One dtype's share of a parameter group, in the form _fused_sgd_ takes: contiguous tensors, with
/// the originals that a contiguous copy stands for, to be written back after the update.
struct FusedBatch {
  ScalarType dtype;
  std::vector<Tensor> params, grads, buffers;
  std::vector<bool> first_step;
  std::vector<std::pair<Tensor, Tensor>> write_back;  // (original, contiguous copy)

  Tensor take(const Tensor& t) {
    if (t.is_contiguous()) return t;
    Tensor copy = t.contiguous();
    write_back.emplace_back(t, copy);
    return copy;
  }
};

}  // namespace

Tensor SGD::step(LossClosure closure) {
  Tensor loss = detail::evaluate_closure(closure);
  XGRAD_PROFILE_OPTIMIZER("SGD.step");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = detail::options_as<SGDOptions>(group.options(), kName, "SGDOptions");
    // The update is _fused_sgd_'s, one pass per dtype; a tensor that is not contiguous is updated
    // through a contiguous copy (the same numbers: the update is per element).
    std::vector<FusedBatch> batches;
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto batch = std::find_if(batches.begin(), batches.end(),
                                [&](const FusedBatch& b) { return b.dtype == p.scalar_type(); });
      if (batch == batches.end()) batch = batches.insert(batches.end(), FusedBatch{p.scalar_type(), {}, {}, {}, {}, {}});
      batch->params.push_back(batch->take(p));
      batch->grads.push_back(p.grad().to(p.scalar_type()).contiguous());
      if (o.momentum() == 0) {
        batch->first_step.push_back(false);
        continue;
      }
      auto& state = detail::state_for<SGDParamState>(state_, p, kName, [] { return std::make_unique<SGDParamState>(); });
      const bool first = !state.momentum_buffer().defined();
      if (first) state.momentum_buffer(empty(p.sizes(), p.scalar_type()));  // the kernel fills it with the gradient
      batch->buffers.push_back(batch->take(state.momentum_buffer()));
      batch->first_step.push_back(first);
    }
    for (FusedBatch& b : batches) {
      _fused_sgd_(b.params, b.grads, b.buffers, b.first_step, o.weight_decay(), o.momentum(), o.lr(), o.dampening(),
                  o.nesterov());
      for (auto& [original, copy] : b.write_back) original.copy_(copy);
    }
  }
  return loss;
}

void SGD::save(serialize::OutputArchive& archive) const { detail::save_optimizer(archive, *this); }

void SGD::load(serialize::InputArchive& archive) {
  detail::load_optimizer<SGDParamState>(
      archive, *this, kName, [this](const OptimizerOptions& o) { check_options(o); },
      [](SGDParamState& s) { return sgd_state_tensors(s); });
}

}  // namespace optim
}  // namespace xgrad
