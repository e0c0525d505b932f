#pragma once
// <torch/data/worker_exception.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/worker_exception.h>: torch::data::WorkerException is not in xgrad"
#include "(xgrad stops the compilation here)"
