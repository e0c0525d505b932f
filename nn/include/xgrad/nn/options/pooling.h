#pragma once
// Options of the pooling layers and functions, as libtorch's (torch/nn/options/pooling.h):
// MaxPool2dOptions(3).stride(2). The stride defaults to the kernel size.
#include <cstdint>
#include <optional>

#include <xgrad/arg.h>
#include <xgrad/expanding_array.h>

namespace xgrad {
namespace nn {

/// AvgPool2d(kernel_size): the mean of each window.
template <size_t D>
struct AvgPoolOptions {
  AvgPoolOptions(ExpandingArray<D> kernel_size) : kernel_size_(kernel_size), stride_(kernel_size) {}
  XGRAD_ARG(ExpandingArray<D>, kernel_size);
  XGRAD_ARG(ExpandingArray<D>, stride);
  /// Implicit zero padding on both sides (at most half the kernel).
  XGRAD_ARG(ExpandingArray<D>, padding) = 0;
  /// Round the output size up instead of down (windows that start in the input or left padding).
  XGRAD_ARG(bool, ceil_mode) = false;
  /// Whether the zero padding counts in a window's divisor.
  XGRAD_ARG(bool, count_include_pad) = true;
  /// Divide every window's sum by this instead of by the window's size.
  XGRAD_ARG(std::optional<int64_t>, divisor_override) = std::nullopt;
};

using AvgPool2dOptions = AvgPoolOptions<2>;

/// MaxPool2d(kernel_size): the maximum of each window.
template <size_t D>
struct MaxPoolOptions {
  MaxPoolOptions(ExpandingArray<D> kernel_size) : kernel_size_(kernel_size), stride_(kernel_size) {}
  XGRAD_ARG(ExpandingArray<D>, kernel_size);
  XGRAD_ARG(ExpandingArray<D>, stride);
  /// Implicit -inf padding on both sides (at most half the kernel).
  XGRAD_ARG(ExpandingArray<D>, padding) = 0;
  /// Spacing between the elements of a window.
  XGRAD_ARG(ExpandingArray<D>, dilation) = 1;
  XGRAD_ARG(bool, ceil_mode) = false;
};

using MaxPool2dOptions = MaxPoolOptions<2>;

/// AdaptiveAvgPool2d(output_size): windows chosen so that the output has this size; an unset
/// element keeps the input's size in that dim.
template <typename output_size_t>
struct AdaptiveAvgPoolOptions {
  AdaptiveAvgPoolOptions(output_size_t output_size) : output_size_(output_size) {}
  /// One size for every dim: AdaptiveAvgPool2dOptions(7). (An int would otherwise need two
  /// implicit conversions, int -> optional -> ExpandingArray, to reach output_size_t.)
  AdaptiveAvgPoolOptions(int64_t output_size) : output_size_(std::optional<int64_t>(output_size)) {}
  XGRAD_ARG(output_size_t, output_size);
};

using AdaptiveAvgPool2dOptions = AdaptiveAvgPoolOptions<ExpandingArrayWithOptionalElem<2>>;

namespace functional {
using AvgPool2dFuncOptions = AvgPool2dOptions;
using MaxPool2dFuncOptions = MaxPool2dOptions;
using AdaptiveAvgPool2dFuncOptions = AdaptiveAvgPool2dOptions;
}  // namespace functional

}  // namespace nn
}  // namespace xgrad
