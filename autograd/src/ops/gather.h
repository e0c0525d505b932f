#pragma once
// Gathering by indices along a dim, and its adjoint, the scatter-add (defined in ops/reduce.cpp,
// whose max/min by dim backward is a scatter). Max pooling (ops/pool.cpp) uses them with each H x W
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

}  // namespace detail
}  // namespace xgrad
