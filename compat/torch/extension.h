#pragma once
// <torch/extension.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/extension.h>: Python C++ extensions is not in xgrad"
#include "(xgrad stops the compilation here)"
