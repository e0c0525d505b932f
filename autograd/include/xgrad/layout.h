#pragma once
// Layout and MemoryFormat (c10's): how a tensor's elements sit in memory.
//
// Every xgrad tensor is strided (dense, any strides). A memory format names an order of the strides
// for 4-D (ChannelsLast: N, H, W, C from slowest to fastest) and 5-D (ChannelsLast3d) tensors;
// contiguous(), clone(), empty() and is_contiguous() take one, as libtorch's.
#include <cstdint>
#include <ostream>

namespace xgrad {

enum class Layout : int8_t { Strided, Sparse, SparseCsr, Mkldnn, SparseCsc, SparseBsr, SparseBsc };
constexpr Layout kStrided = Layout::Strided;
constexpr Layout kSparse = Layout::Sparse;
constexpr Layout kSparseCsr = Layout::SparseCsr;
constexpr Layout kMkldnn = Layout::Mkldnn;
std::ostream& operator<<(std::ostream& out, Layout layout);

enum class MemoryFormat : int8_t { Contiguous, Preserve, ChannelsLast, ChannelsLast3d };
std::ostream& operator<<(std::ostream& out, MemoryFormat format);

}  // namespace xgrad
