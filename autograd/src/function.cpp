// Custom autograd functions: AutogradContext, IValue, and the part of CppNode<T> that does not
// depend on T.
//
// Function<T>::apply(args...) records one CppNode<T>:
//   edges:   one per tensor argument (non-tensor arguments get none), wired before forward runs so
//            that forward can already ask needs_input_grad(i);
//   outputs: forward's outputs, in order. Each differentiable one gets the node as grad_fn; an
//            input returned as is comes back as a fresh alias (so that the input keeps its own
//            history); a marked-dirty input is rebased onto the node; a non-differentiable one
//            (marked, or not floating) only takes an output slot.
// backward(grad_outputs) returns one gradient per forward argument; the node drops the slots of
// the non-tensor arguments, so what reaches the engine is one gradient per edge.
#include <xgrad/autograd/function.h>

#include <cxxabi.h>

#include <cstdlib>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

#include "graph.h"

namespace xgrad {

namespace {
// In the order of IValue's variant alternatives.
const char* const ivalue_type_names[] = {"None", "Double", "Int", "Bool", "String", "Tensor", "IntList", "DoubleList"};
}  // namespace

const char* IValue::tagKind() const { return ivalue_type_names[value_.index()]; }

void IValue::throw_type_error(Tag expected) const {
  throw Error(fmt::format("IValue: expected {} but got {}", ivalue_type_names[expected], tagKind()));
}

namespace autograd {

void AutogradContext::save_for_backward(variable_list to_save) { to_save_ = std::move(to_save); }

void AutogradContext::mark_dirty(const variable_list& inputs) {
  dirty_inputs_.clear();
  for (const Tensor& t : inputs)
    if (t.defined()) dirty_inputs_.insert(t.unsafeGetTensorImpl());
}

void AutogradContext::mark_non_differentiable(const variable_list& outputs) {
  non_differentiable_.clear();
  for (const Tensor& t : outputs)
    if (t.defined()) non_differentiable_.insert(t.unsafeGetTensorImpl());
}

void AutogradContext::set_materialize_grads(bool value) { materialize_grads_ = value; }

variable_list AutogradContext::get_saved_variables() const {
  variable_list saved;
  saved.reserve(saved_variables_.size());
  for (const SavedTensor& s : saved_variables_) saved.push_back(s.unpack(node_));
  return saved;
}

bool AutogradContext::needs_input_grad(size_t output_edge_index) const {
  return node_->should_compute_output(output_edge_index);
}

namespace detail {

std::string demangle(const char* mangled) {
  int status = 0;
  char* readable = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  if (status != 0 || readable == nullptr) return mangled;
  std::string name(readable);
  std::free(readable);
  return name;
}

bool CustomNodeBase::connect_inputs(const variable_list& inputs) {
  if (!GradMode::is_enabled() || !any_requires_grad(inputs)) return false;
  connect(*this, inputs);
  return true;
}

void CustomNodeBase::wrap_outputs(const variable_list& inputs, variable_list& outputs, bool is_executable) {
  // Forward changed the dirty inputs' data: saved copies of them elsewhere are now stale.
  for (TensorImpl* dirty : ctx_.dirty_inputs_) dirty->bump_version();
  std::unordered_set<const TensorImpl*> input_impls;
  for (const Tensor& t : inputs) input_impls.insert(t.unsafeGetTensorImpl());
  const std::shared_ptr<Node> self = shared_from_this();

  for (Tensor& out : outputs) {
    if (!out.defined()) {
      if (is_executable) {
        add_input();
        output_info_.emplace_back();
      }
      continue;
    }
    const TensorImpl* impl = out.unsafeGetTensorImpl();
    const bool is_input = input_impls.count(impl) > 0;
    const bool is_modified = ctx_.dirty_inputs_.count(out.unsafeGetTensorImpl()) > 0;
    const bool is_differentiable =
        is_executable && ctx_.non_differentiable_.count(impl) == 0 && out.is_floating_point();
    if (is_executable) output_info_.push_back(OutputInfo{true, out.scalar_type(), out.sizes().vec()});

    if (!is_differentiable) {
      if (is_executable) add_input();
      // Never hand back an input's own handle, nor one that could carry gradients.
      if (out.requires_grad() || (is_input && !is_modified)) out = out.detach();
    } else if (is_modified) {
      XGRAD_CHECK(!(out.is_leaf() && out.requires_grad()),
                  "a leaf Variable that requires grad is being used in an in-place operation.");
      // As check_inplace: a view's base would need its history rewritten too.
      XGRAD_CHECK(!out.impl()->is_view(),
                  "{}: an input marked dirty is a view ({} of shape {}); in-place changes to views are not supported "
                  "when they must be recorded for autograd",
                  name(), toString(out.scalar_type()), xgrad::detail::shape_str(out.sizes()));
      rebase_history(out, self);
    } else if (is_input) {
      // The input keeps its history; the output is an alias of it with this node as grad_fn.
      out = out.detach();
      out.impl()->set_is_view(true);
      set_history(out, self);
    } else {
      set_history(out, self);
    }
  }

  if (!is_executable) return;
  // After wrapping, so that a saved output is recognised (its grad_fn is this node) and saved
  // without it, and a dirty input is saved at its bumped version.
  for (const Tensor& t : ctx_.to_save_) ctx_.saved_variables_.emplace_back(t, t.defined() && t.grad_fn() == self);
  ctx_.to_save_.clear();
}

variable_list CustomNodeBase::apply(variable_list&& grads) {
  for (size_t i = 0; i < grads.size(); ++i) {
    if (grads[i].defined() || !ctx_.materialize_grads_ || !output_info_[i].defined) continue;
    grads[i] = zeros(output_info_[i].sizes, output_info_[i].dtype);
  }
  variable_list returned = call_backward(std::move(grads));

  const size_t expected = is_variable_input_.size();
  // Extra trailing undefined gradients are harmless: drop them.
  while (returned.size() > expected && !returned.back().defined()) returned.pop_back();
  XGRAD_CHECK(returned.size() == expected, "function {} returned an incorrect number of gradients (expected {}, got {})",
              name(), expected, returned.size());

  variable_list per_edge;
  per_edge.reserve(num_outputs());
  for (size_t i = 0; i < expected; ++i) {
    if (is_variable_input_[i]) {
      per_edge.push_back(std::move(returned[i]));
    } else {
      XGRAD_CHECK(!returned[i].defined(),
                  "function {} returned a defined gradient at position {}, but the corresponding forward input was "
                  "not a Tensor",
                  name(), i + 1);
    }
  }
  return per_edge;
}

void CustomNodeBase::release_variables() {
  for (SavedTensor& s : ctx_.saved_variables_) s.reset_data();
}

}  // namespace detail
}  // namespace autograd
}  // namespace xgrad
