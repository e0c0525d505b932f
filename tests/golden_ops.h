#pragma once
// Running golden op cases (tests/golden/generate*.py's files; generate.py's docstring describes the
// format): a family's op table maps each op id to the xgrad call it stands for; for each case the
// inputs are built, the op runs, the outputs are compared, outputs[0].backward(grad_output) runs, and
// each leaf's gradient is compared. Floating values must satisfy |a - b| <= rtol |b| + atol, with
// rtol 1e-5, atol 1e-6 in a case that involves float32 anywhere (a float64 result computed through
// float32 is only float32-accurate: summation order alone moves it by an ulp) and rtol 1e-10,
// atol 1e-12 in an all-float64 case; integers and bools, dtypes, shapes, requires_grad and the
// graph's node names match exactly. An op id missing from the table fails its case.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "golden_support.h"
#include "json.h"
#include "test_helpers.h"

namespace golden {

struct Op {
  size_t arity;  // number of inputs; 0 for any number (cat, stack)
  std::function<Tensors(const Args&, const Tensors&)> fn;
};

inline Op unary(Tensor (*f)(const Tensor&)) {
  return {1, [f](const Args&, const Tensors& x) -> Tensors { return {f(x[0])}; }};
}
inline Op binary(Tensor (*f)(const Tensor&, const Tensor&)) {
  return {2, [f](const Args&, const Tensors& x) -> Tensors { return {f(x[0], x[1])}; }};
}
inline Op scalar_rhs(Tensor (*f)(const Tensor&, const Scalar&)) {
  return {1, [f](const Args& a, const Tensors& x) -> Tensors { return {f(x[0], a.scalar("other"))}; }};
}
inline Tensors pair(const std::tuple<Tensor, Tensor>& t) { return {std::get<0>(t), std::get<1>(t)}; }
using OpTable = std::map<std::string, Op>;

// ---- running a case ----

/// Empty if the case passes; otherwise every mismatch, one per line.
inline std::string run_case(const json::Value& c, const OpTable& table) {
  const std::string& op = c["op"].as_string();
  auto entry = table.find(op);
  if (entry == table.end()) return "unknown op id \"" + op + "\": add it to the family's op table";

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

inline void run_family(const std::string& family, const OpTable& table) {
  json::Value file;
  REQUIRE_NOTHROW(file = load_family(family));
  const auto& cases = file["cases"].as_array();
  for (size_t k = 0; k < cases.size(); ++k) {
    std::string name = "case #" + std::to_string(k), problems;
    try {
      name = cases[k]["name"].as_string();
      problems = run_case(cases[k], table);
    } catch (const std::exception& e) {  // a malformed case, or an xgrad error outside the op call
      problems = std::string("threw: ") + e.what();
    }
    CHECK_MESSAGE(problems.empty(), family << ".json: " << name << ":\n  " << problems);
  }
}

/// Every op id of `table` is used by some case of `families` (an untested entry is a gap).
inline void check_table_covered(std::initializer_list<const char*> families, const OpTable& table) {
  std::set<std::string> used;
  for (const char* family : families) {
    json::Value file;
    REQUIRE_NOTHROW(file = load_family(family));
    for (const auto& c : file["cases"].as_array()) used.insert(c["op"].as_string());
  }
  for (const auto& item : table) {
    const std::string& op = item.first;  // (a structured binding cannot be captured by CHECK_MESSAGE in C++17)
    CHECK_MESSAGE(used.count(op), "op id \"" << op << "\" has no golden case");
  }
}

}  // namespace golden
