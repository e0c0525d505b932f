#pragma once
// ReLU, LeakyReLU, Hardtanh, Sigmoid, Tanh, Softmax and LogSoftmax, as libtorch's
// (torch/nn/modules/activation.h). No parameters; the output has the input's shape.
#include <ostream>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/activation.h>
#include <xgrad/nn/options/activation.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

/// max(x, 0).
class ReLUImpl : public Cloneable<ReLUImpl> {
 public:
  explicit ReLUImpl(const ReLUOptions& options_ = {});
  Tensor forward(Tensor input);
  void reset() override;
  /// "xgrad::nn::ReLU()" or "xgrad::nn::ReLU(inplace=true)".
  void pretty_print(std::ostream& stream) const override;

  ReLUOptions options;
};
XGRAD_MODULE(ReLU);

/// x for x > 0, negative_slope * x otherwise.
class LeakyReLUImpl : public Cloneable<LeakyReLUImpl> {
 public:
  explicit LeakyReLUImpl(const LeakyReLUOptions& options_ = {});
  Tensor forward(Tensor input);
  void reset() override;
  /// "xgrad::nn::LeakyReLU(negative_slope=0.01)".
  void pretty_print(std::ostream& stream) const override;

  LeakyReLUOptions options;
};
XGRAD_MODULE(LeakyReLU);

/// x clamped to [min_val, max_val].
class HardtanhImpl : public Cloneable<HardtanhImpl> {
 public:
  explicit HardtanhImpl(const HardtanhOptions& options_ = {});
  Tensor forward(Tensor input);
  /// Checks that max_val > min_val.
  void reset() override;
  /// "xgrad::nn::Hardtanh(min_val=-1, max_val=1)", then ", inplace=true" if so.
  void pretty_print(std::ostream& stream) const override;

  HardtanhOptions options;
};
XGRAD_MODULE(Hardtanh);

/// 1 / (1 + exp(-x)).
class SigmoidImpl : public Cloneable<SigmoidImpl> {
 public:
  SigmoidImpl();
  Tensor forward(const Tensor& input);
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
};
XGRAD_MODULE(Sigmoid);

class TanhImpl : public Cloneable<TanhImpl> {
 public:
  TanhImpl();
  Tensor forward(const Tensor& input);
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
};
XGRAD_MODULE(Tanh);

/// exp(x) / sum(exp(x)) along options.dim().
class SoftmaxImpl : public Cloneable<SoftmaxImpl> {
 public:
  explicit SoftmaxImpl(int64_t dim) : SoftmaxImpl(SoftmaxOptions(dim)) {}
  explicit SoftmaxImpl(const SoftmaxOptions& options_);
  Tensor forward(const Tensor& input);
  void reset() override;
  /// "xgrad::nn::Softmax(dim=1)".
  void pretty_print(std::ostream& stream) const override;

  SoftmaxOptions options;
};
XGRAD_MODULE(Softmax);

/// log(softmax(x)) along options.dim(), computed stably.
class LogSoftmaxImpl : public Cloneable<LogSoftmaxImpl> {
 public:
  explicit LogSoftmaxImpl(int64_t dim) : LogSoftmaxImpl(LogSoftmaxOptions(dim)) {}
  explicit LogSoftmaxImpl(const LogSoftmaxOptions& options_);
  Tensor forward(const Tensor& input);
  void reset() override;
  void pretty_print(std::ostream& stream) const override;

  LogSoftmaxOptions options;
};
XGRAD_MODULE(LogSoftmax);

}  // namespace nn
}  // namespace xgrad
