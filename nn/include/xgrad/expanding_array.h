#pragma once
// ExpandingArray<D>: D integers given as one value for every dim or as a list of exactly D, as
// libtorch's: Conv2dOptions(1, 6, 5) and Conv2dOptions(1, 6, {5, 3}) both work.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <xgrad/array_ref.h>
#include <xgrad/error.h>

namespace xgrad {

template <size_t D, typename T = int64_t>
class ExpandingArray {
 public:
  /*implicit*/ ExpandingArray(T single) { values_.fill(single); }
  /*implicit*/ ExpandingArray(std::initializer_list<T> list) : ExpandingArray(ArrayRef<T>(list)) {}
  /*implicit*/ ExpandingArray(const std::vector<T>& list) : ExpandingArray(ArrayRef<T>(list)) {}
  /*implicit*/ ExpandingArray(ArrayRef<T> list) {
    if (list.size() != D)
      throw Error("ExpandingArray: expected " + std::to_string(D) + " values, got " + std::to_string(list.size()));
    for (size_t i = 0; i < D; ++i) values_[i] = list[i];
  }
  /*implicit*/ ExpandingArray(const std::array<T, D>& values) : values_(values) {}

  std::array<T, D>& operator*() { return values_; }
  const std::array<T, D>& operator*() const { return values_; }
  std::array<T, D>* operator->() { return &values_; }
  const std::array<T, D>* operator->() const { return &values_; }
  /*implicit*/ operator ArrayRef<T>() const { return ArrayRef<T>(values_); }
  size_t size() const noexcept { return D; }
  T& operator[](size_t i) { return values_[i]; }
  const T& operator[](size_t i) const { return values_[i]; }

 private:
  std::array<T, D> values_;
};

/// Prints `[5, 5]`, as libtorch does in pretty_print.
template <size_t D, typename T>
std::ostream& operator<<(std::ostream& out, const ExpandingArray<D, T>& array) {
  return out << ArrayRef<T>(*array);
}

/// ExpandingArray whose values may be "keep the input's size" (AdaptiveAvgPool2dOptions({7, std::nullopt})).
template <size_t D, typename T = int64_t>
using ExpandingArrayWithOptionalElem = ExpandingArray<D, std::optional<T>>;

}  // namespace xgrad
