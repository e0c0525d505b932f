// Functional: a function in a module's clothes.
#include <xgrad/nn/modules/container/functional.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

FunctionalImpl::FunctionalImpl(Function function) : Cloneable("xgrad::nn::Functional"), function_(std::move(function)) {
  XGRAD_CHECK(static_cast<bool>(function_), "Functional: the function is empty");
}

void FunctionalImpl::reset() {}

void FunctionalImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::Functional()"; }

Tensor FunctionalImpl::forward(Tensor input) { return function_(std::move(input)); }

Tensor FunctionalImpl::operator()(Tensor input) { return forward(std::move(input)); }

bool FunctionalImpl::is_serializable() const { return false; }

}  // namespace nn
}  // namespace xgrad
