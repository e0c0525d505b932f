#pragma once
// <torch/fft.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/fft.h>: torch::fft (discrete Fourier transforms) is not in xgrad"
#include "(xgrad stops the compilation here)"
