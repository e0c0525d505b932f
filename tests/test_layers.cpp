// The layer modules (nn/include/xgrad/nn/modules/*.h): options and their libtorch defaults,
// pretty_print text (libtorch 1.13's with "xgrad::nn::" for "torch::nn::"), default initialisation,
// outputs against the functional ops or hand formulas, train/eval behaviour, parameter and buffer
// names, a LeNet-5 forward and backward, and every layer-level error message.
// (The ops themselves are gradchecked in their own test files.)
#include <doctest/doctest.h>
#include <xgrad/nn.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;
using xgrad::Error;
namespace nn = xgrad::nn;
namespace F = xgrad::nn::functional;

namespace {

/// What `stream << module` prints (the module and its children).
template <typename M>
std::string printed(const M& module) {
  std::ostringstream out;
  out << *module;
  return out.str();
}

/// The names of a module's parameters (or buffers), in order.
std::vector<std::string> keys(const xgrad::OrderedDict<std::string, Tensor>& dict) { return dict.keys(); }

double mean_of(const V& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double std_of(const V& v) {
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

double max_abs(const V& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

/// U(-bound, bound) draws: inside the bounds and, for enough draws, reaching near both ends, with
/// mean near 0 and standard deviation bound / sqrt(3).
void check_uniform(const Tensor& t, double bound) {
  const V v = values(t);
  REQUIRE(!v.empty());
  CHECK(max_abs(v) <= bound);
  CHECK(max_abs(v) > 0);
  if (v.size() >= 100) {
    CHECK(*std::max_element(v.begin(), v.end()) > 0.75 * bound);
    CHECK(*std::min_element(v.begin(), v.end()) < -0.75 * bound);
  }
  if (v.size() >= 10000) {
    CHECK(std::abs(mean_of(v)) < 0.02 * bound);
    CHECK(std_of(v) == doctest::Approx(bound / std::sqrt(3.0)).epsilon(0.02));
  }
}

/// y[n, o] = sum_i x[n, i] w[o, i] + b[o], in doubles.
V linear_by_hand(const V& x, const V& w, const V& b, int64_t n, int64_t in, int64_t out) {
  V y(n * out);
  for (int64_t r = 0; r < n; ++r)
    for (int64_t o = 0; o < out; ++o) {
      double s = b.empty() ? 0.0 : b[o];
      for (int64_t i = 0; i < in; ++i) s += x[r * in + i] * w[o * in + i];
      y[r * out + o] = s;
    }
  return y;
}

}  // namespace

TEST_CASE("options: builders and libtorch's defaults") {
  const auto lin = nn::LinearOptions(3, 4);
  CHECK(lin.in_features() == 3);
  CHECK(lin.out_features() == 4);
  CHECK(lin.bias());
  CHECK_FALSE(nn::LinearOptions(3, 4).bias(false).bias());

  const auto conv = nn::Conv2dOptions(1, 6, 5);
  CHECK(conv.in_channels() == 1);
  CHECK(conv.out_channels() == 6);
  CHECK(*conv.kernel_size() == std::array<int64_t, 2>{5, 5});
  CHECK(*conv.stride() == std::array<int64_t, 2>{1, 1});
  REQUIRE(std::holds_alternative<xgrad::ExpandingArray<2>>(conv.padding()));
  CHECK(*std::get<xgrad::ExpandingArray<2>>(conv.padding()) == std::array<int64_t, 2>{0, 0});
  CHECK(*conv.dilation() == std::array<int64_t, 2>{1, 1});
  CHECK(conv.groups() == 1);
  CHECK(conv.bias());
  CHECK(std::holds_alternative<xgrad::enumtype::kZeros>(conv.padding_mode()));
  const auto conv2 = nn::Conv2dOptions(2, 4, {3, 5}).stride({2, 1}).padding({1, 2}).dilation(2).groups(2).bias(false);
  CHECK(*conv2.kernel_size() == std::array<int64_t, 2>{3, 5});
  CHECK(*conv2.stride() == std::array<int64_t, 2>{2, 1});
  CHECK(*std::get<xgrad::ExpandingArray<2>>(conv2.padding()) == std::array<int64_t, 2>{1, 2});
  CHECK(*conv2.dilation() == std::array<int64_t, 2>{2, 2});
  CHECK(conv2.groups() == 2);
  CHECK(std::holds_alternative<xgrad::enumtype::kSame>(nn::Conv2dOptions(1, 1, 3).padding(xgrad::kSame).padding()));
  CHECK(*nn::Conv1dOptions(1, 1, 3).kernel_size() == std::array<int64_t, 1>{3});

  const auto convt = nn::ConvTranspose2dOptions(3, 4, 2);
  CHECK(*convt.output_padding() == std::array<int64_t, 2>{0, 0});
  CHECK(*convt.padding() == std::array<int64_t, 2>{0, 0});
  CHECK(convt.groups() == 1);

  const auto maxpool = nn::MaxPool2dOptions(3);
  CHECK(*maxpool.stride() == std::array<int64_t, 2>{3, 3});  // the stride defaults to the kernel
  CHECK(*maxpool.padding() == std::array<int64_t, 2>{0, 0});
  CHECK(*maxpool.dilation() == std::array<int64_t, 2>{1, 1});
  CHECK_FALSE(maxpool.ceil_mode());
  const auto avgpool = nn::AvgPool2dOptions({2, 3});
  CHECK(*avgpool.stride() == std::array<int64_t, 2>{2, 3});
  CHECK(avgpool.count_include_pad());
  CHECK_FALSE(avgpool.ceil_mode());
  CHECK_FALSE(avgpool.divisor_override().has_value());
  const auto adaptive = nn::AdaptiveAvgPool2dOptions({3, std::nullopt});
  CHECK(adaptive.output_size()[0] == std::optional<int64_t>(3));
  CHECK_FALSE(adaptive.output_size()[1].has_value());
  CHECK(nn::AdaptiveAvgPool2dOptions(7).output_size()[1] == std::optional<int64_t>(7));

  CHECK_FALSE(nn::ReLUOptions().inplace());
  CHECK(nn::ReLUOptions(true).inplace());
  CHECK(nn::LeakyReLUOptions().negative_slope() == 0.01);
  CHECK_FALSE(nn::LeakyReLUOptions().inplace());
  CHECK(nn::HardtanhOptions().min_val() == -1);
  CHECK(nn::HardtanhOptions().max_val() == 1);
  CHECK_FALSE(nn::HardtanhOptions().inplace());
  CHECK(nn::SoftmaxOptions(1).dim() == 1);
  CHECK(nn::LogSoftmaxOptions(-1).dim() == -1);
  CHECK(nn::FlattenOptions().start_dim() == 1);
  CHECK(nn::FlattenOptions().end_dim() == -1);
  CHECK(nn::UnflattenOptions(1, {2, 3}).sizes() == std::vector<int64_t>{2, 3});

  CHECK(nn::DropoutOptions().p() == 0.5);
  CHECK(nn::DropoutOptions(0.2).p() == 0.2);
  CHECK_FALSE(nn::DropoutOptions().inplace());

  const auto bn = nn::BatchNormOptions(6);
  CHECK(bn.num_features() == 6);
  CHECK(bn.eps() == 1e-5);
  CHECK(bn.momentum() == std::optional<double>(0.1));
  CHECK(bn.affine());
  CHECK(bn.track_running_stats());
  CHECK_FALSE(nn::BatchNorm2dOptions(6).momentum(std::nullopt).momentum().has_value());

  const auto ln = nn::LayerNormOptions({10});
  CHECK(ln.normalized_shape() == std::vector<int64_t>{10});
  CHECK(ln.eps() == 1e-5);
  CHECK(ln.elementwise_affine());

  const auto emb = nn::EmbeddingOptions(10, 3);
  CHECK_FALSE(emb.padding_idx().has_value());
  CHECK_FALSE(emb.max_norm().has_value());
  CHECK(emb.norm_type() == 2.0);
  CHECK_FALSE(emb.scale_grad_by_freq());
  CHECK_FALSE(emb.sparse());
  CHECK_FALSE(emb._weight().defined());
  CHECK(nn::EmbeddingFromPretrainedOptions().freeze());

  CHECK(std::holds_alternative<xgrad::enumtype::kMean>(nn::CrossEntropyLossOptions().reduction()));
  CHECK(nn::CrossEntropyLossOptions().ignore_index() == -100);
  CHECK(nn::CrossEntropyLossOptions().label_smoothing() == 0.0);
  CHECK_FALSE(nn::CrossEntropyLossOptions().weight().defined());
  CHECK(nn::NLLLossOptions().ignore_index() == -100);
  CHECK(std::holds_alternative<xgrad::enumtype::kSum>(nn::MSELossOptions(xgrad::kSum).reduction()));
  CHECK(std::holds_alternative<xgrad::enumtype::kNone>(nn::L1LossOptions(xgrad::kNone).reduction()));
  CHECK(nn::SmoothL1LossOptions().beta() == 1.0);
  CHECK_FALSE(nn::KLDivLossOptions().log_target());
  CHECK(std::holds_alternative<xgrad::enumtype::kBatchMean>(nn::KLDivLossOptions(xgrad::kBatchMean).reduction()));
  CHECK_FALSE(nn::BCEWithLogitsLossOptions().pos_weight().defined());
}

TEST_CASE("pretty_print: libtorch's text for every layer") {
  CHECK(printed(nn::Linear(784, 128)) == "xgrad::nn::Linear(in_features=784, out_features=128, bias=true)");
  CHECK(printed(nn::Linear(nn::LinearOptions(3, 4).bias(false))) ==
        "xgrad::nn::Linear(in_features=3, out_features=4, bias=false)");
  CHECK(printed(nn::Conv1d(2, 4, 3)) == "xgrad::nn::Conv1d(2, 4, kernel_size=3, stride=1)");
  CHECK(printed(nn::Conv1d(nn::Conv1dOptions(2, 4, 3).stride(2).padding(1).dilation(2).groups(2).bias(false))) ==
        "xgrad::nn::Conv1d(2, 4, kernel_size=3, stride=2, padding=1, dilation=2, groups=2, bias=false)");
  CHECK(printed(nn::Conv2d(1, 6, 5)) == "xgrad::nn::Conv2d(1, 6, kernel_size=[5, 5], stride=[1, 1])");
  CHECK(printed(nn::Conv2d(
            nn::Conv2dOptions(4, 6, {3, 5}).stride({2, 1}).padding({1, 2}).dilation(2).groups(2).bias(false))) ==
        "xgrad::nn::Conv2d(4, 6, kernel_size=[3, 5], stride=[2, 1], padding=[1, 2], dilation=[2, 2], groups=2, "
        "bias=false)");
  CHECK(printed(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).padding(xgrad::kSame))) ==
        "xgrad::nn::Conv2d(1, 6, kernel_size=[3, 3], stride=[1, 1], padding='same')");
  CHECK(printed(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).padding(xgrad::kValid))) ==
        "xgrad::nn::Conv2d(1, 6, kernel_size=[3, 3], stride=[1, 1], padding='valid')");
  CHECK(printed(nn::ConvTranspose2d(3, 4, 2)) == "xgrad::nn::ConvTranspose2d(3, 4, kernel_size=[2, 2], stride=[1, 1])");
  CHECK(printed(nn::ConvTranspose2d(
            nn::ConvTranspose2dOptions(4, 6, 3).stride(2).padding(1).output_padding(1).groups(2).dilation(2).bias(
                false))) ==
        "xgrad::nn::ConvTranspose2d(4, 6, kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], dilation=[2, 2], "
        "output_padding=[1, 1], groups=2, bias=false)");
  CHECK(printed(nn::MaxPool2d(2)) ==
        "xgrad::nn::MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1], ceil_mode=false)");
  CHECK(printed(nn::MaxPool2d(nn::MaxPool2dOptions({3, 2}).stride(1).padding(1).dilation(2).ceil_mode(true))) ==
        "xgrad::nn::MaxPool2d(kernel_size=[3, 2], stride=[1, 1], padding=[1, 1], dilation=[2, 2], ceil_mode=true)");
  CHECK(printed(nn::AvgPool2d(2)) == "xgrad::nn::AvgPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])");
  CHECK(printed(nn::AvgPool2d(
            nn::AvgPool2dOptions(3).stride(2).padding(1).ceil_mode(true).count_include_pad(false).divisor_override(
                2))) == "xgrad::nn::AvgPool2d(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1])");
  CHECK(printed(nn::AdaptiveAvgPool2d(7)) == "xgrad::nn::AdaptiveAvgPool2d(output_size=[7, 7])");
  CHECK(printed(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({3, std::nullopt}))) ==
        "xgrad::nn::AdaptiveAvgPool2d(output_size=[3, None])");
  CHECK(printed(nn::ReLU()) == "xgrad::nn::ReLU()");
  CHECK(printed(nn::ReLU(true)) == "xgrad::nn::ReLU(inplace=true)");
  CHECK(printed(nn::LeakyReLU()) == "xgrad::nn::LeakyReLU(negative_slope=0.01)");
  CHECK(printed(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true))) ==
        "xgrad::nn::LeakyReLU(negative_slope=0.2, inplace=true)");
  CHECK(printed(nn::Hardtanh()) == "xgrad::nn::Hardtanh(min_val=-1, max_val=1)");
  CHECK(printed(nn::Hardtanh(nn::HardtanhOptions().min_val(-2).max_val(0.5).inplace(true))) ==
        "xgrad::nn::Hardtanh(min_val=-2, max_val=0.5, inplace=true)");
  CHECK(printed(nn::Sigmoid()) == "xgrad::nn::Sigmoid()");
  CHECK(printed(nn::Tanh()) == "xgrad::nn::Tanh()");
  CHECK(printed(nn::Softmax(1)) == "xgrad::nn::Softmax(dim=1)");
  CHECK(printed(nn::LogSoftmax(-1)) == "xgrad::nn::LogSoftmax(dim=-1)");
  CHECK(printed(nn::Flatten()) == "xgrad::nn::Flatten(start_dim=1, end_dim=-1)");
  CHECK(printed(nn::Flatten(nn::FlattenOptions().start_dim(2).end_dim(3))) ==
        "xgrad::nn::Flatten(start_dim=2, end_dim=3)");
  CHECK(printed(nn::Unflatten(1, std::vector<int64_t>{2, 3})) ==
        "xgrad::nn::Unflatten(dim=1, unflattened_size={2, 3})");
  CHECK(printed(nn::Dropout()) == "xgrad::nn::Dropout(p=0.5, inplace=false)");
  CHECK(printed(nn::Dropout(nn::DropoutOptions(0.2).inplace(true))) == "xgrad::nn::Dropout(p=0.2, inplace=true)");
  CHECK(printed(nn::Dropout2d()) == "xgrad::nn::Dropout2d(p=0.5, inplace=false)");
  CHECK(printed(nn::Dropout2d(0.3)) == "xgrad::nn::Dropout2d(p=0.3, inplace=false)");
  CHECK(printed(nn::BatchNorm1d(10)) ==
        "xgrad::nn::BatchNorm1d(10, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)");
  CHECK(printed(nn::BatchNorm2d(
            nn::BatchNorm2dOptions(6).eps(1e-3).momentum(std::nullopt).affine(false).track_running_stats(false))) ==
        "xgrad::nn::BatchNorm2d(6, eps=0.001, momentum=None, affine=false, track_running_stats=false)");
  CHECK(printed(nn::BatchNorm2d(nn::BatchNorm2dOptions(6).momentum(0.01))) ==
        "xgrad::nn::BatchNorm2d(6, eps=1e-05, momentum=0.01, affine=true, track_running_stats=true)");
  CHECK(printed(nn::LayerNorm(nn::LayerNormOptions({10}))) ==
        "xgrad::nn::LayerNorm([10], eps=1e-05, elementwise_affine=true)");
  CHECK(printed(nn::LayerNorm(nn::LayerNormOptions({2, 3}).eps(1e-6).elementwise_affine(false))) ==
        "xgrad::nn::LayerNorm([2, 3], eps=1e-06, elementwise_affine=false)");
  CHECK(printed(nn::Embedding(10, 3)) == "xgrad::nn::Embedding(num_embeddings=10, embedding_dim=3)");
  CHECK(printed(nn::Embedding(
            nn::EmbeddingOptions(10, 3).padding_idx(0).max_norm(1.0).norm_type(3).scale_grad_by_freq(true).sparse(
                true))) ==
        "xgrad::nn::Embedding(num_embeddings=10, embedding_dim=3, padding_idx=0, max_norm=1, norm_type=3, "
        "scale_grad_by_freq=true, sparse=true)");
  CHECK(printed(nn::Identity()) == "xgrad::nn::Identity()");
  CHECK(printed(nn::CrossEntropyLoss()) == "xgrad::nn::CrossEntropyLoss()");
  CHECK(printed(nn::NLLLoss()) == "xgrad::nn::NLLLoss()");
  CHECK(printed(nn::MSELoss()) == "xgrad::nn::MSELoss()");
  CHECK(printed(nn::L1Loss()) == "xgrad::nn::L1Loss()");
  CHECK(printed(nn::SmoothL1Loss()) == "xgrad::nn::SmoothL1Loss");  // sic: libtorch 1.13 prints no "()"
  CHECK(printed(nn::BCELoss()) == "xgrad::nn::BCELoss()");
  CHECK(printed(nn::BCEWithLogitsLoss()) == "xgrad::nn::BCEWithLogitsLoss()");
  CHECK(printed(nn::KLDivLoss()) == "xgrad::nn::KLDivLoss()");
  CHECK(printed(nn::Sequential(nn::Linear(2, 3), nn::ReLU())) ==
        "xgrad::nn::Sequential(\n  (0): xgrad::nn::Linear(in_features=2, out_features=3, bias=true)\n"
        "  (1): xgrad::nn::ReLU()\n)");
  CHECK(nn::Conv2d(1, 6, 5)->name() == "xgrad::nn::Conv2dImpl");
  CHECK(nn::Linear(1, 1)->name() == "xgrad::nn::LinearImpl");
  CHECK(nn::BatchNorm2d(1)->name() == "xgrad::nn::BatchNorm2dImpl");
}

TEST_CASE("Linear: parameters, initialisation, forward and backward") {
  xgrad::manual_seed(1);
  nn::Linear fc(784, 128);
  CHECK(keys(fc->named_parameters()) == std::vector<std::string>{"weight", "bias"});
  CHECK(shape_str(fc->weight.sizes()) == "[128, 784]");
  CHECK(shape_str(fc->bias.sizes()) == "[128]");
  CHECK(fc->weight.requires_grad());
  CHECK(dtype_of(fc->weight) == "Float");
  check_uniform(fc->weight, 1.0 / 28.0);
  check_uniform(fc->bias, 1.0 / 28.0);

  nn::Linear small(3, 2);
  const Tensor x = xgrad::randn({4, 3});
  const Tensor y = small(x);
  CHECK(shape_str(y.sizes()) == "[4, 2]");
  CHECK(close(values(y), linear_by_hand(values(x), values(small->weight), values(small->bias), 4, 3, 2), 1e-5, 1e-6));
  // Any number of leading dims.
  CHECK(shape_str(small(xgrad::randn({5, 4, 3})).sizes()) == "[5, 4, 2]");
  CHECK(shape_str(small(xgrad::randn({3})).sizes()) == "[2]");

  // dL/dW = g^T x, dL/db = sum of g over the batch.
  const Tensor g = xgrad::randn({4, 2});
  y.backward(g);
  const V gv = values(g), xv = values(x), gw = values(small->weight.grad()), gb = values(small->bias.grad());
  for (int64_t o = 0; o < 2; ++o) {
    double sb = 0;
    for (int64_t n = 0; n < 4; ++n) sb += gv[n * 2 + o];
    CHECK(gb[o] == doctest::Approx(sb).epsilon(1e-5));
    for (int64_t i = 0; i < 3; ++i) {
      double sw = 0;
      for (int64_t n = 0; n < 4; ++n) sw += gv[n * 2 + o] * xv[n * 3 + i];
      CHECK(gw[o * 3 + i] == doctest::Approx(sw).epsilon(1e-5));
    }
  }

  nn::Linear nobias(nn::LinearOptions(3, 2).bias(false));
  CHECK(keys(nobias->named_parameters()) == std::vector<std::string>{"weight"});
  CHECK_FALSE(nobias->bias.defined());
  CHECK(close(values(nobias(x)), linear_by_hand(values(x), values(nobias->weight), {}, 4, 3, 2), 1e-5, 1e-6));

  // reset_parameters draws new values within the same bounds.
  const V before = values(small->weight);
  small->reset_parameters();
  CHECK(values(small->weight) != before);
  CHECK(max_abs(values(small->weight)) <= 1.0 / std::sqrt(3.0));

  // clone: the same values in new tensors.
  auto copy = std::dynamic_pointer_cast<nn::LinearImpl>(small->clone());
  REQUIRE(copy != nullptr);
  CHECK(values(copy->weight) == values(small->weight));
  CHECK_FALSE(copy->weight.is_same(small->weight));
  CHECK(copy->options.in_features() == 3);
}

namespace {

/// The backward graph under t as PyTorch prints it by walking grad_fn.next_functions: one node a
/// line, the nodes of its inputs indented under it, inputs without a gradient left out.
std::string graph_of(const Tensor& t) {
  std::string out;
  std::vector<std::pair<const xgrad::autograd::Node*, size_t>> todo{{t.grad_fn().get(), 0}};
  while (!todo.empty()) {
    const auto [node, depth] = todo.back();
    todo.pop_back();
    out += (out.empty() ? "" : "\n") + std::string(2 * depth, ' ') + node->name();
    const auto& edges = node->next_edges();
    for (auto e = edges.rbegin(); e != edges.rend(); ++e)
      if (e->is_valid()) todo.emplace_back(e->function.get(), depth + 1);
  }
  return out;
}

}  // namespace

// The graphs below are PyTorch 1.13.1's (Debian's python3-torch 1.13.1+dfsg-4, the version of
// libtorch-dev), printed by
//   def graph(t, d=0): print("  " * d + t.name()); [graph(n, d + 1) for n, _ in t.next_functions if n]
//   graph(torch.nn.functional.linear(x, w, b).grad_fn)
// for w [4, 3] and b [4] requiring grad and x [3], [2, 3], [5, 2, 3] or [2, 5, 2, 3], with and without
// a bias, x requiring grad or not.
TEST_CASE("Linear records libtorch's graph: AddmmBackward0 for a 2-D (or contiguous 3-D) input with a bias") {
  const std::string acc = "torch::autograd::AccumulateGrad";
  const Tensor w = xgrad::randn({4, 3}).requires_grad_(), b = xgrad::randn({4}).requires_grad_();
  struct Case {
    S x;
    bool x_grad, bias;
    std::vector<std::string> graph;  // one line each
  };
  const std::vector<Case> cases = {
      {{3}, true, true,
       {"AddBackward0", "  SqueezeBackward3", "    MmBackward0", "      UnsqueezeBackward0", "        " + acc,
        "      TBackward0", "        " + acc, "  " + acc}},
      {{3}, true, false,
       {"SqueezeBackward3", "  MmBackward0", "    UnsqueezeBackward0", "      " + acc, "    TBackward0",
        "      " + acc}},
      {{3}, false, true,
       {"AddBackward0", "  SqueezeBackward3", "    MmBackward0", "      TBackward0", "        " + acc, "  " + acc}},
      {{3}, false, false, {"SqueezeBackward3", "  MmBackward0", "    TBackward0", "      " + acc}},
      {{2, 3}, true, true, {"AddmmBackward0", "  " + acc, "  " + acc, "  TBackward0", "    " + acc}},
      {{2, 3}, true, false, {"MmBackward0", "  " + acc, "  TBackward0", "    " + acc}},
      {{2, 3}, false, true, {"AddmmBackward0", "  " + acc, "  TBackward0", "    " + acc}},
      {{2, 3}, false, false, {"MmBackward0", "  TBackward0", "    " + acc}},
      {{5, 2, 3}, true, true,
       {"ViewBackward0", "  AddmmBackward0", "    " + acc, "    ViewBackward0", "      " + acc, "    TBackward0",
        "      " + acc}},
      {{5, 2, 3}, true, false,
       {"UnsafeViewBackward0", "  MmBackward0", "    ReshapeAliasBackward0", "      " + acc, "    TBackward0",
        "      " + acc}},
      {{5, 2, 3}, false, true, {"ViewBackward0", "  AddmmBackward0", "    " + acc, "    TBackward0", "      " + acc}},
      {{5, 2, 3}, false, false, {"UnsafeViewBackward0", "  MmBackward0", "    TBackward0", "      " + acc}},
      {{2, 5, 2, 3}, true, true,
       {"AddBackward0", "  UnsafeViewBackward0", "    MmBackward0", "      ReshapeAliasBackward0", "        " + acc,
        "      TBackward0", "        " + acc, "  " + acc}},
      {{2, 5, 2, 3}, true, false,
       {"UnsafeViewBackward0", "  MmBackward0", "    ReshapeAliasBackward0", "      " + acc, "    TBackward0",
        "      " + acc}},
      {{2, 5, 2, 3}, false, true,
       {"AddBackward0", "  UnsafeViewBackward0", "    MmBackward0", "      TBackward0", "        " + acc, "  " + acc}},
      {{2, 5, 2, 3}, false, false, {"UnsafeViewBackward0", "  MmBackward0", "    TBackward0", "      " + acc}},
  };
  for (const Case& c : cases) {
    Tensor x = xgrad::randn(c.x);
    if (c.x_grad) x.requires_grad_();
    std::string want;
    for (const std::string& line : c.graph) want += (want.empty() ? "" : "\n") + line;
    const std::string label = "F::linear(x " + shape_str(c.x) + (c.x_grad ? " requiring grad" : "") +
                              (c.bias ? ", w, b)" : ", w)");
    const Tensor y = F::linear(x, w, c.bias ? b : Tensor());
    const std::string got = graph_of(y);
    const std::string printed_graph = label + ":\n" + got;
    MESSAGE(printed_graph);
    CAPTURE(label);
    CHECK(got == want);
    // nn::Linear is F::linear.
    nn::Linear fc(nn::LinearOptions(3, 4).bias(c.bias));
    CHECK(grad_fn_name(fc(x)) == c.graph[0]);
  }
}

TEST_CASE("Conv2d, Conv1d: shapes, values, initialisation") {
  xgrad::manual_seed(2);
  nn::Conv2d conv(1, 6, 5);
  CHECK(keys(conv->named_parameters()) == std::vector<std::string>{"weight", "bias"});
  CHECK(shape_str(conv->weight.sizes()) == "[6, 1, 5, 5]");
  check_uniform(conv->weight, 1.0 / 5.0);  // fan_in = 1 * 5 * 5
  check_uniform(conv->bias, 1.0 / 5.0);
  nn::Conv2d big(16, 32, 3);
  check_uniform(big->weight, 1.0 / 12.0);  // fan_in = 16 * 3 * 3
  check_uniform(big->bias, 1.0 / 12.0);

  const Tensor x = xgrad::randn({2, 1, 28, 28});
  const Tensor y = conv(x);
  CHECK(shape_str(y.sizes()) == "[2, 6, 24, 24]");
  CHECK(close(values(y), values(F::conv2d(x, conv->weight, F::Conv2dFuncOptions().bias(conv->bias))), 1e-6, 1e-6));
  // Unbatched input.
  const Tensor y1 = conv(x[0]);
  CHECK(shape_str(y1.sizes()) == "[6, 24, 24]");
  CHECK(close(values(y1), values(y[0]), 1e-6, 1e-6));

  // A hand-checked case: 2x2 kernel of ones, no bias, on 0..8 as 3x3 -> the 2x2 window sums.
  nn::Conv2d ones(nn::Conv2dOptions(1, 1, 2).bias(false));
  CHECK(keys(ones->named_parameters()) == std::vector<std::string>{"weight"});
  {
    xgrad::NoGradGuard no_grad;
    ones->weight.fill_(1);
  }
  check_close(ones(iota({1, 1, 3, 3}, xgrad::kFloat)), {8, 12, 20, 24});

  nn::Conv2d strided(nn::Conv2dOptions(3, 4, 3).stride(2).padding(1).dilation(1));
  CHECK(shape_str(strided(xgrad::randn({2, 3, 9, 8})).sizes()) == "[2, 4, 5, 4]");
  nn::Conv2d dilated(nn::Conv2dOptions(3, 4, 3).dilation(2));
  CHECK(shape_str(dilated(xgrad::randn({1, 3, 9, 9})).sizes()) == "[1, 4, 5, 5]");
  nn::Conv2d grouped(nn::Conv2dOptions(4, 6, 3).groups(2));
  CHECK(shape_str(grouped->weight.sizes()) == "[6, 2, 3, 3]");
  check_uniform(grouped->weight, 1.0 / std::sqrt(18.0));
  CHECK(shape_str(grouped(xgrad::randn({1, 4, 5, 5})).sizes()) == "[1, 6, 3, 3]");
  nn::Conv2d same(nn::Conv2dOptions(2, 3, {3, 4}).padding(xgrad::kSame));
  CHECK(shape_str(same(xgrad::randn({1, 2, 7, 6})).sizes()) == "[1, 3, 7, 6]");
  nn::Conv2d valid(nn::Conv2dOptions(2, 3, 3).padding(xgrad::kValid));
  CHECK(shape_str(valid(xgrad::randn({1, 2, 7, 6})).sizes()) == "[1, 3, 5, 4]");

  nn::Conv1d c1(2, 4, 3);
  CHECK(shape_str(c1->weight.sizes()) == "[4, 2, 3]");
  check_uniform(c1->weight, 1.0 / std::sqrt(6.0));
  const Tensor s = xgrad::randn({3, 2, 10});
  CHECK(shape_str(c1(s).sizes()) == "[3, 4, 8]");
  CHECK(close(values(c1(s)), values(F::conv1d(s, c1->weight, F::Conv1dFuncOptions().bias(c1->bias))), 1e-6, 1e-6));
  CHECK(shape_str(c1(s[0]).sizes()) == "[4, 8]");

  // Backward reaches weight and bias.
  conv(x).sum().backward();
  CHECK(shape_str(conv->weight.grad().sizes()) == "[6, 1, 5, 5]");
  // Each bias gets one gradient per output position: 2 * 24 * 24.
  check_close(conv->bias.grad(), V(6, 2 * 24 * 24), 1e-6);
}

TEST_CASE("ConvTranspose2d: shapes, initialisation, output_size") {
  xgrad::manual_seed(3);
  nn::ConvTranspose2d up(nn::ConvTranspose2dOptions(4, 6, 3).stride(2).padding(1));
  CHECK(shape_str(up->weight.sizes()) == "[4, 6, 3, 3]");
  check_uniform(up->weight, 1.0 / std::sqrt(54.0));  // fan_in = weight.size(1) * 3 * 3
  check_uniform(up->bias, 1.0 / std::sqrt(54.0));
  const Tensor x = xgrad::randn({2, 4, 5, 5});
  // (5 - 1) * 2 - 2 + 3 = 9
  CHECK(shape_str(up(x).sizes()) == "[2, 6, 9, 9]");
  CHECK(close(
      values(up(x)),
      values(F::conv_transpose2d(x, up->weight, F::ConvTranspose2dFuncOptions().bias(up->bias).stride(2).padding(1))),
      1e-6, 1e-6));
  const std::vector<int64_t> ten{10, 10};
  CHECK(shape_str(up->forward(x, xgrad::IntArrayRef(ten)).sizes()) == "[2, 6, 10, 10]");
  const std::vector<int64_t> full{2, 6, 9, 10};
  CHECK(shape_str(up->forward(x, xgrad::IntArrayRef(full)).sizes()) == "[2, 6, 9, 10]");
  CHECK(shape_str(up(x[0]).sizes()) == "[6, 9, 9]");
  nn::ConvTranspose2d grouped(nn::ConvTranspose2dOptions(4, 6, 2).groups(2));
  CHECK(shape_str(grouped->weight.sizes()) == "[4, 3, 2, 2]");
  CHECK(shape_str(grouped(x).sizes()) == "[2, 6, 6, 6]");
  const std::vector<int64_t> bad{12, 12};
  CHECK_THROWS_WITH_AS(up->forward(x, xgrad::IntArrayRef(bad)),
                       "ConvTranspose2d(in_channels=4, out_channels=6, kernel_size=[3, 3]): requested an output size "
                       "of [12, 12], but valid sizes range from [9, 9] to [10, 10] (for an input of [5, 5])",
                       Error);
}

TEST_CASE("MaxPool2d, AvgPool2d, AdaptiveAvgPool2d") {
  const Tensor x = iota({1, 1, 4, 4}, xgrad::kFloat);
  nn::MaxPool2d maxpool(2);
  CHECK(maxpool->parameters().empty());
  check_close(maxpool(x), {5, 7, 13, 15});
  auto [values_, indices] = maxpool->forward_with_indices(x);
  check_close(values_, {5, 7, 13, 15});
  CHECK(dtype_of(indices) == "Long");
  check_close(indices, {5, 7, 13, 15});
  check_close(maxpool(x[0]), {5, 7, 13, 15});  // unbatched
  nn::MaxPool2d overlapping(nn::MaxPool2dOptions(3).stride(1));
  check_close(overlapping(x), {10, 11, 14, 15});
  const Tensor five = xgrad::randn({1, 2, 5, 5});
  CHECK(shape_str(nn::MaxPool2d(2)(five).sizes()) == "[1, 2, 2, 2]");
  CHECK(shape_str(nn::MaxPool2d(nn::MaxPool2dOptions(2).ceil_mode(true))(five).sizes()) == "[1, 2, 3, 3]");
  CHECK(shape_str(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1))(five).sizes()) == "[1, 2, 3, 3]");
  // ceil_mode keeps a window that starts inside the input even where the kernel overhangs it (as PyTorch).
  CHECK(
      shape_str(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).ceil_mode(true))(xgrad::ones({1, 1, 2, 2})).sizes()) ==
      "[1, 1, 1, 1]");
  CHECK(close(values(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1))(five)),
              values(F::max_pool2d(five, F::MaxPool2dFuncOptions(3).stride(2).padding(1)))));

  nn::AvgPool2d avgpool(2);
  check_close(avgpool(x), {2.5, 4.5, 10.5, 12.5});
  nn::AvgPool2d divided(nn::AvgPool2dOptions(2).divisor_override(1));
  check_close(divided(x), {10, 18, 42, 50});
  // 3x3 windows, stride 2, padding 1 over 0..15: the corner window holds 0, 1, 4, 5 and five zeros.
  nn::AvgPool2d padded(nn::AvgPool2dOptions(3).stride(2).padding(1));
  check_close(padded(x)[0][0][0][0], {10.0 / 9.0});
  nn::AvgPool2d excluded(nn::AvgPool2dOptions(3).stride(2).padding(1).count_include_pad(false));
  check_close(excluded(x)[0][0][0][0], {2.5});
  CHECK(shape_str(nn::AvgPool2d(nn::AvgPool2dOptions(2).ceil_mode(true))(five).sizes()) == "[1, 2, 3, 3]");

  check_close(nn::AdaptiveAvgPool2d(1)(x), {7.5});
  check_close(nn::AdaptiveAvgPool2d(2)(x), {2.5, 4.5, 10.5, 12.5});
  const Tensor rows = nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({2, std::nullopt}))(x);
  CHECK(shape_str(rows.sizes()) == "[1, 1, 2, 4]");
  check_close(rows, {2, 3, 4, 5, 10, 11, 12, 13});
  CHECK(shape_str(nn::AdaptiveAvgPool2d(3)(xgrad::randn({2, 7, 7})).sizes()) == "[2, 3, 3]");
}

TEST_CASE("activations: values, inplace") {
  const Tensor x = f32({-2, -0.5, 0, 1.5});
  check_close(nn::ReLU()(x), {0, 0, 0, 1.5});
  check_close(nn::LeakyReLU()(x), {-0.02, -0.005, 0, 1.5}, 1e-6);
  check_close(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2))(x), {-0.4, -0.1, 0, 1.5}, 1e-6);
  V sig, th;
  for (double v : values(x)) {
    sig.push_back(1 / (1 + std::exp(-v)));
    th.push_back(std::tanh(v));
  }
  check_close(nn::Sigmoid()(x), sig, 1e-6);
  check_close(nn::Tanh()(x), th, 1e-6);

  const Tensor m = f32({1, 2, 3, 1, 1, 1}).view({2, 3});
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  check_close(nn::Softmax(1)(m), {std::exp(1.0) / z, std::exp(2.0) / z, std::exp(3.0) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0},
              1e-6);
  check_close(nn::Softmax(0)(m).sum(0), {1, 1, 1}, 1e-6);
  check_close(nn::LogSoftmax(-1)(m),
              {1 - std::log(z), 2 - std::log(z), 3 - std::log(z), -std::log(3.0), -std::log(3.0), -std::log(3.0)},
              1e-6);

  Tensor y = f32({-1, 2});
  const Tensor r = nn::ReLU(true)(y);
  check_close(y, {0, 2});  // the input itself is overwritten
  CHECK(r.is_same(y));
  Tensor w = f32({-1, 2});
  nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.5).inplace(true))(w);
  check_close(w, {-0.5, 2});
  // In place on a non-leaf: gradients flow as for the out-of-place form.
  const Tensor a = f32({-1, 2}).requires_grad_();
  Tensor b = a * 1;
  nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.5).inplace(true))(b);
  b.sum().backward();
  check_close(a.grad(), {0.5, 1});

  check_close(nn::Hardtanh()(x), {-1, -0.5, 0, 1});
  check_close(nn::Hardtanh(nn::HardtanhOptions().min_val(-0.25).max_val(0.5))(x), {-0.25, -0.25, 0, 0.5});
  const Tensor c = f32({-2, 0.5}).requires_grad_();
  Tensor d = c * 1;
  nn::Hardtanh(nn::HardtanhOptions().inplace(true))(d);
  check_close(d, {-1, 0.5});
  d.sum().backward();
  check_close(c.grad(), {0, 1});
  CHECK_THROWS_WITH_AS(nn::Hardtanh(nn::HardtanhOptions().min_val(1).max_val(1)),
                       "Hardtanh: max_val must be greater than min_val, got min_val=1 and max_val=1", xgrad::Error);
}

TEST_CASE("Flatten, Unflatten, Identity") {
  const Tensor x = xgrad::randn({2, 3, 4, 5});
  CHECK(shape_str(nn::Flatten()(x).sizes()) == "[2, 60]");
  CHECK(shape_str(nn::Flatten(nn::FlattenOptions().start_dim(0).end_dim(1))(x).sizes()) == "[6, 4, 5]");
  CHECK(values(nn::Flatten()(x)) == values(x));
  const Tensor u = nn::Unflatten(1, std::vector<int64_t>{3, 20})(nn::Flatten()(x));
  CHECK(shape_str(u.sizes()) == "[2, 3, 20]");
  CHECK(shape_str(nn::Unflatten(-1, std::vector<int64_t>{-1, 5})(xgrad::randn({2, 20})).sizes()) == "[2, 4, 5]");
  CHECK(values(u) == values(x));
  CHECK(nn::Identity()(x).is_same(x));
  CHECK(nn::Identity()->parameters().empty());
}

TEST_CASE("Dropout, Dropout2d: training and eval") {
  xgrad::manual_seed(4);
  nn::Dropout dropout(0.25);
  const Tensor x = xgrad::ones({100000});
  CHECK(dropout->is_training());
  const V y = values(dropout(x));
  int64_t zeros = 0;
  for (double v : y) {
    if (v == 0)
      ++zeros;
    else
      CHECK(v == doctest::Approx(1 / 0.75));
  }
  CHECK(static_cast<double>(zeros) / 100000 == doctest::Approx(0.25).epsilon(0.03));
  dropout->eval();
  CHECK(values(dropout(x)) == values(x));
  CHECK(values(nn::Dropout(0.0)(x)) == values(x));

  nn::Dropout2d channels(0.5);
  const Tensor maps = xgrad::ones({8, 16, 3, 3});
  const Tensor kept = channels(maps);
  CHECK(shape_str(kept.sizes()) == "[8, 16, 3, 3]");
  const V k = values(kept);
  int64_t dropped = 0;
  for (int64_t c = 0; c < 8 * 16; ++c) {
    const double first = k[c * 9];
    CHECK((first == 0 || first == 2));
    for (int64_t i = 1; i < 9; ++i) CHECK(k[c * 9 + i] == first);  // whole maps
    if (first == 0) ++dropped;
  }
  CHECK(dropped > 20);
  CHECK(dropped < 108);
  CHECK(shape_str(channels(xgrad::ones({16, 3, 3})).sizes()) == "[16, 3, 3]");
  channels->eval();
  CHECK(values(channels(maps)) == values(maps));

  // Backward: the gradient is the mask scaled by 1 / (1 - p).
  nn::Dropout half(0.5);
  const Tensor leaf = xgrad::ones({1000}).requires_grad_();
  const Tensor out = half(leaf);
  out.sum().backward();
  CHECK(values(leaf.grad()) == values(out));
}

TEST_CASE("BatchNorm: buffers, training statistics, running statistics, eval") {
  xgrad::manual_seed(5);
  nn::BatchNorm2d bn(3);
  CHECK(keys(bn->named_parameters()) == std::vector<std::string>{"weight", "bias"});
  CHECK(keys(bn->named_buffers()) == std::vector<std::string>{"running_mean", "running_var", "num_batches_tracked"});
  check_close(bn->weight, {1, 1, 1});
  check_close(bn->bias, {0, 0, 0});
  check_close(bn->running_mean, {0, 0, 0});
  check_close(bn->running_var, {1, 1, 1});
  CHECK(dtype_of(bn->num_batches_tracked) == "Long");
  CHECK(bn->num_batches_tracked.dim() == 0);
  CHECK(bn->num_batches_tracked.item<int64_t>() == 0);

  const Tensor x = xgrad::randn({4, 3, 5, 5}) * 2 + 3;
  const Tensor y = bn(x);
  CHECK(bn->num_batches_tracked.item<int64_t>() == 1);
  // Per channel, the output has mean 0 and (biased) variance 1.
  check_close(y.mean({0, 2, 3}), {0, 0, 0}, 1e-4);
  const V batch_mean = values(x.mean({0, 2, 3}));
  const V batch_var = values(x.var({0, 2, 3}, /*unbiased=*/false));
  for (int64_t c = 0; c < 3; ++c) {
    const Tensor yc = y.select(1, c);
    CHECK(values(yc.var(false))[0] == doctest::Approx(batch_var[c] / (batch_var[c] + 1e-5)).epsilon(1e-3));
  }
  // running = 0.9 * running + 0.1 * batch statistic (variance unbiased: n = 100 values per channel).
  V expected_mean, expected_var;
  for (int64_t c = 0; c < 3; ++c) {
    expected_mean.push_back(0.1 * batch_mean[c]);
    expected_var.push_back(0.9 + 0.1 * batch_var[c] * 100 / 99);
  }
  check_close(bn->running_mean, expected_mean, 1e-4);
  check_close(bn->running_var, expected_var, 1e-4);

  // Eval: (x - running_mean) / sqrt(running_var + eps) * weight + bias, and the buffers stay.
  bn->eval();
  {
    xgrad::NoGradGuard no_grad;
    bn->weight.fill_(2);
    bn->bias.fill_(0.5);
  }
  const Tensor e = bn(x);
  CHECK(bn->num_batches_tracked.item<int64_t>() == 1);
  check_close(bn->running_mean, expected_mean, 1e-4);
  const V xv = values(x), ev = values(e);
  for (int64_t i = 0; i < x.numel(); ++i) {
    const int64_t c = (i / 25) % 3;
    CHECK(ev[i] ==
          doctest::Approx((xv[i] - expected_mean[c]) / std::sqrt(expected_var[c] + 1e-5) * 2 + 0.5).epsilon(1e-4));
  }

  // Backward in training reaches weight and bias: dL/dbias = number of values per channel.
  bn->train();
  bn->zero_grad();
  bn(x).sum().backward();
  check_close(bn->bias.grad(), {100, 100, 100}, 1e-5);
  CHECK(shape_str(bn->weight.grad().sizes()) == "[3]");

  // momentum unset: the cumulative average of the batch statistics.
  nn::BatchNorm1d cumulative(nn::BatchNorm1dOptions(2).momentum(std::nullopt));
  const Tensor a = f32({1, 10, 3, 20}).view({2, 2});
  const Tensor b = f32({5, 0, 7, 2}).view({2, 2});
  cumulative(a);
  check_close(cumulative->running_mean, {2, 15});
  cumulative(b);
  CHECK(cumulative->num_batches_tracked.item<int64_t>() == 2);
  check_close(cumulative->running_mean, {(2 + 6) / 2.0, (15 + 1) / 2.0});
  // Unbiased variances: a gives 2 and 50, b gives 2 and 2; the first update replaces the initial 1.
  check_close(cumulative->running_var, {2, 26});

  // BatchNorm1d on [N, C, L].
  nn::BatchNorm1d seq(4);
  CHECK(shape_str(seq(xgrad::randn({3, 4, 6})).sizes()) == "[3, 4, 6]");

  // Without running statistics: no buffers, and eval normalises by the batch.
  nn::BatchNorm2d batch_only(nn::BatchNorm2dOptions(3).track_running_stats(false).affine(false));
  CHECK(batch_only->parameters().empty());
  CHECK(batch_only->buffers().empty());
  CHECK_FALSE(batch_only->running_mean.defined());
  batch_only->eval();
  check_close(batch_only(x).mean({0, 2, 3}), {0, 0, 0}, 1e-4);

  // reset_running_stats.
  bn->reset_running_stats();
  check_close(bn->running_mean, {0, 0, 0});
  check_close(bn->running_var, {1, 1, 1});
  CHECK(bn->num_batches_tracked.item<int64_t>() == 0);
}

TEST_CASE("LayerNorm") {
  xgrad::manual_seed(6);
  nn::LayerNorm ln(nn::LayerNormOptions({4}));
  CHECK(keys(ln->named_parameters()) == std::vector<std::string>{"weight", "bias"});
  check_close(ln->weight, {1, 1, 1, 1});
  check_close(ln->bias, {0, 0, 0, 0});
  const Tensor x = f32({1, 2, 3, 4, 2, 2, 2, 6}).view({2, 4});
  const Tensor y = ln(x);
  // Row 1: mean 2.5, biased variance 1.25.
  const double s = std::sqrt(1.25 + 1e-5);
  check_close(y[0], {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, 1e-5);
  check_close(y.mean({1}), {0, 0}, 1e-6);
  CHECK(close(values(y), values(F::layer_norm(x, F::LayerNormFuncOptions({4}).weight(ln->weight).bias(ln->bias)))));
  nn::LayerNorm plain(nn::LayerNormOptions({3, 4}).elementwise_affine(false));
  CHECK(plain->parameters().empty());
  CHECK(shape_str(plain(xgrad::randn({2, 3, 4})).sizes()) == "[2, 3, 4]");
  y.sum().backward();
  CHECK(shape_str(ln->weight.grad().sizes()) == "[4]");
}

TEST_CASE("Embedding: lookup, padding_idx, from_pretrained, max_norm") {
  xgrad::manual_seed(7);
  nn::Embedding big(1000, 10);
  CHECK(keys(big->named_parameters()) == std::vector<std::string>{"weight"});
  const V w = values(big->weight);
  CHECK(std::abs(mean_of(w)) < 0.05);
  CHECK(std_of(w) == doctest::Approx(1.0).epsilon(0.05));

  nn::Embedding emb(nn::EmbeddingOptions(5, 3).padding_idx(-1));
  CHECK(emb->options.padding_idx() == std::optional<int64_t>(4));  // normalised to num_embeddings - 1
  check_close(emb->weight[4], {0, 0, 0});
  const Tensor idx = xgrad::tensor({{0, 4}, {2, 0}});
  const Tensor out = emb(idx);
  CHECK(shape_str(out.sizes()) == "[2, 2, 3]");
  CHECK(values(out[0][0]) == values(emb->weight[0]));
  CHECK(values(out[1][0]) == values(emb->weight[2]));
  out.sum().backward();
  check_close(emb->weight.grad()[0], {2, 2, 2});
  check_close(emb->weight.grad()[4], {0, 0, 0});  // the padding row learns nothing
  check_close(emb->weight.grad()[1], {0, 0, 0});

  const Tensor table = f32({1, 2, 3, 4, 5, 6}).view({3, 2});
  auto frozen = nn::Embedding::from_pretrained(table);
  CHECK_FALSE(frozen->weight.requires_grad());
  CHECK(frozen->options.num_embeddings() == 3);
  check_close(frozen(xgrad::tensor({2, 0})), {5, 6, 1, 2});
  auto trainable = nn::Embedding::from_pretrained(f32({1, 2, 3, 4}).view({2, 2}),
                                                  nn::EmbeddingFromPretrainedOptions().freeze(false));
  CHECK(trainable->weight.requires_grad());

  // max_norm rescales the looked-up rows (only those) to that norm, in place.
  auto limited = nn::Embedding::from_pretrained(f32({3, 4, 0.3, 0.4, 6, 8}).view({3, 2}),
                                                nn::EmbeddingFromPretrainedOptions().max_norm(1.0));
  check_close(limited(xgrad::tensor({0, 1})), {0.6, 0.8, 0.3, 0.4}, 1e-5);
  check_close(limited->weight, {0.6, 0.8, 0.3, 0.4, 6, 8}, 1e-5);
}

TEST_CASE("loss modules: buffers and pretty names") {
  nn::CrossEntropyLoss ce(nn::CrossEntropyLossOptions().weight(f32({1, 2, 3})));
  CHECK(keys(ce->named_buffers()) == std::vector<std::string>{"weight"});
  CHECK(ce->parameters().empty());
  nn::BCEWithLogitsLoss bce(nn::BCEWithLogitsLossOptions().weight(f32({1, 2})).pos_weight(f32({3, 4})));
  CHECK(keys(bce->named_buffers()) == std::vector<std::string>{"weight", "pos_weight"});
  CHECK(nn::MSELoss()->buffers().empty());
}

TEST_CASE("LeNet-5 from the layers: forward, loss, backward") {
  xgrad::manual_seed(8);
  nn::Sequential lenet(nn::Conv2d(1, 6, 5), nn::ReLU(), nn::MaxPool2d(2), nn::Conv2d(6, 16, 5), nn::ReLU(),
                       nn::MaxPool2d(2), nn::Flatten(), nn::Linear(16 * 4 * 4, 120), nn::ReLU(), nn::Linear(120, 84),
                       nn::ReLU(), nn::Linear(84, 10));
  CHECK(keys(lenet->named_parameters()) == std::vector<std::string>{"0.weight", "0.bias", "3.weight", "3.bias",
                                                                    "7.weight", "7.bias", "9.weight", "9.bias",
                                                                    "11.weight", "11.bias"});
  int64_t count = 0;
  for (const Tensor& p : lenet->parameters()) count += p.numel();
  CHECK(count == 6 * 25 + 6 + 16 * 6 * 25 + 16 + 256 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10);

  const Tensor images = xgrad::randn({8, 1, 28, 28});
  const Tensor labels = xgrad::tensor({0, 1, 2, 3, 4, 5, 6, 7});
  const Tensor logits = lenet->forward(images);
  CHECK(shape_str(logits.sizes()) == "[8, 10]");
  nn::CrossEntropyLoss criterion;
  const Tensor loss = criterion(logits, labels);
  CHECK(loss.dim() == 0);
  // Random initial weights give a loss near log(10).
  CHECK(loss.item<double>() == doctest::Approx(std::log(10.0)).epsilon(0.2));
  loss.backward();
  for (const auto& item : lenet->named_parameters()) {
    INFO(item.key());
    REQUIRE(item.value().grad().defined());
    CHECK(item.value().grad().sizes() == item.value().sizes());
    bool finite = true;
    for (double v : values(item.value().grad())) finite = finite && std::isfinite(v);
    CHECK(finite);
  }
  // One plain gradient step lowers the loss on this batch.
  {
    xgrad::NoGradGuard no_grad;
    for (Tensor& p : lenet->parameters()) p.sub_(p.grad() * 0.05);
  }
  CHECK(criterion(lenet->forward(images), labels).item<double>() < loss.item<double>());
}

TEST_CASE("layer errors name the layer, its configuration and the input") {
  nn::Linear fc(784, 128);
  CHECK_THROWS_WITH_AS(fc(xgrad::zeros({64, 100})),
                       "Linear(in_features=784, out_features=128): expected input with last dim 784, got [64, 100]",
                       Error);
  CHECK_THROWS_WITH_AS(fc(xgrad::zeros({})),
                       "Linear(in_features=784, out_features=128): expected input with last dim 784, got []", Error);
  CHECK_THROWS_WITH_AS(fc(xgrad::zeros({2, 784}, xgrad::kDouble)),
                       doctest::Contains("Linear(in_features=784, out_features=128): expected input of dtype Float "
                                         "(the weight's), got Double"),
                       Error);
  CHECK_THROWS_WITH_AS(nn::Linear(-3, 4),
                       "Linear: in_features and out_features must be non-negative, got in_features=-3, out_features=4",
                       Error);

  nn::Conv2d conv(1, 6, 5);
  CHECK_THROWS_WITH_AS(conv(xgrad::zeros({64, 3, 28, 28})),
                       "conv2d: Given groups=1, weight of size [6, 1, 5, 5], expected input[64, 3, 28, 28] to have 1 "
                       "channels, but got 3 channels instead",
                       Error);
  CHECK_THROWS_WITH_AS(conv(xgrad::zeros({28, 28})),
                       "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [28, 28]",
                       Error);
  CHECK_THROWS_WITH_AS(conv(xgrad::zeros({1, 1, 3, 3})),
                       "conv2d: Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size "
                       "can't be greater than actual input size",
                       Error);
  nn::Conv2d dilated(nn::Conv2dOptions(1, 1, 3).dilation(2).padding(1));
  CHECK_THROWS_WITH_AS(dilated(xgrad::zeros({1, 1, 2, 8})),
                       "conv2d: Calculated padded input size per channel: (4 x 10). Kernel size: (5 x 5). Kernel "
                       "size can't be greater than actual input size",
                       Error);
  CHECK_THROWS_WITH_AS(
      nn::Conv1d(2, 4, 3)(xgrad::zeros({1, 3, 10})),
      "conv1d: Given groups=1, weight of size [4, 2, 3], expected input[1, 3, 10] to have 2 channels, but got 3 "
      "channels instead",
      Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).padding_mode(xgrad::kReflect)),
                       doctest::Contains("Conv2d: padding_mode kReflect is not supported"), Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).padding_mode(xgrad::kCircular)),
                       doctest::Contains("Conv2d: padding_mode kCircular is not supported"), Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(3, 6, 3).groups(2)),
                       "Conv2d(in_channels=3, out_channels=6, kernel_size=[3, 3]): in_channels must be divisible by "
                       "groups",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(4, 6, 3).groups(4)),
                       "Conv2d(in_channels=4, out_channels=6, kernel_size=[3, 3]): out_channels must be divisible by "
                       "groups",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).padding(xgrad::kSame).stride(2)),
                       "Conv2d(in_channels=1, out_channels=6, kernel_size=[3, 3]): padding='same' is not supported "
                       "for strided convolutions",
                       Error);
  // As libtorch, a layer's stride, dilation and padding are the op's to check, on each call.
  const Tensor image = xgrad::zeros({1, 1, 5, 5});
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).stride(0))(image),
                       "conv2d: non-positive stride is not supported, got stride=[0, 0]", Error);
  CHECK_THROWS_WITH_AS(
      nn::ConvTranspose2d(3, 4, 2)(xgrad::zeros({1, 4, 5, 5})),
      "conv_transpose2d: Given transposed=1, weight of size [3, 4, 2, 2], expected input[1, 4, 5, 5] to have 3 "
      "channels, but got 4 channels instead",
      Error);

  CHECK_THROWS_WITH_AS(
      nn::Conv2d(0, 6, 3),
      "Conv2d(in_channels=0, out_channels=6, kernel_size=[3, 3]): in_channels, groups and out_channels must be "
      "positive integers, got groups=1",
      Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).groups(0)),
                       "Conv2d(in_channels=1, out_channels=6, kernel_size=[3, 3]): in_channels, groups and "
                       "out_channels must be positive integers, got groups=0",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, {3, 0})),
                       "Conv2d(in_channels=1, out_channels=6, kernel_size=[3, 0]): kernel_size must be positive",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).dilation({1, 0}))(image),
                       "conv2d: non-positive dilation is not supported, got dilation=[1, 0]", Error);
  CHECK_THROWS_WITH_AS(nn::Conv2d(nn::Conv2dOptions(1, 6, 3).padding(-1))(image),
                       "conv2d: negative padding is not supported, got padding=[-1, -1]", Error);
  CHECK_THROWS_WITH_AS(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(1, 6, 3).output_padding(-1))(image),
                       "conv_transpose2d: negative output_padding is not supported, got output_padding=[-1, -1]",
                       Error);
  CHECK_THROWS_WITH_AS(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(1, 6, 3).padding_mode(xgrad::kReplicate)),
                       doctest::Contains("ConvTranspose2d: padding_mode kReplicate is not supported"), Error);

  nn::MaxPool2d pool(3);
  CHECK_THROWS_WITH_AS(pool(xgrad::zeros({1, 1, 2, 2})),
                       "max_pool2d: Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too "
                       "small",
                       Error);
  CHECK_THROWS_WITH_AS(pool(xgrad::zeros({5, 5})),
                       "max_pool2d: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
                       "but got: [5, 5]",
                       Error);
  // As libtorch, the pooling layers' options are the ops' to check, on each call.
  CHECK_THROWS_WITH_AS(nn::MaxPool2d(nn::MaxPool2dOptions(3).padding(2))(image),
                       "max_pool2d: pad should be at most half of kernel size, but got pad=2 and kernel_size=3", Error);
  CHECK_THROWS_WITH_AS(nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(0))(image),
                       "max_pool2d: stride should be greater than zero, but got dH: 0 dW: 0", Error);
  CHECK_THROWS_WITH_AS(nn::MaxPool2d(nn::MaxPool2dOptions(2).dilation(0))(image),
                       "max_pool2d: dilation should be greater than zero, but got dilationH: 0 dilationW: 0", Error);
  CHECK_THROWS_WITH_AS(nn::AvgPool2d(nn::AvgPool2dOptions({0, 2}).stride(1))(image),
                       "avg_pool2d: kernel size should be greater than zero, but got kH: 0 kW: 2", Error);
  CHECK_THROWS_WITH_AS(nn::AdaptiveAvgPool2d(-1)(image),
                       "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received "
                       "[-1, -1]",
                       Error);
  CHECK_THROWS_WITH_AS(nn::AvgPool2d(2)(xgrad::zeros({1, 1, 1, 4})),
                       "avg_pool2d: Given input size: (1x1x4). Calculated output size: (1x0x2). Output size is too "
                       "small",
                       Error);
  CHECK_THROWS_WITH_AS(nn::AvgPool2d(nn::AvgPool2dOptions(2).divisor_override(0))(image),
                       "avg_pool2d: divisor must be not zero", Error);
  CHECK_THROWS_WITH_AS(nn::AdaptiveAvgPool2d(2)(xgrad::zeros({4})),
                       "adaptive_avg_pool2d: Expected 3D or 4D tensor, but got [4]",
                       Error);

  CHECK_THROWS_WITH_AS(nn::Dropout(1.5), "Dropout(p=1.5): dropout probability has to be between 0 and 1, but got 1.5",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Dropout2d(-0.1),
                       "Dropout2d(p=-0.1): dropout probability has to be between 0 and 1, but got -0.1", Error);
  CHECK_THROWS_WITH_AS(nn::Dropout2d(0.5)(xgrad::zeros({4, 5})),
                       "Dropout2d(p=0.5): expected input [N, C, H, W] or [C, H, W], got [4, 5]", Error);

  nn::BatchNorm2d bn(6);
  CHECK_THROWS_WITH_AS(bn(xgrad::zeros({64, 6, 28})),
                       "BatchNorm2d(num_features=6): expected 4D input [N, 6, H, W], got [64, 6, 28]", Error);
  CHECK_THROWS_WITH_AS(bn(xgrad::zeros({64, 3, 28, 28})),
                       "BatchNorm2d(num_features=6): expected input with 6 channels (dim 1), got [64, 3, 28, 28]",
                       Error);
  CHECK_THROWS_WITH_AS(nn::BatchNorm1d(10)(xgrad::zeros({10})),
                       "BatchNorm1d(num_features=10): expected 2D or 3D input [N, 10] or [N, 10, L], got [10]", Error);
  CHECK_THROWS_WITH_AS(nn::BatchNorm1d(3)(xgrad::zeros({1, 3})),
                       "batch_norm: expected more than 1 value per channel when training, got input size [1, 3]",
                       Error);

  CHECK_THROWS_WITH_AS(nn::BatchNorm2d(0), "BatchNorm2d(num_features=0): num_features must be positive", Error);

  CHECK_THROWS_WITH_AS(nn::LayerNorm(nn::LayerNormOptions({10}))(xgrad::zeros({4, 5})),
                       "LayerNorm(normalized_shape=[10]): expected input with trailing dims [10], got [4, 5]", Error);

  nn::Embedding emb(10, 3);
  CHECK_THROWS_WITH_AS(emb(xgrad::zeros({2})),
                       "Embedding(num_embeddings=10, embedding_dim=3): expected indices of dtype Long, got Float",
                       Error);
  CHECK_THROWS_WITH_AS(emb(xgrad::tensor({1, 12})),
                       "Embedding(num_embeddings=10, embedding_dim=3): index 12 out of range for 10 embeddings", Error);
  CHECK_THROWS_WITH_AS(emb(xgrad::tensor({-1})),
                       "Embedding(num_embeddings=10, embedding_dim=3): index -1 out of range for 10 embeddings", Error);
  CHECK_THROWS_WITH_AS(nn::Embedding(nn::EmbeddingOptions(10, 3).padding_idx(10)),
                       "Embedding(num_embeddings=10, embedding_dim=3): padding_idx 10 must be within num_embeddings",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Embedding(-1, 3),
                       "Embedding(num_embeddings=-1, embedding_dim=3): sizes must be non-negative", Error);
  CHECK_THROWS_WITH_AS(nn::Embedding(nn::EmbeddingOptions(3, 2)._weight(xgrad::zeros({2, 2}))),
                       "Embedding(num_embeddings=3, embedding_dim=2): _weight has shape [2, 2], expected [3, 2]",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Embedding::from_pretrained(xgrad::zeros({3})),
                       "Embedding::from_pretrained: expected embeddings of 2 dims [num_embeddings, embedding_dim], got "
                       "[3]",
                       Error);

  CHECK_THROWS_WITH_AS(nn::Unflatten(1, std::vector<int64_t>{2, 3})(xgrad::zeros({4, 5})),
                       "Unflatten(dim=1, unflattened_size={2, 3}): unflattened_size does not multiply to the size 5 of "
                       "dim 1 of input [4, 5]",
                       Error);
  CHECK_THROWS_WITH_AS(nn::Unflatten(2, std::vector<int64_t>{2, 3})(xgrad::zeros({4, 6})),
                       "Unflatten(dim=2, unflattened_size={2, 3}): dim 2 out of range for input [4, 6]", Error);

  CHECK_THROWS_WITH_AS(nn::Unflatten(1, std::vector<int64_t>{2, -2})(xgrad::zeros({4, 4})),
                       "Unflatten(dim=1, unflattened_size={2, -2}): sizes must be non-negative or -1", Error);
  CHECK_THROWS_WITH_AS(nn::Unflatten(1, std::vector<int64_t>{-1, -1})(xgrad::zeros({4, 4})),
                       "Unflatten(dim=1, unflattened_size={-1, -1}): unflattened_size does not multiply to the size 4 "
                       "of dim 1 of input [4, 4]",
                       Error);

  nn::CrossEntropyLoss ce;
  const Tensor logits = xgrad::zeros({4, 10});
  CHECK_THROWS_WITH_AS(ce(logits, xgrad::tensor({1, 2, 12, 3})),
                       "CrossEntropyLoss: target 12 out of range for 10 classes", Error);
  CHECK_THROWS_WITH_AS(ce(logits, xgrad::tensor({1, 2, -1, 3})),
                       "CrossEntropyLoss: target -1 out of range for 10 classes", Error);
  CHECK_THROWS_WITH_AS(
      ce(logits, xgrad::zeros({4}, xgrad::kByte)),
      "CrossEntropyLoss: expected target of dtype Long (class indices) or Float/Double with the input's "
      "shape (class probabilities), got Byte",
      Error);
  CHECK_THROWS_WITH_AS(ce(logits, xgrad::zeros({4})),
                       "CrossEntropyLoss: expected class probabilities of the input's shape [4, 10], got target [4]",
                       Error);
  CHECK_THROWS_WITH_AS(ce(logits, xgrad::tensor({1, 2, 3})),
                       "CrossEntropyLoss: expected target of shape [4] (class indices) for input [4, 10], got [3]",
                       Error);
  CHECK_THROWS_WITH_AS(ce(xgrad::zeros({}), xgrad::tensor({1})),
                       "CrossEntropyLoss: expected input [N, C], [C] or [N, C, d1, ...] of scores, got []", Error);
  nn::CrossEntropyLoss weighted(nn::CrossEntropyLossOptions().weight(xgrad::ones({5})));
  CHECK_THROWS_WITH_AS(weighted(logits, xgrad::tensor({1, 2, 3, 4})),
                       "CrossEntropyLoss: weight has shape [5], expected [10] (one per class)", Error);
  // An ignored target may be out of range.
  CHECK_NOTHROW(
      nn::CrossEntropyLoss(nn::CrossEntropyLossOptions().ignore_index(-1))(logits, xgrad::tensor({1, -1, 2, 3})));

  nn::NLLLoss nll;
  CHECK_THROWS_WITH_AS(nll(xgrad::zeros({10}), xgrad::tensor(1)),
                       "NLLLoss: expected input [N, C] or [N, C, d1, ...] of log-probabilities, got [10]", Error);
  CHECK_THROWS_WITH_AS(nll(logits, xgrad::zeros({4})),
                       "NLLLoss: expected target of dtype Long (class indices), got Float", Error);
  CHECK_THROWS_WITH_AS(nll(logits, xgrad::tensor({0, 10, 0, 0})), "NLLLoss: target 10 out of range for 10 classes",
                       Error);
  CHECK_THROWS_WITH_AS(nn::BCEWithLogitsLoss()(xgrad::zeros({3}), xgrad::zeros({3, 1})),
                       "BCEWithLogitsLoss: target size [3, 1] must be the same as input size [3]", Error);
  CHECK_THROWS_WITH_AS(nn::BCELoss()(xgrad::zeros({3}), xgrad::zeros({3, 1})),
                       "binary_cross_entropy: target size [3, 1] must be the same as input size [3]", Error);
}
