#pragma once
// Custom autograd functions, as libtorch's torch::autograd::Function<T>:
//
//   struct MulConstant : xgrad::autograd::Function<MulConstant> {
//     static Tensor forward(AutogradContext* ctx, Tensor x, double k) {
//       ctx->saved_data["k"] = k;
//       return x * k;
//     }
//     static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
//       return {grad_outputs[0] * ctx->saved_data["k"].toDouble(), Tensor()};  // one per forward argument
//     }
//   };
//   Tensor y = MulConstant::apply(x, 2.0);
//
// apply() runs forward with grad mode off and, if an input requires grad, makes the outputs'
// grad_fn a CppNode<T> whose backward calls T::backward. The node has one edge per tensor
// argument; T::backward returns one gradient per forward argument (undefined for non-tensors).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include <xgrad/autograd/node.h>
#include <xgrad/grad_mode.h>
#include <xgrad/tensor.h>

namespace xgrad {

/// A value of one of a few types, for AutogradContext::saved_data (a small c10::IValue):
/// None, double, int64_t, bool, std::string, Tensor, std::vector<int64_t>, std::vector<double>.
class IValue {
 public:
  /// None.
  IValue() = default;
  template <typename T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
  IValue(T v) : value_(static_cast<double>(v)) {}
  template <typename T, std::enable_if_t<std::is_integral<T>::value && !std::is_same<T, bool>::value, int> = 0>
  IValue(T v) : value_(static_cast<int64_t>(v)) {}
  // A template, so that a pointer does not silently become a bool.
  template <typename T, std::enable_if_t<std::is_same<T, bool>::value, int> = 0>
  IValue(T v) : value_(v) {}
  IValue(std::string v) : value_(std::move(v)) {}
  IValue(const char* v) : value_(std::string(v)) {}
  IValue(Tensor v) : value_(std::move(v)) {}
  IValue(std::vector<int64_t> v) : value_(std::move(v)) {}
  IValue(IntArrayRef v) : value_(v.vec()) {}
  IValue(std::vector<double> v) : value_(std::move(v)) {}

  bool isNone() const { return value_.index() == NoneTag; }
  bool isDouble() const { return value_.index() == DoubleTag; }
  bool isInt() const { return value_.index() == IntTag; }
  bool isBool() const { return value_.index() == BoolTag; }
  bool isString() const { return value_.index() == StringTag; }
  bool isTensor() const { return value_.index() == TensorTag; }
  bool isIntList() const { return value_.index() == IntListTag; }
  bool isDoubleList() const { return value_.index() == DoubleListTag; }

  // Each accessor throws xgrad::Error naming the expected and the actual type on a mismatch
  // (no conversions: an Int is not a Double, as in libtorch).
  double toDouble() const { return get<double>(DoubleTag); }
  int64_t toInt() const { return get<int64_t>(IntTag); }
  bool toBool() const { return get<bool>(BoolTag); }
  const std::string& toStringRef() const { return get<std::string>(StringTag); }
  const Tensor& toTensor() const { return get<Tensor>(TensorTag); }
  const std::vector<int64_t>& toIntVector() const { return get<std::vector<int64_t>>(IntListTag); }
  const std::vector<double>& toDoubleVector() const { return get<std::vector<double>>(DoubleListTag); }

  /// The held type's name: "None", "Double", "Int", "Bool", "String", "Tensor", "IntList", "DoubleList".
  const char* tagKind() const;

 private:
  enum Tag : size_t { NoneTag, DoubleTag, IntTag, BoolTag, StringTag, TensorTag, IntListTag, DoubleListTag };
  template <typename T>
  const T& get(Tag expected) const {
    if (value_.index() != expected) throw_type_error(expected);
    return *std::get_if<T>(&value_);
  }
  [[noreturn]] void throw_type_error(Tag expected) const;

  std::variant<std::monostate, double, int64_t, bool, std::string, Tensor, std::vector<int64_t>, std::vector<double>>
      value_;
};

namespace autograd {

namespace detail {
class CustomNodeBase;
}

/// What forward() leaves for backward(): saved tensors and values, and which inputs need grads.
class AutogradContext {
 public:
  AutogradContext() = default;
  AutogradContext(const AutogradContext&) = delete;
  AutogradContext& operator=(const AutogradContext&) = delete;

  /// Non-tensor data for backward.
  std::unordered_map<std::string, IValue> saved_data;

  /// Saves tensors (inputs or outputs) for backward; call at most once, in forward.
  void save_for_backward(variable_list to_save);
  /// Declares inputs that forward modified in place; they become outputs of this function.
  void mark_dirty(const variable_list& inputs);
  /// Declares outputs that get no gradient (e.g. indices); they do not require grad.
  void mark_non_differentiable(const variable_list& outputs);
  /// Whether backward receives zeros (true, the default) or undefined tensors for outputs that
  /// got no gradient.
  void set_materialize_grads(bool value);

  /// The tensors given to save_for_backward. Throws if one was changed in place since, or if the
  /// graph was already freed by a backward without retain_graph.
  variable_list get_saved_variables() const;
  /// Whether the gradient for tensor argument `output_edge_index` (counting tensor arguments
  /// only, as in libtorch) is needed.
  bool needs_input_grad(size_t output_edge_index) const;

 private:
  friend class detail::CustomNodeBase;
  std::unordered_set<const TensorImpl*> non_differentiable_;
  std::unordered_set<TensorImpl*> dirty_inputs_;
  std::vector<SavedTensor> saved_variables_;
  variable_list to_save_;
  bool materialize_grads_ = true;
  const Node* node_ = nullptr;  // the CppNode owning this context
};

namespace detail {

/// "MyFn" from typeid(MyFn).name().
std::string demangle(const char* mangled);

/// What CppNode<T> does that does not depend on T: wiring, output wrapping, the calling
/// convention of backward.
class CustomNodeBase : public Node {
 public:
  CustomNodeBase() { ctx_.node_ = this; }

  variable_list apply(variable_list&& grads) override;
  void release_variables() override;

  /// Before forward: wires one edge per tensor argument when grad mode is on and one of them
  /// requires grad; returns whether it did (whether outputs get this node).
  bool connect_inputs(const variable_list& inputs);
  /// After forward: bumps dirty inputs' versions, attaches the outputs (or not) and saves the
  /// variables given to save_for_backward.
  void wrap_outputs(const variable_list& inputs, variable_list& outputs, bool is_executable);

  AutogradContext ctx_;
  /// One per forward argument (a TensorList counts one per tensor): is it a tensor?
  std::vector<bool> is_variable_input_;

 protected:
  virtual variable_list call_backward(variable_list grads) = 0;

 private:
  struct OutputInfo {
    bool defined = false;
    ScalarType dtype = kFloat;
    std::vector<int64_t> sizes;
  };
  std::vector<OutputInfo> output_info_;
};

// Which forward arguments are tensors, as in libtorch: a Tensor, an optional<Tensor> holding a
// defined one, and each tensor of a TensorList. Anything else (a std::vector<Tensor> included)
// is a plain value and gets no edge.
inline void extract_variable(std::vector<bool>& is_var, variable_list& vars, const Tensor& t) {
  is_var.push_back(true);
  vars.push_back(t);
}
inline void extract_variable(std::vector<bool>& is_var, variable_list& vars, const std::optional<Tensor>& t) {
  const bool present = t.has_value() && t->defined();
  is_var.push_back(present);
  if (present) vars.push_back(*t);
}
inline void extract_variable(std::vector<bool>& is_var, variable_list& vars, TensorList list) {
  for (const Tensor& t : list) extract_variable(is_var, vars, t);
}
template <typename T,
          std::enable_if_t<!std::is_same<T, Tensor>::value && !std::is_same<T, std::optional<Tensor>>::value &&
                               !std::is_same<T, TensorList>::value,
                           int> = 0>
void extract_variable(std::vector<bool>& is_var, variable_list&, const T&) {
  is_var.push_back(false);
}

// forward's result as a list, whichever of the two it returns.
inline variable_list to_list(Tensor t) { return {std::move(t)}; }
inline variable_list to_list(variable_list v) { return v; }

}  // namespace detail

/// The graph node of a Function<T>: its backward is T::backward; name() is libtorch's
/// "torch::autograd::CppNode<T>", so messages read as they do with libtorch.
template <class T>
class CppNode : public detail::CustomNodeBase {
 public:
  std::string name() const override { return "torch::autograd::CppNode<" + detail::demangle(typeid(T).name()) + ">"; }

 protected:
  variable_list call_backward(variable_list grads) override { return T::backward(&ctx_, std::move(grads)); }
};

template <typename X, typename... Args>
using forward_t = decltype(X::forward(nullptr, std::declval<Args>()...));

/// Base of a custom function T with static forward(AutogradContext*, args...) returning a Tensor
/// or a variable_list, and static backward(AutogradContext*, variable_list) returning one
/// gradient per forward argument.
template <class T>
struct Function {
  /// Runs T::forward on args and records it for backward; returns what forward returns.
  template <typename X = T, typename... Args>
  static auto apply(Args&&... args) -> std::enable_if_t<std::is_same<X, T>::value, forward_t<X, Args...>> {
    using result_t = forward_t<X, Args...>;
    static_assert(std::is_same<result_t, Tensor>::value || std::is_same<result_t, variable_list>::value,
                  "a custom Function's forward must return a Tensor or a variable_list");
    std::shared_ptr<CppNode<T>> node = make_node<CppNode<T>>();
    variable_list inputs;
    (detail::extract_variable(node->is_variable_input_, inputs, args), ...);
    const bool is_executable = node->connect_inputs(inputs);
    variable_list outputs;
    {
      AutoGradMode no_grad(false);
      outputs = detail::to_list(T::forward(&node->ctx_, std::forward<Args>(args)...));
    }
    node->wrap_outputs(inputs, outputs, is_executable);
    if constexpr (std::is_same<result_t, Tensor>::value) {
      return outputs.at(0);
    } else {
      return outputs;
    }
  }
};

}  // namespace autograd
}  // namespace xgrad
