#pragma once
// Part of a dataset chosen by indices, and random_split (PyTorch's torch.utils.data.random_split, which
// libtorch lacks): a shuffled partition into a training and a validation set, say.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xgrad/data/datasets/base.h>
#include <xgrad/data/detail/random.h>
#include <xgrad/error.h>
#include <xgrad/functions.h>

namespace xgrad {
namespace data {
namespace datasets {

/// The examples of a dataset at the given indices: Subset's get(i) is dataset.get(indices[i]). Subsets of
/// one dataset share it.
template <typename SourceDataset>
class Subset : public Dataset<Subset<SourceDataset>, typename SourceDataset::ExampleType> {
 public:
  Subset(std::shared_ptr<SourceDataset> dataset, std::vector<size_t> indices)
      : dataset_(std::move(dataset)), indices_(std::move(indices)) {}

  typename SourceDataset::ExampleType get(size_t index) override {
    if (index >= indices_.size())
      throw Error("Subset::get: index " + std::to_string(index) + " out of range for a subset of " +
                  std::to_string(indices_.size()) + " examples");
    return dataset_->get(indices_[index]);
  }
  std::optional<size_t> size() const override { return indices_.size(); }

  const std::vector<size_t>& indices() const noexcept { return indices_; }

 private:
  std::shared_ptr<SourceDataset> dataset_;
  std::vector<size_t> indices_;
};

namespace detail {
/// Checks that lengths add up to dataset_size; a message names the lengths and the size.
void check_split_lengths(const std::vector<size_t>& lengths, size_t dataset_size);
}  // namespace detail

/// Splits dataset into non-overlapping random subsets of the given lengths, which must add up to its
/// size. The permutation comes from xgrad's generator, so manual_seed makes it reproducible.
template <typename SourceDataset>
std::vector<Subset<SourceDataset>> random_split(SourceDataset dataset, const std::vector<size_t>& lengths) {
  const std::optional<size_t> size = dataset.size();
  if (!size) throw Error("random_split: the dataset has no size");
  detail::check_split_lengths(lengths, *size);
  const std::vector<size_t> permutation = data::detail::random_permutation(*size);
  auto shared = std::make_shared<SourceDataset>(std::move(dataset));
  std::vector<Subset<SourceDataset>> subsets;
  size_t offset = 0;
  for (size_t length : lengths) {
    subsets.emplace_back(shared, std::vector<size_t>(permutation.begin() + offset,
                                                     permutation.begin() + offset + length));
    offset += length;
  }
  return subsets;
}

}  // namespace datasets

using datasets::random_split;

}  // namespace data
}  // namespace xgrad
