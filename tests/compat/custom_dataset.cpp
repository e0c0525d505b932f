// A custom dataset as libtorch's data tutorials write one: a Dataset subclass whose get() returns a
// torch::data::Example<> (an image-like tensor and its label), mapped through Stack<> into batches
// by a sequential DataLoader. Built unchanged against libtorch and against xgrad (compat/); the
// program checks that every example arrives once, in order, with its label, and exits non-zero if not.
#include <torch/data/datasets/base.h>
#include <torch/data/example.h>
#include <torch/types.h>
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <vector>

// Example i is a 1x4x4 "image" filled with i / 10 and labelled i % 3.
class SquaresDataset : public torch::data::datasets::Dataset<SquaresDataset> {
 public:
  explicit SquaresDataset(int64_t count) : count_(count) {}

  torch::data::Example<> get(size_t index) override {
    torch::Tensor image = torch::full({1, 4, 4}, static_cast<double>(index) / 10.0);
    torch::Tensor label = torch::tensor(static_cast<int64_t>(index % 3), torch::kInt64);
    return {image, label};
  }

  torch::optional<size_t> size() const override { return static_cast<size_t>(count_); }

 private:
  int64_t count_;
};

int main() {
  auto dataset = SquaresDataset(10).map(torch::data::transforms::Stack<>());
  auto loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(dataset), torch::data::DataLoaderOptions().batch_size(4));

  std::vector<int64_t> batch_sizes;
  int64_t next = 0;
  bool ok = true;
  for (auto& batch : *loader) {
    const int64_t n = batch.data.size(0);
    batch_sizes.push_back(n);
    ok = ok && batch.data.sizes() == torch::IntArrayRef({n, 1, 4, 4}) && batch.target.sizes() == torch::IntArrayRef({n});
    ok = ok && batch.target.scalar_type() == torch::kInt64;
    for (int64_t k = 0; k < n; ++k, ++next) {
      const double pixel = batch.data[k].mean().item<double>();
      ok = ok && std::abs(pixel - next / 10.0) < 1e-6 && batch.target[k].item<int64_t>() == next % 3;
    }
  }
  ok = ok && next == 10 && batch_sizes == std::vector<int64_t>({4, 4, 2});
  std::cout << (ok ? "custom dataset: 10 examples in batches of 4, 4, 2" : "custom dataset: WRONG") << std::endl;
  return ok ? 0 : 1;
}
