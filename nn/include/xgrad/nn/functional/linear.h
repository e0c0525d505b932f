#pragma once
// F::linear(x, W, b) = x W^T + b: x [*, in_features], W [out_features, in_features], b [out_features].
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>

namespace xgrad {
namespace nn {
namespace functional {

inline Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {}) {
  XGRAD_PROFILE_OP("linear");
  Tensor out = input.matmul(weight.t());
  return bias.defined() ? out + bias : out;
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
