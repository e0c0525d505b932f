#pragma once
// Options of the activation layers and functions, as libtorch's (torch/nn/options/activation.h).
#include <cstdint>
#include <optional>

#include <xgrad/arg.h>
#include <xgrad/scalar_type.h>

namespace xgrad {
namespace nn {

struct ReLUOptions {
  /* implicit */ ReLUOptions(bool inplace = false) : inplace_(inplace) {}
  /// Overwrite the input with the result.
  XGRAD_ARG(bool, inplace);
};

struct LeakyReLUOptions {
  /// The slope for x < 0.
  XGRAD_ARG(double, negative_slope) = 1e-2;
  XGRAD_ARG(bool, inplace) = false;
};

struct HardtanhOptions {
  /// The bounds of the linear region; the output is clamped to [min_val, max_val].
  XGRAD_ARG(double, min_val) = -1.0;
  XGRAD_ARG(double, max_val) = 1.0;
  XGRAD_ARG(bool, inplace) = false;
};

struct SoftmaxOptions {
  SoftmaxOptions(int64_t dim) : dim_(dim) {}
  /// The dim along which the values sum to 1.
  XGRAD_ARG(int64_t, dim);
};

struct LogSoftmaxOptions {
  LogSoftmaxOptions(int64_t dim) : dim_(dim) {}
  XGRAD_ARG(int64_t, dim);
};

namespace functional {

using ReLUFuncOptions = ReLUOptions;
using LeakyReLUFuncOptions = LeakyReLUOptions;
using HardtanhFuncOptions = HardtanhOptions;

struct SoftmaxFuncOptions {
  SoftmaxFuncOptions(int64_t dim) : dim_(dim) {}
  XGRAD_ARG(int64_t, dim);
  /// The input is cast to this dtype first (and the result has it).
  XGRAD_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

struct LogSoftmaxFuncOptions {
  LogSoftmaxFuncOptions(int64_t dim) : dim_(dim) {}
  XGRAD_ARG(int64_t, dim);
  XGRAD_ARG(std::optional<ScalarType>, dtype) = std::nullopt;
};

}  // namespace functional

}  // namespace nn
}  // namespace xgrad
