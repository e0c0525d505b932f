#pragma once
// <torch/data/datasets/chunk.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/datasets/chunk.h>: chunk datasets (torch::data::datasets::ChunkDataset) is not in xgrad"
#include "(xgrad stops the compilation here)"
