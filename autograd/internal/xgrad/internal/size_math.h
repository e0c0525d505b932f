#pragma once
// Checked shape arithmetic: every product and sum of sizes, strides and op arguments (kernel,
// stride, padding, dilation) that xgrad computes goes through here, so that an overflow is an
// xgrad::Error naming the op and the sizes instead of undefined behaviour.
//
// The invariant every TensorImpl keeps: each size is >= 0 and the product of its sizes, zero sizes
// counted as ones, times its element size, fits int64. That product is the outermost contiguous
// stride, so every product of some of a tensor's sizes, its numel, its nbytes, every contiguous
// stride and every offset into an empty tensor fit too, in elements and in bytes: code that
// multiplies an existing tensor's sizes (outer/inner extents, plane counts, byte strides) needs no
// check of its own. Only new shapes (from user arguments, broadcasting, joining) are checked, a few
// integer ops per dim. (So a view too is limited to 2^63 bytes: [1].expand({1 << 62}) is a float
// tensor too large, a byte one is fine.)
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <xgrad/array_ref.h>
#include <xgrad/scalar_type.h>

namespace xgrad {
namespace detail {

/// int64 arithmetic that remembers an overflow, so that a formula is written as usual and tested
/// once at the end. (__builtin_*_overflow: GCC and clang both have them.)
class CheckedInt {
 public:
  CheckedInt(int64_t v) : v_(v) {}  // NOLINT: implicit, so that formulas mix CheckedInt and int64_t
  bool overflowed() const { return overflowed_; }
  /// The value, or nullopt when a step overflowed.
  std::optional<int64_t> get() const { return overflowed_ ? std::nullopt : std::optional<int64_t>(v_); }

  friend CheckedInt operator+(CheckedInt a, CheckedInt b) {
    CheckedInt r(0);
    r.overflowed_ = a.overflowed_ || b.overflowed_ || __builtin_add_overflow(a.v_, b.v_, &r.v_);
    return r;
  }
  friend CheckedInt operator-(CheckedInt a, CheckedInt b) {
    CheckedInt r(0);
    r.overflowed_ = a.overflowed_ || b.overflowed_ || __builtin_sub_overflow(a.v_, b.v_, &r.v_);
    return r;
  }
  friend CheckedInt operator*(CheckedInt a, CheckedInt b) {
    CheckedInt r(0);
    r.overflowed_ = a.overflowed_ || b.overflowed_ || __builtin_mul_overflow(a.v_, b.v_, &r.v_);
    return r;
  }

 private:
  int64_t v_;
  bool overflowed_ = false;
};

/// ceil(a / b) for b > 0, with no intermediate that could overflow (a + b - 1 may).
inline int64_t ceil_div(int64_t a, int64_t b) { return a / b + (a % b > 0); }

/// The number of elements of `sizes` (each >= 0, which the caller checked), or nullopt when the
/// shape breaks the invariant above (its product with zeros counted as ones overflows int64).
inline std::optional<int64_t> numel_of(IntArrayRef sizes) {
  int64_t numel = 1, outer_stride = 1;
  for (int64_t s : sizes) {
    if (__builtin_mul_overflow(outer_stride, s > 1 ? s : 1, &outer_stride)) return std::nullopt;
    numel *= s;  // at most outer_stride, which fits
  }
  return numel;
}

/// "{op}: shape [..] is too large (its number of elements overflows int64)": the error of a shape
/// numel_of rejects.
std::string shape_too_large(const char* op, IntArrayRef sizes);

/// The error of a shape checked_numel rejects: a negative size, too many elements or (with a
/// dtype) too many bytes. Out of line, so that the checks stay a few instructions per dim.
[[noreturn]] void throw_bad_shape(const char* op, IntArrayRef sizes, const ScalarType* dtype);

/// checked_numel's loop: numel, and the outermost contiguous stride (item times the sizes, zeros as
/// ones) must fit.
inline int64_t checked_numel_of(IntArrayRef sizes, int64_t item, const ScalarType* dtype, const char* op) {
  int64_t numel = 1, outer_stride = item;
  for (int64_t s : sizes) {
    if (__builtin_expect(s < 0 || __builtin_mul_overflow(outer_stride, s > 1 ? s : 1, &outer_stride), 0))
      throw_bad_shape(op, sizes, dtype);
    numel *= s;  // at most outer_stride, which fits
  }
  return numel;
}

/// The number of elements of a new tensor of `sizes`: a negative size or an overflowing shape is
/// an error naming the op ("trying to create tensor with negative dimension -1: [-1, 2]", as libtorch).
inline int64_t checked_numel(IntArrayRef sizes, const char* op) { return checked_numel_of(sizes, 1, nullptr, op); }

/// The same for a tensor of `dtype`, which must keep the invariant above in bytes too.
inline int64_t checked_numel(IntArrayRef sizes, ScalarType dtype, const char* op) {
  return checked_numel_of(sizes, static_cast<int64_t>(elementSize(dtype)), &dtype, op);
}

/// The bytes of a new contiguous tensor of `sizes` and `dtype` (checked_numel with the dtype).
inline size_t checked_nbytes(IntArrayRef sizes, ScalarType dtype, const char* op) {
  return static_cast<size_t>(checked_numel(sizes, dtype, op)) * elementSize(dtype);
}

/// The bytes of storage a tensor of (sizes, strides, offset) reaches from the storage's start:
/// (offset + 1 + sum over dims of (size - 1) * stride) elements, or none when it is empty. The
/// shape must pass checked_numel with the dtype, strides and offset must be >= 0, and the extent
/// (over the non-empty dims, also for an empty tensor, whose views may select along them) must fit
/// int64 in bytes; errors name the op.
size_t checked_storage_nbytes(IntArrayRef sizes, IntArrayRef strides, int64_t offset, ScalarType dtype,
                              const char* op);

/// The stride of a new size-1 dim just outside a dim of (size, stride): what a contiguous tensor
/// would have there, size * stride (so that contiguity is kept), or stride when that overflows
/// (a size-1 dim's stride never addresses an element, so any value is correct).
inline int64_t outer_stride(int64_t size, int64_t stride) {
  int64_t r;
  return __builtin_mul_overflow(size, stride, &r) ? stride : r;
}

/// The output size along one dim of a pooling or convolution window (PyTorch's
/// pooling_output_shape): floor((in + 2 pad - dilation (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0))
/// / stride) + 1, less one with ceil_mode when the last window would start past the input and its
/// left padding. stride > 0. nullopt when a step overflows int64 (huge padding, kernel or dilation);
/// a result below 1 means the window is larger than the padded input.
std::optional<int64_t> window_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation,
                                          bool ceil_mode);

/// The output size along one dim of a transposed convolution: (in - 1) stride - 2 pad +
/// dilation (kernel - 1) + output_padding + 1, or nullopt when a step overflows int64.
std::optional<int64_t> transposed_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                                              int64_t dilation, int64_t output_padding);

}  // namespace detail
}  // namespace xgrad
