#pragma once
// Writes MNIST-format (IDX) files for the tests: the data tests build good and broken files with it,
// and tests/tools/make_synthetic_mnist.cpp writes a tiny learnable dataset for the examples' tests.
//
// IDX: a big-endian header (magic 0x00000801 for labels, 0x00000803 for images; then the count, and
// for images the rows and columns), then one unsigned byte per label or pixel.
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace xgrad_test {

inline void append_big_endian(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

inline std::vector<uint8_t> idx_labels(const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> out;
  append_big_endian(out, 0x00000801);
  append_big_endian(out, static_cast<uint32_t>(labels.size()));
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

/// pixels holds count * rows * cols bytes, image after image, row-major.
inline std::vector<uint8_t> idx_images(const std::vector<uint8_t>& pixels, uint32_t count, uint32_t rows,
                                       uint32_t cols) {
  std::vector<uint8_t> out;
  append_big_endian(out, 0x00000803);
  append_big_endian(out, count);
  append_big_endian(out, rows);
  append_big_endian(out, cols);
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

/// Writes bytes to path as is, or gzip-compressed when gzip is true.
inline void write_file(const std::string& path, const std::vector<uint8_t>& bytes, bool gzip = false) {
  if (gzip) {
    gzFile file = gzopen(path.c_str(), "wb");
    if (file == nullptr) throw std::runtime_error("cannot write " + path);
    const int written = bytes.empty() ? 0 : gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    if (gzclose(file) != Z_OK || written != static_cast<int>(bytes.size()))
      throw std::runtime_error("cannot write " + path);
    return;
  }
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!file) throw std::runtime_error("cannot write " + path);
}

/// A tiny dataset a small network learns in a few steps: image i (side x side, side >= 28) has label
/// i % 10, and shows a bright 6x6 square at a place that depends only on the label, over faint noise.
struct SyntheticMnist {
  std::vector<uint8_t> pixels;
  std::vector<uint8_t> labels;
};

inline SyntheticMnist synthetic_mnist(uint32_t count, uint32_t seed, uint32_t side = 28) {
  SyntheticMnist set;
  set.pixels.resize(size_t{count} * side * side);
  set.labels.resize(count);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(0, 40);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t label = i % 10;
    set.labels[i] = static_cast<uint8_t>(label);
    uint8_t* image = set.pixels.data() + size_t{i} * side * side;
    for (uint32_t p = 0; p < side * side; ++p) image[p] = static_cast<uint8_t>(noise(rng));
    const uint32_t top = 3 + (label / 5) * 13, left = 1 + (label % 5) * 5;
    for (uint32_t r = top; r < top + 6; ++r)
      for (uint32_t c = left; c < left + 6; ++c) image[r * side + c] = 255;
  }
  return set;
}

/// Writes the four files of an MNIST-format folder (train-images-idx3-ubyte, ...), gzipped (with the
/// ".gz" suffix) or raw.
inline void write_synthetic_mnist(const std::string& dir, uint32_t train_count, uint32_t test_count, bool gzip,
                                  uint32_t side = 28) {
  const std::string suffix = gzip ? ".gz" : "";
  const struct {
    const char* prefix;
    uint32_t count;
    uint32_t seed;
  } parts[] = {{"train", train_count, 1}, {"t10k", test_count, 2}};
  for (const auto& part : parts) {
    const SyntheticMnist set = synthetic_mnist(part.count, part.seed, side);
    write_file(dir + "/" + part.prefix + "-images-idx3-ubyte" + suffix,
               idx_images(set.pixels, part.count, side, side), gzip);
    write_file(dir + "/" + part.prefix + "-labels-idx1-ubyte" + suffix, idx_labels(set.labels), gzip);
  }
}

}  // namespace xgrad_test
