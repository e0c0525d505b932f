#!/usr/bin/python3
"""bench_compare.py: the tables of scripts/bench.sh's training comparison, from its raw result lines.

    bench_compare.py RESULTS [--exe IMPL=PATH ...]

RESULTS holds bench_train lines (from bench_train, bench_train_libtorch and bench_train.py, each with
kind=warmup|timed|epoch and round=N appended) and bench_ops lines. Prints the machine, then one markdown
table of training steps (medians over the timed runs; warm-up runs are left out) with each implementation's
one-epoch test accuracy, and one of the ops. --exe names the executables whose size to report.
"""
import argparse
import collections
import ctypes
import importlib.util
import os
import re
import statistics
import subprocess
import sys

IMPLS = ("xgrad", "libtorch", "python")
# Which implementation printed a line, from its program= field.
IMPL_OF_PROGRAM = {
    "bench_train": "xgrad", "bench_train_libtorch": "libtorch", "bench_train.py": "python",
    "bench_ops": "xgrad", "bench_ops_libtorch": "libtorch",
}


def parse(path):
    """(train, ops): lists of dicts of one result line's fields each, with an impl field added."""
    train, ops = [], []
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or words[0] not in ("bench_train", "bench_ops"):
                continue
            fields = dict(word.split("=", 1) for word in words[1:] if "=" in word)
            fields["impl"] = IMPL_OF_PROGRAM[fields["program"]]
            (train if words[0] == "bench_train" else ops).append(fields)
    return train, ops


def command_output(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def package_version(name):
    return command_output("dpkg-query", "-W", "-f", "${Version}", name)


def machine():
    """Lines describing the CPU, the BLAS (the core OpenBLAS chose) and the library versions."""
    info = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
    try:
        openblas = ctypes.CDLL("libopenblas.so.0")
        openblas.openblas_get_config.restype = ctypes.c_char_p
        openblas.openblas_get_corename.restype = ctypes.c_char_p
        blas = (f"OpenBLAS {package_version('libopenblas0-pthread')} ({openblas.openblas_get_config().decode()}), "
                f"core {openblas.openblas_get_corename().decode()}")
    except (OSError, AttributeError):
        blas = "OpenBLAS not found"
    return [
        f"CPU: {info.get('model name', '?')} (family {info.get('cpu family', '?')} model {info.get('model', '?')}), "
        f"{os.cpu_count()} logical CPUs",
        f"BLAS: {blas}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}",
        f"libtorch {package_version('libtorch-dev')}, python3-torch {package_version('python3-torch')}, "
        f"g++ {command_output('g++', '-dumpfullversion')}",
    ]


def loaded_libraries(path):
    """The real paths of the shared libraries path loads, as ldd resolves them."""
    found = set()
    for line in command_output("ldd", path).splitlines():
        match = re.search(r"=> (/\S+)", line) or re.match(r"\s*(/\S+) \(", line)
        if match:
            found.add(os.path.realpath(match.group(1)))
    return found


def megabytes(paths):
    return sum(os.path.getsize(p) for p in paths) / 2**20


def sizes(executables):
    """{impl: (executable MB, with its libraries MB)}. For python: the torch package's folder and the
    libraries its extension module loads (no executable of its own)."""
    result = {}
    for impl, path in executables.items():
        result[impl] = (megabytes([path]), megabytes({os.path.realpath(path)} | loaded_libraries(path)))
    spec = importlib.util.find_spec("torch")
    if spec and spec.submodule_search_locations:
        folder = spec.submodule_search_locations[0]
        files = {os.path.realpath(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs}
        files = {f for f in files if os.path.isfile(f)}  # Debian's package has dangling symlinks
        extensions = [os.path.join(folder, f) for f in os.listdir(folder) if f.startswith("_C.") and f.endswith(".so")]
        libraries = set().union(*(loaded_libraries(e) for e in extensions)) if extensions else set()
        result["python"] = (None, megabytes(files | libraries))
    return result


def number(text):
    return float(text) if text not in ("nan", "-nan") else float("nan")


def fmt(value, digits):
    return "-" if value is None or value != value else f"{value:.{digits}f}"


def markdown(header, rows, right_from=0):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if i >= right_from else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def training_table(train, exe_sizes):
    timed = collections.defaultdict(list)
    epochs = {}
    for r in train:
        key = (r["workload"], int(r["threads"]), r["impl"])
        if r["kind"] == "timed":
            timed[key].append(r)
        elif r["kind"] == "epoch":
            epochs[(r["workload"], r["impl"])] = r
    workloads = list(dict.fromkeys(r["workload"] for r in train))
    thread_counts = sorted({int(r["threads"]) for r in train})
    header = ["workload", "threads", "impl", "ms/step", "min run", "max run", "samples/s", "peak RSS MB",
              "test acc, 1 epoch", "epoch s", "exe MB", "with libs MB", "time xgrad/libtorch",
              "RSS xgrad/libtorch"]
    rows = []
    for workload in workloads:
        for threads in thread_counts:
            summary = {}
            for impl in IMPLS:
                runs = timed.get((workload, threads, impl))
                if not runs:
                    continue
                medians = [number(r["ms_median"]) for r in runs]
                summary[impl] = {
                    "ms": statistics.median(medians), "min": min(medians), "max": max(medians),
                    "sps": statistics.median(number(r["samples_per_s"]) for r in runs),
                    "rss": statistics.median(number(r["peak_rss_mb"]) for r in runs), "runs": len(runs),
                }
            for impl, s in summary.items():
                epoch = epochs.get((workload, impl))
                exe, with_libs = exe_sizes.get(impl, (None, None))
                ratio_time = ratio_rss = ""
                if impl == "xgrad" and "libtorch" in summary:
                    ratio_time = fmt(s["ms"] / summary["libtorch"]["ms"], 2)
                    ratio_rss = fmt(s["rss"] / summary["libtorch"]["rss"], 2)
                rows.append([workload, str(threads), impl, fmt(s["ms"], 2), fmt(s["min"], 2), fmt(s["max"], 2),
                             fmt(s["sps"], 0), fmt(s["rss"], 0),
                             fmt(100 * number(epoch["test_accuracy"]), 2) + "%" if epoch else "-",
                             fmt(number(epoch["train_s"]), 1) if epoch else "-", fmt(exe, 1), fmt(with_libs, 0),
                             ratio_time, ratio_rss])
    runs = sorted({len(v) for v in timed.values()})
    epoch_threads = sorted({r["threads"] for r in epochs.values()})
    notes = [
        f"ms/step: median over {'/'.join(map(str, runs))} timed runs of each run's median step time (zero_grad, "
        "forward, loss, backward, step; batch 64); min run / max run: the lowest and highest of those run "
        "medians. samples/s and peak RSS (getrusage, whole process, dataset included): medians over the runs.",
        "test acc, 1 epoch and epoch s (the training loop, batch loading included): one full-epoch run of each "
        + (f"at {'/'.join(epoch_threads)} thread(s)." if epochs else "(none in this run)."),
        "exe MB: the benchmark's executable (xgrad is linked in statically); with libs MB: the executable and "
        "every shared library it loads (ldd); for python: the torch package folder and the libraries its "
        "extension loads (the python3 interpreter and numpy not counted).",
    ]
    return markdown(header, rows, right_from=3) + "\n\n" + "\n".join(notes)


def ops_table(ops):
    by_key = collections.defaultdict(list)
    for r in ops:
        by_key[(r["op"], r["input"], r["pass"], int(r["threads"]), r["impl"])].append(number(r["us_median"]))
    layers = list(dict.fromkeys((r["op"], r["input"], r["pass"]) for r in ops))
    thread_counts = sorted({int(r["threads"]) for r in ops})
    header = ["op", "input", "pass"]
    for threads in thread_counts:
        header += [f"xgrad us ({threads}t)", f"libtorch us ({threads}t)", f"xgrad/libtorch ({threads}t)"]
    rows = []
    for op, shape, kind in layers:
        row = [op, shape, kind]
        for threads in thread_counts:
            xgrad = by_key.get((op, shape, kind, threads, "xgrad"))
            libtorch = by_key.get((op, shape, kind, threads, "libtorch"))
            x = statistics.median(xgrad) if xgrad else None
            t = statistics.median(libtorch) if libtorch else None
            row += [fmt(x, 1), fmt(t, 1), fmt(x / t, 2) if x and t else "-"]
        rows.append(row)
    rounds = sorted({len(v) for v in by_key.values()})
    reps = sorted({r["reps"] for r in ops})
    return (markdown(header, rows, right_from=3) + "\n\n"
            f"Microseconds: median over {'/'.join(map(str, rounds))} round(s) of each program's median of "
            f"{'/'.join(reps)} reps. "
            "Forward builds the graph as in training; backward is torch::autograd::grad to the layer's input "
            "(except conv1's) and parameters.")


def main():
    parser = argparse.ArgumentParser(description="tables of scripts/bench.sh's training comparison")
    parser.add_argument("results")
    parser.add_argument("--exe", action="append", default=[], metavar="IMPL=PATH")
    args = parser.parse_args()
    executables = dict(e.split("=", 1) for e in args.exe)
    train, ops = parse(args.results)
    print("\n".join(machine()))
    if train:
        print("\n### Training steps\n")
        print(training_table(train, sizes(executables)))
    if ops:
        print("\n### Per op (LeNet-5's layers, batch 64)\n")
        print(ops_table(ops))


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError) as error:
        print(f"bench_compare.py: {error}", file=sys.stderr)
        sys.exit(1)
