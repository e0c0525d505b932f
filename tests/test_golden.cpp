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

#include "json.h"
#include "test_helpers.h"

namespace {

using test_helpers::shape_str;
using xgrad::Scalar;
using xgrad::ScalarType;
using xgrad::Tensor;

const char* const kFamilies[] = {"elementwise", "activation", "linalg", "reduce", "shape"};

const std::map<std::string, ScalarType>& dtype_names() {
  static const std::map<std::string, ScalarType> names = {{"float32", xgrad::kFloat}, {"float64", xgrad::kDouble},
                                                          {"int64", xgrad::kLong},    {"uint8", xgrad::kByte},
                                                          {"bool", xgrad::kBool}};
  return names;
}

ScalarType dtype_of(const std::string& name) {
  auto it = dtype_names().find(name);
  if (it == dtype_names().end()) throw json::Error("unknown dtype \"" + name + "\"");
  return it->second;
}

std::string dtype_name(ScalarType t) {
  for (const auto& [name, dtype] : dtype_names())
    if (dtype == t) return name;
  return xgrad::toString(t);
}

std::vector<int64_t> int_list(const json::Value& v) {
  std::vector<int64_t> out;
  for (const auto& x : v.as_array()) out.push_back(x.as_int());
  return out;
}

/// A case's "args" object, read strictly: a missing or mistyped argument throws.
class Args {
 public:
  explicit Args(const json::Value& v) : v_(v) {}
  int64_t i(const char* key) const { return v_[key].as_int(); }
  bool b(const char* key) const { return v_[key].as_bool(); }
  double d(const char* key) const { return v_[key].as_double(); }
  std::vector<int64_t> ints(const char* key) const { return int_list(v_[key]); }
  std::optional<int64_t> opt_i(const char* key) const {
    return v_[key].is_null() ? std::nullopt : std::optional<int64_t>(i(key));
  }
  /// Integer literals give an integral Scalar, others a floating one (type promotion depends on it);
  /// "inf" and "-inf" stand for the infinities JSON cannot write.
  Scalar scalar(const char* key) const {
    const json::Value& v = v_[key];
    if (v.is_string()) {
      if (v.as_string() == "inf") return Scalar(INFINITY);
      if (v.as_string() == "-inf") return Scalar(-INFINITY);
      throw json::Error(std::string("bad scalar for \"") + key + "\": " + v.as_string());
    }
    return v.is_integer() ? Scalar(v.as_int()) : Scalar(v.as_double());
  }
  std::optional<Scalar> opt_scalar(const char* key) const {
    return v_[key].is_null() ? std::nullopt : std::optional<Scalar>(scalar(key));
  }
  ScalarType dtype(const char* key) const { return dtype_of(v_[key].as_string()); }
  std::optional<ScalarType> opt_dtype(const char* key) const {
    return v_[key].is_null() ? std::nullopt : std::optional<ScalarType>(dtype(key));
  }

 private:
  const json::Value& v_;
};

using Tensors = std::vector<Tensor>;

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

// ---- tensors in and out of JSON ----

template <typename T>
T element(const json::Value& v) {
  if constexpr (std::is_same<T, bool>::value) {
    return v.as_bool();
  } else if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(v.as_double());  // exact: the file holds float32 values widened to double
  } else {
    int64_t i = v.as_int();
    if (static_cast<int64_t>(static_cast<T>(i)) != i) throw json::Error("integer out of range: " + std::to_string(i));
    return static_cast<T>(i);
  }
}

template <typename T>
Tensor from_json_typed(const json::Value& values, const std::vector<int64_t>& shape, ScalarType dtype) {
  const auto& list = values.as_array();
  T* data = new T[list.size() ? list.size() : 1];
  Tensor t = xgrad::from_blob(data, shape, [](void* p) { delete[] static_cast<T*>(p); }, dtype);
  for (size_t k = 0; k < list.size(); ++k) data[k] = element<T>(list[k]);
  return t;
}

/// A fresh contiguous tensor holding a {shape, dtype, values} object.
Tensor from_json(const json::Value& j) {
  std::vector<int64_t> shape = int_list(j["shape"]);
  int64_t numel = 1;
  for (int64_t s : shape) numel *= s;
  if (static_cast<int64_t>(j["values"].as_array().size()) != numel)
    throw json::Error("tensor with " + std::to_string(j["values"].as_array().size()) + " values for shape " +
                      shape_str(shape));
  ScalarType dtype = dtype_of(j["dtype"].as_string());
  switch (dtype) {
    case xgrad::kFloat: return from_json_typed<float>(j["values"], shape, dtype);
    case xgrad::kDouble: return from_json_typed<double>(j["values"], shape, dtype);
    case xgrad::kLong: return from_json_typed<int64_t>(j["values"], shape, dtype);
    case xgrad::kByte: return from_json_typed<uint8_t>(j["values"], shape, dtype);
    case xgrad::kBool: return from_json_typed<bool>(j["values"], shape, dtype);
  }
  throw json::Error("unhandled dtype");
}

template <typename T>
std::vector<T> values_of(const Tensor& t) {
  Tensor c = t.detach().contiguous();
  const T* p = c.data_ptr<T>();
  return std::vector<T>(p, p + c.numel());
}

struct Tolerance {
  double rtol, atol;
};

/// Empty if the values agree; otherwise how many differ, the worst one, and the tolerance.
template <typename T>
std::string compare_values(const Tensor& actual, const json::Value& expected, Tolerance tol) {
  std::vector<T> got = values_of<T>(actual);
  const auto& want = expected.as_array();
  std::ostringstream out;
  out.precision(10);
  if constexpr (std::is_floating_point<T>::value) {
    size_t bad = 0, worst = 0;
    double worst_excess = 0;
    for (size_t k = 0; k < got.size(); ++k) {
      double g = got[k], w = want[k].as_double();
      double excess = std::abs(g - w) / (tol.rtol * std::abs(w) + tol.atol);
      if (!(excess <= 1)) {  // a NaN fails too
        if (bad == 0 || !(excess <= worst_excess)) {
          worst = k;
          worst_excess = excess;
        }
        ++bad;
      }
    }
    if (bad)
      out << bad << " of " << got.size() << " values differ; worst at flat index " << worst << ": got " << got[worst]
          << ", want " << want[worst].as_double() << " (|a-b| <= " << tol.rtol << "|b| + " << tol.atol << ")";
  } else {
    size_t bad = 0, first = 0;
    for (size_t k = 0; k < got.size(); ++k)
      if (got[k] != element<T>(want[k]) && bad++ == 0) first = k;
    if (bad)
      out << bad << " of " << got.size() << " values differ; first at flat index " << first << ": got "
          << +got[first] << ", want " << +element<T>(want[first]);
  }
  return out.str();
}

/// Empty if `actual` has the expected dtype, shape and values; otherwise what differs, named `what`.
std::string compare(const Tensor& actual, const json::Value& expected, const std::string& what, Tolerance tol) {
  if (!actual.defined()) return what + ": undefined tensor";
  ScalarType dtype = dtype_of(expected["dtype"].as_string());
  if (actual.scalar_type() != dtype)
    return what + ": dtype " + dtype_name(actual.scalar_type()) + ", want " + dtype_name(dtype);
  std::vector<int64_t> shape = int_list(expected["shape"]);
  if (!(actual.sizes() == shape)) return what + ": shape " + shape_str(actual.sizes()) + ", want " + shape_str(shape);
  std::string diff;
  switch (dtype) {
    case xgrad::kFloat: diff = compare_values<float>(actual, expected["values"], tol); break;
    case xgrad::kDouble: diff = compare_values<double>(actual, expected["values"], tol); break;
    case xgrad::kLong: diff = compare_values<int64_t>(actual, expected["values"], tol); break;
    case xgrad::kByte: diff = compare_values<uint8_t>(actual, expected["values"], tol); break;
    case xgrad::kBool: diff = compare_values<bool>(actual, expected["values"], tol); break;
  }
  return diff.empty() ? diff : what + " " + shape_str(shape) + ": " + diff;
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
  bool float32 = false;
  for (const auto* list : {&in_json, &out_json, &grads})
    for (const auto& j : *list) float32 |= !j.is_null() && j["dtype"].as_string() == "float32";
  const Tolerance tol = float32 ? Tolerance{1e-5, 1e-6} : Tolerance{1e-10, 1e-12};
  if (outputs.size() != out_json.size())
    return std::to_string(outputs.size()) + " outputs, want " + std::to_string(out_json.size());
  std::string problems;
  auto note = [&](const std::string& p) {
    if (!p.empty()) problems += (problems.empty() ? "" : "\n  ") + p;
  };
  for (size_t k = 0; k < outputs.size(); ++k) note(compare(outputs[k], out_json[k], "output " + std::to_string(k), tol));

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

json::Value load_family(const std::string& family) {
  json::Value file = json::parse_file(std::string(XGRAD_GOLDEN_DIR) + "/" + family + ".json");
  if (file["family"].as_string() != family)
    throw json::Error(family + ".json: holds family \"" + file["family"].as_string() + "\"");
  if (file["cases"].as_array().empty()) throw json::Error(family + ".json: no cases");
  return file;
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
  for (const auto& [op, entry] : op_table()) CHECK_MESSAGE(used.count(op), "op id \"" << op << "\" has no golden case");
}
