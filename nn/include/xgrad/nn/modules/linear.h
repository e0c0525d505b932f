#pragma once
// Identity, Linear, Flatten and Unflatten, as libtorch's (torch/nn/modules/linear.h).
#include <cstdint>
#include <ostream>
#include <vector>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/linear.h>
#include <xgrad/nn/options/linear.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

/// Returns its input unchanged (a placeholder in a Sequential).
class IdentityImpl : public Cloneable<IdentityImpl> {
 public:
  IdentityImpl();
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
};
XGRAD_MODULE(Identity);

/// y = x W^T + b for x [*, in_features] -> [*, out_features]. W [out_features, in_features] and b
/// [out_features] start as U(-1/sqrt(in_features), 1/sqrt(in_features)) (PyTorch's
/// kaiming_uniform_ with a = sqrt(5), and the matching bias bound).
class LinearImpl : public Cloneable<LinearImpl> {
 public:
  LinearImpl(int64_t in_features, int64_t out_features) : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options_);

  /// Registers weight and bias and initialises them.
  void reset() override;
  /// Draws new initial values for weight and bias.
  void reset_parameters();
  /// "xgrad::nn::Linear(in_features=784, out_features=128, bias=true)".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LinearOptions options;
  Tensor weight;
  /// Undefined when options.bias() is false.
  Tensor bias;
};
XGRAD_MODULE(Linear);

/// Merges dims start_dim..end_dim (by default all but the batch dim): [N, C, H, W] -> [N, C*H*W].
class FlattenImpl : public Cloneable<FlattenImpl> {
 public:
  explicit FlattenImpl(const FlattenOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FlattenOptions options;
};
XGRAD_MODULE(Flatten);

/// Splits dim into the dims `sizes`: Unflatten(1, {16, 5, 5}) turns [N, 400] into [N, 16, 5, 5].
class UnflattenImpl : public Cloneable<UnflattenImpl> {
 public:
  UnflattenImpl(int64_t dim, std::vector<int64_t> sizes) : UnflattenImpl(UnflattenOptions(dim, std::move(sizes))) {}
  explicit UnflattenImpl(UnflattenOptions options_);
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UnflattenOptions options;
};
XGRAD_MODULE(Unflatten);

}  // namespace nn
}  // namespace xgrad
