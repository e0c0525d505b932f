#pragma once
// torch::special: the special functions of libtorch's <torch/special.h>, in namespace xgrad::special.
// Pointwise, in the input's floating dtype (integers give kFloat). The Bessel and Airy functions are not
// differentiable (their results never require grad), as in libtorch.
#include <cstdint>
#include <optional>

#include <xgrad/functions.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace special {

/// log|gamma(x)|: lgamma.
Tensor gammaln(const Tensor& self);
Tensor& gammaln_out(Tensor& result, const Tensor& self);
/// digamma.
Tensor psi(const Tensor& self);
Tensor& psi_out(Tensor& result, const Tensor& self);
Tensor digamma(const Tensor& self);
Tensor& digamma_out(Tensor& result, const Tensor& self);
/// -x log(x), 0 at 0, -inf for x < 0.
Tensor entr(const Tensor& self);
Tensor& entr_out(Tensor& result, const Tensor& self);
Tensor erf(const Tensor& self);
Tensor& erf_out(Tensor& result, const Tensor& self);
Tensor erfc(const Tensor& self);
Tensor& erfc_out(Tensor& result, const Tensor& self);
/// exp(x^2) erfc(x), the scaled complementary error function.
Tensor erfcx(const Tensor& self);
Tensor& erfcx_out(Tensor& result, const Tensor& self);
Tensor erfinv(const Tensor& self);
Tensor& erfinv_out(Tensor& result, const Tensor& self);
/// The inverse of ndtr: the x with ndtr(x) = p.
Tensor ndtri(const Tensor& self);
Tensor& ndtri_out(Tensor& result, const Tensor& self);
/// log(ndtr(x)), accurate far into the lower tail.
Tensor log_ndtr(const Tensor& self);
Tensor& log_ndtr_out(Tensor& result, const Tensor& self);
/// log(x / (1 - x)).
Tensor logit(const Tensor& self);
Tensor& logit_out(Tensor& result, const Tensor& self);
/// 1 / (1 + exp(-x)): sigmoid.
Tensor expit(const Tensor& self);
Tensor& expit_out(Tensor& result, const Tensor& self);
Tensor exp2(const Tensor& self);
Tensor& exp2_out(Tensor& result, const Tensor& self);
Tensor expm1(const Tensor& self);
Tensor& expm1_out(Tensor& result, const Tensor& self);
Tensor i0(const Tensor& self);
Tensor& i0_out(Tensor& result, const Tensor& self);
/// The standard normal CDF, (1 + erf(x / sqrt(2))) / 2.
Tensor ndtr(const Tensor& self);
Tensor& ndtr_out(Tensor& result, const Tensor& self);
/// exp(-|x|) i0(x).
Tensor i0e(const Tensor& self);
Tensor& i0e_out(Tensor& result, const Tensor& self);
/// The modified Bessel function of the first kind, order 1.
Tensor i1(const Tensor& self);
Tensor& i1_out(Tensor& result, const Tensor& self);
/// exp(-|x|) i1(x).
Tensor i1e(const Tensor& self);
Tensor& i1e_out(Tensor& result, const Tensor& self);
/// sin(pi x) / (pi x), 1 at 0.
Tensor sinc(const Tensor& self);
Tensor& sinc_out(Tensor& result, const Tensor& self);
Tensor round(const Tensor& self);
Tensor& round_out(Tensor& result, const Tensor& self);
Tensor log1p(const Tensor& self);
Tensor& log1p_out(Tensor& result, const Tensor& self);
/// The Airy function Ai.
Tensor airy_ai(const Tensor& self);
Tensor& airy_ai_out(Tensor& result, const Tensor& self);
/// J0, J1, Y0, Y1: Bessel functions of the first and second kind.
Tensor bessel_j0(const Tensor& self);
Tensor& bessel_j0_out(Tensor& result, const Tensor& self);
Tensor bessel_j1(const Tensor& self);
Tensor& bessel_j1_out(Tensor& result, const Tensor& self);
Tensor bessel_y0(const Tensor& self);
Tensor& bessel_y0_out(Tensor& result, const Tensor& self);
Tensor bessel_y1(const Tensor& self);
Tensor& bessel_y1_out(Tensor& result, const Tensor& self);
/// I0, I1, K0, K1: modified Bessel functions of the first and second kind.
Tensor modified_bessel_i0(const Tensor& self);
Tensor& modified_bessel_i0_out(Tensor& result, const Tensor& self);
Tensor modified_bessel_i1(const Tensor& self);
Tensor& modified_bessel_i1_out(Tensor& result, const Tensor& self);
Tensor modified_bessel_k0(const Tensor& self);
Tensor& modified_bessel_k0_out(Tensor& result, const Tensor& self);
Tensor modified_bessel_k1(const Tensor& self);
Tensor& modified_bessel_k1_out(Tensor& result, const Tensor& self);
/// exp(x) K0(x) and exp(x) K1(x).
Tensor scaled_modified_bessel_k0(const Tensor& self);
Tensor& scaled_modified_bessel_k0_out(Tensor& result, const Tensor& self);
Tensor scaled_modified_bessel_k1(const Tensor& self);
Tensor& scaled_modified_bessel_k1_out(Tensor& result, const Tensor& self);
/// sin(x) / x, 1 at 0.
Tensor spherical_bessel_j0(const Tensor& self);
Tensor& spherical_bessel_j0_out(Tensor& result, const Tensor& self);
/// sum_i lgamma(x - i/2) + p(p-1)/4 log(pi): mvlgamma.
Tensor multigammaln(const Tensor& self, int64_t p);
Tensor& multigammaln_out(Tensor& result, const Tensor& self, int64_t p);
Tensor polygamma(int64_t n, const Tensor& self);
Tensor& polygamma_out(Tensor& result, int64_t n, const Tensor& self);
Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype);
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype);

}  // namespace special
}  // namespace xgrad
