#pragma once
// <c10/core/Layout.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <c10/core/Layout.h>: layouts (torch::Layout) is not in xgrad"
#include "(xgrad stops the compilation here)"
