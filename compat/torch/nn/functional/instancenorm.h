#pragma once
// <torch/nn/functional/instancenorm.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/instancenorm.h>: instance normalization (F::instance_norm) is not in xgrad"
#include "(xgrad stops the compilation here)"
