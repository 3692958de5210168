#!/usr/bin/python3
"""The PyTorch side of bench:surrogate: the same surrogate U-Net (double 3x3 conv + GroupNorm + ReLU
per level, max-pool down, transposed conv up, softplus head), the same loss (wet-weighted L1 of depth
and velocity plus L1 of HR = d(v + 0.5)) and Adam. Prints {"train_step_s": [...]} as JSON."""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from peer_unet import UNet  # noqa: E402


class SurrogateUNet(UNet):
    """Terrain and buildings (and depression depth) in, depth and velocity out through a softplus."""

    def __init__(self, inputs, base, depth):
        super().__init__(inputs, 2, base, depth)

    def forward(self, x):
        return F.softplus(super().forward(x))


def loss_of(pred, y, wet_weight=5.0, wet_depth=0.05, hazard_weight=1.0):
    w = (y[:, 0:1] > wet_depth).float() * (wet_weight - 1) + 1
    fields = ((pred - y).abs() * w).mean()
    hr = lambda t: t[:, 0:1] * (t[:, 1:2] + 0.5)
    return fields + hazard_weight * ((hr(pred) - hr(y)).abs() * w).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--inputs", type=int, default=2)
    ap.add_argument("--base", type=int, default=16)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--batch", type=int, default=12)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    net = SurrogateUNet(a.inputs, a.base, a.depth)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(a.batch, a.inputs, a.size, a.size)
    y = torch.rand(a.batch, 2, a.size, a.size)
    times = []
    for k in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_of(net(x), y)
        loss.backward()
        opt.step()
        loss.item()
        if k >= a.warmup:
            times.append(time.perf_counter() - t0)
    print(json.dumps({"train_step_s": times}))


if __name__ == "__main__":
    main()
