// Linear algebra through LAPACK: determinants, inverses, solves, Cholesky, QR, eigh, SVD, and the ops
// built on them (pinv, matrix_power, matrix_exp, norms, ranks), as torch::linalg and libtorch's older
// spellings (det, inverse, cholesky, qr, svd, triangular_solve, ...).
//
// Shapes: every op takes a batch of matrices [*, m, n] (square ops [*, n, n]) and works on each; the
// batch dims of two operands broadcast (solve, solve_triangular, cholesky_solve). Float and Double.
// Formulas (g the upstream gradient, ^T a transpose, X the op's result):
//   det:      y = det A                 dA = g y A^-T                                 LinalgDetBackward0
//   slogdet:  (sign, log|det A|)        dA = g_logabsdet A^-T                         LinalgSlogdetBackward0
//   inv:      X = A^-1                  dA = -X^T g X^T                               LinalgInvExBackward0
//   solve:    A X = B (or X A = B)      dB = A^-T g (g A^-T),  dA = -dB X^T (-X^T dB)  LinalgSolveExBackward0
//   solve_triangular: the same, dA kept to A's triangle               LinalgSolveTriangularBackward0
//   cholesky: A = L L^T                 dA = L^-T Phi(L^T g) L^-1, Phi = tril with the strict lower part
//                                        symmetrised (PyTorch's cholesky_backward)  LinalgCholeskyExBackward0
//   cholesky_solve:  X = (L L^T)^-1 B   dB = (L L^T)^-1 g,  dL = -(dB X^T + X dB^T) L CholeskySolveBackward0
//   cholesky_inverse: Y = (L L^T)^-1    dL = -Y (g + g^T) Y L                         CholeskyInverseBackward0
//   eigh:     A = V diag(w) V^T         dA = V (diag(gw) + skew(V^T gV) / 2 / E) V^T, E_ij = w_j - w_i
//                                                                                      LinalgEighBackward0
//   svd:      A = U diag(S) Vh          Townsend's formula (PyTorch's svd_backward)   LinalgSvdBackward0
//   qr:       A = Q R                   dA = (gQ + Q copyltu(R gR^T - gQ^T Q)) R^-T (m >= n; a wide A is
//                                        split as [X | Y] with X square)              LinalgQrBackward0
//   matrix_exp: dA = the upper right block of exp([[A^T, g], [0, A^T]])             LinalgMatrixExpBackward0
//   pinv:     PyTorch's pinv_backward (Golub and Pereyra)                            LinalgPinvBackward0
//   cross:    X = a x b                 da = b x g,  db = g x a                       LinalgCrossBackward0
//   vector_norm: dx = g x |x|^(p-2) / |x|_p^(p-1) (p = inf: spread over the maxima)   LinalgVectorNormBackward0
// The backward formulas are built from these differentiable ops, so double backward works.
//
// LAPACK is column-major: each op copies its input into a batch of column-major matrices
// (fortran_copy), runs the routine on each matrix in place, and returns that buffer as a view with
// the input's logical layout (as libtorch's results, these are column-major in memory).
#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/linalg.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/lapack.h"
#include "../kernels/loops.h"

namespace xgrad {
namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;

// ---- checks ----

/// At least two dims and a floating dtype, with libtorch's texts.
void check_matrices(const Tensor& A, const char* op, const char* name = "A") {
  XGRAD_CHECK(A.defined(), "{}: expected {} to be defined, but got an undefined tensor", op, name);
  XGRAD_CHECK(A.dim() >= 2, "{}: The input tensor {} must have at least 2 dimensions.", op, name);
  XGRAD_CHECK(A.is_floating_point(), "{}: Expected a floating point or complex tensor as input. Got {}", op,
              toString(A.scalar_type()));
}

void check_square(const Tensor& A, const char* op, const char* name = "A") {
  check_matrices(A, op, name);
  XGRAD_CHECK(A.size(-1) == A.size(-2), "{}: A must be batches of square matrices, but they are {} by {} matrices",
              op, A.size(-2), A.size(-1));
}

void check_same_dtype(const Tensor& A, const Tensor& B, const char* op) {
  XGRAD_CHECK(A.scalar_type() == B.scalar_type(),
              "{}: Expected A and B to have the same dtype, but found A of type {} and B of type {} instead", op,
              toString(A.scalar_type()), toString(B.scalar_type()));
}

int lapack_int(int64_t v, const char* op) {
  XGRAD_CHECK(v <= INT_MAX, "{}: dimension {} is too large for LAPACK (at most {})", op, v, INT_MAX);
  return static_cast<int>(std::max<int64_t>(v, 1));
}

/// "(Batch element 2): " for a batched input, as libtorch's messages.
std::string batch_prefix(const Tensor& A, int64_t i) {
  return A.dim() > 2 ? fmt::format("(Batch element {}): ", i) : std::string();
}

// ---- shapes ----

std::vector<int64_t> batch_shape(const Tensor& t, int64_t matrix_dims = 2) {
  return std::vector<int64_t>(t.sizes().begin(), t.sizes().end() - matrix_dims);
}

int64_t product_of(IntArrayRef sizes) {
  return std::accumulate(sizes.begin(), sizes.end(), int64_t{1}, std::multiplies<int64_t>());
}

std::vector<int64_t> with_matrix(std::vector<int64_t> batch, int64_t rows, int64_t cols) {
  batch.push_back(rows);
  batch.push_back(cols);
  return batch;
}

/// The number of matrices in t (its batch dims' product).
int64_t batch_count(const Tensor& t) { return product_of(batch_shape(t)); }

Tensor mT(const Tensor& t) { return t.transpose(-2, -1); }

/// t's values as a fresh batch of column-major matrices, cut from the graph: matrix i starts at
/// element i * rows * cols, with leading dimension rows.
Tensor fortran_copy(const Tensor& t) { return mT(mT(t.detach()).clone(MemoryFormat::Contiguous)); }

/// A fresh batch of column-major matrices of these sizes.
Tensor fortran_empty(const std::vector<int64_t>& sizes, ScalarType dtype) {
  std::vector<int64_t> swapped = sizes;
  std::swap(swapped[swapped.size() - 1], swapped[swapped.size() - 2]);
  return mT(zeros(swapped, dtype));
}

/// A and B expanded to their common batch (each keeps its matrix dims).
std::pair<Tensor, Tensor> broadcast_batches(const Tensor& A, const Tensor& B, const char* op) {
  const std::vector<int64_t> batch = detail::broadcast_shapes(batch_shape(A), batch_shape(B), op);
  return {A.expand(with_matrix(batch, A.size(-2), A.size(-1))), B.expand(with_matrix(batch, B.size(-2), B.size(-1)))};
}

// ---- differentiable helpers of the backward formulas ----

/// 1 where col - row <= k (lower), or where col - row >= k (upper), else 0: tril and triu as products,
/// so that the backward formulas stay twice differentiable.
Tensor triangle_mask(int64_t rows, int64_t cols, int64_t k, bool upper, ScalarType dtype) {
  Tensor mask = zeros({rows, cols}, kDouble);
  double* p = mask.data_ptr<double>();
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) p[i * cols + j] = (upper ? j - i >= k : j - i <= k) ? 1.0 : 0.0;
  return mask.to(dtype);
}
Tensor lower_triangle(const Tensor& t, int64_t k = 0) {
  return t * triangle_mask(t.size(-2), t.size(-1), k, false, t.scalar_type());
}
Tensor upper_triangle(const Tensor& t, int64_t k = 0) {
  return t * triangle_mask(t.size(-2), t.size(-1), k, true, t.scalar_type());
}
/// v [*, n] -> [*, n, n] with v on the diagonal.
Tensor diagonal_matrix(const Tensor& v) { return v.unsqueeze(-1) * eye(v.size(-1), v.scalar_type()); }

// ---- kernels ----

/// LU factors (getrf) of square matrices, in place in a fortran_copy, with 1-based pivots per matrix
/// and LAPACK's info per matrix (k > 0: U[k-1, k-1] is zero).
struct Lu {
  Tensor lu;
  std::vector<int> pivots, info;
};

Lu lu_factor(const Tensor& A, const char* op) {
  Lu r{fortran_copy(A), {}, {}};
  const int64_t n = A.size(-1), count = batch_count(A);
  r.pivots.assign(static_cast<size_t>(std::max<int64_t>(count * n, 1)), 0);
  r.info.assign(static_cast<size_t>(count), 0);
  if (n == 0) return r;
  const int in = lapack_int(n, op);
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* p = r.lu.template data_ptr<T>();
    for (int64_t i = 0; i < count; ++i) detail::lapack::getrf(in, in, p + i * n * n, in, &r.pivots[i * n], &r.info[i]);
  });
  return r;
}

/// The determinant of each LU-factored matrix: the product of U's diagonal, negated per row swap.
Tensor lu_det(const Lu& f, const Tensor& A) {
  const int64_t n = A.size(-1), count = batch_count(A);
  Tensor out = empty(batch_shape(A), A.scalar_type());
  detail::dispatch_floating(A.scalar_type(), "linalg.det", [&](auto tag) {
    using T = decltype(tag);
    const T* p = f.lu.template data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (int64_t i = 0; i < count; ++i) {
      T d = 1;
      for (int64_t j = 0; j < n; ++j) d *= (f.pivots[i * n + j] != j + 1 ? -1 : 1) * p[i * n * n + j * n + j];
      o[i] = d;
    }
  });
  return out;
}

/// X with A X = B for square A and B [*, n, k] of the same batch, through A's LU factors.
/// Returns the first singular matrix's index in *singular (or -1).
Tensor lu_solve_kernel(const Tensor& A, const Tensor& B, const char* op, int64_t* singular) {
  Lu f = lu_factor(A, op);
  Tensor X = fortran_copy(B);
  const int64_t n = A.size(-1), k = B.size(-1), count = batch_count(A);
  *singular = -1;
  for (int64_t i = 0; i < count; ++i)
    if (f.info[i] > 0) {
      *singular = i;
      return X;
    }
  if (n == 0 || k == 0) return X;
  const int in = lapack_int(n, op), ik = lapack_int(k, op);
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const T* a = f.lu.template data_ptr<T>();
    T* x = X.data_ptr<T>();
    int info = 0;
    for (int64_t i = 0; i < count; ++i)
      detail::lapack::getrs('N', in, ik, a + i * n * n, in, &f.pivots[i * n], x + i * n * k, in, &info);
  });
  return X;
}

/// X with A X = B for triangular A (its `upper` triangle is read) and B [*, n, k] of the same batch.
Tensor triangular_kernel(const Tensor& A, const Tensor& B, bool upper, bool unitriangular, const char* op) {
  const Tensor a = fortran_copy(A);
  Tensor X = fortran_copy(B);
  const int64_t n = A.size(-1), k = B.size(-1), count = batch_count(A);
  if (n == 0 || k == 0) return X;
  const int in = lapack_int(n, op), ik = lapack_int(k, op);
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const T* pa = a.data_ptr<T>();
    T* x = X.data_ptr<T>();
    // info > 0 is a zero on the diagonal: the result then holds inf / NaN, as libtorch's.
    int info = 0;
    for (int64_t i = 0; i < count; ++i)
      detail::lapack::trtrs(upper ? 'U' : 'L', 'N', unitriangular ? 'U' : 'N', in, ik, pa + i * n * n, in,
                            x + i * n * k, in, &info);
  });
  return X;
}

/// The lower Cholesky factor of each matrix (its lower triangle read); throws libtorch's error
/// naming `op` when one is not positive-definite.
Tensor cholesky_kernel(const Tensor& A, const char* op) {
  Tensor L = fortran_copy(A);
  const int64_t n = A.size(-1), count = batch_count(A);
  if (n == 0) return L;
  const int in = lapack_int(n, op);
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* p = L.data_ptr<T>();
    for (int64_t i = 0; i < count; ++i) {
      T* m = p + i * n * n;
      int info = 0;
      detail::lapack::potrf('L', in, m, in, &info);
      XGRAD_CHECK(info == 0,
                  "{}: {}The factorization could not be completed because the input is not positive-definite (the "
                  "leading minor of order {} is not positive-definite).",
                  op, batch_prefix(A, i), info);
      for (int64_t c = 1; c < n; ++c)  // potrf leaves the strict upper triangle as it was
        std::fill(m + c * n, m + c * n + c, T(0));
    }
  });
  return L;
}

/// Eigenvalues (ascending, [*, n]) and, if vectors, eigenvectors (columns) of symmetric matrices.
std::pair<Tensor, Tensor> eigh_kernel(const Tensor& A, char uplo, bool vectors, const char* op) {
  Tensor V = fortran_copy(A);
  const int64_t n = A.size(-1), count = batch_count(A);
  std::vector<int64_t> wsizes = batch_shape(A);
  wsizes.push_back(n);
  Tensor w = empty(wsizes, A.scalar_type());
  if (n == 0) return {w, V};
  const int in = lapack_int(n, op);
  const char jobz = vectors ? 'V' : 'N';
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* pv = V.data_ptr<T>();
    T* pw = w.data_ptr<T>();
    T lwork_q = 0;
    int liwork_q = 0, info = 0;
    detail::lapack::syevd(jobz, uplo, in, pv, in, pw, &lwork_q, -1, &liwork_q, -1, &info);
    std::vector<T> work(static_cast<size_t>(std::max<T>(lwork_q, 1)));
    std::vector<int> iwork(static_cast<size_t>(std::max(liwork_q, 1)));
    for (int64_t i = 0; i < count; ++i) {
      detail::lapack::syevd(jobz, uplo, in, pv + i * n * n, in, pw + i * n, work.data(), static_cast<int>(work.size()),
                            iwork.data(), static_cast<int>(iwork.size()), &info);
      XGRAD_CHECK(info == 0,
                  "{}: {}The algorithm failed to converge because the input matrix is ill-conditioned or has too "
                  "many repeated eigenvalues (error code: {}).",
                  op, batch_prefix(A, i), info);
    }
  });
  return {w, V};
}

/// U [*, m, ucols], S [*, k] (descending) and Vh [*, vrows, n] of A [*, m, n] (k = min(m, n)): full
/// (ucols = m, vrows = n), reduced (k, k), or S alone (U and Vh then empty).
std::tuple<Tensor, Tensor, Tensor> svd_kernel(const Tensor& A, bool compute_uv, bool full, const char* op) {
  Tensor a = fortran_copy(A);
  const int64_t m = A.size(-2), n = A.size(-1), k = std::min(m, n), count = batch_count(A);
  const std::vector<int64_t> batch = batch_shape(A);
  std::vector<int64_t> ssizes = batch;
  ssizes.push_back(k);
  Tensor S = empty(ssizes, A.scalar_type());
  const int64_t ucols = full ? m : k, vrows = full ? n : k;
  Tensor U = compute_uv ? fortran_empty(with_matrix(batch, m, ucols), A.scalar_type()) : Tensor();
  Tensor Vh = compute_uv ? fortran_empty(with_matrix(batch, vrows, n), A.scalar_type()) : Tensor();
  if (k == 0) {  // no singular values; a full U or Vh is then the identity
    if (compute_uv) {
      U = eye(m, A.scalar_type()).expand(with_matrix(batch, m, ucols)).contiguous();
      Vh = eye(n, A.scalar_type()).expand(with_matrix(batch, vrows, n)).contiguous();
    }
    return {U, S, Vh};
  }
  const int im = lapack_int(m, op), in = lapack_int(n, op);
  const char jobz = !compute_uv ? 'N' : full ? 'A' : 'S';
  const int ldu = im, ldvt = lapack_int(vrows, op);
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* pa = a.data_ptr<T>();
    T* ps = S.data_ptr<T>();
    T dummy = 0;
    T* pu = compute_uv ? U.data_ptr<T>() : &dummy;
    T* pv = compute_uv ? Vh.data_ptr<T>() : &dummy;
    std::vector<int> iwork(static_cast<size_t>(8 * k));
    T lwork_q = 0;
    int info = 0;
    detail::lapack::gesdd(jobz, im, in, pa, im, ps, pu, ldu, pv, ldvt, &lwork_q, -1, iwork.data(), &info);
    std::vector<T> work(static_cast<size_t>(std::max<T>(lwork_q, 1)));
    for (int64_t i = 0; i < count; ++i) {
      detail::lapack::gesdd(jobz, im, in, pa + i * m * n, im, ps + i * k, compute_uv ? pu + i * m * ucols : pu, ldu,
                            compute_uv ? pv + i * vrows * n : pv, ldvt, work.data(), static_cast<int>(work.size()),
                            iwork.data(), &info);
      XGRAD_CHECK(info == 0,
                  "{}: {}The algorithm failed to converge because the input matrix is ill-conditioned or has too "
                  "many repeated singular values (error code: {}).",
                  op, batch_prefix(A, i), info);
    }
  });
  return {U, S, Vh};
}

/// Q [*, m, qcols] (qcols = m if complete, else k = min(m, n); empty when not wanted) and R
/// [*, rrows, n] of A [*, m, n] (rrows = m if complete, else k).
std::pair<Tensor, Tensor> qr_kernel(const Tensor& A, bool compute_q, bool complete, const char* op) {
  Tensor a = fortran_copy(A);
  const int64_t m = A.size(-2), n = A.size(-1), k = std::min(m, n), count = batch_count(A);
  const std::vector<int64_t> batch = batch_shape(A);
  const int64_t rows = complete ? m : k, qcols = complete ? m : k;
  Tensor R = zeros(with_matrix(batch, rows, n), A.scalar_type());
  Tensor Q = compute_q ? fortran_empty(with_matrix(batch, m, qcols), A.scalar_type()) : empty({0}, A.scalar_type());
  const int im = lapack_int(m, op), in = lapack_int(n, op);
  detail::dispatch_floating(A.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* pa = a.data_ptr<T>();
    T* pr = R.data_ptr<T>();
    std::vector<T> tau(static_cast<size_t>(std::max<int64_t>(k, 1)));
    T lq = 0, lo = 0;
    int info = 0;
    if (k > 0) {
      detail::lapack::geqrf(im, in, pa, im, tau.data(), &lq, -1, &info);
      if (compute_q) detail::lapack::orgqr(im, lapack_int(qcols, op), lapack_int(k, op), pa, im, tau.data(), &lo, -1, &info);
    }
    std::vector<T> work(static_cast<size_t>(std::max<T>(std::max(lq, lo), std::max<T>(m, 1) * 64)));
    const int lwork = static_cast<int>(work.size());
    for (int64_t b = 0; b < count; ++b) {
      T* ma = pa + b * m * n;
      if (k > 0) detail::lapack::geqrf(im, in, ma, im, tau.data(), work.data(), lwork, &info);
      T* mr = pr + b * rows * n;
      for (int64_t i = 0; i < std::min(rows, k); ++i)
        for (int64_t j = i; j < n; ++j) mr[i * n + j] = ma[i + j * m];
      if (!compute_q) continue;
      // orgqr builds Q in place over the reflectors' qcols columns (complete with m > n: past A's n).
      T* mq = Q.data_ptr<T>() + b * m * qcols;
      std::copy(ma, ma + m * std::min(n, qcols), mq);
      if (m > 0 && qcols > 0)
        detail::lapack::orgqr(im, lapack_int(qcols, op), lapack_int(k, op), mq, im, tau.data(), work.data(), lwork,
                              &info);
    }
  });
  return {Q, R};
}

// ---- backward nodes ----

/// gA of det or logabsdet: (their gradient per matrix) times A^-T.
Tensor det_like_backward(const Tensor& scale, const Tensor& A) {
  return scale.unsqueeze(-1).unsqueeze(-1) * mT(linalg::inv(A));
}

// y = det A:  dA = g y A^-T. saved(0) = A, saved(1) = y.
const Derivative<> kLinalgDetBackward0{"LinalgDetBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{det_like_backward(c.grad() * c.saved(1), c.saved(0))};
}};

// (sign, logabsdet) = slogdet A:  dA = g_logabsdet A^-T (sign has no gradient). saved(0) = A.
const Derivative<> kLinalgSlogdetBackward0{"LinalgSlogdetBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor& g = c.grads().at(1);
  return variable_list{g.defined() ? det_like_backward(g, c.saved(0)) : Tensor()};
}};

// X = A^-1:  dA = -X^T g X^T. saved(0) = X.
const Derivative<> kLinalgInvExBackward0{"LinalgInvExBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor Xt = mT(c.saved(0));
  return variable_list{-Xt.matmul(c.grad()).matmul(Xt)};
}};

struct SolveState {
  bool left, vector_case;
};

// A X = B:  dB = A^-T g,  dA = -dB X^T;  X A = B:  dB = g A^-T,  dA = -X^T dB. saved(0) = A, saved(1) = X.
const Derivative<SolveState> kLinalgSolveExBackward0{
    "LinalgSolveExBackward0", [](const BackwardContext& c, const SolveState& s) {
      const Tensor A = c.saved(0), X = c.saved(1);
      const Tensor gB = linalg::solve(mT(A), c.grad(), s.left);
      Tensor gA;
      if (c.needs(0)) {
        const int64_t d = s.left ? -1 : -2;
        const Tensor x = s.vector_case ? X.unsqueeze(d) : X, gb = s.vector_case ? gB.unsqueeze(d) : gB;
        gA = s.left ? -gb.matmul(mT(x)) : -mT(x).matmul(gb);
      }
      return variable_list{gA, c.needs(1) ? gB : Tensor()};
    }};

/// The gradient of A = L L^T from the gradient of L (PyTorch's cholesky_backward).
Tensor cholesky_backward(const Tensor& gL, const Tensor& L) {
  Tensor gA = lower_triangle(mT(L).matmul(gL));
  gA = 0.5 * (gA + mT(lower_triangle(gA, -1)));
  gA = linalg::solve_triangular(mT(L), gA, /*upper=*/true, /*left=*/true, false);
  return linalg::solve_triangular(L, gA, /*upper=*/false, /*left=*/false, false);
}

// A = L L^T. saved(0) = L.
const Derivative<> kLinalgCholeskyExBackward0{
    "LinalgCholeskyExBackward0",
    [](const BackwardContext& c, const NoState&) { return variable_list{cholesky_backward(c.grad(), c.saved(0))}; }};

// The older cholesky: with upper, the output is U = L^T. saved(0) = the output.
const Derivative<bool> kCholeskyBackward0{"CholeskyBackward0", [](const BackwardContext& c, const bool& upper) {
  const Tensor out = c.saved(0);
  return variable_list{upper ? cholesky_backward(mT(c.grad()), mT(out)) : cholesky_backward(c.grad(), out)};
}};

struct TriangularState {
  bool upper, left, unitriangular;
};

/// dA kept to the triangle solve_triangular reads (strict when unitriangular).
Tensor triangle_of(const Tensor& gA, bool upper, bool unitriangular) {
  return upper ? upper_triangle(gA, unitriangular ? 1 : 0) : lower_triangle(gA, unitriangular ? -1 : 0);
}

// A X = B (or X A = B), A triangular:  dB = A^-T g (g A^-T),  dA = -dB X^T (-X^T dB) on A's triangle.
// saved(0) = A, saved(1) = X.
const Derivative<TriangularState> kLinalgSolveTriangularBackward0{
    "LinalgSolveTriangularBackward0", [](const BackwardContext& c, const TriangularState& s) {
      const Tensor A = c.saved(0), X = c.saved(1);
      const Tensor gB = linalg::solve_triangular(mT(A), c.grad(), !s.upper, s.left, s.unitriangular);
      Tensor gA;
      if (c.needs(0)) gA = triangle_of(s.left ? -gB.matmul(mT(X)) : -mT(X).matmul(gB), s.upper, s.unitriangular);
      return variable_list{gA, c.needs(1) ? gB : Tensor()};
    }};

struct TriangularSolveState {
  bool upper, transpose, unitriangular;
};

// The older triangular_solve(B, A): op(A) X = B with op(A) = A or A^T; its second output is a copy
// of A (gradient g_M straight to A). Inputs (B, A); saved(0) = A, saved(1) = X.
const Derivative<TriangularSolveState> kTriangularSolveBackward0{
    "TriangularSolveBackward0", [](const BackwardContext& c, const TriangularSolveState& s) {
      const Tensor A = c.saved(0), X = c.saved(1);
      const Tensor& g = c.grads().at(0);
      const Tensor& gM = c.grads().at(1);
      const Tensor M = s.transpose ? mT(A) : A;
      const bool m_upper = s.upper != s.transpose;
      Tensor gB, gA;
      if (g.defined()) {
        gB = linalg::solve_triangular(mT(M), g, !m_upper, true, s.unitriangular);
        if (c.needs(1)) {
          const Tensor gm = -gB.matmul(mT(X));
          gA = triangle_of(s.transpose ? mT(gm) : gm, s.upper, s.unitriangular);
        }
      }
      if (c.needs(1) && gM.defined()) gA = gA.defined() ? gA + gM : gM;
      return variable_list{c.needs(0) ? gB : Tensor(), gA};
    }};

// X = (L L^T)^-1 B (or (U^T U)^-1 B):  dB = cholesky_solve(g, L),  dL = -(dB X^T + X dB^T) L
// (-U (...) for upper). Inputs (B, L); saved(0) = L, saved(1) = X.
const Derivative<bool> kCholeskySolveBackward0{"CholeskySolveBackward0", [](const BackwardContext& c, const bool& upper) {
  const Tensor L = c.saved(0), X = c.saved(1);
  const Tensor gB = cholesky_solve(c.grad(), L, upper);
  Tensor gL;
  if (c.needs(1)) {
    Tensor common = gB.matmul(mT(X));
    common = common + mT(common);
    gL = upper ? -L.matmul(common) : -common.matmul(L);
  }
  return variable_list{c.needs(0) ? gB : Tensor(), gL};
}};

// Y = (L L^T)^-1:  dL = -Y (g + g^T) Y L (-U Y (g + g^T) Y for upper). saved(0) = L, saved(1) = Y.
const Derivative<bool> kCholeskyInverseBackward0{
    "CholeskyInverseBackward0", [](const BackwardContext& c, const bool& upper) {
      const Tensor L = c.saved(0), Y = c.saved(1);
      const Tensor S = Y.matmul(c.grad() + mT(c.grad())).matmul(Y);
      return variable_list{upper ? -L.matmul(S) : -S.matmul(L)};
    }};

// A = V diag(w) V^T:  dA = V (diag(gw) + skew(V^T gV) / E) V^T, E_ij = w_j - w_i, skew(X) = (X - X^T) / 2.
// saved(0) = w, saved(1) = V (eigvalsh too keeps them, though it does not return them).
const Derivative<> kLinalgEighBackward0{"LinalgEighBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor w = c.saved(0), V = c.saved(1);
  const Tensor& gw = c.grads().at(0);
  const Tensor gV = c.grads().size() > 1 ? c.grads()[1] : Tensor();
  Tensor inner;
  if (gV.defined()) {
    Tensor VtgV = mT(V).matmul(gV);
    VtgV = 0.5 * (VtgV - mT(VtgV));
    const Tensor E = w.unsqueeze(-2) - w.unsqueeze(-1) + eye(w.size(-1), w.scalar_type());
    inner = VtgV / E;
  }
  if (gw.defined()) inner = inner.defined() ? inner + diagonal_matrix(gw) : diagonal_matrix(gw);
  return variable_list{V.matmul(inner).matmul(mT(V))};
}};

/// The gradient of A = U diag(S) Vh (reduced: U [*, m, k], Vh [*, k, n]) from those of U, S, Vh
/// (any may be undefined): Townsend's formula, as PyTorch's svd_backward.
Tensor svd_backward(const Tensor& gU, const Tensor& gS, const Tensor& gVh, const Tensor& U, const Tensor& S,
                    const Tensor& Vh) {
  const int64_t m = U.size(-2), n = Vh.size(-1);
  if (!gU.defined() && !gVh.defined()) return (U * gS.unsqueeze(-2)).matmul(Vh);
  const Tensor V = mT(Vh);
  const Tensor gV = gVh.defined() ? mT(gVh) : Tensor();
  const Tensor S2 = S * S;
  const Tensor E = S2.unsqueeze(-2) - S2.unsqueeze(-1) + eye(S.size(-1), S.scalar_type());  // E_jk = S_k^2 - S_j^2
  Tensor gA;
  if (gU.defined()) {
    const Tensor UtgU = mT(U).matmul(gU);
    gA = (UtgU - mT(UtgU)) * S.unsqueeze(-2);
  }
  if (gV.defined()) {
    const Tensor VtgV = mT(V).matmul(gV);
    const Tensor term = S.unsqueeze(-1) * (VtgV - mT(VtgV));
    gA = gA.defined() ? gA + term : term;
  }
  gA = gA / E;
  if (gS.defined()) gA = gA + diagonal_matrix(gS);
  if (m > n && gU.defined()) {
    const Tensor gUSinv = gU / S.unsqueeze(-2);
    return (U.matmul(gA) + gUSinv - U.matmul(mT(U).matmul(gUSinv))).matmul(Vh);
  }
  if (m < n && gV.defined()) {
    const Tensor gVSinvT = mT(gV / S.unsqueeze(-2));
    return U.matmul(gA.matmul(Vh) + gVSinvT - gVSinvT.matmul(V).matmul(Vh));
  }
  return U.matmul(gA).matmul(Vh);
}

// saved(0) = U, saved(1) = S, saved(2) = Vh (svdvals too keeps U and Vh). With full_matrices,
// only the first k = min(m, n) columns of U and rows of Vh have a gradient, as PyTorch.
const Derivative<bool> kLinalgSvdBackward0{"LinalgSvdBackward0", [](const BackwardContext& c, const bool& full) {
  const Tensor S = c.saved(1);
  const int64_t k = S.size(-1);
  const Tensor& gS = c.grads().at(1);
  Tensor U = c.saved(0), Vh = c.saved(2);
  Tensor gU = c.grads().at(0), gVh = c.grads().at(2);
  if (full) {
    U = U.narrow(-1, 0, k);
    Vh = Vh.narrow(-2, 0, k);
    if (gU.defined()) gU = gU.narrow(-1, 0, k);
    if (gVh.defined()) gVh = gVh.narrow(-2, 0, k);
  }
  return variable_list{svd_backward(gU, gS, gVh, U, S, Vh)};
}};

/// The gradient of A = Q R for m >= n (Q [*, m, n], R [*, n, n]):  (gQ + Q copyltu(M)) R^-T,
/// M = R gR^T - gQ^T Q, copyltu(M) = lower_triangle(M) + lower_triangle(M, -1)^T.
Tensor qr_backward_tall(const Tensor& gQ, const Tensor& gR, const Tensor& Q, const Tensor& R) {
  Tensor M = gR.defined() ? R.matmul(mT(gR)) : zeros_like(R);
  if (gQ.defined()) M = M - mT(gQ).matmul(Q);
  Tensor B = Q.matmul(lower_triangle(M) + mT(lower_triangle(M, -1)));
  if (gQ.defined()) B = B + gQ;
  return linalg::solve_triangular(mT(R), B, /*upper=*/false, /*left=*/false, false);
}

enum class QrMode { Reduced, Complete, R };

// saved(0) = Q, saved(1) = R. A wide A (m < n) is [X | Y] with X = Q U square: V = Q^T Y, so
// dY = Q gV and dX is the square case's with gQ + Y gV^T.
const Derivative<QrMode> kLinalgQrBackward0{"LinalgQrBackward0", [](const BackwardContext& c, const QrMode& mode) {
  XGRAD_CHECK(mode != QrMode::R,
              "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use "
              "linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
  const Tensor Q = c.saved(0), R = c.saved(1);
  const int64_t m = Q.size(-2), n = R.size(-1);
  XGRAD_CHECK(mode != QrMode::Complete || m <= n,
              "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
  const Tensor& gQ = c.grads().at(0);
  const Tensor& gR = c.grads().at(1);
  if (m >= n) return variable_list{qr_backward_tall(gQ, gR, Q, R)};
  const Tensor Y = c.saved(2), U = R.narrow(-1, 0, m);
  const Tensor gU = gR.defined() ? gR.narrow(-1, 0, m) : Tensor();
  const Tensor gV = gR.defined() ? gR.narrow(-1, m, n - m) : Tensor();
  Tensor gQx = gQ;
  if (gV.defined()) gQx = gQx.defined() ? gQx + Y.matmul(mT(gV)) : Y.matmul(mT(gV));
  const Tensor gX = qr_backward_tall(gQx, gU, Q, U);
  const Tensor gY = gV.defined() ? Q.matmul(gV) : zeros_like(Y);
  return variable_list{cat({gX, gY}, -1)};
}};

// dA = exp([[A^T, g], [0, A^T]]) [:n, n:] (the Frechet derivative's adjoint). saved(0) = A.
const Derivative<> kLinalgMatrixExpBackward0{"LinalgMatrixExpBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor At = mT(c.saved(0));
  const int64_t n = At.size(-1);
  const Tensor top = cat({At, c.grad()}, -1), bottom = cat({zeros_like(At), At}, -1);
  return variable_list{linalg::matrix_exp(cat({top, bottom}, -2)).narrow(-2, 0, n).narrow(-1, n, n)};
}};

// P = pinv(A): PyTorch's pinv_backward, in the smaller of A's two shapes. saved(0) = A, saved(1) = P.
const Derivative<> kLinalgPinvBackward0{"LinalgPinvBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor A = c.saved(0), P = c.saved(1), g = c.grad();
  const Tensor Pt = mT(P), gt = mT(g);
  if (A.size(-2) <= A.size(-1)) {
    const Tensor K = gt.matmul(P), KPt = K.matmul(Pt);
    return variable_list{-mT(P.matmul(K)) + KPt - A.matmul(P).matmul(KPt) + Pt.matmul(P).matmul(gt - K.matmul(A))};
  }
  const Tensor K = P.matmul(gt), PtK = Pt.matmul(K);
  return variable_list{-mT(K.matmul(P)) + (gt - A.matmul(K)).matmul(P).matmul(Pt) + PtK - PtK.matmul(P).matmul(A)};
}};

// X = a x b along dim:  da = b x g,  db = g x a. saved(0) = a, saved(1) = b.
const Derivative<int64_t> kLinalgCrossBackward0{"LinalgCrossBackward0", [](const BackwardContext& c, const int64_t& d) {
  return variable_list{c.needs(0) ? linalg::cross(c.saved(1), c.grad(), d) : Tensor(),
                       c.needs(1) ? linalg::cross(c.grad(), c.saved(0), d) : Tensor()};
}};

struct NormState {
  double ord;
  std::vector<int64_t> dims;  // wrapped; empty: every dim
  bool keepdim;
};

/// g (of a reduction over s.dims without keepdim) with the reduced dims put back as size 1.
Tensor unreduce(const Tensor& g, const NormState& s, int64_t ndim) {
  if (s.keepdim) return g;
  if (s.dims.empty()) {
    Tensor out = g;
    for (int64_t i = 0; i < ndim; ++i) out = out.unsqueeze(0);
    return out;
  }
  std::vector<int64_t> dims = s.dims;
  std::sort(dims.begin(), dims.end());
  Tensor out = g;
  for (int64_t d : dims) out = out.unsqueeze(d);
  return out;
}

/// -1, 0 or 1 by x's sign (0 at 0), as a tensor of x's dtype.
Tensor sign_of(const Tensor& x) { return x.gt(0).to(x.scalar_type()) - x.lt(0).to(x.scalar_type()); }

// y = (sum |x|^p)^(1/p):  dx = g x |x|^(p-2) / y^(p-1) (0 where y = 0); p = 1: g sign(x); p = inf or
// -inf: g sign(x) spread evenly over the elements where |x| = y; p = 0: none. saved(0) = x, saved(1) = y.
const Derivative<NormState> kLinalgVectorNormBackward0{
    "LinalgVectorNormBackward0", [](const BackwardContext& c, const NormState& s) {
      const Tensor x = c.saved(0);
      const Tensor y = unreduce(c.saved(1), s, x.dim()), g = unreduce(c.grad(), s, x.dim());
      if (s.ord == 0) return variable_list{zeros_like(x)};
      if (s.ord == 1) return variable_list{g * sign_of(x)};
      if (std::isinf(s.ord)) {
        const Tensor hit = x.abs().eq(y).to(x.scalar_type());
        const Tensor count = s.dims.empty() ? hit.sum() : hit.sum(s.dims, true);
        return variable_list{g * sign_of(x) * hit / count};
      }
      const Tensor safe_y = y + y.eq(0).to(y.scalar_type());  // 0 / 1 where y = 0 (then x = 0 too)
      if (s.ord == 2) return variable_list{g * x / safe_y};
      return variable_list{g * x * x.abs().pow(s.ord - 2) / safe_y.pow(s.ord - 1)};
    }};

// ---- helpers of the forwards ----

/// Whether B is a (batch of) vector(s) for A X = B, as libtorch's linalg.solve decides.
bool solve_vector_case(const Tensor& A, const Tensor& B) {
  if (B.dim() == 1) return true;
  if (B.dim() != A.dim() - 1) return false;
  const auto a = A.sizes(), b = B.sizes();
  return std::equal(b.begin(), b.end(), a.begin());
}

/// matrix_norm's dims wrapped and checked.
std::pair<int64_t, int64_t> matrix_dims(const Tensor& A, IntArrayRef dim, const char* op) {
  XGRAD_CHECK(dim.size() == 2, "{}: dim must be a 2-tuple. Got {}", op, detail::shape_str(dim));
  const int64_t d0 = detail::wrap_dim(dim[0], A.dim(), op), d1 = detail::wrap_dim(dim[1], A.dim(), op);
  XGRAD_CHECK(d0 != d1, "{}: dims must be different. Got ({}, {})", op, dim[0], dim[1]);
  return {d0, d1};
}

/// A with dims d0, d1 moved to the end (in that order).
Tensor move_to_end(const Tensor& A, int64_t d0, int64_t d1) {
  std::vector<int64_t> perm;
  for (int64_t i = 0; i < A.dim(); ++i)
    if (i != d0 && i != d1) perm.push_back(i);
  perm.push_back(d0);
  perm.push_back(d1);
  return A.permute(perm);
}

/// out with size-1 dims put back at d0 and d1 (for keepdim).
Tensor keep_matrix_dims(Tensor out, int64_t d0, int64_t d1) {
  out = out.unsqueeze(std::min(d0, d1));
  return out.unsqueeze(std::max(d0, d1));
}

/// The largest (or smallest) value of t along its last dim.
Tensor last_dim_extreme(const Tensor& t, bool largest) {
  return largest ? std::get<0>(t.max(-1)) : std::get<0>(t.min(-1));
}

Tensor cholesky_impl(const Tensor& A, const char* op) {
  check_square(A, op);
  return cholesky_kernel(A, op);
}

}  // namespace

// ---- determinants and inverses ----

Tensor linalg::det(const Tensor& A) {
  XGRAD_PROFILE_OP("linalg_det");
  check_square(A, "linalg.det");
  Tensor out = lu_det(lu_factor(A, "linalg.det"), A);
  record(kLinalgDetBackward0, {A}).save(A).output(out).save(out);
  return out;
}

std::tuple<Tensor, Tensor> linalg::slogdet(const Tensor& A) {
  XGRAD_PROFILE_OP("linalg_slogdet");
  check_square(A, "linalg.slogdet");
  const Tensor d = lu_det(lu_factor(A, "linalg.slogdet"), A);
  Tensor sign = sign_of(d), logabsdet = d.abs().log();
  record(kLinalgSlogdetBackward0, {A}).save(A).output(sign).output(logabsdet);
  return {sign, logabsdet};
}

Tensor linalg::inv(const Tensor& A) {
  XGRAD_PROFILE_OP("linalg_inv");
  check_square(A, "linalg.inv");
  const int64_t n = A.size(-1);
  const Tensor I = eye(n, A.scalar_type()).expand(A.sizes());
  int64_t singular = -1;
  Tensor X = lu_solve_kernel(A, I, "linalg.inv", &singular);
  if (singular >= 0) {
    // LAPACK's info of that matrix names the zero pivot.
    const Lu f = lu_factor(A.dim() > 2 ? A.reshape({-1, n, n})[singular] : A, "linalg.inv");
    throw Error(fmt::format("linalg.inv: {}The diagonal element {} is zero, the inversion could not be completed "
                            "because the input matrix is singular.",
                            batch_prefix(A, singular), f.info[0]));
  }
  record(kLinalgInvExBackward0, {A}).output(X).save(X);
  return X;
}

Tensor& linalg::inv_out(Tensor& result, const Tensor& A) { return result.copy_(linalg::inv(A)); }

// ---- solves ----

Tensor linalg::solve(const Tensor& A, const Tensor& B, bool left) {
  XGRAD_PROFILE_OP("linalg_solve");
  check_square(A, "linalg.solve");
  XGRAD_CHECK(B.defined(), "linalg.solve: expected B to be defined, but got an undefined tensor");
  check_same_dtype(A, B, "linalg.solve");
  const bool vector_case = solve_vector_case(A, B);
  const Tensor Bm = vector_case ? B.unsqueeze(left ? -1 : -2) : B;
  XGRAD_CHECK(Bm.dim() >= 2 && Bm.size(left ? -2 : -1) == A.size(-1),
              "linalg.solve: Incompatible shapes of A and B for the equation {} ({}x{} and {}x{})",
              left ? "AX = B" : "XA = B", A.size(-2), A.size(-1), Bm.dim() >= 2 ? Bm.size(-2) : Bm.size(0),
              Bm.size(-1));
  // X A = B is A^T X^T = B^T.
  auto [a, b] = broadcast_batches(left ? A : mT(A), left ? Bm : mT(Bm), "linalg.solve");
  int64_t singular = -1;
  Tensor X = lu_solve_kernel(a, b, "linalg.solve", &singular);
  XGRAD_CHECK(singular < 0, "torch.linalg.solve: {}The solver failed because the input matrix is singular.",
              batch_prefix(a, singular));
  if (!left) X = mT(X);
  if (vector_case) X = X.squeeze(left ? -1 : -2);
  record(kLinalgSolveExBackward0, {A, B}, SolveState{left, vector_case}).save(A).output(X).save(X);
  return X;
}

Tensor& linalg::solve_out(Tensor& result, const Tensor& A, const Tensor& B, bool left) {
  return result.copy_(linalg::solve(A, B, left));
}

Tensor linalg::solve_triangular(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular) {
  XGRAD_PROFILE_OP("linalg_solve_triangular");
  const char* op = "linalg.solve_triangular";
  check_square(A, op);
  check_matrices(B, op, "B");
  check_same_dtype(A, B, op);
  XGRAD_CHECK(B.size(left ? -2 : -1) == A.size(-1),
              "{}: Incompatible shapes of A and B for the equation {} ({}x{} and {}x{})", op,
              left ? "AX = B" : "XA = B", A.size(-2), A.size(-1), B.size(-2), B.size(-1));
  // X A = B is A^T X^T = B^T, A^T triangular the other way.
  auto [a, b] = broadcast_batches(left ? A : mT(A), left ? B : mT(B), op);
  Tensor X = triangular_kernel(a, b, left ? upper : !upper, unitriangular, op);
  if (!left) X = mT(X);
  record(kLinalgSolveTriangularBackward0, {A, B}, TriangularState{upper, left, unitriangular})
      .save(A)
      .output(X)
      .save(X);
  return X;
}

std::tuple<Tensor, Tensor> triangular_solve(const Tensor& self, const Tensor& A, bool upper, bool transpose,
                                            bool unitriangular) {
  XGRAD_PROFILE_OP("triangular_solve");
  check_matrices(self, "triangular_solve", "self");
  check_matrices(A, "triangular_solve", "A");
  XGRAD_CHECK(A.size(-1) == A.size(-2) && A.size(-1) == self.size(-2),
              "Incompatible matrix sizes for triangular_solve: each A matrix is {} by {} but each b matrix is {} by {}",
              A.size(-2), A.size(-1), self.size(-2), self.size(-1));
  check_same_dtype(A, self, "triangular_solve");
  auto [a, b] = broadcast_batches(transpose ? mT(A) : A, self, "triangular_solve");
  Tensor X = triangular_kernel(a, b, upper != transpose, unitriangular, "triangular_solve");
  Tensor M = fortran_copy(transpose ? mT(a) : a);
  record(kTriangularSolveBackward0, {self, A}, TriangularSolveState{upper, transpose, unitriangular})
      .save(A)
      .output(X)
      .output(M)
      .save(X);
  return {X, M};
}

// ---- Cholesky ----

Tensor linalg::cholesky(const Tensor& A) {
  XGRAD_PROFILE_OP("linalg_cholesky");
  Tensor L = cholesky_impl(A, "linalg.cholesky");
  record(kLinalgCholeskyExBackward0, {A}).output(L).save(L);
  return L;
}

Tensor linalg::cholesky_out(Tensor& result, const Tensor& A) { return result.copy_(linalg::cholesky(A)); }

Tensor cholesky(const Tensor& self, bool upper) {
  XGRAD_PROFILE_OP("cholesky");
  const Tensor L = cholesky_impl(self, "cholesky");
  Tensor out = upper ? mT(L).contiguous() : L;
  record(kCholeskyBackward0, {self}, upper).output(out).save(out);
  return out;
}

Tensor cholesky_solve(const Tensor& self, const Tensor& input2, bool upper) {
  XGRAD_PROFILE_OP("cholesky_solve");
  check_matrices(self, "cholesky_solve", "self");
  check_matrices(input2, "cholesky_solve", "input2");
  XGRAD_CHECK(input2.size(-1) == input2.size(-2) && input2.size(-1) == self.size(-2),
              "Incompatible matrix sizes for cholesky_solve: each A matrix is {} by {} but each b matrix is {} by {}",
              input2.size(-2), input2.size(-1), self.size(-2), self.size(-1));
  check_same_dtype(input2, self, "cholesky_solve");
  // (L L^T) X = B: L Y = B, then L^T X = Y (U^T Y = B, then U X = Y).
  auto [f, b] = broadcast_batches(input2, self, "cholesky_solve");
  const Tensor y = triangular_kernel(upper ? mT(f) : f, b, false, false, "cholesky_solve");
  Tensor X = triangular_kernel(upper ? f : mT(f), y, true, false, "cholesky_solve");
  record(kCholeskySolveBackward0, {self, input2}, upper).save(input2).output(X).save(X);
  return X;
}

Tensor cholesky_inverse(const Tensor& self, bool upper) {
  XGRAD_PROFILE_OP("cholesky_inverse");
  check_square(self, "cholesky_inverse");
  const Tensor f = upper ? mT(self) : self;  // the lower factor
  const Tensor I = eye(self.size(-1), self.scalar_type()).expand(self.sizes());
  const Tensor y = triangular_kernel(f, I, false, false, "cholesky_inverse");
  Tensor Y = triangular_kernel(mT(f), y, true, false, "cholesky_inverse");
  record(kCholeskyInverseBackward0, {self}, upper).save(self).output(Y).save(Y);
  return Y;
}

// ---- eigh, svd, qr ----

namespace {
char check_uplo(std::string_view uplo) {
  XGRAD_CHECK(uplo.size() == 1 && (uplo[0] == 'L' || uplo[0] == 'U' || uplo[0] == 'l' || uplo[0] == 'u'),
              "Expected UPLO argument to be 'L' or 'U', but got {}", uplo);
  return static_cast<char>(std::toupper(uplo[0]));
}

/// eigh with the eigenvectors, or (eigvalsh) without.
std::pair<Tensor, Tensor> eigh_impl(const Tensor& A, std::string_view uplo, bool vectors) {
  check_square(A, "linalg.eigh");
  const char u = check_uplo(uplo);
  // eigvalsh's gradient needs the eigenvectors too: computed when A requires grad.
  const bool keep = vectors || (GradMode::is_enabled() && A.requires_grad());
  auto [w, V] = eigh_kernel(A, u, keep, vectors ? "linalg.eigh" : "linalg.eigvalsh");
  auto recording = record(kLinalgEighBackward0, {A});
  recording.output(w);
  if (vectors) recording.output(V);
  recording.save(w).save(V);
  return {w, vectors ? V : Tensor()};
}
}  // namespace

std::tuple<Tensor, Tensor> linalg::eigh(const Tensor& A, std::string_view uplo) {
  XGRAD_PROFILE_OP("linalg_eigh");
  auto [w, V] = eigh_impl(A, uplo, true);
  return {w, V};
}

Tensor linalg::eigvalsh(const Tensor& A, std::string_view uplo) {
  XGRAD_PROFILE_OP("linalg_eigvalsh");
  return eigh_impl(A, uplo, false).first;
}

std::tuple<Tensor, Tensor, Tensor> linalg::svd(const Tensor& A, bool full_matrices,
                                               std::optional<std::string_view> /*driver: CUDA only*/) {
  XGRAD_PROFILE_OP("linalg_svd");
  check_matrices(A, "linalg.svd");
  auto [U, S, Vh] = svd_kernel(A, true, full_matrices, "linalg.svd");
  record(kLinalgSvdBackward0, {A}, full_matrices).output(U).output(S).output(Vh).save(U).save(S).save(Vh);
  return {U, S, Vh};
}

Tensor linalg::svdvals(const Tensor& A, std::optional<std::string_view> /*driver: CUDA only*/) {
  XGRAD_PROFILE_OP("linalg_svdvals");
  check_matrices(A, "linalg.svd");
  // The gradient of S alone needs U and Vh: computed only when A requires grad.
  const bool grad = GradMode::is_enabled() && A.requires_grad();
  auto [U, S, Vh] = svd_kernel(A, grad, false, "linalg.svd");
  if (!grad) return S;
  // As PyTorch: svdvals records the SVD's node, whose U and Vh outputs nothing else sees.
  record(kLinalgSvdBackward0, {A}, false).output(U).output(S).output(Vh).save(U).save(S).save(Vh);
  return S;
}

std::tuple<Tensor, Tensor> linalg::qr(const Tensor& A, std::string_view mode) {
  XGRAD_PROFILE_OP("linalg_qr");
  XGRAD_CHECK(mode == "reduced" || mode == "complete" || mode == "r",
              "qr received unrecognized mode '{}' but expected one of 'reduced' (default), 'r', or 'complete'", mode);
  check_matrices(A, "linalg.qr");
  const QrMode m = mode == "reduced" ? QrMode::Reduced : mode == "complete" ? QrMode::Complete : QrMode::R;
  auto [Q, R] = qr_kernel(A, m != QrMode::R, m == QrMode::Complete, "linalg.qr");
  auto recording = record(kLinalgQrBackward0, {A}, m);
  recording.output(Q).output(R).save(Q).save(R);
  // A wide A's backward needs its columns past the first m (see kLinalgQrBackward0).
  if (A.size(-2) < A.size(-1)) recording.save(A.narrow(-1, A.size(-2), A.size(-1) - A.size(-2)));
  return {Q, R};
}

std::tuple<Tensor, Tensor> qr(const Tensor& self, bool some) { return linalg::qr(self, some ? "reduced" : "complete"); }

std::tuple<Tensor, Tensor, Tensor> svd(const Tensor& self, bool some, bool compute_uv) {
  if (!compute_uv) {
    check_matrices(self, "linalg.svd");
    const int64_t m = self.size(-2), n = self.size(-1);
    const std::vector<int64_t> batch = batch_shape(self);
    return {zeros(with_matrix(batch, m, m), self.scalar_type()), linalg::svdvals(self, std::nullopt),
            zeros(with_matrix(batch, n, n), self.scalar_type())};
  }
  auto [U, S, Vh] = linalg::svd(self, !some, std::nullopt);
  return {U, S, mT(Vh)};
}

// ---- built on the decompositions ----

Tensor linalg::pinv(const Tensor& input, double rcond, bool hermitian) {
  XGRAD_PROFILE_OP("linalg_pinv");
  XGRAD_CHECK(input.defined() && input.dim() >= 2 && input.is_floating_point(),
              "linalg.pinv({}{{[{}]}}): expected a tensor with 2 or more dimensions of float, double, cfloat or "
              "cdouble types",
              input.defined() ? toString(input.scalar_type()) : "Undefined",
              input.defined() ? fmt::format("{}", fmt::join(input.sizes(), ", ")) : "");
  Tensor P;
  {
    NoGradGuard no_grad;
    if (hermitian) {
      auto [w, V] = linalg::eigh(input, "L");
      const Tensor aw = w.abs();
      const Tensor cut = last_dim_extreme(aw, true).unsqueeze(-1) * rcond;
      const Tensor keep = aw.gt(cut).to(w.scalar_type());
      const Tensor winv = keep / (w * keep + (1 - keep));  // 1 / w where kept, else 0
      P = (V * winv.unsqueeze(-2)).matmul(mT(V));
    } else {
      auto [U, S, Vh] = linalg::svd(input, false, std::nullopt);
      const Tensor cut = S.size(-1) == 0 ? S.sum({-1}, true) : S.narrow(-1, 0, 1) * rcond;
      const Tensor keep = S.gt(cut).to(S.scalar_type());
      const Tensor sinv = keep / (S * keep + (1 - keep));  // 1 / S where kept, else 0
      P = (mT(Vh) * sinv.unsqueeze(-2)).matmul(mT(U));
    }
  }
  record(kLinalgPinvBackward0, {input}).save(input).output(P).save(P);
  return P;
}

Tensor pinverse(const Tensor& self, double rcond) { return linalg::pinv(self, rcond, false); }

Tensor linalg::matrix_rank(const Tensor& input, std::optional<double> atol, std::optional<double> rtol,
                           bool hermitian) {
  XGRAD_PROFILE_OP("linalg_matrix_rank");
  check_matrices(input, "torch.linalg.matrix_rank", "input");
  NoGradGuard no_grad;
  const Tensor s = hermitian ? linalg::eigvalsh(input, "L").abs() : linalg::svdvals(input, std::nullopt);
  const int64_t m = input.size(-2), n = input.size(-1);
  const double eps = input.scalar_type() == kFloat ? std::numeric_limits<float>::epsilon()
                                                   : std::numeric_limits<double>::epsilon();
  // Neither given: rtol = eps max(m, n); atol alone: rtol = 0.
  const double r = rtol ? *rtol : atol ? 0.0 : eps * static_cast<double>(std::max(m, n));
  const Tensor smax = s.size(-1) == 0 ? zeros(batch_shape(input), s.scalar_type()) : last_dim_extreme(s, true);
  const Tensor tol = (smax * r).clamp_min(atol ? *atol : 0.0);
  return s.gt(tol.unsqueeze(-1)).to(kLong).sum({-1});
}

Tensor linalg::matrix_rank(const Tensor& input, double tol, bool hermitian) {
  return linalg::matrix_rank(input, tol, 0.0, hermitian);
}

Tensor linalg::matrix_power(const Tensor& A, int64_t n) {
  XGRAD_PROFILE_OP("linalg_matrix_power");
  check_square(A, "linalg.matrix_power");
  // As PyTorch: n = 0 is identities copied into a clone (CopyBackwards), n < 0 inverts first, then
  // n = 1 (a clone of A, or the inverse itself), 2, 3 directly and repeated squaring above.
  if (n == 0) return A.clone().copy_(eye(A.size(-1), A.scalar_type()).expand(A.sizes()));
  const bool inverted = n < 0;
  const Tensor a = inverted ? linalg::inv(A) : A;
  n = inverted ? -n : n;
  if (n == 1) return inverted ? a : a.clone();  // the inverse is already a fresh tensor
  if (n == 2) return a.matmul(a);
  if (n == 3) return a.matmul(a).matmul(a);
  Tensor z, result;
  while (n > 0) {
    const bool bit = n % 2 == 1;
    n /= 2;
    z = z.defined() ? z.matmul(z) : a;
    if (bit) result = result.defined() ? result.matmul(z) : z;
  }
  return result;
}

Tensor& linalg::matrix_power_out(const Tensor& A, int64_t n, Tensor& result) {
  return result.copy_(linalg::matrix_power(A, n));
}

Tensor linalg::matrix_exp(const Tensor& A) {
  XGRAD_PROFILE_OP("linalg_matrix_exp");
  check_matrices(A, "matrix_exp");
  XGRAD_CHECK(A.size(-1) == A.size(-2),
              "linalg.matrix_exp: A must be batches of square matrices, but they are {} by {} matrices", A.size(-2),
              A.size(-1));
  Tensor out;
  {
    // Scaling and squaring: exp(A) = exp(A / 2^s)^(2^s) with |A / 2^s|_1 <= 1/2, where the Taylor
    // series to degree 18 is exact to double rounding (2^-19 / 19! < 1e-22).
    NoGradGuard no_grad;
    const Tensor a = A.detach().to(kDouble);
    const Tensor col_sums = a.abs().sum({-2});
    const double norm = col_sums.numel() == 0 ? 0.0 : col_sums.max().item<double>();
    const int s = norm > 0.5 ? static_cast<int>(std::ceil(std::log2(norm / 0.5))) : 0;
    const Tensor b = a / std::ldexp(1.0, s);
    const Tensor I = eye(A.size(-1), kDouble).expand(a.sizes());
    Tensor term = I, sum = I.clone();
    for (int k = 1; k <= 18; ++k) {
      term = term.matmul(b) / static_cast<double>(k);
      sum = sum + term;
    }
    for (int i = 0; i < s; ++i) sum = sum.matmul(sum);
    out = sum.to(A.scalar_type()).contiguous();
  }
  record(kLinalgMatrixExpBackward0, {A}).save(A).output(out);
  return out;
}

Tensor matrix_exp(const Tensor& self) { return linalg::matrix_exp(self); }

Tensor linalg::cross(const Tensor& input, const Tensor& other, int64_t dim) {
  XGRAD_PROFILE_OP("linalg_cross");
  XGRAD_CHECK(input.dim() == other.dim(), "linalg.cross: inputs must have the same number of dimensions.");
  XGRAD_CHECK(input.scalar_type() == other.scalar_type(), "expected scalar type {} but found {}",
              toString(input.scalar_type()), toString(other.scalar_type()));
  const int64_t d = detail::wrap_dim(dim, input.dim(), "linalg.cross");
  XGRAD_CHECK(input.size(d) == 3 && other.size(d) == 3,
              "linalg.cross: inputs dimension {} must have length 3. Got {} and {}", dim, input.size(d),
              other.size(d));
  const std::vector<int64_t> sizes = detail::broadcast_shapes(input.sizes(), other.sizes(), "linalg.cross");
  Tensor out;
  {
    NoGradGuard no_grad;
    const Tensor a = input.detach().expand(sizes), b = other.detach().expand(sizes);
    const auto at = [&](const Tensor& t, int64_t i) { return t.narrow(d, i, 1); };
    out = cat({at(a, 1) * at(b, 2) - at(a, 2) * at(b, 1), at(a, 2) * at(b, 0) - at(a, 0) * at(b, 2),
               at(a, 0) * at(b, 1) - at(a, 1) * at(b, 0)},
              d);
  }
  record(kLinalgCrossBackward0, {input, other}, d).save(input).save(other).output(out);
  return out;
}

Tensor& linalg::cross_out(Tensor& result, const Tensor& input, const Tensor& other, int64_t dim) {
  return result.copy_(linalg::cross(input, other, dim));
}

Tensor cross(const Tensor& self, const Tensor& other, std::optional<int64_t> dim) {
  if (dim) return linalg::cross(self, other, *dim);
  // The first dim of size 3 (libtorch's deprecated default).
  const std::vector<int64_t> sizes = detail::broadcast_shapes(self.sizes(), other.sizes(), "cross");
  for (size_t i = 0; i < sizes.size(); ++i)
    if (sizes[i] == 3) return linalg::cross(self, other, static_cast<int64_t>(i));
  throw Error("no dimension of size 3 in input");
}

Tensor& cross_out(Tensor& out, const Tensor& self, const Tensor& other, std::optional<int64_t> dim) {
  return out.copy_(xgrad::cross(self, other, dim));
}
Tensor& cross_outf(const Tensor& self, const Tensor& other, std::optional<int64_t> dim, Tensor& out) {
  return cross_out(out, self, other, dim);
}

// ---- norms ----

Tensor linalg::vector_norm(const Tensor& input, Scalar ord, std::optional<IntArrayRef> dim, bool keepdim,
                           std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("linalg_vector_norm");
  XGRAD_CHECK(input.defined() && input.is_floating_point(),
              "linalg.vector_norm: Expected a floating point or complex tensor as input. Got {}",
              input.defined() ? toString(input.scalar_type()) : "Undefined");
  const Tensor x = dtype ? input.to(*dtype) : input;
  NormState s{ord.toDouble(), {}, keepdim};
  if (dim && !dim->empty())
    for (int64_t d : *dim) s.dims.push_back(detail::wrap_dim(d, std::max<int64_t>(x.dim(), 1), "linalg.vector_norm"));
  Tensor out;
  {
    NoGradGuard no_grad;
    const Tensor a = x.detach().abs();
    // Reduces along s.dims (every dim when empty) by summing, or by max / min for inf / -inf.
    const auto reduce_sum = [&](const Tensor& t) { return s.dims.empty() ? t.sum() : t.sum(s.dims, keepdim); };
    if (std::isinf(s.ord)) {
      std::vector<int64_t> dims = s.dims;
      if (dims.empty())
        for (int64_t i = 0; i < a.dim(); ++i) dims.push_back(i);
      // The reduced dims moved to the end and flattened into one, reduced by max / min.
      std::vector<int64_t> perm, kept;
      for (int64_t i = 0; i < a.dim(); ++i)
        if (std::find(dims.begin(), dims.end(), i) == dims.end()) {
          perm.push_back(i);
          kept.push_back(a.size(i));
        }
      const std::vector<int64_t> kept_sizes = kept;
      for (int64_t d : dims) perm.push_back(d);
      kept.push_back(-1);
      XGRAD_CHECK(a.numel() > 0, "linalg.vector_norm: Expected a non-empty tensor for ord = inf or -inf");
      out = last_dim_extreme(a.permute(perm).reshape(kept), s.ord > 0).reshape(kept_sizes);
      if (keepdim) {
        std::vector<int64_t> ks = x.sizes().vec();
        for (int64_t d : dims) ks[d] = 1;
        out = out.reshape(ks);
      }
    } else if (s.ord == 0) {
      out = reduce_sum(a.ne(0).to(a.scalar_type()));
    } else if (s.ord == 1) {
      out = reduce_sum(a);
    } else if (s.ord == 2) {
      out = reduce_sum(a * a).sqrt();
    } else {
      out = reduce_sum(a.pow(s.ord)).pow(1.0 / s.ord);
    }
    if (s.dims.empty() && keepdim && !std::isinf(s.ord)) {
      std::vector<int64_t> ks(x.dim(), 1);
      out = out.reshape(ks);
    }
  }
  record(kLinalgVectorNormBackward0, {x}, s).save(x).output(out).save(out);
  return out;
}

Tensor linalg::matrix_norm(const Tensor& input, const Scalar& ord, IntArrayRef dim, bool keepdim,
                           std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("linalg_matrix_norm");
  const char* op = "linalg.matrix_norm";
  check_matrices(input, op);
  const double p = ord.toDouble();
  XGRAD_CHECK(p == 1 || p == -1 || p == 2 || p == -2 || std::isinf(p), "{}: Order {} not supported.", op,
              ord.type() == kLong ? fmt::format("{}", ord.to<int64_t>()) : fmt::format("{}", p));
  const auto [d0, d1] = matrix_dims(input, dim, op);
  const Tensor A = move_to_end(dtype ? input.to(*dtype) : input, d0, d1);
  Tensor out;
  if (p == 2 || p == -2) {
    out = last_dim_extreme(linalg::svdvals(A, std::nullopt), p > 0);
  } else {
    // 1: the largest column sum of |A|, inf: the largest row sum (-1, -inf: the smallest).
    const Tensor sums = A.abs().sum({std::isinf(p) ? -1 : -2});
    out = last_dim_extreme(sums, p > 0);
  }
  return keepdim ? keep_matrix_dims(out, d0, d1) : out;
}

Tensor linalg::matrix_norm(const Tensor& input, std::string ord, IntArrayRef dim, bool keepdim,
                           std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("linalg_matrix_norm");
  const char* op = "linalg.matrix_norm";
  check_matrices(input, op);
  XGRAD_CHECK(ord == "fro" || ord == "nuc", "{}: Order {} not supported.", op, ord);
  const auto [d0, d1] = matrix_dims(input, dim, op);
  if (ord == "fro") return linalg::vector_norm(input, 2, IntArrayRef({d0, d1}), keepdim, dtype);
  const Tensor A = move_to_end(dtype ? input.to(*dtype) : input, d0, d1);
  const Tensor out = linalg::svdvals(A, std::nullopt).sum({-1});
  return keepdim ? keep_matrix_dims(out, d0, d1) : out;
}

Tensor linalg::norm(const Tensor& input, const std::optional<Scalar>& ord, std::optional<IntArrayRef> dim,
                    bool keepdim, std::optional<ScalarType> dtype) {
  if (dim) {
    XGRAD_CHECK(dim->size() == 1 || dim->size() == 2,
                "linalg.norm: If dim is specified, it must be of length 1 or 2. Got {}", detail::shape_str(*dim));
  } else if (ord) {
    XGRAD_CHECK(input.dim() == 1 || input.dim() == 2,
                "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {}D.", input.dim());
  }
  const bool matrix = ord && (dim ? dim->size() == 2 : input.dim() == 2);
  if (matrix) return linalg::matrix_norm(input, *ord, dim ? *dim : IntArrayRef({-2, -1}), keepdim, dtype);
  return linalg::vector_norm(input, ord ? *ord : Scalar(2), dim, keepdim, dtype);
}

Tensor linalg::norm(const Tensor& input, std::string_view ord, std::optional<IntArrayRef> dim, bool keepdim,
                    std::optional<ScalarType> dtype) {
  if (dim) {
    XGRAD_CHECK(dim->size() == 1 || dim->size() == 2,
                "linalg.norm: If dim is specified, it must be of length 1 or 2. Got {}", detail::shape_str(*dim));
  } else {
    XGRAD_CHECK(input.dim() == 1 || input.dim() == 2,
                "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {}D.", input.dim());
  }
  return linalg::matrix_norm(input, std::string(ord), dim ? *dim : IntArrayRef({-2, -1}), keepdim, dtype);
}

Tensor nuclear_norm(const Tensor& self, bool keepdim) {
  XGRAD_CHECK(self.dim() == 2, "Expected a tensor with 2 dimensions, but got a tensor with {} dimension{} instead.",
              self.dim(), self.dim() == 1 ? "" : "s");
  return linalg::matrix_norm(self, std::string("nuc"), {-2, -1}, keepdim, std::nullopt);
}
Tensor nuclear_norm(const Tensor& self, IntArrayRef dim, bool keepdim) {
  return linalg::matrix_norm(self, std::string("nuc"), dim, keepdim, std::nullopt);
}
Tensor& nuclear_norm_out(Tensor& out, const Tensor& self, bool keepdim) {
  return out.copy_(xgrad::nuclear_norm(self, keepdim));
}
Tensor& nuclear_norm_outf(const Tensor& self, bool keepdim, Tensor& out) { return nuclear_norm_out(out, self, keepdim); }
Tensor& nuclear_norm_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim) {
  return out.copy_(xgrad::nuclear_norm(self, dim, keepdim));
}
Tensor& nuclear_norm_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out) {
  return nuclear_norm_out(out, self, dim, keepdim);
}

// ---- products and tensor forms ----

Tensor linalg::multi_dot(TensorList tensors) {
  XGRAD_PROFILE_OP("linalg_multi_dot");
  const size_t n = tensors.size();
  XGRAD_CHECK(n >= 2, "multi_dot(): expected at least 2 tensors but got {}", n);
  const Tensor& first = tensors[0];
  const Tensor& last = tensors[n - 1];
  XGRAD_CHECK(first.dim() == 1 || first.dim() == 2, "multi_dot(): the first tensor must be 1D or 2D but got {}D",
              first.dim());
  XGRAD_CHECK(last.dim() == 1 || last.dim() == 2, "multi_dot(): the last tensor must be 1D or 2D but got {}D",
              last.dim());
  for (size_t i = 1; i + 1 < n; ++i)
    XGRAD_CHECK(tensors[i].dim() == 2, "multi_dot(): tensor {} must be 2D but got {}D", i, tensors[i].dim());
  std::vector<Tensor> mats;
  for (size_t i = 0; i < n; ++i) {
    const Tensor& t = tensors[i];
    mats.push_back(i == 0 && t.dim() == 1 ? t.unsqueeze(0) : i == n - 1 && t.dim() == 1 ? t.unsqueeze(1) : t);
  }
  for (size_t i = 0; i + 1 < n; ++i)
    XGRAD_CHECK(mats[i].size(1) == mats[i + 1].size(0),
                "multi_dot(): tensors {} and {} with shapes {} and {} cannot be multiplied", i, i + 1,
                detail::shape_str(mats[i].sizes()), detail::shape_str(mats[i + 1].sizes()));
  Tensor out = mats[0];
  for (size_t i = 1; i < n; ++i) out = out.mm(mats[i]);
  if (first.dim() == 1 && last.dim() == 1) return out.view({});
  if (first.dim() == 1) return out.view({out.size(1)});
  if (last.dim() == 1) return out.view({out.size(0)});
  return out;
}

Tensor linalg::vecdot(const Tensor& x, const Tensor& y, int64_t dim) {
  XGRAD_CHECK(x.scalar_type() == y.scalar_type(),
              "linalg.vecdot: Expected x and y to have the same dtype, but found x of type {} and y of type {} instead",
              toString(x.scalar_type()), toString(y.scalar_type()));
  return (x * y).sum({dim});
}

Tensor linalg::matmul(const Tensor& input, const Tensor& other) { return xgrad::matmul(input, other); }

Tensor linalg::tensorinv(const Tensor& self, int64_t ind) {
  XGRAD_CHECK(ind > 0, "Expected a strictly positive integer for 'ind', but got {}", ind);
  XGRAD_CHECK(ind <= self.dim(), "Expected ind to be at most the number of dimensions {}, but got {}", self.dim(), ind);
  const auto sizes = self.sizes();
  const std::vector<int64_t> rows(sizes.begin(), sizes.begin() + ind), cols(sizes.begin() + ind, sizes.end());
  const int64_t p = product_of(rows), q = product_of(cols);
  XGRAD_CHECK(p == q,
              "Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got {} "
              "!= {}",
              q, p);
  std::vector<int64_t> out_sizes = cols;
  out_sizes.insert(out_sizes.end(), rows.begin(), rows.end());
  return linalg::inv(self.reshape({p, q})).reshape(out_sizes);
}

Tensor linalg::tensorsolve(const Tensor& self, const Tensor& other, std::optional<IntArrayRef> dims) {
  Tensor a = self;
  if (dims) {
    std::vector<int64_t> moved, perm;
    for (int64_t d : *dims) moved.push_back(detail::wrap_dim(d, self.dim(), "linalg.tensorsolve"));
    for (int64_t i = 0; i < self.dim(); ++i)
      if (std::find(moved.begin(), moved.end(), i) == moved.end()) perm.push_back(i);
    perm.insert(perm.end(), moved.begin(), moved.end());
    a = self.permute(perm);
  }
  const auto sizes = a.sizes();
  const int64_t nd = std::min<int64_t>(other.dim(), a.dim());
  const std::vector<int64_t> result_sizes(sizes.begin() + nd, sizes.end());
  const int64_t rows = product_of(std::vector<int64_t>(sizes.begin(), sizes.begin() + nd)), cols = product_of(result_sizes);
  XGRAD_CHECK(rows == cols,
              "Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
              "but got {} != {}",
              cols, rows);
  return linalg::solve(a.reshape({rows, cols}), other.reshape({rows}), true).reshape(result_sizes);
}

// ---- libtorch's older spellings ----

Tensor det(const Tensor& self) { return linalg::det(self); }

std::tuple<Tensor, Tensor> slogdet(const Tensor& self) { return linalg::slogdet(self); }
std::tuple<Tensor&, Tensor&> slogdet_out(Tensor& sign, Tensor& logabsdet, const Tensor& self) {
  auto [s, l] = linalg::slogdet(self);
  sign.copy_(s);
  logabsdet.copy_(l);
  return {sign, logabsdet};
}
std::tuple<Tensor&, Tensor&> slogdet_outf(const Tensor& self, Tensor& sign, Tensor& logabsdet) {
  return slogdet_out(sign, logabsdet, self);
}

Tensor logdet(const Tensor& self) {
  check_square(self, "logdet");
  // log|det| plus log(sign): + 0 for a positive determinant, NaN for a negative one, -inf at 0.
  auto [sign, logabsdet] = linalg::slogdet(self);
  return logabsdet + sign.log();
}

Tensor inverse(const Tensor& self) { return linalg::inv(self); }
Tensor& inverse_out(Tensor& out, const Tensor& self) { return out.copy_(linalg::inv(self)); }
Tensor& inverse_outf(const Tensor& self, Tensor& out) { return inverse_out(out, self); }

Tensor& cholesky_out(Tensor& out, const Tensor& self, bool upper) { return out.copy_(xgrad::cholesky(self, upper)); }
Tensor& cholesky_outf(const Tensor& self, bool upper, Tensor& out) { return cholesky_out(out, self, upper); }
Tensor& cholesky_inverse_out(Tensor& out, const Tensor& self, bool upper) {
  return out.copy_(xgrad::cholesky_inverse(self, upper));
}
Tensor& cholesky_inverse_outf(const Tensor& self, bool upper, Tensor& out) {
  return cholesky_inverse_out(out, self, upper);
}
Tensor& cholesky_solve_out(Tensor& out, const Tensor& self, const Tensor& input2, bool upper) {
  return out.copy_(xgrad::cholesky_solve(self, input2, upper));
}
Tensor& cholesky_solve_outf(const Tensor& self, const Tensor& input2, bool upper, Tensor& out) {
  return cholesky_solve_out(out, self, input2, upper);
}

std::tuple<Tensor&, Tensor&> triangular_solve_out(Tensor& X, Tensor& M, const Tensor& self, const Tensor& A,
                                                  bool upper, bool transpose, bool unitriangular) {
  auto [x, m] = xgrad::triangular_solve(self, A, upper, transpose, unitriangular);
  X.copy_(x);
  M.copy_(m);
  return {X, M};
}
std::tuple<Tensor&, Tensor&> triangular_solve_outf(const Tensor& self, const Tensor& A, bool upper, bool transpose,
                                                   bool unitriangular, Tensor& X, Tensor& M) {
  return triangular_solve_out(X, M, self, A, upper, transpose, unitriangular);
}

std::tuple<Tensor&, Tensor&> qr_out(Tensor& Q, Tensor& R, const Tensor& self, bool some) {
  auto [q, r] = xgrad::qr(self, some);
  Q.copy_(q);
  R.copy_(r);
  return {Q, R};
}
std::tuple<Tensor&, Tensor&> qr_outf(const Tensor& self, bool some, Tensor& Q, Tensor& R) {
  return qr_out(Q, R, self, some);
}

std::tuple<Tensor&, Tensor&, Tensor&> svd_out(Tensor& U, Tensor& S, Tensor& V, const Tensor& self, bool some,
                                              bool compute_uv) {
  auto [u, s, v] = xgrad::svd(self, some, compute_uv);
  U.copy_(u);
  S.copy_(s);
  V.copy_(v);
  return {U, S, V};
}
std::tuple<Tensor&, Tensor&, Tensor&> svd_outf(const Tensor& self, bool some, bool compute_uv, Tensor& U, Tensor& S,
                                               Tensor& V) {
  return svd_out(U, S, V, self, some, compute_uv);
}

Tensor matrix_power(const Tensor& self, int64_t n) { return linalg::matrix_power(self, n); }
Tensor& matrix_power_out(Tensor& out, const Tensor& self, int64_t n) {
  return out.copy_(linalg::matrix_power(self, n));
}
Tensor& matrix_power_outf(const Tensor& self, int64_t n, Tensor& out) { return matrix_power_out(out, self, n); }

Tensor Tensor::det() const { return xgrad::det(*this); }
Tensor Tensor::logdet() const { return xgrad::logdet(*this); }
std::tuple<Tensor, Tensor> Tensor::slogdet() const { return xgrad::slogdet(*this); }
Tensor Tensor::inverse() const { return xgrad::inverse(*this); }
Tensor Tensor::cholesky(bool upper) const { return xgrad::cholesky(*this, upper); }
Tensor Tensor::cholesky_inverse(bool upper) const { return xgrad::cholesky_inverse(*this, upper); }
Tensor Tensor::cholesky_solve(const Tensor& input2, bool upper) const {
  return xgrad::cholesky_solve(*this, input2, upper);
}
std::tuple<Tensor, Tensor> Tensor::triangular_solve(const Tensor& A, bool upper, bool transpose,
                                                    bool unitriangular) const {
  return xgrad::triangular_solve(*this, A, upper, transpose, unitriangular);
}
std::tuple<Tensor, Tensor> Tensor::qr(bool some) const { return xgrad::qr(*this, some); }
std::tuple<Tensor, Tensor, Tensor> Tensor::svd(bool some, bool compute_uv) const {
  return xgrad::svd(*this, some, compute_uv);
}
Tensor Tensor::pinverse(double rcond) const { return xgrad::pinverse(*this, rcond); }
Tensor Tensor::matrix_power(int64_t n) const { return xgrad::matrix_power(*this, n); }
Tensor Tensor::matrix_exp() const { return xgrad::matrix_exp(*this); }
Tensor Tensor::cross(const Tensor& other, std::optional<int64_t> dim) const { return xgrad::cross(*this, other, dim); }

}  // namespace xgrad
