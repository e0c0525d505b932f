#pragma once
// xgrad::save / xgrad::load: checkpoints of modules, tensors, tensor lists and optimizers, as
// libtorch's torch::save / torch::load.
//   xgrad::save(net, "net.ckpt");          // a module holder or shared_ptr<Module>
//   xgrad::load(net, "net.ckpt");          // checks every entry, then copies the values in
//   xgrad::save(optimizer, "opt.ckpt");    // anything with operator<<(serialize::OutputArchive&, const T&)
// The last arguments go to OutputArchive::save_to / InputArchive::load_from: a file name or a stream.
// The file format is described in xgrad/serialize/archive.h and docs/checkpoint-format.md.
#include <string>
#include <utility>
#include <vector>

#include <xgrad/nn/module.h>
#include <xgrad/serialize/archive.h>
#include <xgrad/tensor.h>

namespace xgrad {

namespace serialize {
/// A tensor on its own is the archive's entry "0".
OutputArchive& operator<<(OutputArchive& archive, const Tensor& tensor);
InputArchive& operator>>(InputArchive& archive, Tensor& tensor);

namespace detail {
/// The entries "0", "1", ... of archive in order; throws (naming the file) on any other key.
std::vector<Tensor> read_tensor_list(InputArchive& archive);
}  // namespace detail
}  // namespace serialize

/// Writes value to the file (atomically) or stream given by save_to_args.
template <typename Value, typename... SaveToArgs>
void save(const Value& value, SaveToArgs&&... save_to_args) {
  serialize::OutputArchive archive;
  archive << value;
  archive.save_to(std::forward<SaveToArgs>(save_to_args)...);
}

/// A list of tensors, stored as entries "0", "1", ...
template <typename... SaveToArgs>
void save(const std::vector<Tensor>& tensor_vec, SaveToArgs&&... save_to_args) {
  serialize::OutputArchive archive;
  for (size_t i = 0; i < tensor_vec.size(); ++i) archive.write(std::to_string(i), tensor_vec[i]);
  archive.save_to(std::forward<SaveToArgs>(save_to_args)...);
}

/// Reads value from the file or stream given by load_from_args; the whole file is validated first.
template <typename Value, typename... LoadFromArgs>
void load(Value& value, LoadFromArgs&&... load_from_args) {
  serialize::InputArchive archive;
  archive.load_from(std::forward<LoadFromArgs>(load_from_args)...);
  archive >> value;
}

/// Replaces tensor_vec with the file's tensors "0", "1", ... (every entry must be one of them).
template <typename... LoadFromArgs>
void load(std::vector<Tensor>& tensor_vec, LoadFromArgs&&... load_from_args) {
  serialize::InputArchive archive;
  archive.load_from(std::forward<LoadFromArgs>(load_from_args)...);
  tensor_vec = serialize::detail::read_tensor_list(archive);
}

}  // namespace xgrad
