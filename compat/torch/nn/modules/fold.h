#pragma once
// <torch/nn/modules/fold.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/fold.h>: nn::Fold and nn::Unfold is not in xgrad"
#include "(xgrad stops the compilation here)"
