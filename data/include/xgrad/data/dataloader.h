#pragma once
// The DataLoader, as libtorch's torch::data::make_data_loader / StatelessDataLoader:
//
//   auto loader = data::make_data_loader<data::samplers::RandomSampler>(
//       std::move(dataset), data::DataLoaderOptions().batch_size(64).workers(2));
//   for (auto& batch : *loader) { ... batch.data, batch.target ... }
//
// Each `for` over the loader is one epoch: begin() resets the sampler (a new permutation for
// RandomSampler) and draws the epoch's seed for random transforms from xgrad's generator. With workers,
// up to max_jobs batches are prepared ahead in worker threads; batches still come in sampler order,
// identical to those of workers(0) for the same seed. Each worker makes its batches from its own copy of
// the dataset, as in libtorch. An exception thrown while making a batch (in a dataset or a transform)
// is rethrown by the loop, at that batch. Unlike libtorch, begin() may be called before the previous
// epoch is over (after a `break`): that epoch ends, and its iterators throw if advanced.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <xgrad/data/dataloader_options.h>
#include <xgrad/data/detail/batch_pipeline.h>
#include <xgrad/data/detail/random.h>
#include <xgrad/data/samplers/random.h>
#include <xgrad/error.h>

namespace xgrad {
namespace data {

template <typename Dataset, typename Sampler>
class StatelessDataLoader;

/// The loader's input iterator; equal to end() once the epoch is over.
template <typename Loader>
class DataLoaderIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = typename Loader::BatchType;
  using difference_type = std::ptrdiff_t;
  using pointer = value_type*;
  using reference = value_type&;

  DataLoaderIterator() = default;
  DataLoaderIterator(Loader* loader, size_t epoch) : loader_(loader), epoch_(epoch) { batch_ = loader_->next(epoch_); }

  reference operator*() { return *batch_; }
  pointer operator->() { return &*batch_; }
  DataLoaderIterator& operator++() {
    batch_ = loader_->next(epoch_);
    return *this;
  }
  bool operator==(const DataLoaderIterator& other) const { return !batch_ && !other.batch_; }
  bool operator!=(const DataLoaderIterator& other) const { return !(*this == other); }

 private:
  Loader* loader_ = nullptr;
  size_t epoch_ = 0;
  std::optional<value_type> batch_;
};

template <typename Dataset, typename Sampler>
class StatelessDataLoader {
 public:
  using BatchType = typename Dataset::BatchType;
  using BatchRequestType = typename Sampler::BatchRequestType;
  using Iterator = DataLoaderIterator<StatelessDataLoader>;

  StatelessDataLoader(Dataset dataset, Sampler sampler, DataLoaderOptions options)
      : dataset_(std::move(dataset)), sampler_(std::move(sampler)), options_(std::move(options)) {
    if (options_.batch_size() == 0) throw Error("DataLoader: batch_size must be positive, got 0");
    if (options_.max_jobs() && *options_.max_jobs() == 0) throw Error("DataLoader: max_jobs must be positive, got 0");
    if (!options_.max_jobs()) options_.max_jobs(2 * options_.workers());
    if (options_.workers() > 0)
      pipeline_ = std::make_unique<detail::BatchPipeline<Dataset, BatchType>>(dataset_, options_.workers());
  }
  // Queued jobs refer to the loader: it stays where it was made (libtorch's cannot move either).
  StatelessDataLoader(const StatelessDataLoader&) = delete;
  StatelessDataLoader& operator=(const StatelessDataLoader&) = delete;

  /// Starts an epoch.
  Iterator begin() {
    reset();
    return Iterator(this, epoch_);
  }
  Iterator end() { return Iterator(); }

  /// The next batch of epoch (begin()'s count), or nullopt at its end (what the iterator calls).
  std::optional<BatchType> next(size_t epoch) {
    if (epoch != epoch_) throw Error("DataLoader: iterator used after a later begin() started a new epoch");
    if (options_.workers() > 0 && !pipeline_) throw Error("DataLoader: iterated after join()");
    if (!pipeline_) {
      std::optional<BatchRequestType> request = next_request();
      if (!request) return std::nullopt;
      return make_batch(dataset_, detail::batch_seed(epoch_seed_, submitted_++), std::move(*request));
    }
    prefetch();
    if (taken_ == submitted_) return std::nullopt;
    BatchType batch = pipeline_->take(taken_++, options_.timeout());
    prefetch();
    return batch;
  }

  /// Stops the workers (the destructor does it too).
  void join() { pipeline_.reset(); }

  const DataLoaderOptions& options() const noexcept { return options_; }
  const Dataset& dataset() const noexcept { return dataset_; }
  Sampler& sampler() noexcept { return sampler_; }

 private:
  void reset() {
    if (options_.workers() > 0 && !pipeline_) throw Error("DataLoader: iterated after join()");
    if (pipeline_) pipeline_->cancel();
    sampler_.reset(std::nullopt);
    ++epoch_;
    epoch_seed_ = detail::draw_seed();
    submitted_ = taken_ = 0;
    exhausted_ = false;
  }

  std::optional<BatchRequestType> next_request() {
    if (exhausted_) return std::nullopt;
    std::optional<BatchRequestType> request = sampler_.next(options_.batch_size());
    if (!request || (options_.drop_last() && request->size() < options_.batch_size())) {
      exhausted_ = true;
      return std::nullopt;
    }
    return request;
  }

  void prefetch() {
    while (submitted_ - taken_ < *options_.max_jobs()) {
      std::optional<BatchRequestType> request = next_request();
      if (!request) return;
      const uint64_t seed = detail::batch_seed(epoch_seed_, submitted_);
      pipeline_->submit(submitted_++, [seed, request = std::move(*request)](Dataset& dataset) mutable {
        return make_batch(dataset, seed, std::move(request));
      });
    }
  }

  // Runs on a worker thread (or the caller's, without workers).
  static BatchType make_batch(Dataset& dataset, uint64_t seed, BatchRequestType request) {
    detail::BatchGeneratorGuard generator(seed);
    return dataset.get_batch(std::move(request));
  }

  Dataset dataset_;
  Sampler sampler_;
  DataLoaderOptions options_;
  std::unique_ptr<detail::BatchPipeline<Dataset, BatchType>> pipeline_;
  size_t epoch_ = 0;
  uint64_t epoch_seed_ = 0;
  size_t submitted_ = 0, taken_ = 0;
  bool exhausted_ = false;
};

/// A loader over dataset with the given sampler.
template <typename Dataset, typename Sampler, typename = typename Sampler::BatchRequestType>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset, Sampler sampler,
                                                                        DataLoaderOptions options = {}) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset), std::move(sampler),
                                                                 std::move(options));
}

/// A loader over dataset with a Sampler made for its size: make_data_loader<SequentialSampler>(...).
template <typename Sampler = samplers::RandomSampler, typename Dataset,
          typename = std::enable_if_t<std::is_constructible<Sampler, size_t>::value>>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset,
                                                                        DataLoaderOptions options = {}) {
  const std::optional<size_t> size = dataset.size();
  if (!size) throw Error("make_data_loader: the dataset has no size; pass a sampler");
  Sampler sampler(*size);
  return make_data_loader(std::move(dataset), std::move(sampler), std::move(options));
}

}  // namespace data
}  // namespace xgrad
