#pragma once
// Samplers for data-parallel training over num_replicas processes: each rank gets its own share of
// every epoch, as libtorch's DistributedSequentialSampler and DistributedRandomSampler.
//
// Each rank's share is local_sample_count() = ceil(size / num_replicas) indices (allow_duplicates, the
// default: the last ranks wrap around to the first indices so every rank gets as many) or
// floor(size / num_replicas) (the remainder is left out). The random sampler's permutation depends only
// on the epoch (set_epoch), so all ranks agree on it without talking to each other.
#include <cstddef>
#include <string>

#include <xgrad/data/samplers/base.h>
#include <xgrad/error.h>

namespace xgrad {
namespace data {
namespace samplers {

template <typename BatchRequest = std::vector<size_t>>
class DistributedSampler : public Sampler<BatchRequest> {
 public:
  DistributedSampler(size_t size, size_t num_replicas = 1, size_t rank = 0, bool allow_duplicates = true)
      : size_(size), num_replicas_(num_replicas), rank_(rank), allow_duplicates_(allow_duplicates) {
    if (num_replicas == 0 || rank >= num_replicas)
      throw Error("DistributedSampler: expected 0 <= rank < num_replicas, got rank " + std::to_string(rank) +
                  " and num_replicas " + std::to_string(num_replicas));
  }

  /// The epoch seeds the random sampler's permutation; call it before each epoch's reset().
  void set_epoch(size_t epoch) { epoch_ = epoch; }
  size_t epoch() const { return epoch_; }

 protected:
  size_t local_sample_count() const {
    return allow_duplicates_ ? (size_ + num_replicas_ - 1) / num_replicas_ : size_ / num_replicas_;
  }

  size_t size_;
  size_t num_replicas_;
  size_t rank_;
  size_t epoch_ = 0;
  bool allow_duplicates_;
};

namespace detail {
/// What the two distributed samplers share: this rank's share of an order of 0..size-1 (shuffled by
/// the epoch, or not), and the position in it.
class DistributedIndexSampler : public DistributedSampler<> {
 public:
  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;
  size_t index() const noexcept;

 protected:
  DistributedIndexSampler(size_t size, size_t num_replicas, size_t rank, bool allow_duplicates, bool shuffle,
                          const char* name);

 private:
  void populate_indices();

  bool shuffle_;
  const char* name_;  // in error messages
  std::vector<size_t> indices_;
  size_t index_ = 0;
};
}  // namespace detail

class DistributedSequentialSampler : public detail::DistributedIndexSampler {
 public:
  DistributedSequentialSampler(size_t size, size_t num_replicas = 1, size_t rank = 0, bool allow_duplicates = true)
      : DistributedIndexSampler(size, num_replicas, rank, allow_duplicates, /*shuffle=*/false,
                                "DistributedSequentialSampler") {}
};

class DistributedRandomSampler : public detail::DistributedIndexSampler {
 public:
  DistributedRandomSampler(size_t size, size_t num_replicas = 1, size_t rank = 0, bool allow_duplicates = true)
      : DistributedIndexSampler(size, num_replicas, rank, allow_duplicates, /*shuffle=*/true,
                                "DistributedRandomSampler") {}
};

}  // namespace samplers
}  // namespace data
}  // namespace xgrad
