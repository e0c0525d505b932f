#pragma once
// <ATen/native/TensorIterator.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <ATen/native/TensorIterator.h>: ATen's TensorIterator kernels is not in xgrad"
#include "(xgrad stops the compilation here)"
