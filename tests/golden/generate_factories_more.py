"""Golden values of the factories without tensor inputs: window functions, logspace, scalar_tensor,
and the strides that memory formats give (empty, contiguous, clone, empty_strided).

Run with /usr/bin/python3 (torch); writes tests/golden/factories_more.json. Each case is a name (the
C++ test's table key, the call spelled as in C++) and PyTorch 1.13's result: a tensor, or a list of
strides for the memory-format cases.
"""
import json
import os

import torch

from generate import tensor_json

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []


def value(name, t):
    CASES.append({"name": name, "value": tensor_json(t)})


def strides(name, t):
    CASES.append({"name": name, "strides": list(t.stride()), "shape": list(t.shape)})


f64 = torch.float64
for n in (0, 1, 2, 5, 8):
    value(f"hann_window({n})", torch.hann_window(n))
    value(f"hann_window({n}, false, kDouble)", torch.hann_window(n, False, dtype=f64))
    value(f"hamming_window({n})", torch.hamming_window(n))
    value(f"hamming_window({n}, false, kDouble)", torch.hamming_window(n, False, dtype=f64))
    value(f"blackman_window({n}, kDouble)", torch.blackman_window(n, dtype=f64))
    value(f"blackman_window({n}, false, kDouble)", torch.blackman_window(n, False, dtype=f64))
    value(f"bartlett_window({n}, kDouble)", torch.bartlett_window(n, dtype=f64))
    value(f"bartlett_window({n}, false, kDouble)", torch.bartlett_window(n, False, dtype=f64))
    value(f"kaiser_window({n}, kDouble)", torch.kaiser_window(n, dtype=f64))
    value(f"kaiser_window({n}, false, kDouble)", torch.kaiser_window(n, False, dtype=f64))
value("hamming_window(6, true, 0.5, kDouble)", torch.hamming_window(6, True, 0.5, dtype=f64))
value("hamming_window(6, false, 0.6, 0.3, kDouble)", torch.hamming_window(6, False, 0.6, 0.3, dtype=f64))
value("kaiser_window(7, true, 5.0, kDouble)", torch.kaiser_window(7, True, 5.0, dtype=f64))
value("kaiser_window(6)", torch.kaiser_window(6))

value("logspace(0, 2, 3)", torch.logspace(0, 2, 3))
value("logspace(0, 2, 3, 2.0)", torch.logspace(0, 2, 3, 2.0))
value("logspace(-1, 1, 5, 10.0, kDouble)", torch.logspace(-1, 1, 5, 10.0, dtype=f64))
value("logspace(0, 3, 4, 10.0, kLong)", torch.logspace(0, 3, 4, 10.0, dtype=torch.long))
value("logspace(2, 2, 1)", torch.logspace(2, 2, 1))
value("logspace(0, 1, 0)", torch.logspace(0, 1, 0))
value("logspace(1.5, -0.5, 7, 3.0)", torch.logspace(1.5, -0.5, 7, 3.0))

value("scalar_tensor(3)", torch.scalar_tensor(3))
value("scalar_tensor(2.5, kDouble)", torch.scalar_tensor(2.5, dtype=f64))
value("scalar_tensor(true)", torch.scalar_tensor(True))
value("scalar_tensor(7, kLong)", torch.scalar_tensor(7, dtype=torch.long))

d = torch.zeros(2, 3, dtype=f64)
value("double.new_zeros({2})", d.new_zeros(2))
value("double.new_ones({2, 1})", d.new_ones((2, 1)))
value("double.new_full({3}, 4)", d.new_full((3,), 4))
value("double.new_full({2}, 1.5, kFloat)", d.new_full((2,), 1.5, dtype=torch.float32))
value("double.new_ones({2}, kLong)", d.new_ones(2, dtype=torch.long))

cl = torch.channels_last
strides("empty({2, 3, 4, 5}, ChannelsLast)", torch.empty(2, 3, 4, 5, memory_format=cl))
strides("empty({2, 3, 4, 5, 6}, ChannelsLast3d)", torch.empty(2, 3, 4, 5, 6, memory_format=torch.channels_last_3d))
strides("empty({2, 1, 4, 5}, ChannelsLast)", torch.empty(2, 1, 4, 5, memory_format=cl))
x = torch.arange(120.).reshape(2, 3, 4, 5)
strides("x.contiguous(ChannelsLast)", x.contiguous(memory_format=cl))
strides("x.transpose(1, 3).clone()", x.transpose(1, 3).clone())
strides("x.transpose(1, 3).clone(Contiguous)", x.transpose(1, 3).clone(memory_format=torch.contiguous_format))
strides("x.contiguous(ChannelsLast).clone()", x.contiguous(memory_format=cl).clone())
strides("x.select(3, 1).clone()", x.select(3, 1).clone())
strides("x.contiguous(ChannelsLast)[:, :, :, 1:3].clone()", x.contiguous(memory_format=cl)[:, :, :, 1:3].clone())
strides("x.new_empty_strided({2, 2}, {1, 2})", x.new_empty_strided((2, 2), (1, 2)))
strides("empty_strided({2, 3}, {0, 2})", torch.empty_strided((2, 3), (0, 2)))

with open(os.path.join(HERE, "factories_more.json"), "w") as f:
    json.dump({"family": "factories_more", "cases": CASES}, f)
    f.write("\n")
print(f"{len(CASES)} cases")
