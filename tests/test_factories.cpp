// Factories: values, dtypes, sizes, requires_grad, random reproducibility and error messages.
// Values are read through data_ptr, so only the autograd case of uniform_ uses other op families.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <thread>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include "test_helpers.h"

using test_helpers::dtype_of;
using xgrad::Tensor;

namespace {
template <typename T>
std::vector<T> values(const Tensor& t) {
  REQUIRE(t.is_contiguous());
  const T* p = t.data_ptr<T>();
  return std::vector<T>(p, p + t.numel());
}
std::vector<int64_t> sizes(const Tensor& t) { return t.sizes().vec(); }
}  // namespace

TEST_CASE("tensor: literals, nesting and dtypes") {
  Tensor a = xgrad::tensor({1, 2, 3});
  CHECK(dtype_of(a) == "Long");
  CHECK(sizes(a) == std::vector<int64_t>{3});
  CHECK(values<int64_t>(a) == std::vector<int64_t>{1, 2, 3});

  Tensor b = xgrad::tensor({{1, 2}, {3, 4}});
  CHECK(dtype_of(b) == "Long");
  CHECK(sizes(b) == std::vector<int64_t>{2, 2});
  CHECK(values<int64_t>(b) == std::vector<int64_t>{1, 2, 3, 4});

  Tensor c = xgrad::tensor({{{1.5}, {2.5}}, {{3.5}, {4.5}}});
  CHECK(dtype_of(c) == "Float");
  CHECK(sizes(c) == std::vector<int64_t>{2, 2, 1});
  CHECK(values<float>(c) == std::vector<float>{1.5f, 2.5f, 3.5f, 4.5f});

  CHECK(dtype_of(xgrad::tensor({true, false})) == "Bool");
  CHECK(values<bool>(xgrad::tensor({true, false})) == std::vector<bool>{true, false});
  CHECK(dtype_of(xgrad::tensor({uint8_t{7}})) == "Byte");
}

TEST_CASE("tensor: mixed literals promote bool < integer < floating") {
  Tensor t = xgrad::tensor({1, 2.5});
  CHECK(dtype_of(t) == "Float");
  CHECK(values<float>(t) == std::vector<float>{1.0f, 2.5f});
  Tensor u = xgrad::tensor({true, 3});
  CHECK(dtype_of(u) == "Long");
  CHECK(values<int64_t>(u) == std::vector<int64_t>{1, 3});
  CHECK(dtype_of(xgrad::tensor({{1, 2}, {3.5, 4}})) == "Float");
}

TEST_CASE("tensor: scalars, vectors, options") {
  Tensor s = xgrad::tensor(1.5);
  CHECK(s.dim() == 0);
  CHECK(s.numel() == 1);
  CHECK(s.item<float>() == 1.5f);
  CHECK(dtype_of(xgrad::tensor(7)) == "Long");

  Tensor d = xgrad::tensor({1, 2}, xgrad::kDouble);  // options' dtype wins
  CHECK(dtype_of(d) == "Double");
  CHECK(values<double>(d) == std::vector<double>{1.0, 2.0});

  Tensor v = xgrad::tensor(std::vector<float>{0.5f, 1.5f});
  CHECK(dtype_of(v) == "Float");
  CHECK(values<float>(v) == std::vector<float>{0.5f, 1.5f});
  CHECK(dtype_of(xgrad::tensor(std::vector<int64_t>{4, 5})) == "Long");

  Tensor g = xgrad::tensor({1.0, 2.0}, xgrad::requires_grad());
  CHECK(g.requires_grad());
  CHECK(g.is_leaf());
  CHECK_FALSE(xgrad::tensor({1.0}).requires_grad());

  Tensor e = xgrad::tensor({});
  CHECK(sizes(e) == std::vector<int64_t>{0});
  CHECK(dtype_of(e) == "Float");
}

TEST_CASE("tensor: ragged lists are an error") {
  CHECK_THROWS_WITH_AS(xgrad::tensor({{1, 2}, {3}}),
                       doctest::Contains("tensor: expected all sub-lists to have the same length"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({{1, 2}, {3}}), doctest::Contains("[2]"), xgrad::Error);
  CHECK_THROWS_AS(xgrad::tensor({{1, 2}, 3}), xgrad::Error);
}

TEST_CASE("from_blob: shares memory and never copies") {
  std::vector<float> data{1, 2, 3, 4, 5, 6};
  Tensor t = xgrad::from_blob(data.data(), {2, 3});
  CHECK(dtype_of(t) == "Float");
  CHECK(sizes(t) == std::vector<int64_t>{2, 3});
  CHECK(t.data_ptr<float>() == data.data());
  t.data_ptr<float>()[4] = 50;  // writes through to the caller's buffer
  CHECK(data[4] == 50);
  data[0] = -1;  // and the tensor sees the caller's writes
  CHECK(t.data_ptr<float>()[0] == -1);

  std::vector<int64_t> longs{1, 2, 3, 4, 5, 6};
  Tensor s = xgrad::from_blob(longs.data(), {3, 2}, {1, 3}, xgrad::kLong);  // a transposed view
  CHECK(s.strides().vec() == std::vector<int64_t>{1, 3});
  CHECK_FALSE(s.is_contiguous());
  CHECK(s.data_ptr<int64_t>()[s.stride(0) * 2 + s.stride(1) * 1] == 6);

  Tensor r = xgrad::from_blob(data.data(), {6}, xgrad::requires_grad());
  CHECK(r.requires_grad());
}

TEST_CASE("from_blob: the deleter runs when the last tensor dies") {
  int deleted = 0;
  float* buffer = new float[4]{1, 2, 3, 4};
  {
    Tensor t = xgrad::from_blob(buffer, {4}, [&](void* p) {
      ++deleted;
      delete[] static_cast<float*>(p);
    });
    Tensor copy = t;  // a second handle on the same storage
    t = Tensor();
    CHECK(deleted == 0);
    CHECK(copy.data_ptr<float>()[3] == 4);
  }
  CHECK(deleted == 1);
}

TEST_CASE("from_blob: errors") {
  float x = 0;
  CHECK_THROWS_WITH_AS(xgrad::from_blob(&x, {1, 1}, {1}), doctest::Contains("from_blob"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::from_blob(nullptr, {2}), doctest::Contains("from_blob: data is null"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::from_blob(&x, {1}, xgrad::dtype(xgrad::kLong).requires_grad(true)),
                       doctest::Contains("Long"), xgrad::Error);
}

TEST_CASE("empty, zeros, ones, full") {
  Tensor e = xgrad::empty({2, 3});
  CHECK(sizes(e) == std::vector<int64_t>{2, 3});
  CHECK(e.strides().vec() == std::vector<int64_t>{3, 1});
  CHECK(dtype_of(e) == "Float");
  CHECK(xgrad::empty({0, 4}).numel() == 0);
  CHECK(xgrad::empty({}).dim() == 0);

  CHECK(values<float>(xgrad::zeros({3})) == std::vector<float>{0, 0, 0});
  CHECK(values<int64_t>(xgrad::zeros({2}, xgrad::kLong)) == std::vector<int64_t>{0, 0});
  CHECK(values<bool>(xgrad::zeros({2}, xgrad::kBool)) == std::vector<bool>{false, false});
  CHECK(values<double>(xgrad::ones({2, 2}, xgrad::kDouble)) == std::vector<double>{1, 1, 1, 1});
  CHECK(values<uint8_t>(xgrad::ones({2}, xgrad::kByte)) == std::vector<uint8_t>{1, 1});

  Tensor fi = xgrad::full({2}, 3);
  CHECK(dtype_of(fi) == "Long");
  CHECK(values<int64_t>(fi) == std::vector<int64_t>{3, 3});
  Tensor ff = xgrad::full({2}, 3.5);
  CHECK(dtype_of(ff) == "Float");
  CHECK(values<float>(ff) == std::vector<float>{3.5f, 3.5f});
  CHECK(dtype_of(xgrad::full({1}, true)) == "Bool");
  CHECK(values<double>(xgrad::full({2}, 2, xgrad::kDouble)) == std::vector<double>{2, 2});

  Tensor g = xgrad::zeros({2}, xgrad::requires_grad());
  CHECK(g.requires_grad());
  CHECK(g.is_leaf());
}

TEST_CASE("eye") {
  Tensor i = xgrad::eye(3);
  CHECK(sizes(i) == std::vector<int64_t>{3, 3});
  CHECK(values<float>(i) == std::vector<float>{1, 0, 0, 0, 1, 0, 0, 0, 1});
  Tensor r = xgrad::eye(2, 3, xgrad::kLong);
  CHECK(dtype_of(r) == "Long");
  CHECK(values<int64_t>(r) == std::vector<int64_t>{1, 0, 0, 0, 1, 0});
  CHECK(values<float>(xgrad::eye(3, 2)) == std::vector<float>{1, 0, 0, 1, 0, 0});
  CHECK_THROWS_WITH_AS(xgrad::eye(-1), doctest::Contains("eye"), xgrad::Error);
}

TEST_CASE("arange") {
  Tensor a = xgrad::arange(5);
  CHECK(dtype_of(a) == "Long");
  CHECK(values<int64_t>(a) == std::vector<int64_t>{0, 1, 2, 3, 4});
  CHECK(values<int64_t>(xgrad::arange(2, 5)) == std::vector<int64_t>{2, 3, 4});
  CHECK(values<int64_t>(xgrad::arange(0, 5, 2)) == std::vector<int64_t>{0, 2, 4});
  CHECK(values<int64_t>(xgrad::arange(5, 0, -2)) == std::vector<int64_t>{5, 3, 1});
  CHECK(xgrad::arange(3, 3).numel() == 0);

  Tensor f = xgrad::arange(0.0, 1.0, 0.25);
  CHECK(dtype_of(f) == "Float");
  CHECK(values<float>(f) == std::vector<float>{0, 0.25f, 0.5f, 0.75f});
  CHECK(dtype_of(xgrad::arange(5.0)) == "Float");
  // ceil((1 - 0) / 0.3) = 4, as libtorch.
  CHECK(xgrad::arange(0.0, 1.0, 0.3).numel() == 4);
  CHECK(values<double>(xgrad::arange(3, xgrad::kDouble)) == std::vector<double>{0, 1, 2});
  CHECK(xgrad::arange(3, xgrad::dtype(xgrad::kFloat).requires_grad(true)).requires_grad());

  CHECK_THROWS_WITH_AS(xgrad::arange(0, 5, 0), doctest::Contains("arange: step must be nonzero"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::arange(0, 5, -1), doctest::Contains("arange"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::arange(0, 5, -1), doctest::Contains("step=-1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::arange(3, xgrad::kBool), doctest::Contains("arange"), xgrad::Error);
}

TEST_CASE("linspace") {
  Tensor l = xgrad::linspace(0, 1, 5);
  CHECK(dtype_of(l) == "Float");
  CHECK(values<float>(l) == std::vector<float>{0, 0.25f, 0.5f, 0.75f, 1});
  // Both ends exact, as PyTorch's symmetric formula gives.
  Tensor m = xgrad::linspace(-1.3, 2.7, 11);
  CHECK(values<float>(m).front() == -1.3f);
  CHECK(values<float>(m).back() == 2.7f);
  CHECK(values<int64_t>(xgrad::linspace(0, 10, 4, xgrad::kLong)) == std::vector<int64_t>{0, 3, 6, 10});
  CHECK(values<float>(xgrad::linspace(2, 3, 1)) == std::vector<float>{2});
  CHECK(xgrad::linspace(2, 3, 0).numel() == 0);
  CHECK_THROWS_WITH_AS(xgrad::linspace(0, 1, -1), doctest::Contains("linspace"), xgrad::Error);
}

TEST_CASE("rand and uniform_") {
  Tensor r = xgrad::rand({1000});
  CHECK(dtype_of(r) == "Float");
  for (float v : values<float>(r)) {
    CHECK(v >= 0.0f);
    CHECK(v < 1.0f);
  }
  Tensor d = xgrad::rand({2, 3}, xgrad::kDouble);
  CHECK(dtype_of(d) == "Double");
  CHECK(sizes(d) == std::vector<int64_t>{2, 3});
  CHECK_THROWS_WITH_AS(xgrad::rand({2}, xgrad::kLong), doctest::Contains("rand"), xgrad::Error);

  Tensor u = xgrad::empty({1000});
  CHECK(&u.uniform_(-2, 3) == &u);
  const auto uv = values<float>(u);
  CHECK(*std::min_element(uv.begin(), uv.end()) >= -2.0f);
  CHECK(*std::max_element(uv.begin(), uv.end()) <= 3.0f);
  CHECK(*std::min_element(uv.begin(), uv.end()) < -1.9f);  // it covers the range
  CHECK(*std::max_element(uv.begin(), uv.end()) > 2.9f);
  CHECK_THROWS_WITH_AS(u.uniform_(1, 0), doctest::Contains("uniform_"), xgrad::Error);
  Tensor l = xgrad::zeros({2}, xgrad::kLong);
  CHECK_THROWS_WITH_AS(l.uniform_(), doctest::Contains("uniform_"), xgrad::Error);
}

TEST_CASE("randn and normal_: moments over 100000 samples") {
  xgrad::manual_seed(0);
  Tensor n = xgrad::randn({100000});
  const auto v = values<float>(n);
  double sum = 0, sq = 0;
  for (float x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  for (float x : v) sq += (x - mean) * (x - mean);
  const double std = std::sqrt(sq / static_cast<double>(v.size() - 1));
  CHECK(std::fabs(mean) < 0.02);  // standard error 0.003
  CHECK(std::fabs(std - 1) < 0.02);

  Tensor m = xgrad::empty({100001}, xgrad::kDouble);  // odd: the last Box-Muller pair is half used
  m.normal_(3, 0.5);
  const auto w = values<double>(m);
  double s2 = 0;
  for (double x : w) s2 += x;
  CHECK(std::fabs(s2 / static_cast<double>(w.size()) - 3) < 0.01);
  CHECK(std::isfinite(w.back()));
  CHECK_THROWS_WITH_AS(m.normal_(0, -1), doctest::Contains("normal_"), xgrad::Error);
}

TEST_CASE("randint") {
  Tensor r = xgrad::randint(10, {1000});
  CHECK(dtype_of(r) == "Long");
  std::vector<int> seen(10, 0);
  for (int64_t v : values<int64_t>(r)) {
    REQUIRE(v >= 0);
    REQUIRE(v < 10);
    ++seen[static_cast<size_t>(v)];
  }
  for (int c : seen) CHECK(c > 0);
  for (int64_t v : values<int64_t>(xgrad::randint(-3, 3, {500}))) {
    CHECK(v >= -3);
    CHECK(v < 3);
  }
  Tensor f = xgrad::randint(0, 4, {100}, xgrad::kFloat);
  CHECK(dtype_of(f) == "Float");
  for (float v : values<float>(f)) CHECK(v == std::floor(v));
  CHECK_THROWS_WITH_AS(xgrad::randint(5, 5, {2}), doctest::Contains("randint"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::randint(0, 300, {2}, xgrad::kByte), doctest::Contains("Byte"), xgrad::Error);
}

TEST_CASE("randperm is a permutation") {
  Tensor p = xgrad::randperm(1000);
  CHECK(dtype_of(p) == "Long");
  auto v = values<int64_t>(p);
  std::vector<int64_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  CHECK(v != identity);  // shuffled (a 1 in 1000! chance of failing)
  std::sort(v.begin(), v.end());
  CHECK(v == identity);
  CHECK(xgrad::randperm(0).numel() == 0);
  CHECK(values<float>(xgrad::randperm(1, xgrad::kFloat)) == std::vector<float>{0});
  CHECK_THROWS_WITH_AS(xgrad::randperm(-1), doctest::Contains("randperm"), xgrad::Error);
}

TEST_CASE("manual_seed makes every random factory reproducible") {
  auto draw = [] {
    Tensor u = xgrad::empty({7});
    u.uniform_(-1, 1);
    Tensor n = xgrad::empty({5}, xgrad::kDouble);
    n.normal_(2, 3);
    return std::make_tuple(values<float>(xgrad::rand({9})), values<float>(xgrad::randn({9})),
                           values<int64_t>(xgrad::randint(0, 100, {9})), values<int64_t>(xgrad::randperm(9)),
                           values<float>(u), values<double>(n));
  };
  xgrad::manual_seed(42);
  const auto first = draw();
  const auto second = draw();
  CHECK(first != second);  // the generator moves on
  xgrad::manual_seed(42);
  CHECK(draw() == first);
  xgrad::manual_seed(43);
  CHECK(draw() != first);
}

TEST_CASE("random fills: strided tensors, threads, autograd") {
  // A non-contiguous target gets the same numbers as a contiguous one, in logical order.
  xgrad::manual_seed(7);
  const auto expected = values<float>(xgrad::rand({6}));
  std::vector<float> data(6, -1);
  Tensor t = xgrad::from_blob(data.data(), {2, 3}, {1, 2});  // column-major
  xgrad::manual_seed(7);
  t.uniform_();
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      CHECK(data[static_cast<size_t>(i + 2 * j)] == expected[static_cast<size_t>(i * 3 + j)]);

  // Concurrent draws from the one generator stay well formed.
  std::vector<std::thread> workers;
  std::vector<Tensor> results(4);
  for (size_t k = 0; k < results.size(); ++k)
    workers.emplace_back([&results, k] { results[k] = xgrad::randperm(2000); });
  for (auto& w : workers) w.join();
  for (const Tensor& r : results) {
    auto v = values<int64_t>(r);
    std::sort(v.begin(), v.end());
    CHECK(v.front() == 0);
    CHECK(std::adjacent_find(v.begin(), v.end()) == v.end());
  }

  // A leaf that requires grad may only be filled under NoGradGuard (as nn::init does).
  Tensor w = xgrad::empty({3}, xgrad::requires_grad());
  CHECK_THROWS_WITH_AS(w.uniform_(), "a leaf Variable that requires grad is being used in an in-place operation.",
                       xgrad::Error);
  {
    xgrad::NoGradGuard guard;
    const uint32_t before = w._version();
    w.normal_();
    CHECK(w._version() == before + 1);
  }
  CHECK(w.requires_grad());
  CHECK(w.is_leaf());
}

TEST_CASE("uniform_ on a non-leaf: the overwritten values get a zero gradient") {
  Tensor x = xgrad::ones({3}, xgrad::requires_grad());
  Tensor y = x * 2;
  y.uniform_();
  REQUIRE(y.grad_fn());
  CHECK(y.grad_fn()->name() == "UniformBackward0");
  y.sum().backward();
  REQUIRE(x.grad().defined());
  CHECK(values<float>(x.grad()) == std::vector<float>{0, 0, 0});
  Tensor z = x * 3;
  z.normal_();
  CHECK(z.grad_fn()->name() == "NormalBackward0");
}

TEST_CASE("_like factories take sizes and dtype from self") {
  Tensor self = xgrad::zeros({2, 3}, xgrad::kDouble);
  for (const Tensor& t : {xgrad::empty_like(self), xgrad::zeros_like(self), xgrad::ones_like(self),
                          xgrad::full_like(self, 2), xgrad::rand_like(self), xgrad::randn_like(self)}) {
    CHECK(sizes(t) == std::vector<int64_t>{2, 3});
    CHECK(dtype_of(t) == "Double");
  }
  CHECK(values<double>(xgrad::ones_like(self)) == std::vector<double>(6, 1.0));
  CHECK(values<double>(xgrad::full_like(self, 2)) == std::vector<double>(6, 2.0));  // self's dtype, not the value's
  CHECK(dtype_of(xgrad::zeros_like(self, xgrad::kLong)) == "Long");

  Tensor ri = xgrad::randint_like(self, 5);
  CHECK(dtype_of(ri) == "Double");
  for (double v : values<double>(ri)) CHECK((v >= 0 && v < 5 && v == std::floor(v)));
  for (double v : values<double>(xgrad::randint_like(self, 3, 5))) CHECK((v >= 3 && v < 5));

  // requires_grad without a dtype keeps self's dtype.
  Tensor g = xgrad::zeros_like(self, xgrad::requires_grad());
  CHECK(dtype_of(g) == "Double");
  CHECK(g.requires_grad());
  Tensor longs = xgrad::zeros({2}, xgrad::kLong);
  CHECK_THROWS_WITH_AS(xgrad::zeros_like(longs, xgrad::requires_grad()), doctest::Contains("Long"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::rand_like(longs), doctest::Contains("rand"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros_like(Tensor()), doctest::Contains("zeros_like"), xgrad::Error);
}

TEST_CASE("factory errors name the op and the sizes") {
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, -1}), doctest::Contains("zeros"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, -1}), doctest::Contains("[2, -1]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({-3}), doctest::Contains("empty"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::rand({-1, 2}), doctest::Contains("rand"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2}, xgrad::dtype(xgrad::kLong).requires_grad(true)),
                       doctest::Contains("zeros: only Tensors of floating point dtype can require gradients "
                                         "(got Long)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::full({2}, 1, xgrad::requires_grad()), doctest::Contains("full"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::randint(10, {2}, xgrad::dtype(xgrad::kLong).requires_grad(true)),
                       doctest::Contains("randint"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}, xgrad::requires_grad()), doctest::Contains("tensor"), xgrad::Error);
}

TEST_CASE("full rejects a value its dtype cannot hold") {
  CHECK_THROWS_WITH_AS(xgrad::full({2}, 300, xgrad::kByte),
                       doctest::Contains("full: value 300 cannot be converted to type uint8_t without overflow"),
                       xgrad::Error);
  CHECK(xgrad::full({2}, 255, xgrad::kByte).data_ptr<uint8_t>()[0] == 255);
}

TEST_CASE("eye with a zero dim is empty") {
  CHECK(xgrad::eye(0).sizes().vec() == std::vector<int64_t>{0, 0});
  CHECK(xgrad::eye(3, 0).sizes().vec() == std::vector<int64_t>{3, 0});
  CHECK(xgrad::eye(0, 2, xgrad::kLong).numel() == 0);
}

TEST_CASE("arange rejects a size that does not fit int64 and a NaN step") {
  CHECK_THROWS_WITH_AS(xgrad::arange(0.0, 1e30, 1e-30), doctest::Contains("arange: invalid size, possible overflow?"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::arange(0.0, 1.0, std::nan("")), doctest::Contains("arange: step must be nonzero"),
                       xgrad::Error);
}

TEST_CASE("a shape whose element count overflows is an error, not a small allocation") {
  CHECK_THROWS_WITH_AS(xgrad::empty({int64_t{1} << 31, int64_t{1} << 31, 4}, xgrad::kByte),
                       "empty: shape [2147483648, 2147483648, 4] is too large (its number of elements overflows int64)",
                       xgrad::Error);
}

TEST_CASE("set_num_threads sets the BLAS threads; zero is an error") {
  const int before = xgrad::get_num_threads();
  xgrad::set_num_threads(1);
  CHECK(xgrad::get_num_threads() == 1);
  xgrad::set_num_threads(2);
  CHECK(xgrad::get_num_threads() == 2);
  xgrad::set_num_threads(before);
  CHECK_THROWS_WITH_AS(xgrad::set_num_threads(0), "set_num_threads: expected a positive number of threads, got 0",
                       xgrad::Error);
}
