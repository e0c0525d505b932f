#pragma once
// <torch/nn/modules/transformercoder.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/transformercoder.h>: nn::TransformerEncoder and nn::TransformerDecoder is not in xgrad"
#include "(xgrad stops the compilation here)"
