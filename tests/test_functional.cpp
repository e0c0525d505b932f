// nn::functional (nn/include/xgrad/nn/functional/*.h) and the loss modules: each function with its
// libtorch option struct gives what the op it wraps gives with the same arguments, the extras
// (padding='same', in-place forms, kBatchMean, max_norm, unbatched dropout2d) behave as PyTorch's,
// and every loss with every reduction matches a hand-computed value (and its module).
#include <doctest/doctest.h>
#include <xgrad/nn.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;
using xgrad::Error;
namespace nn = xgrad::nn;
namespace F = xgrad::nn::functional;

namespace {

double sum_of(const V& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

/// The per-element values reduced as kNone / kMean / kSum.
V reduced(const V& per_element, const std::string& reduction) {
  if (reduction == "none") return per_element;
  const double s = sum_of(per_element);
  return {reduction == "sum" ? s : s / static_cast<double>(per_element.size())};
}

/// log_softmax along the rows of [n, c] values.
V log_softmax_rows(const V& x, int64_t n, int64_t c) {
  V out(x.size());
  for (int64_t i = 0; i < n; ++i) {
    double m = x[i * c];
    for (int64_t j = 1; j < c; ++j) m = std::max(m, x[i * c + j]);
    double z = 0;
    for (int64_t j = 0; j < c; ++j) z += std::exp(x[i * c + j] - m);
    for (int64_t j = 0; j < c; ++j) out[i * c + j] = x[i * c + j] - m - std::log(z);
  }
  return out;
}

bool same_values(const Tensor& a, const Tensor& b, double rtol = 1e-6) {
  return a.sizes() == b.sizes() && close(values(a), values(b), rtol, 1e-6);
}

}  // namespace

TEST_CASE("F activations") {
  const Tensor x = f32({-2, -0.5, 0, 1.5});
  check_close(F::relu(x), {0, 0, 0, 1.5});
  check_close(F::leaky_relu(x), {-0.02, -0.005, 0, 1.5}, 1e-6);
  check_close(F::leaky_relu(x, F::LeakyReLUFuncOptions().negative_slope(0.5)), {-1, -0.25, 0, 1.5});
  Tensor y = f32({-1, 3});
  const Tensor r = F::relu(y, F::ReLUFuncOptions().inplace(true));
  CHECK(r.is_same(y));
  check_close(y, {0, 3});
  Tensor z = f32({-1, 3});
  F::leaky_relu(z, F::LeakyReLUFuncOptions().negative_slope(0.1).inplace(true));
  check_close(z, {-0.1, 3}, 1e-6);

  const Tensor m = xgrad::randn({3, 4});
  CHECK(same_values(F::softmax(m, F::SoftmaxFuncOptions(1)), xgrad::softmax(m, 1)));
  CHECK(same_values(F::log_softmax(m, F::LogSoftmaxFuncOptions(0)), xgrad::log_softmax(m, 0)));
  const Tensor d = F::softmax(m, F::SoftmaxFuncOptions(-1).dtype(xgrad::kDouble));
  CHECK(dtype_of(d) == "Double");
  check_close(d.sum(1), {1, 1, 1}, 1e-12);
  CHECK(dtype_of(F::log_softmax(m, F::LogSoftmaxFuncOptions(1).dtype(xgrad::kDouble))) == "Double");
}

TEST_CASE("F::linear") {
  const Tensor x = f32({1, 2, 3, 4, 5, 6}).view({2, 3});
  const Tensor w = f32({1, 0, -1, 2, 1, 0}).view({2, 3});
  const Tensor b = f32({10, 20});
  check_close(F::linear(x, w, b), {8, 24, 8, 33});
  check_close(F::linear(x, w), {-2, 4, -2, 13});
  const Tensor x3 = xgrad::randn({4, 2, 3});
  const Tensor y3 = F::linear(x3, w, b);
  CHECK(shape_str(y3.sizes()) == "[4, 2, 2]");
  CHECK(same_values(y3[1], F::linear(x3[1], w, b)));
  // The gradients reach all three.
  const Tensor xl = x.clone().requires_grad_(), wl = w.clone().requires_grad_(), bl = b.clone().requires_grad_();
  F::linear(xl, wl, bl).sum().backward();
  check_close(bl.grad(), {2, 2});
  check_close(wl.grad(), {5, 7, 9, 5, 7, 9});
  check_close(xl.grad(), {3, 1, -1, 3, 1, -1});
}

TEST_CASE("F::conv1d, F::conv2d, F::conv_transpose2d") {
  xgrad::manual_seed(11);
  const Tensor x = xgrad::randn({2, 4, 7, 6});
  const Tensor w = xgrad::randn({6, 2, 3, 3});
  const Tensor b = xgrad::randn({6});
  CHECK(same_values(F::conv2d(x, w, F::Conv2dFuncOptions().bias(b).stride(2).padding(1).dilation(1).groups(2)),
                    xgrad::conv2d(x, w, b, 2, 1, 1, 2)));
  CHECK(same_values(F::conv2d(x, w, F::Conv2dFuncOptions().padding({1, 0}).groups(2).dilation({1, 2})),
                    xgrad::conv2d(x, w, {}, 1, {1, 0}, {1, 2}, 2)));
  CHECK(same_values(F::conv2d(x, w, F::Conv2dFuncOptions().padding(xgrad::kValid).groups(2)),
                    xgrad::conv2d(x, w, {}, 1, 0, 1, 2)));
  // 'same' with an odd kernel is symmetric padding (d (k - 1) / 2).
  const Tensor same = F::conv2d(x, w, F::Conv2dFuncOptions().padding(xgrad::kSame).groups(2).dilation(2));
  CHECK(shape_str(same.sizes()) == "[2, 6, 7, 6]");
  CHECK(same_values(same, xgrad::conv2d(x, w, {}, 1, 2, 2, 2)));
  // An even kernel pads one more zero after: kernel [2, 4] pads H by (0, 1) and W by (1, 2).
  const Tensor w_even = xgrad::randn({3, 4, 2, 4});
  const Tensor even = F::conv2d(x, w_even, F::Conv2dFuncOptions().padding(xgrad::kSame));
  CHECK(shape_str(even.sizes()) == "[2, 3, 7, 6]");
  const Tensor padded = xgrad::cat({xgrad::cat({x, xgrad::zeros({2, 4, 1, 6})}, 2), xgrad::zeros({2, 4, 8, 1})}, 3);
  CHECK(same_values(even, xgrad::conv2d(padded, w_even, {}, 1, {0, 1})));
  // Unbatched input.
  CHECK(same_values(F::conv2d(x[0], w_even, F::Conv2dFuncOptions().padding(xgrad::kSame)), even[0]));
  // The gradient flows through the extra padding to the input.
  const Tensor xl = x.clone().requires_grad_();
  F::conv2d(xl, w_even, F::Conv2dFuncOptions().padding(xgrad::kSame)).sum().backward();
  CHECK(shape_str(xl.grad().sizes()) == "[2, 4, 7, 6]");

  const Tensor s = xgrad::randn({3, 2, 9});
  const Tensor w1 = xgrad::randn({4, 2, 4});
  CHECK(same_values(F::conv1d(s, w1, F::Conv1dFuncOptions().stride(2).padding(1)), xgrad::conv1d(s, w1, {}, 2, 1)));
  const Tensor s_same = F::conv1d(s, w1, F::Conv1dFuncOptions().padding(xgrad::kSame));
  CHECK(shape_str(s_same.sizes()) == "[3, 4, 9]");
  CHECK(same_values(s_same, xgrad::conv1d(xgrad::cat({s, xgrad::zeros({3, 2, 1})}, 2), w1, {}, 1, 1)));

  const Tensor wt = xgrad::randn({4, 3, 3, 3});
  CHECK(same_values(F::conv_transpose2d(x, wt, F::ConvTranspose2dFuncOptions().stride(2).padding(1).output_padding(1)),
                    xgrad::conv_transpose2d(x, wt, {}, 2, 1, 1)));
  CHECK(same_values(F::conv_transpose2d(x, wt, F::ConvTranspose2dFuncOptions().bias(b.narrow(0, 0, 3))),
                    xgrad::conv_transpose2d(x, wt, b.narrow(0, 0, 3))));

  CHECK_THROWS_WITH_AS(F::conv2d(x, w, F::Conv2dFuncOptions().padding(xgrad::kSame).stride(2).groups(2)),
                       "conv2d: padding='same' is not supported for strided convolutions, got stride=[2, 2]", Error);
  CHECK_THROWS_WITH_AS(F::conv1d(s, xgrad::randn({4, 2}), F::Conv1dFuncOptions().padding(xgrad::kSame)),
                       "conv1d: expected a 3D weight [out_channels, in_channels / groups, kL], but got weight of "
                       "size [4, 2]", Error);
  CHECK_THROWS_WITH_AS(F::conv2d(xgrad::randn({7, 6}), w_even, F::Conv2dFuncOptions().padding(xgrad::kSame)),
                       "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [7, 6]", Error);
}

TEST_CASE("F pooling") {
  xgrad::manual_seed(12);
  const Tensor x = xgrad::randn({2, 3, 7, 6});
  CHECK(same_values(F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1).ceil_mode(true)),
                    xgrad::max_pool2d(x, 3, 2, 1, 1, true)));
  CHECK(same_values(F::max_pool2d(x, F::MaxPool2dFuncOptions({2, 3}).dilation(2)),
                    xgrad::max_pool2d(x, {2, 3}, {2, 3}, 0, 2)));
  auto [v, i] = F::max_pool2d_with_indices(x, F::MaxPool2dFuncOptions(2));
  auto [v2, i2] = xgrad::max_pool2d_with_indices(x, 2);
  CHECK(same_values(v, v2));
  CHECK(values(i) == values(i2));
  CHECK(same_values(F::avg_pool2d(x, F::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false)),
                    xgrad::avg_pool2d(x, 3, 1, 1, false, false)));
  CHECK(same_values(F::avg_pool2d(x, F::AvgPool2dFuncOptions(2).divisor_override(3).ceil_mode(true)),
                    xgrad::avg_pool2d(x, 2, 2, 0, true, true, 3)));
  CHECK(same_values(F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(3)), xgrad::adaptive_avg_pool2d(x, {3, 3})));
  // An unset size keeps the input's.
  const Tensor rows = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({2, std::nullopt}));
  CHECK(shape_str(rows.sizes()) == "[2, 3, 2, 6]");
  CHECK(same_values(rows, xgrad::adaptive_avg_pool2d(x, {2, 6})));
  const Tensor cols = F::adaptive_avg_pool2d(x[0], F::AdaptiveAvgPool2dFuncOptions({std::nullopt, 1}));
  CHECK(shape_str(cols.sizes()) == "[3, 7, 1]");
  check_close(cols.view({-1}), values(x[0].mean({2})), 1e-5);
}

TEST_CASE("F::dropout, F::dropout2d") {
  xgrad::manual_seed(13);
  const Tensor x = xgrad::ones({10000});
  // Dropping is on by default for the functions.
  const V dropped = values(F::dropout(x));
  int64_t zeros = 0;
  for (double d : dropped) zeros += d == 0;
  CHECK(static_cast<double>(zeros) / 10000 == doctest::Approx(0.5).epsilon(0.05));
  CHECK(values(F::dropout(x, F::DropoutFuncOptions().training(false))) == values(x));
  CHECK(values(F::dropout(x, F::DropoutFuncOptions().p(0))) == values(x));
  CHECK(values(F::dropout(x, F::DropoutFuncOptions().p(1))) == V(10000, 0.0));
  Tensor y = xgrad::ones({1000});
  const Tensor r = F::dropout(y, F::DropoutFuncOptions().p(0.5).inplace(true));
  CHECK(r.is_same(y));
  int64_t y_zeros = 0;
  for (double d : values(y)) {
    CHECK((d == 0 || d == 2));
    y_zeros += d == 0;
  }
  CHECK(y_zeros > 300);
  CHECK(y_zeros < 700);
  // In place on a non-leaf: the gradient is the mask scaled by 2.
  const Tensor leaf = xgrad::ones({1000}).requires_grad_();
  Tensor twice = leaf * 1;
  F::dropout(twice, F::DropoutFuncOptions().inplace(true));
  twice.sum().backward();
  CHECK(values(leaf.grad()) == values(twice));

  const Tensor maps = xgrad::ones({4, 8, 3, 3});
  const V m = values(F::dropout2d(maps));
  for (int64_t c = 0; c < 4 * 8; ++c)
    for (int64_t k = 1; k < 9; ++k) CHECK(m[c * 9 + k] == m[c * 9]);
  // Unbatched [C, H, W]: each of the C maps is kept or dropped whole (libtorch's reading of 3-D input).
  const V u = values(F::dropout2d(xgrad::ones({64, 2, 2})));
  int64_t u_zeros = 0;
  for (int64_t c = 0; c < 64; ++c) {
    for (int64_t k = 1; k < 4; ++k) CHECK(u[c * 4 + k] == u[c * 4]);
    u_zeros += u[c * 4] == 0;
  }
  CHECK(u_zeros > 10);
  CHECK(u_zeros < 54);
  CHECK(values(F::dropout2d(maps, F::Dropout2dFuncOptions().training(false))) == values(maps));

  CHECK_THROWS_WITH_AS(F::dropout(x, F::DropoutFuncOptions().p(2)),
                       "dropout: dropout probability has to be between 0 and 1, but got 2", Error);
  CHECK_THROWS_WITH_AS(F::dropout2d(maps, F::Dropout2dFuncOptions().p(-1)),
                       "dropout2d: dropout probability has to be between 0 and 1, but got -1", Error);
  CHECK_THROWS_WITH_AS(F::dropout2d(xgrad::ones({4, 8})),
                       "dropout2d: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got [4, 8]", Error);
}

TEST_CASE("F::batch_norm, F::layer_norm") {
  const Tensor x = f32({1, 2, 3, 4, 5, 6, 7, 8}).view({2, 2, 2});  // [N=2, C=2, L=2]
  const Tensor mean = f32({1, 2}), var = f32({4, 9});
  const Tensor w = f32({2, 3}), b = f32({0.5, -1});
  // Eval (training false is the default): the given statistics.
  V expected;
  const V xv = values(x);
  for (int64_t i = 0; i < 8; ++i) {
    const int64_t c = (i / 2) % 2;
    expected.push_back((xv[i] - (c ? 2 : 1)) / std::sqrt((c ? 9 : 4) + 1e-5) * (c ? 3 : 2) + (c ? -1 : 0.5));
  }
  check_close(F::batch_norm(x, mean, var, F::BatchNormFuncOptions().weight(w).bias(b)), expected, 1e-5);
  CHECK(same_values(F::batch_norm(x, mean, var, F::BatchNormFuncOptions().eps(1e-3)),
                    xgrad::batch_norm(x, {}, {}, mean, var, false, 0.1, 1e-3)));
  // Training: batch statistics, running ones updated in place with momentum.
  const Tensor rm = xgrad::zeros({2}), rv = xgrad::ones({2});
  const Tensor t = F::batch_norm(x, rm, rv, F::BatchNormFuncOptions().training(true).momentum(0.5));
  check_close(t.mean({0, 2}), {0, 0}, 1e-5);
  // Channel 0 holds 1, 2, 5, 6: mean 3.5, unbiased var 17/3 (channel 1 likewise around 5.5).
  check_close(rm, {0.5 * 3.5, 0.5 * 5.5}, 1e-6);
  check_close(rv, {0.5 + 0.5 * 17 / 3.0, 0.5 + 0.5 * 17 / 3.0}, 1e-5);
  // Training without running statistics needs no momentum.
  check_close(F::batch_norm(x, {}, {}, F::BatchNormFuncOptions().training(true).momentum(std::nullopt)).mean({0, 2}),
              {0, 0}, 1e-5);
  CHECK_THROWS_WITH_AS(F::batch_norm(x, rm, rv, F::BatchNormFuncOptions().training(true).momentum(std::nullopt)),
                       "batch_norm: momentum is unset; give the factor for updating running_mean and running_var",
                       Error);
  CHECK_THROWS_WITH_AS(F::batch_norm(xgrad::ones({1, 2}), rm, rv, F::BatchNormFuncOptions().training(true)),
                       "batch_norm: expected more than 1 value per channel when training, got input size [1, 2]",
                       Error);
  CHECK_THROWS_WITH_AS(F::batch_norm(xgrad::ones({2}), rm, rv),
                       "batch_norm: expected an input [N, C, *] of at least 2 dims, got [2]", Error);

  const Tensor ln_w = xgrad::randn({2, 2}), ln_b = xgrad::randn({2, 2});
  CHECK(same_values(F::layer_norm(x, F::LayerNormFuncOptions({2, 2}).weight(ln_w).bias(ln_b).eps(1e-3)),
                    xgrad::layer_norm(x, {2, 2}, ln_w, ln_b, 1e-3)));
  check_close(F::layer_norm(x, F::LayerNormFuncOptions({2})).mean({2}), {0, 0, 0, 0}, 1e-6);
}

TEST_CASE("F::embedding") {
  const Tensor table = f32({0, 1, 10, 11, 20, 21, 30, 31}).view({4, 2}).requires_grad_();
  const Tensor idx = xgrad::tensor({3, 0, 3, 1});
  const Tensor out = F::embedding(idx, table);
  check_close(out, {30, 31, 0, 1, 30, 31, 10, 11});
  // padding_idx = -1 is the last row: it gets no gradient.
  F::embedding(idx, table, F::EmbeddingFuncOptions().padding_idx(-1)).sum().backward();
  check_close(table.grad(), {1, 1, 1, 1, 0, 0, 0, 0});

  // max_norm (here the 1-norm) rescales the rows it looks up, outside autograd.
  const Tensor rows = f32({3, 1, 0.5, 0.25, 4, 4}).view({3, 2});
  check_close(F::embedding(xgrad::tensor({0, 1}), rows, F::EmbeddingFuncOptions().max_norm(2).norm_type(1)),
              {1.5, 0.5, 0.5, 0.25}, 1e-6);
  check_close(rows, {1.5, 0.5, 0.5, 0.25, 4, 4}, 1e-6);
  check_close(F::embedding(xgrad::tensor({2}), rows, F::EmbeddingFuncOptions().max_norm(2).norm_type(INFINITY)), {2, 2},
              1e-6);

  CHECK_THROWS_WITH_AS(F::embedding(idx, table, F::EmbeddingFuncOptions().padding_idx(4)),
                       "embedding: padding_idx 4 must be within num_embeddings (4)", Error);
  CHECK_THROWS_WITH_AS(F::embedding(idx, xgrad::zeros({4})),
                       "embedding: expected a 2-D weight [num_embeddings, embedding_dim], got [4]", Error);
  CHECK_THROWS_WITH_AS(F::embedding(xgrad::zeros({2}), rows, F::EmbeddingFuncOptions().max_norm(1)),
                       "embedding: expected indices of dtype Long, got Float", Error);
  CHECK_THROWS_WITH_AS(F::embedding(xgrad::tensor({5}), rows, F::EmbeddingFuncOptions().max_norm(1)),
                       "embedding: index 5 out of range for 3 embeddings", Error);
}

TEST_CASE("regression losses with every reduction: mse, l1, smooth_l1") {
  const Tensor x = f32({0.5, -1, 2, 3});
  const Tensor y = f32({0, 1, 2.25, 0});
  const V d = {0.5, -2, -0.25, 3};
  for (const std::string reduction : {"none", "mean", "sum"}) {
    INFO(reduction);
    V sq, ab, smooth, smooth_half;
    for (double e : d) {
      sq.push_back(e * e);
      ab.push_back(std::abs(e));
      smooth.push_back(std::abs(e) < 1 ? 0.5 * e * e : std::abs(e) - 0.5);
      smooth_half.push_back(std::abs(e) < 0.5 ? 0.5 * e * e / 0.5 : std::abs(e) - 0.25);
    }
    nn::MSELossOptions mse_options;
    nn::L1LossOptions l1_options;
    nn::SmoothL1LossOptions smooth_options;
    if (reduction == "none") {
      mse_options = xgrad::kNone, l1_options = xgrad::kNone, smooth_options = xgrad::kNone;
    } else if (reduction == "sum") {
      mse_options = xgrad::kSum, l1_options = xgrad::kSum, smooth_options = xgrad::kSum;
    }
    check_close(F::mse_loss(x, y, mse_options), reduced(sq, reduction), 1e-6);
    check_close(nn::MSELoss(mse_options)(x, y), reduced(sq, reduction), 1e-6);
    check_close(F::l1_loss(x, y, l1_options), reduced(ab, reduction), 1e-6);
    check_close(nn::L1Loss(l1_options)(x, y), reduced(ab, reduction), 1e-6);
    check_close(F::smooth_l1_loss(x, y, smooth_options), reduced(smooth, reduction), 1e-6);
    check_close(nn::SmoothL1Loss(smooth_options)(x, y), reduced(smooth, reduction), 1e-6);
    check_close(F::smooth_l1_loss(x, y, smooth_options.beta(0.5)), reduced(smooth_half, reduction), 1e-6);
    check_close(nn::SmoothL1Loss(smooth_options)(x, y), reduced(smooth_half, reduction), 1e-6);
  }
  // libtorch's form with beta as a separate argument.
  check_close(F::smooth_l1_loss(x, y, {}, 0.5), {sum_of({0.25, 1.75, 0.0625, 2.75}) / 4}, 1e-6);
  CHECK_THROWS_WITH_AS(F::smooth_l1_loss(x, y, F::SmoothL1LossFuncOptions().beta(2), 0.5),
                       "smooth_l1_loss: beta given twice, 2 in the options and 0.5 as an argument", Error);
  // The gradient of the mean squared error: 2 (x - y) / n.
  const Tensor xl = x.clone().requires_grad_();
  nn::MSELoss()(xl, y).backward();
  check_close(xl.grad(), {0.25, -1, -0.125, 1.5}, 1e-6);
}

TEST_CASE("binary losses with every reduction: bce, bce_with_logits") {
  const Tensor p = f32({0.9, 0.2, 0.6, 0.5});
  const Tensor t = f32({1, 0, 0, 1});
  const Tensor w = f32({1, 2, 0.5, 1});
  const Tensor logits = f32({2, -1, 0.5, 0});
  const Tensor pos_weight = f32({3});
  const V pv = values(p), tv = values(t), wv = values(w), lv = values(logits);
  for (const std::string reduction : {"none", "mean", "sum"}) {
    INFO(reduction);
    nn::BCELossOptions bce_options;
    nn::BCEWithLogitsLossOptions logits_options;
    if (reduction == "none") bce_options.reduction(xgrad::kNone), logits_options.reduction(xgrad::kNone);
    if (reduction == "sum") bce_options.reduction(xgrad::kSum), logits_options.reduction(xgrad::kSum);
    V bce, weighted, with_logits, with_pos;
    for (size_t i = 0; i < 4; ++i) {
      const double l = -(tv[i] * std::log(pv[i]) + (1 - tv[i]) * std::log(1 - pv[i]));
      bce.push_back(l);
      weighted.push_back(wv[i] * l);
      const double s = 1 / (1 + std::exp(-lv[i]));
      with_logits.push_back(-wv[i] * (tv[i] * std::log(s) + (1 - tv[i]) * std::log(1 - s)));
      with_pos.push_back(-(3 * tv[i] * std::log(s) + (1 - tv[i]) * std::log(1 - s)));
    }
    check_close(F::binary_cross_entropy(p, t, bce_options), reduced(bce, reduction), 1e-5);
    check_close(nn::BCELoss(bce_options)(p, t), reduced(bce, reduction), 1e-5);
    check_close(F::binary_cross_entropy(p, t, nn::BCELossOptions(bce_options).weight(w)), reduced(weighted, reduction),
                1e-5);
    check_close(nn::BCELoss(nn::BCELossOptions(bce_options).weight(w))(p, t), reduced(weighted, reduction), 1e-5);
    check_close(F::binary_cross_entropy_with_logits(logits, t, nn::BCEWithLogitsLossOptions(logits_options).weight(w)),
                reduced(with_logits, reduction), 1e-5);
    check_close(nn::BCEWithLogitsLoss(nn::BCEWithLogitsLossOptions(logits_options).weight(w))(logits, t),
                reduced(with_logits, reduction), 1e-5);
    check_close(nn::BCEWithLogitsLoss(nn::BCEWithLogitsLossOptions(logits_options).pos_weight(pos_weight))(logits, t),
                reduced(with_pos, reduction), 1e-5);
  }
  CHECK_THROWS_WITH_AS(F::binary_cross_entropy(p, t.view({4, 1})),
                       "binary_cross_entropy: target size [4, 1] must be the same as input size [4]", Error);
  CHECK_THROWS_WITH_AS(F::binary_cross_entropy_with_logits(logits, t.view({2, 2})),
                       "binary_cross_entropy_with_logits: target size [2, 2] must be the same as input size [4]",
                       Error);
}

TEST_CASE("kl_div with every reduction, including kBatchMean and log_target") {
  const Tensor input = xgrad::log_softmax(f32({1, 2, 3, 1, 1, 1}).view({2, 3}), 1);
  const Tensor target = f32({0.2, 0.3, 0.5, 0.1, 0.1, 0.8}).view({2, 3});
  const V iv = values(input), tv = values(target);
  V pointwise;
  for (size_t i = 0; i < 6; ++i) pointwise.push_back(tv[i] * (std::log(tv[i]) - iv[i]));
  check_close(F::kl_div(input, target, xgrad::kNone), pointwise, 1e-5);
  check_close(F::kl_div(input, target, xgrad::kSum), {sum_of(pointwise)}, 1e-5);
  check_close(F::kl_div(input, target), {sum_of(pointwise) / 6}, 1e-5);
  check_close(F::kl_div(input, target, xgrad::kBatchMean), {sum_of(pointwise) / 2}, 1e-5);
  check_close(nn::KLDivLoss(xgrad::kBatchMean)(input, target), {sum_of(pointwise) / 2}, 1e-5);
  check_close(nn::KLDivLoss(xgrad::kSum)(input, target), {sum_of(pointwise)}, 1e-5);
  check_close(nn::KLDivLoss(xgrad::kNone)(input, target), pointwise, 1e-5);
  check_close(nn::KLDivLoss()(input, target), {sum_of(pointwise) / 6}, 1e-5);
  // log_target: the target holds log-probabilities.
  check_close(F::kl_div(input, target.log(), F::KLDivFuncOptions(xgrad::kBatchMean).log_target(true)),
              {sum_of(pointwise) / 2}, 1e-5);
  check_close(nn::KLDivLoss(nn::KLDivLossOptions(xgrad::kSum).log_target(true))(input, target.log()),
              {sum_of(pointwise)}, 1e-5);
}

TEST_CASE("nll_loss and cross_entropy with every reduction, weights, ignore_index, label smoothing") {
  const Tensor logits = f32({1, 2, 0.5, -1, 0, 3, 0.2, 0.2, 0.2, 2, -2, 1}).view({4, 3});
  const Tensor target = xgrad::tensor({1, 2, 0, 0});
  const Tensor class_weight = f32({0.5, 1, 2});
  const V lp = log_softmax_rows(values(logits), 4, 3);
  const Tensor log_probs = xgrad::log_softmax(logits, 1);
  const std::vector<int64_t> tv = {1, 2, 0, 0};
  const V cw = {0.5, 1, 2};

  V plain, weighted, ignored;
  double weight_sum = 0, ignored_weight_sum = 0;
  for (int64_t i = 0; i < 4; ++i) {
    const double l = -lp[i * 3 + tv[i]];
    plain.push_back(l);
    weighted.push_back(cw[tv[i]] * l);
    weight_sum += cw[tv[i]];
    ignored.push_back(tv[i] == 2 ? 0.0 : cw[tv[i]] * l);  // ignore_index 2
    if (tv[i] != 2) ignored_weight_sum += cw[tv[i]];
  }
  for (const std::string reduction : {"none", "mean", "sum"}) {
    INFO(reduction);
    nn::NLLLossOptions nll_options;
    nn::CrossEntropyLossOptions ce_options;
    if (reduction == "none") nll_options.reduction(xgrad::kNone), ce_options.reduction(xgrad::kNone);
    if (reduction == "sum") nll_options.reduction(xgrad::kSum), ce_options.reduction(xgrad::kSum);
    check_close(F::nll_loss(log_probs, target, nll_options), reduced(plain, reduction), 1e-5);
    check_close(nn::NLLLoss(nll_options)(log_probs, target), reduced(plain, reduction), 1e-5);
    check_close(F::cross_entropy(logits, target, ce_options), reduced(plain, reduction), 1e-5);
    check_close(nn::CrossEntropyLoss(ce_options)(logits, target), reduced(plain, reduction), 1e-5);

    // Class weights: the mean divides by the summed weights of the targets.
    const V w_expected = reduction == "mean" ? V{sum_of(weighted) / weight_sum} : reduced(weighted, reduction);
    check_close(F::nll_loss(log_probs, target, nn::NLLLossOptions(nll_options).weight(class_weight)), w_expected, 1e-5);
    check_close(nn::NLLLoss(nn::NLLLossOptions(nll_options).weight(class_weight))(log_probs, target), w_expected, 1e-5);
    check_close(nn::CrossEntropyLoss(nn::CrossEntropyLossOptions(ce_options).weight(class_weight))(logits, target),
                w_expected, 1e-5);
    const V i_expected = reduction == "mean" ? V{sum_of(ignored) / ignored_weight_sum} : reduced(ignored, reduction);
    check_close(
        F::cross_entropy(logits, target, nn::CrossEntropyLossOptions(ce_options).weight(class_weight).ignore_index(2)),
        i_expected, 1e-5);
    check_close(nn::NLLLoss(nn::NLLLossOptions(nll_options).weight(class_weight).ignore_index(2))(log_probs, target),
                i_expected, 1e-5);

    // Label smoothing (no weights): (1 - e) * nll + e * mean over classes of -log p.
    V smoothed;
    for (int64_t i = 0; i < 4; ++i)
      smoothed.push_back(0.9 * plain[i] - 0.1 * (lp[i * 3] + lp[i * 3 + 1] + lp[i * 3 + 2]) / 3);
    check_close(nn::CrossEntropyLoss(nn::CrossEntropyLossOptions(ce_options).label_smoothing(0.1))(logits, target),
                reduced(smoothed, reduction), 1e-5);

    // Class-probability targets.
    const Tensor probs = f32({0, 1, 0, 0.5, 0, 0.5, 1, 0, 0, 0.2, 0.2, 0.6}).view({4, 3});
    const V pv = values(probs);
    V soft;
    for (int64_t i = 0; i < 4; ++i) {
      double s = 0;
      for (int64_t c = 0; c < 3; ++c) s -= pv[i * 3 + c] * lp[i * 3 + c];
      soft.push_back(s);
    }
    check_close(nn::CrossEntropyLoss(ce_options)(logits, probs), reduced(soft, reduction), 1e-5);
    check_close(F::cross_entropy(logits, probs, ce_options), reduced(soft, reduction), 1e-5);
  }

  // [N, C, d] inputs with [N, d] targets.
  const Tensor spatial = xgrad::randn({2, 3, 5});
  const Tensor spatial_target = xgrad::tensor({{0, 1, 2, 1, 0}, {2, 2, 1, 0, 1}});
  const Tensor per_position =
      nn::CrossEntropyLoss(nn::CrossEntropyLossOptions().reduction(xgrad::kNone))(spatial, spatial_target);
  CHECK(shape_str(per_position.sizes()) == "[2, 5]");
  check_close(per_position[1][2], {-values(xgrad::log_softmax(spatial, 1)[1][1][2])[0]}, 1e-5);

  // The gradient of the mean cross entropy: (softmax - onehot) / N.
  const Tensor leaf = logits.clone().requires_grad_();
  nn::CrossEntropyLoss()(leaf, target).backward();
  const V g = values(leaf.grad());
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t c = 0; c < 3; ++c)
      CHECK(g[i * 3 + c] == doctest::Approx((std::exp(lp[i * 3 + c]) - (c == tv[i] ? 1 : 0)) / 4).epsilon(1e-5));
}
