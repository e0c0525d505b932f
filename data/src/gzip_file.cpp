#include "gzip_file.h"

#include <unistd.h>

#include <algorithm>
#include <limits>

#include <xgrad/serialize/archive.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace data {
namespace detail {

GzipFile::GzipFile(std::string path, std::string who) : path_(std::move(path)), who_(std::move(who)) {
  const int fd = serialize::detail::open_regular_file(path_, who_, path_, size_);
  file_ = gzdopen(fd, "rb");
  if (file_ == nullptr) {
    ::close(fd);
    throw Error(fmt::format("{}: cannot read {}: out of memory", who_, path_));
  }
}

GzipFile::~GzipFile() { gzclose(file_); }

uint64_t GzipFile::read(uint8_t* out, uint64_t count) {
  constexpr uint64_t kChunk = 1 << 20;  // gzread takes and returns int-sized counts
  uint64_t done = 0;
  while (done < count) {
    const auto want = static_cast<unsigned>(std::min(kChunk, count - done));
    const int got = gzread(file_, out + done, want);
    if (got <= 0) break;
    done += static_cast<uint64_t>(got);
  }
  int code = Z_OK;
  const char* message = gzerror(file_, &code);
  // zlib reports a gzip stream that ends early as Z_BUF_ERROR ("unexpected end of file").
  XGRAD_CHECK(code == Z_OK || code == Z_STREAM_END, "{}: {} is corrupt or truncated gzip data ({})", who_, path_,
              message);
  return done;
}

bool GzipFile::compressed() { return gzdirect(file_) == 0; }

uint64_t GzipFile::max_data_size() {
  if (!compressed()) return size_;
  return size_ > std::numeric_limits<uint64_t>::max() / kMaxInflation ? std::numeric_limits<uint64_t>::max()
                                                                       : size_ * kMaxInflation;
}

}  // namespace detail
}  // namespace data
}  // namespace xgrad
