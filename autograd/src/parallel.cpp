// set_num_threads / get_num_threads: the OpenMP team size of xgrad's kernels (kernels/parallel.h).
#include <xgrad/parallel.h>
#include <xgrad/internal/check.h>

#include <omp.h>

#include "kernels/parallel.h"

namespace xgrad {

void set_num_threads(int n) {
  XGRAD_CHECK(n > 0, "set_num_threads: expected a positive number of threads, got {}", n);
  detail::single_threaded_blas();
  omp_set_num_threads(n);
}

int get_num_threads() { return omp_get_max_threads(); }

}  // namespace xgrad
