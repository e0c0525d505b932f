#!/usr/bin/python3
"""Golden numbers for the indexing family (ops/indexing.cpp): writes tests/golden/indexing.json.

Run with /usr/bin/python3 (PyTorch 1.13). Index tensors are inputs that take no gradient; the op
ids are those of INDEXING_OPS here and of the table in tests/test_golden_indexing.cpp.
"""
import os
import warnings

import torch

import generate
from generate import In, Family, const, distinct, randn, ints, bools, f64

warnings.filterwarnings("ignore")  # scatter_reduce and index_reduce are "beta" in 1.13

INDEXING_OPS = {
    "gather": lambda a, x, i: torch.gather(x, a["dim"], i),
    "scatter": lambda a, x, i, s: torch.scatter(x, a["dim"], i, s),
    "scatter_value": lambda a, x, i: torch.scatter(x, a["dim"], i, a["value"]),
    "scatter_add": lambda a, x, i, s: torch.scatter_add(x, a["dim"], i, s),
    "scatter_reduce": lambda a, x, i, s: torch.scatter_reduce(x, a["dim"], i, s, a["reduce"],
                                                              include_self=a["include_self"]),
    "masked_fill": lambda a, x, m: torch.masked_fill(x, m, a["value"]),
    "masked_fill_tensor": lambda a, x, m, v: torch.masked_fill(x, m, v),
    "masked_select": lambda a, x, m: torch.masked_select(x, m),
    "masked_scatter": lambda a, x, m, s: torch.masked_scatter(x, m, s),
    "index_add": lambda a, x, i, s: torch.index_add(x, a["dim"], i, s, alpha=a["alpha"]),
    "index_copy": lambda a, x, i, s: torch.index_copy(x, a["dim"], i, s),
    "index_fill": lambda a, x, i: torch.index_fill(x, a["dim"], i, a["value"]),
    "index_fill_tensor": lambda a, x, i, v: torch.index_fill(x, a["dim"], i, v),
    "index_reduce": lambda a, x, i, s: torch.index_reduce(x, a["dim"], i, s, a["reduce"],
                                                          include_self=a["include_self"]),
    "take": lambda a, x, i: torch.take(x, i),
    "take_along_dim": lambda a, x, i: torch.take_along_dim(x, i, a["dim"]),
    "put": lambda a, x, i, s: torch.put(x, i, s, accumulate=a["accumulate"]),
    "where": lambda a, c, x, y: torch.where(c, x, y),
    "where_scalar_other": lambda a, c, x: torch.where(c, x, a["other"]),
    "nonzero": lambda a, x: torch.nonzero(x),
    # x[i0, i1] with index tensors (no None entries), and x[:, i] (a full first dim).
    "index": lambda a, x, *i: x[tuple(i)],
    "index_after_slice": lambda a, x, *i: x[(slice(None),) + tuple(i)],
    "index_put": lambda a, x, v, *i: torch.index_put(x, tuple(i), v, accumulate=a["accumulate"]),
}


def indexing():
    f = Family("indexing", 20, ops=INDEXING_OPS)
    f.case("gather_dim0", "gather", [randn(3, 4), const(ints(0, 3, 2, 4))], dim=0)
    f.case("gather_dim1_smaller_index", "gather", [randn(3, 4), const(ints(0, 4, 2, 3))], dim=1)
    f.case("gather_float64_neg_dim", "gather", [randn(2, 3, 4, dtype=f64), const(ints(0, 4, 2, 3, 5))], dim=-1)
    f.case("gather_permuted_input", "gather", [In(randn(4, 3), permute=[1, 0]), const(ints(0, 3, 3, 4))], dim=1)
    f.case("scatter_distinct", "scatter", [randn(3, 4), const(torch.tensor([[0, 1, 2, 0], [2, 0, 1, 1]])),
                                           randn(2, 4)], dim=0)
    f.case("scatter_value", "scatter_value", [randn(3, 4), const(ints(0, 4, 3, 2))], dim=1, value=1.5)
    f.case("scatter_add_repeats", "scatter_add", [randn(3, 4), const(ints(0, 3, 5, 4)), randn(5, 4)], dim=0)
    f.case("scatter_add_float64", "scatter_add", [randn(2, 5, dtype=f64), const(ints(0, 5, 2, 7)),
                                                  randn(2, 7, dtype=f64)], dim=1)
    for reduce in ("sum", "prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            f.case(f"scatter_reduce_{reduce}_{'self' if include_self else 'noself'}", "scatter_reduce",
                   [distinct(3, 4), const(ints(0, 3, 4, 4)), distinct(4, 4)],
                   dim=0, reduce=reduce, include_self=include_self)
    f.case("masked_fill", "masked_fill", [randn(3, 4), const(bools(3, 4))], value=-2.5)
    f.case("masked_fill_broadcast_mask", "masked_fill", [randn(3, 4), const(bools(4))], value=0)
    f.case("masked_fill_tensor_value", "masked_fill_tensor", [randn(3, 4), const(bools(3, 4)), randn(())])
    f.case("masked_select", "masked_select", [randn(3, 4), const(bools(3, 4))])
    f.case("masked_select_broadcast_self", "masked_select", [randn(4), const(bools(3, 4))])
    f.case("masked_scatter", "masked_scatter", [randn(3, 4), const(bools(3, 4)), randn(14)])
    f.case("index_add", "index_add", [randn(4, 3), const(torch.tensor([3, 0, 3])), randn(3, 3)], dim=0, alpha=1)
    f.case("index_add_alpha_dim1", "index_add", [randn(2, 4), const(torch.tensor([1, 2])), randn(2, 2)],
           dim=1, alpha=-2.5)
    f.case("index_copy", "index_copy", [randn(4, 3), const(torch.tensor([3, 0])), randn(2, 3)], dim=0)
    f.case("index_fill", "index_fill", [randn(4, 3), const(torch.tensor([2, -1]))], dim=1, value=4.0)
    f.case("index_fill_tensor", "index_fill_tensor", [randn(4, 3), const(torch.tensor([1, 1, 3])), randn(())], dim=0)
    for reduce in ("prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            f.case(f"index_reduce_{reduce}_{'self' if include_self else 'noself'}", "index_reduce",
                   [distinct(4, 3), const(torch.tensor([0, 2, 0])), distinct(3, 3)],
                   dim=0, reduce=reduce, include_self=include_self)
    f.case("take", "take", [randn(3, 4), const(ints(-12, 12, 2, 3))])
    f.case("take_permuted_input", "take", [In(randn(4, 3), permute=[1, 0]), const(ints(0, 12, 5))])
    f.case("take_along_dim", "take_along_dim", [randn(3, 4), const(ints(0, 4, 3, 2))], dim=1)
    f.case("take_along_dim_broadcast", "take_along_dim", [randn(3, 4), const(ints(0, 3, 1, 4))], dim=0)
    f.case("take_along_dim_flat", "take_along_dim", [randn(3, 4), const(ints(0, 12, 5))], dim=None)
    f.case("put", "put", [randn(3, 4), const(torch.tensor([5, -1, 0])), randn(3)], accumulate=False)
    f.case("put_accumulate", "put", [randn(3, 4), const(torch.tensor([5, 5, 0])), randn(3)], accumulate=True)
    f.case("where", "where", [const(bools(3, 4)), randn(3, 4), randn(3, 4)])
    f.case("where_broadcast", "where", [const(bools(3, 1)), randn(4), randn(3, 4, dtype=f64)])
    f.case("where_scalar_other", "where_scalar_other", [const(bools(2, 3)), randn(2, 3)], other=0.5)
    f.case("nonzero", "nonzero", [const(torch.tensor([[0.0, 1.0, 0.0], [2.0, 0.0, -3.0]]))])
    f.case("index_long", "index", [randn(4, 3), const(ints(-4, 4, 5))])
    f.case("index_two_broadcast", "index", [randn(4, 3), const(ints(0, 4, 2, 1)), const(ints(0, 3, 3))])
    f.case("index_bool_mask", "index", [randn(3, 4), const(bools(3, 4))])
    f.case("index_adjacent_after_slice", "index_after_slice", [randn(2, 3, 4), const(ints(0, 3, 2)),
                                                               const(ints(0, 4, 2))])
    f.case("index_put", "index_put", [randn(4, 3), randn(3), const(torch.tensor([0, 2]))], accumulate=False)
    f.case("index_put_accumulate", "index_put", [randn(4, 3), randn(2, 3), const(torch.tensor([1, 1]))],
           accumulate=True)
    f.case("index_put_two", "index_put", [randn(4, 3), randn(2), const(torch.tensor([0, 3])),
                                          const(torch.tensor([2, 1]))], accumulate=False)
    return f


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    family = indexing()
    print(f"{family.name}.json: {family.write(here)} cases")


if __name__ == "__main__":
    main()
