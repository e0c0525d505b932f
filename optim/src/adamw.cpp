// AdamW: the update is written out in adamw.h; the shared moment update is in adam_common.h.
#include <xgrad/optim/adamw.h>

#include <xgrad/autograd/profiler.h>

#include "adam_common.h"

namespace xgrad {
namespace optim {

namespace {
constexpr const char* kName = "AdamW";
}  // namespace

AdamWOptions::AdamWOptions(double lr) : lr_(lr) {}

bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs) { return detail::adam_options_equal(lhs, rhs); }
void AdamWOptions::serialize(serialize::OutputArchive& archive) const { detail::write_adam_options(*this, archive); }
void AdamWOptions::serialize(serialize::InputArchive& archive) { detail::read_adam_options(*this, archive); }
double AdamWOptions::get_lr() const { return lr(); }
void AdamWOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const AdamWParamState& lhs, const AdamWParamState& rhs) { return detail::adam_states_equal(lhs, rhs); }
void AdamWParamState::serialize(serialize::OutputArchive& archive) const { detail::write_adam_state(*this, archive); }
void AdamWParamState::serialize(serialize::InputArchive& archive) { detail::read_adam_state(*this, archive); }

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamWOptions>(defaults)) {
  check_options(*defaults_);
  for (const auto& group : param_groups_) check_options(group.options());
}

AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

void AdamW::check_options(const OptimizerOptions& options) const {
  detail::check_adam_options(detail::options_as<AdamWOptions>(options, kName, "AdamWOptions"), kName);
}

Tensor AdamW::step(LossClosure closure) {
  Tensor loss = detail::evaluate_closure(closure);
  XGRAD_PROFILE_OPTIMIZER("AdamW.step");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = detail::options_as<AdamWOptions>(group.options(), kName, "AdamWOptions");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& state = detail::adam_state<AdamWParamState>(state_, p, o.amsgrad(), kName);
      state.step(state.step() + 1);
      p.mul_(1 - o.lr() * o.weight_decay());  // decoupled decay, before the moments (as PyTorch)
      detail::adam_update(p, p.grad(), state, o);
    }
  }
  return loss;
}

void AdamW::save(serialize::OutputArchive& archive) const { detail::save_optimizer(archive, *this); }

void AdamW::load(serialize::InputArchive& archive) {
  detail::load_optimizer<AdamWParamState>(
      archive, *this, kName, [this](const OptimizerOptions& o) { check_options(o); },
      [](AdamWParamState& s) { return detail::adam_state_tensors(s); });
}

}  // namespace optim
}  // namespace xgrad
