#pragma once
// <torch/nn/modules/upsampling.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/upsampling.h>: nn::Upsample is not in xgrad"
#include "(xgrad stops the compilation here)"
