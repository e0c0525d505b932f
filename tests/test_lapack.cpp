// Linear algebra (ops/lapack.cpp, and addbmm / baddbmm / in-place products in ops/linalg.cpp): values
// against PyTorch 1.13.1's (printed by /usr/bin/python3) or against the decomposition's defining
// identities, node names, gradcheck in double (gauge-invariant functions of the decompositions that
// are unique only up to signs), batching, and libtorch's error texts.
#include <doctest/doctest.h>

#include <xgrad/linalg.h>
#include <xgrad/xgrad.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;
namespace linalg = xgrad::linalg;

namespace {

/// The symmetric positive-definite matrix of the values checks.
Tensor spd3() { return xgrad::tensor({{2., 1., 0.}, {1., 3., 1.}, {0., 1., 4.}}, xgrad::kDouble); }
Tensor n2() { return xgrad::tensor({{1., 2.}, {3., 4.}}, xgrad::kDouble); }

/// x x^T + n I for a batch of square x: symmetric positive-definite, differentiable in x.
Tensor make_spd(const Tensor& x) {
  return x.matmul(x.transpose(-2, -1)) + x.size(-1) * xgrad::eye(x.size(-1), xgrad::kDouble);
}

/// x + x^T: symmetric, differentiable in x.
Tensor make_sym(const Tensor& x) { return x + x.transpose(-2, -1); }

/// A well-conditioned random square matrix (a leaf): randn plus n on the diagonal.
Tensor square_leaf(const S& sizes) {
  const int64_t n = sizes.back();
  return (xgrad::randn(sizes, xgrad::kDouble) + n * xgrad::eye(n, xgrad::kDouble)).detach().requires_grad_();
}

/// 1 on and below (lower) or on and above (upper) the diagonal.
Tensor tri_mask(int64_t n, bool upper) {
  Tensor m = xgrad::zeros({n, n}, xgrad::kDouble);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      if (upper ? j >= i : j <= i) m[i][j] = 1.0;
  return m;
}

/// 1 strictly below the diagonal of a rows x cols matrix.
Tensor strict_lower(int64_t rows, int64_t cols) {
  Tensor m = xgrad::zeros({rows, cols}, xgrad::kDouble);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < std::min(i, cols); ++j) m[i][j] = 1.0;
  return m;
}

/// |a - b| <= tol everywhere (same shape).
void check_near(const Tensor& a, const Tensor& b, double tol = 1e-10) {
  REQUIRE(a.sizes().vec() == b.sizes().vec());
  CHECK(close(values(a), values(b), 0, tol));
}

Tensor mT(const Tensor& t) { return t.transpose(-2, -1); }

}  // namespace

TEST_CASE("det, slogdet, logdet: values, batches, node names, gradients") {
  check_close(linalg::det(spd3()), {18});
  check_close(xgrad::det(n2()), {-2});
  check_close(n2().det(), {-2});
  auto [sign, logabs] = linalg::slogdet(n2());
  check_close(sign, {-1});
  check_close(logabs, {0.6931471806}, 1e-9);
  CHECK(std::isnan(values(xgrad::logdet(n2()))[0]));
  check_close(spd3().logdet(), {std::log(18.0)});
  // Singular: det 0, slogdet (0, -inf), logdet -inf.
  const Tensor sing = xgrad::tensor({{1., 2.}, {2., 4.}}, xgrad::kDouble);
  check_close(linalg::det(sing), {0});
  CHECK(values(std::get<1>(xgrad::slogdet(sing)))[0] == -std::numeric_limits<double>::infinity());
  // A batch [2, 2, 2, 2] and an empty matrix (det 1).
  const Tensor batch = xgrad::stack({n2(), 2 * n2(), n2().t(), xgrad::eye(2, xgrad::kDouble)}).view({2, 2, 2, 2});
  CHECK(linalg::det(batch).sizes().vec() == S{2, 2});
  check_close(linalg::det(batch), {-2, -8, -2, 1});
  check_close(linalg::det(xgrad::zeros({0, 0}, xgrad::kDouble)), {1});
  check_close(linalg::det(n2().to(xgrad::kFloat)), {-2}, 1e-6);

  CHECK(grad_fn_name(linalg::det(square_leaf({3, 3}))) == "LinalgDetBackward0");
  CHECK(grad_fn_name(std::get<1>(linalg::slogdet(square_leaf({3, 3})))) == "LinalgSlogdetBackward0");
  CHECK(gradcheck([](const Inputs& in) { return linalg::det(in[0]); }, {square_leaf({3, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return linalg::det(in[0]); }, {square_leaf({2, 3, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<1>(linalg::slogdet(in[0])); }, {square_leaf({2, 4, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return make_spd(in[0]).logdet(); }, {leaf({3, 3})}));
  // Double backward goes through the differentiable formula.
  Tensor a = square_leaf({3, 3});
  Tensor g = xgrad::autograd::grad({linalg::det(a)}, {a}, {}, true, true)[0];
  CHECK(g.requires_grad());

  CHECK_THROWS_WITH_AS(linalg::det(xgrad::zeros({2, 3})),
                       "linalg.det: A must be batches of square matrices, but they are 2 by 3 matrices", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::det(xgrad::zeros({3})), "linalg.det: The input tensor A must have at least 2 dimensions.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::det(xgrad::ones({2, 2}, xgrad::kLong)),
                       "linalg.det: Expected a floating point or complex tensor as input. Got Long", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::slogdet(xgrad::zeros({2, 3})),
                       "linalg.slogdet: A must be batches of square matrices, but they are 2 by 3 matrices",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::logdet(xgrad::zeros({2, 3})),
                       "logdet: A must be batches of square matrices, but they are 2 by 3 matrices", xgrad::Error);
}

TEST_CASE("inv, inverse: values, batches, singular matrices, gradients, out=") {
  check_close(linalg::inv(n2()), {-2, 1, 1.5, -0.5});
  check_close(n2().inverse(), {-2, 1, 1.5, -0.5});
  const Tensor a = square_leaf({2, 3, 4, 4}).detach();
  check_near(linalg::inv(a).matmul(a), xgrad::eye(4, xgrad::kDouble).expand({2, 3, 4, 4}), 1e-12);
  Tensor out = xgrad::empty({2, 2}, xgrad::kDouble);
  xgrad::inverse_out(out, n2());
  check_close(out, {-2, 1, 1.5, -0.5});
  linalg::inv_out(out, 2 * n2());
  check_close(out, {-1, 0.5, 0.75, -0.25});

  CHECK(grad_fn_name(linalg::inv(square_leaf({3, 3}))) == "LinalgInvExBackward0");
  CHECK(grad_fn_name(xgrad::inverse(square_leaf({3, 3}))) == "LinalgInvExBackward0");
  CHECK(gradcheck([](const Inputs& in) { return linalg::inv(in[0]); }, {square_leaf({3, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].inverse(); }, {square_leaf({2, 2, 2})}));

  CHECK_THROWS_WITH_AS(linalg::inv(xgrad::tensor({{1., 2.}, {2., 4.}})),
                       "linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the "
                       "input matrix is singular.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::inverse(xgrad::zeros({3, 3})),
                       "linalg.inv: The diagonal element 1 is zero, the inversion could not be completed because the "
                       "input matrix is singular.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::inv(xgrad::stack({xgrad::eye(2), xgrad::zeros({2, 2})})),
                       "linalg.inv: (Batch element 1): The diagonal element 1 is zero, the inversion could not be "
                       "completed because the input matrix is singular.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::inv(xgrad::zeros({2, 3})),
                       "linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::inv(xgrad::zeros({3})), "linalg.inv: The input tensor A must have at least 2 dimensions.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::inv(xgrad::ones({2, 2}, xgrad::kLong)),
                       "linalg.inv: Expected a floating point or complex tensor as input. Got Long", xgrad::Error);
}

TEST_CASE("solve: vectors, matrices, left=false, broadcast batches, gradients, errors") {
  const Tensor b = xgrad::tensor(V{1, 2, 3}, xgrad::kDouble);
  check_close(linalg::solve(spd3(), b, true), {1.0 / 3, 1.0 / 3, 2.0 / 3}, 1e-12);
  CHECK(linalg::solve(spd3(), b, true).sizes().vec() == S{3});
  check_close(xgrad::linalg_solve(n2(), xgrad::tensor({{1., 2.}}, xgrad::kDouble), false), {1, 0}, 1e-12);
  // A [2, 1, 3, 3] and B [4, 3, 2] broadcast to [2, 4, 3, 2].
  const Tensor A = square_leaf({2, 1, 3, 3}).detach(), B = xgrad::randn({4, 3, 2}, xgrad::kDouble);
  const Tensor X = linalg::solve(A, B, true);
  CHECK(X.sizes().vec() == S{2, 4, 3, 2});
  check_near(A.matmul(X), B.expand({2, 4, 3, 2}), 1e-12);
  const Tensor Xr = linalg::solve(A, mT(B), false);
  check_near(Xr.matmul(A), mT(B).expand({2, 4, 2, 3}), 1e-12);
  // A batch of vectors: B [2, 3] against A [2, 3, 3].
  const Tensor A2 = square_leaf({2, 3, 3}).detach(), b2 = xgrad::randn({2, 3}, xgrad::kDouble);
  check_near(A2.matmul(linalg::solve(A2, b2, true).unsqueeze(-1)).squeeze(-1), b2, 1e-12);

  CHECK(grad_fn_name(linalg::solve(square_leaf({3, 3}), leaf({3}), true)) == "LinalgSolveExBackward0");
  const auto solve = [](bool left) {
    return [left](const Inputs& in) { return linalg::solve(in[0], in[1], left); };
  };
  CHECK(gradcheck(solve(true), {square_leaf({3, 3}), leaf({3})}));
  CHECK(gradcheck(solve(true), {square_leaf({3, 3}), leaf({3, 2})}));
  CHECK(gradcheck(solve(false), {square_leaf({3, 3}), leaf({2, 3})}));
  CHECK(gradcheck(solve(true), {square_leaf({2, 1, 3, 3}), leaf({4, 3, 2})}));
  CHECK(gradcheck(solve(true), {square_leaf({2, 3, 3}), leaf({2, 3})}));

  CHECK_THROWS_WITH_AS(linalg::solve(xgrad::zeros({2, 2}), xgrad::ones({2}), true),
                       "torch.linalg.solve: The solver failed because the input matrix is singular.", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::solve(xgrad::stack({xgrad::eye(2), xgrad::zeros({2, 2})}), xgrad::ones({2, 2, 1}), true),
                       "torch.linalg.solve: (Batch element 1): The solver failed because the input matrix is singular.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::solve(xgrad::eye(2), xgrad::ones({3}), true),
                       "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::solve(xgrad::eye(2), xgrad::ones({3, 1}), true),
                       "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::solve(xgrad::eye(2), xgrad::ones({2}, xgrad::kDouble), true),
                       "linalg.solve: Expected A and B to have the same dtype, but found A of type Float and B of type "
                       "Double instead",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::solve(xgrad::zeros({2, 3}), xgrad::ones({2}), true),
                       "linalg.solve: A must be batches of square matrices, but they are 2 by 3 matrices", xgrad::Error);
}

TEST_CASE("cholesky: values, upper, batches, gradients, not positive-definite") {
  check_close(linalg::cholesky(spd3()),
              {1.4142135623730951, 0, 0, 0.7071067811865475, 1.5811388300841898, 0, 0, 0.6324555320336759,
               1.8973665961010275},
              1e-12);
  const Tensor A = make_spd(xgrad::randn({2, 4, 4}, xgrad::kDouble));
  const Tensor L = linalg::cholesky(A);
  check_near(L.matmul(mT(L)), A, 1e-12);
  check_near(L * tri_mask(4, true) - L * xgrad::eye(4, xgrad::kDouble), xgrad::zeros({2, 4, 4}, xgrad::kDouble), 0);
  const Tensor U = xgrad::cholesky(A, true);
  check_near(mT(U).matmul(U), A, 1e-12);
  check_near(spd3().cholesky(), linalg::cholesky(spd3()), 0);
  check_near(xgrad::linalg_cholesky(spd3(), true), mT(linalg::cholesky(spd3())), 0);
  Tensor out = xgrad::empty({3, 3}, xgrad::kDouble);
  xgrad::cholesky_out(out, spd3(), true);
  check_near(out, mT(linalg::cholesky(spd3())), 0);

  CHECK(grad_fn_name(linalg::cholesky(make_spd(leaf({3, 3})).detach().requires_grad_())) ==
        "LinalgCholeskyExBackward0");
  CHECK(grad_fn_name(xgrad::cholesky(make_spd(leaf({3, 3})).detach().requires_grad_(), true)) == "CholeskyBackward0");
  CHECK(gradcheck([](const Inputs& in) { return linalg::cholesky(make_spd(in[0])); }, {leaf({3, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return linalg::cholesky(make_spd(in[0])); }, {leaf({2, 3, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return xgrad::cholesky(make_spd(in[0]), true); }, {leaf({3, 3})}));

  CHECK_THROWS_WITH_AS(linalg::cholesky(-xgrad::eye(3)),
                       "linalg.cholesky: The factorization could not be completed because the input is not "
                       "positive-definite (the leading minor of order 1 is not positive-definite).",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::cholesky(xgrad::stack({xgrad::eye(2), -xgrad::eye(2)})),
                       "linalg.cholesky: (Batch element 1): The factorization could not be completed because the input "
                       "is not positive-definite (the leading minor of order 1 is not positive-definite).",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cholesky(-xgrad::eye(3)),
                       "cholesky: The factorization could not be completed because the input is not positive-definite "
                       "(the leading minor of order 1 is not positive-definite).",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::cholesky(xgrad::zeros({2, 3})),
                       "linalg.cholesky: A must be batches of square matrices, but they are 2 by 3 matrices",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::cholesky(xgrad::ones({2, 2}, xgrad::kLong)),
                       "linalg.cholesky: Expected a floating point or complex tensor as input. Got Long", xgrad::Error);
}

TEST_CASE("cholesky_solve, cholesky_inverse: values, gradients, errors") {
  const Tensor L = linalg::cholesky(spd3());
  check_close(xgrad::cholesky_inverse(L),
              {0.6111111111111109, -0.2222222222222222, 0.05555555555555556, -0.2222222222222222, 0.4444444444444445,
               -0.11111111111111113, 0.05555555555555556, -0.11111111111111113, 0.2777777777777778},
              1e-12);
  check_near(mT(L).cholesky_inverse(true), linalg::inv(spd3()), 1e-12);
  const Tensor B = xgrad::randn({3, 2}, xgrad::kDouble);
  check_near(xgrad::cholesky_solve(B, L), linalg::solve(spd3(), B, true), 1e-12);
  check_near(B.cholesky_solve(mT(L), true), linalg::solve(spd3(), B, true), 1e-12);
  // Batches broadcast: B [2, 3, 2] against one factor.
  const Tensor Bb = xgrad::randn({2, 3, 2}, xgrad::kDouble);
  check_near(xgrad::cholesky_solve(Bb, L), linalg::solve(spd3(), Bb, true), 1e-12);

  // The gradients reach every entry of the factor, as PyTorch's: the inputs are kept triangular.
  const auto lower = [](const Tensor& x) { return x * tri_mask(3, false) + 3 * xgrad::eye(3, xgrad::kDouble); };
  const auto upper = [](const Tensor& x) { return x * tri_mask(3, true) + 3 * xgrad::eye(3, xgrad::kDouble); };
  CHECK(grad_fn_name(xgrad::cholesky_solve(leaf({3, 2}), L)) == "CholeskySolveBackward0");
  CHECK(grad_fn_name(xgrad::cholesky_inverse(L.detach().requires_grad_())) == "CholeskyInverseBackward0");
  CHECK(gradcheck([&](const Inputs& in) { return xgrad::cholesky_solve(in[0], lower(in[1])); },
                  {leaf({3, 2}), leaf({3, 3})}));
  CHECK(gradcheck([&](const Inputs& in) { return xgrad::cholesky_solve(in[0], upper(in[1]), true); },
                  {leaf({2, 3, 2}), leaf({3, 3})}));
  CHECK(gradcheck([&](const Inputs& in) { return xgrad::cholesky_inverse(lower(in[0])); }, {leaf({3, 3})}));
  CHECK(gradcheck([&](const Inputs& in) { return xgrad::cholesky_inverse(upper(in[0]), true); }, {leaf({3, 3})}));

  CHECK_THROWS_WITH_AS(xgrad::cholesky_solve(xgrad::zeros({3, 2}), xgrad::eye(2)),
                       "Incompatible matrix sizes for cholesky_solve: each A matrix is 2 by 2 but each b matrix is 3 "
                       "by 2",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cholesky_inverse(xgrad::zeros({2, 3})),
                       "cholesky_inverse: A must be batches of square matrices, but they are 2 by 3 matrices",
                       xgrad::Error);
}

TEST_CASE("solve_triangular, triangular_solve: values, every form, gradients kept to the triangle") {
  const Tensor A = (xgrad::randn({3, 3}, xgrad::kDouble) + 3 * xgrad::eye(3, xgrad::kDouble));
  const Tensor Lw = A * tri_mask(3, false), Up = A * tri_mask(3, true);
  const Tensor B = xgrad::randn({3, 2}, xgrad::kDouble);
  check_near(Up.matmul(linalg::solve_triangular(Up, B, true, true, false)), B, 1e-12);
  check_near(Lw.matmul(linalg::solve_triangular(A, B, false, true, false)), B, 1e-12);
  check_near(linalg::solve_triangular(Up, mT(B), true, false, false).matmul(Up), mT(B), 1e-12);
  // unitriangular reads 1 on the diagonal, whatever is stored there.
  const Tensor unit = Lw - Lw * xgrad::eye(3, xgrad::kDouble) + xgrad::eye(3, xgrad::kDouble);
  check_near(unit.matmul(xgrad::linalg_solve_triangular(Lw, B, false, true, true)), B, 1e-12);
  auto [X, M] = xgrad::triangular_solve(B, Up);
  check_near(Up.matmul(X), B, 1e-12);
  check_near(M, Up, 0);
  auto [Xt, Mt] = B.triangular_solve(Lw, false, true);
  check_near(mT(Lw).matmul(Xt), B, 1e-12);

  CHECK(grad_fn_name(linalg::solve_triangular(Up, leaf({3, 2}), true, true, false)) ==
        "LinalgSolveTriangularBackward0");
  CHECK(grad_fn_name(std::get<0>(xgrad::triangular_solve(leaf({3, 2}), Up))) == "TriangularSolveBackward0");
  const Tensor a = square_leaf({3, 3});
  for (bool upper : {true, false})
    for (bool left : {true, false})
      for (bool unit : {false, true}) {
        CAPTURE(upper);
        CAPTURE(left);
        CAPTURE(unit);
        CHECK(gradcheck([&](const Inputs& in) { return linalg::solve_triangular(in[0], in[1], upper, left, unit); },
                        {a, left ? leaf({2, 3, 2}) : leaf({2, 2, 3})}));
        CHECK(gradcheck(
            [&](const Inputs& in) { return std::get<0>(xgrad::triangular_solve(in[0], in[1], upper, left, unit)); },
            {leaf({3, 2}), a}));
      }
  CHECK(gradcheck(
      [](const Inputs& in) {
        auto [x, m] = xgrad::triangular_solve(in[0], in[1]);
        return std::vector<Tensor>{x, m};
      },
      {leaf({3, 1}), a}));

  CHECK_THROWS_WITH_AS(linalg::solve_triangular(xgrad::eye(2), xgrad::ones({3, 1}), true, true, false),
                       "linalg.solve_triangular: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::solve_triangular(xgrad::zeros({2, 3}), xgrad::ones({2, 1}), true, true, false),
                       "linalg.solve_triangular: A must be batches of square matrices, but they are 2 by 3 matrices",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::triangular_solve(xgrad::ones({3, 1}), xgrad::eye(2)),
                       "Incompatible matrix sizes for triangular_solve: each A matrix is 2 by 2 but each b matrix is 3 "
                       "by 1",
                       xgrad::Error);
}

TEST_CASE("eigh, eigvalsh: values, invariants, batches, gradients of gauge-invariant functions") {
  check_close(linalg::eigvalsh(spd3(), "L"), {1.2679491924311228, 3.000000000000001, 4.732050807568877}, 1e-12);
  const Tensor A = make_sym(xgrad::randn({2, 4, 4}, xgrad::kDouble));
  auto [w, V] = linalg::eigh(A, "L");
  CHECK(w.sizes().vec() == S{2, 4});
  check_near(V.matmul(w.unsqueeze(-1) * mT(V)), A, 1e-12);
  check_near(mT(V).matmul(V), xgrad::eye(4, xgrad::kDouble).expand({2, 4, 4}), 1e-12);
  const std::vector<double> wv = values(w);
  CHECK((wv[0] <= wv[1] && wv[1] <= wv[2] && wv[2] <= wv[3]));
  // Only the uplo triangle is read.
  const Tensor lower_only = A * tri_mask(4, false), upper_only = A * tri_mask(4, true);
  check_near(linalg::eigvalsh(lower_only, "L"), w, 1e-12);
  check_near(xgrad::linalg_eigvalsh(upper_only, "U"), w, 1e-12);

  CHECK(grad_fn_name(std::get<0>(linalg::eigh(make_sym(leaf({3, 3})), "L"))) == "LinalgEighBackward0");
  CHECK(grad_fn_name(linalg::eigvalsh(make_sym(leaf({3, 3})), "L")) == "LinalgEighBackward0");
  CHECK(gradcheck([](const Inputs& in) { return linalg::eigvalsh(make_sym(in[0]), "L"); }, {leaf({2, 4, 4})}));
  // V's columns are unique up to sign: V * V is not.
  CHECK(gradcheck(
      [](const Inputs& in) {
        auto [w, V] = linalg::eigh(make_sym(in[0]), "U");
        return std::vector<Tensor>{w, V * V};
      },
      {leaf({3, 3})}));

  CHECK_THROWS_WITH_AS(linalg::eigh(xgrad::zeros({2, 3}), "L"),
                       "linalg.eigh: A must be batches of square matrices, but they are 2 by 3 matrices", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::eigh(xgrad::eye(2), "X"), "Expected UPLO argument to be 'L' or 'U', but got X",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::eigh(xgrad::zeros({2}), "L"),
                       "linalg.eigh: The input tensor A must have at least 2 dimensions.", xgrad::Error);
}

TEST_CASE("svd, svdvals: values, shapes, reconstruction, gradients of gauge-invariant functions") {
  check_close(linalg::svdvals(n2(), std::nullopt), {5.464985704219043, 0.3659661906262575}, 1e-12);
  for (const S& shape : {S{4, 3}, S{3, 4}, S{2, 3, 3}}) {
    const std::string s = shape_str(shape);
    CAPTURE(s);
    const Tensor A = xgrad::randn(shape, xgrad::kDouble);
    const int64_t m = shape[shape.size() - 2], n = shape.back(), k = std::min(m, n);
    auto [U, S_, Vh] = linalg::svd(A, false, std::nullopt);
    CHECK(U.size(-1) == k);
    CHECK(Vh.size(-2) == k);
    check_near((U * S_.unsqueeze(-2)).matmul(Vh), A, 1e-12);
    check_near(mT(U).matmul(U), xgrad::eye(k, xgrad::kDouble).expand(U.transpose(-2, -1).matmul(U).sizes()), 1e-12);
    auto [Uf, Sf, Vhf] = xgrad::linalg_svd(A);
    CHECK(Uf.size(-1) == m);
    CHECK(Vhf.size(-2) == n);
    check_near(Sf, S_, 1e-12);
    check_near(mT(Vhf).matmul(Vhf), xgrad::eye(n, xgrad::kDouble).expand(mT(Vhf).matmul(Vhf).sizes()), 1e-12);
    // The older svd returns V, not Vh.
    auto [U2, S2, V2] = A.svd();
    check_near((U2 * S2.unsqueeze(-2)).matmul(mT(V2)), A, 1e-12);
    auto [Z1, S3, Z2] = xgrad::svd(A, true, false);
    CHECK(Z1.size(-1) == m);
    CHECK(Z2.size(-1) == n);
    check_near(Z1, xgrad::zeros_like(Z1), 0);
    check_near(S3, S_, 1e-12);

    CHECK(gradcheck([](const Inputs& in) { return linalg::svdvals(in[0], std::nullopt); }, {leaf(shape)}));
    // U Vh (the orthogonal polar factor) and U diag(S) U^T are unique whatever signs LAPACK picks.
    CHECK(gradcheck(
        [](const Inputs& in) {
          auto [U, S, Vh] = linalg::svd(in[0], false, std::nullopt);
          return std::vector<Tensor>{U.matmul(Vh), (U * S.unsqueeze(-2)).matmul(mT(U)), S};
        },
        {leaf(shape)}));
    CHECK(gradcheck(
        [](const Inputs& in) {
          auto [U, S, Vh] = linalg::svd(in[0], true, std::nullopt);
          return std::vector<Tensor>{S, U.narrow(-1, 0, S.size(-1)).matmul(Vh.narrow(-2, 0, S.size(-1)))};
        },
        {leaf(shape)}));
  }
  CHECK(grad_fn_name(linalg::svdvals(leaf({3, 3}), std::nullopt)) == "LinalgSvdBackward0");
  CHECK(grad_fn_name(std::get<0>(linalg::svd(leaf({3, 3}), true, std::nullopt))) == "LinalgSvdBackward0");
  CHECK(grad_fn_name(std::get<0>(xgrad::svd(leaf({3, 3})))) == "LinalgSvdBackward0");
  CHECK_THROWS_WITH_AS(linalg::svd(xgrad::zeros({2}), true, std::nullopt),
                       "linalg.svd: The input tensor A must have at least 2 dimensions.", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::svdvals(xgrad::zeros({2}), std::nullopt),
                       "linalg.svd: The input tensor A must have at least 2 dimensions.", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::svd(xgrad::ones({2, 2}, xgrad::kLong), true, std::nullopt),
                       "linalg.svd: Expected a floating point or complex tensor as input. Got Long", xgrad::Error);
}

TEST_CASE("qr: modes, shapes, reconstruction, gradients, errors") {
  for (const S& shape : {S{4, 3}, S{3, 3}, S{3, 4}, S{2, 4, 2}}) {
    const std::string s = shape_str(shape);
    CAPTURE(s);
    const Tensor A = xgrad::randn(shape, xgrad::kDouble);
    const int64_t m = shape[shape.size() - 2], n = shape.back(), k = std::min(m, n);
    auto [Q, R] = linalg::qr(A, "reduced");
    CHECK(Q.size(-1) == k);
    CHECK(R.size(-2) == k);
    check_near(Q.matmul(R), A, 1e-12);
    check_near(mT(Q).matmul(Q), xgrad::eye(k, xgrad::kDouble).expand(mT(Q).matmul(Q).sizes()), 1e-12);
    check_near(R * strict_lower(R.size(-2), R.size(-1)), xgrad::zeros_like(R), 0);
    auto [Qc, Rc] = xgrad::linalg_qr(A, "complete");
    CHECK(Qc.size(-1) == m);
    CHECK(Rc.size(-2) == m);
    check_near(Qc.matmul(Rc), A, 1e-12);
    check_near(mT(Qc).matmul(Qc), xgrad::eye(m, xgrad::kDouble).expand(mT(Qc).matmul(Qc).sizes()), 1e-12);
    auto [Qr, Rr] = linalg::qr(A, "r");
    CHECK(Qr.numel() == 0);
    check_near(Rr, R, 1e-12);
    auto [Q2, R2] = A.qr(false);
    check_near(Q2, Qc, 1e-12);

    CHECK(gradcheck(
        [](const Inputs& in) {
          auto [Q, R] = linalg::qr(in[0], "reduced");
          return std::vector<Tensor>{Q, R};
        },
        {leaf(shape)}));
    CHECK(grad_fn_name(std::get<0>(linalg::qr(leaf(shape), "reduced"))) == "LinalgQrBackward0");
  }
  CHECK(gradcheck(
      [](const Inputs& in) {
        auto [Q, R] = linalg::qr(in[0], "complete");
        return std::vector<Tensor>{Q, R};
      },
      {leaf({3, 4})}));
  Tensor a = leaf({3, 3});
  CHECK_THROWS_WITH_AS(std::get<1>(linalg::qr(a, "r")).sum().backward(),
                       "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use "
                       "linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(std::get<1>(linalg::qr(leaf({4, 3}), "complete")).sum().backward(),
                       "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::qr(xgrad::eye(2), "bad"),
                       "qr received unrecognized mode 'bad' but expected one of 'reduced' (default), 'r', or 'complete'",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::qr(xgrad::zeros({2}), "reduced"),
                       "linalg.qr: The input tensor A must have at least 2 dimensions.", xgrad::Error);
}

TEST_CASE("pinv, pinverse, matrix_rank: values, gradients") {
  const Tensor A = xgrad::tensor({{1., 2., 3.}, {4., 5., 6.}}, xgrad::kDouble);
  check_close(linalg::pinv(A, 1e-15, false),
              {-0.9444444444444446, 0.4444444444444444, -0.11111111111111084, 0.11111111111111098, 0.722222222222222,
               -0.22222222222222204},
              1e-10);
  check_near(A.pinverse(), linalg::pinv(A, 1e-15, false), 1e-12);
  check_near(xgrad::linalg_pinv(spd3(), 1e-15, true), linalg::inv(spd3()), 1e-12);
  // A rank-one matrix: singular values below rcond count as zero.
  const Tensor r1 = xgrad::tensor({{1., 2.}, {2., 4.}}, xgrad::kDouble);
  check_near(r1.matmul(linalg::pinv(r1, 1e-10, false)).matmul(r1), r1, 1e-12);
  CHECK(values(linalg::matrix_rank(r1, std::nullopt, std::nullopt, false)) == V{1});
  CHECK(dtype_of(linalg::matrix_rank(r1, std::nullopt, std::nullopt, false)) == "Long");
  CHECK(values(linalg::matrix_rank(spd3(), std::nullopt, std::nullopt, true)) == V{3});
  CHECK(values(xgrad::linalg_matrix_rank(spd3(), 2.0)) == V{2});
  CHECK(values(linalg::matrix_rank(xgrad::stack({r1, xgrad::eye(2, xgrad::kDouble)}), 1e-8, false)) == V{1, 2});

  CHECK(grad_fn_name(linalg::pinv(leaf({2, 3}), 1e-15, false)) == "LinalgPinvBackward0");
  for (const S& shape : {S{2, 3}, S{3, 2}, S{2, 3, 3}}) {
    const std::string s = shape_str(shape);
    CAPTURE(s);
    CHECK(gradcheck([](const Inputs& in) { return linalg::pinv(in[0], 1e-15, false); }, {leaf(shape)}));
  }
  CHECK(gradcheck([](const Inputs& in) { return linalg::pinv(make_spd(in[0]), 1e-15, true); }, {leaf({3, 3})}));
  CHECK_THROWS_WITH_AS(linalg::pinv(xgrad::zeros({2}), 1e-15, false),
                       "linalg.pinv(Float{[2]}): expected a tensor with 2 or more dimensions of float, double, cfloat "
                       "or cdouble types",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::matrix_rank(xgrad::zeros({3}), 0.0, false),
                       "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.",
                       xgrad::Error);
}

TEST_CASE("matrix_power, matrix_exp: values, node names, gradients") {
  check_close(linalg::matrix_power(n2(), 3), {37, 54, 81, 118});
  check_close(n2().matrix_power(-2), {5.5, -2.5, -3.75, 1.75}, 1e-12);
  check_close(xgrad::matrix_power(n2(), 0), {1, 0, 0, 1});
  check_close(xgrad::matrix_power(n2(), 1), {1, 2, 3, 4});
  check_near(linalg::matrix_power(n2(), 7), n2().matmul(n2()).matmul(n2()).matmul(n2()).matmul(n2()).matmul(n2()).matmul(n2()), 1e-9);
  Tensor out = xgrad::empty({2, 2}, xgrad::kDouble);
  xgrad::matrix_power_out(out, n2(), 2);
  check_close(out, {7, 10, 15, 22});
  CHECK(grad_fn_name(linalg::matrix_power(leaf({3, 3}), 3)) == "MmBackward0");
  CHECK(grad_fn_name(linalg::matrix_power(leaf({3, 3}), 0)) == "torch::autograd::CopyBackwards");
  for (int64_t n : {0, 1, 2, 3, 5, -1, -3}) {
    CAPTURE(n);
    CHECK(gradcheck([n](const Inputs& in) { return linalg::matrix_power(in[0], n); }, {square_leaf({2, 3, 3})}));
  }

  check_close(xgrad::matrix_exp(n2()), {51.96895619870501, 74.73656456700323, 112.10484685050486, 164.07380304920989},
              1e-12);
  // exp of a rotation generator is the rotation.
  const Tensor gen = xgrad::tensor({{0., 1.}, {-1., 0.}}, xgrad::kDouble);
  check_close(linalg::matrix_exp(gen), {std::cos(1.0), std::sin(1.0), -std::sin(1.0), std::cos(1.0)}, 1e-13);
  check_close(linalg::matrix_exp(xgrad::zeros({2, 3, 3}, xgrad::kFloat)).sum(), {6});
  CHECK(grad_fn_name(gen.detach().requires_grad_().matrix_exp()) == "LinalgMatrixExpBackward0");
  CHECK(gradcheck([](const Inputs& in) { return linalg::matrix_exp(in[0]); }, {leaf({3, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return linalg::matrix_exp(in[0]); }, {leaf({2, 2, 2})}));

  CHECK_THROWS_WITH_AS(linalg::matrix_power(xgrad::zeros({2, 3}), 2),
                       "linalg.matrix_power: A must be batches of square matrices, but they are 2 by 3 matrices",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::matrix_power(xgrad::zeros({2, 2}), -1),
                       "linalg.inv: The diagonal element 1 is zero, the inversion could not be completed because the "
                       "input matrix is singular.",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::matrix_exp(xgrad::zeros({2, 3})),
                       "linalg.matrix_exp: A must be batches of square matrices, but they are 2 by 3 matrices",
                       xgrad::Error);
}

TEST_CASE("cross: values, dims, broadcasting, gradients, errors") {
  const Tensor a = xgrad::tensor(V{1, 2, 3}, xgrad::kDouble), b = xgrad::tensor(V{4, 5, 6}, xgrad::kDouble);
  check_close(linalg::cross(a, b, -1), {-3, 6, -3});
  check_close(a.cross(b), {-3, 6, -3});
  // The first dim of size 3 by default (torch::cross); dim 0 of a [3, 2] pair.
  const Tensor A = xgrad::stack({a, b}, 1), B = xgrad::stack({b, a}, 1);
  check_close(xgrad::cross(A, B), {-3, 3, 6, -6, -3, 3});
  check_close(xgrad::linalg_cross(A.t(), B.t()), {-3, 6, -3, 3, -6, 3});
  Tensor out = xgrad::empty({3}, xgrad::kDouble);
  xgrad::cross_out(out, a, b);
  check_close(out, {-3, 6, -3});
  CHECK(grad_fn_name(linalg::cross(leaf({3}), b, 0)) == "LinalgCrossBackward0");
  CHECK(gradcheck([](const Inputs& in) { return linalg::cross(in[0], in[1], -1); }, {leaf({2, 3}), leaf({1, 3})}));
  CHECK(gradcheck([](const Inputs& in) { return xgrad::cross(in[0], in[1], 0); }, {leaf({3, 2}), leaf({3, 2})}));
  CHECK_THROWS_WITH_AS(linalg::cross(xgrad::zeros({2, 2}), xgrad::zeros({2, 2}), -1),
                       "linalg.cross: inputs dimension -1 must have length 3. Got 2 and 2", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cross(xgrad::zeros({2, 2}), xgrad::zeros({2, 2})), "no dimension of size 3 in input",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::cross(xgrad::zeros({3}), xgrad::zeros({3, 3}), -1),
                       "linalg.cross: inputs must have the same number of dimensions.", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::cross(xgrad::zeros({3}), xgrad::zeros({3}, xgrad::kDouble), -1),
                       "expected scalar type Float but found Double", xgrad::Error);
}

TEST_CASE("vector_norm, matrix_norm, norm, nuclear_norm: values, gradients, errors") {
  const Tensor v = xgrad::tensor(V{3, -4, 0, 1}, xgrad::kDouble);
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<double, double>> vnorms{
      {2, 5.0990195135927845}, {1, 8}, {0, 3}, {3, 4.514357435474001}, {inf, 4}, {-inf, 0}, {0.5, 22.392304845413257}};
  for (const auto& [ord, expected] : vnorms) {
    CAPTURE(ord);
    check_close(linalg::vector_norm(v, ord, std::nullopt, false, std::nullopt), {expected}, 1e-12);
  }
  check_close(xgrad::linalg_vector_norm(v.view({2, 2}), 2, xgrad::IntArrayRef{1}), {5, 1});
  CHECK(xgrad::linalg_vector_norm(v.view({2, 2}), 2, xgrad::IntArrayRef{1}, true).sizes().vec() == S{2, 1});
  CHECK(xgrad::linalg_vector_norm(v.view({2, 2}), inf, std::nullopt, true).sizes().vec() == S{1, 1});
  CHECK(xgrad::linalg_vector_norm(v.view({2, 2})).sizes().vec() == S{});
  check_close(xgrad::linalg_vector_norm(v.to(xgrad::kFloat), 2, std::nullopt, false, xgrad::kDouble),
              {5.0990195135927845}, 1e-12);

  const std::vector<std::pair<double, double>> mnorms{{1, 6}, {-1, 4}, {2, 5.464985704219043},
                                                      {-2, 0.3659661906262575}, {inf, 7}, {-inf, 3}};
  for (const auto& [ord, expected] : mnorms) {
    CAPTURE(ord);
    check_close(linalg::matrix_norm(n2(), ord, {-2, -1}, false, std::nullopt), {expected}, 1e-12);
  }
  check_close(xgrad::linalg_matrix_norm(n2()), {5.477225575051661}, 1e-12);
  check_close(xgrad::linalg_matrix_norm(n2(), "nuc"), {5.8309518948453}, 1e-12);
  check_close(xgrad::nuclear_norm(n2()), {5.8309518948453}, 1e-12);
  check_close(xgrad::linalg_norm(n2()), {5.477225575051661}, 1e-12);
  check_close(xgrad::linalg_norm(n2(), xgrad::Scalar(1)), {6});
  check_close(xgrad::linalg_norm(v, xgrad::Scalar(1)), {8});
  check_close(xgrad::linalg_norm(n2(), "nuc"), {5.8309518948453}, 1e-12);
  // Over dims (0, 2) of a [2, 3, 2] batch, kept.
  const Tensor t = xgrad::randn({2, 3, 2}, xgrad::kDouble);
  const Tensor kept = xgrad::linalg_matrix_norm(t, 1, {0, 2}, true);
  CHECK(kept.sizes().vec() == S{1, 3, 1});
  check_near(kept.view({3}), linalg::matrix_norm(t.permute({1, 0, 2}), 1, {-2, -1}, false, std::nullopt), 1e-12);
  CHECK(xgrad::nuclear_norm(t, {0, 2}, true).sizes().vec() == S{1, 3, 1});
  Tensor out = xgrad::empty({}, xgrad::kDouble);
  xgrad::nuclear_norm_out(out, n2());
  check_close(out, {5.8309518948453}, 1e-12);

  CHECK(grad_fn_name(linalg::vector_norm(leaf({3}), 2, std::nullopt, false, std::nullopt)) ==
        "LinalgVectorNormBackward0");
  CHECK(grad_fn_name(xgrad::linalg_matrix_norm(leaf({3, 3}))) == "LinalgVectorNormBackward0");
  for (double ord : {2.0, 1.0, 3.0, 0.5, inf, -inf}) {
    CAPTURE(ord);
    CHECK(gradcheck([ord](const Inputs& in) { return linalg::vector_norm(in[0], ord, std::nullopt, false, std::nullopt); },
                    {leaf({2, 3})}));
    CHECK(gradcheck([ord](const Inputs& in) { return linalg::vector_norm(in[0], ord, xgrad::IntArrayRef{0, 2}, true, std::nullopt); },
                    {leaf({2, 3, 2})}));
  }
  for (double ord : {1.0, -1.0, 2.0, -2.0, inf}) {
    CAPTURE(ord);
    CHECK(gradcheck([ord](const Inputs& in) { return linalg::matrix_norm(in[0], ord, {-2, -1}, false, std::nullopt); },
                    {leaf({2, 3, 3})}));
  }
  CHECK(gradcheck([](const Inputs& in) { return xgrad::linalg_matrix_norm(in[0], "fro", {0, 1}, true); }, {leaf({3, 2})}));
  CHECK(gradcheck([](const Inputs& in) { return xgrad::nuclear_norm(in[0]); }, {leaf({3, 2})}));

  CHECK_THROWS_WITH_AS(linalg::vector_norm(xgrad::ones({3}, xgrad::kLong), 2, std::nullopt, false, std::nullopt),
                       "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::linalg_matrix_norm(xgrad::zeros({3})),
                       "linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::linalg_matrix_norm(xgrad::zeros({3, 3}), 3),
                       "linalg.matrix_norm: Order 3 not supported.", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::linalg_matrix_norm(xgrad::zeros({3, 3}), "bad"),
                       "linalg.matrix_norm: Order bad not supported.", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::linalg_matrix_norm(xgrad::zeros({3, 3}), "fro", {0, 0}),
                       "linalg.matrix_norm: dims must be different. Got (0, 0)", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nuclear_norm(xgrad::zeros({3})),
                       "Expected a tensor with 2 dimensions, but got a tensor with 1 dimension instead.", xgrad::Error);
}

TEST_CASE("multi_dot, vecdot, matmul, tensorinv, tensorsolve") {
  const Tensor a = xgrad::randn({2, 3}, xgrad::kDouble), b = xgrad::randn({3, 4}, xgrad::kDouble),
               c = xgrad::randn({4, 2}, xgrad::kDouble);
  check_near(linalg::multi_dot({a, b, c}), a.mm(b).mm(c), 1e-12);
  const Tensor u = xgrad::randn({2}, xgrad::kDouble), w = xgrad::randn({2}, xgrad::kDouble);
  CHECK(linalg::multi_dot({u, a, b, c, w}).dim() == 0);
  check_near(linalg::multi_dot({u, a, b, c, w}), u.dot(a.mm(b).mm(c).mv(w)), 1e-12);
  CHECK(xgrad::linalg_multi_dot({u, a}).sizes().vec() == S{3});
  CHECK(gradcheck([](const Inputs& in) { return linalg::multi_dot({in[0], in[1], in[2]}); },
                  {leaf({2}), leaf({2, 3}), leaf({3, 2})}));
  CHECK_THROWS_WITH_AS(linalg::multi_dot({a}), "multi_dot(): expected at least 2 tensors but got 1", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::multi_dot({a, xgrad::zeros({2, 2, 2}, xgrad::kDouble)}),
                       "multi_dot(): the last tensor must be 1D or 2D but got 3D", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::multi_dot({xgrad::zeros({2, 3, 3}), xgrad::zeros({3, 2})}),
                       "multi_dot(): the first tensor must be 1D or 2D but got 3D", xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::multi_dot({a, a}),
                       "multi_dot(): tensors 0 and 1 with shapes [2, 3] and [2, 3] cannot be multiplied", xgrad::Error);

  check_close(xgrad::linalg_vecdot(n2(), n2()), {5, 25});
  check_close(linalg::vecdot(n2(), n2(), 0), {10, 20});
  CHECK(grad_fn_name(linalg::vecdot(leaf({2, 3}), leaf({3}), -1)) == "SumBackward1");
  check_near(linalg::matmul(a, b), a.matmul(b), 0);

  const Tensor t = square_leaf({6, 6}).detach().view({2, 3, 6});
  const Tensor ti = linalg::tensorinv(t, 2);
  CHECK(ti.sizes().vec() == S{6, 2, 3});
  check_near(ti.view({6, 6}).mm(t.view({6, 6})), xgrad::eye(6, xgrad::kDouble), 1e-12);
  const Tensor rhs = xgrad::randn({2, 3}, xgrad::kDouble);
  const Tensor x = xgrad::linalg_tensorsolve(t, rhs);
  CHECK(x.sizes().vec() == S{6});
  check_near(t.view({6, 6}).mv(x), rhs.view({6}), 1e-12);
  CHECK_THROWS_WITH_AS(linalg::tensorinv(xgrad::zeros({2, 3}), 1),
                       "Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but "
                       "got 3 != 2",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(linalg::tensorinv(xgrad::zeros({2, 2}), 0),
                       "Expected a strictly positive integer for 'ind', but got 0", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::linalg_tensorsolve(xgrad::zeros({2, 3}), xgrad::zeros({2})),
                       "Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                       "prod(self.shape[:other.ndim]), but got 3 != 2",
                       xgrad::Error);
}

TEST_CASE("addbmm, baddbmm and the in-place products: values, nodes, gradients, errors") {
  const Tensor s = xgrad::randn({2, 4}, xgrad::kDouble), b1 = xgrad::randn({3, 2, 5}, xgrad::kDouble),
               b2 = xgrad::randn({3, 5, 4}, xgrad::kDouble);
  check_near(xgrad::addbmm(s, b1, b2, 0.5, 2), 0.5 * s + 2 * b1.bmm(b2).sum({0}), 1e-12);
  check_near(s.addbmm(b1, b2), s + b1.bmm(b2).sum({0}), 1e-12);
  check_near(xgrad::baddbmm(s, b1, b2, -1, 3), -1 * s + 3 * b1.bmm(b2), 1e-12);
  check_near(s.baddbmm(b1.transpose(1, 2).contiguous().transpose(1, 2), b2), s + b1.bmm(b2), 1e-12);
  // beta = 0 ignores self, NaN included.
  const Tensor nan = xgrad::full({2, 4}, std::nan(""), xgrad::kDouble);
  check_near(xgrad::baddbmm(nan, b1, b2, 0), b1.bmm(b2), 1e-12);
  check_near(xgrad::addbmm(nan, b1, b2, 0), b1.bmm(b2).sum({0}), 1e-12);
  Tensor out = xgrad::empty({3, 2, 4}, xgrad::kDouble);
  xgrad::baddbmm_out(out, s, b1, b2);
  check_near(out, s + b1.bmm(b2), 1e-12);
  Tensor out2 = xgrad::empty({2, 4}, xgrad::kDouble);
  xgrad::addbmm_outf(s, b1, b2, 1, 1, out2);
  check_near(out2, s + b1.bmm(b2).sum({0}), 1e-12);

  CHECK(grad_fn_name(xgrad::addbmm(leaf({2, 4}), b1, b2)) == "AddbmmBackward0");
  CHECK(grad_fn_name(xgrad::baddbmm(leaf({2, 4}), b1, b2)) == "BaddbmmBackward0");
  CHECK(gradcheck([](const Inputs& in) { return xgrad::addbmm(in[0], in[1], in[2], 0.5, -2); },
                  {leaf({4}), leaf({3, 2, 5}), leaf({3, 5, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return xgrad::baddbmm(in[0], in[1], in[2], 0.5, -2); },
                  {leaf({2, 1}), leaf({3, 2, 5}), leaf({3, 5, 4})}));

  // In place: the same nodes, against self's old value.
  const auto inplace = [](const char* which) {
    return [which](const Inputs& in) {
      Tensor self = in[0] * 1;  // a non-leaf to write into
      const std::string w = which;
      if (w == "addmm_") self.addmm_(in[1], in[2], 0.5, 2);
      if (w == "addbmm_") self.addbmm_(in[1], in[2], 0.5, 2);
      if (w == "baddbmm_") self.baddbmm_(in[1], in[2], 0.5, 2);
      return self;
    };
  };
  CHECK(gradcheck(inplace("addmm_"), {leaf({2, 4}), leaf({2, 5}), leaf({5, 4})}));
  CHECK(gradcheck(inplace("addbmm_"), {leaf({2, 4}), leaf({3, 2, 5}), leaf({3, 5, 4})}));
  CHECK(gradcheck(inplace("baddbmm_"), {leaf({3, 2, 4}), leaf({3, 2, 5}), leaf({3, 5, 4})}));
  CHECK(gradcheck(
      [](const Inputs& in) {
        Tensor self = in[0] * 1;
        self.addmv_(in[1], in[2], -1, 3);
        return self;
      },
      {leaf({2}), leaf({2, 3}), leaf({3})}));
  CHECK(gradcheck(
      [](const Inputs& in) {
        Tensor self = in[0] * 1;
        self.addr_(in[1], in[2], 2, 0.5);
        return self;
      },
      {leaf({2, 3}), leaf({2}), leaf({3})}));
  Tensor x = xgrad::randn({2, 4}, xgrad::kDouble), y = x.clone();
  x.addmm_(b1[0], b2[0], 2, -1);
  check_near(x, xgrad::addmm(y, b1[0], b2[0], 2, -1), 1e-12);
  Tensor leafy = leaf({2, 4}), nl = leafy * 1;
  nl.addmm_(b1[0], b2[0]);
  CHECK(grad_fn_name(nl) == "AddmmBackward0");
  Tensor vv = leaf({2}) * 1;
  CHECK(grad_fn_name(vv.addmv_(b1[0], b2[0].t()[0])) == "AddmvBackward0");
  Tensor rr = leaf({2, 4}) * 1;
  CHECK(grad_fn_name(rr.addr_(b1[0][0].narrow(0, 0, 2), b2[0][0])) == "AddrBackward0");

  CHECK_THROWS_WITH_AS(xgrad::addbmm(xgrad::zeros({2, 2}), xgrad::zeros({2, 2, 3}), xgrad::zeros({2, 2, 2})),
                       "Incompatible matrix sizes for bmm (2x3 and 2x2)", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::addbmm(xgrad::zeros({2, 2}), xgrad::zeros({2, 2}), xgrad::zeros({2, 2, 2})),
                       "batch1 must be a 3D tensor", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::baddbmm(xgrad::zeros({2, 2}), xgrad::zeros({2, 2, 3}), xgrad::zeros({2, 2, 2})),
                       "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 2].",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::baddbmm(xgrad::zeros({2, 2}), xgrad::zeros({2, 2, 3}), xgrad::zeros({3, 3, 2})),
                       "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3].",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1, 2}).addmm_(xgrad::zeros({2, 3}), xgrad::zeros({3, 2})),
                       "Bad in-place call: input tensor size [1, 2] and output tensor size [2, 2] should match",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).addmv_(xgrad::zeros({2, 3}), xgrad::zeros({3})),
                       "Bad in-place call: input tensor size [1] and output tensor size [2] should match", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1, 2}).addr_(xgrad::zeros({2}), xgrad::zeros({2})),
                       "size mismatch, input: [1, 2], v1: [2], v2: [2]", xgrad::Error);
}
