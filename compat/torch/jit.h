#pragma once
// <torch/jit.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/jit.h>: TorchScript (torch::jit) is not in xgrad"
#include "(xgrad stops the compilation here)"
