// The randomness of the data layer: seeds drawn from xgrad's generator, the per-batch generator the
// DataLoader installs, and random_split's permutation.
#include <xgrad/data/detail/random.h>

#include <limits>

#include <xgrad/data/datasets/subset.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace data {
namespace detail {
namespace {
thread_local std::optional<std::mt19937_64> batch_generator;

/// splitmix64's finaliser: neighbouring batch numbers give unrelated seeds.
uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

uint64_t draw_seed() {
  return static_cast<uint64_t>(xgrad::randint(std::numeric_limits<int64_t>::max(), {1}).item<int64_t>());
}

uint64_t batch_seed(uint64_t epoch_seed, size_t batch_index) {
  return mix(epoch_seed + 0x9e3779b97f4a7c15ULL * (batch_index + 1));
}

BatchGeneratorGuard::BatchGeneratorGuard(uint64_t seed) : previous_(std::move(batch_generator)) {
  batch_generator.emplace(seed);
}

BatchGeneratorGuard::~BatchGeneratorGuard() { batch_generator = std::move(previous_); }

uint64_t uniform_below(std::mt19937_64& engine, uint64_t n) {
  const uint64_t threshold = (0 - n) % n;
  uint64_t r = engine();
  while (r < threshold) r = engine();
  return r % n;
}

uint64_t random_below(uint64_t n) {
  if (!batch_generator) return static_cast<uint64_t>(xgrad::randint(static_cast<int64_t>(n), {1}).item<int64_t>());
  return uniform_below(*batch_generator, n);
}

double random_uniform() {
  if (!batch_generator) return xgrad::rand({1}, kDouble).item<double>();
  return static_cast<double>((*batch_generator)() >> 11) * 0x1.0p-53;
}

std::vector<size_t> random_permutation(size_t n) {
  const Tensor permutation = xgrad::randperm(static_cast<int64_t>(n));
  const int64_t* values = permutation.data_ptr<int64_t>();
  return std::vector<size_t>(values, values + n);
}

}  // namespace detail

namespace datasets {
namespace detail {

void check_split_lengths(const std::vector<size_t>& lengths, size_t dataset_size) {
  // Compared with what is left, so that huge lengths cannot wrap the sum around to the right total.
  size_t left = dataset_size;
  for (size_t length : lengths) {
    XGRAD_CHECK(length <= left, "random_split: the lengths [{}] add up to more than the {} examples of the dataset",
                fmt::join(lengths, ", "), dataset_size);
    left -= length;
  }
  XGRAD_CHECK(left == 0, "random_split: the lengths [{}] add up to {}, but the dataset holds {} examples",
              fmt::join(lengths, ", "), dataset_size - left, dataset_size);
}

}  // namespace detail
}  // namespace datasets
}  // namespace data
}  // namespace xgrad
