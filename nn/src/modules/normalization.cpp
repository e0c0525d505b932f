// LayerNorm (nn/include/xgrad/nn/modules/normalization.h): over the trailing dims S =
// normalized_shape of each input, y = (x - mean) / sqrt(var_biased + eps) * weight + bias, with
// weight and bias of shape S (starting at 1 and 0).
#include <ostream>

#include <xgrad/functions.h>
#include <xgrad/nn/init.h>
#include <xgrad/nn/modules/normalization.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

using xgrad::detail::shape_str;

LayerNormImpl::LayerNormImpl(const LayerNormOptions& options_)
    : Cloneable("xgrad::nn::LayerNormImpl"), options(options_) {
  reset();
}

void LayerNormImpl::reset() {
  if (options.elementwise_affine()) {
    weight = register_parameter("weight", xgrad::empty(options.normalized_shape()));
    bias = register_parameter("bias", xgrad::empty(options.normalized_shape()));
  } else {
    weight = register_parameter("weight", Tensor(), /*requires_grad=*/false);
    bias = register_parameter("bias", Tensor(), /*requires_grad=*/false);
  }
  reset_parameters();
}

void LayerNormImpl::reset_parameters() {
  if (options.elementwise_affine()) {
    init::ones_(weight);
    init::zeros_(bias);
  }
}

void LayerNormImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::LayerNorm(" << IntArrayRef(options.normalized_shape())
         << ", eps=" << options.eps() << ", elementwise_affine=" << options.elementwise_affine() << ")";
}

Tensor LayerNormImpl::forward(const Tensor& input) {
  const IntArrayRef shape(options.normalized_shape());
  const int64_t n = static_cast<int64_t>(shape.size());
  XGRAD_CHECK(input.dim() >= n && input.sizes().slice(input.dim() - n) == shape,
              "LayerNorm(normalized_shape={}): expected input with trailing dims {}, got {}", shape_str(shape),
              shape_str(shape), shape_str(input.sizes()));
  return xgrad::layer_norm(input, shape, weight, bias, options.eps());
}

}  // namespace nn
}  // namespace xgrad
