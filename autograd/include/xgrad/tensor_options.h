#pragma once
// TensorOptions: what a factory makes (dtype, requires_grad), with libtorch's chained setters.
#include <xgrad/scalar_type.h>

namespace xgrad {

class TensorOptions {
 public:
  TensorOptions() = default;
  /// Implicit, as in libtorch: `xgrad::zeros({2}, xgrad::kFloat64)`.
  TensorOptions(ScalarType dtype) : dtype_(dtype), has_dtype_(true) {}

  TensorOptions dtype(ScalarType d) const {
    TensorOptions o = *this;
    o.dtype_ = d;
    o.has_dtype_ = true;
    return o;
  }
  TensorOptions requires_grad(bool r) const { TensorOptions o = *this; o.requires_grad_ = r; return o; }

  /// The dtype asked for, or the default kFloat when none was.
  ScalarType dtype() const { return dtype_; }
  bool has_dtype() const { return has_dtype_; }
  bool requires_grad() const { return requires_grad_; }

 private:
  ScalarType dtype_ = kFloat;
  bool has_dtype_ = false;
  bool requires_grad_ = false;
};

inline TensorOptions dtype(ScalarType d) { return TensorOptions().dtype(d); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }

}  // namespace xgrad
