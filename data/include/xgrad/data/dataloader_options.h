#pragma once
// DataLoader options, as libtorch's torch::data::DataLoaderOptions.
#include <chrono>
#include <cstddef>
#include <optional>

#include <xgrad/arg.h>

namespace xgrad {
namespace data {

struct DataLoaderOptions {
  DataLoaderOptions() = default;
  /* implicit */ DataLoaderOptions(size_t batch_size) : batch_size_(batch_size) {}

  /// Examples per batch.
  XGRAD_ARG(size_t, batch_size) = 1;
  /// Threads preparing batches while the caller trains; 0 prepares each batch in the calling thread.
  XGRAD_ARG(size_t, workers) = 0;
  /// Batches prepared ahead at most; by default 2 * workers.
  XGRAD_ARG(std::optional<size_t>, max_jobs);
  /// How long to wait for a worker's batch before throwing; by default, for ever.
  XGRAD_ARG(std::optional<std::chrono::milliseconds>, timeout);
  /// Leave out the last batch of an epoch when it is smaller than batch_size.
  XGRAD_ARG(bool, drop_last) = false;
};

}  // namespace data
}  // namespace xgrad
