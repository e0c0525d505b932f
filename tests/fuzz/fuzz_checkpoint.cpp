// libFuzzer target: the checkpoint loader. Each input is read through InputArchive::load_from(stream)
// twice: as it is from a seekable stream (the checksum rejects almost every mutation), and with its
// last four bytes replaced by the right CRC-32, from a stream that cannot seek (read in chunks as it
// goes), so that mutations of the structure get past the checksum. What loads is then read into a
// LeNet-shaped module (LeNet's layer types and names, smaller sizes, so the seeds stay small) and
// into SGD and Adam states over its parameters. An xgrad::Error is the expected answer to a bad
// checkpoint; anything else escapes as a finding.
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <streambuf>
#include <string>

#include <xgrad/xgrad.h>

namespace {

namespace nn = xgrad::nn;

/// examples/lenet/model.h's layers and names at a tenth of the size.
struct SmallLeNetImpl : nn::Module {
  SmallLeNetImpl() {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
  }
  nn::Conv2d conv1{nn::Conv2dOptions(1, 2, 3).padding(1)};
  nn::Conv2d conv2{nn::Conv2dOptions(2, 3, 3)};
  nn::Linear fc1{12, 5};
  nn::Linear fc2{5, 4};
  nn::Linear fc3{4, 3};
};
XGRAD_MODULE(SmallLeNet);

/// Bytes behind a stream buffer that cannot seek, as a pipe.
struct UnseekableBuf : std::streambuf {
  explicit UnseekableBuf(std::string& bytes) { setg(&bytes[0], &bytes[0], &bytes[0] + bytes.size()); }
};

/// Loads archive into a fresh model, SGD and Adam; each may refuse it with an Error.
void load_everything(xgrad::serialize::InputArchive& archive) {
  SmallLeNet model;
  try {
    archive >> model;
  } catch (const xgrad::Error&) {
  }
  try {
    xgrad::optim::SGD sgd(model->parameters(), xgrad::optim::SGDOptions(0.1).momentum(0.9));
    archive >> sgd;
  } catch (const xgrad::Error&) {
  }
  try {
    xgrad::optim::Adam adam(model->parameters());
    archive >> adam;
  } catch (const xgrad::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    std::istringstream stream(bytes);
    xgrad::serialize::InputArchive archive;
    archive.load_from(stream);
    load_everything(archive);
  } catch (const xgrad::Error&) {
  }
  if (size < 4) return 0;
  const uLong crc = ::crc32(0, data, static_cast<uInt>(size - 4));
  for (int i = 0; i < 4; ++i) bytes[size - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  try {
    UnseekableBuf buffer(bytes);
    std::istream stream(&buffer);
    xgrad::serialize::InputArchive archive;
    archive.load_from(stream);
    load_everything(archive);
  } catch (const xgrad::Error&) {
  }
  return 0;
}
