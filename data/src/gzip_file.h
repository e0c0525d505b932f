#pragma once
// A data file that may be gzip-compressed, read through zlib's gzread (which passes a raw file through
// as it is, so one path serves both forms). Only regular files are opened: a FIFO would block, a
// device never end. Shared by the dataset readers; every error names the reader and the file.
#include <cstdint>
#include <string>

#include <zlib.h>

namespace xgrad {
namespace data {
namespace detail {

/// Deflate's best case is a 258-byte match in 2 bits, so no gzip file inflates to more than this many
/// bytes per byte of its own.
constexpr uint64_t kMaxInflation = 1032;

/// An open file (raw or gzip, a regular file), closed at the end of the scope.
class GzipFile {
 public:
  /// who names the reader in errors ("MNIST: cannot open <path>: ...").
  GzipFile(std::string path, std::string who);
  ~GzipFile();
  GzipFile(const GzipFile&) = delete;
  GzipFile& operator=(const GzipFile&) = delete;

  /// Reads up to count bytes into out; returns how many it got (fewer only at the end of the data).
  /// Corrupt or truncated gzip data is an Error.
  uint64_t read(uint8_t* out, uint64_t count);

  /// Whether the file is gzip data (else it is read as it is).
  bool compressed();
  /// The file's size on disk.
  uint64_t size() const { return size_; }
  /// The most bytes its data can hold: its size when raw, kMaxInflation times that when compressed.
  uint64_t max_data_size();
  const std::string& path() const { return path_; }

 private:
  std::string path_, who_;
  uint64_t size_ = 0;
  gzFile file_ = nullptr;
};

}  // namespace detail
}  // namespace data
}  // namespace xgrad
