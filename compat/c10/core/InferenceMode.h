#pragma once
// <c10/core/InferenceMode.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <c10/core/InferenceMode.h>: inference mode (c10::InferenceMode) is not in xgrad"
#include "(xgrad stops the compilation here)"
