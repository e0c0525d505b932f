// Indexing ops (ops/indexing.cpp): gather/scatter, masks, index_*, take/put, where, nonzero and the
// torch::indexing API. Expected values are by hand on small tensors; node names and error texts are
// PyTorch 1.13.1's (printed by /usr/bin/python3).
#include <doctest/doctest.h>

#include <xgrad/autograd/gradcheck.h>
#include <xgrad/indexing.h>
#include <xgrad/xgrad.h>

#include <string>
#include <vector>

#include "test_helpers.h"

using namespace xgrad::indexing;
using test_helpers::grad_fn_name;
using test_helpers::iota;
using test_helpers::leaf;
using test_helpers::values;
using test_helpers::V;
using xgrad::Tensor;
using xgrad::autograd::gradcheck;
using In = std::vector<Tensor>;

namespace {
Tensor longs(std::initializer_list<int64_t> v) { return xgrad::tensor(std::vector<int64_t>(v)); }
Tensor dbl(std::initializer_list<double> v) { return xgrad::tensor(std::vector<double>(v), xgrad::kDouble); }
}  // namespace

#define CHECK_ERROR(expr, text) CHECK_THROWS_WITH_AS(expr, text, xgrad::Error)

TEST_CASE("gather and scatter: values, node names") {
  Tensor x = iota({3, 4});
  Tensor i = xgrad::tensor({{0, 1, 2, 0}, {2, 1, 0, 1}});
  CHECK(values(x.gather(0, i)) == V{0, 5, 10, 3, 8, 5, 2, 7});
  CHECK(values(xgrad::gather(x, 1, xgrad::tensor({{3}, {0}, {1}}))) == V{3, 4, 9});
  Tensor z = xgrad::zeros({3, 4}, xgrad::kDouble);
  Tensor s = iota({2, 4}) + 1;
  CHECK(values(z.scatter(0, i, s)) == V{1, 0, 7, 4, 0, 6, 0, 8, 5, 0, 3, 0});
  CHECK(values(z.scatter(1, xgrad::tensor({{1}, {3}, {0}}), 2.5)) == V{0, 2.5, 0, 0, 0, 0, 0, 2.5, 2.5, 0, 0, 0});
  CHECK(values(xgrad::ones({3}, xgrad::kDouble).scatter_add(0, longs({0, 0, 2}), dbl({1.0, 2.0, 3.0}))) ==
        V{4, 1, 4});
  CHECK(values(xgrad::ones({3}, xgrad::kDouble).scatter(0, longs({0, 0, 2}), dbl({2.0, 3.0, 4.0}), "multiply")) ==
        V{6, 1, 4});
  CHECK(values(xgrad::ones({3}, xgrad::kDouble).scatter(0, longs({1, 1}), 2.0, "add")) == V{1, 5, 1});
  Tensor src = dbl({5.0, 1.0, 3.0, 4.0});
  Tensor ix = longs({0, 0, 1, 1});
  Tensor base = dbl({2.0, 10.0});
  CHECK(values(base.scatter_reduce(0, ix, src, "sum")) == V{8, 17});
  CHECK(values(base.scatter_reduce(0, ix, src, "prod")) == V{10, 120});
  CHECK(values(base.scatter_reduce(0, ix, src, "mean")) == V{8.0 / 3, 17.0 / 3});
  CHECK(values(base.scatter_reduce(0, ix, src, "amax")) == V{5, 10});
  CHECK(values(base.scatter_reduce(0, ix, src, "amin", false)) == V{1, 3});
  CHECK(values(base.scatter_reduce(0, ix, src, "mean", false)) == V{3, 3.5});

  Tensor w = leaf({3, 4});
  Tensor sw = leaf({2, 4});
  CHECK(grad_fn_name(w.gather(0, i)) == "GatherBackward0");
  CHECK(grad_fn_name(w.scatter(0, i, sw)) == "ScatterBackward0");
  CHECK(grad_fn_name(w.scatter(0, i, 1.0)) == "ScatterBackward1");
  CHECK(grad_fn_name(w.scatter_add(0, i, sw)) == "ScatterAddBackward0");
  CHECK(grad_fn_name(w.scatter_reduce(0, i, sw, "amax")) == "ScatterReduceBackward0");
  Tensor r = w.scatter(0, i, sw, "add");
  CHECK(grad_fn_name(r) == "torch::autograd::NotImplemented");
  CHECK_ERROR(r.sum().backward(), "derivative for aten::scatter is not implemented");
}

TEST_CASE("gradcheck: gather, scatter (src, value), scatter_add, scatter_reduce (every reduce)") {
  Tensor x = leaf({3, 4});
  Tensor s = leaf({2, 4});
  Tensor i = xgrad::tensor({{0, 1, 2, 0}, {2, 1, 0, 1}});
  Tensor distinct = xgrad::tensor({{0, 1, 2, 0}, {2, 0, 1, 1}});
  CHECK(gradcheck([&](const In& in) { return in[0].gather(0, i); }, {x}));
  CHECK(gradcheck([&](const In& in) { return in[0].gather(1, xgrad::tensor({{3, 3}, {0, 1}, {2, 2}})); }, {x}));
  CHECK(gradcheck([&](const In& in) { return in[0].scatter(0, distinct, in[1]); }, {x, s}));
  CHECK(gradcheck([&](const In& in) { return in[0].scatter(0, i, 0.5); }, {x}));
  CHECK(gradcheck([&](const In& in) { return xgrad::scatter_add(in[0], 0, i, in[1]); }, {x, s}));
  for (const char* reduce : {"sum", "prod", "mean", "amax", "amin"}) {
    for (bool include_self : {true, false}) {
      INFO(reduce << " include_self=" << include_self);
      CHECK(gradcheck([&](const In& in) { return in[0].scatter_reduce(0, i, in[1], reduce, include_self); }, {x, s}));
    }
  }
  // prod with zeros: the product of the others.
  Tensor zx = dbl({0.0, 2.0, 3.0}).requires_grad_();
  Tensor zs = dbl({4.0, 0.0, 5.0, 0.0}).requires_grad_();
  CHECK(gradcheck([&](const In& in) { return in[0].scatter_reduce(0, longs({0, 1, 2, 2}), in[1], "prod"); }, {zx, zs}));
}

TEST_CASE("scatter_, scatter_add_, scatter_reduce_ in place, and the out= forms") {
  Tensor a = xgrad::zeros({3}, xgrad::kDouble);
  a.scatter_(0, longs({2}), dbl({7.0}));
  a.scatter_(0, longs({0}), 1.0);
  a.scatter_add_(0, longs({2, 2}), dbl({1.0, 1.0}));
  a.scatter_reduce_(0, longs({0}), dbl({-3.0}), "amin");
  a.scatter_(0, longs({1}), dbl({2.0}), "add");
  a.scatter_(0, longs({2}), 2.0, "multiply");
  CHECK(values(a) == V{-3, 2, 18});
  Tensor out = xgrad::empty({0}, xgrad::kDouble);
  xgrad::gather_out(out, iota({4}), 0, longs({3, 1}));
  CHECK(values(out) == V{3, 1});
  xgrad::scatter_add_outf(xgrad::zeros({2}, xgrad::kDouble), 0, longs({1, 1}), dbl({1.0, 2.0}), out);
  CHECK(values(out) == V{0, 3});
  // Recorded in place: the gradient of the old value, through ScatterBackward0.
  Tensor x = leaf({3});
  Tensor y = x * 2;
  y.scatter_(0, longs({1}), 0.0);
  CHECK(grad_fn_name(y) == "ScatterBackward1");
  y.sum().backward();
  CHECK(values(x.grad()) == V{2, 0, 2});
  Tensor p = leaf({2, 3});
  Tensor s = leaf({2, 3});
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).scatter_reduce_(1, xgrad::tensor({{0, 0, 2}, {1, 1, 1}}), in[1], "mean"); },
                  {p, s}));
}

TEST_CASE("gather and scatter errors: libtorch's texts") {
  Tensor x = xgrad::randn({3, 4});
  CHECK_ERROR(x.gather(0, longs({1})), "Index tensor must have the same number of dimensions as input tensor");
  CHECK_ERROR(x.gather(0, xgrad::tensor({{5}})), "index 5 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.gather(0, xgrad::tensor({{1, 2, 3, 0, 1}})),
              "Size does not match at dimension 1 expected index [1, 5] to be smaller than self [3, 4] apart from "
              "dimension 0");
  CHECK_ERROR(x.gather(0, xgrad::tensor({{1.0}})), "gather(): Expected dtype int64 for index");
  CHECK_ERROR(x.gather(3, xgrad::tensor({{1}})), "Dimension out of range (expected to be in range of [-2, 1], but got 3)");
  CHECK_ERROR(x.scatter(0, xgrad::tensor({{5}}), 1.0), "index 5 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.scatter(0, xgrad::tensor({{-1}}), 1.0), "index -1 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.scatter(0, xgrad::tensor({{1}}), xgrad::ones({1, 1}, xgrad::kDouble)),
              "scatter(): Expected self.dtype to be equal to src.dtype");
  CHECK_ERROR(x.scatter(0, xgrad::tensor({{1, 1, 1, 1, 1}}), xgrad::ones({1, 5})),
              "Expected index [1, 5] to be smaller than self [3, 4] apart from dimension 0 and to be smaller size than "
              "src [1, 5]");
  CHECK_ERROR(x.scatter(0, xgrad::tensor({{1, 1}}), xgrad::ones({1, 1})),
              "Expected index [1, 2] to be smaller than self [3, 4] apart from dimension 0 and to be smaller size than "
              "src [1, 1]");
  CHECK_ERROR(x.scatter(0, xgrad::tensor({{1}}), xgrad::ones({1, 1}), "foo"),
              "reduce argument must be either add or multiply.");
  CHECK_ERROR(x.scatter_reduce(0, xgrad::tensor({{1}}), xgrad::ones({1, 1}), "foo"),
              "reduce argument must be either sum, prod, mean, amax or amin.");
  CHECK_ERROR(x.scatter_add(0, xgrad::tensor({{1}}), xgrad::ones({1, 1}, xgrad::kDouble)),
              "scatter(): Expected self.dtype to be equal to src.dtype");
  CHECK_ERROR(x.scatter_add(0, xgrad::tensor({{1.0}}), xgrad::ones({1, 1})), "scatter(): Expected dtype int64 for index");
}

TEST_CASE("masked_fill, masked_select, masked_scatter: values, broadcasting, in place, node names") {
  Tensor x = iota({2, 3});
  Tensor m = xgrad::tensor({{true, false, true}, {false, false, true}});
  CHECK(values(x.masked_fill(m, -1)) == V{-1, 1, -1, 3, 4, -1});
  CHECK(values(x.masked_fill(xgrad::tensor({false, true, false}), xgrad::tensor(9.0))) == V{0, 9, 2, 3, 9, 5});
  CHECK(values(x.masked_select(m)) == V{0, 2, 5});
  CHECK(values(xgrad::masked_select(iota({3}), m)) == V{0, 2, 2});  // self broadcast to the mask
  CHECK(values(x.masked_scatter(m, dbl({10.0, 20.0, 30.0, 40.0}))) == V{10, 1, 20, 3, 4, 30});
  Tensor y = x.clone();
  y.masked_fill_(xgrad::tensor({true, false, false}), 7);
  y.masked_scatter_(xgrad::tensor({{false, false, false}, {true, true, false}}), dbl({-1.0, -2.0}));
  CHECK(values(y) == V{7, 1, 2, -1, -2, 5});
  Tensor out = xgrad::empty({0}, xgrad::kDouble);
  xgrad::masked_select_out(out, x, m);
  CHECK(values(out) == V{0, 2, 5});

  Tensor w = leaf({2, 3});
  Tensor v = xgrad::tensor(1.5, xgrad::kDouble).requires_grad_();
  CHECK(grad_fn_name(w.masked_fill(m, 1.0)) == "MaskedFillBackward0");
  CHECK(grad_fn_name(w.masked_fill(m, v)) == "MaskedFillBackward1");
  CHECK(grad_fn_name(w.masked_select(m)) == "MaskedSelectBackward0");
  CHECK(grad_fn_name(w.masked_scatter(m, leaf({6}))) == "MaskedScatterBackward0");
  CHECK(gradcheck([&](const In& in) { return in[0].masked_fill(m, 2.0); }, {w}));
  CHECK(gradcheck([&](const In& in) { return xgrad::masked_fill(in[0], m, in[1]); }, {w, v}));
  CHECK(gradcheck([&](const In& in) { return in[0].masked_select(m); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].masked_select(xgrad::tensor({true, false, true})); }, {leaf({2, 3})}));
  CHECK(gradcheck([&](const In& in) { return in[0].masked_scatter(m, in[1]); }, {w, leaf({5})}));
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).masked_fill_(m, in[1]); }, {w, v}));
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).masked_scatter_(m, in[1]); }, {w, leaf({3})}));
}

TEST_CASE("mask errors: libtorch's texts") {
  Tensor x = xgrad::randn({3, 4});
  CHECK_ERROR(x.masked_fill(x > 0, xgrad::ones({2})),
              "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).");
  CHECK_ERROR(x.masked_select(xgrad::ones({3, 4})), "masked_select: expected BoolTensor or ByteTensor for mask");
  CHECK_ERROR(x.masked_scatter(x > -100, xgrad::ones({3})), "Number of elements of source < number of ones in mask");
  CHECK_ERROR(x.masked_scatter(x > -100, xgrad::ones({20}, xgrad::kDouble)),
              "masked_scatter: expected self and source to have same dtypes but gotFloat and Double");
  CHECK_ERROR(x.masked_fill_(xgrad::ones({2, 3, 4}, xgrad::kBool), 1.0),
              "output with shape [3, 4] doesn't match the broadcast shape [2, 3, 4]");
}

TEST_CASE("index_add, index_copy, index_fill, index_reduce: values, node names, gradcheck") {
  Tensor x = xgrad::ones({3, 2}, xgrad::kDouble);
  Tensor src = iota({2, 2});
  Tensor i = longs({2, 0});
  CHECK(values(x.index_add(0, i, src)) == V{3, 4, 1, 1, 1, 2});
  CHECK(values(x.index_add(0, longs({1, 1}), src, 2)) == V{1, 1, 5, 9, 1, 1});
  CHECK(values(x.index_copy(0, i, src)) == V{2, 3, 1, 1, 0, 1});
  CHECK(values(x.index_fill(1, longs({-1}), -2)) == V{1, -2, 1, -2, 1, -2});
  CHECK(values(x.index_fill(0, longs({0}), xgrad::tensor(5.0, xgrad::kDouble))) == V{5, 5, 1, 1, 1, 1});
  CHECK(values((x * 2).index_reduce(0, longs({0, 0}), src + 1, "prod")) == V{6, 16, 2, 2, 2, 2});
  CHECK(values((x * 2).index_reduce(0, longs({0, 0}), src + 1, "mean", false)) == V{2, 3, 2, 2, 2, 2});
  CHECK(values((x * 2).index_reduce(0, longs({0, 0}), src, "amax")) == V{2, 3, 2, 2, 2, 2});
  Tensor y = x.clone();
  y.index_add_(1, longs({0}), xgrad::ones({3, 1}, xgrad::kDouble), -1);
  y.index_fill_(0, longs({2}), 4);
  y.index_copy_(0, longs({1}), xgrad::full({1, 2}, 8.0, xgrad::kDouble));
  y.index_reduce_(1, longs({1}), xgrad::full({3, 1}, 3.0, xgrad::kDouble), "amin");
  CHECK(values(y) == V{0, 1, 8, 3, 4, 3});

  Tensor w = leaf({3, 2});
  Tensor s = leaf({2, 2});
  Tensor v = xgrad::tensor(0.5, xgrad::kDouble).requires_grad_();
  CHECK(grad_fn_name(w.index_add(0, i, s)) == "IndexAddBackward0");
  CHECK(grad_fn_name(w.index_copy(0, i, s)) == "IndexCopyBackward0");
  CHECK(grad_fn_name(w.index_fill(0, i, 1.0)) == "IndexFillBackward0");
  CHECK(grad_fn_name(w.index_fill(0, i, v)) == "IndexFillBackward1");
  CHECK(grad_fn_name(w.index_reduce(0, i, s, "prod")) == "IndexReduceBackward0");
  CHECK(gradcheck([&](const In& in) { return in[0].index_add(0, longs({1, 1}), in[1], 3); }, {w, s}));
  CHECK(gradcheck([&](const In& in) { return in[0].index_copy(0, i, in[1]); }, {w, s}));
  CHECK(gradcheck([&](const In& in) { return in[0].index_fill(1, longs({1}), 2.0); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].index_fill(0, longs({2, 2, 0}), in[1]); }, {w, v}));
  for (const char* reduce : {"prod", "mean", "amax", "amin"}) {
    for (bool include_self : {true, false}) {
      INFO(reduce << " include_self=" << include_self);
      CHECK(gradcheck([&](const In& in) { return in[0].index_reduce(0, longs({1, 1}), in[1], reduce, include_self); },
                      {w, s}));
    }
  }
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).index_add_(0, i, in[1]); }, {w, s}));
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).index_fill_(0, i, in[1]); }, {w, v}));
}

TEST_CASE("index_* errors: libtorch's texts") {
  Tensor x = xgrad::randn({3, 4});
  CHECK_ERROR(x.index_add(0, longs({5}), xgrad::ones({1, 4})), "index out of range in self");
  CHECK_ERROR(x.index_add(0, longs({1}), xgrad::ones({2, 4})),
              "index_add_(): Number of indices (1) should be equal to source.size(dim): (2), for dim: 0");
  CHECK_ERROR(x.index_add(0, xgrad::tensor({1.0}), xgrad::ones({1, 4})),
              "index_add_(): Expected dtype int32/int64 for index but got: Float");
  CHECK_ERROR(x.index_add(0, xgrad::tensor({{1}}), xgrad::ones({1, 4})),
              "index_add_(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 1]");
  CHECK_ERROR(x.index_add(0, longs({1}), xgrad::ones({1, 3})),
              "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0");
  CHECK_ERROR(x.index_add(0, longs({1}), xgrad::ones({1, 4}, xgrad::kDouble)),
              "index_add_(): self (Float) and source (Double) must have the same scalar type");
  CHECK_ERROR(x.index_copy(0, longs({5}), xgrad::ones({1, 4})),
              "index_copy_(): index 5 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.index_copy(0, longs({1}), xgrad::ones({2, 4})),
              "index_copy_(): Number of indices (1) should be equal to source.size(dim) (2)");
  CHECK_ERROR(x.index_fill(0, longs({5}), 1.0), "index 5 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.index_fill(0, longs({-4}), 1.0), "index -4 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.index_fill(0, longs({1}), xgrad::ones({2})),
              "index_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).");
  CHECK_ERROR(x.index_reduce(0, longs({1}), xgrad::ones({1, 4}), "sum"),
              "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got sum.");
}

TEST_CASE("take, take_along_dim, put: values, node names, gradcheck, errors") {
  Tensor x = iota({2, 3});
  CHECK(values(x.take(xgrad::tensor({{0, 5}, {-1, 2}}))) == V{0, 5, 5, 2});
  CHECK(values(x.t().take(longs({1, 2}))) == V{3, 1});  // row-major order of the transposed view
  CHECK(values(x.take_along_dim(xgrad::tensor({{2}, {0}}), 1)) == V{2, 3});
  CHECK(values(x.take_along_dim(longs({4, 0}))) == V{4, 0});
  CHECK(values(x.take_along_dim(xgrad::tensor({{1, 0, 1}}), 0)) == V{3, 1, 5});
  CHECK(values(x.put(longs({0, -1}), dbl({9.0, 8.0}))) == V{9, 1, 2, 3, 4, 8});
  CHECK(values(x.put(longs({1, 1}), dbl({1.0, 2.0}), true)) == V{0, 4, 2, 3, 4, 5});
  Tensor y = x.clone();
  y.put_(longs({2}), dbl({-1.0}));
  CHECK(values(y) == V{0, 1, -1, 3, 4, 5});

  Tensor w = leaf({2, 3});
  CHECK(grad_fn_name(w.take(longs({1}))) == "TakeBackward0");
  CHECK(grad_fn_name(w.take_along_dim(xgrad::tensor({{1}, {0}}), 1)) == "GatherBackward0");
  CHECK(grad_fn_name(w.put(longs({1}), leaf({1}))) == "PutBackward0");
  CHECK(gradcheck([&](const In& in) { return in[0].take(xgrad::tensor({{0, 5}, {5, 2}})); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].take_along_dim(xgrad::tensor({{2}, {0}}), 1); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].take_along_dim(xgrad::tensor({{1, 0, 1}}), 0); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].put(longs({4, 0}), in[1]); }, {w, leaf({2})}));
  CHECK(gradcheck([&](const In& in) { return in[0].put(longs({4, 4}), in[1], true); }, {w, leaf({2})}));
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).put_(longs({3}), in[1]); }, {w, leaf({1})}));

  Tensor f = xgrad::randn({3, 4});
  CHECK_ERROR(f.take(longs({12})), "out of range: tried to access index 12 on a tensor of 12 elements.");
  CHECK_ERROR(f.take(xgrad::tensor({1.0})), "take(): Expected a long tensor for index, but got Float");
  CHECK_ERROR(f.put(longs({12}), xgrad::ones({1})), "out of range: tried to access index 12 on a tensor of 12 elements.");
  CHECK_ERROR(f.put(longs({1, 2}), xgrad::ones({1})),
              "put_(): Expected source and index to have the same number of elements, but got source.numel() = 1, "
              "index.numel() = 2");
  CHECK_ERROR(f.put_(longs({1}), xgrad::ones({1}, xgrad::kDouble)),
              "put_(): self and source expected to have the same dtype, but got self.dtype = Float and source.dtype = "
              "Double");
  CHECK_ERROR(f.take_along_dim(xgrad::ones({3, 4})), "torch.take_along_dim(): dtype of indices should be Long but got Float");
  CHECK_ERROR(f.take_along_dim(xgrad::ones({3, 4, 3}, xgrad::kLong), 1),
              "torch.take_along_dim(): input and indices should have the same number of dimensions, but got 2 "
              "dimensions for input, and 3 dimensions for indices");
}

TEST_CASE("where, nonzero, argwhere, nonzero_numpy") {
  Tensor c = xgrad::tensor({{true, false}, {false, true}});
  Tensor a = iota({2, 2});
  CHECK(values(xgrad::where(c, a, -a)) == V{0, -1, -2, 3});
  CHECK(values(a.where(c, dbl({10.0, 20.0}))) == V{0, 20, 10, 3});
  Tensor ws = xgrad::where(c, 1, 0);
  CHECK(test_helpers::dtype_of(ws) == "Long");
  CHECK(values(ws) == V{1, 0, 0, 1});
  CHECK(test_helpers::dtype_of(xgrad::where(c, 1.0, 0)) == "Float");
  CHECK(test_helpers::dtype_of(xgrad::where(c, longs({1, 2}), 0.5)) == "Float");
  CHECK(test_helpers::dtype_of(xgrad::where(c, a, 0.5)) == "Double");
  CHECK(values(xgrad::where(c, 2.0, a)) == V{2, 1, 2, 2});

  Tensor n = xgrad::tensor({{0.0, 1.5, 0.0}, {2.0, 0.0, -1.0}});
  CHECK(values(n.nonzero()) == V{0, 1, 1, 0, 1, 2});
  CHECK(n.nonzero().sizes() == test_helpers::S{3, 2});
  CHECK(test_helpers::dtype_of(n.nonzero()) == "Long");
  CHECK(values(n.t().nonzero()) == V{0, 1, 1, 0, 2, 1});
  CHECK(n.argwhere().equal(n.nonzero()));
  auto parts = xgrad::nonzero_numpy(n);
  REQUIRE(parts.size() == 2);
  CHECK(values(parts[0]) == V{0, 1, 1});
  CHECK(values(xgrad::where(n.ne(0))[1]) == V{1, 0, 2});
  CHECK(xgrad::nonzero(xgrad::zeros({2, 2})).sizes() == test_helpers::S{0, 2});

  Tensor x = leaf({2, 2});
  Tensor y = leaf({2});
  CHECK(grad_fn_name(xgrad::where(c, x, y)) == "WhereBackward0");
  CHECK(grad_fn_name(xgrad::where(c, x, 0.0)) == "WhereBackward0");
  CHECK(gradcheck([&](const In& in) { return xgrad::where(c, in[0], in[1]); }, {x, y}));
  CHECK(gradcheck([&](const In& in) { return xgrad::where(c, 1.0, in[0]); }, {x}));
  CHECK(gradcheck([&](const In& in) { return in[0].where(c, 3.0 * in[0]); }, {x}));
  CHECK_ERROR(xgrad::where(a, a, a), "where expected condition to be a boolean tensor, but got a tensor with dtype Double");
}

TEST_CASE("fill_diagonal_") {
  Tensor x = xgrad::zeros({5, 2}, xgrad::kDouble);
  x.fill_diagonal_(1);
  CHECK(values(x) == V{1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
  Tensor w = xgrad::zeros({7, 2}, xgrad::kDouble);
  w.fill_diagonal_(1, true);
  CHECK(values(w) == V{1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0});
  Tensor cube = xgrad::zeros({2, 2, 2});
  cube.fill_diagonal_(3);
  CHECK(values(cube) == V{3, 0, 0, 0, 0, 0, 0, 3});
  CHECK_ERROR(xgrad::ones({3, 4, 5}).fill_diagonal_(1), "all dimensions of input must be of equal length");
  CHECK_ERROR(xgrad::ones({3}).fill_diagonal_(1), "dimensions must larger than 1");
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).fill_diagonal_(2.0); }, {leaf({3, 3})}));
}

TEST_CASE("torch::indexing: index with integers, slices, None, Ellipsis, bools and tensors") {
  Tensor a = xgrad::arange(24, xgrad::kDouble).reshape({2, 3, 4});
  CHECK(a.index({1, 2, 3}).item<double>() == 23);
  CHECK(a.index({Slice(), 1}).sizes() == test_helpers::S{2, 4});
  CHECK(values(a.index({Ellipsis, 0})) == V{0, 4, 8, 12, 16, 20});
  CHECK(values(a.index({"...", -1, Slice(None, None, 3)})) == V{8, 11, 20, 23});
  CHECK(a.index({None, 0}).sizes() == test_helpers::S{1, 3, 4});
  CHECK(a.index({0, None, Slice(), None}).sizes() == test_helpers::S{1, 3, 1, 4});
  CHECK(values(a.index({0, Slice(1, None, 2)})) == V{4, 5, 6, 7});
  CHECK(a.index({0, Slice(), Slice(None, -1)}).sizes() == test_helpers::S{3, 3});
  CHECK(a.index({true}).sizes() == test_helpers::S{1, 2, 3, 4});
  CHECK(a.index({false}).sizes() == test_helpers::S{0, 2, 3, 4});
  // Basic indexing gives views.
  CHECK(a.index({1, Slice(), 2}).storage_offset() == 14);
  CHECK(values(a.index({a > 20})) == V{21, 22, 23});
  CHECK(a.index({0, longs({0, 2})}).sizes() == test_helpers::S{2, 4});
  // Adjacent advanced indices stay in place; separated ones go first (NumPy's rule).
  Tensor r = a.index({Slice(), longs({0, 2}), longs({1, 3})});
  CHECK(r.sizes() == test_helpers::S{2, 2});
  CHECK(values(r) == V{1, 11, 13, 23});
  Tensor s = a.index({longs({1, 0}), Slice(), longs({3, 0})});
  CHECK(s.sizes() == test_helpers::S{2, 3});
  CHECK(values(s) == V{15, 19, 23, 0, 4, 8});
  // Broadcast index tensors.
  Tensor b = a.index({0, xgrad::tensor({{0}, {2}}), longs({1, 2, 3})});
  CHECK(b.sizes() == test_helpers::S{2, 3});
  CHECK(values(b) == V{1, 2, 3, 9, 10, 11});
  // A 2-D mask over the first two dims.
  Tensor m = xgrad::tensor({{true, false, false}, {false, false, true}});
  CHECK(values(a.index({m, 1})) == V{1, 21});
  CHECK(values(xgrad::index(a, {std::nullopt, longs({2})})) == V{8, 9, 10, 11, 20, 21, 22, 23});

  Tensor w = leaf({3, 4});
  CHECK(grad_fn_name(w.index({longs({0, 2})})) == "IndexBackward0");
  CHECK(grad_fn_name(w.index({w > 0})) == "IndexBackward0");
  CHECK(grad_fn_name(w.index({Slice(1, None), 0})) == "SelectBackward0");
  CHECK(gradcheck([&](const In& in) { return in[0].index({longs({0, 2, 0})}); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].index({Slice(), longs({3, 1})}); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].index({xgrad::tensor({{0}, {2}}), longs({1, 3, 1})}); }, {w}));
  CHECK(gradcheck([&](const In& in) { return in[0].index({xgrad::tensor({true, false, true})}); }, {w}));
  Tensor c3 = leaf({2, 3, 4});
  CHECK(gradcheck([&](const In& in) { return in[0].index({longs({1, 0}), Slice(), longs({3, 0})}); }, {c3}));
  CHECK(gradcheck([&](const In& in) { return in[0].index({None, m, Slice(None, 2)}); }, {c3}));
}

TEST_CASE("torch::indexing: index_put_ and index_put") {
  Tensor a = xgrad::arange(24, xgrad::kFloat).reshape({2, 3, 4});
  a.index_put_({1, Slice(), 0}, -1);
  CHECK(a.index({1, Slice(), 0}).sum().item<float>() == -3);
  a.index_put_({a < 2}, 100);
  CHECK(a.index({0, 0, 0}).item<float>() == 100);
  CHECK(a.index({0, 0, 1}).item<float>() == 100);
  a.index_put_({0, 0}, xgrad::zeros({4}));
  CHECK(a.index({0, 0}).abs().sum().item<float>() == 0);
  a.index_put_({0, longs({1, 2}), longs({0, 0})}, xgrad::tensor({7.0f, 8.0f}));
  CHECK(a.index({0, 1, 0}).item<float>() == 7);
  CHECK(a.index({0, 2, 0}).item<float>() == 8);

  Tensor z = xgrad::zeros({3}, xgrad::kDouble);
  z.index_put_({longs({0, 0, 2})}, dbl({1.0, 2.0, 3.0}), true);
  CHECK(values(z) == V{3, 0, 3});
  Tensor u = xgrad::index_put(z, {longs({1})}, xgrad::tensor(5.0, xgrad::kDouble));
  CHECK(values(u) == V{3, 5, 3});
  CHECK(values(z) == V{3, 0, 3});

  Tensor x = leaf({3, 4});
  Tensor v = leaf({4});
  CHECK(grad_fn_name(x.index_put({longs({0, 2})}, v)) == "IndexPutBackward0");
  CHECK(gradcheck([&](const In& in) { return in[0].index_put({longs({0, 2})}, in[1]); }, {x, v}));
  CHECK(gradcheck([&](const In& in) { return in[0].index_put({longs({0, 0})}, in[1], true); }, {x, v}));
  CHECK(gradcheck([&](const In& in) { return (in[0] * 1).index_put_(std::vector<std::optional<Tensor>>{std::nullopt, longs({1})}, in[1]); },
                  {x, leaf({3, 1})}));
  Tensor y = x * 2;
  y.index_put_({longs({1})}, xgrad::zeros({}, xgrad::kDouble));
  CHECK(grad_fn_name(y) == "IndexPutBackward0");
  y.sum().backward();
  CHECK(values(x.grad()) == V{2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 2, 2});
}

TEST_CASE("torch::indexing errors: libtorch's texts") {
  Tensor x = xgrad::randn({3, 4});
  CHECK_ERROR(x.index({0, 0, 0}), "too many indices for tensor of dimension 2");
  CHECK_ERROR(x.index({5}), "index 5 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.index({Slice(), 7}), "index 7 is out of bounds for dimension 1 with size 4");
  CHECK_ERROR(x.index({longs({5})}), "index 5 is out of bounds for dimension 0 with size 3");
  CHECK_ERROR(x.index({Slice(), longs({7})}), "index 7 is out of bounds for dimension 0 with size 4");
  CHECK_ERROR(x.index({xgrad::ones({2, 2}, xgrad::kBool)}),
              "The shape of the mask [2, 2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0");
  CHECK_ERROR(x.index({longs({0, 1}), longs({0, 1, 2})}),
              "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]");
  CHECK_ERROR(x.index({dbl({0.5})}), "tensors used as indices must be long, byte or bool tensors");
  CHECK_ERROR(x.index({Slice(None, None, 0)}), "slice step cannot be zero");
  CHECK_ERROR(x.index({Slice(None, None, -1)}), "step must be greater than zero");
  CHECK_ERROR(x.index_put_({longs({0, 1})}, xgrad::ones({3})),
              "shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]");
  CHECK_ERROR(x.index_put_({longs({0, 1})}, xgrad::ones({2, 4}, xgrad::kDouble)),
              "Index put requires the source and destination dtypes match, got Float for the destination and Double for "
              "the source.");
}
