// A common mistake that must give a short compile error (tests/compat/errors.cmake): a float passed to
// a model, where libtorch wants a Tensor. Sequential's call goes through two templates
// (ModuleHolder::operator() and SequentialImpl::forward<ReturnType>).
#include <torch/torch.h>

int main() {
  torch::nn::Sequential model(torch::nn::Linear(1, 8), torch::nn::ReLU(), torch::nn::Linear(8, 1));
  auto prediction = model(0.5f);  // ERROR: the input must be a Tensor
  std::cout << prediction << std::endl;
}
