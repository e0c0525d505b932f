#pragma once
// The training checkpoint: one file (xgrad's archive format) holding the model, the optimizer (its
// momentum buffers), the lr scheduler, the recipe and the metrics of the epochs done, so that
// --resume continues exactly where the run stopped. Entries: "lenet.version", "recipe.<field>",
// "history.<epoch index>.<metric>", and the nested "model.*", "optimizer.*", "scheduler.*".
#include <string>
#include <vector>

#include <xgrad/xgrad.h>

#include "model.h"
#include "options.h"
#include "report.h"

/// What a run has done so far, besides the weights and the optimizer's state.
struct TrainingState {
  Recipe recipe;
  std::vector<EpochMetrics> history;  // one per epoch done
};

/// Writes the checkpoint to path atomically (a crash leaves the previous one).
void save_checkpoint(const std::string& path, const LeNet& model, const xgrad::optim::Optimizer& optimizer,
                     const xgrad::optim::LRScheduler& scheduler, const TrainingState& state);

/// A checkpoint read and checked as a whole. Its recipe is known first, since the optimizer and the
/// scheduler that restore() fills are made from it.
class Checkpoint {
 public:
  /// Throws xgrad::Error naming the file if it is missing, corrupt or not a LeNet checkpoint.
  explicit Checkpoint(const std::string& path);

  const TrainingState& state() const { return state_; }
  /// Loads the saved weights and optimizer and scheduler states.
  void restore(LeNet& model, xgrad::optim::Optimizer& optimizer, xgrad::optim::LRScheduler& scheduler);

 private:
  xgrad::serialize::InputArchive archive_;
  TrainingState state_;
};
