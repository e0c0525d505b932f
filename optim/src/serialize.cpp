// Optimizer checkpoints: the layout is described in serialize.h.
#include "serialize.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <xgrad/functions.h>

namespace xgrad {
namespace optim {
namespace detail {

using serialize::InputArchive;
using serialize::OutputArchive;
using xgrad::detail::shape_str;

void write_state_tensors(OutputArchive& archive, const std::vector<StateTensor<const Tensor>>& tensors) {
  for (const auto& t : tensors)
    if (t.tensor->defined()) archive.write(t.key, *t.tensor);
}

void read_state_tensors(InputArchive& archive, const std::vector<StateTensor<Tensor>>& tensors) {
  for (const auto& t : tensors) {
    if (t.required) {
      archive.read(t.key, *t.tensor);
    } else if (!archive.try_read(t.key, *t.tensor)) {
      *t.tensor = Tensor();
    }
  }
}

int64_t read_step(InputArchive& archive) {
  int64_t step = 0;
  archive.read("step", step);
  XGRAD_CHECK(step >= 0, "optimizer load: {}: a parameter's step is {}; expected a count >= 0", archive.filename(),
              step);
  return step;
}

void write_flag(OutputArchive& archive, const std::string& key, bool value) {
  archive.write(key, static_cast<int64_t>(value ? 1 : 0));
}

bool read_flag(InputArchive& archive, const std::string& key) {
  int64_t value = 0;
  archive.read(key, value);
  XGRAD_CHECK(value == 0 || value == 1, "optimizer load: {}: option {} is {}; expected 0 or 1 (a bool)",
              archive.filename(), key, value);
  return value == 1;
}

void write_pair(OutputArchive& archive, const std::string& key, const std::tuple<double, double>& value) {
  archive.write(key, xgrad::tensor({std::get<0>(value), std::get<1>(value)}, kDouble));
}

std::tuple<double, double> read_pair(InputArchive& archive, const std::string& key) {
  Tensor t;
  archive.read(key, t);
  XGRAD_CHECK(t.dim() == 1 && t.numel() == 2 && t.is_floating_point(),
              "optimizer load: {}: option {} is a {} tensor of shape {}; expected 2 floating point values",
              archive.filename(), key, toString(t.scalar_type()), shape_str(t.sizes()));
  const Tensor d = t.to(kDouble).contiguous();
  return {d.data_ptr<double>()[0], d.data_ptr<double>()[1]};
}

void write_doubles(OutputArchive& archive, const std::string& key, const std::vector<double>& values) {
  Tensor t = empty({static_cast<int64_t>(values.size())}, kDouble);
  std::copy(values.begin(), values.end(), t.data_ptr<double>());
  archive.write(key, t);
}

std::vector<double> read_doubles(InputArchive& archive, const std::string& key, size_t expected, const char* what) {
  Tensor t;
  archive.read(key, t);
  XGRAD_CHECK(t.dim() == 1 && t.numel() == static_cast<int64_t>(expected) && t.is_floating_point(),
              "{}: {}: {} is a {} tensor of shape {}; expected {} values (one per parameter group)", what,
              archive.filename(), key, toString(t.scalar_type()), shape_str(t.sizes()), expected);
  const Tensor d = t.to(kDouble).contiguous();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + expected);
}

void save_optimizer(OutputArchive& archive, const Optimizer& optimizer) {
  const auto& groups = optimizer.param_groups();
  OutputArchive groups_archive, state_archive;
  groups_archive.write("size", static_cast<int64_t>(groups.size()));
  int64_t index = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    OutputArchive group_archive, options_archive, params_archive;
    groups[i].options().serialize(options_archive);
    group_archive.write("options", options_archive);
    const auto& params = groups[i].params();
    params_archive.write("size", static_cast<int64_t>(params.size()));
    for (size_t j = 0; j < params.size(); ++j, ++index) {
      params_archive.write(std::to_string(j), index);
      auto it = optimizer.state().find(params[j].unsafeGetTensorImpl());
      if (it == optimizer.state().end()) continue;
      OutputArchive one;
      it->second->serialize(one);
      state_archive.write(std::to_string(index), one);
    }
    group_archive.write("params", params_archive);
    groups_archive.write(std::to_string(i), group_archive);
  }
  archive.write("param_groups", groups_archive);
  archive.write("state", state_archive);
}

namespace {

/// The parameter index a key of the state archive starts with ("12.exp_avg" -> 12), or -1 if it
/// does not start with a canonical non-negative integer and a dot.
int64_t state_key_index(const std::string& key) {
  const size_t dot = key.find('.');
  if (dot == std::string::npos || dot == 0) return -1;
  int64_t index = -1;
  const auto result = std::from_chars(key.data(), key.data() + dot, index);
  if (result.ec != std::errc() || result.ptr != key.data() + dot) return -1;
  return std::to_string(index) == key.substr(0, dot) ? index : -1;
}

}  // namespace

LoadedOptimizer read_optimizer(
    InputArchive& archive, const Optimizer& optimizer, const char* name,
    const std::function<void(const OptimizerOptions&)>& check_options,
    const std::function<std::unique_ptr<OptimizerParamState>(InputArchive&, const Tensor&, const std::string&)>&
        read_state) {
  const std::string& file = archive.filename();
  const auto& groups = optimizer.param_groups();
  InputArchive groups_archive;
  archive.read("param_groups", groups_archive);
  int64_t n_groups = 0;
  groups_archive.read("size", n_groups);
  XGRAD_CHECK(n_groups == static_cast<int64_t>(groups.size()),
              "{}::load: {}: the checkpoint has {} parameter groups (param_groups.size) but the optimizer has {}",
              name, file, n_groups, groups.size());

  int64_t total = 0;
  for (const auto& group : groups) total += static_cast<int64_t>(group.params().size());
  std::vector<const Tensor*> param_of_index(static_cast<size_t>(total), nullptr);
  LoadedOptimizer loaded;
  for (size_t i = 0; i < groups.size(); ++i) {
    InputArchive group_archive, options_archive, params_archive;
    groups_archive.read(std::to_string(i), group_archive);
    group_archive.read("options", options_archive);
    std::unique_ptr<OptimizerOptions> options = optimizer.defaults().clone();
    options->serialize(options_archive);
    try {
      check_options(*options);
    } catch (const Error& e) {
      throw Error(fmt::format("{}::load: {}: param_groups.{}.options: {}", name, file, i, e.what()));
    }
    loaded.options.push_back(std::move(options));

    const auto& params = groups[i].params();
    group_archive.read("params", params_archive);
    int64_t n_params = 0;
    params_archive.read("size", n_params);
    XGRAD_CHECK(n_params == static_cast<int64_t>(params.size()),
                "{}::load: {}: parameter group {} has {} parameters in the checkpoint (param_groups.{}.params.size) "
                "but {} in the optimizer",
                name, file, i, n_params, i, params.size());
    for (size_t j = 0; j < params.size(); ++j) {
      int64_t index = -1;
      params_archive.read(std::to_string(j), index);
      XGRAD_CHECK(index >= 0 && index < total && param_of_index[static_cast<size_t>(index)] == nullptr,
                  "{}::load: {}: param_groups.{}.params.{} is {}; expected a parameter index in [0, {}) that no "
                  "other entry has",
                  name, file, i, j, index, total);
      param_of_index[static_cast<size_t>(index)] = &params[j];
    }
  }

  InputArchive state_archive;
  if (archive.try_read("state", state_archive)) {
    std::set<int64_t> indices;
    for (const std::string& key : state_archive.keys()) {
      const int64_t index = state_key_index(key);
      XGRAD_CHECK(index >= 0 && index < total,
                  "{}::load: {}: unexpected entry state.{}; expected state.<parameter index>.<name> with an index "
                  "in [0, {})",
                  name, file, key, total);
      indices.insert(index);
    }
    for (int64_t index : indices) {
      InputArchive one;
      state_archive.read(std::to_string(index), one);
      const Tensor& param = *param_of_index[static_cast<size_t>(index)];
      loaded.states.emplace_back(param.unsafeGetTensorImpl(),
                                 read_state(one, param, "state." + std::to_string(index)));
    }
  }
  return loaded;
}

void apply_loaded(Optimizer& optimizer, LoadedOptimizer&& loaded) {
  auto& groups = optimizer.param_groups();
  for (size_t i = 0; i < groups.size(); ++i) groups[i].set_options(std::move(loaded.options[i]));
  optimizer.state().clear();
  for (auto& [impl, state] : loaded.states) optimizer.state()[impl] = std::move(state);
}

void check_state_tensors(const std::vector<StateTensor<Tensor>>& tensors, const Tensor& param, const char* name,
                         const std::string& file, const std::string& where) {
  for (const auto& t : tensors) {
    if (!t.tensor->defined()) continue;
    XGRAD_CHECK(t.tensor->sizes().equals(param.sizes()), "{}::load: {}: {}.{} has shape {} but its parameter has shape {}",
                name, file, where, t.key, shape_str(t.tensor->sizes()), shape_str(param.sizes()));
    XGRAD_CHECK(t.tensor->is_floating_point(), "{}::load: {}: {}.{} is a {} tensor; expected a floating point one",
                name, file, where, t.key, toString(t.tensor->scalar_type()));
    if (t.tensor->scalar_type() != param.scalar_type()) *t.tensor = t.tensor->to(param.scalar_type());
  }
}

}  // namespace detail
}  // namespace optim
}  // namespace xgrad
