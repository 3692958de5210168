#!/usr/bin/python3
"""The PyTorch side of bench:surrogate: the same surrogate U-Net (double 3x3 conv + GroupNorm + ReLU
per level, max-pool down, transposed conv up, softplus head), the same loss (wet-weighted L1 of depth
and velocity plus L1 of HR = d(v + 0.5)) and Adam. Prints {"train_step_s": [...]} as JSON."""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DoubleConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.norm1 = nn.GroupNorm(min(8, cout), cout)
        self.norm2 = nn.GroupNorm(min(8, cout), cout)

    def forward(self, x):
        return F.relu(self.norm2(self.conv2(F.relu(self.norm1(self.conv1(x))))))


class SurrogateUNet(nn.Module):
    def __init__(self, base, depth):
        super().__init__()
        self.depth = depth
        self.down = nn.ModuleList()
        c = 2
        for l in range(depth):
            self.down.append(DoubleConv(c, base * 2**l))
            c = base * 2**l
        self.up = nn.ModuleList()
        self.decode = nn.ModuleList()
        for l in range(depth - 2, -1, -1):
            co = base * 2**l
            self.up.append(nn.ConvTranspose2d(co * 2, co, 2, stride=2))
            self.decode.append(DoubleConv(co * 2, co))
        self.head = nn.Conv2d(base, 2, 1)

    def forward(self, x):
        skips = []
        for l in range(self.depth):
            if l > 0:
                x = F.max_pool2d(x, 2)
            x = self.down[l](x)
            skips.append(x)
        for i in range(len(self.up)):
            x = self.decode[i](torch.cat([self.up[i](x), skips[self.depth - 2 - i]], 1))
        return F.softplus(self.head(x))


def loss_of(pred, y, wet_weight=5.0, wet_depth=0.05, hazard_weight=1.0):
    w = (y[:, 0:1] > wet_depth).float() * (wet_weight - 1) + 1
    fields = ((pred - y).abs() * w).mean()
    hr = lambda t: t[:, 0:1] * (t[:, 1:2] + 0.5)
    return fields + hazard_weight * ((hr(pred) - hr(y)).abs() * w).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--base", type=int, default=16)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--batch", type=int, default=12)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    net = SurrogateUNet(a.base, a.depth)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(a.batch, 2, a.size, a.size)
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
