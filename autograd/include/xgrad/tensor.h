#pragma once
// xgrad::Tensor: a cheap shared handle to a TensorImpl, with libtorch's methods.
//
// Copying a Tensor copies the handle, not the data (as in libtorch). Every method that is an op
// (add, sum, view, ...) is defined in the op family's file under autograd/src/ops/, beside its
// backward; the declarations are gathered here and in xgrad/functions.h.
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <xgrad/array_ref.h>
#include <xgrad/device.h>
#include <xgrad/error.h>
#include <xgrad/layout.h>
#include <xgrad/scalar_type.h>
#include <xgrad/tensor_accessor.h>
#include <xgrad/tensor_impl.h>
#include <xgrad/tensor_options.h>

namespace xgrad {

namespace autograd {
class Node;
}
namespace indexing {
class TensorIndex;
}

class Tensor;
using TensorList = ArrayRef<Tensor>;

class Tensor {
 public:
  /// An undefined tensor (defined() is false), as libtorch's default.
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}
  Tensor(const Tensor&) = default;
  Tensor(Tensor&&) noexcept = default;
  /// Assigning to a named Tensor rebinds the handle; assigning to a temporary one (a view such as
  /// `x[0] = 1` or `x[1] = y`) writes into its data, as libtorch's fill_ and copy_.
  Tensor& operator=(const Tensor&) & = default;
  Tensor& operator=(Tensor&&) & noexcept = default;
  Tensor& operator=(const Tensor& src) && { return copy_(src); }
  Tensor& operator=(Tensor&& src) && { return copy_(src); }
  Tensor& operator=(const Scalar& value) && { return fill_(value); }

  bool defined() const { return impl_ != nullptr; }
  TensorImpl* unsafeGetTensorImpl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl() const { return impl_; }
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }
  long use_count() const { return impl_.use_count(); }

  // ---- metadata ----
  IntArrayRef sizes() const;
  IntArrayRef strides() const;
  int64_t size(int64_t dim) const;
  int64_t stride(int64_t dim) const;
  int64_t dim() const;
  int64_t ndimension() const { return dim(); }
  int64_t numel() const;
  ScalarType scalar_type() const;
  ScalarType dtype() const { return scalar_type(); }
  TensorOptions options() const;
  /// Always the CPU: the device libtorch programs ask about.
  Device device() const { return kCPU; }
  bool is_cpu() const { return true; }
  bool is_cuda() const { return false; }
  int64_t storage_offset() const;
  bool is_contiguous(MemoryFormat memory_format = MemoryFormat::Contiguous) const;
  /// ChannelsLast(3d) for a 4-D (5-D) tensor whose strides are in that order, else Contiguous.
  MemoryFormat suggest_memory_format(bool channels_last_strides_exact_match = false) const;
  bool is_floating_point() const;
  size_t element_size() const;
  size_t nbytes() const;
  /// "CPUFloatType", as libtorch's toString().
  std::string toString() const;

  /// Typed pointer to the first element; throws if T is not the tensor's dtype.
  template <typename T> T* data_ptr() const;
  void* data_ptr() const;
  /// The value of a one-element tensor.
  Scalar item() const;
  template <typename T> T item() const { return item().to<T>(); }

  // ---- autograd ----
  bool requires_grad() const;
  Tensor& requires_grad_(bool requires_grad = true) const;
  /// The accumulated gradient (undefined until a backward reaches this leaf).
  const Tensor& grad() const;
  Tensor& mutable_grad() const;
  /// The node that made this tensor, or null for leaves.
  const std::shared_ptr<autograd::Node>& grad_fn() const;
  bool is_leaf() const;
  uint32_t output_nr() const;
  uint32_t _version() const;
  void backward(const Tensor& gradient = {}, std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false, std::optional<std::vector<Tensor>> inputs = std::nullopt) const;
  /// A tensor sharing this one's data, cut from the graph.
  Tensor detach() const;
  /// libtorch's older spelling of detach(). Unlike libtorch's, it shares the version counter, so
  /// autograd still notices an in-place change made through it to a value a backward needs.
  Tensor data() const { return detach(); }
  Tensor& detach_() const;
  /// Makes this tensor use new_data's storage, sizes and dtype, keeping its identity and autograd
  /// state (so an optimizer holding it sees the change): Module::to(dtype) uses it, as libtorch's.
  void set_data(const Tensor& new_data) const;
  void retain_grad() const;
  bool retains_grad() const;
  /// hook(grad) runs when this tensor's gradient is computed; a hook returning a Tensor replaces it.
  template <typename F>
  unsigned register_hook(F&& hook) const {
    using R = std::invoke_result_t<F&, Tensor>;
    if constexpr (std::is_void<R>::value) {
      return register_hook_impl([h = std::forward<F>(hook)](const Tensor& g) mutable {
        h(g);
        return Tensor();
      });
    } else {
      return register_hook_impl(std::function<Tensor(const Tensor&)>(std::forward<F>(hook)));
    }
  }
  void remove_hook(unsigned handle) const;

  // ---- conversion and copies (ops/shape.cpp) ----
  Tensor to(ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  /// to(device), to(kCPU), to(options): as libtorch, these go through TensorOptions (a to(Device)
  /// overload would make to(kCPU) ambiguous). No dtype in options: this tensor, or a copy if copy.
  Tensor to(const TensorOptions& options, bool non_blocking = false, bool copy = false) const;
  Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  Tensor cpu() const { return *this; }
  Tensor to(const Tensor& other, bool non_blocking = false, bool copy = false) const;
  /// ChannelsLast / ChannelsLast3d give the NHWC / NDHWC order of strides for a 4-D / 5-D tensor.
  Tensor contiguous(MemoryFormat memory_format = MemoryFormat::Contiguous) const;
  /// Preserve (the default) keeps a dense tensor's strides and gives others the order of their strides.
  Tensor clone(std::optional<MemoryFormat> memory_format = std::nullopt) const;

  // ---- views and shape (ops/shape.cpp) ----
  Tensor view(IntArrayRef size) const;
  Tensor view_as(const Tensor& other) const;
  Tensor reshape(IntArrayRef shape) const;
  Tensor reshape_as(const Tensor& other) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;
  Tensor permute(IntArrayRef dims) const;
  Tensor expand(IntArrayRef size, bool implicit = false) const;
  Tensor expand_as(const Tensor& other) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor slice(int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
               std::optional<int64_t> end = std::nullopt, int64_t step = 1) const;
  Tensor operator[](int64_t index) const;
  Tensor index_select(int64_t dim, const Tensor& index) const;

  // ---- more views and shape (ops/shape.cpp, ops/join.cpp, ops/reorder.cpp, ops/triangle.cpp,
  // ops/tensor_products.cpp) ----
  Tensor movedim(IntArrayRef source, IntArrayRef destination) const;
  Tensor movedim(int64_t source, int64_t destination) const;
  Tensor moveaxis(IntArrayRef source, IntArrayRef destination) const;
  Tensor moveaxis(int64_t source, int64_t destination) const;
  Tensor swapaxes(int64_t axis0, int64_t axis1) const;
  Tensor& swapaxes_(int64_t axis0, int64_t axis1) const;
  Tensor swapdims(int64_t dim0, int64_t dim1) const;
  Tensor& swapdims_(int64_t dim0, int64_t dim1) const;
  Tensor& t_() const;
  Tensor& transpose_(int64_t dim0, int64_t dim1) const;
  Tensor& squeeze_() const;
  Tensor& squeeze_(int64_t dim) const;
  Tensor& unsqueeze_(int64_t dim) const;
  Tensor ravel() const;
  Tensor unflatten(int64_t dim, IntArrayRef sizes) const;
  Tensor unfold(int64_t dimension, int64_t size, int64_t step) const;
  Tensor broadcast_to(IntArrayRef size) const;
  Tensor as_strided(IntArrayRef size, IntArrayRef stride, std::optional<int64_t> storage_offset = std::nullopt) const;
  const Tensor& as_strided_(IntArrayRef size, IntArrayRef stride,
                            std::optional<int64_t> storage_offset = std::nullopt) const;
  Tensor sum_to_size(IntArrayRef size) const;
  Tensor adjoint() const;
  Tensor mH() const;
  Tensor mT() const;
  Tensor matrix_H() const;
  Tensor numpy_T() const;
  Tensor narrow_copy(int64_t dim, int64_t start, int64_t length) const;
  std::vector<Tensor> tensor_split(int64_t sections, int64_t dim = 0) const;
  std::vector<Tensor> tensor_split(IntArrayRef indices, int64_t dim = 0) const;
  std::vector<Tensor> tensor_split(const Tensor& tensor_indices_or_sections, int64_t dim = 0) const;
  std::vector<Tensor> hsplit(int64_t sections) const;
  std::vector<Tensor> hsplit(IntArrayRef indices) const;
  std::vector<Tensor> vsplit(int64_t sections) const;
  std::vector<Tensor> vsplit(IntArrayRef indices) const;
  std::vector<Tensor> dsplit(int64_t sections) const;
  std::vector<Tensor> dsplit(IntArrayRef indices) const;
  Tensor flip(IntArrayRef dims) const;
  Tensor fliplr() const;
  Tensor flipud() const;
  Tensor roll(IntArrayRef shifts, IntArrayRef dims = {}) const;
  Tensor rot90(int64_t k = 1, IntArrayRef dims = {0, 1}) const;
  Tensor repeat(IntArrayRef repeats) const;
  Tensor tile(IntArrayRef dims) const;
  Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim = std::nullopt,
                           std::optional<int64_t> output_size = std::nullopt) const;
  Tensor repeat_interleave(int64_t repeats, std::optional<int64_t> dim = std::nullopt,
                           std::optional<int64_t> output_size = std::nullopt) const;
  Tensor tril(int64_t diagonal = 0) const;
  Tensor& tril_(int64_t diagonal = 0) const;
  Tensor triu(int64_t diagonal = 0) const;
  Tensor& triu_(int64_t diagonal = 0) const;
  Tensor diagonal(int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1) const;
  Tensor diag(int64_t diagonal = 0) const;
  Tensor diag_embed(int64_t offset = 0, int64_t dim1 = -2, int64_t dim2 = -1) const;
  Tensor diagflat(int64_t offset = 0) const;
  Tensor diagonal_scatter(const Tensor& src, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1) const;
  Tensor select_scatter(const Tensor& src, int64_t dim, int64_t index) const;
  Tensor slice_scatter(const Tensor& src, int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
                       std::optional<int64_t> end = std::nullopt, int64_t step = 1) const;
  Tensor as_strided_scatter(const Tensor& src, IntArrayRef size, IntArrayRef stride,
                            std::optional<int64_t> storage_offset = std::nullopt) const;
  Tensor kron(const Tensor& other) const;
  Tensor inner(const Tensor& other) const;

  // ---- splitting (ops/join.cpp) ----
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> split(IntArrayRef split_size, int64_t dim = 0) const;
  std::vector<Tensor> split_with_sizes(IntArrayRef split_sizes, int64_t dim = 0) const;
  std::vector<Tensor> unbind(int64_t dim = 0) const;

  // ---- indexing (ops/indexing.cpp) ----
  Tensor gather(int64_t dim, const Tensor& index, bool sparse_grad = false) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Scalar& value) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Scalar& value) const;
  /// reduce: "add" or "multiply".
  Tensor scatter(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Scalar& value, std::string_view reduce) const;
  Tensor scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor& scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) const;
  /// reduce: "sum", "prod", "mean", "amax" or "amin".
  Tensor scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                        bool include_self = true) const;
  Tensor& scatter_reduce_(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                          bool include_self = true) const;
  Tensor masked_fill(const Tensor& mask, const Scalar& value) const;
  Tensor& masked_fill_(const Tensor& mask, const Scalar& value) const;
  Tensor masked_fill(const Tensor& mask, const Tensor& value) const;
  Tensor& masked_fill_(const Tensor& mask, const Tensor& value) const;
  Tensor masked_scatter(const Tensor& mask, const Tensor& source) const;
  Tensor& masked_scatter_(const Tensor& mask, const Tensor& source) const;
  Tensor masked_select(const Tensor& mask) const;
  Tensor index_add(int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha = 1) const;
  Tensor& index_add_(int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha = 1) const;
  Tensor index_copy(int64_t dim, const Tensor& index, const Tensor& source) const;
  Tensor& index_copy_(int64_t dim, const Tensor& index, const Tensor& source) const;
  Tensor index_fill(int64_t dim, const Tensor& index, const Scalar& value) const;
  Tensor& index_fill_(int64_t dim, const Tensor& index, const Scalar& value) const;
  Tensor index_fill(int64_t dim, const Tensor& index, const Tensor& value) const;
  Tensor& index_fill_(int64_t dim, const Tensor& index, const Tensor& value) const;
  /// reduce: "prod", "mean", "amax" or "amin".
  Tensor index_reduce(int64_t dim, const Tensor& index, const Tensor& source, std::string_view reduce,
                      bool include_self = true) const;
  Tensor& index_reduce_(int64_t dim, const Tensor& index, const Tensor& source, std::string_view reduce,
                        bool include_self = true) const;
  Tensor take(const Tensor& index) const;
  Tensor take_along_dim(const Tensor& indices, std::optional<int64_t> dim = std::nullopt) const;
  Tensor put(const Tensor& index, const Tensor& source, bool accumulate = false) const;
  Tensor& put_(const Tensor& index, const Tensor& source, bool accumulate = false) const;
  /// self where condition, else other.
  Tensor where(const Tensor& condition, const Tensor& other) const;
  Tensor nonzero() const;
  Tensor argwhere() const;
  Tensor& fill_diagonal_(const Scalar& fill_value, bool wrap = false) const;
  /// x.index({0, Slice(), None, Ellipsis, mask, idx}): xgrad/indexing.h.
  Tensor index(ArrayRef<indexing::TensorIndex> indices) const;
  Tensor index(std::initializer_list<indexing::TensorIndex> indices) const;
  /// Advanced indexing: one optional index tensor per leading dim (nullopt takes the whole dim).
  Tensor index(const std::vector<std::optional<Tensor>>& indices) const;
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& rhs) const;
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& v) const;
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Tensor& rhs) const;
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Scalar& v) const;
  Tensor& index_put_(const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                     bool accumulate = false) const;
  Tensor index_put(const std::vector<std::optional<Tensor>>& indices, const Tensor& values,
                   bool accumulate = false) const;

  // ---- elementwise math (ops/elementwise.cpp) ----
  Tensor add(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor add(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor sub(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor sub(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor mul(const Tensor& other) const;
  Tensor mul(const Scalar& other) const;
  Tensor div(const Tensor& other) const;
  Tensor div(const Scalar& other) const;
  Tensor xlogy(const Tensor& other) const;
  Tensor neg() const;
  Tensor pow(const Tensor& exponent) const;
  Tensor pow(const Scalar& exponent) const;
  Tensor square() const;
  Tensor exp() const;
  Tensor log() const;
  Tensor sqrt() const;
  Tensor abs() const;
  Tensor clamp(const std::optional<Scalar>& min = std::nullopt,
               const std::optional<Scalar>& max = std::nullopt) const;
  Tensor clamp_min(const Scalar& min) const;
  Tensor clamp_max(const Scalar& max) const;
  Tensor eq(const Tensor& other) const;
  Tensor eq(const Scalar& other) const;
  Tensor ne(const Tensor& other) const;
  Tensor ne(const Scalar& other) const;
  Tensor lt(const Tensor& other) const;
  Tensor lt(const Scalar& other) const;
  Tensor le(const Tensor& other) const;
  Tensor le(const Scalar& other) const;
  Tensor gt(const Tensor& other) const;
  Tensor gt(const Scalar& other) const;
  Tensor ge(const Tensor& other) const;
  Tensor ge(const Scalar& other) const;
  Tensor maximum(const Tensor& other) const;
  Tensor minimum(const Tensor& other) const;
  Tensor addcmul(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1) const;
  Tensor addcdiv(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1) const;
  /// Same sizes and exactly the same values.
  bool equal(const Tensor& other) const;
  /// |self - other| <= atol + rtol * |other| everywhere.
  bool allclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08) const;

  // ---- in-place (ops/elementwise.cpp); const as libtorch's: const is the handle's, not the data's ----
  Tensor& add_(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor& add_(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& sub_(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor& sub_(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& mul_(const Tensor& other) const;
  Tensor& mul_(const Scalar& other) const;
  Tensor& div_(const Tensor& other) const;
  Tensor& div_(const Scalar& other) const;
  Tensor& zero_() const;
  Tensor& fill_(const Scalar& value) const;
  Tensor& copy_(const Tensor& src, bool non_blocking = false) const;
  Tensor& clamp_(const std::optional<Scalar>& min = std::nullopt,
                 const std::optional<Scalar>& max = std::nullopt) const;
  Tensor& relu_() const;
  Tensor& sqrt_() const;
  Tensor& addcmul_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1) const;
  Tensor& addcdiv_(const Tensor& tensor1, const Tensor& tensor2, const Scalar& value = 1) const;
  Tensor& operator+=(const Tensor& other) { return add_(other); }
  Tensor& operator+=(const Scalar& other) { return add_(other); }
  Tensor& operator-=(const Tensor& other) { return sub_(other); }
  Tensor& operator-=(const Scalar& other) { return sub_(other); }
  Tensor& operator*=(const Tensor& other) { return mul_(other); }
  Tensor& operator*=(const Scalar& other) { return mul_(other); }
  Tensor& operator/=(const Tensor& other) { return div_(other); }
  Tensor& operator/=(const Scalar& other) { return div_(other); }
  Tensor operator-() const { return neg(); }

  // ---- unary math (ops/unary_math.cpp) ----
  Tensor acos() const;
  Tensor& acos_() const;
  Tensor acosh() const;
  Tensor& acosh_() const;
  Tensor arccos() const;
  Tensor& arccos_() const;
  Tensor arccosh() const;
  Tensor& arccosh_() const;
  Tensor arcsin() const;
  Tensor& arcsin_() const;
  Tensor arcsinh() const;
  Tensor& arcsinh_() const;
  Tensor arctan() const;
  Tensor& arctan_() const;
  Tensor arctanh() const;
  Tensor& arctanh_() const;
  Tensor asin() const;
  Tensor& asin_() const;
  Tensor asinh() const;
  Tensor& asinh_() const;
  Tensor atan() const;
  Tensor& atan_() const;
  Tensor atanh() const;
  Tensor& atanh_() const;
  Tensor cos() const;
  Tensor& cos_() const;
  Tensor cosh() const;
  Tensor& cosh_() const;
  Tensor deg2rad() const;
  Tensor& deg2rad_() const;
  Tensor erf() const;
  Tensor& erf_() const;
  Tensor erfc() const;
  Tensor& erfc_() const;
  Tensor exp2() const;
  Tensor& exp2_() const;
  Tensor expm1() const;
  Tensor& expm1_() const;
  Tensor i0() const;
  Tensor& i0_() const;
  Tensor log10() const;
  Tensor& log10_() const;
  Tensor log1p() const;
  Tensor& log1p_() const;
  Tensor log2() const;
  Tensor& log2_() const;
  Tensor rad2deg() const;
  Tensor& rad2deg_() const;
  Tensor reciprocal() const;
  Tensor& reciprocal_() const;
  Tensor rsqrt() const;
  Tensor& rsqrt_() const;
  Tensor sin() const;
  Tensor& sin_() const;
  Tensor sinc() const;
  Tensor& sinc_() const;
  Tensor sinh() const;
  Tensor& sinh_() const;
  Tensor tan() const;
  Tensor& tan_() const;
  Tensor ceil() const;
  Tensor& ceil_() const;
  Tensor floor() const;
  Tensor& floor_() const;
  Tensor trunc() const;
  Tensor& trunc_() const;
  Tensor fix() const;
  Tensor& fix_() const;
  Tensor frac() const;
  Tensor& frac_() const;
  Tensor negative() const;
  Tensor& negative_() const;
  Tensor digamma() const;
  Tensor& digamma_() const;
  Tensor erfinv() const;
  Tensor& erfinv_() const;
  Tensor lgamma() const;
  Tensor& lgamma_() const;
  Tensor sign() const;
  Tensor& sign_() const;
  Tensor sgn() const;
  Tensor& sgn_() const;
  Tensor absolute() const;
  Tensor& absolute_() const;
  Tensor& abs_() const;
  Tensor& exp_() const;
  Tensor& log_() const;
  Tensor& neg_() const;
  Tensor& sigmoid_() const;
  Tensor& tanh_() const;
  Tensor& square_() const;
  Tensor signbit() const;
  Tensor angle() const;
  Tensor isnan() const;
  Tensor isinf() const;
  Tensor isneginf() const;
  Tensor isposinf() const;
  Tensor isfinite() const;
  Tensor isreal() const;
  Tensor positive() const;
  Tensor round() const;
  Tensor round(int64_t decimals) const;
  Tensor& round_() const;
  Tensor& round_(int64_t decimals) const;
  Tensor logit(std::optional<double> eps = std::nullopt) const;
  Tensor& logit_(std::optional<double> eps = std::nullopt) const;
  Tensor mvlgamma(int64_t p) const;
  Tensor& mvlgamma_(int64_t p) const;
  Tensor polygamma(int64_t n) const;
  Tensor& polygamma_(int64_t n) const;
  Tensor nan_to_num(std::optional<double> nan = std::nullopt, std::optional<double> posinf = std::nullopt,
                    std::optional<double> neginf = std::nullopt) const;
  Tensor& nan_to_num_(std::optional<double> nan = std::nullopt, std::optional<double> posinf = std::nullopt,
                      std::optional<double> neginf = std::nullopt) const;
  Tensor hardshrink(const Scalar& lambd = 0.5) const;

  // ---- random fills (factories.cpp) ----
  Tensor& uniform_(double from = 0, double to = 1) const;
  Tensor& normal_(double mean = 0, double std = 1) const;

  // ---- more factories, random numbers and metadata (factories.cpp, random.cpp, tensor.cpp) ----
  // new_*: options not given (dtype) are this tensor's; the result never requires grad unless asked.
  Tensor new_empty(IntArrayRef size, const TensorOptions& options = {}) const;
  Tensor new_empty_strided(IntArrayRef size, IntArrayRef stride, const TensorOptions& options = {}) const;
  Tensor new_full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options = {}) const;
  Tensor new_zeros(IntArrayRef size, const TensorOptions& options = {}) const;
  Tensor new_ones(IntArrayRef size, const TensorOptions& options = {}) const;
  /// Draws: bernoulli() takes this tensor as the probabilities; bernoulli(p) the one probability p.
  Tensor bernoulli() const;
  Tensor bernoulli(double p) const;
  Tensor& bernoulli_(const Tensor& p) const;
  Tensor& bernoulli_(double p = 0.5) const;
  Tensor& cauchy_(double median = 0, double sigma = 1) const;
  Tensor& exponential_(double lambd = 1) const;
  Tensor& geometric_(double p) const;
  Tensor& log_normal_(double mean = 1, double std = 2) const;
  /// Integers in [from, to), [0, to), or every value the dtype holds exactly (floating: [0, 2^mantissa]).
  Tensor& random_(int64_t from, std::optional<int64_t> to) const;
  Tensor& random_(int64_t to) const;
  Tensor& random_() const;
  /// Indices drawn from each row's (unnormalized) weights.
  Tensor multinomial(int64_t num_samples, bool replacement = false) const;
  Tensor type_as(const Tensor& other) const;
  bool is_complex() const { return false; }
  bool is_signed() const;
  bool is_same_size(const Tensor& other) const;
  /// Made inside an InferenceMode scope (or a view of such a tensor).
  bool is_inference() const;
  Layout layout() const { return kStrided; }
  /// -1, libtorch's answer for a CPU tensor.
  int64_t get_device() const { return -1; }
  size_t itemsize() const { return element_size(); }
  /// Resizes in place, keeping the data that still fits (new elements are uninitialised).
  const Tensor& resize_(IntArrayRef size, std::optional<MemoryFormat> memory_format = std::nullopt) const;
  const Tensor& resize_as_(const Tensor& the_template, std::optional<MemoryFormat> memory_format = std::nullopt) const;
  /// a[i][j]... over this tensor's elements of type T (its dtype), N its number of dims.
  template <typename T, size_t N>
  TensorAccessor<T, N> accessor() const& {
    static_assert(N > 0, "accessor is used for indexing tensor, for scalars use *data_ptr<T>()");
    if (dim() != static_cast<int64_t>(N))
      throw Error("TensorAccessor expected " + std::to_string(N) + " dims but tensor has " + std::to_string(dim()));
    return TensorAccessor<T, N>(data_ptr<T>(), sizes().data(), strides().data());
  }
  /// Deleted as libtorch's: the accessor would point into a tensor about to be freed.
  template <typename T, size_t N>
  TensorAccessor<T, N> accessor() && = delete;
  /// Prints the type and sizes to stderr, e.g. "[CPUFloatType [2, 3]]", as libtorch's print().
  void print() const;

  // ---- activations (ops/activation.cpp) ----
  Tensor sigmoid() const;
  Tensor tanh() const;
  Tensor relu() const;
  Tensor softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor log_softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;

  // ---- matrix products (ops/linalg.cpp) ----
  Tensor matmul(const Tensor& other) const;
  Tensor mm(const Tensor& mat2) const;
  Tensor addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor bmm(const Tensor& mat2) const;
  Tensor dot(const Tensor& other) const;
  Tensor mv(const Tensor& vec) const;

  // ---- more matrix products (ops/linalg.cpp) ----
  Tensor outer(const Tensor& vec2) const;
  Tensor ger(const Tensor& vec2) const;
  Tensor vdot(const Tensor& other) const;
  Tensor addmv(const Tensor& mat, const Tensor& vec, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor addr(const Tensor& vec1, const Tensor& vec2, const Scalar& beta = 1, const Scalar& alpha = 1) const;

  // ---- linear algebra (ops/lapack.cpp) ----
  Tensor det() const;
  Tensor logdet() const;
  std::tuple<Tensor, Tensor> slogdet() const;
  Tensor inverse() const;
  Tensor cholesky(bool upper = false) const;
  Tensor cholesky_inverse(bool upper = false) const;
  Tensor cholesky_solve(const Tensor& input2, bool upper = false) const;
  std::tuple<Tensor, Tensor> triangular_solve(const Tensor& A, bool upper = true, bool transpose = false,
                                              bool unitriangular = false) const;
  std::tuple<Tensor, Tensor> qr(bool some = true) const;
  std::tuple<Tensor, Tensor, Tensor> svd(bool some = true, bool compute_uv = true) const;
  Tensor pinverse(double rcond = 1e-15) const;
  Tensor matrix_power(int64_t n) const;
  Tensor matrix_exp() const;
  Tensor cross(const Tensor& other, std::optional<int64_t> dim = std::nullopt) const;
  Tensor addbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor& addbmm_(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor baddbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor& baddbmm_(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor& addmm_(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor& addmv_(const Tensor& mat, const Tensor& vec, const Scalar& beta = 1, const Scalar& alpha = 1) const;
  Tensor& addr_(const Tensor& vec1, const Tensor& vec2, const Scalar& beta = 1, const Scalar& alpha = 1) const;

  // ---- binary math (ops/binary_math.cpp) ----
  Tensor atan2(const Tensor& other) const;
  Tensor& atan2_(const Tensor& other) const;
  Tensor arctan2(const Tensor& other) const;
  Tensor& arctan2_(const Tensor& other) const;
  Tensor bitwise_and(const Tensor& other) const;
  Tensor bitwise_and(const Scalar& other) const;
  Tensor& bitwise_and_(const Tensor& other) const;
  Tensor& bitwise_and_(const Scalar& other) const;
  Tensor bitwise_or(const Tensor& other) const;
  Tensor bitwise_or(const Scalar& other) const;
  Tensor& bitwise_or_(const Tensor& other) const;
  Tensor& bitwise_or_(const Scalar& other) const;
  Tensor bitwise_xor(const Tensor& other) const;
  Tensor bitwise_xor(const Scalar& other) const;
  Tensor& bitwise_xor_(const Tensor& other) const;
  Tensor& bitwise_xor_(const Scalar& other) const;
  Tensor bitwise_not() const;
  Tensor& bitwise_not_() const;
  Tensor bitwise_left_shift(const Tensor& other) const;
  Tensor bitwise_left_shift(const Scalar& other) const;
  Tensor& bitwise_left_shift_(const Tensor& other) const;
  Tensor& bitwise_left_shift_(const Scalar& other) const;
  Tensor bitwise_right_shift(const Tensor& other) const;
  Tensor bitwise_right_shift(const Scalar& other) const;
  Tensor& bitwise_right_shift_(const Tensor& other) const;
  Tensor& bitwise_right_shift_(const Scalar& other) const;
  Tensor __and__(const Tensor& other) const;
  Tensor __and__(const Scalar& other) const;
  Tensor& __iand__(const Tensor& other) const;
  Tensor& __iand__(const Scalar& other) const;
  Tensor __or__(const Tensor& other) const;
  Tensor __or__(const Scalar& other) const;
  Tensor& __ior__(const Tensor& other) const;
  Tensor& __ior__(const Scalar& other) const;
  Tensor __xor__(const Tensor& other) const;
  Tensor __xor__(const Scalar& other) const;
  Tensor& __ixor__(const Tensor& other) const;
  Tensor& __ixor__(const Scalar& other) const;
  Tensor __lshift__(const Tensor& other) const;
  Tensor __lshift__(const Scalar& other) const;
  Tensor& __ilshift__(const Tensor& other) const;
  Tensor& __ilshift__(const Scalar& other) const;
  Tensor __rshift__(const Tensor& other) const;
  Tensor __rshift__(const Scalar& other) const;
  Tensor& __irshift__(const Tensor& other) const;
  Tensor& __irshift__(const Scalar& other) const;
  Tensor operator~() const { return bitwise_not(); }
  Tensor& operator&=(const Tensor& other) { return bitwise_and_(other); }
  Tensor& operator|=(const Tensor& other) { return bitwise_or_(other); }
  Tensor& operator^=(const Tensor& other) { return bitwise_xor_(other); }
  Tensor copysign(const Tensor& other) const;
  Tensor copysign(const Scalar& other) const;
  Tensor& copysign_(const Tensor& other) const;
  Tensor& copysign_(const Scalar& other) const;
  /// rounding_mode: none (true division), "trunc" or "floor" (integers stay integers).
  Tensor div(const Tensor& other, std::optional<std::string_view> rounding_mode) const;
  Tensor div(const Scalar& other, std::optional<std::string_view> rounding_mode) const;
  Tensor& div_(const Tensor& other, std::optional<std::string_view> rounding_mode) const;
  Tensor& div_(const Scalar& other, std::optional<std::string_view> rounding_mode) const;
  Tensor divide(const Tensor& other) const;
  Tensor divide(const Scalar& other) const;
  Tensor divide(const Tensor& other, std::optional<std::string_view> rounding_mode) const;
  Tensor divide(const Scalar& other, std::optional<std::string_view> rounding_mode) const;
  Tensor& divide_(const Tensor& other) const;
  Tensor& divide_(const Scalar& other) const;
  Tensor& divide_(const Tensor& other, std::optional<std::string_view> rounding_mode) const;
  Tensor& divide_(const Scalar& other, std::optional<std::string_view> rounding_mode) const;
  Tensor true_divide(const Tensor& other) const;
  Tensor true_divide(const Scalar& other) const;
  Tensor& true_divide_(const Tensor& other) const;
  Tensor& true_divide_(const Scalar& other) const;
  Tensor floor_divide(const Tensor& other) const;
  Tensor floor_divide(const Scalar& other) const;
  Tensor& floor_divide_(const Tensor& other) const;
  Tensor& floor_divide_(const Scalar& other) const;
  Tensor multiply(const Tensor& other) const;
  Tensor multiply(const Scalar& other) const;
  Tensor& multiply_(const Tensor& other) const;
  Tensor& multiply_(const Scalar& other) const;
  Tensor subtract(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor subtract(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& subtract_(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor& subtract_(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& eq_(const Tensor& other) const;
  Tensor& eq_(const Scalar& other) const;
  Tensor& ne_(const Tensor& other) const;
  Tensor& ne_(const Scalar& other) const;
  Tensor& lt_(const Tensor& other) const;
  Tensor& lt_(const Scalar& other) const;
  Tensor& le_(const Tensor& other) const;
  Tensor& le_(const Scalar& other) const;
  Tensor& gt_(const Tensor& other) const;
  Tensor& gt_(const Scalar& other) const;
  Tensor& ge_(const Tensor& other) const;
  Tensor& ge_(const Scalar& other) const;
  Tensor greater(const Tensor& other) const;
  Tensor greater(const Scalar& other) const;
  Tensor& greater_(const Tensor& other) const;
  Tensor& greater_(const Scalar& other) const;
  Tensor greater_equal(const Tensor& other) const;
  Tensor greater_equal(const Scalar& other) const;
  Tensor& greater_equal_(const Tensor& other) const;
  Tensor& greater_equal_(const Scalar& other) const;
  Tensor less(const Tensor& other) const;
  Tensor less(const Scalar& other) const;
  Tensor& less_(const Tensor& other) const;
  Tensor& less_(const Scalar& other) const;
  Tensor less_equal(const Tensor& other) const;
  Tensor less_equal(const Scalar& other) const;
  Tensor& less_equal_(const Tensor& other) const;
  Tensor& less_equal_(const Scalar& other) const;
  Tensor not_equal(const Tensor& other) const;
  Tensor not_equal(const Scalar& other) const;
  Tensor& not_equal_(const Tensor& other) const;
  Tensor& not_equal_(const Scalar& other) const;
  Tensor float_power(const Tensor& exponent) const;
  Tensor float_power(const Scalar& exponent) const;
  Tensor& float_power_(const Tensor& exponent) const;
  Tensor& float_power_(const Scalar& exponent) const;
  Tensor& pow_(const Tensor& exponent) const;
  Tensor& pow_(const Scalar& exponent) const;
  Tensor fmax(const Tensor& other) const;
  Tensor fmin(const Tensor& other) const;
  Tensor fmod(const Tensor& other) const;
  Tensor fmod(const Scalar& other) const;
  Tensor& fmod_(const Tensor& other) const;
  Tensor& fmod_(const Scalar& other) const;
  Tensor remainder(const Tensor& other) const;
  Tensor remainder(const Scalar& other) const;
  Tensor& remainder_(const Tensor& other) const;
  Tensor& remainder_(const Scalar& other) const;
  Tensor gcd(const Tensor& other) const;
  Tensor& gcd_(const Tensor& other) const;
  Tensor lcm(const Tensor& other) const;
  Tensor& lcm_(const Tensor& other) const;
  Tensor heaviside(const Tensor& values) const;
  Tensor& heaviside_(const Tensor& values) const;
  Tensor hypot(const Tensor& other) const;
  Tensor& hypot_(const Tensor& other) const;
  Tensor ldexp(const Tensor& other) const;
  Tensor& ldexp_(const Tensor& other) const;
  Tensor lerp(const Tensor& end, const Scalar& weight) const;
  Tensor lerp(const Tensor& end, const Tensor& weight) const;
  Tensor& lerp_(const Tensor& end, const Scalar& weight) const;
  Tensor& lerp_(const Tensor& end, const Tensor& weight) const;
  Tensor logaddexp(const Tensor& other) const;
  Tensor logaddexp2(const Tensor& other) const;
  Tensor logical_and(const Tensor& other) const;
  Tensor& logical_and_(const Tensor& other) const;
  Tensor logical_or(const Tensor& other) const;
  Tensor& logical_or_(const Tensor& other) const;
  Tensor logical_xor(const Tensor& other) const;
  Tensor& logical_xor_(const Tensor& other) const;
  Tensor logical_not() const;
  Tensor& logical_not_() const;
  Tensor nextafter(const Tensor& other) const;
  Tensor& nextafter_(const Tensor& other) const;
  Tensor xlogy(const Scalar& other) const;
  Tensor& xlogy_(const Tensor& other) const;
  Tensor& xlogy_(const Scalar& other) const;
  /// Tensor bounds broadcast against self; with Scalar bounds, see clamp above.
  Tensor clamp(const std::optional<Tensor>& min, const std::optional<Tensor>& max = std::nullopt) const;
  Tensor& clamp_(const std::optional<Tensor>& min, const std::optional<Tensor>& max = std::nullopt) const;
  Tensor clamp_min(const Tensor& min) const;
  Tensor clamp_max(const Tensor& max) const;
  Tensor& clamp_min_(const Scalar& min) const;
  Tensor& clamp_min_(const Tensor& min) const;
  Tensor& clamp_max_(const Scalar& max) const;
  Tensor& clamp_max_(const Tensor& max) const;
  Tensor clip(const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt) const;
  Tensor clip(const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {}) const;
  Tensor& clip_(const std::optional<Scalar>& min, const std::optional<Scalar>& max = std::nullopt) const;
  Tensor& clip_(const std::optional<Tensor>& min = {}, const std::optional<Tensor>& max = {}) const;
  /// |self - other| <= atol + rtol * |other| elementwise (kBool); NaNs equal each other if equal_nan.
  Tensor isclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) const;

  // ---- reductions (ops/reduce.cpp) ----
  Tensor sum(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor sum(IntArrayRef dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor mean(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor mean(IntArrayRef dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor max() const;
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  Tensor argmax(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor argmin(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor all() const;
  Tensor all(int64_t dim, bool keepdim = false) const;
  Tensor any() const;
  Tensor any(int64_t dim, bool keepdim = false) const;
  Tensor norm(const Scalar& p = 2) const;
  Tensor norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim = false) const;
  Tensor var(bool unbiased = true) const;
  Tensor var(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  Tensor std(bool unbiased = true) const;
  Tensor std(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  // As libtorch: without these, var(1) and var({1}) would convert the int to `bool unbiased`.
  Tensor var(int dim) const;
  Tensor std(int dim) const;

  // ---- scans (ops/scan.cpp) ----
  Tensor cumsum(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor& cumsum_(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;

  // ---- more reductions, sorting (ops/reduce.cpp, ops/sort.cpp, ops/scan.cpp) ----
  Tensor prod(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor prod(int64_t dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor amax(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor amin(IntArrayRef dim = {}, bool keepdim = false) const;
  std::tuple<Tensor, Tensor> aminmax(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor logsumexp(IntArrayRef dim, bool keepdim = false) const;
  Tensor nansum(IntArrayRef dim = {}, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor nanmean(IntArrayRef dim = {}, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor count_nonzero(IntArrayRef dim) const;
  Tensor count_nonzero(std::optional<int64_t> dim = std::nullopt) const;
  Tensor dist(const Tensor& other, const Scalar& p = 2) const;
  Tensor trace() const;
  bool is_nonzero() const;
  Tensor diff(int64_t n = 1, int64_t dim = -1, const std::optional<Tensor>& prepend = {},
              const std::optional<Tensor>& append = {}) const;
  std::tuple<Tensor, Tensor> sort(int64_t dim = -1, bool descending = false) const;
  std::tuple<Tensor, Tensor> sort(std::optional<bool> stable, int64_t dim = -1, bool descending = false) const;
  Tensor argsort(int64_t dim = -1, bool descending = false) const;
  Tensor argsort(bool stable, int64_t dim = -1, bool descending = false) const;
  Tensor msort() const;
  std::tuple<Tensor, Tensor> topk(int64_t k, int64_t dim = -1, bool largest = true, bool sorted = true) const;
  std::tuple<Tensor, Tensor> kthvalue(int64_t k, int64_t dim = -1, bool keepdim = false) const;
  Tensor median() const;
  std::tuple<Tensor, Tensor> median(int64_t dim, bool keepdim = false) const;
  Tensor nanmedian() const;
  std::tuple<Tensor, Tensor> nanmedian(int64_t dim, bool keepdim = false) const;
  std::tuple<Tensor, Tensor> mode(int64_t dim = -1, bool keepdim = false) const;
  Tensor cumprod(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor& cumprod_(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  std::tuple<Tensor, Tensor> cummax(int64_t dim) const;
  std::tuple<Tensor, Tensor> cummin(int64_t dim) const;
  Tensor logcumsumexp(int64_t dim) const;

 private:
  unsigned register_hook_impl(std::function<Tensor(const Tensor&)> hook) const;
  std::shared_ptr<TensorImpl> impl_;
};

/// Prints the values and libtorch's footer, e.g. `[ CPUFloatType{2,2} ]`.
std::ostream& operator<<(std::ostream& out, const Tensor& t);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, const Scalar& b);
Tensor operator+(const Scalar& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Scalar& b);
Tensor operator-(const Scalar& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Scalar& b);
Tensor operator*(const Scalar& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Scalar& b);
Tensor operator/(const Scalar& a, const Tensor& b);
Tensor operator==(const Tensor& a, const Tensor& b);
Tensor operator==(const Tensor& a, const Scalar& b);
Tensor operator!=(const Tensor& a, const Tensor& b);
Tensor operator!=(const Tensor& a, const Scalar& b);
Tensor operator<(const Tensor& a, const Tensor& b);
Tensor operator<(const Tensor& a, const Scalar& b);
Tensor operator<=(const Tensor& a, const Tensor& b);
Tensor operator<=(const Tensor& a, const Scalar& b);
Tensor operator>(const Tensor& a, const Tensor& b);
Tensor operator>(const Tensor& a, const Scalar& b);
Tensor operator>=(const Tensor& a, const Tensor& b);
Tensor operator>=(const Tensor& a, const Scalar& b);

}  // namespace xgrad
