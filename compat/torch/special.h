#pragma once
// <torch/special.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/special.h>: torch::special is not in xgrad"
#include "(xgrad stops the compilation here)"
