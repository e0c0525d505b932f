#pragma once
// <torch/nn/options/upsampling.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/upsampling.h>: upsampling options (nn::UpsampleOptions, F::InterpolateFuncOptions) is not in xgrad"
#include "(xgrad stops the compilation here)"
