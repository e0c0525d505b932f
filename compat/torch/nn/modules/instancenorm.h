#pragma once
// <torch/nn/modules/instancenorm.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/instancenorm.h>: instance normalization modules (nn::InstanceNorm1d/2d/3d) is not in xgrad"
#include "(xgrad stops the compilation here)"
