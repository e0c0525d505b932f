#pragma once
// Options of BatchNorm1d / BatchNorm2d and F::batch_norm, as libtorch's
// (torch/nn/options/batchnorm.h).
#include <cstdint>
#include <optional>

#include <xgrad/arg.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

struct BatchNormOptions {
  /* implicit */ BatchNormOptions(int64_t num_features) : num_features_(num_features) {}
  /// C, the size of dim 1 of the input.
  XGRAD_ARG(int64_t, num_features);
  /// Added to the variance before its square root.
  XGRAD_ARG(double, eps) = 1e-5;
  /// running = (1 - momentum) * running + momentum * batch statistic; unset means a cumulative
  /// average over all batches seen (momentum 1 / num_batches_tracked).
  XGRAD_ARG(std::optional<double>, momentum) = 0.1;
  /// Learn a per-channel scale (weight) and shift (bias).
  XGRAD_ARG(bool, affine) = true;
  /// Keep running_mean / running_var and use them in eval mode; without them, eval mode
  /// normalises by the batch statistics too.
  XGRAD_ARG(bool, track_running_stats) = true;
};

using BatchNorm1dOptions = BatchNormOptions;
using BatchNorm2dOptions = BatchNormOptions;

namespace functional {

struct BatchNormFuncOptions {
  XGRAD_ARG(Tensor, weight) = Tensor();
  XGRAD_ARG(Tensor, bias) = Tensor();
  /// Normalise by the batch statistics (and update the running ones) instead of the running ones.
  XGRAD_ARG(bool, training) = false;
  XGRAD_ARG(std::optional<double>, momentum) = 0.1;
  XGRAD_ARG(double, eps) = 1e-5;
};

}  // namespace functional

}  // namespace nn
}  // namespace xgrad
