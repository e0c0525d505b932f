#pragma once
// The loss functions with libtorch's option structs: F::cross_entropy(logits, target),
// F::mse_loss(x, y, F::MSELossFuncOptions(xgrad::kSum)). The formulas are in options/loss.h and
// beside the ops in autograd/src/ops/loss.cpp.
#include <variant>

#include <xgrad/enum.h>
#include <xgrad/functions.h>
#include <xgrad/nn/options/loss.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
/// Throws "<op>: target size [..] must be the same as input size [..]" unless the sizes match.
void check_same_size(const Tensor& input, const Tensor& target, const char* op);
}  // namespace detail

inline Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options = {}) {
  return xgrad::l1_loss(input, target, reduction_get_enum(options.reduction()));
}

inline Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options = {}) {
  return xgrad::mse_loss(input, target, reduction_get_enum(options.reduction()));
}

/// kBatchMean: the sum divided by the batch size input.size(0).
inline Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options = {}) {
  const bool batchmean = std::holds_alternative<enumtype::kBatchMean>(options.reduction());
  Tensor reduced =
      xgrad::kl_div(input, target, batchmean ? int64_t{Reduction::Sum} : reduction_get_enum(options.reduction()),
                    options.log_target());
  if (batchmean && input.dim() != 0) reduced = reduced / input.size(0);
  return reduced;
}

inline Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options = {}) {
  return xgrad::smooth_l1_loss(input, target, reduction_get_enum(options.reduction()), options.beta());
}

/// libtorch's form with beta outside the options: this beta is used, so options.beta() must be
/// left at its default or agree with it.
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options, double beta);

inline Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                                   const BinaryCrossEntropyFuncOptions& options = {}) {
  detail::check_same_size(input, target, "binary_cross_entropy");
  return xgrad::binary_cross_entropy(input, target, options.weight(), reduction_get_enum(options.reduction()));
}

inline Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                               const BinaryCrossEntropyWithLogitsFuncOptions& options = {}) {
  detail::check_same_size(input, target, "binary_cross_entropy_with_logits");
  return xgrad::binary_cross_entropy_with_logits(input, target, options.weight(), options.pos_weight(),
                                                 reduction_get_enum(options.reduction()));
}

/// input [N, C] or [N, C, d1, ...] of log-probabilities; target [N] or [N, d1, ...] of class indices.
inline Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options = {}) {
  return xgrad::nll_loss(input, target, options.weight(), reduction_get_enum(options.reduction()),
                         options.ignore_index());
}

/// input [N, C] (or [C], or [N, C, d1, ...]) of raw scores; target of class indices (kLong) or of
/// class probabilities (the input's shape).
inline Tensor cross_entropy(const Tensor& input, const Tensor& target, const CrossEntropyFuncOptions& options = {}) {
  return xgrad::cross_entropy_loss(input, target, options.weight(), reduction_get_enum(options.reduction()),
                                   options.ignore_index(), options.label_smoothing());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
