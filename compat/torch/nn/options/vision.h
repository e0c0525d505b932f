#pragma once
// <torch/nn/options/vision.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/vision.h>: grid sampling options is not in xgrad"
#include "(xgrad stops the compilation here)"
