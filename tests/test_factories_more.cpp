// The factories, random fills and metadata added for libtorch's API: windows, logspace,
// scalar_tensor, new_*, empty_strided and memory formats (values and strides against PyTorch's,
// tests/golden/factories_more.json), the random distributions (reproducible, and their moments
// within a few standard errors of the distribution's), resize_, InferenceMode and the metadata
// predicates, with libtorch's errors.
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include "golden_support.h"
#include "test_helpers.h"

using test_helpers::gradcheck;
using test_helpers::Inputs;
using test_helpers::S;
using test_helpers::values;
using xgrad::MemoryFormat;
using xgrad::Tensor;

namespace {

const Tensor& x4() {
  static const Tensor x = xgrad::arange(120.0).reshape({2, 3, 4, 5});
  return x;
}

const std::map<std::string, std::function<Tensor()>>& golden_calls() {
  using namespace xgrad;
  static const std::map<std::string, std::function<Tensor()>> calls = [] {
    std::map<std::string, std::function<Tensor()>> m;
    for (int64_t n : {0, 1, 2, 5, 8}) {
      const std::string k = std::to_string(n);
      m["hann_window(" + k + ")"] = [n] { return hann_window(n); };
      m["hann_window(" + k + ", false, kDouble)"] = [n] { return hann_window(n, false, kDouble); };
      m["hamming_window(" + k + ")"] = [n] { return hamming_window(n); };
      m["hamming_window(" + k + ", false, kDouble)"] = [n] { return hamming_window(n, false, kDouble); };
      m["blackman_window(" + k + ", kDouble)"] = [n] { return blackman_window(n, kDouble); };
      m["blackman_window(" + k + ", false, kDouble)"] = [n] { return blackman_window(n, false, kDouble); };
      m["bartlett_window(" + k + ", kDouble)"] = [n] { return bartlett_window(n, kDouble); };
      m["bartlett_window(" + k + ", false, kDouble)"] = [n] { return bartlett_window(n, false, kDouble); };
      m["kaiser_window(" + k + ", kDouble)"] = [n] { return kaiser_window(n, kDouble); };
      m["kaiser_window(" + k + ", false, kDouble)"] = [n] { return kaiser_window(n, false, kDouble); };
    }
    m["hamming_window(6, true, 0.5, kDouble)"] = [] { return hamming_window(6, true, 0.5, kDouble); };
    m["hamming_window(6, false, 0.6, 0.3, kDouble)"] = [] { return hamming_window(6, false, 0.6, 0.3, kDouble); };
    m["kaiser_window(7, true, 5.0, kDouble)"] = [] { return kaiser_window(7, true, 5.0, kDouble); };
    m["kaiser_window(6)"] = [] { return kaiser_window(6); };

    m["logspace(0, 2, 3)"] = [] { return logspace(0, 2, 3); };
    m["logspace(0, 2, 3, 2.0)"] = [] { return logspace(0, 2, 3, 2.0); };
    m["logspace(-1, 1, 5, 10.0, kDouble)"] = [] { return logspace(-1, 1, 5, 10.0, kDouble); };
    m["logspace(0, 3, 4, 10.0, kLong)"] = [] { return logspace(0, 3, 4, 10.0, kLong); };
    m["logspace(2, 2, 1)"] = [] { return logspace(2, 2, 1); };
    m["logspace(0, 1, 0)"] = [] { return logspace(0, 1, 0); };
    m["logspace(1.5, -0.5, 7, 3.0)"] = [] { return logspace(1.5, -0.5, 7, 3.0); };

    m["scalar_tensor(3)"] = [] { return scalar_tensor(3); };
    m["scalar_tensor(2.5, kDouble)"] = [] { return scalar_tensor(2.5, kDouble); };
    m["scalar_tensor(true)"] = [] { return scalar_tensor(true); };
    m["scalar_tensor(7, kLong)"] = [] { return scalar_tensor(7, kLong); };

    static const Tensor d = zeros({2, 3}, kDouble);
    m["double.new_zeros({2})"] = [] { return d.new_zeros({2}); };
    m["double.new_ones({2, 1})"] = [] { return d.new_ones({2, 1}); };
    m["double.new_full({3}, 4)"] = [] { return d.new_full({3}, 4); };
    m["double.new_full({2}, 1.5, kFloat)"] = [] { return d.new_full({2}, 1.5, kFloat); };
    m["double.new_ones({2}, kLong)"] = [] { return d.new_ones({2}, kLong); };

    m["empty({2, 3, 4, 5}, ChannelsLast)"] = [] { return empty({2, 3, 4, 5}, {}, MemoryFormat::ChannelsLast); };
    m["empty({2, 3, 4, 5, 6}, ChannelsLast3d)"] = [] {
      return empty({2, 3, 4, 5, 6}, TensorOptions().memory_format(MemoryFormat::ChannelsLast3d));
    };
    m["empty({2, 1, 4, 5}, ChannelsLast)"] = [] { return empty({2, 1, 4, 5}, MemoryFormat::ChannelsLast); };
    m["x.contiguous(ChannelsLast)"] = [] { return x4().contiguous(MemoryFormat::ChannelsLast); };
    m["x.transpose(1, 3).clone()"] = [] { return x4().transpose(1, 3).clone(); };
    m["x.transpose(1, 3).clone(Contiguous)"] = [] { return x4().transpose(1, 3).clone(MemoryFormat::Contiguous); };
    m["x.contiguous(ChannelsLast).clone()"] = [] { return x4().contiguous(MemoryFormat::ChannelsLast).clone(); };
    m["x.select(3, 1).clone()"] = [] { return x4().select(3, 1).clone(); };
    m["x.contiguous(ChannelsLast)[:, :, :, 1:3].clone()"] = [] {
      return x4().contiguous(MemoryFormat::ChannelsLast).slice(3, 1, 3).clone();
    };
    m["x.new_empty_strided({2, 2}, {1, 2})"] = [] { return x4().new_empty_strided({2, 2}, {1, 2}); };
    m["empty_strided({2, 3}, {0, 2})"] = [] { return empty_strided({2, 3}, {0, 2}); };
    return m;
  }();
  return calls;
}

}  // namespace

TEST_CASE("factories_more golden: windows, logspace, scalar_tensor, new_* and memory-format strides") {
  const json::Value file = golden::load_family("factories_more");
  const auto& calls = golden_calls();
  size_t seen = 0;
  for (const json::Value& c : file["cases"].as_array()) {
    const std::string name = c["name"].as_string();
    CAPTURE(name);
    auto it = calls.find(name);
    REQUIRE_MESSAGE(it != calls.end(), "no C++ call for golden case " << name);
    ++seen;
    const Tensor got = it->second();
    if (c.contains("value")) {
      CHECK(golden::compare(got, c["value"], name, golden::Tolerance{1e-6, 1e-7}) == "");
    } else {
      CHECK(got.sizes().vec() == golden::int_list(c["shape"]));
      CHECK(got.strides().vec() == golden::int_list(c["strides"]));
    }
  }
  CHECK(seen == calls.size());  // every call has its PyTorch result
}

TEST_CASE("memory formats: is_contiguous, suggest_memory_format, contiguous keeps values") {
  const Tensor x = x4();
  const Tensor cl = x.contiguous(MemoryFormat::ChannelsLast);
  CHECK(cl.is_contiguous(MemoryFormat::ChannelsLast));
  CHECK_FALSE(cl.is_contiguous());
  CHECK((cl.suggest_memory_format() == MemoryFormat::ChannelsLast));
  CHECK((x.suggest_memory_format() == MemoryFormat::Contiguous));
  CHECK(values(cl) == values(x));  // same elements, other strides
  CHECK(cl.contiguous().is_contiguous());
  CHECK(values(cl.contiguous()) == values(x));
  CHECK_FALSE(xgrad::zeros({2, 3}).is_contiguous(MemoryFormat::ChannelsLast));  // wrong rank: just false
  CHECK(cl.contiguous(MemoryFormat::ChannelsLast).is_same(cl));  // already in the format: itself

  // Gradients pass through the copies whatever their strides.
  Tensor w = xgrad::randn({2, 3, 4, 5}, xgrad::kDouble).requires_grad_();
  CHECK(gradcheck([](const Inputs& in) { return in[0].contiguous(MemoryFormat::ChannelsLast) * 2; }, {w}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].transpose(1, 3).clone(); }, {w}));

  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 3}).contiguous(MemoryFormat::ChannelsLast),
                       "contiguous: required rank 4 tensor to use ChannelsLast format", xgrad::Error);
  CHECK_THROWS_WITH_AS(x.contiguous(MemoryFormat::Preserve),
                       "contiguous: preserve memory format is unsupported by the contiguous operator", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({2}, {}, MemoryFormat::Preserve), "empty: preserve memory format is unsupported",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty_strided({2, 3}, {1}),
                       "empty_strided: mismatch in length of strides and shape (sizes [2, 3], strides [1])",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::TensorOptions().layout(xgrad::kSparse),
                       "TensorOptions: layout Sparse is not supported: xgrad has strided tensors only", xgrad::Error);
  CHECK((xgrad::zeros({2}, xgrad::kStrided).layout() == xgrad::kStrided));
}

TEST_CASE("windows and logspace: errors as libtorch's") {
  CHECK_THROWS_WITH_AS(xgrad::hann_window(-1), "hann_window requires non-negative window_length, got window_length=-1",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::hann_window(3, xgrad::kLong), "hann_window expects floating point dtypes, got: Long",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::logspace(0, 1, -2), "logspace: number of steps must be non-negative, got -2",
                       xgrad::Error);
  CHECK(xgrad::hann_window(4, xgrad::TensorOptions().requires_grad(true)).requires_grad());
}

TEST_CASE("new_*: dtype from self unless given, never requires grad unless asked") {
  const Tensor w = xgrad::ones({2}, xgrad::kDouble).requires_grad_();
  CHECK_FALSE(w.new_zeros({3}).requires_grad());
  CHECK((w.new_empty({2, 2}).scalar_type() == xgrad::kDouble));
  CHECK(w.new_empty({2, 2}).sizes().vec() == S{2, 2});
  CHECK(w.new_ones({1}, xgrad::TensorOptions().requires_grad(true)).requires_grad());
  CHECK(w.new_empty_strided({2, 3}, {1, 2}).strides().vec() == S{1, 2});
  CHECK_THROWS_WITH_AS(Tensor().new_zeros({2}), "new_zeros: expected a defined tensor, got an undefined one",
                       xgrad::Error);
}

namespace {
double mean_of(const Tensor& t) { return t.to(xgrad::kDouble).mean().item<double>(); }
double var_of(const Tensor& t) { return t.to(xgrad::kDouble).var().item<double>(); }
}  // namespace

TEST_CASE("random fills: reproducible, in range, with the distribution's moments") {
  constexpr int64_t n = 40000;
  // Within 5 standard errors of the true mean (sd / sqrt(n)): fails by chance about once in 3 million.
  auto near_mean = [](const Tensor& t, double mu, double sd) {
    return std::abs(mean_of(t) - mu) < 5 * sd / std::sqrt(double(n));
  };

  xgrad::manual_seed(7);
  const Tensor b1 = xgrad::empty({n}).bernoulli_(0.3);
  xgrad::manual_seed(7);
  const Tensor b2 = xgrad::empty({n}).bernoulli_(0.3);
  CHECK(values(b1) == values(b2));
  CHECK(near_mean(b1, 0.3, std::sqrt(0.3 * 0.7)));
  CHECK((b1.eq(0) + b1.eq(1)).all().item<bool>());

  const Tensor e = xgrad::empty({n}, xgrad::kDouble).exponential_(2.0);
  CHECK(near_mean(e, 0.5, 0.5));
  CHECK(e.min().item<double>() >= 0);

  const Tensor g = xgrad::empty({n}, xgrad::kDouble).geometric_(0.25);
  CHECK(near_mean(g, 4.0, std::sqrt(0.75) / 0.25));
  CHECK(g.min().item<double>() >= 1);
  CHECK((g - g.to(xgrad::kLong).to(xgrad::kDouble)).abs().max().item<double>() == 0);

  const Tensor ln = xgrad::empty({n}, xgrad::kDouble).log_normal_(0.0, 0.5);
  CHECK(near_mean(ln.log(), 0.0, 0.5));

  const Tensor c = xgrad::empty({n}, xgrad::kDouble).cauchy_(1.0, 2.0);
  // The Cauchy has no mean: its median is the location, and half its mass lies within one scale of it.
  const double inside = ((c - 1.0).abs() < 2.0).to(xgrad::kDouble).mean().item<double>();
  CHECK(std::abs(inside - 0.5) < 5 * 0.5 / std::sqrt(double(n)));

  const Tensor r = xgrad::empty({n}, xgrad::kLong).random_(3, 9);
  CHECK(r.min().item<int64_t>() == 3);
  CHECK(r.max().item<int64_t>() == 8);
  CHECK(xgrad::empty({n}, xgrad::kLong).random_(4).max().item<int64_t>() == 3);
  const Tensor bytes = xgrad::empty({n}, xgrad::kByte).random_();
  CHECK(bytes.to(xgrad::kLong).max().item<int64_t>() == 255);  // every value of the dtype can come
  const Tensor floats = xgrad::empty({1000}).random_();
  CHECK((floats - floats.to(xgrad::kLong).to(xgrad::kFloat)).abs().max().item<double>() == 0);
  CHECK(floats.max().item<double>() <= 16777216.0);

  // Strided tensors are filled through their views.
  Tensor base = xgrad::zeros({4, 6});
  base.slice(1, 0, 6, 2).bernoulli_(1.0);
  CHECK(values(base.sum(std::vector<int64_t>{0})) == test_helpers::V{4, 0, 4, 0, 4, 0});

  CHECK_THROWS_WITH_AS(xgrad::empty({2}).bernoulli_(1.5), "bernoulli_ expects p to be in [0, 1], but got p=1.5",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({2}).geometric_(0), "geometric_ expects p to be in (0, 1), but got p=0",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({2}).exponential_(-1), "exponential_ expects lambda >= 0.0, but found lambda=-1",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({2}).log_normal_(1, -1), "log_normal_ expects std > 0.0, but found std=-1",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({2}, xgrad::kLong).random_(5, 2),
                       "random_ expects 'from' to be less than 'to', but got from=5 >= to=2", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({2}).bernoulli_(xgrad::tensor({0.5, 1.5})),
                       "bernoulli_: Expected p_in >= 0 && p_in <= 1 to be true, but got false (p = 1.5)", xgrad::Error);
}

TEST_CASE("random fills under autograd: the old values get a zero gradient, with PyTorch's node names") {
  const std::vector<std::pair<std::string, std::function<Tensor(const Tensor&)>>> fills = {
      {"BernoulliBackward2", [](const Tensor& t) { return t.bernoulli_(0.5); }},
      {"BernoulliBackward1", [](const Tensor& t) { return t.bernoulli_(xgrad::full({3}, 0.5)); }},
      {"CauchyBackward0", [](const Tensor& t) { return t.cauchy_(); }},
      {"ExponentialBackward0", [](const Tensor& t) { return t.exponential_(); }},
      {"GeometricBackward0", [](const Tensor& t) { return t.geometric_(0.5); }},
      {"LogNormalBackward0", [](const Tensor& t) { return t.log_normal_(); }},
      {"RandomBackward0", [](const Tensor& t) { return t.random_(0, 5); }},
      {"RandomBackward1", [](const Tensor& t) { return t.random_(5); }},
      {"RandomBackward2", [](const Tensor& t) { return t.random_(); }},
  };
  for (const auto& [name, fill] : fills) {
    CAPTURE(name);
    Tensor w = xgrad::ones({3}).requires_grad_();
    Tensor y = w * 3;
    fill(y);
    REQUIRE(y.grad_fn());
    CHECK(y.grad_fn()->name() == name);
    (y * 2).sum().backward();
    CHECK(values(w.grad()) == test_helpers::V{0, 0, 0});
  }
  CHECK_THROWS_WITH_AS(xgrad::ones({2}).requires_grad_().exponential_(),
                       "a leaf Variable that requires grad is being used in an in-place operation.", xgrad::Error);
}

TEST_CASE("samplers: bernoulli, normal, poisson, binomial, multinomial") {
  constexpr int64_t n = 40000;
  const double se = 5 / std::sqrt(double(n));
  xgrad::manual_seed(11);
  const Tensor p = xgrad::full({n}, 0.8, xgrad::kDouble);
  CHECK(std::abs(mean_of(xgrad::bernoulli(p)) - 0.8) < se * 0.4);
  CHECK(std::abs(mean_of(p.bernoulli(0.1)) - 0.1) < se * 0.3);
  CHECK(std::abs(mean_of(xgrad::normal(xgrad::full({n}, 3.0), 2.0)) - 3.0) < se * 2);
  CHECK(std::abs(var_of(xgrad::normal(-1.0, xgrad::full({n}, 0.5))) - 0.25) < 0.02);
  const Tensor nn = xgrad::normal(xgrad::zeros({n, 1}), xgrad::full({1, 2}, 1.0));
  CHECK(nn.sizes().vec() == S{n, 2});  // broadcast
  CHECK((xgrad::normal(2.0, 3.0, {n}, xgrad::kDouble).scalar_type() == xgrad::kDouble));
  CHECK(std::abs(mean_of(xgrad::normal(2.0, 3.0, {n})) - 2.0) < se * 3);
  const Tensor pois = xgrad::poisson(xgrad::full({n}, 4.5));
  CHECK(std::abs(mean_of(pois) - 4.5) < se * std::sqrt(4.5));
  CHECK(std::abs(var_of(pois) - 4.5) < 0.2);
  CHECK(xgrad::poisson(xgrad::zeros({3})).sum().item<double>() == 0);
  const Tensor bin = xgrad::binomial(xgrad::full({n}, 10.0), xgrad::full({n}, 0.3));
  CHECK(std::abs(mean_of(bin) - 3.0) < se * std::sqrt(2.1));
  CHECK(bin.max().item<double>() <= 10);

  // Samplers are not reparameterised: zero gradients, PyTorch's node names.
  Tensor mean = xgrad::zeros({3}).requires_grad_();
  Tensor sd = xgrad::ones({3}).requires_grad_();
  Tensor y = xgrad::normal(mean, sd);
  CHECK(y.grad_fn()->name() == "NormalBackward3");
  y.sum().backward();
  CHECK(values(mean.grad()) == test_helpers::V{0, 0, 0});
  CHECK(values(sd.grad()) == test_helpers::V{0, 0, 0});
  CHECK(xgrad::normal(mean, 1.0).grad_fn()->name() == "NormalBackward1");
  CHECK(xgrad::normal(0.0, sd).grad_fn()->name() == "NormalBackward2");
  CHECK(xgrad::bernoulli(sd * 0.5).grad_fn()->name() == "BernoulliBackward0");
  CHECK(xgrad::poisson(sd).grad_fn()->name() == "PoissonBackward0");

  // multinomial: frequencies follow the weights; without replacement each index at most once.
  const Tensor w = xgrad::tensor({1.0, 0.0, 3.0});
  const Tensor draws = w.multinomial(n, true);
  CHECK((draws.scalar_type() == xgrad::kLong));
  CHECK(draws.eq(1).sum().item<int64_t>() == 0);
  CHECK(std::abs(mean_of(draws.eq(2)) - 0.75) < se * std::sqrt(0.75 * 0.25));
  const Tensor perm = xgrad::multinomial(xgrad::ones({2, 5}), 5);
  CHECK(perm.sizes().vec() == S{2, 5});
  for (int64_t k = 0; k < 5; ++k) CHECK(values(perm.eq(k).sum(std::vector<int64_t>{1})) == test_helpers::V{1, 1});
  // A zero-weight category comes only after every positive one, as in PyTorch.
  CHECK(values(xgrad::multinomial(xgrad::tensor({1.0, 0.0}), 2)) == test_helpers::V{0, 1});

  CHECK_THROWS_WITH_AS(xgrad::multinomial(xgrad::tensor({1.0, -1.0}), 1),
                       "probability tensor contains either `inf`, `nan` or element < 0", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::multinomial(xgrad::tensor({0.0, 0.0}), 1),
                       "invalid multinomial distribution (sum of probabilities <= 0)", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::multinomial(xgrad::tensor({1.0, 1.0}), 3),
                       "cannot sample n_sample > prob_dist.size(-1) samples without replacement", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::multinomial(xgrad::ones({1, 1, 1}), 1), "prob_dist must be 1 or 2 dim", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::multinomial(xgrad::tensor({1, 2}), 1),
                       "multinomial only supports floating-point dtypes for input, got: Long", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::multinomial(xgrad::tensor({1.0, 2.0}), 0), "cannot sample n_sample <= 0 samples",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::normal(xgrad::zeros({2}), -1.0), "normal expects std >= 0.0, but found std -1",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::normal(xgrad::zeros({2}), xgrad::tensor({-1.0, 1.0})),
                       "normal expects all elements of std >= 0.0", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::poisson(xgrad::tensor({-1.0})), "invalid Poisson rate, expected rate to be non-negative",
                       xgrad::Error);
}

TEST_CASE("resize_ and resize_as_: keep the data that fits, grow the storage its views share") {
  Tensor a = xgrad::arange(6.0);
  const Tensor view = a.slice(0, 0, 6);
  a.resize_({2, 2});
  CHECK(a.sizes().vec() == S{2, 2});
  CHECK(values(a) == test_helpers::V{0, 1, 2, 3});
  a.resize_({3, 4});
  const test_helpers::V grown = values(a);
  CHECK(grown.size() == 12);
  CHECK(test_helpers::V(grown.begin(), grown.begin() + 6) == test_helpers::V{0, 1, 2, 3, 4, 5});
  a.fill_(7);
  CHECK(values(view) == test_helpers::V{7, 7, 7, 7, 7, 7});  // the view sees the grown storage
  Tensor b = xgrad::zeros({5});
  b.resize_as_(xgrad::zeros({2, 3, 1}));
  CHECK(b.sizes().vec() == S{2, 3, 1});
  CHECK(a.resize_({2, 3, 4, 5}, MemoryFormat::ChannelsLast).is_contiguous(MemoryFormat::ChannelsLast));

  CHECK_THROWS_WITH_AS(xgrad::ones({2}).requires_grad_().resize_({3}), "cannot resize variables that require grad",
                       xgrad::Error);
  float buffer[2] = {1, 2};
  CHECK_THROWS_WITH_AS(xgrad::from_blob(buffer, {2}).resize_({3}), "Trying to resize storage that is not resizable",
                       xgrad::Error);
  CHECK(xgrad::from_blob(buffer, {2}).resize_({1}).numel() == 1);  // shrinking needs no new memory
}

TEST_CASE("InferenceMode: no graph, inference tensors, and libtorch's error when one is saved for backward") {
  Tensor w = xgrad::ones({2}).requires_grad_();
  Tensor made;
  {
    xgrad::InferenceMode guard;
    CHECK(xgrad::InferenceMode::is_enabled());
    CHECK_FALSE(xgrad::GradMode::is_enabled());
    made = w * 2;
    CHECK_FALSE(made.requires_grad());
    CHECK(made.is_inference());
    CHECK(made.slice(0, 0, 1).is_inference());
    {
      xgrad::InferenceMode off(false);
      CHECK_FALSE(xgrad::InferenceMode::is_enabled());
      CHECK(xgrad::GradMode::is_enabled());
      CHECK_FALSE(xgrad::ones({1}).is_inference());
    }
    CHECK(xgrad::InferenceMode::is_enabled());
  }
  CHECK_FALSE(xgrad::InferenceMode::is_enabled());
  CHECK(xgrad::GradMode::is_enabled());
  CHECK_FALSE(w.is_inference());
  CHECK(xgrad::is_inference(made));
  CHECK_THROWS_WITH_AS(w * made,
                       "Inference tensors cannot be saved for backward. To work around you can make a clone to get a "
                       "normal tensor and use it in autograd.",
                       xgrad::Error);
  CHECK((w * made.clone()).requires_grad());  // the clone is a normal tensor
}

TEST_CASE("metadata: predicates, sizes, devices and print") {
  const Tensor f = xgrad::zeros({2, 3});
  CHECK(f.is_signed());
  CHECK_FALSE(xgrad::zeros({1}, xgrad::kByte).is_signed());
  CHECK_FALSE(xgrad::zeros({1}, xgrad::kBool).is_signed());
  CHECK(xgrad::zeros({1}, xgrad::kLong).is_signed());
  CHECK_FALSE(f.is_complex());
  CHECK_FALSE(xgrad::is_complex(f));
  CHECK(xgrad::is_floating_point(f));
  CHECK_FALSE(xgrad::is_floating_point(xgrad::zeros({1}, xgrad::kLong)));
  CHECK(f.is_same_size(xgrad::ones({2, 3})));
  CHECK_FALSE(xgrad::is_same_size(f, xgrad::ones({3, 2})));
  CHECK(xgrad::numel(f) == 6);
  CHECK(xgrad::size(f, -1) == 3);
  CHECK(xgrad::stride(f, 0) == 3);
  CHECK(f.get_device() == -1);
  CHECK(f.itemsize() == 4);
  CHECK(xgrad::zeros({1}, xgrad::kDouble).itemsize() == 8);
  CHECK((f.layout() == xgrad::kStrided));
  const Tensor t = xgrad::ones({2}).requires_grad_().type_as(xgrad::zeros({1}, xgrad::kDouble));
  CHECK((t.scalar_type() == xgrad::kDouble));
  CHECK(t.grad_fn()->name() == "ToCopyBackward0");

  std::ostringstream captured;
  std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
  f.print();
  Tensor().print();
  std::cerr.rdbuf(old);
  CHECK(captured.str() == "[CPUFloatType [2, 3]]\n[UndefinedTensor]\n");
  std::ostringstream names;
  names << xgrad::kStrided << " " << MemoryFormat::ChannelsLast;
  CHECK(names.str() == "Strided ChannelsLast");
}

TEST_CASE("accessor: element access through the strides, checked once") {
  Tensor t = xgrad::arange(6.0).reshape({2, 3});
  auto a = t.accessor<float, 2>();
  CHECK(a[1][2] == 5);
  CHECK(a.size(1) == 3);
  CHECK(a[1].stride(0) == 1);
  a[0][1] = 10;
  CHECK(t[0][1].item<float>() == 10);  // writes reach the tensor
  const Tensor tt = t.t();
  auto b = tt.accessor<float, 2>();
  CHECK(b[2][1] == 5);
  CHECK(b[1][0] == 10);
  CHECK_THROWS_WITH_AS((t.accessor<float, 3>()), "TensorAccessor expected 3 dims but tensor has 2", xgrad::Error);
  CHECK_THROWS_WITH_AS((t.accessor<double, 2>()), "data_ptr: expected scalar type Double but found Float", xgrad::Error);
}
