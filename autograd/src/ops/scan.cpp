// Scans: running reductions along one dim, the result in the input's sizes.
//
// Along dim d, with x seen as lines [outer, n, inner] (detail::Lines):
//   cumsum(x, d)_i = sum_{j <= i} x_j        dx_i = sum_{j >= i} g_j = sum(g) - cumsum(g)_i + g_i
//                                            CumsumBackward0
// Integer and bool inputs scan into int64 (a kLong result), as PyTorch; a dtype argument converts
// the input first (one node on self: the engine casts the gradient back). Floating scans accumulate
// in the result's dtype, element after element, as PyTorch's CPU kernel.
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "pointwise.h"

namespace xgrad {
namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;

// The reverse running sum written with differentiable ops, so double backward works.
const Derivative<int64_t> kCumsumBackward0{"CumsumBackward0", [](const BackwardContext& c, const int64_t& dim) {
                                             variable_list grads(1);
                                             if (c.needs(0)) {
                                               const Tensor& g = c.grad();
                                               grads[0] = g.sum(IntArrayRef{dim}, true) - xgrad::cumsum(g, dim) + g;
                                             }
                                             return grads;
                                           }};

ScalarType scan_dtype(const Tensor& self, std::optional<ScalarType> dtype) {
  if (dtype) return *dtype;
  const ScalarType st = self.scalar_type();
  return st == kFloat || st == kDouble ? st : kLong;
}

/// The running sum of `in` (already in its result dtype) along dim, written into out.
void cumsum_kernel(const Tensor& in, int64_t dim, Tensor& out) {
  const Tensor src = in.contiguous();
  const detail::Lines l = detail::lines_along(src.sizes(), dim);
  detail::dispatch_numeric(src.scalar_type(), "cumsum", [&](auto tag) {
    using T = decltype(tag);
    const T* x = src.data_ptr<T>();
    T* y = out.data_ptr<T>();
    for (int64_t o = 0; o < l.outer; ++o)
      for (int64_t j = 0; j < l.inner; ++j) {
        const int64_t base = o * l.size * l.inner + j;
        T acc = T(0);
        for (int64_t i = 0; i < l.size; ++i) {
          acc += x[base + i * l.inner];
          y[base + i * l.inner] = acc;
        }
      }
  });
}

Tensor converted(const Tensor& self, ScalarType dtype) {
  if (dtype == self.scalar_type()) return self;
  NoGradGuard no_grad;
  return self.to(dtype);
}

}  // namespace

Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("cumsum");
  detail::check_defined(self, "cumsum");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "cumsum");
  const Tensor in = converted(self, scan_dtype(self, dtype));
  Tensor out = empty(in.sizes(), in.scalar_type());
  cumsum_kernel(in, self.dim() == 0 ? 0 : d, out);
  record(kCumsumBackward0, {self}, d).output(out);
  return out;
}

Tensor& cumsum_out(Tensor& out, const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::cumsum(self, dim, dtype));
}

Tensor& cumsum_outf(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, Tensor& out) {
  return cumsum_out(out, self, dim, dtype);
}

Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const { return xgrad::cumsum(*this, dim, dtype); }

Tensor& Tensor::cumsum_(int64_t dim, std::optional<ScalarType> dtype) const {
  return copy_(xgrad::cumsum(*this, dim, dtype));
}

}  // namespace xgrad
