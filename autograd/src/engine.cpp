// The backward engine: iterative, with dependency counts and a ready queue.
//
// 1. compute_dependencies: walk the graph from the roots with an explicit stack, counting for every
//    node how many edges point at it.
// 2. prune_to_targets: with targets (grad(), or backward with inputs), keep only the nodes from
//    which a target can be reached: nothing else needs to run.
// 3. Execution: run a node when its count reaches zero, highest sequence number first (the reverse
//    of the order the ops ran in), summing the gradients that arrive for each of its inputs.
// Nothing recurses, so a graph of any depth runs in constant stack.
#include <xgrad/autograd/autograd.h>

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include <xgrad/autograd/autograd_meta.h>
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

#include "graph.h"

namespace xgrad {
namespace autograd {

namespace {

// Note [Broadcast reduction]
// Backward formulas ignore broadcasting: the gradient of `a + b` for b of shape [C] is simply
// the [N, C] upstream gradient. The engine reduces every gradient to its input's shape here, in
// one place: summing over the leading dims the input lacked and the dims where it had size 1.
Tensor sum_to(const Tensor& grad, const InputMetadata& meta, const Node& node, size_t index) {
  const auto gsizes = grad.sizes();
  const std::vector<int64_t>& shape = meta.sizes;
  if (gsizes.equals(shape)) return grad;
  const int64_t lead = grad.dim() - static_cast<int64_t>(shape.size());
  bool ok = lead >= 0;
  std::vector<int64_t> dims;
  for (int64_t d = 0; ok && d < grad.dim(); ++d) {
    if (d < lead) {
      dims.push_back(d);
    } else if (shape[d - lead] == 1 && gsizes[d] != 1) {
      dims.push_back(d);
    } else if (shape[d - lead] != gsizes[d]) {
      ok = false;
    }
  }
  XGRAD_CHECK(ok, "Function {} returned an invalid gradient at index {} - got {} but expected shape compatible with {}",
              node.name(), index, detail::shape_str(gsizes), detail::shape_str(shape));
  Tensor reduced = dims.empty() ? grad : grad.sum(dims, /*keepdim=*/true);
  return reduced.reshape(shape);
}

void accumulate_into(Tensor& slot, Tensor grad) {
  if (!grad.defined()) return;
  if (!slot.defined()) {
    slot = std::move(grad);
  } else if (!GradMode::is_enabled() && slot.use_count() == 1 && slot.impl()->storage().use_count() == 1 &&
             slot.is_contiguous() && slot.scalar_type() == grad.scalar_type()) {
    slot.add_(grad);  // nobody else sees this buffer
  } else {
    slot = slot + grad;
  }
}

struct ByHighestSequence {
  bool operator()(const Node* a, const Node* b) const { return a->sequence_nr() < b->sequence_nr(); }
};

/// Step 1: every node reachable from the roots, and for each the number of edges pointing at it.
struct Dependencies {
  std::vector<Node*> nodes;
  std::unordered_map<Node*, int> count;
};

Dependencies compute_dependencies(const std::vector<Edge>& roots) {
  Dependencies deps;
  std::unordered_set<Node*> seen;
  std::vector<Node*> stack;
  for (const Edge& r : roots)
    if (r.is_valid() && seen.insert(r.function.get()).second) stack.push_back(r.function.get());
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    deps.nodes.push_back(n);
    for (const Edge& e : n->next_edges()) {
      if (!e.is_valid()) continue;
      ++deps.count[e.function.get()];
      if (seen.insert(e.function.get()).second) stack.push_back(e.function.get());
    }
  }
  return deps;
}

/// Where a target's gradient is captured: the target's input and the slot in the captured list.
struct Capture {
  uint32_t input_nr;
  size_t index;
};

/// Step 2: what a pass with targets (grad(), or backward with inputs) runs. Without targets,
/// everything reachable runs.
struct Pruning {
  bool filtered = false;
  std::unordered_map<Node*, std::vector<Capture>> captures;
  std::unordered_set<Node*> needed;      // nodes that lead to a target, or are one
  std::unordered_set<Node*> executable;  // of those, the ones whose apply() runs
  bool is_needed(Node* n) const { return !filtered || needed.count(n) > 0; }
};

/// The nodes of deps in an order where each comes before every node its edges point at.
std::vector<Node*> topological_order(const Dependencies& deps) {
  std::unordered_map<Node*, int> remaining = deps.count;
  std::vector<Node*> order, ready;
  for (Node* n : deps.nodes)
    if (remaining[n] == 0) ready.push_back(n);
  while (!ready.empty()) {
    Node* n = ready.back();
    ready.pop_back();
    order.push_back(n);
    for (const Edge& e : n->next_edges())
      if (e.is_valid() && --remaining[e.function.get()] == 0) ready.push_back(e.function.get());
  }
  return order;
}

/// Keeps the nodes from which a target can be reached, and recounts deps over them alone. A target
/// itself runs only if it is an AccumulateGrad and accumulate_targets, or other targets lie beyond it.
Pruning prune_to_targets(Dependencies& deps, const std::vector<Edge>& targets, bool accumulate_targets) {
  Pruning p;
  if (targets.empty()) return p;
  p.filtered = true;
  for (size_t i = 0; i < targets.size(); ++i)
    if (targets[i].is_valid()) p.captures[targets[i].function.get()].push_back(Capture{targets[i].input_nr, i});
  const std::vector<Node*> order = topological_order(deps);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node* n = *it;
    bool leads_on = false;
    for (const Edge& e : n->next_edges()) leads_on = leads_on || (e.is_valid() && p.needed.count(e.function.get()));
    const bool is_target = p.captures.count(n) > 0;
    if (leads_on || is_target) p.needed.insert(n);
    if (leads_on || (is_target && accumulate_targets && n->num_outputs() == 0)) p.executable.insert(n);
  }
  deps.count.clear();
  for (Node* n : p.needed)
    for (const Edge& e : n->next_edges())
      if (e.is_valid() && p.needed.count(e.function.get())) ++deps.count[e.function.get()];
  return p;
}

/// Step 3: runs the needed nodes, each once all its gradients have arrived, highest sequence number
/// first, summing the gradients that arrive for each of a node's inputs.
class Execution {
 public:
  Execution(Dependencies& deps, const Pruning& pruning, bool keep_graph, std::vector<Tensor>* captured)
      : deps_(deps), pruning_(pruning), keep_graph_(keep_graph), captured_(captured) {}

  /// The roots' gradients are summed without a graph; the nodes run with grad mode = create_graph.
  void run(const std::vector<Edge>& roots, std::vector<Tensor> root_grads, bool create_graph) {
    std::unordered_set<Node*> queued;
    for (size_t i = 0; i < roots.size(); ++i) {
      Node* n = roots[i].function.get();
      if (!n || !pruning_.is_needed(n)) continue;
      accumulate_into(buffer_of(n).at(roots[i].input_nr), std::move(root_grads[i]));
      if (deps_.count[n] == 0 && queued.insert(n).second) ready_.push(n);
    }
    AutoGradMode grad_mode(create_graph);
    while (!ready_.empty()) {
      Node* n = ready_.top();
      ready_.pop();
      std::vector<Tensor> grads = std::move(buffer_of(n));
      buffers_.erase(n);
      if (n->has_pre_hooks()) n->run_pre_hooks(grads);
      if (pruning_.filtered && !capture(n, grads)) continue;
      send(*n, call(*n, std::move(grads)));
    }
  }

 private:
  std::vector<Tensor>& buffer_of(Node* n) {
    auto it = buffers_.find(n);
    if (it == buffers_.end()) it = buffers_.emplace(n, std::vector<Tensor>(n->num_inputs())).first;
    return it->second;
  }

  /// Copies the gradients a target receives into the captured list; returns whether n runs on.
  bool capture(Node* n, const std::vector<Tensor>& grads) {
    auto c = pruning_.captures.find(n);
    if (c != pruning_.captures.end())
      for (const Capture& cap : c->second) (*captured_)[cap.index] = grads.at(cap.input_nr);
    return pruning_.executable.count(n) > 0;
  }

  /// n's gradients for its forward inputs (none flow on when none arrived).
  std::vector<Tensor> call(Node& n, std::vector<Tensor>&& grads) {
    const bool any_defined = std::any_of(grads.begin(), grads.end(), [](const Tensor& t) { return t.defined(); });
    if (!any_defined) return std::vector<Tensor>(n.num_outputs());
    const profiler::RecordFunction profile_node(n);
    std::vector<Tensor> outputs = n.apply(std::move(grads));
    if (!keep_graph_) n.release_variables();
    XGRAD_CHECK(outputs.size() == n.num_outputs(),
                "Function {} returned an incorrect number of gradients (expected {}, got {})", n.name(),
                n.num_outputs(), outputs.size());
    return outputs;
  }

  /// Sends each gradient, reduced to its forward input's shape and dtype, along its edge.
  void send(const Node& n, std::vector<Tensor> outputs) {
    for (size_t i = 0; i < n.num_outputs(); ++i) {
      const Edge& e = n.next_edge(i);
      if (!e.is_valid() || !pruning_.is_needed(e.function.get())) continue;
      Tensor g = std::move(outputs[i]);
      if (g.defined()) {
        const InputMetadata& meta = n.input_metadata(i);
        g = sum_to(g, meta, n, i);
        if (g.scalar_type() != meta.dtype) g = g.to(meta.dtype);
      }
      Node* next = e.function.get();
      accumulate_into(buffer_of(next).at(e.input_nr), std::move(g));
      if (--deps_.count[next] == 0) ready_.push(next);
    }
  }

  Dependencies& deps_;
  const Pruning& pruning_;
  bool keep_graph_;
  std::vector<Tensor>* captured_;
  std::unordered_map<Node*, std::vector<Tensor>> buffers_;
  std::priority_queue<Node*, std::vector<Node*>, ByHighestSequence> ready_;
};

/// One backward pass: the three steps. `targets` empty: run everything reachable. Otherwise run only
/// what leads to a target and capture the gradient arriving at each target into `captured`.
void run_backward(const std::vector<Edge>& roots, std::vector<Tensor> root_grads, bool keep_graph,
                  bool create_graph, const std::vector<Edge>& targets, bool accumulate_targets,
                  std::vector<Tensor>* captured) {
  const profiler::RecordFunction profile_engine("engine", profiler::detail::ScopeKind::kEngine);
  Dependencies deps = compute_dependencies(roots);
  const Pruning pruning = prune_to_targets(deps, targets, accumulate_targets);
  Execution(deps, pruning, keep_graph, captured).run(roots, std::move(root_grads), create_graph);
}

/// The gradient of each root: the given one (checked against the root's shape) or ones for a
/// one-element root.
std::vector<Tensor> make_root_grads(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grads,
                                    const char* op) {
  XGRAD_CHECK(grads.empty() || grads.size() == outputs.size(),
              "{}: got {} gradients for {} tensors", op, grads.size(), outputs.size());
  std::vector<Tensor> result;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    XGRAD_CHECK(out.defined(), "{}: tensor {} is undefined", op, i);
    XGRAD_CHECK(out.requires_grad(), "element {} of tensors does not require grad and does not have a grad_fn", i);
    Tensor g = grads.empty() ? Tensor() : grads[i];
    if (!g.defined()) {
      XGRAD_CHECK(out.numel() == 1, "grad can be implicitly created only for scalar outputs (got a tensor of shape {})",
                  detail::shape_str(out.sizes()));
      g = ones_like(out);
    } else {
      XGRAD_CHECK(g.sizes().equals(out.sizes()),
                  "Mismatch in shape: grad_output[{}] has a shape of {} and output[{}] has a shape of {}.", i,
                  detail::shape_str(g.sizes()), i, detail::shape_str(out.sizes()));
    }
    result.push_back(std::move(g));
  }
  return result;
}

}  // namespace

void backward(const std::vector<Tensor>& tensors, const std::vector<Tensor>& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph, const std::vector<Tensor>& inputs) {
  std::vector<Tensor> root_grads = make_root_grads(tensors, grad_tensors, "backward");
  std::vector<Edge> roots;
  for (const Tensor& t : tensors) roots.push_back(gradient_edge(t));
  std::vector<Edge> targets;
  for (const Tensor& in : inputs) {
    XGRAD_CHECK(in.defined() && in.requires_grad(), "backward: an input tensor does not require grad");
    targets.push_back(gradient_edge(in));
  }
  std::vector<Tensor> captured(targets.size());
  run_backward(roots, std::move(root_grads), retain_graph.value_or(create_graph), create_graph, targets,
               /*accumulate_targets=*/true, &captured);
  // A non-leaf input gets its gradient accumulated into its grad() too, as in PyTorch.
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].is_leaf() || !captured[i].defined()) continue;
    Tensor& g = inputs[i].impl()->ensure_autograd_meta().grad;
    g = g.defined() ? g + captured[i].detach() : captured[i].detach().clone();
  }
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, std::optional<bool> retain_graph,
                         bool create_graph, bool allow_unused) {
  std::vector<Tensor> root_grads = make_root_grads(outputs, grad_outputs, "grad");
  std::vector<Edge> roots;
  for (const Tensor& t : outputs) roots.push_back(gradient_edge(t));
  XGRAD_CHECK(!inputs.empty(), "grad requires one or more inputs");
  std::vector<Edge> targets;
  for (const Tensor& in : inputs) {
    XGRAD_CHECK(in.defined() && in.requires_grad(), "One of the differentiated Tensors does not require grad");
    targets.push_back(gradient_edge(in));
  }
  std::vector<Tensor> captured(targets.size());
  run_backward(roots, std::move(root_grads), retain_graph.value_or(create_graph), create_graph, targets,
               /*accumulate_targets=*/false, &captured);
  for (size_t i = 0; i < captured.size(); ++i) {
    XGRAD_CHECK(allow_unused || captured[i].defined(),
                "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True "
                "if this is the desired behavior.");
    if (captured[i].defined() && !create_graph) captured[i] = captured[i].detach();
  }
  return captured;
}

}  // namespace autograd
}  // namespace xgrad
