#!/usr/bin/python3
"""Writes the golden reference numbers xgrad's tests compare against (tests/test_golden.cpp).

Run with Debian's PyTorch (apt-get install python3-torch), from any directory:

    /usr/bin/python3 tests/golden/generate.py

It rewrites elementwise.json, activation.json, reduce.json, shape.json and linalg.json beside this
script. The output is deterministic (seeded, values written with repr precision), so the files are
committed and CI needs no Python; rerun it only when adding cases.

Each file holds {"family", "torch", "cases": [...]}, one case per line. A case is
    name         unique within its file
    op, args     the call: an op id (a key of PY_OPS here and of the op table in test_golden.cpp)
                 and its arguments, all spelled out (no defaults)
    inputs       leaf tensors {shape, dtype, values, requires_grad[, permute]}; with "permute" the op
                 sees leaf.permute(p), a non-contiguous view, and the gradient is the leaf's
    outputs      what the op returns, in order (a bool result is a 0-dim bool tensor)
    grad_output  the upstream gradient fed to outputs[0].backward(), or null if it needs no grad
    grads        per input, the leaf's gradient after that backward, or null if it has none
    graph        outputs[0]'s graph as PyTorch names it (graph_str), "none" if it has no grad_fn
Tensors are {shape, dtype, values} with values flat in row-major order.
"""
import json
import math
import os

import torch

DTYPE_NAMES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int64: "int64",
    torch.uint8: "uint8",
    torch.bool: "bool",
}
DTYPES = {name: dtype for dtype, name in DTYPE_NAMES.items()}

f32, f64, i64 = torch.float32, torch.float64, torch.int64


def dtype_arg(name):
    return None if name is None else DTYPES[name]


def p_arg(p):
    """Norm orders: JSON has no infinity, so it is spelled "inf"."""
    return {"inf": math.inf, "-inf": -math.inf}.get(p, p) if isinstance(p, str) else p


def _allclose(a, x, y):
    return torch.allclose(x, y, rtol=a["rtol"], atol=a["atol"])


# The op table, mirrored by the one in test_golden.cpp: each entry takes the case's args and the
# op's inputs. The aten overloads are called directly where libtorch's signature is that overload.
PY_OPS = {
    # elementwise
    "add": lambda a, x, y: torch.add(x, y, alpha=a["alpha"]),
    "add_scalar": lambda a, x: torch.ops.aten.add.Scalar(x, a["other"], alpha=a["alpha"]),
    "sub": lambda a, x, y: torch.sub(x, y, alpha=a["alpha"]),
    "sub_scalar": lambda a, x: torch.ops.aten.sub.Scalar(x, a["other"], alpha=a["alpha"]),
    "rsub_scalar": lambda a, x: torch.sub(torch.tensor(a["value"]), x),
    "mul": lambda a, x, y: torch.mul(x, y),
    "mul_scalar": lambda a, x: torch.ops.aten.mul.Scalar(x, a["other"]),
    "div": lambda a, x, y: torch.div(x, y),
    "xlogy": lambda a, x, y: torch.xlogy(x, y),
    "div_scalar": lambda a, x: torch.ops.aten.div.Scalar(x, a["other"]),
    "rdiv_scalar": lambda a, x: torch.div(torch.tensor(a["value"]), x),
    "neg": lambda a, x: torch.neg(x),
    "pow": lambda a, x, y: torch.pow(x, y),
    "pow_scalar": lambda a, x: torch.pow(x, a["exponent"]),
    "pow_scalar_base": lambda a, x: torch.pow(a["base"], x),
    "exp": lambda a, x: torch.exp(x),
    "log": lambda a, x: torch.log(x),
    "sqrt": lambda a, x: torch.sqrt(x),
    "abs": lambda a, x: torch.abs(x),
    "clamp": lambda a, x: torch.clamp(x, a["min"], a["max"]),
    "clamp_min": lambda a, x: torch.clamp_min(x, a["min"]),
    "clamp_max": lambda a, x: torch.clamp_max(x, a["max"]),
    "eq": lambda a, x, y: torch.eq(x, y),
    "ne": lambda a, x, y: torch.ne(x, y),
    "lt": lambda a, x, y: torch.lt(x, y),
    "le": lambda a, x, y: torch.le(x, y),
    "gt": lambda a, x, y: torch.gt(x, y),
    "ge": lambda a, x, y: torch.ge(x, y),
    "eq_scalar": lambda a, x: torch.eq(x, a["other"]),
    "ne_scalar": lambda a, x: torch.ne(x, a["other"]),
    "lt_scalar": lambda a, x: torch.lt(x, a["other"]),
    "le_scalar": lambda a, x: torch.le(x, a["other"]),
    "gt_scalar": lambda a, x: torch.gt(x, a["other"]),
    "ge_scalar": lambda a, x: torch.ge(x, a["other"]),
    "equal": lambda a, x, y: torch.equal(x, y),
    "allclose": _allclose,
    # activation
    "sigmoid": lambda a, x: torch.sigmoid(x),
    "tanh": lambda a, x: torch.tanh(x),
    "relu": lambda a, x: torch.relu(x),
    "softmax": lambda a, x: torch.softmax(x, a["dim"], dtype=dtype_arg(a["dtype"])),
    "log_softmax": lambda a, x: torch.log_softmax(x, a["dim"], dtype=dtype_arg(a["dtype"])),
    # linalg
    "matmul": lambda a, x, y: torch.matmul(x, y),
    "mm": lambda a, x, y: torch.mm(x, y),
    "bmm": lambda a, x, y: torch.bmm(x, y),
    # reduce
    "sum": lambda a, x: torch.ops.aten.sum.default(x, dtype=dtype_arg(a["dtype"])),
    "sum_dim": lambda a, x: torch.ops.aten.sum.dim_IntList(x, a["dim"], a["keepdim"], dtype=dtype_arg(a["dtype"])),
    "mean": lambda a, x: torch.ops.aten.mean.default(x, dtype=dtype_arg(a["dtype"])),
    "mean_dim": lambda a, x: torch.ops.aten.mean.dim(x, a["dim"], a["keepdim"], dtype=dtype_arg(a["dtype"])),
    "max": lambda a, x: torch.max(x),
    "max_dim": lambda a, x: tuple(torch.max(x, a["dim"], a["keepdim"])),
    "min": lambda a, x: torch.min(x),
    "min_dim": lambda a, x: tuple(torch.min(x, a["dim"], a["keepdim"])),
    "argmax": lambda a, x: torch.argmax(x, a["dim"], a["keepdim"]),
    "argmin": lambda a, x: torch.argmin(x, a["dim"], a["keepdim"]),
    "all": lambda a, x: torch.all(x),
    "all_dim": lambda a, x: torch.all(x, a["dim"], a["keepdim"]),
    "any": lambda a, x: torch.any(x),
    "any_dim": lambda a, x: torch.any(x, a["dim"], a["keepdim"]),
    "norm": lambda a, x: torch.ops.aten.norm.Scalar(x, p_arg(a["p"])),
    "norm_dim": lambda a, x: torch.ops.aten.norm.ScalarOpt_dim(x, p_arg(a["p"]), a["dim"], a["keepdim"]),
    "var": lambda a, x: torch.ops.aten.var.default(x, a["unbiased"]),
    "var_dim": lambda a, x: torch.ops.aten.var.dim(x, a["dim"], a["unbiased"], a["keepdim"]),
    "std": lambda a, x: torch.ops.aten.std.default(x, a["unbiased"]),
    "std_dim": lambda a, x: torch.ops.aten.std.dim(x, a["dim"], a["unbiased"], a["keepdim"]),
    # shape
    "view": lambda a, x: x.view(a["size"]),
    "view_as": lambda a, x, y: x.view_as(y),
    "reshape": lambda a, x: torch.reshape(x, a["shape"]),
    "reshape_as": lambda a, x, y: x.reshape_as(y),
    "flatten": lambda a, x: torch.flatten(x, a["start_dim"], a["end_dim"]),
    "squeeze": lambda a, x: torch.squeeze(x),
    "squeeze_dim": lambda a, x: torch.squeeze(x, a["dim"]),
    "unsqueeze": lambda a, x: torch.unsqueeze(x, a["dim"]),
    "transpose": lambda a, x: torch.transpose(x, a["dim0"], a["dim1"]),
    "t": lambda a, x: torch.t(x),
    "permute": lambda a, x: torch.permute(x, a["dims"]),
    "expand": lambda a, x: x.expand(a["size"]),
    "expand_as": lambda a, x, y: x.expand_as(y),
    "select": lambda a, x: torch.select(x, a["dim"], a["index"]),
    "index_int": lambda a, x: x[a["index"]],
    "narrow": lambda a, x: torch.narrow(x, a["dim"], a["start"], a["length"]),
    "slice": lambda a, x: torch.ops.aten.slice.Tensor(x, a["dim"], a["start"], a["end"], a["step"]),
    "cat": lambda a, *xs: torch.cat(xs, a["dim"]),
    "stack": lambda a, *xs: torch.stack(xs, a["dim"]),
    "index_select": lambda a, x, index: torch.index_select(x, a["dim"], index),
    "to": lambda a, x: x.to(DTYPES[a["dtype"]]),
    "clone": lambda a, x: torch.clone(x),
    "contiguous": lambda a, x: x.contiguous(),
}


# ---- inputs (all drawn from the global generator, seeded per family) ----

def dims(shape):
    """Shapes come as randn(2, 3) or, for 0-dim tensors, randn(())."""
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], tuple) else shape


def randn(*shape, dtype=f32):
    return torch.randn(dims(shape), dtype=dtype)


def uniform(lo, hi, *shape, dtype=f32):
    return torch.rand(dims(shape), dtype=dtype) * (hi - lo) + lo


def nonzero(*shape, dtype=f32):
    """|x| in [0.2, 1.7) with a random sign: away from the kinks of abs, relu and sign."""
    sign = torch.randint(0, 2, dims(shape)).to(dtype) * 2 - 1
    return sign * uniform(0.2, 1.7, *shape, dtype=dtype)


def distinct(*shape, dtype=f32):
    """Values in about [-2, 2], pairwise at least 4/n apart, also in absolute value: no ties for
    max, min, argmax or the inf-norm."""
    n = math.prod(shape)
    ranks = torch.randperm(n).to(dtype) + uniform(0.1, 0.4, n, dtype=dtype)
    return (ranks * (4.0 / n) - 2.0 + 2.0 / n).reshape(shape)


def away_from(x, *points, gap=0.05):
    """Moves values within `gap` of a point (a clamp bound) by 2 * gap, off the non-smooth spot."""
    for p in points:
        x = torch.where((x - p).abs() < gap, x + 2 * gap, x)
    return x


def ints(lo, hi, *shape):
    return torch.randint(lo, hi, shape, dtype=i64)


def bools(*shape):
    return torch.rand(*shape) < 0.5


class In:
    """A leaf input: its values, whether it requires grad, and an optional permute the op sees."""

    def __init__(self, value, requires_grad=None, permute=None):
        self.value = value
        self.requires_grad = value.is_floating_point() if requires_grad is None else requires_grad
        self.permute = permute


def as_in(x):
    return x if isinstance(x, In) else In(x)


def const(x):
    """An input that takes no gradient (comparison operands, shapes for *_as)."""
    return In(x, requires_grad=False)


# ---- writing ----

def graph_str(fn):
    """A graph as its node names: "MulBackward0(torch::autograd::AccumulateGrad, ExpBackward0(...))",
    a node's children in next_functions order, edges that lead nowhere (None) left out."""
    if fn is None:
        return "none"
    children = [graph_str(f) for f, _ in fn.next_functions if f is not None]
    return fn.name() + ("(" + ", ".join(children) + ")" if children else "")


def tensor_json(t):
    t = t.detach()
    values = t.reshape(-1).tolist()
    if t.is_floating_point():
        # float32 values widen to Python floats exactly; repr then round-trips them.
        assert all(math.isfinite(v) for v in values), "non-finite value in a golden tensor"
    return {"shape": list(t.shape), "dtype": DTYPE_NAMES[t.dtype], "values": values}


class Family:
    """One golden file's cases; `ops` is the op table the cases call (another generator passes its own)."""

    def __init__(self, name, seed, ops=None):
        self.name = name
        self.cases = []
        self.ops = PY_OPS if ops is None else ops
        torch.manual_seed(seed)

    def case(self, name, op, inputs, **args):
        assert name not in {c["name"] for c in self.cases}, f"duplicate case {name}"
        inputs = [as_in(x) for x in inputs]
        leaves = [x.value.clone().requires_grad_(x.requires_grad) for x in inputs]
        seen = [leaf.permute(x.permute) if x.permute else leaf for leaf, x in zip(leaves, inputs)]
        result = self.ops[op](args, *seen)
        if isinstance(result, bool):
            result = torch.tensor(result)
        outputs = list(result) if isinstance(result, tuple) else [result]

        graph = graph_str(outputs[0].grad_fn)
        grad_output = None
        if outputs[0].requires_grad:
            grad_output = torch.randn(outputs[0].shape, dtype=outputs[0].dtype)
            outputs[0].backward(grad_output)

        in_json = []
        for leaf, x in zip(leaves, inputs):
            j = tensor_json(leaf)
            j["requires_grad"] = x.requires_grad
            if x.permute:
                j["permute"] = list(x.permute)
            in_json.append(j)
        self.cases.append({
            "name": name,
            "op": op,
            "args": args,
            "inputs": in_json,
            "outputs": [tensor_json(o) for o in outputs],
            "grad_output": None if grad_output is None else tensor_json(grad_output),
            "grads": [None if leaf.grad is None else tensor_json(leaf.grad) for leaf in leaves],
            "graph": graph,
        })

    def write(self, directory):
        lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in self.cases]
        with open(os.path.join(directory, self.name + ".json"), "w") as f:
            f.write('{"family":%s,"torch":%s,"cases":[\n' % (json.dumps(self.name), json.dumps(torch.__version__)))
            f.write(",\n".join(lines))
            f.write("\n]}\n")
        return len(self.cases)


# ---- the cases ----

def elementwise():
    f = Family("elementwise", 1)
    for op in ("add", "sub"):
        f.case(f"{op}_same_shape", op, [randn(2, 3), randn(2, 3)], alpha=1)
        f.case(f"{op}_broadcast_Nx1_1xM", op, [randn(3, 1), randn(1, 4)], alpha=1)
        f.case(f"{op}_broadcast_C_NC", op, [randn(4), randn(3, 4)], alpha=1)
        f.case(f"{op}_alpha_float", op, [randn(2, 3), randn(2, 3)], alpha=2.5)
        f.case(f"{op}_alpha_broadcast", op, [randn(2, 1, 3), randn(4, 1)], alpha=-0.5)
        f.case(f"{op}_int64_alpha", op, [ints(-9, 9, 2, 3), ints(-9, 9, 3)], alpha=2)
        f.case(f"{op}_scalar_float", f"{op}_scalar", [randn(2, 3)], other=2.5, alpha=1)
        f.case(f"{op}_scalar_alpha", f"{op}_scalar", [randn(3)], other=1.5, alpha=-2)
        f.case(f"{op}_scalar_int64", f"{op}_scalar", [ints(-9, 9, 4)], other=3, alpha=2)
        f.case(f"{op}_scalar_int64_float_promotes", f"{op}_scalar", [ints(-9, 9, 4)], other=0.5, alpha=1)
        f.case(f"{op}_float64", op, [randn(2, 3, dtype=f64), randn(3, dtype=f64)], alpha=1)
        f.case(f"{op}_permuted_input", op, [In(randn(3, 2), permute=[1, 0]), randn(2, 3)], alpha=1)
    f.case("add_int64_float32_promotes", "add", [ints(-5, 5, 2, 3), randn(2, 3)], alpha=1)
    f.case("add_float32_float64_promotes", "add", [randn(3), randn(3, dtype=f64)], alpha=1)
    f.case("add_float32_0dim_float64_keeps_float32", "add", [randn(2, 3), randn((), dtype=f64)], alpha=1)
    f.case("add_int64_0dim_float32_promotes", "add", [ints(-5, 5, 4), randn(())], alpha=1)
    f.case("add_0dim_0dim", "add", [randn(()), randn(())], alpha=1)
    f.case("sub_float32_0dim_broadcast", "sub", [randn(()), randn(2, 2)], alpha=1)
    f.case("rsub_scalar_float", "rsub_scalar", [randn(2, 3)], value=2.0)
    f.case("rsub_scalar_int", "rsub_scalar", [randn(4)], value=3)
    f.case("rsub_scalar_int64", "rsub_scalar", [ints(-9, 9, 4)], value=3)

    f.case("mul_same_shape", "mul", [randn(2, 3), randn(2, 3)])
    f.case("mul_broadcast_Nx1_1xM", "mul", [randn(3, 1), randn(1, 4)])
    f.case("mul_broadcast_C_NC", "mul", [randn(4), randn(3, 4)])
    f.case("mul_broadcast_3d", "mul", [randn(2, 1, 4), randn(3, 1)])
    f.case("mul_int64", "mul", [ints(-9, 9, 2, 3), ints(-9, 9, 2, 3)])
    f.case("mul_int64_float32_promotes", "mul", [ints(-5, 5, 3), randn(2, 3)])
    f.case("mul_float32_float64_promotes", "mul", [randn(2, 3), randn(3, dtype=f64)])
    f.case("mul_float64", "mul", [randn(2, 3, dtype=f64), randn(2, 3, dtype=f64)])
    f.case("mul_permuted_input", "mul", [In(randn(4, 3), permute=[1, 0]), randn(3, 4)])
    f.case("mul_scalar_float", "mul_scalar", [randn(2, 3)], other=-1.5)
    f.case("mul_scalar_int", "mul_scalar", [randn(2, 3)], other=3)
    f.case("mul_scalar_int64_float_promotes", "mul_scalar", [ints(-9, 9, 5)], other=0.25)

    f.case("div_same_shape", "div", [randn(2, 3), nonzero(2, 3)])
    f.case("div_broadcast_Nx1_1xM", "div", [randn(3, 1), nonzero(1, 4)])
    f.case("div_broadcast_C_NC", "div", [randn(4), nonzero(3, 4)])
    f.case("div_int64_true_division", "div", [ints(-9, 9, 2, 3), torch.tensor([[1, -2, 3], [4, 5, -7]])])
    f.case("div_float64", "div", [randn(3, dtype=f64), nonzero(2, 3, dtype=f64)])
    f.case("div_scalar_float", "div_scalar", [randn(2, 3)], other=0.75)
    f.case("div_scalar_int", "div_scalar", [randn(4)], other=-4)
    f.case("div_scalar_int64", "div_scalar", [ints(-9, 9, 4)], other=2)
    f.case("rdiv_scalar_float", "rdiv_scalar", [nonzero(2, 3)], value=1.5)
    f.case("rdiv_scalar_int", "rdiv_scalar", [nonzero(4)], value=2)

    f.case("neg", "neg", [randn(2, 3)])
    f.case("neg_float64", "neg", [randn(4, dtype=f64)])
    f.case("neg_int64", "neg", [ints(-9, 9, 5)])
    f.case("neg_0dim", "neg", [randn(())])

    f.case("pow_tensor_tensor", "pow", [uniform(0.5, 2.0, 2, 3), randn(2, 3)])
    f.case("pow_tensor_tensor_broadcast", "pow", [uniform(0.5, 2.0, 3, 1), randn(4)])
    f.case("pow_tensor_tensor_float64", "pow", [uniform(0.5, 2.0, 5, dtype=f64), randn(5, dtype=f64)])
    f.case("pow_scalar_2", "pow_scalar", [randn(2, 3)], exponent=2)
    f.case("pow_scalar_3_negative_base", "pow_scalar", [nonzero(6)], exponent=3)
    f.case("pow_scalar_half", "pow_scalar", [uniform(0.2, 3.0, 2, 3)], exponent=0.5)
    f.case("pow_scalar_negative_float", "pow_scalar", [uniform(0.5, 2.0, 5)], exponent=-1.5)
    f.case("pow_scalar_float_exponent_2", "pow_scalar", [randn(5)], exponent=2.0)
    f.case("pow_scalar_float64", "pow_scalar", [uniform(0.5, 2.0, 4, dtype=f64)], exponent=2.5)
    f.case("pow_scalar_int64", "pow_scalar", [ints(-5, 5, 6)], exponent=2)
    f.case("pow_scalar_base_2", "pow_scalar_base", [randn(2, 3)], base=2.0)
    f.case("pow_scalar_base_half", "pow_scalar_base", [randn(5)], base=0.5)
    f.case("pow_scalar_base_int", "pow_scalar_base", [randn(4)], base=3)
    f.case("pow_scalar_base_float64", "pow_scalar_base", [randn(4, dtype=f64)], base=1.5)

    for op, make in (("exp", randn), ("log", lambda *s, dtype=f32: uniform(0.1, 5.0, *s, dtype=dtype)),
                     ("sqrt", lambda *s, dtype=f32: uniform(0.1, 5.0, *s, dtype=dtype)), ("abs", nonzero)):
        f.case(op, op, [make(2, 3)])
        f.case(f"{op}_float64", op, [make(5, dtype=f64)])
        f.case(f"{op}_permuted_input", op, [In(make(4, 3), permute=[1, 0])])
        f.case(f"{op}_0dim", op, [make(())])
    f.case("abs_int64", "abs", [ints(-9, 9, 6)])

    f.case("clamp_min_max", "clamp", [away_from(randn(3, 4), -0.5, 0.5)], min=-0.5, max=0.5)
    f.case("clamp_min_only", "clamp", [away_from(randn(3, 4), 0.2)], min=0.2, max=None)
    f.case("clamp_max_only", "clamp", [away_from(randn(3, 4), -0.1)], min=None, max=-0.1)
    f.case("clamp_int_bounds_float_input", "clamp", [away_from(randn(8), -1, 1)], min=-1, max=1)
    f.case("clamp_float64", "clamp", [away_from(randn(6, dtype=f64), -0.3, 0.7)], min=-0.3, max=0.7)
    f.case("clamp_int64", "clamp", [ints(-9, 9, 8)], min=-3, max=4)
    f.case("clamp_min", "clamp_min", [away_from(randn(2, 5), 0.25)], min=0.25)
    f.case("clamp_max", "clamp_max", [away_from(randn(2, 5), -0.25)], max=-0.25)

    # Comparisons: small integers (as floats too) so that some entries are equal.
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        small = lambda *s: ints(-2, 3, *s).to(f32)
        f.case(f"{op}_float", op, [const(small(3, 4)), const(small(3, 4))])
        f.case(f"{op}_broadcast", op, [const(small(3, 1)), const(small(4))])
        f.case(f"{op}_int64", op, [ints(-2, 3, 6), ints(-2, 3, 6)])
        f.case(f"{op}_int64_float32", op, [ints(-2, 3, 2, 3), const(torch.tensor([-0.5, 0.0, 1.0]))])
        f.case(f"{op}_scalar_float", f"{op}_scalar", [const(small(2, 4))], other=1.0)
        f.case(f"{op}_scalar_int", f"{op}_scalar", [const(small(6))], other=0)
        f.case(f"{op}_scalar_int64_float", f"{op}_scalar", [ints(-2, 3, 6)], other=0.5)
    a = randn(2, 3)
    f.case("equal_true", "equal", [const(a), const(a.clone())])
    f.case("equal_false", "equal", [const(a), const(a + torch.tensor([0.0, 0.0, 1e-6]))])
    f.case("equal_different_shapes", "equal", [const(randn(2, 3)), const(randn(3, 2))])
    f.case("allclose_true", "allclose", [const(a), const(a * (1 + 1e-6))], rtol=1e-5, atol=1e-8)
    f.case("allclose_false", "allclose", [const(a), const(a + 1e-3)], rtol=1e-5, atol=1e-8)
    f.case("allclose_broadcast_atol", "allclose", [const(a), const(a[0] + 0.05)], rtol=0.0, atol=2.0)
    f.case("xlogy_broadcast", "xlogy", [randn(3, 1), uniform(0.1, 2.0, 1, 4)])
    f.case("xlogy_zeros", "xlogy", [torch.tensor([0.0, 0.0, 1.5, 0.0]), const(torch.tensor([0.0, 0.5, 2.0, -1.0]))])
    f.case("xlogy_int64", "xlogy", [const(ints(0, 3, 5)), const(ints(1, 4, 5))])
    return f


def activation():
    f = Family("activation", 2)
    for op in ("sigmoid", "tanh"):
        f.case(op, op, [randn(3, 4)])
        f.case(f"{op}_float64", op, [randn(5, dtype=f64)])
        f.case(f"{op}_large_magnitude", op, [torch.tensor([-30.0, -12.0, -3.0, 0.5, 4.0, 15.0, 40.0])])
        f.case(f"{op}_permuted_input", op, [In(randn(2, 3, 4), permute=[2, 0, 1])])
        f.case(f"{op}_0dim", op, [randn(())])
    f.case("relu", "relu", [nonzero(3, 4)])
    f.case("relu_float64", "relu", [nonzero(6, dtype=f64)])
    f.case("relu_permuted_input", "relu", [In(nonzero(4, 3), permute=[1, 0])])
    f.case("relu_int64", "relu", [ints(-5, 5, 6)])
    for op in ("softmax", "log_softmax"):
        f.case(f"{op}_2d_dim0", op, [randn(3, 4)], dim=0, dtype=None)
        f.case(f"{op}_2d_dim1", op, [randn(3, 4)], dim=1, dtype=None)
        f.case(f"{op}_2d_dim_neg1", op, [randn(3, 4)], dim=-1, dtype=None)
        f.case(f"{op}_3d_dim0", op, [randn(2, 3, 4)], dim=0, dtype=None)
        f.case(f"{op}_3d_dim1", op, [randn(2, 3, 4)], dim=1, dtype=None)
        f.case(f"{op}_3d_dim2", op, [randn(2, 3, 4)], dim=2, dtype=None)
        f.case(f"{op}_1d", op, [randn(7)], dim=0, dtype=None)
        f.case(f"{op}_large_values", op, [torch.tensor([1010.0, 1000.0, 990.0])], dim=0, dtype=None)
        f.case(f"{op}_large_values_rows", op,
               [torch.tensor([[1010.0, 1000.0, 990.0], [-1010.0, -1000.0, -990.0]])], dim=1, dtype=None)
        f.case(f"{op}_float64", op, [randn(3, 5, dtype=f64)], dim=1, dtype=None)
        f.case(f"{op}_dtype_float64", op, [randn(2, 4)], dim=1, dtype="float64")
        f.case(f"{op}_permuted_input", op, [In(randn(4, 3), permute=[1, 0])], dim=1, dtype=None)
        f.case(f"{op}_wide_row", op, [randn(2, 131) * 5], dim=1, dtype=None)
    return f


def linalg():
    f = Family("linalg", 3)
    shapes = {
        "1d_1d": ((4,), (4,)),
        "2d_1d": ((3, 4), (4,)),
        "1d_2d": ((4,), (4, 5)),
        "2d_2d": ((3, 4), (4, 5)),
        "3d_2d": ((2, 3, 4), (4, 5)),
        "2d_3d": ((3, 4), (2, 4, 5)),
        "3d_3d": ((2, 3, 4), (2, 4, 5)),
        "1d_3d": ((4,), (2, 4, 5)),
        "3d_1d": ((2, 3, 4), (4,)),
        "4d_3d_broadcast": ((2, 1, 3, 4), (3, 4, 5)),
        "3d_3d_batch_broadcast": ((1, 3, 4), (2, 4, 2)),
    }
    for name, (a, b) in shapes.items():
        f.case(f"matmul_{name}", "matmul", [randn(*a), randn(*b)])
    f.case("matmul_2d_2d_float64", "matmul", [randn(3, 4, dtype=f64), randn(4, 2, dtype=f64)])
    f.case("matmul_3d_3d_float64", "matmul", [randn(2, 2, 3, dtype=f64), randn(2, 3, 4, dtype=f64)])
    f.case("matmul_transposed_operands", "matmul",
           [In(randn(4, 3), permute=[1, 0]), In(randn(5, 4), permute=[1, 0])])
    f.case("matmul_one_operand_no_grad", "matmul", [randn(3, 4), const(randn(4, 2))])

    f.case("mm", "mm", [randn(3, 4), randn(4, 5)])
    f.case("mm_row_times_column", "mm", [randn(1, 6), randn(6, 1)])
    f.case("mm_column_times_row", "mm", [randn(4, 1), randn(1, 3)])
    f.case("mm_transposed_lhs", "mm", [In(randn(4, 3), permute=[1, 0]), randn(4, 5)])
    f.case("mm_transposed_rhs", "mm", [randn(3, 4), In(randn(5, 4), permute=[1, 0])])
    f.case("mm_transposed_both", "mm", [In(randn(4, 3), permute=[1, 0]), In(randn(5, 4), permute=[1, 0])])
    f.case("mm_float64", "mm", [randn(3, 4, dtype=f64), randn(4, 5, dtype=f64)])
    f.case("mm_larger", "mm", [randn(17, 33), randn(33, 9)])
    f.case("mm_only_rhs_grad", "mm", [const(randn(3, 4)), randn(4, 2)])

    f.case("bmm", "bmm", [randn(2, 3, 4), randn(2, 4, 5)])
    f.case("bmm_single_batch", "bmm", [randn(1, 2, 3), randn(1, 3, 2)])
    f.case("bmm_transposed_lhs", "bmm", [In(randn(2, 4, 3), permute=[0, 2, 1]), randn(2, 4, 5)])
    f.case("bmm_batch_last_rhs", "bmm", [randn(3, 2, 4), In(randn(4, 5, 3), permute=[2, 0, 1])])
    f.case("bmm_float64", "bmm", [randn(3, 2, 3, dtype=f64), randn(3, 3, 2, dtype=f64)])

    # matmul's paths, for its graph: folds (mm / mv over the batch), the copy a fold needs when the
    # batch does not merge, the transposed batch that goes to bmm instead, broadcast batches.
    f.case("matmul_4d_2d_fold", "matmul", [randn(2, 2, 3, 4), randn(4, 5)])
    f.case("matmul_2d_4d_fold", "matmul", [randn(3, 4), randn(2, 2, 4, 5)])
    f.case("matmul_1d_4d_fold", "matmul", [randn(4), randn(2, 2, 4, 5)])
    f.case("matmul_3d_2d_batch_transposed", "matmul", [In(randn(2, 4, 3), permute=[0, 2, 1]), randn(4, 5)])
    f.case("matmul_3d_2d_batch_inner", "matmul", [In(randn(4, 2, 3), permute=[1, 0, 2]), randn(3, 5)])
    f.case("matmul_3d_2d_rhs_transposed", "matmul", [randn(2, 3, 4), In(randn(5, 4), permute=[1, 0])])
    f.case("matmul_3d_3d_rhs_transposed", "matmul", [randn(2, 3, 4), In(randn(2, 5, 4), permute=[0, 2, 1])])
    f.case("matmul_2d_3d_lhs_no_grad", "matmul", [const(randn(3, 4)), randn(2, 4, 5)])
    f.case("matmul_2d_3d_rhs_no_grad", "matmul", [randn(3, 4), const(randn(2, 4, 5))])
    f.case("matmul_3d_3d_lhs_no_grad", "matmul", [const(randn(2, 3, 4)), randn(2, 4, 5)])
    f.case("matmul_4d_3d_both_broadcast", "matmul", [randn(2, 1, 3, 4), randn(2, 4, 5)])
    f.case("matmul_empty_batch", "matmul", [randn(0, 3, 4), randn(4, 5)])
    f.case("matmul_empty_inner", "matmul", [randn(2, 3, 0), randn(0, 5)])
    return f


def reduce():
    f = Family("reduce", 4)
    for op in ("sum", "mean"):
        f.case(f"{op}_all", op, [randn(3, 4)], dtype=None)
        f.case(f"{op}_all_0dim", op, [randn(())], dtype=None)
        f.case(f"{op}_all_float64", op, [randn(2, 3, dtype=f64)], dtype=None)
        f.case(f"{op}_all_dtype_float64", op, [randn(3, 4)], dtype="float64")
        f.case(f"{op}_all_permuted_input", op, [In(randn(3, 4, 2), permute=[2, 0, 1])], dtype=None)
        f.case(f"{op}_dim0", f"{op}_dim", [randn(3, 4)], dim=[0], keepdim=False, dtype=None)
        f.case(f"{op}_dim1_keepdim", f"{op}_dim", [randn(3, 4)], dim=[1], keepdim=True, dtype=None)
        f.case(f"{op}_dim_neg1", f"{op}_dim", [randn(2, 3, 4)], dim=[-1], keepdim=False, dtype=None)
        f.case(f"{op}_dims_0_2", f"{op}_dim", [randn(2, 3, 4)], dim=[0, 2], keepdim=False, dtype=None)
        f.case(f"{op}_dims_0_2_keepdim", f"{op}_dim", [randn(2, 3, 4)], dim=[0, 2], keepdim=True, dtype=None)
        f.case(f"{op}_dims_neg", f"{op}_dim", [randn(2, 3, 4)], dim=[-1, -2], keepdim=False, dtype=None)
        f.case(f"{op}_dims_all", f"{op}_dim", [randn(2, 3, 4)], dim=[0, 1, 2], keepdim=True, dtype=None)
        f.case(f"{op}_dims_empty_reduces_all", f"{op}_dim", [randn(2, 3)], dim=[], keepdim=False, dtype=None)
        f.case(f"{op}_dim_float64", f"{op}_dim", [randn(3, 4, dtype=f64)], dim=[1], keepdim=False, dtype=None)
        f.case(f"{op}_dim_dtype_float64", f"{op}_dim", [randn(3, 4)], dim=[0], keepdim=True, dtype="float64")
        f.case(f"{op}_dim_permuted_input", f"{op}_dim", [In(randn(4, 3), permute=[1, 0])],
               dim=[1], keepdim=False, dtype=None)
        f.case(f"{op}_dim_long_row", f"{op}_dim", [randn(3, 131)], dim=[1], keepdim=False, dtype=None)
    f.case("sum_int64", "sum", [ints(-9, 9, 3, 4)], dtype=None)
    f.case("sum_bool", "sum", [bools(10)], dtype=None)
    f.case("sum_dim_int64", "sum_dim", [ints(-9, 9, 3, 4)], dim=[1], keepdim=False, dtype=None)
    f.case("sum_int64_dtype_float32", "sum", [ints(-9, 9, 5)], dtype="float32")

    for op in ("max", "min"):
        f.case(f"{op}_all", op, [distinct(3, 4)])
        f.case(f"{op}_all_float64", op, [distinct(5, dtype=f64)])
        f.case(f"{op}_all_permuted_input", op, [In(distinct(3, 4), permute=[1, 0])])
        f.case(f"{op}_all_int64", op, [ints(-99, 99, 7)])
        f.case(f"{op}_dim0", f"{op}_dim", [distinct(3, 4)], dim=0, keepdim=False)
        f.case(f"{op}_dim1_keepdim", f"{op}_dim", [distinct(3, 4)], dim=1, keepdim=True)
        f.case(f"{op}_dim_neg1_3d", f"{op}_dim", [distinct(2, 3, 4)], dim=-1, keepdim=False)
        f.case(f"{op}_dim1_3d", f"{op}_dim", [distinct(2, 3, 4)], dim=1, keepdim=False)
        f.case(f"{op}_dim_float64", f"{op}_dim", [distinct(3, 3, dtype=f64)], dim=0, keepdim=True)
        f.case(f"{op}_dim_int64", f"{op}_dim", [torch.randperm(12).reshape(3, 4) - 6], dim=1, keepdim=False)
        f.case(f"{op}_dim_permuted_input", f"{op}_dim", [In(distinct(4, 3), permute=[1, 0])],
               dim=1, keepdim=False)
    for op in ("argmax", "argmin"):
        f.case(f"{op}_all", op, [const(distinct(3, 4))], dim=None, keepdim=False)
        f.case(f"{op}_dim0", op, [const(distinct(3, 4))], dim=0, keepdim=False)
        f.case(f"{op}_dim1_keepdim", op, [const(distinct(3, 4))], dim=1, keepdim=True)
        f.case(f"{op}_dim_neg1_3d", op, [const(distinct(2, 3, 4))], dim=-1, keepdim=False)
        f.case(f"{op}_int64_ties_first", op, [torch.tensor([[1, 3, 3, 0], [2, 2, 0, 0]])], dim=1, keepdim=False)
        f.case(f"{op}_all_ties_first", op, [torch.tensor([0, 5, 5, -1, -1, 2])], dim=None, keepdim=False)
        f.case(f"{op}_requires_grad_input", op, [distinct(5)], dim=0, keepdim=False)
    for op in ("all", "any"):
        f.case(f"{op}_bool", op, [bools(3, 4)])
        f.case(f"{op}_bool_all_true", op, [torch.ones(4, dtype=torch.bool)])
        f.case(f"{op}_bool_all_false", op, [torch.zeros(4, dtype=torch.bool)])
        f.case(f"{op}_float", op, [const(torch.tensor([[0.5, 0.0], [-1.0, 2.0]]))])
        f.case(f"{op}_dim0", f"{op}_dim", [bools(3, 4)], dim=0, keepdim=False)
        f.case(f"{op}_dim1_keepdim", f"{op}_dim", [bools(3, 4)], dim=1, keepdim=True)
        f.case(f"{op}_dim_neg1_3d", f"{op}_dim", [bools(2, 3, 4)], dim=-1, keepdim=False)
        f.case(f"{op}_dim_float", f"{op}_dim", [const(torch.tensor([[0.5, 0.0], [-1.0, 2.0]]))], dim=1, keepdim=False)
    f.case("all_dim_permuted_bool", "all_dim", [In(torch.tensor([[True, False], [True, True], [True, True]]),
                                                    permute=[1, 0])], dim=1, keepdim=False)

    f.case("norm_p2", "norm", [nonzero(3, 4)], p=2)
    f.case("norm_p2_float", "norm", [nonzero(3, 4)], p=2.0)
    f.case("norm_p1", "norm", [nonzero(3, 4)], p=1)
    f.case("norm_pinf", "norm", [distinct(3, 4)], p="inf")
    f.case("norm_p3", "norm", [nonzero(2, 5)], p=3)
    f.case("norm_p_half", "norm", [nonzero(6)], p=0.5)
    f.case("norm_float64", "norm", [nonzero(2, 3, dtype=f64)], p=2)
    f.case("norm_permuted_input", "norm", [In(nonzero(3, 4), permute=[1, 0])], p=2)
    f.case("norm_dim_p_default", "norm_dim", [nonzero(3, 4)], p=None, dim=[1], keepdim=False)
    f.case("norm_dim_p2_keepdim", "norm_dim", [nonzero(3, 4)], p=2, dim=[0], keepdim=True)
    f.case("norm_dim_p1", "norm_dim", [nonzero(3, 4)], p=1, dim=[1], keepdim=False)
    f.case("norm_dim_pinf", "norm_dim", [distinct(3, 4)], p="inf", dim=[1], keepdim=False)
    f.case("norm_dims_0_2", "norm_dim", [nonzero(2, 3, 4)], p=2, dim=[0, 2], keepdim=False)
    f.case("norm_dims_neg_keepdim", "norm_dim", [nonzero(2, 3, 4)], p=3, dim=[-1, -2], keepdim=True)
    f.case("norm_dim_float64", "norm_dim", [nonzero(3, 4, dtype=f64)], p=2, dim=[1], keepdim=False)

    for op in ("var", "std"):
        for unbiased in (True, False):
            u = "unbiased" if unbiased else "biased"
            f.case(f"{op}_all_{u}", op, [randn(3, 4)], unbiased=unbiased)
            f.case(f"{op}_dim1_{u}", f"{op}_dim", [randn(3, 4)], dim=[1], unbiased=unbiased, keepdim=False)
            f.case(f"{op}_dim0_keepdim_{u}", f"{op}_dim", [randn(3, 4)], dim=[0], unbiased=unbiased, keepdim=True)
            f.case(f"{op}_dims_0_2_{u}", f"{op}_dim", [randn(2, 3, 4)], dim=[0, 2], unbiased=unbiased, keepdim=False)
        f.case(f"{op}_all_float64", op, [randn(7, dtype=f64)], unbiased=True)
        f.case(f"{op}_dim_neg1_float64", f"{op}_dim", [randn(2, 5, dtype=f64)], dim=[-1], unbiased=True,
               keepdim=False)
        f.case(f"{op}_dim_permuted_input", f"{op}_dim", [In(randn(5, 3), permute=[1, 0])], dim=[1],
               unbiased=True, keepdim=False)
        f.case(f"{op}_dim_long_row", f"{op}_dim", [randn(2, 131) + 3], dim=[1], unbiased=True, keepdim=False)
    return f


def shape():
    f = Family("shape", 5)
    f.case("view_2d", "view", [randn(2, 3, 4)], size=[6, 4])
    f.case("view_infer", "view", [randn(2, 3, 4)], size=[4, -1, 2])
    f.case("view_flat", "view", [randn(2, 3, 4)], size=[-1])
    f.case("view_to_0dim", "view", [randn(1)], size=[])
    f.case("view_float64", "view", [randn(6, dtype=f64)], size=[3, 2])
    f.case("view_as", "view_as", [randn(12), const(randn(3, 4))])
    f.case("reshape_contiguous", "reshape", [randn(2, 3, 4)], shape=[3, 8])
    f.case("reshape_infer", "reshape", [randn(2, 3, 4)], shape=[-1, 4])
    f.case("reshape_permuted_input_copies", "reshape", [In(randn(3, 4), permute=[1, 0])], shape=[12])
    f.case("reshape_int64", "reshape", [ints(-9, 9, 6)], shape=[2, 3])
    f.case("reshape_as", "reshape_as", [In(randn(2, 6), permute=[1, 0]), const(randn(3, 4))])
    f.case("flatten_all", "flatten", [randn(2, 3, 4)], start_dim=0, end_dim=-1)
    f.case("flatten_inner", "flatten", [randn(2, 3, 4, 2)], start_dim=1, end_dim=2)
    f.case("flatten_tail", "flatten", [randn(2, 3, 4)], start_dim=1, end_dim=-1)
    f.case("flatten_permuted_input", "flatten", [In(randn(3, 2, 4), permute=[1, 0, 2])], start_dim=0, end_dim=1)
    f.case("flatten_0dim", "flatten", [randn(())], start_dim=0, end_dim=-1)
    f.case("squeeze_all", "squeeze", [randn(1, 3, 1, 2)])
    f.case("squeeze_dim", "squeeze_dim", [randn(3, 1, 2)], dim=1)
    f.case("squeeze_dim_neg", "squeeze_dim", [randn(3, 2, 1)], dim=-1)
    f.case("squeeze_dim_not_one_is_noop", "squeeze_dim", [randn(3, 2)], dim=0)
    f.case("unsqueeze_front", "unsqueeze", [randn(3, 2)], dim=0)
    f.case("unsqueeze_middle", "unsqueeze", [randn(3, 2)], dim=1)
    f.case("unsqueeze_end_neg", "unsqueeze", [randn(3, 2)], dim=-1)
    f.case("unsqueeze_0dim", "unsqueeze", [randn(())], dim=0)
    f.case("transpose_2d", "transpose", [randn(3, 4)], dim0=0, dim1=1)
    f.case("transpose_3d_neg", "transpose", [randn(2, 3, 4)], dim0=-1, dim1=-3)
    f.case("transpose_same_dim", "transpose", [randn(2, 3)], dim0=1, dim1=1)
    f.case("t_2d", "t", [randn(3, 4)])
    f.case("t_1d", "t", [randn(5)])
    f.case("permute_3d", "permute", [randn(2, 3, 4)], dims=[2, 0, 1])
    f.case("permute_neg_dims", "permute", [randn(2, 3, 4)], dims=[-1, 0, 1])
    f.case("permute_4d", "permute", [randn(2, 1, 3, 2)], dims=[3, 1, 0, 2])
    f.case("expand_column", "expand", [randn(3, 1)], size=[3, 4])
    f.case("expand_new_dims", "expand", [randn(3, 1)], size=[2, -1, 4])
    f.case("expand_0dim", "expand", [randn(())], size=[2, 3])
    f.case("expand_same", "expand", [randn(2, 3)], size=[2, 3])
    f.case("expand_as", "expand_as", [randn(1, 4), const(randn(3, 4))])
    f.case("select_dim0", "select", [randn(3, 4)], dim=0, index=1)
    f.case("select_dim1_neg_index", "select", [randn(3, 4)], dim=1, index=-1)
    f.case("select_3d_middle", "select", [randn(2, 3, 4)], dim=1, index=2)
    f.case("select_1d_to_0dim", "select", [randn(5)], dim=0, index=3)
    f.case("index_int", "index_int", [randn(3, 4)], index=2)
    f.case("index_int_neg", "index_int", [randn(3, 2, 2)], index=-3)
    f.case("narrow_dim1", "narrow", [randn(3, 5)], dim=1, start=1, length=3)
    f.case("narrow_dim0_neg_start", "narrow", [randn(5, 2)], dim=0, start=-3, length=2)
    f.case("narrow_full", "narrow", [randn(4)], dim=0, start=0, length=4)
    f.case("slice_step2", "slice", [randn(3, 8)], dim=1, start=1, end=7, step=2)
    f.case("slice_neg_start_open_end", "slice", [randn(5, 2)], dim=0, start=-3, end=None, step=1)
    f.case("slice_open_step3", "slice", [randn(2, 7)], dim=1, start=None, end=None, step=3)
    f.case("slice_end_clamped", "slice", [randn(4, 3)], dim=0, start=1, end=100, step=1)
    f.case("slice_neg_end", "slice", [randn(6)], dim=0, start=0, end=-2, step=2)
    f.case("slice_empty", "slice", [randn(4, 3)], dim=0, start=3, end=1, step=1)
    f.case("cat_dim0", "cat", [randn(2, 3), randn(1, 3), randn(3, 3)], dim=0)
    f.case("cat_dim1", "cat", [randn(2, 1), randn(2, 4)], dim=1)
    f.case("cat_dim_neg", "cat", [randn(2, 2, 1), randn(2, 2, 3)], dim=-1)
    f.case("cat_single", "cat", [randn(2, 3)], dim=0)
    f.case("cat_permuted_input", "cat", [In(randn(3, 2), permute=[1, 0]), randn(2, 2)], dim=1)
    f.case("cat_float64", "cat", [randn(2, dtype=f64), randn(3, dtype=f64)], dim=0)
    f.case("cat_int64", "cat", [ints(-9, 9, 2, 2), ints(-9, 9, 1, 2)], dim=0)
    f.case("cat_one_input_no_grad", "cat", [randn(2), const(randn(2))], dim=0)
    f.case("stack_dim0", "stack", [randn(2, 3), randn(2, 3), randn(2, 3)], dim=0)
    f.case("stack_dim1", "stack", [randn(2, 3), randn(2, 3)], dim=1)
    f.case("stack_dim_neg1", "stack", [randn(2, 3), randn(2, 3)], dim=-1)
    f.case("stack_0dim", "stack", [randn(()), randn(())], dim=0)
    f.case("index_select_dim0_repeats", "index_select", [randn(4, 3), torch.tensor([2, 0, 2, 3])], dim=0)
    f.case("index_select_dim1", "index_select", [randn(2, 5), torch.tensor([4, 1])], dim=1)
    f.case("index_select_neg_dim", "index_select", [randn(2, 3, 4), torch.tensor([3, 3, 0])], dim=-1)
    f.case("index_select_float64", "index_select", [randn(3, 2, dtype=f64), torch.tensor([1])], dim=0)
    f.case("index_select_int64", "index_select", [ints(-9, 9, 5), torch.tensor([4, 0, 0])], dim=0)
    f.case("to_float64", "to", [randn(2, 3)], dtype="float64")
    f.case("to_float32_from_float64", "to", [randn(2, 3, dtype=f64)], dtype="float32")
    f.case("to_same_dtype", "to", [randn(4)], dtype="float32")
    f.case("to_int64_truncates", "to", [torch.tensor([-1.75, -0.5, 0.5, 2.25, 3.999])], dtype="int64")
    f.case("to_bool", "to", [const(torch.tensor([0.0, -0.5, 2.0]))], dtype="bool")
    f.case("to_float32_from_int64", "to", [ints(-9, 9, 4)], dtype="float32")
    f.case("to_uint8_from_int64", "to", [ints(0, 255, 4)], dtype="uint8")
    f.case("to_float32_from_uint8", "to", [torch.tensor([0, 7, 255], dtype=torch.uint8)], dtype="float32")
    f.case("to_float64_permuted_input", "to", [In(randn(3, 2), permute=[1, 0])], dtype="float64")
    f.case("clone", "clone", [randn(2, 3)])
    f.case("clone_permuted_input", "clone", [In(randn(2, 3), permute=[1, 0])])
    f.case("clone_int64", "clone", [ints(-9, 9, 3)])
    f.case("contiguous_permuted_input", "contiguous", [In(randn(2, 3, 4), permute=[2, 0, 1])])
    f.case("contiguous_already", "contiguous", [randn(3, 2)])
    return f


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for make in (elementwise, activation, linalg, reduce, shape):
        family = make()
        print(f"{family.name}.json: {family.write(here)} cases")


if __name__ == "__main__":
    main()
