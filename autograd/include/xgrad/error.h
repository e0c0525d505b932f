#pragma once
// xgrad::Error: the one exception type every xgrad failure throws.
#include <stdexcept>
#include <string>

namespace xgrad {

/// Thrown for every failure: bad shapes, wrong dtypes, out-of-range dims, graph misuse, bad files.
/// The message names the op and the shapes or values involved.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// The message, as c10::Error::msg() (xgrad adds no backtrace, so it equals what()).
  std::string msg() const { return what(); }
};

}  // namespace xgrad
