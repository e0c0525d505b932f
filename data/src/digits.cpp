// scikit-learn's digits CSV, read as a stream (chunks through gzip_file.h, never the whole text at
// once): each character moves a small parser that checks every line as it ends, so a bad file fails
// at its first bad field with the line and field named, and memory is one byte per value kept.
#include <xgrad/data/datasets/digits.h>

#include <cstdint>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

#include "gzip_file.h"

namespace xgrad {
namespace data {
namespace datasets {
namespace {

constexpr int64_t kFields = Digits::kPixels + 1;  // the pixels, then the label
constexpr int kMaxDigits = 6;                     // "000016" at most: no value can overflow

/// The parser's state within the current line.
class LineParser {
 public:
  explicit LineParser(const std::string& path) : path_(path) {}

  void feed(char c) {
    fail_if(carriage_return_ && c != '\n', "a carriage return inside the line");
    if (c >= '0' && c <= '9') {
      fail_if(++digits_ > kMaxDigits, "a number of more than {} digits", kMaxDigits);
      value_ = value_ * 10 + (c - '0');
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      end_line();
    } else if (c == '\r') {
      carriage_return_ = true;  // CRLF line ends are accepted; a lone CR is not
      return;
    } else {
      fail_if(true, "{} is not part of an integer", describe(c));
    }
  }

  /// At the end of the data: a last line without its newline counts.
  void finish() {
    if (field_ > 0 || digits_ > 0 || carriage_return_) end_line();
    XGRAD_CHECK(!values_.empty(), "Digits: {} holds no lines (expected {} comma-separated integers per image)",
                path_, kFields);
  }

  /// kFields values per line: the pixels, then the label.
  const std::vector<uint8_t>& values() const { return values_; }
  int64_t lines() const { return line_ - 1; }

 private:
  template <typename... Args>
  void fail_if(bool failed, const char* what, const Args&... args) {
    if (!failed) return;
    throw Error(fmt::format("Digits: {} line {}, field {}: {} (expected {} comma-separated integers: {} pixels "
                            "0-{}, then a label 0-{})",
                            path_, line_, field_ + 1, fmt::format(fmt::runtime(what), args...), kFields, Digits::kPixels,
                            Digits::kMaxPixel, Digits::kClasses - 1));
  }

  static std::string describe(char c) {
    if (c >= 0x21 && c <= 0x7e) return fmt::format("'{}'", c);
    return fmt::format("byte 0x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
  }

  void end_field() {
    fail_if(digits_ == 0, "an empty field");
    fail_if(field_ >= kFields, "more than {} fields", kFields);
    const bool label = field_ == Digits::kPixels;
    const int64_t most = label ? Digits::kClasses - 1 : Digits::kMaxPixel;
    fail_if(value_ > most, "{} {} is above {}", label ? "label" : "pixel", value_, most);
    values_.push_back(static_cast<uint8_t>(value_));
    ++field_;
    value_ = 0;
    digits_ = 0;
  }

  void end_line() {
    fail_if(field_ == 0 && digits_ == 0, "an empty line");
    fail_if(field_ + 1 < kFields, "the line ends after {} fields", field_ + 1);
    end_field();
    ++line_;
    field_ = 0;
    carriage_return_ = false;
  }

  const std::string& path_;
  std::vector<uint8_t> values_;
  int64_t line_ = 1, field_ = 0, value_ = 0;
  int digits_ = 0;
  bool carriage_return_ = false;
};

}  // namespace

Digits::Digits(const std::string& path) {
  detail::GzipFile file(path, "Digits");
  LineParser parser(path);
  std::vector<uint8_t> chunk(1 << 16);
  while (const uint64_t got = file.read(chunk.data(), chunk.size()))
    for (uint64_t i = 0; i < got; ++i) parser.feed(static_cast<char>(chunk[i]));
  parser.finish();

  const int64_t n = parser.lines();
  images_ = xgrad::empty({n, kPixels});
  targets_ = xgrad::empty({n}, kLong);
  const uint8_t* from = parser.values().data();
  float* pixels = images_.data_ptr<float>();
  int64_t* labels = targets_.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i, from += kFields) {
    for (int64_t p = 0; p < kPixels; ++p) pixels[i * kPixels + p] = from[p];
    labels[i] = from[kPixels];
  }
}

Example<> Digits::get(size_t index) {
  const int64_t n = images_.size(0);
  XGRAD_CHECK(index < static_cast<size_t>(n), "Digits::get: index {} out of range for {} examples", index, n);
  return {images_[static_cast<int64_t>(index)].clone(), targets_[static_cast<int64_t>(index)]};
}

std::optional<size_t> Digits::size() const { return static_cast<size_t>(images_.size(0)); }

const Tensor& Digits::images() const { return images_; }

const Tensor& Digits::targets() const { return targets_; }

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
