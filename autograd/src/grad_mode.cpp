#include <xgrad/grad_mode.h>
#include <xgrad/inference_mode.h>

namespace xgrad {

namespace {
thread_local bool grad_mode_enabled = true;
thread_local bool inference_mode_enabled = false;
}  // namespace

bool GradMode::is_enabled() { return grad_mode_enabled; }
void GradMode::set_enabled(bool enabled) { grad_mode_enabled = enabled; }

// InferenceMode(false) inside an enabled scope turns both back on, as libtorch's.
InferenceMode::InferenceMode(bool enabled) : prev_inference_(inference_mode_enabled), grad_mode_(!enabled) {
  inference_mode_enabled = enabled;
}
InferenceMode::~InferenceMode() { inference_mode_enabled = prev_inference_; }
bool InferenceMode::is_enabled() { return inference_mode_enabled; }

}  // namespace xgrad
