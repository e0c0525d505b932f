// nn::init: weight initialisations, PyTorch 1.13's formulas (torch/nn/init.py).
//
// A weight of shape [out, in, k1, k2, ...] (Linear: [out, in]; Conv2d: [out, in / groups, kH, kW])
// has receptive field r = k1 * k2 * ..., fan_in = in * r and fan_out = out * r.
//   gain:            linear, conv*, sigmoid -> 1; tanh -> 5/3; relu -> sqrt(2);
//                    leaky_relu(slope) -> sqrt(2 / (1 + slope^2))
//   xavier_uniform_  U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out))
//   xavier_normal_   N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))
//   kaiming_uniform_ U(-b, b), b = gain * sqrt(3 / fan), gain = gain(nonlinearity, a), fan per mode
//   kaiming_normal_  N(0, std^2), std = gain / sqrt(fan)
// Every function fills its argument in place under NoGradGuard (initialisation is not part of the
// graph) and returns it. Tensors without elements are returned untouched, drawing nothing.
#include <xgrad/nn/init.h>

#include <cmath>

#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

namespace xgrad {
namespace nn {
namespace init {

namespace {

void check_defined(const Tensor& tensor, const char* op) {
  XGRAD_CHECK(tensor.defined(), "{}: the tensor is undefined (default-constructed)", op);
}

std::tuple<int64_t, int64_t> fans(const Tensor& tensor, const char* op) {
  check_defined(tensor, op);
  XGRAD_CHECK(tensor.dim() >= 2,
              "{}: fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape {})", op,
              xgrad::detail::shape_str(tensor.sizes()));
  int64_t receptive_field = 1;
  for (int64_t d = 2; d < tensor.dim(); ++d) receptive_field *= tensor.size(d);
  return {tensor.size(1) * receptive_field, tensor.size(0) * receptive_field};
}

double kaiming_std(const Tensor& tensor, double a, const FanModeType& mode, const NonlinearityType& nonlinearity,
                   const char* op) {
  const auto [fan_in, fan_out] = fans(tensor, op);
  const double fan = static_cast<double>(std::holds_alternative<enumtype::kFanIn>(mode) ? fan_in : fan_out);
  return calculate_gain(nonlinearity, a) / std::sqrt(fan);
}

double xavier_std(const Tensor& tensor, double gain, const char* op) {
  const auto [fan_in, fan_out] = fans(tensor, op);
  return gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
}

}  // namespace

double calculate_gain(NonlinearityType nonlinearity, double param) {
  if (std::holds_alternative<enumtype::kTanh>(nonlinearity)) return 5.0 / 3.0;
  if (std::holds_alternative<enumtype::kReLU>(nonlinearity)) return std::sqrt(2.0);
  if (std::holds_alternative<enumtype::kLeakyReLU>(nonlinearity)) return std::sqrt(2.0 / (1 + param * param));
  return 1.0;  // linear, the convolutions and sigmoid
}

Tensor constant_(Tensor tensor, Scalar value) {
  check_defined(tensor, "constant_");
  NoGradGuard no_grad;
  tensor.fill_(value);
  return tensor;
}

Tensor dirac_(Tensor tensor) {
  check_defined(tensor, "dirac_");
  XGRAD_CHECK(tensor.dim() >= 3 && tensor.dim() <= 5,
              "dirac_: only tensors with 3, 4, or 5 dimensions are supported (got shape {})",
              xgrad::detail::shape_str(tensor.sizes()));
  NoGradGuard no_grad;
  tensor.zero_();
  // Channel d of output d sees input channel d through a kernel that is 1 at its centre.
  int64_t centre = 0;
  for (int64_t d = 2; d < tensor.dim(); ++d) centre += tensor.size(d) / 2 * tensor.stride(d);
  const int64_t channels = std::min(tensor.size(0), tensor.size(1));
  const int64_t step = tensor.stride(0) + tensor.stride(1);
  xgrad::detail::dispatch_all(tensor.scalar_type(), "dirac_", [&](auto tag) {
    using T = decltype(tag);
    T* data = tensor.data_ptr<T>();
    for (int64_t d = 0; d < channels; ++d) data[d * step + centre] = T(1);
  });
  return tensor;
}

Tensor eye_(Tensor matrix) {
  check_defined(matrix, "eye_");
  XGRAD_CHECK(matrix.dim() == 2, "eye_: only tensors with 2 dimensions are supported (got shape {})",
              xgrad::detail::shape_str(matrix.sizes()));
  NoGradGuard no_grad;
  matrix.copy_(xgrad::eye(matrix.size(0), matrix.size(1), matrix.scalar_type()));
  return matrix;
}

Tensor normal_(Tensor tensor, double mean, double std) {
  check_defined(tensor, "normal_");
  NoGradGuard no_grad;
  tensor.normal_(mean, std);
  return tensor;
}

Tensor ones_(Tensor tensor) { return constant_(std::move(tensor), 1); }

Tensor uniform_(Tensor tensor, double low, double high) {
  check_defined(tensor, "uniform_");
  NoGradGuard no_grad;
  tensor.uniform_(low, high);
  return tensor;
}

Tensor kaiming_normal_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  const double std = kaiming_std(tensor, a, mode, nonlinearity, "kaiming_normal_");
  if (tensor.numel() == 0) return tensor;
  return normal_(std::move(tensor), 0, std);
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  const double bound = std::sqrt(3.0) * kaiming_std(tensor, a, mode, nonlinearity, "kaiming_uniform_");
  if (tensor.numel() == 0) return tensor;
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  const double std = xavier_std(tensor, gain, "xavier_normal_");
  if (tensor.numel() == 0) return tensor;
  return normal_(std::move(tensor), 0, std);
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  const double bound = std::sqrt(3.0) * xavier_std(tensor, gain, "xavier_uniform_");
  if (tensor.numel() == 0) return tensor;
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor zeros_(Tensor tensor) {
  check_defined(tensor, "zeros_");
  NoGradGuard no_grad;
  tensor.zero_();
  return tensor;
}

std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor) {
  return fans(tensor, "_calculate_fan_in_and_fan_out");
}

}  // namespace init
}  // namespace nn
}  // namespace xgrad
