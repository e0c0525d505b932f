// curves.svg's axes: every gridline's label is the value at that line, so reading a point off the chart
// against the labels gives the metric back (a 1-epoch run's flat accuracy curve once had labels rounded
// away from their lines), for flat, narrow and wide ranges.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report.h"

namespace {

struct Tick {
  double value;
  double y;  // of its gridline
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The accuracy chart (drawn right of x = 500): its tick labels and the y of its points.
void accuracy_axis(const std::string& svg, std::vector<Tick>& ticks, std::vector<double>& points) {
  const std::regex label("<text x=\"(5[0-9][0-9]\\.[0-9])\" y=\"([-0-9.]+)\" text-anchor=\"end\">([-0-9.]+)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator(); ++it)
    ticks.push_back({std::stod((*it)[3]), std::stod((*it)[2]) - 4});  // labels sit 4 below their line
  const std::regex point("<circle cx=\"[0-9.]+\" cy=\"([-0-9.]+)\" r=\"3\" fill=\"#2ca02c\"/>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), point); it != std::sregex_iterator(); ++it)
    points.push_back(std::stod((*it)[1]));
}

void check_accuracy_axis(const std::vector<double>& accuracies) {
  std::vector<EpochMetrics> history;
  for (size_t e = 0; e < accuracies.size(); ++e)
    history.push_back({static_cast<int64_t>(e + 1), 1.0, 1.1, accuracies[e], 0.05, 3.0});
  const std::string path = "report_test_curves.svg";
  write_curves_svg(path, history);
  std::vector<Tick> ticks;
  std::vector<double> points;
  accuracy_axis(read_text(path), ticks, points);
  std::remove(path.c_str());

  REQUIRE(ticks.size() >= 2);
  REQUIRE(points.size() == accuracies.size());
  std::set<double> distinct;
  for (const Tick& t : ticks) distinct.insert(t.value);
  CHECK(distinct.size() == ticks.size());
  // Value against y is one straight line through every tick (to the SVG's 0.1 px rounding)...
  const double slope = (ticks[1].value - ticks[0].value) / (ticks[1].y - ticks[0].y);
  const double per_pixel = std::abs(slope) * 0.11;
  for (const Tick& t : ticks) CHECK(std::abs(ticks[0].value + (t.y - ticks[0].y) * slope - t.value) <= per_pixel);
  // ...and the points read off it are the accuracies in percent.
  for (size_t e = 0; e < points.size(); ++e)
    CHECK(std::abs(ticks[0].value + (points[e] - ticks[0].y) * slope - 100 * accuracies[e]) <= per_pixel);
  // The points lie within the ticks' range.
  for (double y : points) {
    CHECK(y <= std::max(ticks.front().y, ticks.back().y));
    CHECK(y >= std::min(ticks.front().y, ticks.back().y));
  }
}

}  // namespace

TEST_CASE("curves.svg: a flat accuracy curve (one epoch) is labelled where its gridlines are") {
  check_accuracy_axis({0.609375});
  check_accuracy_axis({0.8303});
  check_accuracy_axis({1.0});
  check_accuracy_axis({0.0});
  check_accuracy_axis({0.9, 0.9, 0.9});
}

TEST_CASE("curves.svg: narrow and wide accuracy ranges") {
  check_accuracy_axis({0.8301, 0.8304});
  check_accuracy_axis({0.8715, 0.8893, 0.8968, 0.9001, 0.9015});
  check_accuracy_axis({0.1, 0.95});
}
