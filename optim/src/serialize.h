#pragma once
// How an optimizer is stored in a checkpoint archive (xgrad/serialize/archive.h), and loading that
// checks everything before it changes anything. The keys, under the archive the optimizer is
// written to:
//   param_groups.size               int64: the number of groups
//   param_groups.<i>.options.<opt>  each option of group i: doubles; bools as int64 0/1; Adam's and
//                                   AdamW's betas as a [2] double tensor
//   param_groups.<i>.params.size    int64: the number of parameters in group i
//   param_groups.<i>.params.<j>     int64: the index of that parameter in the order of all groups
//   state.<index>.step              int64: the parameter's step count (optimizers that keep one)
//   state.<index>.<buffer>          the parameter's state tensors (momentum_buffer, exp_avg, ...),
//                                   each of the parameter's shape; undefined ones are left out
// A parameter without state (SGD's before its first momentum step) has no state entries. As in
// PyTorch's state_dict, loading pairs saved and current parameters by position, group by group.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <xgrad/optim/optimizer.h>
#include <xgrad/serialize/archive.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace optim {
namespace detail {

/// One named state tensor of a param state; an optional one may be undefined (absent from a file).
template <typename T>  // Tensor, or const Tensor for writing
struct StateTensor {
  const char* key;
  T* tensor;
  bool required;
};

/// Writes a state's defined tensors under their keys.
void write_state_tensors(serialize::OutputArchive& archive, const std::vector<StateTensor<const Tensor>>& tensors);
/// Reads a state's tensors: the required ones must be present, the optional ones may be.
void read_state_tensors(serialize::InputArchive& archive, const std::vector<StateTensor<Tensor>>& tensors);

/// A param state's step count, which must not be negative.
int64_t read_step(serialize::InputArchive& archive);

/// A bool option, stored as int64 0/1.
void write_flag(serialize::OutputArchive& archive, const std::string& key, bool value);
bool read_flag(serialize::InputArchive& archive, const std::string& key);

/// A pair of doubles (Adam's betas), stored as a [2] double tensor.
void write_pair(serialize::OutputArchive& archive, const std::string& key, const std::tuple<double, double>& value);
std::tuple<double, double> read_pair(serialize::InputArchive& archive, const std::string& key);

/// A list of doubles (a scheduler's lrs), stored as a 1-dim double tensor.
void write_doubles(serialize::OutputArchive& archive, const std::string& key, const std::vector<double>& values);
/// Reads a list written by write_doubles; `expected` values, or the error names `what`, the file and the key.
std::vector<double> read_doubles(serialize::InputArchive& archive, const std::string& key, size_t expected,
                                 const char* what);

/// Writes every group's options and parameter indices and every parameter's state.
void save_optimizer(serialize::OutputArchive& archive, const Optimizer& optimizer);

/// The checked contents of a checkpoint, not yet applied: options per group and the state of each
/// current parameter (by group and position) that has one.
struct LoadedOptimizer {
  std::vector<std::unique_ptr<OptimizerOptions>> options;
  std::vector<std::pair<const TensorImpl*, std::unique_ptr<OptimizerParamState>>> states;
};

/// Reads the groups' options (checked by check_options) and pairs each saved parameter index with
/// the current parameter at its position; `read_state(index_archive, param)` reads one parameter's
/// state. Throws, naming `name`, the file and the key, on any mismatch; changes nothing.
LoadedOptimizer read_optimizer(
    serialize::InputArchive& archive, const Optimizer& optimizer, const char* name,
    const std::function<void(const OptimizerOptions&)>& check_options,
    const std::function<std::unique_ptr<OptimizerParamState>(serialize::InputArchive&, const Tensor&,
                                                             const std::string&)>& read_state);

/// Installs what read_optimizer read: the options of every group, and the state (all of it replaced).
void apply_loaded(Optimizer& optimizer, LoadedOptimizer&& loaded);

/// Checks that a state's defined tensors have `param`'s shape, and casts them to its dtype. `where`
/// names the entry ("state.3") for the message.
void check_state_tensors(const std::vector<StateTensor<Tensor>>& tensors, const Tensor& param, const char* name,
                         const std::string& file, const std::string& where);

/// load() of an optimizer whose param state type is State, with its tensors listed by tensors_of.
template <typename State, typename TensorsOf>
void load_optimizer(serialize::InputArchive& archive, Optimizer& optimizer, const char* name,
                    const std::function<void(const OptimizerOptions&)>& check_options, TensorsOf tensors_of) {
  LoadedOptimizer loaded = read_optimizer(
      archive, optimizer, name, check_options,
      [&](serialize::InputArchive& state_archive, const Tensor& param, const std::string& where) {
        auto state = std::make_unique<State>();
        state->serialize(state_archive);
        check_state_tensors(tensors_of(*state), param, name, archive.filename(), where);
        return std::unique_ptr<OptimizerParamState>(std::move(state));
      });
  apply_loaded(optimizer, std::move(loaded));
}

}  // namespace detail
}  // namespace optim
}  // namespace xgrad
