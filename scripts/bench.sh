#!/usr/bin/env bash
# Builds the benchmarks (Release, in build/ or $XGRAD_BUILD_DIR) and runs bench_core with 5 repetitions,
# reporting medians; bench_core ends with the matmul table (median xgrad / median cblas per size).
# Repetitions are interleaved at random, so that a change in machine load hits xgrad and cblas alike.
# Extra arguments go to bench_core, e.g. --benchmark_filter=mm. Then bench_data times the DataLoader's
# epoch against a LeNet-5 training epoch on Fashion-MNIST (installing dataset-fashion-mnist if missing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${XGRAD_BUILD_DIR:-$root/build}"

"$root/scripts/deps.sh"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DXGRAD_SANITIZE=OFF -DXGRAD_BUILD_BENCHMARKS=ON
"$root/scripts/deps.sh" dataset-fashion-mnist
cmake --build "$build_dir" -j"$(nproc)" --target bench_core bench_data
"$build_dir/benchmarks/bench_core" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_enable_random_interleaving=true "$@"
"$build_dir/benchmarks/bench_data" /usr/share/datasets/fashion-mnist 5
