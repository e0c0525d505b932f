// Dropout: dropout (each element) and feature_dropout (whole channels, Dropout2d).
//
// In training, with keep probability q = 1 - p, a noise tensor holds 1/q with probability q and 0
// otherwise, and the result is input * noise:
//   dropout:          noise has input's shape                    y = x * noise
//   feature_dropout:  noise is [N, C, 1, ...] for input [N, C, *] y = x * noise (broadcast: one draw
//                                                                per feature map)
// so E[y] = x, and backward is the product's: dx = g * noise. The product is xgrad::mul, so the node
// is MulBackward0 as in PyTorch 1.13 (whose CPU dropout is this same composition, not a fused op).
// p = 0, !train or an empty input return the input itself; p = 1 multiplies by a 0-dim zero.
// The noise is drawn from the generator behind rand (one U[0, 1) draw u per noise element, kept
// when u < q), so manual_seed makes the masks reproducible.
#include <cstdint>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>

namespace xgrad {

namespace {

/// input * noise, with one noise draw per element (or, for feature dropout, per [n, c] feature map).
Tensor dropout_impl(const Tensor& input, double p, bool train, bool feature, const char* op) {
  XGRAD_CHECK(input.defined(), "{}: expected a defined tensor but got an undefined one", op);
  XGRAD_CHECK(p >= 0 && p <= 1, "{}: dropout probability has to be between 0 and 1, but got {}", op, p);
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input * zeros({}, input.scalar_type());
  std::vector<int64_t> noise_sizes = input.sizes().vec();
  if (feature) {
    XGRAD_CHECK(input.dim() >= 2, "{}: feature dropout requires at least 2 dims [N, C, *] in the input, got {}", op,
                detail::shape_str(input.sizes()));
    for (size_t d = 2; d < noise_sizes.size(); ++d) noise_sizes[d] = 1;
  }
  Tensor noise = detail::dispatch_floating(input.scalar_type(), op, [&](auto tag) {
    using T = decltype(tag);
    Tensor u = rand(noise_sizes, input.scalar_type());
    T* n = u.data_ptr<T>();
    const T keep = static_cast<T>(1 - p), scale = static_cast<T>(1 / (1 - p));
    const int64_t count = u.numel();
    for (int64_t i = 0; i < count; ++i) n[i] = n[i] < keep ? scale : T(0);
    return u;
  });
  return input * noise;
}

}  // namespace

Tensor dropout(const Tensor& input, double p, bool train) {
  XGRAD_PROFILE_OP("dropout");
  return dropout_impl(input, p, train, /*feature=*/false, "dropout");
}

Tensor feature_dropout(const Tensor& input, double p, bool train) {
  XGRAD_PROFILE_OP("feature_dropout");
  return dropout_impl(input, p, train, /*feature=*/true, "feature_dropout");
}

}  // namespace xgrad
