// SGD: the update is written out in sgd.h; this follows PyTorch 1.13's _single_tensor_sgd operation
// by operation, so that float32 results round as PyTorch's do.
#include <xgrad/optim/sgd.h>

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

Tensor SGD::step(LossClosure closure) {
  Tensor loss = detail::evaluate_closure(closure);
  XGRAD_PROFILE_OPTIMIZER("SGD.step");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& o = detail::options_as<SGDOptions>(group.options(), kName, "SGDOptions");
    if (fused_step(group.params(), o)) continue;
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      Tensor d_p = p.grad();
      if (o.weight_decay() != 0) d_p = d_p.add(p, o.weight_decay());
      if (o.momentum() != 0) {
        auto& state =
            detail::state_for<SGDParamState>(state_, p, kName, [] { return std::make_unique<SGDParamState>(); });
        if (!state.momentum_buffer().defined()) {  // the first step: the buffer is the gradient itself
          state.momentum_buffer(d_p.clone());
        } else {
          state.momentum_buffer().mul_(o.momentum()).add_(d_p, 1 - o.dampening());
        }
        const Tensor& buf = state.momentum_buffer();
        d_p = o.nesterov() ? d_p.add(buf, o.momentum()) : buf;
      }
      p.add_(d_p, -o.lr());
    }
  }
  return loss;
}

bool SGD::fused_step(const std::vector<Tensor>& group_params, const SGDOptions& o) {
  // The usual case: contiguous float or double parameters of one dtype, each with a gradient (and a
  // momentum buffer, once there is one) of its own dtype and shape, contiguous.
  std::vector<Tensor> params, grads, buffers;
  const auto fits = [&](const Tensor& t, const Tensor& p) {
    return t.scalar_type() == p.scalar_type() && t.is_contiguous() && t.sizes().equals(p.sizes());
  };
  for (const Tensor& p : group_params) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    const ScalarType dtype = p.scalar_type();
    if ((dtype != kFloat && dtype != kDouble) || !p.is_contiguous() || !fits(g, p) ||
        (!params.empty() && dtype != params[0].scalar_type()))
      return false;
    if (o.momentum() != 0) {
      const auto found = state_.find(p.unsafeGetTensorImpl());
      if (found != state_.end()) {
        const auto* state = dynamic_cast<const SGDParamState*>(found->second.get());
        if (!state || (state->momentum_buffer().defined() && !fits(state->momentum_buffer(), p))) return false;
      }
    }
    params.push_back(p);
    grads.push_back(g);
  }
  std::vector<bool> first_step(params.size(), false);
  if (o.momentum() != 0)
    for (size_t i = 0; i < params.size(); ++i) {
      auto& state = detail::state_for<SGDParamState>(state_, params[i], kName,
                                                      [] { return std::make_unique<SGDParamState>(); });
      if (!state.momentum_buffer().defined()) {
        state.momentum_buffer(empty_like(params[i]));
        first_step[i] = true;
      }
      buffers.push_back(state.momentum_buffer());
    }
  _fused_sgd_(params, grads, buffers, first_step, o.weight_decay(), o.momentum(), o.lr(), o.dampening(), o.nesterov());
  return true;
}

void SGD::save(serialize::OutputArchive& archive) const { detail::save_optimizer(archive, *this); }

void SGD::load(serialize::InputArchive& archive) {
  detail::load_optimizer<SGDParamState>(
      archive, *this, kName, [this](const OptimizerOptions& o) { check_options(o); },
      [](SGDParamState& s) { return sgd_state_tensors(s); });
}

}  // namespace optim
}  // namespace xgrad
