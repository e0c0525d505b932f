#pragma once
// XGRAD_CHECK(cond, fmt, args...): throws xgrad::Error with a fmt-formatted message. Every
// message starts with the op's name: "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)".
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <xgrad/array_ref.h>
#include <xgrad/error.h>

#define XGRAD_CHECK(cond, ...)                                 \
  do {                                                         \
    if (!(cond)) throw ::xgrad::Error(::fmt::format(__VA_ARGS__)); \
  } while (0)

namespace xgrad {
namespace detail {

/// "[2, 3]": how shapes appear in messages.
inline std::string shape_str(IntArrayRef sizes) { return fmt::format("[{}]", fmt::join(sizes, ", ")); }

/// Wraps a possibly negative dim into [0, ndim); the message names the op.
inline int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op) {
  int64_t n = ndim == 0 ? 1 : ndim;  // a 0-dim tensor accepts dim 0 and -1, as in PyTorch
  XGRAD_CHECK(dim >= -n && dim < n, "{}: dimension out of range (expected to be in range of [{}, {}], but got {})",
              op, -n, n - 1, dim);
  return dim < 0 ? dim + n : dim;
}

}  // namespace detail
}  // namespace xgrad
