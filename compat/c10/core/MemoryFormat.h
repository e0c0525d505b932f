#pragma once
// <c10/core/MemoryFormat.h> for libtorch programs: xgrad provides it through <torch/torch.h> (written by scripts/compat_headers.py).
#include <torch/torch.h>
