// compat/torch/torch.h: the names and macros a libtorch program takes from torch::, c10:: and at::,
// and their messages (TORCH_CHECK's are libtorch's own).
#include <doctest/doctest.h>

#include <torch/torch.h>

#include <string>
#include <type_traits>
#include <vector>

using doctest::Contains;

TEST_CASE("torch::, at:: and c10:: name xgrad's types") {
  static_assert(std::is_same<torch::Tensor, xgrad::Tensor>::value);
  static_assert(std::is_same<at::Tensor, xgrad::Tensor>::value);
  static_assert(std::is_same<torch::autograd::Variable, xgrad::Tensor>::value);
  static_assert(std::is_same<c10::IntArrayRef, xgrad::IntArrayRef>::value);
  static_assert(std::is_same<c10::optional<int64_t>, std::optional<int64_t>>::value);
  static_assert(std::is_same<torch::optional<double>, std::optional<double>>::value);
  CHECK(at::Reduction::Sum == torch::Reduction::Sum);
  CHECK(c10::kCPU == torch::kCPU);
  const c10::Device device = torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
  CHECK(device.is_cpu());
  CHECK(torch::cuda::device_count() == 0);
  CHECK(c10::str("a", 1, '-', 2.5) == "a1-2.5");
  const c10::optional<int64_t> none = c10::nullopt;
  CHECK_FALSE(none.has_value());
}

namespace {
struct NetImpl : torch::nn::Module {
  NetImpl() : fc(register_module("fc", torch::nn::Linear(2, 1))) {}
  torch::Tensor forward(const torch::Tensor& x) { return fc(x); }
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);

void checked_positive(int64_t n) { TORCH_CHECK(n > 0, "n must be positive, got ", n); }
}  // namespace

TEST_CASE("TORCH_MODULE makes the holder") {
  Net net;
  CHECK(net->forward(torch::ones({3, 2})).sizes().vec() == std::vector<int64_t>{3, 1});
  CHECK(net->parameters().size() == 2);
}

TEST_CASE("TORCH_CHECK, AT_ASSERT, AT_ERROR throw c10::Error with libtorch's messages") {
  CHECK_NOTHROW(checked_positive(3));
  CHECK_THROWS_WITH_AS(checked_positive(-2), "n must be positive, got -2", c10::Error);
  const int64_t x = 0;
  CHECK_THROWS_WITH_AS(TORCH_CHECK(x == 1), "Expected x == 1 to be true, but got false.", c10::Error);
  CHECK_THROWS_WITH_AS(AT_ASSERT(x > 2), "Expected x > 2 to be true, but got false.", c10::Error);
  CHECK_THROWS_WITH_AS(TORCH_INTERNAL_ASSERT(x, "x is ", x), "x is 0", c10::Error);
  CHECK_THROWS_WITH_AS(AT_ERROR("bad ", 3), "bad 3", c10::Error);
  try {
    torch::zeros({2}).view({3});
    FAIL("view should have thrown");
  } catch (const c10::Error& e) {
    CHECK(e.msg().find("view") == 0);  // xgrad's own errors are c10::Error too
  }
}

TEST_CASE("c10::irange counts from 0 or from begin, and is empty when end <= begin") {
  std::vector<int64_t> seen;
  for (const auto i : c10::irange(int64_t(3))) seen.push_back(i);
  CHECK(seen == std::vector<int64_t>{0, 1, 2});
  seen.clear();
  for (const auto i : c10::irange(2, int64_t(5))) seen.push_back(i);
  CHECK(seen == std::vector<int64_t>{2, 3, 4});
  int count = 0;
  for (const auto i : c10::irange(5, 2)) count += i + 1;
  for (const auto i : c10::irange(-1)) count += i + 1;
  CHECK(count == 0);
  torch::Tensor t = torch::zeros({4});
  for (const auto i : c10::irange(t.size(0))) t[i] = static_cast<double>(i);
  CHECK(t.sum().item<double>() == 6);
}

TEST_CASE("<torch/version.h> names the libtorch release xgrad follows") {
  CHECK(TORCH_VERSION_MAJOR == 1);
  CHECK(TORCH_VERSION_MINOR == 13);
  CHECK(std::string(TORCH_VERSION) == "1.13.1");
}
