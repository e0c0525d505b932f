#pragma once
// <torch/nn/modules/transformerlayer.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/transformerlayer.h>: nn::TransformerEncoderLayer and nn::TransformerDecoderLayer is not in xgrad"
#include "(xgrad stops the compilation here)"
