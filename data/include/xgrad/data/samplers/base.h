#pragma once
// Samplers choose the indices of each batch, as libtorch's torch::data::samplers: reset() starts an
// epoch (optionally for a new dataset size), next(n) gives up to n indices or nullopt when the epoch
// is over; save/load keep their position in a checkpoint.
#include <cstddef>
#include <optional>
#include <vector>

#include <xgrad/serialize/archive.h>

namespace xgrad {
namespace data {
namespace samplers {

template <typename BatchRequest = std::vector<size_t>>
class Sampler {
 public:
  using BatchRequestType = BatchRequest;

  virtual ~Sampler() = default;
  virtual void reset(std::optional<size_t> new_size) = 0;
  virtual std::optional<BatchRequest> next(size_t batch_size) = 0;
  virtual void save(serialize::OutputArchive& archive) const = 0;
  virtual void load(serialize::InputArchive& archive) = 0;
};

}  // namespace samplers
}  // namespace data
}  // namespace xgrad
