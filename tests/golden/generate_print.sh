#!/bin/sh
# Builds print_libtorch.cpp against Debian's libtorch (libtorch-dev) and writes print.txt: the text
# libtorch's `std::cout << tensor` gives for each case, which tests/test_print.cpp compares with xgrad's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)/print_libtorch
g++ -std=c++17 -O0 -I/usr/include -I/usr/include/torch/csrc/api/include "$here/print_libtorch.cpp" \
  -o "$bin" -ltorch -ltorch_cpu -lc10
"$bin" > "$here/print.txt"
rm -rf "$(dirname "$bin")"
