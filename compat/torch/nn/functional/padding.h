#pragma once
// <torch/nn/functional/padding.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/padding.h>: padding (F::pad) is not in xgrad"
#include "(xgrad stops the compilation here)"
