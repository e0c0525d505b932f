#pragma once
// <torch/nn/options/padding.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/padding.h>: padding options (nn::functional::PadFuncOptions, ...) is not in xgrad"
#include "(xgrad stops the compilation here)"
