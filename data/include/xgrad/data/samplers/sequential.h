#pragma once
// 0, 1, 2, ... size-1 in order.
#include <xgrad/data/samplers/base.h>

namespace xgrad {
namespace data {
namespace samplers {

class SequentialSampler : public Sampler<> {
 public:
  explicit SequentialSampler(size_t size);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  void save(serialize::OutputArchive& archive) const override;
  void load(serialize::InputArchive& archive) override;
  /// How many indices this epoch has given so far.
  size_t index() const noexcept;

 private:
  size_t size_;
  size_t index_ = 0;
};

}  // namespace samplers
}  // namespace data
}  // namespace xgrad
