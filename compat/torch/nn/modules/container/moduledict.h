#pragma once
// <torch/nn/modules/container/moduledict.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/container/moduledict.h>: nn::ModuleDict is not in xgrad"
#include "(xgrad stops the compilation here)"
