#pragma once
// Strides for a memory format, shared by the factories (empty, empty_like) and the copies (clone,
// contiguous). See xgrad/layout.h.
#include <cstdint>
#include <vector>

#include <xgrad/tensor.h>

namespace xgrad {
namespace detail {

/// The strides of a fresh dense tensor of `sizes` in `format` (not Preserve): row-major for
/// Contiguous, NHWC order for ChannelsLast (4-D only) and NDHWC for ChannelsLast3d (5-D only).
std::vector<int64_t> format_strides(IntArrayRef sizes, MemoryFormat format, const char* op);

/// Throws unless a tensor of `dim` dims can be in `format` (ChannelsLast wants 4, ChannelsLast3d 5).
void check_format_rank(size_t dim, MemoryFormat format, const char* op);

/// The strides `format` gives a copy of `t`: Preserve keeps the strides of a dense tensor whose
/// elements do not overlap (a transposed one stays transposed) and otherwise takes
/// t.suggest_memory_format(), as PyTorch's empty_like.
std::vector<int64_t> strides_for_copy(const Tensor& t, MemoryFormat format, const char* op);

/// An uninitialised tensor with these sizes and (non-negative) strides, which may leave gaps or overlap.
Tensor empty_with_strides(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options, const char* op);

}  // namespace detail
}  // namespace xgrad
