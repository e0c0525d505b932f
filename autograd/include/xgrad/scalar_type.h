#pragma once
// ScalarType (the dtype) and Scalar (a number of any dtype), as c10's.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <type_traits>

namespace xgrad {

/// The element types a Tensor can hold; the numbering is c10's.
enum class ScalarType : int8_t { Byte = 0, Long = 4, Float = 6, Double = 7, Bool = 11 };
using Dtype = ScalarType;

constexpr ScalarType kUInt8 = ScalarType::Byte;
constexpr ScalarType kByte = ScalarType::Byte;
constexpr ScalarType kInt64 = ScalarType::Long;
constexpr ScalarType kLong = ScalarType::Long;
constexpr ScalarType kFloat32 = ScalarType::Float;
constexpr ScalarType kFloat = ScalarType::Float;
constexpr ScalarType kFloat64 = ScalarType::Double;
constexpr ScalarType kDouble = ScalarType::Double;
constexpr ScalarType kBool = ScalarType::Bool;

/// "Float", "Double", "Long", "Byte", "Bool" (libtorch's names).
const char* toString(ScalarType t);
size_t elementSize(ScalarType t);
inline bool isFloatingType(ScalarType t) { return t == kFloat || t == kDouble; }
inline bool isIntegralType(ScalarType t, bool includeBool) {
  return t == kLong || t == kByte || (includeBool && t == kBool);
}
std::ostream& operator<<(std::ostream& out, ScalarType t);

/// The ScalarType of a C++ element type: CppTypeToScalarType<float>::value == kFloat.
template <typename T> struct CppTypeToScalarType;
template <> struct CppTypeToScalarType<float> { static constexpr ScalarType value = kFloat; };
template <> struct CppTypeToScalarType<double> { static constexpr ScalarType value = kDouble; };
template <> struct CppTypeToScalarType<int64_t> { static constexpr ScalarType value = kLong; };
template <> struct CppTypeToScalarType<uint8_t> { static constexpr ScalarType value = kByte; };
template <> struct CppTypeToScalarType<bool> { static constexpr ScalarType value = kBool; };

/// A number that remembers whether it was floating, integral or boolean (c10::Scalar).
class Scalar {
 public:
  Scalar() : Scalar(int64_t(0)) {}
  template <typename T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
  Scalar(T v) : tag_(Tag::Double) { v_.d = static_cast<double>(v); }
  template <typename T, std::enable_if_t<std::is_integral<T>::value && !std::is_same<T, bool>::value, int> = 0>
  Scalar(T v) : tag_(Tag::Long) { v_.i = static_cast<int64_t>(v); }
  template <typename T, std::enable_if_t<std::is_same<T, bool>::value, int> = 0>
  Scalar(T v) : tag_(Tag::Bool) { v_.i = v ? 1 : 0; }

  bool isFloatingPoint() const { return tag_ == Tag::Double; }
  bool isIntegral(bool includeBool) const { return tag_ == Tag::Long || (includeBool && tag_ == Tag::Bool); }
  bool isBoolean() const { return tag_ == Tag::Bool; }

  double toDouble() const { return tag_ == Tag::Double ? v_.d : static_cast<double>(v_.i); }
  float toFloat() const { return static_cast<float>(toDouble()); }
  int64_t toLong() const { return tag_ == Tag::Double ? static_cast<int64_t>(v_.d) : v_.i; }
  int toInt() const { return static_cast<int>(toLong()); }
  bool toBool() const { return tag_ == Tag::Double ? v_.d != 0 : v_.i != 0; }
  template <typename T> T to() const;

  /// The dtype a tensor made from this value gets: Double, Long or Bool.
  ScalarType type() const { return tag_ == Tag::Double ? kDouble : tag_ == Tag::Long ? kLong : kBool; }
  Scalar operator-() const { return isFloatingPoint() ? Scalar(-v_.d) : Scalar(-v_.i); }

 private:
  enum class Tag : uint8_t { Double, Long, Bool };
  Tag tag_;
  union { double d; int64_t i; } v_;
};

template <> inline float Scalar::to<float>() const { return toFloat(); }
template <> inline double Scalar::to<double>() const { return toDouble(); }
template <> inline int64_t Scalar::to<int64_t>() const { return toLong(); }
template <> inline int Scalar::to<int>() const { return toInt(); }
template <> inline uint8_t Scalar::to<uint8_t>() const { return static_cast<uint8_t>(toLong()); }
template <> inline bool Scalar::to<bool>() const { return toBool(); }

std::ostream& operator<<(std::ostream& out, const Scalar& s);

}  // namespace xgrad
