// Writes the seed corpora of tests/fuzz (fuzz_idx/ and fuzz_checkpoint/ beside this file). Not part
// of the build; after building xgrad in build/, from the repository's root:
//   c++ -std=c++17 -O1 -Iinclude -Iautograd/include -Inn/include -Ioptim/include -Idata/include \
//     -DFMT_SHARED tests/fuzz/corpus/make_seeds.cpp build/optim/libxgrad_optim.a \
//     build/data/libxgrad_data.a build/nn/libxgrad_nn.a build/autograd/libxgrad_autograd.a \
//     -lfmt -lgomp -lopenblas -lz -lpthread -o /tmp/make_seeds && /tmp/make_seeds tests/fuzz/corpus
// It includes fuzz_checkpoint.cpp for its module, so the seeds always fit the target.
#include "../fuzz_checkpoint.cpp"

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

void write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

void big_endian(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

/// An IDX images file of count images of rows x cols, pixel p of image i being i * 16 + p.
std::string idx_images(uint32_t count, uint32_t rows, uint32_t cols) {
  std::string out;
  for (uint32_t field : {0x00000803u, count, rows, cols}) big_endian(out, field);
  for (uint32_t i = 0; i < count * rows * cols; ++i) out.push_back(static_cast<char>(i * 7));
  return out;
}

std::string gzipped(const std::string& bytes) {
  const std::string path = "/tmp/xgrad-make-seeds.gz";
  gzFile file = gzopen(path.c_str(), "wb9");
  gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
  std::ifstream in(path, std::ios::binary);
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  return out;
}

std::string saved(const std::function<void(xgrad::serialize::OutputArchive&)>& fill) {
  xgrad::serialize::OutputArchive archive;
  fill(archive);
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

/// One step of optimizer on the sum of the squared parameters, so that it has per-parameter state.
void step(xgrad::optim::Optimizer& optimizer, SmallLeNet& model) {
  optimizer.zero_grad();
  xgrad::Tensor loss = xgrad::zeros({});
  for (const xgrad::Tensor& p : model->parameters()) loss = loss + p.pow(2).sum();
  loss.backward();
  optimizer.step();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = argc > 1 ? argv[1] : "tests/fuzz/corpus";
  const std::string idx = root + "/fuzz_idx/", ckpt = root + "/fuzz_checkpoint/";
  // fuzz_idx: the first byte picks the form (0 raw, 1 a .gz file as it is, 2 compressed by the target)
  write(idx + "raw", std::string(1, '\0') + idx_images(2, 3, 3));
  write(idx + "gzip_file", std::string(1, '\1') + gzipped(idx_images(3, 2, 4)));
  write(idx + "gzip_by_target", std::string(1, '\2') + idx_images(2, 4, 4));

  xgrad::manual_seed(0);
  SmallLeNet model;
  write(ckpt + "small_lenet", saved([&](auto& archive) { archive << model; }));
  xgrad::optim::SGD sgd(model->parameters(), xgrad::optim::SGDOptions(0.1).momentum(0.9));
  step(sgd, model);
  write(ckpt + "sgd", saved([&](auto& archive) { archive << sgd; }));
  xgrad::optim::Adam adam(model->parameters());
  step(adam, model);
  write(ckpt + "adam", saved([&](auto& archive) { archive << adam; }));
  write(ckpt + "dtypes", saved([&](auto& archive) {
          archive.write("byte", xgrad::arange(3, xgrad::kByte));
          archive.write("long", xgrad::arange(2, xgrad::kLong).view({1, 2}), true);
          archive.write("bool", xgrad::ones({2}, xgrad::kBool));
          archive.write("double", 0.5);
          archive.write("empty", xgrad::zeros({0, 3}));
        }));
  return 0;
}
