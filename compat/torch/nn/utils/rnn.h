#pragma once
// <torch/nn/utils/rnn.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/utils/rnn.h>: packed sequences (nn::utils::rnn::pack_padded_sequence, ...) is not in xgrad"
#include "(xgrad stops the compilation here)"
