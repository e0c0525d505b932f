"""PyTorch 1.13 reference for in-place ops on views under autograd (issue 20, views).

Each program is written here by name and must be written again in tests/test_inplace_views.cpp.
For each one we record the gradient of every leaf, the names of the base's and the view's grad_fn
after the write, and, for the error programs, libtorch's whole message.
Run with /usr/bin/python3; writes inplace.json beside this file.
Python rewrites type names in error text: libtorch (C++) says [CPUFloatType [3]] / [CPUDoubleType [3]]
where this records [torch.FloatTensor [3]] / [torch.DoubleTensor [3]]; the rest is the same text.
After a write, 1.13 names the base's grad_fn CopySlices and the view's AsStridedBackward0 (no view replay).
"""
import json
import os
import torch

torch.manual_seed(20)


def leaf(*shape):
    return torch.randn(*shape, dtype=torch.float64, requires_grad=True)


def name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def prog_select_mul():  # b = a.clone(); v = b[1]; v.mul_(2)
    a = leaf(3, 4)
    b = a.clone(); v = b[1]; v.mul_(2)
    return [a], b, v


def prog_narrow_output():  # y = x * 2; y.narrow(0, 1, 2).mul_(3)
    x = leaf(4)
    y = x * 2; v = y.narrow(0, 1, 2); v.mul_(3)
    return [x], y, v


def prog_view_of_view():  # b = a.clone(); v = b.t()[1:3]; v.add_(w)
    a = leaf(3, 4); w = leaf(3)
    b = a.clone(); v = b.t()[1]; v.add_(w)
    return [a, w], b, v


def prog_nograd_base_copy():  # base without grad, written by a tensor with grad
    w = leaf(4)
    b = torch.zeros(3, 4, dtype=torch.float64); v = b[2]; v.copy_(w)
    return [w], b, v


def prog_multiple_writes():
    a = leaf(2, 3); w = leaf(3)
    b = a * 1.5; v = b[0]; v.mul_(w); b[1].add_(v); v.clamp_(-1, 1)
    return [a, w], b, v


def prog_transpose_fill():
    a = leaf(3, 2)
    b = a * 2; v = b.transpose(0, 1).diagonal(); v.fill_(0.5)
    return [a], b, v


PROGRAMS = {n[5:]: f for n, f in globals().copy().items() if n.startswith("prog_")}


def run_program(f):
    leaves, base, view = f()
    out = {"base_grad_fn": name(base), "view_grad_fn": name(view),
           "view_base_is_base": view._base is base, "version": base._version}
    g = torch.linspace(-1, 1, base.numel(), dtype=torch.float64).reshape(base.shape)
    (base * g).sum().backward()
    out["grads"] = [{"shape": list(l.shape), "values": l.grad.flatten().tolist()} for l in leaves]
    return out


def error(f):
    try:
        f()
    except RuntimeError as e:
        return str(e)
    return None


def err_leaf():
    leaf(3).mul_(2)


def err_leaf_view():
    leaf(3, 2)[0].mul_(2)


def err_unbind():
    leaf(3, 2).clone().unbind(0)[0].mul_(2)


def err_split():
    leaf(4).clone().split(2)[0].mul_(2)


def err_chunk():
    leaf(4).clone().chunk(2)[1].mul_(2)


def err_nograd_view():
    b = leaf(3).clone()
    with torch.no_grad():
        v = b[:2]
    v.mul_(2)


def err_version():
    a = leaf(3)
    b = a * 1; c = b * b; b.add_(1); c.sum().backward()


def err_version_float():
    a = torch.randn(3, requires_grad=True)
    b = a.exp(); b.add_(1); b.sum().backward()


ERRORS = {n[4:]: error(f) for n, f in globals().copy().items() if n.startswith("err_")}

if __name__ == "__main__":
    doc = {"torch": torch.__version__,
           "programs": {n: run_program(f) for n, f in PROGRAMS.items()},
           "errors": ERRORS}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inplace.json")
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=1)
    print(json.dumps({k: v for k, v in doc.items() if k != "programs"}, indent=1))
    for n, p in doc["programs"].items():
        print(n, p["base_grad_fn"], p["view_grad_fn"], p["view_base_is_base"], p["version"])
