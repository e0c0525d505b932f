#pragma once
// <torch/nn/options/fold.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/fold.h>: nn::FoldOptions and nn::UnfoldOptions is not in xgrad"
#include "(xgrad stops the compilation here)"
