// logic_gates: single sigmoid neurons with hand-picked weights act as OR, NAND and AND gates, and XOR,
// which no single neuron can compute, is built from them: XOR(a, b) = AND(OR(a, b), NAND(a, b)).
// In PyTorch terms each gate is torch.sigmoid(X @ w + b) over all four input rows at once.
#include <xgrad/xgrad.h>

#include <cstdio>
#include <optional>

#include "cli.h"

// One neuron applied to every row of inputs [4, 2]: sigmoid(inputs @ [w1, w2]^T + bias) -> [4, 1].
// Large weights push the sigmoid close to 0 or 1, so the neuron behaves like a step function.
xgrad::Tensor neuron(const xgrad::Tensor& inputs, float w1, float w2, float bias) {
  xgrad::Tensor weight = xgrad::tensor({{w1}, {w2}});  // [2, 1]: one column per neuron
  return xgrad::sigmoid(inputs.mm(weight) + bias);     // the scalar bias broadcasts over the rows
}

xgrad::Tensor gate_or(const xgrad::Tensor& x) { return neuron(x, 20, 20, -10); }
xgrad::Tensor gate_nand(const xgrad::Tensor& x) { return neuron(x, -10, -10, 14); }
xgrad::Tensor gate_and(const xgrad::Tensor& x) { return neuron(x, 10, 10, -19); }

// A second layer: the OR and NAND outputs, side by side as [4, 2], are the inputs of the AND neuron.
xgrad::Tensor gate_xor(const xgrad::Tensor& x) { return gate_and(xgrad::cat({gate_or(x), gate_nand(x)}, 1)); }

// Prints one truth table: the output rounded to a bit, and the neuron's raw value beside it.
void print_table(const char* name, const xgrad::Tensor& inputs, const xgrad::Tensor& outputs) {
  std::printf("%s\n", name);
  for (int64_t row = 0; row < inputs.size(0); ++row) {
    const auto a = inputs[row][0].item<float>(), b = inputs[row][1].item<float>();
    const auto y = outputs[row][0].item<float>();
    std::printf("  %s(%.0f, %.0f) = %d   (sigmoid output %.5f)\n", name, a, b, y > 0.5f ? 1 : 0, y);
  }
}

int main(int argc, char** argv) {
  // No options: --help prints about, any other argument is an error.
  const char* about =
      "Single sigmoid neurons with hand-picked weights act as OR, NAND and AND gates; XOR is built\n"
      "from them. Prints each gate's truth table.";
  if (const std::optional<int> exit_code = cli::no_options(argc, argv, about)) return *exit_code;

  // Every combination of two bits, one per row: the whole truth table is one matrix product.
  const xgrad::Tensor inputs = xgrad::tensor({{0.0f, 0.0f}, {0.0f, 1.0f}, {1.0f, 0.0f}, {1.0f, 1.0f}});
  print_table("OR", inputs, gate_or(inputs));
  print_table("NAND", inputs, gate_nand(inputs));
  print_table("AND", inputs, gate_and(inputs));
  print_table("XOR", inputs, gate_xor(inputs));
}
