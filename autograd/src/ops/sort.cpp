// Sorting and selection along one dim: sort, argsort, msort, topk, kthvalue, median, nanmedian, mode.
//
// Along dim d, x is seen as lines [outer, n, inner] (detail::Lines). Every op orders each line by a
// stable sort in which NaN is larger than any number (libtorch's CPU order), then picks from it:
//   sort(x, d)        = (x at perm, perm), perm the stable ascending (or descending) order
//   topk(x, k, d)     = the first k of the descending (largest) or ascending order
//   kthvalue(x, k, d) = the k-th (from 1) of the ascending order
//   median(x, d)      = the ((n - 1) / 2)-th (from 0) of the ascending order, or its first NaN if any
//   nanmedian(x, d)   = the ((m - 1) / 2)-th of the m non-NaN elements (a NaN if all are)
//   mode(x, d)        = the smallest of the most frequent values, at the last index it occurs
// Each returns the values and their indices (kLong) along d; the values' gradient goes back to the
// indices: dx = g scattered (added) to them along d (SortBackward0, TopkBackward0, KthvalueBackward0,
// MedianBackward1, NanmedianBackward1, ModeBackward0). median() and nanmedian() of the whole tensor
// split g evenly among the elements equal to the result (MedianBackward0, NanmedianBackward0).
//
// Ties: sort keeps equal elements in their input order in both directions, as libtorch's CPU sort;
// topk, kthvalue and median take the first of equal elements in that stable order, where libtorch's
// quickselect may return another of them (the same value, another index).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>
#include <type_traits>
#include <vector>

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

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point<T>::value) {
    return std::isnan(v);
  } else {
    return false;
  }
}

/// a < b with NaN after every number (and NaNs equal among themselves).
template <typename T>
bool nan_last_less(T a, T b) {
  return !is_nan(a) && (is_nan(b) || a < b);
}

/// The dim picked along (wrapped) and whether the result kept it.
struct PickDim {
  int64_t dim = 0;
  bool keepdim = true;
};

// (y, i) = pick(x, d):  dx = g scattered (added) to i along d
variable_list pick_backward(const BackwardContext& c, const PickDim& s) {
  const std::vector<int64_t>& sizes = c.input(0).sizes;
  Tensor g = c.grad(), index = c.saved(0);
  if (!s.keepdim && !sizes.empty()) {
    g = g.unsqueeze(s.dim);
    index = index.unsqueeze(s.dim);
  }
  return {detail::scatter_to_indices(g, detail::lines_along(sizes, s.dim), index, sizes, g.scalar_type())};
}
const Derivative<PickDim> kSortBackward0{"SortBackward0", pick_backward};
const Derivative<PickDim> kSortBackward1{"SortBackward1", pick_backward};  // sort(stable, ...)
const Derivative<PickDim> kTopkBackward0{"TopkBackward0", pick_backward};
const Derivative<PickDim> kKthvalueBackward0{"KthvalueBackward0", pick_backward};
const Derivative<PickDim> kMedianBackward1{"MedianBackward1", pick_backward};
const Derivative<PickDim> kNanmedianBackward1{"NanmedianBackward1", pick_backward};
const Derivative<PickDim> kModeBackward0{"ModeBackward0", pick_backward};

// y = median(x) (or nanmedian):  dx = g / k at each of the k elements equal to y
variable_list median_all_backward(const BackwardContext& c, const NoState&) {
  return {detail::evenly_distribute(c.grad(), c.saved(0), c.saved(1))};
}
const Derivative<> kMedianBackward0{"MedianBackward0", median_all_backward};
const Derivative<> kNanmedianBackward0{"NanmedianBackward0", median_all_backward};

/// self's sizes with dim d of size k (or dropped, when k is 1 and not keepdim).
std::vector<int64_t> picked_sizes(const Tensor& self, int64_t d, int64_t k, bool keepdim) {
  std::vector<int64_t> sizes(self.sizes().begin(), self.sizes().end());
  if (sizes.empty()) return sizes;
  if (keepdim)
    sizes[static_cast<size_t>(d)] = k;
  else
    sizes.erase(sizes.begin() + d);
  return sizes;
}

/// For every line of self along d: its positions in stable ascending (or descending) order, from
/// which pick(order, line) returns the k positions to output (values and indices, in out_sizes,
/// laid out as [outer, k, inner]).
template <typename Pick>
std::tuple<Tensor, Tensor> pick_along(const Tensor& self, int64_t d, int64_t k, bool descending,
                                      const std::vector<int64_t>& out_sizes, const char* op, Pick pick) {
  const Tensor src = self.contiguous();
  const detail::Lines l = detail::lines_along(src.sizes(), d);
  Tensor values = empty(out_sizes, src.scalar_type());
  Tensor indices = empty(out_sizes, kLong);
  detail::dispatch_all(src.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    const T* x = src.data_ptr<T>();
    T* v = values.data_ptr<T>();
    int64_t* ix = indices.data_ptr<int64_t>();
    std::vector<T> line(static_cast<size_t>(l.size));
    std::vector<int64_t> order(static_cast<size_t>(l.size));
    for (int64_t o = 0; o < l.outer; ++o)
      for (int64_t j = 0; j < l.inner; ++j) {
        const T* base = x + o * l.size * l.inner + j;
        for (int64_t i = 0; i < l.size; ++i) line[static_cast<size_t>(i)] = base[i * l.inner];
        std::iota(order.begin(), order.end(), int64_t{0});
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          const T va = line[static_cast<size_t>(a)], vb = line[static_cast<size_t>(b)];
          return descending ? nan_last_less(vb, va) : nan_last_less(va, vb);
        });
        const std::vector<int64_t> chosen = pick(order, line);
        for (int64_t q = 0; q < k; ++q) {
          const int64_t at = (o * k + q) * l.inner + j, p = chosen[static_cast<size_t>(q)];
          v[at] = line[static_cast<size_t>(p)];
          ix[at] = p;
        }
      }
  });
  return {values, indices};
}

/// The first k positions of the order.
struct FirstK {
  int64_t k;
  template <typename T>
  std::vector<int64_t> operator()(const std::vector<int64_t>& order, const std::vector<T>&) const {
    return {order.begin(), order.begin() + k};
  }
};

/// The position at rank r of the ascending order, r chosen from the line by rank(line).
template <typename Rank>
auto at_rank(Rank rank) {
  return [rank](const std::vector<int64_t>& order, const auto& line) {
    return std::vector<int64_t>{order[static_cast<size_t>(rank(line))]};
  };
}

template <typename T>
int64_t count_numbers(const std::vector<T>& line) {
  return static_cast<int64_t>(std::count_if(line.begin(), line.end(), [](T v) { return !is_nan(v); }));
}

/// median (IgnoreNan false) or nanmedian by dim: the rank is in the file's header.
template <bool IgnoreNan>
std::tuple<Tensor, Tensor> median_dim(const Tensor& self, int64_t dim, bool keepdim, const char* op,
                                      const Derivative<PickDim>& derivative) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  const int64_t d = detail::wrap_dim(dim, self.dim(), op);
  XGRAD_CHECK(self.dim() == 0 || self.size(d) > 0, "{}(): Expected reduction dim {} to have non-zero size.", op, d);
  auto [values, indices] =
      pick_along(self, d, 1, false, picked_sizes(self, d, 1, keepdim), op, at_rank([](const auto& line) {
                   const auto n = static_cast<int64_t>(line.size()), m = count_numbers(line);
                   if (IgnoreNan) return m == 0 ? int64_t{0} : (m - 1) / 2;
                   return m < n ? m : (n - 1) / 2;  // the first NaN, when there is one
                 }));
  record(derivative, {self}, PickDim{d, keepdim}).save(indices).output(values);
  return {values, indices};
}

/// median() or nanmedian() of the whole tensor (NaN, or the lowest integer, when it is empty).
template <bool IgnoreNan>
Tensor median_all(const Tensor& self, const char* op, const Derivative<>& derivative) {
  XGRAD_PROFILE_OP(op);
  detail::check_defined(self, op);
  Tensor out;
  if (self.numel() == 0) {
    out = detail::dispatch_all(self.scalar_type(), op, [&](auto tag) {
      using T = decltype(tag);
      return full({}, std::numeric_limits<T>::has_quiet_NaN ? std::numeric_limits<T>::quiet_NaN()
                                                            : std::numeric_limits<T>::lowest(),
                  self.scalar_type());
    });
  } else {
    NoGradGuard no_grad;  // recorded below, as this op
    out = std::get<0>(
        median_dim<IgnoreNan>(self.reshape({-1}), 0, false, op, IgnoreNan ? kNanmedianBackward1 : kMedianBackward1));
  }
  record(derivative, {self}).save(self).output(out).save(out);
  return out;
}

std::tuple<Tensor&, Tensor&> assign(Tensor& values, Tensor& indices, const std::tuple<Tensor, Tensor>& result) {
  values.copy_(std::get<0>(result));
  indices.copy_(std::get<1>(result));
  return {values, indices};
}

}  // namespace

namespace {

/// sort, always stable (which any order libtorch allows satisfies), recorded as derivative.
std::tuple<Tensor, Tensor> sort_impl(const Tensor& self, int64_t dim, bool descending,
                                     const Derivative<PickDim>& derivative) {
  XGRAD_PROFILE_OP("sort");
  detail::check_defined(self, "sort");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "sort");
  const int64_t n = self.dim() == 0 ? 1 : self.size(d);
  auto [values, indices] = pick_along(self, d, n, descending, self.sizes().vec(), "sort", FirstK{n});
  record(derivative, {self}, PickDim{d, true}).save(indices).output(values);
  return {values, indices};
}

}  // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim, bool descending) {
  static_cast<void>(stable);
  return sort_impl(self, dim, descending, kSortBackward1);
}
std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim, bool descending) {
  return sort_impl(self, dim, descending, kSortBackward0);
}
std::tuple<Tensor&, Tensor&> sort_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim,
                                      bool descending) {
  return assign(values, indices, xgrad::sort(self, dim, descending));
}
std::tuple<Tensor&, Tensor&> sort_outf(const Tensor& self, int64_t dim, bool descending, Tensor& values,
                                       Tensor& indices) {
  return sort_out(values, indices, self, dim, descending);
}
std::tuple<Tensor&, Tensor&> sort_out(Tensor& values, Tensor& indices, const Tensor& self, std::optional<bool> stable,
                                      int64_t dim, bool descending) {
  return assign(values, indices, xgrad::sort(self, stable, dim, descending));
}
std::tuple<Tensor&, Tensor&> sort_outf(const Tensor& self, std::optional<bool> stable, int64_t dim, bool descending,
                                       Tensor& values, Tensor& indices) {
  return sort_out(values, indices, self, stable, dim, descending);
}

Tensor argsort(const Tensor& self, bool stable, int64_t dim, bool descending) {
  NoGradGuard no_grad;  // indices only
  return std::get<1>(xgrad::sort(self, stable, dim, descending));
}
Tensor argsort(const Tensor& self, int64_t dim, bool descending) { return xgrad::argsort(self, false, dim, descending); }
Tensor& argsort_out(Tensor& out, const Tensor& self, bool stable, int64_t dim, bool descending) {
  return out.copy_(xgrad::argsort(self, stable, dim, descending));
}
Tensor& argsort_outf(const Tensor& self, bool stable, int64_t dim, bool descending, Tensor& out) {
  return argsort_out(out, self, stable, dim, descending);
}

Tensor msort(const Tensor& self) { return std::get<0>(xgrad::sort(self, 0, false)); }
Tensor& msort_out(Tensor& out, const Tensor& self) { return out.copy_(xgrad::msort(self)); }
Tensor& msort_outf(const Tensor& self, Tensor& out) { return msort_out(out, self); }

std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim, bool largest, bool sorted) {
  XGRAD_PROFILE_OP("topk");
  detail::check_defined(self, "topk");
  static_cast<void>(sorted);  // always sorted, which libtorch allows for sorted=false too
  const int64_t d = detail::wrap_dim(dim, self.dim(), "topk");
  const int64_t n = self.dim() == 0 ? 1 : self.size(d);
  XGRAD_CHECK(k >= 0 && k <= n, "topk: selected index k out of range");
  auto [values, indices] = pick_along(self, d, k, largest, picked_sizes(self, d, k, true), "topk", FirstK{k});
  record(kTopkBackward0, {self}, PickDim{d, true}).save(indices).output(values);
  return {values, indices};
}
std::tuple<Tensor&, Tensor&> topk_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t k, int64_t dim,
                                      bool largest, bool sorted) {
  return assign(values, indices, xgrad::topk(self, k, dim, largest, sorted));
}
std::tuple<Tensor&, Tensor&> topk_outf(const Tensor& self, int64_t k, int64_t dim, bool largest, bool sorted,
                                       Tensor& values, Tensor& indices) {
  return topk_out(values, indices, self, k, dim, largest, sorted);
}

std::tuple<Tensor, Tensor> kthvalue(const Tensor& self, int64_t k, int64_t dim, bool keepdim) {
  XGRAD_PROFILE_OP("kthvalue");
  detail::check_defined(self, "kthvalue");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "kthvalue");
  const int64_t n = self.dim() == 0 ? 1 : self.size(d);
  XGRAD_CHECK(n > 0, "kthvalue(): Expected reduction dim {} to have non-zero size.", d);
  XGRAD_CHECK(k >= 1 && k <= n, "kthvalue(): selected number k out of range for dimension {}", d);
  auto [values, indices] = pick_along(self, d, 1, false, picked_sizes(self, d, 1, keepdim), "kthvalue",
                                      at_rank([k](const auto&) { return k - 1; }));
  record(kKthvalueBackward0, {self}, PickDim{d, keepdim}).save(indices).output(values);
  return {values, indices};
}
std::tuple<Tensor&, Tensor&> kthvalue_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t k, int64_t dim,
                                          bool keepdim) {
  return assign(values, indices, xgrad::kthvalue(self, k, dim, keepdim));
}
std::tuple<Tensor&, Tensor&> kthvalue_outf(const Tensor& self, int64_t k, int64_t dim, bool keepdim, Tensor& values,
                                           Tensor& indices) {
  return kthvalue_out(values, indices, self, k, dim, keepdim);
}

Tensor median(const Tensor& self) { return median_all<false>(self, "median", kMedianBackward0); }
std::tuple<Tensor, Tensor> median(const Tensor& self, int64_t dim, bool keepdim) {
  return median_dim<false>(self, dim, keepdim, "median", kMedianBackward1);
}
Tensor& median_out(Tensor& out, const Tensor& self) { return out.copy_(xgrad::median(self)); }
Tensor& median_outf(const Tensor& self, Tensor& out) { return median_out(out, self); }
std::tuple<Tensor&, Tensor&> median_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim,
                                        bool keepdim) {
  return assign(values, indices, xgrad::median(self, dim, keepdim));
}
std::tuple<Tensor&, Tensor&> median_outf(const Tensor& self, int64_t dim, bool keepdim, Tensor& values,
                                         Tensor& indices) {
  return median_out(values, indices, self, dim, keepdim);
}

Tensor nanmedian(const Tensor& self) { return median_all<true>(self, "nanmedian", kNanmedianBackward0); }
std::tuple<Tensor, Tensor> nanmedian(const Tensor& self, int64_t dim, bool keepdim) {
  return median_dim<true>(self, dim, keepdim, "nanmedian", kNanmedianBackward1);
}
Tensor& nanmedian_out(Tensor& out, const Tensor& self) { return out.copy_(xgrad::nanmedian(self)); }
Tensor& nanmedian_outf(const Tensor& self, Tensor& out) { return nanmedian_out(out, self); }
std::tuple<Tensor&, Tensor&> nanmedian_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim,
                                           bool keepdim) {
  return assign(values, indices, xgrad::nanmedian(self, dim, keepdim));
}
std::tuple<Tensor&, Tensor&> nanmedian_outf(const Tensor& self, int64_t dim, bool keepdim, Tensor& values,
                                            Tensor& indices) {
  return nanmedian_out(values, indices, self, dim, keepdim);
}

std::tuple<Tensor, Tensor> mode(const Tensor& self, int64_t dim, bool keepdim) {
  XGRAD_PROFILE_OP("mode");
  detail::check_defined(self, "mode");
  const int64_t d = detail::wrap_dim(dim, self.dim(), "mode");
  XGRAD_CHECK(self.dim() == 0 || self.size(d) > 0, "mode(): Expected reduction dim {} to have non-zero size.", d);
  const auto pick = [](const std::vector<int64_t>& order, const auto& line) {
    // Runs of equal values in the ascending order (NaNs never equal, so each is its own run); the
    // first longest run is the smallest most frequent value, and its last position the largest index.
    size_t best_start = 0, best_len = 0;
    for (size_t s = 0; s < order.size();) {
      size_t e = s + 1;
      while (e < order.size() && line[static_cast<size_t>(order[e])] == line[static_cast<size_t>(order[s])]) ++e;
      if (e - s > best_len) best_start = s, best_len = e - s;
      s = e;
    }
    return std::vector<int64_t>{order[best_start + best_len - 1]};
  };
  auto [values, indices] = pick_along(self, d, 1, false, picked_sizes(self, d, 1, keepdim), "mode", pick);
  record(kModeBackward0, {self}, PickDim{d, keepdim}).save(indices).output(values);
  return {values, indices};
}
std::tuple<Tensor&, Tensor&> mode_out(Tensor& values, Tensor& indices, const Tensor& self, int64_t dim,
                                      bool keepdim) {
  return assign(values, indices, xgrad::mode(self, dim, keepdim));
}
std::tuple<Tensor&, Tensor&> mode_outf(const Tensor& self, int64_t dim, bool keepdim, Tensor& values,
                                       Tensor& indices) {
  return mode_out(values, indices, self, dim, keepdim);
}

std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return xgrad::sort(*this, dim, descending);
}
std::tuple<Tensor, Tensor> Tensor::sort(std::optional<bool> stable, int64_t dim, bool descending) const {
  return xgrad::sort(*this, stable, dim, descending);
}
Tensor Tensor::argsort(int64_t dim, bool descending) const { return xgrad::argsort(*this, dim, descending); }
Tensor Tensor::argsort(bool stable, int64_t dim, bool descending) const {
  return xgrad::argsort(*this, stable, dim, descending);
}
Tensor Tensor::msort() const { return xgrad::msort(*this); }
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return xgrad::topk(*this, k, dim, largest, sorted);
}
std::tuple<Tensor, Tensor> Tensor::kthvalue(int64_t k, int64_t dim, bool keepdim) const {
  return xgrad::kthvalue(*this, k, dim, keepdim);
}
Tensor Tensor::median() const { return xgrad::median(*this); }
std::tuple<Tensor, Tensor> Tensor::median(int64_t dim, bool keepdim) const {
  return xgrad::median(*this, dim, keepdim);
}
Tensor Tensor::nanmedian() const { return xgrad::nanmedian(*this); }
std::tuple<Tensor, Tensor> Tensor::nanmedian(int64_t dim, bool keepdim) const {
  return xgrad::nanmedian(*this, dim, keepdim);
}
std::tuple<Tensor, Tensor> Tensor::mode(int64_t dim, bool keepdim) const { return xgrad::mode(*this, dim, keepdim); }

}  // namespace xgrad
