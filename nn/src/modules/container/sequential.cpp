// Sequential: the module list and the forward chain.
#include <xgrad/nn/modules/container/sequential.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

SequentialImpl::SequentialImpl() : Cloneable("xgrad::nn::Sequential") {}

SequentialImpl::SequentialImpl(OrderedDict<std::string, AnyModule>&& ordered_dict) : SequentialImpl() {
  modules_.reserve(ordered_dict.size());
  for (auto& item : ordered_dict) push_back(item.key(), std::move(item.value()));
}

SequentialImpl::SequentialImpl(std::initializer_list<NamedAnyModule> named_modules) : SequentialImpl() {
  modules_.reserve(named_modules.size());
  for (const NamedAnyModule& named : named_modules) push_back(named.name(), named.module());
}

std::shared_ptr<Module> SequentialImpl::clone() const {
  const auto names = named_children();
  XGRAD_CHECK(names.size() == modules_.size(),
              "Sequential::clone: {} submodules are registered but the Sequential holds {} modules (register them "
              "with push_back only)",
              names.size(), modules_.size());
  // Copying keeps the names and the training flag; each module is then swapped for its clone.
  auto copy = std::make_shared<SequentialImpl>(*this);
  for (size_t i = 0; i < modules_.size(); ++i) {
    copy->modules_[i] = modules_[i].clone();
    copy->replace_module(names[i].key(), copy->modules_[i].ptr());
  }
  return copy;
}

void SequentialImpl::reset() {}

void SequentialImpl::push_back(AnyModule any_module) {
  push_back(std::to_string(modules_.size()), std::move(any_module));
}

void SequentialImpl::push_back(std::string name, AnyModule any_module) {
  XGRAD_CHECK(!any_module.is_empty(), "Sequential::push_back: module '{}' is empty", name);
  register_module(std::move(name), any_module.ptr());
  modules_.push_back(std::move(any_module));
}

Tensor SequentialImpl::forward_chain(Tensor input) {
  XGRAD_CHECK(!modules_.empty(), "Sequential::forward: cannot call forward() on an empty Sequential");
  for (AnyModule& module : modules_) input = module.forward(std::move(input));
  return input;
}

size_t SequentialImpl::checked(size_t index, const char* what) const {
  XGRAD_CHECK(index < modules_.size(), "Sequential::{}: index {} is out of range for a Sequential of {} modules", what,
              index, modules_.size());
  return index;
}

}  // namespace nn
}  // namespace xgrad
