#pragma once
// <torch/nn/functional/vision.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/vision.h>: grid sampling (F::grid_sample, F::affine_grid) is not in xgrad"
#include "(xgrad stops the compilation here)"
