// OutputArchive / InputArchive: the checkpoint file format (see xgrad/serialize/archive.h and
// docs/checkpoint-format.md), written atomically and read defensively.
//
// Writing streams the entries through a running CRC-32 into a temporary file beside the target
// (mkstemp), fsyncs it and renames it over the target, so the target is either the old file or the
// complete new one. Reading takes the whole file into memory and checks it in three passes: the
// structure (magic, version, every length against the bytes that remain), then the checksum, and
// only then builds tensors, so a bad file never yields a half-read archive.
#include <xgrad/serialize/archive.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <istream>
#include <iterator>
#include <limits>
#include <ostream>
#include <unordered_set>

#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>

#include "check.h"

namespace xgrad {
namespace serialize {

namespace {

constexpr char kMagic[8] = {'X', 'G', 'R', 'A', 'D', 'C', 'K', 'P'};
constexpr uint32_t kVersion = 1;
constexpr uint8_t kBufferFlag = 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
constexpr bool kBigEndianHost = true;
#else
constexpr bool kBigEndianHost = false;
#endif
// The smallest entry: key length, dtype, flags, ndim and byte count, with an empty key and no dims.
constexpr size_t kMinEntryBytes = 4 + 1 + 1 + 4 + 8;

/// Reverses the bytes of each width-byte element (little-endian file <-> big-endian host).
void swap_elements(char* data, size_t nbytes, size_t width) {
  if (width == 1) return;
  for (size_t i = 0; i + width <= nbytes; i += width) std::reverse(data + i, data + i + width);
}

template <typename T>
void store_le(char* out, T value) {
  std::memcpy(out, &value, sizeof(T));
  if (kBigEndianHost) swap_elements(out, sizeof(T), sizeof(T));
}

template <typename T>
T load_le(const char* in) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, in, sizeof(T));
  if (kBigEndianHost) swap_elements(bytes, sizeof(T), sizeof(T));
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

uint32_t crc32_update(uint32_t crc, const char* data, size_t n) {
  uLong value = crc;
  // zlib's length is a uInt: feed large buffers in pieces.
  constexpr size_t kChunk = size_t(1) << 30;
  for (size_t done = 0; done < n; done += kChunk) {
    const size_t len = std::min(kChunk, n - done);
    value = ::crc32(value, reinterpret_cast<const Bytef*>(data + done), static_cast<uInt>(len));
  }
  return static_cast<uint32_t>(value);
}

bool known_dtype(uint8_t code) {
  switch (static_cast<ScalarType>(code)) {
    case kByte:
    case kLong:
    case kFloat:
    case kDouble:
    case kBool: return true;
  }
  return false;
}

using Emit = std::function<void(const char*, size_t)>;

/// Serialises entries through emit, checksumming as it goes; the CRC itself is emitted last.
void write_archive(const detail::ArchiveEntries& entries, const Emit& emit) {
  uint32_t crc = 0;
  auto bytes = [&](const char* data, size_t n) {
    crc = crc32_update(crc, data, n);
    emit(data, n);
  };
  auto integer = [&](auto value) {
    char buffer[sizeof(value)];
    store_le(buffer, value);
    bytes(buffer, sizeof(value));
  };
  bytes(kMagic, sizeof(kMagic));
  integer(kVersion);
  integer(static_cast<uint64_t>(entries.size()));
  for (const auto& item : entries) {
    const std::string& key = item.key();
    const Tensor data = item.value().tensor.detach().contiguous();
    integer(static_cast<uint32_t>(key.size()));
    bytes(key.data(), key.size());
    integer(static_cast<uint8_t>(data.scalar_type()));
    integer(static_cast<uint8_t>(item.value().is_buffer ? kBufferFlag : 0));
    integer(static_cast<uint32_t>(data.dim()));
    for (int64_t size : data.sizes()) integer(static_cast<int64_t>(size));
    const size_t nbytes = data.nbytes();
    integer(static_cast<uint64_t>(nbytes));
    if (nbytes == 0) continue;
    const char* raw = static_cast<const char*>(data.data_ptr());
    if (!kBigEndianHost || data.element_size() == 1) {
      bytes(raw, nbytes);
    } else {
      std::vector<char> swapped(raw, raw + nbytes);
      swap_elements(swapped.data(), nbytes, data.element_size());
      bytes(swapped.data(), nbytes);
    }
  }
  char trailer[4];
  store_le(trailer, crc);
  emit(trailer, sizeof(trailer));
}

/// Buffered writes to a file descriptor; errors name the checkpoint.
class FdWriter {
 public:
  FdWriter(int fd, const std::string& filename) : fd_(fd), filename_(filename) { buffer_.reserve(kCapacity); }
  void write(const char* data, size_t n) {
    if (buffer_.size() + n > kCapacity) flush();
    if (n >= kCapacity) {
      write_all(data, n);
    } else {
      buffer_.append(data, n);
    }
  }
  void flush() {
    write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

 private:
  static constexpr size_t kCapacity = size_t(1) << 20;
  void write_all(const char* data, size_t n) {
    while (n > 0) {
      const ssize_t written = ::write(fd_, data, n);
      if (written < 0 && errno == EINTR) continue;
      XGRAD_CHECK(written > 0, "OutputArchive::save_to: writing '{}' failed: {}", filename_, std::strerror(errno));
      data += written;
      n -= static_cast<size_t>(written);
    }
  }
  int fd_;
  const std::string& filename_;
  std::string buffer_;
};

/// Makes a completed rename durable; best effort (some file systems refuse to fsync directories).
void sync_directory_of(const std::string& filename) {
  const size_t slash = filename.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : filename.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

/// One entry as laid out in the file, before its tensor is built.
struct ParsedEntry {
  std::string key;
  ScalarType dtype;
  bool is_buffer;
  std::vector<int64_t> sizes;
  size_t data_offset;
  size_t nbytes;
};

/// Checks bytes against the format and returns its entries; errors name source (the file).
std::vector<ParsedEntry> parse_structure(const std::string& bytes, const std::string& source) {
  const std::string where = fmt::format("InputArchive::load_from: checkpoint '{}'", source);
  XGRAD_CHECK(!bytes.empty(), "{} is empty", where);
  const size_t magic_seen = std::min(bytes.size(), sizeof(kMagic));
  XGRAD_CHECK(std::memcmp(bytes.data(), kMagic, magic_seen) == 0,
              "{} is not an xgrad checkpoint (it does not start with \"XGRADCKP\")", where);

  size_t pos = 0;
  auto need = [&](size_t n, const std::string& what) {
    XGRAD_CHECK(bytes.size() - pos >= n,
                "{} is truncated: {} needs {} bytes at offset {}, but the file ends after {} (it has {} bytes)", where,
                what, n, pos, bytes.size() - pos, bytes.size());
  };
  auto take = [&](auto value, const std::string& what) {
    need(sizeof(value), what);
    value = load_le<decltype(value)>(bytes.data() + pos);
    pos += sizeof(value);
    return value;
  };

  need(sizeof(kMagic), "the magic \"XGRADCKP\"");
  pos = sizeof(kMagic);
  const uint32_t version = take(uint32_t{}, "the format version");
  XGRAD_CHECK(version == kVersion, "{} has format version {}; this build of xgrad reads version {}", where, version,
              kVersion);
  const uint64_t count = take(uint64_t{}, "the entry count");
  const size_t room = bytes.size() - pos;
  XGRAD_CHECK(count <= room / kMinEntryBytes,
              "{} is truncated or corrupt: it declares {} entries, but only {} bytes follow the header", where, count,
              room);

  std::vector<ParsedEntry> entries;
  entries.reserve(static_cast<size_t>(count));
  std::unordered_set<std::string> seen;
  for (uint64_t i = 0; i < count; ++i) {
    ParsedEntry entry;
    const std::string nth = fmt::format("entry {}", i);
    const uint32_t key_length = take(uint32_t{}, nth + "'s key length");
    need(key_length, nth + "'s key");
    entry.key.assign(bytes.data() + pos, key_length);
    pos += key_length;
    const std::string named = fmt::format("entry {} ('{}')", i, entry.key);
    XGRAD_CHECK(seen.insert(entry.key).second, "{} is corrupt: the key '{}' appears twice", where, entry.key);
    const uint8_t code = take(uint8_t{}, named + "'s dtype");
    XGRAD_CHECK(known_dtype(code), "{} is corrupt: {} has unknown dtype code {}", where, named, code);
    entry.dtype = static_cast<ScalarType>(code);
    const uint8_t flags = take(uint8_t{}, named + "'s flags");
    XGRAD_CHECK((flags & ~kBufferFlag) == 0, "{} is corrupt: {} has unknown flags 0x{:02x}", where, named, flags);
    entry.is_buffer = (flags & kBufferFlag) != 0;
    const uint32_t ndim = take(uint32_t{}, named + "'s number of dims");
    need(size_t(ndim) * sizeof(int64_t), named + "'s sizes");
    uint64_t numel = 1;
    for (uint32_t d = 0; d < ndim; ++d) {
      const int64_t size = take(int64_t{}, named + "'s sizes");
      XGRAD_CHECK(size >= 0, "{} is corrupt: {} has negative size {} in dim {}", where, named, size, d);
      entry.sizes.push_back(size);
      XGRAD_CHECK(size == 0 || numel <= uint64_t(std::numeric_limits<int64_t>::max()) / uint64_t(size),
                  "{} is corrupt: {} has shape {}, too many elements", where, named,
                  xgrad::detail::shape_str(entry.sizes));
      numel *= uint64_t(size);
    }
    const uint64_t nbytes = take(uint64_t{}, named + "'s byte count");
    const uint64_t element = elementSize(entry.dtype);
    XGRAD_CHECK(numel <= std::numeric_limits<uint64_t>::max() / element && nbytes == numel * element,
                "{} is corrupt: {} declares {} bytes of data, but shape {} of dtype {} needs {}", where, named, nbytes,
                xgrad::detail::shape_str(entry.sizes), toString(entry.dtype), numel * element);
    need(static_cast<size_t>(nbytes), named + "'s data");
    entry.data_offset = pos;
    entry.nbytes = static_cast<size_t>(nbytes);
    pos += entry.nbytes;
    entries.push_back(std::move(entry));
  }
  need(4, "the CRC-32 checksum");
  XGRAD_CHECK(bytes.size() - pos == 4, "{} is corrupt: {} unexpected bytes follow the checksum at offset {}", where,
              bytes.size() - pos - 4, pos);
  const uint32_t stored = load_le<uint32_t>(bytes.data() + pos);
  const uint32_t computed = crc32_update(0, bytes.data(), pos);
  XGRAD_CHECK(stored == computed,
              "{} is corrupt: checksum mismatch (the file says 0x{:08x}, its contents give 0x{:08x})", where, stored,
              computed);
  return entries;
}

std::shared_ptr<std::string> read_file(const std::string& filename) {
  struct stat info;
  XGRAD_CHECK(::stat(filename.c_str(), &info) == 0, "InputArchive::load_from: cannot open checkpoint '{}': {}",
              filename, std::strerror(errno));
  XGRAD_CHECK(S_ISREG(info.st_mode), "InputArchive::load_from: checkpoint '{}' is not a regular file", filename);
  std::ifstream in(filename, std::ios::binary);
  XGRAD_CHECK(in.good(), "InputArchive::load_from: cannot open checkpoint '{}': {}", filename, std::strerror(errno));
  auto bytes = std::make_shared<std::string>(static_cast<size_t>(info.st_size), '\0');
  in.read(&(*bytes)[0], static_cast<std::streamsize>(bytes->size()));
  XGRAD_CHECK(static_cast<size_t>(in.gcount()) == bytes->size() && !in.bad(),
              "InputArchive::load_from: reading checkpoint '{}' failed after {} of {} bytes", filename, in.gcount(),
              bytes->size());
  return bytes;
}

}  // namespace

// ---- OutputArchive ----

void OutputArchive::write(const std::string& key, const Tensor& tensor, bool is_buffer) {
  XGRAD_CHECK(!key.empty(), "OutputArchive::write: the key is empty");
  XGRAD_CHECK(key.size() <= std::numeric_limits<uint32_t>::max(),
              "OutputArchive::write: the key is too long ({} bytes)", key.size());
  XGRAD_CHECK(tensor.defined(), "OutputArchive::write: the tensor for key '{}' is undefined", key);
  XGRAD_CHECK(!entries_.contains(key), "OutputArchive::write: duplicate key '{}'", key);
  entries_.insert(key, detail::ArchiveEntry{tensor.detach(), is_buffer});
}

void OutputArchive::write(const std::string& key, OutputArchive& nested) {
  XGRAD_CHECK(!key.empty(), "OutputArchive::write: the key of the nested archive is empty");
  XGRAD_CHECK(&nested != this, "OutputArchive::write: cannot write an archive into itself (key '{}')", key);
  for (const auto& item : nested.entries_) write(key + "." + item.key(), item.value().tensor, item.value().is_buffer);
}

void OutputArchive::write(const std::string& key, int64_t value) { write(key, full({}, value, kLong)); }

void OutputArchive::write(const std::string& key, double value) { write(key, full({}, value, kDouble)); }

void OutputArchive::save_to(const std::string& filename) {
  XGRAD_CHECK(!filename.empty(), "OutputArchive::save_to: the file name is empty");
  std::string path = filename + ".tmp-XXXXXX";
  int fd = ::mkstemp(&path[0]);
  XGRAD_CHECK(fd >= 0,
              "OutputArchive::save_to: cannot write checkpoint '{}': creating a temporary file beside it failed: {}",
              filename, std::strerror(errno));
  try {
    // mkstemp makes the file private (0600); keep an existing checkpoint's mode, else the usual 0644.
    struct stat existing;
    const mode_t mode = ::stat(filename.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0644;
    (void)::fchmod(fd, mode);
    FdWriter out(fd, filename);
    write_archive(entries_, [&out](const char* data, size_t n) { out.write(data, n); });
    out.flush();
    XGRAD_CHECK(::fsync(fd) == 0, "OutputArchive::save_to: flushing checkpoint '{}' to disk failed: {}", filename,
                std::strerror(errno));
    const int closed = ::close(fd);
    fd = -1;
    XGRAD_CHECK(closed == 0, "OutputArchive::save_to: writing checkpoint '{}' failed: {}", filename,
                std::strerror(errno));
    XGRAD_CHECK(::rename(path.c_str(), filename.c_str()) == 0,
                "OutputArchive::save_to: cannot replace checkpoint '{}' with the new one: {}", filename,
                std::strerror(errno));
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(path.c_str());
    throw;
  }
  sync_directory_of(filename);
}

void OutputArchive::save_to(std::ostream& stream) {
  write_archive(entries_, [&stream](const char* data, size_t n) {
    stream.write(data, static_cast<std::streamsize>(n));
    XGRAD_CHECK(stream.good(), "OutputArchive::save_to: writing to the stream failed");
  });
  stream.flush();
  XGRAD_CHECK(stream.good(), "OutputArchive::save_to: writing to the stream failed");
}

std::vector<std::string> OutputArchive::keys() const { return entries_.keys(); }

// ---- InputArchive ----

InputArchive::InputArchive() {
  auto data = std::make_shared<Data>();
  data->filename = "<empty archive>";
  data_ = std::move(data);
}

namespace {
/// The archive data of a validated file: one fresh tensor per entry.
void build_entries(const std::string& bytes, const std::vector<ParsedEntry>& parsed, const std::string& source,
                   detail::ArchiveEntries& out) {
  for (const ParsedEntry& entry : parsed) {
    const char* raw = bytes.data() + entry.data_offset;
    if (entry.dtype == kBool) {
      // Any other byte would be an invalid bool; the checksum rules out corruption, not a bad writer.
      for (size_t i = 0; i < entry.nbytes; ++i)
        XGRAD_CHECK(static_cast<uint8_t>(raw[i]) <= 1,
                    "InputArchive::load_from: checkpoint '{}' is corrupt: bool entry '{}' holds the byte {}", source,
                    entry.key, static_cast<int>(static_cast<uint8_t>(raw[i])));
    }
    Tensor tensor = empty(entry.sizes, entry.dtype);
    if (entry.nbytes > 0) {
      char* out_data = static_cast<char*>(tensor.data_ptr());
      std::memcpy(out_data, raw, entry.nbytes);
      if (kBigEndianHost) swap_elements(out_data, entry.nbytes, elementSize(entry.dtype));
    }
    out.insert(entry.key, detail::ArchiveEntry{std::move(tensor), entry.is_buffer});
  }
}
}  // namespace

void InputArchive::load_from(const std::string& filename) {
  const std::shared_ptr<std::string> bytes = read_file(filename);
  const std::vector<ParsedEntry> parsed = parse_structure(*bytes, filename);
  auto data = std::make_shared<Data>();
  data->filename = filename;
  build_entries(*bytes, parsed, filename, data->entries);
  data_ = std::move(data);
  prefix_.clear();
}

void InputArchive::load_from(std::istream& stream) {
  const std::string source = "<stream>";
  std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  XGRAD_CHECK(!stream.bad(), "InputArchive::load_from: reading checkpoint '{}' failed", source);
  const std::vector<ParsedEntry> parsed = parse_structure(bytes, source);
  auto data = std::make_shared<Data>();
  data->filename = source;
  build_entries(bytes, parsed, source, data->entries);
  data_ = std::move(data);
  prefix_.clear();
}

const detail::ArchiveEntry* InputArchive::find(const std::string& key) const {
  return data_->entries.find(prefix_ + key);
}

std::string InputArchive::describe(const std::string& key) const {
  return fmt::format("'{}' in checkpoint '{}'", prefix_ + key, data_->filename);
}

bool InputArchive::try_read(const std::string& key, Tensor& tensor, bool is_buffer) {
  const detail::ArchiveEntry* entry = find(key);
  if (entry == nullptr) return false;
  XGRAD_CHECK(entry->is_buffer == is_buffer, "InputArchive::read: {} is stored as a {}, but was read as a {}",
              describe(key), entry->is_buffer ? "buffer" : "parameter", is_buffer ? "buffer" : "parameter");
  tensor = entry->tensor.detach();
  return true;
}

void InputArchive::read(const std::string& key, Tensor& tensor, bool is_buffer) {
  XGRAD_CHECK(try_read(key, tensor, is_buffer), "InputArchive::read: checkpoint '{}' has no entry '{}'",
              data_->filename, prefix_ + key);
}

bool InputArchive::try_read(const std::string& key, InputArchive& nested) {
  const std::string prefix = prefix_ + key + ".";
  for (const auto& item : data_->entries) {
    if (item.key().compare(0, prefix.size(), prefix) == 0) {
      nested.data_ = data_;
      nested.prefix_ = prefix;
      return true;
    }
  }
  return false;
}

void InputArchive::read(const std::string& key, InputArchive& nested) {
  nested.data_ = data_;
  nested.prefix_ = prefix_ + key + ".";
}

namespace {
template <typename T>
bool read_value(InputArchive& archive, const std::string& key, T& value, ScalarType dtype, const std::string& where) {
  Tensor tensor;
  if (!archive.try_read(key, tensor)) return false;
  XGRAD_CHECK(tensor.dim() == 0 && tensor.scalar_type() == dtype,
              "InputArchive::read: {} holds a {} tensor of shape {}, not a single {} value", where,
              toString(tensor.scalar_type()), xgrad::detail::shape_str(tensor.sizes()), toString(dtype));
  value = tensor.item<T>();
  return true;
}
}  // namespace

bool InputArchive::try_read(const std::string& key, int64_t& value) {
  return read_value(*this, key, value, kLong, describe(key));
}

bool InputArchive::try_read(const std::string& key, double& value) {
  return read_value(*this, key, value, kDouble, describe(key));
}

void InputArchive::read(const std::string& key, int64_t& value) {
  XGRAD_CHECK(try_read(key, value), "InputArchive::read: checkpoint '{}' has no entry '{}'", data_->filename,
              prefix_ + key);
}

void InputArchive::read(const std::string& key, double& value) {
  XGRAD_CHECK(try_read(key, value), "InputArchive::read: checkpoint '{}' has no entry '{}'", data_->filename,
              prefix_ + key);
}

std::vector<std::string> InputArchive::keys() const {
  std::vector<std::string> result;
  for (const auto& item : data_->entries)
    if (item.key().compare(0, prefix_.size(), prefix_) == 0) result.push_back(item.key().substr(prefix_.size()));
  return result;
}

const std::string& InputArchive::filename() const { return data_->filename; }

}  // namespace serialize
}  // namespace xgrad
