// AnyModule's out-of-line pieces: cloning and the type names in its messages.
#include <xgrad/nn/modules/container/any.h>

#include <cxxabi.h>

#include <cstdlib>

namespace xgrad {
namespace nn {

namespace detail {
std::string demangled_name(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  if (status != 0 || demangled == nullptr) return type.name();
  std::string name(demangled);
  std::free(demangled);
  return name;
}
}  // namespace detail

AnyModule AnyModule::clone() const {
  AnyModule copy;
  copy.module_ = ptr()->clone();
  copy.forward_ = forward_;  // clone() keeps the dynamic type, so the same forward applies
  return copy;
}

}  // namespace nn
}  // namespace xgrad
