#pragma once
// Plumbing shared by the unary math families (unary_math.cpp, special_math.cpp): a per-element
// function applied as a recorded op, its in-place form, and libtorch's out= forms.
#include <xgrad/autograd/profiler.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

#include "../derivative.h"
#include "pointwise.h"

namespace xgrad {
namespace detail {

/// What the backward formula needs: the op's input, its result, or neither.
enum class Saved { kNothing, kInput, kResult };

/// The "make" function (pointwise.h) of a generic per-element lambda f: f applied in the compute type.
template <typename F>
auto elementwise(F f) {
  return [f](auto tag) {
    using T = decltype(tag);
    return [f](T x) { return f(x); };
  };
}

/// f(self) computed in `ct` (dispatched by Types), recorded with `derivative`.
template <typename Types, typename State, typename F>
Tensor unary_op(const Tensor& self, ScalarType ct, const char* op, F f, const autograd::Derivative<State>& derivative,
                Saved saved, State state = State()) {
  XGRAD_PROFILE_OP(op);
  check_defined(self, op);
  Tensor out = unary<Types>(self, ct, op, elementwise(f));
  auto recording = autograd::record(derivative, {self}, state);
  if (saved == Saved::kInput) recording.save(self);
  recording.output(out);
  if (saved == Saved::kResult) recording.save(out);
  return out;
}

/// self = f(self) in place, computed in `ct`, which must be castable to self's dtype.
template <typename Types, typename State, typename F>
Tensor& unary_op_(const Tensor& self, ScalarType ct, const char* op, F f, const autograd::Derivative<State>& derivative,
                  Saved saved, State state = State()) {
  XGRAD_PROFILE_OP(op);
  check_defined(self, op);
  check_inplace_result(self, ct, {}, op);
  auto recording = record_inplace(op, derivative, {self}, state);
  if (saved == Saved::kInput) recording.save(recording ? self.clone() : Tensor());  // the values about to go
  unary_inplace<Types>(self, ct, op, elementwise(f));
  Tensor& result = recording.finish_inplace(self);
  if (saved == Saved::kResult) recording.save(result);  // the new values, at their new version
  return result;
}

/// f(self) for a floating function: integers and bools compute in kFloat.
template <typename State, typename F>
Tensor floating_op(const Tensor& self, const char* op, F f, const autograd::Derivative<State>& derivative, Saved saved,
                   State state = State()) {
  check_defined(self, op);
  return unary_op<FloatingTypes>(self, floating_result(self.scalar_type()), op, f, derivative, saved, state);
}

template <typename State, typename F>
Tensor& floating_op_(const Tensor& self, const char* op, F f, const autograd::Derivative<State>& derivative,
                     Saved saved, State state = State()) {
  check_defined(self, op);
  return unary_op_<FloatingTypes>(self, floating_result(self.scalar_type()), op, f, derivative, saved, state);
}

/// A kBool result of pred(x) for every element (isnan, signbit, ...): never recorded.
template <typename Pred>
Tensor predicate(const Tensor& self, const char* op, Pred pred) {
  XGRAD_PROFILE_OP(op);
  check_defined(self, op);
  return unary<AllTypes, true>(self, self.scalar_type(), op, elementwise(pred));
}

/// libtorch's out= form: compute() (the op on `self`) written into `out`, which is resized to the
/// result's shape and must be of a dtype the result can be cast to. Not differentiable, as in libtorch.
template <typename Compute>
Tensor& write_out(Tensor& out, const Tensor& self, const char* op, Compute compute) {
  check_defined(out, op);
  check_defined(self, op);
  XGRAD_CHECK(!(GradMode::is_enabled() && (self.requires_grad() || out.requires_grad())),
              "{}(): functions with out=... arguments don't support automatic differentiation, but one of the "
              "arguments requires grad.",
              op);
  const Tensor result = compute();
  XGRAD_CHECK(can_cast(result.scalar_type(), out.scalar_type()),
              "{}: result type {} can't be cast to the desired output type {}", op, toString(result.scalar_type()),
              toString(out.scalar_type()));
  if (!out.sizes().equals(result.sizes())) out.set_data(empty(result.sizes(), out.scalar_type()));
  out.copy_(result);
  return out;
}

}  // namespace detail
}  // namespace xgrad

/// name_out and name_outf for an op `name(const Tensor& self)` defined in xgrad.
#define XGRAD_UNARY_OUT(name)                                                                        \
  Tensor& name##_out(Tensor& out, const Tensor& self) {                                             \
    return detail::write_out(out, self, #name, [&] { return xgrad::name(self); });                  \
  }                                                                                                  \
  Tensor& name##_outf(const Tensor& self, Tensor& out) { return name##_out(out, self); }

/// Tensor::name(), name_out and name_outf.
#define XGRAD_UNARY_METHOD_AND_OUT(name)                       \
  Tensor Tensor::name() const { return xgrad::name(*this); } \
  XGRAD_UNARY_OUT(name)

/// The function form name_(self) of the in-place method Tensor::name_().
#define XGRAD_UNARY_FREE_INPLACE(name) \
  Tensor& name##_(Tensor& self) { return self.name##_(); }
