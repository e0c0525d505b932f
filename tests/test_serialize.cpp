// Checkpoints: the archive format byte by byte, round trips of every dtype and shape, module
// save/load and state_dict/load_state_dict, atomic writes, and every kind of bad file (truncated,
// flipped byte, wrong magic or version, missing / extra / wrong-shaped / wrong-dtype entries): each
// an xgrad::Error naming the file (and the key), with the module left as it was.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <zlib.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/module.h>
#include <xgrad/nn/modules/container/functional.h>
#include <xgrad/nn/modules/container/sequential.h>
#include <xgrad/serialize.h>

#include "test_helpers.h"

namespace fs = std::filesystem;
namespace nn = xgrad::nn;
using test_helpers::TempDir;
using test_helpers::dtype_of;
using test_helpers::shape_str;
using test_helpers::values;
using test_helpers::V;
using xgrad::Tensor;
using xgrad::serialize::InputArchive;
using xgrad::serialize::OutputArchive;

namespace {

struct AffineImpl : nn::Cloneable<AffineImpl> {
  AffineImpl(int64_t in, int64_t out) : Cloneable("test::Affine"), in(in), out(out) { reset(); }
  void reset() override {
    weight = register_parameter("weight", xgrad::randn({out, in}));
    bias = register_parameter("bias", xgrad::randn({out}));
    count = register_buffer("count", xgrad::full({}, int64_t(3), xgrad::kLong));
  }
  Tensor forward(Tensor x) { return x.matmul(weight.t()) + bias; }
  int64_t in, out;
  Tensor weight, bias, count;
};
XGRAD_MODULE(Affine);

struct ModelImpl : nn::Module {
  ModelImpl() {
    register_module("body", body);
    register_module("head", head);
    running = register_buffer("running", xgrad::randn({2}, xgrad::kDouble));
  }
  Tensor forward(Tensor x) { return head(body->forward(x)); }
  nn::Sequential body{Affine(4, 3), nn::Functional(xgrad::tanh)};
  Affine head{3, 2};
  Tensor running;
};
XGRAD_MODULE(Model);

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Every parameter and buffer's values, by name: to check a failed load changed nothing.
std::map<std::string, V> snapshot(const nn::Module& module) {
  std::map<std::string, V> result;
  for (const auto& item : module.state_dict()) result[item.key()] = values(item.value());
  return result;
}

/// The entries Module::save would write for model, but without skip, with replace's tensor swapped for
/// replacement, and with whatever extra adds.
void save_edited(const Model& model, const std::string& path, const std::function<void(OutputArchive&)>& extra,
                 const std::string& skip = "", const std::string& replace = "", const Tensor& replacement = {},
                 bool replacement_is_buffer = false) {
  OutputArchive archive;
  const auto buffers = model->named_buffers();
  for (const auto& item : model->state_dict()) {
    if (item.key() == skip) continue;
    const bool is_buffer = buffers.contains(item.key());
    if (item.key() == replace)
      archive.write(item.key(), replacement, replacement_is_buffer);
    else
      archive.write(item.key(), item.value(), is_buffer);
  }
  extra(archive);
  archive.save_to(path);
}

/// doctest's Contains for a message built at run time.
doctest::Contains contains(const std::string& text) { return doctest::Contains(doctest::String(text.c_str())); }

void check_same_state(const nn::Module& a, const nn::Module& b) {
  const auto sa = a.state_dict(), sb = b.state_dict();
  REQUIRE(sa.keys() == sb.keys());
  for (const auto& item : sa) {
    INFO(item.key());
    CHECK(dtype_of(item.value()) == dtype_of(sb[item.key()]));
    CHECK(shape_str(item.value().sizes()) == shape_str(sb[item.key()].sizes()));
    CHECK(values(item.value()) == values(sb[item.key()]));
  }
}

}  // namespace

TEST_CASE("archive: the file layout, byte by byte") {
  TempDir dir;
  OutputArchive archive;
  archive.write("w", xgrad::tensor({1.5f, -2.0f}));
  archive.write("n", xgrad::full({}, int64_t(7), xgrad::kLong), /*is_buffer=*/true);
  archive.save_to(dir.file("layout.ckpt"));
  const std::string bytes = read_bytes(dir.file("layout.ckpt"));

  std::string expected("XGRADCKP", 8);
  auto put = [&expected](const void* p, size_t n) { expected.append(static_cast<const char*>(p), n); };
  const uint32_t version = 1, key_len = 1, ndim1 = 1, ndim0 = 0;
  const uint64_t count = 2, bytes_w = 8, bytes_n = 8;
  const int64_t size = 2, seven = 7;
  const uint8_t float_code = 6, long_code = 4, param = 0, buffer = 1;
  const float w[2] = {1.5f, -2.0f};
  put(&version, 4);
  put(&count, 8);
  put(&key_len, 4);
  expected += 'w';
  put(&float_code, 1);
  put(&param, 1);
  put(&ndim1, 4);
  put(&size, 8);
  put(&bytes_w, 8);
  put(w, 8);
  put(&key_len, 4);
  expected += 'n';
  put(&long_code, 1);
  put(&buffer, 1);
  put(&ndim0, 4);
  put(&bytes_n, 8);
  put(&seven, 8);
  const uint32_t crc = static_cast<uint32_t>(
      ::crc32(0, reinterpret_cast<const Bytef*>(expected.data()), static_cast<uInt>(expected.size())));
  put(&crc, 4);
  CHECK(bytes.size() == expected.size());
  CHECK(bytes == expected);  // (this host is little-endian, as the format)
  CHECK(archive.keys() == std::vector<std::string>{"w", "n"});
}

TEST_CASE("archive: every dtype, 0-dim, empty and non-contiguous tensors round-trip") {
  TempDir dir;
  xgrad::manual_seed(21);
  const Tensor base = xgrad::randn({3, 4}, xgrad::kDouble);
  std::vector<std::pair<std::string, Tensor>> tensors = {
      {"float", xgrad::randn({2, 3})},
      {"double", xgrad::randn({4}, xgrad::kDouble)},
      {"long", xgrad::tensor({int64_t(-5), int64_t(1) << 40, int64_t(0)})},
      {"byte", xgrad::tensor({uint8_t(0), uint8_t(200), uint8_t(255)})},
      {"bool", xgrad::tensor({true, false, true, true})},
      {"scalar", xgrad::full({}, 3.25)},
      {"scalar_long", xgrad::full({}, int64_t(-9), xgrad::kLong)},
      {"empty", xgrad::empty({0, 3})},
      {"empty_bool", xgrad::empty({2, 0, 1}, xgrad::kBool)},
      {"transposed", base.t()},
      {"sliced", base.slice(1, 1, 4, 2)},
      {"expanded", xgrad::tensor({1.0f, 2.0f}).expand({3, 2})},
      {"grad", xgrad::randn({2}).requires_grad_()},
  };
  OutputArchive out;
  for (const auto& [key, tensor] : tensors) out.write(key, tensor, key == "long");
  out.save_to(dir.file("all.ckpt"));
  std::stringstream stream;
  out.save_to(stream);
  CHECK(stream.str() == read_bytes(dir.file("all.ckpt")));

  for (int source = 0; source < 2; ++source) {
    InputArchive in;
    if (source == 0)
      in.load_from(dir.file("all.ckpt"));
    else
      in.load_from(stream);
    CHECK(in.filename() == (source == 0 ? dir.file("all.ckpt") : "<stream>"));
    CHECK(in.keys().size() == tensors.size());
    for (const auto& entry : tensors) {
      const auto& key = entry.first;  // (not a structured binding: INFO captures it, C++17 lambdas cannot)
      const auto& tensor = entry.second;
      INFO(key);
      Tensor loaded;
      in.read(key, loaded, key == "long");
      CHECK(dtype_of(loaded) == dtype_of(tensor));
      CHECK(shape_str(loaded.sizes()) == shape_str(tensor.sizes()));
      CHECK(loaded.is_contiguous());
      CHECK_FALSE(loaded.requires_grad());
      CHECK(values(loaded) == values(tensor));
    }
  }
}

TEST_CASE("archive: numbers, nested archives, try_read and read errors") {
  OutputArchive inner;
  inner.write("lr", 0.125);
  inner.write("step", int64_t(12));
  inner.write("m", xgrad::ones({2}));
  OutputArchive out;
  out.write("group", inner);
  out.write("top", int64_t(-1));
  CHECK(out.keys() == std::vector<std::string>{"group.lr", "group.step", "group.m", "top"});
  CHECK_THROWS_WITH_AS(out.write("top", 1.0), doctest::Contains("OutputArchive::write: duplicate key 'top'"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(out.write("self", out), doctest::Contains("cannot write an archive into itself"), xgrad::Error);
  CHECK_THROWS_WITH_AS(out.write("u", Tensor()), doctest::Contains("the tensor for key 'u' is undefined"),
                       xgrad::Error);
  std::stringstream stream;
  out.save_to(stream);

  InputArchive in;
  in.load_from(stream);
  InputArchive group;
  in.read("group", group);
  CHECK(group.keys() == std::vector<std::string>{"lr", "step", "m"});
  double lr = 0;
  int64_t step = 0, top = 0;
  group.read("lr", lr);
  group.read("step", step);
  in.read("top", top);
  CHECK(lr == 0.125);
  CHECK(step == 12);
  CHECK(top == -1);
  Tensor m;
  CHECK(group.try_read("m", m));
  CHECK(values(m) == V{1, 1});
  CHECK_FALSE(group.try_read("absent", m));
  CHECK_FALSE(group.try_read("absent", lr));
  InputArchive none;
  CHECK_FALSE(in.try_read("nothing", none));
  CHECK(in.try_read("group", none));
  CHECK(none.keys().size() == 3);
  CHECK_THROWS_WITH_AS(group.read("absent", m),
                       doctest::Contains("InputArchive::read: checkpoint '<stream>' has no entry 'group.absent'"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(group.read("m", lr),
                       doctest::Contains("'group.m' in checkpoint '<stream>' holds a Float tensor of shape [2], not "
                                         "a single Double value"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(group.read("lr", step), doctest::Contains("not a single Long value"), xgrad::Error);
  CHECK_THROWS_WITH_AS(in.read("top", m, /*is_buffer=*/true),
                       doctest::Contains("'top' in checkpoint '<stream>' is stored as a parameter, but was read as a "
                                         "buffer"),
                       xgrad::Error);
  InputArchive empty;
  CHECK(empty.filename() == "<empty archive>");
  CHECK(empty.keys().empty());
}

TEST_CASE("save / load: a tensor, a tensor list") {
  TempDir dir;
  const Tensor t = xgrad::arange(6, xgrad::kDouble).view({2, 3}).t();
  xgrad::save(t, dir.file("t.ckpt"));
  Tensor loaded;
  xgrad::load(loaded, dir.file("t.ckpt"));
  CHECK(values(loaded) == values(t));
  CHECK(shape_str(loaded.sizes()) == "[3, 2]");

  const std::vector<Tensor> list = {xgrad::ones({2}), xgrad::zeros({}, xgrad::kLong), xgrad::empty({0})};
  std::stringstream stream;
  xgrad::save(list, stream);
  std::vector<Tensor> back = {xgrad::ones({9})};
  xgrad::load(back, stream);
  REQUIRE(back.size() == 3);
  CHECK(values(back[0]) == V{1, 1});
  CHECK(dtype_of(back[1]) == "Long");
  CHECK(back[2].numel() == 0);

  OutputArchive odd;
  odd.write("0", xgrad::ones({1}));
  odd.write("x", xgrad::ones({1}));
  odd.save_to(dir.file("odd.ckpt"));
  CHECK_THROWS_WITH_AS(xgrad::load(back, dir.file("odd.ckpt")),
                       contains("load: checkpoint '" + dir.file("odd.ckpt") +
                                         "' is not a list of tensors: entry 1 is named 'x'"),
                       xgrad::Error);
}

TEST_CASE("save / load: a module round-trips through a file and a stream") {
  TempDir dir;
  xgrad::manual_seed(1);
  Model a;
  a->head->count.fill_(41);
  xgrad::manual_seed(2);
  Model b;
  xgrad::save(a, dir.file("model.ckpt"));
  const std::vector<Tensor> live = b->parameters();
  xgrad::load(b, dir.file("model.ckpt"));
  check_same_state(*a, *b);
  // the live tensors were filled in, not replaced, so an optimizer holding them sees the values
  const std::vector<Tensor> after = b->parameters();
  for (size_t i = 0; i < live.size(); ++i) CHECK(after[i].is_same(live[i]));
  CHECK(b->head->weight.requires_grad());
  CHECK(b->head->weight.is_leaf());

  xgrad::manual_seed(3);
  auto c = std::make_shared<ModelImpl>();
  std::stringstream stream;
  xgrad::save(a.ptr(), stream);
  xgrad::load(c, stream);
  check_same_state(*a, *c);

  // a shared_ptr<Module> works too
  std::shared_ptr<nn::Module> as_base = std::make_shared<ModelImpl>();
  std::stringstream again;
  xgrad::save(a, again);
  xgrad::load(as_base, again);
  check_same_state(*a, *as_base);
}

TEST_CASE("Module::save writes parameters, buffers, then children, as libtorch") {
  Model a;
  std::stringstream stream;
  xgrad::save(a, stream);
  InputArchive archive;
  archive.load_from(stream);
  CHECK(archive.keys() == std::vector<std::string>{"running", "body.0.weight", "body.0.bias", "body.0.count",
                                                   "head.weight", "head.bias", "head.count"});
  Tensor t;
  CHECK_THROWS_AS(archive.read("running", t), xgrad::Error);  // it is a buffer
  CHECK(archive.try_read("running", t, /*is_buffer=*/true));
}

TEST_CASE("state_dict / load_state_dict") {
  xgrad::manual_seed(4);
  Model a;
  xgrad::manual_seed(5);
  Model b;
  b->load_state_dict(a->state_dict());
  check_same_state(*a, *b);
  CHECK_FALSE(b->head->weight.is_same(a->head->weight));  // values copied, not tensors shared

  xgrad::manual_seed(6);
  Model c;
  const auto before = snapshot(*c);
  auto wrong = a->state_dict();
  wrong.erase("head.bias");
  wrong.insert("extra", xgrad::ones({1}));
  CHECK_THROWS_WITH_AS(c->load_state_dict(wrong),
                       doctest::Contains("load_state_dict: error(s) in loading the state_dict into (anonymous "
                                         "namespace)::ModelImpl: missing key(s): 'head.bias'; unexpected key(s): "
                                         "'extra' (nothing was changed)"),
                       xgrad::Error);
  CHECK(snapshot(*c) == before);
  // non-strict ignores the key differences and loads the rest
  c->load_state_dict(wrong, /*strict=*/false);
  CHECK(values(c->head->weight) == values(a->head->weight));
  CHECK(values(c->head->bias) == before.at("head.bias"));

  Model d;
  const auto d_before = snapshot(*d);
  auto shaped = a->state_dict();
  shaped["head.weight"] = xgrad::zeros({3, 4});
  shaped["running"] = xgrad::zeros({2});  // Float where the model has Double
  const std::string message = [&] {
    try {
      d->load_state_dict(shaped, /*strict=*/false);
    } catch (const xgrad::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  }();
  CHECK(message.find("size mismatch for 'head.weight': copying a tensor of shape [3, 4] from the state_dict, the "
                     "shape in the current model is [2, 3]") != std::string::npos);
  CHECK(message.find("dtype mismatch for 'running': copying a tensor of dtype Float from the state_dict, the dtype "
                     "in the current model is Double") != std::string::npos);
  CHECK(snapshot(*d) == d_before);
}

TEST_CASE("save_to: atomic, no temporary file left, an existing checkpoint survives a failed write") {
  TempDir dir;
  xgrad::manual_seed(7);
  Model a;
  const std::string path = dir.file("model.ckpt");
  xgrad::save(a, path);
  CHECK(dir.entries() == std::vector<std::string>{"model.ckpt"});
  const std::string original = read_bytes(path);
  // overwriting replaces it whole, still leaving one file
  a->head->bias.data_ptr<float>()[0] += 1;
  xgrad::save(a, path);
  CHECK(dir.entries() == std::vector<std::string>{"model.ckpt"});
  CHECK(read_bytes(path) != original);
  const std::string current = read_bytes(path);

  // a directory that does not exist: the message names the file
  const std::string missing_dir = dir.file("no/such/dir/model.ckpt");
  CHECK_THROWS_WITH_AS(xgrad::save(a, missing_dir),
                       contains("OutputArchive::save_to: cannot write checkpoint '" + missing_dir + "'"),
                       xgrad::Error);

  // the target is a directory: the rename fails after the temporary file was written
  fs::create_directory(dir.file("occupied"));
  write_bytes(dir.file("occupied/keep"), "x");
  CHECK_THROWS_WITH_AS(xgrad::save(a, dir.file("occupied")),
                       contains("cannot replace checkpoint '" + dir.file("occupied") + "'"), xgrad::Error);
  CHECK(dir.entries() == std::vector<std::string>{"model.ckpt", "occupied"});

  // the disk "fills up" mid-write (a file size limit): the old checkpoint is intact, no temp file
  struct rlimit old_limit;
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 64;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string message = "no error";
  try {
    xgrad::save(a, path);
  } catch (const xgrad::Error& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  CHECK(message.find("OutputArchive::save_to: writing '" + path + "' failed") != std::string::npos);
  CHECK(read_bytes(path) == current);
  CHECK(dir.entries() == std::vector<std::string>{"model.ckpt", "occupied"});

  if (::geteuid() != 0) {  // root may write anywhere, so this part needs an ordinary user
    fs::create_directory(dir.file("locked"));
    const std::string locked = dir.file("locked/model.ckpt");
    write_bytes(locked, current);
    fs::permissions(dir.file("locked"), fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_WITH_AS(xgrad::save(a, locked), contains(locked), xgrad::Error);
    fs::permissions(dir.file("locked"), fs::perms::owner_all);
    CHECK(read_bytes(locked) == current);
  }
}

TEST_CASE("load_from: truncated at every cut point, every flipped byte, bad magic, bad version") {
  TempDir dir;
  xgrad::manual_seed(8);
  Model a;
  const std::string good = dir.file("good.ckpt");
  xgrad::save(a, good);
  const std::string bytes = read_bytes(good);
  const std::string bad = dir.file("bad.ckpt");
  Model b;
  const auto before = snapshot(*b);
  auto load_error = [&](const std::string& contents) {
    write_bytes(bad, contents);
    try {
      xgrad::load(b, bad);
    } catch (const xgrad::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };

  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    INFO("cut at " << cut << " of " << bytes.size());
    const std::string message = load_error(bytes.substr(0, cut));
    CHECK(message.find("InputArchive::load_from: checkpoint '" + bad + "' is ") != std::string::npos);
    CHECK((message.find("truncated") != std::string::npos || message.find("empty") != std::string::npos));
  }
  CHECK(snapshot(*b) == before);

  for (size_t i = 0; i < bytes.size(); ++i) {
    INFO("flipped byte " << i);
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x10);
    const std::string message = load_error(flipped);
    CHECK(message.find("checkpoint '" + bad + "'") != std::string::npos);
  }
  CHECK(snapshot(*b) == before);

  // a flipped data byte is caught by the checksum
  std::string data_flip = bytes;
  data_flip[bytes.size() - 10] ^= 0x01;
  CHECK(load_error(data_flip).find("is corrupt: checksum mismatch") != std::string::npos);

  std::string magic = bytes;
  magic[0] = 'P';
  CHECK(load_error(magic).find("is not an xgrad checkpoint (it does not start with \"XGRADCKP\")") !=
        std::string::npos);
  CHECK(load_error("PK\x03\x04 a zip file").find("is not an xgrad checkpoint") != std::string::npos);
  CHECK(load_error("").find("is empty") != std::string::npos);

  std::string version = bytes;
  version[8] = 2;
  CHECK(load_error(version).find("has format version 2; this build of xgrad reads version 1") != std::string::npos);

  CHECK(load_error(bytes + "junk").find("4 unexpected bytes follow the checksum") != std::string::npos);
  CHECK(snapshot(*b) == before);

  const std::string absent = dir.file("absent.ckpt");
  CHECK_THROWS_WITH_AS(xgrad::load(b, absent),
                       contains("InputArchive::load_from: cannot open checkpoint '" + absent + "'"),
                       xgrad::Error);
  CHECK_THROWS_WITH_AS(xgrad::load(b, dir.path.string()), doctest::Contains("is not a regular file"), xgrad::Error);
  xgrad::load(b, good);  // and the good file still loads
  check_same_state(*a, *b);
}

TEST_CASE("Module::load: missing, extra, wrong-shaped, wrong-dtype, wrong-kind entries change nothing") {
  TempDir dir;
  xgrad::manual_seed(9);
  Model a;
  Model b;
  const auto before = snapshot(*b);
  const std::string path = dir.file("edited.ckpt");
  auto load_message = [&]() {
    try {
      xgrad::load(b, path);
    } catch (const xgrad::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string prefix = "Module::load: error(s) in loading checkpoint '" + path +
                             "' into (anonymous namespace)::ModelImpl: ";
  auto nothing = [](OutputArchive&) {};

  save_edited(a, path, nothing, /*skip=*/"head.bias");
  CHECK(load_message() == prefix + "missing key(s): 'head.bias' (nothing was changed)");
  CHECK(snapshot(*b) == before);

  save_edited(a, path, [](OutputArchive& archive) { archive.write("body.0.extra", xgrad::ones({1})); });
  CHECK(load_message() == prefix + "unexpected key(s): 'body.0.extra' (nothing was changed)");
  CHECK(snapshot(*b) == before);

  save_edited(a, path, nothing, "", /*replace=*/"body.0.weight", xgrad::zeros({4, 3}));
  CHECK(load_message() == prefix +
                              "size mismatch for 'body.0.weight': copying a tensor of shape [4, 3] from the "
                              "checkpoint, the shape in the current model is [3, 4] (nothing was changed)");
  CHECK(snapshot(*b) == before);

  save_edited(a, path, nothing, "", "head.weight", xgrad::zeros({2, 3}, xgrad::kDouble));
  CHECK(load_message() == prefix +
                              "dtype mismatch for 'head.weight': copying a tensor of dtype Double from the "
                              "checkpoint, the dtype in the current model is Float (nothing was changed)");
  CHECK(snapshot(*b) == before);

  save_edited(a, path, nothing, "", "head.count", xgrad::full({}, int64_t(1), xgrad::kLong),
              /*replacement_is_buffer=*/false);
  CHECK(load_message() == "InputArchive::read: 'head.count' in checkpoint '" + path +
                              "' is stored as a parameter, but was read as a buffer");
  CHECK(snapshot(*b) == before);

  // several problems are reported together
  save_edited(a, path, [](OutputArchive& archive) { archive.write("x", xgrad::ones({1})); }, "running", "head.bias",
              xgrad::zeros({5}));
  const std::string message = load_message();
  CHECK(message.find("missing key(s): 'running'") != std::string::npos);
  CHECK(message.find("unexpected key(s): 'x'") != std::string::npos);
  CHECK(message.find("size mismatch for 'head.bias'") != std::string::npos);
  CHECK(snapshot(*b) == before);

  save_edited(a, path, nothing);  // the unedited archive loads
  xgrad::load(b, path);
  check_same_state(*a, *b);
}
