// Golden tests of the neural-network ops (convolution, pooling, normalization, dropout, embedding,
// leaky_relu, losses) against PyTorch 1.13, read from tests/golden/nn.json (generate_nn.py writes it;
// its docstring gives the format). For each case the inputs are built (null ones stay undefined), the
// op runs through the table below, its outputs are compared (batch_norm's include the running stats it
// updated in place), outputs[0].backward(grad_output) runs, and each leaf's gradient is compared.
// Tolerances are test_golden.cpp's: rtol 1e-5, atol 1e-6 in a case that involves float32 (whose
// references are PyTorch's float64 results rounded to float32), rtol 1e-10, atol 1e-12 otherwise.
// A separate test checks that outputs[0]'s node has PyTorch's name.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "golden_support.h"

namespace {

using golden::Args;
using golden::Tensors;
using xgrad::Tensor;

struct Op {
  size_t arity;  // number of inputs, undefined ones included
  std::function<Tensors(const Args&, const Tensors&)> fn;
};

int64_t reduction(const Args& a) {
  const std::string& r = a.s("reduction");
  if (r == "none") return xgrad::Reduction::None;
  if (r == "mean") return xgrad::Reduction::Mean;
  if (r == "sum") return xgrad::Reduction::Sum;
  throw json::Error("unknown reduction \"" + r + "\"");
}

// The op ids of generate_nn.py's PY_OPS, each mapped to the xgrad call it stands for.
const std::map<std::string, Op>& op_table() {
  using A = const Args&;
  using X = const Tensors&;
  namespace xg = xgrad;
  static const std::map<std::string, Op> table = {
      {"conv1d",
       {3,
        [](A a, X x) -> Tensors {
          return {xg::conv1d(x[0], x[1], x[2], a.ints("stride"), a.ints("padding"), a.ints("dilation"), a.i("groups"))};
        }}},
      {"conv2d",
       {3,
        [](A a, X x) -> Tensors {
          return {xg::conv2d(x[0], x[1], x[2], a.ints("stride"), a.ints("padding"), a.ints("dilation"), a.i("groups"))};
        }}},
      {"conv_transpose2d",
       {3,
        [](A a, X x) -> Tensors {
          return {xg::conv_transpose2d(x[0], x[1], x[2], a.ints("stride"), a.ints("padding"), a.ints("output_padding"),
                                       a.i("groups"), a.ints("dilation"))};
        }}},
      {"max_pool2d",
       {1,
        [](A a, X x) -> Tensors {
          return {xg::max_pool2d(x[0], a.ints("kernel_size"), a.ints("stride"), a.ints("padding"), a.ints("dilation"),
                                 a.b("ceil_mode"))};
        }}},
      {"max_pool2d_with_indices",
       {1,
        [](A a, X x) -> Tensors {
          auto [out, indices] = xg::max_pool2d_with_indices(x[0], a.ints("kernel_size"), a.ints("stride"),
                                                            a.ints("padding"), a.ints("dilation"), a.b("ceil_mode"));
          return {out, indices};
        }}},
      {"avg_pool2d",
       {1,
        [](A a, X x) -> Tensors {
          return {xg::avg_pool2d(x[0], a.ints("kernel_size"), a.ints("stride"), a.ints("padding"), a.b("ceil_mode"),
                                 a.b("count_include_pad"), a.opt_i("divisor_override"))};
        }}},
      {"adaptive_avg_pool2d",
       {1, [](A a, X x) -> Tensors { return {xg::adaptive_avg_pool2d(x[0], a.ints("output_size"))}; }}},
      {"batch_norm",
       {5,
        [](A a, X x) -> Tensors {
          Tensors out = {xg::batch_norm(x[0], x[1], x[2], x[3], x[4], a.b("training"), a.d("momentum"), a.d("eps"))};
          for (size_t k : {3, 4})
            if (x[k].defined()) out.push_back(x[k]);  // the running stats, after the update
          return out;
        }}},
      {"layer_norm",
       {3,
        [](A a, X x) -> Tensors {
          return {xg::layer_norm(x[0], a.ints("normalized_shape"), x[1], x[2], a.d("eps"))};
        }}},
      {"dropout", {1, [](A a, X x) -> Tensors { return {xg::dropout(x[0], a.d("p"), a.b("train"))}; }}},
      {"feature_dropout", {1, [](A a, X x) -> Tensors { return {xg::feature_dropout(x[0], a.d("p"), a.b("train"))}; }}},
      {"embedding",
       {2,
        [](A a, X x) -> Tensors {
          return {xg::embedding(x[0], x[1], a.i("padding_idx"), a.b("scale_grad_by_freq"), a.b("sparse"))};
        }}},
      {"leaky_relu", {1, [](A a, X x) -> Tensors { return {xg::leaky_relu(x[0], a.scalar("negative_slope"))}; }}},
      {"linear", {3, [](A, X x) -> Tensors { return {xg::nn::functional::linear(x[0], x[1], x[2])}; }}},
      {"nll_loss",
       {3, [](A a, X x) -> Tensors { return {xg::nll_loss(x[0], x[1], x[2], reduction(a), a.i("ignore_index"))}; }}},
      {"cross_entropy_loss",
       {3,
        [](A a, X x) -> Tensors {
          return {xg::cross_entropy_loss(x[0], x[1], x[2], reduction(a), a.i("ignore_index"), a.d("label_smoothing"))};
        }}},
      {"mse_loss", {2, [](A a, X x) -> Tensors { return {xg::mse_loss(x[0], x[1], reduction(a))}; }}},
      {"l1_loss", {2, [](A a, X x) -> Tensors { return {xg::l1_loss(x[0], x[1], reduction(a))}; }}},
      {"smooth_l1_loss",
       {2, [](A a, X x) -> Tensors { return {xg::smooth_l1_loss(x[0], x[1], reduction(a), a.d("beta"))}; }}},
      {"binary_cross_entropy",
       {3, [](A a, X x) -> Tensors { return {xg::binary_cross_entropy(x[0], x[1], x[2], reduction(a))}; }}},
      {"binary_cross_entropy_with_logits",
       {4,
        [](A a, X x) -> Tensors {
          return {xg::binary_cross_entropy_with_logits(x[0], x[1], x[2], x[3], reduction(a))};
        }}},
      {"kl_div", {2, [](A a, X x) -> Tensors { return {xg::kl_div(x[0], x[1], reduction(a), a.b("log_target"))}; }}},
  };
  return table;
}

struct Outcome {
  std::string problems;  // empty if the case passes; otherwise every mismatch, one per line
  std::string graph;     // outputs[0]'s graph (test_helpers::graph_str), "none" if it has no node
};

Outcome run_case(const json::Value& c) {
  Outcome result;
  auto note = [&](const std::string& p) {
    if (!p.empty()) result.problems += (result.problems.empty() ? "" : "\n  ") + p;
  };
  const std::string& op = c["op"].as_string();
  auto entry = op_table().find(op);
  if (entry == op_table().end()) {
    note("unknown op id \"" + op + "\": add it to the op table in test_golden_nn.cpp");
    return result;
  }
  const auto& in_json = c["inputs"].as_array();
  if (entry->second.arity != in_json.size()) {
    note("op \"" + op + "\" takes " + std::to_string(entry->second.arity) + " inputs, the case has " +
         std::to_string(in_json.size()));
    return result;
  }
  Tensors leaves, inputs;
  for (const auto& j : in_json) {
    Tensor leaf;
    if (!j.is_null()) {
      leaf = golden::from_json(j);
      if (j["requires_grad"].as_bool()) leaf.requires_grad_();
    }
    leaves.push_back(leaf);
    inputs.push_back(!j.is_null() && j.contains("permute") ? leaf.permute(golden::int_list(j["permute"])) : leaf);
  }

  Tensors outputs;
  try {
    outputs = entry->second.fn(Args(c["args"]), inputs);
  } catch (const xgrad::Error& e) {
    note(std::string("forward threw: ") + e.what());
    return result;
  }
  result.graph = test_helpers::graph_str(outputs[0].grad_fn());
  const auto& out_json = c["outputs"].as_array();
  const json::Value& grad_output = c["grad_output"];
  const auto& grads = c["grads"].as_array();
  const golden::Tolerance tol = golden::tolerance_for({&in_json, &out_json, &grads});
  if (outputs.size() != out_json.size()) {
    note(std::to_string(outputs.size()) + " outputs, want " + std::to_string(out_json.size()));
    return result;
  }
  for (size_t k = 0; k < outputs.size(); ++k)
    note(golden::compare(outputs[k], out_json[k], "output " + std::to_string(k), tol));

  if (outputs[0].requires_grad() != !grad_output.is_null())
    note(std::string("output 0 ") + (outputs[0].requires_grad() ? "requires grad, PyTorch's does not"
                                                                 : "does not require grad, PyTorch's does"));
  if (!grad_output.is_null() && outputs[0].requires_grad()) {
    try {
      outputs[0].backward(golden::from_json(grad_output));
    } catch (const xgrad::Error& e) {
      note(std::string("backward threw: ") + e.what());
      return result;
    }
  }
  for (size_t k = 0; k < leaves.size(); ++k) {
    std::string what = "grad of input " + std::to_string(k);
    if (grads.at(k).is_null()) {
      if (leaves[k].defined() && leaves[k].grad().defined()) note(what + ": defined, PyTorch has none");
    } else {
      note(golden::compare(leaves[k].grad(), grads[k], what, tol));
    }
  }
  return result;
}

const json::Value& nn_file() {
  static const json::Value file = golden::load_family("nn");
  return file;
}

/// Runs every case of the given ops; each failing case is one failed check naming it.
void run_ops(const std::set<std::string>& ops) {
  const json::Value* file = nullptr;
  REQUIRE_NOTHROW(file = &nn_file());
  size_t ran = 0;
  for (const auto& c : (*file)["cases"].as_array()) {
    if (!ops.count(c["op"].as_string())) continue;
    ++ran;
    std::string problems;
    try {
      problems = run_case(c).problems;
    } catch (const std::exception& e) {  // a malformed case, or an xgrad error outside the op call
      problems = std::string("threw: ") + e.what();
    }
    CHECK_MESSAGE(problems.empty(), "nn.json: " << c["name"].as_string() << ":\n  " << problems);
  }
  CHECK(ran > 0);
}

}  // namespace

TEST_CASE("golden nn: convolution") { run_ops({"conv1d", "conv2d", "conv_transpose2d"}); }
TEST_CASE("golden nn: max pooling") { run_ops({"max_pool2d", "max_pool2d_with_indices"}); }
TEST_CASE("golden nn: average pooling") { run_ops({"avg_pool2d", "adaptive_avg_pool2d"}); }
TEST_CASE("golden nn: batch_norm") { run_ops({"batch_norm"}); }
TEST_CASE("golden nn: layer_norm") { run_ops({"layer_norm"}); }
TEST_CASE("golden nn: dropout without randomness") { run_ops({"dropout", "feature_dropout"}); }
TEST_CASE("golden nn: embedding") { run_ops({"embedding"}); }
TEST_CASE("golden nn: leaky_relu") { run_ops({"leaky_relu"}); }
TEST_CASE("golden nn: linear") { run_ops({"linear"}); }
TEST_CASE("golden nn: nll_loss") { run_ops({"nll_loss"}); }
TEST_CASE("golden nn: cross_entropy_loss") { run_ops({"cross_entropy_loss"}); }
TEST_CASE("golden nn: regression losses") { run_ops({"mse_loss", "l1_loss", "smooth_l1_loss"}); }
TEST_CASE("golden nn: binary cross entropy") { run_ops({"binary_cross_entropy", "binary_cross_entropy_with_logits"}); }
TEST_CASE("golden nn: kl_div") { run_ops({"kl_div"}); }

TEST_CASE("golden nn: every op in the table has a case") {
  std::set<std::string> used;
  for (const auto& c : nn_file()["cases"].as_array()) used.insert(c["op"].as_string());
  for (const auto& item : op_table()) {
    const std::string& op = item.first;  // (a structured binding cannot be captured by CHECK_MESSAGE in C++17)
    CHECK_MESSAGE(used.count(op), "op id \"" << op << "\" has no golden case");
  }
}

/// Where xgrad's graph is not PyTorch's by design: cross entropy is one fused node, named after the
/// last op of PyTorch's log_softmax + nll_loss composition (NllLossBackward0, AddBackward0 with
/// label smoothing, NegBackward0 / DivBackward1 for class probabilities), so its grad_fn is PyTorch's
/// but the nodes under it are not: its backward is one pass over the logits (softmax less the
/// target), where PyTorch's chain makes several.
bool fused_in_xgrad(const std::string& case_name) { return case_name.rfind("cross_entropy", 0) == 0; }

/// "NllLossBackward0" of "NllLossBackward0(LogSoftmaxBackward0(...))".
std::string top_node(const std::string& graph) { return graph.substr(0, graph.find('(')); }

TEST_CASE("golden nn: outputs come from PyTorch's graphs") {
  for (const auto& c : nn_file()["cases"].as_array()) {
    const std::string& name = c["name"].as_string();
    const std::string& want = c["graph"].as_string();
    Outcome got;
    try {
      got = run_case(c);
    } catch (const std::exception&) {
      continue;  // the op's own test case reports it
    }
    if (got.graph.empty()) continue;  // the forward failed: reported there too
    if (fused_in_xgrad(name)) {
      CHECK_MESSAGE(top_node(got.graph) == top_node(want),
                    "nn.json: " << name << ": grad_fn " << top_node(got.graph) << ", PyTorch's " << top_node(want));
      // A fused case that comes to match PyTorch's whole graph leaves fused_in_xgrad.
      CHECK_MESSAGE(got.graph != want, "nn.json: " << name << ": the graph is PyTorch's, not fused");
    } else {
      CHECK_MESSAGE(got.graph == want, "nn.json: " << name << ": graph " << got.graph << ", PyTorch's " << want);
    }
  }
}
