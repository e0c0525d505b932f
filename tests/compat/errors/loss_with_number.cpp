// A common mistake that must give a short compile error (tests/compat/errors.cmake): a number as a
// loss module's target, where libtorch wants a Tensor. The call goes through ModuleHolder's
// operator(), a template, whose failure must not turn into a long instantiation backtrace.
#include <torch/torch.h>

int main() {
  torch::nn::Linear model(4, 1);
  torch::nn::MSELoss criterion;
  auto output = model(torch::randn({8, 4}));
  auto loss = criterion(output, 3);  // ERROR: the target must be a Tensor
  loss.backward();
}
