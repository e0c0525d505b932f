#pragma once
// <torch/script.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/script.h>: TorchScript (torch::jit::load and scripted modules) is not in xgrad"
#include "(xgrad stops the compilation here)"
