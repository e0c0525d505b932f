#pragma once
// NamedAnyModule: a name and an AnyModule, so Sequential can be built with names:
//   nn::Sequential seq({{"fc1", nn::Linear(4, 8)}, {"act", nn::ReLU()}});
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <xgrad/nn/modules/container/any.h>

namespace xgrad {
namespace nn {

class NamedAnyModule {
 public:
  template <typename ModuleType>
  NamedAnyModule(std::string name, std::shared_ptr<ModuleType> module_ptr)
      : NamedAnyModule(std::move(name), AnyModule(std::move(module_ptr))) {}
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of<Module, std::decay_t<ModuleType>>::value>>
  NamedAnyModule(std::string name, ModuleType&& module)
      : NamedAnyModule(std::move(name), AnyModule(std::forward<ModuleType>(module))) {}
  template <typename ModuleType>
  NamedAnyModule(std::string name, const ModuleHolder<ModuleType>& module_holder)
      : NamedAnyModule(std::move(name), AnyModule(module_holder)) {}
  NamedAnyModule(std::string name, AnyModule any_module) : name_(std::move(name)), module_(std::move(any_module)) {}

  const std::string& name() const noexcept { return name_; }
  AnyModule& module() noexcept { return module_; }
  const AnyModule& module() const noexcept { return module_; }

 private:
  std::string name_;
  AnyModule module_;
};

}  // namespace nn
}  // namespace xgrad
