// Layouts and memory formats: which strides a dense tensor has.
//
//   Contiguous       strides[d] = prod(sizes[d+1:])                (row-major)
//   ChannelsLast     4-D N,C,H,W laid out as N,H,W,C: strides = (H*W*C, 1, W*C, C)
//   ChannelsLast3d   5-D N,C,D,H,W laid out as N,D,H,W,C
//   Preserve         a copy keeps the strides of a dense, non-overlapping input
// A size-1 dim may have any stride (it is never stepped over), so is_contiguous(format) ignores
// the strides of size-1 dims, as PyTorch does; empty_strided keeps the strides it is given.
#include "memory_format.h"

#include <algorithm>
#include <numeric>

#include <fmt/ostream.h>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

#include "kernels/loops.h"

namespace xgrad {

std::ostream& operator<<(std::ostream& out, Layout layout) {
  switch (layout) {
    case Layout::Strided: return out << "Strided";
    case Layout::Sparse: return out << "Sparse";
    case Layout::SparseCsr: return out << "SparseCsr";
    case Layout::Mkldnn: return out << "Mkldnn";
    case Layout::SparseCsc: return out << "SparseCsc";
    case Layout::SparseBsr: return out << "SparseBsr";
    case Layout::SparseBsc: return out << "SparseBsc";
  }
  return out << "Unknown";
}

std::ostream& operator<<(std::ostream& out, MemoryFormat format) {
  switch (format) {
    case MemoryFormat::Contiguous: return out << "Contiguous";
    case MemoryFormat::Preserve: return out << "Preserve";
    case MemoryFormat::ChannelsLast: return out << "ChannelsLast";
    case MemoryFormat::ChannelsLast3d: return out << "ChannelsLast3d";
  }
  return out << "Unknown";
}

void TensorOptions::check_layout(Layout l) {
  XGRAD_CHECK(l == kStrided, "TensorOptions: layout {} is not supported: xgrad has strided tensors only",
              fmt::streamed(l));
}

namespace detail {

namespace {

bool is_channels_last(MemoryFormat format) {
  return format == MemoryFormat::ChannelsLast || format == MemoryFormat::ChannelsLast3d;
}

/// The dims from slowest to fastest varying in `format`.
std::vector<size_t> format_order(size_t dim, MemoryFormat format, const char* op) {
  std::vector<size_t> order(dim);
  std::iota(order.begin(), order.end(), size_t{0});
  if (is_channels_last(format)) {
    check_format_rank(dim, format, op);
    order.erase(order.begin() + 1);
    order.push_back(1);  // channels fastest
  }
  return order;
}

/// Whether t's strides grow in `format`'s order (fastest dim first), gaps allowed: a slice of a
/// ChannelsLast tensor still is one (PyTorch's suggest_memory_format without exact match).
bool strides_in_order(const Tensor& t, MemoryFormat format) {
  const std::vector<size_t> order = format_order(static_cast<size_t>(t.dim()), format, "suggest_memory_format");
  int64_t reach = 0;  // the extent of the faster dims
  for (size_t k = order.size(); k-- > 0;) {
    const size_t d = order[k];
    const int64_t size = t.sizes()[d], stride = t.strides()[d];
    if (size == 0 || stride < reach) return false;
    reach = stride * std::max<int64_t>(size, 1);
  }
  return true;
}

/// Whether `t`'s elements fill a block of exactly numel() elements with no overlap: some
/// permutation of its strides is row-major for its sizes (size-1 dims ignored).
bool non_overlapping_and_dense(const Tensor& t) {
  const IntArrayRef sizes = t.sizes(), strides = t.strides();
  std::vector<size_t> dims;
  for (size_t d = 0; d < sizes.size(); ++d)
    if (sizes[d] != 1) dims.push_back(d);
  std::sort(dims.begin(), dims.end(), [&](size_t a, size_t b) { return strides[a] < strides[b]; });
  int64_t expected = 1;
  for (size_t d : dims) {
    if (strides[d] != expected) return false;
    expected *= sizes[d];
  }
  return true;
}

}  // namespace

void check_format_rank(size_t dim, MemoryFormat format, const char* op) {
  if (!is_channels_last(format)) return;
  const size_t want = format == MemoryFormat::ChannelsLast ? 4 : 5;
  XGRAD_CHECK(dim == want, "{}: required rank {} tensor to use {} format", op, want, fmt::streamed(format));
}

std::vector<int64_t> format_strides(IntArrayRef sizes, MemoryFormat format, const char* op) {
  std::vector<int64_t> strides(sizes.size());
  const std::vector<size_t> order = format_order(sizes.size(), format, op);
  int64_t step = 1;
  for (size_t k = order.size(); k-- > 0;) {
    strides[order[k]] = step;
    step *= std::max<int64_t>(sizes[order[k]], 1);
  }
  return strides;
}

std::vector<int64_t> strides_for_copy(const Tensor& t, MemoryFormat format, const char* op) {
  if (format != MemoryFormat::Preserve) return format_strides(t.sizes(), format, op);
  if (non_overlapping_and_dense(t)) return t.strides().vec();
  return format_strides(t.sizes(), t.suggest_memory_format(), op);
}

Tensor empty_with_strides(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options, const char* op) {
  XGRAD_CHECK(sizes.size() == strides.size(), "{}: mismatch in length of strides and shape (sizes {}, strides {})",
              op, shape_str(sizes), shape_str(strides));
  const ScalarType dtype = options.dtype();
  XGRAD_CHECK(!options.requires_grad() || isFloatingType(dtype),
              "{}: only Tensors of floating point dtype can require gradients (got {})", op, toString(dtype));
  const size_t nbytes = checked_storage_nbytes(sizes, strides, 0, dtype, op);
  auto storage = Storage::allocate(nbytes);
  XGRAD_CHECK(storage, "{}: out of memory allocating {} bytes for a tensor of shape {} and dtype {}", op, nbytes,
              shape_str(sizes), toString(dtype));
  Tensor out(std::make_shared<TensorImpl>(std::move(storage), dtype, sizes.vec(), strides.vec(), 0));
  if (options.requires_grad()) out.requires_grad_(true);
  return out;
}

}  // namespace detail

bool Tensor::is_contiguous(MemoryFormat memory_format) const {
  XGRAD_CHECK(defined(), "is_contiguous: the tensor is undefined (default-constructed)");
  if (memory_format == MemoryFormat::Contiguous) return impl()->is_contiguous();
  XGRAD_CHECK(memory_format != MemoryFormat::Preserve,
              "is_contiguous: Preserve is not a memory format a tensor can be in");
  const size_t want = memory_format == MemoryFormat::ChannelsLast ? 4 : 5;
  if (static_cast<size_t>(dim()) != want) return false;
  if (numel() == 0) return true;
  const std::vector<int64_t> expected = detail::format_strides(sizes(), memory_format, "is_contiguous");
  for (size_t d = 0; d < want; ++d)
    if (sizes()[d] != 1 && strides()[d] != expected[d]) return false;
  return true;
}

MemoryFormat Tensor::suggest_memory_format(bool channels_last_strides_exact_match) const {
  XGRAD_CHECK(defined(), "suggest_memory_format: the tensor is undefined (default-constructed)");
  // A contiguous tensor stays Contiguous even when its strides also fit ChannelsLast (C == 1).
  if (is_contiguous()) return MemoryFormat::Contiguous;
  for (MemoryFormat f : {MemoryFormat::ChannelsLast, MemoryFormat::ChannelsLast3d}) {
    if (dim() != (f == MemoryFormat::ChannelsLast ? 4 : 5)) continue;
    if (channels_last_strides_exact_match ? is_contiguous(f) : detail::strides_in_order(*this, f)) return f;
  }
  return MemoryFormat::Contiguous;
}

Tensor empty_strided(IntArrayRef size, IntArrayRef stride, const TensorOptions& options) {
  return detail::empty_with_strides(size, stride, options, "empty_strided");
}

Tensor empty(IntArrayRef size, const TensorOptions& options, std::optional<MemoryFormat> memory_format) {
  const MemoryFormat format = memory_format.value_or(options.memory_format_opt().value_or(MemoryFormat::Contiguous));
  XGRAD_CHECK(format != MemoryFormat::Preserve, "empty: preserve memory format is unsupported");
  detail::checked_numel(size, options.dtype(), "empty");
  return detail::empty_with_strides(size, detail::format_strides(size, format, "empty"), options, "empty");
}

}  // namespace xgrad
