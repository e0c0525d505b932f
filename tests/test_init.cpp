// nn::init: fans, gains and the statistics and bounds of every initialisation against PyTorch's
// formulas (torch/nn/init.py; the gains below are PyTorch 1.13's printed values), the
// deterministic fills, reproducibility under manual_seed, and the error messages.
#include <doctest/doctest.h>

#include <xgrad/nn/init.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "test_helpers.h"

namespace init = xgrad::nn::init;
using test_helpers::check_close;
using test_helpers::values;
using test_helpers::V;
using xgrad::Tensor;

namespace {

struct Stats {
  double mean, std, min, max;
};

Stats stats(const Tensor& t) {
  const V v = values(t);
  const double n = static_cast<double>(v.size());
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double sq = 0;
  for (double x : v) sq += (x - mean) * (x - mean);
  return {mean, std::sqrt(sq / n), *std::min_element(v.begin(), v.end()), *std::max_element(v.begin(), v.end())};
}

// With 131072 draws the sample std is within 1% (5 standard errors) of the expected one, the mean
// within 5 standard errors of 0, and U(-b, b)'s extremes within 0.1% of b.
void check_uniform(const Tensor& t, double bound) {
  const Stats s = stats(t);
  CHECK(s.min >= -bound);
  CHECK(s.max <= bound);
  CHECK(s.max == doctest::Approx(bound).epsilon(1e-3));
  CHECK(s.min == doctest::Approx(-bound).epsilon(1e-3));
  CHECK(s.std == doctest::Approx(bound / std::sqrt(3.0)).epsilon(0.01));
  CHECK(std::abs(s.mean) < 5 * bound / std::sqrt(3.0 * t.numel()));
}

void check_normal(const Tensor& t, double std) {
  const Stats s = stats(t);
  CHECK(s.std == doctest::Approx(std).epsilon(0.01));
  CHECK(std::abs(s.mean) < 5 * std / std::sqrt(double(t.numel())));
}

}  // namespace

TEST_CASE("init: _calculate_fan_in_and_fan_out for linear and conv weights") {
  CHECK(init::_calculate_fan_in_and_fan_out(xgrad::empty({128, 784})) == std::make_tuple(int64_t(784), int64_t(128)));
  CHECK(init::_calculate_fan_in_and_fan_out(xgrad::empty({16, 8, 3, 5})) ==
        std::make_tuple(int64_t(120), int64_t(240)));
  CHECK(init::_calculate_fan_in_and_fan_out(xgrad::empty({4, 2, 7})) == std::make_tuple(int64_t(14), int64_t(28)));
  CHECK(init::_calculate_fan_in_and_fan_out(xgrad::empty({2, 3, 2, 2, 2})) ==
        std::make_tuple(int64_t(24), int64_t(16)));
  CHECK_THROWS_WITH_AS(init::_calculate_fan_in_and_fan_out(xgrad::empty({5})),
                       doctest::Contains("_calculate_fan_in_and_fan_out: fan in and fan out can not be computed for "
                                         "tensor with fewer than 2 dimensions (got shape [5])"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(init::kaiming_uniform_(xgrad::empty({})),
                       doctest::Contains("kaiming_uniform_: fan in and fan out can not be computed"), xgrad::Error);
  CHECK_THROWS_WITH_AS(init::xavier_normal_(Tensor()), doctest::Contains("xavier_normal_: the tensor is undefined"),
                       xgrad::Error);
}

TEST_CASE("init: calculate_gain for every nonlinearity") {
  CHECK(init::calculate_gain(xgrad::kLinear) == 1);
  CHECK(init::calculate_gain(xgrad::kConv1D) == 1);
  CHECK(init::calculate_gain(xgrad::kConv2D) == 1);
  CHECK(init::calculate_gain(xgrad::kConv3D) == 1);
  CHECK(init::calculate_gain(xgrad::kConvTranspose1D) == 1);
  CHECK(init::calculate_gain(xgrad::kConvTranspose2D) == 1);
  CHECK(init::calculate_gain(xgrad::kConvTranspose3D) == 1);
  CHECK(init::calculate_gain(xgrad::kSigmoid) == 1);
  CHECK(init::calculate_gain(xgrad::kTanh) == 1.6666666666666667);
  CHECK(init::calculate_gain(xgrad::kReLU) == 1.4142135623730951);
  CHECK(init::calculate_gain(xgrad::kLeakyReLU) == 1.4141428569978354);
  CHECK(init::calculate_gain(xgrad::kLeakyReLU, 0.2) == 1.3867504905630728);
  CHECK(init::calculate_gain(xgrad::kLeakyReLU, std::sqrt(5.0)) == doctest::Approx(0.5773502691896257).epsilon(1e-15));
  CHECK(init::calculate_gain(xgrad::kReLU, 0.7) == 1.4142135623730951);  // param only matters for leaky ReLU
}

TEST_CASE("init: kaiming_uniform_ and kaiming_normal_ bounds and spreads") {
  xgrad::manual_seed(11);
  Tensor w = xgrad::empty({256, 512});
  // Linear's default: a = sqrt(5) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  init::kaiming_uniform_(w, std::sqrt(5.0));
  check_uniform(w, 1 / std::sqrt(512.0));
  // a = 0 with the default leaky ReLU: bound = sqrt(2) * sqrt(3 / fan_in).
  init::kaiming_uniform_(w);
  check_uniform(w, std::sqrt(2.0) * std::sqrt(3.0 / 512));
  init::kaiming_uniform_(w, 0, xgrad::kFanOut, xgrad::kReLU);
  check_uniform(w, std::sqrt(2.0) * std::sqrt(3.0 / 256));
  init::kaiming_uniform_(w, 0.3, xgrad::kFanIn, xgrad::kTanh);  // a is ignored for tanh
  check_uniform(w, 5.0 / 3 * std::sqrt(3.0 / 512));

  Tensor conv = xgrad::empty({128, 64, 4, 4});  // fan_in 1024, fan_out 2048
  init::kaiming_normal_(conv);
  check_normal(conv, std::sqrt(2.0) / std::sqrt(1024.0));
  init::kaiming_normal_(conv, 0, xgrad::kFanOut, xgrad::kReLU);
  check_normal(conv, std::sqrt(2.0) / std::sqrt(2048.0));
  init::kaiming_normal_(conv, 0.2, xgrad::kFanIn, xgrad::kLeakyReLU);
  check_normal(conv, std::sqrt(2.0 / 1.04) / std::sqrt(1024.0));
}

TEST_CASE("init: xavier_uniform_ and xavier_normal_ bounds and spreads") {
  xgrad::manual_seed(12);
  Tensor w = xgrad::empty({256, 512}, xgrad::kDouble);
  init::xavier_uniform_(w);
  check_uniform(w, std::sqrt(6.0 / (256 + 512)));
  init::xavier_uniform_(w, init::calculate_gain(xgrad::kTanh));
  check_uniform(w, 5.0 / 3 * std::sqrt(6.0 / (256 + 512)));
  Tensor conv = xgrad::empty({128, 64, 4, 4});
  init::xavier_normal_(conv);
  check_normal(conv, std::sqrt(2.0 / (1024 + 2048)));
  init::xavier_normal_(conv, 2.5);
  check_normal(conv, 2.5 * std::sqrt(2.0 / (1024 + 2048)));
}

TEST_CASE("init: uniform_ and normal_ with explicit ranges") {
  xgrad::manual_seed(13);
  Tensor t = xgrad::empty({131072});
  init::uniform_(t, -3, 3);
  check_uniform(t, 3);
  init::uniform_(t);  // U(0, 1)
  const Stats u = stats(t);
  CHECK(u.min >= 0);
  CHECK(u.max < 1);
  CHECK(u.mean == doctest::Approx(0.5).epsilon(0.01));
  init::normal_(t, 2, 0.5);
  const Stats n = stats(t);
  CHECK(n.mean == doctest::Approx(2).epsilon(0.01));
  CHECK(n.std == doctest::Approx(0.5).epsilon(0.01));
  CHECK_THROWS_WITH_AS(init::uniform_(t, 1, 0), doctest::Contains("uniform_: expects to return a [from, to) range"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(init::kaiming_uniform_(xgrad::empty({2, 2}, xgrad::kLong)), doctest::Contains("uniform_"),
                       xgrad::Error);
}

TEST_CASE("init: reproducible under manual_seed") {
  auto draw = [](uint64_t seed) {
    xgrad::manual_seed(seed);
    Tensor a = xgrad::empty({8, 6});
    Tensor b = xgrad::empty({5, 3, 2, 2});
    init::kaiming_uniform_(a, std::sqrt(5.0));
    init::xavier_normal_(b);
    V v = values(a);
    const V w = values(b);
    v.insert(v.end(), w.begin(), w.end());
    return v;
  };
  CHECK(draw(5) == draw(5));
  CHECK(draw(5) != draw(6));
}

TEST_CASE("init: constant_, zeros_, ones_, eye_, dirac_") {
  Tensor w = xgrad::empty({2, 3}).requires_grad_();
  init::constant_(w, 0.25);
  check_close(w, V(6, 0.25));
  // a leaf that requires grad stays a leaf: the fill is not recorded
  CHECK(w.is_leaf());
  CHECK(w.requires_grad());
  init::ones_(w);
  check_close(w, V(6, 1));
  init::zeros_(w);
  check_close(w, V(6, 0));
  init::constant_(w, 7);
  check_close(w, V(6, 7));

  Tensor m = xgrad::full({3, 4}, 5.0);
  init::eye_(m);
  check_close(m, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
  Tensor wide = xgrad::full({4, 2}, 5.0, xgrad::kDouble).t();  // a non-contiguous 2 x 4 view
  init::eye_(wide);
  check_close(wide, {1, 0, 0, 0, 0, 1, 0, 0});
  CHECK_THROWS_WITH_AS(init::eye_(xgrad::empty({2, 2, 2})),
                       doctest::Contains("eye_: only tensors with 2 dimensions are supported (got shape [2, 2, 2])"),
                       xgrad::Error);

  // out 3, in 2, 3x3 kernels: outputs 0 and 1 copy inputs 0 and 1 through the kernel centre.
  Tensor conv = xgrad::full({3, 2, 3, 3}, 9.0);
  init::dirac_(conv);
  const V v = values(conv);
  for (int64_t o = 0; o < 3; ++o)
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t k = 0; k < 9; ++k) {
        INFO("o=" << o << " i=" << i << " k=" << k);
        CHECK(v[static_cast<size_t>((o * 2 + i) * 9 + k)] == ((o == i && k == 4) ? 1.0 : 0.0));
      }
  Tensor conv1d = xgrad::full({2, 2, 4}, 9.0);  // even kernel: centre index 4 / 2 = 2
  init::dirac_(conv1d);
  check_close(conv1d, {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
  CHECK_THROWS_WITH_AS(init::dirac_(xgrad::empty({2, 2})),
                       doctest::Contains("dirac_: only tensors with 3, 4, or 5 dimensions are supported"),
                       xgrad::Error);
}

TEST_CASE("init: tensors without elements are returned untouched") {
  Tensor empty = xgrad::empty({0, 5});
  CHECK(init::kaiming_uniform_(empty).is_same(empty));
  CHECK(init::kaiming_normal_(empty).numel() == 0);
  CHECK(init::xavier_uniform_(empty).numel() == 0);
  CHECK(init::xavier_normal_(empty).numel() == 0);
}
