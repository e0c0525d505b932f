// Indexing ops: gather/scatter along a dim, masks, index_* along a dim, take/put on the flattened
// tensor, where, nonzero, and advanced indexing (index, index_put_) with torch::indexing.
//
//   gather(x, d, idx)           y[p] = x[p with p_d = idx[p]]              y has idx's sizes
//   scatter(x, d, idx, src)     y = x; y[p with p_d = idx[p]] = src[p]      (add, multiply, sum, prod,
//                                                                          mean, amax, amin reduce)
//       idx has x's number of dims and idx.size(k) <= x.size(k) (and <= src.size(k)) for k != d.
//   index_add/copy/fill/reduce(x, d, idx, src)   the same with a 1-D idx along d: idx[j] is the
//       position in x of slice j of src (a scatter with idx expanded to src's sizes).
//   masked_fill(x, m, v)        y = m ? v : x (m broadcast to x);  masked_select(x, m): x[m], 1-D
//   masked_scatter(x, m, src)   y = x, and the k-th true position of m takes src.flatten()[k]
//   take(x, idx), put(x, idx, src)   x.flatten()[idx] (negative indices count from the end)
//   where(c, a, b)              y = c ? a : b, all three broadcast
//   index(x, {i0, i1, ...})     advanced indexing: the index tensors broadcast to a shape B; where the
//       indexed dims are adjacent, B replaces them in place, else B comes first (NumPy's rule);
//       bool masks stand for their nonzero() columns.
//
// Forward kernels walk element offsets (so any strides work) and are not recorded; each op records
// its libtorch node, whose formula uses the differentiable ops of this file (double backward works).
// In-place forms compute into a fresh contiguous tensor and copy it into self.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/indexing.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "pointwise.h"

namespace xgrad {

namespace indexing {

Slice::Slice(std::optional<int64_t> start, std::optional<int64_t> stop, std::optional<int64_t> step) {
  step_ = step.value_or(1);
  XGRAD_CHECK(step_ != 0, "slice step cannot be zero");
  start_ = start.value_or(step_ < 0 ? std::numeric_limits<int64_t>::max() : 0);
  stop_ = stop.value_or(step_ < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max());
}

std::ostream& operator<<(std::ostream& stream, const Slice& slice) {
  return stream << slice.start() << ":" << slice.stop() << ":" << slice.step();
}

TensorIndex::TensorIndex(const char* str) : type_(TensorIndexType::Ellipsis) {
  XGRAD_CHECK(std::string_view(str) == "...", "Expected \"...\" to represent an ellipsis index, but got \"{}\"", str);
}

std::ostream& operator<<(std::ostream& stream, const TensorIndex& index) {
  if (index.is_none()) return stream << "None";
  if (index.is_ellipsis()) return stream << "...";
  if (index.is_integer()) return stream << index.integer();
  if (index.is_boolean()) return stream << (index.boolean() ? "true" : "false");
  if (index.is_slice()) return stream << index.slice();
  return stream << index.tensor();
}

}  // namespace indexing

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;
using detail::shape_str;

// ---- kernel helpers ----

/// The element offset of every position of `sizes`, walked row-major, under `strides`.
std::vector<int64_t> walk_offsets(IntArrayRef sizes, IntArrayRef strides) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  std::vector<int64_t> offsets(static_cast<size_t>(n));
  const size_t nd = sizes.size();
  std::vector<int64_t> counter(nd, 0);
  int64_t off = 0;
  for (int64_t i = 0; i < n; ++i) {
    offsets[static_cast<size_t>(i)] = off;
    for (size_t d = nd; d-- > 0;) {
      if (++counter[d] < sizes[d]) {
        off += strides[d];
        break;
      }
      off -= strides[d] * (sizes[d] - 1);
      counter[d] = 0;
    }
  }
  return offsets;
}

/// An index tensor's values in row-major order.
std::vector<int64_t> index_values(const Tensor& index) {
  const Tensor ix = detail::as_dense(index, kLong);
  const int64_t* p = ix.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + ix.numel());
}

/// A fresh contiguous copy of self that a kernel may change (the out-of-place forms' result).
Tensor fresh_copy(const Tensor& self) { return detail::copy_as(self, self.scalar_type()); }

/// The in-place forms: self takes `result`'s values; recorded by the caller.
void write_back(const Tensor& self, const Tensor& result) {
  NoGradGuard guard;
  detail::copy_into(self, result);
}

/// out = result, as libtorch's out= forms (out takes result's sizes when it is empty or matches).
Tensor& assign_out(Tensor& out, const Tensor& result) {
  if (out.numel() == 0 && !out.sizes().equals(result.sizes())) out = empty(result.sizes(), out.scalar_type());
  out.copy_(result);
  return out;
}

enum class Reduce { Assign, Sum, Prod, Mean, Amax, Amin };

Reduce scatter_reduce_kind(std::string_view reduce) {
  if (reduce == "sum") return Reduce::Sum;
  if (reduce == "prod") return Reduce::Prod;
  if (reduce == "mean") return Reduce::Mean;
  if (reduce == "amax") return Reduce::Amax;
  if (reduce == "amin") return Reduce::Amin;
  throw Error("reduce argument must be either sum, prod, mean, amax or amin.");
}

Reduce scatter_string_kind(std::string_view reduce) {
  if (reduce == "add") return Reduce::Sum;
  if (reduce == "multiply") return Reduce::Prod;
  throw Error("reduce argument must be either add or multiply.");
}

/// index's dtype for gather/scatter and its shape against self (and src), as libtorch checks them.
void check_scatter_gather(const char* op, const Tensor& self, int64_t dim, const Tensor& index, const Tensor* src) {
  XGRAD_CHECK(index.scalar_type() == kLong, "{}(): Expected dtype int64 for index", op);
  if (src) XGRAD_CHECK(src->scalar_type() == self.scalar_type(), "{}(): Expected self.dtype to be equal to src.dtype", op);
  const bool gather = std::string_view(op) == "gather";
  XGRAD_CHECK(index.dim() == self.dim(), "Index tensor must have the same number of dimensions as {} tensor",
              gather ? "input" : "self");
  if (src) XGRAD_CHECK(index.dim() == src->dim(), "Index tensor must have the same number of dimensions as src tensor");
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (d == dim) continue;
    if (gather) {
      XGRAD_CHECK(index.size(d) <= self.size(d),
                  "Size does not match at dimension {} expected index {} to be smaller than self {} apart from "
                  "dimension {}",
                  d, shape_str(index.sizes()), shape_str(self.sizes()), dim);
    } else if (src) {
      XGRAD_CHECK(index.size(d) <= self.size(d) && index.size(d) <= src->size(d),
                  "Expected index {} to be smaller than self {} apart from dimension {} and to be smaller size than "
                  "src {}",
                  shape_str(index.sizes()), shape_str(self.sizes()), dim, shape_str(src->sizes()));
    } else {
      XGRAD_CHECK(index.size(d) <= self.size(d), "Expected index {} to be smaller than self {} apart from dimension {}",
                  shape_str(index.sizes()), shape_str(self.sizes()), dim);
    }
  }
}

/// The positions in `target` (of `target_sizes`, strides `target_strides`) that index addresses along
/// dim: offset of p with p_dim = index[p], for every p of index's sizes; bounds checked.
std::vector<int64_t> scatter_targets(IntArrayRef target_sizes, IntArrayRef target_strides, int64_t dim,
                                     const Tensor& index) {
  std::vector<int64_t> strides = target_strides.vec();
  const bool scalar = target_sizes.empty();
  const int64_t size = scalar ? 1 : target_sizes[static_cast<size_t>(dim)];
  const int64_t stride = scalar ? 0 : strides[static_cast<size_t>(dim)];
  if (!scalar) strides[static_cast<size_t>(dim)] = 0;
  std::vector<int64_t> offsets = walk_offsets(index.sizes(), strides);
  const std::vector<int64_t> ix = index_values(index);
  for (size_t i = 0; i < ix.size(); ++i) {
    XGRAD_CHECK(ix[i] >= 0 && ix[i] < size, "index {} is out of bounds for dimension {} with size {}", ix[i], dim, size);
    offsets[i] += ix[i] * stride;
  }
  return offsets;
}

/// y[p] = x[p with p_dim = index[p]].
Tensor gather_kernel(const Tensor& self, int64_t dim, const Tensor& index) {
  const std::vector<int64_t> from = scatter_targets(self.sizes(), self.strides(), dim, index);
  Tensor out = empty(index.sizes(), self.scalar_type());
  detail::dispatch_all(self.scalar_type(), "gather", [&](auto tag) {
    using T = decltype(tag);
    const T* x = self.data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < from.size(); ++i) o[i] = x[from[i]];
  });
  return out;
}

/// res (fresh, contiguous) with src[p] (or value) reduced into res[p with p_dim = index[p]].
/// Without include_self, the addressed positions start from the reduction's identity instead.
void scatter_kernel(const Tensor& res, int64_t dim, const Tensor& index, const Tensor& src, const Scalar& value,
                    Reduce reduce, bool include_self, const char* op) {
  const std::vector<int64_t> to =
      scatter_targets(res.sizes(), detail::contiguous_strides(res.sizes()), dim, index);
  const std::vector<int64_t> from = src.defined() ? walk_offsets(index.sizes(), src.strides()) : std::vector<int64_t>();
  detail::dispatch_all(res.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* r = res.data_ptr<T>();
    const T* s = src.defined() ? src.data_ptr<T>() : nullptr;
    const T v = src.defined() ? T() : value.to<T>();
    const auto at = [&](size_t i) { return s ? s[from[i]] : v; };
    if (!include_self) {
      using L = std::numeric_limits<T>;
      const T identity = reduce == Reduce::Prod   ? T(1)
                         : reduce == Reduce::Amax ? (L::has_infinity ? -L::infinity() : L::lowest())
                         : reduce == Reduce::Amin ? (L::has_infinity ? L::infinity() : L::max())
                                                  : T(0);
      for (int64_t t : to) r[t] = identity;
    }
    std::vector<int64_t> count;
    if (reduce == Reduce::Mean) count.assign(static_cast<size_t>(res.numel()), include_self ? 1 : 0);
    for (size_t i = 0; i < to.size(); ++i) {
      T& t = r[to[i]];
      const T x = at(i);
      switch (reduce) {
        case Reduce::Assign: t = x; break;
        case Reduce::Sum: t = static_cast<T>(t + x); break;
        case Reduce::Prod: t = static_cast<T>(t * x); break;
        case Reduce::Mean:
          t = static_cast<T>(t + x);
          ++count[static_cast<size_t>(to[i])];
          break;
        // NaN wins, as in PyTorch's amax/amin.
        case Reduce::Amax: t = (x != x || x > t) ? x : t; break;
        case Reduce::Amin: t = (x != x || x < t) ? x : t; break;
      }
    }
    if (reduce == Reduce::Mean) {
      for (size_t j = 0; j < count.size(); ++j) {
        if (count[j] <= 1) continue;
        if constexpr (std::is_floating_point<T>::value) {
          r[j] = r[j] / static_cast<T>(count[j]);
        } else {  // integers: floor division, as PyTorch's
          r[j] = static_cast<T>(std::floor(static_cast<double>(r[j]) / static_cast<double>(count[j])));
        }
      }
    }
  });
}

/// A 1-D index along dim seen as a scatter index of `sizes` (which has index.numel() at dim).
Tensor expand_index(const Tensor& index, IntArrayRef sizes, int64_t dim) {
  NoGradGuard guard;
  if (sizes.empty()) return index.reshape({});
  std::vector<int64_t> shape(sizes.size(), 1);
  shape[static_cast<size_t>(dim)] = index.numel();
  return index.to(kLong).reshape(shape).expand(sizes);
}

/// The sizes of self with index.numel() at dim (index_fill's scatter shape).
std::vector<int64_t> with_size_at(IntArrayRef sizes, int64_t dim, int64_t n) {
  std::vector<int64_t> out = sizes.vec();
  if (!out.empty()) out[static_cast<size_t>(dim)] = n;
  return out;
}

/// Dimension out of range, in libtorch's words.
int64_t wrap_index_dim(int64_t dim, int64_t ndim) {
  const int64_t n = ndim == 0 ? 1 : ndim;
  XGRAD_CHECK(dim >= -n && dim < n, "Dimension out of range (expected to be in range of [{}, {}], but got {})", -n,
              n - 1, dim);
  return dim < 0 ? dim + n : dim;
}

// ---- gather ----

// y = gather(x, dim, index):  dx = zeros(x).scatter_add(dim, index, g)
const Derivative<int64_t> kGatherBackward0{"GatherBackward0", [](const BackwardContext& c, const int64_t& dim) {
  const autograd::InputMetadata& x = c.input(0);
  return variable_list{zeros(x.sizes, x.dtype).scatter_add(dim, c.saved(0), c.grad())};
}};

// ---- scatter, scatter_add, scatter_reduce ----

// y = scatter(x, dim, index, src):  dx = g.scatter(dim, index, 0),  dsrc = g.gather(dim, index)
const Derivative<int64_t> kScatterBackward0{"ScatterBackward0", [](const BackwardContext& c, const int64_t& dim) {
  const Tensor index = c.saved(0);
  return variable_list{c.needs(0) ? c.grad().scatter(dim, index, 0) : Tensor(),
                       c.needs(1) ? c.grad().gather(dim, index) : Tensor()};
}};

// y = scatter(x, dim, index, value):  dx = g.scatter(dim, index, 0)
const Derivative<int64_t> kScatterBackward1{"ScatterBackward1", [](const BackwardContext& c, const int64_t& dim) {
  return variable_list{c.grad().scatter(dim, c.saved(0), 0)};
}};

// y = x.scatter_add(dim, index, src):  dx = g,  dsrc = g.gather(dim, index)
const Derivative<int64_t> kScatterAddBackward0{"ScatterAddBackward0", [](const BackwardContext& c, const int64_t& dim) {
  return variable_list{c.needs(0) ? c.grad() : Tensor(), c.needs(1) ? c.grad().gather(dim, c.saved(0)) : Tensor()};
}};

/// Shared by scatter_reduce and index_reduce (whose index is expanded to a scatter index).
struct ReduceState {
  int64_t dim;
  Reduce reduce;
  bool include_self;
};

/// The gradients of y = x.scatter_reduce(dim, index, src, reduce, include_self) (PyTorch's formulas):
///   sum:  dx = g,  dsrc = g.gather
///   mean: dx = g / N,  dsrc = (g / N).gather, N the number of values averaged into each position
///   prod: dx = g y / x,  dsrc = (g y).gather / src, with the products of the others where a value is 0
///   amax/amin: the gradient is shared evenly among the values equal to the result
/// Without include_self, positions that received a value give x no gradient.
variable_list scatter_reduce_grads(const BackwardContext& c, const ReduceState& s) {
  const Tensor& g = c.grad();
  const Tensor self = c.saved(0), index = c.saved(1), src = c.saved(2), result = c.saved(3);
  const int64_t dim = s.dim;
  Tensor dself, dsrc;
  switch (s.reduce) {
    case Reduce::Sum:
      dself = g;
      dsrc = g.gather(dim, index);
      break;
    case Reduce::Mean: {
      Tensor n = (s.include_self ? ones_like(self) : zeros_like(self)).scatter_add(dim, index, ones_like(src));
      n = n.masked_fill(n == 0, 1);
      dself = g / n;
      dsrc = (g / n).gather(dim, index);
      break;
    }
    case Reduce::Prod: {
      // Where a value is 0, y / value is undefined: the product of the others, computed with that
      // value replaced by 1, is its gradient (zero again if another value is 0).
      const Tensor masked_self = self.masked_fill(self == 0, 1);
      dself = g * masked_self.scatter_reduce(dim, index, src, "prod", s.include_self) / masked_self;
      const Tensor src_zero = src == 0;
      const Tensor src_num_zeros =
          zeros_like(self).scatter_add(dim, index, src_zero.to(self.scalar_type())).gather(dim, index);
      const Tensor src_single_zero = where(src_zero, src_num_zeros == 1, src_zero);
      const Tensor masked_src_result = self.scatter_reduce(dim, index, src.masked_fill(src_single_zero, 1), "prod",
                                                           s.include_self);
      dsrc = where(src_single_zero, (g * masked_src_result).gather(dim, index),
                   (g * result).gather(dim, index) / src.masked_fill(src_zero, 1));
      break;
    }
    case Reduce::Amax:
    case Reduce::Amin: {
      const Tensor value = result.gather(dim, index);
      const Tensor self_is_result = (self == result).to(g.scalar_type());
      const Tensor src_is_result = (src == value).to(g.scalar_type());
      const Tensor self_counts = s.include_self ? self_is_result : self_is_result.scatter(dim, index, 0);
      const Tensor n = self_counts.scatter_add(dim, index, src_is_result);
      const Tensor share = g / n;
      dself = self_counts * share;
      dsrc = src_is_result * share.gather(dim, index);
      break;
    }
    case Reduce::Assign: break;
  }
  if (!s.include_self && dself.defined()) dself = dself.scatter(dim, index, 0);
  return {c.needs(0) ? dself : Tensor(), c.needs(1) ? dsrc : Tensor()};
}

const Derivative<ReduceState> kScatterReduceBackward0{"ScatterReduceBackward0", scatter_reduce_grads};
const Derivative<ReduceState> kIndexReduceBackward0{"IndexReduceBackward0", scatter_reduce_grads};

/// The node of an op whose derivative libtorch does not implement (scatter with a reduce string).
const Derivative<const char*> kNotImplemented{
    "torch::autograd::NotImplemented", [](const BackwardContext&, const char* const& op) -> variable_list {
      throw Error(fmt::format("derivative for aten::{} is not implemented", op));
    }};

/// self with src (or value) scattered along dim as `reduce` says, fresh; dim wrapped.
Tensor scatter_result(const char* op, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                      const Scalar& value, Reduce reduce, bool include_self) {
  detail::check_defined(self, op);
  check_scatter_gather(op, self, dim, index, src.defined() ? &src : nullptr);
  Tensor res = fresh_copy(self);
  scatter_kernel(res, dim, index, src, value, reduce, include_self, op);
  return res;
}

/// The old value of self, kept for a formula that needs it after an in-place op overwrote self.
Tensor old_value(const Tensor& self, bool needed) {
  if (!needed) return Tensor();
  NoGradGuard guard;
  return self.clone();
}

// ---- masks ----

// y = x.masked_fill(mask, v):  dx = g.masked_fill(mask, 0)
const Derivative<> kMaskedFillBackward0{"MaskedFillBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.grad().masked_fill(c.saved(0), 0)};
}};

// y = x.masked_fill(mask, v) (v a 0-dim tensor):  dx = g.masked_fill(mask, 0),  dv = sum of g where mask
const Derivative<> kMaskedFillBackward1{"MaskedFillBackward1", [](const BackwardContext& c, const NoState&) {
  const Tensor mask = c.saved(0);
  return variable_list{c.needs(0) ? c.grad().masked_fill(mask, 0) : Tensor(),
                       c.needs(1) ? where(mask, c.grad(), 0).sum() : Tensor()};
}};

// y = x[mask] (1-D):  dx = zeros(broadcast shape).masked_scatter(mask, g)
const Derivative<> kMaskedSelectBackward0{"MaskedSelectBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor mask = c.saved(0);
  const autograd::InputMetadata& x = c.input(0);
  const std::vector<int64_t> sizes = detail::broadcast_shapes(x.sizes, mask.sizes(), "masked_select");
  return variable_list{zeros(sizes, x.dtype).masked_scatter(mask, c.grad())};
}};

// y = x.masked_scatter(mask, src):  dx = g.masked_fill(mask, 0),  dsrc = g[mask] padded with zeros to src
const Derivative<> kMaskedScatterBackward0{"MaskedScatterBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor mask = c.saved(0);
  Tensor dsrc;
  if (c.needs(1)) {
    const autograd::InputMetadata& src = c.input(1);
    int64_t n = 1;
    for (int64_t s : src.sizes) n *= s;
    dsrc = c.grad().masked_select(mask);
    if (dsrc.numel() < n) dsrc = cat({dsrc, zeros({n - dsrc.numel()}, dsrc.scalar_type())});
    dsrc = dsrc.reshape(src.sizes);
  }
  return variable_list{c.needs(0) ? c.grad().masked_fill(mask, 0) : Tensor(), dsrc};
}};

/// A mask as kBool (a kByte one converted).
Tensor bool_mask(const Tensor& mask) {
  if (mask.scalar_type() == kBool) return mask;
  NoGradGuard guard;
  return mask.ne(0);
}

/// out = mask ? value : self over their broadcast shape `sizes`.
Tensor masked_fill_result(const Tensor& self, const Tensor& mask, const Scalar& value, IntArrayRef sizes) {
  const Tensor m = bool_mask(mask);
  Tensor out = empty(sizes, self.scalar_type());
  detail::dispatch_all(self.scalar_type(), "masked_fill", [&](auto tag) {
    using T = decltype(tag);
    const T v = value.to<T>();
    detail::binary_kernel<T, T, bool>(out, self, m, [v](T x, bool b) { return b ? v : x; });
  });
  return out;
}

Scalar fill_value_of(const Tensor& value, const char* op) {
  XGRAD_CHECK(value.dim() == 0, "{} only supports a 0-dimensional value tensor, but got tensor with {} dimension(s).",
              op, value.dim());
  return value.item();
}

/// The in-place forms must keep self's sizes: mask (or the index shape) broadcasts to self.
void check_broadcasts_to_self(const Tensor& self, IntArrayRef other, const char* op) {
  const std::vector<int64_t> sizes = detail::broadcast_shapes(self.sizes(), other, op);
  XGRAD_CHECK(self.sizes().equals(sizes), "output with shape {} doesn't match the broadcast shape {}",
              shape_str(self.sizes()), shape_str(sizes));
}

/// self (broadcast to `sizes`) with the true positions of mask taking source's elements in order.
Tensor masked_scatter_result(const Tensor& self, const Tensor& mask, const Tensor& source, IntArrayRef sizes) {
  XGRAD_CHECK(mask.scalar_type() == kBool || mask.scalar_type() == kByte,
              "masked_scatter_ only supports boolean masks, but got mask with dtype {}", toString(mask.scalar_type()));
  XGRAD_CHECK(self.scalar_type() == source.scalar_type(),
              "masked_scatter: expected self and source to have same dtypes but got{} and {}",
              toString(self.scalar_type()), toString(source.scalar_type()));
  Tensor res = empty(sizes, self.scalar_type());
  detail::copy_into(res, self);
  const Tensor m = bool_mask(mask);
  const std::vector<int64_t> at = walk_offsets(sizes, detail::broadcast_strides(m, sizes));
  const bool* mp = m.data_ptr<bool>();
  const Tensor src = detail::as_dense(source, source.scalar_type());
  detail::dispatch_all(self.scalar_type(), "masked_scatter", [&](auto tag) {
    using T = decltype(tag);
    T* r = res.data_ptr<T>();
    const T* s = src.data_ptr<T>();
    int64_t k = 0;
    for (size_t i = 0; i < at.size(); ++i) {
      if (!mp[at[i]]) continue;
      XGRAD_CHECK(k < src.numel(), "Number of elements of source < number of ones in mask");
      r[i] = s[k++];
    }
  });
  return res;
}

// ---- index_add, index_copy, index_fill, index_reduce (a 1-D index along dim) ----

struct DimAlpha {
  int64_t dim;
  Scalar alpha;
};

// y = x.index_add(dim, index, src, alpha):  dx = g,  dsrc = alpha g.index_select(dim, index)
const Derivative<DimAlpha> kIndexAddBackward0{"IndexAddBackward0", [](const BackwardContext& c, const DimAlpha& s) {
  Tensor dsrc;
  if (c.needs(1)) {
    dsrc = c.grad().index_select(s.dim, c.saved(0).reshape({-1}));
    if (!(s.alpha.isIntegral(false) && s.alpha.toLong() == 1)) dsrc = dsrc * s.alpha;
    dsrc = dsrc.reshape(c.input(1).sizes);
  }
  return variable_list{c.needs(0) ? c.grad() : Tensor(), dsrc};
}};

// y = x.index_copy(dim, index, src):  dx = g.index_fill(dim, index, 0),  dsrc = g.index_select(dim, index)
const Derivative<int64_t> kIndexCopyBackward0{"IndexCopyBackward0", [](const BackwardContext& c, const int64_t& dim) {
  const Tensor index = c.saved(0).reshape({-1});
  return variable_list{c.needs(0) ? c.grad().index_fill(dim, index, 0) : Tensor(),
                       c.needs(1) ? c.grad().index_select(dim, index).reshape(c.input(1).sizes) : Tensor()};
}};

// y = x.index_fill(dim, index, v):  dx = g.index_fill(dim, index, 0)
const Derivative<int64_t> kIndexFillBackward0{"IndexFillBackward0", [](const BackwardContext& c, const int64_t& dim) {
  return variable_list{c.grad().index_fill(dim, c.saved(0), 0)};
}};

// y = x.index_fill(dim, index, v) (v 0-dim):  dx = g.index_fill(dim, index, 0),  dv = sum of g at the
// filled positions (each once, however often index repeats it)
const Derivative<int64_t> kIndexFillBackward1{"IndexFillBackward1", [](const BackwardContext& c, const int64_t& dim) {
  const Tensor index = c.saved(0);
  Tensor dv;
  if (c.needs(1)) {
    std::vector<int64_t> unique = index_values(index);
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    const Tensor u = tensor(unique, kLong).reshape({static_cast<int64_t>(unique.size())});
    dv = c.grad().index_select(dim, u).sum();
  }
  return variable_list{c.needs(0) ? c.grad().index_fill(dim, index, 0) : Tensor(), dv};
}};

void check_index_vector(const char* op, const Tensor& index) {
  XGRAD_CHECK(index.dim() <= 1, "{}(): Index is supposed to be a vector, but got dim: {} with type: {} and size: {}", op,
              index.dim(), toString(index.scalar_type()), shape_str(index.sizes()));
  XGRAD_CHECK(index.scalar_type() == kLong, "{}(): Expected dtype int32/int64 for index but got: {}", op,
              toString(index.scalar_type()));
}

/// source's sizes must be self's apart from dim (compared as libtorch does, slice against slice).
void check_source_slices(const Tensor& self, int64_t dim, const Tensor& source) {
  if (self.dim() == 0 || source.dim() == 0) return;
  XGRAD_CHECK(source.dim() == self.dim(), "{}: source has {} dimensions but self has {}", "index", source.dim(),
              self.dim());
  for (int64_t d = 0, k = 0; d < self.dim(); ++d) {
    if (d == dim) continue;
    XGRAD_CHECK(self.size(d) == source.size(d),
                "The size of tensor a ({}) must match the size of tensor b ({}) at non-singleton dimension {}",
                self.size(d), source.size(d), k);
    ++k;
  }
}

int64_t dim_size(const Tensor& t, int64_t dim) { return t.dim() == 0 ? 1 : t.size(dim); }

/// The index_add / index_copy / index_reduce scatter: checks, then source reduced into a copy of self.
Tensor index_scatter_result(const char* op, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                            Reduce reduce, bool include_self) {
  detail::check_defined(self, op);
  check_index_vector(op, index);
  check_source_slices(self, dim, source);
  const std::string name(op);
  const int64_t size = dim_size(self, dim);
  for (int64_t i : index_values(index)) {
    if (name == "index_copy_") {
      XGRAD_CHECK(i >= 0 && i < size, "index_copy_(): index {} is out of bounds for dimension {} with size {}", i, dim,
                  size);
    } else {
      XGRAD_CHECK(i >= 0 && i < size, "index out of range in self");
    }
  }
  Tensor res = fresh_copy(self);
  scatter_kernel(res, dim, expand_index(index, source.sizes(), dim), source, 0, reduce, include_self, op);
  return res;
}

void check_index_add(const char* op, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  check_index_vector(op, index);
  XGRAD_CHECK(index.numel() == dim_size(source, dim),
              "{}(): Number of indices ({}) should be equal to source.size(dim): ({}), for dim: {}", op, index.numel(),
              dim_size(source, dim), dim);
  XGRAD_CHECK(self.scalar_type() == source.scalar_type(), "{}(): self ({}) and source ({}) must have the same scalar type",
              op, toString(self.scalar_type()), toString(source.scalar_type()));
}

Tensor index_add_result(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                        const Scalar& alpha) {
  check_index_add("index_add_", self, dim, index, source);
  Tensor scaled = source;
  if (!(alpha.isIntegral(false) && alpha.toLong() == 1)) {
    NoGradGuard guard;
    scaled = source * alpha;
  }
  return index_scatter_result("index_add_", self, dim, index, scaled, Reduce::Sum, true);
}

Tensor index_copy_result(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  check_index_vector("index_copy_", index);
  XGRAD_CHECK(index.numel() == dim_size(source, dim),
              "index_copy_(): Number of indices ({}) should be equal to source.size(dim) ({})", index.numel(),
              dim_size(source, dim));
  XGRAD_CHECK(self.scalar_type() == source.scalar_type(),
              "index_copy_(): self and source expected to have the same dtype, but got (self) {} and (source) {}",
              toString(self.scalar_type()), toString(source.scalar_type()));
  return index_scatter_result("index_copy_", self, dim, index, source, Reduce::Assign, true);
}

Reduce index_reduce_kind(std::string_view reduce) {
  if (reduce == "prod") return Reduce::Prod;
  if (reduce == "mean") return Reduce::Mean;
  if (reduce == "amax") return Reduce::Amax;
  if (reduce == "amin") return Reduce::Amin;
  throw Error(fmt::format("index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {}.", reduce));
}

/// index with negative entries wrapped, checked against self's size at dim (index_fill's rule).
Tensor wrapped_fill_index(const Tensor& self, int64_t dim, const Tensor& index) {
  check_index_vector("index_fill_", index);
  const int64_t size = dim_size(self, dim);
  std::vector<int64_t> v = index_values(index);
  for (int64_t& i : v) {
    XGRAD_CHECK(i >= -size && i < size, "index {} is out of bounds for dimension {} with size {}", i, dim, size);
    if (i < 0) i += size;
  }
  return tensor(v, kLong).reshape({static_cast<int64_t>(v.size())});
}

Tensor index_fill_result(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  detail::check_defined(self, "index_fill");
  const Tensor ix = wrapped_fill_index(self, dim, index);
  Tensor res = fresh_copy(self);
  const Tensor expanded = expand_index(ix, with_size_at(self.sizes(), dim, ix.numel()), dim);
  scatter_kernel(res, dim, expanded, Tensor(), value, Reduce::Assign, true, "index_fill");
  return res;
}

// ---- take, put (self seen flattened) ----

// y = x.take(index):  dx = zeros(x).put(index, g, accumulate=true)
const Derivative<> kTakeBackward0{"TakeBackward0", [](const BackwardContext& c, const NoState&) {
  const autograd::InputMetadata& x = c.input(0);
  return variable_list{zeros(x.sizes, x.dtype).put(c.saved(0), c.grad(), true)};
}};

// y = x.put(index, src, accumulate):  dx = accumulate ? g : g.put(index, 0),  dsrc = g.take(index)
const Derivative<bool> kPutBackward0{"PutBackward0", [](const BackwardContext& c, const bool& accumulate) {
  const Tensor index = c.saved(0);
  const autograd::InputMetadata& src = c.input(1);
  Tensor dx;
  if (c.needs(0)) dx = accumulate ? c.grad() : c.grad().put(index, zeros(src.sizes, src.dtype), false);
  return variable_list{dx, c.needs(1) ? c.grad().take(index).reshape(src.sizes) : Tensor()};
}};

/// index's entries as flat positions into a tensor of n elements (negative ones from the end).
std::vector<int64_t> flat_positions(const Tensor& index, int64_t n) {
  std::vector<int64_t> v = index_values(index);
  for (int64_t& i : v) {
    XGRAD_CHECK(i >= -n && i < n, "out of range: tried to access index {} on a tensor of {} elements.", i, n);
    if (i < 0) i += n;
  }
  return v;
}

Tensor put_result(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
  detail::check_defined(self, "put_");
  XGRAD_CHECK(index.scalar_type() == kLong, "put_(): Expected a long tensor for index, but got {}",
              toString(index.scalar_type()));
  XGRAD_CHECK(self.scalar_type() == source.scalar_type(),
              "put_(): self and source expected to have the same dtype, but got self.dtype = {} and source.dtype = {}",
              toString(self.scalar_type()), toString(source.scalar_type()));
  XGRAD_CHECK(source.numel() == index.numel(),
              "put_(): Expected source and index to have the same number of elements, but got source.numel() = {}, "
              "index.numel() = {}",
              source.numel(), index.numel());
  const std::vector<int64_t> at = flat_positions(index, self.numel());
  Tensor res = fresh_copy(self);
  const Tensor src = detail::as_dense(source, source.scalar_type());
  detail::dispatch_all(self.scalar_type(), "put_", [&](auto tag) {
    using T = decltype(tag);
    T* r = res.data_ptr<T>();
    const T* s = src.data_ptr<T>();
    for (size_t i = 0; i < at.size(); ++i) r[at[i]] = accumulate ? static_cast<T>(r[at[i]] + s[i]) : s[i];
  });
  return res;
}

// ---- where ----

// y = where(c, a, b):  da = where(c, g, 0),  db = where(c, 0, g)
const Derivative<> kWhereBackward0{"WhereBackward0", [](const BackwardContext& c, const NoState&) {
  const Tensor cond = c.saved(0);
  return variable_list{c.needs(0) ? where(cond, c.grad(), 0) : Tensor(), c.needs(1) ? where(cond, 0, c.grad()) : Tensor()};
}};

/// where with self and other already in the result dtype ct.
Tensor where_result(const Tensor& condition, const Tensor& self, const Tensor& other, ScalarType ct) {
  XGRAD_CHECK(condition.scalar_type() == kBool || condition.scalar_type() == kByte,
              "where expected condition to be a boolean tensor, but got a tensor with dtype {}",
              toString(condition.scalar_type()));
  const std::vector<int64_t> sizes = detail::broadcast_shapes(
      detail::broadcast_shapes(condition.sizes(), self.sizes(), "where"), other.sizes(), "where");
  const Tensor c = detail::as_compute(condition, ct);
  const Tensor a = detail::as_compute(self, ct);
  const Tensor b = detail::as_compute(other, ct);
  Tensor out = empty(sizes, ct);
  detail::dispatch_all(ct, "where", [&](auto tag) {
    using T = decltype(tag);
    detail::ternary_kernel<T>(out, c, a, b, [](T k, T x, T y) { return k ? x : y; });
  });
  return out;
}

Tensor where_recorded(const Tensor& condition, const Tensor& self, const Tensor& other, ScalarType ct) {
  detail::check_defined(condition, "where");
  Tensor out = where_result(condition, self, other, ct);
  record(kWhereBackward0, {self, other}).save(condition).output(out);
  return out;
}

/// The dtype of a Python number in an op with no tensor operand: bool, int64 or the default float.
ScalarType scalar_kind(const Scalar& s) {
  return s.isBoolean() ? kBool : s.isFloatingPoint() ? kFloat : kLong;
}

// ---- fill_diagonal_ ----

// y = x with its diagonal filled:  dx = g with its diagonal zeroed. libtorch records this through
// CopySlices (a fill of a diagonal view), so the node carries that name.
const Derivative<bool> kFillDiagonalBackward{"torch::autograd::CopySlices", [](const BackwardContext& c, const bool& wrap) {
  NoGradGuard guard;
  return variable_list{c.grad().clone().fill_diagonal_(0, wrap)};
}};

// ---- advanced indexing ----

/// An advanced index resolved against self: for every element of the result, the self element it is.
struct IndexPlan {
  std::vector<int64_t> result_sizes;
  std::vector<int64_t> offsets;  // element offsets from self's first element
};

/// The index list with masks replaced by their nonzero() columns, one entry per dim of self.
std::vector<Tensor> expand_masks(const Tensor& self, const std::vector<std::optional<Tensor>>& indices) {
  std::vector<Tensor> out;
  for (const std::optional<Tensor>& entry : indices) {
    if (!entry.has_value() || !entry->defined()) {
      out.emplace_back();
      continue;
    }
    const Tensor& t = *entry;
    const ScalarType st = t.scalar_type();
    XGRAD_CHECK(st == kLong || st == kBool || st == kByte, "tensors used as indices must be long, byte or bool tensors");
    if (st == kLong) {
      out.push_back(t);
      continue;
    }
    const int64_t start = static_cast<int64_t>(out.size());
    for (int64_t j = 0; j < t.dim(); ++j) {
      XGRAD_CHECK(start + j < self.dim(), "too many indices for tensor of dimension {}", self.dim());
      XGRAD_CHECK(t.size(j) == self.size(start + j),
                  "The shape of the mask {} at index {} does not match the shape of the indexed tensor {} at index {}",
                  shape_str(t.sizes()), j, shape_str(self.sizes()), start + j);
    }
    NoGradGuard guard;
    const Tensor nz = t.nonzero();
    for (int64_t j = 0; j < t.dim(); ++j) out.push_back(nz.select(1, j));
  }
  XGRAD_CHECK(static_cast<int64_t>(out.size()) <= self.dim(), "too many indices for tensor of dimension {}", self.dim());
  out.resize(static_cast<size_t>(self.dim()));
  return out;
}

IndexPlan plan_index(const Tensor& self, const std::vector<Tensor>& idx) {
  std::vector<size_t> dims;
  for (size_t d = 0; d < idx.size(); ++d)
    if (idx[d].defined()) dims.push_back(d);
  // The index tensors broadcast together (NumPy's rule), or the error lists them all.
  std::vector<int64_t> shape;
  bool ok = true;
  for (size_t d : dims) {
    const IntArrayRef s = idx[d].sizes();
    std::vector<int64_t> next(std::max(shape.size(), s.size()));
    for (size_t k = 0; k < next.size(); ++k) {
      const int64_t a = k < next.size() - shape.size() ? 1 : shape[k - (next.size() - shape.size())];
      const int64_t b = k < next.size() - s.size() ? 1 : s[k - (next.size() - s.size())];
      ok = ok && (a == b || a == 1 || b == 1);
      next[k] = a == 1 ? b : a;
    }
    shape = next;
  }
  if (!ok) {
    std::vector<std::string> shapes;
    for (size_t d : dims) shapes.push_back(shape_str(idx[d].sizes()));
    throw Error(fmt::format("shape mismatch: indexing tensors could not be broadcast together with shapes {}",
                            fmt::join(shapes, ", ")));
  }
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::vector<int64_t> at(static_cast<size_t>(n), 0);
  for (size_t k = 0; k < dims.size(); ++k) {
    const size_t d = dims[k];
    const Tensor ix = detail::as_dense(idx[d], kLong);
    const std::vector<int64_t> walk = walk_offsets(shape, detail::broadcast_strides(ix, shape));
    const int64_t* p = ix.data_ptr<int64_t>();
    const int64_t size = self.size(static_cast<int64_t>(d)), stride = self.stride(static_cast<int64_t>(d));
    for (size_t b = 0; b < at.size(); ++b) {
      int64_t i = p[walk[b]];
      XGRAD_CHECK(i >= -size && i < size, "index {} is out of bounds for dimension {} with size {}", i, k, size);
      if (i < 0) i += size;
      at[b] += i * stride;
    }
  }
  // Adjacent indexed dims keep their place in the result; separated ones go first.
  const bool adjacent = dims.empty() || dims.back() - dims.front() + 1 == dims.size();
  std::vector<int64_t> before_sizes, before_strides, after_sizes, after_strides;
  for (size_t d = 0; d < idx.size(); ++d) {
    if (idx[d].defined()) continue;
    const bool before = adjacent && !dims.empty() && d < dims.front();
    (before ? before_sizes : after_sizes).push_back(self.size(static_cast<int64_t>(d)));
    (before ? before_strides : after_strides).push_back(self.stride(static_cast<int64_t>(d)));
  }
  IndexPlan plan;
  plan.result_sizes = before_sizes;
  plan.result_sizes.insert(plan.result_sizes.end(), shape.begin(), shape.end());
  plan.result_sizes.insert(plan.result_sizes.end(), after_sizes.begin(), after_sizes.end());
  const std::vector<int64_t> before = walk_offsets(before_sizes, before_strides);
  const std::vector<int64_t> after = walk_offsets(after_sizes, after_strides);
  plan.offsets.reserve(before.size() * at.size() * after.size());
  for (int64_t o1 : before)
    for (int64_t o2 : at)
      for (int64_t o3 : after) plan.offsets.push_back(o1 + o2 + o3);
  return plan;
}

/// The long index tensors (masks expanded) that the nodes save, and which dims they index.
struct IndexState {
  std::vector<bool> defined;
  bool accumulate = false;
};

IndexState index_state(const std::vector<Tensor>& idx, bool accumulate) {
  IndexState s;
  for (const Tensor& t : idx) s.defined.push_back(t.defined());
  s.accumulate = accumulate;
  return s;
}

/// The saved index tensors back as an index list.
std::vector<std::optional<Tensor>> saved_indices(const BackwardContext& c, const IndexState& s, size_t first) {
  std::vector<std::optional<Tensor>> out;
  size_t k = first;
  for (bool d : s.defined) {
    if (d) out.emplace_back(c.saved(k++));
    else out.emplace_back(std::nullopt);
  }
  return out;
}

// y = x[indices]:  dx = zeros(x).index_put(indices, g, accumulate=true)
const Derivative<IndexState> kIndexBackward0{"IndexBackward0", [](const BackwardContext& c, const IndexState& s) {
  const autograd::InputMetadata& x = c.input(0);
  return variable_list{zeros(x.sizes, x.dtype).index_put(saved_indices(c, s, 0), c.grad(), true)};
}};

// y = x.index_put(indices, v, accumulate):  dx = accumulate ? g : g.index_put(indices, 0),  dv = g[indices]
const Derivative<IndexState> kIndexPutBackward0{"IndexPutBackward0", [](const BackwardContext& c, const IndexState& s) {
  const std::vector<std::optional<Tensor>> indices = saved_indices(c, s, 0);
  Tensor dx;
  if (c.needs(0))
    dx = s.accumulate ? c.grad() : c.grad().index_put(indices, zeros({}, c.grad().scalar_type()), false);
  return variable_list{dx, c.needs(1) ? c.grad().index(indices) : Tensor()};
}};

Tensor index_result(const Tensor& self, const IndexPlan& plan) {
  Tensor out = empty(plan.result_sizes, self.scalar_type());
  detail::dispatch_all(self.scalar_type(), "index", [&](auto tag) {
    using T = decltype(tag);
    const T* x = self.data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < plan.offsets.size(); ++i) o[i] = x[plan.offsets[i]];
  });
  return out;
}

/// res (a fresh contiguous copy of self) with values written (or added) at the plan's positions.
void index_put_kernel(const Tensor& res, const IndexPlan& plan, const Tensor& values, bool accumulate) {
  XGRAD_CHECK(res.scalar_type() == values.scalar_type(),
              "Index put requires the source and destination dtypes match, got {} for the destination and {} for the "
              "source.",
              toString(res.scalar_type()), toString(values.scalar_type()));
  XGRAD_CHECK(detail::broadcastable_to(values.sizes(), plan.result_sizes),
              "shape mismatch: value tensor of shape {} cannot be broadcast to indexing result of shape {}",
              shape_str(values.sizes()), shape_str(plan.result_sizes));
  const std::vector<int64_t> from = walk_offsets(plan.result_sizes, detail::broadcast_strides(values, plan.result_sizes));
  detail::dispatch_all(res.scalar_type(), "index_put_", [&](auto tag) {
    using T = decltype(tag);
    T* r = res.data_ptr<T>();
    const T* v = values.data_ptr<T>();
    for (size_t i = 0; i < plan.offsets.size(); ++i) {
      T& t = r[plan.offsets[i]];
      t = accumulate ? static_cast<T>(t + v[from[i]]) : v[from[i]];
    }
  });
}

}  // namespace

// ---- gather ----

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool /*sparse_grad: dense gradients only*/) {
  detail::check_defined(self, "gather");
  const int64_t d = wrap_index_dim(dim, self.dim());
  check_scatter_gather("gather", self, d, index, nullptr);
  Tensor out = gather_kernel(self, d, index);
  record(kGatherBackward0, {self}, d).save(index).output(out);
  return out;
}
Tensor& gather_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad) {
  return assign_out(out, gather(self, dim, index, sparse_grad));
}
Tensor& gather_outf(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad, Tensor& out) {
  return gather_out(out, self, dim, index, sparse_grad);
}
Tensor Tensor::gather(int64_t dim, const Tensor& index, bool sparse_grad) const {
  return xgrad::gather(*this, dim, index, sparse_grad);
}

// ---- scatter ----

Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = scatter_result("scatter", self, d, index, src, 0, Reduce::Assign, true);
  record(kScatterBackward0, {self, src}, d).save(index).output(out);
  return out;
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src) const {
  return xgrad::scatter(*this, dim, index, src);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  auto rec = detail::record_inplace("scatter_", kScatterBackward0, {*this, src}, d);
  write_back(*this, scatter_result("scatter", *this, d, index, src, 0, Reduce::Assign, true));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = scatter_result("scatter", self, d, index, Tensor(), value, Reduce::Assign, true);
  record(kScatterBackward1, {self}, d).save(index).output(out);
  return out;
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value) const {
  return xgrad::scatter(*this, dim, index, value);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  auto rec = detail::record_inplace("scatter_", kScatterBackward1, {*this}, d);
  write_back(*this, scatter_result("scatter", *this, d, index, Tensor(), value, Reduce::Assign, true));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = scatter_result("scatter", self, d, index, src, 0, scatter_string_kind(reduce), true);
  record(kNotImplemented, {self, src}, "scatter").output(out);
  return out;
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) const {
  return xgrad::scatter(*this, dim, index, src, reduce);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  const Reduce r = scatter_string_kind(reduce);
  auto rec = detail::record_inplace("scatter_", kNotImplemented, {*this, src}, "scatter_");
  write_back(*this, scatter_result("scatter", *this, d, index, src, 0, r, true));
  return rec.finish_inplace(*this);
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = scatter_result("scatter", self, d, index, Tensor(), value, scatter_string_kind(reduce), true);
  record(kNotImplemented, {self}, "scatter").output(out);
  return out;
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) const {
  return xgrad::scatter(*this, dim, index, value, reduce);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  const Reduce r = scatter_string_kind(reduce);
  auto rec = detail::record_inplace("scatter_", kNotImplemented, {*this}, "scatter_");
  write_back(*this, scatter_result("scatter", *this, d, index, Tensor(), value, r, true));
  return rec.finish_inplace(*this);
}
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return assign_out(out, xgrad::scatter(self, dim, index, src));
}
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, Tensor& out) {
  return scatter_out(out, self, dim, index, src);
}
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  return assign_out(out, xgrad::scatter(self, dim, index, value));
}
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value, Tensor& out) {
  return scatter_out(out, self, dim, index, value);
}
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                    std::string_view reduce) {
  return assign_out(out, xgrad::scatter(self, dim, index, src, reduce));
}
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                     Tensor& out) {
  return scatter_out(out, self, dim, index, src, reduce);
}
Tensor& scatter_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
                    std::string_view reduce) {
  return assign_out(out, xgrad::scatter(self, dim, index, value, reduce));
}
Tensor& scatter_outf(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value,
                     std::string_view reduce, Tensor& out) {
  return scatter_out(out, self, dim, index, value, reduce);
}

Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = scatter_result("scatter", self, d, index, src, 0, Reduce::Sum, true);
  record(kScatterAddBackward0, {self, src}, d).save(index).output(out);
  return out;
}
Tensor Tensor::scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const {
  return xgrad::scatter_add(*this, dim, index, src);
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  auto rec = detail::record_inplace("scatter_add_", kScatterAddBackward0, {*this, src}, d);
  write_back(*this, scatter_result("scatter", *this, d, index, src, 0, Reduce::Sum, true));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor& scatter_add_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return assign_out(out, xgrad::scatter_add(self, dim, index, src));
}
Tensor& scatter_add_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, Tensor& out) {
  return scatter_add_out(out, self, dim, index, src);
}

Tensor scatter_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                      bool include_self) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  const Reduce r = scatter_reduce_kind(reduce);
  Tensor out = scatter_result("scatter", self, d, index, src, 0, r, include_self);
  auto rec = record(kScatterReduceBackward0, {self, src}, ReduceState{d, r, include_self});
  rec.save(self).save(index).save(src).output(out).save(out);
  return out;
}
Tensor Tensor::scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                              bool include_self) const {
  return xgrad::scatter_reduce(*this, dim, index, src, reduce, include_self);
}
Tensor& Tensor::scatter_reduce_(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                                bool include_self) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  const Reduce r = scatter_reduce_kind(reduce);
  auto rec = detail::record_inplace("scatter_reduce_", kScatterReduceBackward0, {*this, src}, ReduceState{d, r, include_self});
  const Tensor old = old_value(*this, static_cast<bool>(rec));
  const Tensor res = scatter_result("scatter", *this, d, index, src, 0, r, include_self);
  write_back(*this, res);
  rec.save(old).save(index).save(src).save(res);
  return rec.finish_inplace(*this);
}
Tensor& scatter_reduce_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                           std::string_view reduce, bool include_self) {
  return assign_out(out, xgrad::scatter_reduce(self, dim, index, src, reduce, include_self));
}
Tensor& scatter_reduce_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src,
                            std::string_view reduce, bool include_self, Tensor& out) {
  return scatter_reduce_out(out, self, dim, index, src, reduce, include_self);
}

// ---- masked_fill, masked_scatter, masked_select ----

Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value) {
  detail::check_defined(self, "masked_fill");
  Tensor out = masked_fill_result(self, mask, value, detail::broadcast_shapes(self.sizes(), mask.sizes(), "masked_fill"));
  record(kMaskedFillBackward0, {self}).save(mask).output(out);
  return out;
}
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value) {
  detail::check_defined(self, "masked_fill");
  const Scalar v = fill_value_of(value, "masked_fill_");
  Tensor out = masked_fill_result(self, mask, v, detail::broadcast_shapes(self.sizes(), mask.sizes(), "masked_fill"));
  record(kMaskedFillBackward1, {self, value}).save(mask).output(out);
  return out;
}
Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& value) const { return xgrad::masked_fill(*this, mask, value); }
Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& value) const { return xgrad::masked_fill(*this, mask, value); }
Tensor& Tensor::masked_fill_(const Tensor& mask, const Scalar& value) const {
  check_broadcasts_to_self(*this, mask.sizes(), "masked_fill_");
  auto rec = detail::record_inplace("masked_fill_", kMaskedFillBackward0, {*this});
  write_back(*this, masked_fill_result(*this, mask, value, sizes()));
  rec.save(mask);
  return rec.finish_inplace(*this);
}
Tensor& Tensor::masked_fill_(const Tensor& mask, const Tensor& value) const {
  check_broadcasts_to_self(*this, mask.sizes(), "masked_fill_");
  const Scalar v = fill_value_of(value, "masked_fill_");
  auto rec = detail::record_inplace("masked_fill_", kMaskedFillBackward1, {*this, value});
  write_back(*this, masked_fill_result(*this, mask, v, sizes()));
  rec.save(mask);
  return rec.finish_inplace(*this);
}
Tensor& masked_fill_out(Tensor& out, const Tensor& self, const Tensor& mask, const Scalar& value) {
  return assign_out(out, xgrad::masked_fill(self, mask, value));
}
Tensor& masked_fill_outf(const Tensor& self, const Tensor& mask, const Scalar& value, Tensor& out) {
  return masked_fill_out(out, self, mask, value);
}
Tensor& masked_fill_out(Tensor& out, const Tensor& self, const Tensor& mask, const Tensor& value) {
  return assign_out(out, xgrad::masked_fill(self, mask, value));
}
Tensor& masked_fill_outf(const Tensor& self, const Tensor& mask, const Tensor& value, Tensor& out) {
  return masked_fill_out(out, self, mask, value);
}

Tensor masked_scatter(const Tensor& self, const Tensor& mask, const Tensor& source) {
  detail::check_defined(self, "masked_scatter");
  Tensor out = masked_scatter_result(self, mask, source,
                                     detail::broadcast_shapes(self.sizes(), mask.sizes(), "masked_scatter"));
  record(kMaskedScatterBackward0, {self, source}).save(mask).output(out);
  return out;
}
Tensor Tensor::masked_scatter(const Tensor& mask, const Tensor& source) const {
  return xgrad::masked_scatter(*this, mask, source);
}
Tensor& Tensor::masked_scatter_(const Tensor& mask, const Tensor& source) const {
  check_broadcasts_to_self(*this, mask.sizes(), "masked_scatter_");
  auto rec = detail::record_inplace("masked_scatter_", kMaskedScatterBackward0, {*this, source});
  write_back(*this, masked_scatter_result(*this, mask, source, sizes()));
  rec.save(mask);
  return rec.finish_inplace(*this);
}
Tensor& masked_scatter_out(Tensor& out, const Tensor& self, const Tensor& mask, const Tensor& source) {
  return assign_out(out, xgrad::masked_scatter(self, mask, source));
}
Tensor& masked_scatter_outf(const Tensor& self, const Tensor& mask, const Tensor& source, Tensor& out) {
  return masked_scatter_out(out, self, mask, source);
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  detail::check_defined(self, "masked_select");
  XGRAD_CHECK(mask.scalar_type() == kBool || mask.scalar_type() == kByte,
              "masked_select: expected BoolTensor or ByteTensor for mask");
  const std::vector<int64_t> sizes = detail::broadcast_shapes(self.sizes(), mask.sizes(), "masked_select");
  const Tensor m = bool_mask(mask);
  const std::vector<int64_t> from = walk_offsets(sizes, detail::broadcast_strides(self, sizes));
  const std::vector<int64_t> keep = walk_offsets(sizes, detail::broadcast_strides(m, sizes));
  const bool* mp = m.data_ptr<bool>();
  int64_t n = 0;
  for (int64_t k : keep) n += mp[k] ? 1 : 0;
  Tensor out = empty({n}, self.scalar_type());
  detail::dispatch_all(self.scalar_type(), "masked_select", [&](auto tag) {
    using T = decltype(tag);
    const T* x = self.data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < keep.size(); ++i)
      if (mp[keep[i]]) *o++ = x[from[i]];
  });
  record(kMaskedSelectBackward0, {self}).save(m).output(out);
  return out;
}
Tensor Tensor::masked_select(const Tensor& mask) const { return xgrad::masked_select(*this, mask); }
Tensor& masked_select_out(Tensor& out, const Tensor& self, const Tensor& mask) {
  return assign_out(out, xgrad::masked_select(self, mask));
}
Tensor& masked_select_outf(const Tensor& self, const Tensor& mask, Tensor& out) { return masked_select_out(out, self, mask); }

// ---- index_add, index_copy, index_fill, index_reduce ----

Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = index_add_result(self, d, index, source, alpha);
  record(kIndexAddBackward0, {self, source}, DimAlpha{d, alpha}).save(index).output(out);
  return out;
}
Tensor Tensor::index_add(int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) const {
  return xgrad::index_add(*this, dim, index, source, alpha);
}
Tensor& Tensor::index_add_(int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  auto rec = detail::record_inplace("index_add_", kIndexAddBackward0, {*this, source}, DimAlpha{d, alpha});
  write_back(*this, index_add_result(*this, d, index, source, alpha));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor& index_add_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                      const Scalar& alpha) {
  return assign_out(out, xgrad::index_add(self, dim, index, source, alpha));
}
Tensor& index_add_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha,
                       Tensor& out) {
  return index_add_out(out, self, dim, index, source, alpha);
}

Tensor index_copy(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = index_copy_result(self, d, index, source);
  record(kIndexCopyBackward0, {self, source}, d).save(index).output(out);
  return out;
}
Tensor Tensor::index_copy(int64_t dim, const Tensor& index, const Tensor& source) const {
  return xgrad::index_copy(*this, dim, index, source);
}
Tensor& Tensor::index_copy_(int64_t dim, const Tensor& index, const Tensor& source) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  auto rec = detail::record_inplace("index_copy_", kIndexCopyBackward0, {*this, source}, d);
  write_back(*this, index_copy_result(*this, d, index, source));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor& index_copy_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  return assign_out(out, xgrad::index_copy(self, dim, index, source));
}
Tensor& index_copy_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, Tensor& out) {
  return index_copy_out(out, self, dim, index, source);
}

Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = index_fill_result(self, d, index, value);
  record(kIndexFillBackward0, {self}, d).save(index).output(out);
  return out;
}
Tensor index_fill(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  Tensor out = index_fill_result(self, d, index, fill_value_of(value, "index_fill_"));
  record(kIndexFillBackward1, {self, value}, d).save(index).output(out);
  return out;
}
Tensor Tensor::index_fill(int64_t dim, const Tensor& index, const Scalar& value) const {
  return xgrad::index_fill(*this, dim, index, value);
}
Tensor Tensor::index_fill(int64_t dim, const Tensor& index, const Tensor& value) const {
  return xgrad::index_fill(*this, dim, index, value);
}
Tensor& Tensor::index_fill_(int64_t dim, const Tensor& index, const Scalar& value) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  auto rec = detail::record_inplace("index_fill_", kIndexFillBackward0, {*this}, d);
  write_back(*this, index_fill_result(*this, d, index, value));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor& Tensor::index_fill_(int64_t dim, const Tensor& index, const Tensor& value) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  const Scalar v = fill_value_of(value, "index_fill_");
  auto rec = detail::record_inplace("index_fill_", kIndexFillBackward1, {*this, value}, d);
  write_back(*this, index_fill_result(*this, d, index, v));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor& index_fill_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  return assign_out(out, xgrad::index_fill(self, dim, index, value));
}
Tensor& index_fill_outf(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value, Tensor& out) {
  return index_fill_out(out, self, dim, index, value);
}
Tensor& index_fill_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value) {
  return assign_out(out, xgrad::index_fill(self, dim, index, value));
}
Tensor& index_fill_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& value, Tensor& out) {
  return index_fill_out(out, self, dim, index, value);
}

namespace {
/// index_reduce as a scatter_reduce with index expanded to source's sizes.
Tensor index_reduce_result(const char* op, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                           Reduce r, bool include_self, Tensor* expanded) {
  check_index_add(op, self, dim, index, source);
  *expanded = expand_index(index, source.sizes(), dim);
  return index_scatter_result(op, self, dim, index, source, r, include_self);
}
}  // namespace

Tensor index_reduce(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source, std::string_view reduce,
                    bool include_self) {
  const int64_t d = wrap_index_dim(dim, self.dim());
  const Reduce r = index_reduce_kind(reduce);
  Tensor expanded;
  Tensor out = index_reduce_result("index_reduce_", self, d, index, source, r, include_self, &expanded);
  record(kIndexReduceBackward0, {self, source}, ReduceState{d, r, include_self})
      .save(self).save(expanded).save(source).output(out).save(out);
  return out;
}
Tensor Tensor::index_reduce(int64_t dim, const Tensor& index, const Tensor& source, std::string_view reduce,
                            bool include_self) const {
  return xgrad::index_reduce(*this, dim, index, source, reduce, include_self);
}
Tensor& Tensor::index_reduce_(int64_t dim, const Tensor& index, const Tensor& source, std::string_view reduce,
                              bool include_self) const {
  const int64_t d = wrap_index_dim(dim, this->dim());
  const Reduce r = index_reduce_kind(reduce);
  auto rec = detail::record_inplace("index_reduce_", kIndexReduceBackward0, {*this, source}, ReduceState{d, r, include_self});
  const Tensor old = old_value(*this, static_cast<bool>(rec));
  Tensor expanded;
  const Tensor res = index_reduce_result("index_reduce_", *this, d, index, source, r, include_self, &expanded);
  write_back(*this, res);
  rec.save(old).save(expanded).save(source).save(res);
  return rec.finish_inplace(*this);
}
Tensor& index_reduce_out(Tensor& out, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                         std::string_view reduce, bool include_self) {
  return assign_out(out, xgrad::index_reduce(self, dim, index, source, reduce, include_self));
}
Tensor& index_reduce_outf(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                          std::string_view reduce, bool include_self, Tensor& out) {
  return index_reduce_out(out, self, dim, index, source, reduce, include_self);
}

// ---- take, take_along_dim, put ----

Tensor take(const Tensor& self, const Tensor& index) {
  detail::check_defined(self, "take");
  XGRAD_CHECK(index.scalar_type() == kLong, "take(): Expected a long tensor for index, but got {}",
              toString(index.scalar_type()));
  const std::vector<int64_t> at = flat_positions(index, self.numel());
  const std::vector<int64_t> from = walk_offsets(self.sizes(), self.strides());
  Tensor out = empty(index.sizes(), self.scalar_type());
  detail::dispatch_all(self.scalar_type(), "take", [&](auto tag) {
    using T = decltype(tag);
    const T* x = self.data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < at.size(); ++i) o[i] = x[from[static_cast<size_t>(at[i])]];
  });
  record(kTakeBackward0, {self}).save(index).output(out);
  return out;
}
Tensor Tensor::take(const Tensor& index) const { return xgrad::take(*this, index); }
Tensor& take_out(Tensor& out, const Tensor& self, const Tensor& index) { return assign_out(out, xgrad::take(self, index)); }
Tensor& take_outf(const Tensor& self, const Tensor& index, Tensor& out) { return take_out(out, self, index); }

Tensor take_along_dim(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim) {
  XGRAD_CHECK(indices.scalar_type() == kLong, "torch.take_along_dim(): dtype of indices should be Long but got {}",
              toString(indices.scalar_type()));
  if (!dim.has_value()) return self.view({-1}).gather(0, indices.view({-1}));
  const int64_t d = wrap_index_dim(*dim, self.dim());
  XGRAD_CHECK(self.dim() == indices.dim(),
              "torch.take_along_dim(): input and indices should have the same number of dimensions, but got {} "
              "dimensions for input, and {} dimensions for indices",
              self.dim(), indices.dim());
  // Broadcast all dims but d, as libtorch does.
  std::vector<int64_t> self_sizes = self.sizes().vec();
  if (!self_sizes.empty()) self_sizes[static_cast<size_t>(d)] = indices.size(d);
  std::vector<int64_t> shape = detail::broadcast_shapes(self_sizes, indices.sizes(), "take_along_dim");
  const Tensor ix = indices.expand(shape);
  if (!shape.empty()) shape[static_cast<size_t>(d)] = self.size(d);
  return self.expand(shape).gather(d, ix);
}
Tensor Tensor::take_along_dim(const Tensor& indices, std::optional<int64_t> dim) const {
  return xgrad::take_along_dim(*this, indices, dim);
}
Tensor& take_along_dim_out(Tensor& out, const Tensor& self, const Tensor& indices, std::optional<int64_t> dim) {
  return assign_out(out, xgrad::take_along_dim(self, indices, dim));
}
Tensor& take_along_dim_outf(const Tensor& self, const Tensor& indices, std::optional<int64_t> dim, Tensor& out) {
  return take_along_dim_out(out, self, indices, dim);
}

Tensor put(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
  Tensor out = put_result(self, index, source, accumulate);
  record(kPutBackward0, {self, source}, accumulate).save(index).output(out);
  return out;
}
Tensor Tensor::put(const Tensor& index, const Tensor& source, bool accumulate) const {
  return xgrad::put(*this, index, source, accumulate);
}
Tensor& Tensor::put_(const Tensor& index, const Tensor& source, bool accumulate) const {
  auto rec = detail::record_inplace("put_", kPutBackward0, {*this, source}, accumulate);
  write_back(*this, put_result(*this, index, source, accumulate));
  rec.save(index);
  return rec.finish_inplace(*this);
}
Tensor& put_out(Tensor& out, const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate) {
  return assign_out(out, xgrad::put(self, index, source, accumulate));
}
Tensor& put_outf(const Tensor& self, const Tensor& index, const Tensor& source, bool accumulate, Tensor& out) {
  return put_out(out, self, index, source, accumulate);
}

// ---- where, nonzero ----

Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other) {
  return where_recorded(condition, self, other, result_type(self, other));
}
Tensor& where_out(Tensor& out, const Tensor& condition, const Tensor& self, const Tensor& other) {
  return assign_out(out, xgrad::where(condition, self, other));
}
Tensor& where_outf(const Tensor& condition, const Tensor& self, const Tensor& other, Tensor& out) {
  return where_out(out, condition, self, other);
}
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other) {
  const ScalarType ct = result_type(other, self);
  return where_recorded(condition, full({}, self, ct), other, ct);
}
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other) {
  const ScalarType ct = result_type(self, other);
  return where_recorded(condition, self, full({}, other, ct), ct);
}
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other) {
  const ScalarType ct = promote_types(scalar_kind(self), scalar_kind(other));
  return where_recorded(condition, full({}, self, ct), full({}, other, ct), ct);
}
std::vector<Tensor> where(const Tensor& condition) { return nonzero_numpy(condition); }
Tensor Tensor::where(const Tensor& condition, const Tensor& other) const { return xgrad::where(condition, *this, other); }

Tensor nonzero(const Tensor& self) {
  detail::check_defined(self, "nonzero");
  const std::vector<int64_t> at = walk_offsets(self.sizes(), self.strides());
  std::vector<bool> hit(at.size());
  detail::dispatch_all(self.scalar_type(), "nonzero", [&](auto tag) {
    using T = decltype(tag);
    const T* x = self.data_ptr<T>();
    for (size_t i = 0; i < at.size(); ++i) hit[i] = x[at[i]] != T(0);
  });
  const int64_t nd = self.dim();
  const int64_t n = std::count(hit.begin(), hit.end(), true);
  Tensor out = empty({n, nd}, kLong);
  int64_t* o = out.data_ptr<int64_t>();
  std::vector<int64_t> counter(static_cast<size_t>(nd), 0);
  for (size_t i = 0; i < hit.size(); ++i) {
    if (hit[i]) o = std::copy(counter.begin(), counter.end(), o);
    for (int64_t d = nd; d-- > 0;) {
      if (++counter[static_cast<size_t>(d)] < self.size(d)) break;
      counter[static_cast<size_t>(d)] = 0;
    }
  }
  return out;
}
Tensor Tensor::nonzero() const { return xgrad::nonzero(*this); }
Tensor& nonzero_out(Tensor& out, const Tensor& self) { return assign_out(out, xgrad::nonzero(self)); }
Tensor& nonzero_outf(const Tensor& self, Tensor& out) { return nonzero_out(out, self); }
std::vector<Tensor> nonzero_numpy(const Tensor& self) {
  NoGradGuard guard;
  if (self.dim() == 0) return self.unsqueeze(0).nonzero().unbind(1);
  return self.nonzero().unbind(1);
}
Tensor argwhere(const Tensor& self) { return xgrad::nonzero(self); }
Tensor Tensor::argwhere() const { return xgrad::nonzero(*this); }

// ---- fill_diagonal_ ----

Tensor& Tensor::fill_diagonal_(const Scalar& fill_value, bool wrap) const {
  const int64_t nd = dim();
  XGRAD_CHECK(nd >= 2, "dimensions must larger than 1");
  const int64_t height = size(0), width = size(1);
  for (int64_t d = 1; nd > 2 && d < nd; ++d)
    XGRAD_CHECK(size(d) == height, "all dimensions of input must be of equal length");
  auto rec = detail::record_inplace("fill_diagonal_", kFillDiagonalBackward, {*this}, wrap);
  detail::check_no_internal_overlap(*this, "fill_diagonal_");
  int64_t step = 0;
  for (int64_t d = 0; d < nd; ++d) step += stride(d);
  std::vector<int64_t> at;
  for (int64_t i = 0; i < std::min(height, width); ++i) at.push_back(i * step);
  // wrap: a tall matrix restarts the diagonal every width + 1 rows, as NumPy's fill_diagonal.
  if (wrap && nd == 2 && height > width + 1)
    for (int64_t start = width + 1; start < height; start += width + 1)
      for (int64_t i = 0; i < width && start + i < height; ++i) at.push_back((start + i) * stride(0) + i * stride(1));
  detail::dispatch_all(scalar_type(), "fill_diagonal_", [&](auto tag) {
    using T = decltype(tag);
    const T v = fill_value.to<T>();
    T* x = data_ptr<T>();
    for (int64_t a : at) x[a] = v;
  });
  return rec.finish_inplace(*this);
}

// ---- advanced indexing: index, index_put ----

Tensor index(const Tensor& self, const std::vector<std::optional<Tensor>>& indices) {
  detail::check_defined(self, "index");
  const std::vector<Tensor> idx = expand_masks(self, indices);
  Tensor out = index_result(self, plan_index(self, idx));
  auto rec = record(kIndexBackward0, {self}, index_state(idx, false));
  for (const Tensor& t : idx)
    if (t.defined()) rec.save(t);
  rec.output(out);
  return out;
}
Tensor Tensor::index(const std::vector<std::optional<Tensor>>& indices) const { return xgrad::index(*this, indices); }
Tensor& index_out(Tensor& out, const Tensor& self, const std::vector<std::optional<Tensor>>& indices) {
  return assign_out(out, xgrad::index(self, indices));
}
Tensor& index_outf(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, Tensor& out) {
  return index_out(out, self, indices);
}

namespace {
Tensor index_put_result(const Tensor& self, const std::vector<Tensor>& idx, const Tensor& values, bool accumulate) {
  Tensor res = fresh_copy(self);
  index_put_kernel(res, plan_index(res, idx), values, accumulate);
  return res;
}
}  // namespace

Tensor index_put(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                 bool accumulate) {
  detail::check_defined(self, "index_put");
  const std::vector<Tensor> idx = expand_masks(self, indices);
  Tensor out = index_put_result(self, idx, values, accumulate);
  auto rec = record(kIndexPutBackward0, {self, values}, index_state(idx, accumulate));
  for (const Tensor& t : idx)
    if (t.defined()) rec.save(t);
  rec.output(out);
  return out;
}
Tensor& index_put_(Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                   bool accumulate) {
  return self.index_put_(indices, values, accumulate);
}
Tensor Tensor::index_put(const std::vector<std::optional<Tensor>>& indices, const Tensor& values, bool accumulate) const {
  return xgrad::index_put(*this, indices, values, accumulate);
}
Tensor& Tensor::index_put_(const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                           bool accumulate) const {
  detail::check_defined(*this, "index_put_");
  const std::vector<Tensor> idx = expand_masks(*this, indices);
  auto rec = detail::record_inplace("index_put_", kIndexPutBackward0, {*this, values}, index_state(idx, accumulate));
  write_back(*this, index_put_result(*this, idx, detail::readable_while_writing(values, *this), accumulate));
  for (const Tensor& t : idx)
    if (t.defined()) rec.save(t);
  return rec.finish_inplace(*this);
}
Tensor& index_put_out(Tensor& out, const Tensor& self, const std::vector<std::optional<Tensor>>& indices,
                      const Tensor& values, bool accumulate) {
  return assign_out(out, xgrad::index_put(self, indices, values, accumulate));
}
Tensor& index_put_outf(const Tensor& self, const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                       bool accumulate, Tensor& out) {
  return index_put_out(out, self, indices, values, accumulate);
}

// ---- torch::indexing: Tensor::index and Tensor::index_put_ with TensorIndex lists ----

namespace {

/// Python's subscript applied as libtorch's applySlicing: integers select, slices slice, None
/// unsqueezes, Ellipsis skips the dims not named (views of self); the tensors are returned, one entry
/// per dim of the result (nullopt for the dims they do not index), for an advanced index after.
Tensor apply_slicing(const Tensor& self, ArrayRef<indexing::TensorIndex> indices,
                     std::vector<std::optional<Tensor>>& tensors) {
  using indexing::TensorIndex;
  int64_t specified = 0;
  for (const TensorIndex& i : indices) {
    if (i.is_integer() || i.is_slice()) ++specified;
    else if (i.is_tensor()) {
      const ScalarType st = i.tensor().scalar_type();
      specified += (st == kBool || st == kByte) ? i.tensor().dim() : 1;
    }
  }
  XGRAD_CHECK(specified <= self.dim(), "too many indices for tensor of dimension {}", self.dim());
  Tensor result = self;
  int64_t dim = 0, real_dim = 0;
  int64_t extra = 0;  // the dims that masks cover beyond their first: the list holds a mask once
  for (const TensorIndex& i : indices) {
    if (i.is_integer()) {
      const int64_t size = result.size(dim);
      const int64_t k = i.integer();
      XGRAD_CHECK(k >= -size && k < size, "index {} is out of bounds for dimension {} with size {}", k, real_dim, size);
      result = result.select(dim, k < 0 ? k + size : k);
      ++real_dim;
    } else if (i.is_slice()) {
      const indexing::Slice& s = i.slice();
      XGRAD_CHECK(s.step() > 0, "step must be greater than zero");
      result = result.slice(dim, s.start(), s.stop(), s.step());
      tensors.resize(static_cast<size_t>(dim + 1 - extra));
      ++dim;
      ++real_dim;
    } else if (i.is_none()) {
      result = result.unsqueeze(dim);
      tensors.resize(static_cast<size_t>(dim + 1 - extra));
      ++dim;
    } else if (i.is_ellipsis()) {
      const int64_t skip = self.dim() - specified;
      dim += skip;
      real_dim += skip;
      tensors.resize(static_cast<size_t>(dim - extra));
    } else if (i.is_boolean()) {
      // x[True] adds a dim of size 1, x[False] one of size 0.
      result = result.unsqueeze(dim);
      if (!i.boolean()) result = result.narrow(dim, 0, 0);
      tensors.resize(static_cast<size_t>(dim + 1 - extra));
      ++dim;
    } else {
      const Tensor& t = i.tensor();
      const ScalarType st = t.scalar_type();
      const int64_t covers = (st == kBool || st == kByte) ? t.dim() : 1;
      tensors.resize(static_cast<size_t>(dim - extra));
      tensors.emplace_back(t);
      extra += covers - 1;
      dim += covers;
      real_dim += covers;
    }
  }
  return result;
}

bool any_tensor(const std::vector<std::optional<Tensor>>& tensors) {
  for (const auto& t : tensors)
    if (t.has_value()) return true;
  return false;
}

}  // namespace

Tensor Tensor::index(ArrayRef<indexing::TensorIndex> indices) const {
  std::vector<std::optional<Tensor>> tensors;
  Tensor sliced = apply_slicing(*this, indices, tensors);
  return any_tensor(tensors) ? xgrad::index(sliced, tensors) : sliced;
}
Tensor Tensor::index(std::initializer_list<indexing::TensorIndex> indices) const {
  return index(ArrayRef<indexing::TensorIndex>(indices.begin(), indices.size()));
}
Tensor& Tensor::index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& rhs) const {
  std::vector<std::optional<Tensor>> tensors;
  Tensor sliced = apply_slicing(*this, indices, tensors);
  if (any_tensor(tensors)) {
    sliced.index_put_(tensors, rhs);
  } else {
    sliced.copy_(rhs);
  }
  return const_cast<Tensor&>(*this);
}
Tensor& Tensor::index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& v) const {
  std::vector<std::optional<Tensor>> tensors;
  Tensor sliced = apply_slicing(*this, indices, tensors);
  if (any_tensor(tensors)) {
    sliced.index_put_(tensors, full({}, v, scalar_type()));
  } else {
    sliced.fill_(v);
  }
  return const_cast<Tensor&>(*this);
}
Tensor& Tensor::index_put_(std::initializer_list<indexing::TensorIndex> indices, const Tensor& rhs) const {
  return index_put_(ArrayRef<indexing::TensorIndex>(indices.begin(), indices.size()), rhs);
}
Tensor& Tensor::index_put_(std::initializer_list<indexing::TensorIndex> indices, const Scalar& v) const {
  return index_put_(ArrayRef<indexing::TensorIndex>(indices.begin(), indices.size()), v);
}

}  // namespace xgrad
