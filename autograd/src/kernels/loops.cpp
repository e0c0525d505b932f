#include "loops.h"

#include <algorithm>

#include <xgrad/functions.h>
#include <xgrad/internal/size_math.h>

namespace xgrad {
namespace detail {

std::vector<int64_t> broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op) {
  const size_t n = std::max(a.size(), b.size());
  std::vector<int64_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    XGRAD_CHECK(da == db || da == 1 || db == 1,
                "{}: the size of tensor a ({}) must match the size of tensor b ({}) at non-singleton dimension {} "
                "(shapes {} and {} cannot be broadcast)",
                op, da, db, i, shape_str(a), shape_str(b));
    out[i] = da == 1 ? db : da;
  }
  // Two expanded operands, [2^40, 1] and [1, 2^40], broadcast to a shape too large for a tensor.
  if (!numel_of(out)) throw Error(shape_too_large(op, out));
  return out;
}

bool broadcastable_to(IntArrayRef from, IntArrayRef to) {
  if (from.size() > to.size()) return false;
  const size_t lead = to.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i)
    if (from[i] != 1 && from[i] != to[lead + i]) return false;
  return true;
}

std::vector<int64_t> contiguous_strides(IntArrayRef sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t step = 1;
  for (size_t d = sizes.size(); d-- > 0;) {
    strides[d] = step;
    step *= sizes[d] > 0 ? sizes[d] : 1;  // a 0-size dim must not zero the strides before it
  }
  return strides;
}

std::vector<int64_t> broadcast_strides(const Tensor& t, IntArrayRef sizes) {
  const auto ts = t.sizes();
  const auto tst = t.strides();
  const size_t lead = sizes.size() - ts.size();
  std::vector<int64_t> strides(sizes.size(), 0);
  for (size_t i = 0; i < ts.size(); ++i) strides[lead + i] = ts[i] == 1 ? 0 : tst[i];
  return strides;
}

Tensor copy_as(const Tensor& t, ScalarType dtype) {
  Tensor out = empty(t.sizes(), dtype);
  copy_into(out, t);
  return out;
}

Tensor as_compute(const Tensor& t, ScalarType dtype) { return t.scalar_type() == dtype ? t : copy_as(t, dtype); }

Tensor as_dense(const Tensor& t, ScalarType dtype) {
  return t.scalar_type() == dtype && t.is_contiguous() ? t : copy_as(t, dtype);
}

void check_no_internal_overlap(const Tensor& self, const char* op) {
  for (int64_t d = 0; d < self.dim(); ++d) {
    XGRAD_CHECK(self.strides()[d] != 0 || self.sizes()[d] <= 1,
                "{}: unsupported operation: more than one element of the written-to tensor (shape {}, strides {}) "
                "refers to a single memory location. Please clone() the tensor before performing the operation.",
                op, shape_str(self.sizes()), shape_str(self.strides()));
  }
}

}  // namespace detail
}  // namespace xgrad
