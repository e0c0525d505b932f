// Shape ops (ops/shape.cpp): values, sizes, strides, storage sharing, errors, node names, gradients.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <vector>

#include "test_helpers.h"

using namespace test_helpers;

namespace {

bool shares_storage(const Tensor& a, const Tensor& b) {
  return a.unsafeGetTensorImpl()->storage() == b.unsafeGetTensorImpl()->storage();
}

}  // namespace

TEST_CASE("view: sizes, strides, inference and storage sharing") {
  Tensor a = iota({2, 3});
  CHECK(a.sizes().vec() == S{2, 3});
  CHECK(a.strides().vec() == S{3, 1});
  Tensor b = a.view({3, -1});
  CHECK(b.sizes().vec() == S{3, 2});
  CHECK(b.strides().vec() == S{2, 1});
  CHECK(b.data_ptr() == a.data_ptr());
  CHECK(values(b) == V{0, 1, 2, 3, 4, 5});
  CHECK(b.unsafeGetTensorImpl()->is_view());
  CHECK(a.view(-1).sizes().vec() == S{6});
  CHECK(a.view({1, 6, 1}).sizes().vec() == S{1, 6, 1});
  CHECK(a.view_as(xgrad::zeros({6, 1})).sizes().vec() == S{6, 1});
  CHECK(xgrad::full({}, 3.0).view({1, 1}).sizes().vec() == S{1, 1});
  CHECK(xgrad::zeros({0, 3}).view({3, 0}).sizes().vec() == S{3, 0});
  CHECK_THROWS_WITH_AS(xgrad::zeros({0, 3}).view({3, 0, -1}),
                       doctest::Contains("view: cannot reshape tensor of 0 elements into shape [3, 0, -1]"), xgrad::Error);

  CHECK_THROWS_WITH_AS(a.view({2, 5}), doctest::Contains("view: shape '[2, 5]' is invalid for input of size 6"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.view({-1, -1}), doctest::Contains("view: only one dimension can be inferred"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.view({-1, 4}), doctest::Contains("view: shape '[-1, 4]' is invalid for input of size 6"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.view({-2, 3}), doctest::Contains("view: invalid shape dimension -2"), xgrad::Error);
}

TEST_CASE("view of non-contiguous tensors: the stride computation") {
  Tensor a = iota({4, 3});
  Tensor t = a.t();  // [3, 4], strides [1, 3]
  CHECK_FALSE(t.is_contiguous());
  CHECK_THROWS_WITH_AS(
      t.view({12}),
      doctest::Contains("view size is not compatible with input tensor's size and stride (at least one dimension spans "
                        "across two contiguous subspaces). Use .reshape(...) instead."),
      xgrad::Error);
  // Splitting or adding size-1 dims keeps a view.
  Tensor v = t.view({3, 2, 2});
  CHECK(v.strides().vec() == S{1, 6, 3});
  CHECK(v.data_ptr() == a.data_ptr());
  CHECK(values(v) == values(t.contiguous().view({3, 2, 2})));
  Tensor w = t.view({1, 3, 1, 4, 1});
  CHECK(values(w) == values(t));
  CHECK(w.data_ptr() == a.data_ptr());

  // A column slice: rows stay 6 apart, so only splits within a row view.
  Tensor s = iota({4, 6}).slice(1, 1, 5);  // [4, 4], strides [6, 1], offset 1
  Tensor sv = s.view({4, 2, 2});
  CHECK(sv.strides().vec() == S{6, 2, 1});
  CHECK(values(sv) == values(s.contiguous().view({4, 2, 2})));
  CHECK(s.view({2, 2, 4}).strides().vec() == S{12, 6, 1});
  CHECK_THROWS_WITH_AS(s.view({16}), doctest::Contains("Use .reshape(...) instead."), xgrad::Error);
  CHECK_THROWS_WITH_AS(s.view({8, 2}), doctest::Contains("Use .reshape(...) instead."), xgrad::Error);

  // Merging dims that are contiguous with each other, across a non-contiguous outer dim.
  Tensor p = iota({4, 2, 4}).slice(0, 0, 4, 2);  // [2, 2, 4], strides [16, 4, 1]
  CHECK(p.view({2, 8}).strides().vec() == S{16, 1});
  CHECK(values(p.view({2, 8})) == values(p.contiguous().view({2, 8})));
  CHECK_THROWS_WITH_AS(p.view({4, 4}), doctest::Contains("view: view size is not compatible"), xgrad::Error);
  Tensor pt = iota({2, 3, 4}).permute({1, 0, 2});  // [3, 2, 4], strides [4, 12, 1]
  CHECK_THROWS_WITH_AS(pt.view({3, 8}), doctest::Contains("view: view size is not compatible"), xgrad::Error);
  CHECK(pt.view({3, 2, 2, 2}).strides().vec() == S{4, 12, 2, 1});
  Tensor q = iota({3, 4, 2}).slice(1, 0, 4, 2);  // [3, 2, 2], strides [8, 4, 1]
  CHECK_THROWS_WITH_AS(q.view({3, 4}), doctest::Contains("view size is not compatible"), xgrad::Error);
  CHECK(values(q.view({6, 2})) == values(q.contiguous().view({6, 2})));

  // An expanded tensor views as long as no new dim spans its stride-0 dim and a real one.
  Tensor e = iota({3}).expand({2, 3});
  CHECK(e.view({2, 1, 3}).strides().vec()[0] == 0);
  CHECK_THROWS_WITH_AS(e.view({6}), doctest::Contains("view size is not compatible"), xgrad::Error);
}

TEST_CASE("reshape: a view when possible, else a copy") {
  Tensor a = iota({2, 3}).requires_grad_();
  Tensor r = a.reshape({3, 2});
  CHECK(r.data_ptr() == a.data_ptr());
  CHECK(grad_fn_name(r) == "ReshapeAliasBackward0");
  Tensor c = a.t().reshape({6});
  CHECK(c.data_ptr() != a.data_ptr());
  CHECK(c.is_contiguous());
  CHECK_FALSE(c.unsafeGetTensorImpl()->is_view());
  CHECK(values(c) == V{0, 3, 1, 4, 2, 5});
  CHECK(grad_fn_name(c) == "UnsafeViewBackward0");
  CHECK(c.grad_fn()->next_edge(0).function->name() == "CloneBackward0");
  CHECK(xgrad::reshape(a, {-1}).sizes().vec() == S{6});
  CHECK(a.reshape_as(xgrad::zeros({1, 6})).sizes().vec() == S{1, 6});
  CHECK_THROWS_WITH_AS(a.reshape({4, -1}), doctest::Contains("reshape: shape '[4, -1]' is invalid for input of size 6"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::zeros({0, 2}).reshape({0, -1}), doctest::Contains("reshape: cannot reshape tensor of 0 elements"),
                       xgrad::Error);
}

TEST_CASE("flatten, squeeze, unsqueeze") {
  Tensor a = iota({2, 3, 4});
  CHECK(a.flatten().sizes().vec() == S{24});
  CHECK(a.flatten(1).sizes().vec() == S{2, 12});
  CHECK(xgrad::flatten(a, 0, 1).sizes().vec() == S{6, 4});
  CHECK(a.flatten(-2, -1).sizes().vec() == S{2, 12});
  CHECK(a.flatten(1, 1).is_same(a));
  CHECK(xgrad::full({}, 2.0).flatten().sizes().vec() == S{1});
  CHECK(a.flatten().data_ptr() == a.data_ptr());
  CHECK_THROWS_WITH_AS(a.flatten(2, 1), doctest::Contains("flatten: start_dim cannot come after end_dim"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.flatten(0, 3), doctest::Contains("flatten: dimension out of range"), xgrad::Error);

  Tensor b = iota({1, 3, 1, 2});
  CHECK(b.squeeze().sizes().vec() == S{3, 2});
  CHECK(b.squeeze().strides().vec() == S{2, 1});
  CHECK(b.squeeze(0).sizes().vec() == S{3, 1, 2});
  CHECK(b.squeeze(-2).sizes().vec() == S{1, 3, 2});
  CHECK(b.squeeze(1).sizes().vec() == S{1, 3, 1, 2});  // not size 1: unchanged, as PyTorch
  CHECK(xgrad::squeeze(b, 2).data_ptr() == b.data_ptr());
  CHECK(xgrad::full({}, 1.0).squeeze(0).dim() == 0);
  CHECK_THROWS_WITH_AS(b.squeeze(4), doctest::Contains("squeeze: dimension out of range"), xgrad::Error);

  Tensor c = iota({2, 3});
  CHECK(c.unsqueeze(0).sizes().vec() == S{1, 2, 3});
  CHECK(c.unsqueeze(1).sizes().vec() == S{2, 1, 3});
  CHECK(c.unsqueeze(-1).sizes().vec() == S{2, 3, 1});
  CHECK(c.unsqueeze(1).is_contiguous());
  CHECK(c.t().unsqueeze(0).strides().vec()[1] == 1);
  CHECK(xgrad::unsqueeze(xgrad::full({}, 1.0), 0).sizes().vec() == S{1});
  CHECK_THROWS_WITH_AS(c.unsqueeze(3), doctest::Contains("unsqueeze: dimension out of range"), xgrad::Error);
}

TEST_CASE("transpose, t, permute") {
  Tensor a = iota({2, 3});
  Tensor t = a.t();
  CHECK(t.sizes().vec() == S{3, 2});
  CHECK(t.strides().vec() == S{1, 3});
  CHECK(t.data_ptr() == a.data_ptr());
  CHECK(shares_storage(t, a));
  CHECK(values(t) == V{0, 3, 1, 4, 2, 5});
  CHECK(values(t.contiguous()) == V{0, 3, 1, 4, 2, 5});
  CHECK(iota({3}).t().sizes().vec() == S{3});
  CHECK_THROWS_WITH_AS(iota({2, 3, 4}).t(), doctest::Contains("t: expects a tensor with <= 2 dimensions, but self is 3D"),
                       xgrad::Error);

  Tensor b = iota({2, 3, 4});
  Tensor tr = b.transpose(0, -1);
  CHECK(tr.sizes().vec() == S{4, 3, 2});
  CHECK(tr.strides().vec() == S{1, 4, 12});
  CHECK(values(tr.select(0, 1).select(0, 2)) == V{9, 21});
  CHECK(xgrad::transpose(xgrad::full({}, 1.0), 0, -1).dim() == 0);
  CHECK_THROWS_WITH_AS(b.transpose(0, 3), doctest::Contains("transpose: dimension out of range"), xgrad::Error);

  Tensor p = b.permute({2, 0, 1});
  CHECK(p.sizes().vec() == S{4, 2, 3});
  CHECK(p.strides().vec() == S{1, 12, 4});
  CHECK(values(p.select(0, 3)) == V{3, 7, 11, 15, 19, 23});
  CHECK(b.permute({-1, 0, 1}).sizes().vec() == S{4, 2, 3});
  CHECK_THROWS_WITH_AS(b.permute({0, 1}), doctest::Contains("permute: number of dims don't match"), xgrad::Error);
  CHECK_THROWS_WITH_AS(b.permute({0, 1, 1}), doctest::Contains("permute: repeated dim"), xgrad::Error);
  CHECK_THROWS_WITH_AS(b.permute({0, 1, 3}), doctest::Contains("permute: dimension out of range"), xgrad::Error);
}

TEST_CASE("expand") {
  Tensor a = iota({3});
  Tensor e = a.expand({2, 3});
  CHECK(e.sizes().vec() == S{2, 3});
  CHECK(e.strides().vec() == S{0, 1});
  CHECK(e.data_ptr() == a.data_ptr());
  CHECK(values(e) == V{0, 1, 2, 0, 1, 2});
  Tensor c = iota({3, 1});
  CHECK(c.expand({-1, 4}).sizes().vec() == S{3, 4});
  CHECK(c.expand({-1, 4}).strides().vec() == S{1, 0});
  CHECK(values(c.expand({2, 3, 2})) == V{0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2});
  CHECK(c.expand_as(xgrad::zeros({5, 3, 2})).sizes().vec() == S{5, 3, 2});
  CHECK(xgrad::full({}, 7.0).expand({2, 2}).sizes().vec() == S{2, 2});
  CHECK_THROWS_WITH_AS(iota({2, 3}).expand({2, 4}),
                       doctest::Contains("expand: The expanded size of the tensor (4) must match the existing size (3) at "
                                         "non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [2, 3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(iota({2, 3}).expand({3}),
                       doctest::Contains("expand: the number of sizes provided (1) must be greater or equal"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.expand({-1, 3}), doctest::Contains("isn't allowed in a leading, non-existing dimension 0"),
                       xgrad::Error);
}

TEST_CASE("select, operator[], narrow, slice") {
  Tensor a = iota({3, 4});
  Tensor r = a.select(0, 1);
  CHECK(r.sizes().vec() == S{4});
  CHECK(values(r) == V{4, 5, 6, 7});
  CHECK(r.storage_offset() == 4);
  CHECK(shares_storage(r, a));
  CHECK(values(a.select(1, -1)) == V{3, 7, 11});
  CHECK(values(a[2]) == V{8, 9, 10, 11});
  CHECK(values(a[-3]) == V{0, 1, 2, 3});
  CHECK(a[1][2].dim() == 0);
  CHECK(a[1][2].item<double>() == 6);
  CHECK_THROWS_WITH_AS(a.select(0, 3),
                       doctest::Contains("select: index 3 out of range for tensor of size [3, 4] at dimension 0 (of size 3)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.select(1, -5), doctest::Contains("select: index -5 out of range"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a[5], doctest::Contains("select: index 5 out of range"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::full({}, 1.0).select(0, 0), doctest::Contains("select: select() cannot be applied to a 0-dim"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.select(2, 0), doctest::Contains("select: dimension out of range"), xgrad::Error);

  Tensor n = a.narrow(1, 1, 2);
  CHECK(n.sizes().vec() == S{3, 2});
  CHECK(values(n) == V{1, 2, 5, 6, 9, 10});
  CHECK(values(xgrad::narrow(a, 0, -1, 1)) == V{8, 9, 10, 11});
  CHECK(a.narrow(1, 4, 0).sizes().vec() == S{3, 0});
  CHECK_THROWS_WITH_AS(a.narrow(1, 2, 3), doctest::Contains("narrow: start (2) + length (3) exceeds dimension size (4)"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.narrow(1, 5, 0), doctest::Contains("narrow: start out of range"), xgrad::Error);

  Tensor s = a.slice(1, 0, 4, 2);
  CHECK(s.sizes().vec() == S{3, 2});
  CHECK(s.strides().vec() == S{4, 2});
  CHECK(values(s) == V{0, 2, 4, 6, 8, 10});
  CHECK(values(a.slice(1, 1, std::nullopt, 2)) == V{1, 3, 5, 7, 9, 11});
  CHECK(values(a.slice(0, -2)) == values(a.narrow(0, 1, 2)));
  CHECK(a.slice(0, -100, 100).sizes().vec() == S{3, 4});  // clamped, as Python
  CHECK(a.slice(1, 3, 1).sizes().vec() == S{3, 0});
  CHECK(a.slice(1, 1, 4, 5).sizes().vec() == S{3, 1});
  CHECK(a.slice().sizes().vec() == S{3, 4});
  CHECK_THROWS_WITH_AS(a.slice(1, 0, 4, 0), doctest::Contains("slice: slice step must be positive"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.slice(1, 0, 4, -1), doctest::Contains("slice: slice step must be positive"), xgrad::Error);
}

TEST_CASE("in-place changes through views reach the base") {
  Tensor a = xgrad::zeros({2, 3});
  Tensor b = a.view({6});
  const auto v0 = a._version();
  b.fill_(1);
  CHECK(values(a) == V{1, 1, 1, 1, 1, 1});
  CHECK(a._version() > v0);
  a[0].add_(1);
  CHECK(values(a) == V{2, 2, 2, 1, 1, 1});
  a.t().select(0, 2).copy_(xgrad::tensor({7.0, 8.0}));
  CHECK(values(a) == V{2, 2, 7, 1, 1, 8});
  a.slice(1, 0, 3, 2).zero_();
  CHECK(values(a) == V{0, 2, 0, 0, 1, 0});
  a.unsqueeze(0).expand({4, 2, 3}).select(0, 3).narrow(1, 1, 1).fill_(5);
  CHECK(values(a) == V{0, 5, 0, 0, 5, 0});
}

TEST_CASE("to, clone, contiguous") {
  Tensor a = iota({2, 3});
  CHECK(a.to(xgrad::kDouble).is_same(a));
  Tensor copied = a.to(xgrad::kDouble, false, true);
  CHECK_FALSE(copied.is_same(a));
  CHECK(copied.data_ptr() != a.data_ptr());
  Tensor f = a.to(xgrad::kFloat);
  CHECK(dtype_of(f) == "Float");
  CHECK(values(f) == values(a));
  CHECK(dtype_of(a.to(f)) == "Float");
  Tensor l = (a - 2.5).to(xgrad::kLong);
  CHECK(dtype_of(l) == "Long");
  CHECK(values(l) == V{-2, -1, 0, 0, 1, 2});  // truncation toward zero
  CHECK(values(a.to(xgrad::kBool)) == V{0, 1, 1, 1, 1, 1});
  CHECK(values(xgrad::tensor({true, false}).to(xgrad::kFloat)) == V{1, 0});
  CHECK(values(xgrad::tensor({255, 3}).to(xgrad::kByte)) == V{255, 3});
  CHECK(values(a.t().to(xgrad::kFloat)) == V{0, 3, 1, 4, 2, 5});

  Tensor c = a.clone();
  CHECK(c.data_ptr() != a.data_ptr());
  CHECK(values(c) == values(a));
  CHECK(a.contiguous().is_same(a));
  Tensor tc = a.t().contiguous();
  CHECK(tc.is_contiguous());
  CHECK(tc.strides().vec() == S{2, 1});
  CHECK(values(tc) == V{0, 3, 1, 4, 2, 5});

  Tensor x = leaf({2, 2});
  CHECK(grad_fn_name(x.to(xgrad::kFloat)) == "ToCopyBackward0");
  CHECK(grad_fn_name(x.clone()) == "CloneBackward0");
  CHECK(grad_fn_name(x.t().contiguous()) == "CloneBackward0");
  CHECK(x.contiguous().is_same(x));
  CHECK_FALSE(x.to(xgrad::kLong).requires_grad());  // integers carry no gradient
  x.to(xgrad::kFloat).sum().backward();
  CHECK(dtype_of(x.grad()) == "Double");
  CHECK(values(x.grad()) == V{1, 1, 1, 1});
  {
    xgrad::NoGradGuard no_grad;
    CHECK_FALSE(x.clone().requires_grad());
  }
}

TEST_CASE("copy_: broadcasting, casting, overlap, autograd") {
  Tensor a = xgrad::zeros({2, 3});
  a.copy_(xgrad::tensor({1, 2, 3}));  // Long into Float, broadcast over rows
  CHECK(dtype_of(a) == "Float");
  CHECK(values(a) == V{1, 2, 3, 1, 2, 3});
  a.copy_(iota({3, 2}).t());  // a strided source
  CHECK(values(a) == V{0, 2, 4, 1, 3, 5});
  CHECK_THROWS_WITH_AS(a.copy_(xgrad::zeros({4})),
                       doctest::Contains("copy_: the source of shape [4] cannot be broadcast to the destination's shape "
                                         "[2, 3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.copy_(xgrad::zeros({2, 2, 3})), doctest::Contains("copy_: the source of shape [2, 2, 3]"),
                       xgrad::Error);

  // Source and destination overlapping in one storage.
  Tensor sq = iota({3, 3});
  sq.copy_(sq.t());
  CHECK(values(sq) == V{0, 3, 6, 1, 4, 7, 2, 5, 8});
  Tensor row = iota({4});
  row.slice(0, 1, 4).copy_(row.slice(0, 0, 3));
  CHECK(values(row) == V{0, 0, 1, 2});

  // Autograd: the source gets the gradient summed to its shape; self's old value gets zero.
  Tensor w = leaf({3});
  Tensor base = leaf({2, 3});
  Tensor y = base * 2;
  y.copy_(w);
  CHECK(grad_fn_name(y) == "torch::autograd::CopyBackwards");
  (y * iota({2, 3})).sum().backward();
  CHECK(values(w.grad()) == V{3, 5, 7});
  CHECK(values(base.grad()) == V{0, 0, 0, 0, 0, 0});

  Tensor plain = xgrad::zeros({2, 3}, xgrad::kDouble);
  plain.copy_(w);
  CHECK(grad_fn_name(plain) == "torch::autograd::CopyBackwards");
  CHECK_THROWS_WITH_AS(w.copy_(xgrad::zeros({3})), doctest::Contains("a leaf Variable that requires grad"), xgrad::Error);
  {
    xgrad::NoGradGuard no_grad;
    w.copy_(xgrad::ones({3}));  // optimizer-style update
  }
  CHECK(values(w) == V{1, 1, 1});
}

TEST_CASE("cat") {
  Tensor a = iota({2, 3}), b = iota({1, 3}) + 10;
  Tensor c = xgrad::cat({a, b});
  CHECK(c.sizes().vec() == S{3, 3});
  CHECK(values(c) == V{0, 1, 2, 3, 4, 5, 10, 11, 12});
  Tensor d = xgrad::cat({a, iota({2, 1}) + 10, a}, -1);
  CHECK(d.sizes().vec() == S{2, 7});
  CHECK(values(d) == V{0, 1, 2, 10, 0, 1, 2, 3, 4, 5, 11, 3, 4, 5});
  CHECK(values(xgrad::cat({a.t(), a.t()}, 1)) == V{0, 3, 0, 3, 1, 4, 1, 4, 2, 5, 2, 5});
  // Promotion: Long with Float gives Float.
  Tensor p = xgrad::cat({xgrad::tensor({1, 2}), xgrad::tensor({0.5f})});
  CHECK(dtype_of(p) == "Float");
  CHECK(values(p) == V{1, 2, 0.5});
  CHECK(dtype_of(xgrad::cat({xgrad::tensor({1, 2}), xgrad::tensor({true})})) == "Long");
  // 1-D empty tensors are skipped (PyTorch's legacy rule).
  CHECK(xgrad::cat({a, xgrad::zeros({0}, xgrad::kDouble), b}).sizes().vec() == S{3, 3});
  CHECK(xgrad::cat({xgrad::zeros({0}), xgrad::zeros({0})}).sizes().vec() == S{0});

  CHECK_THROWS_WITH_AS(xgrad::cat(std::vector<Tensor>{}), doctest::Contains("cat: expected a non-empty list of Tensors"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cat({a, iota({2, 2})}),
                       doctest::Contains("cat: Sizes of tensors must match except in dimension 0. Expected size 3 but got "
                                         "size 2 for tensor number 1 in the list"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cat({a, iota({3})}),
                       doctest::Contains("cat: Tensors must have same number of dimensions: got 2 and 1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cat({xgrad::full({}, 1.0)}),
                       doctest::Contains("cat: zero-dimensional tensor (at position 0) cannot be concatenated"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::cat({a, a}, 2), doctest::Contains("cat: dimension out of range"), xgrad::Error);
  CHECK(grad_fn_name(xgrad::cat({leaf({2}), iota({3})})) == "CatBackward0");
}

TEST_CASE("stack") {
  Tensor a = iota({2, 3}), b = iota({2, 3}) + 10;
  Tensor s0 = xgrad::stack({a, b});
  CHECK(s0.sizes().vec() == S{2, 2, 3});
  CHECK(values(s0) == V{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15});
  Tensor s2 = xgrad::stack({a, b}, -1);
  CHECK(s2.sizes().vec() == S{2, 3, 2});
  CHECK(values(s2) == V{0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15});
  CHECK(xgrad::stack({a, b, a}, 1).sizes().vec() == S{2, 3, 3});
  CHECK(values(xgrad::stack({xgrad::full({}, 1.0), xgrad::full({}, 2.0)})) == V{1, 2});
  CHECK(dtype_of(xgrad::stack({xgrad::tensor({1}), xgrad::tensor({2.5})})) == "Float");
  CHECK_THROWS_WITH_AS(xgrad::stack({a, iota({3, 2})}),
                       doctest::Contains("stack: expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] "
                                         "at entry 1"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::stack(std::vector<Tensor>{}), doctest::Contains("stack: expects a non-empty TensorList"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::stack({a, b}, 3), doctest::Contains("stack: dimension out of range"), xgrad::Error);
  CHECK(grad_fn_name(xgrad::stack({leaf({2}), iota({2})})) == "StackBackward0");
}

TEST_CASE("index_select") {
  Tensor a = iota({3, 4});
  Tensor idx = xgrad::tensor({2, 0, 2});
  Tensor r = a.index_select(0, idx);
  CHECK(r.sizes().vec() == S{3, 4});
  CHECK(values(r) == V{8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11});
  Tensor c = xgrad::index_select(a, -1, xgrad::tensor({3, 1}));
  CHECK(values(c) == V{3, 1, 7, 5, 11, 9});
  CHECK(values(a.t().index_select(1, xgrad::tensor({1}))) == V{4, 5, 6, 7});
  CHECK(a.index_select(1, xgrad::tensor(int64_t{2})).sizes().vec() == S{3, 1});
  CHECK(a.index_select(0, xgrad::zeros({0}, xgrad::kLong)).sizes().vec() == S{0, 4});
  CHECK(xgrad::full({}, 4.0).index_select(0, xgrad::tensor({0})).dim() == 0);
  CHECK(values(xgrad::tensor({1, 2, 3}).index_select(0, xgrad::tensor({2, 2}))) == V{3, 3});
  CHECK_THROWS_WITH_AS(a.index_select(0, xgrad::tensor({0, 5})),
                       doctest::Contains("index_select: index 5 is out of range for dimension 0 of size 3"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.index_select(1, xgrad::tensor({-1})), doctest::Contains("index_select: index -1 is out of range"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.index_select(0, xgrad::tensor({0.0f})),
                       doctest::Contains("index_select: expected the index to be a Long tensor, got Float"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.index_select(0, xgrad::zeros({1, 1}, xgrad::kLong)),
                       doctest::Contains("index_select: the index is supposed to be a vector, got shape [1, 1]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(a.index_select(2, idx), doctest::Contains("index_select: dimension out of range"), xgrad::Error);
  CHECK(grad_fn_name(leaf({3}).index_select(0, idx)) == "IndexSelectBackward0");
}

TEST_CASE("node names of the views") {
  Tensor x = leaf({2, 1, 3});
  CHECK(grad_fn_name(x.view({6})) == "ViewBackward0");
  CHECK(grad_fn_name(x.view_as(xgrad::zeros({3, 2}))) == "ViewBackward0");
  CHECK(grad_fn_name(x.flatten()) == "ReshapeAliasBackward0");
  CHECK(grad_fn_name(x.transpose(0, 2)) == "TransposeBackward0");
  CHECK(grad_fn_name(x.squeeze()) == "SqueezeBackward0");
  CHECK(grad_fn_name(x.squeeze(1)) == "SqueezeBackward1");
  CHECK(grad_fn_name(x.unsqueeze(0)) == "UnsqueezeBackward0");
  CHECK(grad_fn_name(x.squeeze().t()) == "TBackward0");
  CHECK(grad_fn_name(x.permute({2, 0, 1})) == "PermuteBackward0");
  CHECK(grad_fn_name(x.expand({4, 2, 5, 3})) == "ExpandBackward0");
  CHECK(grad_fn_name(x.select(2, 1)) == "SelectBackward0");
  CHECK(grad_fn_name(x[0]) == "SelectBackward0");
  CHECK(grad_fn_name(x.narrow(2, 1, 2)) == "SliceBackward0");
  CHECK(grad_fn_name(x.slice(2, 0, 3, 2)) == "SliceBackward0");
  Tensor y = x.view({6});
  CHECK(y.requires_grad());
  CHECK(y.grad_fn()->next_edge(0).function->name() == "torch::autograd::AccumulateGrad");
  {
    xgrad::NoGradGuard no_grad;
    CHECK_FALSE(x.view({6}).requires_grad());
  }
}

TEST_CASE("gradcheck: views") {
  CHECK(gradcheck([](const Inputs& x) { return x[0].view({3, 2}); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].t().view({3, 1, 2}); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].view_as(x[1]); }, {leaf({2, 3}), xgrad::zeros({6})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].t().reshape({6}); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].reshape({3, -1}); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].reshape_as(x[1]); }, {leaf({2, 3}), xgrad::zeros({3, 2})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].flatten(1); }, {leaf({2, 2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].squeeze(); }, {leaf({1, 3, 1})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].squeeze(2); }, {leaf({2, 3, 1})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].unsqueeze(1); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].transpose(0, 2); }, {leaf({2, 3, 4})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].t(); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].permute({2, 0, 1}); }, {leaf({2, 3, 4})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].permute({1, 2, 0}).contiguous(); }, {leaf({2, 3, 4})}));
}

TEST_CASE("gradcheck: expand with broadcast") {
  CHECK(gradcheck([](const Inputs& x) { return x[0].expand({2, 3, 4}); }, {leaf({3, 1})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].expand({2, -1}); }, {leaf({3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].expand_as(x[1]) * x[1]; }, {leaf({1, 4}), leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].expand({5}); }, {leaf({})}));
}

TEST_CASE("gradcheck: select, narrow, slice, operator[]") {
  CHECK(gradcheck([](const Inputs& x) { return x[0].select(1, -1); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0][1]; }, {leaf({3, 4})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].narrow(0, 1, 2); }, {leaf({4, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].slice(1, 1, 6, 2); }, {leaf({2, 7})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].slice(0, -3, std::nullopt, 3); }, {leaf({7, 2})}));
  // Overlapping picks of one input: the gradients add up.
  CHECK(gradcheck([](const Inputs& x) { return x[0].select(0, 1) * x[0].slice(0, 0, 3, 2).sum(0); }, {leaf({3, 2})}));
}

TEST_CASE("gradcheck: to, clone, copy_") {
  // Through float32: exact for a linear map, so a larger step keeps rounding out of the differences.
  CHECK(gradcheck([](const Inputs& x) { return x[0].to(xgrad::kFloat).to(xgrad::kDouble); }, {leaf({2, 3})}, 1e-3, 1e-4));
  CHECK(gradcheck([](const Inputs& x) { return x[0].clone(); }, {leaf({2, 3})}));
  CHECK(gradcheck([](const Inputs& x) { return x[0].t().contiguous(); }, {leaf({2, 3})}));
  CHECK(gradcheck(
      [](const Inputs& x) {
        Tensor y = x[0] * 2;
        y.copy_(x[1]);  // broadcast [3] -> [2, 3]
        return y * x[0];
      },
      {leaf({2, 3}), leaf({3})}));
}

TEST_CASE("gradcheck: cat, stack, index_select") {
  for (int64_t dim : {0, 1, 2, -1}) {
    CAPTURE(dim);
    S sa{2, 3, 4}, sb{2, 3, 4};
    sa[static_cast<size_t>(dim < 0 ? dim + 3 : dim)] = 1;
    CHECK(gradcheck([dim](const Inputs& x) { return xgrad::cat({x[0], x[1], x[0]}, dim); }, {leaf(sa), leaf(sb)}));
    CHECK(gradcheck([dim](const Inputs& x) { return xgrad::stack({x[0], x[1], x[0]}, dim); },
                    {leaf({2, 3}), leaf({2, 3})}));
  }
  CHECK(gradcheck([](const Inputs& x) { return xgrad::stack({x[0], x[1]}, 3); }, {leaf({2, 3, 2}), leaf({2, 3, 2})}));
  // Only one input requires grad; the other is an integer tensor, promoted.
  CHECK(gradcheck([](const Inputs& x) { return xgrad::cat({x[0], xgrad::tensor({{1, 2}})}); }, {leaf({2, 2})}));
  const Tensor idx = xgrad::tensor({2, 0, 2, 1, 2});
  CHECK(gradcheck([idx](const Inputs& x) { return x[0].index_select(0, idx); }, {leaf({3, 2})}));
  CHECK(gradcheck([idx](const Inputs& x) { return x[0].index_select(1, idx); }, {leaf({2, 3, 2})}));
  CHECK(gradcheck([idx](const Inputs& x) { return x[0].t().index_select(-1, idx); }, {leaf({3, 4})}));
}

TEST_CASE("double backward through select, slice and index_select") {
  // d/dx of sum(pick(x)^2) is 2 x on the picked part; differentiate that once more.
  auto grad_of_square = [](Tensor (*pick)(const Tensor&)) {
    return [pick](const Inputs& x) {
      Tensor p = pick(x[0]);
      return xgrad::autograd::grad({(p * p).sum()}, {x[0]}, {}, true, /*create_graph=*/true)[0];
    };
  };
  CHECK(gradcheck(grad_of_square([](const Tensor& x) { return x.select(0, 1); }), {leaf({3, 2})}));
  CHECK(gradcheck(grad_of_square([](const Tensor& x) { return x.slice(1, 0, 4, 3); }), {leaf({2, 4})}));
  CHECK(gradcheck(grad_of_square([](const Tensor& x) { return x.index_select(0, xgrad::tensor({1, 1, 0})); }),
                  {leaf({3, 2})}));
  Tensor x = leaf({3, 2});
  Tensor s = x.select(0, 2);
  Tensor g = xgrad::autograd::grad({(s * s).sum()}, {x}, {}, true, true)[0];
  CHECK(grad_fn_name(g) == "SelectBackwardBackward0");
}

TEST_CASE("a long chain of views builds, runs and frees") {
  Tensor x = leaf({2, 3});
  Tensor y = x;
  for (int i = 0; i < 100000; ++i) y = y.t();
  y.sum().backward();
  CHECK(values(x.grad()) == V{1, 1, 1, 1, 1, 1});
}

TEST_CASE("copy_ into a tensor with overlapping elements is an error") {
  Tensor dst = xgrad::zeros({1, 3}).expand({2, 3});
  CHECK_THROWS_WITH_AS(dst.copy_(xgrad::ones({2, 3})),
                       doctest::Contains("copy_: unsupported operation: more than one element of the written-to tensor "
                                         "(shape [2, 3]"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(dst.uniform_(), doctest::Contains("uniform_: unsupported operation"), xgrad::Error);
  CHECK_THROWS_WITH_AS(dst.normal_(), doctest::Contains("normal_: unsupported operation"), xgrad::Error);
  xgrad::zeros({1, 3}).expand({1, 3}).copy_(xgrad::ones({3}));  // size-1 dims may have any stride
}
