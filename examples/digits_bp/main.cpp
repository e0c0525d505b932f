// digits_bp: the numpy tutorials' last program before a framework, a backpropagation network trained
// on scikit-learn's handwritten digits (8x8 images, labels 0-9), one example at a time. --variant hand
// runs the update as the tutorial writes it; backprop the exact gradient written by hand; autograd the
// same network as an nn::Module with autograd and SGD (network.h has the math and how hand differs).
// Prints the test accuracy after each epoch, the test part's confusion matrix and the run time.
//
//   digits_bp [--variant hand|backprop|autograd] [--epochs 2] [--lr 0.2] [--hidden 32] [--seed 1] [--data PATH]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <xgrad/xgrad.h>

#include "cli.h"
#include "network.h"

namespace {

using Clock = std::chrono::steady_clock;
using xgrad::Tensor;

struct Options {
  std::string variant = "hand";
  int64_t epochs = 2;
  double lr = 0.2;
  int64_t hidden = 32;
  int64_t seed = 1;
  std::string data = xgrad::data::datasets::Digits::kDebianPath;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Rows: the true label; columns: the prediction.
void print_confusion_matrix(const Tensor& labels, const Tensor& predicted, int64_t classes) {
  const Tensor counts = xgrad::zeros({classes, classes}, xgrad::kLong);
  const int64_t* label = labels.data_ptr<int64_t>();
  const int64_t* guess = predicted.data_ptr<int64_t>();
  int64_t* count = counts.data_ptr<int64_t>();
  for (int64_t i = 0; i < labels.numel(); ++i) ++count[label[i] * classes + guess[i]];
  std::printf("confusion matrix of the test part (rows: label, columns: prediction)\n     ");
  for (int64_t c = 0; c < classes; ++c) std::printf("%4lld", static_cast<long long>(c));
  std::printf("\n");
  for (int64_t r = 0; r < classes; ++r) {
    std::printf("%4lld ", static_cast<long long>(r));
    for (int64_t c = 0; c < classes; ++c) std::printf("%4lld", static_cast<long long>(count[r * classes + c]));
    std::printf("\n");
  }
}

int run(const Options& options) {
  const Clock::time_point start = Clock::now();
  const xgrad::data::datasets::Digits digits(options.data);
  const int64_t n = digits.images().size(0), classes = xgrad::data::datasets::Digits::kClasses;

  // A 90/10 split of a shuffled order (the seed fixes it, and the initial weights).
  xgrad::manual_seed(static_cast<uint64_t>(options.seed));
  const Weights initial = initial_weights(xgrad::data::datasets::Digits::kPixels, options.hidden, classes);
  const Tensor order = xgrad::randperm(n);
  const int64_t test_count = (n + 9) / 10, train_count = n - test_count;
  const Tensor inputs = scale_inputs(digits.images().index_select(0, order));
  const Tensor labels = digits.targets().index_select(0, order);
  const Tensor train_inputs = inputs.narrow(0, 0, train_count), test_inputs = inputs.narrow(0, train_count, test_count);
  const Tensor train_targets = encode_targets(labels.narrow(0, 0, train_count), classes);
  const Tensor test_labels = labels.narrow(0, train_count, test_count).contiguous();

  std::unique_ptr<DigitsNetwork> network = make_network(options.variant, initial, options.lr);
  std::printf("%lld images from %s: %lld to train on, %lld to test (seed %lld)\n", static_cast<long long>(n),
              options.data.c_str(), static_cast<long long>(train_count), static_cast<long long>(test_count),
              static_cast<long long>(options.seed));
  std::printf("network 64-%lld-10, sigmoid, no biases, lr %s, one example per step, update %s\n",
              static_cast<long long>(options.hidden), cli::shortest(options.lr).c_str(),
              options.variant == "hand"       ? "as the tutorial writes it"
              : options.variant == "backprop" ? "the exact gradient, written by hand"
                                              : "by autograd and SGD");

  Tensor predicted;
  for (int64_t epoch = 1; epoch <= options.epochs; ++epoch) {
    const Clock::time_point epoch_start = Clock::now();
    for (int64_t i = 0; i < train_count; ++i) network->train(train_inputs[i], train_targets[i]);
    predicted = network->query(test_inputs).argmax(1);
    const int64_t right = predicted.eq(test_labels).sum().item<int64_t>();
    std::printf("epoch %lld  test accuracy %.4f (%lld right, %lld wrong)  %.2f s\n", static_cast<long long>(epoch),
                static_cast<double>(right) / static_cast<double>(test_count), static_cast<long long>(right),
                static_cast<long long>(test_count - right), seconds_since(epoch_start));
  }
  print_confusion_matrix(test_labels, predicted, classes);
  std::printf("run time %.2f s\n", seconds_since(start));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return cli::run_main(argc, argv, [&] {
    Options options;
    cli::Parser parser(
        "Trains the numpy tutorials' backpropagation network (64-32-10, sigmoid) on scikit-learn's\n"
        "handwritten digits, one example at a time, and tests it on a tenth of them.");
    parser.option("--variant", options.variant, "hand|backprop|autograd",
                  "hand: the update written out as the tutorial does; backprop: the exact\n"
                  "gradient written out; autograd: nn::Module, MSE loss and SGD\n")
        .option("--epochs", options.epochs, "N", "passes over the training part", 1)
        .option("--lr", options.lr, "X", "learning rate", 0, 100)
        .option("--hidden", options.hidden, "N", "hidden units", 1, 4096)
        .option("--seed", options.seed, "N", "initial weights and the train/test split", 0)
        .option("--data", options.data, "PATH",
                "sklearn's digits.csv.gz (Debian: apt-get install python3-sklearn)\n");
    if (!parser.parse(argc, argv)) {
      std::cout << parser.usage();
      return 0;
    }
    if (options.variant != "hand" && options.variant != "backprop" && options.variant != "autograd")
      throw cli::UsageError("--variant expects hand, backprop or autograd, got '" + options.variant + "'");
    return run(options);
  });
}
