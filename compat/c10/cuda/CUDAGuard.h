#pragma once
// <c10/cuda/CUDAGuard.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <c10/cuda/CUDAGuard.h>: CUDA (xgrad computes on the CPU only) is not in xgrad"
#include "(xgrad stops the compilation here)"
