#pragma once
// ModuleHolder<Contained>: the shared handle that lets a module be used by value, as libtorch's.
// `XGRAD_MODULE(Linear)` defines `class Linear : ModuleHolder<LinearImpl>`, so that
//   nn::Linear fc{784, 128};       // constructs a LinearImpl(784, 128), owned by a shared_ptr
//   fc->weight; fc(x); auto g = fc;   // g shares the same LinearImpl
//   nn::Linear empty{nullptr};     // no module yet (for members assigned later)
#include <cstddef>
#include <memory>
#include <ostream>
#include <type_traits>
#include <utility>

#include <xgrad/error.h>

namespace xgrad {
namespace serialize {
class OutputArchive;
class InputArchive;
}  // namespace serialize

namespace nn {

namespace detail {
/// Base of every ModuleHolder, so templates can tell holders from modules.
struct ModuleHolderIndicator {};

template <typename T>
using is_module_holder = std::is_base_of<ModuleHolderIndicator, std::decay_t<T>>;

/// True when T is a holder of exactly Contained (so ModuleHolder(T) is a copy, not a construction).
template <typename T, typename Contained, typename = void>
struct is_module_holder_of : std::false_type {};
template <typename T, typename Contained>
struct is_module_holder_of<T, Contained, std::void_t<typename std::decay_t<T>::ContainedType>>
    : std::integral_constant<bool, is_module_holder<T>::value &&
                                       std::is_same<typename std::decay_t<T>::ContainedType, Contained>::value> {};
}  // namespace detail

template <typename Contained>
class ModuleHolder : detail::ModuleHolderIndicator {
 protected:
  std::shared_ptr<Contained> impl_;

 public:
  using ContainedType = Contained;

  /// Default-constructs the module (a module without a default constructor must be given
  /// arguments, or nullptr for the empty state).
  ModuleHolder() : impl_(default_construct()) {
    static_assert(std::is_default_constructible<Contained>::value,
                  "You are trying to default construct a module which has no default constructor. Use = "
                  "nullptr to give it the empty state (e.g. `Linear linear = nullptr;` instead of `Linear "
                  "linear;`).");
  }

  /// The empty state: no module.
  /*implicit*/ ModuleHolder(std::nullptr_t) : impl_(nullptr) {}

  /// Constructs Contained from the arguments (not taken for a lone holder of the same module, which
  /// is a copy).
  template <typename Head, typename... Tail,
            typename = std::enable_if_t<!(detail::is_module_holder_of<Head, Contained>::value && sizeof...(Tail) == 0)>>
  explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(std::make_shared<Contained>(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}

  /// Wraps an existing module.
  /*implicit*/ ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {}

  explicit operator bool() const noexcept { return !is_empty(); }

  Contained* operator->() { return get(); }
  const Contained* operator->() const { return get(); }
  Contained& operator*() { return *get(); }
  const Contained& operator*() const { return *get(); }

  const std::shared_ptr<Contained>& ptr() const {
    check_not_empty();
    return impl_;
  }
  Contained* get() {
    check_not_empty();
    return impl_.get();
  }
  const Contained* get() const {
    check_not_empty();
    return impl_.get();
  }

  /// Calls the module's forward.
  template <typename... Args, typename C = Contained>
  auto operator()(Args&&... args) -> decltype(std::declval<C&>().forward(std::forward<Args>(args)...)) {
    return get()->forward(std::forward<Args>(args)...);
  }

  /// The module's operator[] (Sequential, ModuleList).
  template <typename Arg>
  decltype(auto) operator[](Arg&& arg) {
    return (*get())[std::forward<Arg>(arg)];
  }

  bool is_empty() const noexcept { return impl_ == nullptr; }

 private:
  void check_not_empty() const {
    if (impl_ == nullptr) throw Error("ModuleHolder: accessing an empty ModuleHolder (constructed from nullptr)");
  }

  template <typename T = Contained>
  static std::enable_if_t<std::is_default_constructible<T>::value, std::shared_ptr<Contained>> default_construct() {
    return std::make_shared<Contained>();
  }
  template <typename T = Contained>
  static std::enable_if_t<!std::is_default_constructible<T>::value, std::shared_ptr<Contained>> default_construct() {
    return nullptr;
  }
};

/// Prints the module tree (see operator<<(std::ostream&, const Module&)).
template <typename ModuleType>
std::ostream& operator<<(std::ostream& stream, const ModuleHolder<ModuleType>& module) {
  return stream << *module;
}

/// Saves / loads the held module (Module::save / Module::load).
template <typename ModuleType>
serialize::OutputArchive& operator<<(serialize::OutputArchive& archive, const ModuleHolder<ModuleType>& module) {
  return archive << module.ptr();
}
template <typename ModuleType>
serialize::InputArchive& operator>>(serialize::InputArchive& archive, ModuleHolder<ModuleType>& module) {
  return archive >> module.ptr();
}

}  // namespace nn
}  // namespace xgrad

/// Defines `Name`, a ModuleHolder of `Impl`, with Impl's constructors.
#define XGRAD_MODULE_IMPL(Name, Impl)                    \
  class Name : public ::xgrad::nn::ModuleHolder<Impl> {  \
   public:                                               \
    using ::xgrad::nn::ModuleHolder<Impl>::ModuleHolder; \
    using ::xgrad::nn::ModuleHolder<Impl>::get;          \
  }

/// Defines `Name`, a ModuleHolder of `NameImpl`: `struct LinearImpl : Module {...}; XGRAD_MODULE(Linear);`
#define XGRAD_MODULE(Name) XGRAD_MODULE_IMPL(Name, Name##Impl)
