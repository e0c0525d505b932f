// Tensor products, composed of views, elementwise products and matrix products (bmm / mm, BLAS),
// so that their graphs are libtorch's (these ops are CompositeImplicitAutograd there), except
// block_diag, which has a node of its own.
//
//   kron(a, b)                 both padded with leading 1s to n dims; a as [a_0, 1, a_1, 1, ..],
//                              b as [1, b_0, 1, b_1, ..], multiplied (broadcast), merged pairwise:
//                              [a_0 b_0, a_1 b_1, ..]
//   tensordot(a, b, da, db)    a's dims da summed against b's db: a permuted to [free_a, da] as
//                              [M, K], b to [db, free_b] as [K, N], mm, reshaped [free_a, free_b].
//                              A contracted dim of size 1 on one side is summed on the other first.
//   inner(a, b)                tensordot over the last dims (a * b if one is 0-D)
//   einsum(eq, xs)             every operand's subscripts placed on one canonical list of dims
//                              (ellipsis dims first, then the labels in A-Z, a-z order): a
//                              repeated subscript takes the diagonal, missing dims are size 1.
//                              Operands are then contracted left to right: a pair's dims that
//                              no later operand nor the output has are summed by one bmm over
//                              [batch, left-only, summed] x [batch, summed, right-only] (a plain
//                              broadcast product when none is summed); what is left is summed
//                              and permuted into the output's order
//   block_diag(xs)             zeros [sum rows, sum cols] with x_i (2-D; 0-D/1-D as one row) at
//                              its block                  dx_i = g's block (BlockDiagBackward0)
//   cartesian_prod(xs)         meshgrid(xs, "ij"), each grid flattened, stacked as columns
//   combinations(x, r)         the index tuples i_0 < .. < i_{r-1} (<= with replacement), in order,
//                              x gathered at each position, stacked as columns
//   vander(x, N), linalg_vander   columns x^0, .., x^(N-1) (pow with exponents 1..N-1, cat with
//                              ones); vander flips them unless increasing
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

#include <algorithm>
#include <array>
#include <string>
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

/// t with other sizes of its numel, recorded as UnsafeViewBackward0 (libtorch's _unsafe_view).
Tensor unsafe_reshape(const Tensor& t, std::vector<int64_t> sizes) {
  return detail::unsafe_view(t.contiguous(), std::move(sizes));
}

int64_t product(IntArrayRef sizes) {
  int64_t p = 1;
  for (int64_t s : sizes) p *= s;
  return p;
}

/// Each input's rows and columns in block_diag (0-D and 1-D inputs are one row).
struct BlockSizes {
  std::vector<int64_t> rows, cols;
};

/// x as the 2-D block block_diag places.
std::vector<int64_t> block_shape(const Tensor& t) {
  if (t.dim() == 2) return t.sizes().vec();
  return {1, t.dim() == 1 ? t.sizes()[0] : 1};
}

// y = block_diag(xs):  dx_i = g[rows_i, cols_i], reshaped to x_i's sizes
const Derivative<BlockSizes> kBlockDiagBackward0{
    "BlockDiagBackward0", [](const BackwardContext& c, const BlockSizes& s) {
      variable_list out(s.rows.size());
      int64_t r = 0, col = 0;
      for (size_t i = 0; i < out.size(); ++i) {
        if (c.needs(i))
          out[i] = c.grad().narrow(0, r, s.rows[i]).narrow(1, col, s.cols[i]).reshape(c.input(i).sizes);
        r += s.rows[i];
        col += s.cols[i];
      }
      return out;
    }};

// ---- einsum ----

constexpr int kEllipsis = -1;
constexpr int kLabels = 52;  // A-Z then a-z, as PyTorch numbers them

int label_of(char ch) { return ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch - 'a' + 26; }
char char_of(int label) { return static_cast<char>(label < 26 ? 'A' + label : 'a' + label - 26); }

/// One side of an equation: its subscripts (labels, kEllipsis for "..."), starting at `at` in eq.
std::vector<int> parse_subscripts(const std::string& eq, size_t& at, size_t end, const std::string& who) {
  std::vector<int> out;
  bool ellipsis = false;
  while (at < end) {
    const char ch = eq[at];
    if (ch == ' ') {
      ++at;
    } else if (ch == '.') {
      XGRAD_CHECK(eq.compare(at, 3, "...") == 0 && at + 3 <= end,
                  "einsum(): found '.' for {} that is not part of any ellipsis", who);
      XGRAD_CHECK(!ellipsis, "einsum(): found '.' for {} that is not part of any ellipsis", who);
      ellipsis = true;
      out.push_back(kEllipsis);
      at += 3;
    } else {
      XGRAD_CHECK((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'),
                  "einsum(): invalid subscript given at index {} in the equation string, subscripts must be in "
                  "[a-zA-Z]",
                  at);
      out.push_back(label_of(ch));
      ++at;
    }
  }
  return out;
}

/// left * right, or the sum over `sum_dims` of their broadcast product as one bmm; both have the
/// canonical rank, and so has the result (summed dims kept as size 1).
Tensor sum_product(Tensor left, Tensor right, const std::vector<int64_t>& sum_dims) {
  if (sum_dims.empty()) return left * right;
  const int64_t rank = left.dim();
  std::vector<bool> summed(static_cast<size_t>(rank), false);
  for (int64_t p : sum_dims) summed[static_cast<size_t>(p)] = true;
  std::vector<int64_t> left_sums, right_sums, batch, lo, csum, ro;
  for (int64_t p = 0; p < rank; ++p) {
    const int64_t l = left.sizes()[static_cast<size_t>(p)], r = right.sizes()[static_cast<size_t>(p)];
    if (summed[static_cast<size_t>(p)]) {
      if (l != 1 && r == 1) left_sums.push_back(p);       // only left has it: sum it there
      else if (l == 1 && r != 1) right_sums.push_back(p);  // only right
      else if (l != 1) csum.push_back(p);                  // both: contracted by the product
      else lo.push_back(p);                                // size 1 on both sides
    } else if (l != 1 && r != 1) {
      batch.push_back(p);
    } else if (r != 1) {
      ro.push_back(p);
    } else {
      lo.push_back(p);
    }
  }
  if (!left_sums.empty()) left = left.sum(left_sums, /*keepdim=*/true);
  if (!right_sums.empty()) right = right.sum(right_sums, /*keepdim=*/true);
  auto sizes_of = [](const Tensor& t, const std::vector<int64_t>& dims) {
    std::vector<int64_t> s;
    for (int64_t p : dims) s.push_back(t.sizes()[static_cast<size_t>(p)]);
    return s;
  };
  auto concat = [](std::initializer_list<const std::vector<int64_t>*> parts) {
    std::vector<int64_t> out;
    for (const auto* v : parts) out.insert(out.end(), v->begin(), v->end());
    return out;
  };
  const std::vector<int64_t> bs = sizes_of(left, batch), ls = sizes_of(left, lo), rs = sizes_of(right, ro);
  const int64_t B = product(bs), LO = product(ls), S = product(sizes_of(left, csum)), RO = product(rs);
  const Tensor l3 = left.permute(concat({&batch, &lo, &csum, &ro})).reshape({B, LO, S});
  const Tensor r3 = right.permute(concat({&batch, &csum, &ro, &lo})).reshape({B, S, RO});
  // [B, LO, RO] back to [batch, lo, csum (as 1s), ro], then to the canonical order.
  const std::vector<int64_t> ones(csum.size(), 1);
  const Tensor out = l3.bmm(r3).view(concat({&bs, &ls, &ones, &rs}));
  const std::vector<int64_t> order = concat({&batch, &lo, &csum, &ro});
  std::vector<int64_t> inverse(order.size());
  for (size_t i = 0; i < order.size(); ++i) inverse[static_cast<size_t>(order[i])] = static_cast<int64_t>(i);
  return out.permute(inverse);
}

}  // namespace

Tensor kron(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("kron");
  const int64_t nd = std::max(self.dim(), other.dim());
  const int64_t pad_a = nd - self.dim(), pad_b = nd - other.dim();
  std::vector<int64_t> a(static_cast<size_t>(2 * nd), 1), b(static_cast<size_t>(2 * nd), 1), sizes;
  for (int64_t d = 0; d < nd; ++d) {
    const int64_t sa = d < pad_a ? 1 : self.sizes()[static_cast<size_t>(d - pad_a)];
    const int64_t sb = d < pad_b ? 1 : other.sizes()[static_cast<size_t>(d - pad_b)];
    a[static_cast<size_t>(2 * d)] = sa;
    b[static_cast<size_t>(2 * d + 1)] = sb;
    sizes.push_back(sa * sb);
  }
  return unsafe_reshape(unsafe_reshape(self, a) * unsafe_reshape(other, b), sizes);
}
Tensor Tensor::kron(const Tensor& other) const { return xgrad::kron(*this, other); }
Tensor& kron_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, kron(self, other));
}
Tensor& kron_outf(const Tensor& self, const Tensor& other, Tensor& out) { return kron_out(out, self, other); }

Tensor tensordot(const Tensor& self, const Tensor& other, IntArrayRef dims_self, IntArrayRef dims_other) {
  XGRAD_PROFILE_OP("tensordot");
  XGRAD_CHECK(dims_self.size() == dims_other.size(), "tensordot: both dimension lists should have same length");
  Tensor a = self, b = other;
  std::vector<bool> contracted_a(static_cast<size_t>(self.dim()), false),
      contracted_b(static_cast<size_t>(other.dim()), false);
  std::vector<int64_t> ca, cb;
  int64_t K = 1;
  for (size_t i = 0; i < dims_self.size(); ++i) {
    const int64_t da = detail::wrap_dim(dims_self[i], self.dim(), "tensordot");
    const int64_t db = detail::wrap_dim(dims_other[i], other.dim(), "tensordot");
    const int64_t sa = self.sizes()[static_cast<size_t>(da)], sb = other.sizes()[static_cast<size_t>(db)];
    if (sb == 1) {  // a size-1 dim on one side: the other side's dim is summed right away
      a = a.sum(da, /*keepdim=*/true);
    } else if (sa == 1) {
      b = b.sum(db, /*keepdim=*/true);
    } else {
      XGRAD_CHECK(sa == sb,
                  "tensordot: contracted dimensions need to match, but first has size {} in dim {} and second has "
                  "size {} in dim {}",
                  sa, dims_self[i], sb, dims_other[i]);
      K *= sa;
    }
    contracted_a[static_cast<size_t>(da)] = contracted_b[static_cast<size_t>(db)] = true;
    ca.push_back(da);
    cb.push_back(db);
  }
  std::vector<int64_t> perm_a, perm_b = cb, out_sizes;
  int64_t M = 1, N = 1;
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (contracted_a[static_cast<size_t>(d)]) continue;
    perm_a.push_back(d);
    out_sizes.push_back(a.sizes()[static_cast<size_t>(d)]);
    M *= a.sizes()[static_cast<size_t>(d)];
  }
  perm_a.insert(perm_a.end(), ca.begin(), ca.end());
  for (int64_t d = 0; d < other.dim(); ++d) {
    if (contracted_b[static_cast<size_t>(d)]) continue;
    perm_b.push_back(d);
    out_sizes.push_back(b.sizes()[static_cast<size_t>(d)]);
    N *= b.sizes()[static_cast<size_t>(d)];
  }
  const Tensor am = a.permute(perm_a).reshape({M, K}), bm = b.permute(perm_b).reshape({K, N});
  return am.mm(bm).reshape(out_sizes);
}
Tensor& tensordot_out(Tensor& out, const Tensor& self, const Tensor& other, IntArrayRef dims_self,
                      IntArrayRef dims_other) {
  return detail::write_out(out, tensordot(self, other, dims_self, dims_other));
}
Tensor& tensordot_outf(const Tensor& self, const Tensor& other, IntArrayRef dims_self, IntArrayRef dims_other,
                       Tensor& out) {
  return tensordot_out(out, self, other, dims_self, dims_other);
}

Tensor inner(const Tensor& self, const Tensor& other) {
  if (self.dim() == 0 || other.dim() == 0) return self * other;
  XGRAD_CHECK(self.sizes().back() == other.sizes().back(),
              "inner() the last dimension must match on both input tensors but got shapes {} and {}",
              detail::shape_str(self.sizes()), detail::shape_str(other.sizes()));
  return tensordot(self, other, {-1}, {-1});
}
Tensor Tensor::inner(const Tensor& other) const { return xgrad::inner(*this, other); }
Tensor& inner_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, inner(self, other));
}
Tensor& inner_outf(const Tensor& self, const Tensor& other, Tensor& out) { return inner_out(out, self, other); }

Tensor einsum(std::string_view equation, TensorList tensors, std::optional<IntArrayRef> /*path*/) {
  XGRAD_PROFILE_OP("einsum");
  XGRAD_CHECK(!tensors.empty(), "einsum(): must provide at least one operand");
  const std::string eq(equation);
  const size_t arrow = eq.find("->");
  const size_t lhs_end = arrow == std::string::npos ? eq.size() : arrow;

  // The operands' subscripts.
  std::vector<std::vector<int>> subs;
  size_t at = 0;
  while (true) {
    const size_t comma = std::min(eq.find(',', at), lhs_end);
    subs.push_back(parse_subscripts(eq, at, comma, "operand " + std::to_string(subs.size())));
    if (comma == lhs_end) break;
    at = comma + 1;
  }
  if (subs.size() > tensors.size()) throw Error("einsum(): fewer operands were provided than specified in the equation");
  if (subs.size() < tensors.size()) throw Error("einsum(): more operands were provided than specified in the equation");

  // How many dims the ellipsis stands for (the most any operand gives it), and each label's count.
  int64_t ell_dims = 0;
  bool any_ellipsis = false;
  std::array<int, kLabels> count{};
  for (size_t i = 0; i < subs.size(); ++i) {
    const bool has_ellipsis = std::count(subs[i].begin(), subs[i].end(), kEllipsis) > 0;
    const int64_t nlabels = static_cast<int64_t>(subs[i].size()) - (has_ellipsis ? 1 : 0);
    const int64_t nd = tensors[i].dim();
    if (has_ellipsis) {
      XGRAD_CHECK(nlabels <= nd,
                  "einsum(): the number of subscripts in the equation ({}) is more than the number of dimensions ({}) "
                  "for operand {}",
                  nlabels, nd, i);
      ell_dims = std::max(ell_dims, nd - nlabels);
      any_ellipsis = true;
    } else {
      XGRAD_CHECK(nlabels == nd,
                  "einsum(): the number of subscripts in the equation ({}) does not match the number of dimensions "
                  "({}) for operand {} and no ellipsis was given",
                  nlabels, nd, i);
    }
    for (int l : subs[i])
      if (l != kEllipsis) ++count[static_cast<size_t>(l)];
  }

  // Canonical dims: the ellipsis' dims, then each label used, in label order.
  std::array<int64_t, kLabels> pos{};
  int64_t rank = ell_dims;
  for (int l = 0; l < kLabels; ++l) pos[static_cast<size_t>(l)] = count[static_cast<size_t>(l)] ? rank++ : -1;

  // The output's canonical dims, in output order.
  std::vector<int64_t> out_dims;
  if (arrow != std::string::npos) {
    size_t o = arrow + 2;
    std::array<bool, kLabels> seen{};
    // Without "..." in the output, the ellipsis' dims are summed.
    for (int l : parse_subscripts(eq, o, eq.size(), "the output")) {
      if (l == kEllipsis) {
        for (int64_t p = 0; p < ell_dims; ++p) out_dims.push_back(p);
        continue;
      }
      XGRAD_CHECK(count[static_cast<size_t>(l)] > 0,
                  "einsum(): output subscript {} does not appear in the equation for any input operand", char_of(l));
      XGRAD_CHECK(!seen[static_cast<size_t>(l)], "einsum(): output subscript {} appears more than once in the output",
                  char_of(l));
      seen[static_cast<size_t>(l)] = true;
      out_dims.push_back(pos[static_cast<size_t>(l)]);
    }
  } else {
    if (any_ellipsis)
      for (int64_t p = 0; p < ell_dims; ++p) out_dims.push_back(p);
    for (int l = 0; l < kLabels; ++l)
      if (count[static_cast<size_t>(l)] == 1) out_dims.push_back(pos[static_cast<size_t>(l)]);
  }
  std::vector<bool> in_output(static_cast<size_t>(rank), false);
  for (int64_t p : out_dims) in_output[static_cast<size_t>(p)] = true;

  // Each operand on the canonical dims; has[i][p]: operand i has dim p (it is not a size-1 filler).
  std::vector<Tensor> ops;
  std::vector<std::vector<bool>> has(tensors.size(), std::vector<bool>(static_cast<size_t>(rank), false));
  std::vector<int64_t> seen_size(static_cast<size_t>(rank), 1);
  for (size_t i = 0; i < tensors.size(); ++i) {
    Tensor t = tensors[i];
    const int64_t op_ell = t.dim() - static_cast<int64_t>(subs[i].size()) + 1;  // if it has an ellipsis
    std::vector<int64_t> dim_pos;  // the canonical dim of each of t's dims
    std::vector<int> dim_label;    // its label (kEllipsis for the ellipsis' dims)
    for (int l : subs[i]) {
      if (l == kEllipsis) {
        for (int64_t e = 0; e < op_ell; ++e) {
          dim_pos.push_back(ell_dims - op_ell + e);
          dim_label.push_back(kEllipsis);
        }
      } else {
        dim_pos.push_back(pos[static_cast<size_t>(l)]);
        dim_label.push_back(l);
      }
    }
    // A subscript repeated within the operand: its diagonal (moved last) replaces both dims.
    for (bool repeated = true; repeated;) {
      repeated = false;
      for (size_t a = 0; a < dim_pos.size() && !repeated; ++a)
        for (size_t b = a + 1; b < dim_pos.size() && !repeated; ++b) {
          if (dim_pos[a] != dim_pos[b]) continue;
          const int64_t sa = t.sizes()[a], sb = t.sizes()[b];
          XGRAD_CHECK(sa == sb,
                      "einsum(): subscript {} is repeated for operand {} but the sizes don't match, {} != {}",
                      char_of(dim_label[a]), i, sb, sa);
          t = t.diagonal(0, static_cast<int64_t>(a), static_cast<int64_t>(b));
          const int64_t p = dim_pos[a];
          const int l = dim_label[a];
          dim_pos.erase(dim_pos.begin() + static_cast<std::ptrdiff_t>(b));
          dim_pos.erase(dim_pos.begin() + static_cast<std::ptrdiff_t>(a));
          dim_label.erase(dim_label.begin() + static_cast<std::ptrdiff_t>(b));
          dim_label.erase(dim_label.begin() + static_cast<std::ptrdiff_t>(a));
          dim_pos.push_back(p);
          dim_label.push_back(l);
          repeated = true;
        }
    }
    // Sorted into canonical order, the missing dims inserted as size 1.
    std::vector<int64_t> order(dim_pos.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int64_t>(k);
    std::sort(order.begin(), order.end(), [&](int64_t x, int64_t y) { return dim_pos[x] < dim_pos[y]; });
    for (size_t k = 0; k < order.size(); ++k) {
      const int64_t p = dim_pos[static_cast<size_t>(order[k])];
      const int64_t s = t.sizes()[static_cast<size_t>(order[k])];
      has[i][static_cast<size_t>(p)] = true;
      int64_t& prev = seen_size[static_cast<size_t>(p)];
      if (s != 1) {
        XGRAD_CHECK(prev == 1 || prev == s,
                    "einsum(): subscript {} has size {} for operand {} which does not broadcast with previously seen "
                    "size {}",
                    dim_label[static_cast<size_t>(order[k])] == kEllipsis
                        ? std::string("...")
                        : std::string(1, char_of(dim_label[static_cast<size_t>(order[k])])),
                    s, i, prev);
        prev = s;
      }
    }
    if (!std::is_sorted(order.begin(), order.end())) t = t.permute(order);
    for (int64_t p = 0; p < rank; ++p)
      if (!has[i][static_cast<size_t>(p)]) t = t.unsqueeze(p);
    ops.push_back(t);
  }

  // Left to right: sum each dim as soon as neither the output nor a later operand has it.
  Tensor result = ops[0];
  for (size_t i = 1; i < ops.size(); ++i) {
    std::vector<int64_t> sum_dims;
    for (int64_t p = 0; p < rank; ++p) {
      if (in_output[static_cast<size_t>(p)]) continue;
      bool later = false;
      for (size_t j = i + 1; j < ops.size(); ++j) later = later || has[j][static_cast<size_t>(p)];
      if (!later) sum_dims.push_back(p);
    }
    result = sum_product(result, ops[i], sum_dims);
  }
  std::vector<int64_t> rest;
  for (int64_t p = 0; p < rank; ++p)
    if (!in_output[static_cast<size_t>(p)] && result.sizes()[static_cast<size_t>(p)] != 1) rest.push_back(p);
  if (!rest.empty()) result = result.sum(rest, /*keepdim=*/true);
  // The output's dims in its order, the summed (size-1) ones dropped.
  std::vector<int64_t> order = out_dims, out_sizes;
  for (int64_t p : out_dims) out_sizes.push_back(result.sizes()[static_cast<size_t>(p)]);
  for (int64_t p = 0; p < rank; ++p)
    if (!in_output[static_cast<size_t>(p)]) order.push_back(p);
  if (!std::is_sorted(order.begin(), order.end())) result = result.permute(order);
  return result.dim() == static_cast<int64_t>(out_sizes.size()) ? result : result.reshape(out_sizes);
}

Tensor block_diag(TensorList tensors) {
  XGRAD_PROFILE_OP("block_diag");
  BlockSizes s;
  int64_t rows = 0, cols = 0;
  ScalarType dtype = tensors.empty() ? kFloat : tensors[0].scalar_type();
  for (size_t i = 0; i < tensors.size(); ++i) {
    XGRAD_CHECK(tensors[i].dim() <= 2,
                "torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {} has {} dimensions", i,
                tensors[i].dim());
    const std::vector<int64_t> shape = block_shape(tensors[i]);
    s.rows.push_back(shape[0]);
    s.cols.push_back(shape[1]);
    rows += shape[0];
    cols += shape[1];
    dtype = promote_types(dtype, tensors[i].scalar_type());
  }
  Tensor out = zeros({rows, cols}, dtype);
  int64_t r = 0, c = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    detail::copy_into(out.narrow(0, r, s.rows[i]).narrow(1, c, s.cols[i]), tensors[i].reshape(block_shape(tensors[i])));
    r += s.rows[i];
    c += s.cols[i];
  }
  if (out.is_floating_point()) record(kBlockDiagBackward0, tensors, std::move(s)).output(out);
  return out;
}
Tensor& block_diag_out(Tensor& out, TensorList tensors) { return detail::write_out(out, block_diag(tensors)); }
Tensor& block_diag_outf(TensorList tensors, Tensor& out) { return block_diag_out(out, tensors); }

Tensor cartesian_prod(TensorList tensors) {
  for (const Tensor& t : tensors)
    XGRAD_CHECK(t.dim() == 1, "cartesian_prod: Expect a 1D vector, but got shape {}", detail::shape_str(t.sizes()));
  if (tensors.size() == 1) return tensors[0];
  std::vector<Tensor> columns = meshgrid(tensors, "ij");
  for (Tensor& g : columns) g = g.flatten();
  return stack(columns, 1);
}

Tensor combinations(const Tensor& self, int64_t r, bool with_replacement) {
  XGRAD_CHECK(self.dim() == 1, "combinations: Expect a 1D vector, but got shape {}", detail::shape_str(self.sizes()));
  XGRAD_CHECK(r >= 0, "combinations: Expect a non-negative number, but got {}", r);
  if (r == 0) return empty({0}, self.scalar_type());
  const int64_t n = self.numel();
  // The index tuples in lexicographic order, one column per position.
  std::vector<std::vector<int64_t>> columns(static_cast<size_t>(r));
  std::vector<int64_t> idx(static_cast<size_t>(r), 0);
  if (!with_replacement)
    for (size_t k = 0; k < idx.size(); ++k) idx[k] = static_cast<int64_t>(k);
  auto valid = [&] { return r <= n ? true : with_replacement && n > 0; };
  while (valid() && idx.back() < n) {
    for (size_t k = 0; k < idx.size(); ++k) columns[k].push_back(idx[k]);
    // The next tuple: bump the last position that can move, reset the ones after it.
    int64_t k = r - 1;
    while (k >= 0 && idx[static_cast<size_t>(k)] == (with_replacement ? n - 1 : n - r + k)) --k;
    if (k < 0) break;
    ++idx[static_cast<size_t>(k)];
    for (int64_t j = k + 1; j < r; ++j)
      idx[static_cast<size_t>(j)] = with_replacement ? idx[static_cast<size_t>(j - 1)] : idx[static_cast<size_t>(j - 1)] + 1;
  }
  std::vector<Tensor> picked;
  for (const std::vector<int64_t>& col : columns) {
    Tensor index = empty({static_cast<int64_t>(col.size())}, kLong);
    std::copy(col.begin(), col.end(), index.data_ptr<int64_t>());
    picked.push_back(self.index_select(0, index));
  }
  return stack(picked, 1);
}

Tensor linalg_vander(const Tensor& x, std::optional<int64_t> N) {
  XGRAD_CHECK(x.dim() >= 1, "linalg.vander: The input tensor x must have at least one dimension.");
  const int64_t n = N.value_or(x.sizes().back());
  XGRAD_CHECK(n > 1, "linalg.vander: N must be greater than 1.");
  const Tensor col = x.unsqueeze(-1);
  const ScalarType dtype = x.scalar_type() == kBool || x.scalar_type() == kByte ? kLong : x.scalar_type();
  const Tensor exponents = arange(1, n, kLong);
  return cat({ones_like(col, dtype), pow(col.to(dtype), exponents)}, -1);
}

Tensor vander(const Tensor& x, std::optional<int64_t> N, bool increasing) {
  XGRAD_CHECK(x.dim() == 1, "vander: x must be a one-dimensional tensor.");
  const int64_t n = N.value_or(x.numel());
  XGRAD_CHECK(n >= 0, "vander: N must be non-negative.");
  const ScalarType dtype = x.scalar_type() == kBool || x.scalar_type() == kByte ? kLong : x.scalar_type();
  Tensor out;
  if (n <= 1) {
    out = ones({x.numel(), n}, dtype);
  } else {
    const Tensor col = x.unsqueeze(-1).to(dtype);
    out = cat({ones_like(col), pow(col, arange(1, n, kLong))}, 1);
  }
  return increasing ? out : out.flip({1});
}

}  // namespace xgrad
