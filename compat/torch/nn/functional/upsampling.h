#pragma once
// <torch/nn/functional/upsampling.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/upsampling.h>: upsampling (F::interpolate) is not in xgrad"
#include "(xgrad stops the compilation here)"
