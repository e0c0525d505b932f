// Prints, with real libtorch, the tensors tests/test_print.cpp rebuilds in xgrad; each block is
// "== <name>" followed by libtorch's `std::cout << tensor` text. Built and run by generate_print.sh.
#include <torch/torch.h>

#include <iostream>
#include <limits>

namespace {
void show(const char* name, const torch::Tensor& t) { std::cout << "== " << name << "\n" << t << "\n"; }
}  // namespace

int main() {
  const std::vector<std::pair<const char*, torch::ScalarType>> dtypes = {
      {"bool", torch::kBool},     {"uint8", torch::kByte},       {"int8", torch::kChar},
      {"int16", torch::kShort},   {"int32", torch::kInt},        {"int64", torch::kLong},
      {"float16", torch::kHalf},  {"bfloat16", torch::kBFloat16}, {"float32", torch::kFloat},
      {"float64", torch::kDouble}};
  for (const auto& [name, dt] : dtypes) {
    const std::string n(name);
    show((n + " arange6_2x3").c_str(), torch::arange(6).reshape({2, 3}).to(dt));
    show((n + " zerodim").c_str(), torch::tensor(3).to(dt));
    show((n + " empty").c_str(), torch::zeros({0}, dt));
    show((n + " empty_2x0").c_str(), torch::zeros({2, 0}, dt));
    show((n + " vector").c_str(), torch::tensor({1, 0, 5}).to(dt));
    show((n + " 3d").c_str(), torch::arange(12).reshape({2, 2, 3}).to(dt));
  }
  for (const auto& [name, dt] : dtypes) {
    if (!torch::isFloatingType(dt)) continue;
    const std::string n(name);
    show((n + " fractions").c_str(), torch::tensor({0.5, -1.25, 3.0, 100.125}).to(dt));
    show((n + " small").c_str(), torch::tensor({1e-5, 2.5e-5, -3e-6}).to(dt));
    show((n + " large").c_str(), torch::tensor({12345.0, 1.5e6, -7.0}).to(dt));
    show((n + " mixed_scale").c_str(), torch::tensor({1e-3, 1e3, 0.5}).to(dt));
    const double inf = std::numeric_limits<double>::infinity();
    show((n + " inf_nan").c_str(),
         torch::tensor({1.0, inf, -inf, std::numeric_limits<double>::quiet_NaN()}).to(dt));
    show((n + " zerodim_frac").c_str(), torch::tensor(0.1).to(dt));
    show((n + " integers_valued").c_str(), torch::tensor({1.0, 2.0, -3.0}).to(dt));
  }
  return 0;
}
