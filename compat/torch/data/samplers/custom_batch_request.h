#pragma once
// <torch/data/samplers/custom_batch_request.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/data/samplers/custom_batch_request.h>: custom batch requests (torch::data::samplers::CustomBatchRequest) is not in xgrad"
#include "(xgrad stops the compilation here)"
