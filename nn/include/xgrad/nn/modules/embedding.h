#pragma once
// Embedding, as libtorch's (torch/nn/modules/embedding.h): a table weight [num_embeddings,
// embedding_dim], starting N(0, 1) (with the padding_idx row zero), looked up by kLong indices of
// any shape: [*] -> [*, embedding_dim].
#include <cstdint>
#include <ostream>
#include <string>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional/embedding.h>
#include <xgrad/nn/options/embedding.h>
#include <xgrad/nn/pimpl.h>

namespace xgrad {
namespace nn {

class EmbeddingImpl : public Cloneable<EmbeddingImpl> {
 public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingImpl(EmbeddingOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingImpl(const EmbeddingOptions& options_);
  /// Checks padding_idx (a negative one becomes num_embeddings + padding_idx) and registers weight:
  /// options._weight() if given, else a new initialised table.
  void reset() override;
  /// N(0, 1), then zeros in the padding_idx row.
  void reset_parameters();
  /// "xgrad::nn::Embedding(num_embeddings=10, embedding_dim=3)", non-default options appended.
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& indices);

  EmbeddingOptions options;
  Tensor weight;
};

/// The holder of EmbeddingImpl, with from_pretrained.
class Embedding : public ModuleHolder<EmbeddingImpl> {
 public:
  using ModuleHolder<EmbeddingImpl>::ModuleHolder;
  using ModuleHolder<EmbeddingImpl>::get;

  /// An Embedding whose table is `embeddings` [num_embeddings, embedding_dim] (shared, not copied);
  /// with options.freeze() (the default) the table does not learn.
  static Embedding from_pretrained(const Tensor& embeddings, const EmbeddingFromPretrainedOptions& options = {});
};

}  // namespace nn
}  // namespace xgrad
