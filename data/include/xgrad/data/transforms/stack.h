#pragma once
// Stack: a batch of examples becomes one example whose data (and target) are the examples' stacked
// along a new first dimension: 64 images [1, 28, 28] with 0-dim targets give [64, 1, 28, 28] and [64].
#include <utility>
#include <vector>

#include <xgrad/data/example.h>
#include <xgrad/data/transforms/collate.h>
#include <xgrad/functions.h>

namespace xgrad {
namespace data {
namespace transforms {

template <typename T = Example<>>
struct Stack;

template <>
struct Stack<Example<>> : public Collation<Example<>> {
  Example<> apply_batch(std::vector<Example<>> examples) override {
    std::vector<Tensor> data, targets;
    data.reserve(examples.size());
    targets.reserve(examples.size());
    for (auto& example : examples) {
      data.push_back(std::move(example.data));
      targets.push_back(std::move(example.target));
    }
    return {xgrad::stack(data), xgrad::stack(targets)};
  }
};

template <>
struct Stack<TensorExample> : public Collation<TensorExample> {
  TensorExample apply_batch(std::vector<TensorExample> examples) override {
    std::vector<Tensor> data;
    data.reserve(examples.size());
    for (auto& example : examples) data.push_back(std::move(example.data));
    return xgrad::stack(data);
  }
};

}  // namespace transforms
}  // namespace data
}  // namespace xgrad
