#!/usr/bin/env python3
"""Writes schedules.json: learning rates of Hugging Face's and NeMo's schedules at chosen steps.

The lambdas below are transcribed from transformers/optimization.py (get_*_schedule_with_warmup,
get_inverse_sqrt_schedule); NeMo's NoamAnnealing and CosineAnnealing (WarmupAnnealHoldPolicy without
constant steps) from nemo/core/optim/lr_scheduler.py. The HF schedules run through torch's own LambdaLR
(PyTorch 1.13, Debian's python3-torch), stepped as the HF Trainer steps it; the NeMo ones are evaluated
at last_epoch = step, as Lightning steps them. Run: /usr/bin/python3 schedules_golden.py
"""
import json
import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def linear(step, w, total):
    if step < w:
        return float(step) / float(max(1, w))
    return max(0.0, float(total - step) / float(max(1, total - w)))


def cosine(step, w, total, num_cycles=0.5):
    if step < w:
        return float(step) / float(max(1, w))
    progress = float(step - w) / float(max(1, total - w))
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)))


def cosine_restarts(step, w, total, num_cycles=1):
    if step < w:
        return float(step) / float(max(1, w))
    progress = float(step - w) / float(max(1, total - w))
    if progress >= 1.0:
        return 0.0
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * ((float(num_cycles) * progress) % 1.0))))


def polynomial(step, w, total, lr_init, lr_end=1e-7, power=1.0):
    if step < w:
        return float(step) / float(max(1, w))
    elif step > total:
        return lr_end / lr_init
    lr_range = lr_init - lr_end
    decay_steps = total - w
    pct_remaining = 1 - (step - w) / decay_steps
    decay = lr_range * pct_remaining**power + lr_end
    return decay / lr_init


def constant(step):
    return 1


def constant_warmup(step, w):
    if step < w:
        return float(step) / float(max(1.0, w))
    return 1.0


def inverse_sqrt(step, w, timescale=None):
    if timescale is None:
        timescale = w or 10_000
    if step < w:
        return float(step) / float(max(1, w))
    shift = timescale - w
    return 1.0 / math.sqrt((step + shift) / timescale)


def noam(lr, step, d_model, w, min_lr):
    normalize = d_model ** (-0.5)
    step = max(1, step)
    if w > 0:
        mult = normalize * min(step ** (-0.5), step * (w ** (-1.5)))
    else:
        mult = normalize * step ** (-0.5)
    out = lr * mult
    if step > w:
        out = max(out, min_lr)
    return out


def cosine_annealing(lr, step, w, max_steps, min_lr):
    if w > 0 and step <= w:
        return lr * (step + 1) / (w + 1)
    if step > max_steps:
        return min_lr
    s = step - w
    m = max_steps - w
    mult = 0.5 * (1 + math.cos(math.pi * s / m))
    return (lr - min_lr) * mult + min_lr


def run_lambda(peak, fn, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.AdamW([p], lr=peak)
    sched = LambdaLR(opt, fn)
    out = {}
    for step in range(max(steps) + 1):
        if step in steps:
            out[step] = sched.get_last_lr()[0]
        opt.step()
        sched.step()
    return [[s, out[s]] for s in steps]


STEPS = [0, 1, 2, 5, 9, 10, 11, 37, 50, 99, 100, 101, 150]
cases = []


def hf(name, peak, w, total, kwargs, fn):
    cases.append({"type": name, "peak_lr": peak, "warmup_steps": w, "total_steps": total, "kwargs": kwargs,
                  "lrs": run_lambda(peak, fn, STEPS)})


hf("linear", 5e-3, 10, 100, {}, lambda s: linear(s, 10, 100))
hf("linear", 1e-3, 0, 100, {}, lambda s: linear(s, 0, 100))
hf("cosine", 5e-3, 10, 100, {}, lambda s: cosine(s, 10, 100))
hf("cosine", 5e-3, 10, 100, {"num_cycles": 2.0}, lambda s: cosine(s, 10, 100, 2.0))
hf("cosine_with_restarts", 5e-3, 10, 100, {}, lambda s: cosine_restarts(s, 10, 100))
hf("cosine_with_restarts", 5e-3, 10, 100, {"num_cycles": 3}, lambda s: cosine_restarts(s, 10, 100, 3))
hf("polynomial", 5e-3, 10, 100, {}, lambda s: polynomial(s, 10, 100, 5e-3))
hf("polynomial", 5e-3, 10, 100, {"lr_end": 1e-4, "power": 2.0}, lambda s: polynomial(s, 10, 100, 5e-3, 1e-4, 2.0))
hf("constant", 5e-3, 10, 100, {}, constant)
hf("constant_with_warmup", 5e-3, 10, 100, {}, lambda s: constant_warmup(s, 10))
hf("inverse_sqrt", 5e-3, 10, 100, {}, lambda s: inverse_sqrt(s, 10))
hf("inverse_sqrt", 5e-3, 0, 100, {}, lambda s: inverse_sqrt(s, 0))
hf("inverse_sqrt", 5e-3, 10, 100, {"timescale": 40}, lambda s: inverse_sqrt(s, 10, 40))

for lr, d_model, w, min_lr in [(5.0, 176, 10, 1e-6), (2.0, 256, 0, 0.0), (5.0, 176, 10, 0.3)]:
    cases.append({"type": "NoamAnnealing", "lr": lr, "d_model": d_model, "warmup_steps": w, "min_lr": min_lr,
                  "lrs": [[s, noam(lr, s, d_model, w, min_lr)] for s in STEPS]})
for lr, w, max_steps, min_lr in [(5e-3, 10, 100, 5e-4), (0.05, 0, 100, 1e-6)]:
    cases.append({"type": "CosineAnnealing", "lr": lr, "warmup_steps": w, "max_steps": max_steps, "min_lr": min_lr,
                  "lrs": [[s, cosine_annealing(lr, s, w, max_steps, min_lr)] for s in STEPS]})

with open("schedules.json", "w") as f:
    json.dump({"source": "schedules_golden.py: HF's lambdas through torch 1.13 LambdaLR; NeMo's formulas",
               "cases": cases}, f, indent=1)
print(len(cases), "cases")
