// The second shape family: reordering (flip, roll, rot90, repeat, tile, repeat_interleave),
// triangles and diagonals, scatters, more views, joining and splitting, tensor products.
// PyTorch's numbers and graphs are in test_golden_shape_more.cpp; here: which results are views,
// gradcheck in double for every differentiable op and overload, in-place and out= forms, einsum,
// combinations and vander against the products they stand for, and libtorch's error texts
// (PyTorch 1.13.1's, prefixed by the op's name where libtorch's text does not name it).
#include <doctest/doctest.h>

#include <xgrad/autograd/gradcheck.h>
#include <xgrad/xgrad.h>

#include <string>
#include <vector>

using xgrad::Tensor;

namespace {

using Fn = std::function<Tensor(const std::vector<Tensor>&)>;
using MultiFn = std::function<std::vector<Tensor>(const std::vector<Tensor>&)>;

Tensor leaf(std::vector<int64_t> sizes) { return xgrad::randn(sizes, xgrad::kDouble).requires_grad_(); }

bool check(const Fn& f, const std::vector<Tensor>& in) { return xgrad::autograd::gradcheck(f, in); }
bool check_multi(const MultiFn& f, const std::vector<Tensor>& in) { return xgrad::autograd::gradcheck(f, in); }

template <typename F>
std::string message(F&& f) {
  try {
    f();
  } catch (const xgrad::Error& e) {
    return e.what();
  }
  return "no error";
}

bool shares_storage(const Tensor& a, const Tensor& b) { return a.impl()->storage() == b.impl()->storage(); }
bool is_view_of(const Tensor& v, const Tensor& base) { return v.impl()->is_view() && shares_storage(v, base); }

std::string name(const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "none"; }

}  // namespace

TEST_CASE("views are views, copies are copies (as PyTorch's _base)") {
  Tensor x = xgrad::randn({3, 4}).requires_grad_();
  Tensor x3 = xgrad::randn({2, 3, 4}).requires_grad_();
  // Views.
  CHECK(is_view_of(x.diagonal(), x));
  CHECK(is_view_of(x3.movedim(0, 2), x3));
  CHECK(is_view_of(x.swapaxes(0, 1), x));
  CHECK(is_view_of(x.ravel(), x));
  CHECK(is_view_of(x.unflatten(1, {2, 2}), x));
  CHECK(is_view_of(x.unfold(1, 2, 1), x));
  CHECK(is_view_of(x[0].broadcast_to({3, 4}), x));
  CHECK(is_view_of(x.as_strided({2, 2}, {1, 2}), x));
  CHECK(is_view_of(x.mT(), x));
  CHECK(is_view_of(x.tensor_split(2)[1], x));
  CHECK(is_view_of(xgrad::meshgrid({x[0], x[1]}, "ij")[0], x));
  CHECK(is_view_of(xgrad::atleast_3d(x), x));
  // Copies.
  for (const Tensor& y : {x.flip(0), x.roll(1, 0), x.rot90(), x.repeat({2, 1}), x.tile({2}),
                          x.repeat_interleave(2), x.tril(), x.triu(1), x.diag(), x[0].diag_embed(), x.diagflat(),
                          xgrad::diagonal_scatter(x, xgrad::zeros({3})), xgrad::hstack({x, x}), xgrad::kron(x, x),
                          x.narrow_copy(0, 0, 2), xgrad::block_diag({x, x})})
    CHECK_FALSE(shares_storage(y, x));
  // A write through a view reaches its base.
  Tensor base = xgrad::zeros({3, 3});
  base.diagonal().fill_(1);
  CHECK(base.equal(xgrad::eye(3)));
  base.unfold(0, 2, 1)[1][0][1] = 5;  // element (1 + 1, 0) of base
  CHECK(base[2][0].item<float>() == 5);
  // broadcast_tensors returns a tensor of the common shape as it is.
  CHECK(xgrad::broadcast_tensors({x, x})[0].is_same(x));
  CHECK(xgrad::atleast_1d(x).is_same(x));
}

TEST_CASE("node names are libtorch's") {
  Tensor x = xgrad::randn({3, 4}).requires_grad_();
  CHECK(name(x.flip(0)) == "FlipBackward0");
  CHECK(name(x.fliplr()) == "FlipBackward0");
  CHECK(name(x.roll(1)) == "RollBackward0");
  CHECK(name(x.rot90(2)) == "Rot90Backward0");
  CHECK(name(x.repeat({2, 1})) == "RepeatBackward0");
  CHECK(name(x.tile({2})) == "RepeatBackward0");
  CHECK(name(x.repeat_interleave(2, 0)) == "IndexSelectBackward0");
  CHECK(name(x.tril()) == "TrilBackward0");
  CHECK(name(x.triu()) == "TriuBackward0");
  CHECK(name(x.diagonal()) == "DiagonalBackward0");
  CHECK(name(x.diag()) == "DiagBackward0");
  CHECK(name(x[0].diag_embed()) == "DiagEmbedBackward0");
  CHECK(name(x.unfold(0, 2, 1)) == "UnfoldBackward0");
  CHECK(name(x.as_strided({2}, {1})) == "AsStridedBackward0");
  CHECK(name(x.select_scatter(x[0], 0, 1)) == "SelectScatterBackward0");
  CHECK(name(x.slice_scatter(x.slice(0, 0, 1), 0, 0, 1)) == "SliceScatterBackward0");
  CHECK(name(x.as_strided_scatter(x[0], {4}, {1})) == "AsStridedScatterBackward0");
  CHECK(name(x.diagonal_scatter(x.diagonal())) == "DiagonalScatterBackward0");
  CHECK(name(xgrad::block_diag({x})) == "BlockDiagBackward0");
  CHECK(name(x.movedim(0, 1)) == "PermuteBackward0");
  CHECK(name(x.numpy_T()) == "PermuteBackward0");
  CHECK(name(x.adjoint()) == "TransposeBackward0");
  CHECK(name(x.mH()) == "TransposeBackward0");
  CHECK(name(x.matrix_H()) == "TransposeBackward0");
  CHECK(name(x.sum_to_size({1, 4})) == "SumBackward1");
  CHECK(name(xgrad::cartesian_prod({x[0], x[1]})) == "StackBackward0");
  CHECK(name(xgrad::combinations(x[0])) == "StackBackward0");
  CHECK(name(xgrad::linalg_vander(x[0])) == "CatBackward0");
  CHECK(name(xgrad::vander(x[0])) == "FlipBackward0");
  CHECK(name(xgrad::einsum("i,j->ij", {x[0], x[1]})) == "MulBackward0");
  // In-place views: libtorch's second overload names.
  Tensor y = x * 2;
  y.t_();
  CHECK(name(y) == "TBackward1");
  CHECK(y.sizes() == xgrad::IntArrayRef({4, 3}));
  y.transpose_(0, 1);
  CHECK(name(y) == "TransposeBackward1");
  y.unsqueeze_(0);
  CHECK(name(y) == "UnsqueezeBackward1");
  y.squeeze_(0);
  CHECK(name(y) == "SqueezeBackward3");
  y.unsqueeze_(2).squeeze_();
  CHECK(name(y) == "SqueezeBackward2");
  y.swapaxes_(0, 1);
  CHECK(name(y) == "TransposeBackward1");
  y.as_strided_({2, 2}, {1, 2});
  CHECK(name(y) == "AsStridedBackward1");
  CHECK(name(x.narrow_copy(0, 0, 1)) == "none");  // libtorch has no derivative for it
}

TEST_CASE("values of the reordering ops") {
  Tensor x = xgrad::arange(6, xgrad::kFloat).reshape({2, 3});
  CHECK(x.flip(0).equal(xgrad::tensor({{3.f, 4.f, 5.f}, {0.f, 1.f, 2.f}})));
  CHECK(x.flip({0, 1}).equal(xgrad::tensor({{5.f, 4.f, 3.f}, {2.f, 1.f, 0.f}})));
  CHECK(x.t().flip(1).equal(xgrad::tensor({{3.f, 0.f}, {4.f, 1.f}, {5.f, 2.f}})));
  CHECK(x.roll(1, 1).equal(xgrad::tensor({{2.f, 0.f, 1.f}, {5.f, 3.f, 4.f}})));
  CHECK(x.roll(-1).equal(xgrad::tensor({{1.f, 2.f, 3.f}, {4.f, 5.f, 0.f}})));
  CHECK(x.rot90().equal(xgrad::tensor({{2.f, 5.f}, {1.f, 4.f}, {0.f, 3.f}})));
  CHECK(x.rot90(-1).equal(xgrad::tensor({{3.f, 0.f}, {4.f, 1.f}, {5.f, 2.f}})));
  CHECK(x.repeat({1, 2}).equal(xgrad::tensor({{0.f, 1.f, 2.f, 0.f, 1.f, 2.f}, {3.f, 4.f, 5.f, 3.f, 4.f, 5.f}})));
  CHECK(x[0].tile({2, 1}).equal(xgrad::tensor({{0.f, 1.f, 2.f}, {0.f, 1.f, 2.f}})));
  CHECK(x.repeat_interleave(xgrad::tensor({2, 0, 1}), 1)
            .equal(xgrad::tensor({{0.f, 0.f, 2.f}, {3.f, 3.f, 5.f}})));
  CHECK(xgrad::repeat_interleave(xgrad::tensor({1, 0, 2})).equal(xgrad::tensor({0, 2, 2})));
  CHECK(xgrad::tril_indices(3, 3).equal(xgrad::tensor({{0, 1, 1, 2, 2, 2}, {0, 0, 1, 0, 1, 2}})));
  CHECK(xgrad::triu_indices(2, 3, 1).equal(xgrad::tensor({{0, 0, 1}, {1, 2, 2}})));
  CHECK(xgrad::tril_indices(3, 2, -1, xgrad::kFloat).is_floating_point());
  CHECK(xgrad::combinations(xgrad::tensor({1.f, 2.f, 3.f}))
            .equal(xgrad::tensor({{1.f, 2.f}, {1.f, 3.f}, {2.f, 3.f}})));
  CHECK(xgrad::combinations(xgrad::tensor({1.f, 2.f}), 2, true)
            .equal(xgrad::tensor({{1.f, 1.f}, {1.f, 2.f}, {2.f, 2.f}})));
  CHECK(xgrad::vander(xgrad::tensor({2.f, 3.f}), 3).equal(xgrad::tensor({{4.f, 2.f, 1.f}, {9.f, 3.f, 1.f}})));
  CHECK(xgrad::vander(xgrad::tensor({2, 3}), std::nullopt, true).equal(xgrad::tensor({{1, 2}, {1, 3}})));
  CHECK(xgrad::linalg_vander(xgrad::tensor({{2.f}, {3.f}}), 3)
            .equal(xgrad::tensor({{{1.f, 2.f, 4.f}}, {{1.f, 3.f, 9.f}}})));
}

TEST_CASE("einsum matches the products it spells") {
  Tensor a = xgrad::randn({3, 4}, xgrad::kDouble), b = xgrad::randn({4, 5}, xgrad::kDouble);
  Tensor c = xgrad::randn({2, 3, 4}, xgrad::kDouble), d = xgrad::randn({2, 4, 5}, xgrad::kDouble);
  Tensor v = xgrad::randn({4}, xgrad::kDouble), sq = xgrad::randn({4, 4}, xgrad::kDouble);
  CHECK(xgrad::einsum("ij,jk->ik", {a, b}).allclose(a.mm(b)));
  CHECK(xgrad::einsum("ij,jk", {a, b}).allclose(a.mm(b)));
  CHECK(xgrad::einsum("bij,bjk->bik", {c, d}).allclose(c.bmm(d)));
  CHECK(xgrad::einsum("...ij,...jk->...ik", {c, d}).allclose(c.bmm(d)));
  CHECK(xgrad::einsum("bij,bjk->bki", {c, d}).allclose(c.bmm(d).permute({0, 2, 1})));
  CHECK(xgrad::einsum("ij->ji", {a}).equal(a.t()));
  CHECK(xgrad::einsum("ij->j", {a}).allclose(a.sum({0})));
  CHECK(xgrad::einsum("ij->", {a}).allclose(a.sum()));
  CHECK(xgrad::einsum("ii", {sq}).allclose(sq.diagonal().sum()));
  CHECK(xgrad::einsum("ii->i", {sq}).equal(sq.diagonal()));
  CHECK(xgrad::einsum("i,i", {v, v}).allclose(v.dot(v)));
  CHECK(xgrad::einsum("i,j->ij", {v, v}).allclose(xgrad::outer(v, v)));
  CHECK(xgrad::einsum("ij,j->i", {a, v}).allclose(a.mv(v)));
  CHECK(xgrad::einsum("...j,kj->...k", {c, b.t()}).allclose(c.matmul(b)));
  CHECK(xgrad::einsum("bij->ij", {c}).allclose(c.sum({0})));
  CHECK(xgrad::einsum("Ab,bc->Ac", {a, b}).allclose(a.mm(b)));  // upper-case labels
  CHECK(xgrad::einsum(" i j , j k -> i k ", {a, b}).allclose(a.mm(b)));
  // Three operands, contracted left to right.
  Tensor e = xgrad::randn({5, 2}, xgrad::kDouble);
  CHECK(xgrad::einsum("ij,jk,kl->il", {a, b, e}).allclose(a.mm(b).mm(e)));
  // Broadcasting size-1 dims and ellipses of different lengths.
  Tensor row = xgrad::randn({1, 4}, xgrad::kDouble);
  CHECK(xgrad::einsum("ij,ij->ij", {a, row}).allclose(a * row));
  CHECK(xgrad::einsum("...i,i->...", {c, v}).allclose(c.matmul(v)));
}

TEST_CASE("gradcheck: reordering") {
  Tensor x = leaf({3, 4}), x3 = leaf({2, 3, 4});
  CHECK(check([](auto& in) { return in[0].flip({0, -1}); }, {x3}));
  CHECK(check([](auto& in) { return xgrad::fliplr(in[0]); }, {x}));
  CHECK(check([](auto& in) { return in[0].flipud(); }, {x}));
  CHECK(check([](auto& in) { return in[0].roll({1, -2}, {0, 1}); }, {x}));
  CHECK(check([](auto& in) { return xgrad::roll(in[0], 5); }, {x}));
  for (int64_t k : {1, 2, 3, -1, 0})
    CHECK(check([k](auto& in) { return in[0].rot90(k, {2, 0}); }, {x3}));
  CHECK(check([](auto& in) { return in[0].repeat({2, 1, 3}); }, {x}));
  CHECK(check([](auto& in) { return xgrad::tile(in[0], {2}); }, {x}));
  CHECK(check([](auto& in) { return in[0].repeat_interleave(2); }, {x}));
  CHECK(check([](auto& in) { return xgrad::repeat_interleave(in[0], 3, 1); }, {x}));
  CHECK(check([](auto& in) { return in[0].repeat_interleave(xgrad::tensor({1, 0, 2}), 0); }, {x}));
}

TEST_CASE("gradcheck: triangles, diagonals and scatters") {
  Tensor x = leaf({3, 4}), x3 = leaf({2, 3, 4}), v = leaf({3});
  CHECK(check([](auto& in) { return in[0].tril(1); }, {x3}));
  CHECK(check([](auto& in) { return xgrad::triu(in[0], -1); }, {x}));
  CHECK(check([](auto& in) { return (in[0] * 1).tril_(); }, {x}));
  CHECK(check([](auto& in) { return (in[0] * 1).triu_(1); }, {x}));
  CHECK(check([](auto& in) { return in[0].diagonal(1, 2, 0); }, {x3}));
  CHECK(check([](auto& in) { return xgrad::diagonal(in[0], -1); }, {x}));
  CHECK(check([](auto& in) { return in[0].diag(1); }, {x}));
  CHECK(check([](auto& in) { return xgrad::diag(in[0], -2); }, {v}));
  CHECK(check([](auto& in) { return in[0].diag_embed(1, 0, 2); }, {x}));
  CHECK(check([](auto& in) { return in[0].diagflat(1); }, {x}));
  Tensor s3 = leaf({3}), s4 = leaf({4}), s2 = leaf({2, 2}), row = leaf({1, 4});
  CHECK(check([](auto& in) { return xgrad::diagonal_scatter(in[0], in[1]); }, {x, s3}));
  CHECK(check([](auto& in) { return in[0].select_scatter(in[1], 0, -1); }, {x, s4}));
  CHECK(check([](auto& in) { return xgrad::slice_scatter(in[0], in[1], 0, 1, 2); }, {x, row}));
  CHECK(check([](auto& in) { return in[0].as_strided_scatter(in[1], {2, 2}, {1, 2}, 1); }, {x, s2}));
}

TEST_CASE("gradcheck: views") {
  Tensor x = leaf({3, 4}), x3 = leaf({2, 3, 4}), col = leaf({3, 1});
  CHECK(check([](auto& in) { return in[0].movedim({0, 1}, {2, 0}); }, {x3}));
  CHECK(check([](auto& in) { return xgrad::moveaxis(in[0], 0, -1); }, {x3}));
  CHECK(check([](auto& in) { return xgrad::swapdims(in[0], 0, 2); }, {x3}));
  CHECK(check([](auto& in) { return in[0].t().ravel(); }, {x}));
  CHECK(check([](auto& in) { return in[0].unflatten(-1, {2, -1}); }, {x}));
  CHECK(check([](auto& in) { return in[0].unfold(1, 2, 1); }, {x}));
  CHECK(check([](auto& in) { return in[0].unfold(0, 2, 2); }, {x3}));
  CHECK(check([](auto& in) { return in[0].broadcast_to({2, 3, 4}); }, {col}));
  CHECK(check_multi([](auto& in) { return xgrad::broadcast_tensors({in[0], in[1]}); }, {col, leaf({4})}));
  CHECK(check([](auto& in) { return xgrad::as_strided(in[0], {3, 3}, {1, 1}); }, {leaf({6})}));
  CHECK(check([](auto& in) { return in[0].as_strided({2, 2}, {4, 1}, 5); }, {x}));
  CHECK(check([](auto& in) { return in[0].sum_to_size({3, 1}); }, {x3}));
  CHECK(check([](auto& in) { return in[0].mT(); }, {x3}));
  CHECK(check([](auto& in) { return in[0].numpy_T(); }, {x3}));
  CHECK(check([](auto& in) {
    Tensor y = in[0] * 1;
    y.t_();
    return y;
  }, {x}));
  CHECK(check([](auto& in) {
    Tensor y = in[0] * 1;
    y.transpose_(0, 2).unsqueeze_(1).squeeze_(1);
    return y;
  }, {x3}));
  CHECK(check([](auto& in) {
    Tensor y = in[0] * 1;
    xgrad::as_strided_(y, {2, 2}, {1, 3}, 1);
    return y;
  }, {x}));
  CHECK(check_multi([](auto& in) { return xgrad::atleast_2d({in[0], in[1]}); }, {leaf({}), leaf({3})}));
}

TEST_CASE("gradcheck: joining, splitting and tensor products") {
  Tensor a = leaf({2, 3}), b = leaf({2, 3}), v = leaf({3}), w = leaf({2});
  CHECK(check([](auto& in) { return xgrad::hstack({in[0], in[1]}); }, {a, b}));
  CHECK(check([](auto& in) { return xgrad::vstack({in[0], in[1]}); }, {a, v}));
  CHECK(check([](auto& in) { return xgrad::row_stack({in[0], in[1]}); }, {v, v}));
  CHECK(check([](auto& in) { return xgrad::dstack({in[0], in[1]}); }, {a, b}));
  CHECK(check([](auto& in) { return xgrad::column_stack({in[0], in[1]}); }, {w, a}));
  CHECK(check([](auto& in) { return xgrad::concat({in[0], in[1]}, 1); }, {a, b}));
  CHECK(check([](auto& in) { return xgrad::concatenate({in[0], in[1]}); }, {a, b}));
  CHECK(check_multi([](auto& in) { return in[0].tensor_split(2, 1); }, {a}));
  CHECK(check_multi([](auto& in) { return xgrad::tensor_split(in[0], {1, 2}, 1); }, {a}));
  CHECK(check_multi([](auto& in) { return in[0].tensor_split(xgrad::tensor({1}), 0); }, {a}));
  CHECK(check_multi([](auto& in) { return in[0].hsplit({1}); }, {a}));
  CHECK(check_multi([](auto& in) { return xgrad::vsplit(in[0], 2); }, {a}));
  CHECK(check_multi([](auto& in) { return in[0].dsplit({1}); }, {leaf({2, 2, 3})}));
  CHECK(check_multi([](auto& in) { return xgrad::meshgrid({in[0], in[1]}, "xy"); }, {v, w}));
  CHECK(check([](auto& in) { return xgrad::kron(in[0], in[1]); }, {a, v}));
  CHECK(check([](auto& in) { return xgrad::tensordot(in[0], in[1], {0}, {1}); }, {a, leaf({3, 2})}));
  CHECK(check([](auto& in) { return xgrad::tensordot(in[0], in[1], {1}, {0}); }, {a, leaf({1, 4})}));
  CHECK(check([](auto& in) { return xgrad::inner(in[0], in[1]); }, {a, v}));
  CHECK(check([](auto& in) { return in[0].inner(in[1]); }, {leaf({}), v}));
  CHECK(check([](auto& in) { return xgrad::einsum("ij,kj->ik", {in[0], in[1]}); }, {a, b}));
  CHECK(check([](auto& in) { return xgrad::einsum("ii->i", {in[0]}); }, {leaf({3, 3})}));
  CHECK(check([](auto& in) { return xgrad::einsum("...ij,j->...i", {in[0], in[1]}); }, {leaf({2, 2, 3}), v}));
  CHECK(check([](auto& in) { return xgrad::einsum("ij,jk,k->i", {in[0], in[1], in[2]}); },
              {a, leaf({3, 2}), w}));
  CHECK(check([](auto& in) { return xgrad::block_diag({in[0], in[1]}); }, {a, v}));
  CHECK(check([](auto& in) { return xgrad::cartesian_prod({in[0], in[1]}); }, {v, w}));
  CHECK(check([](auto& in) { return xgrad::combinations(in[0], 2, true); }, {v}));
  CHECK(check([](auto& in) { return xgrad::vander(in[0], 4); }, {v}));
  CHECK(check([](auto& in) { return xgrad::linalg_vander(in[0]); }, {a}));
}

TEST_CASE("out= forms resize out and write the result") {
  Tensor x = xgrad::arange(6, xgrad::kFloat).reshape({2, 3});
  Tensor out = xgrad::empty({0});
  xgrad::flip_out(out, x, {1});
  CHECK(out.equal(x.flip(1)));
  CHECK(xgrad::roll_outf(x, {1}, {0}, out).equal(x.roll(1, 0)));
  CHECK(xgrad::rot90_out(out, x).equal(x.rot90()));
  CHECK(xgrad::repeat_out(out, x, {2, 1}).equal(x.repeat({2, 1})));
  CHECK(xgrad::tril_out(out, x, -1).equal(x.tril(-1)));
  CHECK(xgrad::triu_outf(x, 1, out).equal(x.triu(1)));
  CHECK(xgrad::diag_out(out, x).equal(x.diag()));
  CHECK(xgrad::diag_embed_outf(x, 0, -2, -1, out).equal(x.diag_embed()));
  CHECK(xgrad::hstack_out(out, {x, x}).equal(xgrad::cat({x, x}, 1)));
  CHECK(xgrad::vstack_outf({x, x}, out).equal(xgrad::cat({x, x}, 0)));
  CHECK(xgrad::cat_out(out, {x, x}, 1).equal(xgrad::cat({x, x}, 1)));
  CHECK(xgrad::kron_out(out, x, x).equal(xgrad::kron(x, x)));
  CHECK(xgrad::inner_out(out, x, x).equal(xgrad::inner(x, x)));
  CHECK(xgrad::narrow_copy_out(out, x, 1, 1, 2).equal(x.narrow(1, 1, 2)));
  CHECK(xgrad::block_diag_outf({x}, out).equal(x));
  Tensor idx = xgrad::empty({0}, xgrad::kLong);
  CHECK(xgrad::tril_indices_out(idx, 2, 2).equal(xgrad::tril_indices(2, 2)));
  CHECK(xgrad::repeat_interleave_out(idx, xgrad::tensor({2, 1})).equal(xgrad::tensor({0, 0, 1})));
  // An out of the result's shape keeps its storage.
  Tensor same = xgrad::zeros({2, 3});
  void* p = same.data_ptr();
  xgrad::flip_out(same, x, {0});
  CHECK(same.data_ptr() == p);
  CHECK(same.equal(x.flip(0)));
}

TEST_CASE("in-place forms") {
  Tensor x = xgrad::arange(9, xgrad::kFloat).reshape({3, 3});
  Tensor y = x.clone();
  CHECK(&y.tril_() == &y);
  CHECK(y.equal(x.tril()));
  y = x.clone();
  y.triu_(1);
  CHECK(y.equal(x.triu(1)));
  Tensor z = x.clone();
  z.t_();
  CHECK(z.equal(x.t()));
  z.unsqueeze_(0);
  CHECK(z.sizes() == xgrad::IntArrayRef({1, 3, 3}));
  z.squeeze_();
  CHECK(z.sizes() == xgrad::IntArrayRef({3, 3}));
  z.swapdims_(0, 1);
  CHECK(z.equal(x));
  xgrad::as_strided_(z, {3}, {4});
  CHECK(z.equal(xgrad::tensor({0.f, 4.f, 8.f})));
  Tensor leaf = xgrad::zeros({2, 2}).requires_grad_();
  CHECK(message([&] { leaf.t_(); }) == "a leaf Variable that requires grad is being used in an in-place operation.");
  CHECK(message([&] { leaf.tril_(); }) == "a leaf Variable that requires grad is being used in an in-place operation.");
}

TEST_CASE("torch:: function forms of clone, detach, slice") {
  Tensor x = xgrad::randn({3, 2}).requires_grad_();
  CHECK(xgrad::clone(x).equal(x));
  CHECK(name(xgrad::clone(x)) == "CloneBackward0");
  CHECK_FALSE(xgrad::detach(x).requires_grad());
  CHECK(xgrad::slice(x, 0, 1).equal(x.slice(0, 1)));
  CHECK(name(xgrad::slice(x, 0, 1)) == "SliceBackward0");
  Tensor y = x * 1;
  xgrad::detach_(y);
  CHECK_FALSE(y.requires_grad());
}

TEST_CASE("errors carry libtorch's texts") {
  Tensor x = xgrad::zeros({3, 4}), v = xgrad::zeros({4}), s = xgrad::zeros({});
  CHECK(message([&] { x.flip({0, 0}); }) == "flip: dim 0 appears multiple times in the list of dims");
  CHECK(message([&] { v.fliplr(); }) == "fliplr: Input must be >= 2-d.");
  CHECK(message([&] { x.roll({1, 2}, {0}); }) == "roll: shifts and dimensions must align. shifts: 2, dims:1");
  CHECK(message([&] { x.roll({}, {}); }) == "roll: `shifts` required");
  CHECK(message([&] { x.rot90(1, {0}); }) == "rot90: expected total rotation dims == 2, but got dims = 1");
  CHECK(message([&] { x.rot90(1, {0, 0}); }) ==
        "rot90: expected rotation dims to be different, but got dim0 = 0 and dim1 = 0");
  CHECK(message([&] { x.rot90(1, {0, 2}); }) ==
        "rot90: expected rotation dims to be different, but got dim0 = 0 and dim1 = 2");
  CHECK(message([&] { v.rot90(); }) == "rot90: expected total dims >= 2, but got total dims = 1");
  CHECK(message([&] { x.repeat({2}); }) ==
        "repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  CHECK(message([&] { x.repeat({2, -1}); }) == "repeat: Trying to create tensor with negative dimension -4: [6, -4]");
  CHECK(message([&] { x.repeat_interleave(-1); }) == "repeat_interleave: repeats can not be negative");
  CHECK(message([&] { x.repeat_interleave(xgrad::ones({2, 2}, xgrad::kLong), 0); }) ==
        "repeat_interleave: repeats must be 0-dim or 1-dim tensor");
  CHECK(message([&] { x.repeat_interleave(xgrad::tensor({1, 2}), 0); }) ==
        "repeat_interleave: repeats must have the same size as input along dim");
  CHECK(message([&] { v.tril(); }) ==
        "tril: dimension out of range (expected to be in range of [-1, 0], but got -2)");
  CHECK(message([&] { xgrad::tril_indices(-1, 3); }) == "tril_indices: row must be non-negative, got-1");
  CHECK(message([&] { xgrad::zeros({2, 2, 2}).diag(); }) == "diag: matrix or a vector expected");
  CHECK(message([&] { x.diagonal(0, 1, 1); }) == "diagonal: diagonal dimensions cannot be identical 1, 1");
  CHECK(message([&] { v.diag_embed(0, 0, 0); }) == "diag_embed: diagonal dimensions cannot be identical 0, 0");
  CHECK(message([&] { xgrad::diagonal_scatter(x, xgrad::zeros({4})); }) ==
        "diagonal_scatter: expected src to have a size equal to the slice of self. src size = [4], slice size = [3]");
  CHECK(message([&] { xgrad::select_scatter(x, xgrad::zeros({3}), 0, 0); }) ==
        "select_scatter: expected src to have a size equal to the slice of self. src size = [3], slice size = [4]");
  CHECK(message([&] { xgrad::as_strided_scatter(x, xgrad::zeros({3, 3}), {2, 2}, {1, 2}); }) ==
        "as_strided_scatter: expected src to have a size equal to the slice of self. src size = [3, 3], slice size "
        "= [2, 2]");
  CHECK(message([&] { x.movedim({0, 1}, {0}); }) ==
        "movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as "
        "destination ([0] dims)");
  CHECK(message([&] { x.movedim({0, 0}, {0, 1}); }) == "movedim: repeated dim in `source` ([0, 0])");
  CHECK(message([&] { x.movedim({0, 1}, {0, 0}); }) == "movedim: repeated dim in `destination` ([0, 0])");
  CHECK(message([&] { x.unflatten(1, {3, 2}); }) ==
        "unflatten: Provided sizes [3, 2] don't multiply up to the size of dim 1 (4) in the input tensor");
  CHECK(message([&] { x.unflatten(1, {}); }) == "unflatten: sizes must be non-empty");
  CHECK(message([&] { x.unfold(1, 5, 1); }) == "unfold: maximum size for tensor at dimension 1 is 4 but size is 5");
  CHECK(message([&] { x.unfold(1, 2, 0); }) == "unfold: step is 0 but must be > 0");
  CHECK(message([&] { x.broadcast_to({3, 5}); }) ==
        "expand: The expanded size of the tensor (5) must match the existing size (4) at non-singleton dimension 1.  "
        "Target sizes: [3, 5].  Tensor sizes: [3, 4]");
  CHECK(message([&] { x.as_strided({2, 2}, {-1, 1}); }) ==
        "as_strided: Negative strides are not supported at the moment, got strides: [-1, 1]");
  CHECK(message([&] { x.as_strided({2, 2}, {1}); }) == "as_strided: mismatch in length of strides and shape");
  CHECK(message([&] { x.as_strided({20, 2}, {1, 1}); }) ==
        "setStorage: sizes [20, 2], strides [1, 1], storage offset 0, and itemsize 4 requiring a storage size of 84 "
        "are out of bounds for storage of size 48");
  CHECK(message([&] { x.sum_to_size({2, 4}); }) == "sum_to_size: size {[2, 4]} is not expandable to size {[3, 4]}.");
  CHECK(message([&] { v.adjoint(); }) ==
        "tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D tensor.");
  CHECK(message([&] { v.mT(); }) == "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.");
  CHECK(message([&] { v.mH(); }) == "tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.");
  CHECK(message([&] { x.narrow_copy(0, 2, 2); }) == "narrow_copy: start (2) + length (2) exceeds dimension size (3).");
  CHECK(message([&] { xgrad::hstack({}); }) == "hstack expects a non-empty TensorList");
  CHECK(message([&] { x.tensor_split(0); }) == "number of sections must be larger than 0, got 0");
  CHECK(message([&] { s.tensor_split(2); }) ==
        "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  CHECK(message([&] { x.tensor_split(xgrad::tensor({1.f})); }) ==
        "tensor_split expected tensor_indices_or_sections to have dtype of long, but got Float");
  CHECK(message([&] { x.tensor_split(xgrad::tensor({{1}})); }) ==
        "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got "
        "a tensor with 2 dims");
  CHECK(message([&] { s.hsplit(2); }) ==
        "torch.hsplit requires a tensor with at least 1 dimension, but got a tensor with 0 dimensions!");
  CHECK(message([&] { x.hsplit(3); }) ==
        "torch.hsplit attempted to split along dimension 1, but the size of the dimension 4 is not divisible by the "
        "split_size 3!");
  CHECK(message([&] { v.vsplit(2); }) ==
        "torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with 1 dimensions!");
  CHECK(message([&] { x.dsplit(2); }) ==
        "torch.dsplit requires a tensor with at least 3 dimension, but got a tensor with 2 dimensions!");
  CHECK(message([&] { xgrad::meshgrid({v, v}, "ab"); }) ==
        "torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: ab");
  CHECK(message([&] { xgrad::meshgrid({}, "ij"); }) == "meshgrid expects a non-empty TensorList");
  CHECK(message([&] { xgrad::meshgrid({v, v.to(xgrad::kDouble)}); }) ==
        "meshgrid expects all tensors to have the same dtype");
  CHECK(message([&] { xgrad::block_diag({xgrad::zeros({2, 2, 2})}); }) ==
        "torch.block_diag: Input tensors must have 2 or fewer dimensions. Input 0 has 3 dimensions");
  CHECK(message([&] { xgrad::cartesian_prod({x, v}); }) == "cartesian_prod: Expect a 1D vector, but got shape [3, 4]");
  CHECK(message([&] { xgrad::combinations(v, -1); }) == "combinations: Expect a non-negative number, but got -1");
  CHECK(message([&] { xgrad::tensordot(x, x, {0}, {1}); }) ==
        "tensordot: contracted dimensions need to match, but first has size 3 in dim 0 and second has size 4 in dim "
        "1");
  CHECK(message([&] { xgrad::tensordot(x, x, {0, 1}, {1}); }) ==
        "tensordot: both dimension lists should have same length");
  CHECK(message([&] { xgrad::inner(x, xgrad::zeros({3})); }) ==
        "inner() the last dimension must match on both input tensors but got shapes [3, 4] and [3]");
  CHECK(message([&] { xgrad::einsum("ij,jk", {x}); }) ==
        "einsum(): fewer operands were provided than specified in the equation");
  CHECK(message([&] { xgrad::einsum("ij", {x, x}); }) ==
        "einsum(): more operands were provided than specified in the equation");
  CHECK(message([&] { xgrad::einsum("ijk", {x}); }) ==
        "einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for "
        "operand 0 and no ellipsis was given");
  CHECK(message([&] { xgrad::einsum("ij->k", {x}); }) ==
        "einsum(): output subscript k does not appear in the equation for any input operand");
  CHECK(message([&] { xgrad::einsum("ij->ii", {x}); }) ==
        "einsum(): output subscript i appears more than once in the output");
  CHECK(message([&] { xgrad::einsum("ij,ij->i", {x, xgrad::zeros({3, 5})}); }) ==
        "einsum(): subscript j has size 5 for operand 1 which does not broadcast with previously seen size 4");
  CHECK(message([&] { xgrad::einsum("ii", {x}); }) ==
        "einsum(): subscript i is repeated for operand 0 but the sizes don't match, 4 != 3");
  CHECK(message([&] { xgrad::einsum("i1", {x}); }) ==
        "einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]");
  CHECK(message([&] { xgrad::einsum("..i", {x}); }) ==
        "einsum(): found '.' for operand 0 that is not part of any ellipsis");
  CHECK(message([&] { xgrad::vander(x); }) == "vander: x must be a one-dimensional tensor.");
  CHECK(message([&] { xgrad::vander(v, -1); }) == "vander: N must be non-negative.");
  CHECK(message([&] { xgrad::linalg_vander(v, 1); }) == "linalg.vander: N must be greater than 1.");
}
