#pragma once
// Sequential: modules applied one after another, as libtorch's torch::nn::Sequential.
//   nn::Sequential net(nn::Linear(784, 128), nn::ReLU(), nn::Linear(128, 10));
//   auto y = net->forward(x);           // or net(x)
//   net->push_back("out", nn::LogSoftmax(1));
// Unnamed modules are registered as "0", "1", ... (their position), so parameters are named
// "0.weight", "2.bias"; pretty-printing lists them as "(0): xgrad::nn::Linear(...)".
// Every module's forward must take one Tensor and return a Tensor.
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/modules/container/any.h>
#include <xgrad/nn/modules/container/named_any.h>
#include <xgrad/nn/pimpl.h>
#include <xgrad/ordered_dict.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

class SequentialImpl : public Cloneable<SequentialImpl> {
 public:
  using Iterator = std::vector<AnyModule>::iterator;
  using ConstIterator = std::vector<AnyModule>::const_iterator;

  SequentialImpl();
  /// The modules (holders, shared_ptrs, modules by value or AnyModules), named "0", "1", ...
  template <typename First, typename... Rest,
            typename = std::enable_if_t<!(std::is_same<std::decay_t<First>, SequentialImpl>::value &&
                                          sizeof...(Rest) == 0)>>
  explicit SequentialImpl(First&& first, Rest&&... rest) : SequentialImpl() {
    modules_.reserve(1 + sizeof...(Rest));
    push_back(std::forward<First>(first));
    (push_back(std::forward<Rest>(rest)), ...);
  }
  explicit SequentialImpl(OrderedDict<std::string, AnyModule>&& ordered_dict);
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> named_modules);

  /// A deep copy: every module cloned, under the same names.
  std::shared_ptr<Module> clone() const override;
  /// Sequential has no state of its own.
  void reset() override;

  /// Runs input through every module in turn. (libtorch's forward<ReturnType>; only Tensor here.)
  template <typename ReturnType = Tensor>
  ReturnType forward(Tensor input) {
    static_assert(std::is_same<ReturnType, Tensor>::value, "xgrad's Sequential::forward returns a Tensor");
    return forward_chain(std::move(input));
  }

  template <typename ModuleType>
  void push_back(std::shared_ptr<ModuleType> module_ptr) {
    push_back(AnyModule(std::move(module_ptr)));
  }
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of<Module, std::decay_t<ModuleType>>::value>>
  void push_back(ModuleType&& module) {
    push_back(AnyModule(std::forward<ModuleType>(module)));
  }
  template <typename ModuleType>
  void push_back(const ModuleHolder<ModuleType>& module_holder) {
    push_back(AnyModule(module_holder));
  }
  void push_back(AnyModule any_module);

  template <typename ModuleType>
  void push_back(std::string name, std::shared_ptr<ModuleType> module_ptr) {
    push_back(std::move(name), AnyModule(std::move(module_ptr)));
  }
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of<Module, std::decay_t<ModuleType>>::value>>
  void push_back(std::string name, ModuleType&& module) {
    push_back(std::move(name), AnyModule(std::forward<ModuleType>(module)));
  }
  template <typename ModuleType>
  void push_back(std::string name, const ModuleHolder<ModuleType>& module_holder) {
    push_back(std::move(name), AnyModule(module_holder));
  }
  void push_back(std::string name, AnyModule any_module);

  /// Appends every module of container (another Sequential, or any range of pushable modules).
  template <typename Container>
  void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }

  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }

  /// The index-th module as T (a module type such as LinearImpl); throws if it is not one.
  template <typename T>
  T& at(size_t index) {
    return modules_[checked(index, "at")].template get<T>();
  }
  template <typename T>
  const T& at(size_t index) const {
    return modules_[checked(index, "at")].template get<T>();
  }
  const std::shared_ptr<Module>& ptr(size_t index) const { return modules_[checked(index, "ptr")].ptr(); }
  template <typename T>
  std::shared_ptr<T> ptr(size_t index) const {
    return modules_[checked(index, "ptr")].template ptr<T>();
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }

  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return modules_.empty(); }

 private:
  Tensor forward_chain(Tensor input);
  size_t checked(size_t index, const char* what) const;

  std::vector<AnyModule> modules_;
};

/// The holder, with libtorch's extra constructor from named modules.
class Sequential : public ModuleHolder<SequentialImpl> {
 public:
  using ModuleHolder<SequentialImpl>::ModuleHolder;
  using ModuleHolder<SequentialImpl>::get;
  Sequential() : ModuleHolder() {}
  Sequential(std::initializer_list<NamedAnyModule> named_modules)
      : ModuleHolder(std::make_shared<SequentialImpl>(named_modules)) {}
};

}  // namespace nn
}  // namespace xgrad
