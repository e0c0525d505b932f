#pragma once
// Options of Embedding and F::embedding, as libtorch's (torch/nn/options/embedding.h).
#include <cstdint>
#include <optional>

#include <xgrad/arg.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

struct EmbeddingOptions {
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim)
      : num_embeddings_(num_embeddings), embedding_dim_(embedding_dim) {}
  /// The number of rows of the table (valid indices are 0..num_embeddings-1).
  XGRAD_ARG(int64_t, num_embeddings);
  /// The size of each row.
  XGRAD_ARG(int64_t, embedding_dim);
  /// This row starts at zero and gets no gradient (negative counts from the end).
  XGRAD_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  /// Rows that are looked up and whose norm_type-norm exceeds this are rescaled (in place) to it.
  XGRAD_ARG(std::optional<double>, max_norm) = std::nullopt;
  XGRAD_ARG(double, norm_type) = 2.;
  /// Scale each row's gradient by the inverse of how often it occurs in the batch.
  XGRAD_ARG(bool, scale_grad_by_freq) = false;
  XGRAD_ARG(bool, sparse) = false;
  /// Initial table [num_embeddings, embedding_dim], used as is (from_pretrained sets it).
  XGRAD_ARG(Tensor, _weight) = Tensor();
};

/// Embedding::from_pretrained(table, options).
struct EmbeddingFromPretrainedOptions {
  /// The table does not learn (weight.requires_grad() is false).
  XGRAD_ARG(bool, freeze) = true;
  XGRAD_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  XGRAD_ARG(std::optional<double>, max_norm) = std::nullopt;
  XGRAD_ARG(double, norm_type) = 2.;
  XGRAD_ARG(bool, scale_grad_by_freq) = false;
  XGRAD_ARG(bool, sparse) = false;
};

namespace functional {

struct EmbeddingFuncOptions {
  XGRAD_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  XGRAD_ARG(std::optional<double>, max_norm) = std::nullopt;
  XGRAD_ARG(double, norm_type) = 2.;
  XGRAD_ARG(bool, scale_grad_by_freq) = false;
  XGRAD_ARG(bool, sparse) = false;
};

}  // namespace functional

}  // namespace nn
}  // namespace xgrad
