// Image tensors as libtorch programs handle them: a batch of NCHW images chunked into rows and
// joined into one grid image (a make_grid helper, as GAN examples write to save samples), scaled
// to bytes in HWC order for an image writer. Built unchanged against libtorch and against xgrad
// (compat/); it checks every pixel of the grid against the image it came from.
#include <torch/torch.h>

#include <cstdint>
#include <iostream>
#include <vector>

// Lays out a batch of N images (N, C, H, W) as a grid with `per_row` images in each row.
torch::Tensor make_grid(const torch::Tensor& batch, int64_t per_row) {
  const int64_t rows = (batch.size(0) + per_row - 1) / per_row;
  std::vector<torch::Tensor> row_images;
  for (const torch::Tensor& row : batch.chunk(rows, /*dim=*/0)) {
    // The images of one row, side by side along the width.
    row_images.push_back(torch::cat(row.unbind(0), /*dim=*/2));
  }
  return torch::cat(row_images, /*dim=*/1);
}

int main() {
  const int64_t n = 6, c = 3, h = 2, w = 3;
  // Image i has value (i * 10 + channel) / 100 everywhere: each pixel says where it came from.
  torch::Tensor batch = torch::empty({n, c, h, w});
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t ch = 0; ch < c; ++ch) batch[i][ch].fill_((i * 10 + ch) / 100.0);
  }
  torch::Tensor grid = make_grid(batch, 3);
  bool ok = grid.sizes() == torch::IntArrayRef({c, 2 * h, 3 * w});

  // To 8-bit HWC, as an image writer wants it.
  torch::Tensor bytes = grid.mul(255).clamp(0, 255).to(torch::kUInt8).permute({1, 2, 0}).contiguous();
  ok = ok && bytes.scalar_type() == torch::kByte && bytes.sizes() == torch::IntArrayRef({2 * h, 3 * w, c});
  const uint8_t* pixels = bytes.data_ptr<uint8_t>();
  for (int64_t y = 0; y < 2 * h; ++y) {
    for (int64_t x = 0; x < 3 * w; ++x) {
      const int64_t image = (y / h) * 3 + x / w;
      for (int64_t ch = 0; ch < c; ++ch) {
        const auto expected = static_cast<uint8_t>(static_cast<float>((image * 10 + ch) / 100.0) * 255.0f);
        ok = ok && pixels[(y * 3 * w + x) * c + ch] == expected;
      }
    }
  }
  // The same grid from stack: a row of images is one (C, H, W * per_row) tensor.
  std::vector<torch::Tensor> pieces = batch.split(3, 0);
  torch::Tensor stacked = torch::stack({torch::cat(pieces[0].unbind(0), 2), torch::cat(pieces[1].unbind(0), 2)}, 0);
  ok = ok && torch::equal(stacked.permute({1, 0, 2, 3}).reshape({c, 2 * h, 3 * w}), grid);
  std::cout << (ok ? "image grid: 6 images in a 2x3 grid" : "image grid: WRONG") << std::endl;
  return ok ? 0 : 1;
}
