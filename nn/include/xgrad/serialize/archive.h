#pragma once
// Checkpoint archives: named tensors written to and read from xgrad's checkpoint file format, as
// libtorch's torch::serialize::OutputArchive / InputArchive (whose files are TorchScript zips; ours
// are a flat, checksummed list, described below and in docs/checkpoint-format.md).
//
// A nested archive (a submodule's, an optimizer's param group) is stored flat: its entries get the
// key "<name>.<nested key>", so a module's checkpoint keys are exactly its state_dict() names.
//
// File format, version 1 (every integer little-endian; big-endian hosts byte-swap):
//   8 bytes   magic "XGRADCKP"
//   uint32    format version (1)
//   uint64    number of entries
//   per entry, in the order written:
//     uint32    key length, then the key's bytes (UTF-8, no terminator)
//     uint8     dtype code: c10's ScalarType numbers (0 Byte, 4 Long, 6 Float, 7 Double, 11 Bool)
//     uint8     flags: bit 0 set = the tensor is a buffer (other bits 0)
//     uint32    number of dims
//     int64     each size (0-dim tensors have none)
//     uint64    byte count (= numel * element size), then the elements, contiguous, row-major
//   uint32    CRC-32 (zlib's crc32) of every byte before it
// load_from reads and checks the whole file (magic, version, every length, the checksum) before it
// returns, so a bad file fails there, with a message naming the file and the problem.
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <xgrad/ordered_dict.h>
#include <xgrad/tensor.h>

namespace xgrad {
namespace serialize {

namespace detail {
struct ArchiveEntry {
  Tensor tensor;
  bool is_buffer = false;
};
using ArchiveEntries = OrderedDict<std::string, ArchiveEntry>;

/// Opens path for reading if it is a regular file, and refuses a FIFO, directory or device at once
/// (they could block or never end); returns the descriptor (close-on-exec; the caller closes it) and
/// sets size to the file's size. Errors read "<who>: cannot open <what>: <reason>" and
/// "<who>: <what> is not a regular file (it is a FIFO)". Shared by every reader of user files.
int open_regular_file(const std::string& path, const std::string& who, const std::string& what, uint64_t& size);
}  // namespace detail

/// Named tensors, kept in insertion order and written by save_to.
class OutputArchive {
 public:
  OutputArchive() : entries_("Archive key") {}

  /// Stores tensor under key (a duplicate key throws); save_to writes the values it has then.
  void write(const std::string& key, const Tensor& tensor, bool is_buffer = false);
  /// Stores every entry of nested under "key.<its key>".
  void write(const std::string& key, OutputArchive& nested);
  /// Stored as a 0-dim kLong tensor.
  void write(const std::string& key, int64_t value);
  /// Stored as a 0-dim kDouble tensor.
  void write(const std::string& key, double value);

  /// Writes the file atomically: to a temporary file in the same directory, flushed to disk, then
  /// renamed over filename; on failure filename is untouched and no temporary file is left.
  void save_to(const std::string& filename);
  void save_to(std::ostream& stream);

  std::vector<std::string> keys() const;

 private:
  detail::ArchiveEntries entries_;
};

/// A checkpoint read into memory; read(key, ...) looks entries up by name.
class InputArchive {
 public:
  InputArchive();

  /// Reads and validates the whole file; errors name the file and what is wrong with it.
  void load_from(const std::string& filename);
  /// As load_from(filename); messages call the source "<stream>".
  void load_from(std::istream& stream);

  /// tensor becomes a new tensor (not requiring grad) holding the stored values; it shares memory
  /// with this archive, so clone it before changing it in place if the archive is read again.
  /// Throws (naming the file and the key) if key is absent or was written with the other
  /// is_buffer flag.
  void read(const std::string& key, Tensor& tensor, bool is_buffer = false);
  /// As read, but returns false instead of throwing when key is absent.
  bool try_read(const std::string& key, Tensor& tensor, bool is_buffer = false);
  /// nested sees the entries stored under "key." (with that prefix removed). Nested archives
  /// leave no mark of their own, so one that was written empty reads as empty.
  void read(const std::string& key, InputArchive& nested);
  /// As read, but returns false (leaving nested unchanged) when no entry starts with "key.".
  bool try_read(const std::string& key, InputArchive& nested);
  /// The value of a 0-dim kLong entry (written by OutputArchive::write(key, int64_t)).
  void read(const std::string& key, int64_t& value);
  /// The value of a 0-dim kDouble entry (written by OutputArchive::write(key, double)).
  void read(const std::string& key, double& value);
  bool try_read(const std::string& key, int64_t& value);
  bool try_read(const std::string& key, double& value);

  /// The keys visible to this archive (for a nested one, without its prefix), in file order.
  std::vector<std::string> keys() const;
  /// The file's name, "<stream>" for one read from a stream, "<empty archive>" before any load.
  const std::string& filename() const;

 private:
  struct Data {
    std::string filename;
    detail::ArchiveEntries entries{"Archive key"};
  };
  const detail::ArchiveEntry* find(const std::string& key) const;
  std::string describe(const std::string& key) const;

  std::shared_ptr<const Data> data_;
  std::string prefix_;  // "" for the top level, "name." for a nested archive
};

}  // namespace serialize
}  // namespace xgrad
