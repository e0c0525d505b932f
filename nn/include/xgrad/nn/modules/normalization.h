#pragma once
// LayerNorm, as libtorch's (torch/nn/modules/normalization.h): normalises each input over its
// trailing dims normalized_shape (mean and biased variance), then applies an elementwise scale
// (weight, starting at 1) and shift (bias, starting at 0) of that shape.
#include <cstdint>
#include <ostream>
#include <vector>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/normalization.h>
#include <xgrad/nn/options/normalization.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

class LayerNormImpl : public Cloneable<LayerNormImpl> {
 public:
  LayerNormImpl(std::vector<int64_t> normalized_shape) : LayerNormImpl(LayerNormOptions(std::move(normalized_shape))) {}
  explicit LayerNormImpl(const LayerNormOptions& options_);
  void reset() override;
  /// weight 1, bias 0.
  void reset_parameters();
  /// "xgrad::nn::LayerNorm([10], eps=1e-05, elementwise_affine=true)".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LayerNormOptions options;
  /// Undefined without elementwise_affine.
  Tensor weight;
  Tensor bias;
};
XGRAD_MODULE(LayerNorm);

}  // namespace nn
}  // namespace xgrad
