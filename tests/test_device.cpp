// Devices (xgrad/device.h) and what takes them: TensorOptions, Tensor::to, Module::to. xgrad computes
// on the CPU: a CUDA device can be named, but using one is an Error naming the op.
// Also the libtorch handle semantics the compat layer relies on: const in-place methods,
// assignment through a temporary (x[0] = 1), data(), Error::msg().
#include <doctest/doctest.h>

#include <sstream>

#include <xgrad/xgrad.h>

#include "test_helpers.h"

using namespace test_helpers;
using doctest::Contains;
using xgrad::Device;

TEST_CASE("Device: construction, parsing, printing and comparison as c10::Device") {
  Device cpu = xgrad::kCPU;
  CHECK(cpu.is_cpu());
  CHECK_FALSE(cpu.is_cuda());
  CHECK_FALSE(cpu.has_index());
  CHECK(cpu.str() == "cpu");
  Device cuda1(xgrad::kCUDA, 1);
  CHECK(cuda1.is_cuda());
  CHECK(cuda1.index() == 1);
  CHECK(cuda1.str() == "cuda:1");
  CHECK((Device("cuda:1") == cuda1));
  CHECK((Device("cpu") == cpu));
  CHECK((Device("cuda") != cuda1));
  std::ostringstream out;
  out << cuda1 << ' ' << xgrad::kCPU;
  CHECK(out.str() == "cuda:1 cpu");
  Device assigned = xgrad::kCPU;
  assigned = Device(xgrad::kCUDA);  // as libtorch examples pick a device after cuda::is_available()
  CHECK(assigned.is_cuda());
}

TEST_CASE("Device: bad strings and indices are errors") {
  CHECK_THROWS_WITH_AS(Device("gpu"), Contains("Device: expected a device string such as 'cpu'"), xgrad::Error);
  CHECK_THROWS_WITH_AS(Device("gpu"), Contains("got 'gpu'"), xgrad::Error);
  CHECK_THROWS_WITH_AS(Device("cuda:x"), Contains("invalid device index in 'cuda:x'"), xgrad::Error);
  CHECK_THROWS_WITH_AS(Device("cuda:"), Contains("invalid device index"), xgrad::Error);
  CHECK_THROWS_WITH_AS(Device("cuda:999"), Contains("invalid device index"), xgrad::Error);
  CHECK_THROWS_WITH_AS(Device(xgrad::kCPU, 1), Contains("CPU device index must be -1 or 0, got 1"), xgrad::Error);
  CHECK_THROWS_WITH_AS(Device(xgrad::kCUDA, -2), Contains("must be -1 (current) or non-negative"), xgrad::Error);
}

TEST_CASE("TensorOptions and factories take the CPU device; CUDA is an error naming it") {
  const Device cpu = xgrad::kCPU;
  Tensor z = xgrad::zeros({2, 3}, cpu);
  CHECK(z.sizes().vec() == S{2, 3});
  CHECK(dtype_of(z) == "Float");
  CHECK((z.device() == cpu));
  CHECK(z.is_cpu());
  CHECK_FALSE(z.is_cuda());
  CHECK(dtype_of(xgrad::randn({4}, xgrad::TensorOptions().dtype(xgrad::kDouble).device(cpu))) == "Double");
  CHECK(xgrad::empty({1}, xgrad::device(xgrad::kCPU)).defined());
  CHECK((xgrad::TensorOptions().device() == cpu));
  CHECK_THROWS_WITH_AS(xgrad::zeros({2}, Device(xgrad::kCUDA)),
                       Contains("TensorOptions: xgrad computes on the CPU only; device 'cuda' is not available"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::TensorOptions().device(Device("cuda:0")), Contains("'cuda:0' is not available"),
                       xgrad::Error);
}

TEST_CASE("Tensor::to(device), to(options), to(device, dtype)") {
  Tensor x = f32({1.5, -2});
  // No dtype change and no copy: the same tensor, as libtorch.
  CHECK(x.to(xgrad::kCPU).is_same(x));
  CHECK(x.to(Device("cpu")).is_same(x));
  CHECK(x.cpu().is_same(x));
  Tensor copied = x.to(xgrad::TensorOptions(xgrad::kCPU), false, /*copy=*/true);
  CHECK_FALSE(copied.is_same(x));
  CHECK(copied.data_ptr() != x.data_ptr());
  CHECK(values(copied) == V{1.5, -2});
  Tensor d = x.to(xgrad::kCPU, xgrad::kDouble);
  CHECK(dtype_of(d) == "Double");
  CHECK(values(d) == V{1.5, -2});
  CHECK(dtype_of(x.to(xgrad::TensorOptions().dtype(xgrad::kLong))) == "Long");
  CHECK_THROWS_WITH_AS(x.to(xgrad::kCUDA), Contains("'cuda' is not available"), xgrad::Error);
  CHECK_THROWS_WITH_AS(x.to(Device(xgrad::kCUDA, 0), xgrad::kFloat), Contains("to: xgrad computes on the CPU only"),
                       xgrad::Error);

  // The gradient flows back through a dtype change made by to(device, dtype).
  Tensor leaf = xgrad::ones({3}, xgrad::requires_grad());
  (leaf.to(xgrad::kCPU, xgrad::kDouble) * 2).sum().backward();
  CHECK(values(leaf.grad()) == V{2, 2, 2});
}

TEST_CASE("Module::to(device): the CPU is accepted, CUDA is an error, to(device, dtype) converts") {
  xgrad::nn::Linear linear(3, 2);
  const Tensor weight = linear->weight;
  linear->to(xgrad::kCPU);
  CHECK(linear->weight.is_same(weight));
  CHECK(dtype_of(linear->weight) == "Float");
  linear->to(Device("cpu"), xgrad::kDouble);
  CHECK(dtype_of(linear->weight) == "Double");
  CHECK(linear->weight.is_same(weight));  // the parameter keeps its identity, as Module::to(dtype)
  CHECK_THROWS_WITH_AS(linear->to(Device(xgrad::kCUDA)),
                       Contains("Module::to: xgrad computes on the CPU only; device 'cuda' is not available"),
                       xgrad::Error);
  xgrad::nn::Sequential seq(xgrad::nn::Linear(2, 2), xgrad::nn::ReLU());
  CHECK_THROWS_AS(seq->to(xgrad::kCUDA, xgrad::kFloat), xgrad::Error);
}

TEST_CASE("in-place methods are const, as libtorch's: the handle is const, the data is not") {
  Tensor w = xgrad::ones({2}, xgrad::requires_grad());
  (w * 3).sum().backward();
  w.grad().zero_();  // grad() returns const Tensor&: libtorch's manual-SGD idiom
  CHECK(values(w.grad()) == V{0, 0});
  const Tensor c = xgrad::zeros({3});
  c.add_(1).mul_(4);
  CHECK(values(c) == V{4, 4, 4});
  const Tensor& returned = c.fill_(2);
  CHECK(returned.is_same(c));
  {
    xgrad::NoGradGuard no_grad;
    for (const auto& p : std::vector<Tensor>{w}) p.sub_(p * 0.5);
  }
  CHECK(values(w) == V{0.5, 0.5});
}

TEST_CASE("assigning to a temporary writes into its data: x[0] = 1, x[1] = x[0]") {
  Tensor x = xgrad::zeros({3, 2});
  x[0] = 1;
  x[2] = x[0] * 5;
  CHECK(values(x) == V{1, 1, 0, 0, 5, 5});
  x.select(1, 1) = 7.5;
  CHECK(values(x) == V{1, 7.5, 0, 7.5, 5, 7.5});
  // Assigning to a named Tensor still rebinds the handle and leaves the old data alone.
  Tensor y = x;
  y = xgrad::ones({1});
  CHECK(x.sizes().vec() == S{3, 2});
  CHECK_THROWS_WITH_AS(x[0] = xgrad::ones({3}), Contains("copy_"), xgrad::Error);
}

TEST_CASE("data() is a detached alias; Error::msg() is the message") {
  Tensor w = xgrad::ones({2}, xgrad::requires_grad());
  Tensor d = w.data();
  CHECK_FALSE(d.requires_grad());
  CHECK(d.data_ptr() == w.data_ptr());
  d.mul_(3);
  CHECK(values(w) == V{3, 3});
  try {
    xgrad::zeros({2}).view({3});
    FAIL("view should have thrown");
  } catch (const xgrad::Error& e) {
    CHECK(e.msg() == e.what());
    CHECK(e.msg().find("view") == 0);
  }
}
