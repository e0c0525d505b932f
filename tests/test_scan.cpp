// Scans (ops/scan.cpp): values, dtypes, the node name, gradients (PyTorch's numbers; gradcheck in
// float64), the in-place and out= forms, errors.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include "test_helpers.h"

using namespace test_helpers;

TEST_CASE("cumsum: values along each dim, integer inputs scan into Long, dtype converts") {
  Tensor x = xgrad::tensor(V{1, 2, 3, 4, 5, 6}, xgrad::kDouble).view({2, 3});
  CHECK(values(x.cumsum(1)) == V{1, 3, 6, 4, 9, 15});
  CHECK(values(x.cumsum(0)) == V{1, 2, 3, 5, 7, 9});
  CHECK(values(xgrad::cumsum(x, -1)) == V{1, 3, 6, 4, 9, 15});
  Tensor i = x.to(xgrad::kLong);
  CHECK(dtype_of(i.cumsum(0)) == "Long");
  CHECK(dtype_of(x.cumsum(1, xgrad::kFloat)) == "Float");
}

TEST_CASE("cumsum: gradient is the reverse running sum (PyTorch's numbers), CumsumBackward0") {
  Tensor x = xgrad::tensor(V{1, 2, 3, 4, 5, 6}, xgrad::kDouble).view({2, 3}).requires_grad_();
  Tensor y = x.cumsum(1);
  CHECK(grad_fn_name(y) == "CumsumBackward0");
  y.backward(xgrad::tensor(V{1, 2, 3, 4, 5, 6}, xgrad::kDouble).view({2, 3}));
  CHECK(values(x.grad()) == V{6, 5, 3, 15, 11, 6});
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].cumsum(1); }, {leaf({3, 4})}));
  CHECK(gradcheck([](const std::vector<Tensor>& in) { return in[0].cumsum(0).pow(2); }, {leaf({2, 3, 4})}));
}

TEST_CASE("cumsum_ and cumsum_out") {
  Tensor x = xgrad::tensor(V{1, 2, 3}, xgrad::kDouble);
  x.cumsum_(0);
  CHECK(values(x) == V{1, 3, 6});
  Tensor out = xgrad::empty({3}, xgrad::kDouble);
  xgrad::cumsum_out(out, x, 0);
  CHECK(values(out) == V{1, 4, 10});
  xgrad::cumsum_outf(x, 0, std::nullopt, out);
  CHECK(values(out) == V{1, 4, 10});
}

TEST_CASE("cumsum: a dim out of range names the op and libtorch's range") {
  Tensor x = xgrad::zeros({2, 3});
  CHECK_THROWS_WITH_AS(x.cumsum(2), doctest::Contains("cumsum: dimension out of range (expected to be in range of [-2, 1], but got 2)"),
                       xgrad::Error);
}
