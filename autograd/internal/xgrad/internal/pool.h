#pragma once
// The rules on a 2-D pooling's window (PyTorch's pool2d_shape_check and pooling_output_shape),
// written once, in ops/pool.cpp: the ops check their arguments with them, and nn's pooling layers
// their options, each wording what failed in its own message (a layer's names the layer).
#include <array>
#include <cstdint>
#include <optional>

namespace xgrad {
namespace detail {

/// A 2-D pooling's window, one value per spatial dim (H, W).
struct PoolWindow {
  std::array<int64_t, 2> kernel{}, stride{}, padding{}, dilation{1, 1};
  bool ceil_mode = false;
};

/// The rules a window can break; pool_window_error gives the first, in libtorch's order.
enum class PoolWindowError { kNone, kKernel, kStride, kDilation, kNegativePadding, kPaddingOverHalf };

/// kernel, stride and dilation > 0, then 0 <= padding <= kernel / 2.
PoolWindowError pool_window_error(const PoolWindow& w);

/// The output size {oH, oW} of a window that passes pool_window_error over an H x W input, or
/// nullopt when a step overflows int64. A size below 1 means the kernel is larger than the padded
/// input.
std::optional<std::array<int64_t, 2>> pool_output_size(const PoolWindow& w, int64_t H, int64_t W);

}  // namespace detail
}  // namespace xgrad
