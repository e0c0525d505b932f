#!/usr/bin/env bash
# Builds xgrad and runs its whole test suite; on a fresh Debian 12 it first installs what is missing.
#
#   scripts/test.sh                     Release build in build/, then ctest
#   scripts/test.sh -R test_shape       extra arguments go to ctest
#   XGRAD_SANITIZE=1 scripts/test.sh    AddressSanitizer + UBSan build in build-asan/ (or: --sanitize)
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
build_dir="${XGRAD_BUILD_DIR:-$default_dir}"

"$root/scripts/deps.sh"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DXGRAD_SANITIZE="$sanitize"
cmake --build "$build_dir" -j"$(nproc)"
cd "$build_dir"
# Last, so that the output ends with CTest's summary.
exec ctest --output-on-failure "$@"
