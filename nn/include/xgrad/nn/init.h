#pragma once
// xgrad::nn::init: in-place weight initialisations with libtorch's signatures and PyTorch's numbers.
// Each fills its argument under NoGradGuard (the argument is usually a leaf that requires grad) and
// returns it. Random ones draw from xgrad's generator, so manual_seed makes them reproducible.
#include <cstdint>
#include <tuple>
#include <variant>

#include <xgrad/enum.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {
namespace init {

using NonlinearityType =
    std::variant<enumtype::kLinear, enumtype::kConv1D, enumtype::kConv2D, enumtype::kConv3D,
                 enumtype::kConvTranspose1D, enumtype::kConvTranspose2D, enumtype::kConvTranspose3D,
                 enumtype::kSigmoid, enumtype::kTanh, enumtype::kReLU, enumtype::kLeakyReLU>;
using FanModeType = std::variant<enumtype::kFanIn, enumtype::kFanOut>;

/// The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for
/// ReLU, sqrt(2 / (1 + param^2)) for leaky ReLU with negative slope param.
double calculate_gain(NonlinearityType nonlinearity, double param = 0.01);

Tensor constant_(Tensor tensor, Scalar value);
/// A 3-, 4- or 5-D tensor as the identity convolution (preserves the first min(out, in) channels).
Tensor dirac_(Tensor tensor);
/// A 2-D tensor as the identity matrix (ones on the main diagonal).
Tensor eye_(Tensor matrix);
Tensor normal_(Tensor tensor, double mean = 0, double std = 1);
Tensor ones_(Tensor tensor);
Tensor uniform_(Tensor tensor, double low = 0, double high = 1);
/// N(0, std^2) with std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a).
Tensor kaiming_normal_(Tensor tensor, double a = 0, FanModeType mode = xgrad::kFanIn,
                       NonlinearityType nonlinearity = xgrad::kLeakyReLU);
/// U(-bound, bound) with bound = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a).
Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanModeType mode = xgrad::kFanIn,
                        NonlinearityType nonlinearity = xgrad::kLeakyReLU);
/// N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);
/// U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);
Tensor zeros_(Tensor tensor);

/// (fan_in, fan_out) of a weight of at least 2 dims: [out, in, k...] gives (in * prod(k), out * prod(k)).
std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor);

}  // namespace init
}  // namespace nn
}  // namespace xgrad
