// Golden tests of the tensor ops: outputs, input gradients and graphs against PyTorch 1.13's, read
// from the files tests/golden/generate.py wrote; golden_ops.h runs the cases and gives the tolerances.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <map>
#include <string>

#include "golden_ops.h"

namespace {

using namespace golden;
using xgrad::Tensor;

// The op ids of generate.py's PY_OPS, each mapped to the xgrad call it stands for.
const OpTable& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const OpTable table = {
      // elementwise
      {"add", {2, [](A a, X x) -> Tensors { return {xg::add(x[0], x[1], a.scalar("alpha"))}; }}},
      {"add_scalar", {1, [](A a, X x) -> Tensors { return {xg::add(x[0], a.scalar("other"), a.scalar("alpha"))}; }}},
      {"sub", {2, [](A a, X x) -> Tensors { return {xg::sub(x[0], x[1], a.scalar("alpha"))}; }}},
      {"sub_scalar", {1, [](A a, X x) -> Tensors { return {xg::sub(x[0], a.scalar("other"), a.scalar("alpha"))}; }}},
      {"rsub_scalar", {1, [](A a, X x) -> Tensors { return {a.scalar("value") - x[0]}; }}},
      {"mul", binary(xg::mul)},
      {"mul_scalar", scalar_rhs(xg::mul)},
      {"div", binary(xg::div)},
      {"xlogy", binary(xg::xlogy)},
      {"div_scalar", scalar_rhs(xg::div)},
      {"rdiv_scalar", {1, [](A a, X x) -> Tensors { return {a.scalar("value") / x[0]}; }}},
      {"neg", unary(xg::neg)},
      {"pow", binary(xg::pow)},
      {"pow_scalar", {1, [](A a, X x) -> Tensors { return {xg::pow(x[0], a.scalar("exponent"))}; }}},
      {"pow_scalar_base", {1, [](A a, X x) -> Tensors { return {xg::pow(a.scalar("base"), x[0])}; }}},
      {"exp", unary(xg::exp)},
      {"log", unary(xg::log)},
      {"sqrt", unary(xg::sqrt)},
      {"abs", unary(xg::abs)},
      {"clamp", {1, [](A a, X x) -> Tensors { return {xg::clamp(x[0], a.opt_scalar("min"), a.opt_scalar("max"))}; }}},
      {"clamp_min", {1, [](A a, X x) -> Tensors { return {xg::clamp_min(x[0], a.scalar("min"))}; }}},
      {"clamp_max", {1, [](A a, X x) -> Tensors { return {xg::clamp_max(x[0], a.scalar("max"))}; }}},
      {"eq", binary(xg::eq)},
      {"ne", binary(xg::ne)},
      {"lt", binary(xg::lt)},
      {"le", binary(xg::le)},
      {"gt", binary(xg::gt)},
      {"ge", binary(xg::ge)},
      {"eq_scalar", scalar_rhs(xg::eq)},
      {"ne_scalar", scalar_rhs(xg::ne)},
      {"lt_scalar", scalar_rhs(xg::lt)},
      {"le_scalar", scalar_rhs(xg::le)},
      {"gt_scalar", scalar_rhs(xg::gt)},
      {"ge_scalar", scalar_rhs(xg::ge)},
      {"equal", {2, [](A, X x) -> Tensors { return {xg::tensor(xg::equal(x[0], x[1]))}; }}},
      {"allclose",
       {2, [](A a, X x) -> Tensors { return {xg::tensor(xg::allclose(x[0], x[1], a.d("rtol"), a.d("atol")))}; }}},
      // activation
      {"sigmoid", unary(xg::sigmoid)},
      {"tanh", unary(xg::tanh)},
      {"relu", unary(xg::relu)},
      {"softmax", {1, [](A a, X x) -> Tensors { return {xg::softmax(x[0], a.i("dim"), a.opt_dtype("dtype"))}; }}},
      {"log_softmax",
       {1, [](A a, X x) -> Tensors { return {xg::log_softmax(x[0], a.i("dim"), a.opt_dtype("dtype"))}; }}},
      // linalg
      {"matmul", binary(xg::matmul)},
      {"mm", binary(xg::mm)},
      {"bmm", binary(xg::bmm)},
      // reduce
      {"sum", {1, [](A a, X x) -> Tensors { return {xg::sum(x[0], a.opt_dtype("dtype"))}; }}},
      {"sum_dim",
       {1, [](A a, X x) -> Tensors { return {xg::sum(x[0], a.ints("dim"), a.b("keepdim"), a.opt_dtype("dtype"))}; }}},
      {"mean", {1, [](A a, X x) -> Tensors { return {xg::mean(x[0], a.opt_dtype("dtype"))}; }}},
      {"mean_dim",
       {1, [](A a, X x) -> Tensors { return {xg::mean(x[0], a.ints("dim"), a.b("keepdim"), a.opt_dtype("dtype"))}; }}},
      {"max", unary(xg::max)},
      {"max_dim", {1, [](A a, X x) { return pair(xg::max(x[0], a.i("dim"), a.b("keepdim"))); }}},
      {"min", unary(xg::min)},
      {"min_dim", {1, [](A a, X x) { return pair(xg::min(x[0], a.i("dim"), a.b("keepdim"))); }}},
      {"argmax", {1, [](A a, X x) -> Tensors { return {xg::argmax(x[0], a.opt_i("dim"), a.b("keepdim"))}; }}},
      {"argmin", {1, [](A a, X x) -> Tensors { return {xg::argmin(x[0], a.opt_i("dim"), a.b("keepdim"))}; }}},
      {"all", unary(xg::all)},
      {"all_dim", {1, [](A a, X x) -> Tensors { return {xg::all(x[0], a.i("dim"), a.b("keepdim"))}; }}},
      {"any", unary(xg::any)},
      {"any_dim", {1, [](A a, X x) -> Tensors { return {xg::any(x[0], a.i("dim"), a.b("keepdim"))}; }}},
      {"norm", {1, [](A a, X x) -> Tensors { return {xg::norm(x[0], a.scalar("p"))}; }}},
      {"norm_dim",
       {1, [](A a, X x) -> Tensors { return {xg::norm(x[0], a.opt_scalar("p"), a.ints("dim"), a.b("keepdim"))}; }}},
      {"var", {1, [](A a, X x) -> Tensors { return {xg::var(x[0], a.b("unbiased"))}; }}},
      {"var_dim",
       {1, [](A a, X x) -> Tensors { return {xg::var(x[0], a.ints("dim"), a.b("unbiased"), a.b("keepdim"))}; }}},
      {"std", {1, [](A a, X x) -> Tensors { return {xg::std(x[0], a.b("unbiased"))}; }}},
      {"std_dim",
       {1, [](A a, X x) -> Tensors { return {xg::std(x[0], a.ints("dim"), a.b("unbiased"), a.b("keepdim"))}; }}},
      // shape
      {"view", {1, [](A a, X x) -> Tensors { return {x[0].view(a.ints("size"))}; }}},
      {"view_as", {2, [](A, X x) -> Tensors { return {x[0].view_as(x[1])}; }}},
      {"reshape", {1, [](A a, X x) -> Tensors { return {xg::reshape(x[0], a.ints("shape"))}; }}},
      {"reshape_as", {2, [](A, X x) -> Tensors { return {x[0].reshape_as(x[1])}; }}},
      {"flatten", {1, [](A a, X x) -> Tensors { return {xg::flatten(x[0], a.i("start_dim"), a.i("end_dim"))}; }}},
      {"squeeze", unary(xg::squeeze)},
      {"squeeze_dim", {1, [](A a, X x) -> Tensors { return {xg::squeeze(x[0], a.i("dim"))}; }}},
      {"unsqueeze", {1, [](A a, X x) -> Tensors { return {xg::unsqueeze(x[0], a.i("dim"))}; }}},
      {"transpose", {1, [](A a, X x) -> Tensors { return {xg::transpose(x[0], a.i("dim0"), a.i("dim1"))}; }}},
      {"t", unary(xg::t)},
      {"permute", {1, [](A a, X x) -> Tensors { return {xg::permute(x[0], a.ints("dims"))}; }}},
      {"expand", {1, [](A a, X x) -> Tensors { return {x[0].expand(a.ints("size"))}; }}},
      {"expand_as", {2, [](A, X x) -> Tensors { return {x[0].expand_as(x[1])}; }}},
      {"select", {1, [](A a, X x) -> Tensors { return {xg::select(x[0], a.i("dim"), a.i("index"))}; }}},
      {"index_int", {1, [](A a, X x) -> Tensors { return {x[0][a.i("index")]}; }}},
      {"narrow",
       {1, [](A a, X x) -> Tensors { return {xg::narrow(x[0], a.i("dim"), a.i("start"), a.i("length"))}; }}},
      {"slice",
       {1, [](A a, X x) -> Tensors { return {x[0].slice(a.i("dim"), a.opt_i("start"), a.opt_i("end"), a.i("step"))}; }}},
      {"cat", {0, [](A a, X x) -> Tensors { return {xg::cat(x, a.i("dim"))}; }}},
      {"stack", {0, [](A a, X x) -> Tensors { return {xg::stack(x, a.i("dim"))}; }}},
      {"index_select", {2, [](A a, X x) -> Tensors { return {xg::index_select(x[0], a.i("dim"), x[1])}; }}},
      {"to", {1, [](A a, X x) -> Tensors { return {x[0].to(a.dtype("dtype"))}; }}},
      {"clone", {1, [](A, X x) -> Tensors { return {x[0].clone()}; }}},
      {"contiguous", {1, [](A, X x) -> Tensors { return {x[0].contiguous()}; }}},
  };
  return table;
}

}  // namespace

TEST_CASE("golden: elementwise") { run_family("elementwise", op_table()); }
TEST_CASE("golden: activation") { run_family("activation", op_table()); }
TEST_CASE("golden: linalg") { run_family("linalg", op_table()); }
TEST_CASE("golden: reduce") { run_family("reduce", op_table()); }
TEST_CASE("golden: shape") { run_family("shape", op_table()); }

TEST_CASE("golden: every op in the table has a case") {
  check_table_covered({"elementwise", "activation", "linalg", "reduce", "shape"}, op_table());
}
