#pragma once
// <torch/nn/options/pixelshuffle.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/pixelshuffle.h>: pixel shuffle options is not in xgrad"
#include "(xgrad stops the compilation here)"
