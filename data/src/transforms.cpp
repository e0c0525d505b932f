// The tensor transforms' work: Normalize's per-channel constants, RandomCrop and RandomHorizontalFlip.
#include <xgrad/data/transforms/tensor.h>

#include <vector>

#include <xgrad/data/detail/random.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace data {
namespace transforms {
namespace detail {

Tensor channel_constants(ArrayRef<double> values, const char* what) {
  XGRAD_CHECK(!values.empty(), "Normalize: expected at least one {} value, got none", what);
  return xgrad::tensor(std::vector<double>(values.begin(), values.end()), kFloat)
      .view({static_cast<int64_t>(values.size()), 1, 1});
}

ArrayRef<double> nonzero_stddev(ArrayRef<double> stddev) {
  for (double v : stddev) XGRAD_CHECK(v != 0.0, "Normalize: stddev must not be zero, got [{}]", fmt::join(stddev, ", "));
  return stddev;
}

Tensor normalize(const Tensor& input, const Tensor& mean, const Tensor& stddev) {
  const int64_t channels = mean.size(0);
  XGRAD_CHECK(channels == 1 || (input.dim() >= 3 && input.size(-3) == channels),
              "Normalize: expected an image [C, H, W] with C = {} (the number of mean values), got {}",
              channels, xgrad::detail::shape_str(input.sizes()));
  // The DataLoader's hot path: a contiguous float image that records no graph is done in one pass, with
  // the same two float roundings as sub then div (so the same numbers); anything else takes the ops.
  const bool image = input.dim() >= 3 && input.size(-3) == channels;
  if (!image || input.scalar_type() != kFloat || !input.is_contiguous() || input.requires_grad())
    return input.sub(mean).div(stddev);
  Tensor output = xgrad::empty(input.sizes());
  const int64_t plane = input.size(-1) * input.size(-2);
  const float* in = input.data_ptr<float>();
  const float* m = mean.data_ptr<float>();
  const float* s = stddev.data_ptr<float>();
  float* out = output.data_ptr<float>();
  for (int64_t p = 0; p < input.numel() / plane; ++p) {
    const float channel_mean = m[p % channels], channel_std = s[p % channels];
    for (int64_t i = 0; i < plane; ++i) out[p * plane + i] = (in[p * plane + i] - channel_mean) / channel_std;
  }
  return output;
}

int64_t crop_side(ArrayRef<int64_t> size, size_t side) {
  XGRAD_CHECK(size.size() == 1 || size.size() == 2, "RandomCrop: expected a size {{height, width}} or {{side}}, got [{}]",
              fmt::join(size, ", "));
  const int64_t value = size[side < size.size() ? side : 0];
  XGRAD_CHECK(value > 0, "RandomCrop: expected a positive size, got [{}]", fmt::join(size, ", "));
  return value;
}

Tensor random_crop(const Tensor& input, int64_t height, int64_t width, int64_t padding) {
  XGRAD_CHECK(padding >= 0, "RandomCrop: expected a non-negative padding, got {}", padding);
  XGRAD_CHECK(input.dim() >= 2, "RandomCrop: expected an image [..., H, W], got {}",
              xgrad::detail::shape_str(input.sizes()));
  const int64_t in_h = input.size(-2), in_w = input.size(-1);
  const int64_t padded_h = in_h + 2 * padding, padded_w = in_w + 2 * padding;
  XGRAD_CHECK(height <= padded_h && width <= padded_w,
              "RandomCrop: a {}x{} crop does not fit in an image {} padded by {}", height, width,
              xgrad::detail::shape_str(input.sizes()), padding);
  // The window's corner in padded coordinates; then the part of it that overlaps the image is copied,
  // and the rest stays zero (the padding).
  const int64_t top = static_cast<int64_t>(data::detail::random_below(static_cast<uint64_t>(padded_h - height + 1)));
  const int64_t left = static_cast<int64_t>(data::detail::random_below(static_cast<uint64_t>(padded_w - width + 1)));
  std::vector<int64_t> out_sizes(input.sizes().begin(), input.sizes().end());
  out_sizes[out_sizes.size() - 2] = height;
  out_sizes[out_sizes.size() - 1] = width;
  Tensor output = xgrad::zeros(out_sizes, input.options());
  const int64_t row0 = std::max<int64_t>(top, padding), row1 = std::min(top + height, padding + in_h);
  const int64_t col0 = std::max<int64_t>(left, padding), col1 = std::min(left + width, padding + in_w);
  if (row1 > row0 && col1 > col0) {
    output.narrow(-2, row0 - top, row1 - row0)
        .narrow(-1, col0 - left, col1 - col0)
        .copy_(input.narrow(-2, row0 - padding, row1 - row0).narrow(-1, col0 - padding, col1 - col0));
  }
  return output;
}

Tensor random_horizontal_flip(const Tensor& input, double p) {
  XGRAD_CHECK(p >= 0.0 && p <= 1.0, "RandomHorizontalFlip: expected a probability in [0, 1], got {}", p);
  XGRAD_CHECK(input.dim() >= 1, "RandomHorizontalFlip: expected an image [..., H, W], got a 0-dim tensor");
  if (data::detail::random_uniform() >= p) return input;
  const int64_t width = input.size(-1);
  return input.index_select(-1, xgrad::arange(width - 1, -1, -1));
}

}  // namespace detail
}  // namespace transforms
}  // namespace data
}  // namespace xgrad
