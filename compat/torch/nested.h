#pragma once
// <torch/nested.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nested.h>: nested tensors is not in xgrad"
#include "(xgrad stops the compilation here)"
