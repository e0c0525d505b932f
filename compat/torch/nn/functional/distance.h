#pragma once
// <torch/nn/functional/distance.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/functional/distance.h>: distance functions (F::cosine_similarity, F::pairwise_distance) is not in xgrad"
#include "(xgrad stops the compilation here)"
