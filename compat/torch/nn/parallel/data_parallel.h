#pragma once
// <torch/nn/parallel/data_parallel.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/parallel/data_parallel.h>: nn::parallel::data_parallel (multi-device replication) is not in xgrad"
#include "(xgrad stops the compilation here)"
