#pragma once
// <torch/nn/modules/padding.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/padding.h>: padding modules (nn::ReflectionPad2d, nn::ZeroPad2d, ...) is not in xgrad"
#include "(xgrad stops the compilation here)"
