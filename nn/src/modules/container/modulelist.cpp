// ModuleList: registration by position, insertion, cloning.
#include <xgrad/nn/modules/container/modulelist.h>

#include <xgrad/nn/modules/container/any.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

ModuleListImpl::ModuleListImpl() : Cloneable("xgrad::nn::ModuleList") {}

std::shared_ptr<Module> ModuleListImpl::clone() const {
  // Copying keeps the training flag; each module is then swapped for its clone.
  auto copy = std::make_shared<ModuleListImpl>(*this);
  for (size_t i = 0; i < modules_.size(); ++i) {
    copy->modules_[i] = modules_[i]->clone();
    copy->replace_module(std::to_string(i), copy->modules_[i]);
  }
  return copy;
}

void ModuleListImpl::reset() {}

void ModuleListImpl::push_back(std::shared_ptr<Module> module) {
  XGRAD_CHECK(module != nullptr, "ModuleList::push_back: the module is null");
  register_module(std::to_string(modules_.size()), module);
  modules_.push_back(std::move(module));
}

void ModuleListImpl::insert(size_t index, std::shared_ptr<Module> module) {
  XGRAD_CHECK(module != nullptr, "ModuleList::insert: the module is null");
  XGRAD_CHECK(index <= modules_.size(), "ModuleList::insert: index {} is out of range for a ModuleList of {} modules",
              index, modules_.size());
  if (index == modules_.size()) {
    push_back(std::move(module));
    return;
  }
  modules_.insert(modules_.begin() + static_cast<std::ptrdiff_t>(index), std::move(module));
  // Names are positions: everything from index on moves up by one.
  for (size_t i = index; i + 1 < modules_.size(); ++i) replace_module(std::to_string(i), modules_[i]);
  register_module(std::to_string(modules_.size() - 1), modules_.back());
}

size_t ModuleListImpl::checked(size_t index, const char* what) const {
  XGRAD_CHECK(index < modules_.size(), "ModuleList::{}: index {} is out of range for a ModuleList of {} modules", what,
              index, modules_.size());
  return index;
}

void ModuleListImpl::throw_wrong_type(size_t index, const std::type_info& requested) const {
  throw Error(fmt::format("ModuleList: module {} is a {}, not a {}", index,
                          detail::demangled_name(typeid(*modules_[index])), detail::demangled_name(requested)));
}

}  // namespace nn
}  // namespace xgrad
