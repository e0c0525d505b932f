#pragma once
// Dtype dispatch, in one place: kernels are templates over the element type, and these call the
// right instantiation. `fn` receives a value of the element type, so `using T = decltype(tag);`.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <fmt/ostream.h>

#include <xgrad/scalar_type.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace detail {

template <typename F>
decltype(auto) dispatch_all(ScalarType dtype, const char* op, F&& fn) {
  switch (dtype) {
    case kFloat: return fn(float{});
    case kDouble: return fn(double{});
    case kLong: return fn(int64_t{});
    case kByte: return fn(uint8_t{});
    case kBool: return fn(bool{});
  }
  throw Error(fmt::format("{}: unsupported dtype {}", op, toString(dtype)));
}

/// Float and Double only; other dtypes are an error naming the op.
template <typename F>
decltype(auto) dispatch_floating(ScalarType dtype, const char* op, F&& fn) {
  switch (dtype) {
    case kFloat: return fn(float{});
    case kDouble: return fn(double{});
    default: break;
  }
  throw Error(fmt::format("{}: expected a floating point tensor (Float or Double), got {}", op, toString(dtype)));
}

/// Every dtype but Bool (arithmetic that bool has no meaning for).
template <typename F>
decltype(auto) dispatch_numeric(ScalarType dtype, const char* op, F&& fn) {
  switch (dtype) {
    case kFloat: return fn(float{});
    case kDouble: return fn(double{});
    case kLong: return fn(int64_t{});
    case kByte: return fn(uint8_t{});
    default: break;
  }
  throw Error(fmt::format("{}: not supported for {} tensors", op, toString(dtype)));
}

/// The C++ name of an element type, as libtorch's overflow messages give it.
template <typename T>
const char* cpp_type_name() {
  if (std::is_same<T, float>::value) return "float";
  if (std::is_same<T, double>::value) return "double";
  if (std::is_same<T, int64_t>::value) return "int64_t";
  if (std::is_same<T, uint8_t>::value) return "uint8_t";
  return "bool";
}

/// `s` as element type T, or an error naming the op and the value when it does not fit (libtorch's
/// checked_convert): infinities fit floating types; NaN fits no integer; a negative integer fits an
/// unsigned type while its magnitude does (it wraps, so -1 fills a uint8 with 255); bool takes anything.
template <typename T>
T checked_scalar(const Scalar& s, const char* op) {
  using limit = std::numeric_limits<T>;
  bool overflows = false;
  if constexpr (!std::is_same<T, bool>::value) {
    if (s.isFloatingPoint()) {
      const double v = s.toDouble();
      // 2^63 rounds to max() as a double but is out of int64_t's range.
      const bool past_long = std::is_same<T, int64_t>::value && v >= 9223372036854775808.0;
      overflows = std::isnan(v)   ? !limit::has_quiet_NaN
                  : std::isinf(v) ? !limit::has_infinity
                                  : v < static_cast<double>(limit::lowest()) || v > static_cast<double>(limit::max()) ||
                                        past_long;
    } else if (!s.isBoolean() && std::is_same<T, uint8_t>::value) {
      const int64_t v = s.toLong();
      overflows = v > 255 || v < -255;
    }
  }
  XGRAD_CHECK(!overflows, "{}: value {} cannot be converted to type {} without overflow", op, fmt::streamed(s),
              cpp_type_name<T>());
  return s.to<T>();
}

}  // namespace detail
}  // namespace xgrad
