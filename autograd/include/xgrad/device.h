#pragma once
// Device: libtorch's c10::Device for a library that computes on the CPU only. Programs written for
// libtorch name devices (`torch::Device device(torch::kCUDA)` after `torch::cuda::is_available()`),
// so the type exists and a CUDA device can be named, printed and compared; using one (for a tensor or
// a module) is an xgrad::Error.
#include <cstdint>
#include <ostream>
#include <string>

namespace xgrad {

enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };  // c10's numbering
constexpr DeviceType kCPU = DeviceType::CPU;
constexpr DeviceType kCUDA = DeviceType::CUDA;
using DeviceIndex = int8_t;

class Device {
 public:
  /// Implicit, as libtorch's: `Device device = kCPU;`. index -1 means "the current one".
  Device(DeviceType type, DeviceIndex index = -1);
  /// "cpu", "cuda", "cuda:1"; anything else is an Error.
  Device(const std::string& device_string);
  Device(const char* device_string) : Device(std::string(device_string)) {}

  DeviceType type() const noexcept { return type_; }
  DeviceIndex index() const noexcept { return index_; }
  bool has_index() const noexcept { return index_ != -1; }
  bool is_cpu() const noexcept { return type_ == kCPU; }
  bool is_cuda() const noexcept { return type_ == kCUDA; }
  /// "cpu", "cuda:0".
  std::string str() const;

  bool operator==(const Device& other) const noexcept { return type_ == other.type_ && index_ == other.index_; }
  bool operator!=(const Device& other) const noexcept { return !(*this == other); }

 private:
  DeviceType type_;
  DeviceIndex index_;
};

std::ostream& operator<<(std::ostream& out, const Device& device);
std::ostream& operator<<(std::ostream& out, DeviceType type);

namespace detail {
/// Throws an Error naming op unless device is the CPU.
void check_cpu_device(const Device& device, const char* op);
}  // namespace detail

}  // namespace xgrad
