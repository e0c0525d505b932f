#!/usr/bin/env bash
# Builds xgrad and runs its whole test suite; on a fresh Debian 12 it first installs what is missing.
#
#   scripts/test.sh                     Release build in build/ (the default compiler, g++), the fuzz
#                                       targets in build-fuzz/ (clang), then ctest: the suite, the fuzz
#                                       targets' corpus replays and short runs included
#   scripts/test.sh -R test_shape       extra arguments go to ctest
#   CXX=clang++ scripts/test.sh         the same with clang, in build-clang/
#   XGRAD_SANITIZE=1 scripts/test.sh    AddressSanitizer + UBSan build in build-asan/ (or: --sanitize)
#   XGRAD_FUZZ=0 scripts/test.sh        without the fuzz targets
#   XGRAD_BUILD_DIR=/tmp/b scripts/test.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

sanitize="${XGRAD_SANITIZE:-0}"
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize=1
  shift
fi
case "$sanitize" in
  0 | "" | OFF | off) sanitize=OFF default_dir="$root/build" ;;
  *) sanitize=ON default_dir="$root/build-asan" ;;
esac
# A build folder keeps the compiler it was configured with: clang gets folders of its own.
if [[ "$(basename "${CXX:-c++}")" == clang* ]]; then
  default_dir="$default_dir-clang"
fi
build_dir="${XGRAD_BUILD_DIR:-$default_dir}"

"$root/scripts/deps.sh"

fuzz_args=()
case "${XGRAD_FUZZ:-1}" in
  0 | OFF | off) ;;
  *)
    fuzz_dir="${XGRAD_FUZZ_BUILD_DIR:-$root/build-fuzz}"
    CXX=clang++ cmake -S "$root" -B "$fuzz_dir" -DCMAKE_BUILD_TYPE=Release -DXGRAD_FUZZ=ON \
      -DXGRAD_BUILD_TESTS=OFF -DXGRAD_BUILD_BENCHMARKS=OFF >/dev/null
    cmake --build "$fuzz_dir" --target fuzz_targets -j"$(nproc)"
    fuzz_args=(-DXGRAD_FUZZ_BINARY_DIR="$fuzz_dir")
    ;;
esac

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DXGRAD_SANITIZE="$sanitize" -DXGRAD_FUZZ_BINARY_DIR= \
  "${fuzz_args[@]}"
cmake --build "$build_dir" -j"$(nproc)"
cd "$build_dir"
# Last, so that the output ends with CTest's summary.
exec ctest --output-on-failure "$@"
