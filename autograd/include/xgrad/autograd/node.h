#pragma once
// The graph: Node (one per recorded op, PyTorch's grad_fn), Edge, and SavedTensor.
//
// A Node's inputs are the gradients of its forward op's outputs; its outputs are the gradients of
// its forward op's inputs, sent along next_edges() to the nodes that made those inputs.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {
namespace autograd {

using variable_list = std::vector<Tensor>;
using tensor_list = std::vector<Tensor>;

class Node;

/// Where a gradient goes: input `input_nr` of `function`.
struct Edge {
  Edge() = default;
  Edge(std::shared_ptr<Node> function, uint32_t input_nr) : function(std::move(function)), input_nr(input_nr) {}
  bool is_valid() const { return function != nullptr; }
  std::shared_ptr<Node> function;
  uint32_t input_nr = 0;
};

/// Dtype and sizes of a forward input: the engine reduces each gradient to them.
/// See Note [Broadcast reduction] in autograd/src/engine.cpp.
struct InputMetadata {
  ScalarType dtype = kFloat;
  std::vector<int64_t> sizes;
};

class Node : public std::enable_shared_from_this<Node> {
 public:
  Node();
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// grads: one per forward output (undefined where none arrived); returns one per next edge.
  virtual variable_list apply(variable_list&& grads) = 0;
  /// PyTorch's node name: "AddBackward0", "MmBackward0", ...
  virtual std::string name() const = 0;
  /// Frees saved tensors; called after apply() unless the graph is retained.
  virtual void release_variables() {}

  const std::vector<Edge>& next_edges() const { return next_edges_; }
  const Edge& next_edge(size_t i) const { return next_edges_.at(i); }
  uint32_t num_outputs() const { return static_cast<uint32_t>(next_edges_.size()); }
  /// Number of forward outputs this node takes gradients for.
  uint32_t num_inputs() const { return num_inputs_; }
  uint64_t sequence_nr() const { return sequence_nr_; }
  /// Whether gradient i is wanted (its forward input requires grad).
  bool should_compute_output(size_t i) const { return i < next_edges_.size() && next_edges_[i].is_valid(); }
  /// Dtype and sizes of forward input i.
  const InputMetadata& input_metadata(size_t i) const { return input_metadata_.at(i); }

  /// Called once when the op is recorded: one edge and one metadata per forward input.
  void set_next_edges(std::vector<Edge> edges, std::vector<InputMetadata> metadata);
  /// Registers a new forward output; returns its index (the output's output_nr).
  uint32_t add_input() { return num_inputs_++; }

  /// Hooks on the gradient of forward output `input_nr`, run before apply().
  unsigned add_pre_hook(uint32_t input_nr, std::function<Tensor(const Tensor&)> hook, bool retains_grad = false);
  void remove_pre_hook(unsigned handle);
  /// Runs the hooks on grads in place: user hooks first, then retain_grad's.
  void run_pre_hooks(variable_list& grads) const;
  bool has_pre_hooks() const { return !pre_hooks_.empty(); }

 protected:
  std::vector<Edge> next_edges_;
  std::vector<InputMetadata> input_metadata_;

 private:
  struct PreHook {
    unsigned handle;
    uint32_t input_nr;
    bool retains_grad;
    std::function<Tensor(const Tensor&)> fn;
  };
  uint32_t num_inputs_ = 0;
  uint64_t sequence_nr_;
  std::vector<PreHook> pre_hooks_;
};

/// Deletes a node without recursing down its chain (a 100 000-node chain must not overflow the
/// stack); every node is owned through a shared_ptr with this deleter.
void deleteNode(Node* node);

template <typename T, typename... Args>
std::shared_ptr<T> make_node(Args&&... args) {
  return std::shared_ptr<T>(new T(std::forward<Args>(args)...), deleteNode);
}

/// A tensor kept for backward. It remembers the version it was saved at, so that an in-place
/// change before backward is caught, and it is released after backward unless the graph is kept.
class SavedTensor {
 public:
  SavedTensor() = default;
  /// is_output: the tensor is an output of the node saving it (kept without its grad_fn, so that
  /// node and tensor do not own each other).
  SavedTensor(const Tensor& tensor, bool is_output);
  /// The saved tensor; throws if it was changed in place or already released.
  Tensor unpack(const Node* owner) const;
  void reset_data();
  bool defined() const { return was_defined_; }

 private:
  Tensor data_;
  uint32_t saved_version_ = 0;
  uint32_t output_nr_ = 0;
  bool was_defined_ = false;
  bool is_output_ = false;
  bool requires_grad_ = false;
  bool released_ = false;
};

}  // namespace autograd
}  // namespace xgrad
