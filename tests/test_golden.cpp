// Golden tests: every op's outputs and input gradients against PyTorch 1.13's, read from the files
// tests/golden/generate.py wrote (its docstring describes the format). For each case the inputs are
// built, the op runs through the table below, the outputs are compared, outputs[0].backward(grad_output)
// runs, and each leaf's gradient is compared. Floating values must satisfy |a - b| <= rtol |b| + atol,
// with rtol 1e-5, atol 1e-6 in a case that involves float32 anywhere (a float64 result computed through
// float32 is only float32-accurate: summation order alone moves it by an ulp) and rtol 1e-10, atol 1e-12
// in an all-float64 case; integers and bools, dtypes, shapes and requires_grad match exactly. An op id missing from the table fails its case.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "golden_support.h"
#include "json.h"
#include "test_helpers.h"

namespace {

using namespace golden;
using test_helpers::shape_str;
using xgrad::Scalar;
using xgrad::ScalarType;
using xgrad::Tensor;

const char* const kFamilies[] = {"elementwise", "activation", "linalg", "reduce", "shape"};


struct Op {
  size_t arity;  // number of inputs; 0 for any number (cat, stack)
  std::function<Tensors(const Args&, const Tensors&)> fn;
};

Op unary(Tensor (*f)(const Tensor&)) {
  return {1, [f](const Args&, const Tensors& x) -> Tensors { return {f(x[0])}; }};
}
Op binary(Tensor (*f)(const Tensor&, const Tensor&)) {
  return {2, [f](const Args&, const Tensors& x) -> Tensors { return {f(x[0], x[1])}; }};
}
Op scalar_rhs(Tensor (*f)(const Tensor&, const Scalar&)) {
  return {1, [f](const Args& a, const Tensors& x) -> Tensors { return {f(x[0], a.scalar("other"))}; }};
}
Tensors pair(const std::tuple<Tensor, Tensor>& t) { return {std::get<0>(t), std::get<1>(t)}; }

// The op ids of generate.py's PY_OPS, each mapped to the xgrad call it stands for.
const std::map<std::string, Op>& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const std::map<std::string, Op> table = {
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

// ---- running a case ----

/// Empty if the case passes; otherwise every mismatch, one per line.
std::string run_case(const json::Value& c) {
  const std::string& op = c["op"].as_string();
  auto entry = op_table().find(op);
  if (entry == op_table().end()) return "unknown op id \"" + op + "\": add it to the op table in test_golden.cpp";

  const auto& in_json = c["inputs"].as_array();
  if (entry->second.arity && entry->second.arity != in_json.size())
    return "op \"" + op + "\" takes " + std::to_string(entry->second.arity) + " inputs, the case has " +
           std::to_string(in_json.size());
  Tensors leaves, inputs;
  for (const auto& j : in_json) {
    Tensor leaf = from_json(j);
    if (j["requires_grad"].as_bool()) leaf.requires_grad_();
    leaves.push_back(leaf);
    inputs.push_back(j.contains("permute") ? leaf.permute(int_list(j["permute"])) : leaf);
  }

  Tensors outputs;
  try {
    outputs = entry->second.fn(Args(c["args"]), inputs);
  } catch (const xgrad::Error& e) {
    return std::string("forward threw: ") + e.what();
  }
  const auto& out_json = c["outputs"].as_array();
  const json::Value& grad_output = c["grad_output"];
  const auto& grads = c["grads"].as_array();
  const Tolerance tol = tolerance_for({&in_json, &out_json, &grads});
  if (outputs.size() != out_json.size())
    return std::to_string(outputs.size()) + " outputs, want " + std::to_string(out_json.size());
  std::string problems;
  auto note = [&](const std::string& p) {
    if (!p.empty()) problems += (problems.empty() ? "" : "\n  ") + p;
  };
  for (size_t k = 0; k < outputs.size(); ++k) note(compare(outputs[k], out_json[k], "output " + std::to_string(k), tol));
  const std::string graph = test_helpers::graph_str(outputs[0].grad_fn());
  if (graph != c["graph"].as_string()) note("graph " + graph + ", PyTorch's " + c["graph"].as_string());

  if (outputs[0].requires_grad() != !grad_output.is_null())
    note(std::string("output 0 ") + (outputs[0].requires_grad() ? "requires grad, PyTorch's does not"
                                                                 : "does not require grad, PyTorch's does"));
  if (!grad_output.is_null() && outputs[0].requires_grad()) {
    try {
      outputs[0].backward(from_json(grad_output));
    } catch (const xgrad::Error& e) {
      note(std::string("backward threw: ") + e.what());
      return problems;
    }
  }
  for (size_t k = 0; k < leaves.size(); ++k) {
    std::string what = "grad of input " + std::to_string(k);
    if (grads.at(k).is_null()) {
      if (leaves[k].grad().defined()) note(what + ": defined, PyTorch has none");
    } else {
      note(compare(leaves[k].grad(), grads[k], what, tol));
    }
  }
  return problems;
}

void run_family(const std::string& family) {
  json::Value file;
  REQUIRE_NOTHROW(file = load_family(family));
  const auto& cases = file["cases"].as_array();
  for (size_t k = 0; k < cases.size(); ++k) {
    std::string name = "case #" + std::to_string(k), problems;
    try {
      name = cases[k]["name"].as_string();
      problems = run_case(cases[k]);
    } catch (const std::exception& e) {  // a malformed case, or an xgrad error outside the op call
      problems = std::string("threw: ") + e.what();
    }
    CHECK_MESSAGE(problems.empty(), family << ".json: " << name << ":\n  " << problems);
  }
}

}  // namespace

TEST_CASE("golden: elementwise") { run_family("elementwise"); }
TEST_CASE("golden: activation") { run_family("activation"); }
TEST_CASE("golden: linalg") { run_family("linalg"); }
TEST_CASE("golden: reduce") { run_family("reduce"); }
TEST_CASE("golden: shape") { run_family("shape"); }

TEST_CASE("golden: every op in the table has a case") {
  std::set<std::string> used;
  for (const char* family : kFamilies) {
    json::Value file;
    REQUIRE_NOTHROW(file = load_family(family));
    for (const auto& c : file["cases"].as_array()) used.insert(c["op"].as_string());
  }
  for (const auto& item : op_table()) {
    const std::string& op = item.first;  // (a structured binding cannot be captured by CHECK_MESSAGE in C++17)
    CHECK_MESSAGE(used.count(op), "op id \"" << op << "\" has no golden case");
  }
}
