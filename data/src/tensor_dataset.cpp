// TensorDataset: the slices of one tensor along dim 0.
#include <xgrad/data/datasets/tensor.h>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace data {
namespace datasets {

TensorDataset::TensorDataset(const std::vector<Tensor>& tensors) : TensorDataset(xgrad::stack(tensors)) {}

TensorDataset::TensorDataset(Tensor tensor) : tensor(std::move(tensor)) {
  XGRAD_CHECK(this->tensor.dim() > 0, "TensorDataset: expected a tensor with at least one dimension, got a 0-dim tensor");
}

TensorExample TensorDataset::get(size_t index) {
  XGRAD_CHECK(index < static_cast<size_t>(tensor.size(0)), "TensorDataset::get: index {} out of range for {} examples",
              index, tensor.size(0));
  return tensor[static_cast<int64_t>(index)];
}

std::optional<size_t> TensorDataset::size() const { return static_cast<size_t>(tensor.size(0)); }

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
