#pragma once
// Gathering by indices along a dim, and its adjoint, the scatter-add (defined in ops/reduce.cpp,
// whose max/min by dim backward is a scatter; sort.cpp and scan.cpp use them too). Max pooling (ops/pool.cpp) uses them with each H x W
// plane flattened into that dim.
//
// A tensor is seen as [lines.outer, lines.size, lines.inner] (detail::Lines) and an index tensor as
// [lines.outer, K, lines.inner] for any K: out[o, k, j] = src[o, index[o, k, j], j]. An index of -1
// (a max pooling window wholly in the padding) gathers 0 and scatters nothing.
#include <xgrad/tensor.h>

#include "../kernels/loops.h"

namespace xgrad {
namespace detail {

/// src gathered at index, in index's sizes and src's dtype; recorded as GatherBackward0.
Tensor gather_lines(const Tensor& src, const Lines& lines, const Tensor& index);

/// The adjoint of gather_lines, not recorded: zeros of `sizes` (the src's) in dtype with
/// out[o, index[o, k, j], j] += g[o, k, j].
Tensor scatter_add_lines(const Tensor& g, const Lines& lines, const Tensor& index, IntArrayRef sizes,
                         ScalarType dtype);

/// scatter_add_lines recorded as ScatterBackward0 (its backward is a gather): the backward of every
/// op that picks elements by index along a dim (max/min by dim, sort, topk, median, cummax, ...).
Tensor scatter_to_indices(const Tensor& g, const Lines& lines, const Tensor& index, IntArrayRef sizes,
                          ScalarType dtype);

/// The gradient g of a whole-tensor selection (max(), median(), ...) split evenly among the
/// elements of self equal to result (or NaN, when result is NaN), as PyTorch's
/// evenly_distribute_backward.
Tensor evenly_distribute(const Tensor& g, const Tensor& self, const Tensor& result);

}  // namespace detail
}  // namespace xgrad
