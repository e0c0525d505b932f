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

// ---- unary math (autograd/src/ops/unary_math.cpp) ----
// Each op f has f(self), the in-place f_ (a method, and a function where libtorch has one) and
// f_out(out, self) / f_outf(self, out), which write into `out` (resized when its shape differs).
// Floating functions of integer tensors give kFloat; ceil, floor, round, trunc, sign, neg keep the dtype.
Tensor acos(const Tensor& self);
Tensor& acos_(Tensor& self);
Tensor& acos_out(Tensor& out, const Tensor& self);
Tensor& acos_outf(const Tensor& self, Tensor& out);
Tensor acosh(const Tensor& self);
Tensor& acosh_(Tensor& self);
Tensor& acosh_out(Tensor& out, const Tensor& self);
Tensor& acosh_outf(const Tensor& self, Tensor& out);
Tensor arccos(const Tensor& self);
Tensor& arccos_(Tensor& self);
Tensor& arccos_out(Tensor& out, const Tensor& self);
Tensor& arccos_outf(const Tensor& self, Tensor& out);
Tensor arccosh(const Tensor& self);
Tensor& arccosh_(Tensor& self);
Tensor& arccosh_out(Tensor& out, const Tensor& self);
Tensor& arccosh_outf(const Tensor& self, Tensor& out);
Tensor arcsin(const Tensor& self);
Tensor& arcsin_(Tensor& self);
Tensor& arcsin_out(Tensor& out, const Tensor& self);
Tensor& arcsin_outf(const Tensor& self, Tensor& out);
Tensor arcsinh(const Tensor& self);
Tensor& arcsinh_(Tensor& self);
Tensor& arcsinh_out(Tensor& out, const Tensor& self);
Tensor& arcsinh_outf(const Tensor& self, Tensor& out);
Tensor arctan(const Tensor& self);
Tensor& arctan_(Tensor& self);
Tensor& arctan_out(Tensor& out, const Tensor& self);
Tensor& arctan_outf(const Tensor& self, Tensor& out);
Tensor arctanh(const Tensor& self);
Tensor& arctanh_(Tensor& self);
Tensor& arctanh_out(Tensor& out, const Tensor& self);
Tensor& arctanh_outf(const Tensor& self, Tensor& out);
Tensor asin(const Tensor& self);
Tensor& asin_(Tensor& self);
Tensor& asin_out(Tensor& out, const Tensor& self);
Tensor& asin_outf(const Tensor& self, Tensor& out);
Tensor asinh(const Tensor& self);
Tensor& asinh_(Tensor& self);
Tensor& asinh_out(Tensor& out, const Tensor& self);
Tensor& asinh_outf(const Tensor& self, Tensor& out);
Tensor atan(const Tensor& self);
Tensor& atan_(Tensor& self);
Tensor& atan_out(Tensor& out, const Tensor& self);
Tensor& atan_outf(const Tensor& self, Tensor& out);
Tensor atanh(const Tensor& self);
Tensor& atanh_(Tensor& self);
Tensor& atanh_out(Tensor& out, const Tensor& self);
Tensor& atanh_outf(const Tensor& self, Tensor& out);
Tensor cos(const Tensor& self);
Tensor& cos_(Tensor& self);
Tensor& cos_out(Tensor& out, const Tensor& self);
Tensor& cos_outf(const Tensor& self, Tensor& out);
Tensor cosh(const Tensor& self);
Tensor& cosh_(Tensor& self);
Tensor& cosh_out(Tensor& out, const Tensor& self);
Tensor& cosh_outf(const Tensor& self, Tensor& out);
Tensor deg2rad(const Tensor& self);
Tensor& deg2rad_(Tensor& self);
Tensor& deg2rad_out(Tensor& out, const Tensor& self);
Tensor& deg2rad_outf(const Tensor& self, Tensor& out);
Tensor erf(const Tensor& self);
Tensor& erf_(Tensor& self);
Tensor& erf_out(Tensor& out, const Tensor& self);
Tensor& erf_outf(const Tensor& self, Tensor& out);
Tensor erfc(const Tensor& self);
Tensor& erfc_(Tensor& self);
Tensor& erfc_out(Tensor& out, const Tensor& self);
Tensor& erfc_outf(const Tensor& self, Tensor& out);
Tensor exp2(const Tensor& self);
Tensor& exp2_(Tensor& self);
Tensor& exp2_out(Tensor& out, const Tensor& self);
Tensor& exp2_outf(const Tensor& self, Tensor& out);
Tensor expm1(const Tensor& self);
Tensor& expm1_(Tensor& self);
Tensor& expm1_out(Tensor& out, const Tensor& self);
Tensor& expm1_outf(const Tensor& self, Tensor& out);
Tensor i0(const Tensor& self);
Tensor& i0_(Tensor& self);
Tensor& i0_out(Tensor& out, const Tensor& self);
Tensor& i0_outf(const Tensor& self, Tensor& out);
Tensor log10(const Tensor& self);
Tensor& log10_(Tensor& self);
Tensor& log10_out(Tensor& out, const Tensor& self);
Tensor& log10_outf(const Tensor& self, Tensor& out);
Tensor log1p(const Tensor& self);
Tensor& log1p_(Tensor& self);
Tensor& log1p_out(Tensor& out, const Tensor& self);
Tensor& log1p_outf(const Tensor& self, Tensor& out);
Tensor log2(const Tensor& self);
Tensor& log2_(Tensor& self);
Tensor& log2_out(Tensor& out, const Tensor& self);
Tensor& log2_outf(const Tensor& self, Tensor& out);
Tensor rad2deg(const Tensor& self);
Tensor& rad2deg_(Tensor& self);
Tensor& rad2deg_out(Tensor& out, const Tensor& self);
Tensor& rad2deg_outf(const Tensor& self, Tensor& out);
Tensor reciprocal(const Tensor& self);
Tensor& reciprocal_(Tensor& self);
Tensor& reciprocal_out(Tensor& out, const Tensor& self);
Tensor& reciprocal_outf(const Tensor& self, Tensor& out);
Tensor rsqrt(const Tensor& self);
Tensor& rsqrt_(Tensor& self);
Tensor& rsqrt_out(Tensor& out, const Tensor& self);
Tensor& rsqrt_outf(const Tensor& self, Tensor& out);
Tensor sin(const Tensor& self);
Tensor& sin_(Tensor& self);
Tensor& sin_out(Tensor& out, const Tensor& self);
Tensor& sin_outf(const Tensor& self, Tensor& out);
Tensor sinc(const Tensor& self);
Tensor& sinc_(Tensor& self);
Tensor& sinc_out(Tensor& out, const Tensor& self);
Tensor& sinc_outf(const Tensor& self, Tensor& out);
Tensor sinh(const Tensor& self);
Tensor& sinh_(Tensor& self);
Tensor& sinh_out(Tensor& out, const Tensor& self);
Tensor& sinh_outf(const Tensor& self, Tensor& out);
Tensor tan(const Tensor& self);
Tensor& tan_(Tensor& self);
Tensor& tan_out(Tensor& out, const Tensor& self);
Tensor& tan_outf(const Tensor& self, Tensor& out);
Tensor ceil(const Tensor& self);
Tensor& ceil_(Tensor& self);
Tensor& ceil_out(Tensor& out, const Tensor& self);
Tensor& ceil_outf(const Tensor& self, Tensor& out);
Tensor floor(const Tensor& self);
Tensor& floor_(Tensor& self);
Tensor& floor_out(Tensor& out, const Tensor& self);
Tensor& floor_outf(const Tensor& self, Tensor& out);
Tensor trunc(const Tensor& self);
Tensor& trunc_(Tensor& self);
Tensor& trunc_out(Tensor& out, const Tensor& self);
Tensor& trunc_outf(const Tensor& self, Tensor& out);
Tensor fix(const Tensor& self);
Tensor& fix_(Tensor& self);
Tensor& fix_out(Tensor& out, const Tensor& self);
Tensor& fix_outf(const Tensor& self, Tensor& out);
Tensor frac(const Tensor& self);
Tensor& frac_(Tensor& self);
Tensor& frac_out(Tensor& out, const Tensor& self);
Tensor& frac_outf(const Tensor& self, Tensor& out);
Tensor negative(const Tensor& self);
Tensor& negative_(Tensor& self);
Tensor& negative_out(Tensor& out, const Tensor& self);
Tensor& negative_outf(const Tensor& self, Tensor& out);
Tensor digamma(const Tensor& self);
Tensor& digamma_out(Tensor& out, const Tensor& self);
Tensor& digamma_outf(const Tensor& self, Tensor& out);
Tensor erfinv(const Tensor& self);
Tensor& erfinv_out(Tensor& out, const Tensor& self);
Tensor& erfinv_outf(const Tensor& self, Tensor& out);
Tensor lgamma(const Tensor& self);
Tensor& lgamma_out(Tensor& out, const Tensor& self);
Tensor& lgamma_outf(const Tensor& self, Tensor& out);
Tensor sign(const Tensor& self);
Tensor& sign_out(Tensor& out, const Tensor& self);
Tensor& sign_outf(const Tensor& self, Tensor& out);
Tensor sgn(const Tensor& self);
Tensor& sgn_out(Tensor& out, const Tensor& self);
Tensor& sgn_outf(const Tensor& self, Tensor& out);
Tensor absolute(const Tensor& self);
Tensor& absolute_out(Tensor& out, const Tensor& self);
Tensor& absolute_outf(const Tensor& self, Tensor& out);
Tensor& abs_(Tensor& self);
Tensor& abs_out(Tensor& out, const Tensor& self);
Tensor& abs_outf(const Tensor& self, Tensor& out);
Tensor& exp_(Tensor& self);
Tensor& exp_out(Tensor& out, const Tensor& self);
Tensor& exp_outf(const Tensor& self, Tensor& out);
Tensor& log_(Tensor& self);
Tensor& log_out(Tensor& out, const Tensor& self);
Tensor& log_outf(const Tensor& self, Tensor& out);
Tensor& neg_(Tensor& self);
Tensor& neg_out(Tensor& out, const Tensor& self);
Tensor& neg_outf(const Tensor& self, Tensor& out);
Tensor& sigmoid_(Tensor& self);
Tensor& sigmoid_out(Tensor& out, const Tensor& self);
Tensor& sigmoid_outf(const Tensor& self, Tensor& out);
Tensor& tanh_(Tensor& self);
Tensor& tanh_out(Tensor& out, const Tensor& self);
Tensor& tanh_outf(const Tensor& self, Tensor& out);
Tensor& square_(Tensor& self);
Tensor& square_out(Tensor& out, const Tensor& self);
Tensor& square_outf(const Tensor& self, Tensor& out);
Tensor signbit(const Tensor& self);
Tensor& signbit_out(Tensor& out, const Tensor& self);
Tensor& signbit_outf(const Tensor& self, Tensor& out);
Tensor angle(const Tensor& self);
Tensor& angle_out(Tensor& out, const Tensor& self);
Tensor& angle_outf(const Tensor& self, Tensor& out);
Tensor isnan(const Tensor& self);
Tensor& isnan_out(Tensor& out, const Tensor& self);
Tensor& isnan_outf(const Tensor& self, Tensor& out);
Tensor isinf(const Tensor& self);
Tensor& isinf_out(Tensor& out, const Tensor& self);
Tensor& isinf_outf(const Tensor& self, Tensor& out);
Tensor isneginf(const Tensor& self);
Tensor& isneginf_out(Tensor& out, const Tensor& self);
Tensor& isneginf_outf(const Tensor& self, Tensor& out);
Tensor isposinf(const Tensor& self);
Tensor& isposinf_out(Tensor& out, const Tensor& self);
Tensor& isposinf_outf(const Tensor& self, Tensor& out);
Tensor isfinite(const Tensor& self);
Tensor isreal(const Tensor& self);
Tensor positive(const Tensor& self);
Tensor round(const Tensor& self);
Tensor& round_(Tensor& self);
Tensor& round_out(Tensor& out, const Tensor& self);
Tensor& round_outf(const Tensor& self, Tensor& out);
/// Rounds half to even at `decimals` decimal places (negative: to tens, hundreds, ...).
Tensor round(const Tensor& self, int64_t decimals);
Tensor& round_(Tensor& self, int64_t decimals);
Tensor& round_out(Tensor& out, const Tensor& self, int64_t decimals);
Tensor& round_outf(const Tensor& self, int64_t decimals, Tensor& out);
/// log(x / (1 - x)), x first clamped to [eps, 1 - eps] when eps is given.
Tensor logit(const Tensor& self, std::optional<double> eps = std::nullopt);
Tensor& logit_(Tensor& self, std::optional<double> eps = std::nullopt);
Tensor& logit_out(Tensor& out, const Tensor& self, std::optional<double> eps = std::nullopt);
Tensor& logit_outf(const Tensor& self, std::optional<double> eps, Tensor& out);
/// The multivariate log-gamma function of dimension p: sum_i lgamma(x - i/2) + p(p-1)/4 log(pi).
Tensor mvlgamma(const Tensor& self, int64_t p);
Tensor& mvlgamma_out(Tensor& out, const Tensor& self, int64_t p);
Tensor& mvlgamma_outf(const Tensor& self, int64_t p, Tensor& out);
/// The n-th derivative of digamma.
Tensor polygamma(int64_t n, const Tensor& self);
Tensor& polygamma_out(Tensor& out, int64_t n, const Tensor& self);
Tensor& polygamma_outf(int64_t n, const Tensor& self, Tensor& out);
/// NaN, +inf and -inf replaced (by 0 and the dtype's largest and lowest finite values by default).
Tensor nan_to_num(const Tensor& self, std::optional<double> nan = std::nullopt,
                  std::optional<double> posinf = std::nullopt, std::optional<double> neginf = std::nullopt);
Tensor& nan_to_num_(Tensor& self, std::optional<double> nan = std::nullopt,
                    std::optional<double> posinf = std::nullopt, std::optional<double> neginf = std::nullopt);
Tensor& nan_to_num_out(Tensor& out, const Tensor& self, std::optional<double> nan = std::nullopt,
                       std::optional<double> posinf = std::nullopt, std::optional<double> neginf = std::nullopt);
Tensor& nan_to_num_outf(const Tensor& self, std::optional<double> nan, std::optional<double> posinf,
                        std::optional<double> neginf, Tensor& out);
/// x where |x| > lambd, else 0.
Tensor hardshrink(const Tensor& self, const Scalar& lambd = 0.5);
Tensor& hardshrink_out(Tensor& out, const Tensor& self, const Scalar& lambd = 0.5);
Tensor& hardshrink_outf(const Tensor& self, const Scalar& lambd, Tensor& out);

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

// ---- linear algebra (autograd/src/ops/lapack.cpp; torch::linalg:: is in xgrad/linalg.h) ----
// Every op takes a batch of matrices [*, n, n] (or [*, m, n]) and works on each; float and double.
Tensor det(const Tensor& self);
/// log(det(self)): NaN for a negative determinant, -inf for a singular matrix.
Tensor logdet(const Tensor& self);
/// sign(det(self)) and log|det(self)|.
std::tuple<Tensor, Tensor> slogdet(const Tensor& self);
std::tuple<Tensor&, Tensor&> slogdet_out(Tensor& sign, Tensor& logabsdet, const Tensor& self);
std::tuple<Tensor&, Tensor&> slogdet_outf(const Tensor& self, Tensor& sign, Tensor& logabsdet);
Tensor inverse(const Tensor& self);
Tensor& inverse_out(Tensor& out, const Tensor& self);
Tensor& inverse_outf(const Tensor& self, Tensor& out);
/// The Cholesky factor L (self = L L^T) or, if upper, U = L^T (self = U^T U).
Tensor cholesky(const Tensor& self, bool upper = false);
Tensor& cholesky_out(Tensor& out, const Tensor& self, bool upper = false);
Tensor& cholesky_outf(const Tensor& self, bool upper, Tensor& out);
/// The inverse of A = L L^T (or U^T U) from its Cholesky factor `self`.
Tensor cholesky_inverse(const Tensor& self, bool upper = false);
Tensor& cholesky_inverse_out(Tensor& out, const Tensor& self, bool upper = false);
Tensor& cholesky_inverse_outf(const Tensor& self, bool upper, Tensor& out);
/// X with A X = self, A = L L^T given by its Cholesky factor input2 (batches broadcast).
Tensor cholesky_solve(const Tensor& self, const Tensor& input2, bool upper = false);
Tensor& cholesky_solve_out(Tensor& out, const Tensor& self, const Tensor& input2, bool upper = false);
Tensor& cholesky_solve_outf(const Tensor& self, const Tensor& input2, bool upper, Tensor& out);
/// The solution X of op(A) X = self for triangular A (op: transpose or not), and a copy of A.
std::tuple<Tensor, Tensor> triangular_solve(const Tensor& self, const Tensor& A, bool upper = true,
                                            bool transpose = false, bool unitriangular = false);
std::tuple<Tensor&, Tensor&> triangular_solve_out(Tensor& X, Tensor& M, const Tensor& self, const Tensor& A,
                                                  bool upper = true, bool transpose = false,
                                                  bool unitriangular = false);
std::tuple<Tensor&, Tensor&> triangular_solve_outf(const Tensor& self, const Tensor& A, bool upper, bool transpose,
                                                   bool unitriangular, Tensor& X, Tensor& M);
/// Q and R of self = Q R: reduced (some) or complete.
std::tuple<Tensor, Tensor> qr(const Tensor& self, bool some = true);
std::tuple<Tensor&, Tensor&> qr_out(Tensor& Q, Tensor& R, const Tensor& self, bool some = true);
std::tuple<Tensor&, Tensor&> qr_outf(const Tensor& self, bool some, Tensor& Q, Tensor& R);
/// U, S, V with self = U diag(S) V^T (V, not V^T, as libtorch's svd); without compute_uv, U and V are zeros.
std::tuple<Tensor, Tensor, Tensor> svd(const Tensor& self, bool some = true, bool compute_uv = true);
std::tuple<Tensor&, Tensor&, Tensor&> svd_out(Tensor& U, Tensor& S, Tensor& V, const Tensor& self, bool some = true,
                                              bool compute_uv = true);
std::tuple<Tensor&, Tensor&, Tensor&> svd_outf(const Tensor& self, bool some, bool compute_uv, Tensor& U, Tensor& S,
                                               Tensor& V);
Tensor pinverse(const Tensor& self, double rcond = 1e-15);
/// self^n by repeated squaring; n < 0 inverts first, n = 0 gives identities.
Tensor matrix_power(const Tensor& self, int64_t n);
Tensor& matrix_power_out(Tensor& out, const Tensor& self, int64_t n);
Tensor& matrix_power_outf(const Tensor& self, int64_t n, Tensor& out);
Tensor matrix_exp(const Tensor& self);
/// The cross product of 3-vectors along dim (by default the first dim of size 3; batches broadcast).
Tensor cross(const Tensor& self, const Tensor& other, std::optional<int64_t> dim = std::nullopt);
Tensor& cross_out(Tensor& out, const Tensor& self, const Tensor& other, std::optional<int64_t> dim = std::nullopt);
Tensor& cross_outf(const Tensor& self, const Tensor& other, std::optional<int64_t> dim, Tensor& out);
/// beta self + alpha sum_i batch1[i] . batch2[i] (self broadcast to [n, m]).
Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
              const Scalar& alpha = 1);
Tensor& addbmm_out(Tensor& out, const Tensor& self, const Tensor& batch1, const Tensor& batch2,
                   const Scalar& beta = 1, const Scalar& alpha = 1);
Tensor& addbmm_outf(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                    const Scalar& alpha, Tensor& out);
/// beta self + alpha batch1[i] . batch2[i] for each i (self broadcast to [B, n, m]).
Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
               const Scalar& alpha = 1);
Tensor& baddbmm_out(Tensor& out, const Tensor& self, const Tensor& batch1, const Tensor& batch2,
                    const Scalar& beta = 1, const Scalar& alpha = 1);
Tensor& baddbmm_outf(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                     const Scalar& alpha, Tensor& out);
/// The sum of the singular values over the last two dims (or the two given ones).
Tensor nuclear_norm(const Tensor& self, bool keepdim = false);
Tensor& nuclear_norm_out(Tensor& out, const Tensor& self, bool keepdim = false);
Tensor& nuclear_norm_outf(const Tensor& self, bool keepdim, Tensor& out);
Tensor nuclear_norm(const Tensor& self, IntArrayRef dim, bool keepdim = false);
Tensor& nuclear_norm_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim = false);
Tensor& nuclear_norm_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out);

// ---- binary math (autograd/src/ops/binary_math.cpp) ----
// Broadcasting binary ops with PyTorch's promotion; integer semantics as libtorch's CPU kernels.
// The _out forms write into out (resized if its shape differs; the result dtype must cast to out's);
// the _outf forms are the same with out last.
Tensor arctan2(const Tensor& self, const Tensor& other);
Tensor& arctan2_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& arctan2_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor atan2(const Tensor& self, const Tensor& other);
Tensor& atan2_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& atan2_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor bitwise_and(const Scalar& self, const Tensor& other);
Tensor bitwise_and(const Tensor& self, const Scalar& other);
Tensor bitwise_and(const Tensor& self, const Tensor& other);
Tensor& bitwise_and_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& bitwise_and_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& bitwise_and_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& bitwise_and_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& bitwise_and_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& bitwise_and_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor bitwise_left_shift(const Scalar& self, const Tensor& other);
Tensor bitwise_left_shift(const Tensor& self, const Scalar& other);
Tensor bitwise_left_shift(const Tensor& self, const Tensor& other);
Tensor& bitwise_left_shift_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& bitwise_left_shift_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& bitwise_left_shift_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& bitwise_left_shift_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& bitwise_left_shift_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& bitwise_left_shift_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor bitwise_not(const Tensor& self);
Tensor& bitwise_not_out(Tensor& out, const Tensor& self);
Tensor& bitwise_not_outf(const Tensor& self, Tensor& out);
Tensor bitwise_or(const Scalar& self, const Tensor& other);
Tensor bitwise_or(const Tensor& self, const Scalar& other);
Tensor bitwise_or(const Tensor& self, const Tensor& other);
Tensor& bitwise_or_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& bitwise_or_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& bitwise_or_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& bitwise_or_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& bitwise_or_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& bitwise_or_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor bitwise_right_shift(const Scalar& self, const Tensor& other);
Tensor bitwise_right_shift(const Tensor& self, const Scalar& other);
Tensor bitwise_right_shift(const Tensor& self, const Tensor& other);
Tensor& bitwise_right_shift_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& bitwise_right_shift_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& bitwise_right_shift_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& bitwise_right_shift_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& bitwise_right_shift_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& bitwise_right_shift_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor bitwise_xor(const Scalar& self, const Tensor& other);
Tensor bitwise_xor(const Tensor& self, const Scalar& other);
Tensor bitwise_xor(const Tensor& self, const Tensor& other);
Tensor& bitwise_xor_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& bitwise_xor_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& bitwise_xor_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& bitwise_xor_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& bitwise_xor_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& bitwise_xor_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor clamp(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max = {});
Tensor& clamp_(Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt);
Tensor& clamp_(Tensor& self, const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {});
Tensor& clamp_out(Tensor& out, const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt);
Tensor& clamp_out(Tensor& out, const Tensor& self, const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {});
Tensor& clamp_outf(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max, Tensor& out);
Tensor& clamp_outf(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max, Tensor& out);
Tensor clamp_max(const Tensor& self, const Tensor& max);
Tensor& clamp_max_(Tensor& self, const Scalar& max);
Tensor& clamp_max_(Tensor& self, const Tensor& max);
Tensor& clamp_max_out(Tensor& out, const Tensor& self, const Scalar& max);
Tensor& clamp_max_out(Tensor& out, const Tensor& self, const Tensor& max);
Tensor& clamp_max_outf(const Tensor& self, const Scalar& max, Tensor& out);
Tensor& clamp_max_outf(const Tensor& self, const Tensor& max, Tensor& out);
Tensor clamp_min(const Tensor& self, const Tensor& min);
Tensor& clamp_min_(Tensor& self, const Scalar& min);
Tensor& clamp_min_(Tensor& self, const Tensor& min);
Tensor& clamp_min_out(Tensor& out, const Tensor& self, const Scalar& min);
Tensor& clamp_min_out(Tensor& out, const Tensor& self, const Tensor& min);
Tensor& clamp_min_outf(const Tensor& self, const Scalar& min, Tensor& out);
Tensor& clamp_min_outf(const Tensor& self, const Tensor& min, Tensor& out);
Tensor clip(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt);
Tensor clip(const Tensor& self, const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {});
Tensor& clip_(Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt);
Tensor& clip_(Tensor& self, const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {});
Tensor& clip_out(Tensor& out, const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt);
Tensor& clip_out(Tensor& out, const Tensor& self, const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {});
Tensor& clip_outf(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max, Tensor& out);
Tensor& clip_outf(const Tensor& self, const std::optional<Tensor>& min, const std::optional<Tensor>& max, Tensor& out);
Tensor copysign(const Tensor& self, const Scalar& other);
Tensor copysign(const Tensor& self, const Tensor& other);
Tensor& copysign_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& copysign_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& copysign_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& copysign_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor div(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode);
Tensor div(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode);
Tensor& div_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& div_out(Tensor& out, const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode);
Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode);
Tensor& div_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& div_outf(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode, Tensor& out);
Tensor& div_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& div_outf(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode, Tensor& out);
Tensor divide(const Tensor& self, const Scalar& other);
Tensor divide(const Tensor& self, const Scalar& other, std::optional<std::string_view> rounding_mode);
Tensor divide(const Tensor& self, const Tensor& other);
Tensor divide(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode);
Tensor& divide_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& divide_out(Tensor& out, const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode);
Tensor& divide_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& divide_outf(const Tensor& self, const Tensor& other, std::optional<std::string_view> rounding_mode, Tensor& out);
Tensor& eq_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& eq_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& eq_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& eq_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor float_power(const Scalar& self, const Tensor& exponent);
Tensor float_power(const Tensor& self, const Scalar& exponent);
Tensor float_power(const Tensor& self, const Tensor& exponent);
Tensor& float_power_out(Tensor& out, const Scalar& self, const Tensor& exponent);
Tensor& float_power_out(Tensor& out, const Tensor& self, const Scalar& exponent);
Tensor& float_power_out(Tensor& out, const Tensor& self, const Tensor& exponent);
Tensor& float_power_outf(const Scalar& self, const Tensor& exponent, Tensor& out);
Tensor& float_power_outf(const Tensor& self, const Scalar& exponent, Tensor& out);
Tensor& float_power_outf(const Tensor& self, const Tensor& exponent, Tensor& out);
Tensor floor_divide(const Tensor& self, const Scalar& other);
Tensor floor_divide(const Tensor& self, const Tensor& other);
Tensor& floor_divide_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& floor_divide_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor fmax(const Tensor& self, const Tensor& other);
Tensor& fmax_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& fmax_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor fmin(const Tensor& self, const Tensor& other);
Tensor& fmin_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& fmin_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor fmod(const Tensor& self, const Scalar& other);
Tensor fmod(const Tensor& self, const Tensor& other);
Tensor& fmod_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& fmod_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& fmod_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& fmod_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor gcd(const Tensor& self, const Tensor& other);
Tensor& gcd_(Tensor& self, const Tensor& other);
Tensor& gcd_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& gcd_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& ge_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& ge_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& ge_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& ge_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor greater(const Tensor& self, const Scalar& other);
Tensor greater(const Tensor& self, const Tensor& other);
Tensor& greater_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& greater_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& greater_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& greater_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor greater_equal(const Tensor& self, const Scalar& other);
Tensor greater_equal(const Tensor& self, const Tensor& other);
Tensor& greater_equal_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& greater_equal_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& greater_equal_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& greater_equal_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& gt_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& gt_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& gt_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& gt_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor heaviside(const Tensor& self, const Tensor& values);
Tensor& heaviside_out(Tensor& out, const Tensor& self, const Tensor& values);
Tensor& heaviside_outf(const Tensor& self, const Tensor& values, Tensor& out);
Tensor hypot(const Tensor& self, const Tensor& other);
Tensor& hypot_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& hypot_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor isclose(const Tensor& self, const Tensor& other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false);
Tensor isin(const Scalar& element, const Tensor& test_elements, bool assume_unique = false, bool invert = false);
Tensor isin(const Tensor& elements, const Scalar& test_element, bool assume_unique = false, bool invert = false);
Tensor isin(const Tensor& elements, const Tensor& test_elements, bool assume_unique = false, bool invert = false);
Tensor& isin_out(Tensor& out, const Scalar& element, const Tensor& test_elements, bool assume_unique = false, bool invert = false);
Tensor& isin_out(Tensor& out, const Tensor& elements, const Scalar& test_element, bool assume_unique = false, bool invert = false);
Tensor& isin_out(Tensor& out, const Tensor& elements, const Tensor& test_elements, bool assume_unique = false, bool invert = false);
Tensor& isin_outf(const Scalar& element, const Tensor& test_elements, bool assume_unique, bool invert, Tensor& out);
Tensor& isin_outf(const Tensor& elements, const Scalar& test_element, bool assume_unique, bool invert, Tensor& out);
Tensor& isin_outf(const Tensor& elements, const Tensor& test_elements, bool assume_unique, bool invert, Tensor& out);
Tensor lcm(const Tensor& self, const Tensor& other);
Tensor& lcm_(Tensor& self, const Tensor& other);
Tensor& lcm_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& lcm_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor ldexp(const Tensor& self, const Tensor& other);
Tensor& ldexp_(Tensor& self, const Tensor& other);
Tensor& ldexp_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& ldexp_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& le_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& le_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& le_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& le_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight);
Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight);
Tensor& lerp_out(Tensor& out, const Tensor& self, const Tensor& end, const Scalar& weight);
Tensor& lerp_out(Tensor& out, const Tensor& self, const Tensor& end, const Tensor& weight);
Tensor& lerp_outf(const Tensor& self, const Tensor& end, const Scalar& weight, Tensor& out);
Tensor& lerp_outf(const Tensor& self, const Tensor& end, const Tensor& weight, Tensor& out);
Tensor less(const Tensor& self, const Scalar& other);
Tensor less(const Tensor& self, const Tensor& other);
Tensor& less_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& less_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& less_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& less_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor less_equal(const Tensor& self, const Scalar& other);
Tensor less_equal(const Tensor& self, const Tensor& other);
Tensor& less_equal_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& less_equal_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& less_equal_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& less_equal_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor logaddexp(const Tensor& self, const Tensor& other);
Tensor& logaddexp_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& logaddexp_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor logaddexp2(const Tensor& self, const Tensor& other);
Tensor& logaddexp2_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& logaddexp2_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor logical_and(const Tensor& self, const Tensor& other);
Tensor& logical_and_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& logical_and_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor logical_not(const Tensor& self);
Tensor& logical_not_out(Tensor& out, const Tensor& self);
Tensor& logical_not_outf(const Tensor& self, Tensor& out);
Tensor logical_or(const Tensor& self, const Tensor& other);
Tensor& logical_or_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& logical_or_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor logical_xor(const Tensor& self, const Tensor& other);
Tensor& logical_xor_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& logical_xor_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& lt_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& lt_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& lt_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& lt_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor multiply(const Tensor& self, const Scalar& other);
Tensor multiply(const Tensor& self, const Tensor& other);
Tensor& multiply_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& multiply_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& ne_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& ne_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& ne_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& ne_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor nextafter(const Tensor& self, const Tensor& other);
Tensor& nextafter_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& nextafter_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor not_equal(const Tensor& self, const Scalar& other);
Tensor not_equal(const Tensor& self, const Tensor& other);
Tensor& not_equal_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& not_equal_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& not_equal_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& not_equal_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor& pow_out(Tensor& out, const Scalar& self, const Tensor& exponent);
Tensor& pow_out(Tensor& out, const Tensor& self, const Scalar& exponent);
Tensor& pow_out(Tensor& out, const Tensor& self, const Tensor& exponent);
Tensor& pow_outf(const Scalar& self, const Tensor& exponent, Tensor& out);
Tensor& pow_outf(const Tensor& self, const Scalar& exponent, Tensor& out);
Tensor& pow_outf(const Tensor& self, const Tensor& exponent, Tensor& out);
Tensor remainder(const Scalar& self, const Tensor& other);
Tensor remainder(const Tensor& self, const Scalar& other);
Tensor remainder(const Tensor& self, const Tensor& other);
Tensor& remainder_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& remainder_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& remainder_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& remainder_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& remainder_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& remainder_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor& rsub_out(Tensor& out, const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor& rsub_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor& rsub_outf(const Tensor& self, const Scalar& other, const Scalar& alpha, Tensor& out);
Tensor& rsub_outf(const Tensor& self, const Tensor& other, const Scalar& alpha, Tensor& out);
Tensor subtract(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
Tensor subtract(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor& subtract_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor& subtract_outf(const Tensor& self, const Tensor& other, const Scalar& alpha, Tensor& out);
Tensor true_divide(const Tensor& self, const Scalar& other);
Tensor true_divide(const Tensor& self, const Tensor& other);
Tensor& true_divide_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& true_divide_outf(const Tensor& self, const Tensor& other, Tensor& out);
Tensor xlogy(const Scalar& self, const Tensor& other);
Tensor xlogy(const Tensor& self, const Scalar& other);
Tensor& xlogy_(Tensor& self, const Scalar& other);
Tensor& xlogy_(Tensor& self, const Tensor& other);
Tensor& xlogy_out(Tensor& out, const Scalar& self, const Tensor& other);
Tensor& xlogy_out(Tensor& out, const Tensor& self, const Scalar& other);
Tensor& xlogy_out(Tensor& out, const Tensor& self, const Tensor& other);
Tensor& xlogy_outf(const Scalar& self, const Tensor& other, Tensor& out);
Tensor& xlogy_outf(const Tensor& self, const Scalar& other, Tensor& out);
Tensor& xlogy_outf(const Tensor& self, const Tensor& other, Tensor& out);
// As libtorch's operators: % is remainder, & | ^ the bitwise ops (a Scalar on the left commutes).
Tensor operator%(const Tensor& a, const Tensor& b);
Tensor operator%(const Tensor& a, const Scalar& b);
Tensor operator%(const Scalar& a, const Tensor& b);
Tensor operator&(const Tensor& a, const Tensor& b);
Tensor operator&(const Tensor& a, const Scalar& b);
Tensor operator&(const Scalar& a, const Tensor& b);
Tensor operator|(const Tensor& a, const Tensor& b);
Tensor operator|(const Tensor& a, const Scalar& b);
Tensor operator|(const Scalar& a, const Tensor& b);
Tensor operator^(const Tensor& a, const Tensor& b);
Tensor operator^(const Tensor& a, const Scalar& b);
Tensor operator^(const Scalar& a, const Tensor& b);

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

// ---- more reductions, sorting (autograd/src/ops/reduce.cpp, ops/sort.cpp, ops/scan.cpp) ----
// An empty dim list reduces every dim (libtorch's nullopt for nansum/nanmean).
Tensor prod(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor prod(const Tensor& self, int64_t dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt);
Tensor& prod_out(Tensor& out, const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor& prod_outf(const Tensor& self, std::optional<ScalarType> dtype, Tensor& out);
Tensor& prod_out(Tensor& out, const Tensor& self, int64_t dim, bool keepdim = false,
                 std::optional<ScalarType> dtype = std::nullopt);
Tensor& prod_outf(const Tensor& self, int64_t dim, bool keepdim, std::optional<ScalarType> dtype, Tensor& out);
Tensor amax(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
Tensor& amax_out(Tensor& out, const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
Tensor& amax_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out);
Tensor amin(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
Tensor& amin_out(Tensor& out, const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
Tensor& amin_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out);
/// (amin, amax) in one pass, over everything or one dim; not differentiable.
std::tuple<Tensor, Tensor> aminmax(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
std::tuple<Tensor&, Tensor&> aminmax_out(Tensor& min, Tensor& max, const Tensor& self,
                                         std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
std::tuple<Tensor&, Tensor&> aminmax_outf(const Tensor& self, std::optional<int64_t> dim, bool keepdim, Tensor& min,
                                          Tensor& max);
/// log(sum(exp(x))) over dim, computed as m + log(sum(exp(x - m))) with m the max.
Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim = false);
Tensor& logsumexp_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim = false);
Tensor& logsumexp_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out);
/// sum and mean treating NaN as zero / as absent.
Tensor nansum(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt);
Tensor& nansum_out(Tensor& out, const Tensor& self, IntArrayRef dim = {}, bool keepdim = false,
                   std::optional<ScalarType> dtype = std::nullopt);
Tensor& nansum_outf(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype, Tensor& out);
Tensor nanmean(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false,
               std::optional<ScalarType> dtype = std::nullopt);
Tensor& nanmean_out(Tensor& out, const Tensor& self, IntArrayRef dim = {}, bool keepdim = false,
                    std::optional<ScalarType> dtype = std::nullopt);
Tensor& nanmean_outf(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype, Tensor& out);
/// The number of non-zero elements over dim (a kLong result).
Tensor count_nonzero(const Tensor& self, IntArrayRef dim);
Tensor count_nonzero(const Tensor& self, std::optional<int64_t> dim = std::nullopt);
Tensor& count_nonzero_out(Tensor& out, const Tensor& self, IntArrayRef dim);
Tensor& count_nonzero_outf(const Tensor& self, IntArrayRef dim, Tensor& out);
Tensor& count_nonzero_out(Tensor& out, const Tensor& self, std::optional<int64_t> dim = std::nullopt);
Tensor& count_nonzero_outf(const Tensor& self, std::optional<int64_t> dim, Tensor& out);
/// norm(self - other, p), broadcasting.
Tensor dist(const Tensor& self, const Tensor& other, const Scalar& p = 2);
Tensor& dist_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& p = 2);
Tensor& dist_outf(const Tensor& self, const Tensor& other, const Scalar& p, Tensor& out);
/// The sum of the main diagonal of a matrix.
Tensor trace(const Tensor& self);
Tensor& trace_out(Tensor& out, const Tensor& self);
Tensor& trace_outf(const Tensor& self, Tensor& out);
/// Whether a one-element tensor is non-zero.
bool is_nonzero(const Tensor& self);
/// (var, mean) and (std, mean) in one call.
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased = true);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased = true);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false);
/// The n-th forward difference along dim, after prepend and append are joined on (composite, as libtorch).
Tensor diff(const Tensor& self, int64_t n = 1, int64_t dim = -1, const std::optional<Tensor>& prepend = {},
            const std::optional<Tensor>& append = {});
Tensor& diff_out(Tensor& out, const Tensor& self, int64_t n = 1, int64_t dim = -1,
                 const std::optional<Tensor>& prepend = {}, const std::optional<Tensor>& append = {});
Tensor& diff_outf(const Tensor& self, int64_t n, int64_t dim, const std::optional<Tensor>& prepend,
                  const std::optional<Tensor>& append, Tensor& out);
/// Sorted values along dim and the indices they came from; ties keep their order when stable.
std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim = -1, bool descending = false);
std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim = -1,
                                bool descending = false);
std::tuple<Tensor&, Tensor&> sort_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim = -1,
                                      bool descending = false);
std::tuple<Tensor&, Tensor&> sort_outf(const Tensor& self, int64_t dim, bool descending, Tensor& values,
                                       Tensor& indices);
std::tuple<Tensor&, Tensor&> sort_out(Tensor& values, Tensor& indices, const Tensor& self, std::optional<bool> stable,
                                      int64_t dim = -1, bool descending = false);
std::tuple<Tensor&, Tensor&> sort_outf(const Tensor& self, std::optional<bool> stable, int64_t dim, bool descending,
                                       Tensor& values, Tensor& indices);
Tensor argsort(const Tensor& self, int64_t dim = -1, bool descending = false);
Tensor argsort(const Tensor& self, bool stable, int64_t dim = -1, bool descending = false);
Tensor& argsort_out(Tensor& out, const Tensor& self, bool stable, int64_t dim = -1, bool descending = false);
Tensor& argsort_outf(const Tensor& self, bool stable, int64_t dim, bool descending, Tensor& out);
/// sort along dim 0, values only.
Tensor msort(const Tensor& self);
Tensor& msort_out(Tensor& out, const Tensor& self);
Tensor& msort_outf(const Tensor& self, Tensor& out);
/// The k largest (or smallest) along dim, with their indices.
std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim = -1, bool largest = true,
                                bool sorted = true);
std::tuple<Tensor&, Tensor&> topk_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t k,
                                      int64_t dim = -1, bool largest = true, bool sorted = true);
std::tuple<Tensor&, Tensor&> topk_outf(const Tensor& self, int64_t k, int64_t dim, bool largest, bool sorted,
                                       Tensor& values, Tensor& indices);
/// The k-th smallest along dim (k from 1), with its index.
std::tuple<Tensor, Tensor> kthvalue(const Tensor& self, int64_t k, int64_t dim = -1, bool keepdim = false);
std::tuple<Tensor&, Tensor&> kthvalue_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t k,
                                          int64_t dim = -1, bool keepdim = false);
std::tuple<Tensor&, Tensor&> kthvalue_outf(const Tensor& self, int64_t k, int64_t dim, bool keepdim, Tensor& values,
                                           Tensor& indices);
/// The lower median (the ((n - 1) / 2)-th smallest); NaN if any is NaN. nanmedian ignores NaN.
Tensor median(const Tensor& self);
std::tuple<Tensor, Tensor> median(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor& median_out(Tensor& out, const Tensor& self);
Tensor& median_outf(const Tensor& self, Tensor& out);
std::tuple<Tensor&, Tensor&> median_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim,
                                        bool keepdim = false);
std::tuple<Tensor&, Tensor&> median_outf(const Tensor& self, int64_t dim, bool keepdim, Tensor& values,
                                         Tensor& indices);
Tensor nanmedian(const Tensor& self);
std::tuple<Tensor, Tensor> nanmedian(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor& nanmedian_out(Tensor& out, const Tensor& self);
Tensor& nanmedian_outf(const Tensor& self, Tensor& out);
std::tuple<Tensor&, Tensor&> nanmedian_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim,
                                           bool keepdim = false);
std::tuple<Tensor&, Tensor&> nanmedian_outf(const Tensor& self, int64_t dim, bool keepdim, Tensor& values,
                                            Tensor& indices);
/// The most frequent value along dim (the smallest among equally frequent ones), with an index of it.
std::tuple<Tensor, Tensor> mode(const Tensor& self, int64_t dim = -1, bool keepdim = false);
std::tuple<Tensor&, Tensor&> mode_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim = -1,
                                      bool keepdim = false);
std::tuple<Tensor&, Tensor&> mode_outf(const Tensor& self, int64_t dim, bool keepdim, Tensor& values,
                                       Tensor& indices);
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor& cumprod_out(Tensor& out, const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor& cumprod_outf(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, Tensor& out);
/// Running max / min along dim and the index of each (the last of equal values, as libtorch).
std::tuple<Tensor, Tensor> cummax(const Tensor& self, int64_t dim);
std::tuple<Tensor&, Tensor&> cummax_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim);
std::tuple<Tensor&, Tensor&> cummax_outf(const Tensor& self, int64_t dim, Tensor& values, Tensor& indices);
std::tuple<Tensor, Tensor> cummin(const Tensor& self, int64_t dim);
std::tuple<Tensor&, Tensor&> cummin_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim);
std::tuple<Tensor&, Tensor&> cummin_outf(const Tensor& self, int64_t dim, Tensor& values, Tensor& indices);
/// log(cumsum(exp(x))) along dim, computed stably.
Tensor logcumsumexp(const Tensor& self, int64_t dim);
Tensor& logcumsumexp_out(Tensor& out, const Tensor& self, int64_t dim);
Tensor& logcumsumexp_outf(const Tensor& self, int64_t dim, Tensor& out);

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

// ---- indexing (autograd/src/ops/indexing.cpp) ----
// gather/scatter along dim: index has self's number of dims, index.size(d) <= self.size(d) (and
// <= src.size(d)) for d != dim; out[i][j] = self[index[i][j]][j] for dim 0 (scatter the reverse).
Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad = false);
Tensor& gather_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad = false);
Tensor& gather_outf(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad, Tensor& out);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, Tensor& out);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value, Tensor& out);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce);
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                    std::string_view reduce);
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                     Tensor& out);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce);
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
                    std::string_view reduce);
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
                     std::string_view reduce, Tensor& out);
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& scatter_add_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor& scatter_add_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, Tensor& out);
Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                      bool include_self = true);
Tensor& scatter_reduce_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                           std::string_view reduce, bool include_self = true);
Tensor& scatter_reduce_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                            std::string_view reduce, bool include_self, Tensor& out);
// Masks broadcast with self (masked_fill, masked_scatter) or together with it (masked_select).
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value);
Tensor& masked_fill_out(Tensor& out, const Tensor& self, const Tensor& mask, const Scalar& value);
Tensor& masked_fill_outf(const Tensor& self, const Tensor& mask, const Scalar& value, Tensor& out);
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value);
Tensor& masked_fill_out(Tensor& out, const Tensor& self, const Tensor& mask, const Tensor& value);
Tensor& masked_fill_outf(const Tensor& self, const Tensor& mask, const Tensor& value, Tensor& out);
Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source);
Tensor& masked_scatter_out(Tensor& out, const Tensor& self, const Tensor& mask, const Tensor& source);
Tensor& masked_scatter_outf(const Tensor& self, const Tensor& mask, const Tensor& source, Tensor& out);
Tensor masked_select(const Tensor& self, const Tensor& mask);
Tensor& masked_select_out(Tensor& out, const Tensor& self, const Tensor& mask);
Tensor& masked_select_outf(const Tensor& self, const Tensor& mask, Tensor& out);
// index_*: a 1-D (or 0-dim) index into self's dim; source has self's sizes but index.numel() at dim.
Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha = 1);
Tensor& index_add_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                      const Scalar& alpha = 1);
Tensor& index_add_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha,
                       Tensor& out);
Tensor index_copy(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
Tensor& index_copy_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source);
Tensor& index_copy_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, Tensor& out);
Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor& index_fill_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor& index_fill_outf(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value, Tensor& out);
Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value);
Tensor& index_fill_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value);
Tensor& index_fill_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value, Tensor& out);
Tensor index_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, std::string_view reduce,
                    bool include_self = true);
Tensor& index_reduce_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                         std::string_view reduce, bool include_self = true);
Tensor& index_reduce_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                          std::string_view reduce, bool include_self, Tensor& out);
// take/put index self as if it were flattened (row-major).
Tensor take(const Tensor& self, const Tensor& index);
Tensor& take_out(Tensor& out, const Tensor& self, const Tensor& index);
Tensor& take_outf(const Tensor& self, const Tensor& index, Tensor& out);
/// gather along dim after broadcasting indices with self (all but dim); no dim: over the flattened self.
Tensor take_along_dim(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim = std::nullopt);
Tensor& take_along_dim_out(Tensor& out, const Tensor& self, const Tensor& indices,
                           std::optional<int64_t> dim = std::nullopt);
Tensor& take_along_dim_outf(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim, Tensor& out);
Tensor put(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate = false);
Tensor& put_out(Tensor& out, const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate = false);
Tensor& put_outf(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate, Tensor& out);
/// self where condition, else other (all three broadcast together).
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other);
Tensor& where_out(Tensor& out, const Tensor& condition, const Tensor& self, const Tensor& other);
Tensor& where_outf(const Tensor& condition, const Tensor& self, const Tensor& other, Tensor& out);
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other);
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other);
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other);
/// nonzero_numpy(condition): one index tensor per dim.
std::vector<Tensor> where(const Tensor& condition);
/// The indices of the nonzero elements, [n, self.dim()] (kLong).
Tensor nonzero(const Tensor& self);
Tensor& nonzero_out(Tensor& out, const Tensor& self);
Tensor& nonzero_outf(const Tensor& self, Tensor& out);
std::vector<Tensor> nonzero_numpy(const Tensor& self);
Tensor argwhere(const Tensor& self);
Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices);
Tensor& index_out(Tensor& out, const Tensor& self, const std::vector<std::optional<Tensor>>& indices);
Tensor& index_outf(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, Tensor& out);
Tensor index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                 bool accumulate = false);
Tensor& index_put_(Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                   bool accumulate = false);
Tensor& index_put_out(Tensor& out, const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                      const Tensor& values, bool accumulate = false);
Tensor& index_put_outf(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                       bool accumulate, Tensor& out);

}  // namespace xgrad
