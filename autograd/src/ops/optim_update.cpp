// Optimizer updates: _fused_sgd_, SGD's step for all the parameters in one pass.
//
// Per element e of parameter i (T = the parameters' dtype; the scalars converted to T first, as a
// tensor op converts its Scalar arguments):
//   d = g[e];  d = d + wd * p[e]                        (weight_decay != 0)
//   b[e] = first_step[i] ? d : (b[e] * m) + (1 - dampening) * d
//   d = nesterov ? d + m * b[e] : b[e]                  (momentum != 0)
//   p[e] = p[e] + (-lr) * d
// Each step rounds as the elementwise op it stands for (add_ computes x + alpha * y, mul_ x * s): GCC
// may fuse `x + a * y` into one multiply-add in C++ (it contracts by default), there and here alike,
// and `buf * momentum` runs as a loop of its own over a block first, so that its product is rounded
// before the add as mul_'s is: the op-by-op update's bits (tests/test_optim.cpp). The
// threads split every parameter alike (the first thread its first elements, and so on), as the
// elementwise ops and the matrix products that wrote its gradient and read it split it, so that each
// core updates what it has in its own cache; one fork per step for all the parameters.
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/dispatch.h>
#include <xgrad/internal/optim_update.h>

#include "../kernels/loops.h"
#include "../kernels/parallel.h"

namespace xgrad {
namespace {

struct SgdScalars {
  double decay, momentum, keep, step;  // weight_decay, momentum, 1 - dampening, -lr
};

/// Elements [lo, hi) of one parameter, with the options fixed at compile time so that the loops
/// vectorise with no branch inside.
template <typename T, bool kDecay, bool kMomentum, bool kFresh, bool kNesterov>
void sgd_range(T* __restrict p, const T* __restrict g, T* __restrict b, int64_t lo, int64_t hi, const SgdScalars& c) {
  const T decay = static_cast<T>(c.decay), m = static_cast<T>(c.momentum), keep = static_cast<T>(c.keep);
  const T step = static_cast<T>(c.step);
  constexpr int64_t kBlock = 512;  // stays in L1 between the two loops
  for (int64_t block = lo; block < hi; block += kBlock) {
    const int64_t end = std::min(hi, block + kBlock);
    if (kMomentum && !kFresh)
      for (int64_t e = block; e < end; ++e) b[e] = static_cast<T>(b[e] * m);
    for (int64_t e = block; e < end; ++e) {
      T d = g[e];
      if (kDecay) d = static_cast<T>(d + decay * p[e]);
      if (kMomentum) {
        b[e] = kFresh ? d : static_cast<T>(b[e] + keep * d);
        d = kNesterov ? static_cast<T>(d + m * b[e]) : b[e];
      }
      p[e] = static_cast<T>(p[e] + step * d);
    }
  }
}

/// f(std::bool_constant<flag>) for a run-time flag.
template <typename F>
void with_flag(bool flag, const F& f) {
  if (flag)
    f(std::true_type{});
  else
    f(std::false_type{});
}

}  // namespace

void _fused_sgd_(TensorList params, TensorList grads, TensorList momentum_buffers, const std::vector<bool>& first_step,
                 double weight_decay, double momentum, double lr, double dampening, bool nesterov) {
  XGRAD_PROFILE_OP("_fused_sgd_");
  constexpr const char* op = "_fused_sgd_";
  const size_t n = params.size();
  const bool with_momentum = momentum != 0, with_decay = weight_decay != 0;
  XGRAD_CHECK(!GradMode::is_enabled(), "{}: the update is not differentiable: call it under NoGradGuard", op);
  XGRAD_CHECK(grads.size() == n && first_step.size() == n && momentum_buffers.size() == (with_momentum ? n : 0),
              "{}: expected {} grads, first_step flags and {} momentum buffers for {} params, got {}, {} and {}", op,
              n, with_momentum ? n : 0, n, grads.size(), first_step.size(), momentum_buffers.size());
  if (n == 0) return;
  const ScalarType dtype = params[0].scalar_type();
  int64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto check = [&](const Tensor& t, const char* what) {
      XGRAD_CHECK(t.defined() && t.scalar_type() == dtype && t.is_contiguous() && t.sizes().equals(params[i].sizes()),
                  "{}: {} {} must be a contiguous {} tensor of shape {} (params[0]'s dtype, params[{}]'s shape)", op,
                  what, i, toString(dtype), detail::shape_str(params[i].sizes()), i);
    };
    check(params[i], "param");
    check(grads[i], "grad");
    if (with_momentum) check(momentum_buffers[i], "momentum buffer");
    total += params[i].numel();
  }
  detail::dispatch_floating(dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const SgdScalars scalars{weight_decay, momentum, 1 - dampening, -lr};
    // Chunk c updates the same share [numel c / chunks, numel (c + 1) / chunks) of every parameter.
    // The split starts at a quarter of the elementwise grain: the gradients come from a backward pass
    // split over the threads, and one thread updating them all would first pull the other threads'
    // shares across the cores (LeNet, 61 706 parameters, at 2 threads: 61 us on one thread, 43 on two).
    const int64_t chunks = detail::parallel_chunks(total, detail::kElementwiseGrain / 4);
    detail::parallel_for_chunks(chunks, 1, [&](int64_t, int64_t first_chunk, int64_t last_chunk) {
      for (size_t i = 0; i < n; ++i) {
        const int64_t numel = params[i].numel();
        const int64_t lo = numel * first_chunk / chunks, hi = numel * last_chunk / chunks;
        T* p = params[i].data_ptr<T>();
        const T* g = grads[i].data_ptr<T>();
        T* b = with_momentum ? momentum_buffers[i].data_ptr<T>() : nullptr;
        with_flag(with_decay, [&](auto decay) {
          with_flag(with_momentum, [&](auto mom) {
            with_flag(with_momentum && first_step[i], [&](auto fresh) {
              with_flag(with_momentum && nesterov, [&](auto nest) {
                sgd_range<T, decltype(decay)::value, decltype(mom)::value, decltype(fresh)::value,
                          decltype(nest)::value>(p, g, b, lo, hi, scalars);
              });
            });
          });
        });
      }
    });
  });
  for (size_t i = 0; i < n; ++i) {
    params[i].impl()->bump_version();
    if (with_momentum) momentum_buffers[i].impl()->bump_version();
  }
}

}  // namespace xgrad
