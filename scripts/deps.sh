#!/usr/bin/env bash
# Installs the Debian 12 packages xgrad builds with, those that are missing (nothing when all are there),
# and any further packages named as arguments (scripts/deps.sh dataset-fashion-mnist).
# Run as root, or as a user with sudo. scripts/test.sh, scripts/lenet.sh and scripts/bench.sh call it first.
set -euo pipefail

# clang, its sanitizer and libFuzzer runtimes (libclang-rt-14-dev) and LLVM's OpenMP: the fuzz targets and the
# clang build (CXX=clang++ scripts/test.sh). python3-sklearn: the digits set (digits.csv.gz) that
# examples/digits_bp and its tests train on.
packages=(g++ cmake make ccache xtensor-dev libxsimd-dev libxtensor-blas-dev libopenblas-dev doctest-dev libfmt-dev
          zlib1g-dev libbenchmark-dev libcli11-dev clang libclang-rt-14-dev libomp-dev python3-sklearn "$@")
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
((${#missing[@]})) || exit 0

as_root=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null; then
    echo "scripts/deps.sh: missing packages (${missing[*]}) and neither root nor sudo to install them" >&2
    exit 1
  fi
  as_root=(sudo)
fi
echo "scripts/deps.sh: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
