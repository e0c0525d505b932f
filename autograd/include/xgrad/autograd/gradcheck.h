#pragma once
// gradcheck: autograd's gradients against central differences, as torch.autograd.gradcheck.
#include <functional>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {
namespace autograd {

/// Checks the gradients autograd computes for `fn` at `inputs` against central differences
/// (f(x + eps) - f(x - eps)) / 2 eps, in float64: the full Jacobian (one upstream one-hot row per
/// output element, through autograd::grad) and one random upstream gradient (through backward).
/// Floating inputs are copied to float64; those that require grad are checked. Passes when
/// |analytical - numerical| <= atol + rtol * |numerical| everywhere. On a mismatch it throws
/// xgrad::Error naming the output, the input, the element and both values (or returns false when
/// raise_exception is false).
bool gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& fn, const std::vector<Tensor>& inputs,
               double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true);
/// The same for a function with several outputs (non-floating outputs are ignored).
bool gradcheck(const std::function<std::vector<Tensor>(const std::vector<Tensor>&)>& fn,
               const std::vector<Tensor>& inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3,
               bool raise_exception = true);

}  // namespace autograd
}  // namespace xgrad
