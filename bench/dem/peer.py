#!/usr/bin/python3
"""The PyTorch side of bench:dem: training steps of the same residual U-Net (DoubleConv blocks with
bias-free convs and group norm of min(8, C) groups, max-pool down, transposed-conv up) on the same [N, C, 128, 128] batch with the same loss
(masked MSE plus the L1 slope term), Adam. Prints {"step_seconds": [...]} (median per round)."""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from peer_unet import UNet  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, required=True)
p.add_argument("--batch", type=int, default=8)
p.add_argument("--channels", type=int, default=4)
p.add_argument("--size", type=int, default=128)
p.add_argument("--base", type=int, default=16)
p.add_argument("--depth", type=int, default=4)
p.add_argument("--steps", type=int, default=5)
p.add_argument("--warmup", type=int, default=2)
p.add_argument("--slope-weight", type=float, default=0.5)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.set_flush_denormal(True)
torch.manual_seed(0)

class DemNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.unet = UNet(a.channels, 1, base=a.base, depth=a.depth)

    def forward(self, x):
        return self.unet(x) + x.mean(1, keepdim=True)

def loss_fn(pred, y, m):
    l = ((pred - y) ** 2 * m).sum() / m.sum().clamp_min(1)
    gx = ((pred[..., 1:] - pred[..., :-1]) - (y[..., 1:] - y[..., :-1])).abs() * (m[..., 1:] * m[..., :-1])
    gy = ((pred[..., 1:, :] - pred[..., :-1, :]) - (y[..., 1:, :] - y[..., :-1, :])).abs() * (m[..., 1:, :] * m[..., :-1, :])
    return l + a.slope_weight * (gx.sum() / (m[..., 1:] * m[..., :-1]).sum() + gy.sum() / (m[..., 1:, :] * m[..., :-1, :]).sum())

net = DemNet()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randn(a.batch, a.channels, a.size, a.size)
y = torch.randn(a.batch, 1, a.size, a.size)
m = torch.ones(a.batch, 1, a.size, a.size)

def step():
    opt.zero_grad()
    loss = loss_fn(net(x), y, m)
    loss.backward()
    opt.step()
    return loss.item()

for _ in range(a.warmup):
    step()
times = []
for _ in range(a.steps):
    t = time.perf_counter()
    step()
    times.append(time.perf_counter() - t)
print(json.dumps({"step_seconds": times}))
