#pragma once
// Enum-like option values as libtorch spells them: `xgrad::kMean`, `xgrad::kFanIn`, `xgrad::kReLU`.
// Each is its own empty type, so an option can be a std::variant of exactly the values it accepts
// (a loss's reduction is std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>), and a
// wrong value is a compile error, not a runtime surprise.
#include <string>
#include <variant>

#include <xgrad/functions.h>

#define XGRAD_ENUM_DECLARE(name)                                     \
  namespace enumtype {                                               \
  struct k##name {                                                   \
    /* user-provided, so that `const k##name x;` compiles, as in libtorch */ \
    k##name() {}                                                     \
  };                                                                 \
  }                                                                  \
  inline const enumtype::k##name k##name;

namespace xgrad {

XGRAD_ENUM_DECLARE(Linear)
XGRAD_ENUM_DECLARE(Conv1D)
XGRAD_ENUM_DECLARE(Conv2D)
XGRAD_ENUM_DECLARE(Conv3D)
XGRAD_ENUM_DECLARE(ConvTranspose1D)
XGRAD_ENUM_DECLARE(ConvTranspose2D)
XGRAD_ENUM_DECLARE(ConvTranspose3D)
XGRAD_ENUM_DECLARE(Sigmoid)
XGRAD_ENUM_DECLARE(Tanh)
XGRAD_ENUM_DECLARE(ReLU)
XGRAD_ENUM_DECLARE(GELU)
XGRAD_ENUM_DECLARE(SiLU)
XGRAD_ENUM_DECLARE(LeakyReLU)
XGRAD_ENUM_DECLARE(FanIn)
XGRAD_ENUM_DECLARE(FanOut)
XGRAD_ENUM_DECLARE(Constant)
XGRAD_ENUM_DECLARE(Reflect)
XGRAD_ENUM_DECLARE(Replicate)
XGRAD_ENUM_DECLARE(Circular)
XGRAD_ENUM_DECLARE(Sum)
XGRAD_ENUM_DECLARE(Mean)
XGRAD_ENUM_DECLARE(Max)
XGRAD_ENUM_DECLARE(None)
XGRAD_ENUM_DECLARE(BatchMean)
XGRAD_ENUM_DECLARE(Zeros)
XGRAD_ENUM_DECLARE(Valid)
XGRAD_ENUM_DECLARE(Same)

namespace enumtype {
/// "kMean" for enumtype::kMean{}: how option values appear in pretty_print and error messages.
struct EnumName {
#define XGRAD_ENUM_NAME(name) \
  std::string operator()(const k##name&) const { return "k" #name; }
  XGRAD_ENUM_NAME(Linear) XGRAD_ENUM_NAME(Conv1D) XGRAD_ENUM_NAME(Conv2D) XGRAD_ENUM_NAME(Conv3D)
  XGRAD_ENUM_NAME(ConvTranspose1D) XGRAD_ENUM_NAME(ConvTranspose2D) XGRAD_ENUM_NAME(ConvTranspose3D)
  XGRAD_ENUM_NAME(Sigmoid) XGRAD_ENUM_NAME(Tanh) XGRAD_ENUM_NAME(ReLU) XGRAD_ENUM_NAME(GELU)
  XGRAD_ENUM_NAME(SiLU) XGRAD_ENUM_NAME(LeakyReLU) XGRAD_ENUM_NAME(FanIn) XGRAD_ENUM_NAME(FanOut)
  XGRAD_ENUM_NAME(Constant) XGRAD_ENUM_NAME(Reflect) XGRAD_ENUM_NAME(Replicate)
  XGRAD_ENUM_NAME(Circular) XGRAD_ENUM_NAME(Sum) XGRAD_ENUM_NAME(Mean) XGRAD_ENUM_NAME(Max)
  XGRAD_ENUM_NAME(None) XGRAD_ENUM_NAME(BatchMean) XGRAD_ENUM_NAME(Zeros) XGRAD_ENUM_NAME(Valid)
  XGRAD_ENUM_NAME(Same)
#undef XGRAD_ENUM_NAME
};
}  // namespace enumtype

template <typename Variant>
std::string get_enum_name(const Variant& value) {
  return std::visit(enumtype::EnumName{}, value);
}

/// A loss option's reduction as the int the ops in functions.h take (Reduction::Mean ...).
template <typename Variant>
int64_t reduction_get_enum(const Variant& value) {
  if (std::holds_alternative<enumtype::kNone>(value)) return Reduction::None;
  if (std::holds_alternative<enumtype::kSum>(value)) return Reduction::Sum;
  return Reduction::Mean;
}

}  // namespace xgrad
