// Adagrad: the update is written out in adagrad.h; this follows PyTorch 1.13's
// _single_tensor_adagrad operation by operation, so that float32 results round as PyTorch's do.
#include <xgrad/optim/adagrad.h>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/serialize/archive.h>

#include "common.h"
#include "serialize.h"

namespace xgrad {
namespace optim {

namespace {

constexpr const char* kName = "Adagrad";

template <typename State>  // AdagradParamState or const AdagradParamState
auto adagrad_state_tensors(State& s) {
  using T = std::conditional_t<std::is_const<State>::value, const Tensor, Tensor>;
  return std::vector<detail::StateTensor<T>>{{"sum", &s.sum(), true}};
}

/// A fresh state. The sum starts at the defaults' initial_accumulator_value, whatever a group's
/// options say, as in libtorch and PyTorch (whose constructors read it from their arguments).
std::unique_ptr<AdagradParamState> initial_state(const Tensor& p, const OptimizerOptions& defaults) {
  auto state = std::make_unique<AdagradParamState>();
  state->sum(full_like(p, static_cast<const AdagradOptions&>(defaults).initial_accumulator_value()));
  return state;
}

}  // namespace

AdagradOptions::AdagradOptions(double lr) : lr_(lr) {}

bool operator==(const AdagradOptions& lhs, const AdagradOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.lr_decay() == rhs.lr_decay() && lhs.weight_decay() == rhs.weight_decay() &&
         lhs.initial_accumulator_value() == rhs.initial_accumulator_value() && lhs.eps() == rhs.eps();
}

void AdagradOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write("lr", lr());
  archive.write("lr_decay", lr_decay());
  archive.write("weight_decay", weight_decay());
  archive.write("initial_accumulator_value", initial_accumulator_value());
  archive.write("eps", eps());
}

void AdagradOptions::serialize(serialize::InputArchive& archive) {
  archive.read("lr", lr());
  archive.read("lr_decay", lr_decay());
  archive.read("weight_decay", weight_decay());
  archive.read("initial_accumulator_value", initial_accumulator_value());
  archive.read("eps", eps());
}

double AdagradOptions::get_lr() const { return lr(); }
void AdagradOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const AdagradParamState& lhs, const AdagradParamState& rhs) {
  return lhs.step() == rhs.step() && lhs.sum().defined() == rhs.sum().defined() &&
         (!lhs.sum().defined() || lhs.sum().equal(rhs.sum()));
}

void AdagradParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write("step", step());
  detail::write_state_tensors(archive, adagrad_state_tensors(*this));
}

void AdagradParamState::serialize(serialize::InputArchive& archive) {
  step(detail::read_step(archive));
  detail::read_state_tensors(archive, adagrad_state_tensors(*this));
}

Adagrad::Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdagradOptions>(defaults)) {
  check_options(*defaults_);
  for (const auto& group : param_groups_) check_options(group.options());
  NoGradGuard no_grad;
  for (const auto& group : param_groups_)
    for (const auto& p : group.params()) state_[p.unsafeGetTensorImpl()] = initial_state(p, *defaults_);
}

Adagrad::Adagrad(std::vector<Tensor> params, AdagradOptions defaults)
    : Adagrad(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

void Adagrad::check_options(const OptimizerOptions& options) const {
  const auto& o = detail::options_as<AdagradOptions>(options, kName, "AdagradOptions");
  detail::check_hyperparameter(o.lr() >= 0, kName, "learning rate", o.lr());
  detail::check_hyperparameter(o.lr_decay() >= 0, kName, "lr_decay value", o.lr_decay());
  detail::check_hyperparameter(o.weight_decay() >= 0, kName, "weight_decay value", o.weight_decay());
  detail::check_hyperparameter(o.initial_accumulator_value() >= 0, kName, "initial_accumulator_value value",
                               o.initial_accumulator_value());
  detail::check_hyperparameter(o.eps() >= 0, kName, "epsilon value", o.eps());
}

Tensor Adagrad::step(LossClosure closure) {
  Tensor loss = detail::evaluate_closure(closure);
  XGRAD_PROFILE_OPTIMIZER("Adagrad.step");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = detail::options_as<AdagradOptions>(group.options(), kName, "AdagradOptions");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      // Parameters added after construction get their state on their first step.
      auto& state = detail::state_for<AdagradParamState>(state_, p, kName, [&] { return initial_state(p, *defaults_); });
      state.step(state.step() + 1);
      Tensor grad = p.grad();
      if (o.weight_decay() != 0) grad = grad.add(p, o.weight_decay());
      const double clr = o.lr() / (1 + static_cast<double>(state.step() - 1) * o.lr_decay());
      state.sum().addcmul_(grad, grad, 1);
      const Tensor denom = state.sum().sqrt().add_(o.eps());
      p.addcdiv_(grad, denom, -clr);
    }
  }
  return loss;
}

void Adagrad::save(serialize::OutputArchive& archive) const { detail::save_optimizer(archive, *this); }

void Adagrad::load(serialize::InputArchive& archive) {
  detail::load_optimizer<AdagradParamState>(
      archive, *this, kName, [this](const OptimizerOptions& o) { check_options(o); },
      [](AdagradParamState& s) { return adagrad_state_tensors(s); });
}

}  // namespace optim
}  // namespace xgrad
