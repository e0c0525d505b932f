// MaxPool2d, AvgPool2d, AdaptiveAvgPool2d (nn/include/xgrad/nn/modules/pooling.h). As in libtorch,
// the layers hold their options and the ops check them on each call, with libtorch's messages
// (autograd/src/ops/pool.cpp, which also has the output sizes).
#include <optional>
#include <ostream>
#include <string>

#include <xgrad/functions.h>
#include <xgrad/nn/modules/pooling.h>

namespace xgrad {
namespace nn {

AvgPool2dImpl::AvgPool2dImpl(const AvgPool2dOptions& options_)
    : Cloneable("xgrad::nn::AvgPool2dImpl"), options(options_) {
  reset();
}

void AvgPool2dImpl::reset() {}

void AvgPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::AvgPool2d(kernel_size=" << options.kernel_size() << ", stride=" << options.stride()
         << ", padding=" << options.padding() << ")";
}

Tensor AvgPool2dImpl::forward(const Tensor& input) {
  return functional::avg_pool2d(input, options);
}

MaxPool2dImpl::MaxPool2dImpl(const MaxPool2dOptions& options_)
    : Cloneable("xgrad::nn::MaxPool2dImpl"), options(options_) {
  reset();
}

void MaxPool2dImpl::reset() {}

void MaxPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::MaxPool2d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding() << ", dilation=" << options.dilation()
         << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor MaxPool2dImpl::forward(const Tensor& input) {
  return functional::max_pool2d(input, options);
}

std::tuple<Tensor, Tensor> MaxPool2dImpl::forward_with_indices(const Tensor& input) {
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

void AdaptiveAvgPool2dImpl::reset() {}

void AdaptiveAvgPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::AdaptiveAvgPool2d(output_size=" << optional_sizes_str(options.output_size()) << ")";
}

Tensor AdaptiveAvgPool2dImpl::forward(const Tensor& input) {
  return functional::adaptive_avg_pool2d(input, options);
}

}  // namespace nn
}  // namespace xgrad
