#pragma once
// Free functions: factories, random numbers and every op, with libtorch's names and defaults.
// Each op is defined beside its backward in autograd/src/ops/<family>.cpp.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
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

// ---- more factories, random numbers and metadata (factories.cpp, random.cpp, tensor.cpp) ----
/// Uninitialised values over `stride` (which may leave gaps or overlap).
Tensor empty_strided(IntArrayRef size, IntArrayRef stride, const TensorOptions& options = {});
Tensor empty(IntArrayRef size, const TensorOptions& options, std::optional<MemoryFormat> memory_format);
/// base^linspace(start, end, steps).
Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base = 10.0,
                const TensorOptions& options = {});
/// A 0-dim tensor holding s (kFloat unless options say otherwise, as libtorch's).
Tensor scalar_tensor(const Scalar& s, const TensorOptions& options = {});
// Window functions for signal processing; periodic (the default) drops the symmetric window's last point.
Tensor bartlett_window(int64_t window_length, const TensorOptions& options = {});
Tensor bartlett_window(int64_t window_length, bool periodic, const TensorOptions& options = {});
Tensor blackman_window(int64_t window_length, const TensorOptions& options = {});
Tensor blackman_window(int64_t window_length, bool periodic, const TensorOptions& options = {});
Tensor hamming_window(int64_t window_length, const TensorOptions& options = {});
Tensor hamming_window(int64_t window_length, bool periodic, const TensorOptions& options = {});
Tensor hamming_window(int64_t window_length, bool periodic, double alpha, const TensorOptions& options = {});
Tensor hamming_window(int64_t window_length, bool periodic, double alpha, double beta,
                      const TensorOptions& options = {});
Tensor hann_window(int64_t window_length, const TensorOptions& options = {});
Tensor hann_window(int64_t window_length, bool periodic, const TensorOptions& options = {});
Tensor kaiser_window(int64_t window_length, const TensorOptions& options = {});
Tensor kaiser_window(int64_t window_length, bool periodic, const TensorOptions& options = {});
Tensor kaiser_window(int64_t window_length, bool periodic, double beta, const TensorOptions& options = {});

Tensor bernoulli(const Tensor& self);
Tensor bernoulli(const Tensor& self, double p);
Tensor bernoulli(const Tensor& self, const Tensor& p);
Tensor multinomial(const Tensor& self, int64_t num_samples, bool replacement = false);
/// Normal draws with elementwise (broadcast) means and standard deviations, or one of each.
Tensor normal(const Tensor& mean, double std = 1);
Tensor normal(double mean, const Tensor& std);
Tensor normal(const Tensor& mean, const Tensor& std);
Tensor normal(double mean, double std, IntArrayRef size, const TensorOptions& options = {});
/// Poisson draws with rates self; binomial draws of count trials with success probability prob.
Tensor poisson(const Tensor& self);
Tensor binomial(const Tensor& count, const Tensor& prob);

inline bool is_complex(const Tensor& self) { return self.is_complex(); }
inline bool is_floating_point(const Tensor& self) { return self.is_floating_point(); }
inline bool is_signed(const Tensor& self) { return self.is_signed(); }
inline bool is_same_size(const Tensor& self, const Tensor& other) { return self.is_same_size(other); }
inline bool is_inference(const Tensor& self) { return self.is_inference(); }
inline int64_t numel(const Tensor& self) { return self.numel(); }
inline int64_t size(const Tensor& self, int64_t dim) { return self.size(dim); }
inline int64_t stride(const Tensor& self, int64_t dim) { return self.stride(dim); }

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
