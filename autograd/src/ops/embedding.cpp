// Embedding: a lookup table. weight [V, D] (V = num_embeddings rows of D values), indices of any
// shape holding row numbers (kLong) -> out [*indices, D]:
//   out[i..., :] = weight[indices[i...], :]
// Backward (to weight only; indices are integers), with g the gradient of out seen as [n, D]:
//   dW[v, :] = sum over the i with indices[i] = v of g[i, :] * f(v)
//   f(v) = 1 / count(v) with scale_grad_by_freq (count(v): how often v occurs in indices), else 1,
// and dW[padding_idx, :] = 0 (a negative padding_idx means none, as at::embedding's -1).
// The backward is one scatter-add pass; under create_graph it is dW = M^T g with the constant
// M [n, V] (M[i, indices[i]] = f), a matrix product that is differentiable in g.
#include <cstdint>
#include <cstring>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/size_math.h>

#include "../derivative.h"
#include "../kernels/loops.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;

/// The multiplier f(v) of each row's gradient: 0 for padding_idx, 1 / count(v) or 1 otherwise.
std::vector<double> row_factors(const int64_t* idx, int64_t n, int64_t num_weights, int64_t padding_idx,
                                bool scale_grad_by_freq) {
  std::vector<double> f(static_cast<size_t>(num_weights), 1.0);
  if (scale_grad_by_freq) {
    std::vector<int64_t> count(static_cast<size_t>(num_weights), 0);
    for (int64_t i = 0; i < n; ++i) ++count[static_cast<size_t>(idx[i])];
    for (size_t v = 0; v < f.size(); ++v)
      if (count[v] > 0) f[v] = 1.0 / static_cast<double>(count[v]);
  }
  if (padding_idx >= 0) f[static_cast<size_t>(padding_idx)] = 0.0;
  return f;
}

/// What embedding's node keeps besides its saved indices.
struct Embedding {
  int64_t num_weights, padding_idx;
  bool scale_grad_by_freq;
};

// out[i, :] = W[indices[i], :]:  dW[v, :] = sum over indices[i] = v of g[i, :] f(v)
const Derivative<Embedding> kEmbeddingBackward0{"EmbeddingBackward0", [](const BackwardContext& c, const Embedding& s) {
  const Tensor indices = detail::as_dense(c.saved(0), kLong);
  const ScalarType dtype = c.input(0).dtype;
  const int64_t n = indices.numel(), dim = c.input(0).sizes[1];
  const int64_t* idx = indices.data_ptr<int64_t>();
  const std::vector<double> f = row_factors(idx, n, s.num_weights, s.padding_idx, s.scale_grad_by_freq);
  return variable_list{detail::dispatch_floating(dtype, "embedding_backward", [&](auto tag) {
    using T = decltype(tag);
    return autograd::fused_unless_graphed(
        c,
        [&] {
          const Tensor g = detail::as_dense(c.grad(), dtype);
          Tensor dw = zeros({s.num_weights, dim}, dtype);
          const T* gp = g.data_ptr<T>();
          T* w = dw.data_ptr<T>();
          for (int64_t i = 0; i < n; ++i) {
            const T fi = static_cast<T>(f[static_cast<size_t>(idx[i])]);
            if (fi == T(0)) continue;
            T* row = w + idx[i] * dim;
            const T* gi = gp + i * dim;
            for (int64_t j = 0; j < dim; ++j) row[j] += gi[j] * fi;
          }
          return dw;
        },
        [&] {  // the same sum as a differentiable product
          Tensor m = zeros({n, s.num_weights}, dtype);
          T* mp = m.data_ptr<T>();
          for (int64_t i = 0; i < n; ++i)
            mp[i * s.num_weights + idx[i]] = static_cast<T>(f[static_cast<size_t>(idx[i])]);
          return mm(m.t(), c.grad().reshape({n, dim}));
        });
  })};
}};

}  // namespace

Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx, bool scale_grad_by_freq,
                 bool sparse) {
  XGRAD_PROFILE_OP("embedding");
  XGRAD_CHECK(weight.defined() && indices.defined(), "embedding: expected defined weight and indices tensors");
  XGRAD_CHECK(!sparse, "embedding: sparse gradients are not supported");
  XGRAD_CHECK(weight.dim() == 2, "embedding: expected weight of 2 dims [num_embeddings, embedding_dim], got {}",
              detail::shape_str(weight.sizes()));
  XGRAD_CHECK(indices.scalar_type() == kLong, "embedding: expected indices of dtype Long, got {}",
              toString(indices.scalar_type()));
  const int64_t num_weights = weight.size(0), dim = weight.size(1);
  XGRAD_CHECK(padding_idx < num_weights, "embedding: padding_idx {} is out of range for {} embeddings (weight {})",
              padding_idx, num_weights, detail::shape_str(weight.sizes()));

  // Checked before anything is copied: expanded indices and weight can make too many elements.
  std::vector<int64_t> out_sizes = indices.sizes().vec();
  out_sizes.push_back(dim);
  detail::checked_nbytes(out_sizes, weight.scalar_type(), "embedding");

  const Tensor idx_t = detail::as_dense(indices, kLong);
  const int64_t* idx = idx_t.data_ptr<int64_t>();
  const int64_t n = idx_t.numel();
  for (int64_t i = 0; i < n; ++i)
    XGRAD_CHECK(idx[i] >= 0 && idx[i] < num_weights,
                "embedding: index {} is out of range for {} embeddings (weight {})", idx[i], num_weights,
                detail::shape_str(weight.sizes()));

  Tensor out = empty(out_sizes, weight.scalar_type());
  // A row copy is dtype-independent: rows are contiguous runs of dim elements.
  const Tensor w = detail::as_dense(weight, weight.scalar_type());
  const size_t row_bytes = static_cast<size_t>(dim) * weight.element_size();
  const char* src = static_cast<const char*>(w.data_ptr());
  char* dst = static_cast<char*>(out.data_ptr());
  if (row_bytes > 0)
    for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * row_bytes, src + idx[i] * row_bytes, row_bytes);

  record(kEmbeddingBackward0, {weight}, Embedding{num_weights, padding_idx, scale_grad_by_freq})
      .save(indices)
      .output(out);
  return out;
}

}  // namespace xgrad
