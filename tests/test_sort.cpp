// Reductions, sorting and scans of the reduce_sort family (ops/reduce.cpp, ops/sort.cpp, ops/scan.cpp):
// gradcheck in float64 of every differentiable op, NaN and zero handling, out= forms and libtorch's
// error texts. PyTorch's numbers are in test_golden_reduce_sort.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <xgrad/xgrad.h>

#include "test_helpers.h"

using namespace test_helpers;
namespace xg = xgrad;

namespace {
/// A [3, 4] double leaf whose values are pairwise distinct (no ties for the selecting ops).
Tensor distinct_leaf() {
  return (xg::randperm(12).to(xg::kDouble) * 0.37 - 2.0).view({3, 4}).requires_grad_();
}
}  // namespace

TEST_CASE("gradcheck: the reductions") {
  CHECK(gradcheck([](const Inputs& in) { return in[0].prod(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].prod(1, true); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].amax({1}); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].amin({0, 1}, true); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].logsumexp({1}); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].nansum({0}); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].nanmean(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].dist(in[1], 3); }, {leaf({3, 4}), leaf({4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].trace(); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(xg::var_mean(in[0], {1})) * 2 + std::get<1>(xg::var_mean(in[0], {1})); },
                  {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(xg::std_mean(in[0])); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].diff(2, 0); }, {leaf({4, 3})}));
}

TEST_CASE("gradcheck: sorting, selection and scans") {
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].sort(1, true)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].msort(); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].topk(2, 0, false)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].kthvalue(2, 1)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].median(0, true)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].median(); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].nanmedian(1)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].mode(1)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].cumprod(1); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].cummax(0)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(in[0].cummin(1)); }, {distinct_leaf()}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].logcumsumexp(1); }, {leaf({3, 4})}));
}

TEST_CASE("prod and cumprod: gradients with zeros in the input") {
  Tensor x = xg::tensor(V{2, 0, 3, 4}, xg::kDouble).requires_grad_();
  x.prod().backward();
  CHECK(values(x.grad()) == V{0, 24, 0, 0});
  Tensor y = xg::tensor(V{2, 0, 3, 0}, xg::kDouble).requires_grad_();
  y.prod().backward();
  CHECK(values(y.grad()) == V{0, 0, 0, 0});
  Tensor z = xg::tensor(V{2, 0, 3, 4}, xg::kDouble).requires_grad_();
  z.cumprod(0).sum().backward();
  // d/dz0 = 1 (only y0 is non-zero), d/dz1 = 2 + 2*3 + 2*3*4, after the zero: 0.
  CHECK(values(z.grad()) == V{1, 32, 0, 0});
}

TEST_CASE("NaN: sort puts it last (first descending), median returns it, nanmedian and nansum skip it") {
  const double nan = std::nan("");
  Tensor x = xg::tensor(V{1, nan, 0, nan}, xg::kDouble);
  auto [v, i] = x.sort();
  CHECK(values(i) == V{2, 0, 1, 3});
  CHECK(values(std::get<1>(x.sort(0, true))) == V{1, 3, 0, 2});
  CHECK(std::isnan(x.median().item<double>()));
  CHECK(std::get<1>(x.median(0)).item<int64_t>() == 1);
  CHECK(x.nanmedian().item<double>() == 0);
  CHECK(x.nansum().item<double>() == 1);
  CHECK(values(std::get<1>(x.cummax(0))) == V{0, 1, 1, 3});
}

TEST_CASE("out= forms and in-place cumprod_") {
  Tensor x = xg::tensor(V{3, 1, 2}, xg::kDouble);
  Tensor v = xg::empty({3}, xg::kDouble), i = xg::empty({3}, xg::kLong);
  xg::sort_out(v, i, x);
  CHECK(values(v) == V{1, 2, 3});
  CHECK(values(i) == V{1, 2, 0});
  Tensor out = xg::empty({}, xg::kDouble);
  xg::prod_outf(x, std::nullopt, out);
  CHECK(out.item<double>() == 6);
  xg::amax_out(out, x);
  CHECK(out.item<double>() == 3);
  x.cumprod_(0);
  CHECK(values(x) == V{3, 3, 6});
  CHECK(xg::tensor(V{2}).is_nonzero());
}

TEST_CASE("errors: libtorch's texts") {
  Tensor x = xg::zeros({2, 3});
  CHECK_THROWS_WITH_AS(x.topk(4, 1), "topk: selected index k out of range", xg::Error);
  CHECK_THROWS_WITH_AS(x.kthvalue(0, 1), "kthvalue(): selected number k out of range for dimension 1", xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({2, 0}).median(1), "median(): Expected reduction dim 1 to have non-zero size.",
                       xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({2, 0}).mode(1), "mode(): Expected reduction dim 1 to have non-zero size.",
                       xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({0}).amax(),
                       "amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction "
                       "dim with the 'dim' argument.",
                       xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({0}).aminmax(),
                       "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.",
                       xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({3}).trace(), "trace: expected a matrix, but got tensor with dim 1", xg::Error);
  CHECK_THROWS_WITH_AS(x.to(xg::kLong).nanmean(), "nanmean(): expected input to have floating point dtype but got Long",
                       xg::Error);
  CHECK_THROWS_WITH_AS(x.is_nonzero(), "Boolean value of Tensor with more than one value is ambiguous", xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({0}).is_nonzero(), "Boolean value of Tensor with no values is ambiguous", xg::Error);
  CHECK_THROWS_WITH_AS(xg::zeros({}).diff(), "diff expects input to be at least one-dimensional", xg::Error);
}

TEST_CASE("empty tensors: sort, cumprod and nansum of nothing; median() of nothing is NaN") {
  Tensor e = xg::zeros({0});
  CHECK(std::get<0>(e.sort()).numel() == 0);
  CHECK(e.cumprod(0).numel() == 0);
  CHECK(e.nansum().item<double>() == 0);
  CHECK(e.prod().item<double>() == 1);
  CHECK(std::isnan(e.median().item<double>()));
  CHECK(std::get<0>(e.topk(0)).numel() == 0);
}
