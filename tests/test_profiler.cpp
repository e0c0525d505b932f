// The profiler (autograd/profiler.h): a training step's rows in each phase with the calls its
// structure implies, self time excluding nested scopes, nested windows, threads, the table's text,
// the file form, and that nothing is timed while no RecordProfile is alive.
#include <doctest/doctest.h>

#include <xgrad/autograd/profiler.h>
#include <xgrad/xgrad.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using doctest::Contains;
using xgrad::Tensor;
using xgrad::autograd::profiler::ProfileEntry;
using xgrad::autograd::profiler::RecordFunction;
using xgrad::autograd::profiler::RecordProfile;
namespace nn = xgrad::nn;

namespace {

/// The row for (phase, name), or nullopt.
std::optional<ProfileEntry> find(const std::vector<ProfileEntry>& entries, const std::string& phase,
                                 const std::string& name) {
  for (const ProfileEntry& e : entries)
    if (e.phase == phase && e.name == name) return e;
  return std::nullopt;
}

int64_t calls(const std::vector<ProfileEntry>& entries, const std::string& phase, const std::string& name) {
  const auto e = find(entries, phase, name);
  return e ? e->calls : 0;
}

bool contains(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }

/// Busy for at least `ms` of wall time (a sleep could be cut short or run long; this cannot end early).
void spin(double ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double, std::milli>(ms);
  while (std::chrono::steady_clock::now() < end) {
  }
}

}  // namespace

TEST_CASE("convolution and pooling are rows of their own, forward and backward") {
  const Tensor x = xgrad::randn({2, 1, 8, 8});
  const Tensor w = xgrad::randn({3, 1, 3, 3}).requires_grad_();
  std::ostringstream text;
  std::vector<ProfileEntry> entries;
  {
    RecordProfile profile(text);
    const Tensor pooled = xgrad::max_pool2d(xgrad::conv2d(x, w), 2);
    xgrad::avg_pool2d(xgrad::adaptive_avg_pool2d(pooled, {2, 2}), 2).sum().backward();
    entries = profile.entries();
  }
  CHECK(calls(entries, "forward", "conv2d") == 1);
  CHECK(calls(entries, "forward", "max_pool2d") == 1);
  CHECK(calls(entries, "forward", "adaptive_avg_pool2d") == 1);
  CHECK(calls(entries, "forward", "avg_pool2d") == 1);
  CHECK(calls(entries, "backward", "ConvolutionBackward0") == 1);
  CHECK(calls(entries, "backward", "MaxPool2DWithIndicesBackward0") == 1);
}

TEST_CASE("a training step: each phase's rows, with the calls the model implies") {
  xgrad::manual_seed(0);
  nn::Sequential net(nn::Linear(4, 8), nn::ReLU(), nn::Linear(8, 3));
  xgrad::optim::SGD optimizer(net->parameters(), xgrad::optim::SGDOptions(0.1));
  const Tensor x = xgrad::randn({5, 4});
  const Tensor y = xgrad::tensor({0, 2, 1, 1, 0}, xgrad::kLong);

  std::ostringstream text;
  std::vector<ProfileEntry> entries;
  {
    RecordProfile profile(text);
    optimizer.zero_grad();
    Tensor loss = nn::functional::cross_entropy(net->forward(x), y);
    loss.backward();
    optimizer.step();
    entries = profile.entries();
  }

  // Two Linear layers (F::linear): each one addmm (b + x W^T, as libtorch) of W.t().
  CHECK(calls(entries, "forward", "linear") == 2);
  CHECK(calls(entries, "forward", "addmm") == 2);
  CHECK(calls(entries, "forward", "t") == 2);
  CHECK(calls(entries, "forward", "matmul") == 0);
  CHECK(calls(entries, "forward", "add") == 0);
  CHECK(calls(entries, "forward", "relu") == 1);
  CHECK(calls(entries, "forward", "cross_entropy_loss") == 1);
  // One backward pass: a node per recorded op, AccumulateGrad per parameter (2 weights, 2 biases).
  CHECK(calls(entries, "backward", "engine") == 1);
  CHECK(calls(entries, "backward", "AddmmBackward0") == 2);
  CHECK(calls(entries, "backward", "TBackward0") == 2);
  CHECK(calls(entries, "backward", "ReluBackward0") == 1);
  CHECK(calls(entries, "backward", "NllLossBackward0") == 1);
  CHECK(calls(entries, "backward", "torch::autograd::AccumulateGrad") == 4);
  // The bias gradients [5, n] are summed to [n] by the engine: ops it runs count as backward.
  CHECK(calls(entries, "backward", "sum") >= 2);
  CHECK(calls(entries, "forward", "sum") == 0);
  // SGD updates the 4 parameters in one _fused_sgd_, inside the step.
  CHECK(calls(entries, "optimizer", "SGD.step") == 1);
  CHECK(calls(entries, "optimizer", "Optimizer.zero_grad") == 1);
  CHECK(calls(entries, "optimizer", "_fused_sgd_") == 1);
  CHECK(calls(entries, "optimizer", "add_") == 0);
  CHECK(calls(entries, "forward", "add_") == 0);

  for (const ProfileEntry& e : entries) {
    CAPTURE(e.phase);
    CAPTURE(e.name);
    CHECK(e.calls > 0);
    CHECK(e.self_ms >= 0);
    CHECK(e.self_ms <= e.total_ms);
  }
  // A node's total includes the ops it runs; the whole pass (engine) includes every node.
  const auto engine = find(entries, "backward", "engine");
  REQUIRE(engine);
  for (const ProfileEntry& e : entries)
    if (e.phase == "backward" && e.name != "engine") CHECK(e.total_ms <= engine->total_ms);

  const std::string table = text.str();
  CHECK(contains(table, "xgrad profile"));
  for (const char* word : {"forward", "backward", "optimizer", "calls", "self ms", "self %", "total ms", "addmm",
                           "AddmmBackward0", "AccumulateGrad", "SGD.step", "(backward total)", "ms wall"}) {
    CAPTURE(word);
    CHECK(contains(table, word));
  }
  // Phases in order, each once.
  CHECK(table.find("\nforward") < table.find("\nbackward"));
  CHECK(table.find("\nbackward") < table.find("\noptimizer"));
}

TEST_CASE("a scope's self time excludes the scopes inside it; ops in a user scope stay forward") {
  const Tensor a = xgrad::randn({64, 64}), b = xgrad::randn({64, 64});
  std::ostringstream sink;
  RecordProfile profile(sink);
  {
    RecordFunction outer("outer");
    spin(5);
    Tensor c = xgrad::mm(a, b);
    {
      RecordFunction inner((std::string("in") + "ner").c_str());  // a temporary name is copied
      spin(10);
    }
  }
  const auto entries = profile.entries();
  const auto outer = find(entries, "user", "outer");
  const auto inner = find(entries, "user", "inner");
  const auto mm = find(entries, "forward", "mm");
  REQUIRE(outer);
  REQUIRE(inner);
  REQUIRE(mm);
  CHECK(outer->calls == 1);
  CHECK(inner->calls == 1);
  CHECK(mm->calls == 1);
  CHECK(inner->total_ms >= 10);
  CHECK(outer->self_ms >= 5);
  // Its children are exactly inner and mm: outer's self time is its total without theirs.
  CHECK(outer->self_ms == doctest::Approx(outer->total_ms - inner->total_ms - mm->total_ms).epsilon(1e-6));
  CHECK(outer->self_ms < outer->total_ms - 10);
}

TEST_CASE("a scope directly inside one of the same name is part of it (an op's overloads)") {
  const Tensor scalar = xgrad::tensor(3.0);
  REQUIRE(scalar.dim() == 0);
  std::ostringstream sink;
  RecordProfile profile(sink);
  {
    RecordFunction outer("same");
    RecordFunction inner("same");
    CHECK_FALSE(inner.isActive());
    RecordFunction other("other");
    RecordFunction again("same");  // not directly inside "same": a call of its own
    CHECK(again.isActive());
  }
  // A 0-dim index_select calls index_select on a 1-D view of itself.
  xgrad::index_select(scalar, 0, xgrad::tensor({0}, xgrad::kLong));
  const auto entries = profile.entries();
  CHECK(calls(entries, "user", "same") == 2);
  CHECK(calls(entries, "user", "other") == 1);
  CHECK(calls(entries, "forward", "index_select") == 1);
}

TEST_CASE("nothing is timed while no RecordProfile is alive") {
  {
    RecordFunction scope("idle");
    CHECK_FALSE(scope.isActive());
  }
  std::optional<RecordFunction> started_before(std::in_place, "started before");
  (xgrad::ones({16}) + xgrad::ones({16})).sum();
  std::ostringstream sink;
  RecordProfile profile(sink);
  CHECK(profile.entries().empty());  // what ran before the window is not in it
  started_before.reset();            // began unprofiled: stays untimed
  {
    RecordFunction scope("during");
    CHECK(scope.isActive());
  }
  const auto entries = profile.entries();
  CHECK(calls(entries, "user", "during") == 1);
  CHECK_FALSE(find(entries, "user", "started before"));
  CHECK_FALSE(find(entries, "forward", "add"));
}

TEST_CASE("nested windows: each reports what ran while it was alive") {
  const Tensor a = xgrad::ones({4});
  std::ostringstream outer_text, inner_text;
  std::vector<ProfileEntry> outer_entries, inner_entries;
  {
    RecordProfile outer(outer_text);
    a.exp();
    {
      RecordProfile inner(inner_text);
      a.log();
      inner_entries = inner.entries();
    }
    RecordFunction after_inner("after inner");
    CHECK(after_inner.isActive());  // the outer window is still open
    a.sqrt();
    outer_entries = outer.entries();
  }
  CHECK(calls(outer_entries, "forward", "exp") == 1);
  CHECK(calls(outer_entries, "forward", "log") == 1);
  CHECK(calls(outer_entries, "forward", "sqrt") == 1);
  CHECK(calls(inner_entries, "forward", "log") == 1);
  CHECK(calls(inner_entries, "forward", "exp") == 0);
  CHECK(calls(inner_entries, "forward", "sqrt") == 0);
  CHECK(contains(inner_text.str(), "log"));
  CHECK(inner_text.str().find("sqrt") == std::string::npos);
  CHECK(contains(outer_text.str(), "sqrt"));
  RecordFunction closed("closed");
  CHECK_FALSE(closed.isActive());
}

TEST_CASE("ops on several threads at once are all counted") {
  constexpr int kThreads = 4, kOps = 200;
  std::vector<ProfileEntry> entries;
  {
    std::ostringstream sink;
    RecordProfile profile(sink);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([] {
        RecordFunction work("worker");
        const Tensor a = xgrad::ones({16});
        for (int i = 0; i < kOps; ++i) a.mul(2.0);
      });
    for (std::thread& t : threads) t.join();
    entries = profile.entries();
  }
  CHECK(calls(entries, "forward", "mul") == kThreads * kOps);
  const auto worker = find(entries, "user", "worker");
  const auto mul = find(entries, "forward", "mul");
  REQUIRE(worker);
  REQUIRE(mul);
  CHECK(worker->calls == kThreads);
  // Each thread's stack is its own: the workers' children are exactly their muls.
  CHECK(worker->self_ms == doctest::Approx(worker->total_ms - mul->total_ms).epsilon(1e-6));
}

TEST_CASE("RecordProfile(filename) writes the table to the file; a bad path is an Error naming it") {
  const auto path = std::filesystem::temp_directory_path() / "xgrad_test_profiler.txt";
  {
    RecordProfile profile(path.string());
    xgrad::ones({3}).neg();
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(contains(text.str(), "forward"));
  CHECK(contains(text.str(), "neg"));
  std::filesystem::remove(path);

  const std::string bad = (std::filesystem::temp_directory_path() / "xgrad-no-such-dir" / "profile.txt").string();
  CHECK_THROWS_WITH_AS(RecordProfile{bad}, Contains(bad.c_str()), xgrad::Error);
  RecordFunction after("after a failed open");
  CHECK_FALSE(after.isActive());  // the failed window did not turn profiling on
}
