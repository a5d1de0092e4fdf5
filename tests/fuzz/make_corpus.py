#!/usr/bin/env python3
"""Writes the seed corpus for fuzz_safetensors_header into tests/fuzz/corpus/.

Small valid files (8-byte little-endian header length, JSON header, data) so the fuzzer
starts from inputs that reach the deep checks instead of the length check.
"""
import json
import pathlib
import struct

OUT = pathlib.Path(__file__).resolve().parent / "corpus"


def safetensors(header, data=b"", pad=True):
    text = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


SEEDS = {
    "two_tensors": safetensors(
        {
            "weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
            "bias": {"dtype": "F16", "shape": [2], "data_offsets": [16, 20]},
        },
        struct.pack("<4f", 1.0, -2.0, 0.5, 3.0) + bytes([0x00, 0x3C, 0x00, 0xC0]),
    ),
    "empty_object": safetensors({}, pad=False),
    "metadata": safetensors(
        {
            "__metadata__": {"format": "pt", "source": "prunescope"},
            "mask": {"dtype": "BOOL", "shape": [4], "data_offsets": [0, 4]},
        },
        bytes([1, 0, 1, 1]),
    ),
    "scalar_and_empty": safetensors(
        {
            "logit_scale": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]},
            "nothing": {"dtype": "I32", "shape": [0, 3], "data_offsets": [8, 8]},
        },
        struct.pack("<d", 4.6052),
    ),
    "unsigned_and_f8": safetensors(
        {
            "u64": {"dtype": "U64", "shape": [1], "data_offsets": [0, 8]},
            "u16": {"dtype": "U16", "shape": [2], "data_offsets": [8, 12]},
            "e4m3": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [12, 14]},
            "e5m2": {"dtype": "F8_E5M2", "shape": [2], "data_offsets": [14, 16]},
        },
        struct.pack("<Q2H", 2**63, 65535, 7) + bytes([0x7F, 0x38, 0x7C, 0x01]),
    ),
}

if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, content in SEEDS.items():
        (OUT / name).write_bytes(content)
        print(f"{name}: {len(content)} bytes")
