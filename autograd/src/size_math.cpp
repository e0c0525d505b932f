
#include <algorithm>

#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

namespace xgrad {
namespace detail {

namespace {
/// Floor division by a positive divisor (C++ rounds toward zero).
int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return a % b != 0 && a < 0 ? q - 1 : q;
}
}  // namespace

std::string shape_too_large(const char* op, IntArrayRef sizes) {
  const bool empty = std::find(sizes.begin(), sizes.end(), 0) != sizes.end();
  // An empty tensor has no elements, but its contiguous strides would still overflow.
  return fmt::format("{}: shape {} is too large ({} overflows int64)", op, shape_str(sizes),
                     empty ? "the product of its non-zero sizes" : "its number of elements");
}

void throw_bad_shape(const char* op, IntArrayRef sizes, const ScalarType* dtype) {
  for (int64_t s : sizes)
    XGRAD_CHECK(s >= 0, "{}: trying to create tensor with negative dimension {}: {}", op, s, shape_str(sizes));
  const std::optional<int64_t> numel = numel_of(sizes);
  if (!numel || !dtype) throw Error(shape_too_large(op, sizes));
  // The elements fit, their bytes do not.
  const std::string why = *numel > 0 ? fmt::format("{} elements of {} bytes overflow int64", *numel, elementSize(*dtype))
                                     : std::string("its strides in bytes overflow int64");
  throw Error(fmt::format("{}: a tensor of shape {} and dtype {} is too large ({})", op, shape_str(sizes),
                          toString(*dtype), why));
}

size_t checked_storage_nbytes(IntArrayRef sizes, IntArrayRef strides, int64_t offset, ScalarType dtype,
                              const char* op) {
  const int64_t numel = checked_numel(sizes, dtype, op);
  for (int64_t s : strides)
    XGRAD_CHECK(s >= 0, "{}: negative strides are not supported, got strides {}", op, shape_str(strides));
  XGRAD_CHECK(offset >= 0, "{}: negative storage offset {}", op, offset);
  CheckedInt last = offset;  // the element furthest from the storage's start
  for (size_t d = 0; d < sizes.size(); ++d)
    if (sizes[d] > 0) last = last + (CheckedInt(sizes[d]) - 1) * strides[d];
  const std::optional<int64_t> nbytes = ((last + 1) * static_cast<int64_t>(elementSize(dtype))).get();
  XGRAD_CHECK(nbytes,
              "{}: a tensor of shape {} with strides {} and storage offset {} reaches past the memory int64 byte "
              "offsets can address",
              op, shape_str(sizes), shape_str(strides), offset);
  return numel == 0 ? 0 : static_cast<size_t>(*nbytes);
}

std::optional<int64_t> window_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation,
                                          bool ceil_mode) {
  const std::optional<int64_t> reach =
      (CheckedInt(in) + CheckedInt(pad) * 2 - CheckedInt(dilation) * (CheckedInt(kernel) - 1) - 1).get();
  if (!reach) return std::nullopt;
  // floor((reach + stride - 1) / stride) is ceil(reach / stride), without the sum's overflow.
  const int64_t windows = ceil_mode ? ceil_div(*reach, stride) : floor_div(*reach, stride);
  const std::optional<int64_t> out = (CheckedInt(windows) + 1).get();
  if (!out || !ceil_mode) return out;
  // The last window must start inside the input or its left padding.
  const std::optional<int64_t> last_start = ((CheckedInt(*out) - 1) * stride).get();
  const std::optional<int64_t> limit = (CheckedInt(in) + pad).get();
  if (!last_start || !limit) return std::nullopt;
  return *last_start >= *limit ? *out - 1 : *out;
}

std::optional<int64_t> transposed_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                                              int64_t dilation, int64_t output_padding) {
  return ((CheckedInt(in) - 1) * stride - CheckedInt(pad) * 2 + CheckedInt(dilation) * (CheckedInt(kernel) - 1) +
          output_padding + 1)
      .get();
}

}  // namespace detail
}  // namespace xgrad
