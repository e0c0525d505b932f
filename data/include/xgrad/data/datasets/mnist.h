#pragma once
// MNIST-format datasets (MNIST, Fashion-MNIST, KMNIST, ...), as libtorch's torch::data::datasets::MNIST.
//
// root holds the four IDX files, raw or gzip-compressed (".gz"):
//   train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.
// Every header field, count and length is checked; a missing, truncated or corrupt file throws
// xgrad::Error naming the file and the problem.
//
// Unlike libtorch, which keeps a float copy of every image, the images stay uint8 in memory (a quarter
// of the size) and get(i) converts one: data is float [1, rows, cols] with values pixel / 255, target a
// 0-dim kLong tensor, the same numbers libtorch's MNIST gives.
#include <cstddef>
#include <optional>
#include <string>

#include <xgrad/data/datasets/base.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace data {
namespace datasets {

class MNIST : public Dataset<MNIST> {
 public:
  enum class Mode { kTrain, kTest };

  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;

  bool is_train() const noexcept;
  /// kByte [N, 1, rows, cols] (libtorch's are kFloat in [0, 1]).
  const Tensor& images() const;
  /// kLong [N].
  const Tensor& targets() const;

 private:
  Tensor images_, targets_;
  bool is_train_;
};

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
