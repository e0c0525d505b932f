// bench_train: trains one of the workloads of workloads.h on an MNIST-format folder (Fashion-MNIST) as a
// libtorch user writes it, and prints one key=value line of timings, memory and test accuracy. The same
// source builds against libtorch (bench_train_libtorch) and against xgrad through compat/ (bench_train);
// bench_train.py is the same loop in PyTorch, printing the same line.
//
//   bench_train WORKLOAD [--data DIR] [--threads N] [--steps N] [--warmup N] [--eval-batches N]
//               [--eval-passes N] [--seed N]
//
// WORKLOAD: lenet, mnistnet, mlp or cnn. DIR holds the four IDX files (libtorch reads only the raw ones,
// xgrad also .gz). Batches of 64 in random order, images normalised by Fashion-MNIST's mean and standard
// deviation, SGD(lr 0.01, momentum 0.9), torch::set_num_threads(N) (default 1). The first --warmup steps
// (default 20) are not timed; the next --steps (default: the rest of one epoch) are, each from zero_grad
// to optimizer.step(), loading the batch excluded. Then the evaluation: --eval-batches test batches of
// 1000 (default: the whole test set, 0: none) are loaded first, then evaluated --eval-passes times
// (default 3) under NoGradGuard, each pass timed as a whole (forward, argmax, compare, sum); eval_ms is
// the median pass's time, test_accuracy the share of correct predictions. Output (ms per step over the
// timed full batches of 64; samples_per_s = timed samples / timed seconds; train_s = the whole training
// loop, loading included; peak RSS from getrusage after training and at the end):
//   bench_train program=bench_train workload=lenet threads=1 batch=64 warmup=20 steps=918 ms_median=...
//   ms_min=... ms_max=... samples_per_s=... train_s=... train_loss=... peak_rss_train_mb=...
//   peak_rss_mb=... eval_passes=3 eval_ms=... test_accuracy=... test_samples=10000
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "parse_count.h"
#include "workloads.h"

namespace {

constexpr int64_t kBatchSize = 64;
constexpr int64_t kTestBatchSize = 1000;

struct Options {
  std::string program;
  std::string workload;
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int64_t threads = 1;
  int64_t steps = -1;  // -1: the rest of one epoch after the warm-up
  int64_t warmup = 20;
  int64_t eval_batches = -1;  // -1: the whole test set
  int64_t eval_passes = 3;
  int64_t seed = 0;
};

const char* const kUsage =
    "usage: bench_train lenet|mnistnet|mlp|cnn [--data DIR] [--threads N] [--steps N] [--warmup N]\n"
    "                   [--eval-batches N] [--eval-passes N] [--seed N]\n";

Options parse_args(int argc, char** argv) {
  Options options;
  const std::string path = argv[0];
  options.program = path.substr(path.find_last_of('/') + 1);
  if (argc < 2) throw std::invalid_argument("no workload given");
  options.workload = argv[1];
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 == argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[i + 1];
    if (flag == "--data") options.data_dir = value;
    else if (flag == "--threads") options.threads = parse_count(flag, value, 1);
    else if (flag == "--steps") options.steps = parse_count(flag, value, 1);
    else if (flag == "--warmup") options.warmup = parse_count(flag, value, 0);
    else if (flag == "--eval-batches") options.eval_batches = parse_count(flag, value, 0);
    else if (flag == "--eval-passes") options.eval_passes = parse_count(flag, value, 1);
    else if (flag == "--seed") options.seed = parse_count(flag, value, 0);
    else throw std::invalid_argument("unknown option " + flag);
  }
  return options;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <typename Net, typename Loss>
void run(Net net, Loss loss_function, const Options& options) {
  using Clock = std::chrono::steady_clock;
  auto train_set = torch::data::datasets::MNIST(options.data_dir, torch::data::datasets::MNIST::Mode::kTrain)
                       .map(torch::data::transforms::Normalize<>(0.2860, 0.3530))
                       .map(torch::data::transforms::Stack<>());
  const int64_t train_size = static_cast<int64_t>(train_set.size().value());
  const int64_t epoch_batches = (train_size + kBatchSize - 1) / kBatchSize;
  const int64_t steps = options.steps >= 0 ? options.steps : std::max<int64_t>(epoch_batches - options.warmup, 1);
  auto train_loader = torch::data::make_data_loader<torch::data::samplers::RandomSampler>(
      std::move(train_set), torch::data::DataLoaderOptions().batch_size(kBatchSize));
  torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));

  std::vector<double> step_ms;  // full batches only: a short last batch would flatter the minimum
  step_ms.reserve(static_cast<size_t>(steps));
  double timed_seconds = 0, loss_sum = 0;
  int64_t timed_samples = 0, step = 0;
  const int64_t total_steps = options.warmup + steps;
  net->train();
  const auto train_start = Clock::now();
  while (step < total_steps) {  // as many epochs as the steps need
    for (auto& batch : *train_loader) {
      if (step == total_steps) break;
      const auto start = Clock::now();
      optimizer.zero_grad();
      torch::Tensor loss = loss_function(net->forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (step++ < options.warmup) continue;
      const int64_t samples = batch.data.size(0);
      if (samples == kBatchSize) step_ms.push_back(1000.0 * seconds);
      timed_seconds += seconds;
      timed_samples += samples;
      loss_sum += loss.template item<double>();
    }
  }
  const double train_seconds = std::chrono::duration<double>(Clock::now() - train_start).count();
  const double rss_train = peak_rss_mb();

  // The test batches are loaded before any pass, so that eval_ms is the model's work alone.
  std::vector<torch::Tensor> test_images, test_labels;
  int64_t tested = 0;
  if (options.eval_batches != 0) {
    auto test_set = torch::data::datasets::MNIST(options.data_dir, torch::data::datasets::MNIST::Mode::kTest)
                        .map(torch::data::transforms::Normalize<>(0.2860, 0.3530))
                        .map(torch::data::transforms::Stack<>());
    auto test_loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
        std::move(test_set), torch::data::DataLoaderOptions().batch_size(kTestBatchSize));
    for (auto& batch : *test_loader) {
      if (static_cast<int64_t>(test_images.size()) == options.eval_batches) break;
      test_images.push_back(batch.data);
      test_labels.push_back(batch.target);
      tested += batch.target.size(0);
    }
  }
  std::vector<double> pass_ms;
  int64_t correct = 0;
  if (tested) {
    net->eval();
    torch::NoGradGuard no_grad;
    for (int64_t pass = 0; pass < options.eval_passes; ++pass) {
      correct = 0;  // the same each pass: the network is in eval mode
      const auto start = Clock::now();
      for (size_t i = 0; i < test_images.size(); ++i)
        correct += net->forward(test_images[i]).argmax(1).eq(test_labels[i]).sum().template item<int64_t>();
      pass_ms.push_back(1000.0 * std::chrono::duration<double>(Clock::now() - start).count());
    }
  }

  const auto [ms_min, ms_max] = std::minmax_element(step_ms.begin(), step_ms.end());
  const bool any = !step_ms.empty();
  std::printf(
      "bench_train program=%s workload=%s threads=%lld batch=%lld warmup=%lld steps=%lld ms_median=%.4f "
      "ms_min=%.4f ms_max=%.4f samples_per_s=%.1f train_s=%.3f train_loss=%.4f peak_rss_train_mb=%.1f "
      "peak_rss_mb=%.1f eval_passes=%lld eval_ms=%.3f test_accuracy=%.4f test_samples=%lld\n",
      options.program.c_str(), options.workload.c_str(), static_cast<long long>(options.threads),
      static_cast<long long>(kBatchSize), static_cast<long long>(options.warmup), static_cast<long long>(steps),
      median(step_ms), any ? *ms_min : std::nan(""), any ? *ms_max : std::nan(""),
      static_cast<double>(timed_samples) / timed_seconds, train_seconds, loss_sum / static_cast<double>(steps),
      rss_train, peak_rss_mb(), static_cast<long long>(pass_ms.size()), median(pass_ms),
      tested ? static_cast<double>(correct) / static_cast<double>(tested) : std::nan(""),
      static_cast<long long>(tested));
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_train: %s\n%s", e.what(), kUsage);
    return 2;
  }
  try {
    torch::set_num_threads(static_cast<int>(options.threads));
    torch::manual_seed(static_cast<uint64_t>(options.seed));
    const auto cross_entropy = [](const torch::Tensor& output, const torch::Tensor& target) {
      return torch::nn::functional::cross_entropy(output, target);
    };
    // MnistNet ends in log_softmax, as libtorch's MNIST example, which trains it with nll_loss.
    const auto nll = [](const torch::Tensor& output, const torch::Tensor& target) {
      return torch::nll_loss(output, target);
    };
    if (options.workload == "lenet") run(LeNet(), cross_entropy, options);
    else if (options.workload == "mnistnet") run(MnistNet(), nll, options);
    else if (options.workload == "mlp") run(Mlp(), cross_entropy, options);
    else if (options.workload == "cnn") run(Cnn(), cross_entropy, options);
    else {
      std::fprintf(stderr, "bench_train: unknown workload '%s'\n%s", options.workload.c_str(), kUsage);
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_train: %s\n", e.what());
    return 1;
  }
}
