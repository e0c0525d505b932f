#!/usr/bin/env bash
# Trains LeNet-5 on Fashion-MNIST (examples/lenet); on a fresh Debian 12 it first installs what is
# missing: the build dependencies (scripts/deps.sh) and Debian's dataset-fashion-mnist.
#
#   scripts/lenet.sh                     Release build of the lenet target in build/, then 5 epochs
#   scripts/lenet.sh --epochs 10 --out run2     arguments go to the trainer (scripts/lenet.sh --help)
#   XGRAD_BUILD_DIR=/tmp/b scripts/lenet.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${XGRAD_BUILD_DIR:-$root/build}"

"$root/scripts/deps.sh" dataset-fashion-mnist
# Configure and build quietly (CMake's lines about what it looked for are not the user's concern);
# on failure the whole log is shown.
mkdir -p "$build_dir"
log="$build_dir/lenet.sh.log"
if [[ ! -x "$build_dir/examples/lenet/lenet" ]]; then
  echo "$0: building the trainer in $build_dir (a few minutes the first time)" >&2
fi
if ! { cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release && cmake --build "$build_dir" --target lenet -j"$(nproc)"; } \
  >"$log" 2>&1; then
  cat "$log" >&2
  echo "$0: building the trainer failed (the log above is in $log)" >&2
  exit 1
fi
# The trainer's messages and --help name this script, as the user typed it.
XGRAD_PROGRAM_NAME="$0" exec "$build_dir/examples/lenet/lenet" "$@"
