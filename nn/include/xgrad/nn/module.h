#pragma once
// xgrad::nn::Module: the base of every layer and user model, as libtorch's torch::nn::Module.
//
// A module owns named parameters, buffers and child modules, each kept in registration order.
// Recursive queries (parameters(), named_parameters(), state_dict() ...) walk the tree depth-first,
// parents before children, and name entries by their path: "features.0.weight".
//
//   struct NetImpl : nn::Module {
//     NetImpl() { fc = register_module("fc", nn::Linear(4, 2)); w = register_parameter("w", xgrad::ones({2})); }
//     xgrad::Tensor forward(xgrad::Tensor x) { return fc(x) * w; }
//     nn::Linear fc{nullptr};
//     xgrad::Tensor w;
//   };
//   XGRAD_MODULE(Net);   // Net: a shared handle to a NetImpl
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <xgrad/error.h>
#include <xgrad/nn/pimpl.h>
#include <xgrad/ordered_dict.h>
#include <xgrad/scalar_type.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

template <typename Derived>
class Cloneable;

class Module : public std::enable_shared_from_this<Module> {
 public:
  using ModuleApplyFunction = std::function<void(Module&)>;
  using ConstModuleApplyFunction = std::function<void(const Module&)>;
  using NamedModuleApplyFunction = std::function<void(const std::string&, Module&)>;
  using ConstNamedModuleApplyFunction = std::function<void(const std::string&, const Module&)>;
  using ModulePointerApplyFunction = std::function<void(const std::shared_ptr<Module>&)>;
  using NamedModulePointerApplyFunction = std::function<void(const std::string&, const std::shared_ptr<Module>&)>;

  /// name is what pretty_print shows ("xgrad::nn::Linear").
  explicit Module(std::string name);
  /// The name becomes the demangled C++ type of the most derived class ("NetImpl").
  Module();
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
  Module(Module&&) = default;
  Module& operator=(Module&&) = default;
  virtual ~Module() = default;

  const std::string& name() const noexcept;

  /// A deep copy (new parameters, buffers and submodules). Modules inherit it from Cloneable<T>;
  /// a plain Module throws.
  virtual std::shared_ptr<Module> clone() const;

  /// Calls function on this module and then on every descendant, parents first.
  void apply(const ModuleApplyFunction& function);
  void apply(const ConstModuleApplyFunction& function) const;
  /// As above, with each module's dotted name ("" for this one, or name_prefix).
  void apply(const NamedModuleApplyFunction& function, const std::string& name_prefix = std::string());
  void apply(const ConstNamedModuleApplyFunction& function, const std::string& name_prefix = std::string()) const;
  /// As above, with shared_ptrs; this module must be owned by a shared_ptr.
  void apply(const ModulePointerApplyFunction& function) const;
  void apply(const NamedModulePointerApplyFunction& function, const std::string& name_prefix = std::string()) const;

  /// The registered (defined) parameters, this module's first, then each child's in order; each
  /// tensor once, even if a submodule is registered under two names (as Python's).
  std::vector<Tensor> parameters(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  /// This module (if include_self; it must then be owned by a shared_ptr) and every descendant.
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(const std::string& name_prefix = std::string(),
                                                                   bool include_self = true) const;
  /// The direct submodules.
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;

  /// Sets training mode here and in every descendant.
  virtual void train(bool on = true);
  void eval();
  virtual bool is_training() const noexcept;

  /// Converts every floating-point parameter and buffer (and their grads) to dtype in place: each
  /// keeps its Tensor identity (Tensor::set_data), so optimizers holding them keep working.
  virtual void to(ScalarType dtype, bool non_blocking = false);
  /// The CPU is xgrad's only device: to(kCPU) does nothing, any other device is an Error.
  virtual void to(Device device, bool non_blocking = false);
  virtual void to(Device device, ScalarType dtype, bool non_blocking = false);

  /// Clears every parameter's gradient: undefined if set_to_none, else zero.
  virtual void zero_grad(bool set_to_none = true);

  /// This module as ModuleType's contained type (as<Linear>()) or as ModuleType (as<LinearImpl>()),
  /// or nullptr if it is not one.
  template <typename ModuleType>
  typename ModuleType::ContainedType* as() noexcept {
    return as<typename ModuleType::ContainedType>();
  }
  template <typename ModuleType>
  const typename ModuleType::ContainedType* as() const noexcept {
    return as<typename ModuleType::ContainedType>();
  }
  template <typename ModuleType, typename = std::enable_if_t<!detail::is_module_holder<ModuleType>::value>>
  ModuleType* as() noexcept {
    return dynamic_cast<ModuleType*>(this);
  }
  template <typename ModuleType, typename = std::enable_if_t<!detail::is_module_holder<ModuleType>::value>>
  const ModuleType* as() const noexcept {
    return dynamic_cast<const ModuleType*>(this);
  }

  /// Writes this module's parameters, buffers and serializable submodules (nested) to archive.
  virtual void save(serialize::OutputArchive& archive) const;
  /// Reads what save wrote. Every entry is checked first (none missing, none extra, each shape,
  /// dtype and parameter/buffer kind as in this module); on any mismatch it throws, naming the file
  /// and the key, and changes nothing. Then the values are copied into the live tensors.
  virtual void load(serialize::InputArchive& archive);

  /// Prints this module alone (its name by default; layers print their options). operator<<
  /// adds the children.
  virtual void pretty_print(std::ostream& stream) const;

  /// False for modules that save() skips (Functional).
  virtual bool is_serializable() const;

  /// Every parameter and buffer by dotted name: the live tensors, not copies (as Python's
  /// state_dict(keep_vars=True); detach or clone them to keep a snapshot).
  OrderedDict<std::string, Tensor> state_dict() const;
  /// Copies state_dict's values in. First checks every key (with strict, none missing and none
  /// unexpected), shape and dtype, and throws, naming the keys and shapes, before changing anything.
  void load_state_dict(const OrderedDict<std::string, Tensor>& state_dict, bool strict = true);

  /// Registers a parameter (requires_grad set as given). An undefined tensor is allowed (e.g. a
  /// Linear without bias) and is skipped by parameters().
  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  /// Registers a buffer: state that is saved and moved with the module but is not trained.
  Tensor& register_buffer(std::string name, Tensor tensor);

  /// Registers a submodule; returns it.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, std::shared_ptr<ModuleType> module) {
    check_submodule(name, module.get(), "register_module");
    children_.insert(std::move(name), std::shared_ptr<Module>(module));
    return module;
  }
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, ModuleHolder<ModuleType> module_holder) {
    return register_module(std::move(name), module_holder.ptr());
  }

  /// Replaces the registered submodule name (which must exist); returns the new one. A member
  /// holder still pointing at the old submodule must be reassigned by the caller.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, std::shared_ptr<ModuleType> module) {
    Module* raw = module.get();
    std::shared_ptr<Module>& slot = existing_child(name, raw, "replace_module");
    slot = std::shared_ptr<Module>(module);
    return module;
  }
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, ModuleHolder<ModuleType> module_holder) {
    return replace_module(name, module_holder.ptr());
  }

  /// Removes the submodule name; throws if there is none.
  void unregister_module(const std::string& name);

 protected:
  OrderedDict<std::string, Tensor> parameters_;

 private:
  template <typename Derived>
  friend class Cloneable;
  friend std::ostream& operator<<(std::ostream& stream, const Module& module);

  /// Copies a clone of other into *this (Cloneable implements it; a plain Module throws).
  virtual void clone_(Module& other);
  void pretty_print_recursive(std::ostream& stream, const std::string& indentation) const;
  std::shared_ptr<Module> shared_from_this_checked() const;
  void check_submodule(const std::string& name, const Module* module, const char* op) const;
  std::shared_ptr<Module>& existing_child(const std::string& name, const Module* module, const char* op);

  OrderedDict<std::string, Tensor> buffers_;
  OrderedDict<std::string, std::shared_ptr<Module>> children_;
  mutable std::optional<std::string> name_;
  bool is_training_ = true;
};

/// The module tree as libtorch prints it: the module's pretty_print, then its children indented,
/// each prefixed with "(name): ".
std::ostream& operator<<(std::ostream& stream, const Module& module);

/// Module::save / Module::load through an archive: `archive << module`, `archive >> module`.
serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const std::shared_ptr<Module>& module);
serialize::InputArchive& operator>>(serialize::InputArchive& archive, const std::shared_ptr<Module>& module);

}  // namespace nn
}  // namespace xgrad
