#pragma once
// What examples/mlp.cpp and examples/cnn.cpp share: their command line and the training loop. Both train
// a network on an MNIST-format dataset (by default Fashion-MNIST) with cross-entropy and SGD (lr 0.01,
// momentum 0.9) in batches of 32, through xgrad::data's MNIST dataset and DataLoader, as a libtorch user
// writes it with torch:: in place of xgrad::; they differ in the network.
//
//   mlp|cnn [--data DIR] [--epochs N] [--max-steps N]     (mlp --help says more)
//
// DIR holds the four IDX files (train-images-idx3-ubyte[.gz], ...). --max-steps stops training after
// that many batches in all (for quick runs). Prints each epoch's mean training loss and test accuracy.
#include <xgrad/xgrad.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include "cli.h"

struct TrainingOptions {
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int64_t epochs = 1;
  std::optional<int64_t> max_steps;  // none: no limit (then no step count equals it)
  std::optional<std::string> help;   // the --help text, when -h or --help was given (nothing else is read then)
};

/// The command line of mlp or cnn, which description says in --help. Throws cli::UsageError.
inline TrainingOptions parse_training_options(int argc, const char* const* argv, const std::string& description) {
  TrainingOptions options;
  cli::Parser parser(description);
  parser.option("--data", options.data_dir, "DIR", "MNIST-format folder (the four IDX files, raw or .gz)\n")
      .option("--epochs", options.epochs, "N", "training epochs", 1)
      .option("--max-steps", options.max_steps, "N", "stop after N training batches in all (default: no limit)", 1);
  if (!parser.parse(argc, argv)) options.help = parser.usage();
  return options;
}

/// Trains net (a module holder or a shared_ptr to a module) as the options say, evaluating it on the
/// test set in batches of test_batch_size after each epoch.
template <typename Net>
void train_and_evaluate(Net& net, const TrainingOptions& options, size_t test_batch_size) {
  namespace data = xgrad::data;
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
  auto test_loader = data::make_data_loader<data::samplers::SequentialSampler>(
      std::move(test_set), data::DataLoaderOptions().batch_size(test_batch_size));

  xgrad::optim::SGD optimizer(net->parameters(), xgrad::optim::SGDOptions(0.01).momentum(0.9));
  xgrad::nn::CrossEntropyLoss criterion;

  int64_t step = 0;
  for (int64_t epoch = 1; epoch <= options.epochs; ++epoch) {
    net->train();
    double loss_sum = 0;
    int64_t batches = 0;
    for (auto& batch : *train_loader) {
      if (step == options.max_steps) break;
      optimizer.zero_grad();
      xgrad::Tensor loss = criterion(net->forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
      loss_sum += loss.template item<double>();
      ++batches;
      ++step;
    }

    // Test accuracy: the predicted class is the highest score. Evaluation needs no graph (the guard
    // lasts until the end of this epoch's loop body).
    net->eval();
    xgrad::NoGradGuard no_grad;
    int64_t correct = 0;
    for (auto& batch : *test_loader)
      correct += net->forward(batch.data).argmax(1).eq(batch.target).sum().template item<int64_t>();
    std::printf("epoch %lld  train loss %.4f  test accuracy %.2f%%\n", static_cast<long long>(epoch),
                loss_sum / std::max<int64_t>(batches, 1),
                100.0 * static_cast<double>(correct) / static_cast<double>(test_size));
    if (step == options.max_steps) break;  // no training steps left for another epoch
  }
}

/// mlp's and cnn's main: reads the command line (description goes into --help), seeds the generator
/// (the same initial weights and batch order every run), then trains the network make_net() returns,
/// evaluating it in batches of test_batch_size.
template <typename MakeNet>
int training_main(int argc, char** argv, const std::string& description, size_t test_batch_size,
                  const MakeNet& make_net) {
  return cli::run_main(argc, argv, [&] {
    const TrainingOptions options = parse_training_options(argc, argv, description);
    if (options.help) {
      std::cout << *options.help;
      return 0;
    }
    xgrad::manual_seed(0);
    auto net = make_net();
    train_and_evaluate(net, options, test_batch_size);
    return 0;
  });
}
