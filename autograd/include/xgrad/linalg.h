#pragma once
// torch::linalg: decompositions, solves and norms of batches of matrices [*, m, n], and their at::
// spellings (linalg_det, linalg_solve, ...). Defined in autograd/src/ops/lapack.cpp with their
// backwards; float and double, as libtorch's (no complex dtypes in xgrad, so no eig / eigvals).
// As libtorch's torch::linalg functions, these take every argument; the at:: spellings below have
// libtorch's defaults.
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace linalg {

Tensor det(const Tensor& A);
/// sign(det(A)) and log|det(A)|.
std::tuple<Tensor, Tensor> slogdet(const Tensor& A);
Tensor inv(const Tensor& A);
Tensor& inv_out(Tensor& result, const Tensor& A);
/// X with A X = B (left) or X A = B; B may be a (batch of) vector(s); batches broadcast.
Tensor solve(const Tensor& A, const Tensor& B, bool left);
Tensor& solve_out(Tensor& result, const Tensor& A, const Tensor& B, bool left);
/// L with A = L L^T (A symmetric positive-definite; only its lower triangle is read).
Tensor cholesky(const Tensor& A);
Tensor cholesky_out(Tensor& result, const Tensor& A);
/// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of symmetric A, from its uplo triangle.
std::tuple<Tensor, Tensor> eigh(const Tensor& A, std::string_view uplo);
Tensor eigvalsh(const Tensor& A, std::string_view uplo);
/// U, S (descending), Vh with A = U diag(S) Vh; full_matrices gives square U and Vh.
std::tuple<Tensor, Tensor, Tensor> svd(const Tensor& A, bool full_matrices, std::optional<std::string_view> driver);
Tensor svdvals(const Tensor& A, std::optional<std::string_view> driver);
/// Q and R with A = Q R; mode "reduced", "complete" or "r" (R only, Q empty).
std::tuple<Tensor, Tensor> qr(const Tensor& A, std::string_view mode);
/// X with A X = B (left) or X A = B for triangular A.
Tensor solve_triangular(const Tensor& A, const Tensor& B, bool upper, bool left, bool unitriangular);
Tensor matrix_power(const Tensor& A, int64_t n);
Tensor& matrix_power_out(const Tensor& A, int64_t n, Tensor& result);
Tensor matrix_exp(const Tensor& A);
/// The cross product of 3-vectors along dim (batches broadcast).
Tensor cross(const Tensor& input, const Tensor& other, int64_t dim);
Tensor& cross_out(Tensor& result, const Tensor& input, const Tensor& other, int64_t dim);
/// (sum |x|^ord)^(1/ord) over dim (every element by default); ord inf / -inf: max / min |x|, 0: the
/// count of non-zeros.
Tensor vector_norm(const Tensor& input, Scalar ord, std::optional<IntArrayRef> dim, bool keepdim,
                   std::optional<ScalarType> dtype);
/// ord "fro", "nuc", or 1, -1, 2, -2, inf, -inf, over the two dims.
Tensor matrix_norm(const Tensor& input, const Scalar& ord, IntArrayRef dim, bool keepdim,
                   std::optional<ScalarType> dtype);
Tensor matrix_norm(const Tensor& input, std::string ord, IntArrayRef dim, bool keepdim,
                   std::optional<ScalarType> dtype);
/// vector_norm for a vector or no ord (over every element), matrix_norm for two dims.
Tensor norm(const Tensor& input, const std::optional<Scalar>& ord, std::optional<IntArrayRef> dim, bool keepdim,
            std::optional<ScalarType> dtype);
Tensor norm(const Tensor& input, std::string_view ord, std::optional<IntArrayRef> dim, bool keepdim,
            std::optional<ScalarType> dtype);
/// The pseudo-inverse, through the SVD (or eigh when hermitian): singular values at most
/// rcond * the largest count as zero.
Tensor pinv(const Tensor& input, double rcond, bool hermitian);
/// The number of singular values above tol (above the largest times eps * max(m, n) when tol is absent).
Tensor matrix_rank(const Tensor& input, double tol, bool hermitian);
Tensor matrix_rank(const Tensor& input, std::optional<double> atol, std::optional<double> rtol, bool hermitian);
/// The product of the matrices, the first and the last may be vectors.
Tensor multi_dot(TensorList tensors);
/// sum(x * y) along dim (batches broadcast).
Tensor vecdot(const Tensor& x, const Tensor& y, int64_t dim);
Tensor matmul(const Tensor& input, const Tensor& other);
/// The inverse of self seen as a linear map from its first ind dims to the rest.
Tensor tensorinv(const Tensor& self, int64_t ind);
/// X with tensordot(self, X, X.dim()) = other.
Tensor tensorsolve(const Tensor& self, const Tensor& other, std::optional<IntArrayRef> dims);

}  // namespace linalg

// ---- at:: spellings of torch::linalg (libtorch's defaults) ----
inline Tensor linalg_det(const Tensor& A) { return linalg::det(A); }
inline std::tuple<Tensor, Tensor> linalg_slogdet(const Tensor& A) { return linalg::slogdet(A); }
inline Tensor linalg_inv(const Tensor& A) { return linalg::inv(A); }
inline Tensor linalg_solve(const Tensor& A, const Tensor& B, bool left = true) { return linalg::solve(A, B, left); }
inline Tensor linalg_cholesky(const Tensor& self, bool upper = false) {
  return upper ? linalg::cholesky(self).transpose(-2, -1) : linalg::cholesky(self);
}
inline std::tuple<Tensor, Tensor> linalg_eigh(const Tensor& self, std::string_view UPLO = "L") {
  return linalg::eigh(self, UPLO);
}
inline Tensor linalg_eigvalsh(const Tensor& self, std::string_view UPLO = "L") { return linalg::eigvalsh(self, UPLO); }
inline std::tuple<Tensor, Tensor, Tensor> linalg_svd(const Tensor& A, bool full_matrices = true,
                                                     std::optional<std::string_view> driver = std::nullopt) {
  return linalg::svd(A, full_matrices, driver);
}
inline Tensor linalg_svdvals(const Tensor& A, std::optional<std::string_view> driver = std::nullopt) {
  return linalg::svdvals(A, driver);
}
inline std::tuple<Tensor, Tensor> linalg_qr(const Tensor& A, std::string_view mode = "reduced") {
  return linalg::qr(A, mode);
}
inline Tensor linalg_solve_triangular(const Tensor& self, const Tensor& B, bool upper, bool left = true,
                                      bool unitriangular = false) {
  return linalg::solve_triangular(self, B, upper, left, unitriangular);
}
inline Tensor linalg_matrix_power(const Tensor& self, int64_t n) { return linalg::matrix_power(self, n); }
inline Tensor linalg_matrix_exp(const Tensor& self) { return linalg::matrix_exp(self); }
inline Tensor linalg_cross(const Tensor& self, const Tensor& other, int64_t dim = -1) {
  return linalg::cross(self, other, dim);
}
inline Tensor linalg_vector_norm(const Tensor& self, const Scalar& ord = 2,
                                 std::optional<IntArrayRef> dim = std::nullopt, bool keepdim = false,
                                 std::optional<ScalarType> dtype = std::nullopt) {
  return linalg::vector_norm(self, ord, dim, keepdim, dtype);
}
inline Tensor linalg_matrix_norm(const Tensor& self, const Scalar& ord, IntArrayRef dim = {-2, -1},
                                 bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) {
  return linalg::matrix_norm(self, ord, dim, keepdim, dtype);
}
inline Tensor linalg_matrix_norm(const Tensor& self, std::string_view ord = "fro", IntArrayRef dim = {-2, -1},
                                 bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) {
  return linalg::matrix_norm(self, std::string(ord), dim, keepdim, dtype);
}
inline Tensor linalg_norm(const Tensor& self, const std::optional<Scalar>& ord = std::nullopt,
                          std::optional<IntArrayRef> dim = std::nullopt, bool keepdim = false,
                          std::optional<ScalarType> dtype = std::nullopt) {
  return linalg::norm(self, ord, dim, keepdim, dtype);
}
inline Tensor linalg_norm(const Tensor& self, std::string_view ord, std::optional<IntArrayRef> dim = std::nullopt,
                          bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) {
  return linalg::norm(self, ord, dim, keepdim, dtype);
}
inline Tensor linalg_pinv(const Tensor& self, double rcond, bool hermitian = false) {
  return linalg::pinv(self, rcond, hermitian);
}
inline Tensor linalg_matrix_rank(const Tensor& self, double tol, bool hermitian = false) {
  return linalg::matrix_rank(self, tol, hermitian);
}
inline Tensor linalg_matrix_rank(const Tensor& self, std::optional<double> atol, std::optional<double> rtol,
                                 bool hermitian = false) {
  return linalg::matrix_rank(self, atol, rtol, hermitian);
}
inline Tensor linalg_multi_dot(TensorList tensors) { return linalg::multi_dot(tensors); }
inline Tensor linalg_vecdot(const Tensor& x, const Tensor& y, int64_t dim = -1) { return linalg::vecdot(x, y, dim); }
inline Tensor linalg_matmul(const Tensor& self, const Tensor& other) { return linalg::matmul(self, other); }
inline Tensor linalg_tensorinv(const Tensor& self, int64_t ind = 2) { return linalg::tensorinv(self, ind); }
inline Tensor linalg_tensorsolve(const Tensor& self, const Tensor& other,
                                 std::optional<IntArrayRef> dims = std::nullopt) {
  return linalg::tensorsolve(self, other, dims);
}

}  // namespace xgrad
