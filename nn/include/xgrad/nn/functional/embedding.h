#pragma once
// F::embedding(indices, weight, options): the rows of weight [num_embeddings, dim] picked by
// integer indices of any shape -> [*indices, dim]. With max_norm, the looked-up rows whose norm
// exceeds it are first rescaled in place (as PyTorch's embedding_renorm_).
#include <xgrad/functions.h>
#include <xgrad/nn/options/embedding.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace detail {
Tensor embedding(const Tensor& input, const Tensor& weight, std::optional<int64_t> padding_idx,
                 std::optional<double> max_norm, double norm_type, bool scale_grad_by_freq, bool sparse);
}  // namespace detail

inline Tensor embedding(const Tensor& input, const Tensor& weight, const EmbeddingFuncOptions& options = {}) {
  return detail::embedding(input, weight, options.padding_idx(), options.max_norm(), options.norm_type(),
                           options.scale_grad_by_freq(), options.sparse());
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
