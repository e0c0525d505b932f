#pragma once
// backward() and grad() over several roots, as torch::autograd::backward and torch::autograd::grad.
#include <optional>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {
namespace autograd {

/// libtorch's name for a tensor in autograd code (the two are one type there too).
using Variable = Tensor;

/// Accumulates d(sum_i tensors[i] * grad_tensors[i]) / d(leaf) into each leaf's grad().
/// A one-element tensor needs no grad_tensor. With inputs, only those receive gradients.
void backward(const std::vector<Tensor>& tensors, const std::vector<Tensor>& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
              const std::vector<Tensor>& inputs = {});

/// Returns d(sum_i outputs[i] * grad_outputs[i]) / d(inputs[j]) without touching any grad().
/// retain_graph defaults to create_graph; an input the outputs do not depend on is an error
/// unless allow_unused, when its gradient is undefined.
std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {},
                         std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                         bool allow_unused = false);

}  // namespace autograd
}  // namespace xgrad
