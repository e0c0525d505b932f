#pragma once
// The trainer's command line. The options that decide the numbers a run produces form the Recipe,
// which a checkpoint stores, so that a resumed run continues with the same one.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"

/// The training recipe: the defaults reach about 90% on Fashion-MNIST in 5 epochs (see README.md).
struct Recipe {
  int64_t batch_size = 64;
  double lr = 0.05;            // of the first epoch
  double lr_decay = 0.5;       // lr factor per epoch (ExponentialLR)
  double momentum = 0.9;       // SGD
  bool nesterov = true;        // SGD
  double weight_decay = 5e-4;  // SGD, L2
  double flip = 0;             // probability of mirroring a training image (RandomHorizontalFlip)
  int64_t seed = 1;            // initial weights, the order of the batches, the augmentation

  bool operator==(const Recipe& other) const;
  bool operator!=(const Recipe& other) const { return !(*this == other); }
};

/// Every recipe flag with its value, as the command line gives them ({"--lr", "0.05"}, ...); the numbers
/// read back exactly.
std::vector<std::pair<std::string, std::string>> recipe_as_args(const Recipe& recipe);
/// The recipe in the command line's words: "--batch-size 64 --lr 0.05 ...".
std::string describe(const Recipe& recipe);

struct Options {
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::string out = "lenet-out";
  std::optional<std::string> resume;
  int64_t epochs = 5;   // in all, counting those of a resumed checkpoint
  int64_t threads = 0;  // 0: the library's default
  std::optional<std::string> help;  // the --help text, when -h or --help was given (nothing else is read then)
  /// The recipe flags given, as written ({"--lr", "0.1"}), in order.
  std::vector<std::pair<std::string, std::string>> recipe_args;
};

/// Parses argv (`--name value` or `--name=value`, see cli.h); every value is checked here, so that a typo
/// fails before the data is read. Throws cli::UsageError.
Options parse_options(int argc, const char* const* argv);

/// base with the recipe flags applied. Throws cli::UsageError for a bad value or combination.
Recipe apply_recipe_args(Recipe base, const std::vector<std::pair<std::string, std::string>>& recipe_args);
