#pragma once
// <ATen/core/TensorAccessor.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <ATen/core/TensorAccessor.h>: TensorAccessor (Tensor::accessor) is not in xgrad"
#include "(xgrad stops the compilation here)"
