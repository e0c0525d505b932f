// Tensor's metadata and autograd methods. The op methods live with their ops in ops/*.cpp.
#include <xgrad/tensor.h>

#include <atomic>
#include <cstring>
#include <iostream>

#include <xgrad/autograd/autograd.h>
#include <xgrad/autograd/autograd_meta.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

#include "graph.h"
#include "memory_format.h"

namespace xgrad {

namespace {
const Tensor& undefined_tensor() {
  static const Tensor undefined;
  return undefined;
}
const std::shared_ptr<autograd::Node>& null_node() {
  static const std::shared_ptr<autograd::Node> none;
  return none;
}
TensorImpl& checked(const std::shared_ptr<TensorImpl>& impl, const char* what) {
  XGRAD_CHECK(impl != nullptr, "{}: the tensor is undefined (default-constructed)", what);
  return *impl;
}
}  // namespace

IntArrayRef Tensor::sizes() const { return checked(impl_, "sizes").sizes(); }
IntArrayRef Tensor::strides() const { return checked(impl_, "strides").strides(); }
int64_t Tensor::size(int64_t dim) const {
  TensorImpl& impl = checked(impl_, "size");
  XGRAD_CHECK(impl.dim() > 0, "size: a 0-dim tensor has no dimension {}", dim);
  return impl.sizes()[static_cast<size_t>(detail::wrap_dim(dim, impl.dim(), "size"))];
}
int64_t Tensor::stride(int64_t dim) const {
  TensorImpl& impl = checked(impl_, "stride");
  XGRAD_CHECK(impl.dim() > 0, "stride: a 0-dim tensor has no dimension {}", dim);
  return impl.strides()[static_cast<size_t>(detail::wrap_dim(dim, impl.dim(), "stride"))];
}
int64_t Tensor::dim() const { return checked(impl_, "dim").dim(); }
int64_t Tensor::numel() const { return checked(impl_, "numel").numel(); }
ScalarType Tensor::scalar_type() const { return checked(impl_, "scalar_type").dtype(); }
TensorOptions Tensor::options() const { return TensorOptions(scalar_type()); }
int64_t Tensor::storage_offset() const { return checked(impl_, "storage_offset").storage_offset(); }
bool Tensor::is_floating_point() const { return isFloatingType(scalar_type()); }
size_t Tensor::element_size() const { return elementSize(scalar_type()); }
size_t Tensor::nbytes() const { return static_cast<size_t>(numel()) * element_size(); }
bool Tensor::is_signed() const {
  const ScalarType t = scalar_type();
  return t != kByte && t != kBool;
}
bool Tensor::is_same_size(const Tensor& other) const { return sizes().equals(other.sizes()); }
bool Tensor::is_inference() const { return checked(impl_, "is_inference").storage()->inference; }
Tensor Tensor::type_as(const Tensor& other) const { return to(other.scalar_type()); }
const Tensor& Tensor::resize_(IntArrayRef size, std::optional<MemoryFormat> memory_format) const {
  TensorImpl& impl = checked(impl_, "resize_");
  XGRAD_CHECK(!requires_grad(), "cannot resize variables that require grad");
  const MemoryFormat format = memory_format.value_or(MemoryFormat::Contiguous);
  XGRAD_CHECK(format != MemoryFormat::Preserve, "resize_: unsupported memory format Preserve");
  std::vector<int64_t> strides = detail::format_strides(size, format, "resize_");
  const size_t needed = detail::checked_storage_nbytes(size, strides, impl.storage_offset(), impl.dtype(), "resize_");
  Storage& storage = *impl.storage();
  if (needed > storage.nbytes) {
    // Grow the storage itself, so that views of it see the new memory too (as libtorch's).
    XGRAD_CHECK(storage.resizable, "Trying to resize storage that is not resizable");
    auto grown = Storage::allocate(needed);
    XGRAD_CHECK(grown, "resize_: out of memory allocating {} bytes for shape {}", needed, detail::shape_str(size));
    if (storage.nbytes > 0) std::memcpy(grown->data, storage.data, storage.nbytes);
    std::swap(storage.data, grown->data);
    std::swap(storage.deleter, grown->deleter);
    std::swap(storage.nbytes, grown->nbytes);
  }
  TensorImpl resized(impl.storage(), impl.dtype(), size.vec(), std::move(strides), impl.storage_offset());
  impl.set_data_from(resized);
  impl.bump_version();
  return *this;
}

const Tensor& Tensor::resize_as_(const Tensor& the_template, std::optional<MemoryFormat> memory_format) const {
  XGRAD_CHECK(the_template.defined(), "resize_as_: the template tensor is undefined");
  return resize_(the_template.sizes(), memory_format);
}

// libtorch's print(): the type and sizes (not the values) on stderr, e.g. "[CPUFloatType [2, 3]]".
void Tensor::print() const {
  if (defined()) {
    std::cerr << "[" << toString() << " " << detail::shape_str(sizes()) << "]" << std::endl;
  } else {
    std::cerr << "[UndefinedTensor]" << std::endl;
  }
}
std::string Tensor::toString() const {
  if (!impl_) return "UndefinedType";
  return std::string("CPU") + xgrad::toString(scalar_type()) + "Type";
}

void* Tensor::data_ptr() const { return checked(impl_, "data_ptr").data(); }

template <typename T>
T* Tensor::data_ptr() const {
  TensorImpl& impl = checked(impl_, "data_ptr");
  XGRAD_CHECK(impl.dtype() == CppTypeToScalarType<T>::value,
              "data_ptr: expected scalar type {} but found {}", xgrad::toString(CppTypeToScalarType<T>::value),
              xgrad::toString(impl.dtype()));
  return static_cast<T*>(impl.data());
}
template float* Tensor::data_ptr<float>() const;
template double* Tensor::data_ptr<double>() const;
template int64_t* Tensor::data_ptr<int64_t>() const;
template uint8_t* Tensor::data_ptr<uint8_t>() const;
template bool* Tensor::data_ptr<bool>() const;

Scalar Tensor::item() const {
  TensorImpl& impl = checked(impl_, "item");
  XGRAD_CHECK(impl.numel() == 1, "item: a Tensor with {} elements cannot be converted to Scalar (shape {})",
              impl.numel(), detail::shape_str(impl.sizes()));
  const void* p = impl.data();
  switch (impl.dtype()) {
    case kFloat: return Scalar(*static_cast<const float*>(p));
    case kDouble: return Scalar(*static_cast<const double*>(p));
    case kLong: return Scalar(*static_cast<const int64_t*>(p));
    case kByte: return Scalar(static_cast<int64_t>(*static_cast<const uint8_t*>(p)));
    case kBool: return Scalar(*static_cast<const bool*>(p));
  }
  throw Error("item: unknown dtype");
}

// ---- autograd ----

bool Tensor::requires_grad() const {
  const AutogradMeta* meta = checked(impl_, "requires_grad").autograd_meta();
  return meta && (meta->requires_grad || meta->grad_fn);
}

Tensor& Tensor::requires_grad_(bool requires_grad) const {
  TensorImpl& impl = checked(impl_, "requires_grad_");
  AutogradMeta* meta = impl.autograd_meta();
  if (meta && meta->grad_fn) {
    XGRAD_CHECK(requires_grad,
                "requires_grad_: you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use var_no_grad = "
                "var.detach().");
    return const_cast<Tensor&>(*this);
  }
  XGRAD_CHECK(!requires_grad || isFloatingType(impl.dtype()),
              "requires_grad_: only Tensors of floating point dtype can require gradients (got {})",
              xgrad::toString(impl.dtype()));
  if (requires_grad || meta) impl.ensure_autograd_meta().requires_grad = requires_grad;
  return const_cast<Tensor&>(*this);
}

const Tensor& Tensor::grad() const {
  const AutogradMeta* meta = checked(impl_, "grad").autograd_meta();
  return meta ? meta->grad : undefined_tensor();
}

Tensor& Tensor::mutable_grad() const { return checked(impl_, "mutable_grad").ensure_autograd_meta().grad; }

const std::shared_ptr<autograd::Node>& Tensor::grad_fn() const {
  const AutogradMeta* meta = checked(impl_, "grad_fn").autograd_meta();
  return meta ? meta->grad_fn : null_node();
}

bool Tensor::is_leaf() const { return grad_fn() == nullptr; }

uint32_t Tensor::output_nr() const {
  const AutogradMeta* meta = checked(impl_, "output_nr").autograd_meta();
  return meta ? meta->output_nr : 0;
}

uint32_t Tensor::_version() const { return checked(impl_, "_version").version(); }

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph,
                      std::optional<std::vector<Tensor>> inputs) const {
  checked(impl_, "backward");
  autograd::backward({*this}, {gradient}, retain_graph, create_graph, inputs.value_or(std::vector<Tensor>{}));
}

Tensor Tensor::detach() const {
  TensorImpl& impl = checked(impl_, "detach");
  // Same storage (so the same version counter), no autograd state.
  return Tensor(std::make_shared<TensorImpl>(impl.storage(), impl.dtype(), impl.sizes(), impl.strides(),
                                             impl.storage_offset()));
}

Tensor& Tensor::detach_() const {
  TensorImpl& impl = checked(impl_, "detach_");
  if (AutogradMeta* meta = impl.autograd_meta()) {
    meta->grad_fn.reset();
    meta->output_nr = 0;
    meta->requires_grad = false;
  }
  return const_cast<Tensor&>(*this);
}

void Tensor::set_data(const Tensor& new_data) const {
  TensorImpl& impl = checked(impl_, "set_data");
  XGRAD_CHECK(new_data.defined(), "set_data: new_data is undefined");
  XGRAD_CHECK(!requires_grad() || isFloatingType(new_data.scalar_type()),
              "set_data: a tensor that requires grad cannot take data of dtype {} (only floating point)",
              xgrad::toString(new_data.scalar_type()));
  impl.set_data_from(*new_data.impl());
}

void Tensor::retain_grad() const {
  XGRAD_CHECK(requires_grad(), "retain_grad: can't retain_grad on Tensor that has requires_grad=False");
  if (is_leaf()) return;  // leaves keep their grad anyway
  AutogradMeta& meta = impl_->ensure_autograd_meta();
  if (meta.retains_grad) return;
  meta.retains_grad = true;
  // The hook holds the tensor weakly: the tensor owns its grad_fn, which owns the hook.
  std::weak_ptr<TensorImpl> weak = impl_;
  meta.grad_fn->add_pre_hook(
      meta.output_nr,
      [weak](const Tensor& g) {
        if (auto impl = weak.lock()) {
          Tensor& grad = impl->ensure_autograd_meta().grad;
          grad = grad.defined() ? grad + g.detach() : g.detach().clone();
        }
        return Tensor();
      },
      /*retains_grad=*/true);
}

bool Tensor::retains_grad() const {
  const AutogradMeta* meta = checked(impl_, "retains_grad").autograd_meta();
  return meta && meta->retains_grad;
}

unsigned Tensor::register_hook_impl(std::function<Tensor(const Tensor&)> hook) const {
  XGRAD_CHECK(requires_grad(), "register_hook: cannot register a hook on a tensor that doesn't require gradient");
  AutogradMeta& meta = impl_->ensure_autograd_meta();
  if (meta.grad_fn) return meta.grad_fn->add_pre_hook(meta.output_nr, std::move(hook));
  // A leaf's hooks live on the tensor; its AccumulateGrad runs them.
  static std::atomic<unsigned> next_leaf_handle{1u << 30};
  unsigned handle = next_leaf_handle++;
  meta.hooks.emplace_back(handle, std::move(hook));
  return handle;
}

void Tensor::remove_hook(unsigned handle) const {
  AutogradMeta* meta = checked(impl_, "remove_hook").autograd_meta();
  if (!meta) return;
  if (meta->grad_fn) meta->grad_fn->remove_pre_hook(handle);
  auto& hooks = meta->hooks;
  for (auto it = hooks.begin(); it != hooks.end(); ++it) {
    if (it->first == handle) {
      hooks.erase(it);
      return;
    }
  }
}

}  // namespace xgrad
