#pragma once
// A random permutation of 0..size-1, a new one at each reset() (each epoch), drawn from xgrad's
// generator: the same manual_seed gives the same epochs.
#include <cstdint>

#include <xgrad/data/samplers/base.h>
#include <xgrad/scalar_type.h>

namespace xgrad {
namespace data {
namespace samplers {

class RandomSampler : public Sampler<> {
 public:
  /// index_dtype is accepted for libtorch's signature; indices are size_t either way.
  explicit RandomSampler(int64_t size, ScalarType index_dtype = kLong);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;
  size_t index() const noexcept;

 private:
  std::vector<size_t> indices_;
  size_t index_ = 0;
};

}  // namespace samplers
}  // namespace data
}  // namespace xgrad
