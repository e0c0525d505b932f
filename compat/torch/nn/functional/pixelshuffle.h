#pragma once
// <torch/nn/functional/pixelshuffle.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/pixelshuffle.h>: pixel shuffle (F::pixel_shuffle) is not in xgrad"
#include "(xgrad stops the compilation here)"
