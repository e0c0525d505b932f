#pragma once
// <torch/nn/options/rnn.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/options/rnn.h>: recurrent module options (nn::LSTMOptions, ...) is not in xgrad"
#include "(xgrad stops the compilation here)"
