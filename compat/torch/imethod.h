#pragma once
// <torch/imethod.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/imethod.h>: torch::deploy / TorchScript methods is not in xgrad"
#include "(xgrad stops the compilation here)"
