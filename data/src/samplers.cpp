// The samplers: each keeps the epoch's indices and a position in them.
#include <xgrad/data/samplers/distributed.h>
#include <xgrad/data/samplers/random.h>
#include <xgrad/data/samplers/sequential.h>

#include <algorithm>
#include <numeric>
#include <random>

#include <xgrad/data/detail/random.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace data {
namespace samplers {
namespace {

/// The next min(batch_size, what is left) of indices from position index, advancing it.
std::optional<std::vector<size_t>> take_batch(const std::vector<size_t>& indices, size_t& index, size_t batch_size) {
  if (index >= indices.size()) return std::nullopt;
  const size_t count = std::min(batch_size, indices.size() - index);
  std::vector<size_t> batch(indices.begin() + static_cast<std::ptrdiff_t>(index),
                            indices.begin() + static_cast<std::ptrdiff_t>(index + count));
  index += count;
  return batch;
}

void save_indices(serialize::OutputArchive& archive, const std::vector<size_t>& indices, size_t index) {
  Tensor stored = xgrad::empty({static_cast<int64_t>(indices.size())}, kLong);
  std::copy(indices.begin(), indices.end(), stored.data_ptr<int64_t>());
  archive.write("indices", stored);
  archive.write("index", static_cast<int64_t>(index));
}

void load_indices(serialize::InputArchive& archive, std::vector<size_t>& indices, size_t& index, const char* sampler) {
  Tensor stored;
  archive.read("indices", stored);
  int64_t position = 0;
  archive.read("index", position);
  XGRAD_CHECK(stored.dim() == 1 && stored.scalar_type() == kLong,
              "{}::load: expected 1-dim kLong indices in {}", sampler, archive.filename());
  XGRAD_CHECK(position >= 0 && position <= stored.numel(), "{}::load: position {} outside the {} stored indices in {}",
              sampler, position, stored.numel(), archive.filename());
  const int64_t* values = stored.data_ptr<int64_t>();
  indices.assign(values, values + stored.numel());
  index = static_cast<size_t>(position);
}

/// share = local_count indices of order, starting at rank * local_count, wrapping around to the start.
std::vector<size_t> rank_share(const std::vector<size_t>& order, size_t rank, size_t local_count) {
  std::vector<size_t> share(local_count);
  for (size_t i = 0; i < local_count; ++i) share[i] = order[(rank * local_count + i) % order.size()];
  return share;
}

}  // namespace

// ---- SequentialSampler ----

SequentialSampler::SequentialSampler(size_t size) : size_(size) {}

void SequentialSampler::reset(std::optional<size_t> new_size) {
  if (new_size) size_ = *new_size;
  index_ = 0;
}

std::optional<std::vector<size_t>> SequentialSampler::next(size_t batch_size) {
  if (index_ >= size_) return std::nullopt;
  const size_t count = std::min(batch_size, size_ - index_);
  std::vector<size_t> batch(count);
  std::iota(batch.begin(), batch.end(), index_);
  index_ += count;
  return batch;
}

void SequentialSampler::save(serialize::OutputArchive& archive) const {
  archive.write("index", static_cast<int64_t>(index_));
}

void SequentialSampler::load(serialize::InputArchive& archive) {
  int64_t position = 0;
  archive.read("index", position);
  XGRAD_CHECK(position >= 0, "SequentialSampler::load: negative position {} in {}", position, archive.filename());
  index_ = static_cast<size_t>(position);
}

size_t SequentialSampler::index() const noexcept { return index_; }

// ---- RandomSampler ----

RandomSampler::RandomSampler(int64_t size, ScalarType /*index_dtype*/) {
  XGRAD_CHECK(size >= 0, "RandomSampler: expected a non-negative size, got {}", size);
  reset(static_cast<size_t>(size));
}

void RandomSampler::reset(std::optional<size_t> new_size) {
  indices_ = data::detail::random_permutation(new_size ? *new_size : indices_.size());
  index_ = 0;
}

std::optional<std::vector<size_t>> RandomSampler::next(size_t batch_size) {
  return take_batch(indices_, index_, batch_size);
}

void RandomSampler::save(serialize::OutputArchive& archive) const { save_indices(archive, indices_, index_); }

void RandomSampler::load(serialize::InputArchive& archive) {
  load_indices(archive, indices_, index_, "RandomSampler");
}

size_t RandomSampler::index() const noexcept { return index_; }

// ---- DistributedSequentialSampler, DistributedRandomSampler ----

namespace detail {

DistributedIndexSampler::DistributedIndexSampler(size_t size, size_t num_replicas, size_t rank, bool allow_duplicates,
                                                 bool shuffle, const char* name)
    : DistributedSampler(size, num_replicas, rank, allow_duplicates), shuffle_(shuffle), name_(name) {
  populate_indices();
}

void DistributedIndexSampler::populate_indices() {
  std::vector<size_t> order(size_);
  std::iota(order.begin(), order.end(), 0);
  if (shuffle_) {
    // Fisher-Yates driven by the epoch alone (std::shuffle's order differs between standard libraries).
    std::mt19937_64 engine(epoch_);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[data::detail::uniform_below(engine, i)]);
  }
  indices_ = size_ == 0 ? std::vector<size_t>() : rank_share(order, rank_, local_sample_count());
  index_ = 0;
}

void DistributedIndexSampler::reset(std::optional<size_t> new_size) {
  if (new_size) size_ = *new_size;
  populate_indices();
}

std::optional<std::vector<size_t>> DistributedIndexSampler::next(size_t batch_size) {
  return take_batch(indices_, index_, batch_size);
}

void DistributedIndexSampler::save(serialize::OutputArchive& archive) const { save_indices(archive, indices_, index_); }

void DistributedIndexSampler::load(serialize::InputArchive& archive) {
  load_indices(archive, indices_, index_, name_);
}

size_t DistributedIndexSampler::index() const noexcept { return index_; }

}  // namespace detail

}  // namespace samplers
}  // namespace data
}  // namespace xgrad
