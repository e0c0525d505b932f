#pragma once
// Options of LayerNorm and F::layer_norm, as libtorch's (torch/nn/options/normalization.h).
#include <cstdint>
#include <vector>

#include <xgrad/arg.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

struct LayerNormOptions {
  /* implicit */ LayerNormOptions(std::vector<int64_t> normalized_shape)
      : normalized_shape_(std::move(normalized_shape)) {}
  /// The trailing dims of the input that are normalised together.
  XGRAD_ARG(std::vector<int64_t>, normalized_shape);
  XGRAD_ARG(double, eps) = 1e-5;
  /// Learn an elementwise scale (weight) and shift (bias) of shape normalized_shape.
  XGRAD_ARG(bool, elementwise_affine) = true;
};

namespace functional {

struct LayerNormFuncOptions {
  /* implicit */ LayerNormFuncOptions(std::vector<int64_t> normalized_shape)
      : normalized_shape_(std::move(normalized_shape)) {}
  XGRAD_ARG(std::vector<int64_t>, normalized_shape);
  XGRAD_ARG(Tensor, weight) = {};
  XGRAD_ARG(Tensor, bias) = {};
  XGRAD_ARG(double, eps) = 1e-5;
};

}  // namespace functional

}  // namespace nn
}  // namespace xgrad
