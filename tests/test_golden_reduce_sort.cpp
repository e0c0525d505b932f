// Golden tests of the reduce_sort family (ops/reduce.cpp's prod ... diff, ops/sort.cpp, ops/scan.cpp's
// cumprod, cummax, cummin, logcumsumexp): outputs, input gradients and graphs against PyTorch 1.13's,
// from tests/golden/reduce_sort.json (written by tests/golden/generate_reduce_sort.py).
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <string>

#include "golden_ops.h"

namespace {

using namespace golden;
using xgrad::Tensor;

// The op ids of generate_reduce_sort.py's OPS, each mapped to the xgrad call it stands for.
const OpTable& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const OpTable table = {
      {"prod", {1, [](A a, X x) -> Tensors { return {xg::prod(x[0], a.opt_dtype("dtype"))}; }}},
      {"prod_dim",
       {1, [](A a, X x) -> Tensors { return {xg::prod(x[0], a.i("dim"), a.b("keepdim"), a.opt_dtype("dtype"))}; }}},
      {"amax", {1, [](A a, X x) -> Tensors { return {xg::amax(x[0], a.ints("dim"), a.b("keepdim"))}; }}},
      {"amin", {1, [](A a, X x) -> Tensors { return {xg::amin(x[0], a.ints("dim"), a.b("keepdim"))}; }}},
      {"aminmax", {1, [](A a, X x) { return pair(xg::aminmax(x[0], a.opt_i("dim"), a.b("keepdim"))); }}},
      {"logsumexp", {1, [](A a, X x) -> Tensors { return {xg::logsumexp(x[0], a.ints("dim"), a.b("keepdim"))}; }}},
      {"nansum", {1, [](A a, X x) -> Tensors { return {xg::nansum(x[0], a.ints("dim"), a.b("keepdim"))}; }}},
      {"nanmean", {1, [](A a, X x) -> Tensors { return {xg::nanmean(x[0], a.ints("dim"), a.b("keepdim"))}; }}},
      {"count_nonzero", {1, [](A a, X x) -> Tensors { return {xg::count_nonzero(x[0], xg::IntArrayRef(a.ints("dim")))}; }}},
      {"dist", {2, [](A a, X x) -> Tensors { return {xg::dist(x[0], x[1], a.scalar("p"))}; }}},
      {"trace", unary(xg::trace)},
      {"var_mean",
       {1, [](A a, X x) { return pair(xg::var_mean(x[0], a.ints("dim"), a.b("unbiased"), a.b("keepdim"))); }}},
      {"std_mean",
       {1, [](A a, X x) { return pair(xg::std_mean(x[0], a.ints("dim"), a.b("unbiased"), a.b("keepdim"))); }}},
      {"var_mean_all", {1, [](A a, X x) { return pair(xg::var_mean(x[0], a.b("unbiased"))); }}},
      {"std_mean_all", {1, [](A a, X x) { return pair(xg::std_mean(x[0], a.b("unbiased"))); }}},
      {"diff", {1, [](A a, X x) -> Tensors { return {xg::diff(x[0], a.i("n"), a.i("dim"))}; }}},
      {"diff_prepend_append",
       {3, [](A a, X x) -> Tensors { return {xg::diff(x[0], a.i("n"), a.i("dim"), x[1], x[2])}; }}},
      {"sort", {1, [](A a, X x) { return pair(xg::sort(x[0], a.i("dim"), a.b("descending"))); }}},
      {"sort_stable",
       {1, [](A a, X x) { return pair(xg::sort(x[0], std::optional<bool>(true), a.i("dim"), a.b("descending"))); }}},
      {"argsort", {1, [](A a, X x) -> Tensors { return {xg::argsort(x[0], a.i("dim"), a.b("descending"))}; }}},
      {"msort", unary(xg::msort)},
      {"topk", {1, [](A a, X x) { return pair(xg::topk(x[0], a.i("k"), a.i("dim"), a.b("largest"), true)); }}},
      {"kthvalue", {1, [](A a, X x) { return pair(xg::kthvalue(x[0], a.i("k"), a.i("dim"), a.b("keepdim"))); }}},
      {"median", {1, [](A, X x) -> Tensors { return {xg::median(x[0])}; }}},
      {"median_dim", {1, [](A a, X x) { return pair(xg::median(x[0], a.i("dim"), a.b("keepdim"))); }}},
      {"nanmedian", {1, [](A, X x) -> Tensors { return {xg::nanmedian(x[0])}; }}},
      {"nanmedian_dim", {1, [](A a, X x) { return pair(xg::nanmedian(x[0], a.i("dim"), a.b("keepdim"))); }}},
      {"mode", {1, [](A a, X x) { return pair(xg::mode(x[0], a.i("dim"), a.b("keepdim"))); }}},
      {"cumprod", {1, [](A a, X x) -> Tensors { return {xg::cumprod(x[0], a.i("dim"), a.opt_dtype("dtype"))}; }}},
      {"cummax", {1, [](A a, X x) { return pair(xg::cummax(x[0], a.i("dim"))); }}},
      {"cummin", {1, [](A a, X x) { return pair(xg::cummin(x[0], a.i("dim"))); }}},
      {"logcumsumexp", {1, [](A a, X x) -> Tensors { return {xg::logcumsumexp(x[0], a.i("dim"))}; }}},
  };
  return table;
}

}  // namespace

TEST_CASE("golden: reduce_sort") { run_family("reduce_sort", op_table()); }

TEST_CASE("golden: reduce_sort's every op in the table has a case") {
  check_table_covered({"reduce_sort"}, op_table());
}
