// Splitting: one tensor into views along a dim, as one node with several outputs (libtorch's).
//
// Every piece is a view of self (it shares self's Storage), so writes through a piece reach self.
// Forward x of size n along dim d, pieces y_k with upstream gradients g_k (undefined when y_k got
// none, then taken as zeros):
//   split(s, d), chunk(c, d)        y_k = x.narrow(d, k s, min(s, n - k s))    dx = cat(g_k, d)
//     (chunk is split with s = ceil(n / c))
//   split_with_sizes(sizes, d)      y_k = x.narrow(d, sum(sizes[<k]), sizes[k]) dx = cat(g_k, d)
//   unbind(d)                       y_k = x.select(d, k)                        dx = stack(g_k, d)
// The backwards use cat and stack, so they are recorded under create_graph (double backward).
//
// Composites (libtorch's CompositeImplicitAutograd: their graphs are those of the ops they call):
//   hstack / vstack (row_stack) / dstack     cat along 1 (0 for 1-D) / 0 / 2 of atleast_1d/2d/3d
//   column_stack                             cat along 1 of the inputs, 0-D and 1-D ones as [n, 1]
//   concat, concatenate                      cat
//   tensor_split(sections | indices, d)      slices of self along d (views), hsplit / vsplit / dsplit
//                                            along 1 (0 for 1-D) / 0 / 2
//   meshgrid(xs, "ij")                       grid k = x_k.view(-1 at k).expand(sizes); "xy" swaps the
//                                            first two inputs' roles
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "../derivative.h"
#include "views.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;

/// The split's dim and each piece's size along it.
struct SplitArgs {
  int64_t dim;
  std::vector<int64_t> sizes;
};

/// The gradients of the pieces, an undefined one replaced by zeros of its piece's sizes.
std::vector<Tensor> piece_grads(const BackwardContext& c, const std::vector<int64_t>& piece_sizes, int64_t dim) {
  std::vector<Tensor> grads = c.grads();
  const auto& in = c.input(0);
  for (size_t k = 0; k < grads.size(); ++k) {
    if (grads[k].defined()) continue;
    std::vector<int64_t> sizes = in.sizes;
    sizes[static_cast<size_t>(dim)] = piece_sizes[k];
    grads[k] = zeros(sizes, in.dtype);
  }
  return grads;
}

variable_list split_backward(const BackwardContext& c, const SplitArgs& s) {
  return {cat(piece_grads(c, s.sizes, s.dim), s.dim)};
}
// y_k = x.narrow(dim, offset_k, n_k):  dx = cat(g_k, dim)
const Derivative<SplitArgs> kSplitBackward0{"SplitBackward0", split_backward};
const Derivative<SplitArgs> kSplitWithSizesBackward0{"SplitWithSizesBackward0", split_backward};

// y_k = x.select(dim, k):  dx = stack(g_k, dim)
const Derivative<int64_t> kUnbindBackward0{"UnbindBackward0", [](const BackwardContext& c, const int64_t& dim) {
  std::vector<Tensor> grads = c.grads();
  std::vector<int64_t> sizes = c.input(0).sizes;
  sizes.erase(sizes.begin() + dim);
  for (Tensor& g : grads)
    if (!g.defined()) g = zeros(sizes, c.input(0).dtype);
  return variable_list{stack(grads, dim)};
}};

/// The views of self along d (wrapped) of these sizes, recorded as one node.
std::vector<Tensor> split_views(const Tensor& self, const std::vector<int64_t>& sizes, int64_t d,
                                const Derivative<SplitArgs>& derivative) {
  std::vector<Tensor> pieces;
  pieces.reserve(sizes.size());
  {
    NoGradGuard no_grad;  // the pieces are recorded below, as one node
    int64_t offset = 0;
    for (int64_t n : sizes) {
      pieces.push_back(self.narrow(d, offset, n));
      offset += n;
    }
  }
  auto recording = record(derivative, {self}, SplitArgs{d, sizes});
  for (const Tensor& p : pieces) recording.output(p);
  return pieces;
}

}  // namespace

std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  XGRAD_PROFILE_OP("split_with_sizes");
  XGRAD_CHECK(self.dim() != 0, "split expects at least a 1-dimensional tensor");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "split_with_sizes");
  const int64_t size = self.sizes()[static_cast<size_t>(d)];
  int64_t total = 0;
  for (int64_t n : split_sizes) {
    XGRAD_CHECK(n >= 0, "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes={}",
                detail::shape_str(split_sizes));
    total += n;
  }
  XGRAD_CHECK(total == size,
              "split_with_sizes expects split_sizes to sum exactly to {} (input tensor's size at dimension {}), but got "
              "split_sizes={}",
              size, d, detail::shape_str(split_sizes));
  return split_views(self, split_sizes.vec(), d, kSplitWithSizesBackward0);
}
std::vector<Tensor> Tensor::split_with_sizes(IntArrayRef split_sizes, int64_t dim) const {
  return xgrad::split_with_sizes(*this, split_sizes, dim);
}

std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim) {
  XGRAD_PROFILE_OP("split");
  XGRAD_CHECK(self.dim() != 0, "split expects at least a 1-dimensional tensor");
  XGRAD_CHECK(split_size >= 0, "split expects split_size be non-negative, but got split_size={}", split_size);
  const int64_t d = detail::wrap_dim(dim, self.dim(), "split");
  const int64_t size = self.sizes()[static_cast<size_t>(d)];
  XGRAD_CHECK(split_size != 0 || size == 0,
              "split_size can only be 0 if dimension size is 0, but got dimension size of {}", size);
  // One piece at least: an empty dim gives one empty piece.
  const int64_t count = split_size == 0 ? 1 : std::max<int64_t>((size + split_size - 1) / split_size, 1);
  std::vector<int64_t> sizes(static_cast<size_t>(count), split_size);
  sizes.back() = size - split_size * (count - 1);
  return split_views(self, sizes, d, kSplitBackward0);
}
std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const { return xgrad::split(*this, split_size, dim); }

std::vector<Tensor> split(const Tensor& self, IntArrayRef split_size, int64_t dim) {
  return split_with_sizes(self, split_size, dim);
}
std::vector<Tensor> Tensor::split(IntArrayRef split_size, int64_t dim) const {
  return xgrad::split_with_sizes(*this, split_size, dim);
}

std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim) {
  XGRAD_CHECK(self.dim() > 0, "chunk expects at least a 1-dimensional tensor");
  XGRAD_CHECK(chunks > 0, "chunk expects `chunks` to be greater than 0, got: {}", chunks);
  const int64_t d = detail::wrap_dim(dim, self.dim(), "chunk");
  const int64_t size = self.sizes()[static_cast<size_t>(d)];
  const int64_t split_size = (size + chunks - 1) / chunks;
  // An empty dim gives `chunks` empty pieces, as libtorch's (through split_with_sizes).
  if (split_size == 0 && size == 0)
    return split_with_sizes(self, std::vector<int64_t>(static_cast<size_t>(chunks), 0), d);
  return split(self, split_size, d);
}
std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const { return xgrad::chunk(*this, chunks, dim); }

std::vector<Tensor> unbind(const Tensor& self, int64_t dim) {
  XGRAD_PROFILE_OP("unbind");
  XGRAD_CHECK(self.dim() > 0, "Dimension specified as {} but tensor has no dimensions", dim);
  const int64_t d = detail::wrap_dim(dim, self.dim(), "unbind");
  const int64_t size = self.sizes()[static_cast<size_t>(d)];
  std::vector<Tensor> pieces;
  pieces.reserve(static_cast<size_t>(size));
  {
    NoGradGuard no_grad;  // recorded below, as one node
    for (int64_t i = 0; i < size; ++i) pieces.push_back(self.select(d, i));
  }
  auto recording = record(kUnbindBackward0, {self}, d);
  for (const Tensor& p : pieces) recording.output(p);
  return pieces;
}
std::vector<Tensor> Tensor::unbind(int64_t dim) const { return xgrad::unbind(*this, dim); }

// ---- stacking ----

namespace {
std::vector<Tensor> all_of(TensorList tensors, Tensor (*f)(const Tensor&), const char* op) {
  XGRAD_CHECK(!tensors.empty(), "{} expects a non-empty TensorList", op);
  std::vector<Tensor> out;
  out.reserve(tensors.size());
  for (const Tensor& t : tensors) out.push_back(f(t));
  return out;
}
}  // namespace

Tensor hstack(TensorList tensors) {
  const std::vector<Tensor> ts = all_of(tensors, atleast_1d, "hstack");
  return cat(ts, ts[0].dim() == 1 ? 0 : 1);
}
Tensor vstack(TensorList tensors) { return cat(all_of(tensors, atleast_2d, "vstack"), 0); }
Tensor row_stack(TensorList tensors) { return vstack(tensors); }
Tensor dstack(TensorList tensors) { return cat(all_of(tensors, atleast_3d, "dstack"), 2); }
Tensor column_stack(TensorList tensors) {
  XGRAD_CHECK(!tensors.empty(), "column_stack expects a non-empty TensorList");
  std::vector<Tensor> ts;
  ts.reserve(tensors.size());
  for (const Tensor& t : tensors) ts.push_back(t.dim() <= 1 ? t.reshape({t.numel(), 1}) : t);
  return cat(ts, 1);
}
Tensor concat(TensorList tensors, int64_t dim) { return cat(tensors, dim); }
Tensor concatenate(TensorList tensors, int64_t dim) { return cat(tensors, dim); }

Tensor& hstack_out(Tensor& out, TensorList tensors) { return detail::write_out(out, hstack(tensors)); }
Tensor& hstack_outf(TensorList tensors, Tensor& out) { return hstack_out(out, tensors); }
Tensor& vstack_out(Tensor& out, TensorList tensors) { return detail::write_out(out, vstack(tensors)); }
Tensor& vstack_outf(TensorList tensors, Tensor& out) { return vstack_out(out, tensors); }
Tensor& row_stack_out(Tensor& out, TensorList tensors) { return detail::write_out(out, vstack(tensors)); }
Tensor& row_stack_outf(TensorList tensors, Tensor& out) { return row_stack_out(out, tensors); }
Tensor& dstack_out(Tensor& out, TensorList tensors) { return detail::write_out(out, dstack(tensors)); }
Tensor& dstack_outf(TensorList tensors, Tensor& out) { return dstack_out(out, tensors); }
Tensor& column_stack_out(Tensor& out, TensorList tensors) { return detail::write_out(out, column_stack(tensors)); }
Tensor& column_stack_outf(TensorList tensors, Tensor& out) { return column_stack_out(out, tensors); }
Tensor& cat_out(Tensor& out, TensorList tensors, int64_t dim) { return detail::write_out(out, cat(tensors, dim)); }
Tensor& cat_outf(TensorList tensors, int64_t dim, Tensor& out) { return cat_out(out, tensors, dim); }
Tensor& concat_out(Tensor& out, TensorList tensors, int64_t dim) { return cat_out(out, tensors, dim); }
Tensor& concat_outf(TensorList tensors, int64_t dim, Tensor& out) { return cat_out(out, tensors, dim); }
Tensor& concatenate_out(Tensor& out, TensorList tensors, int64_t dim) { return cat_out(out, tensors, dim); }
Tensor& concatenate_outf(TensorList tensors, int64_t dim, Tensor& out) { return cat_out(out, tensors, dim); }

// ---- tensor_split and its directions ----

std::vector<Tensor> tensor_split(const Tensor& self, int64_t sections, int64_t dim) {
  XGRAD_CHECK(self.dim() > 0, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  XGRAD_CHECK(sections > 0, "number of sections must be larger than 0, got {}", sections);
  const int64_t d = detail::wrap_dim(dim, self.dim(), "tensor_split");
  const int64_t size = self.sizes()[static_cast<size_t>(d)];
  // The first size % sections pieces are one longer.
  const int64_t base = size / sections, longer = size % sections;
  std::vector<Tensor> out;
  out.reserve(static_cast<size_t>(sections));
  int64_t start = 0;
  for (int64_t k = 0; k < sections; ++k) {
    const int64_t n = base + (k < longer ? 1 : 0);
    out.push_back(self.slice(d, start, start + n));
    start += n;
  }
  return out;
}

std::vector<Tensor> tensor_split(const Tensor& self, IntArrayRef indices, int64_t dim) {
  XGRAD_CHECK(self.dim() > 0, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "tensor_split");
  std::vector<Tensor> out;
  out.reserve(indices.size() + 1);
  int64_t start = 0;
  for (int64_t i : indices) {
    out.push_back(self.slice(d, start, i));
    start = i;
  }
  out.push_back(self.slice(d, start));
  return out;
}

std::vector<Tensor> tensor_split(const Tensor& self, const Tensor& tensor_indices_or_sections, int64_t dim) {
  XGRAD_CHECK(self.dim() > 0, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  const Tensor& t = tensor_indices_or_sections;
  XGRAD_CHECK(t.scalar_type() == kLong,
              "tensor_split expected tensor_indices_or_sections to have dtype of long, but got {}",
              toString(t.scalar_type()));
  XGRAD_CHECK(t.dim() <= 1,
              "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, "
              "but got a tensor with {} dims",
              t.dim());
  if (t.dim() == 0) return tensor_split(self, t.item<int64_t>(), dim);
  const Tensor idx = t.contiguous();
  return tensor_split(self, IntArrayRef(idx.data_ptr<int64_t>(), static_cast<size_t>(idx.numel())), dim);
}

std::vector<Tensor> Tensor::tensor_split(int64_t sections, int64_t dim) const {
  return xgrad::tensor_split(*this, sections, dim);
}
std::vector<Tensor> Tensor::tensor_split(IntArrayRef indices, int64_t dim) const {
  return xgrad::tensor_split(*this, indices, dim);
}
std::vector<Tensor> Tensor::tensor_split(const Tensor& tensor_indices_or_sections, int64_t dim) const {
  return xgrad::tensor_split(*this, tensor_indices_or_sections, dim);
}

namespace {
/// hsplit / vsplit / dsplit: the dim they split, after their dimension check.
int64_t direction_dim(const Tensor& self, const char* name, int64_t min_dims, int64_t dim) {
  XGRAD_CHECK(self.dim() >= min_dims,
              "torch.{} requires a tensor with at least {} dimension, but got a tensor with {} dimensions!", name,
              min_dims, self.dim());
  return dim;
}
std::vector<Tensor> direction_split(const Tensor& self, int64_t sections, const char* name, int64_t dim) {
  XGRAD_CHECK(sections != 0 && self.sizes()[static_cast<size_t>(dim)] % sections == 0,
              "torch.{} attempted to split along dimension {}, but the size of the dimension {} is not divisible by "
              "the split_size {}!",
              name, dim, self.sizes()[static_cast<size_t>(dim)], sections);
  return tensor_split(self, sections, dim);
}
}  // namespace

std::vector<Tensor> hsplit(const Tensor& self, int64_t sections) {
  const int64_t d = direction_dim(self, "hsplit", 1, self.dim() == 1 ? 0 : 1);
  return direction_split(self, sections, "hsplit", d);
}
std::vector<Tensor> hsplit(const Tensor& self, IntArrayRef indices) {
  return tensor_split(self, indices, direction_dim(self, "hsplit", 1, self.dim() == 1 ? 0 : 1));
}
std::vector<Tensor> vsplit(const Tensor& self, int64_t sections) {
  return direction_split(self, sections, "vsplit", direction_dim(self, "vsplit", 2, 0));
}
std::vector<Tensor> vsplit(const Tensor& self, IntArrayRef indices) {
  return tensor_split(self, indices, direction_dim(self, "vsplit", 2, 0));
}
std::vector<Tensor> dsplit(const Tensor& self, int64_t sections) {
  return direction_split(self, sections, "dsplit", direction_dim(self, "dsplit", 3, 2));
}
std::vector<Tensor> dsplit(const Tensor& self, IntArrayRef indices) {
  return tensor_split(self, indices, direction_dim(self, "dsplit", 3, 2));
}
std::vector<Tensor> Tensor::hsplit(int64_t sections) const { return xgrad::hsplit(*this, sections); }
std::vector<Tensor> Tensor::hsplit(IntArrayRef indices) const { return xgrad::hsplit(*this, indices); }
std::vector<Tensor> Tensor::vsplit(int64_t sections) const { return xgrad::vsplit(*this, sections); }
std::vector<Tensor> Tensor::vsplit(IntArrayRef indices) const { return xgrad::vsplit(*this, indices); }
std::vector<Tensor> Tensor::dsplit(int64_t sections) const { return xgrad::dsplit(*this, sections); }
std::vector<Tensor> Tensor::dsplit(IntArrayRef indices) const { return xgrad::dsplit(*this, indices); }

// ---- meshgrid ----

std::vector<Tensor> meshgrid(TensorList tensors) { return meshgrid(tensors, "ij"); }

std::vector<Tensor> meshgrid(TensorList tensors, std::string_view indexing) {
  XGRAD_CHECK(!tensors.empty(), "meshgrid expects a non-empty TensorList");
  for (const Tensor& t : tensors) {
    if (t.dim() > 1) {
      std::ostringstream printed;
      printed << t;
      throw Error("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: " + printed.str());
    }
    XGRAD_CHECK(t.scalar_type() == tensors[0].scalar_type(), "meshgrid expects all tensors to have the same dtype");
  }
  XGRAD_CHECK(indexing == "ij" || indexing == "xy",
              "torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {}", indexing);
  // "xy" is "ij" with the first two inputs' roles swapped.
  const bool swap = indexing == "xy" && tensors.size() >= 2;
  std::vector<Tensor> ins(tensors.begin(), tensors.end());
  if (swap) std::swap(ins[0], ins[1]);
  std::vector<int64_t> shape;
  for (const Tensor& t : ins) shape.push_back(t.numel());
  std::vector<Tensor> grids;
  grids.reserve(ins.size());
  for (size_t k = 0; k < ins.size(); ++k) {
    std::vector<int64_t> view(ins.size(), 1);
    view[k] = -1;
    grids.push_back(ins[k].view(view).expand(shape));
  }
  if (swap) std::swap(grids[0], grids[1]);
  return grids;
}

}  // namespace xgrad
