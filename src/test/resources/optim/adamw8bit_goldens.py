#!/usr/bin/python3
"""Writes adamw8bit_goldens.safetensors, the goldens of rnnt4j's 8-bit AdamW (optim.AdamW8bit).

The math is a transcription, in this script's own code, of bitsandbytes (github.com/bitsandbytes-foundation/
bitsandbytes, commit 95f9af3):
  - the dynamic quantisation map: functional.create_dynamic_map(signed, max_exponent_bits=7, total_bits=8),
    signed for the first moment, unsigned for the second (optim/optimizer.py, fill_qmap);
  - block-wise quantisation and dequantisation: the torch reference kernels bitsandbytes::quantize_blockwise
    and dequantize_blockwise of backends/default/ops.py (absmax per block, the tail block on its own,
    nearest code by bucketize against the midpoints of the sorted map);
  - the 8-bit Adam update: backends/cpu/ops.py, _optimizer_update_8bit_blockwise_cpu for "adam" (dequantise
    both states with block size 256, the torch.optim.AdamW update in float32 with decoupled weight decay,
    requantise with a new absmax per block), which bnb.optim.AdamW8bit / Hugging Face's adamw_bnb_8bit
    run for parameters of at least min_8bit_size = 4096 elements.

Run with Debian's python3-torch (PyTorch 1.13): /usr/bin/python3 adamw8bit_goldens.py
The tests do not need this script; it is kept to show where every number came from.
"""
import json
import math
import struct

import torch

BLOCK = 256


def dynamic_map(signed):
    """create_dynamic_map(signed) with 7 exponent bits and 8 bits in all: 256 sorted float32 values."""
    exponent_bits, non_sign_bits = 7, 7
    values = []
    for i in range(exponent_bits):
        # 2^i (signed) or 2^(i+1) (unsigned) fraction steps between 0.1 and 1, at this decade
        points = 2 ** (i + non_sign_bits - exponent_bits) + 1 if signed else 2 ** (i + non_sign_bits - exponent_bits + 1) + 1
        edges = torch.linspace(0.1, 1, points, dtype=torch.float32)
        middles = (edges[:-1] + edges[1:]) / 2.0
        decade = 10 ** (-(exponent_bits - 1) + i)
        values += (decade * middles).tolist()
        if signed:
            values += (-decade * middles).tolist()
    # 2^(non_sign_bits - exponent_bits) - 1 = 0 further items for these arguments
    values += [0, 1.0]
    assert len(values) == 256
    values.sort()
    return torch.tensor(values, dtype=torch.float32)


def quantize(x, code):
    """quantize_blockwise: (uint8 codes shaped like x, float32 absmax per block)."""
    flat = x.reshape(-1).float()
    n = flat.numel()
    tail = n % BLOCK
    full = n - tail
    blocks = flat[:full].reshape(full // BLOCK, BLOCK)
    absmax = blocks.abs().max(dim=-1)[0]
    scaled = torch.clamp(blocks * (1.0 / absmax.clamp(min=1e-38).view(-1, 1)), -1, 1).reshape(-1)
    if tail:
        last = flat[full:].abs().max().clamp(min=1e-38)
        absmax = torch.cat([absmax, last.unsqueeze(0)])
        scaled = torch.cat([scaled, torch.clamp(flat[full:] / last, -1, 1)])
    midpoints = (code[:-1] + code[1:]) / 2
    codes = torch.bucketize(scaled, midpoints, out_int32=True).to(torch.uint8)
    return codes.reshape(x.shape), absmax


def dequantize(codes, absmax, code):
    """dequantize_blockwise to float32."""
    flat = code[codes.reshape(-1).to(torch.int64)]
    n = flat.numel()
    tail = n % BLOCK
    full = n - tail
    head = (flat[:full].reshape(full // BLOCK, BLOCK) * absmax[: full // BLOCK].view(-1, 1)).reshape(full)
    out = torch.cat([head, flat[full:] * absmax[full // BLOCK]]) if tail else head
    return out.reshape(codes.shape)


def adam8bit_step(p, g, state, step, lr, beta1, beta2, eps, weight_decay, signed, unsigned):
    """One 8-bit blockwise Adam update of p in place; state holds (state1, absmax1, state2, absmax2)."""
    m = dequantize(state["state1"], state["absmax1"], signed)
    v = dequantize(state["state2"], state["absmax2"], unsigned)
    grad = g.float() * 1.0  # gnorm_scale
    m.mul_(beta1).add_(grad, alpha=1.0 - beta1)
    v.mul_(beta2).addcmul_(grad, grad, value=1.0 - beta2)
    correction1 = 1.0 - beta1 ** step
    correction2 = math.sqrt(1.0 - beta2 ** step)
    denom = (v.sqrt() / correction2).add_(eps)
    if weight_decay > 0.0:
        p.mul_(1.0 - lr * weight_decay)
    p.addcdiv_(m, denom, value=-lr / correction1)
    state["state1"], state["absmax1"] = quantize(m, signed)
    state["state2"], state["absmax2"] = quantize(v, unsigned)


def write_safetensors(path, tensors, metadata):
    kinds = {torch.float32: ("F32", "<f"), torch.uint8: ("U8", "<B")}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        kind, fmt = kinds[t.dtype]
        values = t.reshape(-1).tolist()
        blob = struct.pack("<" + fmt[1] * len(values), *values)
        header[name] = {"dtype": kind, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    signed, unsigned = dynamic_map(True), dynamic_map(False)
    out = {"map.signed": signed, "map.unsigned": unsigned}
    # the float32 linspace steps the maps were made of (PyTorch 1.13's: 2.x rounds a few differently)
    for points in sorted({2 ** i + 1 for i in range(8)} - {1}):
        out["linspace.%d" % points] = torch.linspace(0.1, 1, points, dtype=torch.float32)

    # Round trip: three full blocks of different scales (one all zero) and a tail of 77.
    torch.manual_seed(7)
    x = torch.randn(3 * BLOCK + 77)
    x[:BLOCK] *= 1e-3
    x[BLOCK : 2 * BLOCK] = 0.0
    x[2 * BLOCK + 5] = 40.0  # an outlier sets its block's absmax
    for kind, code, values in (("signed", signed, x), ("unsigned", unsigned, x.square())):
        codes, absmax = quantize(values, code)
        out["quant.%s.input" % kind] = values
        out["quant.%s.codes" % kind] = codes
        out["quant.%s.absmax" % kind] = absmax
        out["quant.%s.dequantized" % kind] = dequantize(codes, absmax, code)

    # Four 8-bit Adam steps on a (20, 207) parameter: 4140 elements, 16 full blocks and a tail of 44.
    lrs = [1e-3, 2e-3, 1.5e-3, 5e-4]
    beta1, beta2, eps, weight_decay = 0.9, 0.999, 1e-8, 0.01
    torch.manual_seed(11)
    p = torch.randn(20, 207)
    out["adam.param"] = p.clone()
    n = p.numel()
    blocks = (n + BLOCK - 1) // BLOCK
    state = {
        "state1": torch.zeros_like(p, dtype=torch.uint8),
        "absmax1": torch.zeros(blocks),
        "state2": torch.zeros_like(p, dtype=torch.uint8),
        "absmax2": torch.zeros(blocks),
    }
    for k, lr in enumerate(lrs):
        g = torch.randn(20, 207) * 0.01
        g[k, :50] *= 30.0  # a few large gradients, in different blocks each step
        out["adam.grad.%d" % k] = g
        adam8bit_step(p, g, state, k + 1, lr, beta1, beta2, eps, weight_decay, signed, unsigned)
        out["adam.step%d.param" % k] = p.clone()
        for key, value in state.items():
            out["adam.step%d.%s" % (k, key)] = value.clone()
    metadata = {
        "source": "adamw8bit_goldens.py (bitsandbytes 95f9af3 transcribed), PyTorch " + torch.__version__,
        "lrs": json.dumps(lrs),
        "beta1": repr(beta1),
        "beta2": repr(beta2),
        "eps": repr(eps),
        "weight_decay": repr(weight_decay),
    }
    write_safetensors("adamw8bit_goldens.safetensors", out, metadata)


if __name__ == "__main__":
    main()
