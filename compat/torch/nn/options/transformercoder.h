#pragma once
// <torch/nn/options/transformercoder.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/transformercoder.h>: transformer encoder and decoder options is not in xgrad"
#include "(xgrad stops the compilation here)"
