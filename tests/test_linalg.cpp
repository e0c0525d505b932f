// Matrix products (ops/linalg.cpp): mm, addmm, bmm, matmul over every rank combination, strided and
// broadcast operands against a plain-loop reference, dtypes, errors, node names and gradients.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;

namespace {

/// NumPy's matmul by plain loops: returns the result's sizes and values.
std::pair<S, V> ref_matmul(const Tensor& a, const Tensor& b) {
  S as = a.sizes().vec(), bs = b.sizes().vec();
  const bool a_vec = as.size() == 1, b_vec = bs.size() == 1;
  if (a_vec) as.insert(as.begin(), 1);
  if (b_vec) bs.push_back(1);
  const int64_t n = as[as.size() - 2], k = as.back(), m = bs.back();
  const S ab(as.begin(), as.end() - 2), bb(bs.begin(), bs.end() - 2);
  const size_t nb = std::max(ab.size(), bb.size());
  S batch(nb);
  for (size_t i = 0; i < nb; ++i) {
    const int64_t x = i < nb - ab.size() ? 1 : ab[i - (nb - ab.size())];
    const int64_t y = i < nb - bb.size() ? 1 : bb[i - (nb - bb.size())];
    batch[i] = std::max(x, y);
  }
  const V A = values(a), B = values(b);
  V out;
  // Walk the broadcast batch index; an operand's own index is 0 along its size-1 dims.
  const auto offset = [&](const S& own, int64_t flat) {
    int64_t off = 0, stride = 1;
    for (size_t i = nb; i-- > 0;) {
      const int64_t idx = flat % batch[i];
      flat /= batch[i];
      if (i >= nb - own.size()) {
        const int64_t size = own[i - (nb - own.size())];
        off += (size == 1 ? 0 : idx) * stride;
        stride *= size;
      }
    }
    return off;
  };
  for (int64_t f = 0; f < numel(batch); ++f) {
    const int64_t oa = offset(ab, f) * n * k, ob = offset(bb, f) * k * m;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < m; ++j) {
        double s = 0;
        for (int64_t p = 0; p < k; ++p) s += A[oa + i * k + p] * B[ob + p * m + j];
        out.push_back(s);
      }
  }
  S sizes = batch;
  if (!a_vec) sizes.push_back(n);
  if (!b_vec) sizes.push_back(m);
  return {sizes, out};
}

/// The same logical tensor of `sizes` in several memory layouts: contiguous, with its last two
/// dims transposed in memory, and a slice of a wider tensor (rows of stride > cols).
std::vector<Tensor> layouts(const S& sizes) {
  std::vector<Tensor> out;
  Tensor base = xgrad::randn(sizes, xgrad::kDouble);
  out.push_back(base);
  const size_t d = sizes.size();
  if (d >= 2) {
    out.push_back(base.transpose(-1, -2).contiguous().transpose(-1, -2));
    S wide = sizes;
    wide.back() += 3;
    Tensor w = xgrad::zeros(wide, xgrad::kDouble);
    w.narrow(-1, 1, sizes.back()).copy_(base);
    out.push_back(w.narrow(-1, 1, sizes.back()));
  } else {
    Tensor w = xgrad::zeros({sizes[0] * 2}, xgrad::kDouble);
    w.slice(0, 0, sizes[0] * 2, 2).copy_(base);
    out.push_back(w.slice(0, 0, sizes[0] * 2, 2));
  }
  return out;
}

void check_against_reference(const Tensor& a, const Tensor& b) {
  const auto [sizes, expected] = ref_matmul(a, b);
  Tensor got = xgrad::matmul(a, b);
  const std::string sa = shape_str(a.sizes()), sb = shape_str(b.sizes());
  CAPTURE(sa);
  CAPTURE(sb);
  CHECK(got.sizes().vec() == sizes);
  CHECK(close(values(got), expected, 1e-10, 1e-10));
}

}  // namespace

// ---- mm ----

TEST_CASE("mm: values, strided operands, empty and large") {
  Tensor a = xgrad::tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  Tensor b = xgrad::tensor({{7.0, 8.0}, {9.0, 10.0}, {11.0, 12.0}});
  Tensor c = a.mm(b);
  CHECK(c.sizes().vec() == S{2, 2});
  CHECK(values(c) == V{58, 64, 139, 154});
  CHECK(dtype_of(c) == "Float");
  CHECK(values(xgrad::mm(b.t(), a.t())) == V{58, 139, 64, 154});  // transposed views, read in place
  CHECK(values(a.t().mm(a)) == V{17, 22, 27, 22, 29, 36, 27, 36, 45});
  for (const Tensor& x : layouts({4, 5}))
    for (const Tensor& y : layouts({5, 3})) check_against_reference(x, y);
  // A layout BLAS cannot read (both strides > 1) is copied first.
  Tensor odd = xgrad::randn({6, 10}, xgrad::kDouble).slice(0, 0, 6, 2).slice(1, 0, 10, 2);  // [3, 5]
  check_against_reference(odd, layouts({5, 2})[0]);
  check_against_reference(layouts({2, 3})[0], odd.t().slice(0, 0, 3));
  // An expanded (stride 0) operand.
  check_against_reference(xgrad::randn({1, 4}, xgrad::kDouble).expand({3, 4}), xgrad::randn({4, 2}, xgrad::kDouble));
  // Empty.
  CHECK(values(xgrad::zeros({2, 0}).mm(xgrad::zeros({0, 3}))) == V{0, 0, 0, 0, 0, 0});
  CHECK(xgrad::zeros({0, 3}).mm(xgrad::zeros({3, 2})).sizes().vec() == S{0, 2});
  CHECK(xgrad::zeros({2, 3}).mm(xgrad::zeros({3, 0})).sizes().vec() == S{2, 0});
  // Large float: within float rounding of the double reference.
  Tensor x = xgrad::randn({70, 130}), y = xgrad::randn({130, 90});
  CHECK(close(values(x.mm(y)), values(x.to(xgrad::kDouble).mm(y.to(xgrad::kDouble))), 1e-4, 1e-4));
}

TEST_CASE("mm: integer dtypes") {
  Tensor a = xgrad::tensor({{1, 2}, {3, 4}});
  Tensor b = xgrad::tensor({{5, 6}, {7, 8}});
  CHECK(dtype_of(a.mm(b)) == "Long");
  CHECK(values(a.mm(b)) == V{19, 22, 43, 50});
  CHECK(values(a.t().mm(b)) == V{26, 30, 38, 44});
  Tensor u = a.to(xgrad::kByte), v = b.to(xgrad::kByte);
  CHECK(dtype_of(u.mm(v)) == "Byte");
  CHECK(values(u.mm(v)) == V{19, 22, 43, 50});
  CHECK(values(xgrad::matmul(xgrad::tensor({1, 2, 3}), xgrad::tensor({4, 5, 6}))) == V{32});
  CHECK(values(xgrad::matmul(a, xgrad::tensor({1, -1}))) == V{-1, -1});
  CHECK(values(xgrad::matmul(xgrad::tensor({{{1, 0}, {0, 1}}}), b)) == V{5, 6, 7, 8});
}

TEST_CASE("mm: errors") {
  Tensor a = xgrad::zeros({2, 3}), b = xgrad::zeros({4, 5});
  CHECK_THROWS_WITH_AS(a.mm(b), doctest::Contains("mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({3}).mm(a), doctest::Contains("mm: self must be a matrix (2-D), got shape [3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.mm(xgrad::zeros({3, 2, 1})),
                       doctest::Contains("mm: mat2 must be a matrix (2-D), got shape [3, 2, 1]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.mm(xgrad::zeros({3, 2}, xgrad::kDouble)),
                       doctest::Contains("mm: expected mat1 and mat2 to have the same dtype, but got: Float != Double"),
                       xgrad::Error);
  Tensor t = xgrad::tensor({{true, false}});
  CHECK_THROWS_WITH_AS(t.mm(t.t()), doctest::Contains("mm: not supported for Bool tensors"), xgrad::Error);
}

// ---- addmm ----

TEST_CASE("addmm: values, broadcast self, beta and alpha, layouts, integers, empty") {
  Tensor a = xgrad::tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  Tensor b = xgrad::tensor({{7.0, 8.0}, {9.0, 10.0}, {11.0, 12.0}});  // a . b = [[58, 64], [139, 154]]
  Tensor s = xgrad::tensor({1.0, -1.0});
  Tensor c = xgrad::addmm(s, a, b);
  CHECK(c.sizes().vec() == S{2, 2});
  CHECK(dtype_of(c) == "Float");
  CHECK(values(c) == V{59, 63, 140, 153});
  CHECK(values(xgrad::addmm(s, a, b, 2, 0.5)) == V{31, 30, 71.5, 75});
  CHECK(values(s.addmm(a, b, 2, 0.5)) == V{31, 30, 71.5, 75});
  // self of any shape that broadcasts to [n, m]: a column, a scalar, the full matrix.
  CHECK(values(xgrad::addmm(xgrad::tensor({{10.0}, {20.0}}), a, b)) == V{68, 74, 159, 174});
  CHECK(values(xgrad::addmm(xgrad::tensor(100.0), a, b)) == V{158, 164, 239, 254});
  CHECK(values(xgrad::addmm(xgrad::ones({2, 2}), a, b, -1)) == V{57, 63, 138, 153});
  // beta = 0 ignores self, NaN included (as PyTorch).
  CHECK(values(xgrad::addmm(xgrad::full({2, 2}, NAN), a, b, 0)) == V{58, 64, 139, 154});
  // Transposed views, slices and expanded operands are read in place: against mm + add.
  for (const Tensor& x : layouts({4, 5}))
    for (const Tensor& y : layouts({5, 3})) {
      const Tensor bias = xgrad::randn({3}, xgrad::kDouble);
      CHECK(close(values(xgrad::addmm(bias, x, y, 0.5, -2)), values(bias * 0.5 + x.mm(y) * -2), 1e-12, 1e-12));
    }
  // Large float: within float rounding of the double reference.
  Tensor x = xgrad::randn({70, 130}), y = xgrad::randn({130, 90}), bias = xgrad::randn({90});
  CHECK(close(values(xgrad::addmm(bias, x, y)),
              values(xgrad::addmm(bias.to(xgrad::kDouble), x.to(xgrad::kDouble), y.to(xgrad::kDouble))), 1e-4, 1e-4));
  // Integers: beta and alpha are truncated to the dtype first (PyTorch 1.13.1 gives 11, 3 and 1).
  Tensor ones = xgrad::ones({2, 2}, xgrad::kLong), m1 = xgrad::ones({2, 3}, xgrad::kLong),
         m2 = xgrad::ones({3, 2}, xgrad::kLong);
  CHECK(dtype_of(xgrad::addmm(ones, m1, m2)) == "Long");
  CHECK(values(xgrad::addmm(ones, m1, m2, 2, 3)) == V{11, 11, 11, 11});
  CHECK(values(xgrad::addmm(ones, m1, m2, 0.5)) == V{3, 3, 3, 3});
  CHECK(values(xgrad::addmm(ones, m1, m2, 1, 0.5)) == V{1, 1, 1, 1});
  CHECK(values(xgrad::addmm(xgrad::tensor({1, 2}).to(xgrad::kByte), m1.to(xgrad::kByte), m2.to(xgrad::kByte))) ==
        V{4, 5, 4, 5});
  // Empty: k = 0 leaves beta self; no rows or columns give an empty result.
  CHECK(values(xgrad::addmm(s, xgrad::zeros({2, 0}), xgrad::zeros({0, 2}), 3)) == V{3, -3, 3, -3});
  CHECK(values(xgrad::addmm(xgrad::full({2}, NAN), xgrad::zeros({2, 0}), xgrad::zeros({0, 2}), 0)) == V{0, 0, 0, 0});
  CHECK(values(xgrad::addmm(ones, m1.narrow(1, 0, 0), m2.narrow(0, 0, 0), 2)) == V{2, 2, 2, 2});
  CHECK(xgrad::addmm(xgrad::zeros({3}), xgrad::zeros({0, 2}), xgrad::zeros({2, 3})).sizes().vec() == S{0, 3});
  CHECK(xgrad::addmm(xgrad::zeros({1}), xgrad::zeros({2, 2}), xgrad::zeros({2, 0})).sizes().vec() == S{2, 0});
}

TEST_CASE("addmm: errors name the op and the shapes") {
  Tensor s = xgrad::zeros({4}), a = xgrad::zeros({2, 3}), b = xgrad::zeros({3, 4});
  const auto throws = [](auto f, const char* text) {
    CHECK_THROWS_WITH_AS(f(), doctest::Contains(text), xgrad::Error);
  };
  throws([&] { return xgrad::addmm(s, xgrad::zeros({3}), b); },
         "addmm: mat1 must be a matrix, got 1-D tensor (shape [3])");
  throws([&] { return xgrad::addmm(s, a, xgrad::zeros({1, 3, 4})); },
         "addmm: mat2 must be a matrix, got 3-D tensor (shape [1, 3, 4])");
  throws([&] { return xgrad::addmm(s, a, xgrad::zeros({5, 4})); },
         "addmm: mat1 and mat2 shapes cannot be multiplied (2x3 and 5x4)");
  throws([&] { return xgrad::addmm(xgrad::zeros({5}), a, b); },
         "addmm: self of shape [5] cannot be broadcast to the shape of mat1 @ mat2, [2, 4] (mat1 [2, 3], mat2 [3, 4])");
  throws([&] { return xgrad::addmm(xgrad::zeros({3, 4}), a, b); }, "addmm: self of shape [3, 4] cannot be broadcast");
  throws([&] { return xgrad::addmm(xgrad::zeros({1, 2, 4}), a, b); }, "addmm: self of shape [1, 2, 4] cannot be");
  throws([&] { return xgrad::addmm(s.to(xgrad::kDouble), a, b); },
         "addmm: expected self and mat2 to have the same dtype, but got: Double != Float");
  throws([&] { return xgrad::addmm(s, a.to(xgrad::kDouble), b); },
         "addmm: expected mat1 and mat2 to have the same dtype, but got: Double != Float");
  Tensor t = xgrad::ones({2, 2}, xgrad::kBool);
  throws([&] { return xgrad::addmm(t, t, t); },
         "addmm: not supported for Bool tensors (shapes [2, 2], [2, 2] and [2, 2])");
  throws([&] { return xgrad::addmm(Tensor(), a, b); }, "addmm: expected self, mat1 and mat2 to be defined");
}

TEST_CASE("addmm: node name, gradients, twice differentiable") {
  Tensor s = leaf({4}), a = leaf({2, 3}), b = leaf({3, 4});
  CHECK(grad_fn_name(xgrad::addmm(s, a, b)) == "AddmmBackward0");
  CHECK(grad_fn_name(xgrad::addmm(s.detach(), a.detach(), b)) == "AddmmBackward0");
  CHECK(grad_fn_name(xgrad::addmm(s.detach(), a.detach(), b.detach())) == "none");
  const auto addmm = [](const std::vector<Tensor>& in) { return xgrad::addmm(in[0], in[1], in[2]); };
  const auto scaled = [](const std::vector<Tensor>& in) { return xgrad::addmm(in[0], in[1], in[2], 0.5, -3); };
  // self broadcast as a bias, a column, a scalar, or the full shape.
  for (const S& self : {S{4}, S{2, 1}, S{}, S{2, 4}}) {
    const std::string shape = shape_str(self);
    CAPTURE(shape);
    CHECK(gradcheck(addmm, {leaf(self), leaf({2, 3}), leaf({3, 4})}));
    CHECK(gradcheck(scaled, {leaf(self), leaf({2, 3}), leaf({3, 4})}));
  }
  // A transposed weight (as Linear's w.t()) gets a contiguous gradient of its own layout.
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return xgrad::addmm(in[0], in[1], in[2].t(), 2, 0.5); },
                  {leaf({4}), leaf({2, 3}), leaf({4, 3})}));
  Tensor w = leaf({4, 3}), bias = leaf({4});
  Tensor x = xgrad::randn({5, 3}, xgrad::kDouble);
  xgrad::addmm(bias, x, w.t()).sum().backward();
  CHECK(w.grad().is_contiguous());
  CHECK(close(values(w.grad()), values(x.sum(0).unsqueeze(0).expand({4, 3}).contiguous()), 1e-10, 1e-10));
  CHECK(values(bias.grad()) == V{5, 5, 5, 5});  // the sum of g over the rows
  // Only some inputs require grad.
  CHECK(gradcheck(addmm, {xgrad::randn({4}, xgrad::kDouble), leaf({2, 3}), xgrad::randn({3, 4}, xgrad::kDouble)}));
  CHECK(gradcheck(addmm, {leaf({4}), xgrad::randn({2, 3}, xgrad::kDouble), leaf({3, 4})}));
  // Second derivatives: d/d(self, a) of sum(d sum((addmm)^2) / db).
  CHECK(gradcheck(
      [](const std::vector<Tensor>& in) {
        Tensor bb = in[2];
        Tensor y = xgrad::addmm(in[0], in[1], bb, 2, 0.5);
        return xgrad::autograd::grad({(y * y).sum()}, {bb}, {}, std::nullopt, true)[0];
      },
      {leaf({4}), leaf({2, 3}), leaf({3, 4})}));
  // A saved operand changed in place before backward: libtorch's error (a2 has no node to name).
  Tensor a2 = leaf({2, 3}).detach(), b2 = leaf({3, 4});
  Tensor y = xgrad::addmm(xgrad::zeros({4}, xgrad::kDouble), a2, b2);
  a2.add_(1);
  CHECK_THROWS_WITH_AS(y.sum().backward(),
                       "one of the variables needed for gradient computation has been modified by an inplace "
                       "operation: [CPUDoubleType [2, 3]] is at version 1; expected version 0 instead. Hint: enable "
                       "anomaly detection to find the operation that failed to compute its gradient, with "
                       "torch.autograd.set_detect_anomaly(True).",
                       xgrad::Error);
}

// ---- bmm ----

TEST_CASE("bmm: values, strided and broadcast batches, errors") {
  Tensor a = xgrad::tensor({{{1.0, 2.0}, {3.0, 4.0}}, {{1.0, 0.0}, {0.0, 2.0}}});
  Tensor b = xgrad::tensor({{{1.0, 1.0}, {0.0, 1.0}}, {{5.0, 6.0}, {7.0, 8.0}}});
  Tensor c = a.bmm(b);
  CHECK(c.sizes().vec() == S{2, 2, 2});
  CHECK(values(c) == V{1, 3, 3, 7, 5, 6, 14, 16});
  for (const Tensor& x : layouts({3, 2, 4}))
    for (const Tensor& y : layouts({3, 4, 5})) check_against_reference(x, y);
  // A batch of one matrix repeated with stride 0, and a batch that is not the outermost dim in memory.
  Tensor shared = xgrad::randn({1, 4, 5}, xgrad::kDouble).expand({3, 4, 5});
  check_against_reference(layouts({3, 2, 4})[0], shared);
  Tensor inner_batch = xgrad::randn({2, 3, 4}, xgrad::kDouble).permute({1, 0, 2});  // [3, 2, 4]
  check_against_reference(inner_batch, layouts({3, 4, 2})[1]);
  CHECK(xgrad::bmm(xgrad::zeros({0, 2, 3}), xgrad::zeros({0, 3, 4})).sizes().vec() == S{0, 2, 4});
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 3}).bmm(xgrad::zeros({2, 3, 4})),
                       doctest::Contains("bmm: batch1 must be a 3D tensor, got shape [2, 3]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 2, 3}).bmm(xgrad::zeros({4, 5})),
                       doctest::Contains("bmm: batch2 must be a 3D tensor, got shape [4, 5]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::zeros({2, 5, 4}).bmm(xgrad::zeros({2, 5, 6})),
      doctest::Contains("bmm: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5] "
                        "(batch1 [2, 5, 4], batch2 [2, 5, 6])"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::zeros({2, 5, 4}).bmm(xgrad::zeros({3, 4, 6})),
      doctest::Contains("bmm: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4]"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({1, 2, 2}).bmm(xgrad::zeros({1, 2, 2}, xgrad::kDouble)),
                       doctest::Contains("bmm: expected batch1 and batch2 to have the same dtype"), xgrad::Error);
}

// ---- matmul ----

TEST_CASE("matmul: every rank combination, broadcast batches, strided operands") {
  const int64_t n = 2, k = 3, m = 4;
  // Two batch configurations so that each side gets to be the broadcast one.
  const std::vector<std::vector<S>> configs = {{{2}, {3, 2}, {1}, {3, 1}}, {{1}, {3, 1}, {2}, {1, 2}}};
  for (const auto& cfg : configs) {
    for (int ra = 1; ra <= 4; ++ra) {
      for (int rb = 1; rb <= 4; ++rb) {
        S as = ra == 1 ? S{k} : S{n, k};
        S bs = rb == 1 ? S{k} : S{k, m};
        if (ra >= 3) as.insert(as.begin(), cfg[ra - 3].begin(), cfg[ra - 3].end());
        if (rb >= 3) bs.insert(bs.begin(), cfg[rb - 1].begin(), cfg[rb - 1].end());
        for (const Tensor& a : layouts(as))
          for (const Tensor& b : layouts(bs)) check_against_reference(a, b);
      }
    }
  }
  // [B, n, k] whose last two dims are transposed in memory takes the bmm route, not a copy.
  check_against_reference(xgrad::randn({2, 3, 4}, xgrad::kDouble).transpose(1, 2),
                          xgrad::randn({3, 5}, xgrad::kDouble));
  // Broadcast batch dims that cannot be flattened without a copy.
  check_against_reference(xgrad::randn({2, 1, 3, 2}, xgrad::kDouble), xgrad::randn({4, 2, 5}, xgrad::kDouble));
  check_against_reference(xgrad::randn({3, 1, 2}, xgrad::kDouble).expand({3, 4, 2}), xgrad::randn({2}, xgrad::kDouble));
  // Sizes of the results.
  CHECK(xgrad::matmul(xgrad::zeros({3}), xgrad::zeros({3})).dim() == 0);
  CHECK(xgrad::matmul(xgrad::zeros({2, 3}), xgrad::zeros({3})).sizes().vec() == S{2});
  CHECK(xgrad::matmul(xgrad::zeros({3}), xgrad::zeros({3, 4})).sizes().vec() == S{4});
  CHECK(xgrad::matmul(xgrad::zeros({5, 2, 3}), xgrad::zeros({3})).sizes().vec() == S{5, 2});
  CHECK(xgrad::matmul(xgrad::zeros({3}), xgrad::zeros({5, 3, 4})).sizes().vec() == S{5, 4});
  CHECK(xgrad::matmul(xgrad::zeros({7, 1, 2, 3}), xgrad::zeros({5, 3, 4})).sizes().vec() == S{7, 5, 2, 4});
  CHECK(xgrad::zeros({4, 0, 3}).matmul(xgrad::zeros({3, 2})).sizes().vec() == S{4, 0, 2});
  CHECK(values(xgrad::zeros({2, 2, 0}).matmul(xgrad::zeros({0, 3}))) == V(12, 0.0));
  // Float, through BLAS.
  Tensor x = xgrad::randn({4, 6, 5}), y = xgrad::randn({5, 7});
  CHECK(close(values(x.matmul(y)), values(x.to(xgrad::kDouble).matmul(y.to(xgrad::kDouble))), 1e-4, 1e-5));
}

TEST_CASE("matmul: errors") {
  CHECK_THROWS_WITH_AS(
      xgrad::matmul(xgrad::zeros({}), xgrad::zeros({3})),
      doctest::Contains("matmul: both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::matmul(xgrad::zeros({2, 3}), xgrad::zeros({4, 5})),
                       doctest::Contains("matmul: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::matmul(xgrad::zeros({3}), xgrad::zeros({4})),
                       doctest::Contains("matmul: mat1 and mat2 shapes cannot be multiplied (3 and 4)"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::matmul(xgrad::zeros({2, 3}), xgrad::zeros({4})),
                       doctest::Contains("matmul: mat1 and mat2 shapes cannot be multiplied (2x3 and 4)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({2, 3, 4}).matmul(xgrad::zeros({5, 6})),
                       doctest::Contains("matmul: mat1 and mat2 shapes cannot be multiplied (2x3x4 and 5x6)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::zeros({2, 3, 4}).matmul(xgrad::zeros({5, 4, 6})),
      doctest::Contains("matmul (batch dimensions of [2, 3, 4] and [5, 4, 6]): the size of tensor a (2) must match the "
                        "size of tensor b (5) at non-singleton dimension 0"),
      xgrad::Error);
  CHECK_THROWS_WITH_AS(
      xgrad::matmul(xgrad::zeros({2, 3}), xgrad::zeros({3, 2}, xgrad::kDouble)),
      doctest::Contains("matmul: expected self and other to have the same dtype, but got: Float != Double"),
      xgrad::Error);
  Tensor t = xgrad::tensor({true, false});
  CHECK_THROWS_WITH_AS(xgrad::matmul(t, t),
                       doctest::Contains("matmul: not supported for Bool tensors (shapes [2] and [2])"), xgrad::Error);
}

// ---- autograd ----

TEST_CASE("node names") {
  Tensor a = leaf({2, 3}), b = leaf({3, 4}), v = leaf({3}), w = leaf({3});
  CHECK(grad_fn_name(a.mm(b)) == "MmBackward0");
  CHECK(grad_fn_name(a.matmul(b)) == "MmBackward0");
  CHECK(grad_fn_name(leaf({2, 2, 3}).bmm(leaf({2, 3, 4}))) == "BmmBackward0");
  CHECK(grad_fn_name(v.matmul(w)) == "DotBackward0");
  CHECK(grad_fn_name(a.matmul(v)) == "MvBackward0");
  CHECK(grad_fn_name(leaf({5, 2, 3}).matmul(b)) == "UnsafeViewBackward0");
  CHECK(grad_fn_name(leaf({5, 2, 3}).matmul(leaf({5, 3, 4}))) == "UnsafeViewBackward0");
  CHECK(grad_fn_name(v.matmul(leaf({5, 3, 4}))) == "UnsafeViewBackward0");
  CHECK(grad_fn_name(a.detach().mm(b.detach())) == "none");
  {
    xgrad::NoGradGuard guard;
    CHECK(grad_fn_name(a.matmul(b)) == "none");
  }
}

TEST_CASE("gradients: mm, bmm, mv, dot") {
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mm(in[1]); }, {leaf({3, 4}), leaf({4, 2})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].t().mm(in[1].t()); }, {leaf({4, 3}), leaf({2, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].bmm(in[1]); }, {leaf({2, 3, 4}), leaf({2, 4, 2})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].transpose(1, 2).bmm(in[1]); },
                  {leaf({2, 4, 3}), leaf({2, 4, 2})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].matmul(in[1]); }, {leaf({3, 4}), leaf({4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].t().matmul(in[1]); }, {leaf({4, 3}), leaf({4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].matmul(in[1]); }, {leaf({4}), leaf({4})}));
  // Only one input requires grad: the other's gradient is skipped.
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mm(in[1]); },
                  {leaf({3, 4}), xgrad::randn({4, 2}, xgrad::kDouble)}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mm(in[1]); },
                  {xgrad::randn({3, 4}, xgrad::kDouble), leaf({4, 2})}));
}

TEST_CASE("dot and mv: public functions and methods, values, gradients, errors") {
  Tensor a = xgrad::tensor({1.0, 2.0, 3.0}), b = xgrad::tensor({4.0, -5.0, 6.0});
  CHECK(xgrad::dot(a, b).dim() == 0);
  CHECK(xgrad::dot(a, b).item<double>() == 12.0);
  CHECK(a.dot(b).item<double>() == 12.0);
  CHECK(xgrad::tensor({1, 2}).dot(xgrad::tensor({3, 4})).item<int64_t>() == 11);
  Tensor m = xgrad::tensor({{1.0, 0.0, 2.0}, {-1.0, 3.0, 1.0}});
  CHECK(xgrad::mv(m, a).sizes().vec() == S{2});
  CHECK(close(values(m.mv(a)), V{7, 8}));
  CHECK(close(values(m.t().mv(xgrad::tensor({1.0, 2.0}))), V{-1, 6, 4}));
  CHECK(grad_fn_name(a.requires_grad_().dot(b)) == "DotBackward0");
  CHECK(grad_fn_name(m.mv(a)) == "MvBackward0");
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return xgrad::dot(in[0], in[1]); }, {leaf({5}), leaf({5})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].mv(in[1]); }, {leaf({3, 4}), leaf({4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].t().mv(in[1]); }, {leaf({4, 3}), leaf({4})}));
  const auto throws = [](auto f, const char* text) { CHECK_THROWS_WITH_AS(f(), doctest::Contains(text), xgrad::Error); };
  throws([&] { return xgrad::dot(m, a); }, "dot: 1D tensors expected, but got shapes [2, 3] and [3]");
  throws([&] { return a.dot(xgrad::tensor({1.0, 2.0})); }, "dot: inconsistent tensor size");
  throws([&] { return a.dot(xgrad::tensor({1.0, 2.0})); }, "[3] and [2]");
  throws([&] { return a.dot(b.to(xgrad::kDouble)); }, "dot: expected self and other to have the same dtype");
  throws([&] { return xgrad::mv(a, a); }, "mv: expected a matrix (2-D) and a vector (1-D), got shapes [3] and [3]");
  throws([&] { return m.mv(m); }, "mv: expected a matrix (2-D) and a vector (1-D), got shapes [2, 3] and [2, 3]");
  throws([&] { return m.mv(xgrad::tensor({1.0, 2.0})); }, "mv: size mismatch, matrix of shape [2, 3] and vector of shape [2]");
  throws([&] { return m.mv(a.to(xgrad::kDouble)); }, "mv: expected self and vec to have the same dtype");
}

TEST_CASE("gradients: matmul over rank combinations with broadcasting") {
  const std::vector<std::pair<S, S>> shapes = {
      {{3}, {3, 2}},          {{2, 3, 4}, {4, 2}},    {{2, 3, 4}, {4}},
      {{4}, {2, 4, 3}},       {{3, 4}, {2, 4, 2}},    {{2, 1, 2, 3}, {3, 3, 2}},
      {{1, 2, 3}, {2, 3, 2}}, {{2, 2, 3}, {1, 3, 2}}, {{2, 1, 3}, {2, 2, 3, 2}}};
  for (const auto& [sa, sb] : shapes) {
    const std::string a = shape_str(sa), b = shape_str(sb);
    CAPTURE(a);
    CAPTURE(b);
    CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].matmul(in[1]); }, {leaf(sa), leaf(sb)}));
  }
  // Transposed operands inside the function.
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].transpose(1, 2).matmul(in[1]); },
                  {leaf({2, 4, 3}), leaf({4, 2})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].matmul(in[1].transpose(-1, -2)); },
                  {leaf({2, 3, 4}), leaf({2, 2, 4})}));
}

TEST_CASE("gradients: hand-checked, layouts, twice differentiable") {
  // d sum(a b) / da = row sums of b, broadcast; d / db = column sums of a.
  Tensor a = xgrad::tensor({{1.0, 2.0}, {3.0, 4.0}}).to(xgrad::kDouble).requires_grad_();
  Tensor b = xgrad::tensor({{5.0, 6.0, 7.0}, {8.0, 9.0, 10.0}}).to(xgrad::kDouble).requires_grad_();
  a.mm(b).sum().backward();
  CHECK(values(a.grad()) == V{18, 27, 18, 27});
  CHECK(values(b.grad()) == V{4, 4, 4, 6, 6, 6});
  // A weight used transposed (as Linear does) gets a contiguous gradient of its own layout.
  Tensor wt = xgrad::randn({4, 3}, xgrad::kDouble).requires_grad_();
  Tensor x = xgrad::randn({5, 3}, xgrad::kDouble);
  x.mm(wt.t()).sum().backward();
  CHECK(wt.grad().is_contiguous());
  CHECK(wt.grad().sizes().vec() == S{4, 3});
  CHECK(close(values(wt.grad()), values(x.sum(0).unsqueeze(0).expand({4, 3}).contiguous()), 1e-10, 1e-10));
  // Only the input that requires grad gets one.
  Tensor p = xgrad::randn({2, 2}, xgrad::kDouble).requires_grad_();
  Tensor q = xgrad::randn({2, 2}, xgrad::kDouble);
  p.matmul(q).sum().backward();
  CHECK(p.grad().defined());
  CHECK(!q.grad().defined());
  // Second derivatives: d/da of sum(d sum((a b)^2) / db).
  CHECK(gradcheck(
      [](const std::vector<Tensor>& in) {
        Tensor bb = in[1];
        Tensor y = in[0].matmul(bb);
        return xgrad::autograd::grad({(y * y).sum()}, {bb}, {}, std::nullopt, true)[0];
      },
      {leaf({2, 3, 2}), leaf({2, 2})}));
}
