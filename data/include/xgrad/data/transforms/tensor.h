#pragma once
// Transforms of an example's data tensor (its target passes through): TensorLambda, Normalize, and
// for images [C, H, W] RandomCrop and RandomHorizontalFlip.
//
// The random ones draw from the DataLoader's per-batch generator (seeded from xgrad's generator at
// each epoch and from the batch's position), so the same manual_seed gives the same augmented batches
// whatever the number of workers; outside a DataLoader they draw from xgrad's generator.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include <xgrad/array_ref.h>
#include <xgrad/data/example.h>
#include <xgrad/data/transforms/base.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace data {
namespace transforms {

template <typename Target = Tensor>
class TensorTransform : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
 public:
  using E = Example<Tensor, Target>;

  virtual Tensor operator()(Tensor input) = 0;

  E apply(E input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

template <typename Target = Tensor>
class TensorLambda : public TensorTransform<Target> {
 public:
  using FunctionType = std::function<Tensor(Tensor)>;

  explicit TensorLambda(FunctionType function) : function_(std::move(function)) {}
  Tensor operator()(Tensor input) override { return function_(std::move(input)); }

 private:
  FunctionType function_;
};

namespace detail {
/// [C, 1, 1] float tensor of the per-channel values (checked: non-empty).
Tensor channel_constants(ArrayRef<double> values, const char* what);
/// stddev, checked to hold no zero.
ArrayRef<double> nonzero_stddev(ArrayRef<double> stddev);
/// (input - mean) / stddev, checked against input's channels; the message names Normalize and the shapes.
Tensor normalize(const Tensor& input, const Tensor& mean, const Tensor& stddev);
/// size[side] of a crop size given as {height, width} or {side}; checked to be positive.
int64_t crop_side(ArrayRef<int64_t> size, size_t side);
/// input [..., H, W] zero-padded by padding on each side, then cut to a random height x width window.
Tensor random_crop(const Tensor& input, int64_t height, int64_t width, int64_t padding);
/// input with its last dimension reversed, with probability p.
Tensor random_horizontal_flip(const Tensor& input, double p);
}  // namespace detail

/// (x - mean[c]) / stddev[c] per channel c of an image [C, H, W]; one value applies to every element
/// of any input, as libtorch's (which broadcasts [C, 1, 1] against the input).
template <typename Target = Tensor>
struct Normalize : public TensorTransform<Target> {
  Normalize(ArrayRef<double> mean, ArrayRef<double> stddev)
      : mean(detail::channel_constants(mean, "mean")),
        stddev(detail::channel_constants(detail::nonzero_stddev(stddev), "stddev")) {}

  Tensor operator()(Tensor input) override { return detail::normalize(input, mean, stddev); }

  Tensor mean, stddev;
};

/// A random size[0] x size[1] window (one value: a square) of the image zero-padded by padding pixels
/// on each side, as torchvision's RandomCrop(size, padding).
template <typename Target = Tensor>
struct RandomCrop : public TensorTransform<Target> {
  explicit RandomCrop(ArrayRef<int64_t> size, int64_t padding = 0)
      : height(detail::crop_side(size, 0)), width(detail::crop_side(size, 1)), padding(padding) {}
  explicit RandomCrop(int64_t size, int64_t padding = 0) : RandomCrop(ArrayRef<int64_t>(size), padding) {}

  Tensor operator()(Tensor input) override { return detail::random_crop(input, height, width, padding); }

  int64_t height, width, padding;
};

/// The image mirrored left to right with probability p, as torchvision's RandomHorizontalFlip.
template <typename Target = Tensor>
struct RandomHorizontalFlip : public TensorTransform<Target> {
  explicit RandomHorizontalFlip(double p = 0.5) : p(p) {}

  Tensor operator()(Tensor input) override { return detail::random_horizontal_flip(input, p); }

  double p;
};

}  // namespace transforms
}  // namespace data
}  // namespace xgrad
