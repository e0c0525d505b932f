#pragma once
// <torch/sparse.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/sparse.h>: sparse tensors is not in xgrad"
#include "(xgrad stops the compilation here)"
