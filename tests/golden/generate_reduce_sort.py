#!/usr/bin/python3
"""Golden numbers for the "reduce_sort" family (ops/reduce.cpp's prod, amax, ..., ops/sort.cpp,
ops/scan.cpp's cumprod, cummax, cummin, logcumsumexp), read by tests/test_golden_reduce_sort.cpp.

Run with Debian's PyTorch: /usr/bin/python3 tests/golden/generate_reduce_sort.py
It writes reduce_sort.json beside this script (the format is generate.py's docstring). Ties in
topk, kthvalue and median are avoided (distinct values): libtorch's quickselect picks among equal
elements in an unspecified way; sort's and mode's tie rules are tested with ties on purpose.
"""
import os

import torch

import generate
from generate import Family, In, const, distinct, f64, ints, nonzero, randn, uniform


def dims_arg(d):
    return tuple(d)


OPS = {
    "prod": lambda a, x: torch.prod(x, dtype=generate.dtype_arg(a["dtype"])),
    "prod_dim": lambda a, x: torch.prod(x, a["dim"], keepdim=a["keepdim"], dtype=generate.dtype_arg(a["dtype"])),
    "amax": lambda a, x: torch.amax(x, dims_arg(a["dim"]), keepdim=a["keepdim"]),
    "amin": lambda a, x: torch.amin(x, dims_arg(a["dim"]), keepdim=a["keepdim"]),
    "aminmax": lambda a, x: tuple(torch.aminmax(x, dim=a["dim"], keepdim=a["keepdim"])),
    "logsumexp": lambda a, x: torch.logsumexp(x, dims_arg(a["dim"]), keepdim=a["keepdim"]),
    "nansum": lambda a, x: torch.nansum(x, dims_arg(a["dim"]) or None, keepdim=a["keepdim"]),
    "nanmean": lambda a, x: torch.nanmean(x, dims_arg(a["dim"]) or None, keepdim=a["keepdim"]),
    "count_nonzero": lambda a, x: torch.count_nonzero(x, dims_arg(a["dim"])),
    "dist": lambda a, x, y: torch.dist(x, y, generate.p_arg(a["p"])),
    "trace": lambda a, x: torch.trace(x),
    "var_mean": lambda a, x: tuple(torch.var_mean(x, dims_arg(a["dim"]), unbiased=a["unbiased"],
                                                  keepdim=a["keepdim"])),
    "std_mean": lambda a, x: tuple(torch.std_mean(x, dims_arg(a["dim"]), unbiased=a["unbiased"],
                                                  keepdim=a["keepdim"])),
    "var_mean_all": lambda a, x: tuple(torch.var_mean(x, unbiased=a["unbiased"])),
    "std_mean_all": lambda a, x: tuple(torch.std_mean(x, unbiased=a["unbiased"])),
    "diff": lambda a, x: torch.diff(x, a["n"], a["dim"]),
    "diff_prepend_append": lambda a, x, p, q: torch.diff(x, a["n"], a["dim"], prepend=p, append=q),
    "sort": lambda a, x: tuple(torch.sort(x, dim=a["dim"], descending=a["descending"])),
    "sort_stable": lambda a, x: tuple(torch.sort(x, stable=True, dim=a["dim"], descending=a["descending"])),
    "argsort": lambda a, x: torch.argsort(x, dim=a["dim"], descending=a["descending"]),
    "msort": lambda a, x: torch.msort(x),
    "topk": lambda a, x: tuple(torch.topk(x, a["k"], dim=a["dim"], largest=a["largest"], sorted=True)),
    "kthvalue": lambda a, x: tuple(torch.kthvalue(x, a["k"], dim=a["dim"], keepdim=a["keepdim"])),
    "median": lambda a, x: torch.median(x),
    "median_dim": lambda a, x: tuple(torch.median(x, a["dim"], keepdim=a["keepdim"])),
    "nanmedian": lambda a, x: torch.nanmedian(x),
    "nanmedian_dim": lambda a, x: tuple(torch.nanmedian(x, a["dim"], keepdim=a["keepdim"])),
    "mode": lambda a, x: tuple(torch.mode(x, a["dim"], keepdim=a["keepdim"])),
    "cumprod": lambda a, x: torch.cumprod(x, a["dim"], dtype=generate.dtype_arg(a["dtype"])),
    "cummax": lambda a, x: tuple(torch.cummax(x, a["dim"])),
    "cummin": lambda a, x: tuple(torch.cummin(x, a["dim"])),
    "logcumsumexp": lambda a, x: torch.logcumsumexp(x, a["dim"]),
}


def with_zeros(x, *flat_positions):
    x = x.clone()
    for p in flat_positions:
        x.view(-1)[p] = 0
    return x


def cases():
    f = Family("reduce_sort", 20, ops=OPS)
    # prod: with no zero, one zero and two zeros in a reduced line (the gradient's three cases)
    f.case("prod_all", "prod", [nonzero(3, 4)], dtype=None)
    f.case("prod_all_one_zero", "prod", [with_zeros(nonzero(3, 4), 5)], dtype=None)
    f.case("prod_all_two_zeros", "prod", [with_zeros(nonzero(3, 4), 2, 7)], dtype=None)
    f.case("prod_all_float64", "prod", [nonzero(2, 3, dtype=f64)], dtype=None)
    f.case("prod_all_dtype_float64", "prod", [nonzero(2, 3)], dtype="float64")
    f.case("prod_all_int64", "prod", [ints(-3, 4, 5)], dtype=None)
    f.case("prod_all_0dim", "prod", [nonzero(())], dtype=None)
    f.case("prod_dim1", "prod_dim", [nonzero(3, 4)], dim=1, keepdim=False, dtype=None)
    f.case("prod_dim0_keepdim", "prod_dim", [nonzero(3, 4)], dim=0, keepdim=True, dtype=None)
    f.case("prod_dim_zeros", "prod_dim", [with_zeros(nonzero(3, 4), 1, 4, 6, 9, 11)], dim=1, keepdim=False,
           dtype=None)
    f.case("prod_dim_neg1_3d_zeros", "prod_dim", [with_zeros(nonzero(2, 3, 4), 0, 13, 14)], dim=-2,
           keepdim=False, dtype=None)
    f.case("prod_dim_permuted", "prod_dim", [In(nonzero(4, 3), permute=[1, 0])], dim=1, keepdim=False, dtype=None)
    f.case("prod_dim_int64", "prod_dim", [ints(-3, 4, 3, 4)], dim=0, keepdim=False, dtype=None)

    for op in ("amax", "amin"):
        f.case(f"{op}_all", op, [distinct(3, 4)], dim=[], keepdim=False)
        f.case(f"{op}_dim1", op, [distinct(3, 4)], dim=[1], keepdim=False)
        f.case(f"{op}_dims_0_2_keepdim", op, [distinct(2, 3, 4)], dim=[0, 2], keepdim=True)
        f.case(f"{op}_ties_split", op, [torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])], dim=[1], keepdim=False)
        f.case(f"{op}_ties_all", op, [torch.tensor([[1.0, 3.0], [3.0, -3.0]])], dim=[], keepdim=False)
        f.case(f"{op}_int64", op, [ints(-9, 9, 3, 4)], dim=[0], keepdim=False)
        f.case(f"{op}_permuted", op, [In(distinct(4, 3), permute=[1, 0])], dim=[1], keepdim=False)
    f.case("aminmax_all", "aminmax", [const(distinct(3, 4))], dim=None, keepdim=False)
    f.case("aminmax_dim", "aminmax", [const(distinct(3, 4))], dim=1, keepdim=True)
    f.case("aminmax_int64", "aminmax", [ints(-9, 9, 3, 4)], dim=0, keepdim=False)

    f.case("logsumexp_dim1", "logsumexp", [randn(3, 4)], dim=[1], keepdim=False)
    f.case("logsumexp_dims_keepdim", "logsumexp", [randn(2, 3, 4)], dim=[0, 2], keepdim=True)
    f.case("logsumexp_large", "logsumexp", [randn(3, 4) * 30 + 100], dim=[1], keepdim=False)
    f.case("logsumexp_float64", "logsumexp", [randn(3, 4, dtype=f64)], dim=[-1], keepdim=False)
    f.case("logsumexp_int64", "logsumexp", [ints(-3, 3, 3, 4)], dim=[1], keepdim=False)

    f.case("nansum_all", "nansum", [randn(3, 4)], dim=[], keepdim=False)
    f.case("nansum_dim", "nansum", [randn(3, 4)], dim=[1], keepdim=True)
    f.case("nansum_int64", "nansum", [ints(-9, 9, 3, 4)], dim=[0], keepdim=False)
    f.case("nanmean_all", "nanmean", [randn(3, 4)], dim=[], keepdim=False)
    f.case("nanmean_dim", "nanmean", [randn(3, 4, dtype=f64)], dim=[0], keepdim=False)
    f.case("count_nonzero_all", "count_nonzero", [with_zeros(randn(3, 4), 1, 5)], dim=[])
    f.case("count_nonzero_dim", "count_nonzero", [with_zeros(randn(3, 4), 1, 5, 6)], dim=[1])
    f.case("count_nonzero_dims_int64", "count_nonzero", [ints(-1, 2, 2, 3, 4)], dim=[0, 2])

    f.case("dist_p2", "dist", [randn(3, 4), randn(3, 4)], p=2)
    f.case("dist_p1_broadcast", "dist", [nonzero(3, 4), nonzero(4) * 3], p=1)
    f.case("dist_p3", "dist", [randn(5), randn(5)], p=3)
    f.case("dist_pinf", "dist", [distinct(2, 3), torch.zeros(2, 3)], p="inf")
    f.case("dist_float64", "dist", [randn(2, 3, dtype=f64), randn(2, 3, dtype=f64)], p=2.5)
    f.case("trace_square", "trace", [randn(3, 3)])
    f.case("trace_wide", "trace", [randn(2, 4)])
    # (no tall matrix: PyTorch 1.13's trace backward also writes g past the diagonal there)
    f.case("trace_int64", "trace", [ints(-9, 9, 3, 3)])
    f.case("trace_permuted", "trace", [In(randn(3, 4), permute=[1, 0])])

    for op in ("var_mean", "std_mean"):
        f.case(f"{op}_dim1", op, [randn(3, 4)], dim=[1], unbiased=True, keepdim=False)
        f.case(f"{op}_dims_biased_keepdim", op, [randn(2, 3, 4)], dim=[0, 2], unbiased=False, keepdim=True)
        f.case(f"{op}_all_float64", f"{op}_all", [randn(5, dtype=f64)], unbiased=True)

    f.case("diff_1d", "diff", [randn(6)], n=1, dim=-1)
    f.case("diff_n2_dim0", "diff", [randn(4, 3)], n=2, dim=0)
    f.case("diff_n_past_size", "diff", [randn(3, 2)], n=3, dim=1)
    f.case("diff_int64", "diff", [ints(-9, 9, 5)], n=1, dim=0)
    f.case("diff_prepend_append", "diff_prepend_append", [randn(2, 3), randn(2, 1), randn(2, 2)], n=1, dim=1)
    f.case("diff_prepend_append_n2", "diff_prepend_append", [randn(3, 2), randn(1, 2), randn(2, 2)], n=2, dim=0)

    ties = torch.tensor([[2.0, 1.0, 2.0, 1.0, 3.0, 1.0], [0.5, 0.5, -1.0, 0.5, -1.0, 4.0]])
    for desc in (False, True):
        d = "desc" if desc else "asc"
        f.case(f"sort_{d}", "sort", [randn(3, 5)], dim=-1, descending=desc)
        f.case(f"sort_{d}_dim0", "sort", [randn(4, 3)], dim=0, descending=desc)
        f.case(f"sort_{d}_3d", "sort", [randn(2, 4, 3)], dim=1, descending=desc)
        f.case(f"sort_{d}_ties", "sort", [ties], dim=1, descending=desc)
        f.case(f"sort_{d}_stable_ties", "sort_stable", [ties], dim=1, descending=desc)
        f.case(f"sort_{d}_int64_ties", "sort", [ints(0, 3, 3, 7)], dim=1, descending=desc)
        f.case(f"argsort_{d}_ties", "argsort", [ties], dim=1, descending=desc)
    f.case("sort_permuted", "sort", [In(randn(5, 3), permute=[1, 0])], dim=1, descending=False)
    f.case("sort_float64", "sort", [randn(6, dtype=f64)], dim=0, descending=False)
    f.case("sort_0dim", "sort", [randn(())], dim=0, descending=False)
    f.case("msort", "msort", [randn(4, 3)])
    f.case("msort_ties", "msort", [ties.t().contiguous()])

    f.case("topk_largest", "topk", [distinct(3, 6)], k=3, dim=-1, largest=True)
    f.case("topk_smallest_dim0", "topk", [distinct(5, 3)], k=2, dim=0, largest=False)
    f.case("topk_all", "topk", [distinct(4)], k=4, dim=0, largest=True)
    f.case("topk_zero", "topk", [distinct(2, 4)], k=0, dim=1, largest=True)
    f.case("topk_float64_3d", "topk", [distinct(2, 5, 2, dtype=f64)], k=2, dim=1, largest=True)
    f.case("kthvalue_k1", "kthvalue", [distinct(3, 5)], k=1, dim=-1, keepdim=False)
    f.case("kthvalue_k3_dim0_keepdim", "kthvalue", [distinct(5, 3)], k=3, dim=0, keepdim=True)
    f.case("kthvalue_3d", "kthvalue", [distinct(2, 4, 3)], k=4, dim=1, keepdim=False)
    f.case("kthvalue_int64", "kthvalue", [const(torch.randperm(12).reshape(3, 4))], k=2, dim=1, keepdim=False)
    f.case("median_all_odd", "median", [distinct(3, 5)])
    f.case("median_all_even_lower", "median", [distinct(2, 3)])
    f.case("median_all_ties", "median", [torch.tensor([1.0, 2.0, 2.0, 3.0, 2.0])])
    f.case("median_dim_odd", "median_dim", [distinct(3, 5)], dim=1, keepdim=False)
    f.case("median_dim_even_keepdim", "median_dim", [distinct(4, 3)], dim=0, keepdim=True)
    f.case("median_dim_3d", "median_dim", [distinct(2, 3, 4)], dim=-1, keepdim=False)
    f.case("nanmedian_all", "nanmedian", [distinct(7)])
    f.case("nanmedian_dim", "nanmedian_dim", [distinct(3, 4)], dim=1, keepdim=False)
    mode_in = torch.tensor([[2.0, 1.0, 2.0, 1.0, 3.0], [3.0, 1.0, 1.0, 3.0, 0.0], [5.0, 4.0, 3.0, 2.0, 1.0]])
    f.case("mode_ties", "mode", [mode_in], dim=1, keepdim=False)
    f.case("mode_dim0_keepdim", "mode", [mode_in.t().contiguous()], dim=0, keepdim=True)
    f.case("mode_int64", "mode", [ints(0, 3, 4, 6)], dim=-1, keepdim=False)

    f.case("cumprod_dim1", "cumprod", [nonzero(3, 4)], dim=1, dtype=None)
    f.case("cumprod_dim0", "cumprod", [nonzero(4, 3)], dim=0, dtype=None)
    f.case("cumprod_one_zero", "cumprod", [with_zeros(nonzero(2, 5), 2, 5)], dim=1, dtype=None)
    f.case("cumprod_two_zeros", "cumprod", [with_zeros(nonzero(2, 5), 1, 3, 7, 8)], dim=1, dtype=None)
    f.case("cumprod_float64_3d", "cumprod", [nonzero(2, 3, 2, dtype=f64)], dim=1, dtype=None)
    f.case("cumprod_dtype_float64", "cumprod", [nonzero(5)], dim=0, dtype="float64")
    f.case("cumprod_int64", "cumprod", [ints(-3, 4, 2, 4)], dim=1, dtype=None)
    f.case("cumprod_permuted", "cumprod", [In(nonzero(4, 3), permute=[1, 0])], dim=1, dtype=None)
    cm_ties = torch.tensor([[2.0, 1.0, 2.0, 1.0, 3.0, 3.0], [0.0, -1.0, 0.0, -1.0, -1.0, 2.0]])
    for op in ("cummax", "cummin"):
        f.case(f"{op}_dim1", op, [randn(3, 5)], dim=1)
        f.case(f"{op}_dim0", op, [randn(4, 3)], dim=0)
        f.case(f"{op}_ties", op, [cm_ties], dim=1)
        f.case(f"{op}_int64", op, [ints(-3, 3, 2, 6)], dim=1)
        f.case(f"{op}_float64_3d", op, [randn(2, 3, 2, dtype=f64)], dim=-2)
    f.case("logcumsumexp_dim1", "logcumsumexp", [randn(3, 5)], dim=1)
    f.case("logcumsumexp_dim0", "logcumsumexp", [randn(4, 3)], dim=0)
    f.case("logcumsumexp_large", "logcumsumexp", [randn(2, 6) * 4 + 20], dim=1)
    f.case("logcumsumexp_float64", "logcumsumexp", [randn(2, 3, 4, dtype=f64)], dim=2)
    return f


if __name__ == "__main__":
    print(cases().write(os.path.dirname(os.path.abspath(__file__))), "cases")
