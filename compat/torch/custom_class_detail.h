#pragma once
// <torch/custom_class_detail.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/custom_class_detail.h>: TorchScript custom classes is not in xgrad"
#include "(xgrad stops the compilation here)"
