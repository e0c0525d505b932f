#!/usr/bin/python3
"""Writes digits_bp.json, the golden numbers of examples/digits_bp (tests/examples/digits_bp_test.cpp):
one training step of the tutorials' backpropagation network, computed with numpy exactly as the
tutorial writes it, and the same step with the exact gradient of its squared error (the tutorial's
hidden errors leave out the output sigmoid's derivative; see examples/digits_bp/network.h).

Run with Debian's numpy and scikit-learn (apt-get install python3-sklearn), from any directory:

    /usr/bin/python3 tests/golden/generate_digits_bp.py

The output is deterministic (seeded, values written with repr precision), so the file is committed and
CI needs no Python.

digits_bp.json holds {"family", "data", "cases": [...]}; data is the CSV file the cases' examples come
from (scikit-learn's digits.csv.gz). A case:
    name          unique
    example       the row of the CSV file trained on
    lr            the learning rate
    pixels        that row's 64 pixels, float32 [64] (0-16), and label, int64 [] (0-9)
    inputs        pixels / 16 * 0.99 + 0.01, float32 [64, 1]
    targets       0.01 with 0.99 at the label, float32 [10, 1]
    wih, who      the weights before the step, float32 [32, 64] and [10, 32], drawn (seeded) from the
                  tutorial's normal(0, n_in^-0.5) and rounded to float32
    outputs       the network's outputs before the step, [10, 1]
    wih_after, who_after    the weights after the tutorial's step
    wih_after_exact         wih after the exact gradient's step (its who is the tutorial's)
outputs and the weights after the step are computed in float64 from the float32 values above and
written rounded to float32: the exact answer, which a float32 implementation meets within float32
rounding.
"""
import gzip
import json
import math
import os

import numpy

DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
INPUTS, HIDDEN, OUTPUTS = 64, 32, 10


def tensor_json(array, dtype):
    flat = numpy.asarray(array).reshape(-1)
    values = [float(v) for v in f32(flat)] if dtype == "float32" else [int(v) for v in flat]
    if dtype == "float32":
        assert all(math.isfinite(v) for v in values), "non-finite value in a golden tensor"
    return {"shape": list(numpy.shape(array)), "dtype": dtype, "values": values}


def f32(array):
    """float32 values, as float64 again: what xgrad holds, for numpy to compute from exactly."""
    return numpy.asarray(array, dtype=numpy.float32).astype(numpy.float64)


def sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def train_step(wih, who, inputs, targets, lr, exact=False):
    """The tutorial's train(): one example, column vectors, the update written out. exact: the chain
    rule's hidden errors, through the output sigmoid's derivative."""
    hidden_outputs = sigmoid(numpy.dot(wih, inputs))
    final_outputs = sigmoid(numpy.dot(who, hidden_outputs))
    output_errors = targets - final_outputs
    if exact:
        hidden_errors = numpy.dot(who.T, output_errors * final_outputs * (1 - final_outputs))
    else:
        hidden_errors = numpy.dot(who.T, output_errors)
    who = who + lr * numpy.dot(output_errors * final_outputs * (1 - final_outputs), hidden_outputs.T)
    wih = wih + lr * numpy.dot(hidden_errors * hidden_outputs * (1 - hidden_outputs), inputs.T)
    return final_outputs, wih, who


def make_case(rows, example, lr, seed):
    row = rows[example]
    pixels, label = f32(row[:INPUTS]), int(row[INPUTS])
    inputs = f32(pixels / 16 * 0.99 + 0.01).reshape(INPUTS, 1)
    targets = f32(numpy.zeros(OUTPUTS) + 0.01)
    targets[label] = f32(0.99)
    targets = targets.reshape(OUTPUTS, 1)
    rng = numpy.random.default_rng(seed)
    wih = f32(rng.normal(0.0, pow(INPUTS, -0.5), (HIDDEN, INPUTS)))
    who = f32(rng.normal(0.0, pow(HIDDEN, -0.5), (OUTPUTS, HIDDEN)))
    outputs, wih_after, who_after = train_step(wih, who, inputs, targets, lr)
    _, wih_after_exact, _ = train_step(wih, who, inputs, targets, lr, exact=True)
    return {
        "name": f"example {example}, lr {lr}",
        "example": example,
        "lr": lr,
        "pixels": tensor_json(pixels, "float32"),
        "label": tensor_json(numpy.int64(label), "int64"),
        "inputs": tensor_json(inputs, "float32"),
        "targets": tensor_json(targets, "float32"),
        "wih": tensor_json(wih, "float32"),
        "who": tensor_json(who, "float32"),
        "outputs": tensor_json(outputs, "float32"),
        "wih_after": tensor_json(wih_after, "float32"),
        "who_after": tensor_json(who_after, "float32"),
        "wih_after_exact": tensor_json(wih_after_exact, "float32"),
    }


def main():
    with gzip.open(DATA, "rt") as f:
        rows = numpy.loadtxt(f, delimiter=",")
    cases = [make_case(rows, 0, 0.2, seed=1), make_case(rows, 1796, 0.5, seed=2)]
    out = {"family": "digits_bp", "data": DATA, "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits_bp.json")
    with open(path, "w") as f:
        f.write(json.dumps(out, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
