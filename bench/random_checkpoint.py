"""Checkpoints of real shapes with random weights, written with the standard library alone
(no PyTorch or numpy on the build machine): normal weights (std 0.02, one block of 2^20
values repeated), LayerNorm weights at 1, biases at 0. Speed and memory do not depend on
the values."""
import array
import json
import os
import random
import struct


def write_checkpoint(folder, config, shapes, is_norm=lambda name: False):
    """config.json and model.safetensors of `shapes` [(name, shape)], float32; returns its bytes."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    rng = random.Random(0)
    block = array.array("f", (rng.gauss(0, 0.02) for _ in range(1 << 20))).tobytes()
    header, offset = {}, 0
    for name, shape in shapes:
        count = 1
        for n in shape:
            count *= n
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + 4 * count]}
        offset += 4 * count
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(os.path.join(folder, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for name, shape in shapes:
            size = header[name]["data_offsets"][1] - header[name]["data_offsets"][0]
            if len(shape) == 1:
                value = 1.0 if name.endswith(".weight") and is_norm(name) else 0.0
                f.write(array.array("f", [value]).tobytes() * (size // 4))
                continue
            while size > 0:
                chunk = block[:min(size, len(block))]
                f.write(chunk)
                size -= len(chunk)
    return offset
