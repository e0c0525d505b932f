// RMSprop: the update is written out in rmsprop.h; this follows PyTorch 1.13's
// _single_tensor_rmsprop operation by operation, so that float32 results round as PyTorch's do.
#include <xgrad/optim/rmsprop.h>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/serialize/archive.h>

#include "common.h"
#include "serialize.h"

namespace xgrad {
namespace optim {

namespace {

constexpr const char* kName = "RMSprop";

template <typename State>  // RMSpropParamState or const RMSpropParamState
auto rmsprop_state_tensors(State& s) {
  using T = std::conditional_t<std::is_const<State>::value, const Tensor, Tensor>;
  return std::vector<detail::StateTensor<T>>{{"square_avg", &s.square_avg(), true},
                                             {"momentum_buffer", &s.momentum_buffer(), false},
                                             {"grad_avg", &s.grad_avg(), false}};
}

bool same(const Tensor& x, const Tensor& y) { return x.defined() == y.defined() && (!x.defined() || x.equal(y)); }

}  // namespace

RMSpropOptions::RMSpropOptions(double lr) : lr_(lr) {}

bool operator==(const RMSpropOptions& lhs, const RMSpropOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.alpha() == rhs.alpha() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.momentum() == rhs.momentum() &&
         lhs.centered() == rhs.centered();
}

void RMSpropOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write("lr", lr());
  archive.write("alpha", alpha());
  archive.write("eps", eps());
  archive.write("weight_decay", weight_decay());
  archive.write("momentum", momentum());
  detail::write_flag(archive, "centered", centered());
}

void RMSpropOptions::serialize(serialize::InputArchive& archive) {
  archive.read("lr", lr());
  archive.read("alpha", alpha());
  archive.read("eps", eps());
  archive.read("weight_decay", weight_decay());
  archive.read("momentum", momentum());
  centered(detail::read_flag(archive, "centered"));
}

double RMSpropOptions::get_lr() const { return lr(); }
void RMSpropOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const RMSpropParamState& lhs, const RMSpropParamState& rhs) {
  return lhs.step() == rhs.step() && same(lhs.square_avg(), rhs.square_avg()) &&
         same(lhs.momentum_buffer(), rhs.momentum_buffer()) && same(lhs.grad_avg(), rhs.grad_avg());
}

void RMSpropParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write("step", step());
  detail::write_state_tensors(archive, rmsprop_state_tensors(*this));
}

void RMSpropParamState::serialize(serialize::InputArchive& archive) {
  step(detail::read_step(archive));
  detail::read_state_tensors(archive, rmsprop_state_tensors(*this));
}

RMSprop::RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<RMSpropOptions>(defaults)) {
  check_options(*defaults_);
  for (const auto& group : param_groups_) check_options(group.options());
}

RMSprop::RMSprop(std::vector<Tensor> params, RMSpropOptions defaults)
    : RMSprop(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

void RMSprop::check_options(const OptimizerOptions& options) const {
  const auto& o = detail::options_as<RMSpropOptions>(options, kName, "RMSpropOptions");
  detail::check_hyperparameter(o.lr() >= 0, kName, "learning rate", o.lr());
  detail::check_hyperparameter(o.eps() >= 0, kName, "epsilon value", o.eps());
  detail::check_hyperparameter(o.momentum() >= 0, kName, "momentum value", o.momentum());
  detail::check_hyperparameter(o.weight_decay() >= 0, kName, "weight_decay value", o.weight_decay());
  detail::check_hyperparameter(o.alpha() >= 0, kName, "alpha value", o.alpha());
}

Tensor RMSprop::step(LossClosure closure) {
  Tensor loss = detail::evaluate_closure(closure);
  XGRAD_PROFILE_OPTIMIZER("RMSprop.step");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = detail::options_as<RMSpropOptions>(group.options(), kName, "RMSpropOptions");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& state = detail::state_for<RMSpropParamState>(state_, p, kName, [&] {
        auto fresh = std::make_unique<RMSpropParamState>();
        fresh->square_avg(zeros_like(p));
        return fresh;
      });
      // Made here rather than with the state, so that momentum or centered switched on later works.
      if (o.momentum() > 0 && !state.momentum_buffer().defined()) state.momentum_buffer(zeros_like(p));
      if (o.centered() && !state.grad_avg().defined()) state.grad_avg(zeros_like(p));
      state.step(state.step() + 1);

      Tensor grad = p.grad();
      if (o.weight_decay() != 0) grad = grad.add(p, o.weight_decay());
      state.square_avg().mul_(o.alpha()).addcmul_(grad, grad, 1 - o.alpha());
      Tensor avg;
      if (o.centered()) {
        state.grad_avg().mul_(o.alpha()).add_(grad, 1 - o.alpha());
        avg = state.square_avg().addcmul(state.grad_avg(), state.grad_avg(), -1).sqrt_();
      } else {
        avg = state.square_avg().sqrt();
      }
      avg.add_(o.eps());
      if (o.momentum() > 0) {
        state.momentum_buffer().mul_(o.momentum()).addcdiv_(grad, avg);
        p.add_(state.momentum_buffer(), -o.lr());
      } else {
        p.addcdiv_(grad, avg, -o.lr());
      }
    }
  }
  return loss;
}

void RMSprop::save(serialize::OutputArchive& archive) const { detail::save_optimizer(archive, *this); }

void RMSprop::load(serialize::InputArchive& archive) {
  detail::load_optimizer<RMSpropParamState>(
      archive, *this, kName, [this](const OptimizerOptions& o) { check_options(o); },
      [](RMSpropParamState& s) { return rmsprop_state_tensors(s); });
}

}  // namespace optim
}  // namespace xgrad
