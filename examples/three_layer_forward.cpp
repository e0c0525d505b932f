// three_layer_forward: the forward pass of a fixed 2-3-2-2 network, written out layer by layer:
// a = x @ W + b, then sigmoid on the hidden layers and the identity on the output layer.
// The weights are stored [in, out] so that a row vector x multiplies from the left (x @ W), as in
// NumPy tutorials; nn::Linear stores the transpose, [out, in].
#include <xgrad/xgrad.h>

#include <cstdio>
#include <optional>

#include "cli.h"

int main(int argc, char** argv) {
  // No options: --help prints about, any other argument is an error.
  const char* about = "The forward pass of a fixed 2-3-2-2 sigmoid network for x = [1.0, 0.5].";
  if (const std::optional<int> exit_code = cli::no_options(argc, argv, about)) return *exit_code;

  // Double precision, so that all eight printed decimals are exact.
  const auto f64 = xgrad::TensorOptions().dtype(xgrad::kDouble);
  const xgrad::Tensor W1 = xgrad::tensor({{0.1, 0.3, 0.5}, {0.2, 0.4, 0.6}}, f64);  // [2, 3]
  const xgrad::Tensor b1 = xgrad::tensor({0.1, 0.2, 0.3}, f64);
  const xgrad::Tensor W2 = xgrad::tensor({{0.1, 0.4}, {0.2, 0.5}, {0.3, 0.6}}, f64);  // [3, 2]
  const xgrad::Tensor b2 = xgrad::tensor({0.1, 0.2}, f64);
  const xgrad::Tensor W3 = xgrad::tensor({{0.1, 0.3}, {0.2, 0.4}}, f64);  // [2, 2]
  const xgrad::Tensor b3 = xgrad::tensor({0.1, 0.2}, f64);

  // A batch of one input: [1, 2]. The biases [k] broadcast over the batch dim.
  const xgrad::Tensor x = xgrad::tensor({{1.0, 0.5}}, f64);
  const xgrad::Tensor z1 = xgrad::sigmoid(x.mm(W1) + b1);   // [1, 3]
  const xgrad::Tensor z2 = xgrad::sigmoid(z1.mm(W2) + b2);  // [1, 2]
  const xgrad::Tensor y = z2.mm(W3) + b3;                   // [1, 2], identity output

  std::printf("y = [%.8f, %.8f]\n", y[0][0].item<double>(), y[0][1].item<double>());
}
