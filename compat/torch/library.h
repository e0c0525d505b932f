#pragma once
// <torch/library.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/library.h>: custom operator registration (TORCH_LIBRARY) is not in xgrad"
#include "(xgrad stops the compilation here)"
