// lenet: trains LeNet-5 on Fashion-MNIST with xgrad, the way a libtorch user writes it. After every
// epoch it evaluates on the test set and writes metrics.csv, curves.svg, model.ckpt and checkpoint.ckpt
// to the output folder; at the end it prints the per-class accuracy and the confusion matrix.
//
//   lenet                               5 epochs on /usr/share/datasets/fashion-mnist, into lenet-out/
//   lenet --epochs 10 --out run2        (lenet --help lists every option)
//   lenet --resume lenet-out/checkpoint.ckpt --epochs 8
//
// Reproducible: the initial weights come from --seed, and every epoch starts with
// manual_seed(seed + epoch), so the batch order and the augmentation of an epoch depend on nothing
// else; a run resumed from a checkpoint gives the same weights and metrics as one that never stopped.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <xgrad/xgrad.h>

#include "checkpoint.h"
#include "model.h"
#include "options.h"
#include "progress.h"
#include "report.h"

namespace data = xgrad::data;
namespace F = xgrad::nn::functional;

namespace {

// Fashion-MNIST's training-set pixel mean and standard deviation.
constexpr double kMean = 0.2860, kStd = 0.3530;
constexpr int64_t kTestBatchSize = 1000;

struct Evaluation {
  double loss;  // mean cross-entropy
  ConfusionMatrix confusion;
};

/// The test loss and the confusion matrix, in eval mode and without recording a graph.
template <typename Loader>
Evaluation evaluate(LeNet& model, Loader& loader) {
  xgrad::NoGradGuard no_grad;
  model->eval();
  Evaluation result{0, ConfusionMatrix(10)};
  for (auto& batch : loader) {
    const xgrad::Tensor logits = model->forward(batch.data);
    result.loss += F::cross_entropy(logits, batch.target, F::CrossEntropyFuncOptions().reduction(xgrad::kSum))
                       .template item<double>();
    result.confusion.add(logits, batch.target);
  }
  result.loss /= static_cast<double>(result.confusion.total());
  return result;
}

/// LeNet-5 as written here takes 28x28 grey images of 10 classes: say so, rather than fail in a layer.
void check_images(const data::datasets::MNIST& dataset, const std::string& folder) {
  const xgrad::Tensor& images = dataset.images();
  if (images.size(2) != 28 || images.size(3) != 28)
    throw xgrad::Error("LeNet-5 here takes 28x28 images; the " + std::string(dataset.is_train() ? "training" : "test") +
                       " images in " + folder + " are " + std::to_string(images.size(2)) + "x" +
                       std::to_string(images.size(3)));
  const int64_t largest = dataset.targets().max().item<int64_t>();
  if (largest > 9)
    throw xgrad::Error("LeNet-5 here has 10 classes (labels 0 to 9); " + folder + " has label " +
                       std::to_string(largest));
}

/// One epoch of SGD; returns the mean training loss.
template <typename Loader>
double train_epoch(LeNet& model, xgrad::optim::Optimizer& optimizer, Loader& loader, ProgressBar& progress) {
  model->train();
  double loss_sum = 0;
  int64_t samples = 0, step = 0;
  for (auto& batch : loader) {
    optimizer.zero_grad();
    const xgrad::Tensor loss = F::cross_entropy(model->forward(batch.data), batch.target);
    loss.backward();
    optimizer.step();

    const int64_t n = batch.data.size(0);
    loss_sum += loss.item<double>() * static_cast<double>(n);
    samples += n;
    progress.update(++step, samples, loss_sum / static_cast<double>(samples));
  }
  return loss_sum / static_cast<double>(samples);
}

int run(const Options& options) {
  namespace fs = std::filesystem;
  if (options.threads > 0) xgrad::set_num_threads(static_cast<int>(options.threads));

  // A resumed run takes its recipe from the checkpoint; recipe options given with --resume must agree.
  std::optional<Checkpoint> checkpoint;
  Recipe recipe;
  if (options.resume) {
    checkpoint.emplace(*options.resume);
    recipe = checkpoint->state().recipe;
    if (apply_recipe_args(recipe, options.recipe_args) != recipe)
      throw cli::UsageError("the recipe given differs from the checkpoint's (" + describe(recipe) +
                            "); a resumed run keeps its recipe");
  } else {
    recipe = apply_recipe_args(recipe, options.recipe_args);
  }

  if (!fs::is_directory(options.data))
    throw xgrad::Error("data folder " + options.data +
                       " not found (Debian: apt-get install dataset-fashion-mnist; or --data DIR)");
  fs::create_directories(options.out);  // before the long part, so that a bad --out fails at once
  data::datasets::MNIST train_images(options.data, data::datasets::MNIST::Mode::kTrain);
  data::datasets::MNIST test_images(options.data, data::datasets::MNIST::Mode::kTest);
  check_images(train_images, options.data);
  check_images(test_images, options.data);
  auto train_set = std::move(train_images)
                       .map(data::transforms::RandomHorizontalFlip<>(recipe.flip))
                       .map(data::transforms::Normalize<>(kMean, kStd))
                       .map(data::transforms::Stack<>());
  auto test_set = std::move(test_images)
                      .map(data::transforms::Normalize<>(kMean, kStd))
                      .map(data::transforms::Stack<>());
  const auto train_size = static_cast<int64_t>(*train_set.size()), test_size = static_cast<int64_t>(*test_set.size());
  const int64_t steps_per_epoch = (train_size + recipe.batch_size - 1) / recipe.batch_size;
  // One worker thread each: it makes the next batch while the model trains on this one.
  auto train_loader = data::make_data_loader<data::samplers::RandomSampler>(
      std::move(train_set), data::DataLoaderOptions().batch_size(recipe.batch_size).workers(1));
  auto test_loader = data::make_data_loader<data::samplers::SequentialSampler>(
      std::move(test_set), data::DataLoaderOptions().batch_size(kTestBatchSize).workers(1));

  xgrad::manual_seed(recipe.seed);  // the initial weights
  LeNet model;
  xgrad::optim::SGD optimizer(
      model->parameters(),
      xgrad::optim::SGDOptions(recipe.lr).momentum(recipe.momentum).nesterov(recipe.nesterov).weight_decay(
          recipe.weight_decay));
  // Stepped once per epoch: an epoch's lr depends on its number only, so a resumed run given more
  // --epochs continues the same schedule.
  xgrad::optim::ExponentialLR scheduler(optimizer, recipe.lr_decay);

  TrainingState state{recipe, {}};
  if (checkpoint) {
    checkpoint->restore(model, optimizer, scheduler);
    state = checkpoint->state();
  }

  int64_t parameters = 0;
  for (const xgrad::Tensor& p : model->parameters()) parameters += p.numel();
  std::cout << "LeNet-5 (" << parameters << " parameters) on " << options.data << ": "
            << train_size << " training, " << test_size << " test images\n"
            << "recipe: " << describe(recipe) << '\n';
  if (checkpoint)
    std::cout << "resumed from " << *options.resume << " after epoch " << state.history.size() << '\n';

  const fs::path out = options.out;
  const bool interactive = isatty(fileno(stdout)) != 0;
  std::optional<Evaluation> last;
  for (auto epoch = static_cast<int64_t>(state.history.size()) + 1; epoch <= options.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    // This epoch's batch order and flips (unsigned: no overflow for the largest seeds).
    xgrad::manual_seed(static_cast<uint64_t>(recipe.seed) + static_cast<uint64_t>(epoch));
    EpochMetrics metrics;
    metrics.epoch = epoch;
    metrics.lr = optimizer.param_groups().front().options().get_lr();

    ProgressBar progress("epoch " + std::to_string(epoch) + "/" + std::to_string(options.epochs), steps_per_epoch,
                         std::cout, interactive);
    metrics.train_loss = train_epoch(model, optimizer, *train_loader, progress);
    scheduler.step();
    last = evaluate(model, *test_loader);
    metrics.test_loss = last->loss;
    metrics.test_accuracy = last->confusion.accuracy();
    metrics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.history.push_back(metrics);

    std::printf("epoch %lld/%lld: test loss %.4f, test accuracy %.2f%% (lr %.4g, %.1f s)\n",
                static_cast<long long>(epoch), static_cast<long long>(options.epochs), metrics.test_loss,
                100 * metrics.test_accuracy, metrics.lr, metrics.seconds);
    std::fflush(stdout);
    save_checkpoint((out / "checkpoint.ckpt").string(), model, optimizer, scheduler, state);
    xgrad::save(model, (out / "model.ckpt").string());
    write_metrics_csv((out / "metrics.csv").string(), state.history);
    write_curves_svg((out / "curves.svg").string(), state.history);
  }
  const bool trained = last.has_value();
  if (!trained) {  // a checkpoint that already has every epoch: report on it
    std::cout << "the checkpoint has " << state.history.size() << " epochs already; nothing to train\n";
    last = evaluate(model, *test_loader);
  }

  std::cout << '\n';
  print_class_accuracy(std::cout, last->confusion, fashion_mnist_classes());
  std::cout << '\n';
  print_confusion_matrix(std::cout, last->confusion, fashion_mnist_classes());
  std::printf("\ntest accuracy %.2f%% after %zu epoch%s", 100 * last->confusion.accuracy(), state.history.size(),
              state.history.size() == 1 ? "" : "s");
  if (trained) std::printf("; wrote metrics.csv, curves.svg, model.ckpt and checkpoint.ckpt to %s", options.out.c_str());
  std::printf("\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return cli::run_main(argc, argv, [&] {
    const Options options = parse_options(argc, argv);
    if (options.help) {
      std::cout << *options.help;
      return 0;
    }
    return run(options);
  });
}
