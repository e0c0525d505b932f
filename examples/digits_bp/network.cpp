#include "network.h"

#include <cmath>
#include <stdexcept>

namespace nn = xgrad::nn;
using xgrad::Tensor;

Weights initial_weights(int64_t inputs, int64_t hidden, int64_t outputs) {
  xgrad::NoGradGuard no_grad;
  return {xgrad::empty({hidden, inputs}).normal_(0, 1 / std::sqrt(static_cast<double>(inputs))),
          xgrad::empty({outputs, hidden}).normal_(0, 1 / std::sqrt(static_cast<double>(hidden)))};
}

Tensor scale_inputs(const Tensor& pixels) { return pixels.to(xgrad::kFloat) / 16 * 0.99 + 0.01; }

Tensor encode_targets(const Tensor& labels, int64_t classes) {
  const Tensor is_label = labels.view({-1, 1}).eq(xgrad::arange(classes, xgrad::kLong).view({1, -1}));
  return is_label.to(xgrad::kFloat) * 0.98 + 0.01;
}

namespace {

/// The tutorial's code, with xgrad tensors for numpy arrays; exact_gradient puts in the factor it
/// leaves out of the hidden errors.
class HandWrittenNetwork : public DigitsNetwork {
 public:
  HandWrittenNetwork(const Weights& initial, double lr, bool exact_gradient)
      : wih_(initial.wih.detach().clone()), who_(initial.who.detach().clone()), lr_(lr),
        exact_gradient_(exact_gradient) {}

  void train(const Tensor& inputs, const Tensor& targets) override {
    const Tensor x = inputs.view({-1, 1}), t = targets.view({-1, 1});
    const Tensor h = wih_.mm(x).sigmoid();
    const Tensor o = who_.mm(h).sigmoid();
    const Tensor output_errors = t - o;
    const Tensor output_deltas = output_errors * o * (1 - o);  // the error at who h, before the sigmoid
    const Tensor hidden_errors = who_.t().mm(exact_gradient_ ? output_deltas : output_errors);
    who_ += lr_ * output_deltas.mm(h.t());
    wih_ += lr_ * (hidden_errors * h * (1 - h)).mm(x.t());
  }

  Tensor query(const Tensor& inputs) override {
    // Row by row: [N, in] -> [N, out], the same products transposed.
    return inputs.mm(wih_.t()).sigmoid().mm(who_.t()).sigmoid();
  }

  Weights weights() const override { return {wih_.clone(), who_.clone()}; }

 private:
  Tensor wih_, who_;
  double lr_;
  bool exact_gradient_;
};

/// The same network as a libtorch user writes it: two bias-free Linear layers and sigmoids.
struct DigitsNetImpl : nn::Module {
  DigitsNetImpl(const Weights& initial)
      : hidden(register_module("hidden", nn::Linear(nn::LinearOptions(initial.wih.size(1), initial.wih.size(0))
                                                           .bias(false)))),
        output(register_module("output", nn::Linear(nn::LinearOptions(initial.who.size(1), initial.who.size(0))
                                                           .bias(false)))) {
    xgrad::NoGradGuard no_grad;
    hidden->weight.copy_(initial.wih);
    output->weight.copy_(initial.who);
  }
  Tensor forward(const Tensor& x) { return output(hidden(x).sigmoid()).sigmoid(); }

  nn::Linear hidden, output;
};
XGRAD_MODULE(DigitsNet);

/// DigitsNet trained by autograd: the loss is 1/2 the summed squared error, so that its gradients are
/// "backprop"'s update divided by -lr, and plain SGD applies them.
class AutogradNetwork : public DigitsNetwork {
 public:
  AutogradNetwork(const Weights& initial, double lr)
      : net_(initial), optimizer_(net_->parameters(), xgrad::optim::SGDOptions(lr)), criterion_(xgrad::kSum) {}

  void train(const Tensor& inputs, const Tensor& targets) override {
    optimizer_.zero_grad();
    const Tensor loss = 0.5 * criterion_(net_->forward(inputs.view({1, -1})), targets.view({1, -1}));
    loss.backward();
    optimizer_.step();
  }

  Tensor query(const Tensor& inputs) override {
    xgrad::NoGradGuard no_grad;
    return net_->forward(inputs);
  }

  Weights weights() const override {
    return {net_->hidden->weight.detach().clone(), net_->output->weight.detach().clone()};
  }

 private:
  DigitsNet net_;
  xgrad::optim::SGD optimizer_;
  nn::MSELoss criterion_;
};

}  // namespace

std::unique_ptr<DigitsNetwork> make_network(const std::string& variant, const Weights& initial, double lr) {
  if (variant == "hand") return std::make_unique<HandWrittenNetwork>(initial, lr, /*exact_gradient=*/false);
  if (variant == "backprop") return std::make_unique<HandWrittenNetwork>(initial, lr, /*exact_gradient=*/true);
  if (variant == "autograd") return std::make_unique<AutogradNetwork>(initial, lr);
  throw std::invalid_argument("unknown variant '" + variant + "' (expected hand, backprop or autograd)");
}
