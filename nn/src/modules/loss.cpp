// The loss modules (nn/include/xgrad/nn/modules/loss.h): each forward is its nn::functional loss
// with the module's options. NLLLoss and CrossEntropyLoss first check their class targets (dtype,
// shape, range) and class weights, so that a mistake names the loss and the offending value.
#include <ostream>

#include <xgrad/functions.h>
#include <xgrad/nn/modules/loss.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

using xgrad::detail::shape_str;

namespace {

/// The checks shared by NLLLoss and CrossEntropyLoss. input [N, C, d1, ...] (or [C] for cross
/// entropy); class-index targets are kLong of the input's shape without dim C, each in [0, C) or
/// ignore_index; class-probability targets (cross entropy only) are floating with the input's shape.
void check_class_targets(const char* loss, const Tensor& input, const Tensor& target, const Tensor& weight,
                         int64_t ignore_index, bool probabilities_allowed) {
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  const int64_t classes = input.size(class_dim);
  if (weight.defined())
    XGRAD_CHECK(weight.dim() == 1 && weight.size(0) == classes,
                "{}: weight has shape {}, expected [{}] (one per class)", loss, shape_str(weight.sizes()), classes);
  if (probabilities_allowed && target.is_floating_point()) {
    XGRAD_CHECK(target.sizes() == input.sizes(),
                "{}: expected class probabilities of the input's shape {}, got target {}", loss,
                shape_str(input.sizes()), shape_str(target.sizes()));
    return;
  }
  XGRAD_CHECK(target.scalar_type() == kLong, "{}: expected target of dtype Long (class indices){}, got {}", loss,
              probabilities_allowed ? " or Float/Double with the input's shape (class probabilities)" : "",
              toString(target.scalar_type()));
  std::vector<int64_t> expected = input.sizes().vec();
  expected.erase(expected.begin() + class_dim);
  XGRAD_CHECK(target.sizes() == expected, "{}: expected target of shape {} (class indices) for input {}, got {}", loss,
              shape_str(expected), shape_str(input.sizes()), shape_str(target.sizes()));
  const Tensor flat = target.contiguous();
  const int64_t* t = flat.data_ptr<int64_t>();
  for (int64_t i = 0, n = flat.numel(); i < n; ++i)
    XGRAD_CHECK(t[i] == ignore_index || (t[i] >= 0 && t[i] < classes), "{}: target {} out of range for {} classes",
                loss, t[i], classes);
}

}  // namespace

L1LossImpl::L1LossImpl(const L1LossOptions& options_) : Cloneable("xgrad::nn::L1LossImpl"), options(options_) {}

void L1LossImpl::reset() {}

void L1LossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::L1Loss()"; }

Tensor L1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::l1_loss(input, target, options);
}

KLDivLossImpl::KLDivLossImpl(const KLDivLossOptions& options_)
    : Cloneable("xgrad::nn::KLDivLossImpl"), options(options_) {}

void KLDivLossImpl::reset() {}

void KLDivLossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::KLDivLoss()"; }

Tensor KLDivLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::kl_div(input, target, options);
}

MSELossImpl::MSELossImpl(const MSELossOptions& options_) : Cloneable("xgrad::nn::MSELossImpl"), options(options_) {}

void MSELossImpl::reset() {}

void MSELossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::MSELoss()"; }

Tensor MSELossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::mse_loss(input, target, options);
}

BCELossImpl::BCELossImpl(const BCELossOptions& options_) : Cloneable("xgrad::nn::BCELossImpl"), options(options_) {
  reset();
}

void BCELossImpl::reset() { register_buffer("weight", options.weight()); }

void BCELossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::BCELoss()"; }

Tensor BCELossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy(input, target, options);
}

SmoothL1LossImpl::SmoothL1LossImpl(const SmoothL1LossOptions& options_)
    : Cloneable("xgrad::nn::SmoothL1LossImpl"), options(options_) {}

void SmoothL1LossImpl::reset() {}

// Without "()": libtorch 1.13 prints it so.
void SmoothL1LossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::SmoothL1Loss"; }

Tensor SmoothL1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::smooth_l1_loss(input, target, options);
}

NLLLossImpl::NLLLossImpl(const NLLLossOptions& options_) : Cloneable("xgrad::nn::NLLLossImpl"), options(options_) {
  reset();
}

void NLLLossImpl::reset() { weight = register_buffer("weight", options.weight()); }

void NLLLossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::NLLLoss()"; }

Tensor NLLLossImpl::forward(const Tensor& input, const Tensor& target) {
  XGRAD_CHECK(input.dim() >= 2, "NLLLoss: expected input [N, C] or [N, C, d1, ...] of log-probabilities, got {}",
              shape_str(input.sizes()));
  check_class_targets("NLLLoss", input, target, weight, options.ignore_index(), false);
  return xgrad::nll_loss(input, target, weight, reduction_get_enum(options.reduction()), options.ignore_index());
}

CrossEntropyLossImpl::CrossEntropyLossImpl(const CrossEntropyLossOptions& options_)
    : Cloneable("xgrad::nn::CrossEntropyLossImpl"), options(options_) {
  reset();
}

void CrossEntropyLossImpl::reset() { weight = register_buffer("weight", options.weight()); }

void CrossEntropyLossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::CrossEntropyLoss()"; }

Tensor CrossEntropyLossImpl::forward(const Tensor& input, const Tensor& target) {
  XGRAD_CHECK(input.dim() >= 1, "CrossEntropyLoss: expected input [N, C], [C] or [N, C, d1, ...] of scores, got {}",
              shape_str(input.sizes()));
  check_class_targets("CrossEntropyLoss", input, target, weight, options.ignore_index(), true);
  return xgrad::cross_entropy_loss(input, target, weight, reduction_get_enum(options.reduction()),
                                   options.ignore_index(), options.label_smoothing());
}

BCEWithLogitsLossImpl::BCEWithLogitsLossImpl(const BCEWithLogitsLossOptions& options_)
    : Cloneable("xgrad::nn::BCEWithLogitsLossImpl"), options(options_) {
  reset();
}

void BCEWithLogitsLossImpl::reset() {
  weight = register_buffer("weight", options.weight());
  pos_weight = register_buffer("pos_weight", options.pos_weight());
}

void BCEWithLogitsLossImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::BCEWithLogitsLoss()"; }

Tensor BCEWithLogitsLossImpl::forward(const Tensor& input, const Tensor& target) {
  functional::detail::check_same_size(input, target, "BCEWithLogitsLoss");
  return xgrad::binary_cross_entropy_with_logits(input, target, weight, pos_weight,
                                                 reduction_get_enum(options.reduction()));
}

}  // namespace nn
}  // namespace xgrad
