#pragma once
// Free functions: factories, random numbers and every op, with libtorch's names and defaults.
// Each op is defined beside its backward in autograd/src/ops/<family>.cpp.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {

// ---- factories (autograd/src/factories.cpp) ----

namespace detail {
/// The nested braces of `xgrad::tensor({{1, 2}, {3, 4}})`: a scalar or a list of containers.
/// Integers make kLong, floating literals the default kFloat, bools kBool, as in libtorch.
class TensorDataContainer {
 public:
  TensorDataContainer(float v) : scalar_(v), kind_(kFloat) {}
  TensorDataContainer(double v) : scalar_(v), kind_(kFloat) {}
  TensorDataContainer(int v) : scalar_(v), kind_(kLong) {}
  TensorDataContainer(long v) : scalar_(v), kind_(kLong) {}
  TensorDataContainer(long long v) : scalar_(v), kind_(kLong) {}
  TensorDataContainer(uint8_t v) : scalar_(static_cast<int64_t>(v)), kind_(kByte) {}
  TensorDataContainer(bool v) : scalar_(v), kind_(kBool) {}
  TensorDataContainer(std::initializer_list<TensorDataContainer> list);
  template <typename T>
  TensorDataContainer(const std::vector<T>& values) : is_list_(true), kind_(kFloat) {
    for (const T& v : values) list_.emplace_back(v);
    init_from_list();
  }
  template <typename T>
  TensorDataContainer(ArrayRef<T> values) : TensorDataContainer(values.vec()) {}

  bool is_scalar() const { return !is_list_; }
  const Scalar& scalar() const { return scalar_; }
  const std::vector<TensorDataContainer>& list() const { return list_; }
  /// The dtype the values ask for (kFloat for floating literals).
  ScalarType scalar_type() const { return kind_; }
  const std::vector<int64_t>& sizes() const { return sizes_; }

 private:
  void init_from_list();
  Scalar scalar_;
  bool is_list_ = false;
  ScalarType kind_;
  std::vector<TensorDataContainer> list_;
  std::vector<int64_t> sizes_;
};
}  // namespace detail

/// A tensor holding a copy of the given (nested) values.
Tensor tensor(detail::TensorDataContainer data, const TensorOptions& options = {});
/// A tensor over memory you own; xgrad neither copies nor frees it (unless a deleter is given).
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options = {});

Tensor empty(IntArrayRef size, const TensorOptions& options = {});
Tensor zeros(IntArrayRef size, const TensorOptions& options = {});
Tensor ones(IntArrayRef size, const TensorOptions& options = {});
/// Without a dtype in options, the dtype follows the value (kLong for integers, kFloat for floating).
Tensor full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options = {});
Tensor eye(int64_t n, const TensorOptions& options = {});
Tensor eye(int64_t n, int64_t m, const TensorOptions& options = {});
/// Integer bounds give kLong, any floating bound gives kFloat (unless options say otherwise).
Tensor arange(const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, const TensorOptions& options = {});
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, const TensorOptions& options = {});

/// U[0, 1).
Tensor rand(IntArrayRef size, const TensorOptions& options = {});
/// N(0, 1).
Tensor randn(IntArrayRef size, const TensorOptions& options = {});
/// Integers in [low, high); kLong unless options say otherwise.
Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options = kLong);
Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options = kLong);
/// A random permutation of 0..n-1; kLong unless options say otherwise.
Tensor randperm(int64_t n, const TensorOptions& options = kLong);
/// Seeds the generator behind rand, randn, randint, randperm, uniform_ and normal_.
void manual_seed(uint64_t seed);

// The _like forms take sizes (and, unless options give one, the dtype) from `self`.
Tensor empty_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);
Tensor zeros_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);
Tensor ones_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);
Tensor full_like(const Tensor& self, const Scalar& fill_value, std::optional<TensorOptions> options = std::nullopt);
Tensor rand_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);
Tensor randn_like(const Tensor& self, std::optional<TensorOptions> options = std::nullopt);
Tensor randint_like(const Tensor& self, int64_t high, std::optional<TensorOptions> options = std::nullopt);
Tensor randint_like(const Tensor& self, int64_t low, int64_t high, std::optional<TensorOptions> options = std::nullopt);

/// The dtype that an op on these operands computes in (PyTorch's type promotion).
ScalarType result_type(const Tensor& a, const Tensor& b);
ScalarType result_type(const Tensor& a, const Scalar& b);
/// The smallest dtype both promote to, and whether an op may cast `from` into `to` (libtorch's).
ScalarType promote_types(ScalarType a, ScalarType b);
bool can_cast(ScalarType from, ScalarType to);

// ---- elementwise (autograd/src/ops/elementwise.cpp) ----
Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor mul(const Tensor& self, const Tensor& other);
Tensor mul(const Tensor& self, const Scalar& other);
Tensor div(const Tensor& self, const Tensor& other);
Tensor div(const Tensor& self, const Scalar& other);
/// self * log(other), 0 where self is 0 (unless other is NaN); integers promote to the default float.
Tensor xlogy(const Tensor& self, const Tensor& other);
Tensor neg(const Tensor& self);
Tensor pow(const Tensor& self, const Tensor& exponent);
Tensor pow(const Tensor& self, const Scalar& exponent);
Tensor pow(const Scalar& self, const Tensor& exponent);
/// self * self, recorded as pow(self, 2) (PowBackward0), as libtorch does.
Tensor square(const Tensor& self);
Tensor exp(const Tensor& self);
Tensor log(const Tensor& self);
Tensor sqrt(const Tensor& self);
Tensor abs(const Tensor& self);
Tensor clamp(const Tensor& self, const std::optional<Scalar>& min = std::nullopt,
             const std::optional<Scalar>& max = std::nullopt);
Tensor clamp_min(const Tensor& self, const Scalar& min);
Tensor clamp_max(const Tensor& self, const Scalar& max);
Tensor eq(const Tensor& self, const Tensor& other);
Tensor eq(const Tensor& self, const Scalar& other);
Tensor ne(const Tensor& self, const Tensor& other);
Tensor ne(const Tensor& self, const Scalar& other);
Tensor lt(const Tensor& self, const Tensor& other);
Tensor lt(const Tensor& self, const Scalar& other);
Tensor le(const Tensor& self, const Tensor& other);
Tensor le(const Tensor& self, const Scalar& other);
Tensor gt(const Tensor& self, const Tensor& other);
Tensor gt(const Tensor& self, const Scalar& other);
Tensor ge(const Tensor& self, const Tensor& other);
Tensor ge(const Tensor& self, const Scalar& other);
/// Elementwise max / min of two tensors (broadcasting; NaN propagates).
Tensor maximum(const Tensor& self, const Tensor& other);
Tensor minimum(const Tensor& self, const Tensor& other);
/// self + value * tensor1 * tensor2, and self + value * tensor1 / tensor2.
Tensor addcmul(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1);
Tensor addcdiv(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1);
bool equal(const Tensor& self, const Tensor& other);
bool allclose(const Tensor& self, const Tensor& other, double rtol = 1e-05, double atol = 1e-08);

// ---- activations (autograd/src/ops/activation.cpp) ----
Tensor sigmoid(const Tensor& self);
Tensor tanh(const Tensor& self);
Tensor relu(const Tensor& self);
/// x for x > 0, negative_slope * x otherwise.
Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope = 0.01);
/// x clamped to [min_val, max_val].
Tensor hardtanh(const Tensor& self, const Scalar& min_val = -1, const Scalar& max_val = 1);
/// exp(x - max) / sum(exp(x - max)) along dim: finite for any finite input.
Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
/// x - max - log(sum(exp(x - max))) along dim.
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// ---- convolution (autograd/src/ops/conv.cpp) ----
// input [N, C_in, L] / [N, C_in, H, W]; weight [C_out, C_in / groups, kL] / [C_out, C_in / groups, kH, kW];
// bias [C_out] or undefined. stride, padding and dilation take one value for every spatial dim or one each.
Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias = {}, IntArrayRef stride = 1,
              IntArrayRef padding = 0, IntArrayRef dilation = 1, int64_t groups = 1);
Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias = {}, IntArrayRef stride = 1,
              IntArrayRef padding = 0, IntArrayRef dilation = 1, int64_t groups = 1);
/// The gradient of conv2d with respect to its input, as a layer: weight [C_in, C_out / groups, kH, kW].
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias = {}, IntArrayRef stride = 1,
                        IntArrayRef padding = 0, IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);

// ---- pooling (autograd/src/ops/pool.cpp) ----
// input [N, C, H, W] or [C, H, W]; an empty stride means stride = kernel_size.
Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  IntArrayRef dilation = 1, bool ceil_mode = false);
/// The pooled values and, for each, the flat index h * W + w of the maximum in its input plane.
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1, bool ceil_mode = false);
Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {}, IntArrayRef padding = 0,
                  bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size);

// ---- normalization (autograd/src/ops/normalization.cpp) ----
/// input [N, C, *]. In training, normalises by the batch statistics and updates running_mean/var
/// (if defined) in place: running = (1 - momentum) * running + momentum * batch (unbiased var).
Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& running_mean,
                  const Tensor& running_var, bool training, double momentum, double eps,
                  bool cudnn_enabled = false);
/// Normalises over the trailing dims given by normalized_shape (biased variance).
Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-05, bool cudnn_enable = true);

// ---- dropout (autograd/src/ops/dropout.cpp) ----
/// Zeroes each element with probability p and scales the rest by 1 / (1 - p); identity unless train.
Tensor dropout(const Tensor& input, double p, bool train);
/// The same per channel: input [N, C, *] keeps or drops whole feature maps (Dropout2d).
Tensor feature_dropout(const Tensor& input, double p, bool train);

// ---- embedding (autograd/src/ops/embedding.cpp) ----
/// Rows of weight [num_embeddings, dim] picked by integer indices of any shape -> [*indices, dim].
/// Rows at padding_idx get no gradient.
Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx = -1,
                 bool scale_grad_by_freq = false, bool sparse = false);

// ---- losses (autograd/src/ops/loss.cpp) ----
/// How a loss reduces its per-element values, as at::Reduction.
namespace Reduction {
enum Reduction { None, Mean, Sum };
}
/// self [N, C] or [N, C, d1, ...] of log-probabilities; target [N] or [N, d1, ...] of class indices (kLong).
Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                int64_t reduction = Reduction::Mean, int64_t ignore_index = -100);
/// log_softmax + nll_loss in one stable pass over raw logits; target holds class indices (kLong) or,
/// with the same shape as self, class probabilities.
Tensor cross_entropy_loss(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                          int64_t reduction = Reduction::Mean, int64_t ignore_index = -100,
                          double label_smoothing = 0.0);
Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
                      double beta = 1.0);
/// self holds probabilities in [0, 1]; log terms are clamped at -100, as in PyTorch.
Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                            int64_t reduction = Reduction::Mean);
Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target, const Tensor& weight = {},
                                        const Tensor& pos_weight = {}, int64_t reduction = Reduction::Mean);
/// self holds log-probabilities; target probabilities (or log-probabilities with log_target).
Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
              bool log_target = false);

// ---- matrix products (autograd/src/ops/linalg.cpp) ----
/// NumPy's matmul: 1-D dot, 2-D mm, batched with broadcasting over leading dims.
Tensor matmul(const Tensor& self, const Tensor& other);
Tensor mm(const Tensor& self, const Tensor& mat2);
/// beta self + alpha mat1 . mat2, self broadcast to [n, m] (mat1 [n, k], mat2 [k, m]): one GEMM.
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
             const Scalar& alpha = 1);
Tensor bmm(const Tensor& self, const Tensor& mat2);
/// Inner product of two 1-D tensors of the same size (a 0-dim result).
Tensor dot(const Tensor& self, const Tensor& other);
/// Matrix [n, k] times vector [k] -> [n].
Tensor mv(const Tensor& self, const Tensor& vec);

// ---- more matrix products (autograd/src/ops/linalg.cpp) ----
/// Outer product of two 1-D tensors: [n] x [m] -> [n, m]; ger is its old name.
Tensor outer(const Tensor& self, const Tensor& vec2);
Tensor ger(const Tensor& self, const Tensor& vec2);
/// dot, conjugating self (the same as dot for real tensors).
Tensor vdot(const Tensor& self, const Tensor& other);
/// beta self + alpha mat . vec, self broadcast to [n].
Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta = 1,
             const Scalar& alpha = 1);
/// beta self + alpha outer(vec1, vec2), self broadcast to [n, m].
Tensor addr(const Tensor& self, const Tensor& vec1, const Tensor& vec2, const Scalar& beta = 1,
            const Scalar& alpha = 1);

// ---- reductions (autograd/src/ops/reduce.cpp) ----
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt);
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt);
Tensor max(const Tensor& self);
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor min(const Tensor& self);
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor argmax(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor all(const Tensor& self);
Tensor all(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor any(const Tensor& self);
Tensor any(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor norm(const Tensor& self, const Scalar& p = 2);
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim = false);
Tensor var(const Tensor& self, bool unbiased = true);
Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false);
Tensor std(const Tensor& self, bool unbiased = true);
Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false);
// As libtorch: without these, var(x, 1) and var(x, {1}) would convert the int to `bool unbiased`.
Tensor var(const Tensor& self, int dim);
Tensor std(const Tensor& self, int dim);

// ---- scans (autograd/src/ops/scan.cpp) ----
Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor& cumsum_out(Tensor& out, const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor& cumsum_outf(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, Tensor& out);

// ---- shape (autograd/src/ops/shape.cpp) ----
Tensor reshape(const Tensor& self, IntArrayRef shape);
Tensor flatten(const Tensor& self, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor squeeze(const Tensor& self);
Tensor squeeze(const Tensor& self, int64_t dim);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);
Tensor t(const Tensor& self);
Tensor permute(const Tensor& self, IntArrayRef dims);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor cat(TensorList tensors, int64_t dim = 0);
Tensor stack(TensorList tensors, int64_t dim = 0);
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);

// ---- more views and shape (ops/shape.cpp, ops/join.cpp, ops/reorder.cpp, ops/triangle.cpp,
// ops/tensor_products.cpp) ----
/// Views that move dims: source dims go to destination, the others keep their order.
Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination);
Tensor movedim(const Tensor& self, int64_t source, int64_t destination);
Tensor moveaxis(const Tensor& self, IntArrayRef source, IntArrayRef destination);
Tensor moveaxis(const Tensor& self, int64_t source, int64_t destination);
Tensor swapaxes(const Tensor& self, int64_t axis0, int64_t axis1);
Tensor swapdims(const Tensor& self, int64_t dim0, int64_t dim1);
/// self flattened, a view when possible.
Tensor ravel(const Tensor& self);
/// Dim `dim` split into `sizes` (one of them may be -1).
Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes);
Tensor broadcast_to(const Tensor& self, IntArrayRef size);
/// Every tensor expanded to their common broadcast shape (views).
std::vector<Tensor> broadcast_tensors(TensorList tensors);
Tensor atleast_1d(const Tensor& self);
std::vector<Tensor> atleast_1d(TensorList tensors);
Tensor atleast_2d(const Tensor& self);
std::vector<Tensor> atleast_2d(TensorList tensors);
Tensor atleast_3d(const Tensor& self);
std::vector<Tensor> atleast_3d(TensorList tensors);
/// A view of self's storage with these sizes, strides and offset (default: self's offset).
Tensor as_strided(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                  std::optional<int64_t> storage_offset = std::nullopt);
const Tensor& as_strided_(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                          std::optional<int64_t> storage_offset = std::nullopt);
Tensor adjoint(const Tensor& self);
Tensor narrow_copy(const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor& narrow_copy_out(Tensor& out, const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor& narrow_copy_outf(const Tensor& self, int64_t dim, int64_t start, int64_t length, Tensor& out);
Tensor slice(const Tensor& self, int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
             std::optional<int64_t> end = std::nullopt, int64_t step = 1);
Tensor clone(const Tensor& self);
Tensor detach(const Tensor& self);
Tensor& detach_(Tensor& self);
// Joining (ops/join.cpp): cat along dim 1 (0 for 1-D inputs), 0, 2 after atleast_*d.
Tensor hstack(TensorList tensors);
Tensor& hstack_out(Tensor& out, TensorList tensors);
Tensor& hstack_outf(TensorList tensors, Tensor& out);
Tensor vstack(TensorList tensors);
Tensor& vstack_out(Tensor& out, TensorList tensors);
Tensor& vstack_outf(TensorList tensors, Tensor& out);
Tensor row_stack(TensorList tensors);
Tensor& row_stack_out(Tensor& out, TensorList tensors);
Tensor& row_stack_outf(TensorList tensors, Tensor& out);
Tensor dstack(TensorList tensors);
Tensor& dstack_out(Tensor& out, TensorList tensors);
Tensor& dstack_outf(TensorList tensors, Tensor& out);
/// 0-D and 1-D inputs become columns [n, 1], then cat along dim 1.
Tensor column_stack(TensorList tensors);
Tensor& column_stack_out(Tensor& out, TensorList tensors);
Tensor& column_stack_outf(TensorList tensors, Tensor& out);
Tensor concat(TensorList tensors, int64_t dim = 0);
Tensor& concat_out(Tensor& out, TensorList tensors, int64_t dim = 0);
Tensor& concat_outf(TensorList tensors, int64_t dim, Tensor& out);
Tensor concatenate(TensorList tensors, int64_t dim = 0);
Tensor& concatenate_out(Tensor& out, TensorList tensors, int64_t dim = 0);
Tensor& concatenate_outf(TensorList tensors, int64_t dim, Tensor& out);
Tensor& cat_out(Tensor& out, TensorList tensors, int64_t dim = 0);
Tensor& cat_outf(TensorList tensors, int64_t dim, Tensor& out);
/// Views: `sections` nearly equal pieces (the first size % sections one longer), or pieces cut at indices.
std::vector<Tensor> tensor_split(const Tensor& self, int64_t sections, int64_t dim = 0);
std::vector<Tensor> tensor_split(const Tensor& self, IntArrayRef indices, int64_t dim = 0);
std::vector<Tensor> tensor_split(const Tensor& self, const Tensor& tensor_indices_or_sections, int64_t dim = 0);
std::vector<Tensor> hsplit(const Tensor& self, int64_t sections);
std::vector<Tensor> hsplit(const Tensor& self, IntArrayRef indices);
std::vector<Tensor> vsplit(const Tensor& self, int64_t sections);
std::vector<Tensor> vsplit(const Tensor& self, IntArrayRef indices);
std::vector<Tensor> dsplit(const Tensor& self, int64_t sections);
std::vector<Tensor> dsplit(const Tensor& self, IntArrayRef indices);
/// Grids (expanded views) from 0-D/1-D tensors; indexing "ij" (matrix) or "xy" (Cartesian).
std::vector<Tensor> meshgrid(TensorList tensors);
std::vector<Tensor> meshgrid(TensorList tensors, std::string_view indexing);
// Reordering (ops/reorder.cpp): copies.
Tensor flip(const Tensor& self, IntArrayRef dims);
Tensor& flip_out(Tensor& out, const Tensor& self, IntArrayRef dims);
Tensor& flip_outf(const Tensor& self, IntArrayRef dims, Tensor& out);
Tensor fliplr(const Tensor& self);
Tensor flipud(const Tensor& self);
/// Elements shifted cyclically along dims (the flattened tensor when dims is empty).
Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims = {});
Tensor& roll_out(Tensor& out, const Tensor& self, IntArrayRef shifts, IntArrayRef dims = {});
Tensor& roll_outf(const Tensor& self, IntArrayRef shifts, IntArrayRef dims, Tensor& out);
/// Rotation by k * 90 degrees from dims[0] towards dims[1].
Tensor rot90(const Tensor& self, int64_t k = 1, IntArrayRef dims = {0, 1});
Tensor& rot90_out(Tensor& out, const Tensor& self, int64_t k = 1, IntArrayRef dims = {0, 1});
Tensor& rot90_outf(const Tensor& self, int64_t k, IntArrayRef dims, Tensor& out);
Tensor& repeat_out(Tensor& out, const Tensor& self, IntArrayRef repeats);
Tensor& repeat_outf(const Tensor& self, IntArrayRef repeats, Tensor& out);
Tensor tile(const Tensor& self, IntArrayRef dims);
/// Each element (or slice along dim; the flattened tensor without dim) repeated `repeats` times.
Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim = std::nullopt,
                         std::optional<int64_t> output_size = std::nullopt);
Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim = std::nullopt,
                         std::optional<int64_t> output_size = std::nullopt);
/// i repeated repeats[i] times, for a 1-D kLong repeats: the index that repeat_interleave gathers with.
Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> output_size = std::nullopt);
Tensor& repeat_interleave_out(Tensor& out, const Tensor& repeats, std::optional<int64_t> output_size = std::nullopt);
Tensor& repeat_interleave_outf(const Tensor& repeats, std::optional<int64_t> output_size, Tensor& out);
// Triangles and diagonals (ops/triangle.cpp).
Tensor tril(const Tensor& self, int64_t diagonal = 0);
Tensor& tril_out(Tensor& out, const Tensor& self, int64_t diagonal = 0);
Tensor& tril_outf(const Tensor& self, int64_t diagonal, Tensor& out);
Tensor triu(const Tensor& self, int64_t diagonal = 0);
Tensor& triu_out(Tensor& out, const Tensor& self, int64_t diagonal = 0);
Tensor& triu_outf(const Tensor& self, int64_t diagonal, Tensor& out);
/// The [2, n] (row, col) coordinates of the lower / upper triangle of a row x col matrix.
Tensor tril_indices(int64_t row, int64_t col, int64_t offset = 0, const TensorOptions& options = kLong);
Tensor& tril_indices_out(Tensor& out, int64_t row, int64_t col, int64_t offset = 0);
Tensor& tril_indices_outf(int64_t row, int64_t col, int64_t offset, Tensor& out);
Tensor triu_indices(int64_t row, int64_t col, int64_t offset = 0, const TensorOptions& options = kLong);
Tensor& triu_indices_out(Tensor& out, int64_t row, int64_t col, int64_t offset = 0);
Tensor& triu_indices_outf(int64_t row, int64_t col, int64_t offset, Tensor& out);
/// A view of the diagonal `offset` of dims dim1, dim2, moved to the last dim.
Tensor diagonal(const Tensor& self, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
/// 1-D: the square matrix with self on diagonal `diagonal`; 2-D: that diagonal (a copy).
Tensor diag(const Tensor& self, int64_t diagonal = 0);
Tensor& diag_out(Tensor& out, const Tensor& self, int64_t diagonal = 0);
Tensor& diag_outf(const Tensor& self, int64_t diagonal, Tensor& out);
/// Zeros with self's last dim written on the diagonal `offset` of new dims dim1, dim2.
Tensor diag_embed(const Tensor& self, int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1);
Tensor& diag_embed_out(Tensor& out, const Tensor& self, int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1);
Tensor& diag_embed_outf(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2, Tensor& out);
Tensor diagflat(const Tensor& self, int64_t offset = 0);
/// Copies of self with src written into the part that diagonal / select / slice / as_strided views.
Tensor diagonal_scatter(const Tensor& self, const Tensor& src, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
Tensor& diagonal_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, int64_t offset = 0,
                             int64_t dim1 = 0, int64_t dim2 = 1);
Tensor& diagonal_scatter_outf(const Tensor& self, const Tensor& src, int64_t offset, int64_t dim1, int64_t dim2,
                              Tensor& out);
Tensor select_scatter(const Tensor& self, const Tensor& src, int64_t dim, int64_t index);
Tensor& select_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, int64_t dim, int64_t index);
Tensor& select_scatter_outf(const Tensor& self, const Tensor& src, int64_t dim, int64_t index, Tensor& out);
Tensor slice_scatter(const Tensor& self, const Tensor& src, int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
                     std::optional<int64_t> end = std::nullopt, int64_t step = 1);
Tensor& slice_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, int64_t dim = 0,
                          std::optional<int64_t> start = std::nullopt, std::optional<int64_t> end = std::nullopt,
                          int64_t step = 1);
Tensor& slice_scatter_outf(const Tensor& self, const Tensor& src, int64_t dim, std::optional<int64_t> start,
                           std::optional<int64_t> end, int64_t step, Tensor& out);
Tensor as_strided_scatter(const Tensor& self, const Tensor& src, IntArrayRef size, IntArrayRef stride,
                          std::optional<int64_t> storage_offset = std::nullopt);
Tensor& as_strided_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, IntArrayRef size,
                               IntArrayRef stride, std::optional<int64_t> storage_offset = std::nullopt);
Tensor& as_strided_scatter_outf(const Tensor& self, const Tensor& src, IntArrayRef size, IntArrayRef stride,
                                std::optional<int64_t> storage_offset, Tensor& out);
// Tensor products (ops/tensor_products.cpp).
/// The Kronecker product: out[i * b + j] = self[i] * other[j] per dim (b = other's size there).
Tensor kron(const Tensor& self, const Tensor& other);
Tensor& kron_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& kron_outf(const Tensor& self, const Tensor& other, Tensor& out);
/// Sum over dims_self of self paired with dims_other of other: one matrix product.
Tensor tensordot(const Tensor& self, const Tensor& other, IntArrayRef dims_self, IntArrayRef dims_other);
Tensor& tensordot_out(Tensor& out, const Tensor& self, const Tensor& other, IntArrayRef dims_self,
                      IntArrayRef dims_other);
Tensor& tensordot_outf(const Tensor& self, const Tensor& other, IntArrayRef dims_self, IntArrayRef dims_other,
                       Tensor& out);
/// tensordot over the last dims of both.
Tensor inner(const Tensor& self, const Tensor& other);
Tensor& inner_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& inner_outf(const Tensor& self, const Tensor& other, Tensor& out);
/// Einstein summation ("ij,jk->ik", "...", implicit output, repeated subscripts take diagonals),
/// contracted left to right with bmm; `path` (a contraction order) does not change the result and is ignored.
Tensor einsum(std::string_view equation, TensorList tensors, std::optional<IntArrayRef> path = std::nullopt);
/// The 2-D inputs (0-D and 1-D ones as one row) on the diagonal of a zero matrix.
Tensor block_diag(TensorList tensors);
Tensor& block_diag_out(Tensor& out, TensorList tensors);
Tensor& block_diag_outf(TensorList tensors, Tensor& out);
/// Every tuple of one element from each 1-D tensor, as rows (1-D for one tensor).
Tensor cartesian_prod(TensorList tensors);
/// The r-element combinations of a 1-D tensor's elements, in order, as rows.
Tensor combinations(const Tensor& self, int64_t r = 2, bool with_replacement = false);
/// Columns x^(N-1), ..., x^0 (increasing: x^0, ..., x^(N-1)); N defaults to x's size.
Tensor vander(const Tensor& x, std::optional<int64_t> N = std::nullopt, bool increasing = false);
/// x^0, ..., x^(N-1) along a new last dim, for x of any shape.
Tensor linalg_vander(const Tensor& x, std::optional<int64_t> N = std::nullopt);

// ---- splitting (autograd/src/ops/join.cpp) ----
/// Views of self along dim, each of ceil(size / chunks) (the last may be smaller).
std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim = 0);
/// Views of self along dim, each of split_size (the last may be smaller).
std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& self, IntArrayRef split_size, int64_t dim = 0);
/// Views of self along dim of the given sizes, which must add up to its size there.
std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim = 0);
/// self.select(dim, i) for every i, as one node.
std::vector<Tensor> unbind(const Tensor& self, int64_t dim = 0);

}  // namespace xgrad
