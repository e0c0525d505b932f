// Adam: the update is written out in adam.h; the shared moment update is in adam_common.h.
#include <xgrad/optim/adam.h>

#include <xgrad/autograd/profiler.h>

#include "adam_common.h"

namespace xgrad {
namespace optim {

namespace {
constexpr const char* kName = "Adam";
}  // namespace

AdamOptions::AdamOptions(double lr) : lr_(lr) {}

bool operator==(const AdamOptions& lhs, const AdamOptions& rhs) { return detail::adam_options_equal(lhs, rhs); }
void AdamOptions::serialize(serialize::OutputArchive& archive) const { detail::write_adam_options(*this, archive); }
void AdamOptions::serialize(serialize::InputArchive& archive) { detail::read_adam_options(*this, archive); }
double AdamOptions::get_lr() const { return lr(); }
void AdamOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const AdamParamState& lhs, const AdamParamState& rhs) { return detail::adam_states_equal(lhs, rhs); }
void AdamParamState::serialize(serialize::OutputArchive& archive) const { detail::write_adam_state(*this, archive); }
void AdamParamState::serialize(serialize::InputArchive& archive) { detail::read_adam_state(*this, archive); }

Adam::Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamOptions>(defaults)) {
  check_options(*defaults_);
  for (const auto& group : param_groups_) check_options(group.options());
}

Adam::Adam(std::vector<Tensor> params, AdamOptions defaults)
    : Adam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

void Adam::check_options(const OptimizerOptions& options) const {
  detail::check_adam_options(detail::options_as<AdamOptions>(options, kName, "AdamOptions"), kName);
}

Tensor Adam::step(LossClosure closure) {
  Tensor loss = detail::evaluate_closure(closure);
  XGRAD_PROFILE_OPTIMIZER("Adam.step");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = detail::options_as<AdamOptions>(group.options(), kName, "AdamOptions");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& state = detail::adam_state<AdamParamState>(state_, p, o.amsgrad(), kName);
      state.step(state.step() + 1);
      Tensor grad = p.grad();
      if (o.weight_decay() != 0) grad = grad.add(p, o.weight_decay());
      detail::adam_update(p, grad, state, o);
    }
  }
  return loss;
}

void Adam::save(serialize::OutputArchive& archive) const { detail::save_optimizer(archive, *this); }

void Adam::load(serialize::InputArchive& archive) {
  detail::load_optimizer<AdamParamState>(
      archive, *this, kName, [this](const OptimizerOptions& o) { check_options(o); },
      [](AdamParamState& s) { return detail::adam_state_tensors(s); });
}

}  // namespace optim
}  // namespace xgrad
