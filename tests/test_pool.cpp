// Pooling: max_pool2d (with indices), avg_pool2d, adaptive_avg_pool2d against naive loops written
// here, their gradients (gradcheck, ties, padding), double backward and error messages.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;
using xgrad::Tensor;

namespace {

/// One pooling configuration (stride empty = kernel).
struct Cfg {
  S sizes, k, s, p, d;
  bool ceil_mode;
};

int64_t at2(const S& v, size_t i) { return v.size() == 1 ? v[0] : v[i]; }

/// The output size of one dim, written out from PyTorch's documented formula.
int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool ceil_mode) {
  const double span = static_cast<double>(in + 2 * p - d * (k - 1) - 1) / static_cast<double>(s);
  int64_t out = static_cast<int64_t>(ceil_mode ? std::ceil(span) : std::floor(span)) + 1;
  if (ceil_mode && (out - 1) * s >= in + p) --out;
  return out;
}

struct Ref {
  S sizes;
  V values;
  std::vector<int64_t> indices;
};

/// Naive max pooling of x (any leading dims) with PyTorch's rules: NaN wins, ties keep the first.
Ref naive_max(const Tensor& x, const Cfg& c) {
  const S in = x.sizes().vec();
  const size_t nd = in.size();
  const int64_t H = in[nd - 2], W = in[nd - 1];
  const S stride = c.s.empty() ? c.k : c.s;
  const int64_t oH = out_size(H, at2(c.k, 0), at2(stride, 0), at2(c.p, 0), at2(c.d, 0), c.ceil_mode);
  const int64_t oW = out_size(W, at2(c.k, 1), at2(stride, 1), at2(c.p, 1), at2(c.d, 1), c.ceil_mode);
  Ref r;
  r.sizes = in;
  r.sizes[nd - 2] = oH;
  r.sizes[nd - 1] = oW;
  const V xv = values(x);
  const int64_t planes = static_cast<int64_t>(xv.size()) / (H * W);
  for (int64_t pl = 0; pl < planes; ++pl)
    for (int64_t oh = 0; oh < oH; ++oh)
      for (int64_t ow = 0; ow < oW; ++ow) {
        double best = -std::numeric_limits<double>::infinity();
        int64_t best_at = -1;
        for (int64_t i = 0; i < at2(c.k, 0); ++i)
          for (int64_t j = 0; j < at2(c.k, 1); ++j) {
            const int64_t h = oh * at2(stride, 0) - at2(c.p, 0) + i * at2(c.d, 0);
            const int64_t w = ow * at2(stride, 1) - at2(c.p, 1) + j * at2(c.d, 1);
            if (h < 0 || h >= H || w < 0 || w >= W) continue;
            const double v = xv[static_cast<size_t>(pl * H * W + h * W + w)];
            if (best_at < 0) best_at = h * W + w;  // the first tap, kept if every value is -inf
            if (v > best || std::isnan(v)) {
              best = v;
              best_at = h * W + w;
            }
          }
        r.values.push_back(best);
        r.indices.push_back(best_at);
      }
  return r;
}

/// Naive average pooling.
Ref naive_avg(const Tensor& x, const Cfg& c, bool count_include_pad, std::optional<int64_t> divisor) {
  const S in = x.sizes().vec();
  const size_t nd = in.size();
  const int64_t H = in[nd - 2], W = in[nd - 1];
  const S stride = c.s.empty() ? c.k : c.s;
  const int64_t kH = at2(c.k, 0), kW = at2(c.k, 1), sH = at2(stride, 0), sW = at2(stride, 1);
  const int64_t pH = at2(c.p, 0), pW = at2(c.p, 1);
  const int64_t oH = out_size(H, kH, sH, pH, 1, c.ceil_mode), oW = out_size(W, kW, sW, pW, 1, c.ceil_mode);
  Ref r;
  r.sizes = in;
  r.sizes[nd - 2] = oH;
  r.sizes[nd - 1] = oW;
  const V xv = values(x);
  const int64_t planes = static_cast<int64_t>(xv.size()) / (H * W);
  for (int64_t pl = 0; pl < planes; ++pl)
    for (int64_t oh = 0; oh < oH; ++oh)
      for (int64_t ow = 0; ow < oW; ++ow) {
        double sum = 0;
        int64_t inside = 0, in_padded = 0;
        for (int64_t h = oh * sH - pH; h < oh * sH - pH + kH; ++h)
          for (int64_t w = ow * sW - pW; w < ow * sW - pW + kW; ++w) {
            if (h < H + pH && w < W + pW) ++in_padded;  // the window clipped to the padded input
            if (h < 0 || h >= H || w < 0 || w >= W) continue;
            sum += xv[static_cast<size_t>(pl * H * W + h * W + w)];
            ++inside;
          }
        const double div = divisor ? static_cast<double>(*divisor)
                                   : static_cast<double>(count_include_pad ? in_padded : inside);
        r.values.push_back(sum / div);
      }
  return r;
}

/// Naive adaptive average pooling: window [floor(o*in/out), ceil((o+1)*in/out)).
Ref naive_adaptive(const Tensor& x, int64_t oH, int64_t oW) {
  const S in = x.sizes().vec();
  const size_t nd = in.size();
  const int64_t H = in[nd - 2], W = in[nd - 1];
  Ref r;
  r.sizes = in;
  r.sizes[nd - 2] = oH;
  r.sizes[nd - 1] = oW;
  const V xv = values(x);
  const int64_t planes = static_cast<int64_t>(xv.size()) / (H * W);
  for (int64_t pl = 0; pl < planes; ++pl)
    for (int64_t oh = 0; oh < oH; ++oh)
      for (int64_t ow = 0; ow < oW; ++ow) {
        const auto h0 = static_cast<int64_t>(std::floor(double(oh * H) / oH));
        const auto h1 = static_cast<int64_t>(std::ceil(double((oh + 1) * H) / oH));
        const auto w0 = static_cast<int64_t>(std::floor(double(ow * W) / oW));
        const auto w1 = static_cast<int64_t>(std::ceil(double((ow + 1) * W) / oW));
        double sum = 0;
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w) sum += xv[static_cast<size_t>(pl * H * W + h * W + w)];
        r.values.push_back(sum / static_cast<double>((h1 - h0) * (w1 - w0)));
      }
  return r;
}

std::vector<Cfg> max_configs() {
  return {
      {{2, 3, 7, 6}, {2}, {}, {0}, {1}, false},              // the common 2x2 / stride 2
      {{1, 2, 7, 7}, {3}, {2}, {1}, {1}, false},             // padding
      {{2, 2, 8, 9}, {3, 2}, {2, 1}, {1, 0}, {2, 1}, false}, // per-dim args and dilation
      {{1, 1, 6, 6}, {3}, {2}, {0}, {1}, true},              // ceil_mode adds a partial window
      {{1, 2, 5, 5}, {2}, {2}, {1}, {1}, true},              // ceil_mode: the last window would start in the padding
      {{3, 5, 5}, {2}, {1}, {0}, {1}, false},                // unbatched, stride != kernel
      {{2, 1, 4, 7}, {2, 3}, {3, 2}, {1}, {1}, true},        // stride > kernel
      {{1, 1, 9, 8}, {3}, {1}, {1}, {3}, false},             // large dilation
  };
}

}  // namespace

TEST_CASE("max_pool2d and max_pool2d_with_indices match naive loops") {
  for (const Cfg& c : max_configs()) {
    INFO("input " << shape_str(c.sizes) << " kernel " << shape_str(c.k) << " stride " << shape_str(c.s) << " padding "
                  << shape_str(c.p) << " dilation " << shape_str(c.d) << " ceil " << c.ceil_mode);
    for (auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
      const Tensor x = xgrad::randn(c.sizes, dtype);
      const Ref ref = naive_max(x, c);
      auto [y, idx] = xgrad::max_pool2d_with_indices(x, c.k, c.s, c.p, c.d, c.ceil_mode);
      CHECK(shape_str(y.sizes()) == shape_str(ref.sizes));
      CHECK(dtype_of(y) == dtype_name(dtype));
      CHECK(dtype_of(idx) == "Long");
      CHECK(values(y) == ref.values);
      std::vector<int64_t> got(idx.data_ptr<int64_t>(), idx.data_ptr<int64_t>() + idx.numel());
      CHECK(got == ref.indices);
      const Tensor y2 = xgrad::max_pool2d(x, c.k, c.s, c.p, c.d, c.ceil_mode);
      CHECK(values(y2) == ref.values);
    }
  }
}

TEST_CASE("max_pool2d output shapes") {
  const Tensor x = xgrad::zeros({1, 1, 5, 5});
  CHECK(shape_str(xgrad::max_pool2d(x, 2).sizes()) == "[1, 1, 2, 2]");
  CHECK(shape_str(xgrad::max_pool2d(x, 2, {}, 0, 1, true).sizes()) == "[1, 1, 3, 3]");
  CHECK(shape_str(xgrad::max_pool2d(x, 2, 2, 1, 1, true).sizes()) == "[1, 1, 3, 3]");  // not 4: starts in padding
  CHECK(shape_str(xgrad::max_pool2d(x, 3, 1, 1).sizes()) == "[1, 1, 5, 5]");
  CHECK(shape_str(xgrad::max_pool2d(x, {3, 1}, {1, 2}).sizes()) == "[1, 1, 3, 3]");
  CHECK(shape_str(xgrad::max_pool2d(x, 2, 1, 0, 2).sizes()) == "[1, 1, 3, 3]");
  CHECK(shape_str(xgrad::max_pool2d(xgrad::zeros({4, 5, 5}), 5).sizes()) == "[4, 1, 1]");
  CHECK(shape_str(xgrad::max_pool2d(xgrad::zeros({0, 2, 4, 4}), 2).sizes()) == "[0, 2, 2, 2]");
}

TEST_CASE("max_pool2d: ties pick the first maximum, NaN propagates, strided input") {
  // Every window of a constant plane is a tie: index and gradient go to the first element scanned.
  const Tensor x = xgrad::ones({1, 1, 4, 4}, xgrad::kDouble).requires_grad_();
  auto [y, idx] = xgrad::max_pool2d_with_indices(x, 2);
  CHECK(values(idx) == V{0, 2, 8, 10});
  y.backward(xgrad::tensor({1.0, 2.0, 3.0, 4.0}, xgrad::kDouble).view({1, 1, 2, 2}));
  CHECK(values(x.grad()) == V{1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0});

  // Overlapping windows (stride 1) share a maximum: its gradient is the sum.
  const Tensor z = xgrad::tensor({1.0, 5.0, 2.0, 0.0, 3.0, 1.0}, xgrad::kDouble).view({1, 2, 3}).requires_grad_();
  const Tensor yz = xgrad::max_pool2d(z, {2, 2}, 1);
  CHECK(values(yz) == V{5, 5});
  yz.backward(xgrad::tensor({1.0, 10.0}, xgrad::kDouble).view({1, 1, 2}));
  CHECK(values(z.grad()) == V{0, 11, 0, 0, 0, 0});

  const double nan = std::nan("");
  const Tensor n = xgrad::tensor({1.0, nan, 3.0, nan, 2.0, 0.0}, xgrad::kDouble).view({1, 1, 2, 3});
  auto [yn, in] = xgrad::max_pool2d_with_indices(n, {2, 3}, 1);
  CHECK(std::isnan(values(yn)[0]));
  CHECK(values(in) == V{3});  // the last NaN scanned, as PyTorch's CPU kernel
  CHECK(std::isnan(values(xgrad::max_pool2d(n, {1, 2}, 1))[0]));

  // A transposed (non-contiguous) input gives the same result as its contiguous copy.
  const Tensor t = xgrad::randn({2, 3, 6, 5}).transpose(2, 3);
  CHECK(xgrad::max_pool2d(t, 2).equal(xgrad::max_pool2d(t.contiguous(), 2)));
}

TEST_CASE("max_pool2d 2x2 (its own loop): ties, NaN and -inf over wide planes, float and double") {
  // Values from {-1, 0, 1} (ties in most windows), NaNs and -infs at varying places, rows of 37
  // columns (the last column unused) and an odd row count (the last row unused).
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  const S sizes{2, 3, 7, 37};
  V v(static_cast<size_t>(2 * 3 * 7 * 37));
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = i % 7 == 3 ? nan : i % 11 == 5 ? -inf : static_cast<double>((i * 5) % 3) - 1;
  for (const auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
    INFO("dtype " << dtype_name(dtype));
    const Tensor x = xgrad::tensor(v, xgrad::kDouble).to(dtype).view(sizes);
    auto [y, idx] = xgrad::max_pool2d_with_indices(x, 2);
    const Ref r = naive_max(x, Cfg{sizes, {2}, {}, {0}, {1}, false});
    REQUIRE(shape_str(y.sizes()) == shape_str(r.sizes));
    const V got = values(y);
    for (size_t i = 0; i < got.size(); ++i) {
      INFO("output " << i);
      CHECK(std::isnan(got[i]) == std::isnan(r.values[i]));
      if (!std::isnan(r.values[i])) CHECK(got[i] == r.values[i]);
    }
    CHECK(std::vector<int64_t>(idx.data_ptr<int64_t>(), idx.data_ptr<int64_t>() + idx.numel()) == r.indices);
  }
}

TEST_CASE("max_pool2d: a window wholly in the padding gives -inf and index -1") {
  // kernel 2, padding 1, dilation 3 over 2 x 2: the single window's taps are rows/cols -1 and 2.
  const Tensor x = xgrad::randn({1, 1, 2, 2}, xgrad::kDouble).requires_grad_();
  auto [y, idx] = xgrad::max_pool2d_with_indices(x, 2, 1, 1, 3);
  CHECK(values(y) == V{-std::numeric_limits<double>::infinity()});
  CHECK(values(idx) == V{-1});
  y.backward(xgrad::ones_like(y));
  CHECK(values(x.grad()) == V{0, 0, 0, 0});
}

TEST_CASE("max_pool2d backward scatters the upstream gradient to the argmax") {
  for (const Cfg& c : max_configs()) {
    INFO("input " << shape_str(c.sizes));
    const Tensor x = xgrad::randn(c.sizes, xgrad::kDouble).requires_grad_();
    const Tensor y = xgrad::max_pool2d(x, c.k, c.s, c.p, c.d, c.ceil_mode);
    CHECK(grad_fn_name(y) == "MaxPool2DWithIndicesBackward0");
    const Tensor g = xgrad::randn(y.sizes(), xgrad::kDouble);
    y.backward(g);
    const Ref ref = naive_max(x.detach(), c);
    const int64_t H = c.sizes[c.sizes.size() - 2], W = c.sizes.back();
    V expected(static_cast<size_t>(x.numel()), 0.0);
    const V gv = values(g);
    const int64_t out_plane = ref.sizes[ref.sizes.size() - 2] * ref.sizes.back();
    for (size_t i = 0; i < gv.size(); ++i)
      expected[static_cast<size_t>(static_cast<int64_t>(i) / out_plane * H * W + ref.indices[i])] += gv[i];
    CHECK(close(values(x.grad()), expected, 1e-12, 1e-12));
  }
  auto [v, i] = xgrad::max_pool2d_with_indices(xgrad::randn({1, 1, 4, 4}).requires_grad_(), 2);
  CHECK(grad_fn_name(v) == "MaxPool2DWithIndicesBackward0");
  CHECK(!i.requires_grad());
}

TEST_CASE("gradcheck: max_pool2d") {
  for (const Cfg& c : max_configs()) {
    INFO("input " << shape_str(c.sizes));
    CHECK(gradcheck([c](const Inputs& in) { return xgrad::max_pool2d(in[0], c.k, c.s, c.p, c.d, c.ceil_mode); },
                    {leaf(c.sizes)}));
  }
  CHECK(gradcheck([](const Inputs& in) { return std::get<0>(xgrad::max_pool2d_with_indices(in[0].transpose(2, 3), 2)); },
                  {leaf({2, 2, 5, 6})}));
}

TEST_CASE("avg_pool2d matches naive loops") {
  const std::vector<Cfg> cfgs = {
      {{2, 3, 6, 7}, {2}, {}, {0}, {1}, false},
      {{1, 2, 7, 7}, {3}, {2}, {1}, {1}, false},
      {{2, 2, 8, 9}, {3, 2}, {2, 1}, {1, 0}, {1}, false},
      {{1, 1, 6, 6}, {3}, {2}, {1}, {1}, true},
      {{1, 2, 5, 5}, {2}, {2}, {1}, {1}, true},
      {{3, 5, 5}, {3}, {1}, {1}, {1}, false},
      {{2, 1, 4, 7}, {2, 3}, {3, 2}, {1}, {1}, true},
  };
  for (const Cfg& c : cfgs) {
    for (bool include_pad : {true, false}) {
      for (std::optional<int64_t> divisor : {std::optional<int64_t>(), std::optional<int64_t>(5)}) {
        INFO("input " << shape_str(c.sizes) << " kernel " << shape_str(c.k) << " padding " << shape_str(c.p)
                      << " ceil " << c.ceil_mode << " count_include_pad " << include_pad << " divisor "
                      << divisor.value_or(0));
        const Tensor x = xgrad::randn(c.sizes, xgrad::kDouble);
        const Ref ref = naive_avg(x, c, include_pad, divisor);
        const Tensor y = xgrad::avg_pool2d(x, c.k, c.s, c.p, c.ceil_mode, include_pad, divisor);
        CHECK(shape_str(y.sizes()) == shape_str(ref.sizes));
        CHECK(close(values(y), ref.values, 1e-12, 1e-12));
        const Tensor yf = xgrad::avg_pool2d(x.to(xgrad::kFloat), c.k, c.s, c.p, c.ceil_mode, include_pad, divisor);
        CHECK(dtype_of(yf) == "Float");
        CHECK(close(values(yf), ref.values, 1e-5, 1e-6));
      }
    }
  }
  // By hand: a 2x2 input padded by 1, kernel 2, stride 2: each window holds one element.
  const Tensor x = xgrad::tensor({1.0, 2.0, 3.0, 4.0}).view({1, 1, 2, 2});
  check_close(xgrad::avg_pool2d(x, 2, 2, 1), {0.25, 0.5, 0.75, 1.0});
  check_close(xgrad::avg_pool2d(x, 2, 2, 1, false, false), {1, 2, 3, 4});
  check_close(xgrad::avg_pool2d(x, 2, 2, 1, false, true, 2), {0.5, 1, 1.5, 2});
}

TEST_CASE("avg_pool2d backward spreads the gradient over each window") {
  const Tensor x = xgrad::zeros({1, 1, 3, 3}, xgrad::kDouble).requires_grad_();
  const Tensor y = xgrad::avg_pool2d(x, 2, 1);  // 2x2 output, overlapping windows
  CHECK(grad_fn_name(y) == "AvgPool2DBackward0");
  y.backward(xgrad::tensor({4.0, 8.0, 12.0, 16.0}, xgrad::kDouble).view({1, 1, 2, 2}));
  CHECK(values(x.grad()) == V{1, 3, 2, 4, 10, 6, 3, 7, 4});
  // count_include_pad = false divides the corner windows by fewer elements.
  const Tensor z = xgrad::zeros({1, 1, 2, 2}, xgrad::kDouble).requires_grad_();
  xgrad::avg_pool2d(z, 3, 1, 1, false, false).sum().backward();
  CHECK(values(z.grad()) == V{1, 1, 1, 1});
}

TEST_CASE("gradcheck: avg_pool2d with every option") {
  struct Opt {
    S sizes, k, s, p;
    bool ceil_mode, include_pad;
    std::optional<int64_t> divisor;
  };
  const std::vector<Opt> opts = {
      {{2, 2, 6, 6}, {2}, {}, {0}, false, true, std::nullopt},
      {{1, 2, 7, 6}, {3}, {2}, {1}, false, true, std::nullopt},
      {{1, 2, 7, 6}, {3}, {2}, {1}, false, false, std::nullopt},
      {{1, 1, 6, 6}, {3}, {2}, {1}, true, false, std::nullopt},
      {{1, 1, 5, 5}, {2}, {2}, {1}, true, true, std::nullopt},
      {{2, 5, 4}, {3, 2}, {1, 2}, {1, 0}, false, true, 3},
      {{1, 1, 5, 5}, {3}, {2}, {1}, true, false, 7},
  };
  for (const Opt& o : opts) {
    INFO("input " << shape_str(o.sizes) << " kernel " << shape_str(o.k));
    CHECK(gradcheck(
        [o](const Inputs& in) { return xgrad::avg_pool2d(in[0], o.k, o.s, o.p, o.ceil_mode, o.include_pad, o.divisor); },
        {leaf(o.sizes)}));
  }
}

TEST_CASE("adaptive_avg_pool2d matches naive loops") {
  struct A {
    S sizes;
    int64_t oH, oW;
  };
  const std::vector<A> cases = {{{2, 3, 7, 5}, 3, 2}, {{1, 2, 5, 5}, 5, 5},  {{2, 9, 10}, 4, 3},
                                {{1, 1, 5, 5}, 7, 7},  {{2, 2, 6, 8}, 1, 4}, {{2, 3, 4, 4}, 1, 1}};
  for (const A& a : cases) {
    INFO("input " << shape_str(a.sizes) << " output " << a.oH << "x" << a.oW);
    const Tensor x = xgrad::randn(a.sizes, xgrad::kDouble);
    const Ref ref = naive_adaptive(x, a.oH, a.oW);
    const Tensor y = xgrad::adaptive_avg_pool2d(x, {a.oH, a.oW});
    CHECK(shape_str(y.sizes()) == shape_str(ref.sizes));
    CHECK(close(values(y), ref.values, 1e-12, 1e-12));
    CHECK(gradcheck([a](const Inputs& in) { return xgrad::adaptive_avg_pool2d(in[0], {a.oH, a.oW}); }, {leaf(a.sizes)}));
  }
  // Node names as PyTorch: 1x1 is a mean over H and W.
  const Tensor x = xgrad::randn({2, 3, 4, 4}).requires_grad_();
  CHECK(grad_fn_name(xgrad::adaptive_avg_pool2d(x, {2, 2})) == "AdaptiveAvgPool2DBackward0");
  CHECK(grad_fn_name(xgrad::adaptive_avg_pool2d(x, {1, 1})) == "MeanBackward1");
  CHECK(shape_str(xgrad::adaptive_avg_pool2d(x, {1, 1}).sizes()) == "[2, 3, 1, 1]");
  // Backward by hand: 4 -> 2 along W spreads g / 2 over each pair; 3 -> 2 overlaps in the middle.
  const Tensor z = xgrad::zeros({1, 3, 4}, xgrad::kDouble).requires_grad_();
  xgrad::adaptive_avg_pool2d(z, {2, 2}).backward(xgrad::tensor({4.0, 8.0, 12.0, 16.0}, xgrad::kDouble).view({1, 2, 2}));
  check_close(z.grad(), {1, 1, 2, 2, 4, 4, 6, 6, 3, 3, 4, 4});
}

TEST_CASE("double backward (create_graph) of the pooling ops") {
  using Fn = std::function<Tensor(const Tensor&)>;
  const std::vector<std::pair<const char*, Fn>> ops = {
      {"max_pool2d", [](const Tensor& x) { return xgrad::max_pool2d(x, 3, 2, 1); }},
      {"max_pool2d dilated ceil", [](const Tensor& x) { return xgrad::max_pool2d(x, 2, 2, 1, 2, true); }},
      {"avg_pool2d", [](const Tensor& x) { return xgrad::avg_pool2d(x, 3, 2, 1, true, false); }},
      {"avg_pool2d divisor", [](const Tensor& x) { return xgrad::avg_pool2d(x, 2, 1, 0, false, true, 3); }},
      {"adaptive_avg_pool2d", [](const Tensor& x) { return xgrad::adaptive_avg_pool2d(x, {3, 2}); }},
  };
  for (const auto& op : ops) {
    INFO(op.first);
    const Fn fn = op.second;
    const Tensor x0 = xgrad::randn({2, 2, 6, 5}, xgrad::kDouble);
    const S out_sizes = fn(x0).sizes().vec();
    // The first gradient as a function of the input and of the upstream gradient.
    auto first_grad = [fn](const Inputs& in) {
      return xgrad::autograd::grad({fn(in[0])}, {in[0]}, {in[1]}, std::nullopt, /*create_graph=*/true)[0];
    };
    CHECK(gradcheck(first_grad, {x0.clone().requires_grad_(), leaf(out_sizes)}));
    // Third order: the first gradient's own backward is differentiable in the upstream gradient.
    const Tensor x = x0.clone().requires_grad_();
    const Tensor w = leaf(out_sizes);
    const Tensor gx = xgrad::autograd::grad({fn(x)}, {x}, {w}, std::nullopt, true)[0];
    const Tensor v = xgrad::randn(x.sizes(), xgrad::kDouble);
    const auto gw = xgrad::autograd::grad({gx}, {w, x}, {v}, std::nullopt, true);
    CHECK(values(gw[1]) == V(static_cast<size_t>(x.numel()), 0.0));  // the input only picks windows
    CHECK(gradcheck([&](const Inputs& in) { return xgrad::autograd::grad({gx}, {w}, {in[0]}, true, true)[0]; },
                    {v.clone().requires_grad_()}));
  }
  const Tensor x = xgrad::randn({1, 1, 4, 4}, xgrad::kDouble).requires_grad_();
  const Tensor w = xgrad::randn({1, 1, 2, 2}, xgrad::kDouble).requires_grad_();
  const Tensor gx = xgrad::autograd::grad({xgrad::max_pool2d(x, 2)}, {x}, {w}, std::nullopt, true)[0];
  CHECK(grad_fn_name(gx) == "MaxPool2DWithIndicesBackwardBackward0");
  // Further orders are the gather by the indices and its scatter (ops/gather.h), as for max(dim).
  const Tensor v = xgrad::randn({1, 1, 4, 4}, xgrad::kDouble).requires_grad_();
  const Tensor gw = xgrad::autograd::grad({gx}, {w}, {v}, std::nullopt, true)[0];
  CHECK(grad_fn_name(gw) == "GatherBackward0");
  const Tensor gv = xgrad::autograd::grad({gw}, {v}, {xgrad::randn({1, 1, 2, 2}, xgrad::kDouble).requires_grad_()},
                                          std::nullopt, true)[0];
  CHECK(grad_fn_name(gv) == "ScatterBackward0");
}

TEST_CASE("pooling errors name the op, the shapes and the values") {
  const Tensor x = xgrad::randn({1, 1, 2, 2});
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 3),
                       doctest::Contains("max_pool2d: Given input size: (1x2x2). Calculated output size: (1x0x0). "
                                         "Output size is too small"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 2, 1, 0, 3),
                       doctest::Contains("max_pool2d: Given input size: (1x2x2). Calculated output size: (1x-1x-1). "
                                         "Output size is too small"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::avg_pool2d(xgrad::randn({1, 5, 2}), {1, 3}),
                       doctest::Contains("avg_pool2d: Given input size: (1x5x2). Calculated output size: (1x5x0). "
                                         "Output size is too small"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::max_pool2d(xgrad::randn({1, 1, 8, 8}), 3, 1, 2),
      doctest::Contains("max_pool2d: pad should be at most half of kernel size, but got pad=2 and kernel_size=3"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::avg_pool2d(xgrad::randn({1, 1, 8, 8}), {2, 4}, {}, {1, 3}),
                       doctest::Contains("avg_pool2d: pad should be at most half of kernel size, but got pad=3 and "
                                         "kernel_size=4"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(xgrad::randn({4, 4}), 2),
                       doctest::Contains("max_pool2d: Expected 3D or 4D (batch mode) tensor with optional 0 dim "
                                         "batch size for input, but got: [4, 4]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::avg_pool2d(xgrad::randn({1, 2, 0, 4}), 2),
                       doctest::Contains("avg_pool2d: Expected 3D or 4D (batch mode) tensor with optional 0 dim "
                                         "batch size for input, but got: [1, 2, 0, 4]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::adaptive_avg_pool2d(xgrad::randn({1, 1, 2, 2, 2}), {1, 1}),
                       doctest::Contains("adaptive_avg_pool2d: Expected 3D or 4D tensor, but got [1, 1, 2, 2, 2]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, {2, 2, 2}),
                       doctest::Contains("max_pool2d: kernel_size must either be a single int, or a tuple of two "
                                         "ints, got [2, 2, 2]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 2, 0), doctest::Contains("max_pool2d: stride should be greater than "
                                                                     "zero, but got dH: 0 dW: 0"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 0),
                       doctest::Contains("max_pool2d: kernel size should be greater than zero, but got kH: 0 kW: 0"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 1, 1, -1), doctest::Contains("max_pool2d: pad must be non-negative, but "
                                                                         "got pad: -1"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::avg_pool2d(x, 2, 2, 0, false, true, 0),
                       doctest::Contains("avg_pool2d: divisor must be not zero"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::adaptive_avg_pool2d(x, {2}),
                       doctest::Contains("adaptive_avg_pool2d: output_size must be 2, got [2]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(xgrad::ones({1, 1, 2, 2}, xgrad::kLong), 2),
                       doctest::Contains("max_pool2d: expected a floating point tensor"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::adaptive_avg_pool2d(xgrad::ones({1, 2, 2}, xgrad::kLong), {1, 1}),
                       doctest::Contains("adaptive_avg_pool2d: expected a floating point tensor"), xgrad::Error);
}
