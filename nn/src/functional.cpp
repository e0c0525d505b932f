// The parts of nn::functional that are more than a call into an op: input checks that libtorch
// makes at this level, in-place variants and embedding's max_norm. A convolution's padding mode
// (kValid, kSame) goes to the op, which checks every convolution argument.
#include <algorithm>
#include <cmath>
#include <variant>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/grad_mode.h>
#include <xgrad/nn/functional.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/conv.h>
#include <xgrad/internal/dispatch.h>

namespace xgrad {
namespace nn {
namespace functional {

namespace {

/// A convolution's numeric padding: kValid is none; kSame is the op's own (conv_padding_same).
template <size_t D>
std::vector<int64_t> numeric_padding(const nn::detail::conv_padding_t<D>& padding) {
  if (std::holds_alternative<enumtype::kValid>(padding)) return std::vector<int64_t>(D, 0);
  return IntArrayRef(std::get<ExpandingArray<D>>(padding)).vec();
}

/// Rescales the rows of weight picked by indices whose norm_type-norm exceeds max_norm to
/// max_norm, in place and outside autograd (PyTorch's embedding_renorm_).
void embedding_renorm_(const Tensor& weight, const Tensor& indices, double max_norm, double norm_type) {
  XGRAD_CHECK(indices.scalar_type() == kLong, "embedding: expected indices of dtype Long, got {}",
              toString(indices.scalar_type()));
  const int64_t rows = weight.size(0), cols = weight.size(1);
  const Tensor flat = indices.contiguous();
  const int64_t* p = flat.data_ptr<int64_t>();
  std::vector<int64_t> unique(p, p + flat.numel());
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  for (int64_t i : unique)
    XGRAD_CHECK(i >= 0 && i < rows, "embedding: index {} out of range for {} embeddings", i, rows);
  // Written through the raw data, so autograd records nothing; the version bump below tells any
  // graph that saved weight that it changed.
  xgrad::detail::dispatch_floating(weight.scalar_type(), "embedding", [&](auto tag) {
    using T = decltype(tag);
    T* w = weight.data_ptr<T>();
    const int64_t s0 = weight.stride(0), s1 = weight.stride(1);
    for (int64_t i : unique) {
      T* row = w + i * s0;
      double norm = 0;
      if (std::isinf(norm_type)) {
        for (int64_t j = 0; j < cols; ++j) norm = std::max(norm, std::abs(static_cast<double>(row[j * s1])));
      } else {
        for (int64_t j = 0; j < cols; ++j) norm += std::pow(std::abs(static_cast<double>(row[j * s1])), norm_type);
        norm = std::pow(norm, 1.0 / norm_type);
      }
      if (norm > max_norm) {
        const T scale = static_cast<T>(max_norm / (norm + 1e-7));
        for (int64_t j = 0; j < cols; ++j) row[j * s1] *= scale;
      }
    }
  });
  weight.impl()->bump_version();
}

}  // namespace

namespace detail {

Tensor overwrite_with(Tensor& input, const std::function<Tensor(const Tensor&)>& op, const char* name) {
  XGRAD_PROFILE_OP(name);
  // op's backward reads its input, which the copy below overwrites: when a graph is being recorded
  // it gets a copy of its own.
  const bool recording = GradMode::is_enabled() && input.requires_grad();
  Tensor result = op(recording ? input.clone() : input);
  return input.copy_(result);
}

Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              const nn::detail::conv_padding_t<1>& padding, IntArrayRef dilation, int64_t groups) {
  if (std::holds_alternative<enumtype::kSame>(padding))
    return xgrad::detail::conv_padding_same(input, weight, bias, stride, dilation, groups, 1);
  return xgrad::conv1d(input, weight, bias, stride, numeric_padding<1>(padding), dilation, groups);
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              const nn::detail::conv_padding_t<2>& padding, IntArrayRef dilation, int64_t groups) {
  if (std::holds_alternative<enumtype::kSame>(padding))
    return xgrad::detail::conv_padding_same(input, weight, bias, stride, dilation, groups, 2);
  return xgrad::conv2d(input, weight, bias, stride, numeric_padding<2>(padding), dilation, groups);
}

Tensor dropout(Tensor input, double p, bool training, bool inplace) {
  XGRAD_CHECK(p >= 0. && p <= 1., "dropout: dropout probability has to be between 0 and 1, but got {}", p);
  if (!inplace) return xgrad::dropout(input, p, training);
  return training ? input.copy_(xgrad::dropout(input, p, training)) : input;
}

Tensor dropout2d(Tensor input, double p, bool training, bool inplace) {
  XGRAD_CHECK(p >= 0. && p <= 1., "dropout2d: dropout probability has to be between 0 and 1, but got {}", p);
  XGRAD_CHECK(input.dim() == 3 || input.dim() == 4,
              "dropout2d: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got {}",
              xgrad::detail::shape_str(input.sizes()));
  if (inplace && !training) return input;
  // feature_dropout drops whole slices of dim 1: an unbatched input gets a batch dim first.
  const bool unbatched = input.dim() == 3;
  Tensor result = xgrad::feature_dropout(unbatched ? input.unsqueeze(0) : input, p, training);
  if (unbatched) result = result.squeeze(0);
  return inplace ? input.copy_(result) : result;
}

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                  const Tensor& bias, bool training, std::optional<double> momentum, double eps) {
  XGRAD_CHECK(input.dim() >= 2, "batch_norm: expected an input [N, C, *] of at least 2 dims, got {}",
              xgrad::detail::shape_str(input.sizes()));
  if (training) {
    int64_t per_channel = input.size(0);
    for (int64_t d = 2; d < input.dim(); ++d) per_channel *= input.size(d);
    XGRAD_CHECK(per_channel != 1, "batch_norm: expected more than 1 value per channel when training, got input size {}",
                xgrad::detail::shape_str(input.sizes()));
  }
  // Only a training pass that updates running statistics uses the momentum.
  XGRAD_CHECK(momentum.has_value() || !training || !running_mean.defined(),
              "batch_norm: momentum is unset; give the factor for updating running_mean and running_var");
  return xgrad::batch_norm(input, weight, bias, running_mean, running_var, training, momentum.value_or(0.0), eps);
}

Tensor embedding(const Tensor& input, const Tensor& weight, std::optional<int64_t> padding_idx,
                 std::optional<double> max_norm, double norm_type, bool scale_grad_by_freq, bool sparse) {
  XGRAD_PROFILE_OP("embedding");
  XGRAD_CHECK(weight.dim() == 2, "embedding: expected a 2-D weight [num_embeddings, embedding_dim], got {}",
              xgrad::detail::shape_str(weight.sizes()));
  const int64_t rows = weight.size(0);
  int64_t pad = -1;
  if (padding_idx) {
    XGRAD_CHECK(*padding_idx >= -rows && *padding_idx < rows,
                "embedding: padding_idx {} must be within num_embeddings ({})", *padding_idx, rows);
    pad = *padding_idx < 0 ? *padding_idx + rows : *padding_idx;
  }
  if (max_norm) embedding_renorm_(weight, input, *max_norm, norm_type);
  return xgrad::embedding(weight, input, pad, scale_grad_by_freq, sparse);
}

void check_same_size(const Tensor& input, const Tensor& target, const char* op) {
  XGRAD_CHECK(input.sizes() == target.sizes(), "{}: target size {} must be the same as input size {}", op,
              xgrad::detail::shape_str(target.sizes()), xgrad::detail::shape_str(input.sizes()));
}

}  // namespace detail

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options, double beta) {
  XGRAD_CHECK(options.beta() == 1.0 || options.beta() == beta,
              "smooth_l1_loss: beta given twice, {} in the options and {} as an argument", options.beta(), beta);
  return xgrad::smooth_l1_loss(input, target, reduction_get_enum(options.reduction()), beta);
}

}  // namespace functional
}  // namespace nn
}  // namespace xgrad
