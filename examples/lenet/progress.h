#pragma once
// The per-epoch progress bar: step/total, running loss, samples/s and the time left. On a terminal
// it redraws one line with '\r'; otherwise (a log file, a pipe) it writes a line every 10% of the
// epoch, so that logs stay readable.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

class ProgressBar {
 public:
  /// label names the epoch ("epoch 2/5"); steps is the number of batches in it.
  ProgressBar(std::string label, int64_t steps, std::ostream& out, bool interactive);

  /// Reports that `step` batches (1-based) holding `samples` examples are done, with the mean loss
  /// over them. The last step ends the line.
  void update(int64_t step, int64_t samples, double mean_loss);

 private:
  std::string line(int64_t step, int64_t samples, double mean_loss, double seconds) const;

  std::string label_;
  int64_t steps_;
  std::ostream& out_;
  bool interactive_;
  std::chrono::steady_clock::time_point start_;
  double last_draw_ = -1;  // seconds since start_ of the last redraw (terminal)
  int64_t last_tenth_ = 0;  // tenths of the epoch already reported (log)
};

/// "1:05" (minutes:seconds), "1:02:05" past an hour.
std::string format_duration(double seconds);
