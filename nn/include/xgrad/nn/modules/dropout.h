#pragma once
// Dropout and Dropout2d, as libtorch's (torch/nn/modules/dropout.h). In training mode each
// element (Dropout) or each channel of [N, C, H, W] / [C, H, W] input (Dropout2d) is zeroed with
// probability p and the rest are scaled by 1 / (1 - p); in eval mode the input passes unchanged.
#include <ostream>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/dropout.h>
#include <xgrad/nn/options/dropout.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

class DropoutImpl : public Cloneable<DropoutImpl> {
 public:
  DropoutImpl(double p) : DropoutImpl(DropoutOptions().p(p)) {}
  explicit DropoutImpl(const DropoutOptions& options_ = {});
  /// Checks that p is in [0, 1].
  void reset() override;
  /// "xgrad::nn::Dropout(p=0.5, inplace=false)".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  DropoutOptions options;
};
XGRAD_MODULE(Dropout);

class Dropout2dImpl : public Cloneable<Dropout2dImpl> {
 public:
  Dropout2dImpl(double p) : Dropout2dImpl(Dropout2dOptions().p(p)) {}
  explicit Dropout2dImpl(const Dropout2dOptions& options_ = {});
  void reset() override;
  /// "xgrad::nn::Dropout2d(p=0.5, inplace=false)".
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  Dropout2dOptions options;
};
XGRAD_MODULE(Dropout2d);

}  // namespace nn
}  // namespace xgrad
