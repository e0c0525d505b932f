#pragma once
// The numpy tutorials' backpropagation network for scikit-learn's digits, three ways: its update as
// the tutorial writes it, the exact gradient written by hand, and an nn::Module trained by autograd
// and SGD.
//
// As in the tutorial, an example is a column: inputs x [64, 1], targets t [10, 1]; the weights are
// wih [hidden, 64] and who [10, hidden] (an nn::Linear's weight is [out, in]: the same layout). With
// h = sigmoid(wih x) and o = sigmoid(who h), the tutorial's step ("hand") is
//   output_errors = t - o                          hidden_errors = who^T output_errors
//   who += lr (output_errors * o * (1 - o)) h^T     wih += lr (hidden_errors * h * (1 - h)) x^T
// (hidden_errors from who before its update). Its who step is SGD on loss = 1/2 sum (t - o)^2, whose
// gradient is -(output_errors * o * (1 - o)) h^T. Its wih step is not: the chain rule sends back
// through the output sigmoid, so the exact hidden error is who^T (output_errors * o * (1 - o)); the
// tutorial leaves out that o (1 - o), at most 1/4. "backprop" is the tutorial's code with that
// factor put in, and computes what "autograd" does: MSE (summed, halved) and SGD on the Module.
#include <xgrad/xgrad.h>

#include <memory>
#include <string>

struct Weights {
  xgrad::Tensor wih;  // [hidden, inputs]
  xgrad::Tensor who;  // [outputs, hidden]
};

/// The tutorial's initial weights: each layer's drawn from a normal distribution with mean 0 and
/// standard deviation n_in^-0.5, n_in being its number of inputs.
Weights initial_weights(int64_t inputs, int64_t hidden, int64_t outputs);

/// The tutorial's inputs: pixels 0-16 scaled to x / 16 * 0.99 + 0.01, in [0.01, 1] (any shape).
xgrad::Tensor scale_inputs(const xgrad::Tensor& pixels);
/// The tutorial's targets: labels [N] become [N, classes] rows of 0.01 with 0.99 at the label.
xgrad::Tensor encode_targets(const xgrad::Tensor& labels, int64_t classes);

/// What the program trains, whichever way it computes its update.
class DigitsNetwork {
 public:
  virtual ~DigitsNetwork() = default;
  /// One step on one example: inputs [n_in], targets [n_out].
  virtual void train(const xgrad::Tensor& inputs, const xgrad::Tensor& targets) = 0;
  /// The outputs for inputs [N, n_in]: [N, n_out].
  virtual xgrad::Tensor query(const xgrad::Tensor& inputs) = 0;
  /// The current weights (copies).
  virtual Weights weights() const = 0;
};

/// The variants: "hand" (the tutorial's update), "backprop" (the exact gradient, written out) and
/// "autograd" (nn::Module, MSE loss, SGD). Any other name throws std::invalid_argument.
std::unique_ptr<DigitsNetwork> make_network(const std::string& variant, const Weights& initial, double lr);
