// make_synthetic_mnist DIR [TRAIN_COUNT [TEST_COUNT [raw|gz [SIDE]]]]: writes a tiny, learnable
// MNIST-format folder of SIDE x SIDE images (default 28, at least 28; see tests/idx_writer.h) for the
// tests of the examples and the LeNet trainer.
#include <filesystem>
#include <iostream>
#include <string>

#include "idx_writer.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 6) {
    std::cerr << "usage: make_synthetic_mnist DIR [TRAIN_COUNT [TEST_COUNT [raw|gz [SIDE]]]]\n";
    return 2;
  }
  try {
    const std::string dir = argv[1];
    const auto train_count = static_cast<uint32_t>(argc > 2 ? std::stoul(argv[2]) : 640);
    const auto test_count = static_cast<uint32_t>(argc > 3 ? std::stoul(argv[3]) : 200);
    const bool gzip = argc > 4 ? std::string(argv[4]) != "raw" : true;
    const auto side = static_cast<uint32_t>(argc > 5 ? std::stoul(argv[5]) : 28);
    if (side < 28) throw std::invalid_argument("SIDE must be at least 28");
    std::filesystem::create_directories(dir);
    xgrad_test::write_synthetic_mnist(dir, train_count, test_count, gzip, side);
  } catch (const std::exception& e) {
    std::cerr << "make_synthetic_mnist: " << e.what() << "\n";
    return 1;
  }
}
