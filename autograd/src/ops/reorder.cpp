// Reordering and repeating: copies (fresh contiguous outputs) that move or repeat x's elements.
//
// Forward y, input x of shape [n_0, ..., n_k], upstream gradient g = dL/dy:
//   flip(dims)            y[.., i, ..] = x[.., n_d - 1 - i, ..] on each d   dx = g.flip(dims)
//   roll(shifts, dims)    y[.., (i + s) mod n_d, ..] = x[.., i, ..]         dx = g.roll(-shifts, dims)
//                         (no dims: the flattened x, reshaped back)
//   rot90(k, [a, b])      k quarter turns from dim a towards dim b:         dx = g.rot90(-k, [a, b])
//                         k = 1 is flip(b) then transpose(a, b)
//   repeat(r)             x (padded with leading 1s to len(r) dims) tiled r_d times along each d:
//                         y [r_0 m_0, ..., r_j m_j]                          dx = g as [r_0, m_0, ..., r_j, m_j]
//                                                                            summed over the r's
//   tile(r)               repeat(r with leading 1s up to x's dims)
//   repeat_interleave(r, d)  each slice of x along d repeated r (or r[i]) times: an index_select
//                         with the index repeat_interleave(r) (IndexSelectBackward0, as libtorch's)
// flip reads x through a negative-stride alias of its storage, so it is one strided copy.
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "views.h"

namespace xgrad {

namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::record;
using autograd::variable_list;

/// The dims of a flip (wrapped), each at most once.
std::vector<int64_t> flip_dims(IntArrayRef dims, int64_t ndim) {
  std::vector<int64_t> out;
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(ndim, 1)), false);
  for (int64_t d : dims) {
    const int64_t w = detail::wrap_dim(d, ndim, "flip");
    XGRAD_CHECK(!seen[static_cast<size_t>(w)], "flip: dim {} appears multiple times in the list of dims", w);
    seen[static_cast<size_t>(w)] = true;
    out.push_back(w);
  }
  return out;
}

/// flip without recording: a copy through the alias that walks the flipped dims backwards.
Tensor flip_copy(const Tensor& self, const std::vector<int64_t>& dims) {
  std::vector<int64_t> strides = self.strides().vec();
  int64_t offset = self.storage_offset();
  if (self.numel() > 0) {
    for (int64_t d : dims) {
      if (self.dim() == 0) break;
      const size_t k = static_cast<size_t>(d);
      offset += (self.sizes()[k] - 1) * strides[k];
      strides[k] = -strides[k];
    }
  }
  return detail::copy_as(detail::strided_alias(self, self.sizes().vec(), std::move(strides), offset),
                         self.scalar_type());
}

// y = x.flip(dims):  dx = g.flip(dims)
const Derivative<std::vector<int64_t>> kFlipBackward0{
    "FlipBackward0",
    [](const BackwardContext& c, const std::vector<int64_t>& dims) { return variable_list{c.grad().flip(dims)}; }};

struct RollArgs {
  std::vector<int64_t> shifts, dims;
};

// y = x.roll(shifts, dims):  dx = g.roll(-shifts, dims)
const Derivative<RollArgs> kRollBackward0{"RollBackward0", [](const BackwardContext& c, const RollArgs& s) {
  std::vector<int64_t> back(s.shifts.size());
  for (size_t i = 0; i < back.size(); ++i) back[i] = -s.shifts[i];
  return variable_list{c.grad().roll(back, s.dims)};
}};

struct Rot90Args {
  int64_t k;
  std::vector<int64_t> dims;
};

// y = x.rot90(k, dims):  dx = g.rot90(-k, dims)
const Derivative<Rot90Args> kRot90Backward0{"Rot90Backward0", [](const BackwardContext& c, const Rot90Args& s) {
  return variable_list{c.grad().rot90(-s.k, s.dims)};
}};

// y = x.repeat(r):  dx = g as [r_0, m_0, ..., r_j, m_j], summed over the r dims, reshaped to x's sizes
const Derivative<std::vector<int64_t>> kRepeatBackward0{
    "RepeatBackward0", [](const BackwardContext& c, const std::vector<int64_t>& repeats) {
      const std::vector<int64_t>& in = c.input(0).sizes;
      const size_t pad = repeats.size() - in.size();
      std::vector<int64_t> split, summed;
      for (size_t d = 0; d < repeats.size(); ++d) {
        split.push_back(repeats[d]);
        split.push_back(d < pad ? 1 : in[d - pad]);
        summed.push_back(static_cast<int64_t>(2 * d));
      }
      const Tensor& g = c.grad();
      if (g.numel() == 0) return variable_list{zeros(in, g.scalar_type())};
      return variable_list{g.reshape(split).sum(summed).reshape(in)};
    }};

}  // namespace

Tensor flip(const Tensor& self, IntArrayRef dims) {
  XGRAD_PROFILE_OP("flip");
  std::vector<int64_t> wrapped = flip_dims(dims, self.dim());
  Tensor out = flip_copy(self, wrapped);
  record(kFlipBackward0, {self}, std::move(wrapped)).output(out);
  return out;
}
Tensor Tensor::flip(IntArrayRef dims) const { return xgrad::flip(*this, dims); }
Tensor& flip_out(Tensor& out, const Tensor& self, IntArrayRef dims) {
  return detail::write_out(out, flip(self, dims));
}
Tensor& flip_outf(const Tensor& self, IntArrayRef dims, Tensor& out) { return flip_out(out, self, dims); }

Tensor fliplr(const Tensor& self) {
  XGRAD_CHECK(self.dim() >= 2, "fliplr: Input must be >= 2-d.");
  return flip(self, {1});
}
Tensor Tensor::fliplr() const { return xgrad::fliplr(*this); }
Tensor flipud(const Tensor& self) {
  XGRAD_CHECK(self.dim() >= 1, "flipud: Input must be >= 1-d.");
  return flip(self, {0});
}
Tensor Tensor::flipud() const { return xgrad::flipud(*this); }

Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims) {
  XGRAD_PROFILE_OP("roll");
  XGRAD_CHECK(!shifts.empty(), "roll: `shifts` required");
  if (dims.empty() && shifts.size() == 1) {
    // The flattened tensor rolled, then given self's shape back (libtorch records that as one node).
    Tensor out;
    {
      NoGradGuard no_grad;
      out = roll(self.flatten(), shifts, {0}).view(self.sizes());
    }
    record(kRollBackward0, {self}, RollArgs{shifts.vec(), {}}).output(out);
    return out;
  }
  XGRAD_CHECK(shifts.size() == dims.size(), "roll: shifts and dimensions must align. shifts: {}, dims:{}",
              shifts.size(), dims.size());
  Tensor out;
  {
    NoGradGuard no_grad;
    out = self;
    for (size_t i = 0; i < dims.size(); ++i) {
      const int64_t d = detail::wrap_dim(dims[i], self.dim(), "roll");
      const int64_t n = self.dim() == 0 ? 1 : self.sizes()[static_cast<size_t>(d)];
      if (n == 0) continue;
      const int64_t s = ((shifts[i] % n) + n) % n;  // in [0, n)
      // The last s elements come first.
      out = s == 0 ? out : cat({out.narrow(d, n - s, s), out.narrow(d, 0, n - s)}, d);
    }
    if (out.is_same(self)) out = self.clone();
  }
  record(kRollBackward0, {self}, RollArgs{shifts.vec(), dims.vec()}).output(out);
  return out;
}
Tensor Tensor::roll(IntArrayRef shifts, IntArrayRef dims) const { return xgrad::roll(*this, shifts, dims); }
Tensor& roll_out(Tensor& out, const Tensor& self, IntArrayRef shifts, IntArrayRef dims) {
  return detail::write_out(out, roll(self, shifts, dims));
}
Tensor& roll_outf(const Tensor& self, IntArrayRef shifts, IntArrayRef dims, Tensor& out) {
  return roll_out(out, self, shifts, dims);
}

Tensor rot90(const Tensor& self, int64_t k, IntArrayRef dims) {
  XGRAD_PROFILE_OP("rot90");
  const int64_t total = self.dim();
  XGRAD_CHECK(dims.size() == 2, "rot90: expected total rotation dims == 2, but got dims = {}", dims.size());
  XGRAD_CHECK(total >= 2, "rot90: expected total dims >= 2, but got total dims = {}", total);
  XGRAD_CHECK(dims[0] != dims[1] && std::abs(dims[0] - dims[1]) != total,
              "rot90: expected rotation dims to be different, but got dim0 = {} and dim1 = {}", dims[0], dims[1]);
  XGRAD_CHECK(dims[0] < total && dims[0] >= -total, "rot90: Rotation dim0 out of range, dim0 = {}", dims[0]);
  XGRAD_CHECK(dims[1] < total && dims[1] >= -total, "rot90: Rotation dim1 out of range, dim1 = {}", dims[1]);
  const int64_t turns = ((k % 4) + 4) % 4;
  Tensor out;
  {
    NoGradGuard no_grad;
    switch (turns) {
      case 1: out = flip_copy(self, {detail::wrap_dim(dims[1], total, "rot90")}).transpose(dims[0], dims[1]); break;
      case 2: out = flip(self, dims); break;
      case 3: out = flip_copy(self, {detail::wrap_dim(dims[0], total, "rot90")}).transpose(dims[0], dims[1]); break;
      default: out = self.clone(); break;
    }
    out = out.contiguous();
  }
  record(kRot90Backward0, {self}, Rot90Args{k, dims.vec()}).output(out);
  return out;
}
Tensor Tensor::rot90(int64_t k, IntArrayRef dims) const { return xgrad::rot90(*this, k, dims); }
Tensor& rot90_out(Tensor& out, const Tensor& self, int64_t k, IntArrayRef dims) {
  return detail::write_out(out, rot90(self, k, dims));
}
Tensor& rot90_outf(const Tensor& self, int64_t k, IntArrayRef dims, Tensor& out) {
  return rot90_out(out, self, k, dims);
}

Tensor Tensor::repeat(IntArrayRef repeats) const {
  XGRAD_PROFILE_OP("repeat");
  XGRAD_CHECK(static_cast<int64_t>(repeats.size()) >= dim(),
              "repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  const size_t pad = repeats.size() - static_cast<size_t>(dim());
  std::vector<int64_t> padded(pad, 1), out_sizes;
  padded.insert(padded.end(), sizes().begin(), sizes().end());
  for (size_t d = 0; d < repeats.size(); ++d) out_sizes.push_back(padded[d] * repeats[d]);
  for (int64_t s : out_sizes)
    XGRAD_CHECK(s >= 0, "repeat: Trying to create tensor with negative dimension {}: {}", s,
                detail::shape_str(out_sizes));
  detail::checked_nbytes(out_sizes, scalar_type(), "repeat");
  Tensor out;
  {
    NoGradGuard no_grad;
    // x as [1, m_0, 1, m_1, ...] expanded to [r_0, m_0, r_1, m_1, ...], copied, then merged pairwise.
    std::vector<int64_t> split, expanded;
    for (size_t d = 0; d < repeats.size(); ++d) {
      split.insert(split.end(), {1, padded[d]});
      expanded.insert(expanded.end(), {repeats[d], padded[d]});
    }
    out = detail::copy_as(reshape(split).expand(expanded), scalar_type()).view(out_sizes);
  }
  record(kRepeatBackward0, {*this}, repeats.vec()).output(out);
  return out;
}
Tensor& repeat_out(Tensor& out, const Tensor& self, IntArrayRef repeats) {
  return detail::write_out(out, self.repeat(repeats));
}
Tensor& repeat_outf(const Tensor& self, IntArrayRef repeats, Tensor& out) { return repeat_out(out, self, repeats); }

Tensor tile(const Tensor& self, IntArrayRef dims) {
  if (static_cast<int64_t>(dims.size()) >= self.dim()) return self.repeat(dims);
  std::vector<int64_t> repeats(static_cast<size_t>(self.dim()) - dims.size(), 1);
  repeats.insert(repeats.end(), dims.begin(), dims.end());
  return self.repeat(repeats);
}
Tensor Tensor::tile(IntArrayRef dims) const { return xgrad::tile(*this, dims); }

Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> output_size) {
  XGRAD_CHECK(repeats.dim() == 1, "repeat_interleave only accept 1D vector as repeat");
  XGRAD_CHECK(repeats.scalar_type() == kLong, "repeat_interleave: repeats has to be Long or Int tensor");
  const Tensor r = repeats.contiguous();
  const int64_t* rp = r.data_ptr<int64_t>();
  int64_t total = 0;
  for (int64_t i = 0; i < r.numel(); ++i) {
    XGRAD_CHECK(rp[i] >= 0, "repeat_interleave: repeats can not be negative");
    total += rp[i];
  }
  XGRAD_CHECK(!output_size || *output_size == total,
              "repeat_interleave: allowed output_size must be equal to the sum of repeats ({}), got {}", total,
              output_size.value_or(0));
  Tensor out = empty({total}, kLong);
  int64_t* o = out.data_ptr<int64_t>();
  for (int64_t i = 0; i < r.numel(); ++i)
    for (int64_t j = 0; j < rp[i]; ++j) *o++ = i;
  return out;
}
Tensor& repeat_interleave_out(Tensor& out, const Tensor& repeats, std::optional<int64_t> output_size) {
  return detail::write_out(out, repeat_interleave(repeats, output_size));
}
Tensor& repeat_interleave_outf(const Tensor& repeats, std::optional<int64_t> output_size, Tensor& out) {
  return repeat_interleave_out(out, repeats, output_size);
}

Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim,
                         std::optional<int64_t> output_size) {
  const Tensor input = dim ? self : self.flatten();
  const int64_t d = dim ? detail::wrap_dim(*dim, self.dim(), "repeat_interleave") : 0;
  XGRAD_CHECK(repeats.dim() <= 1, "repeat_interleave: repeats must be 0-dim or 1-dim tensor");
  const int64_t size = input.dim() == 0 ? 1 : input.sizes()[static_cast<size_t>(d)];
  Tensor r = repeats;
  if (repeats.dim() == 0 || repeats.numel() == 1) {
    r = repeats.reshape({1}).expand({size});
  } else {
    XGRAD_CHECK(repeats.numel() == size, "repeat_interleave: repeats must have the same size as input along dim");
  }
  return input.index_select(d, repeat_interleave(r, output_size));
}
Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim,
                         std::optional<int64_t> output_size) {
  XGRAD_CHECK(repeats >= 0, "repeat_interleave: repeats can not be negative");
  return repeat_interleave(self, full({}, repeats, kLong), dim, output_size);
}
Tensor Tensor::repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim,
                                 std::optional<int64_t> output_size) const {
  return xgrad::repeat_interleave(*this, repeats, dim, output_size);
}
Tensor Tensor::repeat_interleave(int64_t repeats, std::optional<int64_t> dim,
                                 std::optional<int64_t> output_size) const {
  return xgrad::repeat_interleave(*this, repeats, dim, output_size);
}

}  // namespace xgrad
