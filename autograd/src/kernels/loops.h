#pragma once
// Strided elementwise loops over tensors broadcast to one shape.
//
// Every operand is described by a data pointer and byte strides over the iteration shape (0 on a
// broadcast dim). Dims that are contiguous in every operand are merged first, so the common cases
// become one flat inner loop that the compiler vectorises; the inner loop runs per row of the
// remaining dims. No allocation happens per element and no xtensor view is built in the loop.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>

#include "parallel.h"

namespace xgrad {
namespace detail {

/// Elements per thread in the elementwise kernels (libtorch's grain size).
constexpr int64_t kElementwiseGrain = 32768;

/// Blocks of block_size elements per thread, for a loop over blocks (planes, lines): enough that a
/// thread's share pays for starting it.
inline int64_t block_grain(int64_t block_size) {
  return std::max<int64_t>(1, kElementwiseGrain / std::max<int64_t>(block_size, 1));
}

/// NumPy broadcasting of two shapes; the error names the op and both shapes.
std::vector<int64_t> broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op);

/// NumPy's rule one way: `from` can be broadcast to exactly `to`.
bool broadcastable_to(IntArrayRef from, IntArrayRef to);

/// Row-major element strides of a fresh tensor of these sizes: [2, 3, 4] -> [12, 4, 1].
std::vector<int64_t> contiguous_strides(IntArrayRef sizes);

/// dst = src broadcast to dst's sizes and cast to dst's dtype; dst may have any strides, and
/// overlapping memory is read before it is written. The one copy kernel (ops/shape.cpp).
void copy_into(const Tensor& dst, const Tensor& src);

/// A fresh contiguous copy of `t` cast to `dtype`, not recorded by autograd.
Tensor copy_as(const Tensor& t, ScalarType dtype);

/// `t` as a dtype-`dtype` operand of an op's forward kernel: `t` itself, or a cast copy. The cast
/// is part of that op, so it is not recorded as a node of its own (the op's node links to `t`).
Tensor as_compute(const Tensor& t, ScalarType dtype);

/// The same, contiguous too, for kernels that walk a flat buffer.
Tensor as_dense(const Tensor& t, ScalarType dtype);

/// In-place writes must not go through a tensor whose elements share memory (a stride-0 dim of
/// size > 1, as expand makes): which of the writes wins would be arbitrary.
void check_no_internal_overlap(const Tensor& self, const char* op);

/// Element strides of `t` iterated over `sizes` (which `t` broadcasts to): 0 on broadcast dims.
std::vector<int64_t> broadcast_strides(const Tensor& t, IntArrayRef sizes);

/// A contiguous tensor of `sizes` seen as [outer, size, inner] around `dim` (already wrapped): the
/// product of the sizes before dim, dim's size, the product after it. Used by the ops that work
/// along one dim (softmax, max/min along a dim).
struct Lines {
  int64_t outer = 1, size = 1, inner = 1;
};
inline Lines lines_along(IntArrayRef sizes, int64_t dim) {
  Lines l;
  for (int64_t d = 0; d < static_cast<int64_t>(sizes.size()); ++d) {
    if (d < dim) l.outer *= sizes[d];
    else if (d == dim) l.size = sizes[d];
    else l.inner *= sizes[d];
  }
  return l;
}

template <size_t N>
struct LoopOperands {
  std::array<char*, N> data;
  std::array<std::vector<int64_t>, N> byte_strides;  // one per iteration dim
};

/// Calls inner(ptrs, inner_byte_strides, n) once per row of the (dim-merged) iteration space; with
/// `parallel`, the elements are split over the threads (kernels/parallel.h) in contiguous ranges,
/// a row cut between two threads reaching `inner` in two pieces, so `inner` must be a pure map.
template <size_t N, typename Inner>
void for_each_row(std::vector<int64_t> sizes, LoopOperands<N> ops, Inner&& inner, bool parallel = false) {
  // Drop size-1 dims, then merge dim d into d+1 where every operand is contiguous across them.
  std::vector<int64_t> sz;
  std::array<std::vector<int64_t>, N> st;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (sizes[d] == 1) continue;
    if (sizes[d] == 0) return;
    sz.push_back(sizes[d]);
    for (size_t k = 0; k < N; ++k) st[k].push_back(ops.byte_strides[k][d]);
  }
  for (size_t d = sz.size(); d-- > 1;) {
    bool mergeable = true;
    for (size_t k = 0; k < N; ++k) mergeable = mergeable && st[k][d - 1] == st[k][d] * sz[d];
    if (!mergeable) continue;
    sz[d - 1] *= sz[d];
    sz.erase(sz.begin() + static_cast<std::ptrdiff_t>(d));
    for (size_t k = 0; k < N; ++k) {
      st[k][d - 1] = st[k][d];
      st[k].erase(st[k].begin() + static_cast<std::ptrdiff_t>(d));
    }
  }
  std::array<int64_t, N> inner_strides{};
  if (sz.empty()) {  // a single element
    inner(ops.data, inner_strides, int64_t{1});
    return;
  }
  const size_t nd = sz.size();
  for (size_t k = 0; k < N; ++k) inner_strides[k] = st[k][nd - 1];
  const int64_t n_inner = sz[nd - 1];
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < nd; ++d) rows *= sz[d];
  // Elements [first, last) of the rows x n_inner iteration space.
  const auto run = [&](int64_t first, int64_t last) {
    int64_t col = first % n_inner;
    // The outer counter (dims 0..nd-2) of the first row, and the operands' pointers there.
    std::vector<int64_t> counter(nd, 0);
    std::array<char*, N> ptrs = ops.data;
    int64_t r = first / n_inner;
    for (size_t d = nd - 1; d-- > 0;) {
      counter[d] = r % sz[d];
      r /= sz[d];
      for (size_t k = 0; k < N; ++k) ptrs[k] += counter[d] * st[k][d];
    }
    for (int64_t at = first; at < last; col = 0) {
      const int64_t n = std::min(n_inner - col, last - at);
      std::array<char*, N> piece = ptrs;
      for (size_t k = 0; k < N; ++k) piece[k] += col * inner_strides[k];
      inner(piece, inner_strides, n);
      at += n;
      // Advance the outer counter, carrying like an odometer.
      for (size_t d = nd - 1; at < last && d-- > 0;) {
        if (++counter[d] < sz[d]) {
          for (size_t k = 0; k < N; ++k) ptrs[k] += st[k][d];
          break;
        }
        counter[d] = 0;
        for (size_t k = 0; k < N; ++k) ptrs[k] -= st[k][d] * (sz[d] - 1);
      }
    }
  };
  if (parallel)
    parallel_for(rows * n_inner, kElementwiseGrain, run);
  else
    run(0, rows * n_inner);
}

/// out[i] = f(a[i]) where `out` has `a`'s sizes (or a shape `a` broadcasts to).
template <typename O, typename A, typename F>
void unary_kernel(const Tensor& out, const Tensor& a, F f) {
  const auto sizes = out.sizes().vec();
  LoopOperands<2> ops{{static_cast<char*>(out.data_ptr()), static_cast<char*>(a.data_ptr())}, {}};
  ops.byte_strides[0] = broadcast_strides(out, sizes);
  ops.byte_strides[1] = broadcast_strides(a, sizes);
  for (auto& s : ops.byte_strides[0]) s *= sizeof(O);
  for (auto& s : ops.byte_strides[1]) s *= sizeof(A);
  for_each_row<2>(
      sizes, ops,
      [&](std::array<char*, 2> p, std::array<int64_t, 2> s, int64_t n) {
        O* o = reinterpret_cast<O*>(p[0]);
        const A* x = reinterpret_cast<const A*>(p[1]);
        if (s[0] == sizeof(O) && s[1] == sizeof(A)) {
          for (int64_t i = 0; i < n; ++i) o[i] = f(x[i]);
        } else {
          const int64_t so = s[0] / static_cast<int64_t>(sizeof(O)), sx = s[1] / static_cast<int64_t>(sizeof(A));
          for (int64_t i = 0; i < n; ++i) o[i * so] = f(x[i * sx]);
        }
      },
      true);
}

/// out[i] = f(a[i], b[i]) with a and b broadcast to out's sizes.
template <typename O, typename A, typename B, typename F>
void binary_kernel(const Tensor& out, const Tensor& a, const Tensor& b, F f) {
  const auto sizes = out.sizes().vec();
  LoopOperands<3> ops{{static_cast<char*>(out.data_ptr()), static_cast<char*>(a.data_ptr()),
                       static_cast<char*>(b.data_ptr())}, {}};
  ops.byte_strides[0] = broadcast_strides(out, sizes);
  ops.byte_strides[1] = broadcast_strides(a, sizes);
  ops.byte_strides[2] = broadcast_strides(b, sizes);
  for (auto& s : ops.byte_strides[0]) s *= sizeof(O);
  for (auto& s : ops.byte_strides[1]) s *= sizeof(A);
  for (auto& s : ops.byte_strides[2]) s *= sizeof(B);
  for_each_row<3>(
      sizes, ops,
      [&](std::array<char*, 3> p, std::array<int64_t, 3> s, int64_t n) {
        O* o = reinterpret_cast<O*>(p[0]);
        const A* x = reinterpret_cast<const A*>(p[1]);
        const B* y = reinterpret_cast<const B*>(p[2]);
        if (s[0] == sizeof(O) && s[1] == sizeof(A) && s[2] == sizeof(B)) {
          for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
        } else if (s[0] == sizeof(O) && s[1] == sizeof(A) && s[2] == 0) {  // tensor op broadcast row
          const B yv = *y;
          for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], yv);
        } else if (s[0] == sizeof(O) && s[1] == 0 && s[2] == sizeof(B)) {
          const A xv = *x;
          for (int64_t i = 0; i < n; ++i) o[i] = f(xv, y[i]);
        } else {
          const int64_t so = s[0] / static_cast<int64_t>(sizeof(O)), sx = s[1] / static_cast<int64_t>(sizeof(A)),
                        sy = s[2] / static_cast<int64_t>(sizeof(B));
          for (int64_t i = 0; i < n; ++i) o[i * so] = f(x[i * sx], y[i * sy]);
        }
      },
      true);
}

/// term(0) + ... + term(n - 1) in double. One running sum is a chain of dependent additions that
/// neither vectorises nor pipelines; K independent partial sums, updated by a fixed-length inner
/// loop, are vectorised by the compiler.
template <typename Term>
double sum_in_double(int64_t n, Term term) {
  constexpr int64_t K = 8;
  double acc[K] = {};
  int64_t i = 0;
  for (; i + K <= n; i += K)
    for (int64_t k = 0; k < K; ++k) acc[k] += static_cast<double>(term(i + k));
  double s = 0;
  for (int64_t k = 0; k < K; ++k) s += acc[k];
  for (; i < n; ++i) s += static_cast<double>(term(i));
  return s;
}

}  // namespace detail
}  // namespace xgrad
