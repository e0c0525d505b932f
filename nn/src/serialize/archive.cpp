// OutputArchive / InputArchive: the checkpoint file format (see xgrad/serialize/archive.h and
// docs/checkpoint-format.md), written atomically and read defensively.
//
// Writing streams the entries through a running CRC-32 into a temporary file beside the target
// (mkostemp), fsyncs it and renames it over the target, so the target is either the old file or the
// complete new one. Each writer holds an advisory lock (flock) on its temporary for the temporary's
// whole life, so a later save can tell a killed writer's leftovers (unlocked) from a live writer's
// and remove them. Reading takes the whole file into memory (a regular file only, in one allocation
// of its size) and checks it in three passes: the structure (magic, version, every length against
// the bytes that remain), then the checksum, and only then builds tensors, so a bad file never
// yields a half-read archive and no declared size is allocated before the bytes are known to exist.
#include <xgrad/serialize/archive.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <unordered_set>

#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

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

/// The folder that holds filename ("." for a bare name).
std::string folder_of(const std::string& filename) {
  const size_t slash = filename.find_last_of('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : filename.substr(0, slash);
}

/// Makes a completed rename durable; best effort (some file systems refuse to fsync directories).
void sync_directory_of(const std::string& filename) {
  const int fd = ::open(folder_of(filename).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

/// Whether name is one of save_to's temporaries for a target named base: base + ".tmp-" and the six
/// letters or digits mkostemp puts in place of "XXXXXX".
bool is_temporary_of(const std::string& name, const std::string& base) {
  const std::string stem = base + ".tmp-";
  if (name.size() != stem.size() + 6 || name.compare(0, stem.size(), stem) != 0) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(stem.size()), name.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

/// Removes the temporaries of filename that no live writer holds (a killed writer's lock is released
/// by the kernel). Only a holder of a temporary's lock renames or removes it, so once this holds the
/// lock, the name goes on naming the locked file if it names it now: checking that first makes sure
/// it never removes a newer file that took a vanished one's name. Best effort: whatever cannot be
/// opened, locked or checked is left alone, and no failure here fails the save.
void remove_stale_temporaries(const std::string& filename) {
  const size_t slash = filename.find_last_of('/');
  const std::string base = slash == std::string::npos ? filename : filename.substr(slash + 1);
  DIR* dir = ::opendir(folder_of(filename).c_str());
  if (dir == nullptr) return;
  const int dir_fd = ::dirfd(dir);
  while (const dirent* item = ::readdir(dir)) {
    if (!is_temporary_of(item->d_name, base)) continue;
    const int fd = ::openat(dir_fd, item->d_name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat held, named;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &held) == 0 && S_ISREG(held.st_mode) &&
        ::fstatat(dir_fd, item->d_name, &named, AT_SYMLINK_NOFOLLOW) == 0 && same_file(held, named))
      (void)::unlinkat(dir_fd, item->d_name, 0);
    ::close(fd);  // releases the lock
  }
  ::closedir(dir);
}

/// Creates filename's temporary ("<filename>.tmp-XXXXXX") and takes its lock; returns the descriptor
/// and sets path. Between mkostemp and flock another save may lock and remove the new file as stale:
/// then, once the lock is ours, the name no longer names our file, and a new temporary is made.
int create_locked_temporary(const std::string& filename, std::string& path) {
  for (int attempt = 1;; ++attempt) {
    path = filename + ".tmp-XXXXXX";
    const int fd = ::mkostemp(&path[0], O_CLOEXEC);
    XGRAD_CHECK(fd >= 0,
                "OutputArchive::save_to: cannot write checkpoint '{}': creating a temporary file beside it failed: {}",
                filename, std::strerror(errno));
    int locked;
    do {
      locked = ::flock(fd, LOCK_EX);
    } while (locked != 0 && errno == EINTR);
    // A file system without locks: no other save can lock the file to remove it either.
    if (locked != 0) return fd;
    struct stat held, named;
    if (::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 && same_file(held, named)) return fd;
    ::close(fd);
    XGRAD_CHECK(attempt < 100,
                "OutputArchive::save_to: cannot write checkpoint '{}': its temporary files were removed {} times "
                "as they were made",
                filename, attempt);
  }
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

/// The bytes of a checkpoint as parse_structure asks for them: all of them at once (a file, a
/// seekable stream: one allocation of their size), or an unseekable stream's read as far as the
/// entries declare, in chunks, so that what it costs is what really arrived and an endless stream is
/// not read past the end the checkpoint declares.
class ArchiveBytes {
 public:
  explicit ArchiveBytes(std::string all) : bytes_(std::move(all)) {}
  explicit ArchiveBytes(std::istream& stream) {
    const std::istream::pos_type start = stream.tellg();
    if (start != std::istream::pos_type(-1) && stream.seekg(0, std::ios::end)) {
      const std::istream::pos_type end = stream.tellg();
      stream.seekg(start);
      if (end != std::istream::pos_type(-1) && end >= start && stream) {
        bytes_.resize(static_cast<size_t>(end - start));
        stream.read(&bytes_[0], static_cast<std::streamsize>(bytes_.size()));
        bytes_.resize(static_cast<size_t>(stream.gcount()));
        check(stream);
        return;
      }
    }
    stream.clear();
    stream_ = &stream;
  }

  /// Whether the n bytes from pos are there (reading them from the stream when it must).
  bool has(size_t pos, size_t n) {
    if (stream_ != nullptr && n > bytes_.size() - pos)
      fill(n > std::numeric_limits<size_t>::max() - pos ? std::numeric_limits<size_t>::max() : pos + n);
    return bytes_.size() - pos >= n;
  }
  /// All the bytes when they are known at once, else nullopt (a stream read as it goes).
  std::optional<size_t> total() const { return stream_ == nullptr ? std::optional<size_t>(bytes_.size()) : std::nullopt; }
  /// Whether anything follows pos, the end of the checkpoint.
  bool more_after(size_t pos) {
    if (stream_ == nullptr || bytes_.size() > pos) return bytes_.size() > pos;
    const bool more = stream_->peek() != std::char_traits<char>::eof();
    check(*stream_);
    return more;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  static void check(const std::istream& stream) {
    XGRAD_CHECK(!stream.bad(), "InputArchive::load_from: reading checkpoint '<stream>' failed");
  }
  void fill(size_t size) {
    constexpr size_t kChunk = size_t(1) << 20;
    while (bytes_.size() < size) {
      const size_t old = bytes_.size(), want = std::min(kChunk, size - old);
      bytes_.resize(old + want);
      stream_->read(&bytes_[old], static_cast<std::streamsize>(want));
      bytes_.resize(old + static_cast<size_t>(stream_->gcount()));
      check(*stream_);
      if (bytes_.size() < old + want) break;
    }
  }

  std::string bytes_;
  std::istream* stream_ = nullptr;  // set while an unseekable stream is read as it goes
};

/// Checks the bytes against the format and returns its entries; errors name source (the file).
std::vector<ParsedEntry> parse_structure(ArchiveBytes& source_bytes, const std::string& source) {
  const std::string where = fmt::format("InputArchive::load_from: checkpoint '{}'", source);
  const std::string& bytes = source_bytes.bytes();  // grows as an unseekable stream is read
  XGRAD_CHECK(source_bytes.has(0, 1), "{} is empty", where);
  source_bytes.has(0, sizeof(kMagic));
  const size_t magic_seen = std::min(bytes.size(), sizeof(kMagic));
  XGRAD_CHECK(std::memcmp(bytes.data(), kMagic, magic_seen) == 0,
              "{} is not an xgrad checkpoint (it does not start with \"XGRADCKP\")", where);

  size_t pos = 0;
  auto need = [&](size_t n, const std::string& what) {
    XGRAD_CHECK(source_bytes.has(pos, n),
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
  std::vector<ParsedEntry> entries;
  if (const std::optional<size_t> total = source_bytes.total()) {
    const size_t room = *total - pos;
    XGRAD_CHECK(count <= room / kMinEntryBytes,
                "{} is truncated or corrupt: it declares {} entries, but only {} bytes follow the header", where,
                count, room);
    entries.reserve(static_cast<size_t>(count));
  }
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
  if (source_bytes.total()) {
    XGRAD_CHECK(bytes.size() - pos == 4, "{} is corrupt: {} unexpected bytes follow the checksum at offset {}", where,
                bytes.size() - pos - 4, pos);
  } else {
    XGRAD_CHECK(!source_bytes.more_after(pos + 4), "{} is corrupt: unexpected bytes follow the checksum at offset {}",
                where, pos);
  }
  const uint32_t stored = load_le<uint32_t>(bytes.data() + pos);
  const uint32_t computed = crc32_update(0, bytes.data(), pos);
  XGRAD_CHECK(stored == computed,
              "{} is corrupt: checksum mismatch (the file says 0x{:08x}, its contents give 0x{:08x})", where, stored,
              computed);
  return entries;
}

/// The file at filename, whole, read from the descriptor that was checked to be a regular file.
std::string read_file(const std::string& filename) {
  uint64_t size = 0;
  const int fd = detail::open_regular_file(filename, "InputArchive::load_from",
                                           fmt::format("checkpoint '{}'", filename), size);
  std::string bytes;
  size_t got = 0;
  int error = 0;
  try {
    XGRAD_CHECK(size <= std::numeric_limits<size_t>::max(), "InputArchive::load_from: checkpoint '{}' is too large",
                filename);
    bytes.resize(static_cast<size_t>(size));
    while (got < bytes.size()) {
      const ssize_t n = ::read(fd, &bytes[got], bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error = n < 0 ? errno : 0;
        break;
      }
      got += static_cast<size_t>(n);
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  XGRAD_CHECK(got == bytes.size(), "InputArchive::load_from: reading checkpoint '{}' failed after {} of {} bytes{}",
              filename, got, bytes.size(), error != 0 ? fmt::format(": {}", std::strerror(error)) : std::string());
  return bytes;
}

/// What st_mode says a file is, for the messages of open_regular_file.
const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

}  // namespace

int detail::open_regular_file(const std::string& path, const std::string& who, const std::string& what,
                              uint64_t& size) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer; it changes nothing for a regular file.
  // The checks are made on the descriptor that is then read, so nothing can be swapped in between.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  XGRAD_CHECK(fd >= 0, "{}: cannot open {}: {}", who, what, std::strerror(errno));
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    throw Error(fmt::format("{}: cannot open {}: {}", who, what, std::strerror(error)));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    throw Error(fmt::format("{}: {} is not a regular file (it is {})", who, what, file_kind(info.st_mode)));
  }
  size = static_cast<uint64_t>(info.st_size);
  return fd;
}

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
  // First, so that a disk filled by a killed writer's leftovers has room again.
  remove_stale_temporaries(filename);
  std::string path;
  const int fd = create_locked_temporary(filename, path);
  try {
    // mkostemp makes the file private (0600); keep an existing checkpoint's mode, else the usual 0644.
    struct stat existing;
    const mode_t mode = ::stat(filename.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0644;
    (void)::fchmod(fd, mode);
    FdWriter out(fd, filename);
    write_archive(entries_, [&out](const char* data, size_t n) { out.write(data, n); });
    out.flush();
    XGRAD_CHECK(::fsync(fd) == 0, "OutputArchive::save_to: flushing checkpoint '{}' to disk failed: {}", filename,
                std::strerror(errno));
    // Renamed while still locked: another save must not take the temporary for a killed writer's.
    XGRAD_CHECK(::rename(path.c_str(), filename.c_str()) == 0,
                "OutputArchive::save_to: cannot replace checkpoint '{}' with the new one: {}", filename,
                std::strerror(errno));
  } catch (...) {
    ::unlink(path.c_str());  // before the lock goes with the descriptor, as only a lock holder may
    ::close(fd);
    throw;
  }
  // The data is on disk (fsync succeeded); closing only drops the descriptor and its lock.
  ::close(fd);
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
void build_entries(const ArchiveBytes& bytes, const std::vector<ParsedEntry>& parsed, const std::string& source,
                   detail::ArchiveEntries& out) {
  for (const ParsedEntry& entry : parsed) {
    const char* raw = bytes.bytes().data() + entry.data_offset;
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
  ArchiveBytes bytes(read_file(filename));
  auto data = std::make_shared<Data>();
  data->filename = filename;
  build_entries(bytes, parse_structure(bytes, filename), filename, data->entries);
  data_ = std::move(data);
  prefix_.clear();
}

void InputArchive::load_from(std::istream& stream) {
  const std::string source = "<stream>";
  ArchiveBytes bytes(stream);
  auto data = std::make_shared<Data>();
  data->filename = source;
  build_entries(bytes, parse_structure(bytes, source), source, data->entries);
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
