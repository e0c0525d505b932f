#pragma once
// <torch/torch.h> for programs written against libtorch: the same source builds against xgrad with
// only the include path changed (CMake: link xgrad::torch_compat instead of ${TORCH_LIBRARIES}).
//
// xgrad already spells its API as libtorch's, so most of this file is names: torch:: is xgrad::,
// c10:: and at:: hold the basics libtorch programs take from there, and the macros libtorch programs
// use (TORCH_MODULE, TORCH_CHECK, AT_ASSERT, ...) map onto xgrad's. xgrad computes on the CPU only:
// torch::cuda::is_available() is false, and asking for a CUDA tensor or module is an xgrad::Error.
#include <cstdint>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>

#include <xgrad/indexing.h>
#include <xgrad/linalg.h>
#include <xgrad/special.h>
#include <xgrad/xgrad.h>

namespace xgrad {

namespace cuda {
inline bool is_available() { return false; }
inline int64_t device_count() { return 0; }
}  // namespace cuda

template <typename T>
using optional = std::optional<T>;
using std::nullopt;

/// c10::str: the arguments streamed one after another into a string.
template <typename... Args>
std::string str(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

/// c10::irange(end) and c10::irange(begin, end): the integers of [begin, end), for range-for loops
/// (an empty range when end <= begin, as libtorch's).
template <typename I>
class IntegerRange {
 public:
  class iterator {
   public:
    explicit iterator(I value) : value_(value) {}
    I operator*() const { return value_; }
    iterator& operator++() {
      ++value_;
      return *this;
    }
    bool operator!=(const iterator& other) const { return value_ != other.value_; }

   private:
    I value_;
  };
  IntegerRange(I begin, I end) : begin_(begin), end_(end < begin ? begin : end) {}
  iterator begin() const { return iterator(begin_); }
  iterator end() const { return iterator(end_); }

 private:
  I begin_, end_;
};
template <typename I1, typename I2, typename = std::enable_if_t<std::is_integral<I1>::value && std::is_integral<I2>::value>>
IntegerRange<I2> irange(I1 begin, I2 end) {
  return IntegerRange<I2>(static_cast<I2>(begin), end);
}
template <typename I, typename = std::enable_if_t<std::is_integral<I>::value>>
IntegerRange<I> irange(I end) {
  return IntegerRange<I>(I(0), end);
}

namespace compat_detail {
// TORCH_CHECK's message: the caller's words, or libtorch's default when there are none.
inline std::string check_message(const char* condition) {
  return str("Expected ", condition, " to be true, but got false.");
}
template <typename... Args>
std::string check_message(const char* /*condition*/, const Args&... args) {
  return str(args...);
}
}  // namespace compat_detail

}  // namespace xgrad

namespace torch = xgrad;

namespace c10 {
using xgrad::ArrayRef;
using xgrad::Device;
using xgrad::DeviceIndex;
using xgrad::DeviceType;
using xgrad::Error;
using xgrad::InferenceMode;
using xgrad::IntArrayRef;
using xgrad::kCPU;
using xgrad::kCUDA;
using xgrad::kStrided;
using xgrad::Layout;
using xgrad::MemoryFormat;
using xgrad::nullopt;
using xgrad::optional;
using xgrad::Scalar;
using xgrad::ScalarType;
using xgrad::irange;
using xgrad::str;
}  // namespace c10

namespace at {
using namespace xgrad;
namespace Reduction = xgrad::Reduction;
}  // namespace at

// <torch/version.h>'s: the libtorch release whose API xgrad follows.
#define TORCH_VERSION_MAJOR 1
#define TORCH_VERSION_MINOR 13
#define TORCH_VERSION_PATCH 1
#define TORCH_VERSION "1.13.1"

// c10/macros/Macros.h's branch hints and attributes, which libtorch code uses in ordinary programs.
#define C10_LIKELY(expr) (expr)
#define C10_UNLIKELY(expr) (expr)
#define C10_UNUSED [[maybe_unused]]
#define C10_NODISCARD [[nodiscard]]

#define TORCH_MODULE_IMPL(Name, Impl) XGRAD_MODULE_IMPL(Name, Impl)
#define TORCH_MODULE(Name) XGRAD_MODULE(Name)

// The GNU `, ##__VA_ARGS__` form (GCC and Clang) lets the message be empty in C++17.
#define TORCH_CHECK(cond, ...)                                                                        \
  do {                                                                                                \
    if (!(cond)) throw ::xgrad::Error(::xgrad::compat_detail::check_message(#cond, ##__VA_ARGS__)); \
  } while (0)
#define TORCH_INTERNAL_ASSERT(cond, ...) TORCH_CHECK(cond, ##__VA_ARGS__)
#define AT_ASSERT(cond, ...) TORCH_CHECK(cond, ##__VA_ARGS__)
#define AT_ERROR(...) throw ::xgrad::Error(::xgrad::str(__VA_ARGS__))
#define TORCH_WARN(...) (std::cerr << "Warning: " << ::xgrad::str(__VA_ARGS__) << '\n')
