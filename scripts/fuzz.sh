#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a while: builds them with clang, AddressSanitizer and
# UBSan in build-fuzz/ (installing what is missing first), then fuzzes each in turn, starting from its
# committed corpus (tests/fuzz/corpus/<target>/) and growing a working corpus in build-fuzz/corpus/.
#
#   scripts/fuzz.sh              60 seconds per target
#   scripts/fuzz.sh 600          600 seconds per target
#   scripts/fuzz.sh 60 fuzz_idx  only the targets named
#
# Prints the executions of each target. A crash, leak, sanitizer report or slow input stops that target
# and is left in build-fuzz/artifacts/<target>/; commit it to tests/fuzz/corpus/<target>/ with the fix,
# as a regression input that every scripts/test.sh run replays.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
fuzz_dir="${XGRAD_FUZZ_BUILD_DIR:-$root/build-fuzz}"

"$root/scripts/deps.sh"
CXX=clang++ cmake -S "$root" -B "$fuzz_dir" -DCMAKE_BUILD_TYPE=Release -DXGRAD_FUZZ=ON -DXGRAD_BUILD_TESTS=OFF \
  -DXGRAD_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$fuzz_dir" --target fuzz_targets -j"$(nproc)"

targets=("$@")
if ((${#targets[@]} == 0)); then
  for source in "$root"/tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

failed=0
for target in "${targets[@]}"; do
  corpus="$fuzz_dir/corpus/$target" artifacts="$fuzz_dir/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  log="$fuzz_dir/$target.log"
  status=0
  "$fuzz_dir/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  executed="$(grep -o 'number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  if ((status == 0)); then
    echo "$target: $executed executions in ${seconds} s, no finding"
  else
    echo "$target: FINDING after $executed executions (exit $status): see $log and $artifacts/"
    failed=1
  fi
done
exit "$failed"
