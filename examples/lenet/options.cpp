// The trainer's command line: parsing and checking every value, and the --help text.
#include "options.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace {

int64_t parse_int(const std::string& flag, const std::string& value, int64_t min,
                  int64_t max = std::numeric_limits<int64_t>::max()) {
  errno = 0;
  char* end = nullptr;
  const long long parsed = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno == ERANGE || parsed < min || parsed > max) {
    const std::string range = max == std::numeric_limits<int64_t>::max()
                                  ? ">= " + std::to_string(min)
                                  : "in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    throw UsageError(flag + " expects an integer " + range + ", got '" + value + "'");
  }
  return parsed;
}

double parse_double(const std::string& flag, const std::string& value, double min, double max) {
  errno = 0;
  char* end = nullptr;
  const double parsed = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(parsed) || parsed < min || parsed > max) {
    std::ostringstream message;
    message << flag << " expects a number in [" << min << ", " << max << "], got '" << value << "'";
    throw UsageError(message.str());
  }
  return parsed;
}

struct RecipeFlag {
  const char* name;
  void (*set)(Recipe& recipe, const char* flag, const std::string& value);
};

const std::vector<RecipeFlag>& recipe_flags() {
  using V = const std::string&;
  static const std::vector<RecipeFlag> flags = {
      {"--batch-size", [](Recipe& r, const char* f, V v) { r.batch_size = parse_int(f, v, 1); }},
      {"--lr", [](Recipe& r, const char* f, V v) { r.lr = parse_double(f, v, 0, 10); }},
      {"--lr-decay", [](Recipe& r, const char* f, V v) { r.lr_decay = parse_double(f, v, 0, 1); }},
      {"--momentum", [](Recipe& r, const char* f, V v) { r.momentum = parse_double(f, v, 0, 1); }},
      {"--nesterov", [](Recipe& r, const char* f, V v) { r.nesterov = parse_int(f, v, 0, 1) == 1; }},
      {"--weight-decay", [](Recipe& r, const char* f, V v) { r.weight_decay = parse_double(f, v, 0, 1); }},
      {"--flip", [](Recipe& r, const char* f, V v) { r.flip = parse_double(f, v, 0, 1); }},
      {"--seed", [](Recipe& r, const char* f, V v) { r.seed = parse_int(f, v, 0); }},
  };
  return flags;
}

const RecipeFlag* find_recipe_flag(const std::string& name) {
  for (const RecipeFlag& flag : recipe_flags())
    if (name == flag.name) return &flag;
  return nullptr;
}

}  // namespace

bool Recipe::operator==(const Recipe& other) const {
  return batch_size == other.batch_size && lr == other.lr && lr_decay == other.lr_decay &&
         momentum == other.momentum && nesterov == other.nesterov && weight_decay == other.weight_decay &&
         flip == other.flip && seed == other.seed;
}

namespace {
/// The shortest text that reads back as the same double ("0.05", not "0.050000000000000003").
std::string exact(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}
}  // namespace

std::vector<std::pair<std::string, std::string>> recipe_as_args(const Recipe& recipe) {
  return {{"--batch-size", std::to_string(recipe.batch_size)},
          {"--lr", exact(recipe.lr)},
          {"--lr-decay", exact(recipe.lr_decay)},
          {"--momentum", exact(recipe.momentum)},
          {"--nesterov", std::to_string(recipe.nesterov)},
          {"--weight-decay", exact(recipe.weight_decay)},
          {"--flip", exact(recipe.flip)},
          {"--seed", std::to_string(recipe.seed)}};
}

std::string describe(const Recipe& recipe) {
  std::string text;
  for (const auto& [name, value] : recipe_as_args(recipe)) text += (text.empty() ? "" : " ") + name + " " + value;
  return text;
}

Recipe apply_recipe_args(Recipe base, const std::vector<std::pair<std::string, std::string>>& recipe_args) {
  for (const auto& [name, value] : recipe_args) {
    const RecipeFlag* flag = find_recipe_flag(name);
    flag->set(base, flag->name, value);
  }
  if (base.nesterov && base.momentum == 0)
    throw UsageError("Nesterov momentum needs a momentum above 0: give --nesterov 0 with --momentum 0");
  return base;
}

Options parse_options(int argc, const char* const* argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string name = argv[i];
    std::optional<std::string> inline_value;  // the "value" of "--name=value"
    if (const auto equals = name.find('='); name.rfind("--", 0) == 0 && equals != std::string::npos) {
      inline_value = name.substr(equals + 1);
      name.resize(equals);
    }
    if (name == "--help" || name == "-h") {
      options.help = true;
      continue;
    }
    const RecipeFlag* recipe_flag = find_recipe_flag(name);
    const bool known = recipe_flag != nullptr || name == "--data" || name == "--out" || name == "--resume" ||
                       name == "--epochs" || name == "--threads";
    if (!known) throw UsageError("unknown option '" + name + "'");
    if (!inline_value && i + 1 == argc) throw UsageError(name + " needs a value");
    const std::string value = inline_value ? *inline_value : argv[++i];

    if (recipe_flag != nullptr) {
      Recipe checked;
      recipe_flag->set(checked, recipe_flag->name, value);  // throws for a bad value
      options.recipe_args.emplace_back(name, value);
    } else if (name == "--epochs") {
      options.epochs = parse_int(name, value, 1);
    } else if (name == "--threads") {
      options.threads = parse_int(name, value, 0, 1024);
    } else {
      if (value.empty()) throw UsageError(name + " needs a non-empty value");
      if (name == "--data") options.data = value;
      if (name == "--out") options.out = value;
      if (name == "--resume") options.resume = value;
    }
  }
  return options;
}

std::string usage() {
  const Recipe defaults;
  std::ostringstream text;
  text << "usage: lenet [options]\n"
          "Trains LeNet-5 on Fashion-MNIST (or any MNIST-format folder of 28x28 images, 10 classes) and\n"
          "writes metrics.csv, curves.svg "
          "and a checkpoint after every epoch to the output folder.\n"
          "\n"
          "  --data DIR          MNIST-format folder: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],\n"
          "                      t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]\n"
          "                      (default "
       << Options().data
       << ")\n"
          "  --out DIR           output folder (default "
       << Options().out
       << ")\n"
          "  --epochs N          epochs in all, those of a resumed checkpoint included (default "
       << Options().epochs
       << ")\n"
          "  --resume FILE       continue from a checkpoint (its recipe is used; recipe options given\n"
          "                      with it must agree)\n"
          "  --threads N         compute threads (default: all cores)\n"
          "  -h, --help          this text\n"
          "\n"
          "Recipe (SGD with momentum, the lr decayed once per epoch):\n"
          "  --batch-size N      examples per step (default "
       << defaults.batch_size
       << ")\n"
          "  --lr X              learning rate of the first epoch (default "
       << defaults.lr
       << ")\n"
          "  --lr-decay X        learning-rate factor per epoch, 1 keeps it constant (default "
       << defaults.lr_decay
       << ")\n"
          "  --momentum X        SGD momentum (default "
       << defaults.momentum
       << ")\n"
          "  --nesterov 0|1      Nesterov momentum (default "
       << defaults.nesterov
       << ")\n"
          "  --weight-decay X    SGD L2 penalty (default "
       << defaults.weight_decay
       << ")\n"
          "  --flip P            probability of mirroring a training image, 0 for none (default "
       << defaults.flip
       << ")\n"
          "  --seed N            initial weights, batch order and augmentation (default "
       << defaults.seed << ")\n";
  return text.str();
}
