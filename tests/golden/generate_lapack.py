#!/usr/bin/python3
"""Golden numbers for the linear algebra family (ops/lapack.cpp, tests/test_golden_lapack.cpp).

Run with /usr/bin/python3 (PyTorch 1.13.1); writes lapack.json beside this script. Decompositions
that are unique only up to signs (eigh's V, svd's U and Vh, qr's Q and R) enter through functions
that are not: V * V, U Vh, Q Q^T, R^T R. Square inputs are kept well conditioned (randn + n I),
symmetric ones are x + x^T, positive-definite ones x x^T + n I.
"""
import os

import torch

import generate
from generate import Family, In, randn, f32, f64

L = torch.linalg

OPS = {
    "det": lambda a, x: L.det(x),
    "slogdet": lambda a, x: tuple(reversed(L.slogdet(x))),  # logabsdet first: the one with a gradient
    "inv": lambda a, x: L.inv(x),
    "solve": lambda a, x, y: L.solve(x, y, left=a["left"]),
    "cholesky": lambda a, x: L.cholesky(x),
    "cholesky_upper": lambda a, x: torch.cholesky(x, upper=True),
    "cholesky_solve": lambda a, b, l: torch.cholesky_solve(b, l, upper=a["upper"]),
    "cholesky_inverse": lambda a, l: torch.cholesky_inverse(l, upper=a["upper"]),
    "solve_triangular": lambda a, x, y: L.solve_triangular(x, y, upper=a["upper"], left=a["left"],
                                                           unitriangular=a["unitriangular"]),
    "triangular_solve": lambda a, b, x: tuple(torch.triangular_solve(b, x, upper=a["upper"],
                                                                     transpose=a["transpose"])),
    "eigvalsh": lambda a, x: L.eigvalsh(x, UPLO=a["uplo"]),
    "eigh_vsq": lambda a, x: L.eigh(x, UPLO=a["uplo"])[1].square(),
    "svdvals": lambda a, x: L.svdvals(x),
    "svd_polar": lambda a, x: (lambda usv: usv[0] @ usv[2])(L.svd(x, full_matrices=False)),
    "qr_projector": lambda a, x: (lambda qr: qr[0] @ qr[0].mT)(L.qr(x)),
    "qr_gram": lambda a, x: (lambda qr: qr[1].mT @ qr[1])(L.qr(x)),
    "pinv": lambda a, x: L.pinv(x),
    "matrix_power": lambda a, x: L.matrix_power(x, a["n"]),
    "matrix_exp": lambda a, x: L.matrix_exp(x),
    "cross": lambda a, x, y: L.cross(x, y, dim=a["dim"]),
    "vector_norm": lambda a, x: L.vector_norm(x, generate.p_arg(a["ord"]), dim=a["dim"], keepdim=a["keepdim"]),
    "matrix_norm_fro": lambda a, x: L.matrix_norm(x),
    "matrix_norm_nuc": lambda a, x: L.matrix_norm(x, "nuc"),
    "addbmm": lambda a, s, x, y: torch.addbmm(s, x, y, beta=a["beta"], alpha=a["alpha"]),
    "baddbmm": lambda a, s, x, y: torch.baddbmm(s, x, y, beta=a["beta"], alpha=a["alpha"]),
}


def square(*shape, dtype=f32):
    n = shape[-1]
    return randn(*shape, dtype=dtype) + n * torch.eye(n, dtype=dtype)


def sym(*shape, dtype=f32):
    x = randn(*shape, dtype=dtype)
    return x + x.mT


def spd(*shape, dtype=f32):
    x = randn(*shape, dtype=dtype)
    return x @ x.mT + shape[-1] * torch.eye(shape[-1], dtype=dtype)


def lapack():
    f = Family("lapack", 11, ops=OPS)
    for dt, name in ((f32, "f32"), (f64, "f64")):
        f.case(f"det_{name}", "det", [square(3, 3, dtype=dt)])
        f.case(f"inv_{name}", "inv", [square(3, 3, dtype=dt)])
    f.case("det_batch", "det", [square(2, 3, 3, dtype=f64)])
    f.case("slogdet", "slogdet", [square(2, 3, 3, dtype=f64)])
    f.case("inv_batch_permuted", "inv", [In(square(4, 4, dtype=f64), permute=(1, 0))])
    f.case("solve_vector", "solve", [square(3, 3, dtype=f64), randn(3, dtype=f64)], left=True)
    f.case("solve_matrix", "solve", [square(3, 3), randn(3, 2)], left=True)
    f.case("solve_right", "solve", [square(3, 3, dtype=f64), randn(2, 3, dtype=f64)], left=False)
    f.case("solve_broadcast", "solve", [square(2, 1, 3, 3, dtype=f64), randn(4, 3, 2, dtype=f64)], left=True)
    f.case("cholesky", "cholesky", [spd(3, 3, dtype=f64)])
    f.case("cholesky_batch_f32", "cholesky", [spd(2, 3, 3)])
    f.case("cholesky_upper", "cholesky_upper", [spd(3, 3, dtype=f64)])
    for upper in (False, True):
        tri = torch.linalg.cholesky(spd(3, 3, dtype=f64))
        tri = tri.mT.contiguous() if upper else tri
        f.case(f"cholesky_solve_upper{upper}", "cholesky_solve", [randn(3, 2, dtype=f64), tri], upper=upper)
        f.case(f"cholesky_inverse_upper{upper}", "cholesky_inverse", [tri], upper=upper)
    for upper in (False, True):
        for left in (False, True):
            for unit in (False, True):
                b = randn(3, 2, dtype=f64) if left else randn(2, 3, dtype=f64)
                f.case(f"solve_triangular_u{int(upper)}_l{int(left)}_t{int(unit)}", "solve_triangular",
                       [square(3, 3, dtype=f64), b], upper=upper, left=left, unitriangular=unit)
        f.case(f"triangular_solve_upper{upper}", "triangular_solve", [randn(3, 2, dtype=f64), square(3, 3, dtype=f64)],
               upper=upper, transpose=not upper)
    for uplo in ("L", "U"):
        f.case(f"eigvalsh_{uplo}", "eigvalsh", [sym(2, 3, 3, dtype=f64)], uplo=uplo)
        f.case(f"eigh_vsq_{uplo}", "eigh_vsq", [sym(3, 3, dtype=f64)], uplo=uplo)
    for shape in ((3, 3), (4, 3), (3, 4), (2, 3, 2)):
        tag = "x".join(map(str, shape))
        f.case(f"svdvals_{tag}", "svdvals", [randn(*shape, dtype=f64)])
        f.case(f"svd_polar_{tag}", "svd_polar", [randn(*shape, dtype=f64)])
        f.case(f"qr_projector_{tag}", "qr_projector", [randn(*shape, dtype=f64)])
        f.case(f"qr_gram_{tag}", "qr_gram", [randn(*shape, dtype=f64)])
        f.case(f"pinv_{tag}", "pinv", [randn(*shape, dtype=f64)])
    for n in (0, 1, 2, 3, 6, -1, -2):
        f.case(f"matrix_power_{n}", "matrix_power", [square(3, 3, dtype=f64)], n=n)
    f.case("matrix_exp", "matrix_exp", [randn(3, 3, dtype=f64)])
    f.case("matrix_exp_batch_f32", "matrix_exp", [randn(2, 2, 2)])
    f.case("cross", "cross", [randn(2, 3, dtype=f64), randn(1, 3, dtype=f64)], dim=-1)
    f.case("cross_dim0", "cross", [randn(3, 4), randn(3, 4)], dim=0)
    for ord in (2, 1, 3, 0.5, "inf", "-inf"):
        f.case(f"vector_norm_{ord}", "vector_norm", [generate.distinct(2, 3, dtype=f64)], ord=ord, dim=None,
               keepdim=False)
        f.case(f"vector_norm_{ord}_dims", "vector_norm", [generate.distinct(2, 3, 2, dtype=f64)], ord=ord,
               dim=[0, 2], keepdim=True)
    f.case("matrix_norm_fro", "matrix_norm_fro", [randn(2, 3, 3, dtype=f64)])
    f.case("matrix_norm_nuc", "matrix_norm_nuc", [randn(3, 2, dtype=f64)])
    f.case("addbmm", "addbmm", [randn(4), randn(3, 2, 5), randn(3, 5, 4)], beta=0.5, alpha=-2)
    f.case("baddbmm", "baddbmm", [randn(2, 1, dtype=f64), randn(3, 2, 5, dtype=f64), randn(3, 5, 4, dtype=f64)],
           beta=1, alpha=1.5)
    return f


if __name__ == "__main__":
    n = lapack().write(os.path.dirname(os.path.abspath(__file__)))
    print(f"lapack.json: {n} cases")
