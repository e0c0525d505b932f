#pragma once
// <torch/linalg.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/linalg.h>: torch::linalg is not in xgrad"
#include "(xgrad stops the compilation here)"
