#!/usr/bin/python3
"""Writes nn.json, the golden reference numbers of the neural-network ops (tests/test_golden_nn.cpp):
convolution, pooling, normalization, dropout, embedding, leaky_relu and the losses.

Run with Debian's PyTorch (apt-get install python3-torch), from any directory:

    /usr/bin/python3 tests/golden/generate_nn.py

The format is generate.py's (read its docstring), with four additions:
    inputs       an entry may be null: an undefined tensor (no bias, no weight, no running stats)
    outputs      an op that updates an input in place (batch_norm's running stats) also returns that
                 input after the call, so the update is checked like any output; inputs are written
                 as they were before the call
    graph        outputs[0]'s graph as PyTorch names it (generate.graph_str), "none" if it has no grad_fn
    reduction    loss arguments spell at::Reduction as "none", "mean" or "sum"

A float32 case's references are PyTorch's results for the same values in float64, rounded to
float32: the exact answer, so xgrad may use the whole tolerance (|a-b| <= 1e-5|b| + 1e-6) for its
own rounding. The generator stops if PyTorch's float32 results are not within half that tolerance of
those references (integer results, such as max_pool2d's indices, must be equal): every case is one a
float32 implementation can pass. That is why reduction-heavy ops use small shapes.
"""
import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the committed files
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
from generate import In, const, randn, uniform, ints, tensor_json, f32, f64  # noqa: E402

REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}
_nn = torch._C._nn


def _batch_norm(a, x, w, b, rm, rv):
    out = torch.batch_norm(x, w, b, rm, rv, a["training"], a["momentum"], a["eps"], False)
    return (out,) + tuple(s for s in (rm, rv) if s is not None)


# The op table, mirrored by the one in test_golden_nn.cpp; the aten functions are called directly
# where libtorch's signature is theirs (nll_loss_nd is what xgrad::nll_loss is: any number of dims).
PY_OPS = {
    "conv1d": lambda a, x, w, b: torch.conv1d(x, w, b, a["stride"], a["padding"], a["dilation"], a["groups"]),
    "conv2d": lambda a, x, w, b: torch.conv2d(x, w, b, a["stride"], a["padding"], a["dilation"], a["groups"]),
    "conv_transpose2d": lambda a, x, w, b: torch.conv_transpose2d(
        x, w, b, a["stride"], a["padding"], a["output_padding"], a["groups"], a["dilation"]),
    "max_pool2d": lambda a, x: torch.max_pool2d(
        x, a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"]),
    "max_pool2d_with_indices": lambda a, x: _nn.max_pool2d_with_indices(
        x, a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"]),
    "avg_pool2d": lambda a, x: _nn.avg_pool2d(
        x, a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"], a["count_include_pad"],
        a["divisor_override"]),
    "adaptive_avg_pool2d": lambda a, x: _nn.adaptive_avg_pool2d(x, a["output_size"]),
    "batch_norm": _batch_norm,
    "layer_norm": lambda a, x, w, b: torch.layer_norm(x, a["normalized_shape"], w, b, a["eps"]),
    "dropout": lambda a, x: torch.dropout(x, a["p"], a["train"]),
    "feature_dropout": lambda a, x: torch.feature_dropout(x, a["p"], a["train"]),
    "embedding": lambda a, w, i: torch.embedding(w, i, a["padding_idx"], a["scale_grad_by_freq"], a["sparse"]),
    "leaky_relu": lambda a, x: _nn.leaky_relu(x, a["negative_slope"]),
    "nll_loss": lambda a, x, t, w: _nn.nll_loss_nd(x, t, w, REDUCTIONS[a["reduction"]], a["ignore_index"]),
    "cross_entropy_loss": lambda a, x, t, w: _nn.cross_entropy_loss(
        x, t, w, REDUCTIONS[a["reduction"]], a["ignore_index"], a["label_smoothing"]),
    "mse_loss": lambda a, x, t: _nn.mse_loss(x, t, REDUCTIONS[a["reduction"]]),
    "l1_loss": lambda a, x, t: _nn.l1_loss(x, t, REDUCTIONS[a["reduction"]]),
    "smooth_l1_loss": lambda a, x, t: _nn.smooth_l1_loss(x, t, REDUCTIONS[a["reduction"]], a["beta"]),
    "binary_cross_entropy": lambda a, x, t, w: _nn.binary_cross_entropy(x, t, w, REDUCTIONS[a["reduction"]]),
    "binary_cross_entropy_with_logits": lambda a, x, t, w, pw: torch.binary_cross_entropy_with_logits(
        x, t, w, pw, REDUCTIONS[a["reduction"]]),
    "kl_div": lambda a, x, t: torch.kl_div(x, t, REDUCTIONS[a["reduction"]], log_target=a["log_target"]),
    "linear": lambda a, x, w, b: torch.nn.functional.linear(x, w, b),
}


# ---- inputs beyond generate.py's ----

def ties(*shape, dtype=f32):
    """Small integers as floats: many equal values inside a pooling window."""
    return ints(-2, 3, *shape).to(dtype)


def with_zeros(x, every=4):
    """x with every `every`-th element exactly 0 (the kink of leaky_relu)."""
    x = x.clone()
    x.view(-1)[::every] = 0
    return x


def probs(*shape, dim=1, dtype=f32):
    return torch.softmax(randn(*shape, dtype=dtype), dim)


def positive(*shape, dtype=f32):
    return uniform(0.5, 2.0, *shape, dtype=dtype)


def grad(x):
    """An input that takes a gradient even when it is a target."""
    return In(x, requires_grad=True)


# ---- recording ----

TOL32 = (1e-5, 1e-6)  # the test's float32 tolerance (rtol, atol)
MARGIN = 0.5  # the part of it PyTorch's own float32 rounding may use


def _leaves(inputs, to64):
    leaves = []
    for x in inputs:
        if x is None:
            leaves.append(None)
            continue
        v = x.value.to(f64) if to64 and x.value.dtype == f32 else x.value
        leaves.append(v.clone().requires_grad_(x.requires_grad))
    return leaves


def _run(op, args, inputs, grad_output, to64):
    """The op on fresh leaves (in float64 if to64), then outputs[0].backward(grad_output) if given."""
    leaves = _leaves(inputs, to64)
    seen = [None if leaf is None else leaf.permute(x.permute) if x.permute else leaf
            for leaf, x in zip(leaves, inputs)]
    result = PY_OPS[op](args, *seen)
    outputs = list(result) if isinstance(result, tuple) else [result]
    if grad_output is not None:
        outputs[0].backward(grad_output.to(outputs[0].dtype))
    return leaves, outputs


def _rounded(name, got32, want64):
    """The float64 result rounded to float32, once PyTorch's float32 result is within MARGIN of the
    test's tolerance of it; integer results must agree exactly."""
    if got32 is None:
        return None
    if not got32.is_floating_point():
        assert torch.equal(got32, want64), f"{name}: the float64 run gives other integers"
        return got32
    rtol, atol = TOL32
    g, w = got32.detach().double(), want64.detach()
    excess = ((g - w).abs() / (rtol * w.abs() + atol)).max().item() if g.numel() else 0.0
    assert excess <= MARGIN, f"{name}: float32 result is {excess:.2f} of the tolerance away from float64's"
    return w.to(got32.dtype)


class Family(generate.Family):
    """generate.py's Family (seeding, write) with this file's case recording."""

    def case(self, name, op, inputs, **args):
        assert name not in {c["name"] for c in self.cases}, f"duplicate case {name}"
        inputs = [None if x is None else x if isinstance(x, In) else In(x) for x in inputs]
        in_json = []
        for x in inputs:
            if x is None:
                in_json.append(None)
                continue
            j = tensor_json(x.value)
            j["requires_grad"] = x.requires_grad
            if x.permute:
                j["permute"] = list(x.permute)
            in_json.append(j)

        leaves, outputs = _run(op, args, inputs, None, False)
        grad_output = None
        if outputs[0].requires_grad:
            # Drawn in float64 and rounded: the float64 rerun gets the same upstream gradient.
            grad_output = torch.randn(outputs[0].shape, dtype=f64).to(outputs[0].dtype)
            outputs[0].backward(grad_output)
        grads = [None if leaf is None else leaf.grad for leaf in leaves]
        fn = outputs[0].grad_fn

        if any(x is not None and x.value.dtype == f32 for x in inputs):
            leaves64, outputs64 = _run(op, args, inputs, grad_output, True)
            grads64 = [None if leaf is None else leaf.grad for leaf in leaves64]
            outputs = [_rounded(f"{name}: output {k}", o, o64) for k, (o, o64) in enumerate(zip(outputs, outputs64))]
            grads = [_rounded(f"{name}: grad of input {k}", g, g64) for k, (g, g64) in enumerate(zip(grads, grads64))]
        self.cases.append({
            "name": name,
            "op": op,
            "args": args,
            "inputs": in_json,
            "outputs": [tensor_json(o) for o in outputs],
            "graph": generate.graph_str(fn),
            "grad_output": None if grad_output is None else tensor_json(grad_output),
            "grads": [None if gr is None else tensor_json(gr) for gr in grads],
        })


# ---- the cases ----

def convolution(f):
    def conv(name, op, x, w, b, **a):
        f.case(name, op, [x, w, b], **a)

    c1 = dict(stride=[1], padding=[0], dilation=[1], groups=1)
    conv("conv1d_basic", "conv1d", randn(2, 3, 7), randn(4, 3, 3), randn(4), **c1)
    conv("conv1d_no_bias", "conv1d", randn(2, 3, 7), randn(4, 3, 3), None, **c1)
    conv("conv1d_stride2_padding1", "conv1d", randn(2, 2, 8), randn(3, 2, 3), randn(3),
         stride=[2], padding=[1], dilation=[1], groups=1)
    conv("conv1d_stride_leaves_tail", "conv1d", randn(1, 2, 9), randn(2, 2, 2), randn(2),
         stride=[3], padding=[0], dilation=[1], groups=1)
    conv("conv1d_dilation2", "conv1d", randn(2, 2, 9), randn(3, 2, 3), randn(3),
         stride=[1], padding=[2], dilation=[2], groups=1)
    conv("conv1d_groups2", "conv1d", randn(2, 4, 6), randn(6, 2, 2), randn(6),
         stride=[1], padding=[1], dilation=[1], groups=2)
    conv("conv1d_depthwise", "conv1d", randn(2, 3, 6), randn(3, 1, 3), None,
         stride=[1], padding=[1], dilation=[1], groups=3)
    conv("conv1d_unbatched", "conv1d", randn(3, 7), randn(2, 3, 3), randn(2), **c1)
    conv("conv1d_all_options", "conv1d", randn(2, 4, 11), randn(4, 2, 3), randn(4),
         stride=[2], padding=[3], dilation=[2], groups=2)
    conv("conv1d_float64", "conv1d", randn(2, 3, 7, dtype=f64), randn(2, 3, 3, dtype=f64), randn(2, dtype=f64),
         stride=[2], padding=[1], dilation=[1], groups=1)
    conv("conv1d_only_weight_grad", "conv1d", const(randn(2, 3, 6)), randn(2, 3, 2), const(randn(2)), **c1)

    c2 = dict(stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=1)
    conv("conv2d_basic", "conv2d", randn(2, 3, 5, 5), randn(4, 3, 3, 3), randn(4), **c2)
    conv("conv2d_no_bias", "conv2d", randn(2, 3, 5, 5), randn(4, 3, 3, 3), None, **c2)
    conv("conv2d_1x1", "conv2d", randn(2, 3, 4, 3), randn(5, 3, 1, 1), randn(5), **c2)
    conv("conv2d_non_square_kernel_input", "conv2d", randn(2, 2, 5, 7), randn(3, 2, 2, 3), randn(3), **c2)
    conv("conv2d_stride2", "conv2d", randn(2, 2, 6, 6), randn(3, 2, 3, 3), randn(3),
         stride=[2, 2], padding=[0, 0], dilation=[1, 1], groups=1)
    conv("conv2d_stride_leaves_tail", "conv2d", randn(1, 2, 7, 8), randn(2, 2, 2, 2), randn(2),
         stride=[3, 3], padding=[0, 0], dilation=[1, 1], groups=1)
    conv("conv2d_stride_2_1", "conv2d", randn(2, 2, 7, 6), randn(3, 2, 3, 2), randn(3),
         stride=[2, 1], padding=[0, 0], dilation=[1, 1], groups=1)
    conv("conv2d_padding1", "conv2d", randn(2, 2, 5, 5), randn(3, 2, 3, 3), randn(3),
         stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=1)
    conv("conv2d_padding_1_2", "conv2d", randn(1, 2, 4, 5), randn(2, 2, 3, 3), randn(2),
         stride=[1, 1], padding=[1, 2], dilation=[1, 1], groups=1)
    conv("conv2d_padding_wider_than_kernel", "conv2d", randn(1, 2, 3, 3), randn(2, 2, 2, 2), randn(2),
         stride=[1, 1], padding=[2, 2], dilation=[1, 1], groups=1)
    conv("conv2d_dilation2", "conv2d", randn(2, 2, 7, 7), randn(3, 2, 3, 3), randn(3),
         stride=[1, 1], padding=[0, 0], dilation=[2, 2], groups=1)
    conv("conv2d_dilation_2_3", "conv2d", randn(1, 2, 7, 9), randn(2, 2, 2, 3), randn(2),
         stride=[1, 1], padding=[1, 2], dilation=[2, 3], groups=1)
    conv("conv2d_groups2", "conv2d", randn(2, 4, 5, 5), randn(6, 2, 3, 3), randn(6),
         stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=2)
    conv("conv2d_groups3_one_out_each", "conv2d", randn(2, 6, 4, 4), randn(3, 2, 2, 2), None,
         stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=3)
    conv("conv2d_depthwise_multiplier2", "conv2d", randn(2, 3, 5, 5), randn(6, 1, 3, 3), randn(6),
         stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=3)
    conv("conv2d_all_options", "conv2d", randn(2, 4, 9, 8), randn(6, 2, 3, 2), randn(6),
         stride=[2, 3], padding=[2, 1], dilation=[2, 1], groups=2)
    conv("conv2d_unbatched", "conv2d", randn(3, 5, 4), randn(2, 3, 2, 2), randn(2),
         stride=[1, 1], padding=[1, 0], dilation=[1, 1], groups=1)
    conv("conv2d_batch1", "conv2d", randn(1, 1, 6, 6), randn(1, 1, 3, 3), randn(1),
         stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=1)
    conv("conv2d_lenet_like", "conv2d", randn(1, 1, 8, 8), uniform(-0.2, 0.2, 2, 1, 5, 5), randn(2), **c2)
    conv("conv2d_channels_last_input", "conv2d", In(randn(2, 5, 5, 3), permute=[0, 3, 1, 2]), randn(4, 3, 3, 3),
         randn(4), stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=1)
    conv("conv2d_transposed_weight", "conv2d", randn(2, 2, 5, 5), In(randn(3, 3, 2, 3), permute=[3, 2, 1, 0]),
         randn(3), **c2)
    conv("conv2d_only_input_grad", "conv2d", randn(2, 2, 5, 5), const(randn(3, 2, 3, 3)), const(randn(3)), **c2)
    conv("conv2d_only_weight_grad", "conv2d", const(randn(2, 2, 5, 5)), randn(3, 2, 3, 3), None, **c2)
    conv("conv2d_only_bias_grad", "conv2d", const(randn(2, 2, 4, 4)), const(randn(3, 2, 3, 3)), randn(3), **c2)
    conv("conv2d_float64", "conv2d", randn(2, 2, 5, 5, dtype=f64), randn(3, 2, 3, 3, dtype=f64),
         randn(3, dtype=f64), stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=1)
    conv("conv2d_float64_all_options", "conv2d", randn(2, 4, 8, 7, dtype=f64), randn(4, 2, 2, 3, dtype=f64),
         randn(4, dtype=f64), stride=[2, 1], padding=[1, 2], dilation=[2, 2], groups=2)

    ct = dict(stride=[1, 1], padding=[0, 0], output_padding=[0, 0], groups=1, dilation=[1, 1])
    conv("conv_transpose2d_basic", "conv_transpose2d", randn(2, 3, 4, 4), randn(3, 2, 3, 3), randn(2), **ct)
    conv("conv_transpose2d_no_bias", "conv_transpose2d", randn(2, 3, 3, 4), randn(3, 2, 2, 3), None, **ct)
    conv("conv_transpose2d_stride2", "conv_transpose2d", randn(2, 2, 3, 3), randn(2, 3, 3, 3), randn(3),
         stride=[2, 2], padding=[0, 0], output_padding=[0, 0], groups=1, dilation=[1, 1])
    conv("conv_transpose2d_stride2_padding1", "conv_transpose2d", randn(2, 2, 4, 4), randn(2, 2, 3, 3), randn(2),
         stride=[2, 2], padding=[1, 1], output_padding=[0, 0], groups=1, dilation=[1, 1])
    conv("conv_transpose2d_output_padding", "conv_transpose2d", randn(1, 2, 3, 4), randn(2, 2, 3, 3), randn(2),
         stride=[2, 3], padding=[1, 1], output_padding=[1, 2], groups=1, dilation=[1, 1])
    conv("conv_transpose2d_groups2", "conv_transpose2d", randn(2, 4, 3, 3), randn(4, 3, 2, 2), randn(6),
         stride=[1, 1], padding=[0, 0], output_padding=[0, 0], groups=2, dilation=[1, 1])
    conv("conv_transpose2d_dilation2", "conv_transpose2d", randn(1, 2, 3, 3), randn(2, 3, 3, 2), randn(3),
         stride=[1, 1], padding=[1, 0], output_padding=[0, 0], groups=1, dilation=[2, 2])
    conv("conv_transpose2d_output_padding_below_dilation", "conv_transpose2d", randn(1, 2, 3, 3),
         randn(2, 2, 2, 2), randn(2), stride=[1, 1], padding=[0, 0], output_padding=[1, 1], groups=1,
         dilation=[2, 2])
    conv("conv_transpose2d_all_options", "conv_transpose2d", randn(2, 4, 3, 4), randn(4, 2, 3, 2), randn(4),
         stride=[2, 3], padding=[1, 2], output_padding=[1, 0], groups=2, dilation=[2, 1])
    conv("conv_transpose2d_unbatched", "conv_transpose2d", randn(2, 3, 3), randn(2, 3, 2, 2), randn(3),
         stride=[2, 2], padding=[0, 0], output_padding=[1, 1], groups=1, dilation=[1, 1])
    conv("conv_transpose2d_only_weight_grad", "conv_transpose2d", const(randn(2, 2, 3, 3)), randn(2, 2, 2, 2),
         None, **ct)
    conv("conv_transpose2d_float64", "conv_transpose2d", randn(2, 2, 3, 3, dtype=f64),
         randn(2, 3, 3, 3, dtype=f64), randn(3, dtype=f64), stride=[2, 2], padding=[1, 1],
         output_padding=[1, 1], groups=1, dilation=[1, 1])


def pooling(f):
    def mp(name, x, k, s, p, d, ceil, indices=True):
        args = dict(kernel_size=k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
        f.case(name, "max_pool2d", [x], **args)
        if indices:
            f.case(name + "_with_indices", "max_pool2d_with_indices", [x], **args)

    mp("max_pool2d_k2", randn(2, 3, 4, 4), [2, 2], [], [0, 0], [1, 1], False)
    mp("max_pool2d_k2_odd_input", randn(2, 2, 5, 5), [2, 2], [2, 2], [0, 0], [1, 1], False)
    mp("max_pool2d_k3_s1_overlapping", randn(1, 2, 5, 5), [3, 3], [1, 1], [0, 0], [1, 1], False)
    mp("max_pool2d_k3_s2_p1", randn(2, 2, 6, 6), [3, 3], [2, 2], [1, 1], [1, 1], False)
    mp("max_pool2d_non_square", randn(2, 2, 6, 7), [2, 3], [2, 1], [1, 0], [1, 1], False)
    mp("max_pool2d_dilation2", randn(1, 2, 7, 7), [2, 2], [1, 1], [0, 0], [2, 2], False)
    mp("max_pool2d_dilation_2_3_padding", randn(1, 2, 8, 9), [3, 2], [2, 2], [1, 1], [2, 3], False)
    mp("max_pool2d_ceil_mode", randn(2, 2, 5, 5), [2, 2], [2, 2], [0, 0], [1, 1], True)
    # Output size 4 from ceil((5 + 2 - 2) / 2) + 1, but the last window would start in the right
    # padding, so it is dropped: 3.
    mp("max_pool2d_ceil_mode_drops_window_in_padding", randn(1, 2, 5, 5), [2, 2], [2, 2], [1, 1], [1, 1], True)
    mp("max_pool2d_ceil_mode_stride3", randn(1, 1, 8, 7), [3, 2], [3, 3], [1, 0], [1, 1], True)
    mp("max_pool2d_ties", ties(2, 2, 6, 6), [2, 2], [2, 2], [0, 0], [1, 1], False)
    mp("max_pool2d_ties_overlapping", ties(1, 2, 6, 6), [3, 3], [1, 1], [1, 1], [1, 1], False)
    mp("max_pool2d_all_equal", torch.full((1, 1, 4, 4), 0.5), [2, 2], [1, 1], [0, 0], [1, 1], False)
    mp("max_pool2d_negative_values_with_padding", -uniform(0.5, 2.0, 1, 2, 4, 4), [3, 3], [2, 2], [1, 1], [1, 1],
       True)
    mp("max_pool2d_unbatched", randn(3, 5, 6), [2, 2], [2, 2], [1, 0], [1, 1], False)
    mp("max_pool2d_channels_last_input", In(randn(2, 4, 4, 3), permute=[0, 3, 1, 2]), [2, 2], [2, 2], [0, 0],
       [1, 1], False)
    mp("max_pool2d_float64", randn(2, 2, 5, 5, dtype=f64), [3, 3], [2, 2], [1, 1], [1, 1], True)
    mp("max_pool2d_lenet_like", randn(2, 3, 8, 8), [2, 2], [], [0, 0], [1, 1], False, indices=False)

    def ap(name, x, k, s, p, ceil, cip, div):
        f.case(name, "avg_pool2d", [x], kernel_size=k, stride=s, padding=p, ceil_mode=ceil, count_include_pad=cip,
               divisor_override=div)

    ap("avg_pool2d_k2", randn(2, 3, 4, 4), [2, 2], [], [0, 0], False, True, None)
    ap("avg_pool2d_k3_s1_overlapping", randn(1, 2, 5, 5), [3, 3], [1, 1], [0, 0], False, True, None)
    ap("avg_pool2d_non_square", randn(2, 2, 6, 7), [2, 3], [2, 1], [0, 1], False, True, None)
    for cip in (True, False):
        tag = "include_pad" if cip else "exclude_pad"
        ap(f"avg_pool2d_padding_{tag}", randn(2, 2, 5, 5), [3, 3], [2, 2], [1, 1], False, cip, None)
        ap(f"avg_pool2d_ceil_mode_{tag}", randn(1, 2, 5, 5), [2, 2], [2, 2], [0, 0], True, cip, None)
        # Windows that run past the padding: count_include_pad counts the padding, not the overhang.
        ap(f"avg_pool2d_ceil_mode_padding_{tag}", randn(1, 2, 6, 5), [3, 3], [2, 2], [1, 1], True, cip, None)
        ap(f"avg_pool2d_ceil_mode_drops_window_in_padding_{tag}", randn(1, 1, 5, 5), [2, 2], [2, 2], [1, 1], True,
           cip, None)
        ap(f"avg_pool2d_divisor_override_{tag}", randn(1, 2, 5, 5), [3, 3], [2, 2], [1, 1], True, cip, 4)
    ap("avg_pool2d_divisor_override_no_padding", randn(2, 2, 4, 4), [2, 2], [2, 2], [0, 0], False, True, 3)
    ap("avg_pool2d_unbatched", randn(3, 4, 5), [2, 2], [1, 2], [1, 1], False, False, None)
    ap("avg_pool2d_channels_last_input", In(randn(2, 4, 4, 3), permute=[0, 3, 1, 2]), [2, 2], [2, 2], [0, 0],
       False, True, None)
    ap("avg_pool2d_float64", randn(2, 2, 5, 5, dtype=f64), [3, 3], [2, 2], [1, 1], True, False, None)

    def aap(name, x, size):
        f.case(name, "adaptive_avg_pool2d", [x], output_size=size)

    aap("adaptive_avg_pool2d_divisible", randn(2, 3, 6, 6), [3, 3])
    aap("adaptive_avg_pool2d_divisible_non_square", randn(2, 2, 8, 6), [2, 3])
    aap("adaptive_avg_pool2d_non_divisible", randn(2, 2, 5, 7), [3, 4])
    aap("adaptive_avg_pool2d_non_divisible_overlapping", randn(1, 2, 7, 5), [4, 3])
    aap("adaptive_avg_pool2d_larger_than_input", randn(1, 2, 3, 2), [5, 4])
    aap("adaptive_avg_pool2d_1x1", randn(2, 3, 4, 5), [1, 1])
    aap("adaptive_avg_pool2d_same_size", randn(1, 2, 3, 3), [3, 3])
    aap("adaptive_avg_pool2d_unbatched", randn(3, 5, 5), [2, 3])
    aap("adaptive_avg_pool2d_channels_last_input", In(randn(2, 5, 6, 3), permute=[0, 3, 1, 2]), [2, 4])
    aap("adaptive_avg_pool2d_float64", randn(2, 2, 7, 6, dtype=f64), [3, 4])


def normalization(f):
    def bn(name, x, w, b, rm, rv, training, momentum=0.1, eps=1e-5):
        f.case(name, "batch_norm", [x, w, b, None if rm is None else const(rm), None if rv is None else const(rv)],
               training=training, momentum=momentum, eps=eps)

    bn("batch_norm_train_2d", randn(4, 3), randn(3), randn(3), randn(3), positive(3), True)
    bn("batch_norm_train_3d", randn(3, 2, 4), randn(2), randn(2), randn(2), positive(2), True)
    bn("batch_norm_train_4d", randn(2, 3, 3, 2), randn(3), randn(3), randn(3), positive(3), True)
    bn("batch_norm_train_momentum_eps", randn(3, 2, 2, 2), randn(2), randn(2), randn(2), positive(2), True,
       momentum=0.3, eps=1e-3)
    bn("batch_norm_train_momentum_1", randn(2, 2, 3), randn(2), randn(2), randn(2), positive(2), True, momentum=1.0)
    bn("batch_norm_train_momentum_0", randn(2, 2, 3), randn(2), randn(2), randn(2), positive(2), True, momentum=0.0)
    bn("batch_norm_train_no_running_stats", randn(3, 2, 2, 2), randn(2), randn(2), None, None, True)
    bn("batch_norm_train_no_affine", randn(2, 3, 2, 2), None, None, randn(3), positive(3), True)
    bn("batch_norm_train_weight_only", randn(4, 3), randn(3), None, randn(3), positive(3), True)
    bn("batch_norm_train_batch1_spatial", randn(1, 2, 3, 3), randn(2), randn(2), randn(2), positive(2), True)
    bn("batch_norm_train_shifted_input", randn(4, 2, 3) * 0.5 + 3.0, randn(2), randn(2), randn(2), positive(2), True)
    bn("batch_norm_train_channels_last_input", In(randn(2, 3, 2, 3), permute=[0, 3, 1, 2]), randn(3), randn(3),
       randn(3), positive(3), True)
    bn("batch_norm_train_float64", randn(3, 2, 2, 2, dtype=f64), randn(2, dtype=f64), randn(2, dtype=f64),
       randn(2, dtype=f64), positive(2, dtype=f64), True)
    bn("batch_norm_train_float64_no_stats", randn(4, 3, dtype=f64), randn(3, dtype=f64), randn(3, dtype=f64),
       None, None, True, eps=1e-3)
    bn("batch_norm_eval_2d", randn(4, 3), randn(3), randn(3), randn(3), positive(3), False)
    bn("batch_norm_eval_4d", randn(2, 3, 2, 3), randn(3), randn(3), randn(3), positive(3), False, eps=1e-3)
    bn("batch_norm_eval_no_affine", randn(2, 2, 3), None, None, randn(2), positive(2), False)
    bn("batch_norm_eval_float64", randn(2, 3, 2, 2, dtype=f64), randn(3, dtype=f64), randn(3, dtype=f64),
       randn(3, dtype=f64), positive(3, dtype=f64), False)

    def ln(name, x, shape, w, b, eps=1e-5):
        f.case(name, "layer_norm", [x, w, b], normalized_shape=shape, eps=eps)

    ln("layer_norm_last_dim", randn(3, 5), [5], randn(5), randn(5))
    ln("layer_norm_last_dim_3d", randn(2, 3, 4), [4], randn(4), randn(4))
    ln("layer_norm_last_two_dims", randn(2, 3, 4), [3, 4], randn(3, 4), randn(3, 4))
    ln("layer_norm_all_dims", randn(2, 3, 2), [2, 3, 2], randn(2, 3, 2), randn(2, 3, 2))
    ln("layer_norm_no_affine", randn(4, 6), [6], None, None)
    ln("layer_norm_weight_only", randn(3, 4), [4], randn(4), None)
    ln("layer_norm_bias_only", randn(3, 4), [4], None, randn(4))
    ln("layer_norm_eps", randn(2, 2, 3), [2, 3], randn(2, 3), randn(2, 3), eps=0.1)
    ln("layer_norm_shifted_input", randn(3, 5) * 0.5 + 2.0, [5], randn(5), randn(5))
    ln("layer_norm_permuted_input", In(randn(4, 3), permute=[1, 0]), [4], randn(4), randn(4))
    ln("layer_norm_float64", randn(3, 4, dtype=f64), [4], randn(4, dtype=f64), randn(4, dtype=f64))
    ln("layer_norm_float64_two_dims", randn(2, 3, 3, dtype=f64), [3, 3], randn(3, 3, dtype=f64), None, eps=1e-3)


def dropout(f):
    # Only the paths without randomness: p = 0, p = 1, and eval.
    for op in ("dropout", "feature_dropout"):
        f.case(f"{op}_p0_train", op, [randn(2, 3, 4)], p=0.0, train=True)
        f.case(f"{op}_eval", op, [randn(2, 3, 4)], p=0.5, train=False)
        f.case(f"{op}_p1_train", op, [randn(2, 3, 2, 2)], p=1.0, train=True)
        f.case(f"{op}_float64_eval", op, [randn(2, 3, 2, dtype=f64)], p=0.3, train=False)


def embedding(f):
    def emb(name, w, idx, padding_idx=-1, scale=False):
        f.case(name, "embedding", [w, idx], padding_idx=padding_idx, scale_grad_by_freq=scale, sparse=False)

    emb("embedding_1d_indices", randn(6, 3), torch.tensor([4, 0, 5, 2]))
    emb("embedding_repeated_indices", randn(5, 4), torch.tensor([1, 3, 1, 1, 0, 3]))
    emb("embedding_2d_indices", randn(7, 2), torch.tensor([[0, 6, 2], [2, 2, 5]]))
    emb("embedding_3d_indices", randn(4, 3), ints(0, 4, 2, 2, 3))
    emb("embedding_0dim_index", randn(5, 3), torch.tensor(2))
    emb("embedding_padding_idx", randn(6, 3), torch.tensor([[1, 2, 0], [2, 5, 2]]), padding_idx=2)
    emb("embedding_padding_idx_0", randn(4, 2), torch.tensor([0, 1, 0, 3]), padding_idx=0)
    emb("embedding_scale_grad_by_freq", randn(5, 3), torch.tensor([[1, 3, 1], [1, 0, 3]]), scale=True)
    emb("embedding_scale_grad_by_freq_padding_idx", randn(5, 2), torch.tensor([4, 1, 4, 1, 1, 2]),
        padding_idx=1, scale=True)
    emb("embedding_float64", randn(5, 3, dtype=f64), torch.tensor([[3, 3], [0, 4]]), padding_idx=0)
    emb("embedding_transposed_weight", In(randn(3, 6), permute=[1, 0]), torch.tensor([5, 1, 1]))


def leaky_relu(f):
    f.case("leaky_relu_default_slope", "leaky_relu", [with_zeros(randn(3, 4))], negative_slope=0.01)
    f.case("leaky_relu_slope_0_2", "leaky_relu", [with_zeros(randn(2, 3, 2))], negative_slope=0.2)
    f.case("leaky_relu_slope_above_1", "leaky_relu", [with_zeros(randn(6), 3)], negative_slope=1.5)
    f.case("leaky_relu_negative_slope", "leaky_relu", [randn(5)], negative_slope=-0.3)
    f.case("leaky_relu_slope_0", "leaky_relu", [randn(2, 4)], negative_slope=0.0)
    f.case("leaky_relu_0dim", "leaky_relu", [torch.tensor(-0.75)], negative_slope=0.1)
    f.case("leaky_relu_permuted_input", "leaky_relu", [In(randn(4, 3), permute=[1, 0])], negative_slope=0.05)
    f.case("leaky_relu_float64", "leaky_relu", [with_zeros(randn(7, dtype=f64), 3)], negative_slope=0.02)


def losses(f):
    reductions = ("none", "mean", "sum")

    def lsm(*shape, dtype=f32):
        return torch.log_softmax(randn(*shape, dtype=dtype), 1 if len(shape) > 1 else 0)

    # nll_loss: target classes chosen so that ignore_index 1 hits some entries but not all.
    t5 = torch.tensor([0, 1, 3, 1, 2])
    for r in reductions:
        f.case(f"nll_loss_{r}", "nll_loss", [lsm(5, 4), t5, None], reduction=r, ignore_index=-100)
        f.case(f"nll_loss_weight_{r}", "nll_loss", [lsm(5, 4), t5, const(positive(4))], reduction=r,
               ignore_index=-100)
        f.case(f"nll_loss_ignore_index_{r}", "nll_loss", [lsm(5, 4), t5, None], reduction=r, ignore_index=1)
        f.case(f"nll_loss_weight_ignore_index_{r}", "nll_loss", [lsm(5, 4), t5, const(positive(4))], reduction=r,
               ignore_index=1)
        f.case(f"nll_loss_3d_{r}", "nll_loss", [lsm(2, 3, 4), ints(0, 3, 2, 4), const(positive(3))],
               reduction=r, ignore_index=-100)
        f.case(f"nll_loss_4d_{r}", "nll_loss", [lsm(2, 3, 2, 3), torch.tensor([[[0, 2, 1], [1, 1, 0]],
                                                                               [[2, 2, 0], [1, 0, 2]]]),
                                                const(positive(3))], reduction=r, ignore_index=0)
        f.case(f"nll_loss_5d_{r}", "nll_loss", [lsm(2, 3, 2, 2, 2), ints(0, 3, 2, 2, 2, 2), None], reduction=r,
               ignore_index=-100)
        f.case(f"nll_loss_unbatched_{r}", "nll_loss", [lsm(4), torch.tensor(2), const(positive(4))], reduction=r,
               ignore_index=-100)
    f.case("nll_loss_ignore_index_negative_target", "nll_loss", [lsm(4, 3), torch.tensor([2, -1, 0, -1]), None],
           reduction="mean", ignore_index=-1)
    f.case("nll_loss_all_ignored_sum", "nll_loss", [lsm(3, 3), torch.tensor([1, 1, 1]), None], reduction="sum",
           ignore_index=1)
    f.case("nll_loss_float64", "nll_loss", [lsm(4, 3, dtype=f64), torch.tensor([2, 0, 0, 1]),
                                            const(positive(3, dtype=f64))], reduction="mean", ignore_index=-100)
    f.case("nll_loss_float64_4d", "nll_loss", [lsm(2, 3, 2, 2, dtype=f64), ints(0, 3, 2, 2, 2), None],
           reduction="sum", ignore_index=-100)
    f.case("nll_loss_permuted_input", "nll_loss", [In(lsm(3, 4).t().contiguous(), permute=[1, 0]),
                                                   torch.tensor([3, 0, 2]), None], reduction="mean",
           ignore_index=-100)

    # cross_entropy_loss: logits; class-index and probability targets.
    for r in reductions:
        ce = dict(reduction=r, ignore_index=-100, label_smoothing=0.0)
        f.case(f"cross_entropy_{r}", "cross_entropy_loss", [randn(5, 4), t5, None], **ce)
        f.case(f"cross_entropy_weight_{r}", "cross_entropy_loss", [randn(5, 4), t5, const(positive(4))], **ce)
        f.case(f"cross_entropy_ignore_index_{r}", "cross_entropy_loss", [randn(5, 4), t5, const(positive(4))],
               reduction=r, ignore_index=1, label_smoothing=0.0)
        f.case(f"cross_entropy_label_smoothing_{r}", "cross_entropy_loss", [randn(5, 4), t5, None],
               reduction=r, ignore_index=-100, label_smoothing=0.1)
        f.case(f"cross_entropy_label_smoothing_weight_ignore_{r}", "cross_entropy_loss",
               [randn(5, 4), t5, const(positive(4))], reduction=r, ignore_index=1, label_smoothing=0.3)
        f.case(f"cross_entropy_4d_{r}", "cross_entropy_loss", [randn(2, 3, 2, 3), ints(0, 3, 2, 2, 3), None], **ce)
        f.case(f"cross_entropy_3d_weight_ignore_smoothing_{r}", "cross_entropy_loss",
               [randn(2, 4, 3), torch.tensor([[0, 3, 2], [2, 2, 1]]), const(positive(4))], reduction=r,
               ignore_index=2, label_smoothing=0.2)
        f.case(f"cross_entropy_probs_{r}", "cross_entropy_loss", [randn(4, 3), probs(4, 3), None], **ce)
        f.case(f"cross_entropy_probs_weight_smoothing_{r}", "cross_entropy_loss",
               [randn(4, 3), probs(4, 3), const(positive(3))], reduction=r, ignore_index=-100, label_smoothing=0.25)
        f.case(f"cross_entropy_probs_4d_{r}", "cross_entropy_loss", [randn(2, 3, 2, 2), probs(2, 3, 2, 2), None],
               **ce)
        f.case(f"cross_entropy_unbatched_{r}", "cross_entropy_loss", [randn(5), torch.tensor(3), None], **ce)
    f.case("cross_entropy_unbatched_probs", "cross_entropy_loss", [randn(4), probs(4, dim=0), None],
           reduction="mean", ignore_index=-100, label_smoothing=0.1)
    f.case("cross_entropy_probs_target_grad", "cross_entropy_loss", [randn(3, 4), grad(probs(3, 4)), None],
           reduction="mean", ignore_index=-100, label_smoothing=0.0)
    f.case("cross_entropy_large_logits", "cross_entropy_loss",
           [torch.tensor([[1000.0, 990.0, -1000.0], [-50.0, 60.0, 55.0]]), torch.tensor([1, 2]), None],
           reduction="mean", ignore_index=-100, label_smoothing=0.0)
    f.case("cross_entropy_float64", "cross_entropy_loss", [randn(4, 3, dtype=f64), torch.tensor([0, 2, 2, 1]),
                                                          const(positive(3, dtype=f64))],
           reduction="mean", ignore_index=0, label_smoothing=0.15)
    f.case("cross_entropy_float64_probs", "cross_entropy_loss", [randn(3, 4, dtype=f64), probs(3, 4, dtype=f64),
                                                                None],
           reduction="sum", ignore_index=-100, label_smoothing=0.0)

    # Pointwise regression losses; some targets equal their inputs (the kink of l1 / smooth_l1).
    def pair(*shape, dtype=f32):
        x, t = randn(*shape, dtype=dtype), randn(*shape, dtype=dtype)
        t.view(-1)[::5] = x.view(-1)[::5]
        return x, t

    for r in reductions:
        x, t = pair(3, 4)
        f.case(f"mse_loss_{r}", "mse_loss", [x, t], reduction=r)
        x, t = pair(2, 3, 2)
        f.case(f"l1_loss_{r}", "l1_loss", [x, t], reduction=r)
        for beta in (1.0, 0.5, 2.0, 0.0):
            x, t = pair(3, 5)
            f.case(f"smooth_l1_loss_beta{beta:g}_{r}", "smooth_l1_loss", [x, t], reduction=r, beta=beta)
    for op in ("mse_loss", "l1_loss"):
        x, t = pair(2, 4)
        f.case(f"{op}_target_grad", op, [x, grad(t)], reduction="mean")
        x, t = pair(3, 2, dtype=f64)
        f.case(f"{op}_float64", op, [x, grad(t)], reduction="sum")
        f.case(f"{op}_0dim", op, [randn(()), randn(())], reduction="mean")
    x, t = pair(3, 3)
    f.case("smooth_l1_loss_target_grad", "smooth_l1_loss", [x, grad(t)], reduction="mean", beta=0.7)
    x, t = pair(2, 5, dtype=f64)
    f.case("smooth_l1_loss_float64", "smooth_l1_loss", [x, grad(t)], reduction="mean", beta=0.5)
    x = randn(4, 3)
    f.case("mse_loss_permuted_input", "mse_loss", [In(x, permute=[1, 0]), randn(3, 4)], reduction="mean")

    # binary_cross_entropy: probabilities away from 0 and 1, soft targets.
    def p01(*shape, dtype=f32):
        return uniform(0.05, 0.95, *shape, dtype=dtype)

    for r in reductions:
        f.case(f"binary_cross_entropy_{r}", "binary_cross_entropy", [p01(3, 4), const(p01(3, 4)), None], reduction=r)
        f.case(f"binary_cross_entropy_weight_{r}", "binary_cross_entropy",
               [p01(2, 3), const(p01(2, 3)), const(positive(2, 3))], reduction=r)
        f.case(f"binary_cross_entropy_hard_targets_{r}", "binary_cross_entropy",
               [p01(6), const(torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])), None], reduction=r)
    # log(0) is clamped to -100; an input of exactly 0 or 1 that matches its target costs nothing.
    f.case("binary_cross_entropy_saturated", "binary_cross_entropy",
           [torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]), const(torch.tensor([0.0, 1.0, 1.0, 0.0, 0.5])), None],
           reduction="sum")
    f.case("binary_cross_entropy_target_grad", "binary_cross_entropy", [p01(2, 3), grad(p01(2, 3)), None],
           reduction="mean")
    f.case("binary_cross_entropy_float64", "binary_cross_entropy",
           [p01(3, 2, dtype=f64), const(p01(3, 2, dtype=f64)), const(positive(3, 2, dtype=f64))], reduction="mean")

    bl = "binary_cross_entropy_with_logits"
    for r in reductions:
        f.case(f"{bl}_{r}", bl, [randn(3, 4), const(p01(3, 4)), None, None], reduction=r)
        f.case(f"{bl}_weight_{r}", bl, [randn(3, 4), const(p01(3, 4)), const(positive(3, 4)), None], reduction=r)
        f.case(f"{bl}_pos_weight_{r}", bl, [randn(3, 4), const(p01(3, 4)), None, const(positive(4))], reduction=r)
        f.case(f"{bl}_weight_pos_weight_{r}", bl, [randn(2, 3), const(p01(2, 3)), const(positive(3)),
                                                   const(positive(3))], reduction=r)
    f.case(f"{bl}_broadcast_weight", bl, [randn(2, 3, 2), const(p01(2, 3, 2)), const(positive(2)), None],
           reduction="mean")
    f.case(f"{bl}_large_logits", bl, [torch.tensor([-120.0, -30.0, 0.0, 30.0, 120.0]),
                                      const(torch.tensor([1.0, 0.0, 0.5, 1.0, 0.0])), None,
                                      const(torch.tensor([2.0]))], reduction="sum")
    f.case(f"{bl}_target_grad", bl, [randn(2, 3), grad(p01(2, 3)), None, const(positive(3))], reduction="mean")
    f.case(f"{bl}_float64", bl, [randn(3, 3, dtype=f64), const(p01(3, 3, dtype=f64)), const(positive(3, dtype=f64)),
                                 const(positive(3, dtype=f64))], reduction="mean")

    # kl_div: self holds log-probabilities; a probability target with exact zeros costs 0 there.
    def p_with_zeros(*shape, dtype=f32):
        p = probs(*shape, dtype=dtype)
        p.view(-1)[::4] = 0
        return p / p.sum(1, keepdim=True)

    for r in reductions:
        f.case(f"kl_div_{r}", "kl_div", [lsm(3, 4), const(probs(3, 4))], reduction=r, log_target=False)
        f.case(f"kl_div_target_zeros_{r}", "kl_div", [lsm(3, 4), const(p_with_zeros(3, 4))], reduction=r,
               log_target=False)
        f.case(f"kl_div_log_target_{r}", "kl_div", [lsm(2, 5), const(lsm(2, 5))], reduction=r, log_target=True)
    f.case("kl_div_target_grad", "kl_div", [lsm(2, 3), grad(probs(2, 3))], reduction="mean", log_target=False)
    f.case("kl_div_log_target_grad", "kl_div", [lsm(2, 3), grad(lsm(2, 3))], reduction="sum", log_target=True)
    f.case("kl_div_float64", "kl_div", [lsm(3, 3, dtype=f64), const(probs(3, 3, dtype=f64))], reduction="mean",
           log_target=False)


def linear(f):
    # F::linear's paths, for its graph: addmm for 2-D input with a bias (and contiguous 3-D, viewed),
    # else matmul, plus the bias added in place.
    f.case("linear_2d", "linear", [randn(3, 4), randn(5, 4), randn(5)])
    f.case("linear_2d_no_bias", "linear", [randn(3, 4), randn(5, 4), None])
    f.case("linear_3d", "linear", [randn(2, 3, 4), randn(5, 4), randn(5)])
    f.case("linear_3d_no_bias", "linear", [randn(2, 3, 4), randn(5, 4), None])
    f.case("linear_3d_permuted", "linear", [In(randn(3, 2, 4), permute=[1, 0, 2]), randn(5, 4), randn(5)])
    f.case("linear_4d", "linear", [randn(2, 2, 3, 4), randn(5, 4), randn(5)])
    f.case("linear_1d", "linear", [randn(4), randn(5, 4), randn(5)])
    f.case("linear_input_no_grad", "linear", [const(randn(3, 4)), randn(5, 4), randn(5)])
    f.case("linear_float64", "linear", [randn(3, 4, dtype=f64), randn(2, 4, dtype=f64), randn(2, dtype=f64)])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    f = Family("nn", 5)
    for part in (convolution, pooling, normalization, dropout, embedding, leaky_relu, losses, linear):
        part(f)
    counts = {}
    for c in f.cases:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print(f"{f.name}.json: {f.write(here)} cases")
    for op, n in counts.items():
        print(f"  {op}: {n}")


if __name__ == "__main__":
    main()
