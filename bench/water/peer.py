#!/usr/bin/python3
"""The PyTorch side of bench:water: the same pixel CNN (seed 001's table), the same data.

train:   one epoch of balanced 7x7 windows gathered from the normalised Havel stack (same pixel order
         and labels as catchment), cross-entropy, Adam.
predict: the full-scene water probability of a W x H scene tiled from the Havel bands, normalised,
         run as a convolution in 512-pixel tiles with a 3-pixel halo, softmax.
Prints {"seconds": [...]} on stdout, one entry per round.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class PixelCnn(nn.Module):
    def __init__(self, bands):
        super().__init__()
        self.conv1 = nn.Conv2d(bands, 16, 3)
        self.conv2 = nn.Conv2d(16, 32, 3)
        self.conv3 = nn.Conv2d(32 + bands, 64, 3)
        self.conv4 = nn.Conv2d(64 + bands, 128, 1)
        self.conv5 = nn.Conv2d(128, 2, 1)

    def forward(self, x):
        H, W = x.shape[2:]
        h = F.relu(self.conv1(x))
        h = F.relu(self.conv2(h))
        h = F.relu(self.conv3(torch.cat([h, x[:, :, 2:H - 2, 2:W - 2]], 1)))
        h = F.relu(self.conv4(torch.cat([h, x[:, :, 3:H - 3, 3:W - 3]], 1)))
        return self.conv5(h)


def read_safetensors(path):
    codes = {"F32": np.float32, "I32": np.int32, "I64": np.int64}
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        blob = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = np.frombuffer(blob[a:b], dtype=codes[v["dtype"]]).reshape(v["shape"]).copy()
    return out


p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, required=True)
p.add_argument("--data", required=True)
p.add_argument("--mode", choices=["train", "predict"], required=True)
p.add_argument("--batch", type=int, default=256)
p.add_argument("--width", type=int, default=5000)
p.add_argument("--height", type=int, default=5000)
p.add_argument("--tile", type=int, default=512)
p.add_argument("--rounds", type=int, default=1)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.set_flush_denormal(True)
d = read_safetensors(args.data)
bands = d["stack"].shape[0]
net = PixelCnn(bands)
net.load_state_dict({k[len("model."):]: torch.from_numpy(v) for k, v in d.items() if k.startswith("model.")})

times = []
if args.mode == "train":
    stack = torch.from_numpy(d["stack"])  # [B, H, W] normalised
    W = stack.shape[2]
    pixels = torch.from_numpy(d["pixels"].astype(np.int64))
    labels = torch.from_numpy(d["labels"].astype(np.int64))
    off = torch.arange(-3, 4)
    for r in range(args.rounds):
        model = PixelCnn(bands)
        model.load_state_dict(net.state_dict())
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step(a, b):
            px = pixels[a:b]
            rows = (px // W)[:, None, None] + off[None, :, None]
            cols = (px % W)[:, None, None] + off[None, None, :]
            x = stack[:, rows, cols].permute(1, 0, 2, 3).contiguous()  # [N, B, 7, 7]
            opt.zero_grad()
            loss = F.cross_entropy(model(x).reshape(b - a, 2), labels[a:b])
            loss.backward()
            opt.step()
            return loss.item()

        step(0, args.batch)  # warm-up
        t0 = time.perf_counter()
        for a in range(0, len(pixels), args.batch):
            step(a, min(a + args.batch, len(pixels)))
        times.append(time.perf_counter() - t0)
else:
    net.eval()
    raw = d["raw"]  # [B, h, w] float32 bands of the Havel scene
    mean = d["mean"].astype(np.float32)[:, None, None]
    std = d["std"].astype(np.float32)[:, None, None]
    reps = (1, -(-args.height // raw.shape[1]), -(-args.width // raw.shape[2]))
    scene = np.tile(raw, reps)[:, : args.height, : args.width].copy()
    H, W = args.height, args.width
    for r in range(args.rounds):
        t0 = time.perf_counter()
        x = (scene - mean) / std
        valid = np.isfinite(x).all(0)
        x = np.nan_to_num(x, nan=0.0)
        prob = np.full((H, W), np.nan, dtype=np.float32)
        with torch.no_grad():
            for ty in range(0, H - 6, args.tile):
                for tx in range(0, W - 6, args.tile):
                    h = min(args.tile, H - 6 - ty)
                    w = min(args.tile, W - 6 - tx)
                    inp = torch.from_numpy(np.ascontiguousarray(x[None, :, ty: ty + h + 6, tx: tx + w + 6]))
                    prob[ty + 3: ty + 3 + h, tx + 3: tx + 3 + w] = net(inp).softmax(1)[0, 1].numpy()
        prob[~valid] = np.nan
        times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": times}))
