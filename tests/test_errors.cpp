// The bad-input catalogue: each mistake is an xgrad::Error (a std::runtime_error) whose message
// names the op and the shapes, dtypes or values involved.
#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <stdexcept>

using doctest::Contains;
using xgrad::Tensor;

TEST_CASE("add of mismatched shapes names the op and both shapes") {
  Tensor a = xgrad::ones({2, 3});
  Tensor b = xgrad::ones({4});
  CHECK_THROWS_WITH_AS(a + b, Contains("add"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a + b, Contains("[2, 3]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a + b, Contains("[4]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::add(a, b), Contains("add"), xgrad::Error);
  CHECK_THROWS_AS(a + b, std::runtime_error);
}

TEST_CASE("a wrong dtype names the op and the dtypes") {
  Tensor labels = xgrad::arange(6);
  CHECK_THROWS_WITH_AS(labels.mean(), Contains("mean"), xgrad::Error);
  CHECK_THROWS_WITH_AS(labels.mean(), Contains("Long"), xgrad::Error);
  CHECK_THROWS_AS(labels.mean(), std::runtime_error);

  Tensor d = xgrad::ones({2}, xgrad::kDouble);
  CHECK_THROWS_WITH_AS(d.data_ptr<float>(), Contains("data_ptr"), xgrad::Error);
  CHECK_THROWS_WITH_AS(d.data_ptr<float>(), Contains("expected scalar type Float but found Double"), xgrad::Error);
  CHECK_THROWS_AS(d.data_ptr<float>(), std::runtime_error);
}

TEST_CASE("an out-of-range dim or index names the op, the range and the value") {
  Tensor m = xgrad::ones({2, 3});
  CHECK_THROWS_WITH_AS(m.sum(5), Contains("sum"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.sum(5), Contains("dimension out of range (expected to be in range of [-2, 1], but got 5)"),
                       xgrad::Error);
  CHECK_THROWS_AS(m.sum(5), std::runtime_error);

  Tensor v = xgrad::ones({3});
  CHECK_THROWS_WITH_AS(v.select(0, 7), Contains("select"), xgrad::Error);
  CHECK_THROWS_WITH_AS(v.select(0, 7), Contains("index 7"), xgrad::Error);
  CHECK_THROWS_WITH_AS(v.select(0, 7), Contains("[3]"), xgrad::Error);
  CHECK_THROWS_AS(v.select(0, 7), std::runtime_error);
}

TEST_CASE("item() on a many-element tensor names the element count") {
  Tensor m = xgrad::ones({2, 3});
  CHECK_THROWS_WITH_AS(m.item(), Contains("item"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.item(), Contains("6 elements"), xgrad::Error);
  CHECK_THROWS_AS(m.item<float>(), std::runtime_error);
}

TEST_CASE("backward on a non-scalar without a gradient") {
  Tensor x = xgrad::ones({2, 2});
  x.requires_grad_();
  Tensor y = x * 2.0;
  CHECK_THROWS_WITH_AS(y.backward(), Contains("grad can be implicitly created only for scalar outputs"), xgrad::Error);
  CHECK_THROWS_WITH_AS(y.backward(), Contains("[2, 2]"), xgrad::Error);
  CHECK_THROWS_AS(y.backward(), std::runtime_error);

  Tensor plain = xgrad::ones({1});
  CHECK_THROWS_WITH_AS(plain.backward(), Contains("does not require grad"), xgrad::Error);
}

TEST_CASE("mm of incompatible shapes names both shapes") {
  Tensor a = xgrad::ones({2, 3});
  Tensor b = xgrad::ones({4, 5});
  CHECK_THROWS_WITH_AS(a.mm(b), Contains("mm"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.mm(b), Contains("2x3"), xgrad::Error);
  CHECK_THROWS_WITH_AS(a.mm(b), Contains("4x5"), xgrad::Error);
  CHECK_THROWS_AS(xgrad::mm(a, b), std::runtime_error);
}

TEST_CASE("view with an incompatible size names the shape and the element count") {
  Tensor m = xgrad::ones({2, 3});
  CHECK_THROWS_WITH_AS(m.view({4, 2}), Contains("view"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.view({4, 2}), Contains("[4, 2]"), xgrad::Error);
  CHECK_THROWS_WITH_AS(m.view({4, 2}), Contains("size 6"), xgrad::Error);
  CHECK_THROWS_AS(m.view({4, 2}), std::runtime_error);
}

TEST_CASE("using an undefined tensor") {
  Tensor undefined;
  CHECK_FALSE(undefined.defined());
  CHECK_THROWS_WITH_AS(undefined.sizes(), Contains("undefined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(undefined.sizes(), Contains("sizes"), xgrad::Error);
  CHECK_THROWS_WITH_AS(undefined.numel(), Contains("undefined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(undefined.item(), Contains("undefined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(undefined.backward(), Contains("undefined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(undefined + xgrad::ones({2}), Contains("undefined"), xgrad::Error);
  CHECK_THROWS_WITH_AS(undefined.sum(), Contains("undefined"), xgrad::Error);
  CHECK_THROWS_AS(undefined.dim(), std::runtime_error);
}
