// The profiler behind RecordProfile and RecordFunction (see profiler.h), and XGRAD_PROFILE=1.
//
// Each thread keeps the scopes it is inside on a stack of its own; a scope's end adds its time to
// its parent's children time (so that the parent's self time excludes it) and then, under the one
// mutex, to the shared per-(phase, name) sums. Those sums only grow: a RecordProfile remembers them
// at its start and reports the difference, so windows can nest.
#include <xgrad/autograd/profiler.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include <xgrad/autograd/node.h>
#include <xgrad/error.h>

namespace xgrad {
namespace autograd {
namespace profiler {

namespace detail {
std::atomic<bool> profiling{false};
}  // namespace detail

namespace {

using detail::ScopeKind;
using Clock = std::chrono::steady_clock;

enum class Phase : uint8_t { kForward, kBackward, kOptimizer, kUser };
const char* const kPhaseNames[] = {"forward", "backward", "optimizer", "user"};

struct Stats {
  int64_t calls = 0;
  Clock::duration self{0};
  Clock::duration total{0};
};

/// Names are string literals (ops, optimizers) or interned strings (nodes, user scopes): their
/// addresses are stable, so the hot map hashes the pointer. The same text at two addresses (one
/// literal in two files) is merged when the rows are made.
struct Key {
  Phase phase;
  const char* name;
  bool operator==(const Key& o) const { return phase == o.phase && name == o.name; }
};
struct KeyHash {
  size_t operator()(const Key& k) const {
    return std::hash<const char*>()(k.name) ^ static_cast<size_t>(k.phase);
  }
};
using StatsMap = std::unordered_map<Key, Stats, KeyHash>;

/// All shared state, in one function-local static: built by the first RecordProfile (at the latest
/// by XGRAD_PROFILE's, during this file's static initialisation), so it outlives them all.
struct Registry {
  std::mutex mutex;
  StatsMap stats;
  std::unordered_set<std::string> names;  // node and user scope names; elements never move
  int windows = 0;                        // live RecordProfiles
};

Registry& registry() {
  static Registry r;
  return r;
}

/// A copy of name that lives as long as the registry.
const char* intern(const std::string& name) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.names.insert(name).first->c_str();
}

/// One open scope. A fixed array of trivially destructible frames, so that a thread's stack needs
/// no destructor (ops may run during static destruction, after thread_local objects are gone).
struct Frame {
  const char* name;
  ScopeKind kind;
  Phase phase;    // where this scope's own row goes
  Phase context;  // the phase of the ops it calls
  Clock::time_point start;
  Clock::duration children;
};
constexpr int kMaxDepth = 64;  // scopes nested deeper are not timed
thread_local Frame frames[kMaxDepth];
thread_local int depth = 0;

Phase phase_of(ScopeKind kind, Phase context) {
  switch (kind) {
    case ScopeKind::kOp: return context;
    case ScopeKind::kNode:
    case ScopeKind::kEngine: return Phase::kBackward;
    case ScopeKind::kOptimizer: return Phase::kOptimizer;
    case ScopeKind::kUser: return Phase::kUser;
  }
  return context;
}

/// Pushes a frame unless the stack is full or the scope is an overload of the one it is directly in.
bool push(const char* name, ScopeKind kind) {
  if (depth == kMaxDepth) return false;
  const Frame* parent = depth > 0 ? &frames[depth - 1] : nullptr;
  if (parent && parent->kind == kind && std::strcmp(parent->name, name) == 0) return false;
  const Phase context = parent ? parent->context : Phase::kForward;
  const Phase phase = phase_of(kind, context);
  // A user scope passes its parent's context on: ops in "data loading" stay forward ops.
  frames[depth++] = Frame{name, kind, phase, kind == ScopeKind::kUser ? context : phase, Clock::now(),
                          Clock::duration(0)};
  return true;
}

ProfileEntry make_entry(Phase phase, std::string name, const Stats& s) {
  using Ms = std::chrono::duration<double, std::milli>;
  return ProfileEntry{kPhaseNames[static_cast<int>(phase)], std::move(name), s.calls,
                      std::chrono::duration_cast<Ms>(s.self).count(), std::chrono::duration_cast<Ms>(s.total).count()};
}

/// The table RecordProfile writes.
std::string format_table(const std::vector<ProfileEntry>& entries, double wall_ms) {
  double all_self = 0;
  size_t width = 24;
  for (const ProfileEntry& e : entries) {
    all_self += e.self_ms;
    width = std::max(width, e.name.size() + 2);
  }
  const auto percent = [&](double ms) { return all_self > 0 ? 100.0 * ms / all_self : 0.0; };
  std::string out = fmt::format("xgrad profile ({:.1f} ms wall)\n", wall_ms);
  for (size_t i = 0; i < entries.size();) {
    const std::string& phase = entries[i].phase;
    out += fmt::format("{:<{}}{:>9}{:>12}{:>8}{:>12}{:>14}\n", phase, width, "calls", "self ms", "self %", "total ms",
                       "self us/call");
    int64_t calls = 0;
    double self = 0;
    for (; i < entries.size() && entries[i].phase == phase; ++i) {
      const ProfileEntry& e = entries[i];
      out += fmt::format("  {:<{}}{:>9}{:>12.3f}{:>7.1f}%{:>12.3f}{:>14.2f}\n", e.name, width - 2, e.calls, e.self_ms,
                         percent(e.self_ms), e.total_ms, 1000.0 * e.self_ms / static_cast<double>(e.calls));
      calls += e.calls;
      self += e.self_ms;
    }
    out += fmt::format("  {:<{}}{:>9}{:>12.3f}{:>7.1f}%\n", "(" + phase + " total)", width - 2, calls, self,
                       percent(self));
  }
  if (entries.empty()) out += "nothing recorded\n";
  out += fmt::format("recorded self time {:.3f} ms (summed over threads) in {:.3f} ms wall\n", all_self, wall_ms);
  return out;
}

}  // namespace

// ---- RecordFunction ----

void RecordFunction::start(const char* name, ScopeKind kind) {
  // A program's name may be a temporary; xgrad's own are literals.
  active_ = push(kind == ScopeKind::kUser ? intern(name) : name, kind);
}

void RecordFunction::start(const Node& node) { active_ = push(intern(node.name()), ScopeKind::kNode); }

void RecordFunction::end() {
  const Frame f = frames[--depth];
  const Clock::duration total = Clock::now() - f.start;
  if (depth > 0) frames[depth - 1].children += total;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  Stats& s = r.stats[Key{f.phase, f.name}];
  ++s.calls;
  s.self += total - f.children;
  s.total += total;
}

// ---- RecordProfile ----

struct RecordProfile::Window {
  StatsMap baseline;  // the sums when the window opened
  Clock::time_point start;
};

RecordProfile::RecordProfile(std::ostream& out) : out_(out) { init(); }

RecordProfile::RecordProfile(const std::string& filename)
    : file_(std::make_unique<std::ofstream>(filename)), out_(*file_) {
  if (!*file_)
    throw Error(fmt::format("RecordProfile: cannot open '{}' for writing: {}", filename, std::strerror(errno)));
  init();
}

void RecordProfile::init() {
  window_ = std::make_unique<Window>();
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  window_->baseline = r.stats;
  ++r.windows;
  detail::profiling.store(true, std::memory_order_relaxed);
  window_->start = Clock::now();
}

RecordProfile::~RecordProfile() {
  const std::chrono::duration<double, std::milli> wall = Clock::now() - window_->start;
  {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    if (--r.windows == 0) detail::profiling.store(false, std::memory_order_relaxed);
  }
  try {
    out_ << format_table(entries(), wall.count()) << std::flush;
  } catch (...) {  // a destructor must not throw; a table that cannot be written is lost
  }
}

std::vector<ProfileEntry> RecordProfile::entries() const {
  // Summed by (phase, text): the same name may sit at several addresses.
  std::map<std::pair<Phase, std::string>, Stats> sums;
  {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    for (const auto& [key, s] : r.stats) {
      const auto before = window_->baseline.find(key);
      const Stats base = before == window_->baseline.end() ? Stats{} : before->second;
      if (s.calls == base.calls) continue;
      Stats& sum = sums[{key.phase, key.name}];
      sum.calls += s.calls - base.calls;
      sum.self += s.self - base.self;
      sum.total += s.total - base.total;
    }
  }
  std::vector<std::pair<Phase, ProfileEntry>> rows;
  for (const auto& [key, s] : sums) rows.emplace_back(key.first, make_entry(key.first, key.second, s));
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second.self_ms != b.second.self_ms) return a.second.self_ms > b.second.self_ms;
    return a.second.name < b.second.name;
  });
  std::vector<ProfileEntry> result;
  for (auto& row : rows) result.push_back(std::move(row.second));
  return result;
}

namespace {

/// XGRAD_PROFILE=1 (any value but empty or 0): one window over the whole program, written to stderr
/// when static objects are destroyed at exit.
struct ProfileFromEnvironment {
  ProfileFromEnvironment() {
    const char* value = std::getenv("XGRAD_PROFILE");
    if (value && *value && std::strcmp(value, "0") != 0) profile = std::make_unique<RecordProfile>(std::cerr);
  }
  std::unique_ptr<RecordProfile> profile;
};
const ProfileFromEnvironment profile_from_environment;

}  // namespace

}  // namespace profiler
}  // namespace autograd
}  // namespace xgrad
