#pragma once
// The C++ indexing API of libtorch (torch::indexing): each Python subscript has a C++ spelling,
//   x[None, ..., 1:None:2, 0, mask, idx]  ->  x.index({None, Ellipsis, Slice(1, None, 2), 0, mask, idx})
//   x[1, :] = v                            ->  x.index_put_({1, Slice()}, v)
// Integers select, slices slice, None inserts a dim and Ellipsis stands for the dims not named (all
// views); bool and long tensors index the dims they cover (advanced indexing, a copy), their
// indices broadcast together as in NumPy. Tensor::index and Tensor::index_put_ are in ops/indexing.cpp.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>

#include <xgrad/tensor.h>

namespace xgrad {
namespace indexing {

/// `None` in a subscript: a new dim of size 1 (unsqueeze).
constexpr std::nullopt_t None = std::nullopt;

struct EllipsisIndexType final {
  EllipsisIndexType() = default;
};
/// `...` in a subscript: as many full slices as the dims not otherwise indexed.
constexpr EllipsisIndexType Ellipsis = EllipsisIndexType();

/// `start:stop:step`: each bound optional as in Python; the defaults take the whole dim.
class Slice final {
 public:
  Slice(std::optional<int64_t> start = std::nullopt, std::optional<int64_t> stop = std::nullopt,
        std::optional<int64_t> step = std::nullopt);
  int64_t start() const { return start_; }
  int64_t stop() const { return stop_; }
  int64_t step() const { return step_; }

 private:
  int64_t start_, stop_, step_;
};

std::ostream& operator<<(std::ostream& stream, const Slice& slice);

enum class TensorIndexType { None, Ellipsis, Integer, Boolean, Slice, Tensor };

/// One entry of a subscript: None, Ellipsis ("..."), an integer, a bool, a Slice or a Tensor.
class TensorIndex final {
 public:
  TensorIndex(std::nullopt_t) : type_(TensorIndexType::None) {}
  TensorIndex(EllipsisIndexType) : type_(TensorIndexType::Ellipsis) {}
  /// "..." (the only string libtorch accepts).
  TensorIndex(const char* str);
  template <typename T, typename = std::enable_if_t<std::is_integral<T>::value && !std::is_same<T, bool>::value>>
  TensorIndex(T integer) : integer_(static_cast<int64_t>(integer)), type_(TensorIndexType::Integer) {}
  TensorIndex(bool boolean) : boolean_(boolean), type_(TensorIndexType::Boolean) {}
  TensorIndex(Slice slice) : slice_(slice), type_(TensorIndexType::Slice) {}
  TensorIndex(Tensor tensor) : tensor_(std::move(tensor)), type_(TensorIndexType::Tensor) {}

  bool is_none() const { return type_ == TensorIndexType::None; }
  bool is_ellipsis() const { return type_ == TensorIndexType::Ellipsis; }
  bool is_integer() const { return type_ == TensorIndexType::Integer; }
  int64_t integer() const { return integer_; }
  bool is_boolean() const { return type_ == TensorIndexType::Boolean; }
  bool boolean() const { return boolean_; }
  bool is_slice() const { return type_ == TensorIndexType::Slice; }
  const Slice& slice() const { return slice_; }
  bool is_tensor() const { return type_ == TensorIndexType::Tensor; }
  const Tensor& tensor() const { return tensor_; }

 private:
  int64_t integer_ = 0;
  bool boolean_ = false;
  Slice slice_;
  Tensor tensor_;
  TensorIndexType type_;
};

std::ostream& operator<<(std::ostream& stream, const TensorIndex& index);

}  // namespace indexing
}  // namespace xgrad
