#!/usr/bin/env bash
# Builds the benchmarks (Release, in build/ or $XGRAD_BUILD_DIR) and runs them; benchmarks/README.md says
# what each measures and records the figures.
#  1. bench_core with 5 repetitions, reporting medians; it ends with the matmul table (median xgrad /
#     median cblas per size). Repetitions are interleaved at random, so that a change in machine load hits
#     xgrad and cblas alike.
#  2. bench_data: the DataLoader's epoch against a LeNet-5 training epoch on Fashion-MNIST.
#  3. The training comparison: the same libtorch-style source (benchmarks/train) built against xgrad
#     (bench_train) and against libtorch (bench_train_libtorch), and the same loop in PyTorch
#     (bench_train.py), run alternately for each workload (xgrad, libtorch, python at 1 thread, the same
#     at 2 threads, xgrad at 1 thread again, ...): one warm-up round, then 5 timed rounds of a few hundred
#     steps each, every timed run then timing 3 passes of evaluation over the test set. Then one full
#     epoch of each at the first thread count (1), for its peak memory and test accuracy. Then bench_ops
#     and bench_ops_libtorch alternately, per op. One table each and the issue's targets
#     (scripts/bench_compare.py). Raw result lines go to BUILD_DIR/bench-compare.txt.
# glibc's malloc hands large blocks back to the system after each use unless told otherwise, and under
# this VM the page faults that follow made libtorch's 1-thread steps ~4x slower (benchmarks/README.md).
# So every timing run (all three implementations, and bench_ops) gets $malloc_env below: glibc keeps
# freed memory. That helps libtorch most, which makes the ratios conservative for xgrad. The full-epoch
# runs, which report peak memory, get glibc's defaults: what a user gets.
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are left as found and printed with the CPU, and so is
# OMP_PROC_BIND (OMP_PROC_BIND=true scripts/bench.sh keeps every implementation's threads on their cores).
# Installs what is missing first: the build dependencies, Debian's libtorch-dev, python3-torch and
# dataset-fashion-mnist (scripts/deps.sh). About 25 minutes on 2 cores; --quick about 7.
#
#   scripts/bench.sh                          everything
#   scripts/bench.sh --quick                  the comparison only: 3 shorter timed rounds, LeNet's epoch only
#   scripts/bench.sh --compare-only --workloads lenet,mlp --threads 1
#   scripts/bench.sh --benchmark_filter=mm    other arguments go to bench_core
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${XGRAD_BUILD_DIR:-$root/build}"

quick=0 compare_only=0
workloads=(lenet mnistnet mlp cnn)
thread_counts=(1 2)
core_args=()
while (($#)); do
  case "$1" in
    --quick) quick=1 compare_only=1 ;;
    --compare-only) compare_only=1 ;;
    --workloads) IFS=, read -ra workloads <<<"${2:?--workloads needs a list, e.g. lenet,cnn}"; shift ;;
    --threads) IFS=, read -ra thread_counts <<<"${2:?--threads needs a list, e.g. 1,2}"; shift ;;
    *) core_args+=("$1") ;;
  esac
  shift
done
for w in "${workloads[@]}"; do
  case "$w" in lenet | mnistnet | mlp | cnn) ;; *) echo "bench.sh: unknown workload '$w'" >&2; exit 2 ;; esac
done

# Timed rounds after one warm-up round, and steps per run (after 20 untimed steps) for each workload,
# a few seconds each. Full epochs: of these workloads (--quick: LeNet's only, whose memory is a target).
declare -A steps=([lenet]=300 [mnistnet]=300 [mlp]=1000 [cnn]=120)
runs=5 op_rounds=3 epoch_workloads=("${workloads[@]}")
if ((quick)); then
  steps=([lenet]=100 [mnistnet]=100 [mlp]=300 [cnn]=40)
  runs=3 op_rounds=1 epoch_workloads=()
  if [[ " ${workloads[*]} " == *" lenet "* ]]; then epoch_workloads=(lenet); fi
fi
malloc_env=(MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000)

"$root/scripts/deps.sh" dataset-fashion-mnist libtorch-dev python3-torch
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DXGRAD_SANITIZE=OFF -DXGRAD_BUILD_BENCHMARKS=ON
targets=(bench_train bench_ops bench_train_libtorch bench_ops_libtorch)
((compare_only)) || targets+=(bench_core bench_data)
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}"
bench="$build_dir/benchmarks"

if ((!compare_only)); then
  "$bench/bench_core" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true "${core_args[@]}"
  "$bench/bench_data" /usr/share/datasets/fashion-mnist 5
fi

# libtorch's MNIST reads only raw IDX files: a gunzipped copy of Debian's Fashion-MNIST, which all three
# read, so that they load the same files.
data="$build_dir/fashion-mnist-raw"
mkdir -p "$data"
for gz in /usr/share/datasets/fashion-mnist/*-ubyte.gz; do
  raw="$data/$(basename "$gz" .gz)"
  if [[ ! -s "$raw" || "$gz" -nt "$raw" ]]; then
    gunzip -c "$gz" >"$raw.tmp"
    mv "$raw.tmp" "$raw"
  fi
done

results="$build_dir/bench-compare.txt"
: >"$results"
impls=(xgrad libtorch python)

# with_env KIND THREADS COMMAND...: runs COMMAND in the environment of a run of kind KIND (timed, warmup
# or epoch): the allocator's (see the top), and THREADS for OpenBLAS and OpenMP, which libtorch's
# set_num_threads leaves to their defaults (both cores). Each program is also told the count
# (torch::set_num_threads).
with_env() {
  local kind=$1 threads=$2
  shift 2
  local -a allocator=("${malloc_env[@]}")
  [[ $kind != epoch ]] || allocator=(-u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_)
  env "${allocator[@]}" OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" "$@"
}

# The allocator setting a run of kind KIND had, for its result line.
malloc_field() {
  if [[ $1 == epoch ]]; then echo malloc=glibc-defaults; else echo "malloc=$(IFS=,; echo "${malloc_env[*]}")"; fi
}

# One run of bench_train; its line goes to the results with what kind of run it was.
run() {
  local kind=$1 round=$2 impl=$3 threads=$4
  shift 4
  local -a program
  local line
  case "$impl" in
    xgrad) program=("$bench/bench_train") ;;
    libtorch) program=("$bench/bench_train_libtorch") ;;
    python) program=(/usr/bin/python3 "$root/benchmarks/train/bench_train.py") ;;
  esac
  line=$(with_env "$kind" "$threads" "${program[@]}" "$@" --data "$data" --threads "$threads")
  echo "$line kind=$kind round=$round $(malloc_field "$kind")" >>"$results"
  printf '  %-8s %s\n' "$impl" "${line#bench_train }" | cut -c1-160
}

# Other jobs on the machine slow the runs down, more so at 2 threads on 2 cores: the load is printed.
echo
echo "== Training comparison: xgrad, libtorch, PyTorch alternately; $runs timed rounds after a warm-up round"
echo "CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)}" \
     "OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)} (as found); OMP_PROC_BIND=${OMP_PROC_BIND-(unset)}"
echo "Allocator: timing runs with ${malloc_env[*]} (glibc keeps freed memory), full-epoch runs with glibc's defaults"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
compare_start=$SECONDS
for w in "${workloads[@]}"; do
  echo "$w, ${steps[$w]} timed steps per run, then 3 timed passes over the test set (not in the warm-up round):"
  for ((round = 0; round <= runs; ++round)); do
    kind=timed eval_args=()
    ((round)) || kind=warmup eval_args=(--eval-batches 0)
    for threads in "${thread_counts[@]}"; do
      for impl in "${impls[@]}"; do
        run "$kind" "$round" "$impl" "$threads" "$w" --steps "${steps[$w]}" --warmup 20 "${eval_args[@]}"
      done
    done
  done
done
if ((${#epoch_workloads[@]})); then
  epoch_threads=${thread_counts[0]}
  echo "One full epoch each (every batch of 64), $epoch_threads thread(s), glibc's allocator defaults," \
       "then the test set:"
  for w in "${epoch_workloads[@]}"; do
    for impl in "${impls[@]}"; do
      run epoch 0 "$impl" "$epoch_threads" "$w" --eval-passes 1
    done
  done
fi

echo "Per op (LeNet's shapes, batch 64), $op_rounds round(s) of bench_ops and bench_ops_libtorch alternately"
for threads in "${thread_counts[@]}"; do
  for ((round = 1; round <= op_rounds; ++round)); do
    for ops in bench_ops bench_ops_libtorch; do
      with_env timed "$threads" "$bench/$ops" --threads "$threads" --reps 200 |
        sed "s/\$/ round=$round $(malloc_field timed)/" >>"$results"
    done
  done
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); the comparison took $((SECONDS - compare_start)) s"
echo
/usr/bin/python3 "$root/scripts/bench_compare.py" "$results" --exe "xgrad=$bench/bench_train" \
  --exe "libtorch=$bench/bench_train_libtorch"
