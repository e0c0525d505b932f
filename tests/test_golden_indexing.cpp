// Golden tests of the indexing ops (ops/indexing.cpp): outputs, input gradients and graphs against
// PyTorch 1.13's, from tests/golden/indexing.json (written by tests/golden/generate_indexing.py).
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <optional>
#include <string>
#include <vector>

#include "golden_ops.h"

namespace {

using namespace golden;
using xgrad::Tensor;

/// Inputs from `first` on as an advanced index list, after `leading` full dims.
std::vector<std::optional<Tensor>> index_list(const Tensors& x, size_t first, size_t leading = 0) {
  std::vector<std::optional<Tensor>> out(leading);
  for (size_t k = first; k < x.size(); ++k) out.emplace_back(x[k]);
  return out;
}

// The op ids of generate_indexing.py's INDEXING_OPS, each mapped to the xgrad call it stands for.
const OpTable& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const OpTable table = {
      {"gather", {2, [](A a, X x) -> Tensors { return {xg::gather(x[0], a.i("dim"), x[1])}; }}},
      {"scatter", {3, [](A a, X x) -> Tensors { return {xg::scatter(x[0], a.i("dim"), x[1], x[2])}; }}},
      {"scatter_value", {2, [](A a, X x) -> Tensors { return {x[0].scatter(a.i("dim"), x[1], a.scalar("value"))}; }}},
      {"scatter_add", {3, [](A a, X x) -> Tensors { return {xg::scatter_add(x[0], a.i("dim"), x[1], x[2])}; }}},
      {"scatter_reduce",
       {3, [](A a, X x) -> Tensors {
          return {xg::scatter_reduce(x[0], a.i("dim"), x[1], x[2], a.s("reduce"), a.b("include_self"))};
        }}},
      {"masked_fill", {2, [](A a, X x) -> Tensors { return {xg::masked_fill(x[0], x[1], a.scalar("value"))}; }}},
      {"masked_fill_tensor", {3, [](A, X x) -> Tensors { return {x[0].masked_fill(x[1], x[2])}; }}},
      {"masked_select", {2, [](A, X x) -> Tensors { return {xg::masked_select(x[0], x[1])}; }}},
      {"masked_scatter", {3, [](A, X x) -> Tensors { return {xg::masked_scatter(x[0], x[1], x[2])}; }}},
      {"index_add",
       {3, [](A a, X x) -> Tensors { return {xg::index_add(x[0], a.i("dim"), x[1], x[2], a.scalar("alpha"))}; }}},
      {"index_copy", {3, [](A a, X x) -> Tensors { return {xg::index_copy(x[0], a.i("dim"), x[1], x[2])}; }}},
      {"index_fill", {2, [](A a, X x) -> Tensors { return {xg::index_fill(x[0], a.i("dim"), x[1], a.scalar("value"))}; }}},
      {"index_fill_tensor", {3, [](A a, X x) -> Tensors { return {x[0].index_fill(a.i("dim"), x[1], x[2])}; }}},
      {"index_reduce",
       {3, [](A a, X x) -> Tensors {
          return {xg::index_reduce(x[0], a.i("dim"), x[1], x[2], a.s("reduce"), a.b("include_self"))};
        }}},
      {"take", {2, [](A, X x) -> Tensors { return {xg::take(x[0], x[1])}; }}},
      {"take_along_dim", {2, [](A a, X x) -> Tensors { return {xg::take_along_dim(x[0], x[1], a.opt_i("dim"))}; }}},
      {"put", {3, [](A a, X x) -> Tensors { return {xg::put(x[0], x[1], x[2], a.b("accumulate"))}; }}},
      {"where", {3, [](A, X x) -> Tensors { return {xg::where(x[0], x[1], x[2])}; }}},
      {"where_scalar_other", {2, [](A a, X x) -> Tensors { return {xg::where(x[0], x[1], a.scalar("other"))}; }}},
      {"nonzero", {1, [](A, X x) -> Tensors { return {xg::nonzero(x[0])}; }}},
      {"index", {0, [](A, X x) -> Tensors { return {xg::index(x[0], index_list(x, 1))}; }}},
      {"index_after_slice", {0, [](A, X x) -> Tensors {
         using xgrad::indexing::Slice;
         std::vector<xgrad::indexing::TensorIndex> list{Slice()};
         for (size_t k = 1; k < x.size(); ++k) list.emplace_back(x[k]);
         return {x[0].index(list)};
       }}},
      {"index_put",
       {0, [](A a, X x) -> Tensors { return {xg::index_put(x[0], index_list(x, 2), x[1], a.b("accumulate"))}; }}},
  };
  return table;
}

}  // namespace

TEST_CASE("golden: indexing") { run_family("indexing", op_table()); }

TEST_CASE("golden: every indexing op in the table has a case") { check_table_covered({"indexing"}, op_table()); }
