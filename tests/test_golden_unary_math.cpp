// Golden tests of the unary math family (ops/unary_math.cpp, ops/special_math.cpp): outputs, input
// gradients and graphs against PyTorch 1.13's, from tests/golden/generate_unary_math.py's unary_math.json.
#include <doctest/doctest.h>
#include <xgrad/special.h>
#include <xgrad/xgrad.h>

#include <optional>
#include <string>

#include "golden_ops.h"

namespace {

using namespace golden;
using xgrad::Tensor;

/// An optional float argument (null in JSON: none).
std::optional<double> opt_d(const Args& a, const char* key) {
  if (a[key].is_null()) return std::nullopt;
  return a.d(key);
}

// The op ids of generate_unary_math.py's OPS, each mapped to the xgrad call it stands for.
const OpTable& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const OpTable table = {
      {"abs", unary(xg::abs)},
      {"absolute", unary(xg::absolute)},
      {"acos", unary(xg::acos)},
      {"acosh", unary(xg::acosh)},
      {"arccos", unary(xg::arccos)},
      {"arccosh", unary(xg::arccosh)},
      {"arcsin", unary(xg::arcsin)},
      {"arcsinh", unary(xg::arcsinh)},
      {"arctan", unary(xg::arctan)},
      {"arctanh", unary(xg::arctanh)},
      {"asin", unary(xg::asin)},
      {"asinh", unary(xg::asinh)},
      {"atan", unary(xg::atan)},
      {"atanh", unary(xg::atanh)},
      {"ceil", unary(xg::ceil)},
      {"cos", unary(xg::cos)},
      {"cosh", unary(xg::cosh)},
      {"deg2rad", unary(xg::deg2rad)},
      {"digamma", unary(xg::digamma)},
      {"erf", unary(xg::erf)},
      {"erfc", unary(xg::erfc)},
      {"erfinv", unary(xg::erfinv)},
      {"exp2", unary(xg::exp2)},
      {"exp", unary(xg::exp)},
      {"expm1", unary(xg::expm1)},
      {"fix", unary(xg::fix)},
      {"floor", unary(xg::floor)},
      {"frac", unary(xg::frac)},
      {"i0", unary(xg::i0)},
      {"lgamma", unary(xg::lgamma)},
      {"log10", unary(xg::log10)},
      {"log1p", unary(xg::log1p)},
      {"log2", unary(xg::log2)},
      {"log", unary(xg::log)},
      {"neg", unary(xg::neg)},
      {"negative", unary(xg::negative)},
      {"rad2deg", unary(xg::rad2deg)},
      {"reciprocal", unary(xg::reciprocal)},
      {"round", unary(xg::round)},
      {"rsqrt", unary(xg::rsqrt)},
      {"sgn", unary(xg::sgn)},
      {"sigmoid", unary(xg::sigmoid)},
      {"tanh", unary(xg::tanh)},
      {"sign", unary(xg::sign)},
      {"signbit", unary(xg::signbit)},
      {"sin", unary(xg::sin)},
      {"sinc", unary(xg::sinc)},
      {"sinh", unary(xg::sinh)},
      {"square", unary(xg::square)},
      {"tan", unary(xg::tan)},
      {"trunc", unary(xg::trunc)},
      {"angle", unary(xg::angle)},
      {"isnan", unary(xg::isnan)},
      {"isinf", unary(xg::isinf)},
      {"isfinite", unary(xg::isfinite)},
      {"isneginf", unary(xg::isneginf)},
      {"isposinf", unary(xg::isposinf)},
      {"isreal", unary(xg::isreal)},
      {"special_airy_ai", unary(xg::special::airy_ai)},
      {"special_bessel_j0", unary(xg::special::bessel_j0)},
      {"special_bessel_j1", unary(xg::special::bessel_j1)},
      {"special_bessel_y0", unary(xg::special::bessel_y0)},
      {"special_bessel_y1", unary(xg::special::bessel_y1)},
      {"special_digamma", unary(xg::special::digamma)},
      {"special_entr", unary(xg::special::entr)},
      {"special_erf", unary(xg::special::erf)},
      {"special_erfc", unary(xg::special::erfc)},
      {"special_erfcx", unary(xg::special::erfcx)},
      {"special_erfinv", unary(xg::special::erfinv)},
      {"special_exp2", unary(xg::special::exp2)},
      {"special_expit", unary(xg::special::expit)},
      {"special_expm1", unary(xg::special::expm1)},
      {"special_gammaln", unary(xg::special::gammaln)},
      {"special_i0", unary(xg::special::i0)},
      {"special_i0e", unary(xg::special::i0e)},
      {"special_i1", unary(xg::special::i1)},
      {"special_i1e", unary(xg::special::i1e)},
      {"special_log1p", unary(xg::special::log1p)},
      {"special_log_ndtr", unary(xg::special::log_ndtr)},
      {"special_logit", unary(xg::special::logit)},
      {"special_modified_bessel_i0", unary(xg::special::modified_bessel_i0)},
      {"special_modified_bessel_i1", unary(xg::special::modified_bessel_i1)},
      {"special_modified_bessel_k0", unary(xg::special::modified_bessel_k0)},
      {"special_modified_bessel_k1", unary(xg::special::modified_bessel_k1)},
      {"special_scaled_modified_bessel_k0", unary(xg::special::scaled_modified_bessel_k0)},
      {"special_scaled_modified_bessel_k1", unary(xg::special::scaled_modified_bessel_k1)},
      {"special_spherical_bessel_j0", unary(xg::special::spherical_bessel_j0)},
      {"special_ndtr", unary(xg::special::ndtr)},
      {"special_ndtri", unary(xg::special::ndtri)},
      {"special_psi", unary(xg::special::psi)},
      {"special_round", unary(xg::special::round)},
      {"special_sinc", unary(xg::special::sinc)},
      {"abs_", {1, [](A, X x) -> Tensors { return {x[0].clone().abs_()}; }}},
      {"acos_", {1, [](A, X x) -> Tensors { return {x[0].clone().acos_()}; }}},
      {"asin_", {1, [](A, X x) -> Tensors { return {x[0].clone().asin_()}; }}},
      {"atan_", {1, [](A, X x) -> Tensors { return {x[0].clone().atan_()}; }}},
      {"ceil_", {1, [](A, X x) -> Tensors { return {x[0].clone().ceil_()}; }}},
      {"cos_", {1, [](A, X x) -> Tensors { return {x[0].clone().cos_()}; }}},
      {"cosh_", {1, [](A, X x) -> Tensors { return {x[0].clone().cosh_()}; }}},
      {"deg2rad_", {1, [](A, X x) -> Tensors { return {x[0].clone().deg2rad_()}; }}},
      {"digamma_", {1, [](A, X x) -> Tensors { return {x[0].clone().digamma_()}; }}},
      {"erf_", {1, [](A, X x) -> Tensors { return {x[0].clone().erf_()}; }}},
      {"erfc_", {1, [](A, X x) -> Tensors { return {x[0].clone().erfc_()}; }}},
      {"erfinv_", {1, [](A, X x) -> Tensors { return {x[0].clone().erfinv_()}; }}},
      {"exp2_", {1, [](A, X x) -> Tensors { return {x[0].clone().exp2_()}; }}},
      {"exp_", {1, [](A, X x) -> Tensors { return {x[0].clone().exp_()}; }}},
      {"expm1_", {1, [](A, X x) -> Tensors { return {x[0].clone().expm1_()}; }}},
      {"fix_", {1, [](A, X x) -> Tensors { return {x[0].clone().fix_()}; }}},
      {"floor_", {1, [](A, X x) -> Tensors { return {x[0].clone().floor_()}; }}},
      {"frac_", {1, [](A, X x) -> Tensors { return {x[0].clone().frac_()}; }}},
      {"i0_", {1, [](A, X x) -> Tensors { return {x[0].clone().i0_()}; }}},
      {"lgamma_", {1, [](A, X x) -> Tensors { return {x[0].clone().lgamma_()}; }}},
      {"log10_", {1, [](A, X x) -> Tensors { return {x[0].clone().log10_()}; }}},
      {"log1p_", {1, [](A, X x) -> Tensors { return {x[0].clone().log1p_()}; }}},
      {"log2_", {1, [](A, X x) -> Tensors { return {x[0].clone().log2_()}; }}},
      {"log_", {1, [](A, X x) -> Tensors { return {x[0].clone().log_()}; }}},
      {"neg_", {1, [](A, X x) -> Tensors { return {x[0].clone().neg_()}; }}},
      {"negative_", {1, [](A, X x) -> Tensors { return {x[0].clone().negative_()}; }}},
      {"rad2deg_", {1, [](A, X x) -> Tensors { return {x[0].clone().rad2deg_()}; }}},
      {"reciprocal_", {1, [](A, X x) -> Tensors { return {x[0].clone().reciprocal_()}; }}},
      {"round_", {1, [](A, X x) -> Tensors { return {x[0].clone().round_()}; }}},
      {"rsqrt_", {1, [](A, X x) -> Tensors { return {x[0].clone().rsqrt_()}; }}},
      {"sgn_", {1, [](A, X x) -> Tensors { return {x[0].clone().sgn_()}; }}},
      {"sigmoid_", {1, [](A, X x) -> Tensors { return {x[0].clone().sigmoid_()}; }}},
      {"tanh_", {1, [](A, X x) -> Tensors { return {x[0].clone().tanh_()}; }}},
      {"sign_", {1, [](A, X x) -> Tensors { return {x[0].clone().sign_()}; }}},
      {"sin_", {1, [](A, X x) -> Tensors { return {x[0].clone().sin_()}; }}},
      {"sinc_", {1, [](A, X x) -> Tensors { return {x[0].clone().sinc_()}; }}},
      {"sinh_", {1, [](A, X x) -> Tensors { return {x[0].clone().sinh_()}; }}},
      {"square_", {1, [](A, X x) -> Tensors { return {x[0].clone().square_()}; }}},
      {"tan_", {1, [](A, X x) -> Tensors { return {x[0].clone().tan_()}; }}},
      {"trunc_", {1, [](A, X x) -> Tensors { return {x[0].clone().trunc_()}; }}},
      {"arccos_", {1, [](A, X x) -> Tensors { return {x[0].clone().arccos_()}; }}},
      {"arcsin_", {1, [](A, X x) -> Tensors { return {x[0].clone().arcsin_()}; }}},
      {"arctan_", {1, [](A, X x) -> Tensors { return {x[0].clone().arctan_()}; }}},
      {"absolute_", {1, [](A, X x) -> Tensors { return {x[0].clone().absolute_()}; }}},
      {"round_decimals", {1, [](A a, X x) -> Tensors { return {xg::round(x[0], a.i("decimals"))}; }}},
      {"round_decimals_", {1, [](A a, X x) -> Tensors { return {x[0].clone().round_(a.i("decimals"))}; }}},
      {"logit", {1, [](A a, X x) -> Tensors { return {xg::logit(x[0], opt_d(a, "eps"))}; }}},
      {"logit_", {1, [](A a, X x) -> Tensors { return {x[0].clone().logit_(opt_d(a, "eps"))}; }}},
      {"mvlgamma", {1, [](A a, X x) -> Tensors { return {xg::mvlgamma(x[0], a.i("p"))}; }}},
      {"mvlgamma_", {1, [](A a, X x) -> Tensors { return {x[0].clone().mvlgamma_(a.i("p"))}; }}},
      {"special_multigammaln", {1, [](A a, X x) -> Tensors { return {xg::special::multigammaln(x[0], a.i("p"))}; }}},
      {"polygamma", {1, [](A a, X x) -> Tensors { return {xg::polygamma(a.i("n"), x[0])}; }}},
      {"polygamma_", {1, [](A a, X x) -> Tensors { return {x[0].clone().polygamma_(a.i("n"))}; }}},
      {"special_polygamma", {1, [](A a, X x) -> Tensors { return {xg::special::polygamma(a.i("n"), x[0])}; }}},
      {"nan_to_num",
       {1, [](A a, X x) -> Tensors {
          return {xg::nan_to_num(x[0], opt_d(a, "nan"), opt_d(a, "posinf"), opt_d(a, "neginf"))};
        }}},
      {"nan_to_num_",
       {1, [](A a, X x) -> Tensors {
          return {x[0].clone().nan_to_num_(opt_d(a, "nan"), opt_d(a, "posinf"), opt_d(a, "neginf"))};
        }}},
      {"hardshrink", {1, [](A a, X x) -> Tensors { return {x[0].hardshrink(a.scalar("lambd"))}; }}},
      {"positive", {1, [](A, X x) -> Tensors { return {xg::positive(x[0]).exp()}; }}},
      {"special_softmax", {1, [](A a, X x) -> Tensors { return {xg::special::softmax(x[0], a.i("dim"), std::nullopt)}; }}},
      {"special_log_softmax",
       {1, [](A a, X x) -> Tensors { return {xg::special::log_softmax(x[0], a.i("dim"), std::nullopt)}; }}},
  };
  return table;
}

}  // namespace

TEST_CASE("golden: unary_math") { run_family("unary_math", op_table()); }

TEST_CASE("golden: every unary_math op in the table has a case") { check_table_covered({"unary_math"}, op_table()); }
