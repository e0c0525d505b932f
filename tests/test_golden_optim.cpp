// Golden tests of the optimizers and LR schedulers against PyTorch 1.13, read from optim.json
// (tests/golden/generate_optim.py wrote it; its docstring describes the format).
//
// Optimizers: the 2-layer MLP in float32 trained for 20 steps with each optimizer and option set;
// the losses and the final parameters must satisfy |a - b| <= 1e-5 |b| + 1e-6 against PyTorch's run
// in float64 rounded to float32 (the generator checked that PyTorch's own float32 run is within half
// that). Schedulers: every group's lr (and momentum) after construction and after each of 50 epochs
// must equal PyTorch's exactly: the recurrences do the same double operations in the same order, and
// cos and pow are the same libm calls as Python's math.cos and float.__pow__.
#include <doctest/doctest.h>

#include <xgrad/optim.h>
#include <xgrad/xgrad.h>

#include <cstdint>
#include <functional>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "golden_support.h"
#include "json.h"

namespace {

namespace optim = xgrad::optim;
using golden::Tensors;
using xgrad::Tensor;

const json::Value& golden_file() {
  static const json::Value file = [] {
    json::Value v = json::parse_file(std::string(XGRAD_GOLDEN_DIR) + "/optim.json");
    if (v["family"].as_string() != "optim") throw json::Error("optim.json: wrong family " + v["family"].as_string());
    return v;
  }();
  return file;
}

std::optional<int64_t> opt_int(const json::Value& v) {
  return v.is_null() ? std::nullopt : std::optional<int64_t>(v.as_int());
}

std::tuple<double, double> pair_of(const json::Value& v) { return {v[0].as_double(), v[1].as_double()}; }

/// One group's options as the optimizer's options type.
std::unique_ptr<optim::OptimizerOptions> options_of(const std::string& optimizer, const json::Value& o) {
  if (optimizer == "SGD") {
    return std::make_unique<optim::SGDOptions>(optim::SGDOptions(o["lr"].as_double())
                                                   .momentum(o["momentum"].as_double())
                                                   .dampening(o["dampening"].as_double())
                                                   .weight_decay(o["weight_decay"].as_double())
                                                   .nesterov(o["nesterov"].as_bool()));
  }
  if (optimizer == "Adam") {
    return std::make_unique<optim::AdamOptions>(optim::AdamOptions(o["lr"].as_double())
                                                    .betas(pair_of(o["betas"]))
                                                    .eps(o["eps"].as_double())
                                                    .weight_decay(o["weight_decay"].as_double())
                                                    .amsgrad(o["amsgrad"].as_bool()));
  }
  if (optimizer == "AdamW") {
    return std::make_unique<optim::AdamWOptions>(optim::AdamWOptions(o["lr"].as_double())
                                                     .betas(pair_of(o["betas"]))
                                                     .eps(o["eps"].as_double())
                                                     .weight_decay(o["weight_decay"].as_double())
                                                     .amsgrad(o["amsgrad"].as_bool()));
  }
  if (optimizer == "RMSprop") {
    return std::make_unique<optim::RMSpropOptions>(optim::RMSpropOptions(o["lr"].as_double())
                                                       .alpha(o["alpha"].as_double())
                                                       .eps(o["eps"].as_double())
                                                       .weight_decay(o["weight_decay"].as_double())
                                                       .momentum(o["momentum"].as_double())
                                                       .centered(o["centered"].as_bool()));
  }
  if (optimizer == "Adagrad") {
    return std::make_unique<optim::AdagradOptions>(optim::AdagradOptions(o["lr"].as_double())
                                                       .lr_decay(o["lr_decay"].as_double())
                                                       .weight_decay(o["weight_decay"].as_double())
                                                       .initial_accumulator_value(o["initial_accumulator_value"].as_double())
                                                       .eps(o["eps"].as_double()));
  }
  throw json::Error("unknown optimizer \"" + optimizer + "\"");
}

/// The optimizer over `params`, every group with its own options from the case (the defaults are
/// the last group's, as the Python constructor's keyword arguments are).
std::unique_ptr<optim::Optimizer> make_optimizer(const json::Value& c, const Tensors& params) {
  const std::string& name = c["optimizer"].as_string();
  std::vector<optim::OptimizerParamGroup> groups;
  for (const auto& g : c["groups"].as_array()) {
    Tensors group_params;
    for (int64_t i : golden::int_list(g["params"])) group_params.push_back(params.at(static_cast<size_t>(i)));
    groups.emplace_back(group_params, options_of(name, g["options"]));
  }
  const json::Value& defaults = c["groups"].as_array().back()["options"];
  if (name == "SGD") return std::make_unique<optim::SGD>(groups, static_cast<optim::SGDOptions&>(*options_of(name, defaults)));
  if (name == "Adam") return std::make_unique<optim::Adam>(groups, static_cast<optim::AdamOptions&>(*options_of(name, defaults)));
  if (name == "AdamW") return std::make_unique<optim::AdamW>(groups, static_cast<optim::AdamWOptions&>(*options_of(name, defaults)));
  if (name == "RMSprop")
    return std::make_unique<optim::RMSprop>(groups, static_cast<optim::RMSpropOptions&>(*options_of(name, defaults)));
  return std::make_unique<optim::Adagrad>(groups, static_cast<optim::AdagradOptions&>(*options_of(name, defaults)));
}

/// mean((tanh(x w1^T + b1) w2^T + b2 - target)^2)
Tensor mlp_loss(const Tensor& x, const Tensor& target, const Tensors& p) {
  Tensor h = (x.mm(p[0].t()) + p[1]).tanh();
  return (h.mm(p[2].t()) + p[3] - target).pow(2).mean();
}

/// Empty if the case's run matches, else what differs.
std::string run_optimizer_case(const json::Value& c) {
  const json::Value& problem = golden_file()["problem"];
  const Tensor x = golden::from_json(problem["x"]);
  const Tensor target = golden::from_json(problem["target"]);
  Tensors params;
  for (const auto& p : problem["params"].as_array()) params.push_back(golden::from_json(p).requires_grad_());
  auto opt = make_optimizer(c, params);
  const int64_t steps = c["steps"].as_int();
  Tensor losses = xgrad::empty({steps}, xgrad::kFloat);
  for (int64_t s = 0; s < steps; ++s) {
    opt->zero_grad();
    Tensor loss = mlp_loss(x, target, params);
    loss.backward();
    opt->step();
    losses.data_ptr<float>()[s] = loss.item<float>();
  }
  const golden::Tolerance tol{1e-5, 1e-6};
  std::string problems = golden::compare(losses, c["losses"], "losses", tol);
  const auto& expected = c["params"].as_array();
  for (size_t i = 0; i < expected.size(); ++i) {
    std::string diff = golden::compare(params[i], expected[i], "param " + std::to_string(i), tol);
    if (!diff.empty()) problems += (problems.empty() ? "" : "\n  ") + diff;
  }
  return problems;
}

/// The case's schedulers over opt, each with a step function (ReduceLROnPlateau's takes the epoch's metric).
struct Schedulers {
  std::vector<std::unique_ptr<optim::LRScheduler>> lr_schedulers;
  std::vector<std::unique_ptr<optim::ReduceLROnPlateau>> plateaus;
  std::vector<std::function<void(int64_t epoch)>> steps;
  /// The last scheduler to step each epoch, if an LRScheduler: its get_last_lr() is the final lrs.
  optim::LRScheduler* last = nullptr;
};

Schedulers make_schedulers(const json::Value& c, optim::Optimizer& opt) {
  Schedulers s;
  for (const auto& spec : c["schedulers"].as_array()) {
    const std::string& type = spec["type"].as_string();
    const json::Value& a = spec["args"];
    std::unique_ptr<optim::LRScheduler> sched;
    if (type == "StepLR") {
      sched = std::make_unique<optim::StepLR>(opt, static_cast<unsigned>(a["step_size"].as_int()), a["gamma"].as_double());
    } else if (type == "MultiStepLR") {
      sched = std::make_unique<optim::MultiStepLR>(opt, golden::int_list(a["milestones"]), a["gamma"].as_double());
    } else if (type == "ExponentialLR") {
      sched = std::make_unique<optim::ExponentialLR>(opt, a["gamma"].as_double());
    } else if (type == "CosineAnnealingLR") {
      sched = std::make_unique<optim::CosineAnnealingLR>(opt, a["T_max"].as_int(), a["eta_min"].as_double());
    } else if (type == "LinearLR") {
      sched = std::make_unique<optim::LinearLR>(opt, a["start_factor"].as_double(), a["end_factor"].as_double(),
                                                a["total_iters"].as_int());
    } else if (type == "OneCycleLR") {
      std::vector<double> max_lrs;
      for (const auto& v : a["max_lr"].as_array()) max_lrs.push_back(v.as_double());
      const std::string& anneal = a["anneal_strategy"].as_string();
      sched = std::make_unique<optim::OneCycleLR>(
          opt, max_lrs, opt_int(a["total_steps"]), opt_int(a["epochs"]), opt_int(a["steps_per_epoch"]),
          a["pct_start"].as_double(), anneal == "cos" ? optim::OneCycleLR::cos : optim::OneCycleLR::linear,
          a["cycle_momentum"].as_bool(), a["base_momentum"].as_double(), a["max_momentum"].as_double(),
          a["div_factor"].as_double(), a["final_div_factor"].as_double(), a["three_phase"].as_bool());
    } else if (type == "ReduceLROnPlateau") {
      std::vector<double> min_lrs;
      for (const auto& v : a["min_lr"].as_array()) min_lrs.push_back(v.as_double());
      auto plateau = std::make_unique<optim::ReduceLROnPlateau>(
          opt, a["mode"].as_string() == "min" ? optim::ReduceLROnPlateau::min : optim::ReduceLROnPlateau::max,
          a["factor"].as_double(), a["patience"].as_int(), a["threshold"].as_double(),
          a["threshold_mode"].as_string() == "rel" ? optim::ReduceLROnPlateau::rel : optim::ReduceLROnPlateau::abs,
          a["cooldown"].as_int(), min_lrs, a["eps"].as_double());
      optim::ReduceLROnPlateau* p = plateau.get();
      const json::Value& metrics = c["metrics"];
      s.steps.push_back([p, &metrics](int64_t epoch) { p->step(metrics[static_cast<size_t>(epoch)].as_double()); });
      s.plateaus.push_back(std::move(plateau));
      s.last = nullptr;
      continue;
    } else {
      throw json::Error("unknown scheduler \"" + type + "\"");
    }
    optim::LRScheduler* p = sched.get();
    s.steps.push_back([p](int64_t) { p->step(); });
    s.lr_schedulers.push_back(std::move(sched));
    s.last = p;
  }
  return s;
}

/// Empty if the row of per-group values equals the expected one exactly, else both, to 17 digits.
std::string compare_row(const std::vector<double>& got, const json::Value& want, const std::string& what) {
  const auto& w = want.as_array();
  bool same = got.size() == w.size();
  for (size_t g = 0; same && g < got.size(); ++g) same = got[g] == w[g].as_double();
  if (same) return "";
  std::ostringstream out;
  out << std::setprecision(17) << what << ": got [";
  for (size_t g = 0; g < got.size(); ++g) out << (g ? ", " : "") << got[g];
  out << "], want [";
  for (size_t g = 0; g < w.size(); ++g) out << (g ? ", " : "") << w[g].as_double();
  out << "]";
  return out.str();
}

std::string run_scheduler_case(const json::Value& c) {
  Tensor a = xgrad::zeros({1}).requires_grad_(), b = xgrad::zeros({1}).requires_grad_();
  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(Tensors{a});
  groups.emplace_back(Tensors{b}, std::make_unique<optim::SGDOptions>(optim::SGDOptions(0.03).momentum(0.9)));
  optim::SGD opt(groups, optim::SGDOptions(0.1).momentum(0.9));
  Schedulers schedulers = make_schedulers(c, opt);
  const bool with_momentum = !c["momentums"].is_null();

  std::string problems;
  auto check_epoch = [&](int64_t epoch) {
    std::vector<double> lrs, momentums;
    for (const auto& g : opt.param_groups()) {
      lrs.push_back(g.options().get_lr());
      momentums.push_back(static_cast<const optim::SGDOptions&>(g.options()).momentum());
    }
    const size_t e = static_cast<size_t>(epoch);
    std::string diff = compare_row(lrs, c["lrs"][e], "lrs at epoch " + std::to_string(epoch));
    if (with_momentum && diff.empty())
      diff = compare_row(momentums, c["momentums"][e], "momentums at epoch " + std::to_string(epoch));
    if (diff.empty() && schedulers.last && schedulers.last->get_last_lr() != lrs)
      diff = "get_last_lr() at epoch " + std::to_string(epoch) + " is not the lrs";
    if (!diff.empty() && problems.empty()) problems = diff;  // the first difference is the telling one
  };
  check_epoch(0);
  const int64_t epochs = c["epochs"].as_int();
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    opt.step();
    for (auto& step : schedulers.steps) step(epoch);
    check_epoch(epoch + 1);
  }
  for (const auto& s : schedulers.lr_schedulers)
    if (s->last_epoch() != epochs && problems.empty()) problems = "last_epoch() is not " + std::to_string(epochs);
  return problems;
}

template <typename Run>
void run_cases(const char* section, const std::string& prefix, Run run) {
  int ran = 0;
  for (const auto& c : golden_file()[section].as_array()) {
    const std::string& name = c["name"].as_string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    ++ran;
    std::string problems;
    try {
      problems = run(c);
    } catch (const std::exception& e) {
      problems = std::string("threw: ") + e.what();
    }
    CHECK_MESSAGE(problems.empty(), "optim.json: " << name << ":\n  " << problems);
  }
  CHECK(ran > 0);
}

}  // namespace

TEST_CASE("golden optim: SGD") { run_cases("optimizers", "sgd_", run_optimizer_case); }
TEST_CASE("golden optim: Adam") { run_cases("optimizers", "adam_", run_optimizer_case); }
TEST_CASE("golden optim: AdamW") { run_cases("optimizers", "adamw_", run_optimizer_case); }
TEST_CASE("golden optim: RMSprop") { run_cases("optimizers", "rmsprop_", run_optimizer_case); }
TEST_CASE("golden optim: Adagrad") { run_cases("optimizers", "adagrad_", run_optimizer_case); }

TEST_CASE("golden optim: StepLR and MultiStepLR") {
  run_cases("schedulers", "step_lr", run_scheduler_case);
  run_cases("schedulers", "multi_step_lr", run_scheduler_case);
}
TEST_CASE("golden optim: ExponentialLR") { run_cases("schedulers", "exponential_lr", run_scheduler_case); }
TEST_CASE("golden optim: CosineAnnealingLR") { run_cases("schedulers", "cosine_annealing_lr", run_scheduler_case); }
TEST_CASE("golden optim: LinearLR") { run_cases("schedulers", "linear_lr", run_scheduler_case); }
TEST_CASE("golden optim: OneCycleLR") { run_cases("schedulers", "one_cycle_lr", run_scheduler_case); }
TEST_CASE("golden optim: ReduceLROnPlateau") { run_cases("schedulers", "reduce_lr_on_plateau", run_scheduler_case); }
TEST_CASE("golden optim: chained schedulers") { run_cases("schedulers", "chained", run_scheduler_case); }

TEST_CASE("golden optim: every case belongs to a test") {
  const std::vector<std::string> prefixes = {"sgd_",           "adam_",      "adamw_",       "rmsprop_",
                                             "adagrad_",       "step_lr",    "multi_step_lr", "exponential_lr",
                                             "cosine_annealing_lr", "linear_lr", "one_cycle_lr", "reduce_lr_on_plateau",
                                             "chained"};
  for (const char* section : {"optimizers", "schedulers"}) {
    for (const auto& c : golden_file()[section].as_array()) {
      const std::string& name = c["name"].as_string();
      bool covered = false;
      for (const auto& p : prefixes) covered |= name.compare(0, p.size(), p) == 0;
      CHECK_MESSAGE(covered, "optim.json case " << name << " is run by no test");
    }
  }
}
