// The C++ indexing API as libtorch documents it (docs "Tensor Indexing API"): index() and
// index_put_() with torch::indexing::{None, Ellipsis, Slice}, integers, and bool and long index
// tensors, each the C++ spelling of a Python expression given beside it. Built unchanged against
// libtorch and against xgrad (compat/); every result is checked.
#include <torch/torch.h>

#include <cstdint>
#include <iostream>

using namespace torch::indexing;

int main() {
  bool ok = true;
  auto check = [&ok](bool condition, const char* what) {
    if (!condition) std::cerr << "wrong: " << what << std::endl;
    ok = ok && condition;
  };
  torch::Tensor a = torch::arange(24, torch::kFloat).reshape({2, 3, 4});

  // a[1, 2, 3]
  check(a.index({1, 2, 3}).item<float>() == 23, "a[1, 2, 3]");
  // a[:, 1]
  check(a.index({Slice(), 1}).sizes() == torch::IntArrayRef({2, 4}), "a[:, 1]");
  // a[..., 0]
  check(torch::equal(a.index({Ellipsis, 0}), torch::tensor({{0.0f, 4.0f, 8.0f}, {12.0f, 16.0f, 20.0f}})), "a[..., 0]");
  // a[None, 0].shape == (1, 3, 4)
  check(a.index({None, 0}).sizes() == torch::IntArrayRef({1, 3, 4}), "a[None, 0]");
  // a[0, 1:None:2]
  check(torch::equal(a.index({0, Slice(1, None, 2)}), a[0][1].unsqueeze(0)), "a[0, 1::2]");
  // a[0, :, Slice(None, -1)]
  check(a.index({0, Slice(), Slice(None, -1)}).sizes() == torch::IntArrayRef({3, 3}), "a[0, :, :-1]");
  // a[a > 20]
  check(torch::equal(a.index({a > 20}), torch::tensor({21.0f, 22.0f, 23.0f})), "a[a > 20]");
  // a[0, [0, 2]] with a long tensor
  torch::Tensor rows = torch::tensor({0, 2});
  check(a.index({0, rows}).sizes() == torch::IntArrayRef({2, 4}), "a[0, [0, 2]]");

  // a[1, :, 0] = -1 ; a[a < 2] = 100 ; a[0, 0] = tensor
  a.index_put_({1, Slice(), 0}, -1);
  check(a.index({1, Slice(), 0}).sum().item<float>() == -3, "a[1, :, 0] = -1");
  a.index_put_({a < 2}, 100);
  check(a.index({0, 0, 0}).item<float>() == 100 && a.index({0, 0, 1}).item<float>() == 100, "a[a < 2] = 100");
  a.index_put_({0, 0}, torch::zeros({4}));
  check(a.index({0, 0}).abs().sum().item<float>() == 0, "a[0, 0] = zeros(4)");

  // Gradients flow through indexing.
  torch::Tensor x = torch::ones({3, 3}, torch::requires_grad());
  x.index({Slice(1, None), 0}).sum().backward();
  check(torch::equal(x.grad(), torch::tensor({{0.0f, 0.0f, 0.0f}, {1.0f, 0.0f, 0.0f}, {1.0f, 0.0f, 0.0f}})),
        "the gradient of x[1:, 0].sum()");

  std::cout << (ok ? "indexing: all checks pass" : "indexing: WRONG") << std::endl;
  return ok ? 0 : 1;
}
