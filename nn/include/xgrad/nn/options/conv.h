#pragma once
// Options of the convolution layers and of F::conv1d / F::conv2d / F::conv_transpose2d, as
// libtorch's (torch/nn/options/conv.h): Conv2dOptions(1, 6, 5).stride(2).padding(1).
//
// padding is a number per spatial dim, or kValid (no padding) or kSame (the output keeps the
// input's size; stride 1 only). padding_mode exists for source compatibility: only kZeros is
// implemented, the layers reject the others when they are built.
#include <cstdint>
#include <initializer_list>
#include <variant>

#include <xgrad/arg.h>
#include <xgrad/enum.h>
#include <xgrad/expanding_array.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

namespace detail {

using conv_padding_mode_t =
    std::variant<enumtype::kZeros, enumtype::kReflect, enumtype::kReplicate, enumtype::kCircular>;

template <size_t D>
using conv_padding_t = std::variant<ExpandingArray<D>, enumtype::kValid, enumtype::kSame>;

/// What the convolution layers (plain and transposed) hold: ConvOptions plus `transposed` and
/// `output_padding`.
template <size_t D>
struct ConvNdOptions {
  using padding_t = conv_padding_t<D>;
  ConvNdOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(std::move(kernel_size)) {}

  XGRAD_ARG(int64_t, in_channels);
  XGRAD_ARG(int64_t, out_channels);
  XGRAD_ARG(ExpandingArray<D>, kernel_size);
  XGRAD_ARG(ExpandingArray<D>, stride) = 1;
  XGRAD_ARG(padding_t, padding) = 0;

 public:
  /// `.padding({1, 2})`: one value per spatial dim.
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(padding_t(ExpandingArray<D>(il))); }

  XGRAD_ARG(ExpandingArray<D>, dilation) = 1;
  XGRAD_ARG(bool, transposed) = false;
  XGRAD_ARG(ExpandingArray<D>, output_padding) = 0;
  XGRAD_ARG(int64_t, groups) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(conv_padding_mode_t, padding_mode) = xgrad::kZeros;
};

}  // namespace detail

/// Conv1d / Conv2d (in_channels, out_channels, kernel_size).
template <size_t D>
struct ConvOptions {
  using padding_mode_t = detail::conv_padding_mode_t;
  using padding_t = detail::conv_padding_t<D>;

  ConvOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(std::move(kernel_size)) {}

  XGRAD_ARG(int64_t, in_channels);
  XGRAD_ARG(int64_t, out_channels);
  XGRAD_ARG(ExpandingArray<D>, kernel_size);
  XGRAD_ARG(ExpandingArray<D>, stride) = 1;
  XGRAD_ARG(padding_t, padding) = 0;

 public:
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(padding_t(ExpandingArray<D>(il))); }

  XGRAD_ARG(ExpandingArray<D>, dilation) = 1;
  /// Channels split into this many groups, each convolved with its own filters.
  XGRAD_ARG(int64_t, groups) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(padding_mode_t, padding_mode) = xgrad::kZeros;
};

using Conv1dOptions = ConvOptions<1>;
using Conv2dOptions = ConvOptions<2>;

/// ConvTranspose2d (in_channels, out_channels, kernel_size).
template <size_t D>
struct ConvTransposeOptions {
  using padding_mode_t = detail::conv_padding_mode_t;

  ConvTransposeOptions(int64_t in_channels, int64_t out_channels, ExpandingArray<D> kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(std::move(kernel_size)) {}

  XGRAD_ARG(int64_t, in_channels);
  XGRAD_ARG(int64_t, out_channels);
  XGRAD_ARG(ExpandingArray<D>, kernel_size);
  XGRAD_ARG(ExpandingArray<D>, stride) = 1;
  XGRAD_ARG(ExpandingArray<D>, padding) = 0;
  /// Extra size added to one side of the output (resolves which input size a strided conv came from).
  XGRAD_ARG(ExpandingArray<D>, output_padding) = 0;
  XGRAD_ARG(int64_t, groups) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(ExpandingArray<D>, dilation) = 1;
  XGRAD_ARG(padding_mode_t, padding_mode) = xgrad::kZeros;
};

using ConvTranspose2dOptions = ConvTransposeOptions<2>;

namespace functional {

/// F::conv1d / F::conv2d(input, weight, options).
template <size_t D>
struct ConvFuncOptions {
  using padding_t = nn::detail::conv_padding_t<D>;

  XGRAD_ARG(Tensor, bias) = Tensor();
  XGRAD_ARG(ExpandingArray<D>, stride) = 1;
  XGRAD_ARG(padding_t, padding) = 0;

 public:
  decltype(auto) padding(std::initializer_list<int64_t> il) { return padding(padding_t(ExpandingArray<D>(il))); }

  XGRAD_ARG(ExpandingArray<D>, dilation) = 1;
  XGRAD_ARG(int64_t, groups) = 1;
};

using Conv1dFuncOptions = ConvFuncOptions<1>;
using Conv2dFuncOptions = ConvFuncOptions<2>;

/// F::conv_transpose2d(input, weight, options).
template <size_t D>
struct ConvTransposeFuncOptions {
  XGRAD_ARG(Tensor, bias) = Tensor();
  XGRAD_ARG(ExpandingArray<D>, stride) = 1;
  XGRAD_ARG(ExpandingArray<D>, padding) = 0;
  XGRAD_ARG(ExpandingArray<D>, output_padding) = 0;
  XGRAD_ARG(int64_t, groups) = 1;
  XGRAD_ARG(ExpandingArray<D>, dilation) = 1;
};

using ConvTranspose2dFuncOptions = ConvTransposeFuncOptions<2>;

}  // namespace functional

}  // namespace nn
}  // namespace xgrad
