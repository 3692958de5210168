#!/usr/bin/python3
"""The PyTorch side of bench/engine: the same four models and training steps as run.ts.

Prints one JSON object {model: [seconds per training step, ...]} on stdout.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from peer_unet import UNet  # noqa: E402



def conv_net():
    return nn.Sequential(nn.Conv2d(2, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 1, 3, padding=1))


class LstmModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 64, batch_first=True)
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


class EALSTM(nn.Module):
    def __init__(self, nd=5, ns=27, H=256):
        super().__init__()
        self.H = H
        self.weight_ih = nn.Parameter(torch.empty(nd, 3 * H))
        self.weight_hh = nn.Parameter(torch.empty(H, 3 * H))
        self.bias = nn.Parameter(torch.zeros(3 * H))
        nn.init.xavier_uniform_(self.weight_ih)
        nn.init.xavier_uniform_(self.weight_hh)
        self.input_gate = nn.Linear(ns, H)
        self.head = nn.Linear(H, 1)

    def forward(self, xd, xs):
        B, T, _ = xd.shape
        i = torch.sigmoid(self.input_gate(xs))
        projected = xd.matmul(self.weight_ih) + self.bias
        h = torch.zeros(B, self.H)
        c = torch.zeros(B, self.H)
        hs = []
        steps = projected.unbind(1)
        for t in range(T):
            gates = torch.addmm(steps[t], h, self.weight_hh)
            f, o, g = gates.chunk(3, 1)
            c = torch.sigmoid(f) * c + i * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            hs.append(h)
        return self.head(torch.stack(hs, 1)[:, -1])


def bench(model, inputs, target, warmup, steps):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for k in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.mse_loss(model(*inputs), target)
        loss.backward()
        opt.step()
        loss.item()
        if k >= warmup:
            times.append(time.perf_counter() - t0)
    return times


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--only", required=True)
    p.add_argument("--warmup", type=int, required=True)
    p.add_argument("--steps", type=int, required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    w, n = args.warmup, args.steps
    cases = {
        "conv": lambda: bench(conv_net(), [torch.randn(8, 2, 64, 64)], torch.randn(8, 1, 64, 64), w, n),
        "unet": lambda: bench(UNet(2, 1, base=32, depth=4, norm="batch"), [torch.randn(4, 2, 256, 256)], torch.randn(4, 1, 256, 256), w, n),
        "lstm": lambda: bench(LstmModel(), [torch.randn(64, 270, 5)], torch.randn(64, 1), w, n),
        "ealstm": lambda: bench(EALSTM(), [torch.randn(256, 270, 5), torch.randn(256, 27)], torch.randn(256, 1), w, n),
    }
    print(json.dumps({name: cases[name]() for name in args.only.split(",")}))
