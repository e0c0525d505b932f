#pragma once
// The optimizers' fused updates (autograd/src/ops/optim_update.cpp): kernels for optim/, not
// user API.
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {

/// SGD's update of every parameter in one pass over its memory, the elements of all the parameters
/// split over the threads together (optim::SGD's step; PyTorch 2 has its own _fused_sgd_). Per element,
/// in the parameters' dtype, PyTorch 1.13's _single_tensor_sgd operations in their order, each rounded,
/// so that the result is the op-by-op one (the buffer only when momentum is not 0):
///   d = grad (+ weight_decay param);  buf = first_step ? d : buf momentum + (1 - dampening) d;
///   d = nesterov ? d + momentum buf : buf;  param += -lr d
/// params, grads and momentum_buffers (none when momentum is 0) are contiguous tensors of one floating
/// dtype, each grad and buffer of its param's shape; first_step[i] says param i's buffer is new. Runs
/// under NoGradGuard (the update is not recorded).
void _fused_sgd_(TensorList params, TensorList grads, TensorList momentum_buffers, const std::vector<bool>& first_step,
                 double weight_decay, double momentum, double lr, double dampening, bool nesterov);

}  // namespace xgrad
