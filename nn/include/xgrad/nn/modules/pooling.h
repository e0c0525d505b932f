#pragma once
// MaxPool2d, AvgPool2d and AdaptiveAvgPool2d, as libtorch's (torch/nn/modules/pooling.h).
// Input [N, C, H, W] or [C, H, W]; each channel is pooled on its own. No parameters.
#include <ostream>
#include <string>
#include <tuple>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/pooling.h>
#include <xgrad/nn/options/pooling.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

class AvgPool2dImpl : public Cloneable<AvgPool2dImpl> {
 public:
  AvgPool2dImpl(ExpandingArray<2> kernel_size) : AvgPool2dImpl(AvgPool2dOptions(kernel_size)) {}
  explicit AvgPool2dImpl(const AvgPool2dOptions& options_);
  /// Checks the options (positive kernel and stride, padding at most half the kernel).
  void reset() override;
  /// "xgrad::nn::AvgPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  AvgPool2dOptions options;
};
XGRAD_MODULE(AvgPool2d);

class MaxPool2dImpl : public Cloneable<MaxPool2dImpl> {
 public:
  MaxPool2dImpl(ExpandingArray<2> kernel_size) : MaxPool2dImpl(MaxPool2dOptions(kernel_size)) {}
  explicit MaxPool2dImpl(const MaxPool2dOptions& options_);
  void reset() override;
  /// "xgrad::nn::MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1], ceil_mode=false)".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
  /// The pooled values and the flat index h * W + w of each maximum in its input plane.
  std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);

  MaxPool2dOptions options;
};
XGRAD_MODULE(MaxPool2d);

/// Pools [*, H, W] to [*, output_size] with windows from floor(i * H / out) to ceil((i + 1) * H / out).
class AdaptiveAvgPool2dImpl : public Cloneable<AdaptiveAvgPool2dImpl> {
 public:
  AdaptiveAvgPool2dImpl(ExpandingArrayWithOptionalElem<2> output_size)
      : AdaptiveAvgPool2dImpl(AdaptiveAvgPool2dOptions(output_size)) {}
  explicit AdaptiveAvgPool2dImpl(const AdaptiveAvgPool2dOptions& options_);
  void reset() override;
  /// "xgrad::nn::AdaptiveAvgPool2d(output_size=[7, 7])" ("None" for a size kept from the input).
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  AdaptiveAvgPool2dOptions options;
};
XGRAD_MODULE(AdaptiveAvgPool2d);

}  // namespace nn
}  // namespace xgrad
