// The MNIST convnet trainer of pytorch/examples (cpp/mnist/mnist.cpp), written as that example is:
// plain libtorch code that builds unchanged against libtorch and against xgrad (through compat/).
// Two changes for a test: the data folder and the number of epochs come from the command line, and
// the program checks that it learned (the training loss falls, the test accuracy is far above chance).
// Usage: mnist DATA_FOLDER EPOCHS
#include <torch/torch.h>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

// The batch size for training.
const int64_t kTrainBatchSize = 64;

// The batch size for testing.
const int64_t kTestBatchSize = 1000;

// After how many batches to log a new update with the loss value.
const int64_t kLogInterval = 5;

struct Net : torch::nn::Module {
  Net()
      : conv1(torch::nn::Conv2dOptions(1, 10, /*kernel_size=*/5)),
        conv2(torch::nn::Conv2dOptions(10, 20, /*kernel_size=*/5)),
        fc1(320, 50),
        fc2(50, 10) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv2_drop", conv2_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(torch::max_pool2d(conv1->forward(x), 2));
    x = torch::relu(torch::max_pool2d(conv2_drop->forward(conv2->forward(x)), 2));
    x = x.view({-1, 320});
    x = torch::relu(fc1->forward(x));
    x = torch::dropout(x, /*p=*/0.5, /*training=*/is_training());
    x = fc2->forward(x);
    return torch::log_softmax(x, /*dim=*/1);
  }

  torch::nn::Conv2d conv1;
  torch::nn::Conv2d conv2;
  torch::nn::Dropout2d conv2_drop;
  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};

// One epoch; returns the mean training loss of its batches.
template <typename DataLoader>
double train(size_t epoch, Net& model, torch::Device device, DataLoader& data_loader,
             torch::optim::Optimizer& optimizer, size_t dataset_size) {
  model.train();
  size_t batch_idx = 0;
  double loss_sum = 0;
  for (auto& batch : data_loader) {
    auto data = batch.data.to(device), targets = batch.target.to(device);
    optimizer.zero_grad();
    auto output = model.forward(data);
    auto loss = torch::nll_loss(output, targets);
    AT_ASSERT(!std::isnan(loss.template item<float>()));
    loss.backward();
    optimizer.step();
    loss_sum += loss.template item<float>();

    if (batch_idx++ % kLogInterval == 0) {
      std::printf("Train Epoch: %ld [%5ld/%5ld] Loss: %.4f\n", static_cast<long>(epoch),
                  static_cast<long>(batch_idx * batch.data.size(0)), static_cast<long>(dataset_size),
                  loss.template item<float>());
    }
  }
  return loss_sum / batch_idx;
}

// Returns the accuracy on the test set.
template <typename DataLoader>
double test(Net& model, torch::Device device, DataLoader& data_loader, size_t dataset_size) {
  torch::NoGradGuard no_grad;
  model.eval();
  double test_loss = 0;
  int32_t correct = 0;
  for (const auto& batch : data_loader) {
    auto data = batch.data.to(device), targets = batch.target.to(device);
    auto output = model.forward(data);
    test_loss += torch::nll_loss(output, targets, /*weight=*/{}, torch::Reduction::Sum).template item<float>();
    auto pred = output.argmax(1);
    correct += pred.eq(targets).sum().template item<int64_t>();
  }

  test_loss /= dataset_size;
  const double accuracy = static_cast<double>(correct) / dataset_size;
  std::printf("Test set: Average loss: %.4f | Accuracy: %.3f\n", test_loss, accuracy);
  return accuracy;
}

auto main(int argc, char* argv[]) -> int {
  if (argc != 3) {
    std::cerr << "usage: mnist DATA_FOLDER EPOCHS\n";
    return 2;
  }
  const std::string data_root = argv[1];
  const int64_t number_of_epochs = std::atoi(argv[2]);

  torch::manual_seed(1);

  torch::DeviceType device_type;
  if (torch::cuda::is_available()) {
    std::cout << "CUDA available! Training on GPU." << std::endl;
    device_type = torch::kCUDA;
  } else {
    std::cout << "Training on CPU." << std::endl;
    device_type = torch::kCPU;
  }
  torch::Device device(device_type);

  try {
    Net model;
    model.to(device);

    auto train_dataset = torch::data::datasets::MNIST(data_root)
                             .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
                             .map(torch::data::transforms::Stack<>());
    const size_t train_dataset_size = train_dataset.size().value();
    auto train_loader = torch::data::make_data_loader(std::move(train_dataset), kTrainBatchSize);

    auto test_dataset = torch::data::datasets::MNIST(data_root, torch::data::datasets::MNIST::Mode::kTest)
                            .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
                            .map(torch::data::transforms::Stack<>());
    const size_t test_dataset_size = test_dataset.size().value();
    auto test_loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
        std::move(test_dataset), kTestBatchSize);

    torch::optim::SGD optimizer(model.parameters(), torch::optim::SGDOptions(0.01).momentum(0.5));

    std::vector<double> epoch_losses;
    double accuracy = 0;
    for (int64_t epoch = 1; epoch <= number_of_epochs; ++epoch) {
      epoch_losses.push_back(train(epoch, model, device, *train_loader, optimizer, train_dataset_size));
      accuracy = test(model, device, *test_loader, test_dataset_size);
    }

    // Ten classes: chance is 0.1; the synthetic digits are easy.
    TORCH_CHECK(epoch_losses.size() >= 2 && epoch_losses.back() < 0.9 * epoch_losses.front(),
                "the training loss did not fall: ", epoch_losses.front(), " -> ", epoch_losses.back());
    TORCH_CHECK(accuracy > 0.5, "test accuracy ", accuracy, " is too close to chance (0.1)");
  } catch (const c10::Error& e) {
    std::cerr << "mnist: " << e.what() << std::endl;
    return 1;
  }
  std::cout << "mnist: all checks passed" << std::endl;
}
