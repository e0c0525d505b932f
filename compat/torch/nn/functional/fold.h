#pragma once
// <torch/nn/functional/fold.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/fold.h>: fold and unfold (F::fold, F::unfold) is not in xgrad"
#include "(xgrad stops the compilation here)"
