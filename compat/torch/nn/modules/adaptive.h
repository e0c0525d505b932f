#pragma once
// <torch/nn/modules/adaptive.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/adaptive.h>: nn::AdaptiveLogSoftmaxWithLoss is not in xgrad"
#include "(xgrad stops the compilation here)"
