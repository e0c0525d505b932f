#pragma once
// The dataset interfaces, as libtorch's torch::data::datasets:
//   BatchDataset<Self, Batch, BatchRequest>: get_batch(request) -> Batch, size() -> optional count;
//   Dataset<Self, Example>: get(index) -> Example, and get_batch gathers get() over the indices.
// Both are CRTP bases (Self is the derived class) so that .map(transform) can return a MapDataset
// over the derived type. A dataset is read by the DataLoader's worker threads at once: get() and
// get_batch() must be safe to call concurrently (reading is).
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include <xgrad/array_ref.h>
#include <xgrad/data/example.h>

namespace xgrad {
namespace data {
namespace datasets {

template <typename SourceDataset, typename AppliedTransform>
class MapDataset;

template <typename Self, typename Batch = std::vector<Example<>>, typename BatchRequest = ArrayRef<size_t>>
class BatchDataset {
 public:
  using SelfType = Self;
  using BatchType = Batch;
  using BatchRequestType = BatchRequest;

  virtual ~BatchDataset() = default;

  /// The batch of the examples that request names (for index datasets, their indices).
  virtual Batch get_batch(BatchRequest request) = 0;
  /// The number of examples, if known.
  virtual std::optional<size_t> size() const = 0;

  /// This dataset with transform applied to each batch it returns (the dataset is copied).
  template <typename TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) & {
    return MapDataset<Self, TransformType>(static_cast<Self&>(*this), std::move(transform));
  }
  template <typename TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) && {
    return MapDataset<Self, TransformType>(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

template <typename Self, typename SingleExample = Example<>>
class Dataset : public BatchDataset<Self, std::vector<SingleExample>> {
 public:
  using ExampleType = SingleExample;

  /// The example at index, 0 <= index < *size().
  virtual ExampleType get(size_t index) = 0;

  std::vector<ExampleType> get_batch(ArrayRef<size_t> indices) override {
    std::vector<ExampleType> batch;
    batch.reserve(indices.size());
    for (size_t index : indices) batch.push_back(get(index));
    return batch;
  }
};

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
