#pragma once
// <torch/nn/options/distance.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/distance.h>: distance options (nn::CosineSimilarityOptions, nn::PairwiseDistanceOptions) is not in xgrad"
#include "(xgrad stops the compilation here)"
