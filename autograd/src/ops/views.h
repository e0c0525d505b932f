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

/// `fresh` (as above) without its dim `dim`, of size 1, recorded as SqueezeBackward3: PyTorch's
/// in-place squeeze_(dim), with which matmul turns a vector-matrix product [1, m] into [m].
Tensor squeeze_fresh(const Tensor& fresh, int64_t dim);

/// A tensor over self's storage with these sizes, strides (negative ones too) and offset, not
/// marked a view and recording nothing: what a copy op's forward reads through (flip) or writes
/// through (unfold's and as_strided's backwards).
Tensor strided_alias(const Tensor& self, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset);

/// libtorch's out= convention for an op computed out of place: out takes result's shape (a new
/// storage when the shape differs, as resize_), then result's values, cast to out's dtype.
Tensor& write_out(Tensor& out, const Tensor& result);

}  // namespace detail
}  // namespace xgrad
