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
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

#include <algorithm>
#include <vector>

#include "../derivative.h"

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

}  // namespace xgrad
