#pragma once
// <torch/nn/options/instancenorm.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/instancenorm.h>: instance normalization options is not in xgrad"
#include "(xgrad stops the compilation here)"
