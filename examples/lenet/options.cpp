// The trainer's command line: its options, declared with cli::Parser (examples/cli), and the recipe.
#include "options.h"

namespace {

/// The recipe options, read into recipe's fields.
void add_recipe_options(cli::Parser& parser, Recipe& recipe) {
  parser.group("Recipe (SGD with momentum, the lr decayed once per epoch)")
      .option("--batch-size", recipe.batch_size, "N", "examples per step", 1)
      .option("--lr", recipe.lr, "X", "learning rate of the first epoch", 0, 10)
      .option("--lr-decay", recipe.lr_decay, "X", "learning-rate factor per epoch, 1 keeps it constant", 0, 1)
      .option("--momentum", recipe.momentum, "X", "SGD momentum", 0, 1)
      .option("--nesterov", recipe.nesterov, "0|1", "Nesterov momentum")
      .option("--weight-decay", recipe.weight_decay, "X", "SGD L2 penalty", 0, 1)
      .option("--flip", recipe.flip, "P", "probability of mirroring a training image, 0 for none", 0, 1)
      .option("--seed", recipe.seed, "N", "initial weights, batch order and augmentation", 0);
}

}  // namespace

bool Recipe::operator==(const Recipe& other) const {
  return batch_size == other.batch_size && lr == other.lr && lr_decay == other.lr_decay &&
         momentum == other.momentum && nesterov == other.nesterov && weight_decay == other.weight_decay &&
         flip == other.flip && seed == other.seed;
}

std::vector<std::pair<std::string, std::string>> recipe_as_args(const Recipe& recipe) {
  return {{"--batch-size", std::to_string(recipe.batch_size)},
          {"--lr", cli::shortest(recipe.lr)},
          {"--lr-decay", cli::shortest(recipe.lr_decay)},
          {"--momentum", cli::shortest(recipe.momentum)},
          {"--nesterov", std::to_string(recipe.nesterov)},
          {"--weight-decay", cli::shortest(recipe.weight_decay)},
          {"--flip", cli::shortest(recipe.flip)},
          {"--seed", std::to_string(recipe.seed)}};
}

std::string describe(const Recipe& recipe) {
  std::string text;
  for (const auto& [name, value] : recipe_as_args(recipe)) text += (text.empty() ? "" : " ") + name + " " + value;
  return text;
}

Recipe apply_recipe_args(Recipe base, const std::vector<std::pair<std::string, std::string>>& recipe_args) {
  cli::Parser parser("");
  add_recipe_options(parser, base);
  for (const auto& [name, value] : recipe_args) parser.set(name, value);
  if (base.nesterov && base.momentum == 0)
    throw cli::UsageError("Nesterov momentum needs a momentum above 0: give --nesterov 0 with --momentum 0");
  return base;
}

Options parse_options(int argc, const char* const* argv) {
  Options options;
  cli::Parser parser(
      "Trains LeNet-5 on Fashion-MNIST (or any MNIST-format folder of 28x28 images, 10 classes) and\n"
      "writes metrics.csv, curves.svg and a checkpoint after every epoch to the output folder.");
  parser
      .option("--data", options.data, "DIR",
              "MNIST-format folder: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],\n"
              "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]\n")
      .option("--out", options.out, "DIR", "output folder")
      .option("--epochs", options.epochs, "N", "epochs in all, those of a resumed checkpoint included", 1)
      .option("--resume", options.resume, "FILE",
              "continue from a checkpoint (its recipe is used; recipe options given\nwith it must agree)")
      .option("--threads", options.threads, "N", "compute threads, 0 for all cores", 0, 1024);
  // The recipe options are checked here, and kept as written for apply_recipe_args (a resumed run
  // applies them to the checkpoint's recipe).
  Recipe checked;
  add_recipe_options(parser, checked);
  if (!parser.parse(argc, argv)) {
    options.help = parser.usage();
    return options;
  }
  for (const auto& [name, value] : recipe_as_args(checked))
    if (const std::optional<std::string> given = parser.given(name)) options.recipe_args.emplace_back(name, *given);
  return options;
}
