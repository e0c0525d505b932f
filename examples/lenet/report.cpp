// Metrics files, the SVG charts and the confusion matrix (see report.h).
#include "report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

const std::vector<std::string>& fashion_mnist_classes() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

ConfusionMatrix::ConfusionMatrix(int64_t classes) : classes_(classes), counts_(classes * classes, 0) {}

void ConfusionMatrix::add(const xgrad::Tensor& logits, const xgrad::Tensor& targets) {
  const xgrad::Tensor predicted = logits.argmax(1).contiguous();
  const xgrad::Tensor truth = targets.to(xgrad::kLong).contiguous();
  const int64_t* p = predicted.data_ptr<int64_t>();
  const int64_t* t = truth.data_ptr<int64_t>();
  for (int64_t i = 0; i < truth.numel(); ++i) {
    if (t[i] < 0 || t[i] >= classes_)
      throw xgrad::Error("ConfusionMatrix: label " + std::to_string(t[i]) + " outside [0, " +
                         std::to_string(classes_) + ")");
    ++counts_[t[i] * classes_ + p[i]];
  }
}

int64_t ConfusionMatrix::support(int64_t target) const {
  int64_t sum = 0;
  for (int64_t predicted = 0; predicted < classes_; ++predicted) sum += count(target, predicted);
  return sum;
}

int64_t ConfusionMatrix::total() const {
  int64_t sum = 0;
  for (int64_t c : counts_) sum += c;
  return sum;
}

double ConfusionMatrix::accuracy() const {
  int64_t correct = 0;
  for (int64_t c = 0; c < classes_; ++c) correct += count(c, c);
  return total() > 0 ? static_cast<double>(correct) / total() : 0;
}

double ConfusionMatrix::class_accuracy(int64_t target) const {
  const int64_t n = support(target);
  return n > 0 ? static_cast<double>(count(target, target)) / n : 0;
}

namespace {

/// value with the given number of decimals ("12.5"), for tables, SVG coordinates and labels.
std::string number(double value, int decimals = 1) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

size_t name_width(const std::vector<std::string>& names) {
  size_t width = 4;
  for (const std::string& name : names) width = std::max(width, name.size());
  return width;
}

}  // namespace

void print_class_accuracy(std::ostream& out, const ConfusionMatrix& matrix, const std::vector<std::string>& names) {
  const int width = static_cast<int>(name_width(names));
  out << "per-class test accuracy\n"
      << "  label  " << std::left << std::setw(width) << "name" << std::right << "  accuracy  examples\n";
  for (int64_t c = 0; c < matrix.classes(); ++c) {
    out << std::setw(7) << c << "  " << std::left << std::setw(width) << names.at(c) << std::right << "  "
        << std::setw(7) << number(100 * matrix.class_accuracy(c), 2) << "%  "
        << std::setw(8) << matrix.support(c) << '\n';
  }
}

void print_confusion_matrix(std::ostream& out, const ConfusionMatrix& matrix, const std::vector<std::string>& names) {
  const int width = static_cast<int>(name_width(names));
  int cell = 6;  // wide enough for the largest count, and a gap
  for (int64_t t = 0; t < matrix.classes(); ++t)
    for (int64_t p = 0; p < matrix.classes(); ++p)
      cell = std::max(cell, static_cast<int>(std::to_string(matrix.count(t, p)).size()) + 2);
  out << "confusion matrix (rows: true label, columns: predicted label)\n" << std::setw(width + 5) << "";
  for (int64_t p = 0; p < matrix.classes(); ++p) out << std::setw(cell) << p;
  out << '\n';
  for (int64_t t = 0; t < matrix.classes(); ++t) {
    out << std::setw(3) << t << "  " << std::left << std::setw(width) << names.at(t) << std::right;
    for (int64_t p = 0; p < matrix.classes(); ++p) out << std::setw(cell) << matrix.count(t, p);
    out << '\n';
  }
}

namespace {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) throw xgrad::Error("cannot write " + path);
}

/// A line or point series of a chart.
struct Series {
  std::string name;
  std::string color;
  std::vector<double> values;  // one per epoch
};

/// 1, 2 or 5 times a power of ten, near span / 5: the step between axis ticks.
double tick_step(double span) {
  const double rough = span / 5;
  const double power = std::pow(10, std::floor(std::log10(rough)));
  for (double factor : {1.0, 2.0, 5.0})
    if (factor * power >= rough) return factor * power;
  return 10 * power;
}

/// Draws a chart whose plot area is w x h at (x0, y0): frame, grid, ticks, title, the series, and a
/// legend when there is more than one (top right, where falling loss curves leave room).
void draw_chart(std::ostream& svg, double x0, double y0, double w, double h, const std::string& title,
                const std::vector<Series>& series, bool from_zero) {
  const auto epochs = static_cast<int64_t>(series.front().values.size());
  double low = from_zero ? 0 : series.front().values.front(), high = low;
  for (const Series& s : series)
    for (double v : s.values) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  double step;
  if (high > low) {
    step = tick_step(high - low);
    low = std::floor(low / step) * step;
    high = std::ceil(high / step) * step;
  } else {  // a flat curve: a small range of round ticks around it (labels say where their lines are)
    step = tick_step(std::max(std::abs(high) / 20, 1e-3));
    low = std::floor(low / step) * step - step;
    high = std::ceil(high / step) * step + step;
  }

  // One epoch sits in the middle; more spread over the width.
  const double first = epochs > 1 ? 1 : 0, last = epochs > 1 ? static_cast<double>(epochs) : 2;
  auto x_of = [&](double epoch) { return number(x0 + (epoch - first) / (last - first) * w); };
  auto y_of = [&](double value) { return number(y0 + h - (value - low) / (high - low) * h); };

  svg << "<text x=\"" << number(x0 + w / 2) << "\" y=\"" << number(y0 - 12)
      << "\" text-anchor=\"middle\" font-size=\"15\">" << title << "</text>\n";
  svg << "<rect x=\"" << number(x0) << "\" y=\"" << number(y0) << "\" width=\"" << number(w) << "\" height=\""
      << number(h) << "\" fill=\"none\" stroke=\"#444\"/>\n";
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step))));
  for (int i = 0; low + i * step <= high + step / 2; ++i) {
    const double v = low + i * step;
    svg << "<line x1=\"" << number(x0) << "\" y1=\"" << y_of(v) << "\" x2=\"" << number(x0 + w) << "\" y2=\""
        << y_of(v) << "\" stroke=\"#ddd\"/>\n<text x=\"" << number(x0 - 6) << "\" y=\""
        << number(y0 + h - (v - low) / (high - low) * h + 4) << "\" text-anchor=\"end\">" << number(v, decimals)
        << "</text>\n";
  }
  const int64_t epoch_step = std::max<int64_t>(1, (epochs + 9) / 10);
  for (int64_t e = 1; e <= epochs; e += epoch_step)
    svg << "<text x=\"" << x_of(static_cast<double>(e)) << "\" y=\"" << number(y0 + h + 18)
        << "\" text-anchor=\"middle\">" << e << "</text>\n";
  svg << "<text x=\"" << number(x0 + w / 2) << "\" y=\"" << number(y0 + h + 38)
      << "\" text-anchor=\"middle\">epoch</text>\n";

  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    svg << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"2\" points=\"";
    for (int64_t e = 0; e < epochs; ++e)
      svg << (e ? " " : "") << x_of(static_cast<double>(e + 1)) << ',' << y_of(s.values[e]);
    svg << "\"/>\n";
    for (int64_t e = 0; e < epochs; ++e)
      svg << "<circle cx=\"" << x_of(static_cast<double>(e + 1)) << "\" cy=\"" << y_of(s.values[e])
          << "\" r=\"3\" fill=\"" << s.color << "\"/>\n";
    if (series.size() > 1) {
      const double legend_y = y0 + 18 + 18 * static_cast<double>(i);
      svg << "<line x1=\"" << number(x0 + w - 110) << "\" y1=\"" << number(legend_y - 4) << "\" x2=\""
          << number(x0 + w - 90) << "\" y2=\"" << number(legend_y - 4) << "\" stroke=\"" << s.color
          << "\" stroke-width=\"2\"/>\n<text x=\"" << number(x0 + w - 84) << "\" y=\"" << number(legend_y) << "\">"
          << s.name << "</text>\n";
    }
  }
}

}  // namespace

void write_metrics_csv(const std::string& path, const std::vector<EpochMetrics>& history) {
  std::ostringstream csv;
  csv << "epoch,train_loss,test_loss,test_accuracy,lr,seconds\n";
  for (const EpochMetrics& m : history) {
    char row[200];
    std::snprintf(row, sizeof row, "%lld,%.6f,%.6f,%.4f,%.6g,%.2f\n", static_cast<long long>(m.epoch), m.train_loss,
                  m.test_loss, m.test_accuracy, m.lr, m.seconds);
    csv << row;
  }
  write_file(path, csv.str());
}

void write_curves_svg(const std::string& path, const std::vector<EpochMetrics>& history) {
  if (history.empty()) throw xgrad::Error("write_curves_svg: no epoch to draw");
  Series train_loss{"train loss", "#1f77b4", {}}, test_loss{"test loss", "#d62728", {}},
      accuracy{"test accuracy", "#2ca02c", {}};
  for (const EpochMetrics& m : history) {
    train_loss.values.push_back(m.train_loss);
    test_loss.values.push_back(m.test_loss);
    accuracy.values.push_back(100 * m.test_accuracy);
  }
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"360\" viewBox=\"0 0 900 360\" "
         "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"900\" height=\"360\" fill=\"white\"/>\n";
  draw_chart(svg, 60, 40, 360, 260, "loss", {train_loss, test_loss}, true);
  draw_chart(svg, 510, 40, 360, 260, "test accuracy (%)", {accuracy}, false);
  svg << "</svg>\n";
  write_file(path, svg.str());
}
