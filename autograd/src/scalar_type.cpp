#include <xgrad/scalar_type.h>

namespace xgrad {

const char* toString(ScalarType t) {
  switch (t) {
    case kFloat: return "Float";
    case kDouble: return "Double";
    case kLong: return "Long";
    case kByte: return "Byte";
    case kBool: return "Bool";
  }
  return "Undefined";
}

size_t elementSize(ScalarType t) {
  switch (t) {
    case kFloat: return sizeof(float);
    case kDouble: return sizeof(double);
    case kLong: return sizeof(int64_t);
    case kByte: return sizeof(uint8_t);
    case kBool: return sizeof(bool);
  }
  return 1;
}

std::ostream& operator<<(std::ostream& out, ScalarType t) { return out << toString(t); }

std::ostream& operator<<(std::ostream& out, const Scalar& s) {
  if (s.isFloatingPoint()) return out << s.toDouble();
  if (s.isBoolean()) return out << (s.toBool() ? "true" : "false");
  return out << s.toLong();
}

}  // namespace xgrad
