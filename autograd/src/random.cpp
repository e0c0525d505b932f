// Random distributions: in-place fills and sampling functions beyond rand/randn/randint/randperm
// (factories.cpp). Every draw comes from the one CPU generator (generator.h), so manual_seed makes
// them all reproducible. u is a U[0, 1) draw in the tensor's precision.
//
//   bernoulli_(p) / bernoulli(p)   1 if u < p else 0 (p a number, or one probability per element)
//   cauchy_(m, s)                  m + s * tan(pi * (u - 1/2))
//   exponential_(l)                -log(1 - u) / l
//   geometric_(p)                  the number of Bernoulli(p) trials up to the first success (>= 1)
//   log_normal_(m, s)              exp(m + s * N(0, 1))
//   random_(from, to)              integers uniform on [from, to)
//   normal(mean, std)              mean + std * N(0, 1), mean and std broadcast elementwise
//   poisson(rate), binomial(n, p)  the standard library's Poisson and binomial samplers
//   multinomial(w, k)              k category indices per row of weights w: with replacement each
//                                  draw inverts the cumulative weights; without, each category is
//                                  drawn at most once (its weight is removed after it is drawn)
//
// Backward: no distribution here is reparameterised, so, as in PyTorch, the gradient reaching the
// probabilities, means and rates is zero, and an in-place fill sends zero to the old values.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "derivative.h"
#include "generator.h"
#include "kernels/loops.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;
using detail::CpuGenerator;

/// Zero for each of a node's first n inputs that needs a gradient.
variable_list zero_grads(const BackwardContext& c, size_t n) {
  variable_list grads(n);
  for (size_t i = 0; i < n; ++i)
    if (c.needs(i)) grads[i] = zeros(c.input(i).sizes, c.input(i).dtype);
  return grads;
}
variable_list one_zero_grad(const BackwardContext& c, const NoState&) { return zero_grads(c, 1); }
variable_list two_zero_grads(const BackwardContext& c, const NoState&) { return zero_grads(c, 2); }

// In-place fills (the old values get zero; bernoulli_'s probability tensor too).
const Derivative<> kBernoulliBackward1{"BernoulliBackward1", two_zero_grads};
const Derivative<> kBernoulliBackward2{"BernoulliBackward2", detail::overwritten_backward};
const Derivative<> kCauchyBackward0{"CauchyBackward0", detail::overwritten_backward};
const Derivative<> kExponentialBackward0{"ExponentialBackward0", detail::overwritten_backward};
const Derivative<> kGeometricBackward0{"GeometricBackward0", detail::overwritten_backward};
const Derivative<> kLogNormalBackward0{"LogNormalBackward0", detail::overwritten_backward};
const Derivative<> kRandomBackward0{"RandomBackward0", detail::overwritten_backward};
const Derivative<> kRandomBackward1{"RandomBackward1", detail::overwritten_backward};
const Derivative<> kRandomBackward2{"RandomBackward2", detail::overwritten_backward};

// Samplers (their tensor arguments get zero).
const Derivative<> kBernoulliBackward0{"BernoulliBackward0", one_zero_grad};
const Derivative<> kNormalBackward1{"NormalBackward1", one_zero_grad};
const Derivative<> kNormalBackward2{"NormalBackward2", one_zero_grad};
const Derivative<> kNormalBackward3{"NormalBackward3", two_zero_grads};
const Derivative<> kPoissonBackward0{"PoissonBackward0", one_zero_grad};

/// The start of an in-place fill: the tensor's checks, then autograd's.
template <typename State>
autograd::Recording<State> begin_fill(const Tensor& self, const char* op, const Derivative<State>& derivative,
                                      std::initializer_list<Tensor> others = {}) {
  XGRAD_CHECK(self.defined(), "{}: the tensor is undefined (default-constructed)", op);
  detail::check_no_internal_overlap(self, op);
  autograd::check_inplace(self, others, op);
  std::vector<Tensor> inputs{self};
  inputs.insert(inputs.end(), others.begin(), others.end());
  return record(derivative, inputs);
}

/// self[i] = draw(gen) for every element, computed in double and cast to self's dtype.
template <typename Draw>
void fill_with(const Tensor& self, const char* op, Draw draw) {
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    detail::fill_inplace<T>(self, [&](T* p, int64_t n) {
      CpuGenerator& gen = CpuGenerator::global();
      auto guard = gen.lock();
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(draw(gen));
    });
  });
}

/// Floating fills draw in the tensor's precision (24 or 53 bits), as rand does.
template <typename Draw>
void fill_floating(const Tensor& self, const char* op, Draw draw) {
  detail::dispatch_floating(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    detail::fill_inplace<T>(self, [&](T* p, int64_t n) {
      CpuGenerator& gen = CpuGenerator::global();
      auto guard = gen.lock();
      for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(draw(gen.uniform<T>()));
    });
  });
}

void check_probability(double p, const char* op) {
  XGRAD_CHECK(p >= 0 && p <= 1, "{} expects p to be in [0, 1], but got p={}", op, p);
}

/// p as a dense double tensor broadcast to `sizes`, its values checked to lie in [0, 1].
Tensor probabilities(const Tensor& p, IntArrayRef sizes, const char* op) {
  XGRAD_CHECK(p.defined(), "{}: expected a defined probability tensor", op);
  XGRAD_CHECK(detail::broadcastable_to(p.sizes(), sizes),
              "{}: the probability tensor of shape {} cannot be broadcast to the shape {}", op,
              detail::shape_str(p.sizes()), detail::shape_str(sizes));
  Tensor out = empty(sizes, kDouble);
  detail::copy_into(out, p);
  const double* q = out.data_ptr<double>();
  for (int64_t i = 0; i < out.numel(); ++i)
    XGRAD_CHECK(q[i] >= 0 && q[i] <= 1, "{}: Expected p_in >= 0 && p_in <= 1 to be true, but got false (p = {})", op,
                q[i]);
  return out;
}

/// The exclusive upper bound of random_() and random_(from, nullopt): every integer the dtype
/// holds, and for floating dtypes every integer their mantissa holds exactly (2^24, 2^53), inclusive.
int64_t random_upper_bound(ScalarType dtype) {
  switch (dtype) {
    case kBool: return 2;
    case kByte: return 256;
    case kLong: return std::numeric_limits<int64_t>::max();
    case kFloat: return (int64_t{1} << 24) + 1;
    case kDouble: return (int64_t{1} << 53) + 1;
  }
  return 0;
}

/// The dtype a sampler returns for a tensor argument: its own if floating, else the default kFloat.
ScalarType floating_dtype(ScalarType t) { return isFloatingType(t) ? t : kFloat; }

/// Uniform integers on [from, to) into self.
void fill_random_range(const Tensor& self, int64_t from, int64_t to, const char* op) {
  XGRAD_CHECK(from < to, "{} expects 'from' to be less than 'to', but got from={} >= to={}", op, from, to);
  const uint64_t span = static_cast<uint64_t>(to) - static_cast<uint64_t>(from);
  fill_with(self, op, [&](CpuGenerator& gen) {
    return static_cast<double>(static_cast<int64_t>(static_cast<uint64_t>(from) + gen.below(span)));
  });
}

}  // namespace

// ---- in-place fills ----

Tensor& Tensor::bernoulli_(double p) const {
  auto recording = begin_fill(*this, "bernoulli_", kBernoulliBackward2);
  check_probability(p, "bernoulli_");
  fill_with(*this, "bernoulli_", [p](CpuGenerator& gen) { return gen.uniform<double>() < p ? 1.0 : 0.0; });
  return recording.finish_inplace(*this);  // const is the handle's (as libtorch), not the data's
}

Tensor& Tensor::bernoulli_(const Tensor& p) const {
  auto recording = begin_fill(*this, "bernoulli_", kBernoulliBackward1, {p});
  const Tensor q = probabilities(p, sizes(), "bernoulli_");
  const double* pq = q.data_ptr<double>();
  int64_t i = 0;
  fill_with(*this, "bernoulli_", [&](CpuGenerator& gen) { return gen.uniform<double>() < pq[i++] ? 1.0 : 0.0; });
  return recording.finish_inplace(*this);
}

Tensor& Tensor::cauchy_(double median, double sigma) const {
  auto recording = begin_fill(*this, "cauchy_", kCauchyBackward0);
  constexpr double pi = 3.14159265358979323846;
  fill_floating(*this, "cauchy_", [=](double u) { return median + sigma * std::tan(pi * (u - 0.5)); });
  return recording.finish_inplace(*this);
}

Tensor& Tensor::exponential_(double lambd) const {
  auto recording = begin_fill(*this, "exponential_", kExponentialBackward0);
  XGRAD_CHECK(lambd >= 0.0, "exponential_ expects lambda >= 0.0, but found lambda={}", lambd);
  fill_floating(*this, "exponential_", [=](double u) { return -std::log1p(-u) / lambd; });
  return recording.finish_inplace(*this);
}

Tensor& Tensor::geometric_(double p) const {
  auto recording = begin_fill(*this, "geometric_", kGeometricBackward0);
  XGRAD_CHECK(p > 0 && p < 1, "geometric_ expects p to be in (0, 1), but got p={}", p);
  const double log_q = std::log1p(-p);
  fill_with(*this, "geometric_", [=](CpuGenerator& gen) {
    // 1 - u lies in (0, 1]: the count is finite and at least 1.
    return std::max(1.0, std::ceil(std::log1p(-gen.uniform<double>()) / log_q));
  });
  return recording.finish_inplace(*this);
}

Tensor& Tensor::log_normal_(double mean, double std) const {
  auto recording = begin_fill(*this, "log_normal_", kLogNormalBackward0);
  XGRAD_CHECK(std > 0.0, "log_normal_ expects std > 0.0, but found std={}", std);
  detail::dispatch_floating(scalar_type(), "log_normal_", [&](auto tag) {
    using T = decltype(tag);
    detail::fill_inplace<T>(*this, [&](T* p, int64_t n) {
      detail::fill_normal(p, n, mean, std);
      for (int64_t i = 0; i < n; ++i) p[i] = std::exp(p[i]);
    });
  });
  return recording.finish_inplace(*this);
}

Tensor& Tensor::random_(int64_t from, std::optional<int64_t> to) const {
  auto recording = begin_fill(*this, "random_", kRandomBackward0);
  fill_random_range(*this, from, to ? *to : random_upper_bound(scalar_type()), "random_");
  return recording.finish_inplace(*this);
}

Tensor& Tensor::random_(int64_t to) const {
  auto recording = begin_fill(*this, "random_", kRandomBackward1);
  fill_random_range(*this, 0, to, "random_");
  return recording.finish_inplace(*this);
}

Tensor& Tensor::random_() const {
  auto recording = begin_fill(*this, "random_", kRandomBackward2);
  fill_random_range(*this, 0, random_upper_bound(scalar_type()), "random_");
  return recording.finish_inplace(*this);
}

// ---- sampling functions ----

Tensor Tensor::bernoulli() const { return xgrad::bernoulli(*this); }

Tensor Tensor::bernoulli(double p) const { return xgrad::bernoulli(*this, p); }

Tensor bernoulli(const Tensor& self) {
  XGRAD_CHECK(self.defined(), "bernoulli: expected a defined tensor");
  XGRAD_CHECK(self.is_floating_point(), "bernoulli: expected a floating point tensor of probabilities, got {}",
              toString(self.scalar_type()));
  Tensor out = empty(self.sizes(), self.scalar_type());
  {
    NoGradGuard no_grad;
    out.bernoulli_(self);
  }
  record(kBernoulliBackward0, {self}).output(out);
  return out;
}

Tensor bernoulli(const Tensor& self, double p) {
  XGRAD_CHECK(self.defined(), "bernoulli: expected a defined tensor");
  Tensor out = empty(self.sizes(), self.scalar_type());
  out.bernoulli_(p);
  return out;
}

Tensor bernoulli(const Tensor& self, const Tensor& p) {
  XGRAD_CHECK(self.defined(), "bernoulli: expected a defined tensor");
  Tensor out = empty(self.sizes(), self.scalar_type());
  {
    NoGradGuard no_grad;
    out.bernoulli_(p);
  }
  return out;
}

Tensor normal(const Tensor& mean, double std) {
  XGRAD_CHECK(mean.defined(), "normal: expected a defined mean tensor");
  XGRAD_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std {}", std);
  Tensor out = empty(mean.sizes(), floating_dtype(mean.scalar_type()));
  {
    NoGradGuard no_grad;
    out.normal_(0, std);
    out.add_(mean);
  }
  record(kNormalBackward1, {mean}).output(out);
  return out;
}

Tensor normal(double mean, const Tensor& std) {
  XGRAD_CHECK(std.defined(), "normal: expected a defined std tensor");
  Tensor out = empty(std.sizes(), floating_dtype(std.scalar_type()));
  {
    NoGradGuard no_grad;
    XGRAD_CHECK(std.numel() == 0 || std.min().item<double>() >= 0.0, "normal expects all elements of std >= 0.0");
    out.normal_(0, 1);
    out.mul_(std).add_(mean);
  }
  record(kNormalBackward2, {std}).output(out);
  return out;
}

Tensor normal(const Tensor& mean, const Tensor& std) {
  XGRAD_CHECK(mean.defined() && std.defined(), "normal: expected defined mean and std tensors");
  const std::vector<int64_t> sizes = detail::broadcast_shapes(mean.sizes(), std.sizes(), "normal");
  Tensor out = empty(sizes, result_type(mean, std));
  XGRAD_CHECK(out.is_floating_point(), "normal: expected floating point mean and std, got {} and {}",
              toString(mean.scalar_type()), toString(std.scalar_type()));
  {
    NoGradGuard no_grad;
    XGRAD_CHECK(std.numel() == 0 || std.min().item<double>() >= 0.0, "normal expects all elements of std >= 0.0");
    out.normal_(0, 1);
    out.mul_(std).add_(mean);
  }
  record(kNormalBackward3, {mean, std}).output(out);
  return out;
}

Tensor normal(double mean, double std, IntArrayRef size, const TensorOptions& options) {
  XGRAD_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std {}", std);
  Tensor out = empty(size, options.dtype());
  out.normal_(mean, std);
  if (options.requires_grad()) out.requires_grad_(true);
  return out;
}

Tensor poisson(const Tensor& self) {
  XGRAD_CHECK(self.defined(), "poisson: expected a defined tensor of rates");
  XGRAD_CHECK(self.is_floating_point(), "poisson: expected a floating point tensor of rates, got {}",
              toString(self.scalar_type()));
  const Tensor rates = detail::copy_as(self, kDouble);
  const double* r = rates.data_ptr<double>();
  for (int64_t i = 0; i < rates.numel(); ++i)
    XGRAD_CHECK(r[i] >= 0, "invalid Poisson rate, expected rate to be non-negative");
  Tensor draws = empty(self.sizes(), kDouble);
  double* d = draws.data_ptr<double>();
  {
    CpuGenerator& gen = CpuGenerator::global();
    auto guard = gen.lock();
    for (int64_t i = 0; i < rates.numel(); ++i)
      d[i] = r[i] == 0 ? 0.0 : static_cast<double>(std::poisson_distribution<int64_t>(r[i])(gen.engine()));
  }
  Tensor out = detail::copy_as(draws, self.scalar_type());
  record(kPoissonBackward0, {self}).output(out);
  return out;
}

Tensor binomial(const Tensor& count, const Tensor& prob) {
  XGRAD_CHECK(count.defined() && prob.defined(), "binomial: expected defined count and prob tensors");
  XGRAD_CHECK(count.is_floating_point() && prob.is_floating_point(),
              "binomial: expected floating point count and prob, got {} and {}", toString(count.scalar_type()),
              toString(prob.scalar_type()));
  const std::vector<int64_t> sizes = detail::broadcast_shapes(count.sizes(), prob.sizes(), "binomial");
  Tensor n = empty(sizes, kDouble), p = empty(sizes, kDouble), draws = empty(sizes, kDouble);
  detail::copy_into(n, count);
  detail::copy_into(p, prob);
  const double* pn = n.data_ptr<double>();
  const double* pp = p.data_ptr<double>();
  double* d = draws.data_ptr<double>();
  for (int64_t i = 0; i < draws.numel(); ++i) {
    XGRAD_CHECK(pn[i] >= 0 && pn[i] == std::floor(pn[i]), "binomial: count must be a non-negative integer, got {}",
                pn[i]);
    XGRAD_CHECK(pp[i] >= 0 && pp[i] <= 1, "binomial: prob must be in [0, 1], got {}", pp[i]);
  }
  {
    CpuGenerator& gen = CpuGenerator::global();
    auto guard = gen.lock();
    for (int64_t i = 0; i < draws.numel(); ++i)
      d[i] = static_cast<double>(
          std::binomial_distribution<int64_t>(static_cast<int64_t>(pn[i]), pp[i])(gen.engine()));
  }
  return detail::copy_as(draws, result_type(count, prob));
}

Tensor Tensor::multinomial(int64_t num_samples, bool replacement) const {
  return xgrad::multinomial(*this, num_samples, replacement);
}

Tensor multinomial(const Tensor& self, int64_t num_samples, bool replacement) {
  XGRAD_CHECK(self.defined(), "multinomial: expected a defined tensor of weights");
  XGRAD_CHECK(self.dim() == 1 || self.dim() == 2, "prob_dist must be 1 or 2 dim");
  XGRAD_CHECK(self.is_floating_point(), "multinomial only supports floating-point dtypes for input, got: {}",
              toString(self.scalar_type()));
  XGRAD_CHECK(num_samples > 0, "cannot sample n_sample <= 0 samples");
  const int64_t categories = self.size(-1);
  XGRAD_CHECK(replacement || num_samples <= categories,
              "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  const Tensor w = detail::copy_as(self.dim() == 1 ? self.unsqueeze(0) : self, kDouble);
  const int64_t rows = w.size(0);
  Tensor out = empty({rows, num_samples}, kLong);
  const double* pw = w.data_ptr<double>();
  int64_t* po = out.data_ptr<int64_t>();
  std::vector<double> cumulative(static_cast<size_t>(categories));
  for (int64_t r = 0; r < rows; ++r) {
    const double* row = pw + r * categories;
    double total = 0;
    for (int64_t k = 0; k < categories; ++k) {
      XGRAD_CHECK(std::isfinite(row[k]) && row[k] >= 0,
                  "probability tensor contains either `inf`, `nan` or element < 0");
      total += row[k];
    }
    XGRAD_CHECK(total > 0, "invalid multinomial distribution (sum of probabilities <= 0)");
    std::vector<double> weights(row, row + categories);
    std::vector<bool> chosen(static_cast<size_t>(categories), false);
    CpuGenerator& gen = CpuGenerator::global();
    auto guard = gen.lock();
    for (int64_t s = 0; s < num_samples; ++s) {
      std::partial_sum(weights.begin(), weights.end(), cumulative.begin());
      if (cumulative.back() == 0) {
        // Without replacement, once every category of positive weight is drawn PyTorch goes on with
        // the zero-weight ones, lowest index first.
        const auto unused = std::find(chosen.begin(), chosen.end(), false) - chosen.begin();
        po[r * num_samples + s] = unused;
        chosen[static_cast<size_t>(unused)] = true;
        continue;
      }
      const double target = gen.uniform<double>() * cumulative.back();
      // The first category whose cumulative weight exceeds the target; zero-weight categories
      // have no width, so upper_bound never lands on one.
      auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
      const int64_t k = std::min<int64_t>(it - cumulative.begin(), categories - 1);
      po[r * num_samples + s] = k;
      if (!replacement) {
        weights[static_cast<size_t>(k)] = 0;
        chosen[static_cast<size_t>(k)] = true;
      }
    }
  }
  return self.dim() == 1 ? out.squeeze(0) : out;
}

}  // namespace xgrad
