// The optimizer base: param groups, per-parameter state, zero_grad, and checkpoint operators.
#include <xgrad/optim/optimizer.h>

#include <unordered_set>

#include <xgrad/autograd/profiler.h>
#include <xgrad/grad_mode.h>
#include <xgrad/serialize/archive.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace optim {

// The base classes' hooks throw: every optimizer's options and state override them, and a
// missing override must not pass silently (a checkpoint without the state, an lr never changed).

std::unique_ptr<OptimizerParamState> OptimizerParamState::clone() const {
  throw Error(
      "OptimizerParamState::clone() has not been implemented; derive your state from "
      "OptimizerCloneableParamState<YourParamState>");
}

void OptimizerParamState::serialize(serialize::InputArchive&) {
  throw Error("OptimizerParamState::serialize(InputArchive&) has not been implemented; override it in your state");
}

void OptimizerParamState::serialize(serialize::OutputArchive&) const {
  throw Error("OptimizerParamState::serialize(OutputArchive&) has not been implemented; override it in your state");
}

std::unique_ptr<OptimizerOptions> OptimizerOptions::clone() const {
  throw Error(
      "OptimizerOptions::clone() has not been implemented; derive your options from "
      "OptimizerCloneableOptions<YourOptions>");
}

void OptimizerOptions::serialize(serialize::InputArchive&) {
  throw Error("OptimizerOptions::serialize(InputArchive&) has not been implemented; override it in your options");
}

void OptimizerOptions::serialize(serialize::OutputArchive&) const {
  throw Error("OptimizerOptions::serialize(OutputArchive&) has not been implemented; override it in your options");
}

double OptimizerOptions::get_lr() const {
  throw Error("OptimizerOptions::get_lr() has not been overridden; override it in your options");
}

void OptimizerOptions::set_lr(const double) {
  throw Error("OptimizerOptions::set_lr() has not been overridden; override it in your options");
}

OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& param_group)
    : params_(param_group.params_), options_(param_group.has_options() ? param_group.options_->clone() : nullptr) {}

OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& param_group) {
  if (this != &param_group) {
    params_ = param_group.params_;
    options_ = param_group.has_options() ? param_group.options_->clone() : nullptr;
  }
  return *this;
}

OptimizerOptions& OptimizerParamGroup::options() {
  XGRAD_CHECK(options_ != nullptr, "OptimizerParamGroup::options: the group has no options");
  return *options_;
}

const OptimizerOptions& OptimizerParamGroup::options() const {
  XGRAD_CHECK(options_ != nullptr, "OptimizerParamGroup::options: the group has no options");
  return *options_;
}

Optimizer::Optimizer(std::vector<OptimizerParamGroup> param_groups, std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  XGRAD_CHECK(defaults_ != nullptr, "Optimizer: the default options are null");
  for (const auto& group : param_groups) add_param_group(group);
}

Optimizer::Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults)
    : Optimizer(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(parameters))}, std::move(defaults)) {}

namespace {

/// Checks parameters about to join `groups`: defined leaves, none given twice or already held.
void check_new_parameters(const std::vector<OptimizerParamGroup>& groups, const std::vector<Tensor>& params,
                          const char* op) {
  std::unordered_set<const TensorImpl*> held;
  for (const auto& group : groups)
    for (const auto& p : group.params()) held.insert(p.unsafeGetTensorImpl());
  std::unordered_set<const TensorImpl*> added;
  for (size_t j = 0; j < params.size(); ++j) {
    const Tensor& p = params[j];
    XGRAD_CHECK(p.defined(), "{}: parameter {} is an undefined tensor", op, j);
    XGRAD_CHECK(p.is_leaf(), "{}: can't optimize a non-leaf Tensor (parameter {}, shape {})", op, j,
                xgrad::detail::shape_str(p.sizes()));
    XGRAD_CHECK(added.insert(p.unsafeGetTensorImpl()).second, "{}: parameter {} (shape {}) is given more than once",
                op, j, xgrad::detail::shape_str(p.sizes()));
    XGRAD_CHECK(held.count(p.unsafeGetTensorImpl()) == 0,
                "{}: some parameters appear in more than one parameter group (parameter {}, shape {})", op, j,
                xgrad::detail::shape_str(p.sizes()));
  }
}

}  // namespace

void Optimizer::add_param_group(const OptimizerParamGroup& param_group) {
  // Everything is checked before the group is added, so a failed call changes nothing.
  check_new_parameters(param_groups_, param_group.params(), "add_param_group");
  OptimizerParamGroup group(param_group.params(),
                            param_group.has_options() ? param_group.options().clone() : defaults_->clone());
  check_options(group.options());
  param_groups_.push_back(std::move(group));
}

void Optimizer::add_parameters(const std::vector<Tensor>& parameters) {
  if (param_groups_.empty()) {
    add_param_group(OptimizerParamGroup(parameters));
    return;
  }
  check_new_parameters(param_groups_, parameters, "add_parameters");
  auto& first = param_groups_.front().params();
  first.insert(first.end(), parameters.begin(), parameters.end());
}

void Optimizer::check_options(const OptimizerOptions&) const {}

void Optimizer::zero_grad(bool set_to_none) {
  XGRAD_PROFILE_OPTIMIZER("Optimizer.zero_grad");
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    for (auto& p : group.params()) {
      Tensor& grad = p.mutable_grad();
      if (!grad.defined()) continue;
      if (set_to_none) {
        grad = Tensor();
        continue;
      }
      // As PyTorch: cut the gradient from any graph create_graph built, then zero it in place.
      if (grad.grad_fn()) {
        grad.detach_();
      } else {
        grad.requires_grad_(false);
      }
      grad.zero_();
    }
  }
}

const std::vector<Tensor>& Optimizer::parameters() const {
  XGRAD_CHECK(!param_groups_.empty(), "Optimizer::parameters: the optimizer has no parameter groups");
  return param_groups_.front().params();
}

std::vector<Tensor>& Optimizer::parameters() {
  XGRAD_CHECK(!param_groups_.empty(), "Optimizer::parameters: the optimizer has no parameter groups");
  return param_groups_.front().params();
}

size_t Optimizer::size() const noexcept {
  size_t n = 0;
  for (const auto& group : param_groups_) n += group.params().size();
  return n;
}

void Optimizer::save(serialize::OutputArchive&) const {
  throw Error("Optimizer::save: this optimizer does not implement save; override save and load");
}

void Optimizer::load(serialize::InputArchive&) {
  throw Error("Optimizer::load: this optimizer does not implement load; override save and load");
}

serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const Optimizer& optimizer) {
  optimizer.save(archive);
  return archive;
}

serialize::InputArchive& operator>>(serialize::InputArchive& archive, Optimizer& optimizer) {
  optimizer.load(archive);
  return archive;
}

}  // namespace optim
}  // namespace xgrad
