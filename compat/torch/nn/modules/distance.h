#pragma once
// <torch/nn/modules/distance.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/distance.h>: distance modules (nn::CosineSimilarity, nn::PairwiseDistance) is not in xgrad"
#include "(xgrad stops the compilation here)"
