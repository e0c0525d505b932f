#pragma once
// Cloneable<Derived>: a Module that can deep-copy itself, as libtorch's torch::nn::Cloneable.
// Derived implements reset(), which (re)creates all its parameters, buffers and submodules; clone()
// copies Derived, calls reset() on the copy to give it fresh registrations, then overwrites their
// values with copies of the originals' (and clones each submodule into the copy's new one).
//
// Unlike libtorch, Module is a plain (not virtual) base, so a layer passes its name through:
//   struct LinearImpl : Cloneable<LinearImpl> {
//     explicit LinearImpl(const LinearOptions& options) : Cloneable("xgrad::nn::Linear"), options(options) { reset(); }
//     void reset() override;   // registers weight and bias
//   };
#include <memory>
#include <string>
#include <utility>

#include <xgrad/error.h>
#include <xgrad/grad_mode.h>
#include <xgrad/nn/module.h>

namespace xgrad {
namespace nn {

template <typename Derived>
class Cloneable : public Module {
 public:
  using Module::Module;

  /// (Re)creates the module's parameters, buffers and submodules: called by the constructor of
  /// Derived and by clone().
  virtual void reset() = 0;

  /// A deep copy: same values, new tensors and new submodules.
  std::shared_ptr<Module> clone() const override {
    NoGradGuard no_grad;
    const auto& self = static_cast<const Derived&>(*this);
    auto copy = std::make_shared<Derived>(self);
    copy->parameters_.clear();
    copy->buffers_.clear();
    copy->children_.clear();
    copy->reset();
    check_same_count(copy->parameters_.size(), parameters_.size(), "parameters");
    for (const auto& parameter : parameters_) {
      Tensor& target = copy->parameters_[parameter.key()];
      if (parameter.value().defined()) target.set_data(parameter.value().clone());
    }
    check_same_count(copy->buffers_.size(), buffers_.size(), "buffers");
    for (const auto& buffer : buffers_) {
      Tensor& target = copy->buffers_[buffer.key()];
      if (buffer.value().defined()) target.set_data(buffer.value().clone());
    }
    check_same_count(copy->children_.size(), children_.size(), "submodules");
    for (const auto& child : children_) copy->children_[child.key()]->clone_(*child.value());
    return copy;
  }

 private:
  void check_same_count(size_t copy_count, size_t own_count, const char* what) const {
    if (copy_count != own_count)
      throw Error("clone: the cloned module does not have the same number of " + std::string(what) +
                  " as the original module (" + std::to_string(copy_count) + " vs " + std::to_string(own_count) +
                  "): does " + name() + "::reset() register all of them?");
  }

  void clone_(Module& other) final {
    auto clone = std::dynamic_pointer_cast<Derived>(other.clone());
    if (clone == nullptr)
      throw Error("clone: attempted to clone submodule " + other.name() + " into " + name() +
                  ", a submodule of a different type");
    static_cast<Derived&>(*this) = std::move(*clone);
  }
};

}  // namespace nn
}  // namespace xgrad
