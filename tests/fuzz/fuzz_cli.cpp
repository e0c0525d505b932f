// fuzz_cli: the example programs' command lines (examples/cli). The input, split at NUL and newline
// bytes, is the argument list after the program's name; lenet's parser (with its recipe applied, as a
// run does) and mlp's and cnn's read it. Each must return options within their documented ranges or
// throw cli::UsageError with a one-line message; anything else (another exception, a crash, a value out
// of range, a message of two lines) is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli.h"
#include "mnist_training.h"
#include "options.h"

namespace {

void expect(bool condition) {
  if (!condition) std::abort();
}

void expect_one_line(const cli::UsageError& e) { expect(std::string(e.what()).find('\n') == std::string::npos); }

void parse_lenet(int argc, const char* const* argv) {
  try {
    const Options options = parse_options(argc, argv);
    if (options.help) {
      expect(options.help->rfind("usage: ", 0) == 0);
      return;
    }
    expect(options.epochs >= 1 && options.threads >= 0 && options.threads <= 1024);
    expect(!options.data.empty() && !options.out.empty() && (!options.resume || !options.resume->empty()));
    const Recipe recipe = apply_recipe_args(Recipe(), options.recipe_args);
    expect(recipe.batch_size >= 1 && recipe.seed >= 0);
    for (const double x : {recipe.lr, recipe.lr_decay, recipe.momentum, recipe.weight_decay, recipe.flip})
      expect(std::isfinite(x) && x >= 0);
    // What a checkpoint stores reads back as the same recipe.
    expect(apply_recipe_args(Recipe(), recipe_as_args(recipe)) == recipe);
  } catch (const cli::UsageError& e) {
    expect_one_line(e);
  }
}

void parse_mnist_example(int argc, const char* const* argv) {
  try {
    const TrainingOptions options = parse_training_options(argc, argv, "fuzz_cli");
    if (options.help) {
      expect(options.help->rfind("usage: ", 0) == 0);
      return;
    }
    expect(options.epochs >= 1 && !options.data_dir.empty() && (!options.max_steps || *options.max_steps >= 1));
  } catch (const cli::UsageError& e) {
    expect_one_line(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args{"fuzz_cli"};  // argv[0], the program name
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\0' || c == '\n') {
      args.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) args.push_back(current);
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  const int argc = static_cast<int>(argv.size());
  argv.push_back(nullptr);  // as main's argv ends

  parse_lenet(argc, argv.data());
  parse_mnist_example(argc, argv.data());
  return 0;
}
