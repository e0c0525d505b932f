#pragma once
// What every optimizer's step and option checks share.
#include <memory>

#include <xgrad/grad_mode.h>
#include <xgrad/optim/optimizer.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace optim {
namespace detail {

/// The closure's loss (undefined without one), computed with grad mode on whatever the caller's is,
/// as PyTorch's `with torch.enable_grad(): loss = closure()`.
inline Tensor evaluate_closure(const Optimizer::LossClosure& closure) {
  if (!closure) return {};
  AutoGradMode enable_grad(true);
  return closure();
}

/// A group's options as the optimizer's own type; anything else (AdamOptions given to SGD) is an error.
template <typename Options>
const Options& options_as(const OptimizerOptions& options, const char* optimizer, const char* options_name) {
  const auto* typed = dynamic_cast<const Options*>(&options);
  XGRAD_CHECK(typed != nullptr, "{}: a parameter group's options are not {}", optimizer, options_name);
  return *typed;
}

/// p's state, made by make() on first use; a state of another type (put into state() by hand) is an error.
template <typename State, typename Make>
State& state_for(Optimizer::StateMap& states, const Tensor& p, const char* optimizer, Make make) {
  auto& slot = states[p.unsafeGetTensorImpl()];
  if (!slot) slot = make();
  auto* typed = dynamic_cast<State*>(slot.get());
  XGRAD_CHECK(typed != nullptr, "{}: the state of a parameter of shape {} is not the optimizer's own", optimizer,
              xgrad::detail::shape_str(p.sizes()));
  return *typed;
}

/// PyTorch's hyperparameter check: "SGD: Invalid learning rate: -0.1". NaN fails too.
inline void check_hyperparameter(bool ok, const char* optimizer, const char* what, double value) {
  XGRAD_CHECK(ok, "{}: Invalid {}: {}", optimizer, what, value);
}

}  // namespace detail
}  // namespace optim
}  // namespace xgrad
