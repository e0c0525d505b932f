// The backward engine: iterative, with dependency counts and a ready queue.
//
// 1. Walk the graph from the roots with an explicit stack, counting for every node how many
//    edges point at it (its dependencies).
// 2. With targets (grad(), or backward with inputs), keep only the nodes from which a target can
//    be reached: nothing else needs to run.
// 3. Run a node when its count reaches zero, highest sequence number first (the reverse of the
//    order the ops ran in), summing the gradients that arrive for each of its inputs.
// Nothing recurses, so a graph of any depth runs in constant stack.
#include <xgrad/autograd/autograd.h>

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include <xgrad/autograd/autograd_meta.h>
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>

#include "check.h"
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

struct Capture {
  uint32_t input_nr;
  size_t index;  // into the captured list
};

/// One backward pass. `targets` empty: run everything reachable. Otherwise run only what leads
/// to a target, capture the gradient arriving at each target into `captured`, and run a target
/// itself only if it is an AccumulateGrad and `accumulate_targets`, or other targets lie beyond it.
void run_backward(const std::vector<Edge>& roots, std::vector<Tensor> root_grads, bool keep_graph,
                  bool create_graph, const std::vector<Edge>& targets, bool accumulate_targets,
                  std::vector<Tensor>* captured) {
  const profiler::RecordFunction profile_engine("engine", profiler::detail::ScopeKind::kEngine);
  // 1. Dependencies.
  std::unordered_map<Node*, int> deps;
  std::vector<Node*> nodes;
  {
    std::unordered_set<Node*> seen;
    std::vector<Node*> stack;
    for (const Edge& r : roots)
      if (r.is_valid() && seen.insert(r.function.get()).second) stack.push_back(r.function.get());
    while (!stack.empty()) {
      Node* n = stack.back();
      stack.pop_back();
      nodes.push_back(n);
      for (const Edge& e : n->next_edges()) {
        if (!e.is_valid()) continue;
        ++deps[e.function.get()];
        if (seen.insert(e.function.get()).second) stack.push_back(e.function.get());
      }
    }
  }

  // 2. Which nodes lead to a target (a topological order, walked backwards).
  std::unordered_map<Node*, std::vector<Capture>> captures;
  std::unordered_set<Node*> needed, executable;
  const bool filtered = !targets.empty();
  if (filtered) {
    for (size_t i = 0; i < targets.size(); ++i)
      if (targets[i].is_valid()) captures[targets[i].function.get()].push_back(Capture{targets[i].input_nr, i});
    std::unordered_map<Node*, int> remaining = deps;
    std::vector<Node*> order, ready;
    for (Node* n : nodes)
      if (remaining[n] == 0) ready.push_back(n);
    while (!ready.empty()) {
      Node* n = ready.back();
      ready.pop_back();
      order.push_back(n);
      for (const Edge& e : n->next_edges())
        if (e.is_valid() && --remaining[e.function.get()] == 0) ready.push_back(e.function.get());
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      Node* n = *it;
      bool leads_on = false;
      for (const Edge& e : n->next_edges()) leads_on = leads_on || (e.is_valid() && needed.count(e.function.get()));
      const bool is_target = captures.count(n) > 0;
      if (leads_on || is_target) needed.insert(n);
      if (leads_on || (is_target && accumulate_targets && n->num_outputs() == 0)) executable.insert(n);
    }
    deps.clear();
    for (Node* n : needed)
      for (const Edge& e : n->next_edges())
        if (e.is_valid() && needed.count(e.function.get())) ++deps[e.function.get()];
  }
  auto is_needed = [&](Node* n) { return !filtered || needed.count(n) > 0; };

  // 3. Run.
  std::unordered_map<Node*, std::vector<Tensor>> buffers;
  auto buffer_of = [&](Node* n) -> std::vector<Tensor>& {
    auto it = buffers.find(n);
    if (it == buffers.end()) it = buffers.emplace(n, std::vector<Tensor>(n->num_inputs())).first;
    return it->second;
  };
  std::priority_queue<Node*, std::vector<Node*>, ByHighestSequence> ready;
  {
    std::unordered_set<Node*> queued;
    for (size_t i = 0; i < roots.size(); ++i) {
      Node* n = roots[i].function.get();
      if (!n || !is_needed(n)) continue;
      accumulate_into(buffer_of(n).at(roots[i].input_nr), std::move(root_grads[i]));
      if (deps[n] == 0 && queued.insert(n).second) ready.push(n);
    }
  }
  AutoGradMode grad_mode(create_graph);
  while (!ready.empty()) {
    Node* n = ready.top();
    ready.pop();
    std::vector<Tensor> inputs = std::move(buffer_of(n));
    buffers.erase(n);
    if (n->has_pre_hooks()) n->run_pre_hooks(inputs);
    if (filtered) {
      auto c = captures.find(n);
      if (c != captures.end())
        for (const Capture& cap : c->second) (*captured)[cap.index] = inputs.at(cap.input_nr);
      if (!executable.count(n)) continue;
    }
    const bool any_defined = std::any_of(inputs.begin(), inputs.end(), [](const Tensor& t) { return t.defined(); });
    std::vector<Tensor> outputs;
    if (any_defined) {
      const profiler::RecordFunction profile_node(*n);
      outputs = n->apply(std::move(inputs));
      if (!keep_graph) n->release_variables();
      XGRAD_CHECK(outputs.size() == n->num_outputs(),
                  "Function {} returned an incorrect number of gradients (expected {}, got {})", n->name(),
                  n->num_outputs(), outputs.size());
    } else {
      outputs.resize(n->num_outputs());  // nothing arrived: nothing flows on
    }
    for (size_t i = 0; i < n->num_outputs(); ++i) {
      const Edge& e = n->next_edge(i);
      if (!e.is_valid() || !is_needed(e.function.get())) continue;
      Tensor g = std::move(outputs[i]);
      if (g.defined()) {
        const InputMetadata& meta = n->output_metadata(i);
        g = sum_to(g, meta, *n, i);
        if (g.scalar_type() != meta.dtype) g = g.to(meta.dtype);
      }
      Node* next = e.function.get();
      accumulate_into(buffer_of(next).at(e.input_nr), std::move(g));
      if (--deps[next] == 0) ready.push(next);
    }
  }
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
