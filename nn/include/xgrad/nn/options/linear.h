#pragma once
// Options of Linear, Flatten and Unflatten, as libtorch's (torch/nn/options/linear.h).
#include <cstdint>
#include <vector>

#include <xgrad/arg.h>

namespace xgrad {
namespace nn {

/// Linear(in_features, out_features): y = x W^T + b with W [out_features, in_features].
struct LinearOptions {
  LinearOptions(int64_t in_features, int64_t out_features) : in_features_(in_features), out_features_(out_features) {}
  XGRAD_ARG(int64_t, in_features);
  XGRAD_ARG(int64_t, out_features);
  /// Whether the layer learns an additive bias.
  XGRAD_ARG(bool, bias) = true;
};

/// Flatten: dims start_dim..end_dim become one.
struct FlattenOptions {
  XGRAD_ARG(int64_t, start_dim) = 1;
  XGRAD_ARG(int64_t, end_dim) = -1;
};

/// Unflatten: dim becomes the dims `sizes` (whose product must be its size; one may be -1).
struct UnflattenOptions {
  UnflattenOptions(int64_t dim, std::vector<int64_t> sizes) : dim_(dim), sizes_(std::move(sizes)) {}
  XGRAD_ARG(int64_t, dim);
  XGRAD_ARG(std::vector<int64_t>, sizes);
};

}  // namespace nn
}  // namespace xgrad
