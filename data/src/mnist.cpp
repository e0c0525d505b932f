// MNIST-format IDX files, read defensively: only regular files are opened (a FIFO would block, a
// device never end), every header field, count and length is checked against the file, and a bad
// file is an Error naming it. Raw and gzip files are read alike (gzip_file.h).
// The payload's size comes from the header, and is checked against what the file can hold before
// anything is allocated: exactly its size less the header when raw, at most deflate's 1032:1 when
// gzipped. It is then read straight into a tensor of that size, allocated once, and one byte more is
// asked for to tell an exact file from a longer one: a gzip bomb costs the declared size and zlib's
// buffers, however far it inflates.
#include <xgrad/data/datasets/mnist.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/internal/check.h>

#include "gzip_file.h"

namespace xgrad {
namespace data {
namespace datasets {
namespace {

constexpr uint32_t kLabelMagic = 0x00000801;  // unsigned bytes, one dimension
constexpr uint32_t kImageMagic = 0x00000803;  // unsigned bytes, three dimensions

/// root/name, or root/name.gz when only that exists.
std::string find_file(const std::string& root, const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path raw = fs::path(root) / name;
  const fs::path gz = fs::path(root) / (name + ".gz");
  std::error_code ignored;
  if (fs::exists(raw, ignored)) return raw.string();
  if (fs::exists(gz, ignored)) return gz.string();
  XGRAD_CHECK(fs::is_directory(root, ignored), "MNIST: {} is not a folder (expected an MNIST-format folder)", root);
  throw Error(fmt::format("MNIST: {} holds neither {} nor {}.gz", root, name, name));
}

uint32_t big_endian_at(const uint8_t* bytes) {
  return uint32_t{bytes[0]} << 24 | uint32_t{bytes[1]} << 16 | uint32_t{bytes[2]} << 8 | uint32_t{bytes[3]};
}

/// The IDX file at path: checks the header (magic, then `fields` big-endian sizes, the first a count of
/// items) and that exactly count items of the other sizes' product follow. Returns the sizes; payload
/// becomes a uint8 tensor of those sizes holding the bytes after the header.
std::vector<uint32_t> read_idx(const std::string& path, uint32_t magic, const char* kind, size_t fields,
                               const char* item, Tensor& payload) {
  detail::GzipFile file(path, "MNIST");
  const size_t header = 4 * (1 + fields);
  uint8_t head[16];
  const uint64_t got = file.read(head, header);
  XGRAD_CHECK(got > 0, "MNIST: {} is empty (expected an IDX {} file)", path, kind);
  XGRAD_CHECK(got == header, "MNIST: {} is truncated: {} bytes, shorter than the {}-byte IDX {} header", path, got,
              header, kind);
  const uint32_t found = big_endian_at(head);
  XGRAD_CHECK(found == magic, "MNIST: {} has magic number 0x{:08x}, expected 0x{:08x} (an IDX {} file)", path, found,
              magic, kind);
  std::vector<uint32_t> sizes;
  for (size_t i = 0; i < fields; ++i) sizes.push_back(big_endian_at(head + 4 * (1 + i)));
  uint64_t item_bytes = 1;  // at most (2^32)^2 for images: no overflow
  for (size_t i = 1; i < fields; ++i) {
    XGRAD_CHECK(sizes[i] > 0, "MNIST: {} has a zero dimension in its header ({})", path, fmt::join(sizes, " x "));
    item_bytes *= sizes[i];
  }
  XGRAD_CHECK(sizes[0] <= std::numeric_limits<int64_t>::max() / item_bytes,
              "MNIST: {} has an impossible header: {} {}s of {} bytes", path, sizes[0], item, item_bytes);
  const uint64_t expected = uint64_t{sizes[0]} * item_bytes;

  // Before anything is allocated: can the file hold what its header declares?
  if (file.compressed()) {
    const uint64_t most = file.max_data_size();
    XGRAD_CHECK(expected <= most - header,
                "MNIST: {} cannot hold what its header declares: {} {}s ({} bytes), but {} bytes of gzip data "
                "inflate to at most {} bytes",
                path, sizes[0], item, expected, file.size(), most);
  } else {
    const uint64_t held = file.size() - std::min<uint64_t>(file.size(), header);
    XGRAD_CHECK(held >= expected,
                "MNIST: {} is truncated: its header promises {} {}s ({} bytes), it holds {} bytes", path, sizes[0],
                item, expected, held);
    XGRAD_CHECK(held == expected, "MNIST: {} has bytes after its last {} (its header promises {} {}s)", path, item,
                sizes[0], item);
  }

  std::vector<int64_t> shape(sizes.begin(), sizes.end());
  payload = xgrad::empty(shape, kByte);
  const uint64_t held = file.read(payload.data_ptr<uint8_t>(), expected);
  XGRAD_CHECK(held == expected, "MNIST: {} is truncated: its header promises {} {}s ({} bytes), it holds {} bytes",
              path, sizes[0], item, expected, held);
  // One byte more, to tell a file with extra bytes from an exact one (and to reach the gzip trailer,
  // whose checksum zlib then checks).
  uint8_t extra;
  XGRAD_CHECK(file.read(&extra, 1) == 0, "MNIST: {} has bytes after its last {} (its header promises {} {}s)", path,
              item, sizes[0], item);
  return sizes;
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) : is_train_(mode == Mode::kTrain) {
  const std::string prefix = is_train_ ? "train" : "t10k";
  const std::string images_path = find_file(root, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(root, prefix + "-labels-idx1-ubyte");

  Tensor pixels, labels;
  const std::vector<uint32_t> dims = read_idx(images_path, kImageMagic, "image", 3, "image", pixels);
  const std::vector<uint32_t> count = read_idx(labels_path, kLabelMagic, "label", 1, "label", labels);
  XGRAD_CHECK(dims[0] == count[0], "MNIST: {} holds {} images but {} holds {} labels", images_path, dims[0],
              labels_path, count[0]);
  XGRAD_CHECK(dims[0] > 0, "MNIST: {} holds no images", images_path);

  const int64_t n = dims[0], rows = dims[1], cols = dims[2];
  images_ = pixels.view({n, 1, rows, cols});
  targets_ = xgrad::empty({n}, kLong);
  const uint8_t* from = labels.data_ptr<uint8_t>();
  std::copy(from, from + n, targets_.data_ptr<int64_t>());
}

Example<> MNIST::get(size_t index) {
  const int64_t n = images_.size(0), rows = images_.size(2), cols = images_.size(3);
  XGRAD_CHECK(index < static_cast<size_t>(n), "MNIST::get: index {} out of range for {} examples", index, n);
  Tensor image = xgrad::empty({1, rows, cols});
  const uint8_t* pixels = images_.data_ptr<uint8_t>() + index * static_cast<size_t>(rows * cols);
  float* out = image.data_ptr<float>();
  // Division, not multiplication by 1/255, gives libtorch's values to the last bit.
  for (int64_t p = 0; p < rows * cols; ++p) out[p] = static_cast<float>(pixels[p]) / 255.0f;
  return {image, targets_[static_cast<int64_t>(index)]};
}

std::optional<size_t> MNIST::size() const { return static_cast<size_t>(images_.size(0)); }

bool MNIST::is_train() const noexcept { return is_train_; }

const Tensor& MNIST::images() const { return images_; }

const Tensor& MNIST::targets() const { return targets_; }

}  // namespace datasets
}  // namespace data
}  // namespace xgrad
