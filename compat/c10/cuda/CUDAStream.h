#pragma once
// <c10/cuda/CUDAStream.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <c10/cuda/CUDAStream.h>: CUDA (xgrad computes on the CPU only) is not in xgrad"
#include "(xgrad stops the compilation here)"
