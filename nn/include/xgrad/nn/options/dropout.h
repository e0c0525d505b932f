#pragma once
// Options of Dropout / Dropout2d and F::dropout / F::dropout2d, as libtorch's
// (torch/nn/options/dropout.h). The layers drop only in training mode; the functions only when
// `training` is true, which is their default.
#include <xgrad/arg.h>

namespace xgrad {
namespace nn {

struct DropoutOptions {
  /* implicit */ DropoutOptions(double p = 0.5) : p_(p) {}
  /// The probability of zeroing an element (a whole channel for Dropout2d).
  XGRAD_ARG(double, p) = 0.5;
  XGRAD_ARG(bool, inplace) = false;
};

using Dropout2dOptions = DropoutOptions;

namespace functional {

struct DropoutFuncOptions {
  XGRAD_ARG(double, p) = 0.5;
  XGRAD_ARG(bool, training) = true;
  XGRAD_ARG(bool, inplace) = false;
};

using Dropout2dFuncOptions = DropoutFuncOptions;

}  // namespace functional

}  // namespace nn
}  // namespace xgrad
