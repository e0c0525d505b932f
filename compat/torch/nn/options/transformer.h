#pragma once
// <torch/nn/options/transformer.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/transformer.h>: nn::TransformerOptions is not in xgrad"
#include "(xgrad stops the compilation here)"
