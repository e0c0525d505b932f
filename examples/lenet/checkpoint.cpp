// The training checkpoint (see checkpoint.h).
#include "checkpoint.h"

namespace {

constexpr int64_t kVersion = 1;

}  // namespace

void save_checkpoint(const std::string& path, const LeNet& model, const xgrad::optim::Optimizer& optimizer,
                     const xgrad::optim::LRScheduler& scheduler, const TrainingState& state) {
  xgrad::serialize::OutputArchive archive;
  archive.write("lenet.version", kVersion);

  const Recipe& r = state.recipe;
  archive.write("recipe.batch_size", r.batch_size);
  archive.write("recipe.lr", r.lr);
  archive.write("recipe.lr_decay", r.lr_decay);
  archive.write("recipe.momentum", r.momentum);
  archive.write("recipe.nesterov", static_cast<int64_t>(r.nesterov));
  archive.write("recipe.weight_decay", r.weight_decay);
  archive.write("recipe.flip", r.flip);
  archive.write("recipe.seed", r.seed);

  archive.write("epochs", static_cast<int64_t>(state.history.size()));
  for (size_t i = 0; i < state.history.size(); ++i) {
    const EpochMetrics& m = state.history[i];
    const std::string prefix = "history." + std::to_string(i) + ".";
    archive.write(prefix + "train_loss", m.train_loss);
    archive.write(prefix + "test_loss", m.test_loss);
    archive.write(prefix + "test_accuracy", m.test_accuracy);
    archive.write(prefix + "lr", m.lr);
    archive.write(prefix + "seconds", m.seconds);
  }

  xgrad::serialize::OutputArchive model_archive, optimizer_archive, scheduler_archive;
  model->save(model_archive);
  optimizer.save(optimizer_archive);
  scheduler.save(scheduler_archive);
  archive.write("model", model_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("scheduler", scheduler_archive);
  archive.save_to(path);
}

Checkpoint::Checkpoint(const std::string& path) {
  archive_.load_from(path);
  int64_t version = 0;
  if (!archive_.try_read("lenet.version", version))
    throw xgrad::Error(path + " is not a LeNet training checkpoint (it has no entry lenet.version)");
  if (version != kVersion)
    throw xgrad::Error(path + ": LeNet checkpoint version " + std::to_string(version) + ", expected " +
                       std::to_string(kVersion));

  Recipe& r = state_.recipe;
  archive_.read("recipe.batch_size", r.batch_size);
  archive_.read("recipe.lr", r.lr);
  archive_.read("recipe.lr_decay", r.lr_decay);
  archive_.read("recipe.momentum", r.momentum);
  int64_t nesterov = 0;
  archive_.read("recipe.nesterov", nesterov);
  r.nesterov = nesterov != 0;
  archive_.read("recipe.weight_decay", r.weight_decay);
  archive_.read("recipe.flip", r.flip);
  archive_.read("recipe.seed", r.seed);
  // The same checks as the command line's, so that a damaged or hand-made checkpoint cannot run a
  // recipe the options would refuse (a batch size of 0 divides by zero).
  try {
    apply_recipe_args(Recipe(), recipe_as_args(r));
  } catch (const cli::UsageError& e) {
    throw xgrad::Error(path + ": the checkpoint's recipe is invalid: " + e.what());
  }

  int64_t epochs = 0;
  archive_.read("epochs", epochs);
  if (epochs < 0) throw xgrad::Error(path + ": negative epoch count " + std::to_string(epochs));
  for (int64_t i = 0; i < epochs; ++i) {
    EpochMetrics m;
    m.epoch = i + 1;
    const std::string prefix = "history." + std::to_string(i) + ".";
    archive_.read(prefix + "train_loss", m.train_loss);
    archive_.read(prefix + "test_loss", m.test_loss);
    archive_.read(prefix + "test_accuracy", m.test_accuracy);
    archive_.read(prefix + "lr", m.lr);
    archive_.read(prefix + "seconds", m.seconds);
    state_.history.push_back(m);
  }
}

void Checkpoint::restore(LeNet& model, xgrad::optim::Optimizer& optimizer, xgrad::optim::LRScheduler& scheduler) {
  xgrad::serialize::InputArchive model_archive, optimizer_archive, scheduler_archive;
  archive_.read("model", model_archive);
  archive_.read("optimizer", optimizer_archive);
  archive_.read("scheduler", scheduler_archive);
  model->load(model_archive);
  optimizer.load(optimizer_archive);
  scheduler.load(scheduler_archive);
}
