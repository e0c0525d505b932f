// Device: naming, parsing and the CPU-only check.
#include <xgrad/device.h>
#include <xgrad/internal/check.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace xgrad {

Device::Device(DeviceType type, DeviceIndex index) : type_(type), index_(index) {
  XGRAD_CHECK(index >= -1, "Device: the index must be -1 (current) or non-negative, got {}", index);
  XGRAD_CHECK(type == kCUDA || index <= 0, "Device: the CPU device index must be -1 or 0, got {}", index);
}

namespace {

Device parse_device(const std::string& s) {
  const size_t colon = s.find(':');
  const std::string name = s.substr(0, colon);
  DeviceType type;
  if (name == "cpu") {
    type = kCPU;
  } else if (name == "cuda") {
    type = kCUDA;
  } else {
    throw Error(fmt::format("Device: expected a device string such as 'cpu', 'cuda' or 'cuda:1', got '{}'", s));
  }
  if (colon == std::string::npos) return Device(type);
  const std::string digits = s.substr(colon + 1);
  const bool all_digits = !digits.empty() && digits.size() <= 3 &&
                          std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); });
  XGRAD_CHECK(all_digits && std::stoi(digits) <= std::numeric_limits<DeviceIndex>::max(),
              "Device: invalid device index in '{}'", s);
  return Device(type, static_cast<DeviceIndex>(std::stoi(digits)));
}

}  // namespace

Device::Device(const std::string& device_string) : Device(parse_device(device_string)) {}

std::string Device::str() const {
  std::string s = is_cpu() ? "cpu" : "cuda";
  if (has_index()) s += ":" + std::to_string(index_);
  return s;
}

std::ostream& operator<<(std::ostream& out, const Device& device) { return out << device.str(); }

std::ostream& operator<<(std::ostream& out, DeviceType type) { return out << (type == kCPU ? "cpu" : "cuda"); }

namespace detail {

void check_cpu_device(const Device& device, const char* op) {
  XGRAD_CHECK(device.is_cpu(), "{}: xgrad computes on the CPU only; device '{}' is not available", op, device.str());
}

}  // namespace detail

}  // namespace xgrad
