// make_synthetic_mnist DIR [TRAIN_COUNT [TEST_COUNT [raw|gz]]]: writes a tiny, learnable MNIST-format
// folder (see tests/idx_writer.h) for the tests of the examples and the LeNet trainer.
#include <filesystem>
#include <iostream>
#include <string>

#include "idx_writer.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 5) {
    std::cerr << "usage: make_synthetic_mnist DIR [TRAIN_COUNT [TEST_COUNT [raw|gz]]]\n";
    return 2;
  }
  try {
    const std::string dir = argv[1];
    const auto train_count = static_cast<uint32_t>(argc > 2 ? std::stoul(argv[2]) : 640);
    const auto test_count = static_cast<uint32_t>(argc > 3 ? std::stoul(argv[3]) : 200);
    const bool gzip = argc > 4 ? std::string(argv[4]) != "raw" : true;
    std::filesystem::create_directories(dir);
    xgrad_test::write_synthetic_mnist(dir, train_count, test_count, gzip);
  } catch (const std::exception& e) {
    std::cerr << "make_synthetic_mnist: " << e.what() << "\n";
    return 1;
  }
}
