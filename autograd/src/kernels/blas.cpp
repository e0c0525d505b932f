// The BLAS calls (kernels/blas.h): OpenBLAS kept to one thread, large products split over xgrad's.
#include "blas.h"

#include "parallel.h"

namespace xgrad {
namespace detail {

void single_threaded_blas() {
  static const bool once = (openblas_set_num_threads(1), true);
  (void)once;
}

namespace {

void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
               const float* b, int64_t ldb, float beta, float* c, int64_t ldc, float alpha) {
  cblas_sgemm(CblasRowMajor, ta, tb, int(m), int(n), int(k), alpha, a, int(lda), b, int(ldb), beta, c, int(ldc));
}
void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda,
               const double* b, int64_t ldb, double beta, double* c, int64_t ldc, double alpha) {
  cblas_dgemm(CblasRowMajor, ta, tb, int(m), int(n), int(k), alpha, a, int(lda), b, int(ldb), beta, c, int(ldc));
}

// Below this many multiply-adds per thread a split costs more than it saves (LeNet's first
// fully connected layer, 3M, splits in two).
constexpr int64_t kGemmGrain = int64_t{1} << 19;

template <typename T>
void split_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
                const T* b, int64_t ldb, T beta, T* c, int64_t ldc, T alpha) {
  single_threaded_blas();
  const int64_t work = m * n * k;
  // Rows give each thread its own rows of A and C and share B; columns its own columns of B and C and
  // share A. What a thread reads that another core wrote last (a weight the other half of the
  // optimizer's update wrote, say) crosses between the cores, which costs more than the product here:
  // the split shares the less, counting C's cut rows against columns (the next elementwise op splits
  // C by rows). y = x W^T of the MLP's first layer (x 64 x 784, W 128 x 784) splits by columns, so that
  // each thread reads only the half of W it updates; its weight gradient (C = 128 x 784) by rows.
  const bool by_rows = k * n <= m * k + m * n;
  const int64_t extent = by_rows ? m : n;
  const int64_t chunks = parallel_chunks(extent, 1);
  if (chunks <= 1 || work < 2 * kGemmGrain) {
    blas_gemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc, alpha);
    return;
  }
  const int64_t grain = std::max<int64_t>(1, extent * kGemmGrain / work);
  parallel_for(extent, grain, [&](int64_t lo, int64_t hi) {
    if (by_rows)
      blas_gemm(ta, tb, hi - lo, n, k, ta == CblasNoTrans ? a + lo * lda : a + lo, lda, b, ldb, beta, c + lo * ldc,
                ldc, alpha);
    else
      blas_gemm(ta, tb, m, hi - lo, k, a, lda, tb == CblasNoTrans ? b + lo : b + lo * ldb, ldb, beta, c + lo, ldc,
                alpha);
  });
}

}  // namespace

void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc, float alpha) {
  split_gemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc, alpha);
}
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int64_t m, int64_t n, int64_t k, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc, double alpha) {
  split_gemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc, alpha);
}

void gemv(CBLAS_TRANSPOSE ta, int64_t rows, int64_t cols, const float* a, int64_t lda, const float* x, int64_t incx,
          float* y) {
  single_threaded_blas();
  cblas_sgemv(CblasRowMajor, ta, int(rows), int(cols), 1.0f, a, int(lda), x, int(incx), 0.0f, y, 1);
}
void gemv(CBLAS_TRANSPOSE ta, int64_t rows, int64_t cols, const double* a, int64_t lda, const double* x,
          int64_t incx, double* y) {
  single_threaded_blas();
  cblas_dgemv(CblasRowMajor, ta, int(rows), int(cols), 1.0, a, int(lda), x, int(incx), 0.0, y, 1);
}

float dot(int64_t n, const float* x, int64_t incx, const float* y, int64_t incy) {
  single_threaded_blas();
  return cblas_sdot(int(n), x, int(incx), y, int(incy));
}
double dot(int64_t n, const double* x, int64_t incx, const double* y, int64_t incy) {
  single_threaded_blas();
  return cblas_ddot(int(n), x, int(incx), y, int(incy));
}

}  // namespace detail
}  // namespace xgrad
