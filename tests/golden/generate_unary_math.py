#!/usr/bin/python3
"""PyTorch 1.13 reference numbers for the unary math family (ops/unary_math.cpp, ops/special_math.cpp):
values, input gradients and graphs, read by tests/test_golden_unary_math.cpp.

    /usr/bin/python3 tests/golden/generate_unary_math.py      writes unary_math.json beside this script

Each op id below is mirrored by the op table of test_golden_unary_math.cpp. The "_" ids run the
in-place form on a clone of the leaf (so the graph starts with CloneBackward0). Inputs stay inside
each function's domain and off its poles; NaN and infinity (which JSON cannot hold) are tested in
tests/test_unary_math.cpp.
"""
import os

import torch

import generate
from generate import Family, In, away_from, f64, i64, ints, nonzero, randn, uniform

S = torch.special

# The gradients of piecewise-constant ops (ceil, sign, ...) are PyTorch's lazy zero tensors, which
# have no storage to read: written as the zeros they stand for.
_tensor_json = generate.tensor_json
generate.tensor_json = lambda t: _tensor_json(torch.zeros_like(t) if t._is_zerotensor() else t)

# Functions of one tensor: the op id is the torch (or torch.special, "special_" prefix) name.
PLAIN = ("abs absolute acos acosh arccos arccosh arcsin arcsinh arctan arctanh asin asinh atan atanh ceil cos "
         "cosh deg2rad digamma erf erfc erfinv exp2 exp expm1 fix floor frac i0 lgamma log10 log1p log2 log "
         "neg negative rad2deg reciprocal round rsqrt sgn sigmoid tanh sign signbit sin sinc sinh square tan "
         "trunc angle isnan isinf isfinite isneginf isposinf isreal").split()
SPECIAL = ("airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 digamma entr erf erfc erfcx erfinv exp2 expit "
           "expm1 gammaln i0 i0e i1 i1e log1p log_ndtr logit modified_bessel_i0 modified_bessel_i1 "
           "modified_bessel_k0 modified_bessel_k1 scaled_modified_bessel_k0 scaled_modified_bessel_k1 "
           "spherical_bessel_j0 ndtr ndtri psi round sinc").split()
# In-place methods exercised on a clone (not acosh_, asinh_, atanh_: PyTorch cannot differentiate them).
INPLACE = ("abs acos asin atan ceil cos cosh deg2rad digamma erf erfc erfinv exp2 exp expm1 "
           "fix floor frac i0 lgamma log10 log1p log2 log neg negative rad2deg reciprocal round rsqrt sgn "
           "sigmoid tanh sign sin sinc sinh square tan trunc arccos arcsin arctan "
           "absolute").split()

OPS = {}
for n in PLAIN:
    OPS[n] = (lambda n: lambda a, x: getattr(torch, n)(x))(n)
for n in SPECIAL:
    OPS["special_" + n] = (lambda n: lambda a, x: getattr(S, n)(x))(n)
for n in INPLACE:
    OPS[n + "_"] = (lambda n: lambda a, x: getattr(x.clone(), n + "_")())(n)
OPS.update({
    "round_decimals": lambda a, x: torch.round(x, decimals=a["decimals"]),
    "round_decimals_": lambda a, x: x.clone().round_(decimals=a["decimals"]),
    "logit": lambda a, x: torch.logit(x, eps=a["eps"]),
    "logit_": lambda a, x: x.clone().logit_(eps=a["eps"]),
    "mvlgamma": lambda a, x: torch.mvlgamma(x, a["p"]),
    "mvlgamma_": lambda a, x: x.clone().mvlgamma_(a["p"]),
    "special_multigammaln": lambda a, x: S.multigammaln(x, a["p"]),
    "polygamma": lambda a, x: torch.polygamma(a["n"], x),
    "polygamma_": lambda a, x: x.clone().polygamma_(a["n"]),
    "special_polygamma": lambda a, x: S.polygamma(a["n"], x),
    "nan_to_num": lambda a, x: torch.nan_to_num(x, nan=a["nan"], posinf=a["posinf"], neginf=a["neginf"]),
    "nan_to_num_": lambda a, x: x.clone().nan_to_num_(nan=a["nan"], posinf=a["posinf"], neginf=a["neginf"]),
    "hardshrink": lambda a, x: x.hardshrink(a["lambd"]),
    "positive": lambda a, x: torch.positive(x).exp(),  # positive is x itself: exp shows it passes grads
    "special_softmax": lambda a, x: S.softmax(x, a["dim"], dtype=None),
    "special_log_softmax": lambda a, x: S.log_softmax(x, a["dim"], dtype=None),
})

# Inputs inside each function's domain (float32 and float64 versions are made from these).
def domain(op):
    base = op[len("special_"):] if op.startswith("special_") else op.rstrip("_")
    if base in ("acos", "arccos", "asin", "arcsin", "atanh", "arctanh", "erfinv"):
        return lambda dt: uniform(-0.9, 0.9, 2, 3, dtype=dt)
    if base in ("acosh", "arccosh"):
        return lambda dt: uniform(1.2, 3.0, 2, 3, dtype=dt)
    if base in ("log", "log2", "log10", "rsqrt", "reciprocal", "digamma", "psi", "lgamma", "gammaln", "entr",
                "log1p", "bessel_y0", "bessel_y1", "modified_bessel_k0", "modified_bessel_k1",
                "scaled_modified_bessel_k0", "scaled_modified_bessel_k1"):
        return lambda dt: uniform(0.3, 4.0, 2, 3, dtype=dt)
    if base in ("logit", "ndtri", "expit"):
        return lambda dt: uniform(0.05, 0.95, 2, 3, dtype=dt)
    if base in ("sign", "sgn", "abs", "absolute", "angle", "signbit"):
        return lambda dt: nonzero(2, 3, dtype=dt)
    if base in ("ceil", "floor", "round", "trunc", "fix", "frac"):  # off the jumps (integers, halves)
        return lambda dt: away_from(away_from(randn(2, 3, dtype=dt) * 3, *range(-9, 10)),
                                    *[k + 0.5 for k in range(-9, 9)])
    if base in ("i0", "i0e", "i1", "i1e", "modified_bessel_i0", "modified_bessel_i1", "bessel_j0", "bessel_j1",
                "erfcx", "log_ndtr", "spherical_bessel_j0"):
        return lambda dt: randn(2, 3, dtype=dt) * 3
    if base == "airy_ai":
        return lambda dt: uniform(-6.0, 4.0, 2, 3, dtype=dt)
    if base in ("tan",):
        return lambda dt: uniform(-1.3, 1.3, 2, 3, dtype=dt)
    return lambda dt: randn(2, 3, dtype=dt)


# <cmath>'s cyl_bessel_j and cyl_neumann, behind these, agree with PyTorch's to about 1e-8 only: too
# little for the float64 tolerance (1e-10).
FLOAT32_ONLY = {"special_bessel_j0", "special_bessel_j1", "special_bessel_y0", "special_bessel_y1", "special_airy_ai"}


def unary_math():
    f = Family("unary_math", 20, ops=OPS)
    special_args = {"round_decimals", "round_decimals_", "logit", "logit_", "mvlgamma", "mvlgamma_",
                    "special_multigammaln", "polygamma", "polygamma_", "special_polygamma", "nan_to_num",
                    "nan_to_num_", "hardshrink", "positive", "special_softmax", "special_log_softmax"}
    for op in OPS:
        if op in special_args:
            continue
        make = domain(op)
        f.case(f"{op}_float32", op, [make(torch.float32)])
        if op not in FLOAT32_ONLY:
            f.case(f"{op}_float64", op, [make(f64)])
    # Integers: floating functions give float32, the rounding ones and sign keep int64.
    for op in ("sin", "exp2", "sqrt" if False else "rsqrt", "deg2rad", "erf", "special_i0e", "special_bessel_j0",
               "angle", "reciprocal", "sigmoid", "special_ndtr", "special_entr"):
        f.case(f"{op}_int64", op, [In(ints(1, 5, 2, 3), requires_grad=False)])
    for op in ("ceil", "floor", "round", "trunc", "sign", "sgn", "neg", "abs", "signbit", "isnan", "isinf",
               "isfinite", "isposinf", "isneginf", "isreal", "square"):
        f.case(f"{op}_int64", op, [In(ints(-5, 5, 2, 3), requires_grad=False)])
    f.case("sin_noncontiguous", "sin", [In(randn(3, 2), permute=(1, 0))])
    f.case("digamma_negative", "digamma", [away_from(uniform(-3.0, -0.1, 2, 3), -3, -2, -1, gap=0.1)])
    f.case("lgamma_negative", "lgamma", [away_from(uniform(-3.0, -0.1, 2, 3, dtype=f64), -3, -2, -1, gap=0.1)])
    f.case("log_ndtr_tail", "special_log_ndtr", [uniform(-30.0, -5.0, 4, dtype=f64)])
    f.case("erfcx_large", "special_erfcx", [uniform(20.0, 40.0, 4, dtype=f64)])
    f.case("ndtri_tails", "special_ndtri", [torch.tensor([1e-12, 1e-5, 0.3, 0.7, 1 - 1e-9], dtype=f64)])
    f.case("erfinv_tails", "erfinv", [torch.tensor([-0.999999, -0.9999, 1e-6, 0.4, 0.99], dtype=f64)])
    f.case("i0_large", "i0", [uniform(25.0, 60.0, 4, dtype=f64)])
    f.case("i1e_large", "special_i1e", [uniform(-200.0, 200.0, 6, dtype=f64)])
    f.case("k0_large", "special_scaled_modified_bessel_k0", [uniform(25.0, 200.0, 4, dtype=f64)])
    f.case("airy_ai_wide", "special_airy_ai", [uniform(-20.0, 10.0, 8)])
    for dt, name in ((torch.float32, "float32"), (f64, "float64")):
        f.case(f"round_decimals_2_{name}", "round_decimals", [randn(2, 3, dtype=dt) * 10], decimals=2)
        f.case(f"round_decimals_neg_{name}", "round_decimals", [randn(2, 3, dtype=dt) * 1000], decimals=-2)
        f.case(f"round_decimals_inplace_{name}", "round_decimals_", [randn(2, 3, dtype=dt) * 10], decimals=1)
        f.case(f"logit_eps_{name}", "logit", [uniform(-0.2, 1.2, 2, 3, dtype=dt)], eps=0.1)
        f.case(f"logit_noeps_{name}", "logit", [uniform(0.05, 0.95, 2, 3, dtype=dt)], eps=None)
        f.case(f"logit_inplace_{name}", "logit_", [uniform(0.05, 0.95, 2, 3, dtype=dt)], eps=0.2)
        f.case(f"mvlgamma_p3_{name}", "mvlgamma", [uniform(1.2, 4.0, 2, 3, dtype=dt)], p=3)
        f.case(f"mvlgamma_inplace_{name}", "mvlgamma_", [uniform(1.2, 4.0, 2, 3, dtype=dt)], p=2)
        f.case(f"multigammaln_{name}", "special_multigammaln", [uniform(1.2, 4.0, 2, 3, dtype=dt)], p=2)
        for n in (0, 1, 2, 3):
            f.case(f"polygamma_{n}_{name}", "polygamma", [uniform(0.3, 4.0, 2, 3, dtype=dt)], n=n)
        f.case(f"polygamma_negative_x_{name}", "polygamma",
               [away_from(uniform(-2.0, -0.1, 2, 3, dtype=dt), -2, -1, gap=0.15)], n=1)
        f.case(f"polygamma_inplace_{name}", "polygamma_", [uniform(0.3, 4.0, 2, 3, dtype=dt)], n=1)
        f.case(f"special_polygamma_{name}", "special_polygamma", [uniform(0.3, 4.0, 2, 3, dtype=dt)], n=2)
        f.case(f"nan_to_num_{name}", "nan_to_num", [randn(2, 3, dtype=dt)], nan=1.0, posinf=2.0, neginf=-2.0)
        f.case(f"nan_to_num_inplace_{name}", "nan_to_num_", [randn(2, 3, dtype=dt)], nan=None, posinf=None,
               neginf=None)
        f.case(f"hardshrink_{name}", "hardshrink", [away_from(randn(2, 3, dtype=dt), 0.5, -0.5)], lambd=0.5)
        f.case(f"hardshrink_lambd_{name}", "hardshrink", [away_from(randn(2, 3, dtype=dt), 1.0, -1.0)], lambd=1.0)
        f.case(f"positive_{name}", "positive", [randn(2, 3, dtype=dt)])
        f.case(f"special_softmax_{name}", "special_softmax", [randn(2, 3, dtype=dt)], dim=1)
        f.case(f"special_log_softmax_{name}", "special_log_softmax", [randn(2, 3, dtype=dt)], dim=0)
    return f


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    family = unary_math()
    print(f"{family.name}.json: {family.write(here)} cases")


if __name__ == "__main__":
    main()
