#pragma once
// The optimizer base, as libtorch's torch::optim::Optimizer: parameters in groups, each group with
// its own options (a group given without options gets a copy of the defaults), and per-parameter
// state (momentum buffers, running averages) keyed by the parameter's TensorImpl, so the state
// follows the parameter through Module::to(dtype), which keeps the impl (Tensor::set_data).
//
// Subclasses (SGD, Adam, AdamW, RMSprop, Adagrad) implement step(); the updates run under
// NoGradGuard with in-place tensor ops, and a parameter without a gradient is skipped.
//
// Beyond libtorch 1.13: zero_grad(set_to_none = true) as libtorch 2.0 and Python; a parameter given
// twice (within a group or across groups) is an error; the options of every group, not only the
// defaults, are checked; and save/load check the whole checkpoint before changing anything.
//
// Checkpoints (xgrad::save(optimizer, path), in the archive format of xgrad/serialize/archive.h)
// hold, like PyTorch's state_dict: param_groups.size; per group i, param_groups.<i>.options.<option>
// (doubles; bools as int64 0/1; betas as a [2] double tensor) and param_groups.<i>.params.<j> (the
// parameter's index over all groups); per parameter with state, state.<index>.step (int64) and its
// state tensors (state.<index>.momentum_buffer, .exp_avg, ...). Loading pairs saved and current
// parameters by position, group by group.
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {
namespace serialize {
class OutputArchive;
class InputArchive;
}  // namespace serialize

namespace optim {

/// The state an optimizer keeps for one parameter; each optimizer derives its own.
class OptimizerParamState {
 public:
  virtual std::unique_ptr<OptimizerParamState> clone() const;
  virtual void serialize(serialize::InputArchive& archive);
  virtual void serialize(serialize::OutputArchive& archive) const;
  virtual ~OptimizerParamState() = default;
};

template <typename Derived>
class OptimizerCloneableParamState : public OptimizerParamState {
 public:
  std::unique_ptr<OptimizerParamState> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// The hyperparameters of one param group; each optimizer derives its own (SGDOptions, ...).
class OptimizerOptions {
 public:
  virtual std::unique_ptr<OptimizerOptions> clone() const;
  virtual void serialize(serialize::InputArchive& archive);
  virtual void serialize(serialize::OutputArchive& archive) const;
  virtual ~OptimizerOptions() = default;
  virtual double get_lr() const;
  virtual void set_lr(const double lr);
};

template <typename Derived>
class OptimizerCloneableOptions : public OptimizerOptions {
 public:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

/// Parameters and (optionally) the options they are optimized with.
class OptimizerParamGroup {
 public:
  // Copyable (a deep copy of the options), so that groups can live in a std::vector.
  OptimizerParamGroup(const OptimizerParamGroup& param_group);
  OptimizerParamGroup(OptimizerParamGroup&&) = default;
  OptimizerParamGroup& operator=(const OptimizerParamGroup& param_group);
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) = default;
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}  // NOLINT: implicit as libtorch
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}

  bool has_options() const { return options_ != nullptr; }
  /// Throws if the group has no options.
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

 protected:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

class Optimizer {
 public:
  /// Per-parameter state, keyed by the parameter's TensorImpl (Tensor::unsafeGetTensorImpl()).
  using StateMap = std::unordered_map<const TensorImpl*, std::unique_ptr<OptimizerParamState>>;
  using LossClosure = std::function<Tensor()>;

  // Not copyable: the state belongs to one optimizer (save and load it to copy one).
  Optimizer(const Optimizer& optimizer) = delete;
  Optimizer& operator=(const Optimizer& optimizer) = delete;
  Optimizer(Optimizer&& optimizer) = default;

  explicit Optimizer(std::vector<OptimizerParamGroup> param_groups, std::unique_ptr<OptimizerOptions> defaults);
  /// One group holding `parameters`, with the defaults.
  explicit Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults);
  virtual ~Optimizer() = default;

  /// Adds a group (with a copy of its options, or of the defaults if it has none). Every parameter
  /// must be a defined leaf tensor that no group holds yet.
  void add_param_group(const OptimizerParamGroup& param_group);
  /// Adds parameters to the first group (as libtorch; prefer add_param_group).
  void add_parameters(const std::vector<Tensor>& parameters);

  /// One update of every parameter that has a gradient. If closure is given it is called first,
  /// with grad mode on, to recompute the loss (and the gradients); its result is returned.
  virtual Tensor step(LossClosure closure = nullptr) = 0;

  /// Resets every parameter's gradient: to an undefined tensor (set_to_none, the default, as
  /// PyTorch 2.0) or to zeros, detached from any graph.
  void zero_grad(bool set_to_none = true);

  /// The parameters of the first group (an error if there are no groups).
  const std::vector<Tensor>& parameters() const;
  std::vector<Tensor>& parameters();
  /// The number of parameters in all groups.
  size_t size() const noexcept;

  OptimizerOptions& defaults() noexcept { return *defaults_; }
  const OptimizerOptions& defaults() const noexcept { return *defaults_; }
  std::vector<OptimizerParamGroup>& param_groups() noexcept { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const noexcept { return param_groups_; }
  StateMap& state() noexcept { return state_; }
  const StateMap& state() const noexcept { return state_; }

  /// Writes every group's options and parameter indices and every parameter's state. Each
  /// optimizer overrides save and load; the base's throw (a custom optimizer must override them).
  virtual void save(serialize::OutputArchive& archive) const;
  /// Reads what save wrote; checks all of it (group count and sizes, options, state shapes) before
  /// changing anything. Errors name the archive's file and the key.
  virtual void load(serialize::InputArchive& archive);

 protected:
  /// Checks one group's options (their type and values); the error names the optimizer. The base
  /// accepts anything. add_param_group calls it; while the base constructor runs that is the base's
  /// version, so each subclass's constructor checks the groups the base constructor added.
  virtual void check_options(const OptimizerOptions& options) const;

  std::vector<OptimizerParamGroup> param_groups_;
  StateMap state_;
  std::unique_ptr<OptimizerOptions> defaults_;
};

/// Writes optimizer.save(archive), so that xgrad::save(optimizer, path) works.
serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const Optimizer& optimizer);
/// optimizer.load(archive), so that xgrad::load(optimizer, path) works.
serialize::InputArchive& operator>>(serialize::InputArchive& archive, Optimizer& optimizer);

}  // namespace optim
}  // namespace xgrad
