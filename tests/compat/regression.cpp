// The polynomial regression of pytorch/examples (cpp/regression/regression.cpp), written as that
// example is: plain libtorch code that builds unchanged against libtorch and against xgrad (through
// compat/). A Linear layer learns y = w1 x + w2 x^2 + w3 x^3 + w4 x^4 + b from random batches until the
// smooth L1 loss is below 1e-3; the program then checks that it got there and that the learned
// coefficients are the target's.
#include <torch/torch.h>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#define POLY_DEGREE 4

// A generous cap: the loss gets below the threshold in a few hundred batches.
const int64_t kMaxBatches = 20000;

// Builds features i.e. a matrix with columns [x, x^2, x^3, x^4].
torch::Tensor make_features(torch::Tensor x) {
  x = x.unsqueeze(1);
  std::vector<torch::Tensor> xs;
  for (int64_t i = 0; i < POLY_DEGREE; ++i) {
    xs.push_back(x.pow(i + 1));
  }
  return torch::cat(xs, 1);
}

// Approximated function.
torch::Tensor f(torch::Tensor x, torch::Tensor W_target, torch::Tensor b_target) {
  return x.mm(W_target) + b_target.item();
}

// Creates a string description of a polynomial.
std::string poly_desc(torch::Tensor W, torch::Tensor b) {
  auto size = W.size(0);
  std::ostringstream stream;
  stream << "y = ";
  for (int64_t i = 0; i < size; ++i) {
    stream << W[i].item<float>() << " x^" << i + 1 << " ";
  }
  stream << "+ " << b[0].item<float>();
  return stream.str();
}

// Builds a batch i.e. (x, f(x)) pair.
std::pair<torch::Tensor, torch::Tensor> get_batch(torch::Tensor W_target, torch::Tensor b_target,
                                                  int batch_size = 32) {
  auto random = torch::randn({batch_size});
  auto x = make_features(random);
  auto y = f(x, W_target, b_target);
  return std::make_pair(x, y);
}

int main() {
  torch::manual_seed(1);
  auto W_target = torch::randn({POLY_DEGREE, 1}) * 5;
  auto b_target = torch::randn({1}) * 5;

  // Define the model and optimizer
  auto fc = torch::nn::Linear(W_target.size(0), 1);
  torch::optim::SGD optim(fc->parameters(), .1);

  float first_loss = 0;
  float loss = 0;
  int64_t batch_idx = 0;

  while (++batch_idx) {
    // Get data
    torch::Tensor batch_x, batch_y;
    std::tie(batch_x, batch_y) = get_batch(W_target, b_target);

    // Reset gradients
    optim.zero_grad();

    // Forward pass
    auto output = torch::smooth_l1_loss(fc(batch_x), batch_y);
    loss = output.item<float>();
    if (batch_idx == 1) {
      first_loss = loss;
    }

    // Backward pass
    output.backward();

    // Apply gradients
    optim.step();

    // Stop criterion
    if (loss < 1e-3f || batch_idx == kMaxBatches) {
      break;
    }
  }

  std::cout << "Loss: " << loss << " after " << batch_idx << " batches (first: " << first_loss << ")"
            << std::endl;
  std::cout << "==> Learned function:\t" << poly_desc(fc->weight.view({-1}), fc->bias) << std::endl;
  std::cout << "==> Actual function:\t" << poly_desc(W_target.view({-1}), b_target) << std::endl;

  if (loss >= 1e-3f) {
    std::cerr << "regression: the loss did not get below 1e-3 in " << kMaxBatches << " batches" << std::endl;
    return 1;
  }
  // The target's coefficients are of the order of 5; a loss of 1e-3 leaves them within a few hundredths.
  const auto weight_error = (fc->weight.view({-1}) - W_target.view({-1})).abs().max().item<float>();
  const auto bias_error = (fc->bias - b_target).abs().max().item<float>();
  if (weight_error > 0.25f || bias_error > 0.25f) {
    std::cerr << "regression: learned coefficients are off by up to " << weight_error << " (weights) and "
              << bias_error << " (bias)" << std::endl;
    return 1;
  }
  std::cout << "regression: all checks passed" << std::endl;
}
