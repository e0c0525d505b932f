#pragma once
// xgrad::Tensor: a cheap shared handle to a TensorImpl, with libtorch's methods.
//
// Copying a Tensor copies the handle, not the data (as in libtorch). Every method that is an op
// (add, sum, view, ...) is defined in the op family's file under autograd/src/ops/, beside its
// backward; the declarations are gathered here and in xgrad/functions.h.
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
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

  // ---- splitting (ops/join.cpp) ----
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> split(IntArrayRef split_size, int64_t dim = 0) const;
  std::vector<Tensor> split_with_sizes(IntArrayRef split_sizes, int64_t dim = 0) const;
  std::vector<Tensor> unbind(int64_t dim = 0) const;

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
