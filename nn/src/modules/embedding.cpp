// Embedding (nn/include/xgrad/nn/modules/embedding.h): out[i..., :] = weight[indices[i...], :].
// The table starts N(0, 1) with the padding_idx row zero; that row gets no gradient.
#include <ostream>

#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/nn/init.h>
#include <xgrad/nn/modules/embedding.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

namespace xgrad {
namespace nn {

using xgrad::detail::shape_str;

namespace {
/// "Embedding(num_embeddings=10, embedding_dim=3)": how errors name the layer.
std::string describe(const EmbeddingOptions& o) {
  return fmt::format("Embedding(num_embeddings={}, embedding_dim={})", o.num_embeddings(), o.embedding_dim());
}
}  // namespace

EmbeddingImpl::EmbeddingImpl(const EmbeddingOptions& options_)
    : Cloneable("xgrad::nn::EmbeddingImpl"), options(options_) {
  reset();
}

void EmbeddingImpl::reset() {
  const int64_t rows = options.num_embeddings();
  const std::string layer = describe(options);
  XGRAD_CHECK(rows >= 0 && options.embedding_dim() >= 0, "{}: sizes must be non-negative", layer);
  if (const auto& pad = options.padding_idx()) {
    XGRAD_CHECK(*pad >= -rows && *pad < rows, "{}: padding_idx {} must be within num_embeddings", layer, *pad);
    if (*pad < 0) options.padding_idx(rows + *pad);
  }
  if (!options._weight().defined()) {
    xgrad::detail::checked_numel({rows, options.embedding_dim()}, layer.c_str());  // the weight's shape
    weight = register_parameter("weight", xgrad::empty({rows, options.embedding_dim()}));
    reset_parameters();
  } else {
    XGRAD_CHECK(options._weight().sizes() == IntArrayRef({rows, options.embedding_dim()}),
                "{}: _weight has shape {}, expected [{}, {}]", layer, shape_str(options._weight().sizes()), rows,
                options.embedding_dim());
    weight = register_parameter("weight", options._weight());
  }
}

void EmbeddingImpl::reset_parameters() {
  init::normal_(weight);
  if (options.padding_idx()) {
    NoGradGuard no_grad;
    weight[*options.padding_idx()].fill_(0);
  }
}

void EmbeddingImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::Embedding(num_embeddings=" << options.num_embeddings()
         << ", embedding_dim=" << options.embedding_dim();
  if (options.padding_idx()) stream << ", padding_idx=" << *options.padding_idx();
  if (options.max_norm()) stream << ", max_norm=" << *options.max_norm();
  if (options.norm_type() != 2) stream << ", norm_type=" << options.norm_type();
  if (options.scale_grad_by_freq()) stream << ", scale_grad_by_freq=" << options.scale_grad_by_freq();
  if (options.sparse()) stream << ", sparse=" << options.sparse();
  stream << ")";
}

Tensor EmbeddingImpl::forward(const Tensor& indices) {
  const int64_t rows = options.num_embeddings();
  XGRAD_CHECK(indices.scalar_type() == kLong, "{}: expected indices of dtype Long, got {}", describe(options),
              toString(indices.scalar_type()));
  const Tensor flat = indices.contiguous();
  const int64_t* p = flat.data_ptr<int64_t>();
  for (int64_t i = 0, n = flat.numel(); i < n; ++i)
    XGRAD_CHECK(p[i] >= 0 && p[i] < rows, "{}: index {} out of range for {} embeddings", describe(options), p[i], rows);
  return functional::detail::embedding(indices, weight, options.padding_idx(), options.max_norm(), options.norm_type(),
                                       options.scale_grad_by_freq(), options.sparse());
}

Embedding Embedding::from_pretrained(const Tensor& embeddings, const EmbeddingFromPretrainedOptions& options) {
  XGRAD_CHECK(embeddings.dim() == 2,
              "Embedding::from_pretrained: expected embeddings of 2 dims [num_embeddings, embedding_dim], got {}",
              shape_str(embeddings.sizes()));
  Embedding embedding(EmbeddingOptions(embeddings.size(0), embeddings.size(1))
                          ._weight(embeddings)
                          .padding_idx(options.padding_idx())
                          .max_norm(options.max_norm())
                          .norm_type(options.norm_type())
                          .scale_grad_by_freq(options.scale_grad_by_freq())
                          .sparse(options.sparse()));
  embedding->weight.requires_grad_(!options.freeze());
  return embedding;
}

}  // namespace nn
}  // namespace xgrad
