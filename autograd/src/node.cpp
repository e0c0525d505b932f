// Node bookkeeping, iterative node deletion, and saved tensors.
#include <xgrad/autograd/node.h>

#include <atomic>

#include <xgrad/autograd/autograd_meta.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace autograd {

namespace {
std::atomic<uint64_t> next_sequence_nr{0};
std::atomic<unsigned> next_hook_handle{1};
}  // namespace

Node::Node() : sequence_nr_(next_sequence_nr++) {}

void Node::set_next_edges(std::vector<Edge> edges, std::vector<InputMetadata> metadata) {
  next_edges_ = std::move(edges);
  input_metadata_ = std::move(metadata);
}

unsigned Node::add_pre_hook(uint32_t input_nr, std::function<Tensor(const Tensor&)> hook, bool retains_grad) {
  unsigned handle = next_hook_handle++;
  pre_hooks_.push_back(PreHook{handle, input_nr, retains_grad, std::move(hook)});
  return handle;
}

void Node::remove_pre_hook(unsigned handle) {
  for (auto it = pre_hooks_.begin(); it != pre_hooks_.end(); ++it) {
    if (it->handle == handle) {
      pre_hooks_.erase(it);
      return;
    }
  }
}

void Node::run_pre_hooks(variable_list& grads) const {
  for (bool retain_pass : {false, true}) {
    for (const PreHook& h : pre_hooks_) {
      if (h.retains_grad != retain_pass || h.input_nr >= grads.size() || !grads[h.input_nr].defined()) continue;
      Tensor replaced = h.fn(grads[h.input_nr]);
      if (replaced.defined()) grads[h.input_nr] = std::move(replaced);
    }
  }
}

// A node owns its next nodes through next_edges_, so freeing the last tensor of a long chain would
// free the chain recursively and overflow the stack. Instead, before a node dies, the next nodes
// it alone keeps alive are moved onto an explicit stack and freed one by one; by the time each
// one's own deleter runs, its edges have been moved out too, so the nesting stays one level deep.
namespace {
void gather_functions(Node* node, std::vector<std::shared_ptr<Node>>& stack) {
  node->release_variables();
  for (const Edge& e : node->next_edges()) {
    if (e.function && e.function.use_count() == 1) stack.push_back(std::move(const_cast<Edge&>(e).function));
  }
}
}  // namespace

void deleteNode(Node* node) {
  std::vector<std::shared_ptr<Node>> stack;
  gather_functions(node, stack);
  delete node;
  while (!stack.empty()) {
    std::shared_ptr<Node> next = std::move(stack.back());
    stack.pop_back();
    gather_functions(next.get(), stack);
    // `next` is freed here, with its edges already taken.
  }
}

// Note [Saved tensor versions]
// Every Storage has a version counter that in-place ops bump (views share it through the
// storage). A SavedTensor records the version at save time; unpacking a tensor whose version has
// moved on means backward would read changed values, so it throws instead of computing a wrong
// gradient.
SavedTensor::SavedTensor(const Tensor& tensor, bool is_output) {
  if (!tensor.defined()) return;
  XGRAD_CHECK(!tensor.is_inference() || InferenceMode::is_enabled(),
              "Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal "
              "tensor and use it in autograd.");
  was_defined_ = true;
  is_output_ = is_output;
  saved_version_ = tensor._version();
  requires_grad_ = tensor.requires_grad();
  output_nr_ = tensor.output_nr();
  // An output keeps no grad_fn: the node saving it is that grad_fn (no ownership cycle).
  data_ = is_output ? tensor.detach() : tensor;
}

Tensor SavedTensor::unpack(const Node* owner) const {
  if (!was_defined_) return Tensor();
  XGRAD_CHECK(!released_,
              "Trying to backward through the graph a second time (or directly access saved tensors after they "
              "have already been freed). Saved intermediate values of the graph are freed when you call "
              ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
              "graph a second time or if you need to access saved tensors after calling backward.");
  const uint32_t current = data_._version();
  if (current != saved_version_) {
    // libtorch's text. It names the tensor by the node that made it: the saving node for an output,
    // the tensor's own grad_fn otherwise (after an in-place op, that op's node); a leaf has none.
    const Node* maker = is_output_ ? owner : data_.grad_fn().get();
    const uint32_t maker_output = is_output_ ? output_nr_ : data_.output_nr();
    throw Error(fmt::format(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        "[CPU{}Type {}]{} is at version {}; expected version {} instead. Hint: enable anomaly detection to find "
        "the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
        toString(data_.scalar_type()), detail::shape_str(data_.sizes()),
        maker ? fmt::format(", which is output {} of {},", maker_output, maker->name()) : std::string(), current,
        saved_version_));
  }
  if (is_output_ && requires_grad_ && owner && GradMode::is_enabled()) {
    // create_graph: reattach the output to the node that made it, so its use is differentiable.
    Tensor alias = data_.detach();
    AutogradMeta& meta = alias.impl()->ensure_autograd_meta();
    meta.grad_fn = std::const_pointer_cast<Node>(owner->shared_from_this());
    meta.output_nr = output_nr_;
    return alias;
  }
  return data_;
}

void SavedTensor::reset_data() {
  if (!was_defined_) return;
  data_ = Tensor();
  released_ = true;
}

}  // namespace autograd
}  // namespace xgrad
