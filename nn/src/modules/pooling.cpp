// MaxPool2d, AvgPool2d, AdaptiveAvgPool2d (nn/include/xgrad/nn/modules/pooling.h).
//
// Output size per spatial dim, as PyTorch's pooling_output_shape (input I, kernel k, padding p,
// stride s, dilation d):
//   O = floor((I + 2p - d(k - 1) - 1 + (ceil_mode ? s - 1 : 0)) / s) + 1,
//   less one with ceil_mode when the last window would start beyond the input and left padding.
// The layers check their options when built and that O >= 1 for each input, naming the layer, by the
// rules the ops check their arguments with (xgrad/internal/pool.h).
#include <array>
#include <optional>
#include <ostream>
#include <string>

#include <xgrad/functions.h>
#include <xgrad/nn/modules/pooling.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/pool.h>

namespace xgrad {
namespace nn {

using xgrad::detail::PoolWindow;
using xgrad::detail::PoolWindowError;
using xgrad::detail::shape_str;

namespace {

PoolWindow window_of(const AvgPool2dOptions& o) {
  return PoolWindow{*o.kernel_size(), *o.stride(), *o.padding(), {1, 1}, o.ceil_mode()};
}
PoolWindow window_of(const MaxPool2dOptions& o) {
  return PoolWindow{*o.kernel_size(), *o.stride(), *o.padding(), *o.dilation(), o.ceil_mode()};
}

void check_pool_options(const std::string& layer, const PoolWindow& window) {
  const PoolWindowError e = xgrad::detail::pool_window_error(window);
  XGRAD_CHECK(e != PoolWindowError::kKernel, "{}: kernel_size must be positive", layer);
  XGRAD_CHECK(e != PoolWindowError::kStride, "{}: stride must be positive", layer);
  XGRAD_CHECK(e != PoolWindowError::kDilation, "{}: dilation must be positive", layer);
  XGRAD_CHECK(e != PoolWindowError::kNegativePadding && e != PoolWindowError::kPaddingOverHalf,
              "{}: padding must be between 0 and half of kernel_size", layer);
}

/// Checks that input is [N, C, H, W] or [C, H, W] and that every output size is at least 1.
void check_pool_input(const std::string& layer, const Tensor& input, const PoolWindow& window) {
  XGRAD_CHECK(input.dim() == 3 || input.dim() == 4, "{}: expected input [N, C, H, W] or [C, H, W], got {}", layer,
              shape_str(input.sizes()));
  const std::optional<std::array<int64_t, 2>> out =
      xgrad::detail::pool_output_size(window, input.size(-2), input.size(-1));
  XGRAD_CHECK(out, "{}: the output size overflows int64 for input {}", layer, shape_str(input.sizes()));
  XGRAD_CHECK((*out)[0] >= 1 && (*out)[1] >= 1,
              "{}: kernel larger than the padded input: input {} with padding {} gives output size [{}, {}]", layer,
              shape_str(input.sizes()), shape_str(window.padding), (*out)[0], (*out)[1]);
}

/// How errors name the layer: "MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1])".
std::string describe(const AvgPool2dOptions& o) {
  return fmt::format("AvgPool2d(kernel_size={}, stride={}, padding={})", shape_str(o.kernel_size()),
                     shape_str(o.stride()), shape_str(o.padding()));
}
std::string describe(const MaxPool2dOptions& o) {
  return fmt::format("MaxPool2d(kernel_size={}, stride={}, padding={}, dilation={})", shape_str(o.kernel_size()),
                     shape_str(o.stride()), shape_str(o.padding()), shape_str(o.dilation()));
}

}  // namespace

AvgPool2dImpl::AvgPool2dImpl(const AvgPool2dOptions& options_)
    : Cloneable("xgrad::nn::AvgPool2dImpl"), options(options_) {
  reset();
}

void AvgPool2dImpl::reset() {
  check_pool_options(describe(options), window_of(options));
  XGRAD_CHECK(!options.divisor_override() || *options.divisor_override() != 0, "{}: divisor_override must not be 0",
              describe(options));
}

void AvgPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::AvgPool2d(kernel_size=" << options.kernel_size() << ", stride=" << options.stride()
         << ", padding=" << options.padding() << ")";
}

Tensor AvgPool2dImpl::forward(const Tensor& input) {
  check_pool_input(describe(options), input, window_of(options));
  return functional::avg_pool2d(input, options);
}

MaxPool2dImpl::MaxPool2dImpl(const MaxPool2dOptions& options_)
    : Cloneable("xgrad::nn::MaxPool2dImpl"), options(options_) {
  reset();
}

void MaxPool2dImpl::reset() {
  check_pool_options(describe(options), window_of(options));
}

void MaxPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::MaxPool2d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding() << ", dilation=" << options.dilation()
         << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor MaxPool2dImpl::forward(const Tensor& input) {
  check_pool_input(describe(options), input, window_of(options));
  return functional::max_pool2d(input, options);
}

std::tuple<Tensor, Tensor> MaxPool2dImpl::forward_with_indices(const Tensor& input) {
  check_pool_input(describe(options), input, window_of(options));
  return functional::max_pool2d_with_indices(input, options);
}

AdaptiveAvgPool2dImpl::AdaptiveAvgPool2dImpl(const AdaptiveAvgPool2dOptions& options_)
    : Cloneable("xgrad::nn::AdaptiveAvgPool2dImpl"), options(options_) {
  reset();
}

namespace {
/// "[7, None]", as libtorch prints an ExpandingArrayWithOptionalElem.
std::string optional_sizes_str(const ExpandingArrayWithOptionalElem<2>& sizes) {
  const auto str = [](const std::optional<int64_t>& s) { return s ? std::to_string(*s) : std::string("None"); };
  return "[" + str(sizes[0]) + ", " + str(sizes[1]) + "]";
}
}  // namespace

void AdaptiveAvgPool2dImpl::reset() {
  for (size_t i = 0; i < 2; ++i)
    XGRAD_CHECK(!options.output_size()[i] || *options.output_size()[i] >= 0,
                "AdaptiveAvgPool2d(output_size={}): output sizes must be non-negative",
                optional_sizes_str(options.output_size()));
}

void AdaptiveAvgPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::AdaptiveAvgPool2d(output_size=" << optional_sizes_str(options.output_size()) << ")";
}

Tensor AdaptiveAvgPool2dImpl::forward(const Tensor& input) {
  XGRAD_CHECK(input.dim() == 3 || input.dim() == 4,
              "AdaptiveAvgPool2d(output_size={}): expected input [N, C, H, W] or [C, H, W], got {}",
              optional_sizes_str(options.output_size()), shape_str(input.sizes()));
  return functional::adaptive_avg_pool2d(input, options);
}

}  // namespace nn
}  // namespace xgrad
