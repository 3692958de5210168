"""The U-Net the PyTorch peers of bench/ build, mirroring catchment's: per level two bias-free 3x3
convs, each followed by a norm (group norm of min(8, C) groups, or batch norm) and ReLU; max-pool
down, transposed conv up, skip connections by concatenation, a 1x1 head. Module names match
catchment's state-dict keys (down.L.conv1.weight, up.I.weight, decode.I.norm2.bias, head.weight)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DoubleConv(nn.Module):
    def __init__(self, cin, cout, norm="group"):
        super().__init__()
        make = (lambda c: nn.GroupNorm(min(8, c), c)) if norm == "group" else nn.BatchNorm2d
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.norm1 = make(cout)
        self.norm2 = make(cout)

    def forward(self, x):
        return F.relu(self.norm2(self.conv2(F.relu(self.norm1(self.conv1(x))))))


class UNet(nn.Module):
    def __init__(self, cin, cout, base, depth, norm="group"):
        super().__init__()
        self.depth = depth
        self.down = nn.ModuleList()
        c = cin
        for l in range(depth):
            self.down.append(DoubleConv(c, base * 2**l, norm))
            c = base * 2**l
        self.up = nn.ModuleList()
        self.decode = nn.ModuleList()
        for l in range(depth - 2, -1, -1):
            co = base * 2**l
            self.up.append(nn.ConvTranspose2d(co * 2, co, 2, stride=2))
            self.decode.append(DoubleConv(co * 2, co, norm))
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
