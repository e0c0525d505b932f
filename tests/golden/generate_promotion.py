"""Type-promotion golden table: PyTorch 1.13's result dtype and values for every pair of the 10 dtypes.

Run with /usr/bin/python3 (torch); writes tests/golden/promotion.json. For each binary op and each
(lhs, rhs) pair it records the result dtype and values (or the error text) for three rhs kinds:
a dimensioned tensor, a 0-dim tensor, and a Python scalar (int, float, bool).
"""
import json
import math
import os

import torch

DTYPES = {
    "bool": torch.bool, "uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16,
    "int32": torch.int32, "int64": torch.int64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "float32": torch.float32, "float64": torch.float64,
}
NAMES = {v: k for k, v in DTYPES.items()}

# Small inputs representable in every dtype (bool gets their truthiness); rhs avoids 0 so that
# integer division never divides by zero.
LHS = [3, 0, 1, 2]
RHS = [2, 1, 1, 3]

OPS = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge,
    "pow": torch.pow, "maximum": torch.maximum, "minimum": torch.minimum,
}
SCALARS = {"int": 2, "float": 2.5, "bool": True}


def values(t):
    out = []
    for v in t.reshape(-1).tolist():
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            out.append(str(v))
        else:
            out.append(v)
    return out


def record(fn):
    try:
        r = fn()
        return {"dtype": NAMES[r.dtype], "values": values(r)}
    except Exception as e:  # libtorch's message, first line
        return {"error": str(e).split("\n")[0]}


def main():
    cases = []
    for op, f in OPS.items():
        for a_name, a_dt in DTYPES.items():
            a = torch.tensor(LHS).to(a_dt)
            for b_name, b_dt in DTYPES.items():
                b = torch.tensor(RHS).to(b_dt)
                b0 = torch.tensor(RHS[0]).to(b_dt)
                cases.append({"op": op, "lhs": a_name, "rhs": b_name, "kind": "tensor",
                              **record(lambda: f(a, b))})
                cases.append({"op": op, "lhs": a_name, "rhs": b_name, "kind": "zerodim",
                              **record(lambda: f(a, b0))})
            for s_name, s in SCALARS.items():
                cases.append({"op": op, "lhs": a_name, "rhs": s_name, "kind": "scalar", "scalar": s,
                              **record(lambda: f(a, s))})
    promote = [{"a": x, "b": y, "result": NAMES[torch.promote_types(dx, dy)],
                "can_cast": torch.can_cast(dx, dy)}
               for x, dx in DTYPES.items() for y, dy in DTYPES.items()]
    out = {"lhs": LHS, "rhs": RHS, "promote_types": promote, "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "promotion.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=0)
        fh.write("\n")


if __name__ == "__main__":
    main()
