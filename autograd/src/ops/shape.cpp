// Shape ops: dtype conversions and copies, views, and the ops that join or pick along a dim.
//
// A view shares its input's Storage and changes only (sizes, strides, offset): element
// (i_0, ..., i_k) of a view is storage[offset + sum_d i_d * stride_d]. So views cost no copy, and an
// in-place change through a view reaches its base. Forward y, input x, upstream gradient g = dL/dy:
//   view / reshape / flatten / squeeze / unsqueeze   y = x, resized        dx = g.reshape(x.sizes)
//   transpose(d0, d1), t()                           dims d0, d1 swapped    dx = g.transpose(d0, d1)
//   permute(p)                                       y dim k = x dim p[k]   dx = g.permute(p^-1)
//   expand(sizes)                                    x broadcast (stride 0) dx = g summed over the broadcast
//                                                                           dims (the engine's sum_to)
//   select(d, i), slice(d, a, b, s), narrow           a part of x           dx = zeros(x.sizes), g written
//                                                                           into that part
// Copies (fresh contiguous outputs, written by copy_into, the one strided/broadcasting/casting copy):
//   to(dtype), clone(), contiguous()                 y = x (cast)           dx = g cast back to x's dtype
//   x.copy_(src)                                     x := src broadcast,    dsrc = g summed to src's shape
//                                                    cast to x's dtype      (the engine), d(old x) = 0
//   cat(xs, d)                                       xs joined along d      dx_i = g.narrow(d, offset_i, n_i)
//   stack(xs, d)                                     y.select(d, i) = x_i   dx_i = g.select(d, i)
//   index_select(x, d, idx)                          y[.., j, ..] = x[.., idx[j], ..]
//                                                                           dx[.., idx[j], ..] += g[.., j, ..]
// More views (the second half of this file), each y a view of x unless marked:
//   movedim(src, dst), swapaxes, adjoint, mT, mH    a permute / transpose        as permute / transpose
//   unfold(d, size, step)                          y[.., i, .., j] = x[.., i step + j, ..]
//                                                                           dx = zeros, g added window by window
//   as_strided(sizes, strides, offset)             any window onto x's storage dx = g added into a zero
//                                                                           storage, read back with x's layout
//   t_, transpose_, squeeze_, unsqueeze_, as_strided_  self takes the view's layout in place
//   sum_to_size(s) (a copy)                        x summed to s               dx = g expanded back
// The backwards of select/slice and index_select are recorded too (SelectBackwardBackward0,
// SliceBackwardBackward0, IndexAddBackward0), so that create_graph gives double derivatives.
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/size_math.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <tuple>
#include <type_traits>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "../memory_format.h"
#include "views.h"

namespace xgrad {

namespace detail {

namespace {

template <typename O, typename A>
O cast_value(A x) {
  if constexpr (std::is_same<O, bool>::value) {
    return x != A(0);
  } else if constexpr (std::is_same<O, uint8_t>::value && std::is_floating_point<A>::value) {
    return static_cast<uint8_t>(static_cast<int64_t>(x));  // wraps like PyTorch instead of UB
  } else {
    return static_cast<O>(x);
  }
}

bool same_layout(const Tensor& a, const Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.storage_offset() == b.storage_offset() && a.sizes() == b.sizes() &&
         a.strides() == b.strides();
}

}  // namespace

void copy_into(const Tensor& dst, const Tensor& src) {
  XGRAD_CHECK(broadcastable_to(src.sizes(), dst.sizes()),
              "copy_: the source of shape {} cannot be broadcast to the destination's shape {}",
              shape_str(src.sizes()), shape_str(dst.sizes()));
  if (dst.numel() == 0) return;
  if (dst.impl()->storage() == src.impl()->storage()) {
    if (same_layout(dst, src)) return;
    // Overlapping memory: read everything before writing anything.
    Tensor staged = empty(src.sizes(), src.scalar_type());
    copy_into(staged, src);
    copy_into(dst, staged);
    return;
  }
  if (dst.scalar_type() == src.scalar_type() && dst.is_contiguous() && src.is_contiguous() &&
      dst.sizes() == src.sizes()) {
    std::memcpy(dst.data_ptr(), src.data_ptr(), dst.nbytes());
    return;
  }
  dispatch_all(dst.scalar_type(), "copy_", [&](auto out_tag) {
    using O = decltype(out_tag);
    dispatch_all(src.scalar_type(), "copy_", [&](auto in_tag) {
      using A = decltype(in_tag);
      unary_kernel<O, A>(dst, src, [](A x) { return cast_value<O>(x); });
    });
  });
}

}  // namespace detail

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;

/// A new TensorImpl over self's storage: the caller decides whether it counts as a view.
Tensor restride(const Tensor& self, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset) {
  return Tensor(std::make_shared<TensorImpl>(self.impl()->storage(), self.scalar_type(), std::move(sizes),
                                             std::move(strides), offset));
}

Tensor make_view(const Tensor& self, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset) {
  Tensor out = restride(self, std::move(sizes), std::move(strides), offset);
  out.impl()->set_is_view(true);
  return out;
}

int64_t product(IntArrayRef sizes, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end; ++i) p *= sizes[i];
  return p;
}

// ---- shape arithmetic ----

/// The sizes asked for, with a -1 replaced by what makes numel match.
std::vector<int64_t> infer_size(IntArrayRef shape, int64_t numel, ScalarType dtype, const char* op) {
  std::vector<int64_t> sizes = shape.vec();
  std::optional<size_t> inferred;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      XGRAD_CHECK(!inferred, "{}: only one dimension can be inferred (shape {})", op, detail::shape_str(shape));
      inferred = i;
    } else {
      XGRAD_CHECK(sizes[i] >= 0, "{}: invalid shape dimension {} in shape {}", op, sizes[i], detail::shape_str(shape));
    }
  }
  // The product of the given sizes (the -1 counted as 1 for now), which must itself be a valid shape.
  if (inferred) sizes[*inferred] = 1;
  const std::optional<int64_t> product_of_known = detail::numel_of(sizes);
  if (!product_of_known) throw Error(detail::shape_too_large(op, shape));
  const int64_t known = *product_of_known;
  if (inferred) {
    XGRAD_CHECK(known != 0, "{}: cannot reshape tensor of 0 elements into shape {} because the unspecified "
                "dimension size -1 can be any value and is ambiguous", op, detail::shape_str(shape));
    XGRAD_CHECK(numel % known == 0, "{}: shape '{}' is invalid for input of size {}", op, detail::shape_str(shape),
                numel);
    sizes[*inferred] = numel / known;
  } else {
    XGRAD_CHECK(known == numel, "{}: shape '{}' is invalid for input of size {}", op, detail::shape_str(shape), numel);
  }
  // A shape with elements has the input's numel, whose bytes fit; an empty one's strides in bytes may not.
  if (numel == 0) detail::checked_numel(sizes, dtype, op);
  return sizes;
}

/// Strides that show a tensor of (sizes, strides) as new_sizes without moving data, or nullopt.
///
/// The old layout splits into chunks: maximal runs of dims (size-1 dims ignored) that are
/// contiguous with one another, each a flat block of `numel` elements `base` apart. A view exists
/// iff the new dims, taken from the innermost, group into runs whose products are exactly those
/// chunks' numels; within a chunk the new strides are base times the sizes of the inner new dims.
std::optional<std::vector<int64_t>> view_strides(const Tensor& self, IntArrayRef new_sizes) {
  if (self.is_contiguous()) return detail::contiguous_strides(new_sizes);
  const IntArrayRef sizes = self.sizes(), strides = self.strides();
  struct Chunk {
    int64_t numel, base;
  };
  std::vector<Chunk> chunks;  // innermost first
  int64_t next_outer_stride = 0;  // the stride the next old dim needs to extend the current chunk
  for (size_t d = sizes.size(); d-- > 0;) {
    if (sizes[d] == 1) continue;
    if (!chunks.empty() && strides[d] == next_outer_stride) {
      chunks.back().numel *= sizes[d];
    } else {
      chunks.push_back(Chunk{sizes[d], strides[d]});
    }
    // -1 when the product overflows: no stride continues the chunk then.
    next_outer_stride = (detail::CheckedInt(strides[d]) * sizes[d]).get().value_or(-1);
  }
  std::vector<int64_t> out(new_sizes.size());
  size_t c = 0;
  int64_t filled = 1;  // product of the new sizes placed in chunk c so far
  int64_t outer = 1;   // stride just outside the last placed dim (for size-1 dims beyond every chunk)
  for (size_t k = new_sizes.size(); k-- > 0;) {
    if (new_sizes[k] == 1) {
      out[k] = c < chunks.size() ? chunks[c].base * filled : outer;
      continue;
    }
    if (c == chunks.size()) return std::nullopt;
    out[k] = chunks[c].base * filled;
    outer = detail::outer_stride(new_sizes[k], out[k]);
    filled *= new_sizes[k];
    if (filled == chunks[c].numel) {
      ++c;
      filled = 1;
    } else if (filled > chunks[c].numel || chunks[c].numel % filled != 0) {
      return std::nullopt;  // this new dim would span two chunks
    }
  }
  if (c != chunks.size()) return std::nullopt;
  return out;
}

/// The widest dtype of the list (bool < byte < long < float < double is a chain, so the promoted
/// type of two tensors is always one of theirs).
ScalarType promoted_dtype(TensorList tensors) {
  const Tensor* widest = &tensors[0];
  for (const Tensor& t : tensors)
    if (result_type(*widest, t) == t.scalar_type()) widest = &t;
  return widest->scalar_type();
}

// ---- backward nodes ----

// y = x resized (view, reshape, squeeze, unsqueeze):  dx = g.reshape(x.sizes). One formula, one
// name per forward (libtorch's).
variable_list reshape_backward(const BackwardContext& c, const NoState&) {
  return {c.grad().reshape(c.input(0).sizes)};
}
const Derivative<> kViewBackward0{"ViewBackward0", reshape_backward};
const Derivative<> kReshapeAliasBackward0{"ReshapeAliasBackward0", reshape_backward};
const Derivative<> kUnsafeViewBackward0{"UnsafeViewBackward0", reshape_backward};
const Derivative<> kSqueezeBackward0{"SqueezeBackward0", reshape_backward};
const Derivative<> kSqueezeBackward1{"SqueezeBackward1", reshape_backward};
const Derivative<> kSqueezeBackward3{"SqueezeBackward3", reshape_backward};
const Derivative<> kUnsqueezeBackward0{"UnsqueezeBackward0", reshape_backward};

/// The two dims transpose swapped.
struct TransposeDims {
  int64_t dim0, dim1;
};

// y = x.transpose(d0, d1):  dx = g.transpose(d0, d1)
const Derivative<TransposeDims> kTransposeBackward0{
    "TransposeBackward0",
    [](const BackwardContext& c, const TransposeDims& s) { return variable_list{c.grad().transpose(s.dim0, s.dim1)}; }};

// y = x.t():  dx = g.t()
const Derivative<> kTBackward0{"TBackward0",
                               [](const BackwardContext& c, const NoState&) { return variable_list{c.grad().t()}; }};

// y = x.permute(p) (the dims wrapped):  dx = g.permute(p^-1)
const Derivative<std::vector<int64_t>> kPermuteBackward0{
    "PermuteBackward0", [](const BackwardContext& c, const std::vector<int64_t>& dims) {
      std::vector<int64_t> inverse(dims.size());
      for (size_t i = 0; i < dims.size(); ++i) inverse[static_cast<size_t>(dims[i])] = static_cast<int64_t>(i);
      return variable_list{c.grad().permute(inverse)};
    }};

// y = x.expand(sizes):  dx = g summed over the broadcast dims, which the engine does (Note
// [Broadcast reduction]).
const Derivative<> kExpandBackward0{"ExpandBackward0",
                                    [](const BackwardContext& c, const NoState&) { return variable_list{c.grad()}; }};

// y = x copied, maybe cast (clone, to):  dx = g cast back to x's dtype
variable_list copy_backward(const BackwardContext& c, const NoState&) { return {c.grad().to(c.input(0).dtype)}; }
const Derivative<> kCloneBackward0{"CloneBackward0", copy_backward};
const Derivative<> kToCopyBackward0{"ToCopyBackward0", copy_backward};

// self.copy_(src):  d(old self) = 0 (overwritten),  dsrc = g (summed to src's shape by the engine)
const Derivative<> kCopyBackwards{"torch::autograd::CopyBackwards", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.needs(0) ? zeros_like(c.grad()) : Tensor(), c.needs(1) ? c.grad() : Tensor()};
}};

/// select(dim, index) (both wrapped).
struct SelectArgs {
  int64_t dim, index;
};

/// slice(dim, start, end, step) (dim wrapped, start and end clamped into [0, size]).
struct SliceArgs {
  int64_t dim, start, end, step;
};

// y = select_backward(g0) (zeros with g0 written at index):  dg0 = g.select(dim, index)
const Derivative<SelectArgs> kSelectBackwardBackward0{
    "SelectBackwardBackward0",
    [](const BackwardContext& c, const SelectArgs& s) { return variable_list{c.grad().select(s.dim, s.index)}; }};

// y = slice_backward(g0) (zeros with g0 written into the slice):  dg0 = g.slice(dim, start, end, step)
const Derivative<SliceArgs> kSliceBackwardBackward0{
    "SliceBackwardBackward0", [](const BackwardContext& c, const SliceArgs& s) {
      return variable_list{c.grad().slice(s.dim, s.start, s.end, s.step)};
    }};

/// zeros(sizes) with g written into the part `pick` views (pick runs on a tensor without grad, so
/// it records nothing).
template <typename Pick>
Tensor embed(const Tensor& g, const std::vector<int64_t>& sizes, Pick&& pick) {
  Tensor out = zeros(sizes, g.scalar_type());
  detail::copy_into(pick(out), g);
  return out;
}

Tensor select_backward(const Tensor& g, const std::vector<int64_t>& sizes, const SelectArgs& s) {
  Tensor out = embed(g, sizes, [&](const Tensor& z) { return z.select(s.dim, s.index); });
  record(kSelectBackwardBackward0, {g}, s).output(out);
  return out;
}

Tensor slice_backward(const Tensor& g, const std::vector<int64_t>& sizes, const SliceArgs& s) {
  Tensor out = embed(g, sizes, [&](const Tensor& z) { return z.slice(s.dim, s.start, s.end, s.step); });
  record(kSliceBackwardBackward0, {g}, s).output(out);
  return out;
}

// y = x.select(dim, index):  dx = zeros(x.sizes) with g written at index (recorded, so twice
// differentiable)
const Derivative<SelectArgs> kSelectBackward0{"SelectBackward0", [](const BackwardContext& c, const SelectArgs& s) {
  return variable_list{select_backward(c.grad(), c.input(0).sizes, s)};
}};

// y = x.slice(dim, start, end, step):  dx = zeros(x.sizes) with g written into the slice (recorded)
const Derivative<SliceArgs> kSliceBackward0{"SliceBackward0", [](const BackwardContext& c, const SliceArgs& s) {
  return variable_list{slice_backward(c.grad(), c.input(0).sizes, s)};
}};

/// cat's dim and each input's size along it (-1 for a skipped 1-D empty input).
struct CatArgs {
  int64_t dim;
  std::vector<int64_t> dim_sizes;
};

// y = cat(xs, dim):  dx_i = g.narrow(dim, offset_i, n_i) (zeros for a skipped input)
const Derivative<CatArgs> kCatBackward0{"CatBackward0", [](const BackwardContext& c, const CatArgs& s) {
  const Tensor& g = c.grad();
  variable_list out(s.dim_sizes.size());
  int64_t offset = 0;
  for (size_t i = 0; i < s.dim_sizes.size(); ++i) {
    if (c.needs(i))
      out[i] = s.dim_sizes[i] < 0 ? zeros(c.input(i).sizes, g.scalar_type()) : g.narrow(s.dim, offset, s.dim_sizes[i]);
    offset += std::max<int64_t>(s.dim_sizes[i], 0);
  }
  return out;
}};

/// stack's dim and the number of tensors stacked.
struct StackArgs {
  int64_t dim;
  size_t count;
};

// y = stack(xs, dim):  dx_i = g.select(dim, i)
const Derivative<StackArgs> kStackBackward0{"StackBackward0", [](const BackwardContext& c, const StackArgs& s) {
  variable_list out(s.count);
  for (size_t i = 0; i < out.size(); ++i)
    if (c.needs(i)) out[i] = c.grad().select(s.dim, static_cast<int64_t>(i));
  return out;
}};

// ---- index_select and its backward ----

// y = index_select_backward(g0) (g0 added into zeros at index):  dg0 = g.index_select(dim, index),
// index saved
const Derivative<int64_t> kIndexAddBackward0{"IndexAddBackward0", [](const BackwardContext& c, const int64_t& dim) {
  return variable_list{c.grad().index_select(dim, c.saved(0))};
}};

/// The extents of `sizes` around dim: outer (dims before) and inner (dims after) element counts.
std::pair<int64_t, int64_t> outer_inner(IntArrayRef sizes, int64_t dim) {
  const size_t d = static_cast<size_t>(dim);
  return {product(sizes, 0, d), product(sizes, d + 1, sizes.size())};
}

/// zeros(sizes), then out[.., index[j], ..] += g[.., j, ..] along dim (repeated indices add up).
Tensor index_select_backward(const Tensor& g, const std::vector<int64_t>& sizes, int64_t dim, const Tensor& index) {
  Tensor out = zeros(sizes, g.scalar_type());
  const Tensor src = detail::as_dense(g, g.scalar_type());
  const Tensor idx = index.contiguous();
  const int64_t* ip = idx.data_ptr<int64_t>();
  const int64_t n = idx.numel(), size = sizes[static_cast<size_t>(dim)];
  int64_t outer, inner;
  std::tie(outer, inner) = outer_inner(sizes, dim);
  detail::dispatch_numeric(g.scalar_type(), "index_select_backward", [&](auto tag) {
    using T = decltype(tag);
    T* o = static_cast<T*>(out.data_ptr());
    const T* s = static_cast<const T*>(src.data_ptr());
    for (int64_t a = 0; a < outer; ++a) {
      for (int64_t j = 0; j < n; ++j) {
        T* dst = o + (a * size + ip[j]) * inner;
        const T* row = s + (a * n + j) * inner;
        for (int64_t k = 0; k < inner; ++k) dst[k] += row[k];
      }
    }
  });
  record(kIndexAddBackward0, {g}, dim).save(index).output(out);
  return out;
}

// y = x.index_select(dim, index):  dx = zeros(x.sizes) with g added at index (recorded), index saved
const Derivative<int64_t> kIndexSelectBackward0{
    "IndexSelectBackward0", [](const BackwardContext& c, const int64_t& dim) {
      return variable_list{index_select_backward(c.grad(), c.input(0).sizes, dim, c.saved(0))};
    }};

/// A view of self with these sizes and strides, recorded as `derivative` says: ViewBackward0 for
/// view, ReshapeAliasBackward0 for reshape's view path (PyTorch 1.13's _reshape_alias).
Tensor as_view(const Tensor& self, std::vector<int64_t> sizes, std::vector<int64_t> strides,
               const Derivative<>& derivative) {
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(derivative, {self}).output(out);
  return out;
}

const char* const kViewStrideError =
    "view size is not compatible with input tensor's size and stride (at least one dimension spans across two "
    "contiguous subspaces). Use .reshape(...) instead.";

}  // namespace

// ---- conversions and copies ----

Tensor Tensor::to(ScalarType dtype, bool /*non_blocking*/, bool copy) const {
  XGRAD_PROFILE_OP("to");
  if (dtype == scalar_type() && !copy) return *this;
  Tensor out = detail::copy_as(*this, dtype);
  if (isFloatingType(dtype)) record(kToCopyBackward0, {*this}).output(out);  // integers carry no grad
  return out;
}

Tensor Tensor::to(const TensorOptions& options, bool non_blocking, bool copy) const {
  return to(options.has_dtype() ? options.dtype() : scalar_type(), non_blocking, copy);
}

Tensor Tensor::to(Device device, ScalarType dtype, bool non_blocking, bool copy) const {
  detail::check_cpu_device(device, "to");
  return to(dtype, non_blocking, copy);
}

Tensor Tensor::to(const Tensor& other, bool non_blocking, bool copy) const {
  return to(other.scalar_type(), non_blocking, copy);
}

Tensor Tensor::contiguous(MemoryFormat memory_format) const {
  XGRAD_CHECK(memory_format != MemoryFormat::Preserve,
              "contiguous: preserve memory format is unsupported by the contiguous operator");
  detail::check_format_rank(static_cast<size_t>(dim()), memory_format, "contiguous");
  return is_contiguous(memory_format) ? *this : clone(memory_format);
}

Tensor Tensor::clone(std::optional<MemoryFormat> memory_format) const {
  XGRAD_PROFILE_OP("clone");
  const MemoryFormat format = memory_format.value_or(MemoryFormat::Preserve);
  Tensor out;
  if (format == MemoryFormat::Contiguous || (format == MemoryFormat::Preserve && is_contiguous())) {
    out = detail::copy_as(*this, scalar_type());
  } else {
    out = detail::empty_with_strides(sizes(), detail::strides_for_copy(*this, format, "clone"), scalar_type(),
                                     "clone");
    detail::copy_into(out, *this);
  }
  record(kCloneBackward0, {*this}).output(out);
  return out;
}

Tensor& Tensor::copy_(const Tensor& src, bool /*non_blocking*/) const {
  XGRAD_PROFILE_OP("copy_");
  detail::check_no_internal_overlap(*this, "copy_");
  autograd::check_inplace(*this, {src}, "copy_");
  detail::copy_into(*this, src);
  // Backward saves nothing, so recording after the copy is fine: the node's first edge is still
  // self's old history, which finish_inplace then replaces.
  auto recording = is_floating_point() ? record(kCopyBackwards, {*this, src}) : autograd::Recording<NoState>(nullptr);
  return recording.finish_inplace(*this);
}

// ---- views ----

Tensor Tensor::view(IntArrayRef size) const {
  XGRAD_PROFILE_OP("view");
  std::vector<int64_t> sizes = infer_size(size, numel(), scalar_type(), "view");
  std::optional<std::vector<int64_t>> strides = view_strides(*this, sizes);
  XGRAD_CHECK(strides.has_value(), "view: {} (input of shape {} with strides {}, asked for shape {})",
              kViewStrideError, detail::shape_str(this->sizes()), detail::shape_str(this->strides()),
              detail::shape_str(sizes));
  return as_view(*this, std::move(sizes), std::move(*strides), kViewBackward0);
}

Tensor Tensor::view_as(const Tensor& other) const { return view(other.sizes()); }

Tensor reshape(const Tensor& self, IntArrayRef shape) {
  XGRAD_PROFILE_OP("reshape");
  std::vector<int64_t> sizes = infer_size(shape, self.numel(), self.scalar_type(), "reshape");
  if (std::optional<std::vector<int64_t>> strides = view_strides(self, sizes))
    return as_view(self, std::move(sizes), std::move(*strides), kReshapeAliasBackward0);
  // No view exists: copy, then give the fresh copy the new shape.
  return detail::unsafe_view(self.clone(MemoryFormat::Contiguous), std::move(sizes));
}

namespace detail {
namespace {
/// fresh (contiguous) with other sizes of the same numel, recorded as derivative says.
Tensor resize_fresh(const Tensor& fresh, std::vector<int64_t> sizes, const Derivative<>& derivative) {
  std::vector<int64_t> strides = contiguous_strides(sizes);
  Tensor out = restride(fresh, std::move(sizes), std::move(strides), fresh.storage_offset());
  record(derivative, {fresh}).output(out);
  return out;
}
}  // namespace

Tensor unsafe_view(const Tensor& fresh, std::vector<int64_t> sizes) {
  return resize_fresh(fresh, std::move(sizes), kUnsafeViewBackward0);
}

Tensor squeeze_fresh(const Tensor& fresh, int64_t dim) {
  std::vector<int64_t> sizes = fresh.sizes().vec();
  sizes.erase(sizes.begin() + dim);
  return resize_fresh(fresh, std::move(sizes), kSqueezeBackward3);
}
}  // namespace detail
Tensor Tensor::reshape(IntArrayRef shape) const { return xgrad::reshape(*this, shape); }
Tensor Tensor::reshape_as(const Tensor& other) const { return xgrad::reshape(*this, other.sizes()); }

Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  XGRAD_PROFILE_OP("flatten");
  if (self.dim() == 0) return self.reshape({1});
  const int64_t start = detail::wrap_dim(start_dim, self.dim(), "flatten");
  const int64_t end = detail::wrap_dim(end_dim, self.dim(), "flatten");
  XGRAD_CHECK(start <= end, "flatten: start_dim cannot come after end_dim (got start_dim={} and end_dim={})",
              start_dim, end_dim);
  if (start == end) return self;
  const IntArrayRef in = self.sizes();
  std::vector<int64_t> sizes(in.begin(), in.begin() + start);
  sizes.push_back(product(in, static_cast<size_t>(start), static_cast<size_t>(end) + 1));
  sizes.insert(sizes.end(), in.begin() + end + 1, in.end());
  return self.reshape(sizes);
}
Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const { return xgrad::flatten(*this, start_dim, end_dim); }

Tensor squeeze(const Tensor& self) {
  XGRAD_PROFILE_OP("squeeze");
  std::vector<int64_t> sizes, strides;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (self.sizes()[d] == 1) continue;
    sizes.push_back(self.sizes()[d]);
    strides.push_back(self.strides()[d]);
  }
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(kSqueezeBackward0, {self}).output(out);
  return out;
}
Tensor Tensor::squeeze() const { return xgrad::squeeze(*this); }

Tensor squeeze(const Tensor& self, int64_t dim) {
  XGRAD_PROFILE_OP("squeeze");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "squeeze");
  std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides().vec();
  // Squeezing a dim whose size is not 1 leaves the shape as it is, as in PyTorch.
  if (self.dim() > 0 && sizes[d] == 1) {
    sizes.erase(sizes.begin() + d);
    strides.erase(strides.begin() + d);
  }
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(kSqueezeBackward1, {self}).output(out);
  return out;
}
Tensor Tensor::squeeze(int64_t dim) const { return xgrad::squeeze(*this, dim); }

Tensor unsqueeze(const Tensor& self, int64_t dim) {
  XGRAD_PROFILE_OP("unsqueeze");
  const int64_t d = detail::wrap_dim(dim, self.dim() + 1, "unsqueeze");
  std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides().vec();
  // The stride a contiguous tensor would have there, so that unsqueeze keeps contiguity.
  const int64_t stride = d < self.dim() ? detail::outer_stride(sizes[d], strides[d]) : 1;
  sizes.insert(sizes.begin() + d, 1);
  strides.insert(strides.begin() + d, stride);
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(kUnsqueezeBackward0, {self}).output(out);
  return out;
}
Tensor Tensor::unsqueeze(int64_t dim) const { return xgrad::unsqueeze(*this, dim); }

Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  XGRAD_PROFILE_OP("transpose");
  const int64_t d0 = detail::wrap_dim(dim0, self.dim(), "transpose");
  const int64_t d1 = detail::wrap_dim(dim1, self.dim(), "transpose");
  std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides().vec();
  if (self.dim() > 0) {
    std::swap(sizes[d0], sizes[d1]);
    std::swap(strides[d0], strides[d1]);
  }
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(kTransposeBackward0, {self}, {d0, d1}).output(out);
  return out;
}
Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const { return xgrad::transpose(*this, dim0, dim1); }

Tensor t(const Tensor& self) {
  XGRAD_PROFILE_OP("t");
  XGRAD_CHECK(self.dim() <= 2, "t: expects a tensor with <= 2 dimensions, but self is {}D (shape {})", self.dim(),
              detail::shape_str(self.sizes()));
  std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides().vec();
  std::reverse(sizes.begin(), sizes.end());
  std::reverse(strides.begin(), strides.end());
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(kTBackward0, {self}).output(out);
  return out;
}
Tensor Tensor::t() const { return xgrad::t(*this); }

Tensor permute(const Tensor& self, IntArrayRef dims) {
  XGRAD_PROFILE_OP("permute");
  const int64_t nd = self.dim();
  XGRAD_CHECK(static_cast<int64_t>(dims.size()) == nd,
              "permute: number of dims don't match in permute (got {} dims {} for a tensor of shape {})", dims.size(),
              detail::shape_str(dims), detail::shape_str(self.sizes()));
  std::vector<int64_t> wrapped(dims.size()), sizes(dims.size()), strides(dims.size());
  std::vector<bool> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = detail::wrap_dim(dims[i], nd, "permute");
    XGRAD_CHECK(!seen[static_cast<size_t>(d)], "permute: repeated dim {} in permute (dims {} are not a permutation)",
                dims[i], detail::shape_str(dims));
    seen[static_cast<size_t>(d)] = true;
    wrapped[i] = d;
    sizes[i] = self.sizes()[d];
    strides[i] = self.strides()[d];
  }
  Tensor out = make_view(self, std::move(sizes), std::move(strides), self.storage_offset());
  record(kPermuteBackward0, {self}, std::move(wrapped)).output(out);
  return out;
}
Tensor Tensor::permute(IntArrayRef dims) const { return xgrad::permute(*this, dims); }

Tensor Tensor::expand(IntArrayRef size, bool /*implicit*/) const {
  XGRAD_PROFILE_OP("expand");
  const int64_t nd = dim(), n = static_cast<int64_t>(size.size());
  XGRAD_CHECK(n >= nd,
              "expand: the number of sizes provided ({}) must be greater or equal to the number of dimensions in the "
              "tensor ({}) (target sizes {}, tensor sizes {})",
              n, nd, detail::shape_str(size), detail::shape_str(sizes()));
  std::vector<int64_t> out_sizes(static_cast<size_t>(n)), out_strides(static_cast<size_t>(n));
  for (int64_t i = n - 1; i >= 0; --i) {
    const int64_t d = i - (n - nd);  // the matching dim of self, or < 0 for a new leading dim
    int64_t target = size[static_cast<size_t>(i)];
    int64_t cur = 1;
    // A new leading dim of size 1 keeps the stride a contiguous tensor would give it.
    int64_t stride =
        i + 1 < n ? detail::outer_stride(out_sizes[static_cast<size_t>(i) + 1], out_strides[static_cast<size_t>(i) + 1])
                  : 1;
    if (d >= 0) {
      cur = sizes()[static_cast<size_t>(d)];
      stride = strides()[static_cast<size_t>(d)];
    }
    if (target == -1) {
      XGRAD_CHECK(d >= 0, "expand: the expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                  "dimension {} (target sizes {}, tensor sizes {})", i, detail::shape_str(size), detail::shape_str(sizes()));
      target = cur;
    }
    XGRAD_CHECK(target >= 0, "expand: invalid size {} at dimension {} (target sizes {}, tensor sizes {})", target, i,
                detail::shape_str(size), detail::shape_str(sizes()));
    if (target != cur) {
      XGRAD_CHECK(cur == 1,
                  "expand: The expanded size of the tensor ({}) must match the existing size ({}) at non-singleton "
                  "dimension {}.  Target sizes: {}.  Tensor sizes: {}",
                  target, cur, i, detail::shape_str(size), detail::shape_str(sizes()));
      stride = 0;  // every position along this dim reads the same element
    }
    out_sizes[static_cast<size_t>(i)] = target;
    out_strides[static_cast<size_t>(i)] = stride;
  }
  detail::checked_numel(out_sizes, scalar_type(), "expand");  // [1].expand({1 << 40, 1 << 40}) is too large
  Tensor out = make_view(*this, std::move(out_sizes), std::move(out_strides), storage_offset());
  record(kExpandBackward0, {*this}).output(out);
  return out;
}

Tensor Tensor::expand_as(const Tensor& other) const { return expand(other.sizes()); }

Tensor select(const Tensor& self, int64_t dim, int64_t index) {
  XGRAD_PROFILE_OP("select");
  XGRAD_CHECK(self.dim() > 0, "select: select() cannot be applied to a 0-dim tensor.");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "select");
  const int64_t size = self.sizes()[d];
  XGRAD_CHECK(index >= -size && index < size,
              "select: index {} out of range for tensor of size {} at dimension {} (of size {})", index,
              detail::shape_str(self.sizes()), d, size);
  const int64_t i = index < 0 ? index + size : index;
  std::vector<int64_t> sizes = self.sizes().vec(), strides = self.strides().vec();
  const int64_t offset = self.storage_offset() + i * strides[d];
  sizes.erase(sizes.begin() + d);
  strides.erase(strides.begin() + d);
  Tensor out = make_view(self, std::move(sizes), std::move(strides), offset);
  record(kSelectBackward0, {self}, {d, i}).output(out);
  return out;
}
Tensor Tensor::select(int64_t dim, int64_t index) const { return xgrad::select(*this, dim, index); }
Tensor Tensor::operator[](int64_t index) const { return xgrad::select(*this, 0, index); }

Tensor Tensor::slice(int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end, int64_t step) const {
  XGRAD_PROFILE_OP("slice");
  XGRAD_CHECK(this->dim() > 0, "slice: slice() cannot be applied to a 0-dim tensor.");
  const int64_t d = detail::wrap_dim(dim, this->dim(), "slice");
  XGRAD_CHECK(step > 0, "slice: slice step must be positive (got {})", step);
  const int64_t size = sizes()[d];
  // Python's rules: negative bounds count from the end, then both clamp into [0, size].
  int64_t s = start.value_or(0), e = end.value_or(size);
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = std::clamp<int64_t>(s, 0, size);
  e = std::clamp<int64_t>(e, s, size);
  std::vector<int64_t> out_sizes = sizes().vec(), out_strides = strides().vec();
  out_sizes[d] = e == s ? 0 : (e - s - 1) / step + 1;  // ceil((e - s) / step); e - s + step - 1 could overflow
  // An empty slice addresses nothing and keeps the offset: s * stride for s = size may pass the
  // end of a from_blob extent (and overflow).
  const int64_t offset = storage_offset() + (out_sizes[d] == 0 ? 0 : s * out_strides[d]);
  // With two or more elements, step is below the old size, so stride * step fits; a single
  // element's stride addresses nothing (and a huge step would overflow it).
  if (out_sizes[d] > 1) out_strides[d] *= step;
  Tensor out = make_view(*this, std::move(out_sizes), std::move(out_strides), offset);
  record(kSliceBackward0, {*this}, {d, s, e, step}).output(out);
  return out;
}

Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  XGRAD_PROFILE_OP("narrow");
  XGRAD_CHECK(self.dim() > 0, "narrow: narrow() cannot be applied to a 0-dim tensor.");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "narrow");
  const int64_t size = self.sizes()[d];
  XGRAD_CHECK(start >= -size && start <= size,
              "narrow: start out of range (expected to be in range of [{}, {}], but got {})", -size, size, start);
  const int64_t s = start < 0 ? start + size : start;
  XGRAD_CHECK(length >= 0 && s <= size - length,
              "narrow: start ({}) + length ({}) exceeds dimension size ({}) of dimension {} of a tensor of shape {}.",
              s, length, size, d, detail::shape_str(self.sizes()));
  return self.slice(d, s, s + length, 1);
}
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const {
  return xgrad::narrow(*this, dim, start, length);
}

// ---- joining and gathering ----

Tensor cat(TensorList tensors, int64_t dim) {
  XGRAD_PROFILE_OP("cat");
  XGRAD_CHECK(!tensors.empty(), "cat: expected a non-empty list of Tensors");
  // PyTorch's legacy rule: 1-D empty tensors are skipped, whatever the others' shapes.
  auto skipped = [](const Tensor& t) { return t.dim() == 1 && t.sizes()[0] == 0; };
  const Tensor* ref = nullptr;
  for (size_t i = 0; i < tensors.size(); ++i) {
    XGRAD_CHECK(tensors[i].defined(), "cat: tensor {} in the list is undefined", i);
    XGRAD_CHECK(tensors[i].dim() > 0, "cat: zero-dimensional tensor (at position {}) cannot be concatenated", i);
    if (!ref && !skipped(tensors[i])) ref = &tensors[i];
  }
  if (!ref) ref = &tensors[0];
  const int64_t nd = ref->dim();
  const int64_t d = detail::wrap_dim(dim, nd, "cat");
  std::vector<int64_t> sizes = ref->sizes().vec();
  sizes[d] = 0;
  std::vector<int64_t> dim_sizes(tensors.size(), -1);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    if (skipped(t) && &t != ref) continue;
    XGRAD_CHECK(t.dim() == nd, "cat: Tensors must have same number of dimensions: got {} and {} (shapes {} and {})",
                nd, t.dim(), detail::shape_str(ref->sizes()), detail::shape_str(t.sizes()));
    for (int64_t k = 0; k < nd; ++k) {
      XGRAD_CHECK(k == d || t.sizes()[k] == sizes[k],
                  "cat: Sizes of tensors must match except in dimension {}. Expected size {} but got size {} for "
                  "tensor number {} in the list (shapes {} and {}).",
                  d, sizes[k], t.sizes()[k], i, detail::shape_str(ref->sizes()), detail::shape_str(t.sizes()));
    }
    dim_sizes[i] = t.sizes()[d];
    const std::optional<int64_t> sum = (detail::CheckedInt(sizes[d]) + dim_sizes[i]).get();
    XGRAD_CHECK(sum, "cat: the sizes along dimension {} overflow int64: {} so far, plus {} of tensor number {} (shape {})",
                d, sizes[d], dim_sizes[i], i, detail::shape_str(t.sizes()));
    sizes[d] = *sum;
  }
  const ScalarType dtype = promoted_dtype(tensors);
  detail::checked_nbytes(sizes, dtype, "cat");
  Tensor out = empty(sizes, dtype);
  int64_t offset = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (dim_sizes[i] <= 0) continue;
    detail::copy_into(out.slice(d, offset, offset + dim_sizes[i]), tensors[i]);
    offset += dim_sizes[i];
  }
  if (out.is_floating_point()) record(kCatBackward0, tensors, {d, std::move(dim_sizes)}).output(out);
  return out;
}

Tensor stack(TensorList tensors, int64_t dim) {
  XGRAD_PROFILE_OP("stack");
  XGRAD_CHECK(!tensors.empty(), "stack: expects a non-empty TensorList");
  for (size_t i = 0; i < tensors.size(); ++i) {
    XGRAD_CHECK(tensors[i].defined(), "stack: tensor {} in the list is undefined", i);
    XGRAD_CHECK(tensors[i].sizes() == tensors[0].sizes(),
                "stack: expects each tensor to be equal size, but got {} at entry 0 and {} at entry {}",
                detail::shape_str(tensors[0].sizes()), detail::shape_str(tensors[i].sizes()), i);
  }
  const int64_t d = detail::wrap_dim(dim, tensors[0].dim() + 1, "stack");
  std::vector<int64_t> sizes = tensors[0].sizes().vec();
  sizes.insert(sizes.begin() + d, static_cast<int64_t>(tensors.size()));
  const ScalarType dtype = promoted_dtype(tensors);
  detail::checked_nbytes(sizes, dtype, "stack");
  Tensor out = empty(sizes, dtype);
  for (size_t i = 0; i < tensors.size(); ++i) detail::copy_into(out.select(d, static_cast<int64_t>(i)), tensors[i]);
  if (out.is_floating_point()) record(kStackBackward0, tensors, {d, tensors.size()}).output(out);
  return out;
}

Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  XGRAD_PROFILE_OP("index_select");
  XGRAD_CHECK(index.scalar_type() == kLong, "index_select: expected the index to be a Long tensor, got {}",
              toString(index.scalar_type()));
  XGRAD_CHECK(index.dim() <= 1, "index_select: the index is supposed to be a vector, got shape {}",
              detail::shape_str(index.sizes()));
  if (self.dim() == 0) {
    detail::wrap_dim(dim, 0, "index_select");
    XGRAD_CHECK(index.numel() == 1, "index_select: an index into a 0-dim tensor can have only 1 value, got {}",
                index.numel());
    return index_select(self.reshape({1}), 0, index).reshape(IntArrayRef());
  }
  const int64_t d = detail::wrap_dim(dim, self.dim(), "index_select");
  const Tensor idx = index.contiguous();
  const int64_t* ip = idx.data_ptr<int64_t>();
  const int64_t n = idx.numel(), size = self.sizes()[d];
  for (int64_t j = 0; j < n; ++j)
    XGRAD_CHECK(ip[j] >= 0 && ip[j] < size,
                "index_select: index {} is out of range for dimension {} of size {} (self of shape {})", ip[j], d,
                size, detail::shape_str(self.sizes()));
  std::vector<int64_t> sizes = self.sizes().vec();
  sizes[d] = n;
  detail::checked_nbytes(sizes, self.scalar_type(), "index_select");
  Tensor out = empty(sizes, self.scalar_type());
  const Tensor src = detail::as_dense(self, self.scalar_type());
  int64_t outer, inner;
  std::tie(outer, inner) = outer_inner(self.sizes(), d);
  detail::dispatch_all(self.scalar_type(), "index_select", [&](auto tag) {
    using T = decltype(tag);
    T* o = static_cast<T*>(out.data_ptr());
    const T* s = static_cast<const T*>(src.data_ptr());
    for (int64_t a = 0; a < outer; ++a) {
      const T* block = s + a * size * inner;
      if (inner == 1) {
        for (int64_t j = 0; j < n; ++j) o[j] = block[ip[j]];
      } else {
        for (int64_t j = 0; j < n; ++j) std::copy_n(block + ip[j] * inner, inner, o + j * inner);
      }
      o += n * inner;
    }
  });
  record(kIndexSelectBackward0, {self}, d).save(index).output(out);
  return out;
}
Tensor Tensor::index_select(int64_t dim, const Tensor& index) const { return xgrad::index_select(*this, dim, index); }

// ---- more views and shape ----

namespace detail {
Tensor strided_alias(const Tensor& self, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset) {
  return restride(self, std::move(sizes), std::move(strides), offset);
}

Tensor& write_out(Tensor& out, const Tensor& result) {
  if (out.sizes() != result.sizes()) out.set_data(empty(result.sizes(), out.scalar_type()));
  return out.copy_(result);
}
}  // namespace detail

namespace {

/// as_strided(sizes, strides, offset) and the layout of its input, for the backward.
struct AsStridedArgs {
  std::vector<int64_t> sizes, strides;
  int64_t offset;
  std::vector<int64_t> in_strides;
  int64_t in_offset;
};

/// Calls f(storage_index, k) for the k-th element (row-major) of the layout (sizes, strides, offset).
template <typename F>
void for_each_element(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset, F&& f) {
  const int64_t n = detail::checked_numel(sizes, "as_strided");
  std::vector<int64_t> counter(sizes.size(), 0);
  int64_t at = offset;
  for (int64_t k = 0; k < n; ++k) {
    f(at, k);
    for (size_t d = sizes.size(); d-- > 0;) {
      at += strides[d];
      if (++counter[d] < sizes[d]) break;
      at -= strides[d] * sizes[d];
      counter[d] = 0;
    }
  }
}

// y = x.as_strided(sizes, strides, offset):  the gradient of the storage is g added in at y's
// positions (overlaps add up); dx reads that storage with x's layout. (x laid out with overlaps, such
// as an expanded x, would need PyTorch's count division, which is not done.)
variable_list as_strided_backward(const BackwardContext& c, const AsStridedArgs& s) {
  const std::vector<int64_t>& in_sizes = c.input(0).sizes;
  int64_t extent = 0;  // one past the largest storage index either layout reaches
  auto reach = [&](const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset) {
    int64_t last = offset;
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (sizes[d] == 0) return;
      last += (sizes[d] - 1) * strides[d];
    }
    extent = std::max(extent, last + 1);
  };
  reach(s.sizes, s.strides, s.offset);
  reach(in_sizes, s.in_strides, s.in_offset);
  const Tensor g = c.grad().contiguous();
  Tensor storage = zeros({extent}, g.scalar_type());
  detail::dispatch_floating(g.scalar_type(), "as_strided_backward", [&](auto tag) {
    using T = decltype(tag);
    T* dst = storage.data_ptr<T>();
    const T* src = g.data_ptr<T>();
    for_each_element(s.sizes, s.strides, s.offset, [&](int64_t at, int64_t k) { dst[at] += src[k]; });
  });
  return {detail::strided_alias(storage, in_sizes, s.in_strides, s.in_offset).clone()};
}
const Derivative<AsStridedArgs> kAsStridedBackward0{"AsStridedBackward0", as_strided_backward};
const Derivative<AsStridedArgs> kAsStridedBackward1{"AsStridedBackward1", as_strided_backward};

/// unfold's dim (wrapped), window size and step.
struct UnfoldArgs {
  int64_t dim, size, step;
};

// y = x.unfold(d, size, step), y[.., i, .., j] = x[.., i step + j, ..]:  dx[.., i step + j, ..] += g[.., i, .., j]
const Derivative<UnfoldArgs> kUnfoldBackward0{"UnfoldBackward0", [](const BackwardContext& c, const UnfoldArgs& s) {
  const Tensor& g = c.grad();
  const std::vector<int64_t>& in_sizes = c.input(0).sizes;
  Tensor dx = zeros(in_sizes, g.scalar_type());
  if (in_sizes.empty()) return variable_list{g.reshape(IntArrayRef())};
  NoGradGuard no_grad;
  const int64_t windows = g.sizes()[static_cast<size_t>(s.dim)];
  for (int64_t i = 0; i < windows; ++i)
    dx.narrow(s.dim, i * s.step, s.size).add_(g.select(s.dim, i).movedim(-1, s.dim));
  return variable_list{dx};
}};

// In-place views (self takes the view's layout): the same formulas, libtorch's names for them.
const Derivative<> kTBackward1{"TBackward1",
                               [](const BackwardContext& c, const NoState&) { return variable_list{c.grad().t()}; }};
const Derivative<TransposeDims> kTransposeBackward1{
    "TransposeBackward1",
    [](const BackwardContext& c, const TransposeDims& s) { return variable_list{c.grad().transpose(s.dim0, s.dim1)}; }};
const Derivative<> kSqueezeBackward2{"SqueezeBackward2", reshape_backward};
const Derivative<> kSqueezeBackward3Inplace{"SqueezeBackward3", reshape_backward};
const Derivative<> kUnsqueezeBackward1{"UnsqueezeBackward1", reshape_backward};

/// Gives self the layout of `view` (computed without recording) as an in-place op recorded as
/// `derivative` says.
template <typename State>
Tensor& become_view(const Tensor& self, const Tensor& view, const Derivative<State>& derivative, State state,
                    const char* op) {
  autograd::check_inplace(self, {}, op);
  auto recording = record(derivative, {self}, std::move(state));  // before the change: the input's old sizes
  self.impl()->set_data_from(*view.impl());
  return recording.finish_inplace(self);
}

/// Dims of a tensor of `ndim` dims, wrapped, each at most once.
std::vector<int64_t> wrap_dims(IntArrayRef dims, int64_t ndim, const char* what, const char* op) {
  std::vector<int64_t> out;
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(ndim, 1)), false);
  for (int64_t d : dims) {
    const int64_t w = detail::wrap_dim(d, ndim, op);
    XGRAD_CHECK(!seen[static_cast<size_t>(w)], "movedim: repeated dim in `{}` ({})", what, detail::shape_str(dims));
    seen[static_cast<size_t>(w)] = true;
    out.push_back(w);
  }
  return out;
}

}  // namespace

Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination) {
  XGRAD_CHECK(source.size() == destination.size(),
              "movedim: Invalid source or destination dims: source ({} dims) should contain the same number of dims "
              "as destination ({} dims)",
              detail::shape_str(source), detail::shape_str(destination));
  const int64_t nd = self.dim();
  const std::vector<int64_t> src = wrap_dims(source, nd, "source", "movedim");
  const std::vector<int64_t> dst = wrap_dims(destination, nd, "destination", "movedim");
  if (nd == 0) return self;
  // Output position dst[i] takes dim src[i]; the other positions take the other dims in order.
  std::vector<int64_t> order(static_cast<size_t>(nd), -1);
  std::vector<bool> moved(static_cast<size_t>(nd), false);
  for (size_t i = 0; i < src.size(); ++i) {
    order[static_cast<size_t>(dst[i])] = src[i];
    moved[static_cast<size_t>(src[i])] = true;
  }
  int64_t next = 0;
  for (int64_t& o : order) {
    if (o >= 0) continue;
    while (moved[static_cast<size_t>(next)]) ++next;
    o = next++;
  }
  return self.permute(order);
}
Tensor movedim(const Tensor& self, int64_t source, int64_t destination) {
  return movedim(self, IntArrayRef(source), IntArrayRef(destination));
}
Tensor moveaxis(const Tensor& self, IntArrayRef source, IntArrayRef destination) {
  return movedim(self, source, destination);
}
Tensor moveaxis(const Tensor& self, int64_t source, int64_t destination) { return movedim(self, source, destination); }
Tensor Tensor::movedim(IntArrayRef source, IntArrayRef destination) const {
  return xgrad::movedim(*this, source, destination);
}
Tensor Tensor::movedim(int64_t source, int64_t destination) const {
  return xgrad::movedim(*this, source, destination);
}
Tensor Tensor::moveaxis(IntArrayRef source, IntArrayRef destination) const {
  return xgrad::movedim(*this, source, destination);
}
Tensor Tensor::moveaxis(int64_t source, int64_t destination) const {
  return xgrad::movedim(*this, source, destination);
}

Tensor swapaxes(const Tensor& self, int64_t axis0, int64_t axis1) { return self.transpose(axis0, axis1); }
Tensor swapdims(const Tensor& self, int64_t dim0, int64_t dim1) { return self.transpose(dim0, dim1); }
Tensor Tensor::swapaxes(int64_t axis0, int64_t axis1) const { return transpose(axis0, axis1); }
Tensor Tensor::swapdims(int64_t dim0, int64_t dim1) const { return transpose(dim0, dim1); }
Tensor& Tensor::swapaxes_(int64_t axis0, int64_t axis1) const { return transpose_(axis0, axis1); }
Tensor& Tensor::swapdims_(int64_t dim0, int64_t dim1) const { return transpose_(dim0, dim1); }

Tensor& Tensor::t_() const {
  Tensor view;
  {
    NoGradGuard no_grad;
    view = xgrad::t(*this);
  }
  return become_view(*this, view, kTBackward1, NoState{}, "t_");
}

Tensor& Tensor::transpose_(int64_t dim0, int64_t dim1) const {
  Tensor view;
  {
    NoGradGuard no_grad;
    view = xgrad::transpose(*this, dim0, dim1);
  }
  const int64_t d0 = dim() == 0 ? 0 : detail::wrap_dim(dim0, dim(), "transpose_");
  const int64_t d1 = dim() == 0 ? 0 : detail::wrap_dim(dim1, dim(), "transpose_");
  return become_view(*this, view, kTransposeBackward1, TransposeDims{d0, d1}, "transpose_");
}

Tensor& Tensor::squeeze_() const {
  Tensor view;
  {
    NoGradGuard no_grad;
    view = xgrad::squeeze(*this);
  }
  return become_view(*this, view, kSqueezeBackward2, NoState{}, "squeeze_");
}

Tensor& Tensor::squeeze_(int64_t dim) const {
  Tensor view;
  {
    NoGradGuard no_grad;
    view = xgrad::squeeze(*this, dim);
  }
  return become_view(*this, view, kSqueezeBackward3Inplace, NoState{}, "squeeze_");
}

Tensor& Tensor::unsqueeze_(int64_t dim) const {
  Tensor view;
  {
    NoGradGuard no_grad;
    view = xgrad::unsqueeze(*this, dim);
  }
  return become_view(*this, view, kUnsqueezeBackward1, NoState{}, "unsqueeze_");
}

Tensor ravel(const Tensor& self) { return self.contiguous().view({-1}); }
Tensor Tensor::ravel() const { return xgrad::ravel(*this); }

Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes) {
  const int64_t d = detail::wrap_dim(dim, self.dim(), "unflatten");
  XGRAD_CHECK(!sizes.empty(), "unflatten: sizes must be non-empty");
  const int64_t size = self.dim() == 0 ? 1 : self.sizes()[static_cast<size_t>(d)];
  if (std::find(sizes.begin(), sizes.end(), -1) == sizes.end()) {
    const std::optional<int64_t> p = detail::numel_of(sizes);
    XGRAD_CHECK(p && *p == size,
                "unflatten: Provided sizes {} don't multiply up to the size of dim {} ({}) in the input tensor",
                detail::shape_str(sizes), dim, size);
  }
  std::vector<int64_t> shape = self.sizes().vec();
  if (self.dim() == 0) shape.push_back(1);
  shape.erase(shape.begin() + d);
  shape.insert(shape.begin() + d, sizes.begin(), sizes.end());
  return self.view(shape);
}
Tensor Tensor::unflatten(int64_t dim, IntArrayRef sizes) const { return xgrad::unflatten(*this, dim, sizes); }

Tensor Tensor::unfold(int64_t dimension, int64_t size, int64_t step) const {
  XGRAD_PROFILE_OP("unfold");
  const int64_t d = detail::wrap_dim(dimension, dim(), "unfold");
  const int64_t extent = dim() == 0 ? 1 : sizes()[static_cast<size_t>(d)];
  XGRAD_CHECK(size <= extent, "unfold: maximum size for tensor at dimension {} is {} but size is {}", d, extent, size);
  XGRAD_CHECK(step > 0, "unfold: step is {} but must be > 0", step);
  XGRAD_CHECK(size >= 0, "unfold: size is {} but must be >= 0", size);
  std::vector<int64_t> out_sizes = sizes().vec(), out_strides = strides().vec();
  const int64_t stride = dim() == 0 ? 1 : out_strides[static_cast<size_t>(d)];
  if (dim() > 0) {
    out_sizes[static_cast<size_t>(d)] = (extent - size) / step + 1;
    out_strides[static_cast<size_t>(d)] = stride * step;
  }
  out_sizes.push_back(size);
  out_strides.push_back(stride);
  Tensor out = make_view(*this, std::move(out_sizes), std::move(out_strides), storage_offset());
  record(kUnfoldBackward0, {*this}, UnfoldArgs{d, size, step}).output(out);
  return out;
}

Tensor broadcast_to(const Tensor& self, IntArrayRef size) { return self.expand(size); }
Tensor Tensor::broadcast_to(IntArrayRef size) const { return expand(size); }

std::vector<Tensor> broadcast_tensors(TensorList tensors) {
  std::vector<int64_t> shape;
  for (const Tensor& t : tensors) shape = detail::broadcast_shapes(shape, t.sizes(), "broadcast_tensors");
  std::vector<Tensor> out;
  out.reserve(tensors.size());
  // As libtorch's expand_outplace: a tensor that has the shape already is returned as it is.
  for (const Tensor& t : tensors) out.push_back(t.sizes() == IntArrayRef(shape) ? t : t.expand(shape));
  return out;
}

Tensor atleast_1d(const Tensor& self) { return self.dim() == 0 ? self.reshape({1}) : self; }
Tensor atleast_2d(const Tensor& self) {
  if (self.dim() == 0) return self.reshape({1, 1});
  return self.dim() == 1 ? self.unsqueeze(0) : self;
}
Tensor atleast_3d(const Tensor& self) {
  switch (self.dim()) {
    case 0: return self.reshape({1, 1, 1});
    case 1: return self.unsqueeze(0).unsqueeze(-1);
    case 2: return self.unsqueeze(-1);
    default: return self;
  }
}
namespace {
std::vector<Tensor> each(TensorList tensors, Tensor (*f)(const Tensor&)) {
  std::vector<Tensor> out;
  out.reserve(tensors.size());
  for (const Tensor& t : tensors) out.push_back(f(t));
  return out;
}
}  // namespace
std::vector<Tensor> atleast_1d(TensorList tensors) { return each(tensors, atleast_1d); }
std::vector<Tensor> atleast_2d(TensorList tensors) { return each(tensors, atleast_2d); }
std::vector<Tensor> atleast_3d(TensorList tensors) { return each(tensors, atleast_3d); }

namespace {
/// as_strided's checks, and the view (recording nothing).
Tensor strided_view(const Tensor& self, IntArrayRef size, IntArrayRef stride, std::optional<int64_t> storage_offset) {
  XGRAD_CHECK(size.size() == stride.size(), "as_strided: mismatch in length of strides and shape");
  for (int64_t s : stride)
    XGRAD_CHECK(s >= 0, "as_strided: Negative strides are not supported at the moment, got strides: {}",
                detail::shape_str(stride));
  for (int64_t s : size)
    XGRAD_CHECK(s >= 0, "as_strided: Trying to create tensor with negative dimension {}: {}", s,
                detail::shape_str(size));
  const int64_t offset = storage_offset.value_or(self.storage_offset());
  XGRAD_CHECK(offset >= 0, "as_strided: Tensor: invalid storage offset {}", offset);
  const size_t needed = detail::checked_storage_nbytes(size, stride, offset, self.scalar_type(), "as_strided");
  XGRAD_CHECK(needed <= self.impl()->storage()->nbytes,
              "setStorage: sizes {}, strides {}, storage offset {}, and itemsize {} requiring a storage size of {} are "
              "out of bounds for storage of size {}",
              detail::shape_str(size), detail::shape_str(stride), offset, self.element_size(), needed,
              self.impl()->storage()->nbytes);
  return make_view(self, size.vec(), stride.vec(), offset);
}
}  // namespace

Tensor as_strided(const Tensor& self, IntArrayRef size, IntArrayRef stride, std::optional<int64_t> storage_offset) {
  XGRAD_PROFILE_OP("as_strided");
  Tensor out = strided_view(self, size, stride, storage_offset);
  record(kAsStridedBackward0, {self},
         AsStridedArgs{size.vec(), stride.vec(), out.storage_offset(), self.strides().vec(), self.storage_offset()})
      .output(out);
  return out;
}
Tensor Tensor::as_strided(IntArrayRef size, IntArrayRef stride, std::optional<int64_t> storage_offset) const {
  return xgrad::as_strided(*this, size, stride, storage_offset);
}

const Tensor& as_strided_(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                          std::optional<int64_t> storage_offset) {
  Tensor view = strided_view(self, size, stride, storage_offset);
  return become_view(self, view, kAsStridedBackward1,
                     AsStridedArgs{size.vec(), stride.vec(), view.storage_offset(), self.strides().vec(),
                                   self.storage_offset()},
                     "as_strided_");
}
const Tensor& Tensor::as_strided_(IntArrayRef size, IntArrayRef stride, std::optional<int64_t> storage_offset) const {
  return xgrad::as_strided_(*this, size, stride, storage_offset);
}

Tensor Tensor::sum_to_size(IntArrayRef size) const {
  XGRAD_CHECK(detail::broadcastable_to(size, sizes()), "sum_to_size: size {{{}}} is not expandable to size {{{}}}.",
              detail::shape_str(size), detail::shape_str(sizes()));
  // As libtorch's sum_to: the leading dims and the dims that size makes 1, summed keeping dims,
  // then the leading ones dropped.
  const size_t leading = static_cast<size_t>(dim()) - size.size();
  std::vector<int64_t> reduce;
  for (size_t d = 0; d < static_cast<size_t>(dim()); ++d)
    if (d < leading || (size[d - leading] == 1 && sizes()[d] != 1)) reduce.push_back(static_cast<int64_t>(d));
  Tensor out = reduce.empty() ? *this : sum(reduce, /*keepdim=*/true);
  return leading > 0 ? out.view(size) : out;
}

namespace {
Tensor matrix_transpose(const Tensor& self, const char* what) {
  XGRAD_CHECK(self.dim() >= 2, "tensor.{} is only supported on matrices or batches of matrices. Got {}-D tensor.", what,
              self.dim());
  return self.transpose(-2, -1);
}
}  // namespace
Tensor adjoint(const Tensor& self) { return matrix_transpose(self, "adjoint()"); }
Tensor Tensor::adjoint() const { return matrix_transpose(*this, "adjoint()"); }
// Real tensors: the conjugate transpose is the transpose.
Tensor Tensor::mH() const { return matrix_transpose(*this, "mH"); }
Tensor Tensor::matrix_H() const { return matrix_transpose(*this, "matrix_H()"); }
Tensor Tensor::mT() const { return matrix_transpose(*this, "mT"); }
Tensor Tensor::numpy_T() const {
  std::vector<int64_t> dims(static_cast<size_t>(dim()));
  for (size_t i = 0; i < dims.size(); ++i) dims[i] = static_cast<int64_t>(dims.size() - 1 - i);
  return permute(dims);
}

// libtorch has no derivative for narrow_copy: the copy is made without recording.
Tensor narrow_copy(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  XGRAD_CHECK(self.dim() > 0, "narrow_copy: narrow() cannot be applied to a 0-dim tensor.");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "narrow_copy");
  const int64_t size = self.sizes()[static_cast<size_t>(d)];
  XGRAD_CHECK(length >= 0, "narrow_copy: narrow(): length must be non-negative.");
  const int64_t s = start < 0 ? start + size : start;
  XGRAD_CHECK(s >= 0 && s <= size - length, "narrow_copy: start ({}) + length ({}) exceeds dimension size ({}).", start,
              length, size);
  NoGradGuard no_grad;
  return self.narrow(d, s, length).clone();
}
Tensor Tensor::narrow_copy(int64_t dim, int64_t start, int64_t length) const {
  return xgrad::narrow_copy(*this, dim, start, length);
}
Tensor& narrow_copy_out(Tensor& out, const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  return detail::write_out(out, narrow_copy(self, dim, start, length));
}
Tensor& narrow_copy_outf(const Tensor& self, int64_t dim, int64_t start, int64_t length, Tensor& out) {
  return narrow_copy_out(out, self, dim, start, length);
}

Tensor slice(const Tensor& self, int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end, int64_t step) {
  return self.slice(dim, start, end, step);
}
Tensor clone(const Tensor& self) { return self.clone(); }
Tensor detach(const Tensor& self) { return self.detach(); }
Tensor& detach_(Tensor& self) { return self.detach_(); }

}  // namespace xgrad
