#!/usr/bin/python3
"""The PyTorch side of bench:design: catchment's iterative design loop (src/design/optimize.ts) in
PyTorch, with the same surrogate U-Net (bench/surrogate/peer.py) and the same weights (the model's
weights.safetensors, read here without the safetensors package: an 8-byte header length, a JSON
header, raw little-endian tensors).

Per iteration: forward of the encoded terrain and buildings (src/design/forward.ts), the AOI as
predicted HR > threshold on open cells, J = mean HR in the AOI, dJ/dz by autograd, a step of size
eta = clip / max|dJ/dz| (set at the first iteration), each cell's change clipped to +-clip, free
cells only (no smoothing, no budget: the constraints-free loop catchment is timed on).

Inputs come from bench/design/run.ts as raw arrays in --data; prints one JSON object."""
import argparse
import collections
import heapq
import importlib.util
import itertools
import json
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F

_spec = importlib.util.spec_from_file_location("surrogate_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "surrogate", "peer.py"))
_surrogate_peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_surrogate_peer)
SurrogateUNet = _surrogate_peer.SurrogateUNet  # bench/surrogate/peer.py's U-Net, the one its bench trains

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = memoryview(raw)[8 + n :]
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        a, b = h["data_offsets"]
        t = torch.frombuffer(bytearray(body[a:b]), dtype=DTYPES[h["dtype"]])
        out[name] = t.reshape(h["shape"]) if h["shape"] else t.reshape(())
    return out


def load_net(model_dir):
    """The U-Net of model.json's arch with catchment's weights (its names mapped onto the peer's)."""
    with open(os.path.join(model_dir, "model.json")) as f:
        meta = json.load(f)
    arch = meta["arch"]
    if arch["model"] != "unet" or arch["norm"] != "group":
        sys.exit(f"bench/design/peer.py: {model_dir}/model.json: arch {arch} (the peer builds group-norm U-Nets only)")
    depth = arch["depth"]
    net = SurrogateUNet(arch.get("inputs", 2), arch["base"], depth)
    state = {}
    for name, t in read_safetensors(os.path.join(model_dir, "weights.safetensors")).items():
        parts = name.split(".")
        if parts[0] != "unet":
            sys.exit(f"bench/design/peer.py: unexpected weight {name}")
        mod = parts[1]
        if mod.startswith("down"):
            key = f"down.{int(mod[4:])}"
        elif mod.startswith("decode"):
            key = f"decode.{depth - 2 - int(mod[6:])}"
        elif mod.startswith("up"):
            key = f"up.{depth - 2 - int(mod[2:])}"
        else:
            key = mod
        state[".".join([key, *parts[2:]])] = t
    net.load_state_dict(state, strict=True)
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    return net, meta


def spill_index(surface, h, w, blocked):
    """Each cell's spill cell in the priority-flood fill from the open edge (src/surrogate/baseline.ts)."""
    z = surface.reshape(-1).tolist()
    closed = blocked.reshape(-1).tolist()
    filled = list(z)
    spill = list(range(h * w))
    done = [False] * (h * w)
    heap, seq = [], itertools.count()  # ties pop in insertion order, as src/util/min-heap.ts
    for r in range(h):
        for c in range(w):
            i = r * w + c
            if (r in (0, h - 1) or c in (0, w - 1)) and not closed[i]:
                heapq.heappush(heap, (filled[i], next(seq), i))
                done[i] = True
    pit = collections.deque()  # Priority-Flood+Queue, as baseline.ts: raised cells skip the heap
    while heap or pit:
        i = pit.popleft() if pit else heapq.heappop(heap)[2]
        level = filled[i]
        r, c = divmod(i, w)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                rr, cc = r + dr, c + dc
                if (dr or dc) and 0 <= rr < h and 0 <= cc < w:
                    j = rr * w + cc
                    if done[j] or closed[j]:
                        continue
                    done[j] = True
                    if filled[j] <= level:
                        if filled[j] < level:
                            filled[j] = level
                            spill[j] = spill[i]
                        pit.append(j)
                    else:
                        heapq.heappush(heap, (filled[j], next(seq), j))
    return torch.tensor(spill, dtype=torch.int64)


class Surrogate:
    """forward.ts: terrain c*(z - mean z) on open cells, buildings 1 on blocked cells, the depression
    depth (surface at the spill cell - surface) when the model has it, replicate padding."""

    def __init__(self, net, meta, h, w, blocked):
        self.net = net
        self.c = meta["encoding"]["c"]
        dep = meta["encoding"].get("depression")
        self.building_height = dep["building_height_m"] if dep else None
        self.blocked = blocked
        m = 2 ** (meta["arch"]["depth"] - 1)
        p = meta["scenario"]["patch_size"]
        self.pad_w = max(p, -(-w // m) * m) - w
        self.pad_h = max(p, -(-h // m) * m) - h
        self.h, self.w = h, w
        self.valid = (1 - blocked.float()).reshape(1, 1, h, w)
        self.valid_count = float(self.valid.sum())

    def hr(self, z, b):
        mean = (z * self.valid).sum() / self.valid_count
        terrain = (z - mean) * self.c * self.valid
        buildings = b * self.valid + (1 - self.valid)
        channels = [terrain, buildings]
        if self.building_height is not None:
            surface = z + b * self.building_height
            spill = spill_index(surface.detach(), self.h, self.w, self.blocked)
            filled = surface.reshape(-1).index_select(0, spill).reshape(1, 1, self.h, self.w)
            channels.append((filled - surface) * self.valid)
        x = torch.cat(channels, 1)
        if self.pad_w or self.pad_h:
            x = F.pad(x, (0, self.pad_w, 0, self.pad_h), mode="replicate")
        y = self.net(x)[:, :, : self.h, : self.w]
        return y[:, 0:1] * (y[:, 1:2] + 0.5)


def read(path, dtype, shape):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=dtype).reshape(shape)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True, help="folder of ground.f64 mask.f32 blocked.u8 free.u8 aoi.u8 hr_catchment.f32")
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--height", type=int, required=True)
    ap.add_argument("--cell", type=float, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--clip", type=float, default=0.1)
    ap.add_argument("--threshold", type=float, default=0.1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    h, w = a.height, a.width
    shape = (1, 1, h, w)
    d = lambda name: os.path.join(a.data, name)
    z0 = read(d("ground.f64"), torch.float64, shape)
    b = read(d("mask.f32"), torch.float32, shape)
    blocked = read(d("blocked.u8"), torch.uint8, shape).bool()
    free = read(d("free.u8"), torch.uint8, shape).double()
    aoi0 = read(d("aoi.u8"), torch.uint8, shape).bool()
    hr_ours = read(d("hr_catchment.f32"), torch.float32, shape)
    net, meta = load_net(a.model)
    f = Surrogate(net, meta, h, w, blocked)
    cell_area = a.cell * a.cell

    with torch.no_grad():
        hr_first = f.hr(z0.float(), b)
    hr_diff = float((hr_first - hr_ours).abs().max())

    z = z0.clone()
    eta = 0.0
    times, objective, aoi_cells, records = [], [], [], []
    gradient = None
    stopped = "iterations"
    for it in range(1, a.iterations + 1):
        t0 = time.perf_counter()
        zt = z.float().requires_grad_(True)
        hr = f.hr(zt, b)
        hr_now = hr.detach()
        aoi = (hr_now > a.threshold) & ~blocked
        count = int(aoi.sum())
        if count == 0:
            stopped = "empty aoi"
            break
        j = (hr * aoi).sum() / count
        (g,) = torch.autograd.grad(j, zt)
        g = g.double()
        if it == 1:
            gradient = g.float().clone()
            gmax = float((g.abs() * free).max())
            if gmax == 0:
                stopped = "no gradient"
                break
            eta = a.clip / gmax
        z = z + (-eta * g).clamp(-a.clip, a.clip) * free
        dz = z - z0
        objective.append(float(hr_now[aoi0].mean()) if bool(aoi0.any()) else 0.0)
        aoi_cells.append(count)
        records.append([float(dz.clamp(max=0).sum().neg()) * cell_area, float(dz.clamp(min=0).sum()) * cell_area, float(dz.abs().max())])
        times.append(time.perf_counter() - t0)
    if gradient is not None:
        gradient.numpy().tofile(d("gradient_pytorch.f32"))
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "hr_max_abs_diff": hr_diff,
        "iteration_s": times,
        "objective": objective,
        "aoi_cells": aoi_cells,
        "final": records[-1] if records else None,
        "stopped": stopped,
    }))


if __name__ == "__main__":
    main()
