#!/usr/bin/python3
"""The PyTorch side of the step benchmark (benchmarks/Wsp.Benchmarks/StepComparison.cs).

A persistent worker driven over stdin/stdout, one JSON object per line, so that the .NET harness can
interleave its own repetitions with this process's in one run:
  {"cmd": "setup", "arch": "TinyNet"|"ResNet18", "size": 64, "batch": 64, "kind": "pretrain"|"finetune",
   "threads": 2, "channels_last": false}          -> {"ok": true}
  {"cmd": "step"}                                   -> {"ms": 123.4, "loss": 1.23}
  {"cmd": "loss", "n": 1024}                        -> {"ms": ...}  (WSP loss forward + backward, D = 128)
  {"cmd": "conv", "in": 64, "out": 64, "kernel": 3, "stride": 1, "padding": 1, "bias": false, "size": 16,
   "batch": 64, "threads": 2}                       -> {"forward": ms, "backward": ms, "faults": n}
                                                       (one convolution of that shape, as Wsp's ConvProbe)
The layers, initial weights' distribution, WSP loss formula and Adam match Wsp's
(src/Wsp.Core/Encoders, src/Wsp.Losses): TinyNet with a 256-128 projection head, ResNet-18 with a
one-channel stem, a linear classifier head with class-weighted cross-entropy for fine-tuning.
"""
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def tiny_net(representation=512):
    layers = []
    channels = [1, 16, 32, 64, 128, representation]
    for i in range(5):
        conv = nn.Conv2d(channels[i], channels[i + 1], 5, padding=2)
        nn.init.kaiming_normal_(conv.weight, mode="fan_in", nonlinearity="relu")
        nn.init.zeros_(conv.bias)
        layers += [conv, nn.ReLU(inplace=True), nn.MaxPool2d(2)]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers), representation


class BasicBlock(nn.Module):
    def __init__(self, inputs, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, width, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = None
        if stride != 1 or inputs != width:
            self.downsample = nn.Sequential(nn.Conv2d(inputs, width, 1, stride=stride, bias=False), nn.BatchNorm2d(width))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(y + identity)


class ResNet18(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        blocks, channels = [], 64
        for width, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            blocks.append(nn.Sequential(BasicBlock(channels, width, stride), BasicBlock(width, width, 1)))
            channels = width
        self.layer1, self.layer2, self.layer3, self.layer4 = blocks
        self.avgpool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.avgpool(x).flatten(1)


class SliceEncoder(nn.Module):
    def __init__(self, arch, classes=2):
        super().__init__()
        if arch == "TinyNet":
            self.backbone, size = tiny_net()
        else:
            self.backbone, size = ResNet18(), 512
        self.projection = nn.Sequential(nn.Linear(size, 256), nn.ReLU(), nn.Linear(256, 128))
        self.classifier = nn.Linear(size, classes)

    def project(self, x):
        return self.projection(self.backbone(x))

    def classify(self, x):
        return self.classifier(self.backbone(x))


def wsp_loss(view_a, view_b, labels, positions, sigma=0.85, tau=0.1):
    """The WSP loss with per-anchor weight normalisation, as Wsp's default (every [2N, 2N] term materialised)."""
    z = F.normalize(torch.cat([view_a, view_b]), dim=1)
    rows = z.shape[0]
    y, d = torch.cat([labels, labels]), torch.cat([positions, positions])
    eye = torch.eye(rows, dtype=torch.bool)
    weights = (y[:, None] == y[None, :]).float() * torch.exp(-(d[:, None] - d[None, :]) ** 2 / (2 * sigma ** 2))
    weights = weights.masked_fill(eye, 0)
    weights = weights / weights.sum(1, keepdim=True).clamp_min(1e-30)
    logits = (z @ z.t() / tau).masked_fill(eye, -math.inf)
    log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -(weights * log_p.masked_fill(eye, 0)).sum() / rows


class Bench:
    def setup(self, arch, size, batch, kind, threads, channels_last=False, **_):
        torch.set_num_threads(threads)
        torch.manual_seed(1)
        self.kind = kind
        self.model = SliceEncoder(arch)
        self.model.train()
        fmt = torch.channels_last if channels_last else torch.contiguous_format
        self.model = self.model.to(memory_format=fmt)
        self.view_a = torch.rand(batch, 1, size, size).contiguous(memory_format=fmt)
        self.view_b = torch.rand(batch, 1, size, size).contiguous(memory_format=fmt)
        self.labels = torch.randint(0, 3, (batch,))
        self.positions = torch.rand(batch)
        self.classes = torch.randint(0, 2, (batch,))
        self.class_weights = torch.tensor([0.7, 1.3])
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-5)

    def step(self):
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        self.optimizer.zero_grad()
        if self.kind == "pretrain":
            loss = wsp_loss(self.model.project(self.view_a), self.model.project(self.view_b), self.labels, self.positions)
        else:
            loss = F.cross_entropy(self.model.classify(self.view_a), self.classes, weight=self.class_weights)
        forward = time.perf_counter()
        loss.backward()
        backward = time.perf_counter()
        self.optimizer.step()
        value = loss.item()
        end = time.perf_counter()
        return {"ms": (end - start) * 1e3, "forward": (forward - start) * 1e3, "backward": (backward - forward) * 1e3,
                "optimizer": (end - backward) * 1e3, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults,
                "loss": value}

    def conv(self, threads, batch, size, **shape):
        torch.set_num_threads(threads)
        key = (batch, size, tuple(sorted(shape.items())))
        if getattr(self, "conv_key", None) != key:
            self.conv_key = key
            self.conv_module = nn.Conv2d(shape["in"], shape["out"], shape["kernel"], stride=shape["stride"],
                                         padding=shape["padding"], bias=shape["bias"])
            self.conv_input = torch.rand(batch, shape["in"], size, size).requires_grad_(shape["in"] > 1)
            with torch.no_grad():
                self.conv_gradient = torch.rand_like(self.conv_module(self.conv_input))
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        output = self.conv_module(self.conv_input)
        forward = time.perf_counter()
        output.backward(self.conv_gradient)
        end = time.perf_counter()
        return {"forward": (forward - start) * 1e3, "backward": (end - forward) * 1e3,
                "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults}

    def loss(self, n, **_):
        a = torch.randn(n, 128, requires_grad=True)
        b = torch.randn(n, 128, requires_grad=True)
        labels, positions = torch.randint(0, 3, (n,)), torch.rand(n)
        start = time.perf_counter()
        wsp_loss(a, b, labels, positions).backward()
        return {"ms": (time.perf_counter() - start) * 1e3}


def main():
    bench = Bench()
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "interop": torch.get_num_interop_threads(), "mkldnn": torch.backends.mkldnn.is_available()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        command = request.pop("cmd")
        if command == "setup":
            bench.setup(**request)
            reply = {"ok": True}
        elif command == "step":
            reply = bench.step()
        elif command == "loss":
            reply = bench.loss(**request)
        elif command == "conv":
            reply = bench.conv(**request)
        else:
            break
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
