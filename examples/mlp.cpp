// mlp: a 784-128-10 ReLU network trained on an MNIST-format dataset (by default Fashion-MNIST) with
// cross-entropy and SGD with momentum, in batches of 32 (the loop and the options: mnist_training.h).
//
//   mlp [--data DIR] [--epochs N] [--max-steps N]
#include <xgrad/xgrad.h>

#include <iostream>

#include "mnist_training.h"

namespace nn = xgrad::nn;

int main(int argc, char** argv) {
  return cli::run_main(argc, argv, [&] {
    const TrainingOptions options = parse_training_options(
        argc, argv,
        "Trains a 784-128-10 ReLU network on an MNIST-format dataset (by default Fashion-MNIST) with\n"
        "cross-entropy and SGD with momentum, in batches of 32; prints each epoch's training loss and\n"
        "test accuracy.");
    if (options.help) {
      std::cout << *options.help;
      return 0;
    }
    xgrad::manual_seed(0);  // the same initial weights and batch order every run

    // Flatten turns each image [1, 28, 28] into 784 features. The last layer gives raw scores (logits):
    // CrossEntropyLoss applies log-softmax itself, as in PyTorch.
    nn::Sequential net(nn::Flatten(), nn::Linear(784, 128), nn::ReLU(), nn::Linear(128, 10));
    train_and_evaluate(net, options, /*test_batch_size=*/1000);
    return 0;
  });
}
