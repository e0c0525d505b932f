// More matrix products (ops/linalg.cpp): outer / ger, vdot, addmv, addr. Values against PyTorch
// 1.13.1's (printed by /usr/bin/python3), node names, gradcheck in double, libtorch's error texts.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_helpers.h"

using namespace test_helpers;

TEST_CASE("outer and ger: values, MulBackward0 over a view as PyTorch, gradients") {
  Tensor u = xgrad::tensor(V{1, 2}, xgrad::kDouble), v = xgrad::tensor(V{1, -2, 0.5}, xgrad::kDouble);
  CHECK(xgrad::outer(u, v).sizes().vec() == S{2, 3});
  check_close(xgrad::outer(u, v), {1, -2, 0.5, 2, -4, 1});
  check_close(u.ger(v), {1, -2, 0.5, 2, -4, 1});
  check_close(xgrad::outer(f32({1, 2}), f32({3})), {3, 6});
  CHECK(grad_fn_name(xgrad::outer(leaf({2}), leaf({3}))) == "MulBackward0");
  CHECK(gradcheck([](const Inputs& in) { return xgrad::outer(in[0], in[1]); }, {leaf({4}), leaf({3})}));
  CHECK(gradcheck([](const Inputs& in) { return in[0].ger(in[1]); }, {leaf({1}), leaf({5})}));
  CHECK_THROWS_WITH_AS(xgrad::outer(xgrad::zeros({2, 2}), xgrad::zeros({2})),
                       "outer: Expected 1-D argument self, but got 2-D", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::ger(xgrad::zeros({2}), xgrad::zeros({})),
                       "outer: Expected 1-D argument vec2, but got 0-D", xgrad::Error);
}

TEST_CASE("vdot: values, VdotBackward0, gradients, errors") {
  Tensor v = xgrad::tensor(V{1, -2, 0.5}, xgrad::kDouble);
  check_close(xgrad::vdot(v, v), {5.25});
  check_close(f32({1, 2}).vdot(f32({3, 4})), {11});
  CHECK(xgrad::vdot(v, v).dim() == 0);
  CHECK(grad_fn_name(xgrad::vdot(leaf({3}), v)) == "VdotBackward0");
  CHECK(gradcheck([](const Inputs& in) { return xgrad::vdot(in[0], in[1]); }, {leaf({4}), leaf({4})}));
  CHECK_THROWS_WITH_AS(xgrad::vdot(xgrad::zeros({2, 2}), xgrad::zeros({2})),
                       "vdot: 1D tensors expected, but got 2D and 1D tensors", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::vdot(xgrad::zeros({3}), xgrad::zeros({2})),
                       "vdot: inconsistent tensor size, expected tensor [3] and src [2] to have the same number "
                       "of elements, but got 3 and 2 elements respectively",
                       xgrad::Error);
}

TEST_CASE("addmv: values, AddmvBackward0, gradients with self broadcast, errors") {
  Tensor a = iota({2, 3}), v = xgrad::tensor(V{1, -2, 0.5}, xgrad::kDouble), s = xgrad::tensor(V{3, -1}, xgrad::kDouble);
  check_close(xgrad::addmv(s, a, v, 0.5, 2), {-0.5, -5.5});
  check_close(s.addmv(a, v), {2, -3.5});
  // beta = 0 ignores self, NaN included.
  Tensor nan = xgrad::full({2}, std::nan(""), xgrad::kDouble);
  check_close(xgrad::addmv(nan, a, v, 0), values(a.mv(v)));
  CHECK(grad_fn_name(xgrad::addmv(leaf({2}), a, v)) == "AddmvBackward0");
  const auto addmv = [](const Inputs& in) { return xgrad::addmv(in[0], in[1], in[2], -0.5, 3); };
  for (const S& self : {S{4}, S{1}, S{}}) {
    const std::string shape = shape_str(self);
    CAPTURE(shape);
    CHECK(gradcheck(addmv, {leaf(self), leaf({4, 3}), leaf({3})}));
  }
  CHECK(gradcheck([](const Inputs& in) { return in[0].addmv(in[1].t(), in[2]); }, {leaf({3}), leaf({4, 3}), leaf({4})}));
  CHECK_THROWS_WITH_AS(xgrad::addmv(xgrad::zeros({2}), xgrad::zeros({2, 3}), xgrad::zeros({2})),
                       "addmv: size mismatch, got 2, 2x3,2", xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::addmv(xgrad::zeros({2}), xgrad::zeros({2}), xgrad::zeros({2})),
                       "addmv: vector + matrix @ vector expected, got 1, 1, 1", xgrad::Error);
}

TEST_CASE("addr: values, AddrBackward0, gradients with self broadcast, errors") {
  Tensor s = xgrad::tensor(V{0, 3, 1, 4}, xgrad::kDouble).reshape({2, 2});
  Tensor u = xgrad::tensor(V{1, 2}, xgrad::kDouble), w = xgrad::tensor(V{3, -4}, xgrad::kDouble);
  check_close(xgrad::addr(s, u, w, 2, -1), {-3, 10, -4, 16});
  check_close(s.addr(u, w), {3, -1, 7, -4});
  CHECK(grad_fn_name(xgrad::addr(s, leaf({2}), w)) == "AddrBackward0");
  const auto addr = [](const Inputs& in) { return xgrad::addr(in[0], in[1], in[2], 0.5, -2); };
  for (const S& self : {S{2, 3}, S{3}, S{2, 1}, S{}}) {
    const std::string shape = shape_str(self);
    CAPTURE(shape);
    CHECK(gradcheck(addr, {leaf(self), leaf({2}), leaf({3})}));
  }
  CHECK_THROWS_WITH_AS(xgrad::addr(xgrad::zeros({2, 2}), xgrad::zeros({2, 2}), xgrad::zeros({2})),
                       "addr: Expected 1-D argument vec1, but got 2-D", xgrad::Error);
}
