// README.md's example, compiled and checked. The text between the two "README example" markers must
// stay identical to README's code block, except that README's `int main() {` is the TEST_CASE line
// here; the readme_example_sync test compares them. The checks after the end marker use the
// example's variables.
#include <doctest/doctest.h>

// README example: begin
#include <xgrad/xgrad.h>

#include <iostream>

using xgrad::Tensor;
using xgrad::autograd::AutogradContext;
using xgrad::autograd::variable_list;

// A custom op with its own backward, as torch::autograd::Function: y = x^3, dy/dx = 3 x^2.
struct Cube : xgrad::autograd::Function<Cube> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    ctx->save_for_backward({x});
    return x * x * x;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    Tensor x = ctx->get_saved_variables()[0];
    return {grad_outputs[0] * 3 * x * x};
  }
};

TEST_CASE("README example") {
  // A linear layer with a ReLU on a batch of two inputs: only w and b record gradients.
  Tensor x = xgrad::tensor({{1.0, 2.0, 3.0}, {-1.0, 0.0, 1.0}});
  Tensor w = xgrad::tensor({{0.5, -1.0, 1.0}, {1.0, 0.0, -0.5}}, xgrad::requires_grad());
  Tensor b = xgrad::zeros({2}, xgrad::requires_grad());

  Tensor y = xgrad::relu(x.mm(w.t()) + b);  // [[1.5, 0], [0.5, 0]]
  Tensor loss = y.pow(2).sum();
  std::cout << loss.item<float>() << " " << loss.grad_fn()->name() << "\n";  // 2.5 SumBackward0

  loss.backward();  // d loss / d w = (2 y)^T x, d loss / d b = sum of 2 y over the batch
  std::cout << w.grad() << "\n" << b.grad() << "\n";  // [[2, 6, 10], [0, 0, 0]] and [4, 0]

  {
    xgrad::NoGradGuard no_grad;  // an SGD step: in place, not recorded
    w -= 0.1 * w.grad();
    b -= 0.1 * b.grad();
  }

  Tensor z = xgrad::tensor({2.0}, xgrad::requires_grad());
  Tensor cube = Cube::apply(z);
  cube.backward();
  std::cout << cube.item<float>() << " " << z.grad().item<float>() << " " << cube.grad_fn()->name() << "\n";
  // 8 12 torch::autograd::CppNode<Cube> (libtorch's name for a custom function's node)
// README example: end

  CHECK(y.allclose(xgrad::tensor({{1.5, 0.0}, {0.5, 0.0}})));
  CHECK(y.grad_fn()->name() == "ReluBackward0");
  CHECK(loss.item<float>() == doctest::Approx(2.5));
  CHECK(loss.grad_fn()->name() == "SumBackward0");
  // After the step: w - 0.1 * [[2, 6, 10], [0, 0, 0]], b - 0.1 * [4, 0]; still leaves.
  CHECK(w.allclose(xgrad::tensor({{0.3, -1.6, 0.0}, {1.0, 0.0, -0.5}})));
  CHECK(b.allclose(xgrad::tensor({-0.4, 0.0})));
  CHECK(w.is_leaf());
  CHECK(w.grad_fn() == nullptr);
  CHECK(w.requires_grad());
  CHECK(x.grad().defined() == false);
  CHECK(cube.item<float>() == doctest::Approx(8.0));
  CHECK(z.grad().item<float>() == doctest::Approx(12.0));
  CHECK(cube.grad_fn()->name() == "torch::autograd::CppNode<Cube>");
}
