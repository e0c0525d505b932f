#pragma once
// F::max_pool2d, F::max_pool2d_with_indices, F::avg_pool2d, F::adaptive_avg_pool2d with libtorch's
// option structs: F::max_pool2d(x, F::MaxPool2dFuncOptions(2)). Input [N, C, H, W] or [C, H, W].
#include <array>
#include <tuple>

#include <xgrad/functions.h>
#include <xgrad/nn/options/pooling.h>

namespace xgrad {
namespace nn {
namespace functional {

inline Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options) {
  return xgrad::max_pool2d(input, options.kernel_size(), options.stride(), options.padding(), options.dilation(),
                           options.ceil_mode());
}

/// The pooled values and, for each, the flat index h * W + w of its maximum in the input plane.
inline std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input, const MaxPool2dFuncOptions& options) {
  return xgrad::max_pool2d_with_indices(input, options.kernel_size(), options.stride(), options.padding(),
                                        options.dilation(), options.ceil_mode());
}

inline Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options) {
  return xgrad::avg_pool2d(input, options.kernel_size(), options.stride(), options.padding(), options.ceil_mode(),
                           options.count_include_pad(), options.divisor_override());
}

/// An unset output size keeps the input's size in that dim: AdaptiveAvgPool2dFuncOptions({7, std::nullopt}).
inline Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options) {
  std::array<int64_t, 2> size{};
  for (size_t i = 0; i < 2; ++i) {
    const auto& s = options.output_size()[i];
    size[i] = s ? *s : input.size(static_cast<int64_t>(i) - 2);
  }
  return xgrad::adaptive_avg_pool2d(input, size);
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
