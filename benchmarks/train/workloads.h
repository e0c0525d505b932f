#pragma once
// The four networks bench_train trains and bench_ops takes its shapes from, written as a libtorch user
// writes them (torch:: names, TORCH_MODULE), so that this header compiles unchanged against libtorch and
// against xgrad through compat/ (xgrad::torch_compat). All take [N, 1, 28, 28] images.
//   LeNet:    LeNet-5 with ReLU and max pooling (examples/lenet's model); returns logits.
//   MnistNet: the network of libtorch's MNIST example (pytorch/examples, cpp/mnist), with its channel
//             dropout after conv2 and dropout before fc2; returns log-probabilities (its loss is nll_loss).
//   Mlp:      784-128-10 with ReLU (examples/mlp.cpp); returns logits.
//   Cnn:      two 3x3 convolutions with 32 channels, 800-100-10 (examples/cnn.cpp, with its
//             initialisation); returns logits.
#include <torch/torch.h>

struct LeNetImpl : torch::nn::Module {
  LeNetImpl() {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv1(x)), 2);  // [N, 6, 14, 14]
    x = torch::max_pool2d(torch::relu(conv2(x)), 2);  // [N, 16, 5, 5]
    x = torch::relu(fc1(x.flatten(1)));
    x = torch::relu(fc2(x));
    return fc3(x);
  }

  torch::nn::Conv2d conv1{torch::nn::Conv2dOptions(1, 6, 5).padding(2)};
  torch::nn::Conv2d conv2{torch::nn::Conv2dOptions(6, 16, 5)};
  torch::nn::Linear fc1{16 * 5 * 5, 120};
  torch::nn::Linear fc2{120, 84};
  torch::nn::Linear fc3{84, 10};
};
TORCH_MODULE(LeNet);

struct MnistNetImpl : torch::nn::Module {
  MnistNetImpl() {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv2_drop", conv2_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(torch::max_pool2d(conv1(x), 2));              // [N, 10, 12, 12]
    x = torch::relu(torch::max_pool2d(conv2_drop(conv2(x)), 2));  // [N, 20, 4, 4]
    x = torch::relu(fc1(x.view({-1, 320})));
    x = torch::dropout(x, /*p=*/0.5, /*train=*/is_training());
    return torch::log_softmax(fc2(x), /*dim=*/1);
  }

  torch::nn::Conv2d conv1{torch::nn::Conv2dOptions(1, 10, 5)};
  torch::nn::Conv2d conv2{torch::nn::Conv2dOptions(10, 20, 5)};
  torch::nn::Dropout2d conv2_drop;
  torch::nn::Linear fc1{320, 50};
  torch::nn::Linear fc2{50, 10};
};
TORCH_MODULE(MnistNet);

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) { return fc2(torch::relu(fc1(x.flatten(1)))); }

  torch::nn::Linear fc1{28 * 28, 128};
  torch::nn::Linear fc2{128, 10};
};
TORCH_MODULE(Mlp);

struct CnnImpl : torch::nn::Module {
  CnnImpl() {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    // As examples/cnn.cpp: He uniform for the layers followed by ReLU, Glorot uniform for the last.
    torch::nn::init::kaiming_uniform_(conv1->weight, /*a=*/0, torch::kFanIn, torch::kReLU);
    torch::nn::init::kaiming_uniform_(conv2->weight, /*a=*/0, torch::kFanIn, torch::kReLU);
    torch::nn::init::kaiming_uniform_(fc1->weight, /*a=*/0, torch::kFanIn, torch::kReLU);
    torch::nn::init::xavier_uniform_(fc2->weight);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv1(x)), 2);  // [N, 32, 13, 13]
    x = torch::max_pool2d(torch::relu(conv2(x)), 2);  // [N, 32, 5, 5]
    return fc2(torch::relu(fc1(x.flatten(1))));
  }

  torch::nn::Conv2d conv1{torch::nn::Conv2dOptions(1, 32, 3)};
  torch::nn::Conv2d conv2{torch::nn::Conv2dOptions(32, 32, 3)};
  torch::nn::Linear fc1{32 * 5 * 5, 100};
  torch::nn::Linear fc2{100, 10};
};
TORCH_MODULE(Cnn);
