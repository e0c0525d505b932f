#pragma once
// <torch/nn/utils/convert_parameters.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/utils/convert_parameters.h>: nn::utils::parameters_to_vector and vector_to_parameters is not in xgrad"
#include "(xgrad stops the compilation here)"
