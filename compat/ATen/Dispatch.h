#pragma once
// <ATen/Dispatch.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <ATen/Dispatch.h>: ATen's kernel dispatch macros (AT_DISPATCH_*) is not in xgrad"
#include "(xgrad stops the compilation here)"
