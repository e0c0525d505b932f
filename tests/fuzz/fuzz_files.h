#pragma once
// What the file-reading fuzz targets share: a scratch folder and writers of the files they read.
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace fuzz_files {

/// One folder per process, reused for every input (a new one per input would dominate the time),
/// removed at exit; in memory (/dev/shm) where there is one, as the files are rewritten every run.
struct Folder {
  explicit Folder(const std::string& name) {
    std::error_code ignored;
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm", ignored) && ::access("/dev/shm", W_OK) == 0
            ? std::filesystem::path("/dev/shm")
            : std::filesystem::temp_directory_path();
    path = (base / ("xgrad-fuzz-" + name + "-XXXXXX")).string();
    if (::mkdtemp(&path[0]) == nullptr) ::abort();
  }
  ~Folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::string path;
};

/// The process's scratch folder (one per fuzz target), made on first use.
inline const std::string& scratch_folder(const std::string& name) {
  static const Folder folder(name);
  return folder.path;
}

// Each file is written anew, not truncated: ext4 flushes a file truncated and rewritten at close.
inline void write_raw(const std::string& path, const uint8_t* data, size_t size) {
  std::remove(path.c_str());
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0) ::abort();
}

inline void write_gzip(const std::string& path, const uint8_t* data, size_t size) {
  std::remove(path.c_str());
  gzFile file = gzopen(path.c_str(), "wb");
  if (file == nullptr) ::abort();
  if (size > 0 && gzwrite(file, data, static_cast<unsigned>(size)) != static_cast<int>(size)) ::abort();
  if (gzclose(file) != Z_OK) ::abort();
}

}  // namespace fuzz_files
