// MNIST-format IDX files, read defensively: every header field, count and length is checked against
// the file, and a bad file is an Error naming it. gzopen reads raw files as they are, so one path
// serves both forms. Files are read in chunks up to what the header promises, so a hostile header or
// a gzip bomb cannot make the reader allocate more than the data that is really there (plus a chunk).
#include <xgrad/data/datasets/mnist.h>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
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

/// An open IDX file (raw or gzip), closed at the end of the scope.
class IdxFile {
 public:
  explicit IdxFile(std::string path) : path_(std::move(path)), file_(gzopen(path_.c_str(), "rb")) {
    XGRAD_CHECK(file_ != nullptr, "MNIST: cannot open {}: {}", path_, std::strerror(errno));
  }
  ~IdxFile() { gzclose(file_); }
  IdxFile(const IdxFile&) = delete;
  IdxFile& operator=(const IdxFile&) = delete;

  /// Reads up to count bytes into out (appending); returns how many it got. Never allocates more than
  /// what the file holds, so a header that promises terabytes costs nothing until they arrive.
  size_t read(std::vector<uint8_t>& out, uint64_t count) {
    constexpr uint64_t kChunk = 1 << 20;
    const size_t start = out.size();
    while (out.size() - start < count) {
      const auto want = static_cast<unsigned>(std::min<uint64_t>(kChunk, count - (out.size() - start)));
      const size_t old_size = out.size();
      out.resize(old_size + want);
      const int got = gzread(file_, out.data() + old_size, want);
      out.resize(old_size + static_cast<size_t>(std::max(got, 0)));
      if (got <= 0) break;
    }
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    // zlib reports a gzip stream that ends early as Z_BUF_ERROR ("unexpected end of file").
    XGRAD_CHECK(code == Z_OK || code == Z_STREAM_END, "MNIST: {} is corrupt or truncated gzip data ({})", path_,
                message);
    return out.size() - start;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  gzFile file_;
};

uint32_t big_endian_at(const std::vector<uint8_t>& bytes, size_t offset) {
  return uint32_t{bytes[offset]} << 24 | uint32_t{bytes[offset + 1]} << 16 | uint32_t{bytes[offset + 2]} << 8 |
         uint32_t{bytes[offset + 3]};
}

/// The IDX file at path: checks the header (magic, then `fields` big-endian sizes, the first a count of
/// items) and that exactly count items of the other sizes' product follow. Returns the sizes; payload
/// gets the bytes after the header.
std::vector<uint32_t> read_idx(const std::string& path, uint32_t magic, const char* kind, size_t fields,
                               const char* item, std::vector<uint8_t>& payload) {
  IdxFile file(path);
  const size_t header = 4 * (1 + fields);
  std::vector<uint8_t> head;
  const size_t got = file.read(head, header);
  XGRAD_CHECK(got > 0, "MNIST: {} is empty (expected an IDX {} file)", path, kind);
  XGRAD_CHECK(got == header, "MNIST: {} is truncated: {} bytes, shorter than the {}-byte IDX {} header", path, got,
              header, kind);
  const uint32_t found = big_endian_at(head, 0);
  XGRAD_CHECK(found == magic, "MNIST: {} has magic number 0x{:08x}, expected 0x{:08x} (an IDX {} file)", path, found,
              magic, kind);
  std::vector<uint32_t> sizes;
  for (size_t i = 0; i < fields; ++i) sizes.push_back(big_endian_at(head, 4 * (1 + i)));
  uint64_t item_bytes = 1;  // at most (2^32)^2 for images: no overflow
  for (size_t i = 1; i < fields; ++i) {
    XGRAD_CHECK(sizes[i] > 0, "MNIST: {} has a zero dimension in its header ({})", path, fmt::join(sizes, " x "));
    item_bytes *= sizes[i];
  }
  XGRAD_CHECK(sizes[0] <= std::numeric_limits<int64_t>::max() / item_bytes,
              "MNIST: {} has an impossible header: {} {}s of {} bytes", path, sizes[0], item, item_bytes);
  const uint64_t expected = uint64_t{sizes[0]} * item_bytes;
  // One byte more than promised, to tell a file with extra bytes from an exact one.
  const size_t held = file.read(payload, expected + 1);
  XGRAD_CHECK(held >= expected, "MNIST: {} is truncated: its header promises {} {}s ({} bytes), it holds {} bytes", path,
              sizes[0], item, expected, held);
  XGRAD_CHECK(held == expected, "MNIST: {} has bytes after its last {} (its header promises {} {}s)", path, item,
              sizes[0], item);
  return sizes;
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) : is_train_(mode == Mode::kTrain) {
  const std::string prefix = is_train_ ? "train" : "t10k";
  const std::string images_path = find_file(root, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(root, prefix + "-labels-idx1-ubyte");

  std::vector<uint8_t> pixels, labels;
  const std::vector<uint32_t> dims = read_idx(images_path, kImageMagic, "image", 3, "image", pixels);
  const std::vector<uint32_t> count = read_idx(labels_path, kLabelMagic, "label", 1, "label", labels);
  XGRAD_CHECK(dims[0] == count[0], "MNIST: {} holds {} images but {} holds {} labels", images_path, dims[0],
              labels_path, count[0]);
  XGRAD_CHECK(dims[0] > 0, "MNIST: {} holds no images", images_path);

  const int64_t n = dims[0], rows = dims[1], cols = dims[2];
  images_ = xgrad::empty({n, 1, rows, cols}, kByte);
  std::memcpy(images_.data_ptr<uint8_t>(), pixels.data(), pixels.size());
  targets_ = xgrad::empty({n}, kLong);
  auto* targets = targets_.data_ptr<int64_t>();
  std::copy(labels.begin(), labels.end(), targets);
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
