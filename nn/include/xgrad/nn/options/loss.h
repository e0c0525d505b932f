#pragma once
// Options of the loss modules and functions, as libtorch's (torch/nn/options/loss.h):
// CrossEntropyLossOptions().label_smoothing(0.1), MSELossOptions(xgrad::kSum).
//
// reduction: kNone keeps one loss per element (per sample for the class losses), kSum adds them,
// kMean averages them (for NLL / cross entropy with class weights, the weighted mean: divided by
// the sum of the weights of the non-ignored targets). KLDivLoss also takes kBatchMean: the sum
// divided by the batch size, which is the mathematical KL divergence.
#include <cstdint>
#include <variant>

#include <xgrad/arg.h>
#include <xgrad/enum.h>
#include <xgrad/tensor.h>

// Options whose only constructor argument is the reduction: `MSELossOptions(xgrad::kSum)`.
#define XGRAD_REDUCTION_CTORS(Options)                          \
  Options() {}                                                  \
  Options(enumtype::kNone reduction) : reduction_(reduction) {} \
  Options(enumtype::kMean reduction) : reduction_(reduction) {} \
  Options(enumtype::kSum reduction) : reduction_(reduction) {}

namespace xgrad {
namespace nn {

using loss_reduction_t = std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>;

/// mean |input - target|.
struct L1LossOptions {
  typedef loss_reduction_t reduction_t;
  XGRAD_REDUCTION_CTORS(L1LossOptions)
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
};

/// target * (log(target) - input), input holding log-probabilities.
struct KLDivLossOptions {
  typedef std::variant<enumtype::kNone, enumtype::kBatchMean, enumtype::kSum, enumtype::kMean> reduction_t;
  XGRAD_REDUCTION_CTORS(KLDivLossOptions)
  KLDivLossOptions(enumtype::kBatchMean reduction) : reduction_(reduction) {}
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
  /// The target holds log-probabilities too.
  XGRAD_ARG(bool, log_target) = false;
};

/// mean (input - target)^2.
struct MSELossOptions {
  typedef loss_reduction_t reduction_t;
  XGRAD_REDUCTION_CTORS(MSELossOptions)
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
};

/// -w (t log(x) + (1 - t) log(1 - x)), input holding probabilities.
struct BCELossOptions {
  typedef loss_reduction_t reduction_t;
  /// Per-element rescaling, broadcast to the input's shape.
  XGRAD_ARG(Tensor, weight) = {};
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
};

/// 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere (d = input - target).
struct SmoothL1LossOptions {
  typedef loss_reduction_t reduction_t;
  XGRAD_REDUCTION_CTORS(SmoothL1LossOptions)
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
  /// Where the loss turns from quadratic to linear (> 0; 0 gives L1).
  XGRAD_ARG(double, beta) = 1.0;
};

/// -weight[t] * input[t], input holding log-probabilities and t class indices.
struct NLLLossOptions {
  typedef loss_reduction_t reduction_t;
  /// One rescaling weight per class.
  XGRAD_ARG(Tensor, weight) = {};
  /// Targets with this value add nothing to the loss nor to the mean's divisor.
  XGRAD_ARG(int64_t, ignore_index) = -100;
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
};

/// nll_loss(log_softmax(input, 1), target) for class indices; -sum(target * log_softmax(input))
/// for class probabilities.
struct CrossEntropyLossOptions {
  typedef loss_reduction_t reduction_t;
  XGRAD_ARG(Tensor, weight) = {};
  XGRAD_ARG(int64_t, ignore_index) = -100;
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
  /// The target becomes (1 - label_smoothing) * target + label_smoothing / C.
  XGRAD_ARG(double, label_smoothing) = 0.0;
};

/// BCELoss of sigmoid(input), computed stably from the logits.
struct BCEWithLogitsLossOptions {
  typedef loss_reduction_t reduction_t;
  XGRAD_ARG(Tensor, weight) = {};
  XGRAD_ARG(reduction_t, reduction) = xgrad::kMean;
  /// Weight of the positive term per class (broadcast along the last dim).
  XGRAD_ARG(Tensor, pos_weight) = {};
};

namespace functional {
using L1LossFuncOptions = L1LossOptions;
using KLDivFuncOptions = KLDivLossOptions;
using MSELossFuncOptions = MSELossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
}  // namespace functional

}  // namespace nn
}  // namespace xgrad

#undef XGRAD_REDUCTION_CTORS
