// autograd_basics: PyTorch's autograd tutorial in xgrad: tensors that require grad record the ops
// applied to them (grad_fn), backward() walks that record in reverse and leaves d(out)/dx in x.grad(),
// and NoGradGuard / detach() stop the recording.
#include <xgrad/xgrad.h>

#include <iostream>
#include <optional>

#include "cli.h"

int main(int argc, char** argv) {
  // No options: --help prints about, any other argument is an error.
  const char* about =
      "PyTorch's autograd tutorial in xgrad: requires_grad, grad_fn, backward, NoGradGuard, detach.";
  if (const std::optional<int> exit_code = cli::no_options(argc, argv, about)) return *exit_code;

  // A leaf tensor whose gradient we want (torch.ones(2, 2, requires_grad=True)).
  xgrad::Tensor x = xgrad::ones({2, 2}, xgrad::requires_grad());
  std::cout << "x:\n" << x << "\n";

  // Each result remembers the op that made it: its grad_fn is a node of the backward graph.
  // A tensor op with a plain number calls the Scalar overload (add.Scalar), whose node is AddBackward1;
  // Python's `x + 2` wraps 2 in a tensor first and so shows AddBackward0. The gradients are the same.
  xgrad::Tensor y = x + 2;
  std::cout << "y = x + 2, y.grad_fn: " << y.grad_fn()->name() << "\n";
  xgrad::Tensor y2 = y * y;
  std::cout << "y * y, grad_fn: " << y2.grad_fn()->name() << "\n";
  xgrad::Tensor z = y2 * 3;
  std::cout << "z = y * y * 3, z.grad_fn: " << z.grad_fn()->name() << "\n";
  xgrad::Tensor out = z.mean();
  std::cout << "out = z.mean(), out.grad_fn: " << out.grad_fn()->name() << "\n";
  // x was made by the user, not by an op: a leaf, with no grad_fn.
  std::cout << "x is a leaf: " << std::boolalpha << x.is_leaf() << "\n";

  // out = mean(3 (x + 2)^2) over 4 elements, so d(out)/dx = 6 (x + 2) / 4 = 4.5 at x = 1.
  out.backward();
  std::cout << "x.grad after out.backward():\n" << x.grad() << "\n";

  // Under NoGradGuard (Python's `with torch.no_grad():`) nothing is recorded: for evaluation and for
  // updating parameters in place.
  {
    xgrad::NoGradGuard no_grad;
    xgrad::Tensor w = x * 2;
    std::cout << "under NoGradGuard, (x * 2).requires_grad(): " << w.requires_grad() << "\n";
  }
  std::cout << "outside it again, (x * 2).requires_grad(): " << (x * 2).requires_grad() << "\n";

  // detach() gives the same values, cut off from the graph (shares x's memory, as in PyTorch).
  xgrad::Tensor d = x.detach();
  std::cout << "x.detach().requires_grad(): " << d.requires_grad() << ", same values: " << d.equal(x) << "\n";
}
