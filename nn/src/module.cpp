// Module: registration, the recursive queries over the module tree, train/eval, dtype conversion,
// printing, and state (state_dict, load_state_dict, save and load through archives).
//
// The tree is walked depth-first, a module before its children, children in registration order;
// an entry's name is its path from the root joined with dots ("body.0.weight"). Loading state
// (from a dict or a checkpoint) is all-or-nothing: every key, shape and dtype is checked against
// the live tensors first, and only then are values copied in, under NoGradGuard.
#include <xgrad/nn/module.h>

#include <ostream>
#include <typeinfo>
#include <unordered_set>

#include <xgrad/grad_mode.h>
#include <xgrad/nn/modules/container/any.h>
#include <xgrad/serialize/archive.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

namespace {

std::string join_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

void check_entry_name(const std::string& name, const char* op, const char* what) {
  XGRAD_CHECK(!name.empty(), "{}: {} name must not be empty", op, what);
  XGRAD_CHECK(name.find('.') == std::string::npos, "{}: {} name must not contain a dot (got '{}')", op, what, name);
}

std::string quoted_list(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& key : keys) out += (out.empty() ? "'" : ", '") + key + "'";
  return out;
}

/// Checks source against targets (the live tensors, by dotted name) and copies it in, or throws
/// listing every problem and changes nothing. missing / unexpected are the key differences the
/// caller wants reported; every key present in both must agree in shape and dtype.
void assign_state(const OrderedDict<std::string, Tensor>& targets, const OrderedDict<std::string, Tensor>& source,
                  const std::vector<std::string>& missing, const std::vector<std::string>& unexpected,
                  const std::string& context, const char* source_name) {
  std::vector<std::string> problems;
  if (!missing.empty()) problems.push_back("missing key(s): " + quoted_list(missing));
  if (!unexpected.empty()) problems.push_back("unexpected key(s): " + quoted_list(unexpected));
  for (const auto& target : targets) {
    const Tensor* value = source.find(target.key());
    if (value == nullptr) continue;
    if (!value->defined()) {
      problems.push_back(fmt::format("'{}' is an undefined tensor in the {}", target.key(), source_name));
      continue;
    }
    if (value->sizes() != target.value().sizes())
      problems.push_back(fmt::format("size mismatch for '{}': copying a tensor of shape {} from the {}, the shape "
                                     "in the current model is {}",
                                     target.key(), xgrad::detail::shape_str(value->sizes()), source_name,
                                     xgrad::detail::shape_str(target.value().sizes())));
    else if (value->scalar_type() != target.value().scalar_type())
      problems.push_back(fmt::format("dtype mismatch for '{}': copying a tensor of dtype {} from the {}, the dtype "
                                     "in the current model is {}",
                                     target.key(), toString(value->scalar_type()), source_name,
                                     toString(target.value().scalar_type())));
  }
  if (!problems.empty()) {
    std::string message = context;
    for (size_t i = 0; i < problems.size(); ++i) message += (i == 0 ? ": " : "; ") + problems[i];
    throw Error(message + " (nothing was changed)");
  }
  NoGradGuard no_grad;
  for (const auto& target : targets) {
    if (const Tensor* value = source.find(target.key())) {
      Tensor live = target.value();
      live.copy_(*value);
    }
  }
}

/// The entries Module::save writes, by dotted name, with whether each is a buffer.
void collect_saved(const Module& module, const std::string& prefix,
                   OrderedDict<std::string, std::pair<Tensor, bool>>& out) {
  for (const auto& parameter : module.named_parameters(/*recurse=*/false))
    out.insert(join_name(prefix, parameter.key()), std::make_pair(parameter.value(), false));
  for (const auto& buffer : module.named_buffers(/*recurse=*/false))
    out.insert(join_name(prefix, buffer.key()), std::make_pair(buffer.value(), true));
  for (const auto& child : module.named_children())
    if (child.value()->is_serializable()) collect_saved(*child.value(), join_name(prefix, child.key()), out);
}

void collect_state(const Module& module, const std::string& prefix, OrderedDict<std::string, Tensor>& out) {
  for (const auto& parameter : module.named_parameters(/*recurse=*/false))
    out.insert(join_name(prefix, parameter.key()), parameter.value());
  for (const auto& buffer : module.named_buffers(/*recurse=*/false))
    out.insert(join_name(prefix, buffer.key()), buffer.value());
  for (const auto& child : module.named_children()) collect_state(*child.value(), join_name(prefix, child.key()), out);
}

/// A floating-point tensor's data converted to dtype in place (identity kept); others untouched.
void convert_in_place(const Tensor& tensor, ScalarType dtype) {
  if (!tensor.defined() || !tensor.is_floating_point() || tensor.scalar_type() == dtype) return;
  tensor.set_data(tensor.detach().to(dtype));
}

}  // namespace

Module::Module(std::string name) : parameters_("Parameter"), buffers_("Buffer"), children_("Submodule"),
                                   name_(std::move(name)) {}

Module::Module() : parameters_("Parameter"), buffers_("Buffer"), children_("Submodule") {}

const std::string& Module::name() const noexcept {
  // Computed on first use: in the constructor, typeid(*this) would still be Module.
  if (!name_.has_value()) name_ = detail::demangled_name(typeid(*this));
  return *name_;
}

std::shared_ptr<Module> Module::clone() const {
  throw Error("clone: clone() has not been implemented for " + name() + ". Subclass xgrad::nn::Cloneable<" + name() +
              "> instead of xgrad::nn::Module to inherit the ability to clone.");
}

void Module::clone_(Module& other) {
  throw Error("clone: cannot clone submodule " + other.name() + " into " + name() + ", which is not Cloneable");
}

// ---- walking the tree ----

void Module::apply(const ModuleApplyFunction& function) {
  function(*this);
  for (auto& child : children_) child.value()->apply(function);
}

void Module::apply(const ConstModuleApplyFunction& function) const {
  function(*this);
  for (const auto& child : children_) static_cast<const Module&>(*child.value()).apply(function);
}

void Module::apply(const NamedModuleApplyFunction& function, const std::string& name_prefix) {
  function(name_prefix, *this);
  for (auto& child : children_) child.value()->apply(function, join_name(name_prefix, child.key()));
}

void Module::apply(const ConstNamedModuleApplyFunction& function, const std::string& name_prefix) const {
  function(name_prefix, *this);
  for (const auto& child : children_)
    static_cast<const Module&>(*child.value()).apply(function, join_name(name_prefix, child.key()));
}

void Module::apply(const ModulePointerApplyFunction& function) const {
  function(shared_from_this_checked());
  for (const auto& child : children_) child.value()->apply(function);
}

void Module::apply(const NamedModulePointerApplyFunction& function, const std::string& name_prefix) const {
  function(name_prefix, shared_from_this_checked());
  for (const auto& child : children_) child.value()->apply(function, join_name(name_prefix, child.key()));
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  // Each tensor once, as Python's parameters(): a submodule registered under two names (weight
  // tying, siamese branches) must not give the optimizer the same parameter twice.
  std::vector<Tensor> result;
  std::unordered_set<const TensorImpl*> seen;
  for (const auto& parameter : named_parameters(recurse))
    if (seen.insert(parameter.value().unsafeGetTensorImpl()).second) result.push_back(parameter.value());
  return result;
}

OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  OrderedDict<std::string, Tensor> result("Parameter");
  auto add_own = [&result](const std::string& prefix, const Module& module) {
    for (const auto& parameter : module.parameters_)
      if (parameter.value().defined()) result.insert(join_name(prefix, parameter.key()), parameter.value());
  };
  if (recurse)
    apply(ConstNamedModuleApplyFunction(add_own));
  else
    add_own("", *this);
  return result;
}

std::vector<Tensor> Module::buffers(bool recurse) const { return named_buffers(recurse).values(); }

OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  OrderedDict<std::string, Tensor> result("Buffer");
  auto add_own = [&result](const std::string& prefix, const Module& module) {
    for (const auto& buffer : module.buffers_)
      if (buffer.value().defined()) result.insert(join_name(prefix, buffer.key()), buffer.value());
  };
  if (recurse)
    apply(ConstNamedModuleApplyFunction(add_own));
  else
    add_own("", *this);
  return result;
}

std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) const {
  return named_modules("", include_self).values();
}

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(const std::string& name_prefix,
                                                                         bool include_self) const {
  OrderedDict<std::string, std::shared_ptr<Module>> result("Module");
  if (include_self) result.insert(name_prefix, shared_from_this_checked());
  for (const auto& child : children_)
    child.value()->apply(
        NamedModulePointerApplyFunction([&result](const std::string& name, const std::shared_ptr<Module>& module) {
          result.insert(name, module);
        }),
        join_name(name_prefix, child.key()));
  return result;
}

std::vector<std::shared_ptr<Module>> Module::children() const { return children_.values(); }

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const { return children_; }

std::shared_ptr<Module> Module::shared_from_this_checked() const {
  try {
    return std::const_pointer_cast<Module>(shared_from_this());
  } catch (const std::bad_weak_ptr&) {
    throw Error("Module: it looks like you attempted to retrieve your top-level module as a shared_ptr, but it is "
                "not stored in a shared_ptr. Use std::make_shared<" +
                name() + ">() instead of stack allocation of " + name() + ".");
  }
}

// ---- modes, dtype, gradients ----

void Module::train(bool on) {
  for (auto& child : children_) child.value()->train(on);
  is_training_ = on;
}

void Module::eval() { train(false); }

bool Module::is_training() const noexcept { return is_training_; }

void Module::to(ScalarType dtype, bool non_blocking) {
  // As PyTorch's Module.to(dtype): integer state (BatchNorm's num_batches_tracked) stays integral.
  XGRAD_CHECK(isFloatingType(dtype), "Module::to: only floating point dtypes are accepted, got {}", toString(dtype));
  for (auto& child : children_) child.value()->to(dtype, non_blocking);
  for (auto& parameter : parameters_) {
    convert_in_place(parameter.value(), dtype);
    if (parameter.value().defined()) convert_in_place(parameter.value().grad(), dtype);
  }
  for (auto& buffer : buffers_) convert_in_place(buffer.value(), dtype);
}

void Module::to(Device device, bool /*non_blocking*/) { xgrad::detail::check_cpu_device(device, "Module::to"); }

void Module::to(Device device, ScalarType dtype, bool non_blocking) {
  to(device, non_blocking);
  to(dtype, non_blocking);
}

void Module::zero_grad(bool set_to_none) {
  for (auto& child : children_) child.value()->zero_grad(set_to_none);
  for (auto& parameter : parameters_) {
    if (!parameter.value().defined()) continue;
    Tensor& grad = parameter.value().mutable_grad();
    if (!grad.defined()) continue;
    if (set_to_none) {
      grad = Tensor();
    } else {
      grad = grad.detach();
      grad.zero_();
    }
  }
}

// ---- registration ----

Tensor& Module::register_parameter(std::string name, Tensor tensor, bool requires_grad) {
  check_entry_name(name, "register_parameter", "parameter");
  XGRAD_CHECK(!parameters_.contains(name), "register_parameter: parameter '{}' already defined in {}", name,
              this->name());
  XGRAD_CHECK(!buffers_.contains(name), "register_parameter: '{}' is already a buffer of {}", name, this->name());
  if (tensor.defined()) {
    XGRAD_CHECK(!requires_grad || tensor.is_floating_point(),
                "register_parameter: parameter '{}' has dtype {}, which cannot require grad (pass "
                "requires_grad=false or use a floating point tensor)",
                name, toString(tensor.scalar_type()));
    tensor.requires_grad_(requires_grad);
  }
  return parameters_.insert(std::move(name), std::move(tensor));
}

Tensor& Module::register_buffer(std::string name, Tensor tensor) {
  check_entry_name(name, "register_buffer", "buffer");
  XGRAD_CHECK(!buffers_.contains(name), "register_buffer: buffer '{}' already defined in {}", name, this->name());
  XGRAD_CHECK(!parameters_.contains(name), "register_buffer: '{}' is already a parameter of {}", name,
              this->name());
  return buffers_.insert(std::move(name), std::move(tensor));
}

void Module::check_submodule(const std::string& name, const Module* module, const char* op) const {
  check_entry_name(name, op, "submodule");
  XGRAD_CHECK(module != nullptr, "{}: submodule '{}' is null", op, name);
  XGRAD_CHECK(!children_.contains(name), "{}: submodule '{}' already defined in {}", op, name, this->name());
  XGRAD_CHECK(module != this, "{}: cannot register {} as its own submodule '{}'", op, this->name(), name);
}

std::shared_ptr<Module>& Module::existing_child(const std::string& name, const Module* module, const char* op) {
  XGRAD_CHECK(module != nullptr, "{}: the new submodule '{}' is null", op, name);
  std::shared_ptr<Module>* slot = children_.find(name);
  XGRAD_CHECK(slot != nullptr, "{}: no submodule named '{}' is registered in {}", op, name, this->name());
  return *slot;
}

void Module::unregister_module(const std::string& name) {
  XGRAD_CHECK(children_.contains(name), "unregister_module: no submodule named '{}' is registered in {}", name,
              this->name());
  children_.erase(name);
}

// ---- printing ----

void Module::pretty_print(std::ostream& stream) const { stream << name(); }

void Module::pretty_print_recursive(std::ostream& stream, const std::string& indentation) const {
  pretty_print(stream);
  if (children_.is_empty()) return;
  stream << "(\n";
  const std::string next_indentation = indentation + "  ";
  for (const auto& child : children_) {
    stream << next_indentation << "(" << child.key() << "): ";
    child.value()->pretty_print_recursive(stream, next_indentation);
    stream << '\n';
  }
  stream << indentation << ")";
}

std::ostream& operator<<(std::ostream& stream, const Module& module) {
  module.pretty_print_recursive(stream, "");
  return stream;
}

// ---- state ----

bool Module::is_serializable() const { return true; }

OrderedDict<std::string, Tensor> Module::state_dict() const {
  OrderedDict<std::string, Tensor> result("State key");
  collect_state(*this, "", result);
  return result;
}

void Module::load_state_dict(const OrderedDict<std::string, Tensor>& state_dict, bool strict) {
  const OrderedDict<std::string, Tensor> targets = this->state_dict();
  std::vector<std::string> missing, unexpected;
  if (strict) {
    for (const auto& target : targets)
      if (!state_dict.contains(target.key())) missing.push_back(target.key());
    for (const auto& entry : state_dict)
      if (!targets.contains(entry.key())) unexpected.push_back(entry.key());
  }
  assign_state(targets, state_dict, missing, unexpected,
               "load_state_dict: error(s) in loading the state_dict into " + name(), "state_dict");
}

void Module::save(serialize::OutputArchive& archive) const {
  for (const auto& parameter : named_parameters(/*recurse=*/false)) archive.write(parameter.key(), parameter.value());
  for (const auto& buffer : named_buffers(/*recurse=*/false))
    archive.write(buffer.key(), buffer.value(), /*is_buffer=*/true);
  for (const auto& child : children_) {
    if (!child.value()->is_serializable()) continue;
    serialize::OutputArchive child_archive;
    child.value()->save(child_archive);
    archive.write(child.key(), child_archive);
  }
}

void Module::load(serialize::InputArchive& archive) {
  OrderedDict<std::string, std::pair<Tensor, bool>> expected;
  collect_saved(*this, "", expected);
  OrderedDict<std::string, Tensor> targets, source;
  std::vector<std::string> missing, unexpected;
  for (const auto& entry : expected) {
    targets.insert(entry.key(), entry.value().first);
    Tensor stored;
    if (archive.try_read(entry.key(), stored, /*is_buffer=*/entry.value().second))
      source.insert(entry.key(), stored);
    else
      missing.push_back(entry.key());
  }
  for (const std::string& key : archive.keys())
    if (!expected.contains(key)) unexpected.push_back(key);
  assign_state(targets, source, missing, unexpected,
               "Module::load: error(s) in loading checkpoint '" + archive.filename() + "' into " + name(),
               "checkpoint");
}

serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const std::shared_ptr<Module>& module) {
  XGRAD_CHECK(module != nullptr, "save: the module is null (an empty ModuleHolder?)");
  module->save(archive);
  return archive;
}

serialize::InputArchive& operator>>(serialize::InputArchive& archive, const std::shared_ptr<Module>& module) {
  XGRAD_CHECK(module != nullptr, "load: the module is null (an empty ModuleHolder?)");
  module->load(archive);
  return archive;
}

}  // namespace nn
}  // namespace xgrad
