#pragma once
// The pieces under recording: edges to the inputs' grad_fns (or their leaves' AccumulateGrad), a
// node's wiring, and the in-place rules. Ops do not call these directly: they record through
// derivative.h (record(kFooBackward0, {inputs}).save(...).output(out)).
#include <initializer_list>
#include <memory>

#include <xgrad/autograd/autograd_meta.h>
#include <xgrad/autograd/node.h>
#include <xgrad/grad_mode.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace autograd {

/// The edge a gradient for `t` travels along: its grad_fn, or its leaf's AccumulateGrad.
Edge gradient_edge(const Tensor& t);
/// The leaf's AccumulateGrad node (made on first use, shared while alive).
std::shared_ptr<Node> grad_accumulator(const Tensor& leaf);

inline bool any_requires_grad(TensorList inputs) {
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

/// Wires a new node's edges and input metadata to `inputs`.
void connect(Node& node, TensorList inputs);

/// Makes `out` the next output of `node` (its grad_fn).
void set_history(const Tensor& out, const std::shared_ptr<Node>& node);

/// Call before an in-place op on `self` touches any data: while grad mode is on, a leaf that
/// requires grad cannot be changed in place (PyTorch's rule), nor a view when the op must be
/// recorded (`others` are the op's other tensor inputs).
void check_inplace(const Tensor& self, std::initializer_list<Tensor> others, const char* op);
/// After an in-place op that was recorded as `node` (whose first input is the old `self`), makes
/// `node` self's new grad_fn. Bumping the version is the op's job (it happens even without grad).
void rebase_history(const Tensor& self, const std::shared_ptr<Node>& node);

}  // namespace autograd
}  // namespace xgrad
