#pragma once
// <torch/data/datasets/stateful.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/datasets/stateful.h>: stateful datasets (torch::data::datasets::StatefulDataset) is not in xgrad"
#include "(xgrad stops the compilation here)"
