#pragma once
// <torch/nn/modules/container/parameterlist.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/container/parameterlist.h>: nn::ParameterList is not in xgrad"
#include "(xgrad stops the compilation here)"
