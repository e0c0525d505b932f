#include <xgrad/tensor_impl.h>

#include <cstdlib>

#include <xgrad/autograd/autograd_meta.h>
#include <xgrad/internal/size_math.h>

namespace xgrad {

std::shared_ptr<Storage> Storage::allocate(size_t nbytes) {
  auto storage = std::make_shared<Storage>();
  // aligned_alloc wants a multiple of the alignment; 64 bytes suits AVX-512 loads and cache lines.
  // nbytes is at most INT64_MAX (checked_nbytes), so the rounding cannot wrap.
  const size_t rounded = (nbytes + 63) / 64 * 64;
  if (rounded > 0) {
    storage->data = std::aligned_alloc(64, rounded);
    if (storage->data == nullptr) return nullptr;
    storage->deleter = [](void* p) { std::free(p); };
  }
  storage->nbytes = nbytes;
  storage->resizable = true;
  return storage;
}

Storage::~Storage() {
  if (deleter && data) deleter(data);
}

TensorImpl::TensorImpl(std::shared_ptr<Storage> storage, ScalarType dtype, std::vector<int64_t> sizes,
                       std::vector<int64_t> strides, int64_t storage_offset)
    : dtype_(dtype),
      sizes_(std::move(sizes)),
      strides_(std::move(strides)),
      storage_offset_(storage_offset),
      storage_(std::move(storage)) {
  // The ops check their new shapes first, naming themselves; this keeps the invariant of
  // size_math.h for any path that did not.
  numel_ = detail::checked_numel(sizes_, dtype_, "TensorImpl");
  // Contiguous means row-major with no gaps; size-1 dims may have any stride.
  is_contiguous_ = true;
  int64_t expected = 1;
  for (size_t d = sizes_.size(); d-- > 0;) {
    if (sizes_[d] == 1) continue;
    if (strides_[d] != expected) {
      is_contiguous_ = false;
      break;
    }
    expected *= sizes_[d];
  }
  if (numel_ == 0) is_contiguous_ = true;
}

TensorImpl::~TensorImpl() = default;

AutogradMeta& TensorImpl::ensure_autograd_meta() {
  if (!autograd_meta_) autograd_meta_ = std::make_unique<AutogradMeta>();
  return *autograd_meta_;
}

}  // namespace xgrad
