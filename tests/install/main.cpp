// A user program built against an installed xgrad: y = sum(x * x + 3 x), so dy/dx = 2 x + 3.
// Exits with 1 if the gradient or the graph is wrong.
#include <xgrad/xgrad.h>

#include <exception>
#include <iostream>

int main() {
  try {
    xgrad::Tensor x = xgrad::tensor({1.0, -2.0, 0.5}, xgrad::requires_grad());
    xgrad::Tensor y = (x * x + x * 3).sum();
    y.backward();
    const xgrad::Tensor expected = xgrad::tensor({5.0, -1.0, 4.0});
    if (y.grad_fn()->name() != "SumBackward0" || !x.grad().allclose(expected)) {
      std::cerr << "wrong result: grad_fn " << y.grad_fn()->name() << ", x.grad()\n"
                << x.grad() << "\nexpected\n" << expected << "\n";
      return 1;
    }
    std::cout << "xgrad consumer: ok\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "xgrad consumer: " << e.what() << "\n";
    return 1;
  }
}
