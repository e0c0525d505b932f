#pragma once
// <ATen/core/ivalue.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <ATen/core/ivalue.h>: TorchScript values (c10::IValue) is not in xgrad"
#include "(xgrad stops the compilation here)"
