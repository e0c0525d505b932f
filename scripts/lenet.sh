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
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --target lenet -j"$(nproc)"
# The trainer's messages and --help name this script, as the user typed it.
XGRAD_PROGRAM_NAME="$0" exec "$build_dir/examples/lenet/lenet" "$@"
