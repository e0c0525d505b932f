// Factories: tensors made from values, constants, ranges and random numbers.
//
// Every factory writes into freshly allocated contiguous storage (row-major strides, offset 0),
// and honours options: the dtype (each factory documents its default) and requires_grad (floating
// dtypes only). No factory is recorded in the graph: its result is a leaf.
//
//   zeros/ones/full(size, v)     out[i] = 0 / 1 / v
//   eye(n, m)                    out[i][j] = (i == j)
//   arange(start, end, step)     out[i] = start + i * step,  i < ceil((end - start) / step)
//   linspace(start, end, steps)  out[i] = start + i * d for i < steps / 2, else end - (steps - 1 - i) * d,
//                                d = (end - start) / (steps - 1)  (PyTorch's symmetric form: both ends exact)
//   rand / uniform_(a, b)        U[0, 1) from the top 24 (float) or 53 (double) bits of a 64-bit draw
//   randn / normal_(m, s)        Box-Muller: r = sqrt(-2 ln(1 - u1)), out = m + s * r * (cos, sin)(2 pi u2)
//   randint(low, high)           low + an unbiased draw from [0, high - low) (rejection sampling)
//   randperm(n)                  Fisher-Yates shuffle of 0..n-1
//
// Backward: uniform_ and normal_ overwrite their input, so the gradient reaching the old values is
// zero (PyTorch's UniformBackward0 / NormalBackward0).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/size_math.h>

#include <fmt/ostream.h>

#include "derivative.h"
#include "generator.h"
#include "kernels/loops.h"

namespace xgrad {

// ---- nested value lists ----

namespace detail {

namespace {
// The order in which mixed literals promote: bool < uint8 < integer < floating.
int kind_rank(ScalarType t) {
  switch (t) {
    case kBool: return 0;
    case kByte: return 1;
    case kLong: return 2;
    default: return 3;
  }
}
}  // namespace

TensorDataContainer::TensorDataContainer(std::initializer_list<TensorDataContainer> list)
    : is_list_(true), kind_(kFloat), list_(list) {
  init_from_list();
}

void TensorDataContainer::init_from_list() {
  sizes_.assign(1, static_cast<int64_t>(list_.size()));
  if (list_.empty()) {
    kind_ = kFloat;  // `tensor({})` is an empty float tensor, as in libtorch
    return;
  }
  const TensorDataContainer& first = list_.front();
  kind_ = first.kind_;
  for (size_t i = 1; i < list_.size(); ++i) {
    const TensorDataContainer& e = list_[i];
    XGRAD_CHECK(e.sizes_ == first.sizes_,
                "tensor: expected all sub-lists to have the same length, but element 0 has shape {} and element {} "
                "has shape {}",
                shape_str(first.sizes_), i, shape_str(e.sizes_));
    if (kind_rank(e.kind_) > kind_rank(kind_)) kind_ = e.kind_;
  }
  sizes_.insert(sizes_.end(), first.sizes_.begin(), first.sizes_.end());
}

}  // namespace detail

namespace {

// ---- allocation ----

/// A fresh contiguous tensor; checks the sizes and whether this dtype may require grad.
Tensor make(const char* op, IntArrayRef sizes, ScalarType dtype, bool requires_grad) {
  const size_t nbytes = detail::checked_nbytes(sizes, dtype, op);
  XGRAD_CHECK(!requires_grad || isFloatingType(dtype),
              "{}: only Tensors of floating point dtype can require gradients (got {})", op, toString(dtype));
  auto storage = Storage::allocate(nbytes);
  XGRAD_CHECK(storage, "{}: out of memory allocating {} bytes for a tensor of shape {} and dtype {}", op, nbytes,
              detail::shape_str(sizes), toString(dtype));
  Tensor out(
      std::make_shared<TensorImpl>(std::move(storage), dtype, sizes.vec(), detail::contiguous_strides(sizes), 0));
  if (requires_grad) out.requires_grad_(true);
  return out;
}

template <typename T>
void fill_all(const Tensor& t, T v) {
  T* p = t.data_ptr<T>();
  const int64_t n = t.numel();
  for (int64_t i = 0; i < n; ++i) p[i] = v;
}

/// Integers drawn for `dtype` must be representable in it exactly.
void check_int_range(const char* op, ScalarType dtype, int64_t low, int64_t high) {
  int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  switch (dtype) {
    case kBool: lo = 0; hi = 2; break;
    case kByte: lo = 0; hi = 256; break;
    case kFloat: lo = -(int64_t{1} << 24); hi = int64_t{1} << 24; break;
    case kDouble: lo = -(int64_t{1} << 53); hi = int64_t{1} << 53; break;
    case kLong: break;
  }
  XGRAD_CHECK(low >= lo && high <= hi,
              "{}: the range [{}, {}) does not fit in dtype {}, whose exact integers are [{}, {})", op,
              low, high, toString(dtype), lo, hi);
}

/// `options`, with `self`'s dtype when options name none.
TensorOptions like_options(const char* op, const Tensor& self, const std::optional<TensorOptions>& options) {
  XGRAD_CHECK(self.defined(), "{}: expected a defined tensor, got an undefined one", op);
  TensorOptions o = options.value_or(TensorOptions());
  return o.has_dtype() ? o : o.dtype(self.scalar_type());
}

template <typename T>
void write_values(const detail::TensorDataContainer& data, T*& p) {
  if (data.is_scalar()) {
    *p++ = data.scalar().to<T>();
    return;
  }
  for (const auto& e : data.list()) write_values(e, p);
}

const autograd::Derivative<> kUniformBackward0{"UniformBackward0", detail::overwritten_backward};
const autograd::Derivative<> kNormalBackward0{"NormalBackward0", detail::overwritten_backward};

}  // namespace

// ---- from values and memory ----

Tensor tensor(detail::TensorDataContainer data, const TensorOptions& options) {
  const ScalarType dtype = options.has_dtype() ? options.dtype() : data.scalar_type();
  Tensor out = make("tensor", data.sizes(), dtype, options.requires_grad());
  detail::dispatch_all(dtype, "tensor", [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data_ptr<T>();
    write_values(data, p);
  });
  return out;
}

namespace {
Tensor blob(void* data, IntArrayRef sizes, IntArrayRef strides, std::function<void(void*)> deleter,
            const TensorOptions& options) {
  XGRAD_CHECK(strides.size() == sizes.size(), "from_blob: got {} strides {} for {} sizes {}", strides.size(),
              detail::shape_str(strides), sizes.size(), detail::shape_str(sizes));
  const ScalarType dtype = options.dtype();
  const size_t nbytes = detail::checked_storage_nbytes(sizes, strides, 0, dtype, "from_blob");
  XGRAD_CHECK(data != nullptr || nbytes == 0, "from_blob: data is null for a tensor of shape {}",
              detail::shape_str(sizes));
  XGRAD_CHECK(!options.requires_grad() || isFloatingType(dtype),
              "from_blob: only Tensors of floating point dtype can require gradients (got {})", toString(dtype));
  auto storage = std::make_shared<Storage>();
  storage->data = data;
  storage->nbytes = nbytes;
  storage->deleter = std::move(deleter);
  Tensor out(std::make_shared<TensorImpl>(std::move(storage), dtype, sizes.vec(), strides.vec(), 0));
  if (options.requires_grad()) out.requires_grad_(true);
  return out;
}

/// The row-major strides of a from_blob shape, checked first: a shape too large for int64 would
/// overflow them.
std::vector<int64_t> blob_strides(IntArrayRef sizes, ScalarType dtype) {
  detail::checked_numel(sizes, dtype, "from_blob");
  return detail::contiguous_strides(sizes);
}
}  // namespace

Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options) {
  return blob(data, sizes, blob_strides(sizes, options.dtype()), nullptr, options);
}

Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  return blob(data, sizes, strides, nullptr, options);
}

Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options) {
  return blob(data, sizes, blob_strides(sizes, options.dtype()), deleter, options);
}

// ---- constants ----

Tensor empty(IntArrayRef size, const TensorOptions& options) {
  if (options.memory_format_opt()) return empty(size, options, std::nullopt);  // memory_format.cpp
  return make("empty", size, options.dtype(), options.requires_grad());
}

Tensor zeros(IntArrayRef size, const TensorOptions& options) {
  Tensor out = make("zeros", size, options.dtype(), options.requires_grad());
  // All-zero bytes are 0 in every dtype (0.0f, 0.0, 0, false).
  if (out.nbytes() > 0) std::memset(out.impl()->data(), 0, out.nbytes());  // data is null when empty
  return out;
}

Tensor ones(IntArrayRef size, const TensorOptions& options) {
  Tensor out = make("ones", size, options.dtype(), options.requires_grad());
  detail::dispatch_all(out.scalar_type(), "ones", [&](auto tag) {
    using T = decltype(tag);
    fill_all<T>(out, T(1));
  });
  return out;
}

Tensor full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options) {
  ScalarType dtype = options.dtype();
  if (!options.has_dtype()) dtype = fill_value.isFloatingPoint() ? kFloat : fill_value.isBoolean() ? kBool : kLong;
  Tensor out = make("full", size, dtype, options.requires_grad());
  detail::dispatch_all(dtype, "full", [&](auto tag) {
    using T = decltype(tag);
    fill_all<T>(out, detail::checked_scalar<T>(fill_value, "full"));
  });
  return out;
}

Tensor eye(int64_t n, const TensorOptions& options) { return eye(n, n, options); }

Tensor eye(int64_t n, int64_t m, const TensorOptions& options) {
  Tensor out = make("eye", {n, m}, options.dtype(), options.requires_grad());
  detail::dispatch_all(out.scalar_type(), "eye", [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data_ptr<T>();
    std::fill(p, p + out.numel(), T(0));
    for (int64_t i = 0; i < std::min(n, m); ++i) p[i * m + i] = T(1);
  });
  return out;
}

// ---- ranges ----

namespace {
/// The element count of a floating arange, checked before the cast to int64_t (a huge count is UB).
int64_t checked_arange_size(double n, const Scalar& start, const Scalar& end, const Scalar& step) {
  XGRAD_CHECK(std::isfinite(n) && n < 9223372036854775808.0,
              "arange: invalid size, possible overflow? (start={}, end={}, step={}, size={})", fmt::streamed(start),
              fmt::streamed(end), fmt::streamed(step), n);
  return static_cast<int64_t>(n);
}

/// The element count of an integer arange, ceil((end - start) / step), exactly: end - start can
/// exceed int64 (arange(INT64_MIN, INT64_MAX, 1 << 62) has 4 elements) but never uint64, for
/// bounds consistent with the step's sign.
int64_t integer_arange_size(int64_t start, int64_t end, int64_t step) {
  const uint64_t span = step > 0 ? static_cast<uint64_t>(end) - static_cast<uint64_t>(start)
                                 : static_cast<uint64_t>(start) - static_cast<uint64_t>(end);
  const uint64_t by = step > 0 ? static_cast<uint64_t>(step) : 0 - static_cast<uint64_t>(step);
  const uint64_t n = span / by + (span % by != 0);
  XGRAD_CHECK(n <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()),
              "arange: invalid size, possible overflow? (start={}, end={}, step={}, size={})", start, end, step, n);
  return static_cast<int64_t>(n);
}
}  // namespace

Tensor arange(const Scalar& end, const TensorOptions& options) { return arange(0, end, 1, options); }

Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options) {
  return arange(start, end, 1, options);
}

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step, const TensorOptions& options) {
  const bool floating = start.isFloatingPoint() || end.isFloatingPoint() || step.isFloatingPoint();
  const ScalarType dtype = options.has_dtype() ? options.dtype() : floating ? kFloat : kLong;
  const double xstart = start.toDouble(), xend = end.toDouble(), xstep = step.toDouble();
  XGRAD_CHECK(xstep != 0 && !std::isnan(xstep), "arange: step must be nonzero (start={}, end={}, step={})", fmt::streamed(start),
              fmt::streamed(end), fmt::streamed(step));
  XGRAD_CHECK(std::isfinite(xstart) && std::isfinite(xend), "arange: unsupported range: {} -> {}", fmt::streamed(start),
              fmt::streamed(end));
  XGRAD_CHECK((xstep > 0 && xend >= xstart) || (xstep < 0 && xend <= xstart),
              "arange: upper bound and lower bound inconsistent with step sign (start={}, end={}, step={})",
              fmt::streamed(start), fmt::streamed(end), fmt::streamed(step));
  // Integer bounds count exactly in int64 (doubles lose precision past 2^53).
  const bool integral = !floating;
  const int64_t n = integral ? integer_arange_size(start.toLong(), end.toLong(), step.toLong())
                             : checked_arange_size(std::ceil((xend - xstart) / xstep), start, end, step);
  Tensor out = make("arange", {n}, dtype, options.requires_grad());
  detail::dispatch_numeric(dtype, "arange", [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data_ptr<T>();
    if (integral) {
      // Every value lies in [start, end), but s * i alone may not fit: wrapping unsigned arithmetic
      // gives the exact value.
      const uint64_t a = static_cast<uint64_t>(start.toLong()), s = static_cast<uint64_t>(step.toLong());
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(static_cast<int64_t>(a + s * static_cast<uint64_t>(i)));
    } else {
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(xstart + xstep * static_cast<double>(i));
    }
  });
  return out;
}

Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, const TensorOptions& options) {
  XGRAD_CHECK(steps >= 0, "linspace: number of steps must be non-negative, got {}", steps);
  Tensor out = make("linspace", {steps}, options.dtype(), options.requires_grad());
  detail::dispatch_numeric(options.dtype(), "linspace", [&](auto tag) {
    using T = decltype(tag);
    // The step is computed in T for floating dtypes and in double for integer ones, as PyTorch does.
    using S = std::conditional_t<std::is_floating_point<T>::value, T, double>;
    T* p = out.data_ptr<T>();
    if (steps == 1) p[0] = start.to<T>();
    if (steps <= 1) return;
    const S a = static_cast<S>(start.to<T>()), b = static_cast<S>(end.to<T>());
    const S d = (b - a) / static_cast<S>(steps - 1);
    const int64_t half = steps / 2;
    for (int64_t i = 0; i < steps; ++i)
      p[i] = static_cast<T>(i < half ? a + d * static_cast<S>(i) : b - d * static_cast<S>(steps - 1 - i));
  });
  return out;
}

Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base, const TensorOptions& options) {
  XGRAD_CHECK(steps >= 0, "logspace: number of steps must be non-negative, got {}", steps);
  Tensor out = make("logspace", {steps}, options.dtype(), options.requires_grad());
  detail::dispatch_numeric(options.dtype(), "logspace", [&](auto tag) {
    using T = decltype(tag);
    // linspace's symmetric exponents, then base^exponent, in T for floating dtypes, else in double.
    using S = std::conditional_t<std::is_floating_point<T>::value, T, double>;
    T* p = out.data_ptr<T>();
    const S b = static_cast<S>(base);
    if (steps == 1) p[0] = static_cast<T>(std::pow(b, static_cast<S>(start.toDouble())));
    if (steps <= 1) return;
    const S lo = static_cast<S>(start.toDouble()), hi = static_cast<S>(end.toDouble());
    const S d = (hi - lo) / static_cast<S>(steps - 1);
    const int64_t half = steps / 2;
    for (int64_t i = 0; i < steps; ++i)
      p[i] = static_cast<T>(std::pow(b, i < half ? lo + d * static_cast<S>(i) : hi - d * static_cast<S>(steps - 1 - i)));
  });
  return out;
}

Tensor scalar_tensor(const Scalar& s, const TensorOptions& options) { return full({}, s, options.dtype(options.dtype())); }

// ---- windows ----
// w[k] for k < n of the symmetric window of length N = n (periodic: N = n + 1, its last point dropped):
//   bartlett  1 - |2k / (N - 1) - 1|
//   blackman  0.42 - 0.5 cos(2 pi k / (N - 1)) + 0.08 cos(4 pi k / (N - 1))
//   hamming   alpha - beta cos(2 pi k / (N - 1))          (hann: alpha = beta = 1/2)
//   kaiser    I0(beta sqrt(1 - (2k / (N - 1) - 1)^2)) / I0(beta)
// Lengths 0 and 1 give [] and [1].

namespace {

template <typename F>
Tensor window(const char* op, int64_t n, bool periodic, const TensorOptions& options, F f) {
  XGRAD_CHECK(n >= 0, "{} requires non-negative window_length, got window_length={}", op, n);
  XGRAD_CHECK(isFloatingType(options.dtype()), "{} expects floating point dtypes, got: {}", op,
              toString(options.dtype()));
  Tensor out = make(op, {n}, options.dtype(), false);
  detail::dispatch_floating(options.dtype(), op, [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data_ptr<T>();
    if (n == 1) p[0] = T(1);
    if (n <= 1) return;
    const double last = static_cast<double>(periodic ? n : n - 1);  // N - 1
    for (int64_t k = 0; k < n; ++k) p[k] = static_cast<T>(f(static_cast<double>(k) / last));
  });
  if (options.requires_grad()) out.requires_grad_(true);
  return out;
}

constexpr double kTwoPi = 6.283185307179586476925286766559;

}  // namespace

Tensor bartlett_window(int64_t window_length, const TensorOptions& options) {
  return bartlett_window(window_length, true, options);
}
Tensor bartlett_window(int64_t window_length, bool periodic, const TensorOptions& options) {
  return window("bartlett_window", window_length, periodic, options, [](double x) { return 1 - std::abs(2 * x - 1); });
}

Tensor blackman_window(int64_t window_length, const TensorOptions& options) {
  return blackman_window(window_length, true, options);
}
Tensor blackman_window(int64_t window_length, bool periodic, const TensorOptions& options) {
  return window("blackman_window", window_length, periodic, options, [](double x) {
    return 0.42 - 0.5 * std::cos(kTwoPi * x) + 0.08 * std::cos(2 * kTwoPi * x);
  });
}

Tensor hamming_window(int64_t window_length, const TensorOptions& options) {
  return hamming_window(window_length, true, 0.54, 0.46, options);
}
Tensor hamming_window(int64_t window_length, bool periodic, const TensorOptions& options) {
  return hamming_window(window_length, periodic, 0.54, 0.46, options);
}
Tensor hamming_window(int64_t window_length, bool periodic, double alpha, const TensorOptions& options) {
  return hamming_window(window_length, periodic, alpha, 0.46, options);
}
Tensor hamming_window(int64_t window_length, bool periodic, double alpha, double beta, const TensorOptions& options) {
  return window("hamming_window", window_length, periodic, options,
                [=](double x) { return alpha - beta * std::cos(kTwoPi * x); });
}

Tensor hann_window(int64_t window_length, const TensorOptions& options) {
  return hann_window(window_length, true, options);
}
Tensor hann_window(int64_t window_length, bool periodic, const TensorOptions& options) {
  return window("hann_window", window_length, periodic, options,
                [](double x) { return 0.5 - 0.5 * std::cos(kTwoPi * x); });
}

Tensor kaiser_window(int64_t window_length, const TensorOptions& options) {
  return kaiser_window(window_length, true, 12.0, options);
}
Tensor kaiser_window(int64_t window_length, bool periodic, const TensorOptions& options) {
  return kaiser_window(window_length, periodic, 12.0, options);
}
Tensor kaiser_window(int64_t window_length, bool periodic, double beta, const TensorOptions& options) {
  const double norm = std::cyl_bessel_i(0.0, beta);
  return window("kaiser_window", window_length, periodic, options, [=](double x) {
    const double r = 2 * x - 1;
    return std::cyl_bessel_i(0.0, beta * std::sqrt(std::max(0.0, 1 - r * r))) / norm;
  });
}

// ---- random ----

void manual_seed(uint64_t seed) {
  detail::CpuGenerator& gen = detail::CpuGenerator::global();
  auto guard = gen.lock();
  gen.seed(seed);
}

Tensor rand(IntArrayRef size, const TensorOptions& options) {
  return detail::dispatch_floating(options.dtype(), "rand", [&](auto tag) {
    using T = decltype(tag);
    Tensor out = make("rand", size, options.dtype(), options.requires_grad());
    detail::fill_uniform(out.data_ptr<T>(), out.numel(), 0.0, 1.0);
    return out;
  });
}

Tensor randn(IntArrayRef size, const TensorOptions& options) {
  return detail::dispatch_floating(options.dtype(), "randn", [&](auto tag) {
    using T = decltype(tag);
    Tensor out = make("randn", size, options.dtype(), options.requires_grad());
    detail::fill_normal(out.data_ptr<T>(), out.numel(), 0.0, 1.0);
    return out;
  });
}

Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options) {
  return randint(0, high, size, options);
}

Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options) {
  XGRAD_CHECK(low < high, "randint: expected low < high, but got low={} >= high={}", low, high);
  const ScalarType dtype = options.dtype();
  check_int_range("randint", dtype, low, high);
  Tensor out = make("randint", size, dtype, options.requires_grad());
  detail::dispatch_all(dtype, "randint", [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data_ptr<T>();
    const int64_t n = out.numel();
    // high - low can exceed int64's range; unsigned arithmetic wraps correctly.
    const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
    detail::CpuGenerator& gen = detail::CpuGenerator::global();
    auto guard = gen.lock();
    for (int64_t i = 0; i < n; ++i)
      p[i] = static_cast<T>(static_cast<int64_t>(static_cast<uint64_t>(low) + gen.below(span)));
  });
  return out;
}

Tensor randperm(int64_t n, const TensorOptions& options) {
  XGRAD_CHECK(n >= 0, "randperm: n must be non-negative, got {}", n);
  const ScalarType dtype = options.dtype();
  XGRAD_CHECK(dtype != kBool, "randperm: not supported for Bool tensors (n={})", n);
  if (n > 0) check_int_range("randperm", dtype, 0, n);
  Tensor out = make("randperm", {n}, dtype, options.requires_grad());
  detail::dispatch_numeric(dtype, "randperm", [&](auto tag) {
    using T = decltype(tag);
    T* p = out.data_ptr<T>();
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(i);
    detail::CpuGenerator& gen = detail::CpuGenerator::global();
    auto guard = gen.lock();
    for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[gen.below(static_cast<uint64_t>(i) + 1)]);
  });
  return out;
}

Tensor& Tensor::uniform_(double from, double to) const {
  XGRAD_CHECK(defined(), "uniform_: the tensor is undefined (default-constructed)");
  XGRAD_CHECK(from <= to, "uniform_: expects to return a [from, to) range, but found from={} > to={}", from, to);
  detail::check_no_internal_overlap(*this, "uniform_");
  autograd::check_inplace(*this, {}, "uniform_");
  auto recording = autograd::record(kUniformBackward0, {*this});
  detail::dispatch_floating(scalar_type(), "uniform_", [&](auto tag) {
    using T = decltype(tag);
    detail::fill_inplace<T>(*this, [&](T* p, int64_t n) { detail::fill_uniform(p, n, from, to); });
  });
  return recording.finish_inplace(*this);  // const is the handle's (as libtorch), not the data's
}

Tensor& Tensor::normal_(double mean, double std) const {
  XGRAD_CHECK(defined(), "normal_: the tensor is undefined (default-constructed)");
  XGRAD_CHECK(std >= 0, "normal_: expects std >= 0.0, but found std {}", std);
  detail::check_no_internal_overlap(*this, "normal_");
  autograd::check_inplace(*this, {}, "normal_");
  auto recording = autograd::record(kNormalBackward0, {*this});
  detail::dispatch_floating(scalar_type(), "normal_", [&](auto tag) {
    using T = decltype(tag);
    detail::fill_inplace<T>(*this, [&](T* p, int64_t n) { detail::fill_normal(p, n, mean, std); });
  });
  return recording.finish_inplace(*this);  // const is the handle's (as libtorch), not the data's
}

// ---- _like ----
// like_options is called before self.sizes(), so an undefined self is reported by the op itself
// whichever order the compiler evaluates arguments in.

Tensor empty_like(const Tensor& self, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("empty_like", self, options);
  return empty(self.sizes(), like);
}

Tensor zeros_like(const Tensor& self, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("zeros_like", self, options);
  return zeros(self.sizes(), like);
}

Tensor ones_like(const Tensor& self, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("ones_like", self, options);
  return ones(self.sizes(), like);
}

Tensor full_like(const Tensor& self, const Scalar& fill_value, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("full_like", self, options);
  return full(self.sizes(), fill_value, like);
}

Tensor rand_like(const Tensor& self, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("rand_like", self, options);
  return rand(self.sizes(), like);
}

Tensor randn_like(const Tensor& self, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("randn_like", self, options);
  return randn(self.sizes(), like);
}

Tensor randint_like(const Tensor& self, int64_t high, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("randint_like", self, options);
  return randint(0, high, self.sizes(), like);
}

Tensor randint_like(const Tensor& self, int64_t low, int64_t high, std::optional<TensorOptions> options) {
  const TensorOptions like = like_options("randint_like", self, options);
  return randint(low, high, self.sizes(), like);
}

// ---- new_*: like the _like forms, but with new sizes ----

namespace {
/// `options` completed with self's dtype; the result does not inherit requires_grad.
TensorOptions new_options(const char* op, const Tensor& self, const TensorOptions& options) {
  XGRAD_CHECK(self.defined(), "{}: expected a defined tensor, got an undefined one", op);
  return options.has_dtype() ? options : options.dtype(self.scalar_type());
}
}  // namespace

Tensor Tensor::new_empty(IntArrayRef size, const TensorOptions& options) const {
  return empty(size, new_options("new_empty", *this, options));
}
Tensor Tensor::new_empty_strided(IntArrayRef size, IntArrayRef stride, const TensorOptions& options) const {
  return empty_strided(size, stride, new_options("new_empty_strided", *this, options));
}
Tensor Tensor::new_full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options) const {
  return full(size, fill_value, new_options("new_full", *this, options));
}
Tensor Tensor::new_zeros(IntArrayRef size, const TensorOptions& options) const {
  return zeros(size, new_options("new_zeros", *this, options));
}
Tensor Tensor::new_ones(IntArrayRef size, const TensorOptions& options) const {
  return ones(size, new_options("new_ones", *this, options));
}

}  // namespace xgrad
