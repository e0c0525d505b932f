// Reductions (ops/reduce.cpp): values, result sizes and dtypes, ties and NaNs, errors, node names,
// gradients (gradcheck in float64) and double backward.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;

namespace {

/// Reference sum of a [A, B, C] tensor over the flagged dims, keepdim layout, by plain loops.
V ref_sum3(const Tensor& t, bool r0, bool r1, bool r2) {
  const V v = values(t.contiguous());
  const int64_t A = t.size(0), B = t.size(1), C = t.size(2);
  const int64_t oa = r0 ? 1 : A, ob = r1 ? 1 : B, oc = r2 ? 1 : C;
  V out(static_cast<size_t>(oa * ob * oc), 0.0);
  for (int64_t a = 0; a < A; ++a)
    for (int64_t b = 0; b < B; ++b)
      for (int64_t c = 0; c < C; ++c)
        out[static_cast<size_t>(((r0 ? 0 : a) * ob + (r1 ? 0 : b)) * oc + (r2 ? 0 : c))] +=
            v[static_cast<size_t>((a * B + b) * C + c)];
  return out;
}

}  // namespace

// ---- sum ----

TEST_CASE("sum: everything, over dims, keepdim, negative dims") {
  Tensor a = iota({2, 3, 4});
  Tensor s = a.sum();
  CHECK(s.dim() == 0);
  CHECK(s.item<double>() == 276);
  CHECK(values(a.sum(0)) == V{12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34});
  CHECK(a.sum(0).sizes().vec() == S{3, 4});
  CHECK(values(a.sum(1)) == V{12, 15, 18, 21, 48, 51, 54, 57});
  CHECK(values(a.sum(-1)) == V{6, 22, 38, 54, 70, 86});
  CHECK(a.sum(-1, /*keepdim=*/true).sizes().vec() == S{2, 3, 1});
  CHECK(values(a.sum({0, 2})) == V{60, 92, 124});
  CHECK(a.sum({0, 2}).sizes().vec() == S{3});
  CHECK(a.sum({2, 0}, true).sizes().vec() == S{1, 3, 1});
  CHECK(a.sum({0, 1, 2}).dim() == 0);
  // An empty dim list reduces every dim (PyTorch 1.13), keeping them as 1 with keepdim.
  CHECK(a.sum(S{}).item<double>() == 276);
  CHECK(a.sum(S{}, true).sizes().vec() == S{1, 1, 1});
  CHECK(xgrad::sum(a, {1}, true).sizes().vec() == S{2, 1, 4});
}

TEST_CASE("sum: every dim combination matches a plain loop, for contiguous and strided inputs") {
  Tensor base = xgrad::randn({3, 4, 5}, xgrad::kDouble);
  // The same logical [3, 4, 5] values laid out differently in memory.
  std::vector<Tensor> layouts = {base, base.permute({2, 0, 1}).contiguous().permute({1, 2, 0}),
                                 base.transpose(0, 2).contiguous().transpose(0, 2),
                                 xgrad::randn({3, 8, 5}, xgrad::kDouble).slice(1, 0, 8, 2)};
  for (const Tensor& t : layouts) {
    for (int mask = 1; mask < 8; ++mask) {
      const bool r0 = mask & 1, r1 = mask & 2, r2 = mask & 4;
      S dims;
      if (r0) dims.push_back(0);
      if (r1) dims.push_back(1);
      if (r2) dims.push_back(2);
      CAPTURE(mask);
      CHECK(close(values(t.sum(dims, true)), ref_sum3(t, r0, r1, r2), 1e-12));
      CHECK(close(values(t.sum(dims, false)), ref_sum3(t, r0, r1, r2), 1e-12));
    }
  }
  // An expanded input (stride 0) reads each element once per position.
  Tensor e = xgrad::tensor({1.0, 2.0, 3.0}).expand({4, 3});
  CHECK(values(e.sum(0)) == V{4, 8, 12});
  CHECK(values(e.sum(1)) == V{6, 6, 6, 6});
}

TEST_CASE("sum: dtypes") {
  Tensor i = xgrad::tensor({{1, 2}, {3, 4}});
  CHECK(dtype_of(i.sum()) == "Long");
  CHECK(i.sum().item<int64_t>() == 10);
  CHECK(dtype_of(i.sum(1)) == "Long");
  Tensor b = xgrad::tensor({true, false, true});
  CHECK(dtype_of(b.sum()) == "Long");
  CHECK(b.sum().item<int64_t>() == 2);
  Tensor u = xgrad::full({300}, 200, xgrad::kByte);
  CHECK(dtype_of(u.sum()) == "Long");
  CHECK(u.sum().item<int64_t>() == 60000);  // no uint8 wrap-around
  CHECK(dtype_of(xgrad::ones({2}).sum()) == "Float");
  CHECK(dtype_of(xgrad::ones({2}, xgrad::kDouble).sum()) == "Double");
  // dtype casts first.
  Tensor f = xgrad::tensor({1.5, 2.5});
  CHECK(dtype_of(f.sum(xgrad::kDouble)) == "Double");
  CHECK(f.sum(xgrad::kLong).item<int64_t>() == 3);
  CHECK(dtype_of(i.sum({0}, false, xgrad::kFloat)) == "Float");
  CHECK(values(i.sum({0}, false, xgrad::kFloat)) == V{4, 6});
}

TEST_CASE("sum: empty, 0-dim and precision") {
  CHECK(xgrad::zeros({0}).sum().item<double>() == 0);
  CHECK(values(xgrad::zeros({2, 0}).sum(1)) == V{0, 0});
  CHECK(xgrad::zeros({0, 3}).sum(1).sizes().vec() == S{0});
  CHECK(values(xgrad::zeros({0, 3}).sum(0)) == V{0, 0, 0});
  CHECK(xgrad::zeros({3, 0}).sum(0).sizes().vec() == S{0});
  CHECK(xgrad::zeros({2, 3, 0}).mean(1).sizes().vec() == S{2, 0});
  Tensor z = xgrad::full({}, 7.0);
  CHECK(z.sum().item<double>() == 7);
  CHECK(z.sum(0).dim() == 0);
  CHECK(z.sum(-1, true).dim() == 0);
  // A million float 0.1s: a naive float loop drifts by ~1%; this must stay within float rounding.
  Tensor t = xgrad::full({1000000}, 0.1f, xgrad::kFloat);
  CHECK(std::abs(t.sum().item<double>() - 100000.0) / 100000.0 < 1e-6);
  Tensor cols = xgrad::full({100000, 3}, 0.1f, xgrad::kFloat);
  for (double v : values(cols.sum(0))) CHECK(std::abs(v - 10000.0) / 10000.0 < 1e-6);
}

TEST_CASE("sum: errors") {
  Tensor a = xgrad::zeros({2, 3});
  CHECK_THROWS_WITH_AS(a.sum({0, 0}), doctest::Contains("sum: dim 0 appears multiple times in the list of dims"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.sum({1, -1}), doctest::Contains("sum: dim 1 appears multiple times"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.sum(2),
                       doctest::Contains("sum: dimension out of range (expected to be in range of [-2, 1], but got 2)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.sum(-3), doctest::Contains("sum: dimension out of range"), xgrad::Error);
}

// ---- mean ----

TEST_CASE("mean: values, dims, dtypes, errors") {
  Tensor a = iota({2, 3});
  CHECK(a.mean().item<double>() == doctest::Approx(2.5));
  CHECK(values(a.mean(0)) == V{1.5, 2.5, 3.5});
  CHECK(values(a.mean(1)) == V{1, 4});
  CHECK(a.mean(1, true).sizes().vec() == S{2, 1});
  CHECK(values(a.mean({0, 1})) == V{2.5});
  CHECK(a.mean(S{}, true).sizes().vec() == S{1, 1});
  CHECK(dtype_of(iota({4}, xgrad::kFloat).mean()) == "Float");
  CHECK(std::isnan(xgrad::zeros({0}).mean().item<double>()));
  Tensor l = xgrad::tensor({1, 2, 4});
  CHECK_THROWS_WITH_AS(l.mean(),
                       doctest::Contains("mean: could not infer output dtype. Input dtype must be either a floating "
                                         "point or complex dtype. Got: Long"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(l.mean(0), doctest::Contains("mean: could not infer output dtype"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({true}).mean(), doctest::Contains("Got: Bool"), xgrad::Error);
  // With a floating dtype, integers are cast first.
  CHECK(dtype_of(l.mean(xgrad::kDouble)) == "Double");
  CHECK(l.mean(xgrad::kDouble).item<double>() == doctest::Approx(7.0 / 3));
  CHECK(values(xgrad::tensor({{1, 2}, {3, 5}}).mean({1}, false, xgrad::kFloat)) == V{1.5, 4});
  CHECK_THROWS_WITH_AS(a.mean(2), doctest::Contains("mean: dimension out of range"), xgrad::Error);
}

// ---- max / min ----

TEST_CASE("max/min of everything: values, dtypes, NaN, errors") {
  Tensor a = xgrad::tensor({{3.0, -1.0, 7.0}, {7.0, 0.5, -4.0}});
  CHECK(a.max().item<double>() == 7);
  CHECK(a.min().item<double>() == -4);
  CHECK(a.max().dim() == 0);
  CHECK(dtype_of(a.max()) == "Float");
  CHECK(a.t().max().item<double>() == 7);
  CHECK(xgrad::tensor({5, -9, 2}).min().item<int64_t>() == -9);
  CHECK(dtype_of(xgrad::tensor({5, -9, 2}).max()) == "Long");
  CHECK(xgrad::tensor({false, true}).max().item<bool>() == true);
  CHECK(xgrad::tensor({false, true}).min().item<bool>() == false);
  CHECK(xgrad::full({3}, 250, xgrad::kByte).max().item<int64_t>() == 250);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(xgrad::tensor({-inf, -inf}).max().item<double>() == -inf);
  const double nan = std::nan("");
  CHECK(std::isnan(xgrad::tensor({1.0, nan, 3.0}).max().item<double>()));
  CHECK(std::isnan(xgrad::tensor({1.0, nan, 3.0}).min().item<double>()));
  CHECK_THROWS_WITH_AS(xgrad::zeros({0}).max(),
                       doctest::Contains("max: Expected reduction dim to be specified for input.numel() == 0"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 0}).min(), doctest::Contains("min: Expected reduction dim to be specified"),
                       xgrad::Error);
}

TEST_CASE("max/min along a dim: values, indices, first of ties, keepdim, strided input") {
  Tensor a = xgrad::tensor({{1.0, 5.0, 5.0}, {4.0, 2.0, 4.0}});
  auto [v1, i1] = a.max(1);
  CHECK(values(v1) == V{5, 4});
  CHECK(values(i1) == V{1, 0});  // ties: the first index
  CHECK(dtype_of(i1) == "Long");
  CHECK(v1.sizes().vec() == S{2});
  auto [v0, i0] = a.max(0, true);
  CHECK(values(v0) == V{4, 5, 5});
  CHECK(values(i0) == V{1, 0, 0});
  CHECK(v0.sizes().vec() == S{1, 3});
  CHECK(i0.sizes().vec() == S{1, 3});
  auto [mv, mi] = xgrad::min(a, -1);
  CHECK(values(mv) == V{1, 2});
  CHECK(values(mi) == V{0, 1});
  auto [mv0, mi0] = a.min(0);
  CHECK(values(mv0) == V{1, 2, 4});
  CHECK(values(mi0) == V{0, 1, 1});
  // The transposed view gives the transposed answers.
  auto [tv, ti] = a.t().max(0);
  CHECK(values(tv) == V{5, 4});
  CHECK(values(ti) == V{1, 0});
  // A middle dim of a 3-D tensor.
  Tensor b = iota({2, 3, 2});
  auto [bv, bi] = b.max(1);
  CHECK(values(bv) == V{4, 5, 10, 11});
  CHECK(values(bi) == V{2, 2, 2, 2});
  // NaN wins and reports its own (first) index.
  const double nan = std::nan("");
  auto [nv, ni] = xgrad::tensor({{1.0, nan, 3.0, nan}}).max(1);
  CHECK(std::isnan(values(nv)[0]));
  CHECK(values(ni) == V{1});
  auto [nv2, ni2] = xgrad::tensor({{1.0, nan}, {2.0, 0.0}}).min(0);
  CHECK(values(nv2)[0] == 1);
  CHECK(std::isnan(values(nv2)[1]));
  CHECK(values(ni2) == V{0, 0});
  // Integer and bool tensors.
  auto [lv, li] = xgrad::tensor({{3, 9, 9}}).max(1);
  CHECK(values(lv) == V{9});
  CHECK(values(li) == V{1});
  CHECK(dtype_of(lv) == "Long");
  auto [bbv, bbi] = xgrad::tensor({false, true, true}).max(0);
  CHECK(bbv.item<bool>());
  CHECK(bbi.item<int64_t>() == 1);
  // A 0-dim tensor reduces to itself along dim 0.
  auto [zv, zi] = xgrad::full({}, 2.0).max(0);
  CHECK(zv.item<double>() == 2);
  CHECK(zi.item<int64_t>() == 0);
}

TEST_CASE("max/min: long rows with NaN and infinities (vectorised paths and their fallbacks)") {
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  for (auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
    Tensor t = xgrad::arange(40, dtype);
    CHECK(t.max().item<double>() == 39);
    CHECK(t.min().item<double>() == 0);
    CHECK(std::get<1>(t.max(0)).item<int64_t>() == 39);
    t[5].fill_(inf);
    t[30].fill_(-inf);
    CHECK(t.max().item<double>() == inf);
    CHECK(t.min().item<double>() == -inf);
    CHECK(std::get<1>(t.max(0)).item<int64_t>() == 5);
    CHECK(std::get<1>(t.min(0)).item<int64_t>() == 30);
    t[17].fill_(nan);
    t[33].fill_(nan);
    CHECK(std::isnan(t.max().item<double>()));
    CHECK(std::isnan(t.min().item<double>()));
    CHECK(std::get<1>(t.max(0)).item<int64_t>() == 17);
    CHECK(t.argmin().item<int64_t>() == 17);
    // The same along the last dim of a matrix, one row per case.
    Tensor m = xgrad::arange(80, dtype).view({2, 40});
    m[1][3].fill_(nan);
    CHECK(values(m.argmax(1)) == V{39, 3});
    CHECK(values(m.argmin(1)) == V{0, 3});
    CHECK(std::isnan(values(std::get<0>(m.max(1)))[1]));
  }
}

TEST_CASE("max/min along a dim: errors") {
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 0}).max(1),
                       doctest::Contains("max: Expected reduction dim 1 to have non-zero size"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 3}).min(2),
                       doctest::Contains("min: dimension out of range (expected to be in range of [-2, 1], but got 2)"),
                       xgrad::Error);
  // Reducing a non-empty dim of an empty tensor is fine.
  auto [v, i] = xgrad::zeros({0, 3}).max(1);
  CHECK(v.sizes().vec() == S{0});
}

TEST_CASE("argmax/argmin") {
  Tensor a = xgrad::tensor({{1.0, 9.0, 3.0}, {9.0, -2.0, 0.0}});
  CHECK(a.argmax().item<int64_t>() == 1);  // the first 9, in the flattened tensor
  CHECK(a.argmin().item<int64_t>() == 4);
  CHECK(a.argmax().dim() == 0);
  CHECK(dtype_of(a.argmax()) == "Long");
  CHECK(a.argmax(std::nullopt, true).sizes().vec() == S{1, 1});
  CHECK(values(a.argmax(1)) == V{1, 0});
  CHECK(values(a.argmin(0)) == V{0, 1, 1});
  CHECK(a.argmax(0, true).sizes().vec() == S{1, 3});
  CHECK(a.t().argmin().item<int64_t>() == 3);  // flattened in the transposed order: 1, 9, 9, -2, 3, 0
  CHECK(xgrad::tensor({4, 4, 7, 7}).argmax().item<int64_t>() == 2);
  CHECK(xgrad::argmin(xgrad::tensor({4, 4, 7, 7})).item<int64_t>() == 0);
  CHECK_THROWS_WITH_AS(xgrad::zeros({0}).argmax(),
                       doctest::Contains("argmax: Expected reduction dim to be specified for input.numel() == 0"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({3, 0}).argmin(1),
                       doctest::Contains("argmin: Expected reduction dim 1 to have non-zero size"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({true}).argmax(), doctest::Contains("argmax: Bool tensors are not supported"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.argmax(5), doctest::Contains("argmax: dimension out of range"), xgrad::Error);
}

// ---- all / any ----

TEST_CASE("all/any: values, dims, dtypes") {
  Tensor a = xgrad::tensor({{1.0, 0.0, 2.0}, {3.0, 4.0, -1.0}});
  CHECK(dtype_of(a.all()) == "Bool");
  CHECK(a.all().item<bool>() == false);
  CHECK(a.any().item<bool>() == true);
  CHECK(values(a.all(1)) == V{0, 1});
  CHECK(values(a.all(0)) == V{1, 0, 1});
  CHECK(values(a.any(0, true)) == V{1, 1, 1});
  CHECK(a.any(0, true).sizes().vec() == S{1, 3});
  CHECK(values(xgrad::zeros({2, 2}).any(1)) == V{0, 0});
  CHECK(xgrad::tensor({true, true}).all().item<bool>());
  CHECK(xgrad::tensor({0, 0, 5}).any().item<bool>());
  CHECK(dtype_of(xgrad::tensor({0, 0, 5}).any()) == "Bool");
  // uint8 in, uint8 out (PyTorch 1.13's compatibility rule).
  Tensor u = xgrad::tensor({{1, 0}, {2, 3}}).to(xgrad::kByte);
  CHECK(dtype_of(u.all()) == "Byte");
  CHECK(values(u.all(1)) == V{0, 1});
  CHECK(values(u.any(0)) == V{1, 1});
  // Empty: all is true, any is false.
  CHECK(xgrad::zeros({0}).all().item<bool>());
  CHECK(!xgrad::zeros({0}).any().item<bool>());
  CHECK(values(a.t().all(0)) == V{0, 1});
  CHECK_THROWS_WITH_AS(a.all(2), doctest::Contains("all: dimension out of range"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.any(-3), doctest::Contains("any: dimension out of range"), xgrad::Error);
}

// ---- norm ----

TEST_CASE("norm: p values, dims, errors") {
  Tensor a = xgrad::tensor({{3.0, -4.0}, {0.0, 12.0}});
  CHECK(a.norm().item<double>() == doctest::Approx(13));
  CHECK(a.norm(1).item<double>() == doctest::Approx(19));
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(a.norm(inf).item<double>() == doctest::Approx(12));
  CHECK(a.norm(-inf).item<double>() == doctest::Approx(0));
  CHECK(a.norm(0).item<double>() == doctest::Approx(3));
  CHECK(a.norm(3).item<double>() == doctest::Approx(std::cbrt(27.0 + 64 + 1728)));
  CHECK(a.norm(0.5).item<double>() == doctest::Approx(std::pow(std::sqrt(3.0) + 2 + std::sqrt(12.0), 2)));
  CHECK(values(a.norm(2, {1})) == V{5, 12});
  CHECK(values(a.norm(1, {0}, true)) == V{3, 16});
  CHECK(a.norm(1, {0}, true).sizes().vec() == S{1, 2});
  CHECK(close(values(a.norm(std::nullopt, {0})), V{3, std::sqrt(160.0)}));
  CHECK(values(a.norm(inf, {1})) == V{4, 12});
  CHECK(dtype_of(xgrad::ones({3}).norm()) == "Float");
  CHECK(xgrad::full({4}, 0.5f).norm().item<double>() == doctest::Approx(1));
  CHECK(xgrad::zeros({0}).norm().item<double>() == 0);
  CHECK_THROWS_WITH_AS(
      xgrad::tensor({1, 2}).norm(),
      doctest::Contains("norm: input dtype should be either floating point or complex. Got Long instead."),
      xgrad::Error);
  // An empty reduction is 0 for every p, the infinite ones included (PyTorch 1.13).
  CHECK(values(xgrad::zeros({2, 0}).norm(inf, {1})) == V{0, 0});
  CHECK(values(xgrad::zeros({2, 0}).norm(-inf, {1})) == V{0, 0});
  CHECK(xgrad::zeros({0}).norm(inf).item<double>() == 0);
  CHECK_THROWS_WITH_AS(a.norm(2, {0, 0}), doctest::Contains("norm: dim 0 appears multiple times"), xgrad::Error);
}

// ---- var / std ----

TEST_CASE("var/std: unbiased and biased, dims, keepdim") {
  Tensor a = xgrad::tensor({{1.0, 2.0, 3.0, 4.0}, {2.0, 2.0, 2.0, 10.0}});
  // mean 3.25, squared deviations summing to 57.5
  CHECK(a.var().item<double>() == doctest::Approx(57.5 / 7));
  CHECK(a.var(false).item<double>() == doctest::Approx(57.5 / 8));
  CHECK(a.std().item<double>() == doctest::Approx(std::sqrt(57.5 / 7)));
  CHECK(close(values(a.var(S{1})), V{5.0 / 3, 16.0}));
  CHECK(close(values(a.var({1}, false)), V{1.25, 12.0}));
  CHECK(close(values(a.std(S{1})), V{std::sqrt(5.0 / 3), 4.0}));
  CHECK(close(values(a.var(S{0})), V{0.5, 0, 0.5, 18}));
  CHECK(a.var(1, true, true).sizes().vec() == S{2, 1});
  CHECK(a.std(S{}, true, true).sizes().vec() == S{1, 1});
  CHECK(dtype_of(a.to(xgrad::kFloat).std()) == "Float");
  // One element, unbiased: 0 / 0.
  CHECK(std::isnan(xgrad::tensor({3.0}).var().item<double>()));
  CHECK(xgrad::tensor({3.0}).var(false).item<double>() == 0);
  // Precision: a large offset does not swamp the spread.
  Tensor big = xgrad::tensor({1e6 + 1, 1e6 + 2, 1e6 + 3}).to(xgrad::kFloat);
  CHECK(big.var().item<double>() == doctest::Approx(1.0));
  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).var(), doctest::Contains("var: expected a floating point tensor"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::tensor({1, 2}).std(), doctest::Contains("std: expected a floating point tensor"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.std(S{3}), doctest::Contains("std: dimension out of range"), xgrad::Error);
}

TEST_CASE("var/std: a single int dim reduces that dim, not everything (libtorch's int overloads)") {
  Tensor a = xgrad::tensor({{1.0, 2.0, 3.0, 4.0}, {2.0, 2.0, 2.0, 10.0}});
  // Without var(int) / std(int), these convert the int to `bool unbiased` and reduce everything.
  CHECK(a.var(1).sizes().vec() == S{2});
  CHECK(close(values(a.var(1)), V{5.0 / 3, 16.0}));
  CHECK(a.std(0).sizes().vec() == S{4});
  CHECK(close(values(a.std(0)), V{std::sqrt(0.5), 0, std::sqrt(0.5), std::sqrt(18.0)}));
  CHECK(a.var({1}).sizes().vec() == S{2});
  CHECK(close(values(a.var({1})), V{5.0 / 3, 16.0}));
  CHECK(a.std({-1}).sizes().vec() == S{2});
  CHECK(xgrad::var(a, {1}).sizes().vec() == S{2});
  CHECK(close(values(xgrad::var(a, 1)), V{5.0 / 3, 16.0}));
  CHECK(close(values(xgrad::std(a, {0})), values(a.std(S{0}))));
  CHECK(grad_fn_name(a.requires_grad_().var(1)) == "VarBackward0");
  // The bool overload is still there.
  CHECK(a.var(false).dim() == 0);
  CHECK(xgrad::var(a, true).dim() == 0);
  CHECK_THROWS_WITH_AS(a.var(2), doctest::Contains("var: dimension out of range"), xgrad::Error);
}

// ---- autograd ----

TEST_CASE("node names") {
  Tensor x = leaf({2, 3});
  CHECK(grad_fn_name(x.sum()) == "SumBackward0");
  CHECK(grad_fn_name(x.sum(1)) == "SumBackward1");
  CHECK(grad_fn_name(x.sum(S{})) == "SumBackward1");
  CHECK(grad_fn_name(x.mean()) == "MeanBackward0");
  CHECK(grad_fn_name(x.mean(0)) == "MeanBackward1");
  CHECK(grad_fn_name(x.max()) == "MaxBackward1");
  CHECK(grad_fn_name(x.min()) == "MinBackward1");
  CHECK(grad_fn_name(std::get<0>(x.max(1))) == "MaxBackward0");
  CHECK(grad_fn_name(std::get<0>(x.min(1))) == "MinBackward0");
  CHECK(grad_fn_name(std::get<1>(x.max(1))) == "none");
  CHECK(!std::get<1>(x.max(1)).requires_grad());
  CHECK(grad_fn_name(x.norm()) == "NormBackward0");
  CHECK(grad_fn_name(x.norm(1, {1})) == "NormBackward1");
  CHECK(grad_fn_name(x.var()) == "VarBackward0");
  CHECK(grad_fn_name(x.var(S{1})) == "VarBackward0");
  CHECK(grad_fn_name(x.std(S{0})) == "StdBackward0");
  CHECK(grad_fn_name(x.sum(xgrad::kFloat)) == "SumBackward0");
  CHECK(!x.argmax().requires_grad());
  CHECK(!x.all().requires_grad());
  {
    xgrad::NoGradGuard guard;
    CHECK(grad_fn_name(x.sum()) == "none");
  }
  CHECK(grad_fn_name(x.detach().sum()) == "none");
}

TEST_CASE("gradients: sum and mean") {
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].sum(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].sum({0, 2}); }, {leaf({2, 3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].sum(1, true); }, {leaf({2, 3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].sum(-1); }, {leaf({3, 5})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].t().sum(0); }, {leaf({3, 5})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mean(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mean({1, 2}, true); }, {leaf({2, 3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mean(0); }, {leaf({4, 3})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].sum(xgrad::kDouble); }, {leaf({2, 2})}));
  // Hand-checked: d sum / dx = 1, d mean / dx = 1 / N.
  Tensor x = leaf({2, 3});
  (x.mean(1) * xgrad::tensor({1.0, 2.0}).to(xgrad::kDouble)).sum().backward();
  CHECK(close(values(x.grad()), V{1.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3, 2.0 / 3, 2.0 / 3}));
  // A float input summed as double gets its gradient back as float.
  Tensor f = xgrad::ones({3}).requires_grad_();
  f.sum(xgrad::kDouble).backward();
  CHECK(dtype_of(f.grad()) == "Float");
  CHECK(values(f.grad()) == V{1, 1, 1});
}

TEST_CASE("gradients: max and min") {
  // Distinct values 0.1 apart, so that central differences do not cross a tie.
  const auto distinct = [](S sizes) {
    int64_t n = 1;
    for (int64_t s : sizes) n *= s;
    return (xgrad::randperm(n).to(xgrad::kDouble) * 0.1).view(sizes).requires_grad_();
  };
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].max(); }, {distinct({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].min(); }, {distinct({2, 3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return std::get<0>(in[0].max(1)); }, {distinct({2, 3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return std::get<0>(in[0].max(0, true)); }, {distinct({4, 5})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return std::get<0>(in[0].min(-1)); }, {distinct({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return std::get<0>(in[0].t().min(1)); }, {distinct({3, 4})}));
  // Ties: max() splits the gradient evenly, max(dim) sends it all to the first index.
  Tensor x = xgrad::tensor({{1.0, 5.0, 5.0}, {5.0, 2.0, 0.0}}).to(xgrad::kDouble).requires_grad_();
  (x.max() * 6.0).backward();
  CHECK(values(x.grad()) == V{0, 2, 2, 2, 0, 0});
  Tensor y = xgrad::tensor({{1.0, 5.0, 5.0}, {5.0, 2.0, 0.0}}).to(xgrad::kDouble).requires_grad_();
  auto [v, i] = y.max(1);
  (v * xgrad::tensor({10.0, 20.0}).to(xgrad::kDouble)).sum().backward();
  CHECK(values(y.grad()) == V{0, 10, 0, 20, 0, 0});
  Tensor z = xgrad::tensor({{1.0, 5.0, 5.0}, {5.0, 2.0, 0.0}}).to(xgrad::kDouble).requires_grad_();
  std::get<0>(z.min(0, true)).sum().backward();
  CHECK(values(z.grad()) == V{1, 0, 0, 0, 1, 1});
}

TEST_CASE("gradients: max along a dim, twice differentiable") {
  Tensor x = xgrad::tensor({{1.0, 4.0, 2.0}, {3.0, 0.0, 5.0}}).to(xgrad::kDouble).requires_grad_();
  Tensor v = std::get<0>(x.max(1));
  Tensor s = (v * v).sum();  // d s / dx = 2 x at the maxima
  Tensor g = xgrad::autograd::grad({s}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  CHECK(values(g) == V{0, 8, 0, 0, 0, 10});
  CHECK(g.requires_grad());
  CHECK(grad_fn_name(g) == "ScatterBackward0");
  g.sum().backward();  // d (2 max) / dx = 2 at the maxima
  CHECK(values(x.grad()) == V{0, 2, 0, 0, 0, 2});
  // The backward of max(dim) scatters g to the indices; differentiated again (in g) it gathers, and
  // the gather differentiated again scatters.
  const Tensor data = xgrad::tensor({{0.1, 0.9}, {0.5, 0.2}, {0.3, 0.4}}).to(xgrad::kDouble);
  const auto scatter_of = [data](const Tensor& w) {  // d sum(max(x, 0) * w) / dx, a function of w
    Tensor xx = data.clone().requires_grad_();
    return xgrad::autograd::grad({(std::get<0>(xx.max(0)) * w).sum()}, {xx}, {}, std::nullopt, true)[0];
  };
  CHECK(gradcheck([&](const std::vector<Tensor>& in) { return scatter_of(in[0]); }, {leaf({2})}));
  CHECK(gradcheck(
      [&](const std::vector<Tensor>& in) {  // d sum(scatter(w) * u) / dw = gather(u), a function of u
        Tensor w = xgrad::tensor({1.0, 2.0}).to(xgrad::kDouble).requires_grad_();
        return xgrad::autograd::grad({(scatter_of(w) * in[0]).sum()}, {w}, {}, std::nullopt, true)[0];
      },
      {leaf({3, 2})}));
}

TEST_CASE("gradients: norm") {
  for (double p : {1.0, 2.0, 3.0, 1.5, 0.5}) {
    CAPTURE(p);
    // Values away from 0 (where |x|^(p-1) is not smooth).
    Tensor x = (xgrad::rand({3, 4}, xgrad::kDouble) + 0.5) * (xgrad::randint(0, 2, {3, 4}).to(xgrad::kDouble) * 2 - 1);
    x = x.detach().requires_grad_();
    CHECK(gradcheck([p](const std::vector<Tensor>& in) { return in[0].norm(p); }, {x}));
    CHECK(gradcheck([p](const std::vector<Tensor>& in) { return in[0].norm(p, {1}); }, {x}));
    CHECK(gradcheck([p](const std::vector<Tensor>& in) { return in[0].norm(p, {0}, true); }, {x}));
  }
  const double inf = std::numeric_limits<double>::infinity();
  Tensor d = xgrad::tensor({{0.1, -0.9, 0.3}, {0.5, 0.2, -0.4}}).to(xgrad::kDouble).requires_grad_();
  CHECK(gradcheck([inf](const std::vector<Tensor>& in) { return in[0].norm(inf); }, {d}));
  CHECK(gradcheck([inf](const std::vector<Tensor>& in) { return in[0].norm(inf, {1}); }, {d}));
  CHECK(gradcheck([inf](const std::vector<Tensor>& in) { return in[0].norm(-inf, {0}); }, {d}));
  // Hand-checked: the gradient of ||x||_2 is x / ||x||, and 0 at x = 0.
  Tensor x = xgrad::tensor({3.0, -4.0}).to(xgrad::kDouble).requires_grad_();
  x.norm().backward();
  CHECK(close(values(x.grad()), V{0.6, -0.8}));
  Tensor z = xgrad::zeros({3}, xgrad::kDouble).requires_grad_();
  z.norm().backward();
  CHECK(values(z.grad()) == V{0, 0, 0});
  // inf norm: ties share the gradient.
  Tensor t = xgrad::tensor({2.0, -2.0, 1.0}).to(xgrad::kDouble).requires_grad_();
  t.norm(inf).backward();
  CHECK(values(t.grad()) == V{0.5, -0.5, 0});
  Tensor c = xgrad::tensor({2.0, 0.0}).to(xgrad::kDouble).requires_grad_();
  c.norm(0).backward();
  CHECK(values(c.grad()) == V{0, 0});
  // p < 1: |x|^(p-1) is infinite at x = 0, but the gradient there is 0 (as in PyTorch), not NaN.
  // ||[0, 1, 4]||_0.5 = (0 + 1 + 2)^2 = 9; d/dx = |x|^(-1/2) * 9^(1/2) = [0, 3, 1.5].
  Tensor h = xgrad::tensor({0.0, 1.0, 4.0}).requires_grad_();
  h.norm(0.5).backward();
  CHECK(close(values(h.grad()), V{0, 3, 1.5}));
  Tensor h2 = xgrad::tensor({{0.0, 1.0, 4.0}, {4.0, 0.0, 0.0}}).requires_grad_();
  h2.norm(0.5, {1}).sum().backward();
  CHECK(close(values(h2.grad()), V{0, 3, 1.5, 1, 0, 0}));
}

TEST_CASE("gradients: var and std") {
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].var(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].var(false); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].var({0, 2}); }, {leaf({3, 2, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].var(1, false, true); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].std(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].std(S{1}); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].std({0}, false, true); }, {leaf({5, 2})}));
  // Hand-checked: d var / dx = 2 (x - mean) / (N - 1).
  Tensor x = xgrad::tensor({1.0, 2.0, 6.0}).to(xgrad::kDouble).requires_grad_();
  x.var().backward();
  CHECK(close(values(x.grad()), V{-2, -1, 3}));
  // std of equal values: 0, with a zero gradient rather than NaN.
  Tensor e = xgrad::full({3}, 2.0, xgrad::kDouble).requires_grad_();
  e.std().backward();
  CHECK(values(e.grad()) == V{0, 0, 0});
}

TEST_CASE("gradients: the graph is differentiable twice through sum, mean, var") {
  Tensor x = leaf({3, 2});
  CHECK(gradcheck(
      [](const std::vector<Tensor>& in) {
        Tensor y = (in[0] * in[0]).var(S{0});
        return xgrad::autograd::grad({y.sum()}, {in[0]}, {}, std::nullopt, true)[0].mean(1);
      },
      {x}));
}
