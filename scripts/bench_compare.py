#!/usr/bin/python3
"""bench_compare.py: the tables of scripts/bench.sh's training comparison, from its raw result lines.

    bench_compare.py RESULTS [--exe IMPL=PATH ...]

RESULTS holds bench_train lines (from bench_train, bench_train_libtorch and bench_train.py, each with
kind=warmup|timed|epoch, round=N and malloc=... appended) and bench_ops lines. Prints the machine, then one
markdown table of training steps and evaluation (medians over the timed runs; warm-up runs are left out)
with each implementation's full-epoch peak memory and test accuracy, issue 6's targets (measured ratio,
limit, met or not), and a table of the ops. --exe names the executables whose size to report.
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
        f"BLAS: {blas}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
        f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}, "
        f"OMP_PROC_BIND={os.environ.get('OMP_PROC_BIND', '(unset)')}",
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


def median_of(runs, field):
    """The median of field over runs, leaving out runs where it is nan (e.g. no evaluation); None if none."""
    values = [v for v in (number(r[field]) for r in runs if field in r) if v == v]
    return statistics.median(values) if values else None


def summarize(train):
    """({(workload, threads, impl): medians over the timed runs}, {(workload, threads, impl): epoch run})."""
    timed = collections.defaultdict(list)
    epochs = {}
    for r in train:
        key = (r["workload"], int(r["threads"]), r["impl"])
        if r["kind"] == "timed":
            timed[key].append(r)
        elif r["kind"] == "epoch":
            epochs[key] = r
    summary = {}
    for key, runs in timed.items():
        medians = [number(r["ms_median"]) for r in runs]
        summary[key] = {
            "ms": statistics.median(medians), "min": min(medians), "max": max(medians),
            "sps": median_of(runs, "samples_per_s"), "rss": median_of(runs, "peak_rss_train_mb"),
            "eval": median_of(runs, "eval_ms"), "runs": len(runs),
        }
    return summary, epochs


def ratio(a, b):
    return a / b if a is not None and b else None


def speedup(summary, workload, threads, impl):
    """impl's step time at 1 thread over its time at threads."""
    one, this = summary.get((workload, 1, impl)), summary.get((workload, threads, impl))
    return ratio(one["ms"], this["ms"]) if one and this and threads != 1 else None


def epoch_rss(epochs, key):
    return number(epochs[key]["peak_rss_train_mb"]) if key in epochs else None


def allocator(settings):
    """The malloc= fields bench.sh appended, in words: glibc-defaults or the variables it set."""
    words = {"glibc-defaults": "glibc's defaults (nothing set: what a user gets)"}
    return " / ".join(words.get(s, s.replace(",", " ")) for s in settings) or "-"


def training_table(train, summary, epochs, exe_sizes):
    workloads = list(dict.fromkeys(r["workload"] for r in train))
    thread_counts = sorted({key[1] for key in summary} | {key[1] for key in epochs})
    header = ["workload", "threads", "impl", "ms/step", "min run", "max run", "samples/s", "eval ms",
              "speedup vs 1t", "RSS MB", "epoch RSS MB", "test acc, 1 epoch", "epoch s", "exe MB",
              "with libs MB", "step xgrad/libtorch", "eval xgrad/libtorch", "epoch RSS xgrad/libtorch"]
    rows = []
    for workload in workloads:
        for threads in thread_counts:
            for impl in IMPLS:
                key = (workload, threads, impl)
                s, epoch = summary.get(key), epochs.get(key)
                if not s and not epoch:
                    continue
                s = s or {}
                libtorch = summary.get((workload, threads, "libtorch"), {})
                exe, with_libs = exe_sizes.get(impl, (None, None))
                ratios = ["", "", ""]
                if impl == "xgrad":
                    ratios = [fmt(ratio(s.get("ms"), libtorch.get("ms")), 2),
                              fmt(ratio(s.get("eval"), libtorch.get("eval")), 2),
                              fmt(ratio(epoch_rss(epochs, key), epoch_rss(epochs, (workload, threads, "libtorch"))), 2)]
                rows.append([workload, str(threads), impl, fmt(s.get("ms"), 2), fmt(s.get("min"), 2),
                             fmt(s.get("max"), 2), fmt(s.get("sps"), 0), fmt(s.get("eval"), 1),
                             fmt(speedup(summary, workload, threads, impl), 2), fmt(s.get("rss"), 0),
                             fmt(epoch_rss(epochs, key), 0),
                             fmt(100 * number(epoch["test_accuracy"]), 2) + "%" if epoch else "-",
                             fmt(number(epoch["train_s"]), 1) if epoch else "-", fmt(exe, 1), fmt(with_libs, 0),
                             *ratios])
    runs = sorted({s["runs"] for s in summary.values()})
    passes = sorted({r["eval_passes"] for r in train if r["kind"] == "timed" and "eval_passes" in r})
    malloc = {kind: sorted({r.get("malloc", "(not recorded)") for r in train if r["kind"] == kind})
              for kind in ("timed", "epoch")}
    notes = [
        f"ms/step: median over {'/'.join(map(str, runs))} timed runs of each run's median step time (zero_grad, "
        "forward, loss, backward, step; batch 64); min run / max run: the lowest and highest of those run "
        "medians; samples/s: median over the runs. Runs alternate between the implementations and thread "
        "counts, round by round. speedup vs 1t: the implementation's ms/step at 1 thread over this row's.",
        f"eval ms: evaluating the test set at batch 1000 under NoGradGuard / torch.no_grad (forward, argmax, "
        f"compare, sum; batches loaded beforehand): median over the runs of each run's median of "
        f"{'/'.join(passes) or '-'} passes.",
        "RSS MB: peak resident memory (getrusage, whole process, dataset included) at the end of the timed "
        "runs' training, median. epoch RSS MB, test acc, 1 epoch, epoch s (the training loop, batch loading "
        "included): one run of one full epoch (every batch of 64) each, "
        + (f"at {'/'.join(sorted({str(k[1]) for k in epochs}))} thread(s)." if epochs else "none in this run."),
        "Allocator: timed runs (all implementations) with " + allocator(malloc["timed"]) + "; full-epoch runs "
        "with " + allocator(malloc["epoch"]) + ".",
        "exe MB: the benchmark's executable (xgrad is linked in statically); with libs MB: the executable and "
        "every shared library it loads (ldd); for python: the torch package folder and the libraries its "
        "extension loads (the python3 interpreter and numpy not counted).",
    ]
    return markdown(header, rows, right_from=3) + "\n\n" + "\n".join(notes)


# Issue 6's targets: (what, workload, measure, the implementation xgrad is divided by, limit, thread
# counts or None for all measured). measure: "ms" or "eval" (xgrad's / the other's medians), "epoch_rss"
# (xgrad's / the other's full-epoch peak), "speedup" (xgrad's 1-thread time / its time at the threads;
# the limit is a minimum, all others are maxima).
TARGETS = (
    ("LeNet-5 training step, xgrad/libtorch", "lenet", "ms", "libtorch", 0.5, (1,)),
    ("LeNet-5 step, xgrad 1 thread / 2 threads", "lenet", "speedup", None, 1.6, (2,)),
    ("MLP step, xgrad/libtorch", "mlp", "ms", "libtorch", 0.5, None),
    ("MLP step, xgrad/PyTorch", "mlp", "ms", "python", 1.0, None),
    ("mnistnet step, xgrad/libtorch", "mnistnet", "ms", "libtorch", 0.7, None),
    ("cnn step, xgrad/libtorch", "cnn", "ms", "libtorch", 0.7, None),
    ("LeNet-5 full-epoch peak RSS, xgrad/libtorch", "lenet", "epoch_rss", "libtorch", 1 / 3, None),
    ("LeNet-5 evaluation, test set at batch 1000, xgrad/libtorch", "lenet", "eval", "libtorch", 0.5, None),
)


def target_ratio(summary, epochs, workload, measure, other, threads):
    if measure == "speedup":
        return speedup(summary, workload, threads, "xgrad")
    if measure == "epoch_rss":
        return ratio(epoch_rss(epochs, (workload, threads, "xgrad")), epoch_rss(epochs, (workload, threads, other)))
    return ratio(summary.get((workload, threads, "xgrad"), {}).get(measure),
                 summary.get((workload, threads, other), {}).get(measure))


def targets(summary, epochs):
    """One line per target: the measured ratio at each thread count, the limit, met or not met."""
    lines = []
    for what, workload, measure, other, limit, wanted in TARGETS:
        measured = sorted({key[1] for key in (epochs if measure == "epoch_rss" else summary)})
        counts = [t for t in measured if wanted is None or t in wanted]
        found = [(t, target_ratio(summary, epochs, workload, measure, other, t)) for t in counts]
        found = [(t, r) for t, r in found if r is not None]
        bound = f">= {limit:.2f}" if measure == "speedup" else f"<= {limit:.2f}"
        if not found:
            lines.append(f"- {what}: not measured in this run (limit {bound})")
            continue
        missed = [t for t, r in found if (r < limit if measure == "speedup" else r > limit)]
        verdict = "not met" + (f" at {', '.join(f'{t}t' for t in missed)}" if len(found) > 1 else "") \
            if missed else "met"
        values = ", ".join(f"{fmt(r, 2)} ({t}t)" for t, r in found)
        lines.append(f"- {what}: {values}; limit {bound}: {verdict}")
    return "\n".join(lines)


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
        summary, epochs = summarize(train)
        print("\n### Training steps\n")
        print(training_table(train, summary, epochs, sizes(executables)))
        print("\n### Issue 6 targets\n")
        print(targets(summary, epochs))
    if ops:
        print("\n### Per op (LeNet-5's layers, batch 64)\n")
        print(ops_table(ops))


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError) as error:
        print(f"bench_compare.py: {error}", file=sys.stderr)
        sys.exit(1)
