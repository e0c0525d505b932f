// xgrad::save / xgrad::load's non-template pieces: a lone tensor and a tensor list in an archive.
#include <xgrad/serialize.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace serialize {

OutputArchive& operator<<(OutputArchive& archive, const Tensor& tensor) {
  archive.write("0", tensor);
  return archive;
}

InputArchive& operator>>(InputArchive& archive, Tensor& tensor) {
  archive.read("0", tensor);
  return archive;
}

namespace detail {
std::vector<Tensor> read_tensor_list(InputArchive& archive) {
  const std::vector<std::string> keys = archive.keys();
  std::vector<Tensor> tensors(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    XGRAD_CHECK(keys[i] == std::to_string(i),
                "load: checkpoint '{}' is not a list of tensors: entry {} is named '{}', expected '{}'",
                archive.filename(), i, keys[i], i);
    archive.read(keys[i], tensors[i]);
  }
  return tensors;
}
}  // namespace detail

}  // namespace serialize
}  // namespace xgrad
