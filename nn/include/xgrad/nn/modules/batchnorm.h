#pragma once
// BatchNorm1d and BatchNorm2d, as libtorch's (torch/nn/modules/batchnorm.h).
//
// y = (x - mean) / sqrt(var + eps) * weight + bias per channel (dim 1). In training mode mean and
// (biased) var are the batch's, and the buffers running_mean / running_var move towards the batch
// statistics (unbiased var) by momentum, or by 1 / num_batches_tracked when momentum is unset (a
// cumulative average). In eval mode the running statistics are used. Without
// track_running_stats there are no running statistics and the batch's are always used.
#include <cstdint>
#include <ostream>
#include <string>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/batchnorm.h>
#include <xgrad/nn/options/batchnorm.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

template <size_t D, typename Derived>
class BatchNormImplBase : public Cloneable<Derived> {
 public:
  /* implicit */ BatchNormImplBase(const BatchNormOptions& options_);

  /// Registers weight and bias (if affine) and the buffers running_mean, running_var and
  /// num_batches_tracked (if track_running_stats; else undefined), then initialises them.
  void reset() override;
  /// running_mean 0, running_var 1, num_batches_tracked 0.
  void reset_running_stats();
  /// reset_running_stats(), weight 1 and bias 0.
  void reset_parameters();
  /// "xgrad::nn::BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  BatchNormOptions options;
  Tensor weight;
  Tensor bias;
  Tensor running_mean;
  Tensor running_var;
  /// A 0-dim kLong count of the training batches seen.
  Tensor num_batches_tracked;

 protected:
  /// "BatchNorm2d(num_features=6)": how errors name the layer.
  std::string describe() const;
  /// Checks the input's dims (which differ between 1d and 2d) and its channel count.
  virtual void _check_input_dim(const Tensor& input) = 0;
};

/// Input [N, C] or [N, C, L].
class BatchNorm1dImpl : public BatchNormImplBase<1, BatchNorm1dImpl> {
 public:
  using BatchNormImplBase<1, BatchNorm1dImpl>::BatchNormImplBase;

 protected:
  void _check_input_dim(const Tensor& input) override;
};
XGRAD_MODULE(BatchNorm1d);

/// Input [N, C, H, W].
class BatchNorm2dImpl : public BatchNormImplBase<2, BatchNorm2dImpl> {
 public:
  using BatchNormImplBase<2, BatchNorm2dImpl>::BatchNormImplBase;

 protected:
  void _check_input_dim(const Tensor& input) override;
};
XGRAD_MODULE(BatchNorm2d);

}  // namespace nn
}  // namespace xgrad
