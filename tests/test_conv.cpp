// Convolutions (ops/conv.cpp): conv1d, conv2d and conv_transpose2d against a direct-loop reference
// (forward and gradients) over strides, paddings, dilations, groups, bias, non-square kernels,
// batched and unbatched inputs and batches split into chunks; PyTorch's numbers; gradcheck, the
// fused backward against the create_graph one, double backward; node names; errors.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;

namespace {

enum class Op { conv1d, conv2d, conv_transpose2d };

const char* op_name(Op op) { return op == Op::conv1d ? "conv1d" : op == Op::conv2d ? "conv2d" : "conv_transpose2d"; }

/// One configuration, written 2-D: a conv1d case has h = kh = 1 and its parameters in the W entries.
struct Conv {
  int64_t n, c_in, c_out, h, w, kh, kw;
  S stride, padding, dilation;
  int64_t groups = 1;
  bool bias = true;
  bool batched = true;
  S output_padding = {0, 0};  // conv_transpose2d only
};

struct Case {
  Op op;
  Conv c;
};

/// Every configuration the reference and gradcheck tests run: stride 1/2, padding 0/1/2, dilation
/// 1/2, groups 1/2/3, with and without bias, non-square kernels, batch 1 and 3, unbatched, and 1x1
/// kernels (with stride 1 and no padding the image is its own columns matrix: a separate path).
std::vector<Case> cases() {
  return {
      {Op::conv2d, {1, 1, 1, 5, 5, 3, 3, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv2d, {3, 2, 4, 6, 7, 3, 3, {2, 2}, {1, 1}, {1, 1}, 1, false}},
      {Op::conv2d, {3, 4, 6, 7, 6, 2, 3, {1, 2}, {2, 1}, {2, 1}, 2}},
      {Op::conv2d, {1, 3, 3, 5, 5, 3, 2, {2, 1}, {0, 2}, {1, 2}, 3}},
      {Op::conv2d, {1, 6, 9, 4, 6, 1, 3, {1, 1}, {1, 0}, {2, 2}, 3, false}},
      {Op::conv2d, {1, 4, 2, 5, 4, 2, 2, {1, 2}, {1, 1}, {1, 1}, 2, true, false}},
      {Op::conv2d, {2, 3, 2, 3, 3, 3, 3, {1, 1}, {2, 2}, {2, 2}}},
      {Op::conv1d, {3, 2, 4, 1, 9, 1, 3, {1, 1}, {0, 1}, {1, 1}}},
      {Op::conv1d, {1, 4, 6, 1, 8, 1, 2, {1, 2}, {0, 2}, {1, 2}, 2, false}},
      {Op::conv1d, {1, 3, 3, 1, 7, 1, 3, {1, 1}, {0, 0}, {1, 1}, 3, true, false}},
      {Op::conv_transpose2d, {1, 1, 1, 3, 3, 3, 3, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv_transpose2d, {3, 2, 4, 3, 4, 3, 3, {2, 2}, {1, 1}, {1, 1}, 1, false, true, {1, 0}}},
      // output_padding 1 with stride 1 along W: allowed by dilation 2
      {Op::conv_transpose2d, {2, 4, 6, 3, 3, 2, 3, {2, 1}, {0, 1}, {1, 2}, 2, true, true, {1, 1}}},
      {Op::conv_transpose2d, {1, 3, 3, 4, 3, 3, 2, {1, 2}, {2, 0}, {2, 1}, 3, true, true, {0, 1}}},
      {Op::conv_transpose2d, {1, 4, 2, 3, 3, 2, 2, {2, 2}, {1, 1}, {1, 1}, 2, true, false}},
      {Op::conv2d, {2, 4, 6, 3, 4, 1, 1, {1, 1}, {0, 0}, {1, 1}, 2}},
      {Op::conv2d, {2, 3, 2, 3, 4, 1, 1, {1, 1}, {0, 0}, {2, 2}, 1, false}},
      {Op::conv2d, {1, 2, 3, 5, 4, 1, 1, {2, 1}, {1, 0}, {1, 1}}},
      {Op::conv1d, {2, 3, 4, 1, 5, 1, 1, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv_transpose2d, {2, 4, 2, 3, 3, 1, 1, {1, 1}, {0, 0}, {1, 1}, 2}},
  };
}

std::string join(const S& v) { return std::to_string(v[0]) + "x" + std::to_string(v[1]); }

std::string describe(const Case& k) {
  const Conv& c = k.c;
  std::ostringstream out;
  out << op_name(k.op) << " n=" << c.n << " c_in=" << c.c_in << " c_out=" << c.c_out << " in=" << c.h << "x" << c.w
      << " k=" << c.kh << "x" << c.kw << " stride=" << join(c.stride) << " padding=" << join(c.padding)
      << " dilation=" << join(c.dilation) << " groups=" << c.groups << " bias=" << c.bias << " batched=" << c.batched
      << " output_padding=" << join(c.output_padding);
  return out.str();
}

/// The input's shape: [N, C, H, W] / [N, C, L], without N when unbatched.
S input_shape(const Case& k) {
  S s = k.op == Op::conv1d ? S{k.c.c_in, k.c.w} : S{k.c.c_in, k.c.h, k.c.w};
  if (k.c.batched) s.insert(s.begin(), k.c.n);
  return s;
}

S weight_shape(const Case& k) {
  const Conv& c = k.c;
  if (k.op == Op::conv1d) return {c.c_out, c.c_in / c.groups, c.kw};
  if (k.op == Op::conv2d) return {c.c_out, c.c_in / c.groups, c.kh, c.kw};
  return {c.c_in, c.c_out / c.groups, c.kh, c.kw};
}

Tensor run(const Case& k, const Tensor& x, const Tensor& w, const Tensor& b) {
  const Conv& c = k.c;
  switch (k.op) {
    case Op::conv1d:
      return xgrad::conv1d(x, w, b, c.stride[1], c.padding[1], c.dilation[1], c.groups);
    case Op::conv2d:
      return xgrad::conv2d(x, w, b, c.stride, c.padding, c.dilation, c.groups);
    case Op::conv_transpose2d:
      return xgrad::conv_transpose2d(x, w, b, c.stride, c.padding, c.output_padding, c.groups, c.dilation);
  }
  return {};
}

/// A convolution between an image [n, c, h, w] and a map [n, o, oh, ow] by a weight
/// [o, c / groups, kh, kw], as the direct sum: every product image * weight that lands on a map element.
struct Taps {
  int64_t n, c, h, w, o, oh, ow, kh, kw, groups;
  S s, p, d;
  int64_t image_size() const { return n * c * h * w; }
  int64_t map_size() const { return n * o * oh * ow; }
};

/// conv2d maps its input (image) to its output (map); conv_transpose2d its input (map) to its output (image).
Taps taps_of(const Case& k) {
  const Conv& c = k.c;
  Taps t{c.n, 0, 0, 0, 0, 0, 0, c.kh, c.kw, c.groups, c.stride, c.padding, c.dilation};
  S out(2);
  for (int d = 0; d < 2; ++d) {
    const int64_t in = d == 0 ? c.h : c.w, kernel = d == 0 ? c.kh : c.kw;
    out[d] = k.op == Op::conv_transpose2d
                 ? (in - 1) * c.stride[d] - 2 * c.padding[d] + c.dilation[d] * (kernel - 1) + c.output_padding[d] + 1
                 : (in + 2 * c.padding[d] - c.dilation[d] * (kernel - 1) - 1) / c.stride[d] + 1;
  }
  if (k.op == Op::conv_transpose2d) {
    t.c = c.c_out, t.h = out[0], t.w = out[1], t.o = c.c_in, t.oh = c.h, t.ow = c.w;
  } else {
    t.c = c.c_in, t.h = c.h, t.w = c.w, t.o = c.c_out, t.oh = out[0], t.ow = out[1];
  }
  return t;
}

/// fn(image index, map index, weight index) for every product of the sum.
template <typename F>
void for_each_tap(const Taps& t, F fn) {
  const int64_t cg = t.c / t.groups, og = t.o / t.groups;
  for (int64_t n = 0; n < t.n; ++n)
    for (int64_t o = 0; o < t.o; ++o)
      for (int64_t i = 0; i < t.oh; ++i)
        for (int64_t j = 0; j < t.ow; ++j)
          for (int64_t c = 0; c < cg; ++c)
            for (int64_t u = 0; u < t.kh; ++u)
              for (int64_t v = 0; v < t.kw; ++v) {
                const int64_t y = i * t.s[0] - t.p[0] + u * t.d[0], x = j * t.s[1] - t.p[1] + v * t.d[1];
                if (y < 0 || y >= t.h || x < 0 || x >= t.w) continue;
                const int64_t image = ((n * t.c + (o / og) * cg + c) * t.h + y) * t.w + x;
                const int64_t map = ((n * t.o + o) * t.oh + i) * t.ow + j;
                const int64_t weight = ((o * cg + c) * t.kh + u) * t.kw + v;
                fn(image, map, weight);
              }
}

/// The output's values by the direct sum (bias over the output channels).
V ref_forward(const Case& k, const V& x, const V& w, const V& b) {
  const Taps t = taps_of(k);
  const bool tr = k.op == Op::conv_transpose2d;
  V out(static_cast<size_t>(tr ? t.image_size() : t.map_size()), 0.0);
  for_each_tap(t, [&](int64_t image, int64_t map, int64_t weight) {
    if (tr)
      out[image] += x[map] * w[weight];
    else
      out[map] += x[image] * w[weight];
  });
  if (!b.empty()) {
    const int64_t channels = tr ? t.c : t.o, plane = tr ? t.h * t.w : t.oh * t.ow;
    for (size_t e = 0; e < out.size(); ++e) out[e] += b[(e / plane) % channels];
  }
  return out;
}

/// dx, dw and db for the upstream gradient g, by the direct sum.
std::vector<V> ref_backward(const Case& k, const V& x, const V& w, const V& g) {
  const Taps t = taps_of(k);
  const bool tr = k.op == Op::conv_transpose2d;
  V dx(x.size(), 0.0), dw(w.size(), 0.0);
  for_each_tap(t, [&](int64_t image, int64_t map, int64_t weight) {
    const int64_t in = tr ? map : image, out = tr ? image : map;
    dx[in] += g[out] * w[weight];
    dw[weight] += g[out] * x[in];
  });
  const int64_t channels = tr ? t.c : t.o, plane = tr ? t.h * t.w : t.oh * t.ow;
  V db(static_cast<size_t>(channels), 0.0);
  for (size_t e = 0; e < g.size(); ++e) db[(e / plane) % channels] += g[e];
  return {dx, dw, db};
}

/// Random leaves for a case: x, w and b (b undefined without bias).
Inputs make_inputs(const Case& k, xgrad::ScalarType dtype = xgrad::kDouble) {
  const int64_t out_channels = k.c.c_out;
  Tensor b = k.c.bias ? xgrad::randn({out_channels}, dtype).requires_grad_() : Tensor();
  return {xgrad::randn(input_shape(k), dtype).requires_grad_(), xgrad::randn(weight_shape(k), dtype).requires_grad_(),
          b};
}

/// The forward values and the fused backward's gradients against the reference.
void check_against_reference(const Case& k, xgrad::ScalarType dtype, double rtol, double atol) {
  const Inputs in = make_inputs(k, dtype);
  Tensor y = run(k, in[0], in[1], in[2]);
  const V b = in[2].defined() ? values(in[2]) : V{};
  const V expected = ref_forward(k, values(in[0]), values(in[1]), b);
  CHECK(dtype_of(y) == dtype_name(dtype));
  CHECK(y.numel() == static_cast<int64_t>(expected.size()));
  CHECK(close(values(y), expected, rtol, atol));

  const Tensor g = xgrad::randn(y.sizes(), dtype);
  y.backward(g);
  const std::vector<V> grads = ref_backward(k, values(in[0]), values(in[1]), values(g));
  CHECK(in[0].grad().sizes() == in[0].sizes());
  CHECK(close(values(in[0].grad()), grads[0], rtol, atol));
  CHECK(in[1].grad().sizes() == in[1].sizes());
  CHECK(close(values(in[1].grad()), grads[1], rtol, atol));
  if (in[2].defined()) CHECK(close(values(in[2].grad()), grads[2], rtol, atol));
}

/// The gradients of x, w (and b) with upstream g, with or without create_graph.
std::vector<Tensor> first_grads(const Case& k, const Inputs& in, const Tensor& g, bool create_graph) {
  Inputs wrt = {in[0], in[1]};
  if (in[2].defined()) wrt.push_back(in[2]);
  return xgrad::autograd::grad({run(k, in[0], in[1], in[2])}, wrt, {g}, std::nullopt, create_graph);
}

}  // namespace

TEST_CASE("conv1d, conv2d and conv_transpose2d match the direct sum, forward and backward") {
  for (const Case& k : cases()) {
    INFO(describe(k));
    check_against_reference(k, xgrad::kDouble, 1e-10, 1e-12);
    check_against_reference(k, xgrad::kFloat, 1e-4, 1e-5);
  }
}

TEST_CASE("larger images and batches match the direct sum") {
  const std::vector<Case> big = {
      {Op::conv2d, {15, 16, 4, 32, 32, 3, 3, {1, 1}, {1, 1}, {1, 1}, 2}},
      {Op::conv2d, {2, 64, 2, 64, 64, 3, 3, {2, 1}, {1, 2}, {1, 2}}},
      {Op::conv2d, {64, 1, 6, 28, 28, 5, 5, {1, 1}, {0, 0}, {1, 1}}},
      // The direct kernels (stride 1, small weights, batches of at least half an image group of 16
      // or 8): LeNet's two layers and the CNN's, batches that end in a partial group, channel
      // counts that are no multiple of the kernels' blocks, rectangular kernels, kernels wider than
      // the tap blocks, rows shorter than the position blocks, padding as large as the kernel (the
      // image gradient's padding k - 1 - p is then negative).
      {Op::conv2d, {64, 1, 6, 28, 28, 5, 5, {1, 1}, {2, 2}, {1, 1}}},
      {Op::conv2d, {64, 6, 16, 14, 14, 5, 5, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv2d, {20, 32, 32, 13, 13, 3, 3, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv2d, {20, 3, 5, 9, 13, 2, 4, {1, 1}, {1, 3}, {1, 1}}},
      {Op::conv2d, {17, 2, 7, 5, 6, 2, 3, {1, 1}, {3, 2}, {1, 1}}},
      {Op::conv2d, {24, 1, 32, 28, 28, 3, 3, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv2d, {18, 3, 16, 8, 11, 3, 5, {1, 1}, {0, 0}, {1, 1}, 1, false}},
      {Op::conv2d, {33, 2, 10, 6, 10, 2, 4, {1, 1}, {0, 0}, {1, 1}}},
      {Op::conv2d, {9, 2, 3, 12, 12, 7, 7, {1, 1}, {3, 3}, {1, 1}}},
      {Op::conv2d, {16, 4, 20, 3, 2, 3, 1, {1, 1}, {1, 0}, {1, 1}}},
      {Op::conv_transpose2d, {20, 3, 4, 6, 7, 3, 3, {1, 1}, {1, 1}, {1, 1}}},
      {Op::conv_transpose2d, {15, 4, 16, 16, 16, 3, 3, {2, 2}, {1, 1}, {1, 1}, 2, true, true, {1, 1}}},
  };
  for (const Case& k : big) {
    INFO(describe(k));
    check_against_reference(k, xgrad::kDouble, 1e-10, 1e-10);
    // A weight gradient here sums up to 37k products of unit normals (about 190 in size): float keeps
    // about 1e-5 of that in absolute terms.
    check_against_reference(k, xgrad::kFloat, 1e-4, 5e-3);
  }
}

namespace {

/// got has NaNs and Infs exactly where expected has them, some finite elements, and is close elsewhere.
void check_non_finite_alike(const V& got, const V& expected, const char* what) {
  REQUIRE(got.size() == expected.size());
  int finite = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    INFO(what << " element " << i);
    CHECK(std::isnan(got[i]) == std::isnan(expected[i]));
    CHECK(std::isinf(got[i]) == std::isinf(expected[i]));
    finite += std::isfinite(expected[i]) ? 1 : 0;
  }
  CHECK(finite > 0);
  CHECK(close(got, expected, 1e-10, 1e-10));
}

}  // namespace

TEST_CASE("an Inf read by one tap only leaves the other taps' weight gradient finite") {
  // Batch 2 takes the GEMM, batch 20 the direct kernels: neither may turn the Inf into NaNs in the
  // other taps' gradient (as a kernel that also multiplied the zeros past a row's end would).
  for (const int64_t n : {2, 20}) {
    INFO("batch " << n);
    const Case k{Op::conv2d, {n, 2, 3, 5, 6, 3, 3, {1, 1}, {0, 0}, {1, 1}}};
    V x = values(xgrad::randn(input_shape(k), xgrad::kDouble));
    x[5] = std::numeric_limits<double>::infinity();  // image 0, channel 0, row 0, last column: tap v = 2 only
    const Tensor input = xgrad::tensor(x, xgrad::kDouble).reshape(input_shape(k));
    const Tensor w = xgrad::randn(weight_shape(k), xgrad::kDouble).requires_grad_();
    Tensor y = run(k, input, w, Tensor());
    const Tensor g = xgrad::randn(y.sizes(), xgrad::kDouble);
    y.backward(g);
    check_non_finite_alike(values(w.grad()), ref_backward(k, x, values(w), values(g))[1], "weight gradient");
  }
}

TEST_CASE("an Inf weight gives the input gradient the exact sum's Infs and NaNs") {
  // The direct image gradient would also multiply the weight by the zeros around the map gradient
  // (0 x Inf = NaN where the exact sum has no such product): a weight that is not finite takes the
  // GEMM. Batch 20 is the direct kernels' otherwise.
  const Case k{Op::conv2d, {20, 2, 3, 5, 6, 3, 3, {1, 1}, {1, 1}, {1, 1}}};
  const V x = values(xgrad::randn(input_shape(k), xgrad::kDouble));
  V w = values(xgrad::randn(weight_shape(k), xgrad::kDouble));
  w[0] = std::numeric_limits<double>::infinity();  // output 0, input channel 0, tap (0, 0)
  const Tensor input = xgrad::tensor(x, xgrad::kDouble).reshape(input_shape(k)).requires_grad_();
  const Tensor weight = xgrad::tensor(w, xgrad::kDouble).reshape(weight_shape(k));
  Tensor y = run(k, input, weight, Tensor());
  const Tensor g = xgrad::randn(y.sizes(), xgrad::kDouble);
  y.backward(g);
  check_non_finite_alike(values(input.grad()), ref_backward(k, x, w, values(g))[0], "input gradient");
}

TEST_CASE("gradcheck through the direct kernels (a batch that fills an image group and part of another)") {
  for (const Case& k : {Case{Op::conv2d, {20, 2, 3, 4, 5, 3, 2, {1, 1}, {1, 1}, {1, 1}}},
                        Case{Op::conv_transpose2d, {20, 2, 3, 4, 4, 2, 3, {1, 1}, {1, 1}, {1, 1}}}}) {
    INFO(describe(k));
    const Inputs in = make_inputs(k);
    CHECK(gradcheck([k](const Inputs& v) { return run(k, v[0], v[1], v[2]); }, in));
  }
}

TEST_CASE("the direct weight gradient's bias sums: the same at 1 and 2 threads, and as the bias alone") {
  // With the weight's gradient the direct kernels sum the bias gradient from their packed map
  // gradient (per image group, groups added in order); without it, the channel sums do.
  const int before = xgrad::get_num_threads();
  for (const auto dtype : {xgrad::kFloat, xgrad::kDouble}) {
    INFO(xgrad::toString(dtype));
    const Tensor x = xgrad::randn({40, 3, 13, 11}, dtype);
    const Tensor g = xgrad::randn({40, 5, 9, 9}, dtype);
    const auto bias_grad = [&](int threads, bool with_weight) {
      xgrad::set_num_threads(threads);
      const Tensor w = xgrad::randn({5, 3, 5, 3}, dtype).requires_grad_(with_weight);
      const Tensor b = xgrad::randn({5}, dtype).requires_grad_();
      xgrad::conv2d(x, w, b, {1, 1}, {0, 0}).backward(g);
      return values(b.grad());
    };
    const V one = bias_grad(1, true), two = bias_grad(2, true), alone = bias_grad(2, false);
    CHECK(one == two);
    // Sums of 3240 unit normals: float rounds the 9-element row sums (about 1e-6 each).
    const double tol = dtype == xgrad::kFloat ? 2e-5 : 1e-12;
    CHECK(close(one, alone, 0, tol));
    V expected(5, 0.0);
    const V gv = values(g);
    for (size_t e = 0; e < gv.size(); ++e) expected[(e / 81) % 5] += gv[e];
    CHECK(close(one, expected, 0, tol));
  }
  xgrad::set_num_threads(before);
}

TEST_CASE("conv2d, conv1d and conv_transpose2d give PyTorch's numbers") {
  // sin(0), sin(1), ... and cos(0), cos(1), ... in the given shapes.
  const auto wave = [](const S& sizes, double (*f)(double)) {
    V v(static_cast<size_t>(numel(sizes)));
    for (size_t i = 0; i < v.size(); ++i) v[i] = f(static_cast<double>(i));
    return xgrad::tensor(v, xgrad::kDouble).view(sizes);
  };
  const auto s = [&](const S& sizes) { return wave(sizes, [](double t) { return std::sin(t); }); };
  const auto c = [&](const S& sizes) { return wave(sizes, [](double t) { return std::cos(t); }); };
  const Tensor b = xgrad::tensor(V{0.1, 0.2, 0.3, 0.4}, xgrad::kDouble);
  Tensor a = xgrad::conv2d(s({1, 2, 4, 5}), c({4, 1, 2, 3}), b, {2, 1}, {1, 0}, {1, 2}, 2);
  CHECK(shape_str(a.sizes()) == "[1, 4, 3, 1]");
  check_close(a,
              {-0.7090327123, 0.4948474258, 0.1684716318, -0.5663149616, 0.6648911136, 0.07778018637, -0.1358949669,
               1.042363794, -0.5135135485, 0.3913261895, 0.6952181664, -0.1256976869},
              1e-8);
  Tensor t = xgrad::conv_transpose2d(s({1, 2, 2, 3}), c({2, 2, 2, 2}), b, 2, 1, 1, 2);
  CHECK(shape_str(t.sizes()) == "[1, 4, 3, 5]");
  check_close(t,
              {0.1,
               -0.2501754884,
               -0.7330499611,
               -0.2784012477,
               -0.8001976297,
               0.1762474658,
               -0.6568024953,
               -0.3089021333,
               -0.8589242747,
               -0.4181089968,
               -0.0397077491,
               0.4149409643,
               0.8492287918,
               0.4990533034,
               1.049327837,
               0.2,
               1.007955437,
               0.8343868724,
               1.073080371,
               0.88552138,
               0.2400304099,
               0.6946791233,
               -0.01467624978,
               0.826794735,
               -0.07201055544,
               0.3063906922,
               -0.5266592689,
               -0.3705551073,
               -0.7207305957,
               -0.5229351724,
               0.2987633914,
               -0.25125875,
               0.3029076243,
               -0.5301423368,
               0.3043786008,
               -0.07549362339,
               0.37915509,
               0.7956740972,
               0.4454986089,
               1.211121339,
               0.301823912,
               0.7564726254,
               0.2975923269,
               1.139063312,
               0.2955743454,
               0.6122685766,
               0.4898345199,
               -0.09910477796,
               0.5352820945,
               -0.3516035014,
               0.773975593,
               -0.05907436806,
               -0.09367020612,
               -0.4438456945,
               -0.5074378944,
               0.0869185681,
               0.3256120667,
               0.8132862623,
               0.2632641209,
               1.159680473},
              1e-8);
  Tensor u = xgrad::conv_transpose2d(s({1, 2, 3}), c({1, 1, 2, 2}), {}, {1, 2}, {0, 1}, 0, 1, {2, 1});
  CHECK(shape_str(u.sizes()) == "[1, 4, 4]");
  check_close(u,
              {0, 0.8414709848, 0.4546487134, 0.9092974268, 0.07624746576, -0.7568024953, -0.4089021333, -0.9589242747,
               0, -0.3501754884, -0.8330499611, -0.3784012477, -0.1397077491, 0.3149409643, 0.7492287918, 0.3990533034},
              1e-8);
  Tensor l = xgrad::conv1d(s({2, 3, 6}), c({2, 3, 3}), b.narrow(0, 0, 2), 2, 1);
  CHECK(shape_str(l.sizes()) == "[2, 2, 3]");
  check_close(l,
              {-0.3468329266, 1.249478877, 0.4424329614, 0.4382434992, -1.26728379, 0.4657894095, -0.4998405127,
               0.1811351622, 1.393159409, 1.048307948, -0.484088955, -0.7449715894},
              1e-8);
}

TEST_CASE("node names: ConvolutionBackward0, and SqueezeBackward1 for an unbatched input (as PyTorch)") {
  const Tensor w = leaf({4, 3, 2, 2});
  CHECK(grad_fn_name(xgrad::conv2d(leaf({1, 3, 5, 5}), w)) == "ConvolutionBackward0");
  CHECK(grad_fn_name(xgrad::conv2d(leaf({3, 5, 5}), w)) == "SqueezeBackward1");
  CHECK(grad_fn_name(xgrad::conv1d(leaf({1, 3, 5}), leaf({4, 3, 2}))) == "ConvolutionBackward0");
  CHECK(grad_fn_name(xgrad::conv1d(leaf({3, 5}), leaf({4, 3, 2}))) == "SqueezeBackward1");
  CHECK(grad_fn_name(xgrad::conv_transpose2d(leaf({1, 3, 5, 5}), leaf({3, 2, 2, 2}))) == "ConvolutionBackward0");
  CHECK(grad_fn_name(xgrad::conv_transpose2d(leaf({3, 5, 5}), leaf({3, 2, 2, 2}))) == "SqueezeBackward1");
  // Nothing requires grad: no node.
  const Tensor x = xgrad::randn({1, 3, 5, 5});
  CHECK(grad_fn_name(xgrad::conv2d(x, xgrad::randn({4, 3, 2, 2}), xgrad::randn({4}))) == "none");
}

TEST_CASE("gradcheck of conv1d, conv2d and conv_transpose2d for input, weight and bias") {
  for (const Case& k : cases()) {
    INFO(describe(k));
    const Inputs in = make_inputs(k);
    const auto fn = [k](const Inputs& v) { return run(k, v[0], v[1], v[2]); };
    CHECK(gradcheck(fn, in));
    // One input at a time: the others' gradients are not computed.
    CHECK(gradcheck(fn, {in[0], in[1].detach(), in[2].defined() ? in[2].detach() : Tensor()}));
    CHECK(gradcheck(fn, {in[0].detach(), in[1], in[2].defined() ? in[2].detach() : Tensor()}));
    if (in[2].defined()) CHECK(gradcheck(fn, {in[0].detach(), in[1].detach(), in[2]}));
  }
}

TEST_CASE("the create_graph backward equals the fused one") {
  for (const Case& k : cases()) {
    INFO(describe(k));
    const Inputs in = make_inputs(k);
    const Tensor g = xgrad::randn(run(k, in[0], in[1], in[2]).sizes(), xgrad::kDouble);
    const std::vector<Tensor> fused = first_grads(k, in, g, false), graphed = first_grads(k, in, g, true);
    REQUIRE(fused.size() == graphed.size());
    for (size_t i = 0; i < fused.size(); ++i) {
      INFO("gradient " << i);
      if (i < 2) CHECK(graphed[i].requires_grad());  // db = sum of g depends on neither x nor w
      CHECK(shape_str(graphed[i].sizes()) == shape_str(fused[i].sizes()));
      CHECK(close(values(graphed[i]), values(fused[i]), 1e-10, 1e-12));
    }
  }
}

TEST_CASE("double backward: gradcheck of the gradients (input, weight, bias and upstream gradient)") {
  for (const Case& k : cases()) {
    INFO(describe(k));
    Inputs in = make_inputs(k);
    in.push_back(xgrad::randn(run(k, in[0], in[1], in[2]).sizes(), xgrad::kDouble).requires_grad_());
    const auto fn = [k](const Inputs& v) { return first_grads(k, {v[0], v[1], v[2]}, v[3], true); };
    CHECK(gradcheck(fn, in));
  }
}

TEST_CASE("strided inputs, weights and biases give the contiguous result") {
  const Tensor x = xgrad::randn({2, 5, 3, 6}, xgrad::kDouble);
  const Tensor b = xgrad::randn({8}, xgrad::kDouble);
  const Tensor xs = x.transpose(1, 3), bs = b.slice(0, 0, 8, 2);                       // [2, 6, 3, 5], [4]
  const Tensor ws = xgrad::randn({3, 4, 2, 2}, xgrad::kDouble).permute({1, 0, 2, 3});  // [4, 3, 2, 2]
  const Tensor expected = xgrad::conv2d(xs.contiguous(), ws.contiguous(), bs.contiguous(), 1, 1, 1, 2);
  CHECK(close(values(xgrad::conv2d(xs, ws, bs, 1, 1, 1, 2)), values(expected), 1e-12, 1e-12));
  const Tensor wt = xgrad::randn({2, 6, 2, 2}, xgrad::kDouble).transpose(0, 1);  // [6, 2, 2, 2]
  const Tensor bt = b.slice(0, 1, 5, 2);
  const Tensor t = xgrad::conv_transpose2d(xs, wt, bt, 2);
  const Tensor t0 = xgrad::conv_transpose2d(xs.contiguous(), wt.contiguous(), bt.contiguous(), 2);
  CHECK(close(values(t), values(t0), 1e-12, 1e-12));
  // The gradient of a leaf used through a transpose gets the leaf's shape and the transposed values.
  const Tensor leaf_x = x.clone().requires_grad_(), leaf_c = xs.contiguous().requires_grad_();
  const Tensor g = xgrad::randn(expected.sizes(), xgrad::kDouble);
  xgrad::conv2d(leaf_x.transpose(1, 3), ws, bs, 1, 1, 1, 2).backward(g);
  xgrad::conv2d(leaf_c, ws, bs, 1, 1, 1, 2).backward(g);
  CHECK(shape_str(leaf_x.grad().sizes()) == "[2, 5, 3, 6]");
  CHECK(close(values(leaf_x.grad().transpose(1, 3)), values(leaf_c.grad()), 1e-12, 1e-12));
}

TEST_CASE("empty batches and channels") {
  CHECK(shape_str(xgrad::conv2d(xgrad::randn({0, 3, 5, 5}), xgrad::randn({6, 3, 2, 2})).sizes()) == "[0, 6, 4, 4]");
  // No input channels: the output is the bias.
  Tensor b = xgrad::tensor(V{1, 2});
  Tensor y = xgrad::conv2d(xgrad::randn({1, 0, 3, 3}), xgrad::randn({2, 0, 2, 2}), b);
  CHECK(shape_str(y.sizes()) == "[1, 2, 2, 2]");
  check_close(y, {1, 1, 1, 1, 2, 2, 2, 2});
  CHECK(shape_str(xgrad::conv_transpose2d(xgrad::randn({0, 3, 4, 5}), xgrad::randn({3, 2, 3, 3})).sizes()) ==
        "[0, 2, 6, 7]");
  // Backward through an empty batch: zero gradients of the right shapes.
  Tensor w = xgrad::randn({6, 3, 2, 2}).requires_grad_();
  Tensor bias = xgrad::randn({6}).requires_grad_();
  xgrad::conv2d(xgrad::randn({0, 3, 5, 5}), w, bias).sum().backward();
  check_close(w.grad(), V(72, 0.0));
  check_close(bias.grad(), V(6, 0.0));
}

TEST_CASE("one value for every spatial dim or one each, as PyTorch") {
  const Tensor x = xgrad::randn({1, 2, 7, 7}, xgrad::kDouble), w = xgrad::randn({3, 2, 3, 3}, xgrad::kDouble);
  CHECK(close(values(xgrad::conv2d(x, w, {}, 2, 1, 2)), values(xgrad::conv2d(x, w, {}, {2, 2}, {1, 1}, {2, 2}))));
  CHECK(shape_str(xgrad::conv2d(x, w, {}, {2, 1}, {0, 1}).sizes()) == "[1, 3, 3, 7]");
  CHECK(shape_str(xgrad::conv1d(xgrad::randn({2, 3, 10}), xgrad::randn({4, 3, 3}), {}, {3}).sizes()) == "[2, 4, 3]");
}

TEST_CASE("errors name the op and the shapes") {
  using xgrad::Error;
  const Tensor x = xgrad::randn({1, 3, 4, 4}), w = xgrad::randn({6, 3, 1, 1});
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, Tensor()), doctest::Contains("conv2d: expected a defined input and weight"),
                       Error);
  CHECK_THROWS_WITH_AS(
      xgrad::conv2d(xgrad::randn({1, 1, 1, 4, 4}), w),
      doctest::Contains(
          "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [1, 1, 1, 4, 4]"),
      Error);
  CHECK_THROWS_WITH_AS(
      xgrad::conv1d(x, xgrad::randn({6, 3, 1})),
      doctest::Contains("Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 3, 4, 4]"),
      Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, xgrad::randn({6, 3, 1})),
                       doctest::Contains("conv2d: expected a 4D weight [out_channels, in_channels / groups, kH, kW], "
                                         "but got weight of size [6, 3, 1]"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, xgrad::randn({3, 2, 1})),
                       doctest::Contains("conv_transpose2d: expected a 4D weight [in_channels, out_channels / "
                                         "groups, kH, kW], but got weight of size [3, 2, 1]"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, {1, 1, 1}),
                       doctest::Contains("conv2d: expected stride to be a single integer value or a list of 2 values "
                                         "to match the convolution dimensions, but got stride=[1, 1, 1]"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 0),
                       doctest::Contains("conv2d: non-positive stride is not supported, got stride=[0]"), Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, -1),
                       doctest::Contains("conv2d: negative padding is not supported, got padding=[-1]"), Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, 0, {1, 0}),
                       doctest::Contains("conv2d: non-positive dilation is not supported, got dilation=[1, 0]"), Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, xgrad::randn({3, 2, 3, 3}), {}, 1, 0, -1),
                       doctest::Contains("conv_transpose2d: negative output_padding is not supported, got "
                                         "output_padding=[-1]"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, 0, 1, 0),
                       doctest::Contains("conv2d: non-positive groups is not supported, got groups=0"), Error);
  CHECK_THROWS_WITH_AS(
      xgrad::conv2d(x, w.to(xgrad::kDouble)),
      doctest::Contains(
          "conv2d: Input type (Float) and weight type (Double) should be the same"),
      Error);
  CHECK_THROWS_WITH_AS(
      xgrad::conv2d(x, w, xgrad::randn({6}, xgrad::kDouble)),
      doctest::Contains("conv2d: Input type (Float) and bias type (Double) should be the same"),
      Error);
  CHECK_THROWS_WITH_AS(
      xgrad::conv2d(x.to(xgrad::kLong), w.to(xgrad::kLong)),
      doctest::Contains("conv2d: expected a floating point input and weight (Float or Double), got Long"), Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, xgrad::randn({0, 3, 1, 1})),
                       doctest::Contains("conv2d: Given groups=1, expected weight to be at least 1 at dimension 0, "
                                         "but got weight of size [0, 3, 1, 1] instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(xgrad::randn({1, 4, 4, 4}), xgrad::randn({6, 2, 1, 1}), {}, 1, 0, 1, 4),
                       doctest::Contains("conv2d: Given groups=4, expected weight to be divisible by 4 at dimension "
                                         "0, but got weight of size [6, 2, 1, 1] instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, xgrad::randn({3, 2, 3, 3}), {}, 1, 0, 0, 2),
                       doctest::Contains("conv_transpose2d: Given groups=2, expected weight to be divisible by 2 at "
                                         "dimension 0, but got weight of size [3, 2, 3, 3] instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(xgrad::randn({64, 3, 28, 28}), xgrad::randn({6, 1, 5, 5})),
                       doctest::Contains("conv2d: Given groups=1, weight of size [6, 1, 5, 5], expected input[64, 3, "
                                         "28, 28] to have 1 channels, but got 3 channels instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(xgrad::randn({3, 6, 6}), xgrad::randn({6, 3, 1, 1}), {}, 1, 0, 1, 3),
                       doctest::Contains("conv2d: Given groups=3, weight of size [6, 3, 1, 1], expected input[3, 6, "
                                         "6] to have 9 channels, but got 3 channels instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv1d(xgrad::randn({2, 4, 9}), xgrad::randn({6, 3, 2})),
                       doctest::Contains("conv1d: Given groups=1, weight of size [6, 3, 2], expected input[2, 4, 9] "
                                         "to have 3 channels, but got 4 channels instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, xgrad::randn({4, 2, 3, 3})),
                       doctest::Contains("conv_transpose2d: Given transposed=1, weight of size [4, 2, 3, 3], "
                                         "expected input[1, 3, 4, 4] to have 4 channels, but got 3 channels instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, xgrad::randn({5})),
                       doctest::Contains("conv2d: Given weight of size [6, 3, 1, 1], expected bias to be "
                                         "1-dimensional with 6 elements, but got bias of size [5] instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, xgrad::randn({3, 2, 3, 3}), xgrad::randn({3}), 1, 0, 0, 1),
                       doctest::Contains("conv_transpose2d: Given transposed=1, weight of size [3, 2, 3, 3], "
                                         "expected bias to be 1-dimensional with 2 elements, but got bias of size "
                                         "[3] instead"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(xgrad::randn({2, 3, 0, 5}), w, {}, 1, 1),
                       doctest::Contains("conv2d: expected non-zero spatial sizes (only the batch and channel dims "
                                         "may be empty), but got input of size [2, 3, 0, 5]"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(xgrad::randn({1, 1, 4, 4}), xgrad::randn({6, 1, 5, 5})),
                       doctest::Contains("conv2d: Calculated padded input size per channel: (4 x 4). Kernel size: (5 "
                                         "x 5). Kernel size can't be greater than actual input size"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv1d(xgrad::randn({3, 4}), xgrad::randn({2, 3, 3}), {}, 1, 1, 3),
                       doctest::Contains("conv1d: Calculated padded input size per channel: (6). Kernel size: (7). "
                                         "Kernel size can't be greater than actual input size"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, xgrad::randn({3, 2, 3, 3}), {}, 2, 0, 2),
                       doctest::Contains("conv_transpose2d: output padding must be smaller than either stride or "
                                         "dilation, but got output_padding_height: 2 output_padding_width: 2 "
                                         "stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1"),
                       Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(xgrad::randn({1, 3, 1, 1}), xgrad::randn({3, 2, 1, 1}), {}, 1, 1),
                       doctest::Contains("conv_transpose2d: Given input size per channel: (1 x 1). Calculated output "
                                         "size per channel: (-1 x -1). Output size is too small"),
                       Error);
}
