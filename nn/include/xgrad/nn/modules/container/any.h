#pragma once
// AnyModule: any module whose forward maps one Tensor to a Tensor, behind one type, so Sequential
// can hold a list of different layers. (libtorch's AnyModule erases any forward signature; xgrad's
// Sequential only chains Tensor -> Tensor, so that is the one signature kept.)
//
// The module is held by shared_ptr; forward is a plain function pointer instantiated for the
// module's type when it is wrapped: no allocation and one indirect call per forward.
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include <xgrad/error.h>
#include <xgrad/nn/module.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

namespace detail {
template <typename M, typename = void>
struct has_tensor_forward : std::false_type {};
template <typename M>
struct has_tensor_forward<M, std::void_t<decltype(std::declval<M&>().forward(std::declval<Tensor>()))>>
    : std::is_convertible<decltype(std::declval<M&>().forward(std::declval<Tensor>())), Tensor> {};

/// The demangled name of a C++ type ("xgrad::nn::LinearImpl"), for messages.
std::string demangled_name(const std::type_info& type);
}  // namespace detail

class AnyModule {
 public:
  /// The empty state.
  AnyModule() = default;

  template <typename ModuleType>
  explicit AnyModule(std::shared_ptr<ModuleType> module) : module_(std::move(module)), forward_(&call_forward<ModuleType>) {
    check_forward<ModuleType>();
  }
  /// Takes a module by value (moved into a new shared_ptr).
  template <typename ModuleType,
            typename = std::enable_if_t<std::is_base_of<Module, std::decay_t<ModuleType>>::value>>
  explicit AnyModule(ModuleType&& module)
      : AnyModule(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))) {}
  template <typename ModuleType>
  explicit AnyModule(const ModuleHolder<ModuleType>& module_holder) : AnyModule(module_holder.ptr()) {}

  template <typename ModuleType>
  AnyModule& operator=(std::shared_ptr<ModuleType> module) {
    return (*this = AnyModule(std::move(module)));
  }

  /// The module's forward.
  Tensor forward(Tensor input) {
    check_not_empty("forward");
    return forward_(*module_, std::move(input));
  }

  /// A deep copy: the module's clone() (it must be Cloneable).
  AnyModule clone() const;

  const std::shared_ptr<Module>& ptr() const {
    check_not_empty("ptr");
    return module_;
  }
  /// The module as T (a module type, not a holder); throws if it is not one.
  template <typename T, typename = std::enable_if_t<!detail::is_module_holder<T>::value>>
  std::shared_ptr<T> ptr() const {
    return std::shared_ptr<T>(ptr(), &get_<T>());
  }
  /// A reference to the module as T; throws if it is not one.
  template <typename T, typename = std::enable_if_t<!detail::is_module_holder<T>::value>>
  T& get() {
    return get_<T>();
  }
  template <typename T, typename = std::enable_if_t<!detail::is_module_holder<T>::value>>
  const T& get() const {
    return get_<T>();
  }
  /// A holder (e.g. nn::Linear) sharing the module; throws if it is not one.
  template <typename T, typename ContainedType = typename T::ContainedType>
  T get() const {
    return T(ptr<ContainedType>());
  }

  const std::type_info& type_info() const {
    check_not_empty("type_info");
    const Module& module = *module_;  // (typeid of a named reference: no side effect for clang to warn about)
    return typeid(module);
  }
  bool is_empty() const noexcept { return module_ == nullptr; }

 private:
  using ForwardFunction = Tensor (*)(Module&, Tensor);

  template <typename ModuleType>
  static Tensor call_forward(Module& module, Tensor input) {
    return static_cast<ModuleType&>(module).forward(std::move(input));
  }
  template <typename ModuleType>
  void check_forward() {
    static_assert(std::is_base_of<Module, ModuleType>::value, "AnyModule holds modules (classes derived from nn::Module)");
    static_assert(detail::has_tensor_forward<ModuleType>::value,
                  "AnyModule (and so Sequential) needs a module whose forward(Tensor) returns a Tensor");
    if (module_ == nullptr) throw Error("AnyModule: cannot wrap a null module");
  }
  void check_not_empty(const char* what) const {
    if (module_ == nullptr) throw Error(std::string("AnyModule::") + what + ": the AnyModule is empty");
  }
  template <typename T>
  T& get_() const {
    T* typed = dynamic_cast<T*>(ptr().get());
    const Module& module = *module_;
    if (typed == nullptr)
      throw Error("AnyModule::get: attempted to cast module of type " + detail::demangled_name(typeid(module)) +
                  " to type " + detail::demangled_name(typeid(T)));
    return *typed;
  }

  std::shared_ptr<Module> module_;
  ForwardFunction forward_ = nullptr;
};

}  // namespace nn
}  // namespace xgrad
