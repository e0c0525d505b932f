#pragma once
// The BLAS line every benchmark prints first: OpenBLAS's build, the core kernel it chose, its threads
// and OPENBLAS_CORETYPE, since figures depend on them.
#include <cblas.h>

#include <cstdio>
#include <cstdlib>

inline void print_blas_info() {
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  std::printf("BLAS: OpenBLAS %s\n      core %s, %d thread(s), OPENBLAS_CORETYPE=%s\n", openblas_get_config(),
              openblas_get_corename(), openblas_get_num_threads(), coretype ? coretype : "(unset)");
  std::fflush(stdout);
}
