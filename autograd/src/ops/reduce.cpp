// Reductions: sum, mean, max/min (of everything, or along a dim with indices), argmax/argmin,
// all/any, norm, var/std.
//
// Shapes: reducing x of sizes [s0, ..., s(n-1)] over a set of dims D drops those dims from the result,
// or keeps them with size 1 when keepdim. An empty dim list means every dim (PyTorch 1.13). N is the
// number of elements folded into each result, N = prod_{d in D} s_d, and unsqueeze_D(g) puts the
// reduced dims back into an upstream gradient g (a no-op when keepdim).
//
//   sum(x, D)     = sum_D x                    dx = expand(unsqueeze_D(g))              SumBackward0/1
//   mean(x, D)    = sum_D x / N                dx = expand(unsqueeze_D(g)) / N          MeanBackward0/1
//   max(x)        = the largest element        dx = g / k at each of its k copies       MaxBackward1
//   max(x, d)     = (values, first indices)    dx = g scattered to the indices along d  MaxBackward0
//   norm(x, p, D) = (sum_D |x|^p)^(1/p)        dx = sign(x) |x|^(p-1) g / norm^(p-1)    NormBackward0/1
//                   (p = inf: max |x|, dx = sign(x) g split among the |x| equal to the norm;
//                    p = 0: the count of non-zeros, dx = 0)
//   var(x, D)     = sum_D (x - mean)^2 / (N - c)    dx = 2 g (x - mean) / (N - c)       VarBackward0
//   std(x, D)     = sqrt(var(x, D))            dx = g (x - mean) / ((N - c) std)        StdBackward0
//   prod(x, D)    = prod_D x                   dx_k = g prod_{j != k} x_j               ProdBackward0/1
//                   (g y / x_k without zeros; one zero at z: only dx_z, the product of the others;
//                    two or more zeros: 0)
//   amax(x, D)    = max_D x                    dx = g / k at each of the k maxima       AmaxBackward0
//   logsumexp(x, D) = m + log sum_D exp(x - m) (m the max, 0 where infinite)
//                                              dx = g exp(x - y)                        LogsumexpBackward0
//   nansum(x, D)  = sum_D of the non-NaN x     dx = g where x is not NaN, else 0        NansumBackward0
//   dist(x, z, p) = norm(x - z, p)             dx = -dz = norm's dx at x - z            DistBackward0
//   trace(x)      = sum_i x_ii                 dx = g I                                 TraceBackward0
//   var_mean, std_mean: (var or std, mean) as one node, dx the sum of both formulas     VarMeanBackward0 ...
// with c = 1 when unbiased. min/argmin mirror max/argmax, amin amax. nanmean (nansum / the count of
// non-NaN elements), count_nonzero, aminmax and diff are composites or not differentiable, as in libtorch. NaN wins every max/min comparison, as in
// PyTorch, and ties pick the first index.
//
// Integer and bool inputs sum into int64 (a kLong result); floating inputs accumulate in double and
// round once at the end, which keeps float sums within float rounding of PyTorch's cascade sums.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

#include "../derivative.h"
#include "../kernels/loops.h"
#include "gather.h"
#include "pointwise.h"

namespace xgrad {
namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;

// ---- geometry ----

/// Which dims a reduction folds, and the sizes it makes.
struct ReducePlan {
  std::vector<bool> reduced;        // one flag per input dim
  std::vector<int64_t> keep_sizes;  // the result's sizes with keepdim
  std::vector<int64_t> out_sizes;   // the result's sizes as asked for
  int64_t count = 1;                // elements folded into each result
};

ReducePlan plan_reduction(const Tensor& self, IntArrayRef dims, bool keepdim, const char* op) {
  const int64_t nd = self.dim();
  // A 0-dim tensor accepts dim 0 (and -1), which reduces it to itself.
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(nd, 1)), false);
  for (int64_t d : dims) {
    const auto w = static_cast<size_t>(detail::wrap_dim(d, nd, op));
    XGRAD_CHECK(!seen[w], "{}: dim {} appears multiple times in the list of dims", op, w);
    seen[w] = true;
  }
  ReducePlan plan;
  const auto sizes = self.sizes();
  for (size_t d = 0; d < static_cast<size_t>(nd); ++d) {
    const bool r = dims.empty() || seen[d];
    plan.reduced.push_back(r);
    plan.keep_sizes.push_back(r ? 1 : sizes[d]);
    if (r) plan.count *= sizes[d];
    if (!r || keepdim) plan.out_sizes.push_back(r ? 1 : sizes[d]);
  }
  return plan;
}

ReducePlan plan_all(const Tensor& self) { return plan_reduction(self, {}, false, ""); }

std::vector<int64_t> reduced_dims(const std::vector<bool>& reduced) {
  std::vector<int64_t> dims;
  for (size_t d = 0; d < reduced.size(); ++d)
    if (reduced[d]) dims.push_back(static_cast<int64_t>(d));
  return dims;
}

/// unsqueeze_D(g): the reduced dims back in as size 1, so g broadcasts against the input.
Tensor restore_dims(Tensor g, const std::vector<bool>& reduced, bool keepdim) {
  if (keepdim) return g;
  for (size_t d = 0; d < reduced.size(); ++d)
    if (reduced[d]) g = g.unsqueeze(static_cast<int64_t>(d));
  return g;
}

// ---- kernels ----

/// combine(..., x, m) folded over n elements of stride sx, starting from `identity`.
///
/// A unit-stride row goes through sixteen independent partials, which the compiler keeps in vector
/// registers, joined pairwise by merge at the end; a strided row through two (to hide the latency
/// of each step).
template <typename A, typename T, typename Combine, typename Merge>
A fold_row(const T* x, int64_t n, int64_t sx, A identity, A m, Combine combine, Merge merge) {
  int64_t i = 0;
  A r = identity;
  if (sx == 1) {
    constexpr int kLanes = 16;
    A lanes[kLanes];
    std::fill(lanes, lanes + kLanes, identity);
    for (; i + kLanes <= n; i += kLanes)
      for (int j = 0; j < kLanes; ++j) lanes[j] = combine(lanes[j], x[i + j], m);
    for (int j = 0; i < n; ++i, ++j) lanes[j] = combine(lanes[j], x[i], m);  // the tail, still independent
    for (int w = kLanes / 2; w > 0; w /= 2)
      for (int j = 0; j < w; ++j) lanes[j] = merge(lanes[j], lanes[j + w]);
    r = lanes[0];
  } else {
    A r1 = identity;
    for (; i + 2 <= n; i += 2) {
      r = combine(r, x[i * sx], m);
      r1 = combine(r1, x[(i + 1) * sx], m);
    }
    r = merge(r, r1);
  }
  for (; i < n; ++i) r = combine(r, x[i * sx], m);
  return r;
}

/// [outer, reduced, inner] when `in` is contiguous and its reduced dims are adjacent (one dim, or
/// a run of them: the common case), else nothing.
std::optional<std::array<int64_t, 3>> single_block(const Tensor& in, const ReducePlan& plan) {
  if (!in.is_contiguous()) return std::nullopt;
  std::array<int64_t, 3> block{1, 1, 1};
  int part = 0;  // 0 before the reduced run, 1 inside it, 2 after it
  for (size_t d = 0; d < plan.reduced.size(); ++d) {
    const int64_t size = in.sizes()[d];
    if (size == 1) continue;  // a size-1 dim belongs anywhere
    if (plan.reduced[d] && part == 0) part = 1;
    if (!plan.reduced[d] && part == 1) part = 2;
    if (plan.reduced[d] && part == 2) return std::nullopt;
    block[static_cast<size_t>(part)] *= size;
  }
  return block;
}

/// reduce_into over a contiguous [outer, n, inner] block (single_block): row by row, with the
/// partial results of up to kChunk columns held in a local array (short rows are taken several at
/// a time).
template <typename T, typename A, typename Combine, typename Merge>
void reduce_block(const Tensor& in, const std::array<int64_t, 3>& block, A* acc, const A* aux, A identity,
                  Combine combine, Merge merge) {
  const auto [outer, n, inner] = block;
  const T* x = static_cast<const T*>(in.data_ptr());
  for (int64_t o = 0; o < outer; ++o) {
    const T* xo = x + o * n * inner;
    A* ao = acc + o * inner;
    const A* mo = aux ? aux + o * inner : nullptr;
    if (inner == 1) {
      *ao = merge(*ao, fold_row(xo, n, 1, identity, mo ? *mo : A(), combine, merge));
      continue;
    }
    constexpr int64_t kChunk = 64;
    if (inner < kChunk) {
      // Short rows: several consecutive rows side by side fill the chunk, folded together at the end.
      const int64_t rows = kChunk / inner, width = rows * inner;
      A part[kChunk], m[kChunk];
      std::fill(part, part + width, identity);
      for (int64_t j = 0; j < width; ++j) m[j] = mo ? mo[j % inner] : A();
      int64_t r = 0;
      for (; r + rows <= n; r += rows) {
        const T* p = xo + r * inner;
        for (int64_t j = 0; j < width; ++j) part[j] = combine(part[j], p[j], m[j]);
      }
      for (; r < n; ++r) {
        const T* p = xo + r * inner;
        for (int64_t j = 0; j < inner; ++j) part[j] = combine(part[j], p[j], m[j]);
      }
      for (int64_t j = 0; j < width; ++j) ao[j % inner] = merge(ao[j % inner], part[j]);
      continue;
    }
    for (int64_t c0 = 0; c0 < inner; c0 += kChunk) {
      const int64_t w = std::min(kChunk, inner - c0);
      A part[kChunk], m[kChunk];
      std::fill(part, part + w, identity);
      for (int64_t j = 0; j < w; ++j) m[j] = mo ? mo[c0 + j] : A();
      for (int64_t r = 0; r < n; ++r) {
        const T* row = xo + r * inner + c0;
        for (int64_t j = 0; j < w; ++j) part[j] = combine(part[j], row[j], m[j]);
      }
      for (int64_t j = 0; j < w; ++j) ao[c0 + j] = merge(ao[c0 + j], part[j]);
    }
  }
}

/// reduce_into over any other layout: the dims visited in decreasing input stride, so that memory
/// is read in order, contiguous runs merged into long rows (for_each_row); a row along reduced dims
/// folds into one result (fold_row), a row along kept dims updates a row of results.
template <typename T, typename A, typename Combine, typename Merge>
void reduce_strided(const Tensor& in, const ReducePlan& plan, A* acc, const A* aux, A identity, Combine combine,
                    Merge merge) {
  const size_t nd = plan.reduced.size();
  const auto in_strides = in.strides();
  const std::vector<int64_t> acc_strides = detail::contiguous_strides(plan.keep_sizes);
  std::vector<size_t> order(nd);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return in_strides[a] > in_strides[b]; });

  std::vector<int64_t> sizes(nd);
  detail::LoopOperands<3> ops{{reinterpret_cast<char*>(acc), static_cast<char*>(in.data_ptr()),
                               reinterpret_cast<char*>(const_cast<A*>(aux ? aux : acc))},
                              {}};
  for (auto& s : ops.byte_strides) s.resize(nd);
  for (size_t i = 0; i < nd; ++i) {
    const size_t d = order[i];
    sizes[i] = in.sizes()[d];
    const int64_t as = plan.reduced[d] ? 0 : acc_strides[d] * static_cast<int64_t>(sizeof(A));
    ops.byte_strides[0][i] = as;
    ops.byte_strides[1][i] = in_strides[d] * static_cast<int64_t>(sizeof(T));
    ops.byte_strides[2][i] = as;
  }
  detail::for_each_row<3>(std::move(sizes), ops, [&](std::array<char*, 3> p, std::array<int64_t, 3> s, int64_t n) {
    A* a = reinterpret_cast<A*>(p[0]);
    const T* x = reinterpret_cast<const T*>(p[1]);
    const A* m = reinterpret_cast<const A*>(p[2]);
    const int64_t sx = s[1] / static_cast<int64_t>(sizeof(T));
    if (s[0] == 0) {
      *a = merge(*a, fold_row(x, n, sx, identity, *m, combine, merge));
      return;
    }
    const int64_t sa = s[0] / static_cast<int64_t>(sizeof(A));
    if (sa == 1 && sx == 1) {
      for (int64_t i = 0; i < n; ++i) a[i] = combine(a[i], x[i], m[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) a[i * sa] = combine(a[i * sa], x[i * sx], m[i * sa]);
    }
  });
}

/// Folds every element x of `in` into acc[r] = combine(acc[r], x, aux[r]), r being x's result
/// position; acc and aux (which may be null) are contiguous over plan.keep_sizes.
template <typename T, typename A, typename Combine, typename Merge>
void reduce_into(const Tensor& in, const ReducePlan& plan, A* acc, const A* aux, A identity, Combine combine,
                 Merge merge) {
  if (in.numel() == 0) return;  // every result stays as it starts
  if (const std::optional<std::array<int64_t, 3>> block = single_block(in, plan))
    reduce_block<T>(in, *block, acc, aux, identity, combine, merge);
  else
    reduce_strided<T>(in, plan, acc, aux, identity, combine, merge);
}

/// Whether v beats best for max (IsMax) or min: NaN beats any number, and ties keep the earlier one.
template <bool IsMax, typename T>
inline bool better(T v, T best) {
  if constexpr (std::is_floating_point<T>::value) {
    if (v != v) return best == best;
  }
  if constexpr (IsMax) {
    return v > best;
  } else {
    return v < best;
  }
}

/// The value no element loses to: -inf (lowest, false) for max, +inf (highest, true) for min.
template <bool IsMax, typename T>
T worst() {
  if constexpr (std::is_floating_point<T>::value) {
    return IsMax ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  } else {
    return IsMax ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
  }
}

/// The largest (IsMax) or smallest of n contiguous floating values, in SIMD registers (GCC does
/// not vectorise a float max without -ffast-math). Nothing when a NaN or an infinity is among them
/// (exactly when some v - v is NaN): the exact scalar path decides those.
template <bool IsMax, typename T>
std::optional<T> simd_extreme(const T* x, int64_t n) {
  using B = xsimd::batch<T>;
  constexpr int64_t W = static_cast<int64_t>(B::size);
  B best(worst<IsMax, T>()), probe(T(0));
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    const B v = B::load_unaligned(x + i);
    if constexpr (IsMax) {
      best = xsimd::max(best, v);
    } else {
      best = xsimd::min(best, v);
    }
    probe += v - v;
  }
  T lanes[W];
  best.store_unaligned(lanes);
  T r = worst<IsMax, T>(), p = xsimd::hadd(probe);
  for (int64_t j = 0; j < W; ++j) r = better<IsMax>(lanes[j], r) ? lanes[j] : r;
  for (; i < n; ++i) {
    r = better<IsMax>(x[i], r) ? x[i] : r;
    p += x[i] - x[i];
  }
  if (p != p) return std::nullopt;
  return r;
}

/// Along the middle dim of a contiguous [outer, n, inner] block (n > 0): the best value (when
/// `values` is not null) and its first index, for every (outer, inner) position. Rows are read in
/// memory order: with inner > 1 a whole row of candidates is compared against a row of bests.
template <bool IsMax, typename T>
void select_along(const T* x, int64_t outer, int64_t n, int64_t inner, T* values, int64_t* indices) {
  std::unique_ptr<T[]> scratch(values ? nullptr : new T[static_cast<size_t>(inner)]);
  for (int64_t o = 0; o < outer; ++o) {
    const T* block = x + o * n * inner;
    T* best = values ? values + o * inner : scratch.get();
    int64_t* idx = indices + o * inner;
    if (inner == 1) {
      // Two passes over the (cached) row: the best value, vectorised, then its first position.
      const auto pick = [](T a, T b) { return better<IsMax>(b, a) ? b : a; };
      std::optional<T> fast;
      if constexpr (std::is_floating_point<T>::value) fast = simd_extreme<IsMax>(block, n);
      const T b = fast ? *fast
                       : fold_row(
                             block, n, 1, worst<IsMax, T>(), T(), [pick](T a, T v, T) { return pick(a, v); }, pick);
      int64_t bi = 0;
      if (b != b) {
        while (block[bi] == block[bi]) ++bi;
      } else {
        while (!(block[bi] == b)) ++bi;
      }
      *best = b;
      *idx = bi;
      continue;
    }
    std::copy(block, block + inner, best);
    std::fill(idx, idx + inner, int64_t{0});
    for (int64_t r = 1; r < n; ++r) {
      const T* row = block + r * inner;
      for (int64_t j = 0; j < inner; ++j) {
        const bool take = better<IsMax>(row[j], best[j]);
        best[j] = take ? row[j] : best[j];
        idx[j] = take ? r : idx[j];
      }
    }
  }
}

/// Sum into a fresh tensor: the input's dtype when floating, kLong otherwise.
Tensor sum_kernel(const Tensor& self, const ReducePlan& plan) {
  const ScalarType dt = self.scalar_type();
  Tensor out = empty(plan.out_sizes, isFloatingType(dt) ? dt : kLong);
  const auto n = static_cast<size_t>(out.numel());
  detail::dispatch_all(dt, "sum", [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point<T>::value) {
      std::vector<double> acc(n, 0.0);
      reduce_into<T, double>(
          self, plan, acc.data(), nullptr, 0.0, [](double a, T x, double) { return a + x; }, std::plus<double>());
      std::copy(acc.begin(), acc.end(), out.data_ptr<T>());
    } else {
      int64_t* o = out.data_ptr<int64_t>();
      std::fill(o, o + n, int64_t{0});
      reduce_into<T, int64_t>(
          self, plan, o, nullptr, int64_t{0}, [](int64_t a, T x, int64_t) { return a + static_cast<int64_t>(x); },
          std::plus<int64_t>());
    }
  });
  return out;
}

/// The largest (IsMax) or smallest element of a non-empty tensor, as a 0-dim tensor.
template <bool IsMax>
Tensor extreme_all(const Tensor& self, const char* op) {
  XGRAD_CHECK(self.numel() > 0,
              "{}: Expected reduction dim to be specified for input.numel() == 0 (input of shape {}). Specify the "
              "reduction dim with the 'dim' argument.",
              op, detail::shape_str(self.sizes()));
  Tensor out = empty({}, self.scalar_type());
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* o = out.data_ptr<T>();
    if constexpr (std::is_floating_point<T>::value) {
      if (self.is_contiguous()) {
        if (std::optional<T> fast = simd_extreme<IsMax>(self.data_ptr<T>(), self.numel())) {
          *o = *fast;
          return;
        }
      }
    }
    *o = worst<IsMax, T>();
    const auto pick = [](T a, T b) { return better<IsMax>(b, a) ? b : a; };
    reduce_into<T, T>(
        self, plan_all(self), o, nullptr, worst<IsMax, T>(), [pick](T a, T x, T) { return pick(a, x); }, pick);
  });
  return out;
}

/// (values, indices) of the best element along `dim`; values are skipped when `with_values` is false.
template <bool IsMax>
std::tuple<Tensor, Tensor> extreme_dim(const Tensor& self, int64_t dim, bool keepdim, bool with_values,
                                       const char* op) {
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  const ReducePlan plan = plan_reduction(self, {d}, keepdim, op);
  const detail::Lines s = detail::lines_along(self.sizes(), d);
  XGRAD_CHECK(s.size > 0, "{}: Expected reduction dim {} to have non-zero size (input of shape {})", op, d,
              detail::shape_str(self.sizes()));
  Tensor indices = empty(plan.out_sizes, kLong);
  Tensor values = with_values ? empty(plan.out_sizes, self.scalar_type()) : Tensor();
  const Tensor in = self.contiguous();
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    select_along<IsMax, T>(in.data_ptr<T>(), s.outer, s.size, s.inner, with_values ? values.data_ptr<T>() : nullptr,
                           indices.data_ptr<int64_t>());
  });
  return {values, indices};
}

// ---- gathering by indices and its adjoint, the scatter (ops/gather.h) ----

// y = gather(x) at index:  dx = g scattered (added) to index
const Derivative<detail::Lines> kGatherBackward0{
    "GatherBackward0", [](const BackwardContext& c, const detail::Lines& lines) {
      const autograd::InputMetadata& src = c.input(0);
      return variable_list{detail::scatter_to_indices(c.grad(), lines, c.saved(0), src.sizes, src.dtype)};
    }};

// y = g scattered to index (zeros elsewhere):  dg = gather(dy) at index
const Derivative<detail::Lines> kScatterBackward0{
    "ScatterBackward0", [](const BackwardContext& c, const detail::Lines& lines) {
      return variable_list{detail::gather_lines(c.grad(), lines, c.saved(0))};
    }};

/// index's K: its length along the gathered dim.
int64_t index_length(const Tensor& index, const detail::Lines& lines) {
  const int64_t blocks = lines.outer * lines.inner;
  return blocks == 0 ? 0 : index.numel() / blocks;
}

}  // namespace

namespace detail {

Tensor scatter_to_indices(const Tensor& g, const Lines& lines, const Tensor& index, IntArrayRef sizes,
                          ScalarType dtype) {
  Tensor out = scatter_add_lines(g, lines, index, sizes, dtype);
  record(kScatterBackward0, {g}, lines).save(index).output(out);
  return out;
}

Tensor evenly_distribute(const Tensor& g, const Tensor& self, const Tensor& result) {
  const Tensor hit = std::isnan(result.item<double>()) ? self.ne(self) : self.eq(result);
  const Tensor mask = hit.to(g.scalar_type());
  return mask * (g / mask.sum());
}

Tensor gather_lines(const Tensor& src, const Lines& lines, const Tensor& index) {
  const ScalarType dt = src.scalar_type();
  const Tensor s = as_dense(src, dt);
  const Tensor ix = as_dense(index, kLong);
  Tensor out = empty(ix.sizes(), dt);
  const int64_t n = lines.size, inner = lines.inner, k = index_length(ix, lines);
  dispatch_floating(dt, "gather", [&](auto tag) {
    using T = decltype(tag);
    const T* x = s.data_ptr<T>();
    const int64_t* ip = ix.data_ptr<int64_t>();
    T* o = out.data_ptr<T>();
    for (int64_t a = 0; a < lines.outer; ++a)
      for (int64_t i = 0; i < k; ++i)
        for (int64_t j = 0; j < inner; ++j) {
          const int64_t at = ip[(a * k + i) * inner + j];
          o[(a * k + i) * inner + j] = at >= 0 ? x[(a * n + at) * inner + j] : T(0);
        }
  });
  record(kGatherBackward0, {src}, lines).save(ix).output(out);
  return out;
}

Tensor scatter_add_lines(const Tensor& g, const Lines& lines, const Tensor& index, IntArrayRef sizes,
                         ScalarType dtype) {
  const Tensor gd = as_dense(g, dtype);
  const Tensor ix = as_dense(index, kLong);
  Tensor out = empty(sizes, dtype);
  const int64_t block = lines.size * lines.inner, inner = lines.inner, k = index_length(ix, lines);
  dispatch_floating(dtype, "scatter", [&](auto tag) {
    using T = decltype(tag);
    const T* gp = gd.data_ptr<T>();
    const int64_t* ip = ix.data_ptr<int64_t>();
    T* o = out.data_ptr<T>();
    parallel_for(lines.outer, block_grain(block), [&](int64_t first, int64_t last) {
      for (int64_t a = first; a < last; ++a) {
        T* oa = o + a * block;
        const int64_t* ia = ip + a * k * inner;
        const T* ga = gp + a * k * inner;
        std::fill(oa, oa + block, T(0));  // here, so that the threads share the zeroing too
        if (inner == 1) {  // max pooling's planes, the hot case: a flat loop (the nested one costs ~40% more)
          for (int64_t i = 0; i < k; ++i)
            if (ia[i] >= 0) oa[ia[i]] += ga[i];
          continue;
        }
        for (int64_t i = 0; i < k * inner; i += inner)
          for (int64_t j = 0; j < inner; ++j)
            if (ia[i + j] >= 0) oa[ia[i + j] * inner + j] += ga[i + j];
      }
    });
  });
  return out;
}

}  // namespace detail

namespace {

// ---- backward formulas ----

/// What a reduction's backward needs of its plan: the dims it folded, keepdim, and N.
struct Folded {
  std::vector<bool> reduced;
  bool keepdim = false;
  int64_t count = 1;
  /// unsqueeze_D(g), which broadcasts against the input.
  Tensor restore(const Tensor& g) const { return restore_dims(g, reduced, keepdim); }
};

Folded folded(const ReducePlan& plan, bool keepdim) { return Folded{plan.reduced, keepdim, plan.count}; }

// y = sum(x):  dx = expand(g)
const Derivative<> kSumBackward0{"SumBackward0", [](const BackwardContext& c, const NoState&) {
                                   return variable_list{c.grad().expand(c.input(0).sizes)};
                                 }};

// y = sum_D(x):  dx = expand(unsqueeze_D(g))
const Derivative<Folded> kSumBackward1{"SumBackward1", [](const BackwardContext& c, const Folded& f) {
                                         return variable_list{f.restore(c.grad()).expand(c.input(0).sizes)};
                                       }};

// y = sum_D(x) / N:  dx = expand(unsqueeze_D(g)) / N
variable_list mean_backward(const BackwardContext& c, const Folded& f) {
  return {f.restore(c.grad()).expand(c.input(0).sizes) / f.count};
}
const Derivative<Folded> kMeanBackward0{"MeanBackward0", mean_backward};
const Derivative<Folded> kMeanBackward1{"MeanBackward1", mean_backward};

// y = max(x):  dx = g / k at each of the k elements equal to y (PyTorch's evenly_distribute_backward;
// a NaN result is matched by the NaNs). min likewise.
variable_list extreme_all_backward(const BackwardContext& c, const NoState&) {
  return {detail::evenly_distribute(c.grad(), c.saved(0), c.saved(1))};
}
const Derivative<> kMaxBackward1{"MaxBackward1", extreme_all_backward};
const Derivative<> kMinBackward1{"MinBackward1", extreme_all_backward};

// (y, i) = max(x, d):  dx = g scattered to i along d. min likewise.
variable_list extreme_dim_backward(const BackwardContext& c, const int64_t& dim) {
  const std::vector<int64_t>& sizes = c.input(0).sizes;
  return {detail::scatter_to_indices(c.grad(), detail::lines_along(sizes, dim), c.saved(0), sizes, c.grad().scalar_type())};
}
const Derivative<int64_t> kMaxBackward0{"MaxBackward0", extreme_dim_backward};
const Derivative<int64_t> kMinBackward0{"MinBackward0", extreme_dim_backward};

/// sign(x) as a tensor of x's dtype (0 at 0).
Tensor sign_of(const Tensor& x) { return x.gt(0).to(x.scalar_type()) - x.lt(0).to(x.scalar_type()); }

struct NormState {
  Folded folded;
  double p = 2;
};

// y = norm(x, p, D):  dx = sign(x) |x|^(p-1) g / y^(p-1), with the cases p = 0, 1, 2, inf apart
// (the file's header).
variable_list norm_backward(const BackwardContext& c, const NormState& s) {
  const double p = s.p;
  const Tensor self = c.saved(0);
  if (p == 0) return {zeros_like(self)};
  const Tensor g = s.folded.restore(c.grad());
  if (p == 1) return {sign_of(self) * g};
  const Tensor norm = s.folded.restore(c.saved(1));
  if (std::isinf(p)) {
    // The elements whose |x| is the norm share g; NaNs count as such, as in PyTorch.
    const Tensor a = self.abs();
    const Tensor mask = a.eq(norm).to(self.scalar_type()) + a.ne(a).to(self.scalar_type());
    return {sign_of(self) * mask * (g / mask.sum(reduced_dims(s.folded.reduced), /*keepdim=*/true))};
  }
  // Where the norm is 0 every x is 0 and so is the gradient: divide by 1 there, not by 0.
  const Tensor safe_norm = norm + norm.eq(0).to(self.scalar_type());
  if (p == 2) return {self * (g / safe_norm)};
  // For p < 1, |x|^(p-1) is inf at x = 0, where the gradient is 0 (as in PyTorch): taking |x| as 1
  // there keeps sign(x) * ... = 0 instead of 0 * inf = NaN.
  const Tensor a = self.abs();
  const Tensor scaled = p < 2 ? sign_of(self) * (a + a.eq(0).to(self.scalar_type())).pow(p - 1) : self * a.pow(p - 2);
  return {scaled * (g / safe_norm.pow(p - 1))};
}
const Derivative<NormState> kNormBackward0{"NormBackward0", norm_backward};
const Derivative<NormState> kNormBackward1{"NormBackward1", norm_backward};

struct VarState {
  Folded folded;
  int64_t correction = 1;
};

// y = var(x, D):  dx = 2 g (x - mean) / (N - c)
// y = std(x, D):  dx = g (x - mean) / ((N - c) y), which also saved y
Tensor var_std_grad(const Tensor& self, const Tensor& grad, const Tensor& std_out, const VarState& s, bool is_std) {
  const Tensor g = s.folded.restore(grad);
  const Tensor centered = self - self.mean(reduced_dims(s.folded.reduced), /*keepdim=*/true);
  const double den = static_cast<double>(s.folded.count - s.correction);
  if (!is_std) return (2.0 / den) * g * centered;
  // d std = d var / (2 std); where std is 0 all x equal their mean, so divide by 1 there instead.
  const Tensor std_dev = s.folded.restore(std_out);
  const Tensor safe_std = std_dev + std_dev.eq(0).to(self.scalar_type());
  return (1.0 / den) * (g / safe_std) * centered;
}
variable_list var_std_backward(const BackwardContext& c, const VarState& s, bool is_std) {
  return {var_std_grad(c.saved(0), c.grad(), is_std ? c.saved(1) : Tensor(), s, is_std)};
}
const Derivative<VarState> kVarBackward0{"VarBackward0", [](const BackwardContext& c, const VarState& s) {
                                           return var_std_backward(c, s, /*is_std=*/false);
                                         }};
const Derivative<VarState> kStdBackward0{"StdBackward0", [](const BackwardContext& c, const VarState& s) {
                                           return var_std_backward(c, s, /*is_std=*/true);
                                         }};

// ---- shared forward bodies ----

/// self in the dtype a reduction was asked to compute in, unrecorded: as PyTorch, sum and mean with
/// a dtype are one node on self (the engine casts its gradient back to self's dtype).
Tensor converted(const Tensor& self, ScalarType dtype) {
  if (dtype == self.scalar_type()) return self;
  NoGradGuard no_grad;
  return self.to(dtype);
}

Tensor sum_impl(const Tensor& self, IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype, bool all_dims) {
  XGRAD_PROFILE_OP("sum");
  const Tensor in = converted(self, dtype.value_or(self.scalar_type()));
  const ReducePlan plan = all_dims ? plan_all(in) : plan_reduction(in, dims, keepdim, "sum");
  Tensor out = sum_kernel(in, plan);
  if (dtype && out.scalar_type() != *dtype) out = out.to(*dtype);  // an integral dtype asked for by name
  if (all_dims)
    record(kSumBackward0, {self}).output(out);
  else
    record(kSumBackward1, {self}, folded(plan, keepdim)).output(out);
  return out;
}

Tensor mean_impl(const Tensor& self, IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype, bool all_dims) {
  XGRAD_PROFILE_OP("mean");
  const ScalarType dt = dtype.value_or(self.scalar_type());
  XGRAD_CHECK(isFloatingType(dt),
              "mean: could not infer output dtype. Input dtype must be either a floating point or complex dtype. "
              "Got: {}",
              toString(dt));
  const Tensor in = converted(self, dt);
  const ReducePlan plan = all_dims ? plan_all(in) : plan_reduction(in, dims, keepdim, "mean");
  Tensor out = empty(plan.out_sizes, dt);
  detail::dispatch_floating(dt, "mean", [&](auto tag) {
    using T = decltype(tag);
    std::vector<double> acc(static_cast<size_t>(out.numel()), 0.0);
    reduce_into<T, double>(
        in, plan, acc.data(), nullptr, 0.0, [](double a, T x, double) { return a + x; }, std::plus<double>());
    // Round the sum, then divide, as PyTorch's sum(...).div_(N).
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < acc.size(); ++i) o[i] = static_cast<T>(acc[i]) / static_cast<T>(plan.count);
  });
  record(all_dims ? kMeanBackward0 : kMeanBackward1, {self}, folded(plan, keepdim)).output(out);
  return out;
}

template <bool IsMax>
Tensor extreme_all_op(const Tensor& self, const char* op, const Derivative<>& derivative) {
  XGRAD_PROFILE_OP(op);
  Tensor out = extreme_all<IsMax>(self, op);
  record(derivative, {self}).save(self).output(out).save(out);
  return out;
}

template <bool IsMax>
std::tuple<Tensor, Tensor> extreme_dim_op(const Tensor& self, int64_t dim, bool keepdim, const char* op,
                                          const Derivative<int64_t>& derivative) {
  XGRAD_PROFILE_OP(op);
  auto [values, indices] = extreme_dim<IsMax>(self, dim, keepdim, /*with_values=*/true, op);
  record(derivative, {self}, detail::wrap_dim(dim, self.dim(), op)).save(indices).output(values);
  return {values, indices};
}

template <bool IsMax>
Tensor arg_extreme(const Tensor& self, std::optional<int64_t> dim, bool keepdim, const char* op) {
  XGRAD_PROFILE_OP(op);
  XGRAD_CHECK(self.scalar_type() != kBool, "{}: Bool tensors are not supported (as in PyTorch)", op);
  if (dim) return std::get<1>(extreme_dim<IsMax>(self, *dim, keepdim, /*with_values=*/false, op));
  // No dim: an index into the flattened tensor; keepdim gives every dim size 1.
  XGRAD_CHECK(self.numel() > 0,
              "{}: Expected reduction dim to be specified for input.numel() == 0 (input of shape {}).", op,
              detail::shape_str(self.sizes()));
  Tensor flat_index = std::get<1>(extreme_dim<IsMax>(self.reshape({-1}), 0, false, /*with_values=*/false, op));
  return keepdim ? flat_index.reshape(std::vector<int64_t>(static_cast<size_t>(self.dim()), 1)) : flat_index;
}

/// all (IsAll) or any, over the dims of plan. The result is kBool (kByte for a kByte input, as in
/// PyTorch 1.13).
template <bool IsAll>
Tensor all_any(const Tensor& self, const ReducePlan& plan, const char* op) {
  XGRAD_PROFILE_OP(op);
  const ScalarType out_dtype = self.scalar_type() == kByte ? kByte : kBool;
  Tensor out = empty(plan.out_sizes, out_dtype);
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const auto run = [&](auto acc_tag) {
      using A = decltype(acc_tag);
      A* o = out.data_ptr<A>();
      std::fill(o, o + out.numel(), static_cast<A>(IsAll));
      const auto fold = [](A a, A b) { return static_cast<A>(IsAll ? (a && b) : (a || b)); };
      reduce_into<T, A>(
          self, plan, o, nullptr, static_cast<A>(IsAll),
          [fold](A a, T x, A) { return fold(a, static_cast<A>(x != T(0))); }, fold);
    };
    if (out_dtype == kByte) {
      run(uint8_t{});
    } else {
      run(bool{});
    }
  });
  return out;
}

Tensor norm_impl(const Tensor& self, const std::optional<Scalar>& p_opt, IntArrayRef dims, bool keepdim,
                 bool all_dims) {
  XGRAD_PROFILE_OP("norm");
  const double p = p_opt ? p_opt->toDouble() : 2.0;
  XGRAD_CHECK(isFloatingType(self.scalar_type()),
              "norm: input dtype should be either floating point or complex. Got {} instead.",
              toString(self.scalar_type()));
  XGRAD_CHECK(!std::isnan(p), "norm: the order p must be a number, got nan");
  const ReducePlan plan = all_dims ? plan_all(self) : plan_reduction(self, dims, keepdim, "norm");
  Tensor out = empty(plan.out_sizes, self.scalar_type());
  detail::dispatch_floating(self.scalar_type(), "norm", [&](auto tag) {
    using T = decltype(tag);
    const size_t n = static_cast<size_t>(out.numel());
    const auto plus = std::plus<double>();
    std::vector<double> acc(n, 0.0);
    if (p == 2) {
      reduce_into<T, double>(
          self, plan, acc.data(), nullptr, 0.0, [](double a, T x, double) { return a + static_cast<double>(x) * x; },
          plus);
      for (double& v : acc) v = std::sqrt(v);
    } else if (p == 1) {
      reduce_into<T, double>(
          self, plan, acc.data(), nullptr, 0.0,
          [](double a, T x, double) { return a + std::abs(static_cast<double>(x)); }, plus);
    } else if (p == 0) {
      reduce_into<T, double>(
          self, plan, acc.data(), nullptr, 0.0, [](double a, T x, double) { return a + (x != T(0) ? 1.0 : 0.0); },
          plus);
    } else if (std::isinf(p)) {
      const auto run = [&](auto is_max) {
        constexpr bool IsMax = decltype(is_max)::value;
        const auto pick = [](double a, double b) { return better<IsMax>(b, a) ? b : a; };
        // |x| >= 0, so 0 starts the max; an empty reduction gives 0 either way, as in PyTorch.
        const double start = IsMax ? 0.0 : worst<IsMax, double>();
        std::fill(acc.begin(), acc.end(), start);
        reduce_into<T, double>(
            self, plan, acc.data(), nullptr, start,
            [pick](double a, T x, double) { return pick(a, std::abs(static_cast<double>(x))); }, pick);
        if (plan.count == 0) std::fill(acc.begin(), acc.end(), 0.0);
      };
      if (p > 0) {
        run(std::true_type{});
      } else {
        run(std::false_type{});
      }
    } else {
      reduce_into<T, double>(
          self, plan, acc.data(), nullptr, 0.0,
          [p](double a, T x, double) { return a + std::pow(std::abs(static_cast<double>(x)), p); }, plus);
      for (double& v : acc) v = std::pow(v, 1.0 / p);
    }
    std::copy(acc.begin(), acc.end(), out.data_ptr<T>());
  });
  record(all_dims ? kNormBackward0 : kNormBackward1, {self}, NormState{folded(plan, keepdim), p})
      .save(self)
      .output(out)
      .save(out);
  return out;
}

/// var, or std when take_sqrt: two passes in double (the mean, then the squared deviations).
Tensor var_std_impl(const Tensor& self, IntArrayRef dims, bool unbiased, bool keepdim, bool all_dims, bool take_sqrt) {
  XGRAD_PROFILE_OP(take_sqrt ? "std" : "var");
  const char* op = take_sqrt ? "std" : "var";
  const ReducePlan plan = all_dims ? plan_all(self) : plan_reduction(self, dims, keepdim, op);
  const int64_t correction = unbiased ? 1 : 0;
  Tensor out = empty(plan.out_sizes, self.scalar_type());
  detail::dispatch_floating(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const size_t n = static_cast<size_t>(out.numel());
    const auto plus = std::plus<double>();
    std::vector<double> mean(n, 0.0), m2(n, 0.0);
    reduce_into<T, double>(
        self, plan, mean.data(), nullptr, 0.0, [](double a, T x, double) { return a + x; }, plus);
    for (double& m : mean) m /= static_cast<double>(plan.count);
    reduce_into<T, double>(
        self, plan, m2.data(), mean.data(), 0.0,
        [](double a, T x, double m) {
          const double d = static_cast<double>(x) - m;
          return a + d * d;
        },
        plus);
    // N - c <= 0 divides by 0 (NaN for one element, unbiased), as in PyTorch.
    const double den = static_cast<double>(std::max<int64_t>(0, plan.count - correction));
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < n; ++i) o[i] = static_cast<T>(take_sqrt ? std::sqrt(m2[i] / den) : m2[i] / den);
  });
  record(take_sqrt ? kStdBackward0 : kVarBackward0, {self}, VarState{folded(plan, keepdim), correction})
      .save(self)
      .output(out)
      .save(take_sqrt ? out : Tensor());  // std's formula divides by its result
  return out;
}

// ---- more reductions: prod, amax/amin, logsumexp, nansum, dist, trace, var_mean/std_mean ----

/// The prod gradient of each line along dim of x (dense, contiguous), with g and y laid out as the
/// keepdim result: dx_k = g prod_{j != k} x_j, zero-safe (the file's header), in double.
Tensor prod_grad_kernel(const Tensor& x_in, const Tensor& g_in, const Tensor& y_in, int64_t dim) {
  const ScalarType dt = g_in.scalar_type();
  const Tensor x = detail::as_dense(x_in, dt), g = detail::as_dense(g_in, dt), y = detail::as_dense(y_in, dt);
  Tensor dx = empty(x.sizes(), dt);
  const detail::Lines l = detail::lines_along(x.sizes(), dim);
  detail::dispatch_floating(dt, "prod_backward", [&](auto tag) {
    using T = decltype(tag);
    const T *xp = x.data_ptr<T>(), *gp = g.data_ptr<T>(), *yp = y.data_ptr<T>();
    T* o = dx.data_ptr<T>();
    const int64_t n = l.size, st = l.inner;
    for (int64_t a = 0; a < l.outer; ++a)
      for (int64_t j = 0; j < st; ++j) {
        const int64_t b = a * n * st + j, r = a * st + j;
        int64_t zeros = 0, z = 0;
        for (int64_t i = 0; i < n; ++i)
          if (xp[b + i * st] == T(0)) ++zeros, z = i;
        for (int64_t i = 0; i < n; ++i) o[b + i * st] = zeros == 0 ? gp[r] * yp[r] / xp[b + i * st] : T(0);
        if (zeros != 1) continue;
        double others = 1;
        for (int64_t i = 0; i < n; ++i)
          if (i != z) others *= xp[b + i * st];
        o[b + z * st] = static_cast<T>(gp[r] * others);
      }
  });
  return dx;
}

/// prod's (and prod by dim's) gradient; `dim` is nullopt for the whole tensor.
Tensor prod_grad(const BackwardContext& c, const Folded& f, std::optional<int64_t> dim) {
  const Tensor x = c.saved(0), y = f.restore(c.saved(1)), g = f.restore(c.grad());
  return fused_unless_graphed(
      c,
      [&] {
        if (dim) return prod_grad_kernel(x, g, y, *dim);
        return prod_grad_kernel(x.reshape({-1}), g.reshape({1}), y.reshape({1}), 0).view(x.sizes());
      },
      [&] {
        // Differentiable only without zeros (the division): with zeros, say so rather than err.
        XGRAD_CHECK(!x.eq(0).any().item<bool>(), "prod: double backward through an input with zeros is not supported");
        return g * y / x;
      });
}
const Derivative<Folded> kProdBackward0{"ProdBackward0", [](const BackwardContext& c, const Folded& f) {
                                          return variable_list{prod_grad(c, f, std::nullopt)};
                                        }};
const Derivative<Folded> kProdBackward1{"ProdBackward1", [](const BackwardContext& c, const Folded& f) {
                                          const std::vector<int64_t> dims = reduced_dims(f.reduced);
                                          return variable_list{prod_grad(
                                              c, f, dims.empty() ? std::nullopt : std::optional<int64_t>(dims[0]))};
                                        }};

// y = amax_D(x):  dx = g / k at each of the k elements equal to y (amin likewise)
variable_list amax_amin_backward(const BackwardContext& c, const Folded& f) {
  const Tensor self = c.saved(0);
  const Tensor mask = self.eq(f.restore(c.saved(1))).to(c.grad().scalar_type());
  return {(f.restore(c.grad()) / mask.sum(reduced_dims(f.reduced), /*keepdim=*/true)) * mask};
}
const Derivative<Folded> kAmaxBackward0{"AmaxBackward0", amax_amin_backward};
const Derivative<Folded> kAminBackward0{"AminBackward0", amax_amin_backward};

// y = logsumexp_D(x):  dx = g exp(x - y)
const Derivative<Folded> kLogsumexpBackward0{
    "LogsumexpBackward0", [](const BackwardContext& c, const Folded& f) {
      return variable_list{f.restore(c.grad()) * (c.saved(0) - f.restore(c.saved(1))).exp()};
    }};

// y = nansum_D(x):  dx = g where x is not NaN, 0 there
const Derivative<Folded> kNansumBackward0{
    "NansumBackward0", [](const BackwardContext& c, const Folded& f) {
      const Tensor self = c.saved(0);
      return variable_list{f.restore(c.grad()) * self.eq(self).to(c.grad().scalar_type())};
    }};

// y = norm(x - z, p):  dx = norm's gradient at x - z, dz = -dx
const Derivative<NormState> kDistBackward0{"DistBackward0", [](const BackwardContext& c, const NormState& s) {
                                             const Tensor d = norm_backward(c, s)[0];
                                             return variable_list{c.needs(0) ? d : Tensor(),
                                                                  c.needs(1) ? -d : Tensor()};
                                           }};

// y = sum_i x_ii:  dx = g I
const Derivative<> kTraceBackward0{"TraceBackward0", [](const BackwardContext& c, const NoState&) {
                                     const std::vector<int64_t>& sizes = c.input(0).sizes;
                                     return variable_list{c.grad() * eye(sizes[0], sizes[1], c.grad().scalar_type())};
                                   }};

// (v, m) = var_mean(x, D):  dx = var's dx from dv + mean's dx from dm (std_mean: std's), either
// gradient possibly absent
variable_list var_std_mean_backward(const BackwardContext& c, const VarState& s, bool is_std) {
  const Tensor self = c.saved(0);
  const Tensor& gv = c.grads()[0];
  const Tensor& gm = c.grads()[1];
  Tensor dx;
  if (gv.defined()) dx = var_std_grad(self, gv, is_std ? c.saved(1) : Tensor(), s, is_std);
  if (gm.defined()) {
    const Tensor dm = s.folded.restore(gm).expand(self.sizes()) / s.folded.count;
    dx = dx.defined() ? dx + dm : dm;
  }
  return {dx};
}
const Derivative<VarState> kVarMeanBackward0{"VarMeanBackward0", [](const BackwardContext& c, const VarState& s) {
                                               return var_std_mean_backward(c, s, /*is_std=*/false);
                                             }};
const Derivative<VarState> kStdMeanBackward0{"StdMeanBackward0", [](const BackwardContext& c, const VarState& s) {
                                               return var_std_mean_backward(c, s, /*is_std=*/true);
                                             }};

/// The dtype sum (and prod, nansum) computes in: the input's when floating, kLong otherwise.
ScalarType sum_dtype(ScalarType dt) { return isFloatingType(dt) ? dt : kLong; }

Tensor prod_impl(const Tensor& self, std::optional<int64_t> dim, bool keepdim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("prod");
  detail::check_defined(self, "prod");
  const Tensor in = converted(self, dtype.value_or(sum_dtype(self.scalar_type())));
  const ReducePlan plan =
      dim ? plan_reduction(in, {detail::wrap_dim(*dim, in.dim(), "prod")}, keepdim, "prod") : plan_all(in);
  Tensor out = empty(plan.out_sizes, in.scalar_type());
  detail::dispatch_numeric(in.scalar_type(), "prod", [&](auto tag) {
    using T = decltype(tag);
    using A = std::conditional_t<std::is_floating_point<T>::value, double, int64_t>;
    std::vector<A> acc(static_cast<size_t>(out.numel()), A(1));
    reduce_into<T, A>(
        in, plan, acc.data(), nullptr, A(1), [](A a, T x, A) { return a * static_cast<A>(x); }, std::multiplies<A>());
    std::transform(acc.begin(), acc.end(), out.data_ptr<T>(), [](A v) { return static_cast<T>(v); });
  });
  record(dim ? kProdBackward1 : kProdBackward0, {self}, folded(plan, keepdim)).save(in).output(out).save(out);
  return out;
}

/// amax (IsMax) or amin over dims (every dim when empty).
template <bool IsMax>
Tensor amax_amin(const Tensor& self, IntArrayRef dims, bool keepdim, const char* op) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  const ReducePlan plan = plan_reduction(self, dims, keepdim, op);
  if (self.numel() == 0) {
    XGRAD_CHECK(!dims.empty(),
                "{}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with "
                "the 'dim' argument.",
                op);
    for (int64_t d : dims) {
      const int64_t w = detail::wrap_dim(d, self.dim(), op);
      XGRAD_CHECK(self.dim() == 0 || self.sizes()[static_cast<size_t>(w)] != 0,
                  "{}(): Expected reduction dim {} to have non-zero size.", op, w);
    }
  }
  Tensor out = empty(plan.out_sizes, self.scalar_type());
  detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* o = out.data_ptr<T>();
    std::fill(o, o + out.numel(), worst<IsMax, T>());
    const auto pick = [](T a, T b) { return better<IsMax>(b, a) ? b : a; };
    reduce_into<T, T>(
        self, plan, o, nullptr, worst<IsMax, T>(), [pick](T a, T x, T) { return pick(a, x); }, pick);
  });
  record(IsMax ? kAmaxBackward0 : kAminBackward0, {self}, folded(plan, keepdim)).save(self).output(out).save(out);
  return out;
}

Tensor logsumexp_impl(const Tensor& self, IntArrayRef dims, bool keepdim) {
  XGRAD_PROFILE_OP("logsumexp");
  detail::check_defined(self, "logsumexp");
  const Tensor in = converted(self, detail::floating_result(self.scalar_type()));
  const ReducePlan plan = plan_reduction(in, dims, keepdim, "logsumexp");
  Tensor out = empty(plan.out_sizes, in.scalar_type());
  detail::dispatch_floating(in.scalar_type(), "logsumexp", [&](auto tag) {
    using T = decltype(tag);
    const size_t n = static_cast<size_t>(out.numel());
    const auto pick = [](double a, double b) { return better<true>(b, a) ? b : a; };
    std::vector<double> m(n, -std::numeric_limits<double>::infinity()), acc(n, 0.0);
    reduce_into<T, double>(
        in, plan, m.data(), nullptr, -std::numeric_limits<double>::infinity(),
        [pick](double a, T x, double) { return pick(a, static_cast<double>(x)); }, pick);
    for (double& v : m)
      if (std::isinf(v)) v = 0;  // as PyTorch: all -inf gives log(0) = -inf, an inf gives inf
    reduce_into<T, double>(
        in, plan, acc.data(), m.data(), 0.0, [](double a, T x, double mx) { return a + std::exp(x - mx); },
        std::plus<double>());
    T* o = out.data_ptr<T>();
    for (size_t i = 0; i < n; ++i) o[i] = static_cast<T>(m[i] + std::log(acc[i]));
  });
  record(kLogsumexpBackward0, {self}, folded(plan, keepdim)).save(in).output(out).save(out);
  return out;
}

Tensor nansum_impl(const Tensor& self, IntArrayRef dims, bool keepdim, std::optional<ScalarType> dtype) {
  XGRAD_PROFILE_OP("nansum");
  detail::check_defined(self, "nansum");
  const Tensor in = converted(self, dtype.value_or(self.scalar_type()));
  const ReducePlan plan = plan_reduction(in, dims, keepdim, "nansum");
  if (!isFloatingType(in.scalar_type())) return xgrad::sum(self, dims, keepdim, dtype);  // nothing is NaN
  Tensor out = empty(plan.out_sizes, in.scalar_type());
  detail::dispatch_floating(in.scalar_type(), "nansum", [&](auto tag) {
    using T = decltype(tag);
    std::vector<double> acc(static_cast<size_t>(out.numel()), 0.0);
    reduce_into<T, double>(
        in, plan, acc.data(), nullptr, 0.0, [](double a, T x, double) { return x != x ? a : a + x; },
        std::plus<double>());
    std::copy(acc.begin(), acc.end(), out.data_ptr<T>());
  });
  record(kNansumBackward0, {self}, folded(plan, keepdim)).save(self).output(out);
  return out;
}

/// (var or std, mean) as one node.
std::tuple<Tensor, Tensor> var_std_mean(const Tensor& self, IntArrayRef dims, bool unbiased, bool keepdim,
                                        bool all_dims, bool take_sqrt) {
  const char* op = take_sqrt ? "std_mean" : "var_mean";
  XGRAD_PROFILE_OP(op);
  const ReducePlan plan = all_dims ? plan_all(self) : plan_reduction(self, dims, keepdim, op);
  Tensor spread, mean;
  {
    NoGradGuard no_grad;  // recorded below, as one node
    spread = var_std_impl(self, dims, unbiased, keepdim, all_dims, take_sqrt);
    mean = mean_impl(self, dims, keepdim, std::nullopt, all_dims);
  }
  auto recording = record(take_sqrt ? kStdMeanBackward0 : kVarMeanBackward0, {self},
                          VarState{folded(plan, keepdim), unbiased ? 1 : 0});
  recording.save(self).output(spread).output(mean);
  if (take_sqrt) recording.save(spread);
  return {spread, mean};
}


}  // namespace

// ---- free functions ----

Tensor sum(const Tensor& self, std::optional<ScalarType> dtype) { return sum_impl(self, {}, false, dtype, true); }
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return sum_impl(self, dim, keepdim, dtype, false);
}
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype) { return mean_impl(self, {}, false, dtype, true); }
Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return mean_impl(self, dim, keepdim, dtype, false);
}

Tensor max(const Tensor& self) { return extreme_all_op<true>(self, "max", kMaxBackward1); }
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim) {
  return extreme_dim_op<true>(self, dim, keepdim, "max", kMaxBackward0);
}
Tensor min(const Tensor& self) { return extreme_all_op<false>(self, "min", kMinBackward1); }
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim) {
  return extreme_dim_op<false>(self, dim, keepdim, "min", kMinBackward0);
}
Tensor argmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme<true>(self, dim, keepdim, "argmax");
}
Tensor argmin(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  return arg_extreme<false>(self, dim, keepdim, "argmin");
}

Tensor all(const Tensor& self) { return all_any<true>(self, plan_all(self), "all"); }
Tensor all(const Tensor& self, int64_t dim, bool keepdim) {
  return all_any<true>(self, plan_reduction(self, {dim}, keepdim, "all"), "all");
}
Tensor any(const Tensor& self) { return all_any<false>(self, plan_all(self), "any"); }
Tensor any(const Tensor& self, int64_t dim, bool keepdim) {
  return all_any<false>(self, plan_reduction(self, {dim}, keepdim, "any"), "any");
}

Tensor norm(const Tensor& self, const Scalar& p) { return norm_impl(self, p, {}, false, true); }
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) {
  return norm_impl(self, p, dim, keepdim, false);
}

Tensor var(const Tensor& self, bool unbiased) { return var_std_impl(self, {}, unbiased, false, true, false); }
Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return var_std_impl(self, dim, unbiased, keepdim, false, false);
}
Tensor std(const Tensor& self, bool unbiased) { return var_std_impl(self, {}, unbiased, false, true, true); }
Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return var_std_impl(self, dim, unbiased, keepdim, false, true);
}
Tensor var(const Tensor& self, int dim) { return xgrad::var(self, IntArrayRef{int64_t{dim}}); }
Tensor std(const Tensor& self, int dim) { return xgrad::std(self, IntArrayRef{int64_t{dim}}); }

// ---- Tensor members ----

Tensor Tensor::sum(std::optional<ScalarType> dtype) const { return xgrad::sum(*this, dtype); }
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return xgrad::sum(*this, dim, keepdim, dtype);
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const { return xgrad::mean(*this, dtype); }
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return xgrad::mean(*this, dim, keepdim, dtype);
}
Tensor Tensor::max() const { return xgrad::max(*this); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const { return xgrad::max(*this, dim, keepdim); }
Tensor Tensor::min() const { return xgrad::min(*this); }
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const { return xgrad::min(*this, dim, keepdim); }
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const { return xgrad::argmax(*this, dim, keepdim); }
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const { return xgrad::argmin(*this, dim, keepdim); }
Tensor Tensor::all() const { return xgrad::all(*this); }
Tensor Tensor::all(int64_t dim, bool keepdim) const { return xgrad::all(*this, dim, keepdim); }
Tensor Tensor::any() const { return xgrad::any(*this); }
Tensor Tensor::any(int64_t dim, bool keepdim) const { return xgrad::any(*this, dim, keepdim); }
Tensor Tensor::norm(const Scalar& p) const { return xgrad::norm(*this, p); }
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) const {
  return xgrad::norm(*this, p, dim, keepdim);
}
Tensor Tensor::var(bool unbiased) const { return xgrad::var(*this, unbiased); }
Tensor Tensor::var(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return xgrad::var(*this, dim, unbiased, keepdim);
}
Tensor Tensor::std(bool unbiased) const { return xgrad::std(*this, unbiased); }
Tensor Tensor::std(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return xgrad::std(*this, dim, unbiased, keepdim);
}
Tensor Tensor::var(int dim) const { return xgrad::var(*this, dim); }
Tensor Tensor::std(int dim) const { return xgrad::std(*this, dim); }

// ---- more reductions ----

Tensor prod(const Tensor& self, std::optional<ScalarType> dtype) { return prod_impl(self, std::nullopt, false, dtype); }
Tensor prod(const Tensor& self, int64_t dim, bool keepdim, std::optional<ScalarType> dtype) {
  return prod_impl(self, dim, keepdim, dtype);
}
Tensor& prod_out(Tensor& out, const Tensor& self, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::prod(self, dtype));
}
Tensor& prod_outf(const Tensor& self, std::optional<ScalarType> dtype, Tensor& out) {
  return prod_out(out, self, dtype);
}
Tensor& prod_out(Tensor& out, const Tensor& self, int64_t dim, bool keepdim, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::prod(self, dim, keepdim, dtype));
}
Tensor& prod_outf(const Tensor& self, int64_t dim, bool keepdim, std::optional<ScalarType> dtype, Tensor& out) {
  return prod_out(out, self, dim, keepdim, dtype);
}

Tensor amax(const Tensor& self, IntArrayRef dim, bool keepdim) { return amax_amin<true>(self, dim, keepdim, "amax"); }
Tensor& amax_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim) {
  return out.copy_(xgrad::amax(self, dim, keepdim));
}
Tensor& amax_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out) {
  return amax_out(out, self, dim, keepdim);
}
Tensor amin(const Tensor& self, IntArrayRef dim, bool keepdim) { return amax_amin<false>(self, dim, keepdim, "amin"); }
Tensor& amin_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim) {
  return out.copy_(xgrad::amin(self, dim, keepdim));
}
Tensor& amin_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out) {
  return amin_out(out, self, dim, keepdim);
}

std::tuple<Tensor, Tensor> aminmax(const Tensor& self, std::optional<int64_t> dim, bool keepdim) {
  detail::check_defined(self, "aminmax");
  XGRAD_CHECK(self.numel() > 0 || (dim && self.dim() > 0 &&
                                   self.sizes()[static_cast<size_t>(detail::wrap_dim(*dim, self.dim(), "aminmax"))] > 0),
              "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.");
  NoGradGuard no_grad;  // not differentiable in libtorch 1.13
  if (dim) return {xgrad::amin(self, {*dim}, keepdim), xgrad::amax(self, {*dim}, keepdim)};
  return {xgrad::amin(self, {}, keepdim), xgrad::amax(self, {}, keepdim)};
}
std::tuple<Tensor&, Tensor&> aminmax_out(Tensor& min, Tensor& max, const Tensor& self, std::optional<int64_t> dim,
                                         bool keepdim) {
  auto [lo, hi] = xgrad::aminmax(self, dim, keepdim);
  min.copy_(lo);
  max.copy_(hi);
  return {min, max};
}
std::tuple<Tensor&, Tensor&> aminmax_outf(const Tensor& self, std::optional<int64_t> dim, bool keepdim, Tensor& min,
                                          Tensor& max) {
  return aminmax_out(min, max, self, dim, keepdim);
}

Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim) { return logsumexp_impl(self, dim, keepdim); }
Tensor& logsumexp_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim) {
  return out.copy_(xgrad::logsumexp(self, dim, keepdim));
}
Tensor& logsumexp_outf(const Tensor& self, IntArrayRef dim, bool keepdim, Tensor& out) {
  return logsumexp_out(out, self, dim, keepdim);
}

Tensor nansum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return nansum_impl(self, dim, keepdim, dtype);
}
Tensor& nansum_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::nansum(self, dim, keepdim, dtype));
}
Tensor& nansum_outf(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype, Tensor& out) {
  return nansum_out(out, self, dim, keepdim, dtype);
}

Tensor nanmean(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  detail::check_defined(self, "nanmean");
  XGRAD_CHECK(isFloatingType(self.scalar_type()),
              "nanmean(): expected input to have floating point dtype but got {}", toString(self.scalar_type()));
  // libtorch's composite: nansum / the count of non-NaN elements (a DivBackward0 node).
  const Tensor count = self.eq(self).sum(dim, keepdim);
  return xgrad::nansum(self, dim, keepdim, dtype) / count;
}
Tensor& nanmean_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  return out.copy_(xgrad::nanmean(self, dim, keepdim, dtype));
}
Tensor& nanmean_outf(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype, Tensor& out) {
  return nanmean_out(out, self, dim, keepdim, dtype);
}

Tensor count_nonzero(const Tensor& self, IntArrayRef dim) {
  detail::check_defined(self, "count_nonzero");
  return self.ne(0).sum(dim);
}
Tensor count_nonzero(const Tensor& self, std::optional<int64_t> dim) {
  return dim ? xgrad::count_nonzero(self, IntArrayRef{*dim}) : xgrad::count_nonzero(self, IntArrayRef{});
}
Tensor& count_nonzero_out(Tensor& out, const Tensor& self, IntArrayRef dim) {
  return out.copy_(xgrad::count_nonzero(self, dim));
}
Tensor& count_nonzero_outf(const Tensor& self, IntArrayRef dim, Tensor& out) {
  return count_nonzero_out(out, self, dim);
}
Tensor& count_nonzero_out(Tensor& out, const Tensor& self, std::optional<int64_t> dim) {
  return out.copy_(xgrad::count_nonzero(self, dim));
}
Tensor& count_nonzero_outf(const Tensor& self, std::optional<int64_t> dim, Tensor& out) {
  return count_nonzero_out(out, self, dim);
}

Tensor dist(const Tensor& self, const Tensor& other, const Scalar& p) {
  XGRAD_PROFILE_OP("dist");
  Tensor diff, out;
  {
    NoGradGuard no_grad;  // recorded below, as one node
    diff = self - other;
    out = norm_impl(diff, p, {}, false, true);
  }
  record(kDistBackward0, {self, other}, NormState{folded(plan_all(diff), false), p.toDouble()})
      .save(diff)
      .output(out)
      .save(out);
  return out;
}
Tensor& dist_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& p) {
  return out.copy_(xgrad::dist(self, other, p));
}
Tensor& dist_outf(const Tensor& self, const Tensor& other, const Scalar& p, Tensor& out) {
  return dist_out(out, self, other, p);
}

Tensor trace(const Tensor& self) {
  XGRAD_PROFILE_OP("trace");
  detail::check_defined(self, "trace");
  XGRAD_CHECK(self.dim() == 2, "trace: expected a matrix, but got tensor with dim {}", self.dim());
  const ScalarType dt = sum_dtype(self.scalar_type());
  Tensor out = empty({}, dt);
  const int64_t n = std::min(self.size(0), self.size(1)), step = self.stride(0) + self.stride(1);
  detail::dispatch_all(self.scalar_type(), "trace", [&](auto tag) {
    using T = decltype(tag);
    using A = std::conditional_t<std::is_floating_point<T>::value, double, int64_t>;
    const T* x = self.data_ptr<T>();
    A acc = 0;
    for (int64_t i = 0; i < n; ++i) acc += static_cast<A>(x[i * step]);
    detail::dispatch_all(dt, "trace", [&](auto out_tag) { *out.data_ptr<decltype(out_tag)>() = acc; });
  });
  record(kTraceBackward0, {self}).output(out);
  return out;
}
Tensor& trace_out(Tensor& out, const Tensor& self) { return out.copy_(xgrad::trace(self)); }
Tensor& trace_outf(const Tensor& self, Tensor& out) { return trace_out(out, self); }

bool is_nonzero(const Tensor& self) {
  detail::check_defined(self, "is_nonzero");
  XGRAD_CHECK(self.numel() != 0, "Boolean value of Tensor with no values is ambiguous");
  XGRAD_CHECK(self.numel() == 1, "Boolean value of Tensor with more than one value is ambiguous");
  return self.item().toDouble() != 0;
}

std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased) {
  return var_std_mean(self, {}, unbiased, false, true, false);
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return var_std_mean(self, dim, unbiased, keepdim, false, false);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased) {
  return var_std_mean(self, {}, unbiased, false, true, true);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim) {
  return var_std_mean(self, dim, unbiased, keepdim, false, true);
}

Tensor diff(const Tensor& self, int64_t n, int64_t dim, const std::optional<Tensor>& prepend,
            const std::optional<Tensor>& append) {
  detail::check_defined(self, "diff");
  XGRAD_CHECK(self.dim() >= 1, "diff expects input to be at least one-dimensional");
  XGRAD_CHECK(n >= 0, "order must be non-negative but got {}", n);
  const int64_t d = detail::wrap_dim(dim, self.dim(), "diff");
  for (const std::optional<Tensor>* extra : {&prepend, &append})
    XGRAD_CHECK(!(*extra && extra->value().defined()) || extra->value().dim() == self.dim(),
                "diff expects prepend or append to be the same dimension as input");
  // libtorch's composite: the joined tensor, then n times its next element minus its element.
  std::vector<Tensor> parts;
  if (prepend && prepend->defined()) parts.push_back(*prepend);
  parts.push_back(self);
  if (append && append->defined()) parts.push_back(*append);
  Tensor t = parts.size() == 1 ? self : xgrad::cat(parts, d);
  for (int64_t k = 0; k < n && t.size(d) > 0; ++k) {
    const int64_t len = t.size(d) - 1;
    const Tensor next = t.narrow(d, 1, len), prev = t.narrow(d, 0, len);
    t = t.scalar_type() == kBool ? next.ne(prev) : next - prev;
  }
  return t;
}
Tensor& diff_out(Tensor& out, const Tensor& self, int64_t n, int64_t dim, const std::optional<Tensor>& prepend,
                 const std::optional<Tensor>& append) {
  return out.copy_(xgrad::diff(self, n, dim, prepend, append));
}
Tensor& diff_outf(const Tensor& self, int64_t n, int64_t dim, const std::optional<Tensor>& prepend,
                  const std::optional<Tensor>& append, Tensor& out) {
  return diff_out(out, self, n, dim, prepend, append);
}

Tensor Tensor::prod(std::optional<ScalarType> dtype) const { return xgrad::prod(*this, dtype); }
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return xgrad::prod(*this, dim, keepdim, dtype);
}
Tensor Tensor::amax(IntArrayRef dim, bool keepdim) const { return xgrad::amax(*this, dim, keepdim); }
Tensor Tensor::amin(IntArrayRef dim, bool keepdim) const { return xgrad::amin(*this, dim, keepdim); }
std::tuple<Tensor, Tensor> Tensor::aminmax(std::optional<int64_t> dim, bool keepdim) const {
  return xgrad::aminmax(*this, dim, keepdim);
}
Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const { return xgrad::logsumexp(*this, dim, keepdim); }
Tensor Tensor::nansum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return xgrad::nansum(*this, dim, keepdim, dtype);
}
Tensor Tensor::nanmean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return xgrad::nanmean(*this, dim, keepdim, dtype);
}
Tensor Tensor::count_nonzero(IntArrayRef dim) const { return xgrad::count_nonzero(*this, dim); }
Tensor Tensor::count_nonzero(std::optional<int64_t> dim) const { return xgrad::count_nonzero(*this, dim); }
Tensor Tensor::dist(const Tensor& other, const Scalar& p) const { return xgrad::dist(*this, other, p); }
Tensor Tensor::trace() const { return xgrad::trace(*this); }
bool Tensor::is_nonzero() const { return xgrad::is_nonzero(*this); }
Tensor Tensor::diff(int64_t n, int64_t dim, const std::optional<Tensor>& prepend,
                    const std::optional<Tensor>& append) const {
  return xgrad::diff(*this, n, dim, prepend, append);
}

}  // namespace xgrad
