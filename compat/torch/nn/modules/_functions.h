#pragma once
// <torch/nn/modules/_functions.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/_functions.h>: nn::functions::CrossMapLRN2d is not in xgrad"
#include "(xgrad stops the compilation here)"
