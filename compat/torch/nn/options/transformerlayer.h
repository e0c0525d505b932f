#pragma once
// <torch/nn/options/transformerlayer.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/transformerlayer.h>: transformer layer options is not in xgrad"
#include "(xgrad stops the compilation here)"
