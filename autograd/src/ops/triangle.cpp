// Triangles, diagonals and the scatters that write a view's part of a copy.
//
// Matrices are the last two dims (rows i, columns j); a diagonal `offset` k holds the elements
// (i, i + k): k > 0 above the main diagonal, k < 0 below. Forward y, input x, upstream gradient g:
//   tril(k), triu(k)               y = x where j - i <= k (tril) / >= k (triu), else 0
//                                                               dx = tril(g, k) / triu(g, k)
//   diagonal(k, d1, d2) (a view)   y[.., t] = x[.., t + max(-k, 0) at d1, .., t + max(k, 0) at d2, ..],
//                                  d1 and d2 removed, the diagonal last
//                                                               dx = zeros with g on that diagonal
//   diag_embed(k, d1, d2)          zeros of two new dims d1, d2 (size n + |k|) with x's last dim on
//                                  their diagonal k            dx = g.diagonal(k, d1, d2)
//   diag(k)                        1-D x: diag_embed(x, k); 2-D x: x.diagonal(k) copied
//   diagflat(k)                    diag of x flattened
//   diagonal / select / slice / as_strided _scatter(x, src, ...)
//                                  y = x copied, with src written into the part that the view picks
//                                                               dx = g with that part zeroed,
//                                                               dsrc = that part of g
//   tril_indices / triu_indices    the [2, n] coordinates (row-major) of a triangle; no gradient
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "views.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;

// ---- tril / triu ----

/// A copy of self with the elements outside the triangle zeroed: j - i <= k kept for the lower
/// triangle, j - i >= k for the upper.
Tensor triangle(const Tensor& self, int64_t k, bool lower, const char* op) {
  detail::wrap_dim(-2, self.dim(), op);  // at least 2 dims: libtorch's check and text
  Tensor out = detail::copy_as(self, self.scalar_type());
  const int64_t rows = self.sizes()[static_cast<size_t>(self.dim() - 2)];
  const int64_t cols = self.sizes()[static_cast<size_t>(self.dim() - 1)];
  const int64_t batches = rows * cols == 0 ? 0 : self.numel() / (rows * cols);
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* p = static_cast<T*>(out.data_ptr());
    for (int64_t b = 0; b < batches; ++b)
      for (int64_t i = 0; i < rows; ++i, p += cols)
        for (int64_t j = 0; j < cols; ++j)
          if (lower ? j - i > k : j - i < k) p[j] = T(0);
  });
  return out;
}

// y = tril(x, k):  dx = tril(g, k)
const Derivative<int64_t> kTrilBackward0{
    "TrilBackward0", [](const BackwardContext& c, const int64_t& k) { return variable_list{c.grad().tril(k)}; }};
// y = triu(x, k):  dx = triu(g, k)
const Derivative<int64_t> kTriuBackward0{
    "TriuBackward0", [](const BackwardContext& c, const int64_t& k) { return variable_list{c.grad().triu(k)}; }};

/// self := triangle(self), in place.
Tensor& triangle_(const Tensor& self, int64_t k, bool lower, const char* op) {
  autograd::check_inplace(self, {}, op);
  const Tensor values = triangle(self, k, lower, op);
  detail::copy_into(self, values);
  // The backward saves nothing, so recording after the write is fine (as copy_).
  return record(lower ? kTrilBackward0 : kTriuBackward0, {self}, k).finish_inplace(self);
}

/// The (row, col) pairs of a triangle of a row x col matrix, row-major, as a [2, n] tensor.
Tensor triangle_indices(int64_t row, int64_t col, int64_t offset, const TensorOptions& options, bool lower,
                        const char* op) {
  XGRAD_CHECK(row >= 0, "{}: row must be non-negative, got{}", op, row);
  XGRAD_CHECK(col >= 0, "{}: col must be non-negative, got{}", op, col);
  std::vector<int64_t> rows, cols;
  for (int64_t i = 0; i < row; ++i) {
    const int64_t first = lower ? 0 : std::clamp<int64_t>(i + offset, 0, col);
    const int64_t last = lower ? std::clamp<int64_t>(i + offset + 1, 0, col) : col;
    for (int64_t j = first; j < last; ++j) {
      rows.push_back(i);
      cols.push_back(j);
    }
  }
  const int64_t n = static_cast<int64_t>(rows.size());
  Tensor out = empty({2, n}, kLong);
  std::copy(rows.begin(), rows.end(), out.data_ptr<int64_t>());
  std::copy(cols.begin(), cols.end(), out.data_ptr<int64_t>() + n);
  return options.has_dtype() ? out.to(options.dtype()) : out;
}

// ---- diagonals ----

struct DiagonalArgs {
  int64_t offset, dim1, dim2;
};

/// The diagonal view without recording; dim1 and dim2 wrapped and distinct.
Tensor diagonal_view(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides().vec();
  const size_t a = static_cast<size_t>(dim1), b = static_cast<size_t>(dim2);
  const int64_t n = offset >= 0 ? std::max<int64_t>(std::min(sizes[a], sizes[b] - offset), 0)
                                : std::max<int64_t>(std::min(sizes[a] + offset, sizes[b]), 0);
  int64_t storage_offset = self.storage_offset();
  if (n > 0) storage_offset += offset >= 0 ? offset * strides[b] : -offset * strides[a];
  const int64_t stride = strides[a] + strides[b];
  for (size_t d : {std::max(a, b), std::min(a, b)}) {
    sizes.erase(sizes.begin() + static_cast<std::ptrdiff_t>(d));
    strides.erase(strides.begin() + static_cast<std::ptrdiff_t>(d));
  }
  sizes.push_back(n);
  strides.push_back(stride);
  Tensor out = detail::strided_alias(self, std::move(sizes), std::move(strides), storage_offset);
  out.impl()->set_is_view(true);
  return out;
}

DiagonalArgs wrap_diagonal(int64_t ndim, int64_t offset, int64_t dim1, int64_t dim2, const char* op) {
  const int64_t d1 = detail::wrap_dim(dim1, ndim, op), d2 = detail::wrap_dim(dim2, ndim, op);
  XGRAD_CHECK(d1 != d2, "{}: diagonal dimensions cannot be identical {}, {}", op, dim1, dim2);
  return {offset, d1, d2};
}

// y = x.diagonal(k, d1, d2):  dx = zeros(x.sizes) with g on that diagonal
const Derivative<DiagonalArgs> kDiagonalBackward0{
    "DiagonalBackward0", [](const BackwardContext& c, const DiagonalArgs& s) {
      Tensor dx = zeros(c.input(0).sizes, c.grad().scalar_type());
      detail::copy_into(diagonal_view(dx, s.offset, s.dim1, s.dim2), c.grad());
      return variable_list{dx};
    }};

// y = diag_embed(x, k, d1, d2):  dx = g.diagonal(k, d1, d2)
const Derivative<DiagonalArgs> kDiagEmbedBackward0{
    "DiagEmbedBackward0", [](const BackwardContext& c, const DiagonalArgs& s) {
      return variable_list{c.grad().diagonal(s.offset, s.dim1, s.dim2)};
    }};

// y = diag(x, k):  1-D x: dx = g.diagonal(k);  2-D x: dx = zeros with g on diagonal k
const Derivative<int64_t> kDiagBackward0{"DiagBackward0", [](const BackwardContext& c, const int64_t& k) {
  if (c.input(0).sizes.size() == 1) return variable_list{c.grad().diagonal(k)};
  Tensor dx = zeros(c.input(0).sizes, c.grad().scalar_type());
  detail::copy_into(diagonal_view(dx, k, 0, 1), c.grad());
  return variable_list{dx};
}};

// ---- scatters ----

/// y = self copied with src written into pick(y); pick is a view (recording nothing).
template <typename Pick>
Tensor scatter_copy(const Tensor& self, const Tensor& src, Pick&& pick, const char* op) {
  Tensor out = detail::copy_as(self, self.scalar_type());
  NoGradGuard no_grad;
  const Tensor part = pick(out);
  XGRAD_CHECK(src.sizes() == part.sizes(),
              "{}: expected src to have a size equal to the slice of self. src size = {}, slice size = {}", op,
              detail::shape_str(src.sizes()), detail::shape_str(part.sizes()));
  detail::copy_into(part, src);
  return out;
}

/// dself = g with pick(g)'s part zeroed, dsrc = pick(g).
template <typename Pick>
variable_list scatter_backward(const BackwardContext& c, Pick&& pick) {
  variable_list out(2);
  if (c.needs(0)) {
    NoGradGuard no_grad;
    out[0] = c.grad().clone();
    pick(out[0]).zero_();
  }
  if (c.needs(1)) out[1] = pick(c.grad());
  return out;
}

const Derivative<DiagonalArgs> kDiagonalScatterBackward0{
    "DiagonalScatterBackward0", [](const BackwardContext& c, const DiagonalArgs& s) {
      return scatter_backward(c, [&](const Tensor& t) { return t.diagonal(s.offset, s.dim1, s.dim2); });
    }};

struct SelectScatterArgs {
  int64_t dim, index;
};
const Derivative<SelectScatterArgs> kSelectScatterBackward0{
    "SelectScatterBackward0", [](const BackwardContext& c, const SelectScatterArgs& s) {
      return scatter_backward(c, [&](const Tensor& t) { return t.select(s.dim, s.index); });
    }};

struct SliceScatterArgs {
  int64_t dim;
  std::optional<int64_t> start, end;
  int64_t step;
};
const Derivative<SliceScatterArgs> kSliceScatterBackward0{
    "SliceScatterBackward0", [](const BackwardContext& c, const SliceScatterArgs& s) {
      return scatter_backward(c, [&](const Tensor& t) { return t.slice(s.dim, s.start, s.end, s.step); });
    }};

struct AsStridedScatterArgs {
  std::vector<int64_t> size, stride;
  std::optional<int64_t> storage_offset;
};
const Derivative<AsStridedScatterArgs> kAsStridedScatterBackward0{
    "AsStridedScatterBackward0", [](const BackwardContext& c, const AsStridedScatterArgs& s) {
      // g is read as a contiguous tensor, the layout the forward wrote into.
      return scatter_backward(c, [&](const Tensor& t) {
        return t.contiguous().as_strided(s.size, s.stride, s.storage_offset);
      });
    }};

}  // namespace

Tensor tril(const Tensor& self, int64_t diagonal) {
  XGRAD_PROFILE_OP("tril");
  Tensor out = triangle(self, diagonal, true, "tril");
  record(kTrilBackward0, {self}, diagonal).output(out);
  return out;
}
Tensor triu(const Tensor& self, int64_t diagonal) {
  XGRAD_PROFILE_OP("triu");
  Tensor out = triangle(self, diagonal, false, "triu");
  record(kTriuBackward0, {self}, diagonal).output(out);
  return out;
}
Tensor Tensor::tril(int64_t diagonal) const { return xgrad::tril(*this, diagonal); }
Tensor Tensor::triu(int64_t diagonal) const { return xgrad::triu(*this, diagonal); }
Tensor& Tensor::tril_(int64_t diagonal) const { return triangle_(*this, diagonal, true, "tril_"); }
Tensor& Tensor::triu_(int64_t diagonal) const { return triangle_(*this, diagonal, false, "triu_"); }
Tensor& tril_out(Tensor& out, const Tensor& self, int64_t diagonal) {
  return detail::write_out(out, tril(self, diagonal));
}
Tensor& tril_outf(const Tensor& self, int64_t diagonal, Tensor& out) { return tril_out(out, self, diagonal); }
Tensor& triu_out(Tensor& out, const Tensor& self, int64_t diagonal) {
  return detail::write_out(out, triu(self, diagonal));
}
Tensor& triu_outf(const Tensor& self, int64_t diagonal, Tensor& out) { return triu_out(out, self, diagonal); }

Tensor tril_indices(int64_t row, int64_t col, int64_t offset, const TensorOptions& options) {
  return triangle_indices(row, col, offset, options, true, "tril_indices");
}
Tensor triu_indices(int64_t row, int64_t col, int64_t offset, const TensorOptions& options) {
  return triangle_indices(row, col, offset, options, false, "triu_indices");
}
Tensor& tril_indices_out(Tensor& out, int64_t row, int64_t col, int64_t offset) {
  return detail::write_out(out, tril_indices(row, col, offset));
}
Tensor& tril_indices_outf(int64_t row, int64_t col, int64_t offset, Tensor& out) {
  return tril_indices_out(out, row, col, offset);
}
Tensor& triu_indices_out(Tensor& out, int64_t row, int64_t col, int64_t offset) {
  return detail::write_out(out, triu_indices(row, col, offset));
}
Tensor& triu_indices_outf(int64_t row, int64_t col, int64_t offset, Tensor& out) {
  return triu_indices_out(out, row, col, offset);
}

Tensor diagonal(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  XGRAD_PROFILE_OP("diagonal");
  const DiagonalArgs s = wrap_diagonal(self.dim(), offset, dim1, dim2, "diagonal");
  Tensor out = diagonal_view(self, s.offset, s.dim1, s.dim2);
  record(kDiagonalBackward0, {self}, s).output(out);
  return out;
}
Tensor Tensor::diagonal(int64_t offset, int64_t dim1, int64_t dim2) const {
  return xgrad::diagonal(*this, offset, dim1, dim2);
}

Tensor diag_embed(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  XGRAD_PROFILE_OP("diag_embed");
  const DiagonalArgs s = wrap_diagonal(self.dim() + 1, offset, dim1, dim2, "diag_embed");
  const int64_t n = (self.dim() == 0 ? 1 : self.sizes().back()) + std::abs(offset);
  std::vector<int64_t> sizes = self.sizes().vec();
  if (!sizes.empty()) sizes.pop_back();
  sizes.insert(sizes.begin() + std::min(s.dim1, s.dim2), n);
  sizes.insert(sizes.begin() + std::max(s.dim1, s.dim2), n);
  Tensor out = zeros(sizes, self.scalar_type());
  detail::copy_into(diagonal_view(out, s.offset, s.dim1, s.dim2), self);
  record(kDiagEmbedBackward0, {self}, s).output(out);
  return out;
}
Tensor Tensor::diag_embed(int64_t offset, int64_t dim1, int64_t dim2) const {
  return xgrad::diag_embed(*this, offset, dim1, dim2);
}
Tensor& diag_embed_out(Tensor& out, const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  return detail::write_out(out, diag_embed(self, offset, dim1, dim2));
}
Tensor& diag_embed_outf(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2, Tensor& out) {
  return diag_embed_out(out, self, offset, dim1, dim2);
}

Tensor diag(const Tensor& self, int64_t diagonal) {
  XGRAD_PROFILE_OP("diag");
  XGRAD_CHECK(self.dim() == 1 || self.dim() == 2, "diag: matrix or a vector expected");
  Tensor out;
  if (self.dim() == 1) {
    const int64_t n = self.numel() + std::abs(diagonal);
    out = zeros({n, n}, self.scalar_type());
    detail::copy_into(diagonal_view(out, diagonal, 0, 1), self);
  } else {
    out = detail::copy_as(diagonal_view(self, diagonal, 0, 1), self.scalar_type());
  }
  record(kDiagBackward0, {self}, diagonal).output(out);
  return out;
}
Tensor Tensor::diag(int64_t diagonal) const { return xgrad::diag(*this, diagonal); }
Tensor& diag_out(Tensor& out, const Tensor& self, int64_t diagonal) {
  return detail::write_out(out, diag(self, diagonal));
}
Tensor& diag_outf(const Tensor& self, int64_t diagonal, Tensor& out) { return diag_out(out, self, diagonal); }

Tensor diagflat(const Tensor& self, int64_t offset) { return diag(self.contiguous().view({-1}), offset); }
Tensor Tensor::diagflat(int64_t offset) const { return xgrad::diagflat(*this, offset); }

Tensor diagonal_scatter(const Tensor& self, const Tensor& src, int64_t offset, int64_t dim1, int64_t dim2) {
  XGRAD_PROFILE_OP("diagonal_scatter");
  const DiagonalArgs s = wrap_diagonal(self.dim(), offset, dim1, dim2, "diagonal_scatter");
  Tensor out = scatter_copy(
      self, src, [&](const Tensor& t) { return diagonal_view(t, s.offset, s.dim1, s.dim2); }, "diagonal_scatter");
  record(kDiagonalScatterBackward0, {self, src}, s).output(out);
  return out;
}
Tensor Tensor::diagonal_scatter(const Tensor& src, int64_t offset, int64_t dim1, int64_t dim2) const {
  return xgrad::diagonal_scatter(*this, src, offset, dim1, dim2);
}
Tensor& diagonal_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, int64_t offset, int64_t dim1,
                             int64_t dim2) {
  return detail::write_out(out, diagonal_scatter(self, src, offset, dim1, dim2));
}
Tensor& diagonal_scatter_outf(const Tensor& self, const Tensor& src, int64_t offset, int64_t dim1, int64_t dim2,
                              Tensor& out) {
  return diagonal_scatter_out(out, self, src, offset, dim1, dim2);
}

Tensor select_scatter(const Tensor& self, const Tensor& src, int64_t dim, int64_t index) {
  XGRAD_PROFILE_OP("select_scatter");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "select_scatter");
  const int64_t size = self.dim() == 0 ? 1 : self.sizes()[static_cast<size_t>(d)];
  const int64_t i = index < 0 ? index + size : index;
  Tensor out = scatter_copy(self, src, [&](const Tensor& t) { return t.select(d, i); }, "select_scatter");
  record(kSelectScatterBackward0, {self, src}, SelectScatterArgs{d, i}).output(out);
  return out;
}
Tensor Tensor::select_scatter(const Tensor& src, int64_t dim, int64_t index) const {
  return xgrad::select_scatter(*this, src, dim, index);
}
Tensor& select_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, int64_t dim, int64_t index) {
  return detail::write_out(out, select_scatter(self, src, dim, index));
}
Tensor& select_scatter_outf(const Tensor& self, const Tensor& src, int64_t dim, int64_t index, Tensor& out) {
  return select_scatter_out(out, self, src, dim, index);
}

Tensor slice_scatter(const Tensor& self, const Tensor& src, int64_t dim, std::optional<int64_t> start,
                     std::optional<int64_t> end, int64_t step) {
  XGRAD_PROFILE_OP("slice_scatter");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "slice_scatter");
  Tensor out = scatter_copy(
      self, src, [&](const Tensor& t) { return t.slice(d, start, end, step); }, "slice_scatter");
  record(kSliceScatterBackward0, {self, src}, SliceScatterArgs{d, start, end, step}).output(out);
  return out;
}
Tensor Tensor::slice_scatter(const Tensor& src, int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end,
                             int64_t step) const {
  return xgrad::slice_scatter(*this, src, dim, start, end, step);
}
Tensor& slice_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, int64_t dim,
                          std::optional<int64_t> start, std::optional<int64_t> end, int64_t step) {
  return detail::write_out(out, slice_scatter(self, src, dim, start, end, step));
}
Tensor& slice_scatter_outf(const Tensor& self, const Tensor& src, int64_t dim, std::optional<int64_t> start,
                           std::optional<int64_t> end, int64_t step, Tensor& out) {
  return slice_scatter_out(out, self, src, dim, start, end, step);
}

Tensor as_strided_scatter(const Tensor& self, const Tensor& src, IntArrayRef size, IntArrayRef stride,
                          std::optional<int64_t> storage_offset) {
  XGRAD_PROFILE_OP("as_strided_scatter");
  // The layout applies to self's elements in row-major order, the copy's storage.
  Tensor out = scatter_copy(
      self, src, [&](const Tensor& t) { return t.as_strided(size, stride, storage_offset); }, "as_strided_scatter");
  record(kAsStridedScatterBackward0, {self, src}, AsStridedScatterArgs{size.vec(), stride.vec(), storage_offset})
      .output(out);
  return out;
}
Tensor Tensor::as_strided_scatter(const Tensor& src, IntArrayRef size, IntArrayRef stride,
                                  std::optional<int64_t> storage_offset) const {
  return xgrad::as_strided_scatter(*this, src, size, stride, storage_offset);
}
Tensor& as_strided_scatter_out(Tensor& out, const Tensor& self, const Tensor& src, IntArrayRef size,
                               IntArrayRef stride, std::optional<int64_t> storage_offset) {
  return detail::write_out(out, as_strided_scatter(self, src, size, stride, storage_offset));
}
Tensor& as_strided_scatter_outf(const Tensor& self, const Tensor& src, IntArrayRef size, IntArrayRef stride,
                                std::optional<int64_t> storage_offset, Tensor& out) {
  return as_strided_scatter_out(out, self, src, size, stride, storage_offset);
}

}  // namespace xgrad
