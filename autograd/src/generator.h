#pragma once
// The CPU random number generator behind every random factory and fill (factories.cpp, random.cpp),
// and the plumbing the in-place fills share.
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <random>

#include <xgrad/functions.h>

#include "derivative.h"
#include "kernels/loops.h"

namespace xgrad {
namespace detail {

/// The one generator behind every random factory. DataLoader workers draw from it concurrently,
/// so each fill holds the lock for its whole run (one lock per call, not per number).
class CpuGenerator {
 public:
  // PyTorch's default CPU seed, so a fresh process starts from a fixed, documented state.
  static constexpr uint64_t kDefaultSeed = 67280421310721ULL;

  static CpuGenerator& global() {
    static CpuGenerator gen;
    return gen;
  }
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }
  void seed(uint64_t s) { engine_.seed(s); }

  uint64_t bits() { return engine_(); }
  /// The engine itself, for the standard library's distributions (hold the lock).
  std::mt19937_64& engine() { return engine_; }
  /// U[0, 1) with T's precision: the top 24 or 53 bits scaled by 2^-24 or 2^-53.
  template <typename T>
  double uniform() {
    constexpr int digits = std::numeric_limits<T>::digits;
    constexpr double scale = 1.0 / static_cast<double>(uint64_t{1} << digits);
    return static_cast<double>(bits() >> (64 - digits)) * scale;
  }
  /// Unbiased integer in [0, n), n > 0: draws below 2^64 mod n would favour small results.
  uint64_t below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;
    uint64_t r = bits();
    while (r < threshold) r = bits();
    return r % n;
  }

 private:
  CpuGenerator() : engine_(kDefaultSeed) {}
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

template <typename T>
void fill_uniform(T* p, int64_t n, double from, double to) {
  CpuGenerator& gen = CpuGenerator::global();
  auto guard = gen.lock();
  const double span = to - from;
  for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(from + span * gen.uniform<T>());
}

template <typename T>
void fill_normal(T* p, int64_t n, double mean, double std) {
  constexpr double two_pi = 6.283185307179586476925286766559;
  CpuGenerator& gen = CpuGenerator::global();
  auto guard = gen.lock();
  for (int64_t i = 0; i < n; i += 2) {
    // 1 - u lies in (0, 1], so the log is finite.
    const double r = std::sqrt(-2.0 * std::log(1.0 - gen.uniform<double>()));
    const double theta = two_pi * gen.uniform<double>();
    p[i] = static_cast<T>(mean + std * r * std::cos(theta));
    if (i + 1 < n) p[i + 1] = static_cast<T>(mean + std * r * std::sin(theta));
  }
}

/// Runs fill(p, n) over `self`'s elements in row-major order, through a contiguous buffer when
/// `self` is strided.
template <typename T, typename Fill>
void fill_inplace(const Tensor& self, Fill fill) {
  if (self.is_contiguous()) {
    fill(self.data_ptr<T>(), self.numel());
    return;
  }
  Tensor tmp = empty(self.sizes(), self.scalar_type());
  fill(tmp.data_ptr<T>(), tmp.numel());
  copy_into(self, tmp);
}

// x overwritten with random values:  dx = 0 (the formula of uniform_, normal_, bernoulli_, ...)
inline autograd::variable_list overwritten_backward(const autograd::BackwardContext& c, const autograd::NoState&) {
  return {zeros(c.input(0).sizes, c.input(0).dtype)};
}

}  // namespace detail
}  // namespace xgrad
