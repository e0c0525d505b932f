// Files that are not what they seem, and writers that die: the MNIST, digits and checkpoint readers refuse a
// FIFO, a directory or a device at once; a gzip bomb costs no more than its header declares (or is
// refused from the file's size alone); a checkpoint stream is read only as far as it declares; and
// kill -9 during save leaves a loadable checkpoint, old or new, and no temporaries after the next save.
// Whatever could hang or eat memory if broken runs in a forked child under an alarm.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <xgrad/serialize.h>

#include "idx_writer.h"
#include "test_helpers.h"

using namespace xgrad;
using test_helpers::TempDir;
using xgrad::serialize::InputArchive;
using xgrad::serialize::OutputArchive;
using MNIST = data::datasets::MNIST;

namespace {

doctest::Contains contains(const std::string& text) { return doctest::Contains(doctest::String(text.c_str())); }

/// What a forked child reported: its text, whether it exited normally (not killed by the alarm or a
/// crash), and the wall time it took.
struct ChildResult {
  std::string text;
  bool exited = false;
  double seconds = 0;
};

/// Runs fn in a forked child that the alarm kills after timeout seconds, so a hang fails the test
/// instead of the suite. The child's exceptions come back as "error: <what>".
ChildResult in_child(const std::function<std::string()>& fn, unsigned timeout = 10) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::alarm(timeout);
    std::string text;
    try {
      text = fn();
    } catch (const std::exception& e) {
      text = std::string("error: ") + e.what();
    }
    for (size_t done = 0; done < text.size();) {
      const ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  ChildResult result;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) result.text.append(buffer, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exited = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

/// The error message of fn ("no error" if it returns).
std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::string mnist_error(const std::string& root) {
  return error_of([&] { MNIST dataset(root); });
}

std::string checkpoint_error(const std::string& path) {
  return error_of([&] {
    Tensor t;
    xgrad::load(t, path);
  });
}

/// A field of /proc/self/status in bytes (VmRSS, VmHWM), or -1 where there is none.
int64_t proc_status_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.compare(0, field.size() + 1, field + ":") == 0) return std::stoll(line.substr(field.size() + 1)) * 1024;
  return -1;
}

/// Writes an IDX image header for count images of 28x28, then `zeros` zero bytes, gzipped, to path.
void write_gzip_images(const std::string& path, uint32_t count, uint64_t zeros) {
  std::vector<uint8_t> header = xgrad_test::idx_images({}, count, 28, 28);
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, header.data(), static_cast<unsigned>(header.size())) == static_cast<int>(header.size()));
  const std::vector<char> block(1 << 20, 0);
  for (uint64_t done = 0; done < zeros; done += block.size()) {
    const auto n = static_cast<unsigned>(std::min<uint64_t>(block.size(), zeros - done));
    REQUIRE(gzwrite(file, block.data(), n) == static_cast<int>(n));
  }
  REQUIRE(gzclose(file) == Z_OK);
}

/// The names in dir that look like a temporary of save_to (anything with ".tmp-").
std::vector<std::string> temporaries(const TempDir& dir) {
  std::vector<std::string> found;
  for (const std::string& name : dir.entries())
    if (name.find(".tmp-") != std::string::npos) found.push_back(name);
  return found;
}

/// A stream buffer over bytes that cannot seek (as a pipe), then, if endless, zeros for ever.
struct UnseekableBuf : std::streambuf {
  UnseekableBuf(std::string bytes, bool endless) : bytes(std::move(bytes)), endless(endless) {
    setg(&this->bytes[0], &this->bytes[0], &this->bytes[0] + this->bytes.size());
  }
  int_type underflow() override {
    if (!endless) return traits_type::eof();
    setg(zeros, zeros, zeros + sizeof zeros);
    return 0;
  }
  std::string bytes;
  bool endless;
  char zeros[4096] = {};
};

std::string stream_error(const std::string& bytes, bool endless = false) {
  return error_of([&] {
    UnseekableBuf buffer(bytes, endless);
    std::istream stream(&buffer);
    InputArchive archive;
    archive.load_from(stream);
  });
}

/// A checkpoint whose every entry tells which save wrote it: "data" full of value, "value" = value.
void save_numbered(const std::string& path, int64_t value, int64_t numel) {
  OutputArchive archive;
  archive.write("data", xgrad::full({numel}, static_cast<double>(value), kDouble));
  archive.write("value", value);
  archive.save_to(path);
}

/// "" if path holds a consistent numbered checkpoint, else what is wrong.
std::string numbered_problem(const std::string& path, int64_t numel) {
  InputArchive archive;
  archive.load_from(path);
  Tensor data;
  int64_t value = -1;
  archive.read("data", data);
  archive.read("value", value);
  if (data.numel() != numel) return "wrong size";
  const double* p = data.data_ptr<double>();
  for (int64_t i = 0; i < numel; ++i)
    if (p[i] != static_cast<double>(value)) return "a mix: element " + std::to_string(i) + " differs from " + std::to_string(value);
  return "";
}

}  // namespace

TEST_CASE("MNIST, Digits and the checkpoint reader refuse a FIFO at once, naming it") {
  xgrad::set_num_threads(1);  // no OpenMP team in the forked children
  TempDir dir("xgrad-files");
  const std::string images = dir.file("train-images-idx3-ubyte");
  REQUIRE(::mkfifo(images.c_str(), 0600) == 0);
  xgrad_test::write_file(dir.file("train-labels-idx1-ubyte"), xgrad_test::idx_labels({1, 2}));
  const std::string root = dir.path.string();
  ChildResult mnist = in_child([&] { return mnist_error(root); }, 5);
  CHECK(mnist.exited);
  CHECK(mnist.text == "MNIST: " + images + " is not a regular file (it is a FIFO)");
  CHECK(mnist.seconds < 1.0);

  const std::string fifo = dir.file("net.ckpt");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  ChildResult checkpoint = in_child([&] { return checkpoint_error(fifo); }, 5);
  CHECK(checkpoint.exited);
  CHECK(checkpoint.text == "InputArchive::load_from: checkpoint '" + fifo + "' is not a regular file (it is a FIFO)");
  CHECK(checkpoint.seconds < 1.0);

  ChildResult digits = in_child([&] { return error_of([&] { xgrad::data::datasets::Digits set(fifo); }); }, 5);
  CHECK(digits.exited);
  CHECK(digits.text == "Digits: " + fifo + " is not a regular file (it is a FIFO)");
  CHECK(digits.seconds < 1.0);
}

TEST_CASE("MNIST, Digits and the checkpoint reader refuse a directory and a device, naming them") {
  TempDir dir("xgrad-files");
  const std::string root = dir.path.string();
  const std::string images = dir.file("train-images-idx3-ubyte");
  xgrad_test::write_file(dir.file("train-labels-idx1-ubyte"), xgrad_test::idx_labels({1, 2}));
  std::filesystem::create_directory(images);
  CHECK(mnist_error(root) == "MNIST: " + images + " is not a regular file (it is a directory)");
  std::filesystem::remove(images);
  std::filesystem::create_symlink("/dev/zero", images);
  CHECK(mnist_error(root) == "MNIST: " + images + " is not a regular file (it is a character device)");
  CHECK(error_of([&] { xgrad::data::datasets::Digits set("/dev/zero"); }) ==
        "Digits: /dev/zero is not a regular file (it is a character device)");

  CHECK(checkpoint_error(root) == "InputArchive::load_from: checkpoint '" + root + "' is not a regular file (it is a directory)");
  CHECK(checkpoint_error("/dev/zero") ==
        "InputArchive::load_from: checkpoint '/dev/zero' is not a regular file (it is a character device)");
  CHECK(checkpoint_error("/dev/null") ==
        "InputArchive::load_from: checkpoint '/dev/null' is not a regular file (it is a character device)");
}

TEST_CASE("MNIST: a gzip file whose header declares more than it can inflate to is refused at once") {
  TempDir dir("xgrad-files");
  const std::string images = dir.file("train-images-idx3-ubyte.gz");
  write_gzip_images(images, 60000, 4 << 20);  // 4 MB of zeros: a few KB of gzip, 47 MB declared
  xgrad_test::write_file(dir.file("train-labels-idx1-ubyte"), xgrad_test::idx_labels(std::vector<uint8_t>(60000)));
  const uintmax_t size = std::filesystem::file_size(images);
  REQUIRE(size * 1032 < 47040000);
  const auto start = std::chrono::steady_clock::now();
  CHECK(mnist_error(dir.path.string()) == "MNIST: " + images +
                                              " cannot hold what its header declares: 60000 images (47040000 bytes), "
                                              "but " + std::to_string(size) + " bytes of gzip data inflate to at most " +
                                              std::to_string(size * 1032) + " bytes");
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 0.1);
}

TEST_CASE("MNIST: a gzip bomb behind a valid header costs the declared size, not what it inflates to") {
  xgrad::set_num_threads(1);
  TempDir dir("xgrad-files");
  const std::string images = dir.file("train-images-idx3-ubyte.gz");
  write_gzip_images(images, 60000, uint64_t{100} << 20);  // 47 MB declared, then 100 MB of zeros
  xgrad_test::write_file(dir.file("train-labels-idx1-ubyte"), xgrad_test::idx_labels(std::vector<uint8_t>(60000)));
  CHECK(std::filesystem::file_size(images) < 200000);
  const std::string root = dir.path.string();
  ChildResult child = in_child([&] {
    // Resets the peak RSS to the current one (Linux 4.0+); else the peak is the RSS at fork.
    std::ofstream("/proc/self/clear_refs") << "5";
    const int64_t before = proc_status_bytes("VmHWM");
    const std::string message = mnist_error(root);
    return std::to_string(proc_status_bytes("VmHWM") - before) + "\n" + message;
  });
  REQUIRE(child.exited);
  const size_t newline = child.text.find('\n');
  REQUIRE(newline != std::string::npos);
  const int64_t peak_growth = std::stoll(child.text.substr(0, newline));
  CHECK(child.text.substr(newline + 1) ==
        "MNIST: " + images + " has bytes after its last image (its header promises 60000 images)");
  MESSAGE("peak RSS growth while reading: " << peak_growth / 1e6 << " MB for 47.04 MB declared");
  CHECK(peak_growth > 0);
  CHECK(peak_growth < 47040000 + (16 << 20));
}

TEST_CASE("Checkpoint streams that cannot seek are read only as far as the checkpoint declares") {
  xgrad::set_num_threads(1);
  std::stringstream good;
  xgrad::save(xgrad::arange(10, kFloat), good);
  const std::string bytes = good.str();

  UnseekableBuf buffer(bytes, false);
  std::istream stream(&buffer);
  Tensor loaded;
  xgrad::load(loaded, stream);
  CHECK(test_helpers::values(loaded) == test_helpers::values(xgrad::arange(10, kFloat)));

  CHECK(stream_error(bytes.substr(0, bytes.size() - 1)) ==
        fmt::format("InputArchive::load_from: checkpoint '<stream>' is truncated: the CRC-32 checksum needs 4 bytes at "
                    "offset {}, but the file ends after 3 (it has {} bytes)",
                    bytes.size() - 4, bytes.size() - 1));
  CHECK(stream_error(bytes + "x") ==
        fmt::format("InputArchive::load_from: checkpoint '<stream>' is corrupt: unexpected bytes follow the checksum "
                    "at offset {}",
                    bytes.size() - 4));
  CHECK(stream_error("") == "InputArchive::load_from: checkpoint '<stream>' is empty");

  // An entry declaring 4 TB, in a stream that ends: no allocation of the declared size.
  OutputArchive archive;
  archive.write("w", xgrad::zeros({2}));
  std::stringstream small;
  archive.save_to(small);
  std::string huge = small.str();
  const size_t sizes_at = 8 + 4 + 8 + 4 + 1 + 1 + 1 + 4;  // magic, version, count, key length, "w", dtype, flags, ndim
  const int64_t numel = int64_t{1} << 40;
  const uint64_t nbytes = uint64_t{4} << 40;
  std::memcpy(&huge[sizes_at], &numel, 8);
  std::memcpy(&huge[sizes_at + 8], &nbytes, 8);
  CHECK(stream_error(huge).find("InputArchive::load_from: checkpoint '<stream>' is truncated: entry 0 ('w')'s data "
                                "needs 4398046511104 bytes") == 0);

  // Endless streams: zeros from the start, or zeros after a whole checkpoint; each stops at once.
  ChildResult endless = in_child([&] { return stream_error("", true) + "\n" + stream_error(bytes, true); }, 5);
  CHECK(endless.exited);
  CHECK(endless.text ==
        "InputArchive::load_from: checkpoint '<stream>' is not an xgrad checkpoint (it does not start with "
        "\"XGRADCKP\")\n" +
            fmt::format("InputArchive::load_from: checkpoint '<stream>' is corrupt: unexpected bytes follow the "
                        "checksum at offset {}",
                        bytes.size() - 4));
}

TEST_CASE("save_to removes its target's unlocked temporaries, and only those") {
  TempDir dir("xgrad-files");
  const std::string target = dir.file("net.ckpt");
  auto make = [&](const std::string& name) { xgrad_test::write_file(dir.file(name), {1, 2, 3}); };
  make("net.ckpt.tmp-ABC123");    // a killed writer's: removed
  make("net.ckpt.tmp-held01");    // a live writer's (locked below): kept
  make("net.ckpt.tmp-12345");     // not mkostemp's pattern (5 characters)
  make("net.ckpt.tmp-1234567");   // nor this (7)
  make("net.ckpt.tmp-12_456");    // nor this (not a letter or digit)
  make("other.ckpt.tmp-ABC123");  // another target's
  make("xnet.ckpt.tmp-ABC123");   // another target's
  const int held = ::open(dir.file("net.ckpt.tmp-held01").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX) == 0);
  auto listing = [&] { return fmt::format("{}", fmt::join(dir.entries(), " ")); };
  const std::string not_ours = "net.ckpt.tmp-12345 net.ckpt.tmp-1234567 net.ckpt.tmp-12_456";
  const std::string others = "other.ckpt.tmp-ABC123 xnet.ckpt.tmp-ABC123";

  xgrad::save(xgrad::ones({3}), target);
  CHECK(listing() == "net.ckpt " + not_ours + " net.ckpt.tmp-held01 " + others);
  ::close(held);  // the writer is gone: its temporary goes with the next save
  xgrad::save(xgrad::ones({3}), target);
  CHECK(listing() == "net.ckpt " + not_ours + " " + others);

  // a failed save removes its own temporary: the target is a directory, so the rename fails
  std::filesystem::create_directories(dir.file("occupied/inside"));
  CHECK_THROWS_WITH_AS(xgrad::save(xgrad::ones({3}), dir.file("occupied")),
                       contains("cannot replace checkpoint '" + dir.file("occupied") + "'"), Error);
  CHECK(listing() == "net.ckpt " + not_ours + " occupied " + others);
}

TEST_CASE("kill -9 during save: the checkpoint loads, old or new, and the next save leaves no temporary") {
  xgrad::set_num_threads(1);  // the writers are forked: no OpenMP team
  TempDir dir("xgrad-files");
  const std::string target = dir.file("net.ckpt");
  constexpr int64_t kNumel = 1 << 19;  // 4 MB of float64: a kill lands mid-write
  save_numbered(target, 0, kNumel);
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> delay_us(2000, 60000);
  size_t kills_with_litter = 0, most_litter = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < 25; ++round) {
    const pid_t writer = ::fork();
    REQUIRE(writer >= 0);
    if (writer == 0) {
      try {
        for (int64_t value = 1;; ++value) save_numbered(target, value, kNumel);
      } catch (...) {
        ::_exit(1);  // the parent sees an exit instead of the kill
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(writer, SIGKILL);
    int status = 0;
    ::waitpid(writer, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    INFO("round " << round);
    CHECK(numbered_problem(target, kNumel) == "");
    const size_t litter = temporaries(dir).size();
    kills_with_litter += litter > 0;
    most_litter = std::max(most_litter, litter);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE(kills_with_litter << " of 25 kills left a temporary; at most " << most_litter << " at once; " << seconds
                            << " s");
  CHECK(kills_with_litter > 0);  // the kills did land mid-write
  CHECK(most_litter <= 1);       // each writer removed the one before it
  save_numbered(target, 1000, kNumel);
  CHECK(temporaries(dir).empty());
  CHECK(numbered_problem(target, kNumel) == "");
}

TEST_CASE("Two processes saving the same target at once never remove each other's temporary") {
  xgrad::set_num_threads(1);
  TempDir dir("xgrad-files");
  const std::string target = dir.file("net.ckpt");
  std::vector<pid_t> writers;
  for (int w = 0; w < 2; ++w) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::alarm(20);
      try {
        for (int i = 0; i < 150; ++i) save_numbered(target, w * 1000 + i, 16);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d: %s\n", w, e.what());
        ::_exit(1);
      }
      ::_exit(0);
    }
    writers.push_back(pid);
  }
  for (pid_t pid : writers) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  CHECK(numbered_problem(target, 16) == "");
  CHECK(temporaries(dir).empty());
}
