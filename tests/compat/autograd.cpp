// The libtorch autograd tutorial (pytorch.org/tutorials/advanced/cpp_autograd.html, "Autograd in C++
// Frontend"; also pytorch/examples cpp/autograd), written as the tutorial is: plain libtorch code that
// builds unchanged against libtorch and against xgrad (through compat/). Where the tutorial prints a
// result and says what it should be, this program checks it too: the grad_fn names libtorch gives,
// the gradients of out = mean(3 (x + 2)^2) and of a vector-Jacobian product, requires_grad under
// NoGradGuard and after detach, a double backward through torch::autograd::grad, and the custom
// Functions LinearFunction and MulConstant against autograd of the same expressions.
#include <torch/torch.h>

#include <iostream>

using namespace torch::autograd;

void basic_autograd_operations_example() {
  std::cout << "====== Running: \"Basic autograd operations\" ======" << std::endl;

  // A leaf that records the operations done with it.
  auto x = torch::ones({2, 2}, torch::requires_grad());
  std::cout << x << std::endl;

  auto y = x + 2;
  std::cout << y << std::endl;

  // y is the result of an operation: it has a grad_fn, named as libtorch names it.
  std::cout << y.grad_fn()->name() << std::endl;
  TORCH_CHECK(y.grad_fn()->name() == "AddBackward1", "x + 2: grad_fn ", y.grad_fn()->name());

  auto z = y * y * 3;
  auto out = z.mean();

  std::cout << z << std::endl;
  std::cout << z.grad_fn()->name() << std::endl;
  std::cout << out << std::endl;
  std::cout << out.grad_fn()->name() << std::endl;
  TORCH_CHECK(z.grad_fn()->name() == "MulBackward1", "y * y * 3: grad_fn ", z.grad_fn()->name());
  TORCH_CHECK(out.grad_fn()->name() == "MeanBackward0", "z.mean(): grad_fn ", out.grad_fn()->name());
  TORCH_CHECK(out.item<float>() == 27, "out = ", out.item<float>(), ", expected 3 * 3^2");

  // requires_grad_ turns tracking on for an existing tensor.
  auto a = torch::randn({2, 2});
  a = ((a * 3) / (a - 1));
  std::cout << a.requires_grad() << std::endl;
  TORCH_CHECK(!a.requires_grad(), "a computed from randn requires grad");

  a.requires_grad_(true);
  std::cout << a.requires_grad() << std::endl;
  TORCH_CHECK(a.requires_grad(), "requires_grad_(true) did not stick");

  auto b = (a * a).sum();
  std::cout << b.grad_fn()->name() << std::endl;
  TORCH_CHECK(b.grad_fn()->name() == "SumBackward0", "(a * a).sum(): grad_fn ", b.grad_fn()->name());

  // out is a scalar, so backward() needs no gradient argument.
  out.backward();

  // d(out)/dx: out = mean(3 (x + 2)^2) over 4 elements, so 6 (x + 2) / 4 = 4.5.
  std::cout << x.grad() << std::endl;
  TORCH_CHECK(x.grad().allclose(torch::full({2, 2}, 4.5)), "d(out)/dx is not 4.5 everywhere");

  // A vector-Jacobian product: y is not a scalar, so backward takes the vector.
  x = torch::randn(3, torch::requires_grad());

  y = x * 2;
  double scale = 2;
  while (y.norm().item<double>() < 1000) {
    y = y * 2;
    scale *= 2;
  }

  std::cout << y << std::endl;
  std::cout << y.grad_fn()->name() << std::endl;
  TORCH_CHECK(y.grad_fn()->name() == "MulBackward1", "y * 2: grad_fn ", y.grad_fn()->name());

  auto v = torch::tensor({0.1, 1.0, 0.0001}, torch::kFloat);
  y.backward(v);

  std::cout << x.grad() << std::endl;
  TORCH_CHECK(x.grad().allclose(v * scale), "the vector-Jacobian product of y = ", scale, " x is not ",
              scale, " v");

  // No tracking inside a NoGradGuard's scope...
  std::cout << x.requires_grad() << std::endl;
  std::cout << x.pow(2).requires_grad() << std::endl;
  TORCH_CHECK(x.pow(2).requires_grad(), "x.pow(2) does not require grad");

  {
    torch::NoGradGuard no_grad;
    std::cout << x.pow(2).requires_grad() << std::endl;
    TORCH_CHECK(!x.pow(2).requires_grad(), "x.pow(2) requires grad under NoGradGuard");
  }

  // ...nor for a detached tensor, which has the same values.
  std::cout << x.requires_grad() << std::endl;
  y = x.detach();
  std::cout << y.requires_grad() << std::endl;
  std::cout << x.eq(y).all().item<bool>() << std::endl;
  TORCH_CHECK(x.requires_grad() && !y.requires_grad(), "detach() did not cut y from the graph");
  TORCH_CHECK(x.eq(y).all().item<bool>(), "detach() changed the values");
}

void compute_higher_order_gradients_example() {
  std::cout << "====== Running \"Computing higher-order gradients in C++\" ======" << std::endl;

  // A gradient penalty: the norm of d(output)/d(input), itself differentiated.
  auto model = torch::nn::Linear(4, 3);

  auto input = torch::randn({3, 4}).requires_grad_(true);
  auto output = model(input);

  auto target = torch::randn({3, 3});
  auto loss = torch::nn::MSELoss()(output, target);

  // The tutorial passes its `true` as the fourth argument, which is retain_graph: create_graph is
  // the fifth, and without it the penalty would be a constant.
  auto grad_output = torch::ones_like(output);
  auto gradient = torch::autograd::grad({output}, {input}, /*grad_outputs=*/{grad_output},
                                        /*retain_graph=*/true, /*create_graph=*/true)[0];
  auto gradient_penalty = torch::pow((gradient.norm(2, /*dim=*/1) - 1), 2).mean();

  auto combined_loss = loss + gradient_penalty;
  combined_loss.backward();

  std::cout << input.grad() << std::endl;

  // d(output)/d(input) of a Linear layer is ones.mm(W) whatever the input: every row is s = W.sum(0),
  // and the penalty is (|s| - 1)^2. So the penalty adds nothing to d/dinput (the MSE loss's
  // 2 (output - target) / 9 through W), and adds 2 (|s| - 1) s / |s| to every row of d/dW.
  torch::NoGradGuard no_grad;
  auto residual = (output - target) * (2.0 / 9);
  auto s = model->weight.sum(0);
  auto s_norm = s.norm().item<double>();
  TORCH_CHECK(gradient.allclose(s.expand({3, 4}), 1e-5, 1e-6), "autograd::grad of a Linear layer");
  TORCH_CHECK(input.grad().allclose(residual.mm(model->weight), 1e-4, 1e-6),
              "d(loss + gradient penalty)/d(input) differs from the MSE loss's gradient");
  auto expected_weight_grad = residual.t().mm(input) + (s * (2 * (s_norm - 1) / s_norm)).expand({3, 4});
  TORCH_CHECK(model->weight.grad().allclose(expected_weight_grad, 1e-4, 1e-6),
              "the gradient penalty's double backward did not reach the weight as expected");
}

// y = input weight^T + bias, with its backward written by hand.
class LinearFunction : public Function<LinearFunction> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor input, torch::Tensor weight,
                               torch::Tensor bias = torch::Tensor()) {
    ctx->save_for_backward({input, weight, bias});
    auto output = input.mm(weight.t());
    if (bias.defined()) {
      output += bias.unsqueeze(0).expand_as(output);
    }
    return output;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    auto saved = ctx->get_saved_variables();
    auto input = saved[0];
    auto weight = saved[1];
    auto bias = saved[2];

    auto grad_output = grad_outputs[0];
    auto grad_input = grad_output.mm(weight);
    auto grad_weight = grad_output.t().mm(input);
    auto grad_bias = torch::Tensor();
    if (bias.defined()) {
      grad_bias = grad_output.sum(0);
    }

    return {grad_input, grad_weight, grad_bias};
  }
};

// Multiplies by a constant that is not a tensor: it is kept in saved_data for backward.
class MulConstant : public Function<MulConstant> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor tensor, double constant) {
    ctx->saved_data["constant"] = constant;
    return tensor * constant;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    // One gradient per forward argument; an undefined one for the constant.
    return {grad_outputs[0] * ctx->saved_data["constant"].toDouble(), torch::Tensor()};
  }
};

void custom_autograd_function_example() {
  std::cout << "====== Running \"Using custom autograd function in C++\" ======" << std::endl;
  {
    auto x = torch::randn({2, 3}).requires_grad_();
    auto weight = torch::randn({4, 3}).requires_grad_();
    auto bias = torch::randn({4}).requires_grad_();
    auto y = LinearFunction::apply(x, weight, bias);
    auto grad_y = torch::randn({2, 4});
    y.backward(grad_y);

    std::cout << x.grad() << std::endl;
    std::cout << weight.grad() << std::endl;

    // The same expression through autograd's own ops gives the same value and gradients.
    auto x2 = x.detach().clone().requires_grad_();
    auto weight2 = weight.detach().clone().requires_grad_();
    auto bias2 = bias.detach().clone().requires_grad_();
    auto y2 = x2.mm(weight2.t()) + bias2;
    y2.backward(grad_y);
    TORCH_CHECK(y.allclose(y2, 1e-5, 1e-6), "LinearFunction's output differs from x.mm(w.t()) + b");
    TORCH_CHECK(x.grad().allclose(x2.grad(), 1e-5, 1e-6), "LinearFunction: d/dinput differs from autograd's");
    TORCH_CHECK(weight.grad().allclose(weight2.grad(), 1e-5, 1e-6),
                "LinearFunction: d/dweight differs from autograd's");
    TORCH_CHECK(bias.grad().allclose(bias2.grad(), 1e-5, 1e-6), "LinearFunction: d/dbias differs from autograd's");

    // Without the optional bias, as in the tutorial.
    auto x3 = x.detach().clone().requires_grad_();
    LinearFunction::apply(x3, weight2).sum().backward();
    TORCH_CHECK(x3.grad().allclose(torch::ones({2, 4}).mm(weight2), 1e-5, 1e-6),
                "LinearFunction without bias: d/dinput");
  }
  {
    auto x = torch::randn({2}).requires_grad_();
    auto y = MulConstant::apply(x, 5.5);
    y.sum().backward();

    std::cout << x.grad() << std::endl;

    auto x2 = x.detach().clone().requires_grad_();
    (x2 * 5.5).sum().backward();
    TORCH_CHECK(y.allclose(x * 5.5), "MulConstant's output is not x * 5.5");
    TORCH_CHECK(x.grad().allclose(x2.grad()), "MulConstant: d/dx differs from autograd's");
  }
}

int main() {
  std::cout << std::boolalpha;
  torch::manual_seed(1);

  try {
    basic_autograd_operations_example();

    std::cout << "\n";

    compute_higher_order_gradients_example();

    std::cout << "\n";

    custom_autograd_function_example();
  } catch (const c10::Error& e) {
    std::cerr << "autograd: " << e.what() << std::endl;
    return 1;
  }
  std::cout << "autograd: all checks passed" << std::endl;
  return 0;
}
