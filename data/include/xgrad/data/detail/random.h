#pragma once
// The randomness of data transforms. A DataLoader installs a generator seeded for each batch (from
// the epoch's seed and the batch's position) on the thread that makes the batch, so augmentation does
// not depend on which worker makes which batch or when. Without one, draws come from xgrad's generator.
// Also the permutations of RandomSampler and random_split.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace xgrad {
namespace data {
namespace detail {

/// A seed drawn from xgrad's generator (reproducible under manual_seed).
uint64_t draw_seed();
/// The seed of batch batch_index of an epoch whose seed is epoch_seed.
uint64_t batch_seed(uint64_t epoch_seed, size_t batch_index);

/// Installs a generator seeded with seed on this thread for the guard's lifetime.
class BatchGeneratorGuard {
 public:
  explicit BatchGeneratorGuard(uint64_t seed);
  ~BatchGeneratorGuard();
  BatchGeneratorGuard(const BatchGeneratorGuard&) = delete;
  BatchGeneratorGuard& operator=(const BatchGeneratorGuard&) = delete;

 private:
  std::optional<std::mt19937_64> previous_;  // an enclosing guard's generator, restored at the end
};

/// Uniform in [0, n), n > 0, from engine: unbiased (draws below 2^64 mod n are rejected).
uint64_t uniform_below(std::mt19937_64& engine, uint64_t n);
/// Uniform in [0, n), n > 0.
uint64_t random_below(uint64_t n);
/// Uniform in [0, 1).
double random_uniform();
/// A permutation of 0..n-1 from xgrad's generator (reproducible under manual_seed).
std::vector<size_t> random_permutation(size_t n);

}  // namespace detail
}  // namespace data
}  // namespace xgrad
