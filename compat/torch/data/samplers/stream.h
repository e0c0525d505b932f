#pragma once
// <torch/data/samplers/stream.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/samplers/stream.h>: stream samplers (torch::data::samplers::StreamSampler) is not in xgrad"
#include "(xgrad stops the compilation here)"
