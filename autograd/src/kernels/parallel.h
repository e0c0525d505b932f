#pragma once
// parallel_for: a kernel's loop split over xgrad's threads (OpenMP), as libtorch's at::parallel_for.
// A range smaller than `grain` items, a single thread, or a call from inside another parallel region
// runs inline on the calling thread, so nesting never multiplies the threads. Each thread gets one
// contiguous chunk [begin, end), so per-chunk scratch buffers and partial sums stay per thread.
// Chunks are fixed by the range and the thread count alone, so results are the same on every run.
#include <algorithm>
#include <cstdint>
#include <exception>

#include <omp.h>

namespace xgrad {
namespace detail {

/// OpenBLAS's own threads would compete with xgrad's: the BLAS runs one thread inside each of
/// xgrad's (kernels/blas.h splits large products itself). Cheap after the first call.
void single_threaded_blas();

/// The number of chunks parallel_for would use for `n` items with this grain (1 = inline).
inline int64_t parallel_chunks(int64_t n, int64_t grain) {
  if (n <= 0 || omp_in_parallel()) return 1;
  const int64_t threads = omp_get_max_threads();
  return std::max<int64_t>(1, std::min(threads, n / std::max<int64_t>(grain, 1)));
}

/// fn(chunk, begin, end) over the parallel_chunks(n, grain) chunks of [0, n), each of at least
/// `grain` items (but a single chunk, which may be smaller); `chunk` numbers them from 0, so a
/// kernel can give each its own slice of a scratch buffer. An exception thrown by fn on any thread
/// is rethrown on the caller's.
template <typename F>
void parallel_for_chunks(int64_t n, int64_t grain, const F& fn) {
  const int64_t chunks = parallel_chunks(n, grain);
  if (chunks <= 1) {
    if (n > 0) fn(int64_t{0}, int64_t{0}, n);
    return;
  }
  std::exception_ptr error;
#pragma omp parallel for num_threads(static_cast<int>(chunks)) schedule(static, 1)
  for (int64_t c = 0; c < chunks; ++c) {
    try {
      fn(c, n * c / chunks, n * (c + 1) / chunks);
    } catch (...) {
#pragma omp critical(xgrad_parallel_for_error)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

/// fn(begin, end) over the same chunks.
template <typename F>
void parallel_for(int64_t n, int64_t grain, const F& fn) {
  parallel_for_chunks(n, grain, [&](int64_t, int64_t begin, int64_t end) { fn(begin, end); });
}

}  // namespace detail
}  // namespace xgrad
