#pragma once
// Helpers shared by the pointwise op families (elementwise.cpp, activation.cpp).
//
// The transcendental functions (exp, log, sqrt, tanh, sigmoid) run through xtensor + xsimd over
// contiguous buffers: on 300 000 floats that measured 5-25x faster than a std:: loop, which GCC
// does not vectorise without -ffast-math. Cheap functions (add, relu, ...) use kernels/loops.h.
#include <array>
#include <cstddef>
#include <vector>

#include <xsimd/memory/xsimd_aligned_allocator.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include <xgrad/functions.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"

namespace xgrad {
namespace detail {

inline void check_defined(const Tensor& t, const char* op) {
  XGRAD_CHECK(t.defined(), "{}: expected a defined tensor but got an undefined one", op);
}

/// The dtype a floating-only function (exp, sigmoid, ...) computes in: integers and bools give
/// the default kFloat, as in PyTorch.
inline ScalarType floating_result(ScalarType t) { return isFloatingType(t) ? t : kFloat; }

/// A scratch buffer for vectorized_map's `out`, 64-byte aligned like Tensor storage.
template <typename T>
using AlignedBuffer = std::vector<T, xsimd::aligned_allocator<T, 64>>;

/// out = f(in) over `n` contiguous elements of type T, with `f` mapping an xtensor expression to
/// an xtensor expression (e.g. `[](const auto& x) { return xt::exp(x); }`). `in` may be `out`.
/// `out` must be 64-byte aligned (Tensor storage or an AlignedBuffer): xtensor computes the
/// elements before the first aligned address with the scalar function (std::exp), whose last bit
/// can differ from xsimd's, so a malloc'd buffer would make the bits depend on heap history.
template <typename T, typename F>
void vectorized_map(T* out, const T* in, size_t n, F f) {
  const std::array<size_t, 1> shape{n};
  auto x = xt::adapt(in, n, xt::no_ownership(), shape);
  auto y = xt::adapt(out, n, xt::no_ownership(), shape);
  xt::noalias(y) = f(x);
}

/// A new tensor f(self) for a floating function (exp, log, sqrt, sigmoid, tanh): integers
/// compute in kFloat, and a strided input is made contiguous first (one copy beats a scalar loop).
template <typename F>
Tensor vectorized_unary(const Tensor& self, const char* op, F f) {
  check_defined(self, op);
  const ScalarType ct = floating_result(self.scalar_type());
  const Tensor x = as_dense(self, ct);
  Tensor out = empty(self.sizes(), ct);
  dispatch_floating(ct, op, [&](auto tag) {
    using T = decltype(tag);
    vectorized_map<T>(out.data_ptr<T>(), x.data_ptr<T>(), static_cast<size_t>(x.numel()), f);
  });
  return out;
}

/// The gradient of a pointwise op whose derivative is a function of one saved tensor v (its input or
/// its output), both forms behind autograd::fused_unless_graphed: fused(g, v) elementwise, one pass in
/// v's dtype with no temporaries, when no graph is built, else graphed(g, v) with tensor ops.
/// fused is a generic lambda (T g, T v) -> T.
template <typename Fused, typename Graphed>
autograd::variable_list pointwise_backward(const autograd::BackwardContext& c, const Tensor& v, Fused fused,
                                           Graphed graphed) {
  return {autograd::fused_unless_graphed(
      c,
      [&] {
        const Tensor g = as_compute(c.grad(), v.scalar_type());
        return dispatch_floating(v.scalar_type(), "backward", [&](auto tag) {
          using T = decltype(tag);
          Tensor out = empty(v.sizes(), v.scalar_type());
          binary_kernel<T, T, T>(out, g, v, [&fused](T a, T b) -> T { return fused(a, b); });
          return out;
        });
      },
      [&] { return graphed(c.grad(), v); })};
}

}  // namespace detail
}  // namespace xgrad
