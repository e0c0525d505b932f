// set_num_threads / get_num_threads: OpenBLAS's thread count.
#include <xgrad/parallel.h>

#include <cblas.h>

#include "check.h"

namespace xgrad {

void set_num_threads(int n) {
  XGRAD_CHECK(n > 0, "set_num_threads: expected a positive number of threads, got {}", n);
  openblas_set_num_threads(n);
}

int get_num_threads() { return openblas_get_num_threads(); }

}  // namespace xgrad
