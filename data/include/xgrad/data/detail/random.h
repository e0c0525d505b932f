#pragma once
// The randomness of data transforms. A DataLoader installs a generator seeded for each batch (from
// the epoch's seed and the batch's position) on the thread that makes the batch, so augmentation does
// not depend on which worker makes which batch or when. Without one, draws come from xgrad's generator.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>

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

/// Uniform in [0, n), n > 0.
uint64_t random_below(uint64_t n);
/// Uniform in [0, 1).
double random_uniform();

}  // namespace detail
}  // namespace data
}  // namespace xgrad
