#pragma once
// The profiler: time and calls per op, per backward node and per optimizer step, as
// torch::autograd::profiler::RecordProfile.
//
//   {
//     xgrad::autograd::profiler::RecordProfile profile(std::cerr);  // or a file name
//     ... training steps ...
//   }  // the table is written here
//
// libtorch's RecordProfile writes a chrome://tracing file; xgrad's writes a readable table instead:
// per phase, one row per name with its calls, self time (without the scopes it called), its share
// of all recorded self time, total time and self time per call. The phases:
//   forward    ops outside backward and optimizer steps (ops run by DataLoader workers too)
//   backward   the engine's bookkeeping ("engine"), each node's apply by Node::name()
//              (MmBackward0, torch::autograd::AccumulateGrad, ...), and the ops those run
//   optimizer  step() ("SGD.step", ...) and zero_grad ("Optimizer.zero_grad"), with the ops they run
//   user       the scopes a program names itself with RecordFunction
// XGRAD_PROFILE=1 in the environment profiles the whole program and writes the table to stderr at
// exit. Windows may nest (XGRAD_PROFILE=1 around a RecordProfile, or one RecordProfile in another):
// each reports what ran while it was alive.
//
// When no RecordProfile is alive a scope costs one relaxed atomic load: no clock, no lock, no
// allocation. While one is, each scope reads the clock twice and takes a mutex at its end (node and
// user scopes also at their start, to keep a copy of their name).
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace xgrad {
namespace autograd {

class Node;

namespace profiler {

/// One row of the table: `phase` is "forward", "backward", "optimizer" or "user".
struct ProfileEntry {
  std::string phase;
  std::string name;
  int64_t calls = 0;
  double self_ms = 0;   // total_ms minus the time of the scopes it called
  double total_ms = 0;  // from the scope's start to its end
};

namespace detail {
/// Whether a RecordProfile is alive (read relaxed: a scope that starts just as profiling is turned
/// on or off may be missed, never half-recorded).
extern std::atomic<bool> profiling;
/// What a scope is; it decides the phase of the scope and of the ops under it.
enum class ScopeKind : uint8_t { kOp, kNode, kEngine, kOptimizer, kUser };
}  // namespace detail

/// Profiles everything that runs, on any thread, while it is alive; its destructor writes the table.
class RecordProfile {
 public:
  explicit RecordProfile(std::ostream& out);
  /// Writes the table to this file; throws xgrad::Error naming the file if it cannot be opened.
  explicit RecordProfile(const std::string& filename);
  ~RecordProfile();
  RecordProfile(const RecordProfile&) = delete;
  RecordProfile& operator=(const RecordProfile&) = delete;

  /// The rows so far, grouped by phase (forward, backward, optimizer, user), each by self time,
  /// highest first.
  std::vector<ProfileEntry> entries() const;

 private:
  struct Window;
  void init();
  std::unique_ptr<std::ofstream> file_;
  std::ostream& out_;
  std::unique_ptr<Window> window_;
};

/// Times the scope it lives in under `name` while profiling is on (libtorch's RECORD_FUNCTION).
/// A program names its own scopes with it: `RecordFunction scope("data loading");` (the name is
/// copied). A scope directly inside one of the same name (an op's overload calling another) counts
/// as part of it.
class RecordFunction {
 public:
  explicit RecordFunction(const char* name) : RecordFunction(name, detail::ScopeKind::kUser) {}
  /// The engine's scope around one node: named by node.name(), only when profiling is on.
  explicit RecordFunction(const Node& node) {
    if (detail::profiling.load(std::memory_order_relaxed)) start(node);
  }
  /// For xgrad's own ops and optimizers (XGRAD_PROFILE_OP): `name` must be a string literal.
  RecordFunction(const char* name, detail::ScopeKind kind) {
    if (detail::profiling.load(std::memory_order_relaxed)) start(name, kind);
  }
  ~RecordFunction() {
    if (active_) end();
  }
  RecordFunction(const RecordFunction&) = delete;
  RecordFunction& operator=(const RecordFunction&) = delete;

  /// Whether this scope is being timed.
  bool isActive() const { return active_; }

 private:
  void start(const char* name, detail::ScopeKind kind);
  void start(const Node& node);
  void end();
  bool active_ = false;
};

}  // namespace profiler
}  // namespace autograd
}  // namespace xgrad

#define XGRAD_PROFILE_CONCAT_(a, b) a##b
#define XGRAD_PROFILE_CONCAT(a, b) XGRAD_PROFILE_CONCAT_(a, b)
#define XGRAD_PROFILE_SCOPE_(name, kind)                                                      \
  const ::xgrad::autograd::profiler::RecordFunction XGRAD_PROFILE_CONCAT(xgrad_profile_scope_, \
                                                                         __LINE__)(name, kind)
/// Times the rest of an op's body under `name` (a string literal): the first line of each op.
#define XGRAD_PROFILE_OP(name) XGRAD_PROFILE_SCOPE_(name, ::xgrad::autograd::profiler::detail::ScopeKind::kOp)
/// Times the rest of an optimizer's step or zero_grad under `name` ("SGD.step"), in the optimizer phase.
#define XGRAD_PROFILE_OPTIMIZER(name) \
  XGRAD_PROFILE_SCOPE_(name, ::xgrad::autograd::profiler::detail::ScopeKind::kOptimizer)
