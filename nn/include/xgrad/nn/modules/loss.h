#pragma once
// The loss modules, as libtorch's (torch/nn/modules/loss.h): forward(input, target) is the
// corresponding nn::functional loss with the module's options. Class weights and pos_weight are
// registered as buffers (so they move with Module::to and are saved).
#include <ostream>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/loss.h>
#include <xgrad/nn/options/loss.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

struct L1LossImpl : Cloneable<L1LossImpl> {
  explicit L1LossImpl(const L1LossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  L1LossOptions options;
};
XGRAD_MODULE(L1Loss);

struct KLDivLossImpl : Cloneable<KLDivLossImpl> {
  explicit KLDivLossImpl(const KLDivLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  KLDivLossOptions options;
};
XGRAD_MODULE(KLDivLoss);

struct MSELossImpl : Cloneable<MSELossImpl> {
  explicit MSELossImpl(const MSELossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  MSELossOptions options;
};
XGRAD_MODULE(MSELoss);

struct BCELossImpl : Cloneable<BCELossImpl> {
  explicit BCELossImpl(const BCELossOptions& options_ = {});
  /// Registers options.weight() as the buffer "weight".
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  BCELossOptions options;
};
XGRAD_MODULE(BCELoss);

struct SmoothL1LossImpl : Cloneable<SmoothL1LossImpl> {
  explicit SmoothL1LossImpl(const SmoothL1LossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  SmoothL1LossOptions options;
};
XGRAD_MODULE(SmoothL1Loss);

struct NLLLossImpl : Cloneable<NLLLossImpl> {
  explicit NLLLossImpl(const NLLLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// input [N, C] / [N, C, d1, ...] of log-probabilities, target [N] / [N, d1, ...] of class indices.
  Tensor forward(const Tensor& input, const Tensor& target);

  NLLLossOptions options;
  /// options.weight(), registered as a buffer.
  Tensor weight;
};
XGRAD_MODULE(NLLLoss);

struct CrossEntropyLossImpl : Cloneable<CrossEntropyLossImpl> {
  explicit CrossEntropyLossImpl(const CrossEntropyLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  /// input [N, C] / [C] / [N, C, d1, ...] of raw scores; target of class indices (kLong, the input's
  /// shape without dim C) or of class probabilities (floating, the input's shape).
  Tensor forward(const Tensor& input, const Tensor& target);

  CrossEntropyLossOptions options;
  Tensor weight;
};
XGRAD_MODULE(CrossEntropyLoss);

struct BCEWithLogitsLossImpl : Cloneable<BCEWithLogitsLossImpl> {
  explicit BCEWithLogitsLossImpl(const BCEWithLogitsLossOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& target);

  BCEWithLogitsLossOptions options;
  Tensor weight;
  Tensor pos_weight;
};
XGRAD_MODULE(BCEWithLogitsLoss);

}  // namespace nn
}  // namespace xgrad
