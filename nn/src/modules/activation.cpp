// ReLU, LeakyReLU, Hardtanh, Sigmoid, Tanh, Softmax, LogSoftmax (nn/include/xgrad/nn/modules/activation.h):
// each forwards to its op; the formulas are beside the ops in autograd/src/ops/activation.cpp.
#include <ostream>

#include <xgrad/functions.h>
#include <xgrad/nn/modules/activation.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

ReLUImpl::ReLUImpl(const ReLUOptions& options_) : Cloneable("xgrad::nn::ReLUImpl"), options(options_) {}

Tensor ReLUImpl::forward(Tensor input) { return functional::relu(std::move(input), options); }

void ReLUImpl::reset() {}

void ReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::ReLU(";
  if (options.inplace()) stream << std::boolalpha << "inplace=" << options.inplace();
  stream << ")";
}

LeakyReLUImpl::LeakyReLUImpl(const LeakyReLUOptions& options_)
    : Cloneable("xgrad::nn::LeakyReLUImpl"), options(options_) {}

Tensor LeakyReLUImpl::forward(Tensor input) { return functional::leaky_relu(std::move(input), options); }

void LeakyReLUImpl::reset() {}

void LeakyReLUImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::LeakyReLU(negative_slope=" << options.negative_slope();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}

HardtanhImpl::HardtanhImpl(const HardtanhOptions& options_) : Cloneable("xgrad::nn::HardtanhImpl"), options(options_) {
  reset();
}

Tensor HardtanhImpl::forward(Tensor input) { return functional::hardtanh(std::move(input), options); }

void HardtanhImpl::reset() {
  XGRAD_CHECK(options.max_val() > options.min_val(), "Hardtanh: max_val must be greater than min_val, got min_val={} and max_val={}",
              options.min_val(), options.max_val());
}

void HardtanhImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::Hardtanh(min_val=" << options.min_val() << ", max_val=" << options.max_val();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}

SigmoidImpl::SigmoidImpl() : Cloneable("xgrad::nn::SigmoidImpl") {}

Tensor SigmoidImpl::forward(const Tensor& input) { return xgrad::sigmoid(input); }

void SigmoidImpl::reset() {}

void SigmoidImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::Sigmoid()"; }

TanhImpl::TanhImpl() : Cloneable("xgrad::nn::TanhImpl") {}

Tensor TanhImpl::forward(const Tensor& input) { return xgrad::tanh(input); }

void TanhImpl::reset() {}

void TanhImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::Tanh()"; }

SoftmaxImpl::SoftmaxImpl(const SoftmaxOptions& options_) : Cloneable("xgrad::nn::SoftmaxImpl"), options(options_) {}

Tensor SoftmaxImpl::forward(const Tensor& input) { return xgrad::softmax(input, options.dim()); }

void SoftmaxImpl::reset() {}

void SoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::Softmax(dim=" << options.dim() << ")";
}

LogSoftmaxImpl::LogSoftmaxImpl(const LogSoftmaxOptions& options_)
    : Cloneable("xgrad::nn::LogSoftmaxImpl"), options(options_) {}

Tensor LogSoftmaxImpl::forward(const Tensor& input) { return xgrad::log_softmax(input, options.dim()); }

void LogSoftmaxImpl::reset() {}

void LogSoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::LogSoftmax(dim=" << options.dim() << ")";
}

}  // namespace nn
}  // namespace xgrad
