#pragma once
// <torch/nn/modules/container/parameterdict.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/container/parameterdict.h>: nn::ParameterDict is not in xgrad"
#include "(xgrad stops the compilation here)"
