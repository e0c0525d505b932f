#pragma once
// <torch/nn/options/adaptive.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/adaptive.h>: nn::AdaptiveLogSoftmaxWithLossOptions is not in xgrad"
#include "(xgrad stops the compilation here)"
