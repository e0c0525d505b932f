#pragma once
// InferenceMode (c10's): a scope that records no graph, like NoGradGuard, whose new tensors are
// "inference tensors" (is_inference()). Autograd refuses to save an inference tensor for a backward
// outside the mode, with libtorch's message, so a tensor made for inference cannot silently enter
// training.
#include <xgrad/grad_mode.h>

namespace xgrad {

class InferenceMode {
 public:
  explicit InferenceMode(bool enabled = true);
  ~InferenceMode();
  InferenceMode(const InferenceMode&) = delete;
  InferenceMode& operator=(const InferenceMode&) = delete;

  /// Whether this thread is in an enabled InferenceMode scope.
  static bool is_enabled();

 private:
  bool prev_inference_;
  AutoGradMode grad_mode_;
};

}  // namespace xgrad
