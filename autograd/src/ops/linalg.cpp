// Matrix products: mm, addmm, bmm, mv, dot, matmul, outer / ger, vdot, addmv, addr, addbmm, baddbmm,
// and the in-place addmm_, addmv_, addr_, addbmm_, baddbmm_.
//
// Shapes and formulas (g is the upstream gradient, ^T a transpose):
//   mm:   a [n, k] . b [k, m]       -> [n, m]      da = g b^T,   db = a^T g               MmBackward0
//   addmm: beta s + alpha a . b     -> [n, m]      ds = beta g,  da = alpha g b^T,
//          (s broadcast to [n, m])                 db = alpha a^T g                       AddmmBackward0
//   bmm:  a [B, n, k] . b [B, k, m] -> [B, n, m]   da = g b^T,   db = a^T g (per batch)   BmmBackward0
//   mv:   a [n, k] . v [k]          -> [n]         da = g v^T (outer),  dv = a^T g        MvBackward0
//   dot:  a [k] . b [k]             -> []          da = g b,     db = g a                 DotBackward0
//   vdot: as dot (real tensors: no conjugation)                                           VdotBackward0
//   outer / ger: u [n] v [m]        -> [n, m]      u reshaped to [n, 1] times v, as PyTorch   MulBackward0
//   addmv: beta s + alpha a . v     -> [n]         ds = beta g, da = alpha g v^T, dv = alpha a^T g  AddmvBackward0
//   addr:  beta s + alpha u v^T     -> [n, m]      ds = beta g, du = alpha g v,   dv = alpha g^T u  AddrBackward0
//   addbmm: beta s + alpha sum_i a[i] . b[i] -> [n, m]   ds = beta g, da[i] = alpha g b[i]^T,
//          db[i] = alpha a[i]^T g; the sum is one GEMM, [n, B k] . [B k, m]          AddbmmBackward0
//   baddbmm: beta s + alpha a[i] . b[i] -> [B, n, m]  as bmm, ds = beta g              BaddbmmBackward0
//   addmm_, addmv_, addr_, addbmm_, baddbmm_: the same nodes, recorded against self's old value
//   matmul (NumPy's rules): 1-D.1-D is dot, 2-D.1-D mv, 2-D.2-D mm, 1-D.2-D is [1, k].mm squeezed
//     (SqueezeBackward3: PyTorch squeezes that product in place);
//     otherwise, as PyTorch 1.13's matmul (so its graph is PyTorch's): a batch times a 1-D or 2-D
//     operand folds the batch into the rows of one mm / mv (should_fold); else the batch dims
//     broadcast, both operands are expanded and reshaped to [batches, rows, cols] for one bmm.
//     Either way the product gets its final shape as _unsafe_view (UnsafeViewBackward0: dx = g
//     reshaped back).
//
// Floating products call cblas gemm / gemv / dot on the operands as they lie in memory: a matrix with
// element strides (ld, 1) goes in untransposed, one with strides (1, ld) with CblasTrans, so transposes
// and row slices are never copied; any other layout is made contiguous first. addmm writes self,
// broadcast, into its output and runs one GEMM onto it (BLAS's beta), which is how F::linear adds its
// bias. Integer products use a plain loop; Bool products are an error. The backward formulas are
// products themselves, so they are differentiable (create_graph works).
#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/tensor.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/size_math.h>

#include "../derivative.h"
#include "../kernels/blas.h"
#include "../kernels/loops.h"
#include "pointwise.h"
#include "views.h"

namespace xgrad {
namespace {

using autograd::BackwardContext;
using autograd::Derivative;
using autograd::NoState;
using autograd::record;
using autograd::variable_list;

// ---- kernels ----

/// How row-major BLAS reads a rows x cols matrix with element strides (s0, s1) in place.
struct BlasLayout {
  CBLAS_TRANSPOSE trans;
  int64_t ld;
};

/// As rows of stride ld (NoTrans), or as the transpose stored by rows (Trans); nothing when neither
/// fits. A stride over a dim of size 1 is never followed, so it may be anything.
std::optional<BlasLayout> blas_layout(int64_t rows, int64_t cols, int64_t s0, int64_t s1) {
  const int64_t r = std::max<int64_t>(rows, 1), c = std::max<int64_t>(cols, 1);
  if ((cols <= 1 || s1 == 1) && (rows <= 1 || s0 >= c)) return BlasLayout{CblasNoTrans, rows <= 1 ? c : s0};
  if ((rows <= 1 || s0 == 1) && (cols <= 1 || s1 >= r)) return BlasLayout{CblasTrans, cols <= 1 ? r : s1};
  return std::nullopt;
}

/// `t` (a matrix or a batch of them) itself when BLAS can read its last two dims in place, else a
/// contiguous copy (of the data only: the op records its own node on the original).
Tensor blas_ready(const Tensor& t) {
  const int64_t d = t.dim();
  if (blas_layout(t.size(d - 2), t.size(d - 1), t.stride(d - 2), t.stride(d - 1))) return t;
  return t.detach().contiguous();
}

/// A vector BLAS can step through (a positive increment), else a contiguous copy.
Tensor blas_ready_vector(const Tensor& v) { return v.size(0) <= 1 || v.stride(0) > 0 ? v : v.detach().contiguous(); }

int blas_int(int64_t v, const char* op) {
  XGRAD_CHECK(v <= INT_MAX, "{}: dimension or stride {} is too large for BLAS (at most {})", op, v, INT_MAX);
  return static_cast<int>(v);
}

/// c [n, m] (contiguous) = alpha a . b + beta c, for integer types: element strides (as0, as1) and
/// (bs0, bs1). c is not read when beta is 0.
template <typename T>
void naive_gemm(int64_t n, int64_t k, int64_t m, const T* a, int64_t as0, int64_t as1, const T* b, int64_t bs0,
                int64_t bs1, T alpha, T beta, T* c) {
  for (int64_t i = 0; i < n; ++i) {
    T* row = c + i * m;
    for (int64_t j = 0; j < m; ++j) row[j] = beta == T(0) ? T(0) : static_cast<T>(beta * row[j]);
    for (int64_t p = 0; p < k; ++p) {
      const T av = static_cast<T>(alpha * a[i * as0 + p * as1]);
      const T* brow = b + p * bs0;
      for (int64_t j = 0; j < m; ++j) row[j] = static_cast<T>(row[j] + av * brow[j * bs1]);
    }
  }
}

/// The strides of a matrix operand: its last two dims, and its batch stride (0 for a 2-D operand,
/// which every batch shares).
std::array<int64_t, 3> matrix_strides(const Tensor& t) {
  const int64_t d = t.dim();
  return {d == 3 ? t.stride(0) : 0, t.stride(d - 2), t.stride(d - 1)};
}

/// out[i] = alpha a[i] . b[i] + beta out[i] for `batches` products of a [n, k] and b [k, m]; a and b
/// are 2-D (shared by every batch) or 3-D (a batch stride of 0 is fine). out is contiguous, with
/// batches * n * m elements (at least one), and is not read when beta is 0.
void multiply_into(const Tensor& out, const Tensor& a, const Tensor& b, int64_t batches, const Scalar& alpha,
                   const Scalar& beta, const char* op) {
  const int64_t n = a.size(-2), k = a.size(-1), m = b.size(-1);
  detail::dispatch_numeric(out.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    T* c = out.data_ptr<T>();
    const T al = alpha.to<T>(), be = beta.to<T>();
    if constexpr (std::is_floating_point<T>::value) {
      if (k == 0) {  // out = beta out, which BLAS might not do for an empty product
        for (int64_t i = 0; i < batches * n * m; ++i) c[i] = be == T(0) ? T(0) : be * c[i];
        return;
      }
      const Tensor ar = blas_ready(a), br = blas_ready(b);
      const auto sa = matrix_strides(ar), sb = matrix_strides(br);
      const BlasLayout la = *blas_layout(n, k, sa[1], sa[2]), lb = *blas_layout(k, m, sb[1], sb[2]);
      const int in = blas_int(n, op), ik = blas_int(k, op), im = blas_int(m, op);
      const int lda = blas_int(la.ld, op), ldb = blas_int(lb.ld, op);
      const T* pa = ar.data_ptr<T>();
      const T* pb = br.data_ptr<T>();
      for (int64_t i = 0; i < batches; ++i)
        detail::gemm(la.trans, lb.trans, in, im, ik, pa + i * sa[0], lda, pb + i * sb[0], ldb, be, c + i * n * m, im,
                     al);
    } else {
      const auto sa = matrix_strides(a), sb = matrix_strides(b);
      const T* pa = a.data_ptr<T>();
      const T* pb = b.data_ptr<T>();
      for (int64_t i = 0; i < batches; ++i)
        naive_gemm<T>(n, k, m, pa + i * sa[0], sa[1], sa[2], pb + i * sb[0], sb[1], sb[2], al, be, c + i * n * m);
    }
  });
}

/// out[i] = a[i] . b[i] for `batches` products of a [n, k] and b [k, m] (a and b as multiply_into
/// takes them) into a fresh contiguous tensor of `out_sizes` (batches * n * m elements).
Tensor product(const Tensor& a, const Tensor& b, int64_t batches, const std::vector<int64_t>& out_sizes,
               const char* op) {
  const ScalarType dt = a.scalar_type();
  XGRAD_CHECK(dt != kBool, "{}: not supported for Bool tensors (shapes {} and {})", op, detail::shape_str(a.sizes()),
              detail::shape_str(b.sizes()));
  // Expanded operands [2^40, 1] . [1, 2^40] would make too many elements. An empty product (k = 0)
  // is zeros.
  if (a.size(-1) == 0 || detail::checked_nbytes(out_sizes, dt, op) == 0) return zeros(out_sizes, dt);
  Tensor out = empty(out_sizes, dt);
  multiply_into(out, a, b, batches, 1, 0, op);
  return out;
}

/// a [n, k] . v [k] -> [n].
Tensor matvec(const Tensor& a, const Tensor& v, const char* op) {
  const int64_t n = a.size(0), k = a.size(1);
  const ScalarType dt = a.scalar_type();
  if (k == 0 || n == 0) return zeros({n}, dt);
  Tensor out = empty({n}, dt);
  detail::dispatch_numeric(dt, op, [&](auto tag) {
    using T = decltype(tag);
    T* y = out.data_ptr<T>();
    if constexpr (std::is_floating_point<T>::value) {
      const Tensor ar = blas_ready(a), vr = blas_ready_vector(v);
      const BlasLayout la = *blas_layout(n, k, ar.stride(0), ar.stride(1));
      const int incx = blas_int(k <= 1 ? 1 : vr.stride(0), op);
      // Trans: a is stored as its transpose, a k x n row-major matrix.
      const int rows = blas_int(la.trans == CblasNoTrans ? n : k, op),
                cols = blas_int(la.trans == CblasNoTrans ? k : n, op);
      detail::gemv(la.trans, rows, cols, ar.data_ptr<T>(), blas_int(la.ld, op), vr.data_ptr<T>(), incx, y);
    } else {
      naive_gemm<T>(n, k, 1, a.data_ptr<T>(), a.stride(0), a.stride(1), v.data_ptr<T>(), v.stride(0), 0, T(1), T(0), y);
    }
  });
  return out;
}

/// a [k] . b [k] -> [].
Tensor dot_product(const Tensor& a, const Tensor& b, const char* op) {
  const int64_t k = a.size(0);
  const ScalarType dt = a.scalar_type();
  Tensor out = zeros({}, dt);
  if (k == 0) return out;
  detail::dispatch_numeric(dt, op, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point<T>::value) {
      const Tensor ar = blas_ready_vector(a), br = blas_ready_vector(b);
      const int inca = blas_int(k <= 1 ? 1 : ar.stride(0), op), incb = blas_int(k <= 1 ? 1 : br.stride(0), op);
      *out.data_ptr<T>() = detail::dot(blas_int(k, op), ar.data_ptr<T>(), inca, br.data_ptr<T>(), incb);
    } else {
      naive_gemm<T>(1, k, 1, a.data_ptr<T>(), 0, a.stride(0), b.data_ptr<T>(), b.stride(0), 0, T(1), T(0),
                    out.data_ptr<T>());
    }
  });
  return out;
}

/// "2x3" for messages about matrix shapes.
std::string dims_str(IntArrayRef sizes) { return fmt::format("{}", fmt::join(sizes, "x")); }

void check_same_dtype(const Tensor& a, const Tensor& b, const char* op, const char* a_name, const char* b_name) {
  XGRAD_CHECK(a.scalar_type() == b.scalar_type(), "{}: expected {} and {} to have the same dtype, but got: {} != {}",
              op, a_name, b_name, toString(a.scalar_type()), toString(b.scalar_type()));
}

/// Whether a matrix stored with strides (1, rows) (a transposed contiguous one).
bool column_major(const Tensor& t) { return t.stride(0) == 1 && t.stride(1) == t.size(0) && t.size(1) > 1; }

// ---- backward nodes ----

/// Whether each operand of a matrix product lay transposed (column_major) in the forward.
struct MmLayout {
  bool mat1_column_major, mat2_column_major;
};

MmLayout mm_layout(const Tensor& mat1, const Tensor& mat2) { return {column_major(mat1), column_major(mat2)}; }

// A gradient comes back in its input's layout (PyTorch's mm_mat1_backward and mm_mat2_backward): for
// a transposed input, such as a Linear weight used as w.t(), the gradient then reaches the weight
// contiguous.

/// d mat1 of mat1 . mat2:  g mat2^T
Tensor mm_mat1_backward(const Tensor& g, const Tensor& mat2, bool mat1_column_major) {
  return mat1_column_major ? mat2.mm(g.t()).t() : g.mm(mat2.t());
}

/// d mat2 of mat1 . mat2:  mat1^T g
Tensor mm_mat2_backward(const Tensor& g, const Tensor& mat1, bool mat2_column_major) {
  return mat2_column_major ? g.t().mm(mat1).t() : mat1.t().mm(g);
}

// y = a . b (a [n, k], b [k, m]):  da = g b^T,  db = a^T g. Each is saved only for the other's
// gradient: saved(0) = a, saved(1) = b.
const Derivative<MmLayout> kMmBackward0{"MmBackward0", [](const BackwardContext& c, const MmLayout& l) {
  return variable_list{c.needs(0) ? mm_mat1_backward(c.grad(), c.saved(1), l.mat1_column_major) : Tensor(),
                       c.needs(1) ? mm_mat2_backward(c.grad(), c.saved(0), l.mat2_column_major) : Tensor()};
}};

/// addmm's scalars and its product's layout.
struct AddmmState {
  MmLayout layout;
  Scalar beta, alpha;
};

/// alpha t, or t itself when alpha is 1 (PyTorch's maybe_multiply).
Tensor maybe_multiply(const Tensor& t, const Scalar& alpha) { return alpha.toDouble() == 1 ? t : t.mul(alpha); }

// y = beta s + alpha a . b (s broadcast to [n, m]):  ds = beta g, which the engine sums to s's shape
// (over the rows for a Linear bias),  da = alpha g b^T,  db = alpha a^T g. saved(0) = a and
// saved(1) = b, each only for the other's gradient.
const Derivative<AddmmState> kAddmmBackward0{"AddmmBackward0", [](const BackwardContext& c, const AddmmState& s) {
  const Tensor& g = c.grad();
  return variable_list{
      c.needs(0) ? maybe_multiply(g, s.beta) : Tensor(),
      c.needs(1) ? maybe_multiply(mm_mat1_backward(g, c.saved(1), s.layout.mat1_column_major), s.alpha) : Tensor(),
      c.needs(2) ? maybe_multiply(mm_mat2_backward(g, c.saved(0), s.layout.mat2_column_major), s.alpha) : Tensor()};
}};

// y = a . b per batch (a [B, n, k], b [B, k, m]):  da = g b^T,  db = a^T g
const Derivative<> kBmmBackward0{"BmmBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.needs(0) ? c.grad().bmm(c.saved(1).transpose(1, 2)) : Tensor(),
                       c.needs(1) ? c.saved(0).transpose(1, 2).bmm(c.grad()) : Tensor()};
}};

// y = a . v (a [n, k], v [k]):  da = g v^T (outer),  dv = a^T g
const Derivative<> kMvBackward0{"MvBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.needs(0) ? c.grad().unsqueeze(1) * c.saved(1).unsqueeze(0) : Tensor(),
                       c.needs(1) ? mv(c.saved(0).t(), c.grad()) : Tensor()};
}};

// y = a . b (a, b [k]):  da = g b,  db = g a
const Derivative<> kDotBackward0{"DotBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.needs(0) ? c.grad() * c.saved(1) : Tensor(), c.needs(1) ? c.grad() * c.saved(0) : Tensor()};
}};

/// Whether matmul folds t1's batch into the rows of one mm or mv against a 1-D or 2-D operand
/// (PyTorch 1.13's should_fold). A [b, n, k] with its last two dims transposed (permute(0, 2, 1))
/// goes to bmm instead, each GEMM reading it transposed, rather than being copied to fold.
bool should_fold(const Tensor& t1, int64_t other_dim) {
  if (t1.dim() < 3 || (other_dim != 1 && other_dim != 2)) return false;
  return !(t1.dim() == 3 && other_dim == 2 && t1.stride(2) != 1 && t1.stride(0) == t1.size(1) * t1.size(2));
}

/// matmul of a batch (t1, more than 2 dims) by a 1-D or 2-D operand, as PyTorch: the batch folded
/// into rows, [(b... n), k] . [k, m] (or [k]). With the batch on the right it runs transposed:
/// (a . B)^T = B^T . a^T, and the result is transposed back and made contiguous.
Tensor folded_matmul(const Tensor& self, const Tensor& other) {
  const bool transpose = other.dim() > self.dim();
  const Tensor t1 = transpose ? other.transpose(-2, -1) : self;
  const Tensor t2 = !transpose ? other : self.dim() == 2 ? self.t() : self;
  const auto sizes = t1.sizes();
  std::vector<int64_t> out_sizes(sizes.begin(), sizes.end() - 1);
  int64_t rows = 1;
  for (int64_t s : out_sizes) rows *= s;
  // reshape, not view: [3, 5, 0] . [0, 0] has no -1 to infer, and a transposed batch needs a copy.
  const Tensor t1_folded = t1.reshape({rows, sizes.back()});
  if (t2.dim() == 1) return detail::unsafe_view(t1_folded.mv(t2), std::move(out_sizes));
  out_sizes.push_back(t2.size(1));
  const Tensor out = detail::unsafe_view(t1_folded.mm(t2), std::move(out_sizes));
  return transpose ? out.transpose(-2, -1).contiguous() : out;
}

/// matmul where either operand has more than 2 dims and none folds: both of at least 2 dims (a
/// 1-D operand always folds), their batch dims broadcast, each expanded to the common batch and
/// reshaped to [batches, rows, cols] for one bmm (a copy where the expanded batch cannot merge), as
/// PyTorch.
Tensor batched_matmul(const Tensor& self, const Tensor& other) {
  const int64_t n = self.size(-2), k = self.size(-1), m = other.size(-1);
  const auto s1 = self.sizes(), s2 = other.sizes();
  const std::vector<int64_t> batch1(s1.begin(), s1.end() - 2), batch2(s2.begin(), s2.end() - 2);
  const std::string what =
      fmt::format("matmul (batch dimensions of {} and {})", detail::shape_str(s1), detail::shape_str(s2));
  const std::vector<int64_t> batch = detail::broadcast_shapes(batch1, batch2, what.c_str());
  int64_t batches = 1;
  for (int64_t s : batch) batches *= s;
  const auto as_batch = [&](const Tensor& t, int64_t rows, int64_t cols) {
    std::vector<int64_t> full = batch;
    full.push_back(rows);
    full.push_back(cols);
    detail::checked_numel(full, t.scalar_type(), "matmul");
    return t.expand(full).reshape({batches, rows, cols});
  };
  std::vector<int64_t> out_sizes = batch;
  out_sizes.push_back(n);
  out_sizes.push_back(m);
  return detail::unsafe_view(as_batch(self, n, k).bmm(as_batch(other, k, m)), std::move(out_sizes));
}

}  // namespace

// ---- public ops ----

Tensor mm(const Tensor& self, const Tensor& mat2) {
  XGRAD_PROFILE_OP("mm");
  XGRAD_CHECK(self.dim() == 2, "mm: self must be a matrix (2-D), got shape {}", detail::shape_str(self.sizes()));
  XGRAD_CHECK(mat2.dim() == 2, "mm: mat2 must be a matrix (2-D), got shape {}", detail::shape_str(mat2.sizes()));
  check_same_dtype(self, mat2, "mm", "mat1", "mat2");
  XGRAD_CHECK(self.size(1) == mat2.size(0), "mm: mat1 and mat2 shapes cannot be multiplied ({} and {})",
              dims_str(self.sizes()), dims_str(mat2.sizes()));
  Tensor out = product(self, mat2, 1, {self.size(0), mat2.size(1)}, "mm");
  auto recording = record(kMmBackward0, {self, mat2}, mm_layout(self, mat2));
  recording.save(recording.needs(1) ? self : Tensor()).save(recording.needs(0) ? mat2 : Tensor()).output(out);
  return out;
}

Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta, const Scalar& alpha) {
  XGRAD_PROFILE_OP("addmm");
  XGRAD_CHECK(self.defined() && mat1.defined() && mat2.defined(),
              "addmm: expected self, mat1 and mat2 to be defined, but got an undefined tensor");
  XGRAD_CHECK(mat1.dim() == 2, "addmm: mat1 must be a matrix, got {}-D tensor (shape {})", mat1.dim(),
              detail::shape_str(mat1.sizes()));
  XGRAD_CHECK(mat2.dim() == 2, "addmm: mat2 must be a matrix, got {}-D tensor (shape {})", mat2.dim(),
              detail::shape_str(mat2.sizes()));
  check_same_dtype(self, mat2, "addmm", "self", "mat2");
  check_same_dtype(mat1, mat2, "addmm", "mat1", "mat2");
  XGRAD_CHECK(mat1.scalar_type() != kBool, "addmm: not supported for Bool tensors (shapes {}, {} and {})",
              detail::shape_str(self.sizes()), detail::shape_str(mat1.sizes()), detail::shape_str(mat2.sizes()));
  XGRAD_CHECK(mat1.size(1) == mat2.size(0), "addmm: mat1 and mat2 shapes cannot be multiplied ({} and {})",
              dims_str(mat1.sizes()), dims_str(mat2.sizes()));
  const std::vector<int64_t> sizes{mat1.size(0), mat2.size(1)};
  XGRAD_CHECK(detail::broadcastable_to(self.sizes(), sizes),
              "addmm: self of shape {} cannot be broadcast to the shape of mat1 @ mat2, {} (mat1 {}, mat2 {})",
              detail::shape_str(self.sizes()), detail::shape_str(sizes), detail::shape_str(mat1.sizes()),
              detail::shape_str(mat2.sizes()));
  Tensor out = empty(sizes, mat1.scalar_type());
  if (detail::checked_nbytes(sizes, out.scalar_type(), "addmm") > 0) {
    // One GEMM onto self broadcast into the output. beta = 0 ignores self, NaN included, as PyTorch.
    const bool reads_self = beta.toDouble() != 0;
    if (reads_self) detail::copy_into(out, self);
    multiply_into(out, mat1, mat2, 1, alpha, reads_self ? beta : Scalar(0), "addmm");
  }
  auto recording = record(kAddmmBackward0, {self, mat1, mat2}, AddmmState{mm_layout(mat1, mat2), beta, alpha});
  recording.save(recording.needs(2) ? mat1 : Tensor()).save(recording.needs(1) ? mat2 : Tensor()).output(out);
  return out;
}

Tensor bmm(const Tensor& self, const Tensor& mat2) {
  XGRAD_PROFILE_OP("bmm");
  XGRAD_CHECK(self.dim() == 3, "bmm: batch1 must be a 3D tensor, got shape {}", detail::shape_str(self.sizes()));
  XGRAD_CHECK(mat2.dim() == 3, "bmm: batch2 must be a 3D tensor, got shape {}", detail::shape_str(mat2.sizes()));
  check_same_dtype(self, mat2, "bmm", "batch1", "batch2");
  XGRAD_CHECK(self.size(0) == mat2.size(0) && self.size(2) == mat2.size(1),
              "bmm: Expected size for first two dimensions of batch2 tensor to be: [{}, {}] but got: [{}, {}] "
              "(batch1 {}, batch2 {})",
              self.size(0), self.size(2), mat2.size(0), mat2.size(1), detail::shape_str(self.sizes()),
              detail::shape_str(mat2.sizes()));
  Tensor out = product(self, mat2, self.size(0), {self.size(0), self.size(1), mat2.size(2)}, "bmm");
  auto recording = record(kBmmBackward0, {self, mat2});
  recording.save(recording.needs(1) ? self : Tensor()).save(recording.needs(0) ? mat2 : Tensor()).output(out);
  return out;
}

Tensor mv(const Tensor& self, const Tensor& vec) {
  XGRAD_PROFILE_OP("mv");
  XGRAD_CHECK(self.dim() == 2 && vec.dim() == 1,
              "mv: expected a matrix (2-D) and a vector (1-D), got shapes {} and {}", detail::shape_str(self.sizes()),
              detail::shape_str(vec.sizes()));
  check_same_dtype(self, vec, "mv", "self", "vec");
  XGRAD_CHECK(self.scalar_type() != kBool, "mv: not supported for Bool tensors (shapes {} and {})",
              detail::shape_str(self.sizes()), detail::shape_str(vec.sizes()));
  XGRAD_CHECK(self.size(1) == vec.size(0), "mv: size mismatch, matrix of shape {} and vector of shape {}",
              detail::shape_str(self.sizes()), detail::shape_str(vec.sizes()));
  Tensor out = matvec(self, vec, "mv");
  auto recording = record(kMvBackward0, {self, vec});
  recording.save(recording.needs(1) ? self : Tensor()).save(recording.needs(0) ? vec : Tensor()).output(out);
  return out;
}

Tensor dot(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("dot");
  XGRAD_CHECK(self.dim() == 1 && other.dim() == 1, "dot: 1D tensors expected, but got shapes {} and {}",
              detail::shape_str(self.sizes()), detail::shape_str(other.sizes()));
  check_same_dtype(self, other, "dot", "self", "other");
  XGRAD_CHECK(self.scalar_type() != kBool, "dot: not supported for Bool tensors (shapes {} and {})",
              detail::shape_str(self.sizes()), detail::shape_str(other.sizes()));
  XGRAD_CHECK(self.size(0) == other.size(0),
              "dot: inconsistent tensor size, expected tensors of the same number of elements, got shapes {} and {}",
              detail::shape_str(self.sizes()), detail::shape_str(other.sizes()));
  Tensor out = dot_product(self, other, "dot");
  auto recording = record(kDotBackward0, {self, other});
  recording.save(recording.needs(1) ? self : Tensor()).save(recording.needs(0) ? other : Tensor()).output(out);
  return out;
}

Tensor matmul(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("matmul");
  const int64_t d1 = self.dim(), d2 = other.dim();
  XGRAD_CHECK(d1 >= 1 && d2 >= 1, "matmul: both arguments to matmul need to be at least 1D, but they are {}D and {}D",
              d1, d2);
  check_same_dtype(self, other, "matmul", "self", "other");
  XGRAD_CHECK(self.scalar_type() != kBool, "matmul: not supported for Bool tensors (shapes {} and {})",
              detail::shape_str(self.sizes()), detail::shape_str(other.sizes()));
  const int64_t k_other = d2 == 1 ? other.size(0) : other.size(-2);
  XGRAD_CHECK(self.size(-1) == k_other, "matmul: mat1 and mat2 shapes cannot be multiplied ({} and {})",
              dims_str(self.sizes()), dims_str(other.sizes()));
  if (d1 == 1 && d2 == 1) return dot(self, other);
  if (d1 == 2 && d2 == 1) return mv(self, other);
  if (d1 == 1 && d2 == 2) return detail::squeeze_fresh(self.unsqueeze(0).mm(other), 0);
  if (d1 == 2 && d2 == 2) return self.mm(other);
  if (should_fold(self, d2) || should_fold(other, d1)) return folded_matmul(self, other);
  return batched_matmul(self, other);
}

Tensor Tensor::matmul(const Tensor& other) const { return xgrad::matmul(*this, other); }
Tensor Tensor::mm(const Tensor& mat2) const { return xgrad::mm(*this, mat2); }
Tensor Tensor::addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta, const Scalar& alpha) const {
  return xgrad::addmm(*this, mat1, mat2, beta, alpha);
}
Tensor Tensor::bmm(const Tensor& mat2) const { return xgrad::bmm(*this, mat2); }
Tensor Tensor::dot(const Tensor& other) const { return xgrad::dot(*this, other); }
Tensor Tensor::mv(const Tensor& vec) const { return xgrad::mv(*this, vec); }


// ---- outer, ger, vdot, addmv, addr ----

namespace {
// y = beta s + alpha a . v (s broadcast to [n]):  ds = beta g,  da = alpha g v^T,  dv = alpha a^T g
struct ScaledProduct {
  Scalar beta, alpha;
};
const Derivative<ScaledProduct> kAddmvBackward0{
    "AddmvBackward0", [](const BackwardContext& c, const ScaledProduct& s) {
      const Tensor& g = c.grad();
      return variable_list{c.needs(0) ? maybe_multiply(g, s.beta) : Tensor(),
                           c.needs(1) ? maybe_multiply(outer(g, c.saved(1)), s.alpha) : Tensor(),
                           c.needs(2) ? maybe_multiply(mv(c.saved(0).t(), g), s.alpha) : Tensor()};
    }};

// y = beta s + alpha u v^T (s broadcast to [n, m]):  ds = beta g,  du = alpha g v,  dv = alpha g^T u
const Derivative<ScaledProduct> kAddrBackward0{
    "AddrBackward0", [](const BackwardContext& c, const ScaledProduct& s) {
      const Tensor& g = c.grad();
      return variable_list{c.needs(0) ? maybe_multiply(g, s.beta) : Tensor(),
                           c.needs(1) ? maybe_multiply(mv(g, c.saved(1)), s.alpha) : Tensor(),
                           c.needs(2) ? maybe_multiply(mv(g.t(), c.saved(0)), s.alpha) : Tensor()};
    }};

// Real tensors only, so vdot's conjugation is the identity:  da = g b,  db = g a
const Derivative<> kVdotBackward0{"VdotBackward0", [](const BackwardContext& c, const NoState&) {
  return variable_list{c.needs(0) ? c.grad() * c.saved(1) : Tensor(), c.needs(1) ? c.grad() * c.saved(0) : Tensor()};
}};

void check_vector(const Tensor& t, const char* op, const char* name) {
  XGRAD_CHECK(t.defined(), "{}: expected {} to be defined, but got an undefined tensor", op, name);
  XGRAD_CHECK(t.dim() == 1, "{}: Expected 1-D argument {}, but got {}-D", op, name, t.dim());
}

/// beta s + p with s broadcast to p's shape (beta = 0 ignores s, NaN included, as BLAS's beta).
Tensor add_scaled(const Tensor& s, const Tensor& p, const Scalar& beta, const char* op) {
  XGRAD_CHECK(detail::broadcastable_to(s.sizes(), p.sizes()),
              "{}: self of shape {} cannot be broadcast to the shape of the product, {}", op,
              detail::shape_str(s.sizes()), detail::shape_str(p.sizes()));
  return beta.toDouble() == 0 ? p : p + maybe_multiply(s, beta);
}
}  // namespace

// As PyTorch: a reshape of self times vec2 (MulBackward0 over a view), not a node of its own.
Tensor outer(const Tensor& self, const Tensor& vec2) {
  check_vector(self, "outer", "self");
  check_vector(vec2, "outer", "vec2");
  return self.reshape({self.size(0), 1}) * vec2;
}

Tensor ger(const Tensor& self, const Tensor& vec2) { return outer(self, vec2); }

Tensor vdot(const Tensor& self, const Tensor& other) {
  XGRAD_PROFILE_OP("vdot");
  XGRAD_CHECK(self.dim() == 1 && other.dim() == 1, "vdot: 1D tensors expected, but got {}D and {}D tensors",
              self.dim(), other.dim());
  check_same_dtype(self, other, "vdot", "self", "other");
  XGRAD_CHECK(self.size(0) == other.size(0),
              "vdot: inconsistent tensor size, expected tensor [{}] and src [{}] to have the same number of "
              "elements, but got {} and {} elements respectively",
              self.size(0), other.size(0), self.size(0), other.size(0));
  Tensor out = dot_product(self, other, "vdot");
  auto recording = record(kVdotBackward0, {self, other});
  recording.save(recording.needs(1) ? self : Tensor()).save(recording.needs(0) ? other : Tensor()).output(out);
  return out;
}

Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha) {
  XGRAD_PROFILE_OP("addmv");
  XGRAD_CHECK(self.defined() && mat.defined() && vec.defined(),
              "addmv: expected self, mat and vec to be defined, but got an undefined tensor");
  XGRAD_CHECK(mat.dim() == 2 && vec.dim() == 1 && self.dim() <= 1,
              "addmv: vector + matrix @ vector expected, got {}, {}, {}", self.dim(), mat.dim(), vec.dim());
  XGRAD_CHECK(mat.size(1) == vec.size(0) && (self.dim() == 0 || self.size(0) == 1 || self.size(0) == mat.size(0)),
              "addmv: size mismatch, got {}, {},{}", self.dim() == 0 ? 1 : self.size(0), dims_str(mat.sizes()),
              vec.size(0));
  check_same_dtype(self, mat, "addmv", "self", "mat");
  check_same_dtype(mat, vec, "addmv", "mat", "vec");
  Tensor out;
  {
    NoGradGuard no_grad;  // one AddmvBackward0 node, not the pieces
    out = add_scaled(self, maybe_multiply(matvec(mat, vec, "addmv"), alpha), beta, "addmv").contiguous();
  }
  auto recording = record(kAddmvBackward0, {self, mat, vec}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(2) ? mat : Tensor()).save(recording.needs(1) ? vec : Tensor()).output(out);
  return out;
}

Tensor addr(const Tensor& self, const Tensor& vec1, const Tensor& vec2, const Scalar& beta, const Scalar& alpha) {
  XGRAD_PROFILE_OP("addr");
  XGRAD_CHECK(self.defined(), "addr: expected self to be defined, but got an undefined tensor");
  check_vector(vec1, "addr", "vec1");
  check_vector(vec2, "addr", "vec2");
  check_same_dtype(self, vec1, "addr", "self", "vec1");
  check_same_dtype(vec1, vec2, "addr", "vec1", "vec2");
  Tensor out;
  {
    NoGradGuard no_grad;  // one AddrBackward0 node, not the pieces
    out = add_scaled(self, maybe_multiply(outer(vec1, vec2), alpha), beta, "addr").contiguous();
  }
  auto recording = record(kAddrBackward0, {self, vec1, vec2}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(1) || recording.needs(2) ? vec1 : Tensor())
      .save(recording.needs(1) || recording.needs(2) ? vec2 : Tensor())
      .output(out);
  return out;
}

Tensor Tensor::outer(const Tensor& vec2) const { return xgrad::outer(*this, vec2); }
Tensor Tensor::ger(const Tensor& vec2) const { return xgrad::ger(*this, vec2); }
Tensor Tensor::vdot(const Tensor& other) const { return xgrad::vdot(*this, other); }
Tensor Tensor::addmv(const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha) const {
  return xgrad::addmv(*this, mat, vec, beta, alpha);
}
Tensor Tensor::addr(const Tensor& vec1, const Tensor& vec2, const Scalar& beta, const Scalar& alpha) const {
  return xgrad::addr(*this, vec1, vec2, beta, alpha);
}

// ---- addbmm, baddbmm, and in place addmm_, addmv_, addr_ ----

namespace {
// y = beta s + alpha sum_i b1[i] . b2[i] (s broadcast to [n, m]):  ds = beta g,  db1[i] = alpha g b2[i]^T,
// db2[i] = alpha b1[i]^T g. saved(0) = b1, saved(1) = b2, each only for the other's gradient.
const Derivative<ScaledProduct> kAddbmmBackward0{
    "AddbmmBackward0", [](const BackwardContext& c, const ScaledProduct& s) {
      const Tensor g = c.grad().unsqueeze(0);
      return variable_list{c.needs(0) ? maybe_multiply(c.grad(), s.beta) : Tensor(),
                           c.needs(1) ? maybe_multiply(g.matmul(c.saved(1).transpose(1, 2)), s.alpha) : Tensor(),
                           c.needs(2) ? maybe_multiply(c.saved(0).transpose(1, 2).matmul(g), s.alpha) : Tensor()};
    }};

// y[i] = beta s + alpha b1[i] . b2[i] (s broadcast to [B, n, m]):  ds = beta g,  db1 = alpha g b2^T,
// db2 = alpha b1^T g per batch. saved(0) = b1, saved(1) = b2, each only for the other's gradient.
const Derivative<ScaledProduct> kBaddbmmBackward0{
    "BaddbmmBackward0", [](const BackwardContext& c, const ScaledProduct& s) {
      const Tensor& g = c.grad();
      return variable_list{c.needs(0) ? maybe_multiply(g, s.beta) : Tensor(),
                           c.needs(1) ? maybe_multiply(g.bmm(c.saved(1).transpose(1, 2)), s.alpha) : Tensor(),
                           c.needs(2) ? maybe_multiply(c.saved(0).transpose(1, 2).bmm(g), s.alpha) : Tensor()};
    }};

void check_batches(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const char* op) {
  XGRAD_CHECK(self.defined() && batch1.defined() && batch2.defined(),
              "{}: expected self, batch1 and batch2 to be defined, but got an undefined tensor", op);
  XGRAD_CHECK(batch1.dim() == 3, "batch1 must be a 3D tensor");
  XGRAD_CHECK(batch2.dim() == 3, "batch2 must be a 3D tensor");
  check_same_dtype(self, batch1, op, "self", "batch1");
  check_same_dtype(batch1, batch2, op, "batch1", "batch2");
  XGRAD_CHECK(batch1.scalar_type() != kBool, "{}: not supported for Bool tensors", op);
}

/// out (fresh, contiguous, of `sizes`) = self broadcast to sizes, when beta reads it; returns the beta
/// BLAS then applies (0 when self is ignored, NaN included, as PyTorch).
Scalar start_from_self(const Tensor& out, const Tensor& self, const Scalar& beta, const std::vector<int64_t>& sizes,
                       const char* op) {
  XGRAD_CHECK(detail::broadcastable_to(self.sizes(), sizes),
              "{}: self of shape {} cannot be broadcast to the shape of the product, {}", op,
              detail::shape_str(self.sizes()), detail::shape_str(sizes));
  if (beta.toDouble() == 0) return 0;
  detail::copy_into(out, self);
  return beta;
}

/// The checks and the write of an in-place product: result (computed from self) replaces self.
void check_inplace_shape(const Tensor& self, const Tensor& result) {
  XGRAD_CHECK(self.sizes().equals(result.sizes()),
              "Bad in-place call: input tensor size {} and output tensor size {} should match",
              detail::shape_str(self.sizes()), detail::shape_str(result.sizes()));
}
}  // namespace

Tensor addbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
              const Scalar& alpha) {
  XGRAD_PROFILE_OP("addbmm");
  check_batches(self, batch1, batch2, "addbmm");
  XGRAD_CHECK(batch1.size(0) == batch2.size(0), "batch1 and batch2 must have same number of batches, got {} and {}",
              batch1.size(0), batch2.size(0));
  XGRAD_CHECK(batch1.size(2) == batch2.size(1), "Incompatible matrix sizes for bmm ({}x{} and {}x{})", batch1.size(1),
              batch1.size(2), batch2.size(1), batch2.size(2));
  const int64_t b = batch1.size(0), n = batch1.size(1), k = batch1.size(2), m = batch2.size(2);
  const std::vector<int64_t> sizes{n, m};
  Tensor out = empty(sizes, batch1.scalar_type());
  const Scalar be = start_from_self(out, self, beta, sizes, "addbmm");
  if (out.numel() > 0) {
    // The sum of the batch's products is one GEMM: [n, b k] . [b k, m].
    NoGradGuard no_grad;
    const Tensor a = batch1.detach().permute({1, 0, 2}).reshape({n, b * k}), c = batch2.detach().reshape({b * k, m});
    multiply_into(out, a, c, 1, alpha, be, "addbmm");
  }
  auto recording = record(kAddbmmBackward0, {self, batch1, batch2}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(2) ? batch1 : Tensor()).save(recording.needs(1) ? batch2 : Tensor()).output(out);
  return out;
}

Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
               const Scalar& alpha) {
  XGRAD_PROFILE_OP("baddbmm");
  check_batches(self, batch1, batch2, "baddbmm");
  XGRAD_CHECK(batch2.size(0) == batch1.size(0) && batch2.size(1) == batch1.size(2),
              "Expected size for first two dimensions of batch2 tensor to be: [{}, {}] but got: [{}, {}].",
              batch1.size(0), batch1.size(2), batch2.size(0), batch2.size(1));
  const std::vector<int64_t> sizes{batch1.size(0), batch1.size(1), batch2.size(2)};
  Tensor out = empty(sizes, batch1.scalar_type());
  const Scalar be = start_from_self(out, self, beta, sizes, "baddbmm");
  if (out.numel() > 0) multiply_into(out, batch1, batch2, batch1.size(0), alpha, be, "baddbmm");
  auto recording = record(kBaddbmmBackward0, {self, batch1, batch2}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(2) ? batch1 : Tensor()).save(recording.needs(1) ? batch2 : Tensor()).output(out);
  return out;
}

Tensor& addbmm_out(Tensor& out, const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                   const Scalar& alpha) {
  return out.copy_(xgrad::addbmm(self, batch1, batch2, beta, alpha));
}
Tensor& addbmm_outf(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                    const Scalar& alpha, Tensor& out) {
  return addbmm_out(out, self, batch1, batch2, beta, alpha);
}
Tensor& baddbmm_out(Tensor& out, const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                    const Scalar& alpha) {
  return out.copy_(xgrad::baddbmm(self, batch1, batch2, beta, alpha));
}
Tensor& baddbmm_outf(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
                     const Scalar& alpha, Tensor& out) {
  return baddbmm_out(out, self, batch1, batch2, beta, alpha);
}

Tensor Tensor::addbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta, const Scalar& alpha) const {
  return xgrad::addbmm(*this, batch1, batch2, beta, alpha);
}
Tensor Tensor::baddbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta, const Scalar& alpha) const {
  return xgrad::baddbmm(*this, batch1, batch2, beta, alpha);
}

// The in-place forms compute the product from self's old value, then record the same node as the
// out-of-place op against it (AddmmBackward0, ...), as libtorch.

Tensor& Tensor::addbmm_(const Tensor& batch1, const Tensor& batch2, const Scalar& beta, const Scalar& alpha) const {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = xgrad::addbmm(detach(), batch1.detach(), batch2.detach(), beta, alpha);
  }
  check_inplace_shape(*this, result);
  auto recording = detail::record_inplace("addbmm_", kAddbmmBackward0, {*this, batch1, batch2}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(2) ? batch1 : Tensor()).save(recording.needs(1) ? batch2 : Tensor());
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& Tensor::baddbmm_(const Tensor& batch1, const Tensor& batch2, const Scalar& beta, const Scalar& alpha) const {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = xgrad::baddbmm(detach(), batch1.detach(), batch2.detach(), beta, alpha);
  }
  check_inplace_shape(*this, result);
  auto recording =
      detail::record_inplace("baddbmm_", kBaddbmmBackward0, {*this, batch1, batch2}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(2) ? batch1 : Tensor()).save(recording.needs(1) ? batch2 : Tensor());
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& Tensor::addmm_(const Tensor& mat1, const Tensor& mat2, const Scalar& beta, const Scalar& alpha) const {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = xgrad::addmm(detach(), mat1.detach(), mat2.detach(), beta, alpha);
  }
  check_inplace_shape(*this, result);
  auto recording = detail::record_inplace("addmm_", kAddmmBackward0, {*this, mat1, mat2},
                                          AddmmState{mm_layout(mat1, mat2), beta, alpha});
  recording.save(recording.needs(2) ? mat1 : Tensor()).save(recording.needs(1) ? mat2 : Tensor());
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& Tensor::addmv_(const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha) const {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = xgrad::addmv(detach(), mat.detach(), vec.detach(), beta, alpha);
  }
  check_inplace_shape(*this, result);
  auto recording = detail::record_inplace("addmv_", kAddmvBackward0, {*this, mat, vec}, ScaledProduct{beta, alpha});
  recording.save(recording.needs(2) ? mat : Tensor()).save(recording.needs(1) ? vec : Tensor());
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

Tensor& Tensor::addr_(const Tensor& vec1, const Tensor& vec2, const Scalar& beta, const Scalar& alpha) const {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = xgrad::addr(detach(), vec1.detach(), vec2.detach(), beta, alpha);
  }
  XGRAD_CHECK(sizes().equals(result.sizes()), "size mismatch, input: {}, v1: {}, v2: {}", detail::shape_str(sizes()),
              detail::shape_str(vec1.sizes()), detail::shape_str(vec2.sizes()));
  auto recording = detail::record_inplace("addr_", kAddrBackward0, {*this, vec1, vec2}, ScaledProduct{beta, alpha});
  const bool either = recording.needs(1) || recording.needs(2);
  recording.save(either ? vec1 : Tensor()).save(either ? vec2 : Tensor());
  detail::copy_into(*this, result);
  return recording.finish_inplace(*this);
}

}  // namespace xgrad
