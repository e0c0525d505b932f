// Fuzz target: tensor shape ops (view, reshape, expand, permute, narrow, select, slice, transpose,
// cat, stack, conv2d, max_pool2d) with fuzzed shapes and arguments, huge and negative ones
// included. Bad arguments must end in an xgrad::Error; anything else (another exception, a crash,
// a sanitizer report, an allocation beyond libFuzzer's limit) is a finding.
//
// Byte layout (a read past the end gives 0):
//   byte 0            bit 0: the input requires grad; bits 1-3: its number of dims (0-7, above 4 read as 4)
//   next ndim bytes   the input's sizes, each byte % 8 (at most 7^4 = 2401 elements, values 0, 1, 2, ...)
//   then ops          an opcode byte (% 14) and its arguments, until the data ends (at most 64 ops)
// A value is one byte v: below 0xF0 it is small, v % 8 - 2 (in [-2, 5]); from 0xF0 it is kExtreme[v - 0xF0].
// A list is a count byte (% 5) and that many values.
//   0 view(list)   1 reshape(list)   2 expand(list)   3 permute(list)   4 narrow(dim, start, length)
//   5 select(dim, index)   6 cat({t, saved}, dim)   7 stack({t, saved}, dim)
//   8 conv2d(weight sizes: 4 values, bias byte (odd: a bias), stride list, padding list, dilation list, groups)
//   9 max_pool2d(kernel list, stride list, padding list, dilation list, ceil_mode byte (odd: true))
//   10 transpose(dim0, dim1)   11 slice(dim, start, end, step)   12 saved = t   13 t = the input
// Every op applies to the current tensor t (starting as the input) and replaces it when it succeeds.
//
// The target never allocates much itself: ops that may allocate (reshape, cat, stack, conv2d,
// max_pool2d) run only on tensors of at most kMaxElements elements, and a conv weight above that is
// not made. Their results may still be vast and valid (a conv2d padding of 2^31 in one dim and a
// small one in the other asks for a 16 GB output, which libtorch too would try to allocate), so the
// target runs on a machine whose allocator refuses any block above 64 MB (__asan_default_options):
// such an op must end in xgrad's out-of-memory Error, never an abort. After each op the target
// reads the result (all of it when small, else its first and last element), so a view whose strides
// or offset reach outside its storage shows under AddressSanitizer; at the end, a small graph is run
// backward.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <xgrad/xgrad.h>

namespace {

constexpr int64_t kMaxElements = 4096;

constexpr int64_t kExtreme[16] = {
    int64_t{1} << 31,        -(int64_t{1} << 31),     (int64_t{1} << 32) + 1,  int64_t{1} << 33,
    int64_t{1} << 40,        -(int64_t{1} << 40),     int64_t{1} << 48,        (int64_t{1} << 61) + 1,
    3 * (int64_t{1} << 61),  (int64_t{1} << 62) - 1,  int64_t{1} << 62,       -(int64_t{1} << 62),
    std::numeric_limits<int64_t>::max() - 1, std::numeric_limits<int64_t>::max(),
    std::numeric_limits<int64_t>::min() + 1, std::numeric_limits<int64_t>::min()};

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  int64_t value() {
    const uint8_t v = byte();
    return v < 0xF0 ? v % 8 - 2 : kExtreme[v - 0xF0];
  }
  std::vector<int64_t> list() {
    std::vector<int64_t> out(byte() % 5);
    for (int64_t& v : out) v = value();
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

/// Whether a tensor of these sizes would be small enough to make (negative sizes are left to xgrad,
/// which rejects them before allocating).
bool small_shape(const std::vector<int64_t>& sizes) {
  double n = 1;
  for (int64_t s : sizes) n *= s < 0 ? 0 : static_cast<double>(s);
  return n <= kMaxElements;
}

bool small(const xgrad::Tensor& t) { return t.numel() <= kMaxElements; }

/// Reads t: every element when it is small, else its first and last.
void touch(const xgrad::Tensor& t) {
  if (small(t)) {
    (void)t.detach().contiguous().sum().item<double>();
    return;
  }
  if (t.numel() == 0) return;
  xgrad::Tensor first = t.detach(), last = t.detach();
  while (first.dim() > 0) {
    first = first.select(0, 0);
    last = last.select(0, -1);
  }
  (void)first.item<double>();
  (void)last.item<double>();
}

/// One op on t; returns its result (an xgrad::Error propagates to the caller).
xgrad::Tensor apply(uint8_t opcode, Reader& in, const xgrad::Tensor& t, xgrad::Tensor& saved,
                    const xgrad::Tensor& input) {
  switch (opcode % 14) {
    case 0: return t.view(in.list());
    case 1: {
      const std::vector<int64_t> shape = in.list();
      return small(t) ? t.reshape(shape) : t;
    }
    case 2: return t.expand(in.list());
    case 3: return t.permute(in.list());
    case 4: {
      const int64_t dim = in.value(), start = in.value(), length = in.value();
      return t.narrow(dim, start, length);
    }
    case 5: {
      const int64_t dim = in.value(), index = in.value();
      return t.select(dim, index);
    }
    case 6: {
      const int64_t dim = in.value();
      return small(t) && small(saved) ? xgrad::cat({t, saved}, dim) : t;
    }
    case 7: {
      const int64_t dim = in.value();
      return small(t) && small(saved) ? xgrad::stack({t, saved}, dim) : t;
    }
    case 8: {
      std::vector<int64_t> weight_sizes(4);
      for (int64_t& s : weight_sizes) s = in.value();
      const bool with_bias = in.byte() & 1;
      const std::vector<int64_t> stride = in.list(), padding = in.list(), dilation = in.list();
      const int64_t groups = in.value();
      if (!small(t) || !small_shape(weight_sizes) || !small_shape({weight_sizes[0]})) return t;
      const xgrad::Tensor weight = xgrad::ones(weight_sizes);
      const xgrad::Tensor bias = with_bias ? xgrad::ones({weight_sizes[0]}) : xgrad::Tensor();
      return xgrad::conv2d(t, weight, bias, stride, padding, dilation, groups);
    }
    case 9: {
      const std::vector<int64_t> kernel = in.list(), stride = in.list(), padding = in.list(), dilation = in.list();
      const bool ceil_mode = in.byte() & 1;
      return small(t) ? xgrad::max_pool2d(t, kernel, stride, padding, dilation, ceil_mode) : t;
    }
    case 10: {
      const int64_t dim0 = in.value(), dim1 = in.value();
      return t.transpose(dim0, dim1);
    }
    case 11: {
      const int64_t dim = in.value(), start = in.value(), end = in.value(), step = in.value();
      return t.slice(dim, start, end, step);
    }
    case 12: saved = t; return t;
    default: return input;
  }
}

}  // namespace

// A small machine: malloc returns null above 64 MB instead of aborting (so libFuzzer's malloc limit,
// 2 GB, is never reached), and xgrad must turn that null into an Error.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1:max_allocation_size_mb=64"; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  const uint8_t flags = in.byte();
  const int ndim = std::min((flags >> 1) & 7, 4);
  std::vector<int64_t> sizes(static_cast<size_t>(ndim));
  for (int64_t& s : sizes) s = in.byte() % 8;
  int64_t numel = 1;
  for (int64_t s : sizes) numel *= s;
  xgrad::Tensor input = xgrad::arange(static_cast<double>(numel), xgrad::kFloat).reshape(sizes);
  if (flags & 1) input.requires_grad_(true);

  xgrad::Tensor t = input, saved = input;
  bool graph_small = true;  // every tensor so far small enough to back-propagate into
  for (int op = 0; op < 64 && !in.done(); ++op) {
    const uint8_t opcode = in.byte();
    try {
      t = apply(opcode, in, t, saved, input);
      graph_small = graph_small && small(t);
      touch(t);
    } catch (const xgrad::Error&) {
      // the expected outcome of a bad argument
    }
  }
  if (t.requires_grad() && graph_small) {
    try {
      t.sum().backward();
    } catch (const xgrad::Error&) {
    }
  }
  return 0;
}
