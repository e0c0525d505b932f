// MNIST-format IDX files, read defensively: every header field, count and length is checked against
// the file, and a bad file is an Error naming it. gzopen reads raw files as they are, so one path
// serves both forms.
#include <xgrad/data/datasets/mnist.h>

#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

#include <xgrad/functions.h>

#include "check.h"

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

std::vector<uint8_t> read_whole_file(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  XGRAD_CHECK(file != nullptr, "MNIST: cannot open {}: {}", path, std::strerror(errno));
  std::vector<uint8_t> bytes;
  constexpr unsigned kChunk = 1 << 20;
  for (;;) {
    const size_t old_size = bytes.size();
    bytes.resize(old_size + kChunk);
    const int got = gzread(file, bytes.data() + old_size, kChunk);
    if (got < 0) break;  // reported below
    bytes.resize(old_size + static_cast<size_t>(got));
    if (got == 0) break;
  }
  int code = Z_OK;
  const std::string message = gzerror(file, &code);
  gzclose(file);
  // zlib reports a gzip stream that ends early as Z_BUF_ERROR ("unexpected end of file").
  XGRAD_CHECK(code == Z_OK || code == Z_STREAM_END, "MNIST: {} is corrupt or truncated gzip data ({})", path, message);
  return bytes;
}

uint32_t big_endian_at(const std::vector<uint8_t>& bytes, size_t offset) {
  return uint32_t{bytes[offset]} << 24 | uint32_t{bytes[offset + 1]} << 16 | uint32_t{bytes[offset + 2]} << 8 |
         uint32_t{bytes[offset + 3]};
}

/// Checks the header (magic, then header_size bytes of big-endian fields) and that the payload after it
/// has exactly item_bytes per item; returns the fields after the magic.
std::vector<uint32_t> check_idx(const std::vector<uint8_t>& bytes, const std::string& path, uint32_t magic,
                                const char* kind, size_t fields, const char* item) {
  const size_t header = 4 * (1 + fields);
  XGRAD_CHECK(!bytes.empty(), "MNIST: {} is empty (expected an IDX {} file)", path, kind);
  XGRAD_CHECK(bytes.size() >= header, "MNIST: {} is truncated: {} bytes, shorter than the {}-byte IDX {} header",
              path, bytes.size(), header, kind);
  const uint32_t found = big_endian_at(bytes, 0);
  XGRAD_CHECK(found == magic, "MNIST: {} has magic number 0x{:08x}, expected 0x{:08x} (an IDX {} file)", path, found,
              magic, kind);
  std::vector<uint32_t> values;
  for (size_t i = 0; i < fields; ++i) values.push_back(big_endian_at(bytes, 4 * (1 + i)));
  uint64_t item_bytes = 1;
  for (size_t i = 1; i < fields; ++i) {
    XGRAD_CHECK(values[i] > 0, "MNIST: {} has a zero dimension in its header ({})", path, fmt::join(values, " x "));
    item_bytes *= values[i];
  }
  const uint64_t expected = uint64_t{values[0]} * item_bytes;
  const uint64_t payload = bytes.size() - header;
  XGRAD_CHECK(payload >= expected, "MNIST: {} is truncated: its header promises {} {}s ({} bytes), it holds {} bytes",
              path, values[0], item, expected, payload);
  XGRAD_CHECK(payload == expected, "MNIST: {} has {} bytes after its last {} (its header promises {} {}s)", path,
              payload - expected, item, values[0], item);
  return values;
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) : is_train_(mode == Mode::kTrain) {
  const std::string prefix = is_train_ ? "train" : "t10k";
  const std::string images_path = find_file(root, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(root, prefix + "-labels-idx1-ubyte");

  const std::vector<uint8_t> image_bytes = read_whole_file(images_path);
  const std::vector<uint32_t> dims = check_idx(image_bytes, images_path, kImageMagic, "image", 3, "image");
  const std::vector<uint8_t> label_bytes = read_whole_file(labels_path);
  const std::vector<uint32_t> count = check_idx(label_bytes, labels_path, kLabelMagic, "label", 1, "label");
  XGRAD_CHECK(dims[0] == count[0], "MNIST: {} holds {} images but {} holds {} labels", images_path, dims[0],
              labels_path, count[0]);
  XGRAD_CHECK(dims[0] > 0, "MNIST: {} holds no images", images_path);

  const int64_t n = dims[0], rows = dims[1], cols = dims[2];
  images_ = xgrad::empty({n, 1, rows, cols}, kByte);
  std::memcpy(images_.data_ptr<uint8_t>(), image_bytes.data() + 16, static_cast<size_t>(n * rows * cols));
  targets_ = xgrad::empty({n}, kLong);
  auto* targets = targets_.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) targets[i] = label_bytes[static_cast<size_t>(8 + i)];
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
