#pragma once
// Dtype dispatch, in one place: kernels are templates over the element type, and these call the
// right instantiation. `fn` receives a value of the element type, so `using T = decltype(tag);`.
#include <cstdint>

#include <xgrad/scalar_type.h>

#include "check.h"

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

}  // namespace detail
}  // namespace xgrad
