#pragma once
// <torch/nn/modules/transformer.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/transformer.h>: nn::Transformer is not in xgrad"
#include "(xgrad stops the compilation here)"
