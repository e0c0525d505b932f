#pragma once
// The autograd state of a TensorImpl; made on first use, so plain data tensors carry none.
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <xgrad/autograd/node.h>

namespace xgrad {

struct AutogradMeta {
  /// Set by requires_grad_() on a leaf; a non-leaf requires grad through its grad_fn.
  bool requires_grad = false;
  bool retains_grad = false;
  Tensor grad;
  std::shared_ptr<autograd::Node> grad_fn;
  /// The leaf's AccumulateGrad, shared by all the graphs that use the leaf while any is alive.
  std::weak_ptr<autograd::Node> grad_accumulator;
  uint32_t output_nr = 0;
  /// Hooks of a leaf (a non-leaf's live on its grad_fn): run by AccumulateGrad.
  std::vector<std::pair<unsigned, std::function<Tensor(const Tensor&)>>> hooks;
};

}  // namespace xgrad
