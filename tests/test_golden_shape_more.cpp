// Golden tests of the second shape family (reordering, triangles and diagonals, scatters, more
// views, joining and splitting, tensor products): outputs, input gradients and graphs against
// PyTorch 1.13's, from tests/golden/generate_shape_more.py's shape_more.json.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <string>
#include <vector>

#include "golden_ops.h"

namespace {

using namespace golden;
using xgrad::Tensor;

Tensors all(std::vector<Tensor> v) { return v; }

// The op ids of generate_shape_more.py's OPS, each mapped to the xgrad call it stands for.
const OpTable& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const OpTable table = {
      // reordering
      {"flip", {1, [](A a, X x) -> Tensors { return {xg::flip(x[0], a.ints("dims"))}; }}},
      {"fliplr", {1, [](A, X x) -> Tensors { return {x[0].fliplr()}; }}},
      {"flipud", {1, [](A, X x) -> Tensors { return {xg::flipud(x[0])}; }}},
      {"roll", {1, [](A a, X x) -> Tensors { return {xg::roll(x[0], a.ints("shifts"), a.ints("dims"))}; }}},
      {"rot90", {1, [](A a, X x) -> Tensors { return {x[0].rot90(a.i("k"), a.ints("dims"))}; }}},
      {"repeat", {1, [](A a, X x) -> Tensors { return {x[0].repeat(a.ints("repeats"))}; }}},
      {"tile", {1, [](A a, X x) -> Tensors { return {xg::tile(x[0], a.ints("dims"))}; }}},
      {"repeat_interleave_int",
       {1, [](A a, X x) -> Tensors { return {xg::repeat_interleave(x[0], a.i("repeats"), a.opt_i("dim"))}; }}},
      {"repeat_interleave_tensor",
       {2, [](A a, X x) -> Tensors { return {x[0].repeat_interleave(x[1], a.opt_i("dim"))}; }}},
      // triangles and diagonals
      {"tril", {1, [](A a, X x) -> Tensors { return {xg::tril(x[0], a.i("diagonal"))}; }}},
      {"triu", {1, [](A a, X x) -> Tensors { return {x[0].triu(a.i("diagonal"))}; }}},
      {"tril_", {1, [](A a, X x) -> Tensors { return {x[0].clone().tril_(a.i("diagonal"))}; }}},
      {"triu_", {1, [](A a, X x) -> Tensors { return {x[0].clone().triu_(a.i("diagonal"))}; }}},
      {"diagonal",
       {1, [](A a, X x) -> Tensors { return {xg::diagonal(x[0], a.i("offset"), a.i("dim1"), a.i("dim2"))}; }}},
      {"diag", {1, [](A a, X x) -> Tensors { return {xg::diag(x[0], a.i("diagonal"))}; }}},
      {"diag_embed",
       {1, [](A a, X x) -> Tensors { return {x[0].diag_embed(a.i("offset"), a.i("dim1"), a.i("dim2"))}; }}},
      {"diagflat", {1, [](A a, X x) -> Tensors { return {xg::diagflat(x[0], a.i("offset"))}; }}},
      // scatters
      {"diagonal_scatter",
       {2, [](A a, X x) -> Tensors {
          return {xg::diagonal_scatter(x[0], x[1], a.i("offset"), a.i("dim1"), a.i("dim2"))};
        }}},
      {"select_scatter",
       {2, [](A a, X x) -> Tensors { return {xg::select_scatter(x[0], x[1], a.i("dim"), a.i("index"))}; }}},
      {"slice_scatter",
       {2, [](A a, X x) -> Tensors {
          return {x[0].slice_scatter(x[1], a.i("dim"), a.opt_i("start"), a.opt_i("end"), a.i("step"))};
        }}},
      {"as_strided_scatter",
       {2, [](A a, X x) -> Tensors {
          return {xg::as_strided_scatter(x[0], x[1], a.ints("size"), a.ints("stride"), a.opt_i("storage_offset"))};
        }}},
      // views
      {"movedim", {1, [](A a, X x) -> Tensors { return {xg::movedim(x[0], a.ints("source"), a.ints("destination"))}; }}},
      {"swapaxes", {1, [](A a, X x) -> Tensors { return {x[0].swapaxes(a.i("axis0"), a.i("axis1"))}; }}},
      {"ravel", {1, [](A, X x) -> Tensors { return {xg::ravel(x[0])}; }}},
      {"unflatten", {1, [](A a, X x) -> Tensors { return {x[0].unflatten(a.i("dim"), a.ints("sizes"))}; }}},
      {"unfold", {1, [](A a, X x) -> Tensors { return {x[0].unfold(a.i("dimension"), a.i("size"), a.i("step"))}; }}},
      {"broadcast_to", {1, [](A a, X x) -> Tensors { return {xg::broadcast_to(x[0], a.ints("size"))}; }}},
      {"broadcast_tensors", {0, [](A, X x) { return all(xg::broadcast_tensors(x)); }}},
      {"atleast_1d", {1, [](A, X x) -> Tensors { return {xg::atleast_1d(x[0])}; }}},
      {"atleast_2d", {1, [](A, X x) -> Tensors { return {xg::atleast_2d(x[0])}; }}},
      {"atleast_3d", {1, [](A, X x) -> Tensors { return {xg::atleast_3d(x[0])}; }}},
      {"as_strided",
       {1, [](A a, X x) -> Tensors {
          return {xg::as_strided(x[0], a.ints("size"), a.ints("stride"), a.opt_i("storage_offset"))};
        }}},
      {"sum_to_size", {1, [](A a, X x) -> Tensors { return {x[0].sum_to_size(a.ints("size"))}; }}},
      {"mT", {1, [](A, X x) -> Tensors { return {x[0].mT()}; }}},
      {"adjoint", {1, [](A, X x) -> Tensors { return {xg::adjoint(x[0])}; }}},
      // joining and splitting
      {"hstack", {0, [](A, X x) -> Tensors { return {xg::hstack(x)}; }}},
      {"vstack", {0, [](A, X x) -> Tensors { return {xg::vstack(x)}; }}},
      {"dstack", {0, [](A, X x) -> Tensors { return {xg::dstack(x)}; }}},
      {"column_stack", {0, [](A, X x) -> Tensors { return {xg::column_stack(x)}; }}},
      {"tensor_split_sections",
       {1, [](A a, X x) { return all(xg::tensor_split(x[0], a.i("sections"), a.i("dim"))); }}},
      {"tensor_split_indices", {1, [](A a, X x) { return all(x[0].tensor_split(a.ints("indices"), a.i("dim"))); }}},
      {"hsplit", {1, [](A a, X x) { return all(x[0].hsplit(a.i("sections"))); }}},
      {"vsplit", {1, [](A a, X x) { return all(xg::vsplit(x[0], a.i("sections"))); }}},
      {"dsplit", {1, [](A a, X x) { return all(x[0].dsplit(a.i("sections"))); }}},
      {"meshgrid", {0, [](A a, X x) { return all(xg::meshgrid(x, a.s("indexing"))); }}},
      // tensor products
      {"kron", {2, [](A, X x) -> Tensors { return {xg::kron(x[0], x[1])}; }}},
      {"tensordot",
       {2, [](A a, X x) -> Tensors { return {xg::tensordot(x[0], x[1], a.ints("dims_self"), a.ints("dims_other"))}; }}},
      {"inner", {2, [](A, X x) -> Tensors { return {x[0].inner(x[1])}; }}},
      {"block_diag", {0, [](A, X x) -> Tensors { return {xg::block_diag(x)}; }}},
      {"cartesian_prod", {0, [](A, X x) -> Tensors { return {xg::cartesian_prod(x)}; }}},
  };
  return table;
}

}  // namespace

TEST_CASE("golden: shape_more") { run_family("shape_more", op_table()); }

TEST_CASE("golden: every shape_more op in the table has a case") {
  check_table_covered({"shape_more"}, op_table());
}
