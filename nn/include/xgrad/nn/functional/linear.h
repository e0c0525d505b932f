#pragma once
// F::linear(x, W, b) = x W^T + b: x [*, in_features], W [out_features, in_features], b [out_features].
// It takes libtorch's paths, so that the graph shows libtorch's nodes: with a bias, a 2-D input (and a
// contiguous 3-D one, viewed as 2-D) is one addmm, the bias folded into the GEMM (AddmmBackward0);
// otherwise x.matmul(W.t()), plus the bias (AddBackward0).
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>

#include <limits>

namespace xgrad {
namespace nn {
namespace functional {

inline Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {}) {
  XGRAD_PROFILE_OP("linear");
  if (bias.defined() && input.dim() == 2) return addmm(bias, input, weight.t());
  const IntArrayRef s = input.sizes();
  // A contiguous 3-D input is viewed as s[0] * s[1] rows, which fit in int64 unless the input is
  // empty ([2^40, 2^40, 0]: then matmul).
  if (bias.defined() && s.size() == 3 && input.is_contiguous() &&
      (s[1] == 0 || s[0] <= std::numeric_limits<int64_t>::max() / s[1])) {
    const Tensor out = addmm(bias, input.view({s[0] * s[1], s[2]}), weight.t());
    return out.view({s[0], s[1], out.size(1)});
  }
  Tensor out = input.matmul(weight.t());
  return bias.defined() ? out + bias : out;
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
