#pragma once
// <c10/core/InferenceMode.h> for libtorch programs: xgrad provides it through <torch/torch.h> (written by scripts/compat_headers.py).
#include <torch/torch.h>
