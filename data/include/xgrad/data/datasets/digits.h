#pragma once
// scikit-learn's handwritten digits (sklearn.datasets.load_digits): 1797 images of 8x8 pixels with
// values 0-16 and their labels 0-9, the set the numpy tutorials train a network on before they reach a
// framework. Not part of libtorch. Read from the CSV file scikit-learn ships (Debian's python3-sklearn
// puts it at Digits::kDebianPath), raw or gzip-compressed: one line per image, its 64 pixels row by row
// then its label, integers separated by commas.
//
// Only a regular file is read; a line that is not 65 integers in those ranges throws xgrad::Error
// naming the file, the line and the field.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <xgrad/data/datasets/base.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace data {
namespace datasets {

class Digits : public Dataset<Digits> {
 public:
  static constexpr const char* kDebianPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  static constexpr int64_t kPixels = 64;  // 8 x 8
  static constexpr int64_t kMaxPixel = 16;
  static constexpr int64_t kClasses = 10;

  explicit Digits(const std::string& path = kDebianPath);

  /// data: kFloat [64] (the pixels as they are, 0-16, as sklearn's `data` row); target: 0-dim kLong.
  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;

  /// kFloat [N, 64], sklearn's `data`.
  const Tensor& images() const;
  /// kLong [N], sklearn's `target`.
  const Tensor& targets() const;

 private:
  Tensor images_, targets_;
};

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
