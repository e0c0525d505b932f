// libFuzzer target: the digits CSV reader (data::datasets::Digits, raw or gzip). The input's first byte
// picks how the rest becomes the file: 0 written raw, 1 written as a .gz file as it is (corrupt gzip),
// 2 gzip-compressed here first (so that mutations reach the CSV checks through zlib). A file that
// reads is checked to hold N images of 64 pixels in [0, 16] with labels in [0, 9]. An xgrad::Error is
// the expected answer to a bad file; anything else escapes as a finding.
#include <cstdint>
#include <string>

#include <xgrad/xgrad.h>

#include "fuzz_files.h"

namespace {

const std::string& folder() { return fuzz_files::scratch_folder("digits"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int form = data[0] % 3;
  const std::string path = folder() + (form == 0 ? "/digits.csv" : "/digits.csv.gz");
  if (form == 2)
    fuzz_files::write_gzip(path, data + 1, size - 1);
  else
    fuzz_files::write_raw(path, data + 1, size - 1);
  try {
    xgrad::data::datasets::Digits digits(path);
    const xgrad::Tensor& images = digits.images();
    const xgrad::Tensor& labels = digits.targets();
    const int64_t n = images.size(0);
    if (n < 1 || images.size(1) != 64 || labels.size(0) != n) ::abort();
    if (images.min().item<float>() < 0 || images.max().item<float>() > 16) ::abort();
    if (labels.min().item<int64_t>() < 0 || labels.max().item<int64_t>() > 9) ::abort();
    for (const size_t index : {size_t{0}, static_cast<size_t>(n - 1)})
      if (digits.get(index).data.numel() != 64) ::abort();
  } catch (const xgrad::Error&) {
  }
  return 0;
}
