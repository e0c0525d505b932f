#pragma once
// ModuleList: a list of submodules registered as "0", "1", ..., as libtorch's torch::nn::ModuleList.
// Unlike Sequential it has no forward; the owner decides how to call its entries:
//   nn::ModuleList blocks(nn::Linear(4, 4), nn::Linear(4, 4));
//   for (const auto& block : *blocks) x = block->as<nn::Linear>()->forward(x);
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include <xgrad/error.h>
#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

class ModuleListImpl : public Cloneable<ModuleListImpl> {
 public:
  using Iterator = std::vector<std::shared_ptr<Module>>::iterator;
  using ConstIterator = std::vector<std::shared_ptr<Module>>::const_iterator;

  ModuleListImpl();
  /// The modules (holders, shared_ptrs or modules by value), named "0", "1", ...
  template <typename First, typename... Rest,
            typename = std::enable_if_t<!(std::is_same<std::decay_t<First>, ModuleListImpl>::value &&
                                          sizeof...(Rest) == 0)>>
  explicit ModuleListImpl(First&& first, Rest&&... rest) : ModuleListImpl() {
    modules_.reserve(1 + sizeof...(Rest));
    push_back(std::forward<First>(first));
    (push_back(std::forward<Rest>(rest)), ...);
  }

  /// A deep copy: every module cloned.
  std::shared_ptr<Module> clone() const override;
  /// ModuleList has no state of its own.
  void reset() override;

  void push_back(std::shared_ptr<Module> module);
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of<Module, std::decay_t<ModuleType>>::value>>
  void push_back(ModuleType&& module) {
    push_back(std::shared_ptr<Module>(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))));
  }
  template <typename ModuleType>
  void push_back(const ModuleHolder<ModuleType>& module_holder) {
    push_back(std::shared_ptr<Module>(module_holder.ptr()));
  }

  /// Appends every module of container (another ModuleList, or any range of pushable modules).
  template <typename Container>
  void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }

  /// Inserts module before position index (0 <= index <= size()); later modules are renamed.
  void insert(size_t index, std::shared_ptr<Module> module);
  template <typename ModuleType>
  void insert(size_t index, const ModuleHolder<ModuleType>& module_holder) {
    insert(index, std::shared_ptr<Module>(module_holder.ptr()));
  }
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of<Module, std::decay_t<ModuleType>>::value>>
  void insert(size_t index, ModuleType&& module) {
    insert(index, std::shared_ptr<Module>(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))));
  }

  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }

  /// The index-th module as T (a module type such as LinearImpl); throws if it is not one.
  template <typename T>
  T& at(size_t index) {
    return *ptr<T>(index);
  }
  template <typename T>
  const T& at(size_t index) const {
    return *ptr<T>(index);
  }
  std::shared_ptr<Module> ptr(size_t index) const { return modules_[checked(index, "ptr")]; }
  template <typename T>
  std::shared_ptr<T> ptr(size_t index) const {
    static_assert(std::is_base_of<Module, T>::value, "ModuleList::ptr<T>: T must be a module type (e.g. LinearImpl)");
    auto typed = std::dynamic_pointer_cast<T>(modules_[checked(index, "ptr")]);
    if (typed == nullptr) throw_wrong_type(index, typeid(T));
    return typed;
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }

  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return modules_.empty(); }

 private:
  size_t checked(size_t index, const char* what) const;
  [[noreturn]] void throw_wrong_type(size_t index, const std::type_info& requested) const;

  std::vector<std::shared_ptr<Module>> modules_;
};

XGRAD_MODULE(ModuleList);

}  // namespace nn
}  // namespace xgrad
