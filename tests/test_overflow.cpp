// Checked shape arithmetic (xgrad/internal/size_math.h): a shape, stride or op argument whose
// arithmetic would overflow int64 is an xgrad::Error naming the op and the sizes, never undefined
// behaviour, a wrong small allocation, std::bad_alloc or an abort. So are negative sizes and dims
// out of range. Tensors too large to exist are made with expand (a view of one element), so no
// test allocates more than a few bytes.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "test_helpers.h"

// Under AddressSanitizer (XGRAD_SANITIZE) an allocation beyond what it supports aborts unless the
// allocator may return null, which is what the out-of-memory tests check xgrad turns into an Error.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }

using doctest::Contains;
using test_helpers::S;
using test_helpers::values;
using xgrad::Tensor;

namespace {
constexpr int64_t k2p31 = int64_t{1} << 31;  // 2147483648
constexpr int64_t k2p40 = int64_t{1} << 40;  // 1099511627776
constexpr int64_t k2p61 = int64_t{1} << 61;  // 2305843009213693952
constexpr int64_t k2p62 = int64_t{1} << 62;  // 4611686018427387904
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

/// A tensor of `sizes` that holds one element (every stride 0). Its bytes must still fit int64.
Tensor huge(const S& sizes, xgrad::ScalarType dtype = xgrad::kFloat) {
  return xgrad::zeros(std::vector<int64_t>(sizes.size(), 1), dtype).expand(sizes);
}
}  // namespace

TEST_CASE("view and reshape to a shape whose element count overflows") {
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).view({k2p40, k2p40}),
                       "view: shape [1099511627776, 1099511627776] is too large (its number of elements overflows "
                       "int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({4}).reshape({k2p40, k2p40, 4}),
                       "reshape: shape [1099511627776, 1099511627776, 4] is too large (its number of elements "
                       "overflows int64)",
                       xgrad::Error);
  // With the inferred dim: the given sizes alone overflow.
  CHECK_THROWS_WITH_AS(xgrad::zeros({4}).view({-1, k2p40, k2p40}),
                       "view: shape [-1, 1099511627776, 1099511627776] is too large (its number of elements overflows "
                       "int64)",
                       xgrad::Error);
  // An empty shape whose contiguous strides would overflow.
  CHECK_THROWS_WITH_AS(xgrad::zeros({0}).view({0, k2p40, k2p40}),
                       "view: shape [0, 1099511627776, 1099511627776] is too large (the product of its non-zero sizes "
                       "overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({0}).view({-1, 0}),
                       "view: cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension "
                       "size -1 can be any value and is ambiguous",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({6}).view({-1, -1}), Contains("view: only one dimension can be inferred"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({6}).reshape({kMin, -1}), Contains("reshape: invalid shape dimension"),
                       xgrad::Error);
  // A huge view that does fit is fine: it allocates nothing.
  CHECK(huge({k2p40, 1}).view({k2p40}).sizes().vec() == S{k2p40});
  CHECK(huge({k2p40, k2p61 / k2p40}, xgrad::kByte).reshape({-1}).sizes().vec() == S{k2p61});
  // An empty shape's strides must fit in bytes too (a view's byte strides and offsets are int64).
  CHECK_THROWS_WITH_AS(xgrad::zeros({0}).view({0, k2p62}),
                       "view: a tensor of shape [0, 4611686018427387904] and dtype Float is too large (its strides in "
                       "bytes overflow int64)",
                       xgrad::Error);
  CHECK(xgrad::zeros({0}, xgrad::kByte).view({0, k2p62}).strides().vec() == S{k2p62, 1});
}

TEST_CASE("expand to a shape whose element count overflows") {
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).expand({k2p40, k2p40}),
                       "expand: shape [1099511627776, 1099511627776] is too large (its number of elements overflows "
                       "int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).expand({kMax, 2}), Contains("expand: shape [9223372036854775807, 2] is too large"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).expand({-2}), Contains("expand: invalid size -2 at dimension 0"), xgrad::Error);
  // A view too is at most 2^63 bytes, so its numel times its element size (nbytes) fits.
  CHECK_THROWS_WITH_AS(xgrad::zeros({1}).expand({k2p62}),
                       "expand: a tensor of shape [4611686018427387904] and dtype Float is too large "
                       "(4611686018427387904 elements of 4 bytes overflow int64)",
                       xgrad::Error);
  Tensor e = xgrad::zeros({1}, xgrad::kByte).expand({k2p62});
  CHECK(e.numel() == k2p62);
  CHECK(e.nbytes() == static_cast<size_t>(k2p62));
  CHECK(e.strides().vec() == S{0});
}

TEST_CASE("factories reject negative sizes, overflowing shapes and byte counts") {
  CHECK_THROWS_WITH_AS(xgrad::zeros({k2p62, 4}),
                       "zeros: shape [4611686018427387904, 4] is too large (its number of elements overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::empty({k2p62, 4}), Contains("empty: shape [4611686018427387904, 4] is too large"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::ones({k2p62, 4}), Contains("ones: shape"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::full({k2p62, 4}, 1.5), Contains("full: shape"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::rand({k2p62, 4}), Contains("rand: shape"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::randn({k2p62, 4}), Contains("randn: shape"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::randint(3, {k2p62, 4}), Contains("randint: shape"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::eye(int64_t{1} << 32, int64_t{1} << 32),
                       "eye: shape [4294967296, 4294967296] is too large (its number of elements overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({0, k2p62, 4}),
                       "zeros: shape [0, 4611686018427387904, 4] is too large (the product of its non-zero sizes "
                       "overflows int64)",
                       xgrad::Error);
  // The element count fits, its bytes do not.
  CHECK_THROWS_WITH_AS(xgrad::zeros({k2p61}),
                       "zeros: a tensor of shape [2305843009213693952] and dtype Float is too large "
                       "(2305843009213693952 elements of 4 bytes overflow int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::linspace(0, 1, k2p62), Contains("linspace: a tensor of shape [4611686018427387904]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::randperm(k2p62), Contains("randperm: a tensor of shape [4611686018427387904]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, -1}), "zeros: trying to create tensor with negative dimension -1: [2, -1]",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::eye(-3), "eye: trying to create tensor with negative dimension -3: [-3, -3]",
                       xgrad::Error);
  // The _like factories take the sizes of an expanded tensor.
  CHECK_THROWS_WITH_AS(xgrad::zeros_like(huge({k2p61}, xgrad::kByte), xgrad::kFloat),
                       Contains("zeros: a tensor of shape [2305843009213693952] and dtype Float is too large"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::rand_like(huge({k2p61}, xgrad::kByte), xgrad::kFloat),
                       Contains("rand: a tensor of shape [2305843009213693952] and dtype Float is too large"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({0, k2p62}),
                       "zeros: a tensor of shape [0, 4611686018427387904] and dtype Float is too large (its strides in "
                       "bytes overflow int64)",
                       xgrad::Error);
}

TEST_CASE("an allocation larger than memory is an Error, not std::bad_alloc") {
  // 4 PiB: more than any address space gives.
  CHECK_THROWS_WITH_AS(xgrad::zeros({int64_t{1} << 50}),
                       "zeros: out of memory allocating 4503599627370496 bytes for a tensor of shape [1125899906842624] "
                       "and dtype Float",
                       xgrad::Error);
  // A copy of an expanded tensor allocates its full size.
  CHECK_THROWS_WITH_AS(huge({k2p40, 1 << 10}).contiguous(), Contains("out of memory allocating"), xgrad::Error);
}

TEST_CASE("integer arange counts exactly near the int64 limits") {
  CHECK(values(xgrad::arange(kMin, kMax, k2p62)) ==
        test_helpers::V{static_cast<double>(kMin), static_cast<double>(-k2p62), 0.0, static_cast<double>(k2p62)});
  Tensor a = xgrad::arange(kMin, kMax, k2p62);
  CHECK(a.data_ptr<int64_t>()[0] == kMin);
  CHECK(a.data_ptr<int64_t>()[3] == k2p62);
  CHECK(xgrad::arange(kMax, kMin, kMin).numel() == 2);
  CHECK_THROWS_WITH_AS(xgrad::arange(kMin, kMax, 1), Contains("arange: invalid size, possible overflow?"),
                       xgrad::Error);
}

TEST_CASE("from_blob with an overflowing shape or extent") {
  float data[4] = {1, 2, 3, 4};
  CHECK_THROWS_WITH_AS(xgrad::from_blob(data, {k2p62, 4}),
                       "from_blob: shape [4611686018427387904, 4] is too large (its number of elements overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::from_blob(data, {2, 2}, {k2p62, 1}),
                       "from_blob: a tensor of shape [2, 2] with strides [4611686018427387904, 1] and storage offset 0 "
                       "reaches past the memory int64 byte offsets can address",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::from_blob(data, {3}, {kMax / 2}), Contains("reaches past the memory"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::from_blob(data, {-1}), "from_blob: trying to create tensor with negative dimension -1: [-1]",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::from_blob(data, {2}, {-1}), Contains("from_blob: negative strides are not supported"),
                       xgrad::Error);
  // A size-1 dim's stride addresses nothing, so any value is fine, and the views made from it do not overflow.
  Tensor b = xgrad::from_blob(data, {1, 2}, {kMax, 2});
  CHECK(b.storage_offset() == 0);
  CHECK(values(b.unsqueeze(0).view({2})) == test_helpers::V{1, 3});
  CHECK(values(b.unsqueeze(1) + 1) == test_helpers::V{2, 4});
  // An empty tensor's extent counts too: its views may select along the other dims.
  CHECK_THROWS_WITH_AS(xgrad::from_blob(data, {0, 3}, {1, kMax / 2}), Contains("reaches past the memory"),
                       xgrad::Error);
  // An empty slice at the end of a large extent keeps its offset (2 * 2^60 floats would not fit in bytes).
  const int64_t k2p60 = int64_t{1} << 60;
  Tensor wide = xgrad::from_blob(data, {2}, {k2p60});
  CHECK(wide.slice(0, 2, 2).storage_offset() == 0);
  CHECK(wide.slice(0, 1, 2).storage_offset() == k2p60);
}

TEST_CASE("cat and stack whose summed sizes overflow") {
  Tensor a = huge({k2p62}, xgrad::kByte);
  CHECK_THROWS_WITH_AS(xgrad::cat({a, a}),
                       "cat: the sizes along dimension 0 overflow int64: 4611686018427387904 so far, plus "
                       "4611686018427387904 of tensor number 1 (shape [4611686018427387904])",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cat({huge({k2p31, k2p31}, xgrad::kByte), huge({k2p31, k2p31}, xgrad::kByte)}, 1),
                       "cat: shape [2147483648, 4294967296] is too large (its number of elements overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::stack({a, a}),
                       "stack: shape [2, 4611686018427387904] is too large (its number of elements overflows int64)",
                       xgrad::Error);
  const int64_t k2p59 = int64_t{1} << 59;
  CHECK_THROWS_WITH_AS(xgrad::stack({huge({k2p59}, xgrad::kLong), huge({k2p59}, xgrad::kLong)}),
                       "stack: a tensor of shape [2, 576460752303423488] and dtype Long is too large "
                       "(1152921504606846976 elements of 8 bytes overflow int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cat({a, a}, 1), Contains("cat: dimension out of range (expected to be in range of [-1, 0], but got 1)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::stack({a, a}, kMin), Contains("stack: dimension out of range"), xgrad::Error);
}

TEST_CASE("narrow, select, slice, permute and transpose with extreme arguments") {
  Tensor t = xgrad::arange(6.0).view({2, 3});
  CHECK_THROWS_WITH_AS(t.narrow(1, 1, kMax),
                       "narrow: start (1) + length (9223372036854775807) exceeds dimension size (3) of dimension 1 of a "
                       "tensor of shape [2, 3].",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t.narrow(1, kMin, 1),
                       "narrow: start out of range (expected to be in range of [-3, 3], but got -9223372036854775808)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t.narrow(1, 0, -1), Contains("narrow: start (0) + length (-1) exceeds"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.narrow(kMax, 0, 1),
                       "narrow: dimension out of range (expected to be in range of [-2, 1], but got 9223372036854775807)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t.select(1, kMin),
                       "select: index -9223372036854775808 out of range for tensor of size [2, 3] at dimension 1 (of "
                       "size 3)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t.select(kMin, 0), Contains("select: dimension out of range"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.permute({0, kMax}), Contains("permute: dimension out of range"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.permute({1, 1}), Contains("permute: repeated dim 1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.permute({0}), Contains("permute: number of dims don't match"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.transpose(0, 2),
                       "transpose: dimension out of range (expected to be in range of [-2, 1], but got 2)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(t.unsqueeze(3), Contains("unsqueeze: dimension out of range"), xgrad::Error);
  CHECK_THROWS_WITH_AS(t.flatten(0, 5), Contains("flatten: dimension out of range"), xgrad::Error);
  // A huge step or bound leaves one element (e - s + step - 1 and stride * step would overflow).
  CHECK(values(t.slice(1, 0, 3, kMax)) == test_helpers::V{0, 3});
  CHECK(values(t.slice(1, 1, kMax, k2p62)) == test_helpers::V{1, 4});
  CHECK(values(t.slice(1, kMin, kMax, 2)) == test_helpers::V{0, 2, 3, 5});
  CHECK(t.slice(1, kMax, kMin).numel() == 0);
}

TEST_CASE("index_select, embedding and matmul whose output would overflow") {
  Tensor idx = xgrad::zeros({4}, xgrad::kLong);
  CHECK_THROWS_WITH_AS(xgrad::index_select(huge({k2p62, 1}, xgrad::kByte), 1, idx),
                       "index_select: shape [4611686018427387904, 4] is too large (its number of elements overflows "
                       "int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::embedding(huge({1, k2p40}), xgrad::zeros({1}, xgrad::kLong).expand({k2p40})),
                       "embedding: shape [1099511627776, 1099511627776] is too large (its number of elements overflows "
                       "int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::mm(huge({k2p40, 1}), huge({1, k2p40})),
                       "mm: shape [1099511627776, 1099511627776] is too large (its number of elements overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::matmul(huge({k2p40, 1, 1, 1}), huge({1, k2p40, 1, 1})),
                       Contains("matmul (batch dimensions of [1099511627776, 1, 1, 1] and [1, 1099511627776, 1, 1]): "
                                "shape [1099511627776, 1099511627776] is too large"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(huge({k2p40, 1}) + huge({1, k2p40}),
                       "add: shape [1099511627776, 1099511627776] is too large (its number of elements overflows int64)",
                       xgrad::Error);
}

TEST_CASE("conv2d with huge padding, dilation, stride, kernel or groups") {
  Tensor x = xgrad::ones({1, 1, 4, 4}), w = xgrad::ones({1, 1, 3, 3});
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, k2p62),
                       "conv2d: the output size overflows int64: input of size [1, 1, 4, 4], weight of size [1, 1, "
                       "3, 3], stride 1x1, padding 4611686018427387904x4611686018427387904, dilation 1x1",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, 0, k2p62), Contains("conv2d: the output size overflows int64"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, 0, kMax), Contains("conv2d: the output size overflows int64"),
                       xgrad::Error);
  // An output too large to count, and one too large for BLAS.
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, k2p40),
                       "conv2d: shape [1, 1, 2199023255554, 2199023255554] is too large (its number of elements "
                       "overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, S{k2p31, 0}), Contains("conv2d: sizes too large for BLAS"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, 1, -1), Contains("conv2d: negative padding is not supported, got "
                                                                "padding=[-1]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, w, {}, kMin), Contains("conv2d: non-positive stride is not supported, got "
                                                               "stride=[-9223372036854775808]"), xgrad::Error);
  // A huge stride leaves one window.
  CHECK(values(xgrad::conv2d(x, w, {}, kMax)) == test_helpers::V{9});
  // A huge (expanded) kernel.
  CHECK_THROWS_WITH_AS(xgrad::conv2d(x, huge({1, 1, int64_t{1} << 30, int64_t{1} << 30})),
                       Contains("conv2d: Calculated padded input size per channel: (4 x 4). Kernel size: (1073741824 "
                                "x 1073741824). Kernel size can't be greater than actual input size"),
                       xgrad::Error);
  namespace F = xgrad::nn::functional;
  CHECK_THROWS_WITH_AS(F::conv2d(x, w, F::Conv2dFuncOptions().padding(xgrad::kSame).dilation(k2p62)),
                       Contains("conv2d: padding='same' for dilation [4611686018427387904, 4611686018427387904] and "
                                "weight of size [1, 1, 3, 3] overflows int64"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, w, {}, k2p62), Contains("conv_transpose2d: the output size overflows int64"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::conv_transpose2d(x, w, {}, 1, 0, 0, 1, k2p62),
                       Contains("conv_transpose2d: the output size overflows int64"), xgrad::Error);
}

TEST_CASE("max_pool2d, avg_pool2d and adaptive_avg_pool2d with huge arguments") {
  Tensor x = xgrad::arange(16.0).view({1, 1, 4, 4});
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, kMax, 1, k2p62 - 1),
                       "max_pool2d: the output size overflows int64: input [1, 1, 4, 4] with kernel_size "
                       "[9223372036854775807, 9223372036854775807], stride [1, 1], padding [4611686018427387903, "
                       "4611686018427387903], dilation [1, 1]",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 3, 1, 1, k2p62), Contains("max_pool2d: the output size overflows int64"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 2, 1, k2p62), Contains("max_pool2d: pad should be at most half of kernel "
                                                                   "size, but got pad=4611686018427387904 and "
                                                                   "kernel_size=2"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::max_pool2d(x, 2, 1, 0, kMin), Contains("max_pool2d: dilation should be greater than zero"),
                       xgrad::Error);
  // A huge kernel over as much padding pools everything into one window; so does a huge stride.
  CHECK(values(xgrad::max_pool2d(x, k2p62, {}, k2p61)) == test_helpers::V{15});
  CHECK(values(xgrad::max_pool2d(x, 2, kMax, 0, 1, /*ceil_mode=*/true)) == test_helpers::V{5});
  // A huge kernel with ceil_mode: two windows, each visiting only its taps inside the input.
  CHECK(values(xgrad::max_pool2d(x, {1, int64_t{1} << 40}, {1, int64_t{1} << 39}, {0, int64_t{1} << 39}, 1, true)) ==
        test_helpers::V{3, 3, 7, 7, 11, 11, 15, 15});
  // avg_pool2d's divisor counts a padded window of 2^62 x 2^62 positions without overflow.
  CHECK(values(xgrad::avg_pool2d(x, k2p62, {}, k2p61, false, /*count_include_pad=*/false)) ==
        test_helpers::V{7.5});
  const double tiny = values(xgrad::avg_pool2d(x, k2p62, {}, k2p61))[0];
  CHECK(tiny > 0.0);
  CHECK(tiny < 1e-30);
  CHECK_THROWS_WITH_AS(xgrad::adaptive_avg_pool2d(x, {k2p62, 4}),
                       "adaptive_avg_pool2d: shape [1, 1, 4611686018427387904, 4] is too large (its number of elements "
                       "overflows int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::adaptive_avg_pool2d(huge({1, 1, k2p40, 1}), {k2p40, 1}),
                       "adaptive_avg_pool2d: output_size [1099511627776, 1] is too large for input [1, 1, "
                       "1099511627776, 1] (its window bounds overflow int64)",
                       xgrad::Error);
}

TEST_CASE("nn layers with shapes that overflow") {
  CHECK_THROWS_WITH_AS(xgrad::nn::Linear(k2p40, k2p40),
                       "Linear: shape [1099511627776, 1099511627776] is too large (its number of elements overflows "
                       "int64)",
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nn::Conv2d(xgrad::nn::Conv2dOptions(1, 1, k2p40)),
                       Contains("Conv2d(in_channels=1, out_channels=1, kernel_size=[1099511627776, 1099511627776]): "
                                "shape [1, 1, 1099511627776, 1099511627776] is too large"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::nn::Embedding(k2p40, k2p40), Contains("shape [1099511627776, 1099511627776] is too large"),
                       xgrad::Error);
  xgrad::nn::Unflatten unflatten(1, std::vector<int64_t>{k2p40, k2p40});
  CHECK_THROWS_WITH_AS(unflatten->forward(xgrad::zeros({2, 4})),
                       Contains("unflattened_size [1099511627776, 1099511627776] is too large (its product overflows "
                                "int64)"),
                       xgrad::Error);
  xgrad::nn::MaxPool2d pool(xgrad::nn::MaxPool2dOptions(3).padding(1).dilation(k2p62));
  CHECK_THROWS_WITH_AS(pool->forward(xgrad::zeros({1, 1, 4, 4})), Contains("the output size overflows int64"),
                       xgrad::Error);
}
