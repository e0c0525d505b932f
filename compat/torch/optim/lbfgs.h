#pragma once
// <torch/optim/lbfgs.h> (written by scripts/compat_headers.py)
#error "xgrad does not provide <torch/optim/lbfgs.h>: the L-BFGS optimizer (optim::LBFGS) is not in xgrad"
#include "(xgrad stops the compilation here)"
