#pragma once
// The BLAS calls of xgrad's kernels (row-major), in one place. OpenBLAS runs one thread inside each
// call (kernels/parallel.h); gemm splits a product large enough to pay for it over xgrad's threads
// itself, by rows of C or, when C has few rows, by columns, so each thread runs one BLAS call.
#include <cstdint>

#include <cblas.h>

namespace xgrad {
namespace detail {

/// c [m, n] = alpha a' . b' + beta c, where a' is a [m, k] (or a^T with a [k, m]) and b' is b [k, n] (or b^T).
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc, float alpha = 1);
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc, double alpha = 1);

/// y [rows or cols] = a' . x, a' = a [rows, cols] or its transpose.
void gemv(CBLAS_TRANSPOSE ta, int64_t rows, int64_t cols, const float* a, int64_t lda, const float* x, int64_t incx,
          float* y);
void gemv(CBLAS_TRANSPOSE ta, int64_t rows, int64_t cols, const double* a, int64_t lda, const double* x,
          int64_t incx, double* y);

float dot(int64_t n, const float* x, int64_t incx, const float* y, int64_t incy);
double dot(int64_t n, const double* x, int64_t incx, const double* y, int64_t incy);

}  // namespace detail
}  // namespace xgrad
