#!/usr/bin/python3
"""The PyTorch side of bench:runoff: the same EA-LSTM trained for one epoch on the same batches.

Reads the epoch's samples (in batch order) from a safetensors file written by run.ts and prints
{"epoch_seconds": [...]} on stdout, one entry per round.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine"))
from peer import EALSTM  # noqa: E402


class LastStepEALSTM(EALSTM):
    """catchment's EA-LSTM keeps only the last hidden state for the head; so does this one."""

    def forward(self, xd, xs):
        B, T, _ = xd.shape
        i = torch.sigmoid(self.input_gate(xs))
        steps = (xd.matmul(self.weight_ih) + self.bias).unbind(1)
        h = torch.zeros(B, self.H)
        c = torch.zeros(B, self.H)
        for t in range(T):
            f, o, g = torch.addmm(steps[t], h, self.weight_hh).chunk(3, 1)
            c = torch.sigmoid(f) * c + i * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        return self.head(h)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        blob = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(blob[a:b], dtype=np.float32).reshape(v["shape"]).copy())
    return out


p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, required=True)
p.add_argument("--data", required=True)
p.add_argument("--batch", type=int, required=True)
p.add_argument("--hidden", type=int, required=True)
p.add_argument("--rounds", type=int, required=True)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.set_flush_denormal(True)
d = read_safetensors(args.data)
x, s, y, std = d["x"], d["statics"], d["y"], d["std"]
N = x.shape[0]


def step(model, opt, a, b):
    opt.zero_grad()
    pred = model(x[a:b], s[a:b])
    loss = ((pred - y[a:b]) ** 2 / (std[a:b] + 0.1) ** 2).mean()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss.item()


times = []
for r in range(args.rounds):
    torch.manual_seed(r)
    model = LastStepEALSTM(x.shape[2], s.shape[1], args.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    step(model, opt, 0, args.batch)  # warm-up
    t0 = time.perf_counter()
    for a in range(0, N, args.batch):
        step(model, opt, a, min(a + args.batch, N))
    times.append(time.perf_counter() - t0)
print(json.dumps({"epoch_seconds": times}))
