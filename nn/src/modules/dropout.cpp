// Dropout, Dropout2d (nn/include/xgrad/nn/modules/dropout.h): F::dropout / F::dropout2d with
// training = is_training(). Each kept element (channel) is scaled by 1 / (1 - p) so that the
// expected output equals the input; p = 1 zeroes everything.
#include <ostream>

#include <xgrad/nn/modules/dropout.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

DropoutImpl::DropoutImpl(const DropoutOptions& options_) : Cloneable("xgrad::nn::DropoutImpl"), options(options_) {
  reset();
}

void DropoutImpl::reset() {
  XGRAD_CHECK(options.p() >= 0. && options.p() <= 1.,
              "Dropout(p={}): dropout probability has to be between 0 and 1, but got {}", options.p(), options.p());
}

void DropoutImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::Dropout(p=" << options.p() << ", inplace=" << options.inplace() << ")";
}

Tensor DropoutImpl::forward(Tensor input) {
  return functional::detail::dropout(std::move(input), options.p(), is_training(), options.inplace());
}

Dropout2dImpl::Dropout2dImpl(const Dropout2dOptions& options_)
    : Cloneable("xgrad::nn::Dropout2dImpl"), options(options_) {
  reset();
}

void Dropout2dImpl::reset() {
  XGRAD_CHECK(options.p() >= 0. && options.p() <= 1.,
              "Dropout2d(p={}): dropout probability has to be between 0 and 1, but got {}", options.p(), options.p());
}

void Dropout2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::Dropout2d(p=" << options.p() << ", inplace=" << options.inplace() << ")";
}

Tensor Dropout2dImpl::forward(Tensor input) {
  XGRAD_CHECK(input.dim() == 3 || input.dim() == 4, "Dropout2d(p={}): expected input [N, C, H, W] or [C, H, W], got {}",
              options.p(), xgrad::detail::shape_str(input.sizes()));
  return functional::detail::dropout2d(std::move(input), options.p(), is_training(), options.inplace());
}

}  // namespace nn
}  // namespace xgrad
