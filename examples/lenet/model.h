#pragma once
// LeNet-5 (LeCun et al., 1998) for 28x28 grey images, as it is usually written today: ReLU instead of
// the original's scaled tanh, max pooling instead of trainable subsampling, and padding 2 on the first
// convolution so that the 28x28 images get the paper's 32x32 geometry.
#include <xgrad/xgrad.h>

struct LeNetImpl : xgrad::nn::Module {
  LeNetImpl() {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
  }

  /// x: [N, 1, 28, 28] normalized images; returns [N, 10] logits.
  xgrad::Tensor forward(xgrad::Tensor x) {
    x = xgrad::max_pool2d(xgrad::relu(conv1(x)), 2);  // [N, 6, 14, 14]
    x = xgrad::max_pool2d(xgrad::relu(conv2(x)), 2);  // [N, 16, 5, 5]
    x = x.flatten(1);                                 // [N, 400]
    x = xgrad::relu(fc1(x));
    x = xgrad::relu(fc2(x));
    return fc3(x);
  }

  xgrad::nn::Conv2d conv1{xgrad::nn::Conv2dOptions(1, 6, 5).padding(2)};
  xgrad::nn::Conv2d conv2{xgrad::nn::Conv2dOptions(6, 16, 5)};
  xgrad::nn::Linear fc1{16 * 5 * 5, 120};
  xgrad::nn::Linear fc2{120, 84};
  xgrad::nn::Linear fc3{84, 10};
};
XGRAD_MODULE(LeNet);
