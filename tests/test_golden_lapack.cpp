// Golden cases of the linear algebra family (tests/golden/generate_lapack.py writes lapack.json):
// values, every input's gradient and the graph's node names against PyTorch 1.13.1's. Ops whose
// results are unique only up to signs enter through gauge-invariant functions (see the generator).
#include <doctest/doctest.h>
#include <xgrad/linalg.h>
#include <xgrad/xgrad.h>

#include <map>
#include <string>

#include "golden_ops.h"

namespace {

using namespace golden;
using xgrad::Tensor;

Tensor mT(const Tensor& t) { return t.transpose(-2, -1); }

const OpTable& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  namespace la = xgrad::linalg;
  static const OpTable table = {
      {"det", unary(la::det)},
      {"slogdet", {1, [](A, X x) -> Tensors {
                     auto [sign, logabsdet] = la::slogdet(x[0]);
                     return {logabsdet, sign};
                   }}},
      {"inv", unary(la::inv)},
      {"solve", {2, [](A a, X x) -> Tensors { return {la::solve(x[0], x[1], a.b("left"))}; }}},
      {"cholesky", unary(la::cholesky)},
      {"cholesky_upper", {1, [](A, X x) -> Tensors { return {xg::cholesky(x[0], true)}; }}},
      {"cholesky_solve", {2, [](A a, X x) -> Tensors { return {xg::cholesky_solve(x[0], x[1], a.b("upper"))}; }}},
      {"cholesky_inverse", {1, [](A a, X x) -> Tensors { return {xg::cholesky_inverse(x[0], a.b("upper"))}; }}},
      {"solve_triangular",
       {2, [](A a, X x) -> Tensors {
          return {la::solve_triangular(x[0], x[1], a.b("upper"), a.b("left"), a.b("unitriangular"))};
        }}},
      {"triangular_solve",
       {2, [](A a, X x) -> Tensors { return pair(xg::triangular_solve(x[0], x[1], a.b("upper"), a.b("transpose"))); }}},
      {"eigvalsh", {1, [](A a, X x) -> Tensors { return {la::eigvalsh(x[0], a.s("uplo"))}; }}},
      {"eigh_vsq", {1, [](A a, X x) -> Tensors { return {std::get<1>(la::eigh(x[0], a.s("uplo"))).square()}; }}},
      {"svdvals", {1, [](A, X x) -> Tensors { return {la::svdvals(x[0], std::nullopt)}; }}},
      {"svd_polar", {1, [](A, X x) -> Tensors {
                       auto [U, S, Vh] = la::svd(x[0], false, std::nullopt);
                       return {U.matmul(Vh)};
                     }}},
      {"qr_projector", {1, [](A, X x) -> Tensors {
                          auto [Q, R] = la::qr(x[0], "reduced");
                          return {Q.matmul(mT(Q))};
                        }}},
      {"qr_gram", {1, [](A, X x) -> Tensors {
                     auto [Q, R] = la::qr(x[0], "reduced");
                     return {mT(R).matmul(R)};
                   }}},
      {"pinv", {1, [](A, X x) -> Tensors { return {la::pinv(x[0], 1e-15, false)}; }}},
      {"matrix_power", {1, [](A a, X x) -> Tensors { return {la::matrix_power(x[0], a.i("n"))}; }}},
      {"matrix_exp", unary(la::matrix_exp)},
      {"cross", {2, [](A a, X x) -> Tensors { return {la::cross(x[0], x[1], a.i("dim"))}; }}},
      {"vector_norm", {1, [](A a, X x) -> Tensors {
                         const bool all = a["dim"].is_null();
                         const std::vector<int64_t> dims = all ? std::vector<int64_t>{} : a.ints("dim");
                         return {la::vector_norm(x[0], a.scalar("ord"),
                                                 all ? std::nullopt : std::optional<xg::IntArrayRef>(dims),
                                                 a.b("keepdim"), std::nullopt)};
                       }}},
      {"matrix_norm_fro", {1, [](A, X x) -> Tensors { return {xg::linalg_matrix_norm(x[0])}; }}},
      {"matrix_norm_nuc", {1, [](A, X x) -> Tensors { return {xg::linalg_matrix_norm(x[0], "nuc")}; }}},
      {"addbmm", {3, [](A a, X x) -> Tensors {
                    return {xg::addbmm(x[0], x[1], x[2], a.scalar("beta"), a.scalar("alpha"))};
                  }}},
      {"baddbmm", {3, [](A a, X x) -> Tensors {
                     return {xg::baddbmm(x[0], x[1], x[2], a.scalar("beta"), a.scalar("alpha"))};
                   }}},
  };
  return table;
}

}  // namespace

TEST_CASE("golden: lapack") { run_family("lapack", op_table()); }

TEST_CASE("golden: every lapack op in the table has a case") { check_table_covered({"lapack"}, op_table()); }
