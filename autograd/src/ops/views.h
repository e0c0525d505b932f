#pragma once
// Internal view helpers shared by op families (defined in ops/shape.cpp).
#include <cstdint>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {
namespace detail {

/// `fresh` (a just-computed contiguous result that nobody else sees) with other sizes of the same
/// numel, recorded as UnsafeViewBackward0: PyTorch's _unsafe_view, used by reshape's copy path and
/// by matmul's folded products. Not a view: in-place changes to it may be recorded.
Tensor unsafe_view(const Tensor& fresh, std::vector<int64_t> sizes);

}  // namespace detail
}  // namespace xgrad
