// libFuzzer target: the MNIST reader (IDX files, raw or gzip). The input's first byte picks how the
// rest becomes the images file of an MNIST folder: 0 written raw, 1 written as the .gz file as it is
// (corrupt gzip), 2 gzip-compressed here first (so that mutations reach the IDX checks through zlib).
// The labels file is a valid one holding as many labels as the images header claims (when that is
// small), so that well-formed inputs go all the way through MNIST and get(). An xgrad::Error is the
// expected answer to a bad file; anything else escapes as a finding.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <xgrad/xgrad.h>

#include "fuzz_files.h"

namespace {

using fuzz_files::write_gzip;
using fuzz_files::write_raw;

const std::string& folder() { return fuzz_files::scratch_folder("idx"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int form = data[0] % 3;
  const uint8_t* idx = data + 1;
  const size_t idx_size = size - 1;
  const std::string images = folder() + "/train-images-idx3-ubyte";
  // The reader takes the raw file when both exist: keep only the one of this input's form.
  std::remove((form == 0 ? images + ".gz" : images).c_str());
  if (form == 0) write_raw(images, idx, idx_size);
  if (form == 1) write_raw(images + ".gz", idx, idx_size);
  if (form == 2) write_gzip(images + ".gz", idx, idx_size);

  // As many labels as the images header claims (its count is bytes 4..7, big-endian, inflated first
  // when gzipped), up to a small bound.
  uint32_t count = 1;
  uint8_t head[8];
  gzFile file = gzopen((form == 0 ? images : images + ".gz").c_str(), "rb");
  if (file == nullptr) ::abort();
  if (gzread(file, head, sizeof head) == static_cast<int>(sizeof head))
    count = uint32_t{head[4]} << 24 | uint32_t{head[5]} << 16 | uint32_t{head[6]} << 8 | head[7];
  gzclose(file);
  if (count > 4096) count = 1;
  std::vector<uint8_t> labels = {0, 0, 8, 1, uint8_t(count >> 24), uint8_t(count >> 16), uint8_t(count >> 8),
                                 uint8_t(count)};
  for (uint32_t i = 0; i < count; ++i) labels.push_back(static_cast<uint8_t>(i % 10));
  write_raw(folder() + "/train-labels-idx1-ubyte", labels.data(), labels.size());

  try {
    xgrad::data::datasets::MNIST dataset(folder());
    const size_t n = *dataset.size();
    for (size_t index : {size_t{0}, n - 1}) {
      const xgrad::data::Example<> example = dataset.get(index);
      if (example.data.numel() != dataset.images().size(2) * dataset.images().size(3)) ::abort();
    }
  } catch (const xgrad::Error&) {
  }
  return 0;
}
