#pragma once
// <torch/nn/modules/pixelshuffle.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/pixelshuffle.h>: nn::PixelShuffle and nn::PixelUnshuffle is not in xgrad"
#include "(xgrad stops the compilation here)"
