#pragma once
// Conv1d, Conv2d and ConvTranspose2d, as libtorch's (torch/nn/modules/conv.h).
//
// Conv: input [N, C_in, *spatial] or unbatched [C_in, *spatial]; weight [C_out, C_in / groups, *kernel].
// ConvTranspose: weight [C_in, C_out / groups, *kernel]. Both start with PyTorch's default
// initialisation: weight kaiming_uniform_(a = sqrt(5)), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
// fan_in = weight.size(1) * prod(kernel), and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/conv.h>
#include <xgrad/nn/options/conv.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

/// What Conv1d, Conv2d and ConvTranspose2d share: options, parameters, initialisation, printing.
template <size_t D, typename Derived>
class ConvNdImpl : public Cloneable<Derived> {
 public:
  ConvNdImpl(std::string name, nn::detail::ConvNdOptions<D> options_);

  /// Checks the options and registers weight and bias, then initialises them.
  void reset() override;
  void reset_parameters();
  /// "xgrad::nn::Conv2d(1, 6, kernel_size=[5, 5], stride=[1, 1])", options that differ from their
  /// defaults appended.
  void pretty_print(std::ostream& stream) const override;

  nn::detail::ConvNdOptions<D> options;
  Tensor weight;
  /// Undefined when options.bias() is false.
  Tensor bias;

 protected:
  /// "Conv2d(in_channels=1, out_channels=6, kernel_size=[5, 5])": how errors name the layer.
  std::string describe() const;
};

class Conv1dImpl : public ConvNdImpl<1, Conv1dImpl> {
 public:
  Conv1dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<1> kernel_size)
      : Conv1dImpl(Conv1dOptions(input_channels, output_channels, kernel_size)) {}
  explicit Conv1dImpl(Conv1dOptions options_);
  /// [N, C_in, L] or [C_in, L] -> [N, C_out, L_out] or [C_out, L_out].
  Tensor forward(const Tensor& input);
};
XGRAD_MODULE(Conv1d);

class Conv2dImpl : public ConvNdImpl<2, Conv2dImpl> {
 public:
  Conv2dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<2> kernel_size)
      : Conv2dImpl(Conv2dOptions(input_channels, output_channels, kernel_size)) {}
  explicit Conv2dImpl(Conv2dOptions options_);
  /// [N, C_in, H, W] or [C_in, H, W] -> [N, C_out, H_out, W_out] or [C_out, H_out, W_out].
  Tensor forward(const Tensor& input);
};
XGRAD_MODULE(Conv2d);

/// The gradient of a Conv2d with respect to its input, as a layer (upsampling by the stride).
class ConvTranspose2dImpl : public ConvNdImpl<2, ConvTranspose2dImpl> {
 public:
  ConvTranspose2dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<2> kernel_size)
      : ConvTranspose2dImpl(ConvTranspose2dOptions(input_channels, output_channels, kernel_size)) {}
  explicit ConvTranspose2dImpl(ConvTranspose2dOptions options_);
  /// "xgrad::nn::ConvTranspose2d(3, 4, kernel_size=[2, 2], stride=[1, 1])".
  void pretty_print(std::ostream& stream) const override;
  /// output_size ([H, W] or [N, C, H, W]) picks among the output sizes a strided transposed
  /// convolution can give, in place of options.output_padding().
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);

 protected:
  /// The output_padding that gives output_size (or options.output_padding() without one).
  std::vector<int64_t> _output_padding(const Tensor& input, const std::optional<IntArrayRef>& output_size) const;
};
XGRAD_MODULE(ConvTranspose2d);

}  // namespace nn
}  // namespace xgrad
