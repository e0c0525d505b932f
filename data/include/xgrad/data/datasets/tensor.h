#pragma once
// A dataset of the slices of one tensor along its first dimension, as libtorch's TensorDataset.
#include <optional>
#include <vector>

#include <xgrad/data/datasets/base.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace data {
namespace datasets {

struct TensorDataset : public Dataset<TensorDataset, TensorExample> {
  /// The tensors stacked along a new first dimension.
  explicit TensorDataset(const std::vector<Tensor>& tensors);
  explicit TensorDataset(Tensor tensor);

  /// tensor[index], a view sharing tensor's memory.
  TensorExample get(size_t index) override;
  std::optional<size_t> size() const override;

  Tensor tensor;
};

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
