// Recording ops into the graph, and AccumulateGrad: the node that ends every path at a leaf.
#include <xgrad/internal/check.h>

#include "graph.h"

namespace xgrad {
namespace autograd {

namespace {

/// Adds the arriving gradient into leaf.grad(): in place when nothing else can see it.
class AccumulateGrad : public Node {
 public:
  explicit AccumulateGrad(Tensor variable) : variable_(std::move(variable)) { add_input(); }
  std::string name() const override { return "torch::autograd::AccumulateGrad"; }

  variable_list apply(variable_list&& grads) override {
    Tensor g = std::move(grads.at(0));
    if (!g.defined()) return {};
    AutogradMeta& meta = variable_.impl()->ensure_autograd_meta();
    for (const auto& hook : meta.hooks) {
      Tensor replaced = hook.second(g);
      if (replaced.defined()) g = std::move(replaced);
    }
    if (!meta.grad.defined()) {
      // Steal the gradient when this is its only reference; otherwise copy, so that later
      // in-place accumulation cannot change a tensor someone else holds.
      const bool stealable = !GradMode::is_enabled() && g.use_count() == 1 &&
                             g.impl()->storage().use_count() == 1 && g.is_contiguous();
      meta.grad = stealable ? g.detach() : (GradMode::is_enabled() ? g.clone() : g.clone().detach());
    } else if (!GradMode::is_enabled()) {
      meta.grad.add_(g);
    } else {
      meta.grad = meta.grad + g;  // create_graph: the sum itself is differentiable
    }
    return {};
  }

 private:
  Tensor variable_;
};

}  // namespace

std::shared_ptr<Node> grad_accumulator(const Tensor& leaf) {
  AutogradMeta& meta = leaf.impl()->ensure_autograd_meta();
  if (auto existing = meta.grad_accumulator.lock()) return existing;
  std::shared_ptr<Node> node = make_node<AccumulateGrad>(leaf);
  meta.grad_accumulator = node;
  return node;
}

Edge gradient_edge(const Tensor& t) {
  if (!t.defined() || !t.requires_grad()) return Edge();
  const AutogradMeta* meta = t.impl()->autograd_meta();
  if (meta && meta->grad_fn) return Edge(meta->grad_fn, meta->output_nr);
  return Edge(grad_accumulator(t), 0);
}

void connect(Node& node, TensorList inputs) {
  std::vector<Edge> edges;
  std::vector<InputMetadata> metadata;
  edges.reserve(inputs.size());
  metadata.reserve(inputs.size());
  for (const Tensor& t : inputs) {
    edges.push_back(gradient_edge(t));
    if (t.defined())
      metadata.push_back(InputMetadata{t.scalar_type(), t.sizes().vec()});
    else
      metadata.emplace_back();
  }
  node.set_next_edges(std::move(edges), std::move(metadata));
}

void set_history(const Tensor& out, const std::shared_ptr<Node>& node) {
  AutogradMeta& meta = out.impl()->ensure_autograd_meta();
  meta.grad_fn = node;
  meta.output_nr = node->add_input();
}

void check_inplace(const Tensor& self, std::initializer_list<Tensor> others, const char* op) {
  if (!GradMode::is_enabled()) return;
  // libtorch's text, which names no op.
  XGRAD_CHECK(!(self.is_leaf() && self.requires_grad()),
              "a leaf Variable that requires grad is being used in an in-place operation.");
  const bool recorded = self.requires_grad() || any_requires_grad(others);
  // Views would need their base's history rewritten too (PyTorch's CopySlices); refuse rather
  // than compute a wrong gradient for the base.
  XGRAD_CHECK(!(recorded && self.impl()->is_view()),
              "{}: an in-place operation on a view ({} of shape {}) is not supported when it must be recorded "
              "for autograd; use the out-of-place form, or run it under NoGradGuard",
              op, toString(self.scalar_type()), detail::shape_str(self.sizes()));
}

void rebase_history(const Tensor& self, const std::shared_ptr<Node>& node) { set_history(self, node); }

}  // namespace autograd
}  // namespace xgrad
