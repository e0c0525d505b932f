#pragma once
// Functional: a function as a module, so it can sit in a Sequential, as libtorch's
// torch::nn::Functional:
//   nn::Sequential net(nn::Linear(4, 8), nn::Functional(xgrad::relu), nn::Functional(xgrad::leaky_relu, 0.2));
// Extra arguments are bound after the input: Functional(f, a, b) computes f(input, a, b).
// It has no parameters, and save() skips it (is_serializable() is false).
#include <functional>
#include <memory>
#include <ostream>
#include <type_traits>
#include <utility>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/pimpl.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace nn {

class FunctionalImpl : public Cloneable<FunctionalImpl> {
 public:
  using Function = std::function<Tensor(Tensor)>;

  explicit FunctionalImpl(Function function);
  template <typename SomeFunction, typename... Args, typename = std::enable_if_t<(sizeof...(Args) > 0)>>
  explicit FunctionalImpl(SomeFunction original_function, Args&&... args)
      : FunctionalImpl(Function(std::bind(original_function, std::placeholders::_1, std::forward<Args>(args)...))) {}

  /// Functional has no state of its own.
  void reset() override;
  /// "xgrad::nn::Functional()"
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);
  Tensor operator()(Tensor input);
  bool is_serializable() const override;

 private:
  Function function_;
};

XGRAD_MODULE(Functional);

}  // namespace nn
}  // namespace xgrad
