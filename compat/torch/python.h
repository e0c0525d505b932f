#pragma once
// <torch/python.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/python.h>: Python bindings is not in xgrad"
#include "(xgrad stops the compilation here)"
