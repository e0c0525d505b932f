#pragma once
// TensorOptions: what a factory makes (dtype, device, layout, memory format, requires_grad), with
// libtorch's chained setters.
#include <optional>

#include <xgrad/device.h>
#include <xgrad/layout.h>
#include <xgrad/scalar_type.h>

namespace xgrad {

class TensorOptions {
 public:
  TensorOptions() = default;
  /// Implicit, as in libtorch: `xgrad::zeros({2}, xgrad::kFloat64)`.
  TensorOptions(ScalarType dtype) : dtype_(dtype), has_dtype_(true) {}
  /// Implicit, as in libtorch: `xgrad::zeros({2}, device)`. Only the CPU is accepted (else an Error).
  TensorOptions(Device device) { detail::check_cpu_device(device, "TensorOptions"); }
  TensorOptions(DeviceType type) : TensorOptions(Device(type)) {}
  /// Implicit, as in libtorch; only kStrided exists in xgrad (else an Error).
  TensorOptions(Layout layout) { check_layout(layout); }
  TensorOptions(MemoryFormat format) : memory_format_(format) {}

  TensorOptions dtype(ScalarType d) const {
    TensorOptions o = *this;
    o.dtype_ = d;
    o.has_dtype_ = true;
    return o;
  }
  TensorOptions requires_grad(bool r) const { TensorOptions o = *this; o.requires_grad_ = r; return o; }
  TensorOptions device(Device d) const {
    detail::check_cpu_device(d, "TensorOptions::device");
    return *this;
  }

  TensorOptions layout(Layout l) const {
    check_layout(l);
    return *this;
  }
  TensorOptions memory_format(std::optional<MemoryFormat> f) const {
    TensorOptions o = *this;
    o.memory_format_ = f;
    return o;
  }

  /// The dtype asked for, or the default kFloat when none was.
  ScalarType dtype() const { return dtype_; }
  bool has_dtype() const { return has_dtype_; }
  bool requires_grad() const { return requires_grad_; }
  Device device() const { return kCPU; }
  Layout layout() const { return kStrided; }
  std::optional<MemoryFormat> memory_format_opt() const { return memory_format_; }

 private:
  static void check_layout(Layout l);
  ScalarType dtype_ = kFloat;
  bool has_dtype_ = false;
  bool requires_grad_ = false;
  std::optional<MemoryFormat> memory_format_;
};

inline TensorOptions dtype(ScalarType d) { return TensorOptions().dtype(d); }
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
inline TensorOptions layout(Layout l) { return TensorOptions().layout(l); }
inline TensorOptions memory_format(MemoryFormat f) { return TensorOptions().memory_format(f); }

}  // namespace xgrad
