#pragma once
// <torch/data/datasets/shared.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/datasets/shared.h>: shared datasets (torch::data::datasets::SharedBatchDataset) is not in xgrad"
#include "(xgrad stops the compilation here)"
