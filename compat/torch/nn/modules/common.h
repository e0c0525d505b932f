#pragma once
// <torch/nn/modules/common.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/common.h>: FORWARD_HAS_DEFAULT_ARGS (default arguments of forward in AnyModule) is not in xgrad"
#include "(xgrad stops the compilation here)"
