#pragma once
// <c10/util/BFloat16.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <c10/util/BFloat16.h>: the BFloat16 dtype is not in xgrad"
#include "(xgrad stops the compilation here)"
