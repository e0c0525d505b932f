// linear_regression: fits y = 1.5 + 2 x1 + 5 x2 (plus noise) by gradient descent, with the gradient
// from autograd: the loop a PyTorch user writes by hand before reaching for torch.optim.
#include <xgrad/xgrad.h>

#include <cstdio>
#include <optional>

#include "cli.h"

int main(int argc, char** argv) {
  // No options: --help prints about, any other argument is an error.
  const char* about =
      "Fits y = 1.5 + 2 x1 + 5 x2 (plus noise) by gradient descent, the gradient from autograd.";
  if (const std::optional<int> exit_code = cli::no_options(argc, argv, about)) return *exit_code;

  xgrad::manual_seed(0);  // the same data and the same run every time

  // 100 points with two features; a column of ones in front lets theta[0] act as the intercept.
  const int64_t n = 100;
  xgrad::Tensor features = xgrad::randn({n, 2});
  xgrad::Tensor x = xgrad::cat({xgrad::ones({n, 1}), features}, 1);  // [100, 3]
  xgrad::Tensor true_theta = xgrad::tensor({{1.5f}, {2.0f}, {5.0f}});  // [3, 1]
  xgrad::Tensor y = x.mm(true_theta) + 0.1 * xgrad::randn({n, 1});     // targets with a little noise

  // theta is the only tensor that requires grad, so backward() fills theta.grad() and nothing else.
  xgrad::Tensor theta = xgrad::zeros({3, 1}, xgrad::requires_grad());
  const double learning_rate = 0.05;
  for (int step = 0; step <= 100; ++step) {
    xgrad::Tensor loss = xgrad::mse_loss(x.mm(theta), y);
    loss.backward();
    {
      // The update must not itself be recorded in the graph (as `with torch.no_grad():`).
      xgrad::NoGradGuard no_grad;
      theta -= learning_rate * theta.grad();
      // backward() adds to grad, so clear it before the next step (as theta.grad.zero_()).
      theta.mutable_grad().zero_();
    }
    if (step % 10 == 0) std::printf("step %3d  loss %.6f\n", step, loss.item<float>());
  }
  std::printf("theta: %.4f %.4f %.4f  (true: 1.5 2 5)\n", theta[0][0].item<float>(), theta[1][0].item<float>(),
              theta[2][0].item<float>());
}
