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

import torch.nn as nn
import torch.nn.functional as F

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


class DoubleConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.norm1 = nn.GroupNorm(min(8, cout), cout)
        self.norm2 = nn.GroupNorm(min(8, cout), cout)

    def forward(self, x):
        return F.relu(self.norm2(self.conv2(F.relu(self.norm1(self.conv1(x))))))


class UNet(nn.Module):
    def __init__(self, cin, cout, base, depth):
        super().__init__()
        self.depth = depth
        self.down = nn.ModuleList()
        c = cin
        for l in range(depth):
            self.down.append(DoubleConv(c, base * 2**l))
            c = base * 2**l
        self.up = nn.ModuleList()
        self.decode = nn.ModuleList()
        for l in range(depth - 2, -1, -1):
            co = base * 2**l
            self.up.append(nn.ConvTranspose2d(co * 2, co, 2, stride=2))
            self.decode.append(DoubleConv(co * 2, co))
        self.head = nn.Conv2d(base, cout, 1)

    def forward(self, x):
        skips = []
        for l in range(self.depth):
            if l > 0:
                x = F.max_pool2d(x, 2)
            x = self.down[l](x)
            skips.append(x)
        for i in range(len(self.up)):
            x = self.decode[i](torch.cat([self.up[i](x), skips[self.depth - 2 - i]], 1))
        return self.head(x)


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
