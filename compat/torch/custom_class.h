#pragma once
// <torch/custom_class.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/custom_class.h>: TorchScript custom classes is not in xgrad"
#include "(xgrad stops the compilation here)"
