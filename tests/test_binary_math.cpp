// Binary math (ops/binary_math.cpp): values are PyTorch 1.13.1's (checked in /usr/bin/python3),
// integer semantics, node names and libtorch's error texts.
#include <doctest/doctest.h>

#include <xgrad/autograd/gradcheck.h>
#include <xgrad/xgrad.h>

#include <vector>

using xgrad::Tensor;

namespace {
std::vector<int64_t> longs(const Tensor& t) {
  const Tensor c = t.contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}
}  // namespace

TEST_CASE("integer division, remainder and fmod round as libtorch's CPU kernels") {
  const Tensor a = xgrad::tensor({-7, 7, -7, 7}), b = xgrad::tensor({2, -2, -2, 2});
  CHECK(longs(xgrad::div(a.narrow(0, 0, 2), b.narrow(0, 0, 2), "trunc")) == std::vector<int64_t>{-3, -3});
  CHECK(longs(xgrad::div(a.narrow(0, 0, 2), b.narrow(0, 0, 2), "floor")) == std::vector<int64_t>{-4, -4});
  CHECK(longs(xgrad::remainder(a, b)) == std::vector<int64_t>{1, -1, -1, 1});
  CHECK(longs(xgrad::fmod(a, b)) == std::vector<int64_t>{-1, 1, -1, 1});
  CHECK_THROWS_WITH_AS(xgrad::floor_divide(xgrad::tensor({5}), xgrad::tensor({0})), "floor_divide: ZeroDivisionError",
                       xgrad::Error);
}

TEST_CASE("gcd, lcm and shifts") {
  CHECK(longs(xgrad::gcd(xgrad::tensor({-12, 0, 0, -7}), xgrad::tensor({8, -5, 0, 14}))) ==
        std::vector<int64_t>{4, 5, 0, 7});
  CHECK(longs(xgrad::lcm(xgrad::tensor({-12, 0, 3, -4}), xgrad::tensor({8, -5, 0, 6}))) ==
        std::vector<int64_t>{24, 0, 0, 12});
  CHECK(longs(xgrad::bitwise_left_shift(xgrad::tensor({1, 1, 3}), xgrad::tensor({3, 64, 70}))) ==
        std::vector<int64_t>{8, 1, 192});
  CHECK(longs(xgrad::bitwise_right_shift(xgrad::tensor({-8, -8}), xgrad::tensor({1, 64}))) ==
        std::vector<int64_t>{-4, -8});
  CHECK_THROWS_WITH_AS(xgrad::bitwise_and(xgrad::tensor({1.0}), xgrad::tensor({1.0})),
                       "bitwise_and: \"bitwise_and_cpu\" not implemented for 'Float'", xgrad::Error);
}

TEST_CASE("atan2 and hypot: gradcheck and node names") {
  const Tensor a = xgrad::rand({3}, xgrad::kDouble).add(0.5).requires_grad_();
  const Tensor b = xgrad::rand({2, 3}, xgrad::kDouble).add(0.5).requires_grad_();
  CHECK(xgrad::atan2(a, b).grad_fn()->name() == "Atan2Backward0");
  CHECK(xgrad::autograd::gradcheck([](const std::vector<Tensor>& x) { return xgrad::atan2(x[0], x[1]); }, {a, b}));
  CHECK(xgrad::autograd::gradcheck([](const std::vector<Tensor>& x) { return xgrad::hypot(x[0], x[1]); }, {a, b}));
}
