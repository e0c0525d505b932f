// Tensor basics as libtorch's "Tensor Creation API" and "Tensor Basics" notes teach them: factory
// functions with sizes and TensorOptions, dtypes and conversion, element access through item(),
// accessor() and data_ptr(), arithmetic and reductions, and printing. Built unchanged against
// libtorch and against xgrad (compat/); every result is checked, and the program exits non-zero if
// one is wrong.
#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main() {
  bool ok = true;
  auto check = [&ok](bool condition, const char* what) {
    if (!condition) std::cerr << "wrong: " << what << std::endl;
    ok = ok && condition;
  };

  // Factories.
  torch::Tensor ones = torch::ones(5);
  check(ones.sizes() == torch::IntArrayRef({5}) && ones.sum().item<float>() == 5, "ones(5)");
  torch::Tensor sevens = torch::full({3, 4}, /*value=*/7);
  check(sevens.scalar_type() == torch::kLong && sevens.sum().item<int64_t>() == 84, "full of an int is Long");
  torch::Tensor r = torch::arange(5);
  check(r.scalar_type() == torch::kInt64 && r[4].item<int64_t>() == 4, "arange(5)");
  torch::Tensor steps = torch::arange(1, 2, 0.25);
  check(steps.numel() == 4 && steps.scalar_type() == torch::kFloat, "arange(1, 2, 0.25)");
  torch::Tensor eye = torch::eye(3);
  check(eye.trace().item<float>() == 3 && eye.sum().item<float>() == 3, "eye(3)");
  torch::Tensor line = torch::linspace(0, 1, 5);
  check(std::abs(line[1].item<float>() - 0.25f) < 1e-7, "linspace(0, 1, 5)");
  torch::Tensor like = torch::zeros_like(sevens, torch::kFloat);
  check(like.sizes() == sevens.sizes() && like.scalar_type() == torch::kFloat, "zeros_like with a dtype");
  torch::Tensor from_list = torch::tensor({1.5, 2.5, 3.5});
  // As in libtorch, a list of doubles makes a tensor of the default dtype, Float.
  check(from_list.scalar_type() == torch::kFloat && from_list.sum().item<double>() == 7.5, "tensor({...}) is Float");

  // TensorOptions.
  auto options = torch::TensorOptions().dtype(torch::kFloat32).requires_grad(true);
  torch::Tensor w = torch::randn({3, 4}, options);
  check(w.requires_grad() && w.dtype() == torch::kFloat32, "TensorOptions().dtype().requires_grad()");
  torch::Tensor ints = torch::ones({2, 2}, torch::dtype(torch::kInt32));
  check(ints.scalar_type() == torch::kInt && ints.element_size() == 4, "dtype(kInt32)");

  // Conversion and element access.
  torch::Tensor halves = torch::tensor({0.5f, 1.5f, -2.7f}).to(torch::kInt32);
  check(halves[2].item<int>() == -2, "float to Int truncates");
  torch::Tensor m = torch::arange(6, torch::kFloat).reshape({2, 3});
  auto a = m.accessor<float, 2>();
  float total = 0;
  for (int64_t i = 0; i < a.size(0); ++i) {
    for (int64_t j = 0; j < a.size(1); ++j) total += a[i][j];
  }
  check(total == 15, "accessor<float, 2>");
  check(m.data_ptr<float>()[4] == 4, "data_ptr<float>()");

  // Arithmetic, broadcasting, reductions.
  torch::Tensor y = m * 2 + torch::tensor({1.0f, 0.0f, -1.0f});
  check(y[1][2].item<float>() == 9, "broadcast add");
  check(torch::allclose(y.mean(/*dim=*/0), torch::tensor({4.0f, 5.0f, 6.0f})), "mean over dim 0");
  check(y.argmax().item<int64_t>() == 5, "argmax");

  // Printing: values and libtorch's footer.
  std::ostringstream printed;
  printed << torch::ones({2, 2});
  check(printed.str().find("[ CPUFloatType{2,2} ]") != std::string::npos, "printing's footer");

  std::cout << (ok ? "tensor basics: all checks pass" : "tensor basics: WRONG") << std::endl;
  return ok ? 0 : 1;
}
