#!/usr/bin/python3
"""bench_train.py: bench_train.cpp's loop in PyTorch (Python), printing the same key=value line.

    /usr/bin/python3 bench_train.py WORKLOAD [--data DIR] [--threads N] [--steps N] [--warmup N]
                                    [--eval-batches N] [--eval-passes N] [--seed N]

The networks are those of workloads.h, the options mean what they mean for bench_train. torchvision is not
used: the IDX files (raw or .gz) are read with gzip and torch.frombuffer, and batches are drawn as libtorch's
RandomSampler draws them (a new permutation each epoch, the last batch short), then normalised batch by batch.
"""
import argparse
import gzip
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH_SIZE = 64
TEST_BATCH_SIZE = 1000
MEAN, STD = 0.2860, 0.3530


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class MnistNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, 5)
        self.conv2 = nn.Conv2d(10, 20, 5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = F.relu(self.fc1(x.view(-1, 320)))
        x = F.dropout(x, p=0.5, training=self.training)
        return F.log_softmax(self.fc2(x), dim=1)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 32, 3)
        self.fc1 = nn.Linear(32 * 5 * 5, 100)
        self.fc2 = nn.Linear(100, 10)
        for layer in (self.conv1, self.conv2, self.fc1):
            nn.init.kaiming_uniform_(layer.weight, a=0, mode="fan_in", nonlinearity="relu")
        nn.init.xavier_uniform_(self.fc2.weight)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


# Each workload with its loss: MnistNet ends in log_softmax and trains with nll_loss, as its example.
WORKLOADS = {
    "lenet": (LeNet, F.cross_entropy),
    "mnistnet": (MnistNet, F.nll_loss),
    "mlp": (Mlp, F.cross_entropy),
    "cnn": (Cnn, F.cross_entropy),
}


def read_idx(folder, name, dims):
    """The IDX file folder/name (or name.gz) as a uint8 tensor, checking its magic number and size."""
    path = os.path.join(folder, name)
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * dims
    magic = int.from_bytes(data[0:4], "big")
    if len(data) < header or magic != 0x800 + dims:
        raise ValueError(f"{path}: not an IDX file of {dims} dimension(s) of unsigned bytes")
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    if len(data) != header + math.prod(shape):
        raise ValueError(f"{path}: {len(data) - header} bytes of data, the header says {shape}")
    return torch.frombuffer(bytearray(data), dtype=torch.uint8, offset=header).reshape(shape)


def load(folder, prefix):
    images = read_idx(folder, f"{prefix}-images-idx3-ubyte", 3).unsqueeze(1)  # [N, 1, 28, 28]
    labels = read_idx(folder, f"{prefix}-labels-idx1-ubyte", 1).long()
    return images, labels


def normalize(images):
    return images.float().div_(255).sub_(MEAN).div_(STD)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def parse_args():
    parser = argparse.ArgumentParser(description="bench_train.cpp's training loop in PyTorch")
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=-1)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--eval-batches", type=int, default=-1)
    parser.add_argument("--eval-passes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for name, low in (("threads", 1), ("steps", 1), ("warmup", 0), ("eval_batches", 0), ("eval_passes", 1),
                      ("seed", 0)):
        value = getattr(args, name)
        if value < low and not (value == -1 and name in ("steps", "eval_batches")):
            parser.error(f"--{name.replace('_', '-')} needs an integer >= {low}, got {value}")
    return args


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    make_net, loss_function = WORKLOADS[args.workload]
    net = make_net()
    images, labels = load(args.data, "train")
    epoch_batches = (len(labels) + BATCH_SIZE - 1) // BATCH_SIZE
    steps = args.steps if args.steps >= 0 else max(epoch_batches - args.warmup, 1)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    step_ms = []  # full batches only, as bench_train
    timed_seconds = loss_sum = 0.0
    timed_samples = step = 0
    total_steps = args.warmup + steps
    net.train()
    train_start = time.perf_counter()
    while step < total_steps:
        order = torch.randperm(len(labels))
        for first in range(0, len(labels), BATCH_SIZE):
            if step == total_steps:
                break
            index = order[first:first + BATCH_SIZE]
            data, target = normalize(images[index]), labels[index]
            start = time.perf_counter()
            optimizer.zero_grad()
            loss = loss_function(net(data), target)
            loss.backward()
            optimizer.step()
            seconds = time.perf_counter() - start
            step += 1
            if step <= args.warmup:
                continue
            if len(target) == BATCH_SIZE:
                step_ms.append(1000 * seconds)
            timed_seconds += seconds
            timed_samples += len(target)
            loss_sum += loss.item()
    train_seconds = time.perf_counter() - train_start
    rss_train = peak_rss_mb()

    # The test batches are normalised before any pass, so that eval_ms is the model's work alone.
    test_batches = []
    if args.eval_batches != 0:
        test_images, test_labels = load(args.data, "t10k")
        firsts = range(0, len(test_labels), TEST_BATCH_SIZE)
        if args.eval_batches > 0:
            firsts = firsts[:args.eval_batches]
        test_batches = [(normalize(test_images[first:first + TEST_BATCH_SIZE]),
                         test_labels[first:first + TEST_BATCH_SIZE]) for first in firsts]
    tested = sum(len(target) for _, target in test_batches)
    pass_ms = []
    correct = 0
    if tested:
        net.eval()
        with torch.no_grad():
            for _ in range(args.eval_passes):
                correct = 0  # the same each pass: the network is in eval mode
                start = time.perf_counter()
                for data, target in test_batches:
                    correct += int(net(data).argmax(1).eq(target).sum())
                pass_ms.append(1000 * (time.perf_counter() - start))

    nan = float("nan")
    fields = [
        ("program", "bench_train.py"), ("workload", args.workload), ("threads", args.threads),
        ("batch", BATCH_SIZE), ("warmup", args.warmup), ("steps", steps),
        ("ms_median", f"{statistics.median(step_ms) if step_ms else nan:.4f}"),
        ("ms_min", f"{min(step_ms) if step_ms else nan:.4f}"),
        ("ms_max", f"{max(step_ms) if step_ms else nan:.4f}"),
        ("samples_per_s", f"{timed_samples / timed_seconds:.1f}"), ("train_s", f"{train_seconds:.3f}"),
        ("train_loss", f"{loss_sum / steps:.4f}"), ("peak_rss_train_mb", f"{rss_train:.1f}"),
        ("peak_rss_mb", f"{peak_rss_mb():.1f}"), ("eval_passes", len(pass_ms)),
        ("eval_ms", f"{statistics.median(pass_ms) if pass_ms else nan:.3f}"),
        ("test_accuracy", f"{correct / tested if tested else nan:.4f}"), ("test_samples", tested),
    ]
    print("bench_train " + " ".join(f"{key}={value}" for key, value in fields), flush=True)


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError) as error:
        print(f"bench_train.py: {error}", file=sys.stderr)
        sys.exit(1)
