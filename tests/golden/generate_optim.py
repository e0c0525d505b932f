#!/usr/bin/python3
"""Writes optim.json, the golden reference numbers of the optimizers and LR schedulers
(tests/test_golden_optim.cpp).

Run with Debian's PyTorch (apt-get install python3-torch), from any directory:

    /usr/bin/python3 tests/golden/generate_optim.py

The output is deterministic (seeded, values written with repr precision), so the file is committed and
CI needs no Python; rerun it only when adding cases.

optim.json holds {"family", "torch", "problem", "optimizers": [...], "schedulers": [...]}.

problem: a 2-layer MLP and its data, all float32 tensors {shape, dtype, values}:
    x [8, 5], target [8, 3], and the parameters w1 [6, 5], b1 [6], w2 [3, 6], b2 [3] (in that order);
    loss = mean((tanh(x w1^T + b1) w2^T + b2 - target)^2)
An optimizer case runs `steps` steps of zero_grad(); loss.backward(); step() from those parameters:
    name         unique
    optimizer    "SGD", "Adam", "AdamW", "RMSprop" or "Adagrad"
    groups       the param groups: {"params": indices into the parameter list, "options": every option
                 of the group spelled out (Adam's betas as [beta1, beta2])}
    steps        the number of steps
    losses       the loss before each step
    params       the parameters after the last step
The references (losses and params) are PyTorch's results of the same run in float64, rounded to
float32: the exact answer, so xgrad may use the whole tolerance (|a-b| <= 1e-5|b| + 1e-6) for its own
rounding. The generator stops if PyTorch's float32 run is not within half that tolerance of them:
every case is one a float32 implementation can pass.

A scheduler case drives an SGD over two param groups (lrs 0.1 and 0.03, momentum 0.9) for `epochs`
epochs (optimizer.step(), then each scheduler's step(), in list order):
    name         unique
    schedulers   [{"type", "args"}]: the constructor's arguments after the optimizer, all spelled out
                 (ReduceLROnPlateau's mode and threshold_mode as strings, OneCycleLR's max_lr as a list
                 of one value per group)
    metrics      ReduceLROnPlateau's metric at each epoch (null for the others)
    epochs       the number of epochs
    lrs          each group's lr after construction, then after each epoch (epochs + 1 rows)
    momentums    each group's momentum likewise (to check OneCycleLR's cycling), or null
These are Python doubles and must match exactly.
"""
import json
import math
import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the committed files
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

RTOL, ATOL = 1e-5, 1e-6
STEPS = 20
EPOCHS = 50

OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "RMSprop": torch.optim.RMSprop,
    "Adagrad": torch.optim.Adagrad,
}
# The options xgrad has (libtorch's), with PyTorch's defaults; a case's options override these.
DEFAULTS = {
    "SGD": {"momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "Adam": {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False},
    "AdamW": {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 1e-2, "amsgrad": False},
    "RMSprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False},
    "Adagrad": {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
}


def problem():
    torch.manual_seed(7)
    return {
        "x": torch.randn(8, 5),
        "target": torch.randn(8, 3),
        "params": [torch.randn(6, 5) * 0.5, torch.randn(6) * 0.1, torch.randn(3, 6) * 0.5, torch.randn(3) * 0.1],
    }


def loss_of(data, params):
    w1, b1, w2, b2 = params
    h = torch.tanh(data["x"] @ w1.t() + b1)
    return ((h @ w2.t() + b2 - data["target"]) ** 2).mean()


def full_options(optimizer, options):
    full = dict(DEFAULTS[optimizer])
    full.update(options)
    return full


def torch_options(options):
    o = dict(options)
    if "betas" in o:
        o["betas"] = tuple(o["betas"])
    return o


def run(data, optimizer, groups, dtype):
    """(losses, params) of STEPS steps in dtype; groups as in the JSON (full options per group)."""
    data = {k: (v.to(dtype) if k != "params" else [p.to(dtype) for p in v]) for k, v in data.items()}
    params = [p.clone().requires_grad_() for p in data["params"]]
    torch_groups = [{"params": [params[i] for i in g["params"]], **torch_options(g["options"])} for g in groups]
    # The constructor's keyword arguments are the last group's options, as the C++ test's defaults
    # (Adagrad's initial_accumulator_value is read from them, not from the groups).
    opt = OPTIMIZERS[optimizer](torch_groups, **torch_options(groups[-1]["options"]), foreach=False)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_of(data, params)
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return torch.stack(losses), [p.detach() for p in params]


def close(actual, reference, factor):
    return torch.all((actual.double() - reference.double()).abs() <= factor * (RTOL * reference.double().abs() + ATOL))


def optimizer_case(data, name, optimizer, options, group_options=None):
    """One group with `options`, or, with group_options, two groups: layer 1 with its own options
    (the defaults updated by group_options, as a Python group dict does) and layer 2 with the defaults."""
    defaults = full_options(optimizer, options)
    if group_options is None:
        groups = [{"params": [0, 1, 2, 3], "options": defaults}]
    else:
        groups = [{"params": [0, 1], "options": {**defaults, **group_options}}, {"params": [2, 3], "options": defaults}]
    losses32, params32 = run(data, optimizer, groups, torch.float32)
    losses64, params64 = run(data, optimizer, groups, torch.float64)
    reference_losses = losses64.float()
    reference_params = [p.float() for p in params64]
    assert close(losses32, reference_losses, 0.5), f"{name}: PyTorch's float32 losses are not near float64's"
    for p32, ref in zip(params32, reference_params):
        assert close(p32, ref, 0.5), f"{name}: PyTorch's float32 parameters are not near float64's"
    return {
        "name": name,
        "optimizer": optimizer,
        "groups": groups,
        "steps": STEPS,
        "losses": generate.tensor_json(reference_losses),
        "params": [generate.tensor_json(p) for p in reference_params],
    }


def optimizer_cases(data):
    cases = []

    def add(*args, **kwargs):
        case = optimizer_case(data, *args, **kwargs)
        assert case["name"] not in {c["name"] for c in cases}, case["name"]
        cases.append(case)

    add("sgd_plain", "SGD", {"lr": 0.1})
    add("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9})
    add("sgd_momentum_dampening_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01})
    add("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.02, "nesterov": True})
    add("sgd_groups", "SGD", {"lr": 0.1, "momentum": 0.5}, {"lr": 0.3, "nesterov": True})
    add("adam_defaults", "Adam", {})
    add("adam_lr", "Adam", {"lr": 0.01})
    add("adam_betas_eps_weight_decay", "Adam", {"lr": 0.01, "betas": [0.8, 0.95], "eps": 1e-6, "weight_decay": 0.05})
    add("adam_amsgrad", "Adam", {"lr": 0.01, "amsgrad": True})
    add("adam_amsgrad_weight_decay", "Adam", {"lr": 0.02, "betas": [0.5, 0.9], "weight_decay": 0.1, "amsgrad": True})
    add("adam_groups", "Adam", {"lr": 0.01}, {"lr": 0.002, "amsgrad": True})
    add("adamw_defaults", "AdamW", {})
    add("adamw_lr", "AdamW", {"lr": 0.01})
    add("adamw_weight_decay_amsgrad", "AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True})
    add("adamw_betas_eps", "AdamW", {"lr": 0.02, "betas": [0.7, 0.9], "eps": 1e-5, "weight_decay": 0.0})
    add("adamw_groups", "AdamW", {"lr": 0.01}, {"weight_decay": 0.5})
    add("rmsprop_defaults", "RMSprop", {})
    add("rmsprop_momentum", "RMSprop", {"lr": 0.005, "momentum": 0.9})
    add("rmsprop_centered", "RMSprop", {"lr": 0.005, "centered": True})
    add("rmsprop_all", "RMSprop",
        {"lr": 0.002, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01, "momentum": 0.5, "centered": True})
    add("rmsprop_groups", "RMSprop", {"lr": 0.005}, {"lr": 0.001, "momentum": 0.3})
    add("adagrad_plain", "Adagrad", {"lr": 0.1})
    add("adagrad_all", "Adagrad",
        {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8})
    add("adagrad_groups", "Adagrad", {"lr": 0.05}, {"lr": 0.2, "lr_decay": 0.1})
    return cases


# ---- schedulers ----

def plateau_metrics():
    """A loss-like sequence: it falls, wobbles, and flattens out, so plateaus come and go."""
    return [max(0.4, 1.0 / (1 + 0.2 * i)) + 0.02 * math.sin(1.7 * i) + (0.05 if i in (30, 31) else 0.0)
            for i in range(EPOCHS)]


def make_scheduler(opt, spec):
    kind, args = spec["type"], dict(spec["args"])
    if kind == "ReduceLROnPlateau":
        return torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **args)
    return getattr(torch.optim.lr_scheduler, kind)(opt, **args)


def scheduler_case(name, specs, epochs=EPOCHS, with_momentum=False):
    params = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
    opt = torch.optim.SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.03}], lr=0.1, momentum=0.9)
    schedulers = [make_scheduler(opt, s) for s in specs]
    metrics = plateau_metrics()[:epochs] if any(s["type"] == "ReduceLROnPlateau" for s in specs) else None

    def snapshot():
        lrs.append([g["lr"] for g in opt.param_groups])
        if with_momentum:
            momentums.append([g["momentum"] for g in opt.param_groups])

    lrs, momentums = [], []
    snapshot()
    for epoch in range(epochs):
        opt.step()  # no gradients: changes nothing, but keeps PyTorch's order of calls
        for s, spec in zip(schedulers, specs):
            if spec["type"] == "ReduceLROnPlateau":
                s.step(metrics[epoch])
            else:
                s.step()
        snapshot()
    for row in lrs + momentums:
        assert all(isinstance(v, float) and math.isfinite(v) for v in row), name
    return {
        "name": name,
        "schedulers": specs,
        "metrics": metrics,
        "epochs": epochs,
        "lrs": lrs,
        "momentums": momentums if with_momentum else None,
    }


def one_cycle(max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3, anneal_strategy="cos",
              cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4,
              three_phase=False):
    return {"type": "OneCycleLR", "args": dict(
        max_lr=max_lr, total_steps=total_steps, epochs=epochs, steps_per_epoch=steps_per_epoch, pct_start=pct_start,
        anneal_strategy=anneal_strategy, cycle_momentum=cycle_momentum, base_momentum=base_momentum,
        max_momentum=max_momentum, div_factor=div_factor, final_div_factor=final_div_factor,
        three_phase=three_phase)}


def plateau(mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=(0.0, 0.0),
            eps=1e-8):
    return {"type": "ReduceLROnPlateau", "args": dict(
        mode=mode, factor=factor, patience=patience, threshold=threshold, threshold_mode=threshold_mode,
        cooldown=cooldown, min_lr=list(min_lr), eps=eps)}


def scheduler_cases():
    cases = [
        scheduler_case("step_lr", [{"type": "StepLR", "args": {"step_size": 3, "gamma": 0.5}}]),
        scheduler_case("step_lr_default_gamma", [{"type": "StepLR", "args": {"step_size": 10, "gamma": 0.1}}]),
        scheduler_case("multi_step_lr",
                       [{"type": "MultiStepLR", "args": {"milestones": [5, 12, 12, 30], "gamma": 0.3}}]),
        scheduler_case("exponential_lr", [{"type": "ExponentialLR", "args": {"gamma": 0.95}}]),
        scheduler_case("exponential_lr_fast", [{"type": "ExponentialLR", "args": {"gamma": 0.7}}]),
        scheduler_case("cosine_annealing_lr", [{"type": "CosineAnnealingLR", "args": {"T_max": 10, "eta_min": 0.001}}]),
        scheduler_case("cosine_annealing_lr_long", [{"type": "CosineAnnealingLR", "args": {"T_max": 17, "eta_min": 0.0}}]),
        scheduler_case("linear_lr", [{"type": "LinearLR",
                                      "args": {"start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5}}]),
        scheduler_case("linear_lr_decreasing", [{"type": "LinearLR",
                                                 "args": {"start_factor": 0.9, "end_factor": 0.1, "total_iters": 20}}]),
        scheduler_case("one_cycle_lr", [one_cycle([1.0, 1.0], total_steps=EPOCHS)], with_momentum=True),
        scheduler_case("one_cycle_lr_linear_three_phase",
                       [one_cycle([0.5, 0.2], epochs=5, steps_per_epoch=10, pct_start=0.25, anneal_strategy="linear",
                                  base_momentum=0.8, max_momentum=0.9, div_factor=10.0, final_div_factor=100.0,
                                  three_phase=True)],
                       with_momentum=True),
        scheduler_case("one_cycle_lr_no_momentum",
                       [one_cycle([0.3, 0.3], total_steps=60, pct_start=0.4, cycle_momentum=False)],
                       with_momentum=True),
        scheduler_case("reduce_lr_on_plateau", [plateau(factor=0.5, patience=3, cooldown=2, min_lr=(0.01, 0.001))]),
        scheduler_case("reduce_lr_on_plateau_abs",
                       [plateau(factor=0.3, patience=1, threshold=0.01, threshold_mode="abs", min_lr=(0.0, 0.005))]),
        scheduler_case("reduce_lr_on_plateau_max_eps",
                       [plateau(mode="max", factor=0.8, patience=0, threshold=0.05, eps=0.005)]),
        scheduler_case("chained_linear_exponential",
                       [{"type": "LinearLR", "args": {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 4}},
                        {"type": "ExponentialLR", "args": {"gamma": 0.9}}]),
        scheduler_case("chained_step_cosine",
                       [{"type": "StepLR", "args": {"step_size": 7, "gamma": 0.5}},
                        {"type": "CosineAnnealingLR", "args": {"T_max": 12, "eta_min": 0.0}}]),
    ]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    return cases


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = problem()
    optimizers = optimizer_cases(data)
    schedulers = scheduler_cases()
    problem_json = {"x": generate.tensor_json(data["x"]), "target": generate.tensor_json(data["target"]),
                    "params": [generate.tensor_json(p) for p in data["params"]]}
    dump = lambda v: json.dumps(v, separators=(",", ":"), allow_nan=False)  # noqa: E731
    with open(os.path.join(here, "optim.json"), "w") as f:
        f.write('{"family":"optim","torch":%s,\n"problem":%s,\n"optimizers":[\n' % (dump(torch.__version__),
                                                                                 dump(problem_json)))
        f.write(",\n".join(dump(c) for c in optimizers))
        f.write('\n],\n"schedulers":[\n')
        f.write(",\n".join(dump(c) for c in schedulers))
        f.write("\n]}\n")
    print(f"optim.json: {len(optimizers)} optimizer cases, {len(schedulers)} scheduler cases")


if __name__ == "__main__":
    main()
