// mlp: a 784-128-10 ReLU network trained on an MNIST-format dataset (by default Fashion-MNIST) with
// cross-entropy and SGD with momentum, in batches of 32 (the loop and the options: mnist_training.h).
//
//   mlp [--data DIR] [--epochs N] [--max-steps N]
#include <xgrad/xgrad.h>

#include "mnist_training.h"

namespace nn = xgrad::nn;

int main(int argc, char** argv) {
  return training_main(argc, argv,
                       "Trains a 784-128-10 ReLU network on an MNIST-format dataset (by default Fashion-MNIST) with\n"
                       "cross-entropy and SGD with momentum, in batches of 32; prints each epoch's training loss and\n"
                       "test accuracy.",
                       /*test_batch_size=*/1000, [] {
                         // Flatten turns each image [1, 28, 28] into 784 features. The last layer gives raw
                         // scores (logits): CrossEntropyLoss applies log-softmax itself, as in PyTorch.
                         return nn::Sequential(nn::Flatten(), nn::Linear(784, 128), nn::ReLU(),
                                               nn::Linear(128, 10));
                       });
}
