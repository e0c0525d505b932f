#pragma once
// The DataLoader's worker threads. Each worker owns a copy of the dataset (as in libtorch, so a dataset
// or transform with state of its own is never shared between threads). The loader submits numbered
// jobs (each makes one batch from the worker's copy) and takes the results back by number, so batches
// come out in sampler order however the workers interleave. A job's exception is kept and rethrown by
// take() for that batch, in the caller's thread. cancel() forgets queued jobs and discards the results
// of running ones (a new epoch began).
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <xgrad/error.h>

namespace xgrad {
namespace data {
namespace detail {

template <typename Dataset, typename Batch>
class BatchPipeline {
 public:
  using Job = std::function<Batch(Dataset&)>;

  BatchPipeline(const Dataset& dataset, size_t workers) {
    threads_.reserve(workers);
    for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this, copy = dataset]() mutable { work(copy); });
  }
  ~BatchPipeline() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    job_ready_.notify_all();
    for (auto& thread : threads_) thread.join();
  }
  BatchPipeline(const BatchPipeline&) = delete;
  BatchPipeline& operator=(const BatchPipeline&) = delete;

  void submit(size_t sequence, Job job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back({sequence, generation_, std::move(job)});
    }
    job_ready_.notify_one();
  }

  /// The batch of job sequence, waiting for it (at most timeout, if given).
  Batch take(size_t sequence, std::optional<std::chrono::milliseconds> timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto ready = [&] { return results_.count(sequence) != 0; };
    if (!timeout) {
      result_ready_.wait(lock, ready);
    } else if (!result_ready_.wait_for(lock, *timeout, ready)) {
      throw Error("DataLoader: no batch from the workers within the timeout of " + std::to_string(timeout->count()) +
                  " ms");
    }
    Result result = std::move(results_.at(sequence));
    results_.erase(sequence);
    lock.unlock();
    if (result.error) std::rethrow_exception(result.error);
    return std::move(*result.batch);
  }

  void cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.clear();
    results_.clear();
    ++generation_;
  }

 private:
  struct Queued {
    size_t sequence;
    size_t generation;
    Job job;
  };
  struct Result {
    std::optional<Batch> batch;
    std::exception_ptr error;
  };

  void work(Dataset& dataset) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      job_ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      Queued queued = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      Result result;
      try {
        result.batch.emplace(queued.job(dataset));
      } catch (...) {
        result.error = std::current_exception();
      }
      lock.lock();
      if (queued.generation == generation_) {
        results_.emplace(queued.sequence, std::move(result));
        result_ready_.notify_all();
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable job_ready_, result_ready_;
  std::deque<Queued> jobs_;
  std::map<size_t, Result> results_;
  size_t generation_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace detail
}  // namespace data
}  // namespace xgrad
