#pragma once
// <ATen/cuda/CUDAContext.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <ATen/cuda/CUDAContext.h>: CUDA (xgrad computes on the CPU only) is not in xgrad"
#include "(xgrad stops the compilation here)"
