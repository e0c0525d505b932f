// The data layer: the MNIST-format and digits readers on files written here (good, and broken in each way), the
// transforms, the samplers and the DataLoader (coverage, order, seeds, workers, errors).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <numeric>
#include <set>
#include <thread>
#include <type_traits>
#include <vector>

#include "idx_writer.h"
#include "test_helpers.h"

using namespace xgrad;
using test_helpers::TempDir;
using test_helpers::values;
using test_helpers::V;
using xgrad_test::idx_images;
using xgrad_test::idx_labels;
using xgrad_test::write_file;
using MNIST = data::datasets::MNIST;

namespace {

/// A dataset of count 28x28 images (image i filled with i % 256) with labels i % 10.
struct MnistFiles {
  std::vector<uint8_t> pixels, labels;
  explicit MnistFiles(uint32_t count) : pixels(size_t{count} * 784), labels(count) {
    for (uint32_t i = 0; i < count; ++i) {
      std::fill_n(pixels.begin() + size_t{i} * 784, 784, static_cast<uint8_t>(i % 256));
      pixels[size_t{i} * 784 + 1] = 255;  // one bright pixel, to see the scaling
      labels[i] = static_cast<uint8_t>(i % 10);
    }
  }
  void write(const TempDir& dir, const std::string& prefix, bool gzip) const {
    const std::string suffix = gzip ? ".gz" : "";
    write_file(dir.file(prefix + "-images-idx3-ubyte" + suffix),
               idx_images(pixels, static_cast<uint32_t>(labels.size()), 28, 28), gzip);
    write_file(dir.file(prefix + "-labels-idx1-ubyte" + suffix), idx_labels(labels), gzip);
  }
};

/// The message of the Error that constructing MNIST(root, mode) throws ("" when it does not throw).
std::string mnist_error(const std::string& root, MNIST::Mode mode = MNIST::Mode::kTrain) {
  try {
    MNIST dataset(root, mode);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// The indices 0..n-1 as a dataset whose examples are their own index (data) and index * 10 (target).
struct IndexDataset : data::datasets::Dataset<IndexDataset> {
  explicit IndexDataset(size_t n) : n(n) {}
  data::Example<> get(size_t index) override {
    return {xgrad::tensor({static_cast<double>(index)}, kFloat), xgrad::tensor(static_cast<int64_t>(index) * 10)};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n;
};

/// Every batch of one epoch of loader, as the list of data values.
template <typename Loader>
std::vector<V> epoch(Loader& loader) {
  std::vector<V> batches;
  for (auto& batch : loader) batches.push_back(values(batch.data));
  return batches;
}

std::vector<double> flatten(const std::vector<V>& batches) {
  std::vector<double> all;
  for (const V& b : batches) all.insert(all.end(), b.begin(), b.end());
  return all;
}

}  // namespace

TEST_CASE("MNIST reads raw and gzip-compressed IDX files, keeping the images as uint8") {
  for (bool gzip : {false, true}) {
    CAPTURE(gzip);
    TempDir dir("xgrad-data");
    MnistFiles(30).write(dir, "train", gzip);
    MnistFiles(12).write(dir, "t10k", gzip);
    MNIST train(dir.path.string());
    MNIST test(dir.path.string(), MNIST::Mode::kTest);
    CHECK(train.is_train());
    CHECK_FALSE(test.is_train());
    CHECK(*train.size() == 30);
    CHECK(*test.size() == 12);
    CHECK((train.images().scalar_type() == kByte));
    CHECK(train.images().sizes().vec() == std::vector<int64_t>{30, 1, 28, 28});
    CHECK((train.targets().scalar_type() == kLong));

    data::Example<> example = train.get(13);
    CHECK((example.data.scalar_type() == kFloat));
    CHECK(example.data.sizes().vec() == std::vector<int64_t>{1, 28, 28});
    CHECK(example.target.item<int64_t>() == 3);
    const V pixels = values(example.data);
    CHECK(pixels[0] == doctest::Approx(13.0 / 255.0));
    CHECK(pixels[1] == 1.0);
    CHECK(static_cast<float>(pixels[0]) == 13.0f / 255.0f);  // libtorch's value to the last bit
    CHECK_THROWS_WITH_AS(train.get(30), doctest::Contains("MNIST::get: index 30 out of range for 30"), Error);
  }
}

TEST_CASE("MNIST names the file and the problem for every bad input") {
  TempDir dir("xgrad-data");
  const std::string root = dir.path.string();
  const std::string images = dir.file("train-images-idx3-ubyte");
  const std::string labels = dir.file("train-labels-idx1-ubyte");
  MnistFiles good(20);
  const std::vector<uint8_t> good_images = idx_images(good.pixels, 20, 28, 28);
  const std::vector<uint8_t> good_labels = idx_labels(good.labels);

  SUBCASE("no such folder") {
    CHECK(mnist_error(root + "/nowhere") == "MNIST: " + root + "/nowhere is not a folder (expected an MNIST-format folder)");
  }
  SUBCASE("a missing file") {
    CHECK(mnist_error(root) == "MNIST: " + root + " holds neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz");
    write_file(images, good_images);
    CHECK(mnist_error(root) == "MNIST: " + root + " holds neither train-labels-idx1-ubyte nor train-labels-idx1-ubyte.gz");
  }
  SUBCASE("an empty file") {
    write_file(images, {});
    write_file(labels, good_labels);
    CHECK(mnist_error(root) == "MNIST: " + images + " is empty (expected an IDX image file)");
  }
  SUBCASE("a header cut short") {
    write_file(images, std::vector<uint8_t>(good_images.begin(), good_images.begin() + 10));
    write_file(labels, good_labels);
    CHECK(mnist_error(root) ==
          "MNIST: " + images + " is truncated: 10 bytes, shorter than the 16-byte IDX image header");
  }
  SUBCASE("images cut short") {
    write_file(images, std::vector<uint8_t>(good_images.begin(), good_images.end() - 100));
    write_file(labels, good_labels);
    CHECK(mnist_error(root) == "MNIST: " + images +
                                   " is truncated: its header promises 20 images (15680 bytes), it holds 15580 bytes");
  }
  SUBCASE("labels cut short, gzipped") {
    write_file(images, good_images);
    write_file(labels + ".gz", std::vector<uint8_t>(good_labels.begin(), good_labels.end() - 1), true);
    CHECK(mnist_error(root) == "MNIST: " + labels +
                                   ".gz is truncated: its header promises 20 labels (20 bytes), it holds 19 bytes");
  }
  SUBCASE("bytes after the last image") {
    std::vector<uint8_t> longer = good_images;
    longer.push_back(0);
    write_file(images, longer);
    write_file(labels, good_labels);
    CHECK(mnist_error(root) == "MNIST: " + images + " has bytes after its last image (its header promises 20 images)");
  }
  SUBCASE("gzipped images longer or shorter than their header declares") {
    std::vector<uint8_t> longer = good_images;
    longer.push_back(0);
    write_file(images + ".gz", longer, true);
    write_file(labels, good_labels);
    CHECK(mnist_error(root) ==
          "MNIST: " + images + ".gz has bytes after its last image (its header promises 20 images)");
    write_file(images + ".gz", std::vector<uint8_t>(good_images.begin(), good_images.end() - 784), true);
    CHECK(mnist_error(root) == "MNIST: " + images +
                                   ".gz is truncated: its header promises 20 images (15680 bytes), it holds 14896 bytes");
  }
  SUBCASE("a wrong magic number: labels where images belong") {
    write_file(images, good_labels);
    write_file(labels, good_labels);
    CHECK(mnist_error(root) ==
          "MNIST: " + images + " has magic number 0x00000801, expected 0x00000803 (an IDX image file)");
  }
  SUBCASE("a header whose sizes overflow") {
    std::vector<uint8_t> header;
    for (uint32_t field : {0x00000803u, 4u, 0x80000000u, 0x80000000u}) xgrad_test::append_big_endian(header, field);
    write_file(images, header);
    write_file(labels, idx_labels({1, 2, 3, 4}));
    CHECK(mnist_error(root) ==
          "MNIST: " + images + " has an impossible header: 4 images of 4611686018427387904 bytes");
  }
  SUBCASE("a header promising far more than the file holds") {
    std::vector<uint8_t> header;
    for (uint32_t field : {0x00000803u, 0xffffffffu, 28u, 28u}) xgrad_test::append_big_endian(header, field);
    write_file(images + ".gz", header, true);
    write_file(labels, good_labels);
    // refused from the file's size, before anything is allocated or inflated
    const uintmax_t size = std::filesystem::file_size(images + ".gz");
    CHECK(mnist_error(root) == "MNIST: " + images +
                                   ".gz cannot hold what its header declares: 4294967295 images (3367254359280 "
                                   "bytes), but " + std::to_string(size) + " bytes of gzip data inflate to at most " +
                                   std::to_string(size * 1032) + " bytes");
  }
  SUBCASE("counts that disagree") {
    write_file(images, good_images);
    write_file(labels, idx_labels(std::vector<uint8_t>(19, 1)));
    CHECK(mnist_error(root) == "MNIST: " + images + " holds 20 images but " + labels + " holds 19 labels");
  }
  SUBCASE("no images at all") {
    write_file(images, idx_images({}, 0, 28, 28));
    write_file(labels, idx_labels({}));
    CHECK(mnist_error(root) == "MNIST: " + images + " holds no images");
  }
  SUBCASE("a gzip stream cut short") {
    write_file(images + ".gz", good_images, true);
    std::ifstream in(images + ".gz", std::ios::binary);
    std::vector<uint8_t> compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    compressed.resize(compressed.size() / 2);
    write_file(images + ".gz", compressed);
    write_file(labels, good_labels);
    CHECK(mnist_error(root).rfind("MNIST: " + images + ".gz is corrupt or truncated gzip data", 0) == 0);
  }
  SUBCASE("corrupt gzip data") {
    write_file(images + ".gz", good_images, true);
    std::fstream file(images + ".gz", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(12);
    const char garbage[16] = {'\x7f', '\x13', '\x55', '\x00', '\x7f', '\x13', '\x55', '\x00',
                              '\x7f', '\x13', '\x55', '\x00', '\x7f', '\x13', '\x55', '\x00'};
    file.write(garbage, sizeof garbage);
    file.close();
    write_file(labels, good_labels);
    const std::string message = mnist_error(root);
    CHECK(message.find(images + ".gz") != std::string::npos);
    CHECK(message.rfind("MNIST: ", 0) == 0);
  }
}

namespace {

using Digits = data::datasets::Digits;

/// count lines of the digits CSV: image i has pixel p = (i + p) % 17, label i % 10.
std::string digits_csv(int count, const std::string& line_end = "\n") {
  std::string text;
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < 64; ++p) text += std::to_string((i + p) % 17) + ",";
    text += std::to_string(i % 10) + line_end;
  }
  return text;
}

std::vector<uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

std::string digits_error(const std::string& path) {
  try {
    Digits digits(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("Digits reads scikit-learn's digits CSV, raw or gzip-compressed") {
  TempDir dir("xgrad-digits");
  for (const bool gzip : {false, true}) {
    CAPTURE(gzip);
    const std::string path = dir.file(gzip ? "digits.csv.gz" : "digits.csv");
    write_file(path, bytes_of(digits_csv(3)), gzip);
    Digits digits(path);
    REQUIRE(digits.size() == size_t{3});
    CHECK(digits.images().sizes() == std::vector<int64_t>{3, 64});
    CHECK((digits.images().scalar_type() == kFloat));
    CHECK((digits.targets().scalar_type() == kLong));
    CHECK(values(digits.targets()) == V{0, 1, 2});
    CHECK(digits.images()[2][0].item<float>() == 2);
    CHECK(digits.images()[2][63].item<float>() == 65 % 17);
    const data::Example<> example = digits.get(1);
    CHECK(example.data.sizes() == std::vector<int64_t>{64});
    CHECK(example.data[15].item<float>() == 16);
    CHECK(example.target.item<int64_t>() == 1);
  }
  SUBCASE("CRLF line ends and a last line without one") {
    std::string text = digits_csv(2, "\r\n");
    text.resize(text.size() - 2);
    write_file(dir.file("crlf.csv"), bytes_of(text));
    CHECK(Digits(dir.file("crlf.csv")).size() == size_t{2});
  }
  CHECK_THROWS_WITH_AS(Digits(dir.file("digits.csv")).get(3),
                       "Digits::get: index 3 out of range for 3 examples", Error);
}

TEST_CASE("Digits names the file, the line and the field of every bad input") {
  TempDir dir("xgrad-digits");
  const std::string path = dir.file("digits.csv");
  const std::string expected = " (expected 65 comma-separated integers: 64 pixels 0-16, then a label 0-9)";
  const std::string good = digits_csv(3);
  const auto error_for = [&](const std::string& text) {
    write_file(path, bytes_of(text));
    return digits_error(path);
  };
  const auto line2 = [&](const std::string& replacement) {  // line 2 replaced
    const size_t start = good.find('\n') + 1, end = good.find('\n', start);
    return good.substr(0, start) + replacement + good.substr(end);
  };
  std::string seventeen = digits_csv(1);
  seventeen.replace(0, 1, "17");
  CHECK(error_for(seventeen) == "Digits: " + path + " line 1, field 1: pixel 17 is above 16" + expected);
  std::string label10 = digits_csv(1);
  label10.replace(label10.size() - 2, 1, "10");
  CHECK(error_for(label10) == "Digits: " + path + " line 1, field 65: label 10 is above 9" + expected);
  CHECK(error_for(line2("1,2,3")) == "Digits: " + path + " line 2, field 3: the line ends after 3 fields" + expected);
  CHECK(error_for(line2(std::string(good.substr(0, good.find('\n'))) + ",4")) ==
        "Digits: " + path + " line 2, field 66: more than 65 fields" + expected);
  CHECK(error_for(line2("")) == "Digits: " + path + " line 2, field 1: an empty line" + expected);
  CHECK(error_for(line2("1,,2")) == "Digits: " + path + " line 2, field 2: an empty field" + expected);
  CHECK(error_for(line2("1,-2")) == "Digits: " + path + " line 2, field 2: '-' is not part of an integer" + expected);
  CHECK(error_for(line2("0.5")) == "Digits: " + path + " line 2, field 1: '.' is not part of an integer" + expected);
  CHECK(error_for(line2("1, 2")) ==
        "Digits: " + path + " line 2, field 2: byte 0x20 is not part of an integer" + expected);
  CHECK(error_for(line2("1\r2")) ==
        "Digits: " + path + " line 2, field 1: a carriage return inside the line" + expected);
  CHECK(error_for(line2("0000001")) ==
        "Digits: " + path + " line 2, field 1: a number of more than 6 digits" + expected);
  CHECK(error_for("") == "Digits: " + path + " holds no lines (expected 65 comma-separated integers per image)");
  CHECK(error_for(std::string("\x1f\x8b\x08\x00garbage", 12)).rfind("Digits: " + path + " is corrupt or truncated gzip data", 0) == 0);
  CHECK(digits_error(dir.file("missing.csv")).rfind("Digits: cannot open " + dir.file("missing.csv") + ": ", 0) == 0);
  CHECK(digits_error(dir.path.string()) == "Digits: " + dir.path.string() + " is not a regular file (it is a directory)");
}

TEST_CASE("Normalize, Stack and Lambda transform examples and batches") {
  data::Example<> example{xgrad::tensor({{{0.5, 1.0}}, {{0.0, 0.25}}}, kFloat), xgrad::tensor(int64_t{4})};
  data::transforms::Normalize<> normalize({0.5, 0.25}, {0.5, 0.25});
  test_helpers::check_close(normalize.apply(example).data, {0.0, 1.0, -1.0, 0.0});
  CHECK(normalize.apply(example).target.item<int64_t>() == 4);
  data::transforms::Normalize<> one_value(0.5, 2.0);
  test_helpers::check_close(one_value(example.data), {0.0, 0.25, -0.25, -0.125});
  CHECK_THROWS_WITH_AS(data::transforms::Normalize<>({0.1, 0.2, 0.3}, {1.0, 1.0, 1.0})(example.data),
                       "Normalize: expected an image [C, H, W] with C = 3 (the number of mean values), got [2, 1, 2]",
                       Error);
  CHECK_THROWS_WITH_AS(data::transforms::Normalize<>(0.5, 0.0), "Normalize: stddev must not be zero, got [0]", Error);

  // An image goes through a one-pass loop; it must give exactly the numbers of sub then div.
  const Tensor image = xgrad::rand({3, 5, 7});
  data::transforms::Normalize<> per_channel({0.1, 0.5, 0.9}, {0.3, 0.7, 1.1});
  CHECK(values(per_channel(image)) == values(image.sub(per_channel.mean).div(per_channel.stddev)));
  CHECK(values(one_value(image)) == values(image.sub(one_value.mean).div(one_value.stddev)));

  data::transforms::Stack<> stack;
  data::Example<> batch = stack.apply_batch({example, example, example});
  CHECK(batch.data.sizes().vec() == std::vector<int64_t>{3, 2, 1, 2});
  CHECK(batch.target.sizes().vec() == std::vector<int64_t>{3});

  data::transforms::Lambda<data::Example<>> twice([](data::Example<> e) {
    e.data = e.data * 2;
    return e;
  });
  test_helpers::check_close(twice.apply(example).data, {1.0, 2.0, 0.0, 0.5});
  data::transforms::TensorLambda<> negate([](Tensor t) { return -t; });
  test_helpers::check_close(negate(example.data), {-0.5, -1.0, -0.0, -0.25});

  data::datasets::TensorDataset tensors(xgrad::arange(12, kFloat).view({4, 3}));
  auto stacked = tensors.map(data::transforms::Stack<data::TensorExample>());
  CHECK(values(stacked.get_batch(std::vector<size_t>{3, 1}).data) == V{9, 10, 11, 3, 4, 5});
}

TEST_CASE("RandomCrop takes a window of the zero-padded image; RandomHorizontalFlip mirrors it") {
  const Tensor image = xgrad::arange(1, 17, kFloat).view({1, 4, 4});
  // No padding and the image's own size: the only window is the image.
  CHECK(values(data::transforms::RandomCrop<>({4, 4}, 0)(image)) == values(image));
  data::transforms::RandomCrop<> braced({4});
  CHECK(values(braced(image)) == values(image));

  // Every 4x4 window of the image padded by 1 is one of the 9 possible ones, and several appear.
  manual_seed(3);
  data::transforms::RandomCrop<> crop(4, 1);
  std::set<V> seen;
  for (int i = 0; i < 60; ++i) {
    const Tensor out = crop(image);
    REQUIRE(out.sizes().vec() == std::vector<int64_t>{1, 4, 4});
    V window = values(out);
    bool matches_one = false;
    for (int top = 0; top <= 2; ++top) {
      for (int left = 0; left <= 2; ++left) {
        V expected;
        for (int r = top - 1; r < top + 3; ++r)
          for (int c = left - 1; c < left + 3; ++c)
            expected.push_back(r < 0 || r > 3 || c < 0 || c > 3 ? 0.0 : 1 + r * 4 + c);
        matches_one = matches_one || expected == window;
      }
    }
    CHECK(matches_one);
    seen.insert(window);
  }
  CHECK(seen.size() == 9);
  CHECK_THROWS_WITH_AS(data::transforms::RandomCrop<>(6)(image),
                       "RandomCrop: a 6x6 crop does not fit in an image [1, 4, 4] padded by 0", Error);
  CHECK_THROWS_WITH_AS(data::transforms::RandomCrop<>({1, 2, 3}),
                       "RandomCrop: expected a size {height, width} or {side}, got [1, 2, 3]", Error);

  const Tensor row = xgrad::tensor({{{1.0, 2.0, 3.0}}}, kFloat);
  CHECK(values(data::transforms::RandomHorizontalFlip<>(1.0)(row)) == V{3, 2, 1});
  CHECK(values(data::transforms::RandomHorizontalFlip<>(0.0)(row)) == V{1, 2, 3});
  data::transforms::RandomHorizontalFlip<> flip;
  int flipped = 0;
  for (int i = 0; i < 200; ++i) flipped += values(flip(row))[0] == 3.0;
  CHECK(flipped > 60);
  CHECK(flipped < 140);
}

TEST_CASE("Samplers: sequential, random per epoch under manual_seed, save and load") {
  data::samplers::SequentialSampler sequential(5);
  CHECK(*sequential.next(2) == std::vector<size_t>{0, 1});
  CHECK(*sequential.next(2) == std::vector<size_t>{2, 3});
  CHECK(*sequential.next(2) == std::vector<size_t>{4});
  CHECK_FALSE(sequential.next(2).has_value());
  sequential.reset(3);
  CHECK(*sequential.next(5) == std::vector<size_t>{0, 1, 2});

  manual_seed(7);
  data::samplers::RandomSampler random(100);
  std::vector<size_t> first = *random.next(100);
  random.reset();
  std::vector<size_t> second = *random.next(100);
  CHECK(first != second);  // a new permutation each epoch
  for (auto* order : {&first, &second}) {
    std::vector<size_t> sorted = *order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<size_t> expected(100);
    std::iota(expected.begin(), expected.end(), 0);
    CHECK(sorted == expected);
  }
  manual_seed(7);
  data::samplers::RandomSampler again(100);
  CHECK(*again.next(100) == first);

  // A sampler stopped mid-epoch continues where it was after load.
  data::samplers::RandomSampler saved(10);
  saved.next(4);
  serialize::OutputArchive out;
  saved.save(out);
  TempDir dir("xgrad-data");
  out.save_to(dir.file("sampler.ckpt"));
  serialize::InputArchive in;
  in.load_from(dir.file("sampler.ckpt"));
  data::samplers::RandomSampler loaded(10);
  loaded.load(in);
  CHECK(loaded.index() == 4);
  CHECK(*loaded.next(10) == *saved.next(10));
}

TEST_CASE("Distributed samplers give each rank its share, the same permutation on every rank") {
  for (bool random : {false, true}) {
    CAPTURE(random);
    for (size_t epoch : {0, 1}) {
      std::vector<size_t> all;
      for (size_t rank = 0; rank < 3; ++rank) {
        std::vector<size_t> share;
        if (random) {
          data::samplers::DistributedRandomSampler sampler(10, 3, rank);
          sampler.set_epoch(epoch);
          sampler.reset();
          while (auto batch = sampler.next(3)) share.insert(share.end(), batch->begin(), batch->end());
        } else {
          data::samplers::DistributedSequentialSampler sampler(10, 3, rank);
          while (auto batch = sampler.next(3)) share.insert(share.end(), batch->begin(), batch->end());
        }
        CHECK(share.size() == 4);  // ceil(10 / 3), the last rank wrapping around
        all.insert(all.end(), share.begin(), share.end());
      }
      std::set<size_t> distinct(all.begin(), all.end());
      CHECK(distinct.size() == 10);  // every index, two of them twice
      if (!random) CHECK(std::vector<size_t>(all.begin(), all.begin() + 4) == std::vector<size_t>{0, 1, 2, 3});
    }
  }
  data::samplers::DistributedRandomSampler epoch0(10, 2, 0), epoch1(10, 2, 0);
  epoch1.set_epoch(1);
  epoch1.reset();
  CHECK(*epoch0.next(5) != *epoch1.next(5));
  data::samplers::DistributedSequentialSampler no_duplicates(10, 3, 2, /*allow_duplicates=*/false);
  CHECK(*no_duplicates.next(10) == std::vector<size_t>{6, 7, 8});
  CHECK_THROWS_WITH_AS(data::samplers::DistributedRandomSampler(10, 2, 2),
                       "DistributedSampler: expected 0 <= rank < num_replicas, got rank 2 and num_replicas 2", Error);
}

TEST_CASE("DataLoader: every example once per epoch, drop_last, order under a seed") {
  auto make = [](size_t workers, bool drop_last) {
    return data::make_data_loader<data::samplers::RandomSampler>(
        IndexDataset(103).map(data::transforms::Stack<>()),
        data::DataLoaderOptions().batch_size(10).workers(workers).drop_last(drop_last));
  };
  manual_seed(11);
  auto loader = make(0, false);
  std::vector<V> first = epoch(*loader);
  std::vector<V> second = epoch(*loader);
  CHECK(first.size() == 11);
  CHECK(first.back().size() == 3);
  for (const auto* batches : {&first, &second}) {
    std::vector<double> all = flatten(*batches);
    std::sort(all.begin(), all.end());
    std::vector<double> expected(103);
    std::iota(expected.begin(), expected.end(), 0.0);
    CHECK(all == expected);
  }
  CHECK(first != second);

  // The targets travel with their data.
  for (auto& batch : *loader) CHECK(values(batch.target) == values(batch.data * 10));

  manual_seed(11);
  auto dropping = make(0, true);
  std::vector<V> dropped = epoch(*dropping);
  CHECK(dropped.size() == 10);
  CHECK(dropped == std::vector<V>(first.begin(), first.begin() + 10));  // same seed, same order

  auto sequential = data::make_data_loader<data::samplers::SequentialSampler>(
      IndexDataset(5).map(data::transforms::Stack<>()), data::DataLoaderOptions(2));
  CHECK(epoch(*sequential) == std::vector<V>{{0, 1}, {2, 3}, {4}});
  CHECK_THROWS_WITH_AS(data::make_data_loader(IndexDataset(5), data::DataLoaderOptions(0)),
                       "DataLoader: batch_size must be positive, got 0", Error);
}

TEST_CASE("DataLoader: 0, 1 and 4 workers give identical batches, random transforms included") {
  // Images with a random crop and flip: the augmentation must not depend on which worker ran it.
  auto make = [](size_t workers) {
    data::datasets::TensorDataset images(xgrad::arange(64 * 25, kFloat).view({64, 1, 5, 5}));
    auto dataset = std::move(images)
                       .map(data::transforms::Lambda<data::TensorExample>([](data::TensorExample e) {
                         return data::TensorExample(data::transforms::RandomCrop<>(5, 2)(e.data));
                       }))
                       .map(data::transforms::Lambda<data::TensorExample>([](data::TensorExample e) {
                         return data::TensorExample(data::transforms::RandomHorizontalFlip<>()(e.data));
                       }))
                       .map(data::transforms::Stack<data::TensorExample>());
    return data::make_data_loader(std::move(dataset), data::DataLoaderOptions().batch_size(6).workers(workers));
  };
  std::vector<std::vector<V>> runs;
  for (size_t workers : {0, 1, 4}) {
    CAPTURE(workers);
    manual_seed(5);
    auto loader = make(workers);
    std::vector<V> epoch1 = epoch(*loader);
    std::vector<V> epoch2 = epoch(*loader);
    CHECK(epoch1.size() == 11);
    CHECK(epoch1 != epoch2);
    epoch1.insert(epoch1.end(), epoch2.begin(), epoch2.end());
    runs.push_back(epoch1);
  }
  CHECK(runs[1] == runs[0]);
  CHECK(runs[2] == runs[0]);
}

TEST_CASE("DataLoader: an exception while making a batch reaches the loop, and the next epoch works") {
  for (size_t workers : {0, 2}) {
    CAPTURE(workers);
    std::atomic<bool> fail{true};
    auto dataset = IndexDataset(40)
                       .map(data::transforms::Lambda<data::Example<>>([&fail](data::Example<> e) {
                         if (fail && e.data.item<double>() == 25.0) throw Error("transform failed on example 25");
                         return e;
                       }))
                       .map(data::transforms::Stack<>());
    auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
        std::move(dataset), data::DataLoaderOptions().batch_size(10).workers(workers));
    size_t batches = 0;
    CHECK_THROWS_WITH_AS(
        [&] {
          for (auto& batch : *loader) {
            (void)batch;
            ++batches;
          }
        }(),
        "transform failed on example 25", Error);
    CHECK(batches == 2);
    fail = false;
    CHECK(epoch(*loader).size() == 4);
  }
}

TEST_CASE("DataLoader: a worker slower than the timeout is an error, not a hang") {
  auto dataset = IndexDataset(4)
                     .map(data::transforms::Lambda<data::Example<>>([](data::Example<> e) {
                       std::this_thread::sleep_for(std::chrono::milliseconds(300));
                       return e;
                     }))
                     .map(data::transforms::Stack<>());
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
      std::move(dataset), data::DataLoaderOptions().batch_size(2).workers(1).timeout(std::chrono::milliseconds(20)));
  CHECK_THROWS_WITH_AS(loader->begin(), "DataLoader: no batch from the workers within the timeout of 20 ms", Error);
}

TEST_CASE("random_split partitions a dataset at random, reproducibly") {
  manual_seed(2);
  auto parts = data::random_split(IndexDataset(50), {40, 10});
  REQUIRE(parts.size() == 2);
  CHECK(*parts[0].size() == 40);
  CHECK(*parts[1].size() == 10);
  std::vector<size_t> all = parts[0].indices();
  all.insert(all.end(), parts[1].indices().begin(), parts[1].indices().end());
  std::vector<size_t> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  std::vector<size_t> expected(50);
  std::iota(expected.begin(), expected.end(), 0);
  CHECK(sorted == expected);
  CHECK(all != expected);
  CHECK(parts[1].get(3).data.item<double>() == static_cast<double>(parts[1].indices()[3]));
  manual_seed(2);
  CHECK(data::random_split(IndexDataset(50), {40, 10})[1].indices() == parts[1].indices());

  auto loader = data::make_data_loader(parts[1].map(data::transforms::Stack<>()), data::DataLoaderOptions(4));
  CHECK(flatten(epoch(*loader)).size() == 10);
  CHECK_THROWS_WITH_AS(data::random_split(IndexDataset(50), {40, 11}),
                       "random_split: the lengths [40, 11] add up to more than the 50 examples of the dataset", Error);
  CHECK_THROWS_WITH_AS(data::random_split(IndexDataset(50), {40, 9}),
                       "random_split: the lengths [40, 9] add up to 49, but the dataset holds 50 examples", Error);
  CHECK_THROWS_WITH_AS(data::random_split(IndexDataset(50), {SIZE_MAX, 51}),
                       doctest::Contains("add up to more than the 50 examples"), Error);
  CHECK_THROWS_WITH_AS(parts[1].get(10), "Subset::get: index 10 out of range for a subset of 10 examples", Error);
}

TEST_CASE("DataLoader: a new epoch after a break, stale iterators, join, and no copies") {
  using Loader = data::StatelessDataLoader<data::datasets::MapDataset<IndexDataset, data::transforms::Stack<>>,
                                           data::samplers::SequentialSampler>;
  static_assert(!std::is_copy_constructible<Loader>::value && !std::is_move_constructible<Loader>::value,
                "jobs in flight refer to the loader, so it must stay where it is");
  for (size_t workers : {0, 3}) {
    CAPTURE(workers);
    auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
        IndexDataset(20).map(data::transforms::Stack<>()), data::DataLoaderOptions().batch_size(4).workers(workers));
    auto first = loader->begin();
    CHECK(values(first->data) == V{0, 1, 2, 3});
    ++first;  // the loop breaks here, with batches still in flight
    CHECK(epoch(*loader) == std::vector<V>{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {12, 13, 14, 15},
                                           {16, 17, 18, 19}});
    CHECK_THROWS_WITH_AS(++first, "DataLoader: iterator used after a later begin() started a new epoch", Error);
  }
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
      IndexDataset(20).map(data::transforms::Stack<>()), data::DataLoaderOptions().batch_size(4).workers(2));
  auto it = loader->begin();
  loader->join();
  CHECK_THROWS_WITH_AS(++it, "DataLoader: iterated after join()", Error);
  CHECK_THROWS_WITH_AS(loader->begin(), "DataLoader: iterated after join()", Error);
}

TEST_CASE("DataLoader: each worker has its own copy of the dataset") {
  // A dataset that counts the examples it made: shared between threads, the count would race.
  struct Counting : data::datasets::Dataset<Counting> {
    data::Example<> get(size_t index) override {
      ++made;
      return {xgrad::tensor({static_cast<double>(index)}, kFloat), xgrad::tensor(static_cast<int64_t>(made))};
    }
    std::optional<size_t> size() const override { return 64; }
    int64_t made = 0;
  };
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
      Counting().map(data::transforms::Stack<>()), data::DataLoaderOptions().batch_size(8).workers(2));
  int64_t total = 0;
  for (auto& batch : *loader) total += batch.target.numel();
  CHECK(total == 64);
  CHECK(loader->dataset().dataset().made == 0);  // the workers used their copies, not the loader's
}
