// bench_data: what the data pipeline costs next to training. It times, alternately, an epoch of
// Fashion-MNIST through MNIST + Normalize + Stack at batch 64 with no model (the DataLoader alone, in
// the calling thread), and an epoch of training LeNet-5 (examples/lenet) on the same loader with
// SGD(0.01, momentum 0.9), and prints the medians and their ratio (the target: under 3%).
//
//   bench_data [DATA_DIR [ROUNDS [MAX_STEPS]]]   defaults: Debian's Fashion-MNIST, 3 rounds, whole epochs
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <xgrad/xgrad.h>

#include "blas_info.h"
#include "model.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = argc > 1 ? argv[1] : "/usr/share/datasets/fashion-mnist";
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 3;
  const size_t max_steps = argc > 3 ? std::stoul(argv[3]) : static_cast<size_t>(-1);
  print_blas_info();
  try {
    auto dataset = xgrad::data::datasets::MNIST(root)
                       .map(xgrad::data::transforms::Normalize<>(0.2860, 0.3530))
                       .map(xgrad::data::transforms::Stack<>());
    auto loader = xgrad::data::make_data_loader(std::move(dataset), xgrad::data::DataLoaderOptions().batch_size(64));
    LeNet model;
    xgrad::optim::SGD optimizer(model->parameters(), xgrad::optim::SGDOptions(0.01).momentum(0.9));

    std::vector<double> data_seconds, train_seconds;
    size_t steps = 0;
    for (int round = 0; round < rounds; ++round) {
      auto start = Clock::now();
      steps = 0;
      for (auto& batch : *loader) {
        if (steps++ == max_steps) break;
        (void)batch;
      }
      data_seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());

      start = Clock::now();
      size_t train_steps = 0;
      for (auto& batch : *loader) {
        if (train_steps++ == max_steps) break;
        optimizer.zero_grad();
        xgrad::Tensor loss = xgrad::nn::functional::cross_entropy(model->forward(batch.data), batch.target);
        loss.backward();
        optimizer.step();
      }
      train_seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    const double data = median(data_seconds), train = median(train_seconds);
    std::printf("%zu batches of 64, medians of %d rounds (data and training alternating)\n", steps, rounds);
    std::printf("data epoch (MNIST + Normalize + Stack, no model): %8.3f s\n", data);
    std::printf("LeNet-5 training epoch (same loader):              %8.3f s\n", train);
    std::printf("data / training:                                   %8.1f %%\n", 100.0 * data / train);
  } catch (const xgrad::Error& e) {
    std::fprintf(stderr, "bench_data: %s\n", e.what());
    return 1;
  }
}
