#pragma once
// The one way an op defines its backward (docs/adding-an-op.md has the recipe). Beside the forward, in
// the op family's file, a Derivative names the node as libtorch does and gives the formula: a plain
// function of the output's gradient, the tensors the forward saved and the state it kept (scalars,
// sizes). The forward records itself in one chain:
//
//   // y = a * b:  da = g b,  db = g a
//   const Derivative<> kMulBackward0{"MulBackward0", [](const BackwardContext& c, const NoState&) {
//     return variable_list{c.needs(0) ? c.grad() * c.saved(1) : Tensor(),
//                          c.needs(1) ? c.grad() * c.saved(0) : Tensor()};
//   }};
//
//   Tensor mul(const Tensor& self, const Tensor& other) {
//     Tensor out = <compute>;
//     record(kMulBackward0, {self, other}).save(self).save(other).output(out);
//     return out;
//   }
//
// record() costs a branch when grad mode is off or no input requires grad; the chain then does
// nothing. The node owns what was saved and releases it after backward unless the graph is retained.
// A formula runs with grad mode on only under create_graph=true, when it must use differentiable ops;
// otherwise it may call fused kernels. fused_unless_graphed() is that one switch.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph.h"

namespace xgrad {
namespace autograd {

/// The state of a Derivative that keeps nothing but tensors.
struct NoState {};

/// What a formula sees of its node.
class BackwardContext {
 public:
  BackwardContext(const Node& node, const std::vector<SavedTensor>& saved, const variable_list& grads)
      : node_(node), saved_(saved), grads_(grads) {}
  /// The gradient of the op's output (always defined: the engine skips a node that got none).
  const Tensor& grad() const { return grads_[0]; }
  /// The gradients of every output of a multi-output op (split, unbind): undefined for an output
  /// that got none.
  const variable_list& grads() const { return grads_; }
  /// The forward's i-th saved tensor (undefined if it saved an undefined one); throws if it was
  /// changed in place since, or released by an earlier backward.
  Tensor saved(size_t i) const { return saved_.at(i).unpack(&node_); }
  /// Whether the gradient of the forward's input i is wanted (that input requires grad).
  bool needs(size_t i) const { return node_.should_compute_output(i); }
  /// The dtype and sizes forward input i had.
  const InputMetadata& input(size_t i) const { return node_.input_metadata(i); }
  /// Whether the formula's own ops are recorded (backward with create_graph=true).
  bool create_graph() const { return GradMode::is_enabled(); }

 private:
  const Node& node_;
  const std::vector<SavedTensor>& saved_;
  const variable_list& grads_;
};

/// A backward node type: libtorch's name for it and its formula, which returns one gradient per
/// forward input (undefined where not needed).
template <typename State = NoState>
struct Derivative {
  using Formula = variable_list (*)(const BackwardContext&, const State&);
  const char* name;
  Formula formula;
};

/// The node a Derivative records: the formula, the forward's saved tensors and its state.
template <typename State>
class DerivativeNode final : public Node {
 public:
  DerivativeNode(const Derivative<State>& derivative, State state)
      : derivative_(derivative), state_(std::move(state)) {}
  std::string name() const override { return derivative_.name; }
  variable_list apply(variable_list&& grads) override {
    return derivative_.formula(BackwardContext(*this, saved_, grads), state_);
  }
  void release_variables() override {
    for (SavedTensor& s : saved_) s.reset_data();
  }
  void save(const Tensor& t) {
    // The node's own output is saved without its grad_fn, which is this node (no ownership cycle).
    const bool is_output = t.defined() && t.grad_fn().get() == this;
    saved_.emplace_back(t, is_output);
  }

 private:
  const Derivative<State>& derivative_;
  State state_;
  std::vector<SavedTensor> saved_;
};

/// An op being recorded, or nothing (when it need not be): every step is then a no-op.
template <typename State>
class Recording {
 public:
  explicit Recording(std::shared_ptr<DerivativeNode<State>> node) : node_(std::move(node)) {}
  /// Whether the op is recorded.
  explicit operator bool() const { return node_ != nullptr; }
  /// Whether the gradient of input i will be wanted: a formula that needs a tensor only for that
  /// gradient saves it only then (save(needs(1) ? self : Tensor())).
  bool needs(size_t i) const { return node_ && node_->should_compute_output(i); }
  /// Saves t as the next saved tensor, saved(0), saved(1), ... in the formula. The op's output is
  /// saved after output(out).
  Recording& save(const Tensor& t) {
    if (node_) node_->save(t);
    return *this;
  }
  /// Makes the node out's grad_fn.
  Recording& output(const Tensor& out) {
    if (node_) set_history(out, node_);
    return *this;
  }
  /// The end of an in-place op on self, recorded against self's old value: bumps self's version
  /// (whether or not the op was recorded) and makes the node self's new grad_fn.
  Tensor& finish_inplace(const Tensor& self) {
    self.impl()->bump_version();
    if (node_) rebase_history(self, node_);
    return const_cast<Tensor&>(self);
  }

 private:
  std::shared_ptr<DerivativeNode<State>> node_;
};

template <typename T>
struct NonDeduced {
  using type = T;
};

/// Starts recording an op with `inputs` (a braced list or any TensorList) as derivative says, keeping
/// state for its formula; records nothing when grad mode is off or no input requires grad.
template <typename State>
Recording<State> record(const Derivative<State>& derivative, TensorList inputs,
                        typename NonDeduced<State>::type state = State()) {
  if (!GradMode::is_enabled() || !any_requires_grad(inputs)) return Recording<State>(nullptr);
  auto node = make_node<DerivativeNode<State>>(derivative, std::move(state));
  connect(*node, inputs);
  return Recording<State>(std::move(node));
}

/// A formula's two forms behind one switch: graphed() with differentiable ops when the backward
/// itself is recorded (create_graph), else fused(), which may call kernels that record nothing.
/// Both return the same type (a Tensor, or a variable_list for several inputs).
template <typename Fused, typename Graphed>
auto fused_unless_graphed(const BackwardContext& c, Fused&& fused, Graphed&& graphed) {
  return c.create_graph() ? graphed() : fused();
}

}  // namespace autograd
}  // namespace xgrad
