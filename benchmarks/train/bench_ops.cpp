// bench_ops: the ops of a LeNet-5 training step (workloads.h) one by one, at batch 64, as the step runs
// them: each layer of a LeNet called on random input of its shape, forward (building the graph, as in
// training) and backward (torch::autograd::grad from a random output gradient to the layer's inputs and
// parameters; the forward it needs is not timed), and SGD(0.01, momentum 0.9)'s step over LeNet's
// parameters. The same source builds against libtorch (bench_ops_libtorch) and xgrad (bench_ops).
//
//   bench_ops [--threads N] [--reps N] [--warmup N]     defaults: 1 thread, 200 timed reps after 10
//
// One line per op and pass, times in microseconds over the timed reps:
//   bench_ops program=bench_ops threads=1 op=conv1 input=64x1x28x28 pass=forward reps=200 us_median=...
//   us_min=... us_max=...
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "parse_count.h"
#include "workloads.h"

namespace {

struct Options {
  std::string program;
  int64_t threads = 1;
  int64_t reps = 200;
  int64_t warmup = 10;
};

const char* const kUsage = "usage: bench_ops [--threads N] [--reps N] [--warmup N]\n";

Options parse_args(int argc, char** argv) {
  Options options;
  const std::string path = argv[0];
  options.program = path.substr(path.find_last_of('/') + 1);
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 == argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[i + 1];
    if (flag == "--threads") options.threads = parse_count(flag, value, 1);
    else if (flag == "--reps") options.reps = parse_count(flag, value, 1);
    else if (flag == "--warmup") options.warmup = parse_count(flag, value, 0);
    else throw std::invalid_argument("unknown option " + flag);
  }
  return options;
}

std::string shape_string(const torch::Tensor& t) {
  std::string s;
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? "x" : "") + std::to_string(t.size(d));
  return s;
}

/// Times body() options.reps times after options.warmup untimed calls, each after an untimed prepare(),
/// and prints the line. Whatever body returns is destroyed after the clock stops.
void report(const Options& options, const std::string& op, const std::string& input, const std::string& pass,
            const std::function<void()>& prepare, const std::function<std::vector<torch::Tensor>()>& body) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> us;
  us.reserve(static_cast<size_t>(options.reps));
  for (int64_t rep = 0; rep < options.warmup + options.reps; ++rep) {
    prepare();
    const auto start = Clock::now();
    const std::vector<torch::Tensor> result = body();
    const double elapsed = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    if (rep >= options.warmup) us.push_back(elapsed);
  }
  std::sort(us.begin(), us.end());
  const size_t n = us.size();
  const double median = n % 2 ? us[n / 2] : (us[n / 2 - 1] + us[n / 2]) / 2;
  std::printf("bench_ops program=%s threads=%lld op=%s input=%s pass=%s reps=%zu us_median=%.2f us_min=%.2f "
              "us_max=%.2f\n",
              options.program.c_str(), static_cast<long long>(options.threads), op.c_str(), input.c_str(),
              pass.c_str(), n, median, us.front(), us.back());
  std::fflush(stdout);
}

/// Forward and backward of one layer. inputs are the tensors backward differentiates with respect to
/// (the layer's input when an earlier layer needs its gradient, and the layer's parameters).
void layer(const Options& options, const std::string& op, const torch::Tensor& x,
           const std::function<torch::Tensor(const torch::Tensor&)>& forward, std::vector<torch::Tensor> inputs) {
  const std::string input = shape_string(x);
  const auto nothing = [] {};
  report(options, op, input, "forward", nothing, [&] { return std::vector<torch::Tensor>{forward(x)}; });
  torch::Tensor y;
  const torch::Tensor grad_output = torch::randn(forward(x).sizes());
  report(options, op, input, "backward", [&] { y = forward(x); },
         [&] { return torch::autograd::grad({y}, inputs, {grad_output}); });
}

void run(const Options& options) {
  LeNet net;
  net->train();
  const int64_t n = 64;
  // conv1's input is the batch itself: its backward computes the parameters' gradients only.
  const torch::Tensor images = torch::randn({n, 1, 28, 28});
  layer(options, "conv1", images, [&](const torch::Tensor& x) { return net->conv1(x); }, net->conv1->parameters());

  const torch::Tensor a1 = torch::randn({n, 6, 28, 28}, torch::requires_grad());
  layer(options, "relu1", a1, [](const torch::Tensor& x) { return torch::relu(x); }, {a1});
  layer(options, "pool1", a1, [](const torch::Tensor& x) { return torch::max_pool2d(x, 2); }, {a1});

  const torch::Tensor a2 = torch::randn({n, 6, 14, 14}, torch::requires_grad());
  std::vector<torch::Tensor> conv2_inputs = net->conv2->parameters();
  conv2_inputs.insert(conv2_inputs.begin(), a2);
  layer(options, "conv2", a2, [&](const torch::Tensor& x) { return net->conv2(x); }, conv2_inputs);

  const torch::Tensor a3 = torch::randn({n, 16, 10, 10}, torch::requires_grad());
  layer(options, "pool2", a3, [](const torch::Tensor& x) { return torch::max_pool2d(x, 2); }, {a3});

  const auto linear = [&](const std::string& name, torch::nn::Linear& fc) {
    const torch::Tensor x = torch::randn({n, fc->weight.size(1)}, torch::requires_grad());
    std::vector<torch::Tensor> inputs = fc->parameters();
    inputs.insert(inputs.begin(), x);
    layer(options, name, x, [&](const torch::Tensor& v) { return fc(v); }, inputs);
  };
  linear("fc1", net->fc1);
  linear("fc2", net->fc2);
  linear("fc3", net->fc3);

  const torch::Tensor logits = torch::randn({n, 10}, torch::requires_grad());
  const torch::Tensor target = torch::randint(10, {n});
  torch::Tensor loss;
  const auto cross_entropy = [&] { return torch::nn::functional::cross_entropy(logits, target); };
  report(options, "cross_entropy", shape_string(logits), "forward", [] {},
         [&] { return std::vector<torch::Tensor>{cross_entropy()}; });
  report(options, "cross_entropy", shape_string(logits), "backward", [&] { loss = cross_entropy(); },
         [&] { return torch::autograd::grad({loss}, {logits}); });

  // The optimizer's step over LeNet's 61 706 parameters, with the gradients of one real step.
  torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  torch::nn::functional::cross_entropy(net->forward(images), target).backward();
  report(options, "sgd_step", "lenet", "step", [] {}, [&] {
    optimizer.step();
    return std::vector<torch::Tensor>{};
  });
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse_args(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ops: %s\n%s", e.what(), kUsage);
    return 2;
  }
  try {
    torch::set_num_threads(static_cast<int>(options.threads));
    torch::manual_seed(0);
    run(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ops: %s\n", e.what());
    return 1;
  }
}
