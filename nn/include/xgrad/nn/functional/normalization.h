#pragma once
// F::layer_norm(input, F::LayerNormFuncOptions({C})): normalises over the trailing dims.
#include <xgrad/functions.h>
#include <xgrad/nn/options/normalization.h>

namespace xgrad {
namespace nn {
namespace functional {

inline Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options) {
  return xgrad::layer_norm(input, options.normalized_shape(), options.weight(), options.bias(), options.eps());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
