// diamond: a small sigmoid network learns which points of the square [-1, 1]^2 lie inside the diamond
// |x| + |y| < 1. Each first-layer unit sees the plane through one soft line; with 3 of them for the
// diamond's 4 edges, the second layer has to bend and combine them, which is enough for about 98%.
// Trained full-batch (all 500 points every step) with binary cross-entropy and Adam, which copes with
// the flat regions of stacked sigmoids better than plain SGD.
#include <xgrad/xgrad.h>

#include <cstdio>
#include <optional>
#include <utility>

#include "cli.h"

namespace nn = xgrad::nn;

// n points uniform in [-1, 1]^2 and their labels: 1 inside the diamond, 0 outside (about half each).
std::pair<xgrad::Tensor, xgrad::Tensor> make_points(int64_t n) {
  xgrad::Tensor points = xgrad::rand({n, 2}) * 2 - 1;
  xgrad::Tensor labels = (points.abs().sum({1}, /*keepdim=*/true) < 1).to(xgrad::kFloat);  // [n, 1]
  return {points, labels};
}

// Percentage of points whose predicted side (P(inside) > 0.5) matches the label.
double accuracy(nn::Sequential& net, const xgrad::Tensor& points, const xgrad::Tensor& labels) {
  xgrad::NoGradGuard no_grad;  // evaluation needs no graph
  const xgrad::Tensor predicted = (net->forward(points) > 0.5).to(xgrad::kFloat);
  return 100.0 * (predicted == labels).to(xgrad::kFloat).mean().item<double>();
}

int main(int argc, char** argv) {
  // No options: --help prints about, any other argument is an error.
  const char* about =
      "A small sigmoid network learns which points of [-1, 1]^2 lie inside the diamond |x| + |y| < 1.";
  if (const std::optional<int> exit_code = cli::no_options(argc, argv, about)) return *exit_code;

  xgrad::manual_seed(1);  // the same points, initial weights and result every run
  const auto [points, labels] = make_points(500);

  // 2 inputs -> 3 hidden -> 4 hidden -> 1 output, sigmoid everywhere: the output is P(inside).
  nn::Sequential net(nn::Linear(2, 3), nn::Sigmoid(), nn::Linear(3, 4), nn::Sigmoid(), nn::Linear(4, 1),
                     nn::Sigmoid());
  xgrad::optim::Adam optimizer(net->parameters(), xgrad::optim::AdamOptions(0.05));
  nn::BCELoss criterion;

  for (int step = 1; step <= 2000; ++step) {
    optimizer.zero_grad();
    xgrad::Tensor loss = criterion(net->forward(points), labels);
    loss.backward();
    optimizer.step();
    if (step % 200 == 0) std::printf("step %4d  loss %.4f\n", step, loss.item<float>());
  }

  std::printf("training accuracy: %.1f%%\n", accuracy(net, points, labels));
  // Points the network has never seen show whether it learned the diamond or memorised the 500.
  const auto [new_points, new_labels] = make_points(2000);
  std::printf("accuracy on 2000 new points: %.1f%%\n", accuracy(net, new_points, new_labels));
}
