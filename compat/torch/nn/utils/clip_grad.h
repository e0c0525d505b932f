#pragma once
// <torch/nn/utils/clip_grad.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/utils/clip_grad.h>: gradient clipping (nn::utils::clip_grad_norm_, clip_grad_value_) is not in xgrad"
#include "(xgrad stops the compilation here)"
