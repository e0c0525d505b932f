#!/bin/sh
# smoke.sh DATA_DIR TEST_SAMPLES "WORKLOAD..." PROGRAM [ARGS...]: CTest's bench_train smoke test. Runs
# PROGRAM [ARGS...] WORKLOAD for each workload named, 5 steps (1 warm-up) and one test batch (3 timed
# passes over it) on DATA_DIR (made by make_synthetic_mnist), and checks that each prints its result line,
# with numbers in it and TEST_SAMPLES test images evaluated.
set -eu
data=$1
test_samples=$2
workloads=$3
shift 3
for workload in $workloads; do
  line=$("$@" "$workload" --data "$data" --threads 1 --warmup 1 --steps 4 --eval-batches 1)
  echo "$line"
  for expected in "^bench_train " " workload=$workload " " steps=4 " " ms_median=[0-9][0-9.]* " \
                  " samples_per_s=[0-9][0-9.]* " " peak_rss_mb=[0-9][0-9.]* " " eval_passes=3 " \
                  " eval_ms=[0-9][0-9.]* " " test_accuracy=[01]\.[0-9]* " \
                  " test_samples=$test_samples$"; do
    if ! echo "$line" | grep -q -- "$expected"; then
      echo "smoke.sh: $workload: no match for '$expected'" >&2
      exit 1
    fi
  done
done
