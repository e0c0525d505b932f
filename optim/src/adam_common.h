#pragma once
// What Adam and AdamW share: options and state of the same shape (separate types, as libtorch), and
// the moment update of PyTorch 1.13's _single_tensor_adam / _single_tensor_adamw, operation by
// operation so that float32 results round as PyTorch's do.
#include <cmath>
#include <memory>
#include <tuple>
#include <type_traits>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/serialize/archive.h>

#include "common.h"
#include "serialize.h"

namespace xgrad {
namespace optim {
namespace detail {

template <typename State>  // AdamParamState, AdamWParamState, or a const one
auto adam_state_tensors(State& s) {
  using T = std::conditional_t<std::is_const<State>::value, const Tensor, Tensor>;
  return std::vector<StateTensor<T>>{
      {"exp_avg", &s.exp_avg(), true}, {"exp_avg_sq", &s.exp_avg_sq(), true}, {"max_exp_avg_sq", &s.max_exp_avg_sq(), false}};
}

template <typename State>
void write_adam_state(const State& s, serialize::OutputArchive& archive) {
  archive.write("step", s.step());
  write_state_tensors(archive, adam_state_tensors(s));
}

template <typename State>
void read_adam_state(State& s, serialize::InputArchive& archive) {
  s.step(read_step(archive));
  read_state_tensors(archive, adam_state_tensors(s));
}

template <typename State>
bool adam_states_equal(const State& a, const State& b) {
  auto same = [](const Tensor& x, const Tensor& y) { return x.defined() == y.defined() && (!x.defined() || x.equal(y)); };
  return a.step() == b.step() && same(a.exp_avg(), b.exp_avg()) && same(a.exp_avg_sq(), b.exp_avg_sq()) &&
         same(a.max_exp_avg_sq(), b.max_exp_avg_sq());
}

template <typename Options>
void write_adam_options(const Options& o, serialize::OutputArchive& archive) {
  archive.write("lr", o.lr());
  write_pair(archive, "betas", o.betas());
  archive.write("eps", o.eps());
  archive.write("weight_decay", o.weight_decay());
  write_flag(archive, "amsgrad", o.amsgrad());
}

template <typename Options>
void read_adam_options(Options& o, serialize::InputArchive& archive) {
  archive.read("lr", o.lr());
  o.betas(read_pair(archive, "betas"));
  archive.read("eps", o.eps());
  archive.read("weight_decay", o.weight_decay());
  o.amsgrad(read_flag(archive, "amsgrad"));
}

template <typename Options>
bool adam_options_equal(const Options& a, const Options& b) {
  return a.lr() == b.lr() && a.betas() == b.betas() && a.eps() == b.eps() && a.weight_decay() == b.weight_decay() &&
         a.amsgrad() == b.amsgrad();
}

template <typename Options>
void check_adam_options(const Options& o, const char* optimizer) {
  check_hyperparameter(o.lr() >= 0, optimizer, "learning rate", o.lr());
  check_hyperparameter(o.eps() >= 0, optimizer, "epsilon value", o.eps());
  const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
  check_hyperparameter(beta1 >= 0 && beta1 < 1, optimizer, "beta parameter at index 0", beta1);
  check_hyperparameter(beta2 >= 0 && beta2 < 1, optimizer, "beta parameter at index 1", beta2);
  check_hyperparameter(o.weight_decay() >= 0, optimizer, "weight_decay value", o.weight_decay());
}

/// p's state, with zero moments on first use (and a zero running maximum with amsgrad).
template <typename State>
State& adam_state(Optimizer::StateMap& states, const Tensor& p, bool amsgrad, const char* optimizer) {
  State& s = state_for<State>(states, p, optimizer, [&] {
    auto fresh = std::make_unique<State>();
    fresh->exp_avg(zeros_like(p));
    fresh->exp_avg_sq(zeros_like(p));
    return fresh;
  });
  // Also when amsgrad was switched on after the state was made.
  if (amsgrad && !s.max_exp_avg_sq().defined()) s.max_exp_avg_sq(zeros_like(p));
  return s;
}

/// The moments and the parameter update, once state.step() counts this step and grad holds any
/// L2 term: m and v decay, then p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
template <typename State, typename Options>
void adam_update(Tensor& p, const Tensor& grad, State& state, const Options& o) {
  const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
  state.exp_avg().mul_(beta1).add_(grad, 1 - beta1);
  state.exp_avg_sq().mul_(beta2).addcmul_(grad, grad, 1 - beta2);
  const double step = static_cast<double>(state.step());
  const double bias_correction1 = 1 - std::pow(beta1, step);
  const double bias_correction2 = 1 - std::pow(beta2, step);
  const double step_size = o.lr() / bias_correction1;
  const double bias_correction2_sqrt = std::sqrt(bias_correction2);
  Tensor denom;
  if (o.amsgrad()) {
    state.max_exp_avg_sq().copy_(maximum(state.max_exp_avg_sq(), state.exp_avg_sq()));
    denom = (state.max_exp_avg_sq().sqrt() / bias_correction2_sqrt).add_(o.eps());
  } else {
    denom = (state.exp_avg_sq().sqrt() / bias_correction2_sqrt).add_(o.eps());
  }
  p.addcdiv_(state.exp_avg(), denom, -step_size);
}

}  // namespace detail
}  // namespace optim
}  // namespace xgrad
