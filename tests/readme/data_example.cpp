#include <xgrad/xgrad.h>

#include <iostream>
#include <string>

namespace data = xgrad::data;
namespace nn = xgrad::nn;

int main(int argc, char** argv) {
  // Any MNIST-format folder (raw or .gz IDX files); Debian's dataset-fashion-mnist by default.
  const std::string root = argc > 1 ? argv[1] : "/usr/share/datasets/fashion-mnist";
  xgrad::manual_seed(0);  // the same seed gives the same batches, whatever the number of workers

  auto train_set = data::datasets::MNIST(root)
                       .map(data::transforms::Normalize<>(0.2860, 0.3530))
                       .map(data::transforms::Stack<>());
  auto train_loader = data::make_data_loader<data::samplers::RandomSampler>(
      std::move(train_set), data::DataLoaderOptions().batch_size(64).workers(2));
  auto test_set = data::datasets::MNIST(root, data::datasets::MNIST::Mode::kTest)
                      .map(data::transforms::Normalize<>(0.2860, 0.3530))
                      .map(data::transforms::Stack<>());
  const size_t test_size = *test_set.size();
  auto test_loader = data::make_data_loader<data::samplers::SequentialSampler>(std::move(test_set), 1000);

  nn::Sequential model(nn::Flatten(), nn::Linear(784, 128), nn::ReLU(), nn::Linear(128, 10));
  xgrad::optim::SGD optimizer(model->parameters(), xgrad::optim::SGDOptions(0.01).momentum(0.9));

  for (int epoch = 1; epoch <= 2; ++epoch) {
    model->train();
    for (auto& batch : *train_loader) {  // batch.data [64, 1, 28, 28], batch.target [64]
      optimizer.zero_grad();
      xgrad::Tensor loss = nn::functional::cross_entropy(model->forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
    }
    model->eval();
    xgrad::NoGradGuard no_grad;
    int64_t correct = 0;
    for (auto& batch : *test_loader)
      correct += model->forward(batch.data).argmax(1).eq(batch.target).sum().item<int64_t>();
    std::cout << "epoch " << epoch << ": test accuracy " << 100.0 * correct / test_size << "%\n";
  }
}
