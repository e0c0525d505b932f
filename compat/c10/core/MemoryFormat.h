#pragma once
// <c10/core/MemoryFormat.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <c10/core/MemoryFormat.h>: memory formats (torch::MemoryFormat) is not in xgrad"
#include "(xgrad stops the compilation here)"
