// mlp: a 784-128-10 ReLU network trained on an MNIST-format dataset (by default Fashion-MNIST) with
// cross-entropy and SGD with momentum, in batches of 32 (the loop and the options: mnist_training.h).
//
//   mlp [--data DIR] [--epochs N] [--max-steps N]
#include <xgrad/xgrad.h>

#include <cstdio>
#include <exception>

#include "mnist_training.h"

namespace nn = xgrad::nn;

int main(int argc, char** argv) try {
  const Options options = parse_args(argc, argv);
  xgrad::manual_seed(0);  // the same initial weights and batch order every run

  // Flatten turns each image [1, 28, 28] into 784 features. The last layer gives raw scores (logits):
  // CrossEntropyLoss applies log-softmax itself, as in PyTorch.
  nn::Sequential net(nn::Flatten(), nn::Linear(784, 128), nn::ReLU(), nn::Linear(128, 10));
  train_and_evaluate(net, options, /*test_batch_size=*/1000);
} catch (const std::exception& e) {
  std::fprintf(stderr, "mlp: %s\n", e.what());
  return 1;
}
