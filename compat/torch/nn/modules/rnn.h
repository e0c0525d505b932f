#pragma once
// <torch/nn/modules/rnn.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/nn/modules/rnn.h>: recurrent modules (nn::RNN, nn::LSTM, nn::GRU) is not in xgrad"
#include "(xgrad stops the compilation here)"
