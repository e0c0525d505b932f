#pragma once
// <torch/data/dataloader/stateful.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/dataloader/stateful.h>: stateful data loaders (torch::data::StatefulDataLoader) is not in xgrad"
#include "(xgrad stops the compilation here)"
