// Conv1d, Conv2d, ConvTranspose2d (nn/include/xgrad/nn/modules/conv.h).
//
// Shapes, per spatial dim with input size I, kernel k, stride s, padding p, dilation d:
//   conv:            O = floor((I + 2p - d(k - 1) - 1) / s) + 1, so I + 2p must reach d(k - 1) + 1
//   conv transposed: O = (I - 1)s - 2p + d(k - 1) + output_padding + 1, output_padding < max(s, d)
// Weights: conv [C_out, C_in / groups, *k], transposed [C_in, C_out / groups, *k]; both start
// kaiming_uniform_(a = sqrt(5)) and the bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in =
// weight.size(1) * prod(k), as PyTorch.
#include <cmath>
#include <ostream>
#include <variant>

#include <xgrad/functions.h>
#include <xgrad/nn/init.h>
#include <xgrad/nn/modules/conv.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

namespace xgrad {
namespace nn {

using xgrad::detail::shape_str;

namespace {
/// An ExpandingArray as libtorch prints it in pretty_print: "[5, 5]", but "3" when D is 1.
template <size_t D>
std::string printed(const ExpandingArray<D>& a) {
  return D == 1 ? std::to_string(a[0]) : shape_str(a);
}
}  // namespace

template <size_t D, typename Derived>
ConvNdImpl<D, Derived>::ConvNdImpl(std::string name, nn::detail::ConvNdOptions<D> options_)
    : Cloneable<Derived>(std::move(name)), options(std::move(options_)) {
  reset();
}

template <size_t D, typename Derived>
std::string ConvNdImpl<D, Derived>::describe() const {
  return fmt::format("{}{}d(in_channels={}, out_channels={}, kernel_size={})",
                     options.transposed() ? "ConvTranspose" : "Conv", D, options.in_channels(), options.out_channels(),
                     shape_str(options.kernel_size()));
}

template <size_t D, typename Derived>
void ConvNdImpl<D, Derived>::reset() {
  // The options that decide the weight's shape, and libtorch's own checks; the arguments of a call
  // (stride, padding, dilation, the input) are the op's to check.
  const std::string layer = describe();
  XGRAD_CHECK(options.in_channels() > 0 && options.out_channels() > 0 && options.groups() > 0,
              "{}: in_channels, groups and out_channels must be positive integers, got groups={}", layer,
              options.groups());
  XGRAD_CHECK(options.in_channels() % options.groups() == 0, "{}: in_channels must be divisible by groups", layer);
  XGRAD_CHECK(options.out_channels() % options.groups() == 0, "{}: out_channels must be divisible by groups", layer);
  for (size_t i = 0; i < D; ++i)
    XGRAD_CHECK(options.kernel_size()[i] > 0, "{}: kernel_size must be positive", layer);
  // Only zero padding is implemented; the other modes would need a padding op of their own.
  XGRAD_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()),
              "{}{}d: padding_mode {} is not supported (only kZeros)", options.transposed() ? "ConvTranspose" : "Conv",
              D, get_enum_name(options.padding_mode()));
  if (std::holds_alternative<enumtype::kSame>(options.padding())) {
    for (size_t i = 0; i < D; ++i)
      XGRAD_CHECK(options.stride()[i] == 1, "{}: padding='same' is not supported for strided convolutions", layer);
  }

  std::vector<int64_t> weight_sizes =
      options.transposed() ? std::vector<int64_t>{options.in_channels(), options.out_channels() / options.groups()}
                           : std::vector<int64_t>{options.out_channels(), options.in_channels() / options.groups()};
  weight_sizes.insert(weight_sizes.end(), options.kernel_size()->begin(), options.kernel_size()->end());
  xgrad::detail::checked_numel(weight_sizes, layer.c_str());
  weight = this->register_parameter("weight", xgrad::empty(weight_sizes));
  bias = options.bias() ? this->register_parameter("bias", xgrad::empty({options.out_channels()}))
                        : this->register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

template <size_t D, typename Derived>
void ConvNdImpl<D, Derived>::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const int64_t fan_in = std::get<0>(init::_calculate_fan_in_and_fan_out(weight));
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    init::uniform_(bias, -bound, bound);
  }
}

template <size_t D, typename Derived>
void ConvNdImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::Conv" << D << "d(" << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << printed(options.kernel_size()) << ", stride=" << printed(options.stride());
  if (std::holds_alternative<enumtype::kValid>(options.padding())) {
    stream << ", padding='valid'";
  } else if (std::holds_alternative<enumtype::kSame>(options.padding())) {
    stream << ", padding='same'";
  } else {
    const auto& pad = std::get<ExpandingArray<D>>(options.padding());
    if (*pad != *ExpandingArray<D>(0)) stream << ", padding=" << printed(pad);
  }
  if (*options.dilation() != *ExpandingArray<D>(1)) stream << ", dilation=" << printed(options.dilation());
  if (*options.output_padding() != *ExpandingArray<D>(0))
    stream << ", output_padding=" << printed(options.output_padding());
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=false";
  stream << ")";
}

template class ConvNdImpl<1, Conv1dImpl>;
template class ConvNdImpl<2, Conv2dImpl>;
template class ConvNdImpl<2, ConvTranspose2dImpl>;

namespace {
/// The options a plain convolution layer holds.
template <size_t D>
nn::detail::ConvNdOptions<D> conv_nd_options(const ConvOptions<D>& o) {
  return nn::detail::ConvNdOptions<D>(o.in_channels(), o.out_channels(), o.kernel_size())
      .stride(o.stride())
      .padding(o.padding())
      .dilation(o.dilation())
      .transposed(false)
      .output_padding(0)
      .groups(o.groups())
      .bias(o.bias())
      .padding_mode(o.padding_mode());
}
}  // namespace

Conv1dImpl::Conv1dImpl(Conv1dOptions options_) : ConvNdImpl("xgrad::nn::Conv1dImpl", conv_nd_options(options_)) {}

Tensor Conv1dImpl::forward(const Tensor& input) {
  return functional::detail::conv1d(input, weight, bias, options.stride(), options.padding(), options.dilation(),
                                    options.groups());
}

Conv2dImpl::Conv2dImpl(Conv2dOptions options_) : ConvNdImpl("xgrad::nn::Conv2dImpl", conv_nd_options(options_)) {}

Tensor Conv2dImpl::forward(const Tensor& input) {
  return functional::detail::conv2d(input, weight, bias, options.stride(), options.padding(), options.dilation(),
                                    options.groups());
}

ConvTranspose2dImpl::ConvTranspose2dImpl(ConvTranspose2dOptions o)
    : ConvNdImpl("xgrad::nn::ConvTranspose2dImpl",
                 nn::detail::ConvNdOptions<2>(o.in_channels(), o.out_channels(), o.kernel_size())
                     .stride(o.stride())
                     .padding(o.padding())
                     .dilation(o.dilation())
                     .transposed(true)
                     .output_padding(o.output_padding())
                     .groups(o.groups())
                     .bias(o.bias())
                     .padding_mode(o.padding_mode())) {}

void ConvTranspose2dImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::ConvTranspose2d(" << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride();
  const auto& pad = std::get<ExpandingArray<2>>(options.padding());
  if (*pad != *ExpandingArray<2>(0)) stream << ", padding=" << pad;
  if (*options.dilation() != *ExpandingArray<2>(1)) stream << ", dilation=" << options.dilation();
  if (*options.output_padding() != *ExpandingArray<2>(0)) stream << ", output_padding=" << options.output_padding();
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=false";
  stream << ")";
}

std::vector<int64_t> ConvTranspose2dImpl::_output_padding(const Tensor& input,
                                                          const std::optional<IntArrayRef>& output_size) const {
  if (!output_size) return IntArrayRef(options.output_padding()).vec();
  IntArrayRef size = *output_size;
  XGRAD_CHECK(size.size() == 2 || size.size() == 4, "{}: output_size must have 2 or 4 elements, got {}", describe(),
              shape_str(size));
  if (size.size() == 4) size = size.slice(2);
  const auto& pad = std::get<ExpandingArray<2>>(options.padding());
  std::vector<int64_t> min_sizes(2), max_sizes(2), result(2);
  for (size_t d = 0; d < 2; ++d) {
    const int64_t in = input.size(input.dim() - 2 + static_cast<int64_t>(d));
    const std::optional<int64_t> smallest = xgrad::detail::transposed_output_size(
        in, options.kernel_size()[d], options.stride()[d], pad[d], options.dilation()[d], 0);
    const std::optional<int64_t> largest =
        smallest ? (xgrad::detail::CheckedInt(*smallest) + options.stride()[d] - 1).get() : std::nullopt;
    XGRAD_CHECK(largest, "{}: the output size overflows int64 for an input of {}", describe(),
                shape_str(input.sizes()));
    min_sizes[d] = *smallest;
    max_sizes[d] = *largest;
  }
  for (size_t d = 0; d < 2; ++d) {
    XGRAD_CHECK(size[d] >= min_sizes[d] && size[d] <= max_sizes[d],
                "{}: requested an output size of {}, but valid sizes range from {} to {} (for an input of {})",
                describe(), shape_str(size), shape_str(min_sizes), shape_str(max_sizes),
                shape_str(input.sizes().slice(input.dim() - 2)));
    result[d] = size[d] - min_sizes[d];
  }
  return result;
}

Tensor ConvTranspose2dImpl::forward(const Tensor& input, const std::optional<IntArrayRef>& output_size) {
  const std::vector<int64_t> output_padding = _output_padding(input, output_size);
  return xgrad::conv_transpose2d(input, weight, bias, options.stride(), std::get<ExpandingArray<2>>(options.padding()),
                                 output_padding, options.groups(), options.dilation());
}

}  // namespace nn
}  // namespace xgrad
