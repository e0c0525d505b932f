// The per-epoch progress bar (see progress.h).
#include "progress.h"

#include <cmath>
#include <cstdio>
#include <utility>

ProgressBar::ProgressBar(std::string label, int64_t steps, std::ostream& out, bool interactive)
    : label_(std::move(label)),
      steps_(steps),
      out_(out),
      interactive_(interactive),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(int64_t step, int64_t samples, double mean_loss) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const bool last = step == steps_;
  if (interactive_) {
    // Ten redraws a second are plenty, and keep the terminal's work out of the training time.
    if (!last && seconds - last_draw_ < 0.1) return;
    last_draw_ = seconds;
    out_ << '\r' << line(step, samples, mean_loss, seconds) << "\033[K" << (last ? "\n" : "") << std::flush;
  } else {
    const int64_t tenth = step * 10 / steps_;
    if (tenth == last_tenth_ && !last) return;
    last_tenth_ = tenth;
    out_ << line(step, samples, mean_loss, seconds) << '\n' << std::flush;
  }
}

std::string ProgressBar::line(int64_t step, int64_t samples, double mean_loss, double seconds) const {
  constexpr int kWidth = 12;  // the whole line fits in 80 columns
  const auto filled = static_cast<int>(kWidth * step / steps_);
  const double per_second = seconds > 0 ? samples / seconds : 0;
  // The time left at the pace so far; the last step shows the epoch's time instead.
  const std::string time = step == steps_ ? "took " + format_duration(seconds)
                                          : "ETA " + format_duration(seconds / step * (steps_ - step));
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, "] %*lld/%lld  loss %.4f  %.0f samples/s  %s",
                static_cast<int>(std::to_string(steps_).size()), static_cast<long long>(step),
                static_cast<long long>(steps_), mean_loss, per_second, time.c_str());
  return label_ + " [" + std::string(filled, '=') + std::string(kWidth - filled, ' ') + numbers;
}

std::string format_duration(double seconds) {
  const auto total = static_cast<long long>(std::lround(seconds));
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
  return text;
}
