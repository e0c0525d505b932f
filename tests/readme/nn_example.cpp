#include <xgrad/xgrad.h>

#include <iostream>

namespace nn = xgrad::nn;
namespace F = xgrad::nn::functional;

struct NetImpl : nn::Module {
  NetImpl() {
    register_module("conv1", conv1);
    register_module("fc", fc);
  }
  xgrad::Tensor forward(xgrad::Tensor x) {
    x = F::max_pool2d(xgrad::relu(conv1(x)), F::MaxPool2dFuncOptions(2));  // [N, 6, 14, 14]
    return fc(x.flatten(1));
  }
  nn::Conv2d conv1{nn::Conv2dOptions(1, 6, 5).padding(2)};
  nn::Linear fc{6 * 14 * 14, 10};
};
XGRAD_MODULE(Net);  // Net holds a shared NetImpl, as TORCH_MODULE

int main() {
  Net net;
  std::cout << *net << "\n";  // the module tree, in libtorch's words
  xgrad::optim::SGD optimizer(net->parameters(), xgrad::optim::SGDOptions(0.01).momentum(0.9));
  xgrad::optim::StepLR scheduler(optimizer, /*step_size=*/10, /*gamma=*/0.5);

  xgrad::Tensor images = xgrad::randn({64, 1, 28, 28}), labels = xgrad::randint(10, {64});
  for (int epoch = 0; epoch < 3; ++epoch) {
    optimizer.zero_grad();
    xgrad::Tensor loss = F::cross_entropy(net->forward(images), labels);
    loss.backward();
    optimizer.step();
    scheduler.step();
  }
  xgrad::save(net, "net.ckpt");        // parameters and buffers by dotted name ("conv1.weight")
  xgrad::save(optimizer, "sgd.ckpt");  // momentum buffers and options
  xgrad::load(net, "net.ckpt");        // a missing or wrong-shaped entry throws and changes nothing
}
