#pragma once
// Storage and TensorImpl: the data behind a Tensor handle.
//
// A TensorImpl is a strided window (dtype, sizes, strides, offset) onto a shared Storage. Views
// (view, transpose, select, expand ...) make a new TensorImpl over the same Storage, so an in-place
// change through a view reaches its base. Strides and offsets count elements, not bytes.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <xgrad/inference_mode.h>
#include <xgrad/scalar_type.h>

namespace xgrad {

/// An aligned, reference-counted buffer. The version counter lives here so that a view and its
/// base share it. See Note [Saved tensor versions] in autograd/src/node.cpp.
struct Storage {
  void* data = nullptr;
  size_t nbytes = 0;
  std::function<void(void*)> deleter;  // empty when the memory belongs to someone else (from_blob)
  uint32_t version = 0;
  /// Made inside InferenceMode: its tensors (and their views) are inference tensors.
  bool inference = InferenceMode::is_enabled();
  /// Memory xgrad allocated (Storage::allocate), which resize_ may replace by a larger block;
  /// from_blob's memory belongs to its caller and cannot grow.
  bool resizable = false;

  /// nbytes of 64-byte aligned memory, owned by the Storage; null when the memory cannot be had
  /// (the caller's error names its op and shape).
  static std::shared_ptr<Storage> allocate(size_t nbytes);
  Storage() = default;
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage();
};

struct AutogradMeta;  // xgrad/autograd/autograd_meta.h

class TensorImpl {
 public:
  TensorImpl(std::shared_ptr<Storage> storage, ScalarType dtype, std::vector<int64_t> sizes,
             std::vector<int64_t> strides, int64_t storage_offset);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  ScalarType dtype() const { return dtype_; }
  const std::vector<int64_t>& sizes() const { return sizes_; }
  const std::vector<int64_t>& strides() const { return strides_; }
  int64_t storage_offset() const { return storage_offset_; }
  int64_t numel() const { return numel_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  bool is_contiguous() const { return is_contiguous_; }
  const std::shared_ptr<Storage>& storage() const { return storage_; }
  /// Address of the first element (storage data + offset); null for a storage of no bytes, whatever
  /// the offset of an empty view into it (offsetting a null pointer is undefined behaviour).
  void* data() const {
    char* base = static_cast<char*>(storage_->data);
    return base == nullptr ? nullptr : base + storage_offset_ * static_cast<int64_t>(elementSize(dtype_));
  }
  uint32_t version() const { return storage_->version; }
  void bump_version() { ++storage_->version; }

  /// True for tensors made by a view op from a base that took part in autograd.
  bool is_view() const { return is_view_; }
  void set_is_view(bool v) { is_view_ = v; }

  /// Points this impl at other's data (storage, dtype, sizes, strides, offset), keeping its own
  /// autograd state: Tensor::set_data.
  void set_data_from(const TensorImpl& other) {
    dtype_ = other.dtype_;
    sizes_ = other.sizes_;
    strides_ = other.strides_;
    storage_offset_ = other.storage_offset_;
    numel_ = other.numel_;
    is_contiguous_ = other.is_contiguous_;
    storage_ = other.storage_;
  }

  /// The autograd state, or null for tensors that never took part in autograd.
  AutogradMeta* autograd_meta() const { return autograd_meta_.get(); }
  AutogradMeta& ensure_autograd_meta();

 private:
  ScalarType dtype_;
  std::vector<int64_t> sizes_;
  std::vector<int64_t> strides_;
  int64_t storage_offset_;
  int64_t numel_;
  bool is_contiguous_;
  bool is_view_ = false;
  std::shared_ptr<Storage> storage_;
  std::unique_ptr<AutogradMeta> autograd_meta_;
};

}  // namespace xgrad
