// cnn: a small convolutional network trained on an MNIST-format dataset (by default Fashion-MNIST):
// two 3x3 convolutions with 32 channels, each followed by ReLU and 2x2 max-pooling, then Linear
// 800-100, ReLU, Linear 100-10. Same data, loss (cross-entropy), optimizer (SGD, lr 0.01, momentum 0.9),
// batch size and options as examples/mlp.cpp (mnist_training.h); what differs is the network and its
// initialisation.
//
//   cnn [--data DIR] [--epochs N] [--max-steps N]
#include <xgrad/xgrad.h>

#include <memory>

#include "mnist_training.h"

namespace nn = xgrad::nn;

// The layers are members, registered by name (parameters "conv1.weight", ...), as a libtorch Module.
struct Net : nn::Module {
  Net() {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    // He (kaiming) uniform initialisation keeps the activations' scale through layers followed by ReLU.
    // fc2 feeds no ReLU but the softmax of the loss, so it gets Glorot (xavier) uniform, which is meant
    // for layers without a rectifier. Biases keep PyTorch's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    nn::init::kaiming_uniform_(conv1->weight, /*a=*/0, xgrad::kFanIn, xgrad::kReLU);
    nn::init::kaiming_uniform_(conv2->weight, /*a=*/0, xgrad::kFanIn, xgrad::kReLU);
    nn::init::kaiming_uniform_(fc1->weight, /*a=*/0, xgrad::kFanIn, xgrad::kReLU);
    nn::init::xavier_uniform_(fc2->weight);
  }

  xgrad::Tensor forward(xgrad::Tensor x) {            // x: [N, 1, 28, 28]
    x = xgrad::max_pool2d(xgrad::relu(conv1(x)), 2);  // [N, 32, 13, 13]
    x = xgrad::max_pool2d(xgrad::relu(conv2(x)), 2);  // [N, 32, 5, 5]
    x = xgrad::relu(fc1(x.flatten(1)));               // [N, 800] -> [N, 100]
    return fc2(x);  // raw scores (logits): CrossEntropyLoss applies log-softmax itself, as in PyTorch
  }

  nn::Conv2d conv1{nn::Conv2dOptions(1, 32, 3)};
  nn::Conv2d conv2{nn::Conv2dOptions(32, 32, 3)};
  nn::Linear fc1{32 * 5 * 5, 100};
  nn::Linear fc2{100, 10};
};

int main(int argc, char** argv) {
  // Evaluation in batches of 100: with 1000, the convolutions' intermediate tensors (about 0.3 MB per
  // image) take hundreds of megabytes, and evaluation was about 2.5x slower.
  return training_main(argc, argv,
                       "Trains a small convolutional network (two 3x3 convolutions with 32 channels, then 800-100-10) on\n"
                       "an MNIST-format dataset (by default Fashion-MNIST) with cross-entropy and SGD with momentum, in\n"
                       "batches of 32; prints each epoch's training loss and test accuracy.",
                       /*test_batch_size=*/100, [] { return std::make_shared<Net>(); });
}
