#pragma once
// <ATen/TensorIndexing.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <ATen/TensorIndexing.h>: the indexing API (torch::indexing) is not in xgrad"
#include "(xgrad stops the compilation here)"
