// cnn: a small convolutional network trained on an MNIST-format dataset (by default Fashion-MNIST):
// two 3x3 convolutions with 32 channels, each followed by ReLU and 2x2 max-pooling, then Linear
// 800-100, ReLU, Linear 100-10. Same data, loss (cross-entropy), optimizer (SGD, lr 0.01, momentum 0.9),
// batch size and options as examples/mlp.cpp; what differs is the network and its initialisation.
//
//   cnn [--data DIR] [--epochs N] [--max-steps N]
//
// DIR holds the four IDX files (train-images-idx3-ubyte[.gz], ...). --max-steps stops training after
// that many batches in all (for quick runs). Prints each epoch's mean training loss and test accuracy.
#include <xgrad/xgrad.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace nn = xgrad::nn;
namespace data = xgrad::data;

struct Options {
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int epochs = 1;
  int64_t max_steps = -1;  // -1: no limit
};

Options parse_args(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 == argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[i + 1];
    if (flag == "--data") options.data_dir = value;
    else if (flag == "--epochs") options.epochs = std::stoi(value);
    else if (flag == "--max-steps") options.max_steps = std::stoll(value);
    else throw std::invalid_argument("unknown option " + flag);
  }
  return options;
}

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

int main(int argc, char** argv) try {
  const Options options = parse_args(argc, argv);
  xgrad::manual_seed(0);  // the same initial weights and batch order every run

  // Pixels in [0, 1] are shifted and scaled by Fashion-MNIST's mean and standard deviation, then 32
  // examples are stacked into one batch: data [32, 1, 28, 28], target [32].
  auto train_set = data::datasets::MNIST(options.data_dir, data::datasets::MNIST::Mode::kTrain)
                       .map(data::transforms::Normalize<>(0.2860, 0.3530))
                       .map(data::transforms::Stack<>());
  auto test_set = data::datasets::MNIST(options.data_dir, data::datasets::MNIST::Mode::kTest)
                      .map(data::transforms::Normalize<>(0.2860, 0.3530))
                      .map(data::transforms::Stack<>());
  const size_t test_size = *test_set.size();
  // Training batches come in a new random order each epoch; two worker threads prepare them ahead.
  auto train_loader = data::make_data_loader<data::samplers::RandomSampler>(
      std::move(train_set), data::DataLoaderOptions().batch_size(32).workers(2));
  // Evaluation in batches of 100: with 1000, the convolutions' intermediate tensors (about 0.3 MB per
  // image) take hundreds of megabytes, and evaluation was about 2.5x slower.
  auto test_loader = data::make_data_loader<data::samplers::SequentialSampler>(
      std::move(test_set), data::DataLoaderOptions().batch_size(100));

  auto net = std::make_shared<Net>();
  xgrad::optim::SGD optimizer(net->parameters(), xgrad::optim::SGDOptions(0.01).momentum(0.9));
  nn::CrossEntropyLoss criterion;

  int64_t step = 0;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    net->train();
    double loss_sum = 0;
    int64_t batches = 0;
    for (auto& batch : *train_loader) {
      if (step == options.max_steps) break;
      optimizer.zero_grad();
      xgrad::Tensor loss = criterion(net->forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>();
      ++batches;
      ++step;
    }

    // Test accuracy: the predicted class is the highest score. Evaluation needs no graph (the guard
    // lasts until the end of this epoch's loop body).
    net->eval();
    xgrad::NoGradGuard no_grad;
    int64_t correct = 0;
    for (auto& batch : *test_loader)
      correct += net->forward(batch.data).argmax(1).eq(batch.target).sum().item<int64_t>();
    std::printf("epoch %d  train loss %.4f  test accuracy %.2f%%\n", epoch, loss_sum / std::max<int64_t>(batches, 1),
                100.0 * correct / test_size);
    if (step == options.max_steps) break;  // no training steps left for another epoch
  }
} catch (const std::exception& e) {
  std::fprintf(stderr, "cnn: %s\n", e.what());
  return 1;
}
