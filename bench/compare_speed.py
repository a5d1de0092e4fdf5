"""Mask comparison speed on one GPU: PruneScope against a plain PyTorch loop.

K masks (--masks, 12 by default) over every prunable weight, head and FFN neuron of a
BERT-base-shaped model (85M weights + 144 heads + 36,864 neurons per mask; random, with
sparsities from 10 % to 65 %), compared with `prunescope-cli compare --device cuda`: the
K x K IoU, cosine and Hamming matrices overall, per layer and per tensor, and the profiles.
The times are the ones the command reports: the comparison of the masks on the GPU, and
apart from it their copy there (file reading not). The masks are stored as PruneScope
stores them, U8; the same masks stored as float32 with no recorded kind (as other tools
write masks) are timed too: read as masks by their values, and checked to give the same IoU.
With --bench (prunescope-bench-compare), the same masks are also compared in one process:
the first comparison (which loads the GPU's kernels and libraries, as every `compare`
command does) and each one after it (as in the GUI, once it has compared anything), with
the GPU kernels of one warm comparison on stderr.
The PyTorch reference computes the overall matrices only, pair by pair with boolean
operations on the GPU, from the same U8 masks (its copy to the GPU timed apart). Four
score maps are also compared (Spearman, Kendall tau-b on 200,000 units, top-10 % overlap).

    python3 bench/compare_speed.py --cli build/cuda/app/prunescope-cli --model /tmp/prunescope-bench/bert \
        --work /tmp/pscompare --out bench/results/compare-speed.md
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

import torch
import transformers
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpu_bench import make_model  # noqa: E402


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def prunable(model):
    names = []
    for name, p in model.named_parameters():
        if name.startswith("bert.encoder.layer.") and name.endswith(".weight") and p.dim() == 2:
            names.append((name, tuple(p.shape)))
    return names


def run_compare(cli, model, files):
    result = subprocess.run([cli, "compare", *files, "--model", model, "--device", "cuda", "--json"],
                            check=True, capture_output=True, text=True)
    found = re.search(r"in ([0-9.e-]+) s \(copied there before, in ([0-9.e-]+) s\)", result.stderr)
    return json.loads(result.stdout), float(found.group(1)), float(found.group(2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--model", required=True, help="a BERT-base-shaped checkpoint folder (made if missing)")
    parser.add_argument("--work", default="/tmp/prunescope-compare")
    parser.add_argument("--out", help="a Markdown report")
    parser.add_argument("--json", help="the same as JSON, its table under \"markdown\" (for bench/gpu_bench.py)")
    parser.add_argument("--bench", help="prunescope-bench-compare: first and later comparisons in one process")
    parser.add_argument("--masks", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if not os.path.exists(os.path.join(args.model, "config.json")):
        make_model("bert").save_pretrained(args.model)
    model = transformers.BertForSequenceClassification.from_pretrained(args.model)
    shapes = prunable(model)
    del model
    g = torch.Generator().manual_seed(0)
    masks, files, float_files = [], [], []
    for i in range(args.masks):
        sparsity = 0.1 + 0.55 * i / max(1, args.masks - 1)
        mask = {name: (torch.rand(shape, generator=g) >= sparsity).to(torch.uint8) for name, shape in shapes}
        mask["heads"] = (torch.rand(12, 12, generator=g) >= sparsity).to(torch.uint8)
        mask["neurons"] = (torch.rand(12, 3072, generator=g) >= sparsity).to(torch.uint8)
        path = os.path.join(args.work, f"mask{i:02d}.safetensors")
        save_file(mask, path)
        float_path = os.path.join(args.work, f"mask{i:02d}-float.safetensors")
        save_file({name: t.float() for name, t in mask.items()}, float_path)
        masks.append(mask)
        files.append(path)
        float_files.append(float_path)
    entries = sum(t.numel() for t in masks[0].values())
    log(f"{args.masks} masks of {entries / 1e6:.1f}M entries")

    run_compare(args.cli, args.model, files[:2])  # CUDA initialisation, page cache
    times, copies, ours = [], [], None
    for _ in range(args.repeats):
        ours, seconds, copy = run_compare(args.cli, args.model, files)
        times.append(seconds)
        copies.append(copy)
    ours_seconds = statistics.median(times)
    in_process = None
    if args.bench:
        found = subprocess.run([args.bench, "--model", args.model, "--device", "cuda", "--repeat", str(args.repeats),
                                "--profile", "15", *files], check=True, capture_output=True, text=True)
        log(found.stderr)
        in_process = json.loads(found.stdout.splitlines()[-1])
    float_runs = [run_compare(args.cli, args.model, float_files) for _ in range(args.repeats)]
    float_seconds = statistics.median(run[1] for run in float_runs)
    float_difference = max(abs(x - y) for row_a, row_b in zip(float_runs[0][0]["overall"]["iou"], ours["overall"]["iou"])
                           for x, y in zip(row_a, row_b))

    # PyTorch reference: overall IoU, cosine and Hamming, pair by pair, from the same U8
    # masks in host memory. It runs warm in this process (its first run discarded); each
    # PruneScope run is a fresh process whose comparison also pays for CUDA's first uses.
    host = [torch.cat([m[name].flatten() for name in sorted(m)]) for m in masks]

    def reference(flat):
        k = len(flat)
        iou = torch.zeros(k, k, dtype=torch.float64)
        for a in range(k):
            for b in range(k):
                pa, pb = ~flat[a], ~flat[b]
                both = (pa & pb).sum().item()
                either = (pa | pb).sum().item()
                keep = (flat[a] & flat[b]).sum().item()
                iou[a, b] = both / either if either else 1.0
                _cosine = keep / (flat[a].sum().item() * flat[b].sum().item()) ** 0.5
                _hamming = (pa ^ pb).sum().item() / pa.numel()
        return iou

    # Timed apart, as PruneScope's: the copy to the GPU, then the comparison of masks already there.
    their_copies, their_times = [], []
    for _ in range(args.repeats + 1):
        torch.cuda.synchronize()
        start = time.perf_counter()
        flat = [h.cuda().bool() for h in host]
        torch.cuda.synchronize()
        their_copies.append(time.perf_counter() - start)
        start = time.perf_counter()
        iou = reference(flat)
        torch.cuda.synchronize()
        their_times.append(time.perf_counter() - start)
    their_copies, their_times = their_copies[1:], their_times[1:]  # the first warms up
    theirs_seconds = statistics.median(their_times)
    difference = (torch.tensor(ours["overall"]["iou"], dtype=torch.float64) - iou).abs().max().item()

    # Score maps: rank correlations.
    score_files = []
    base = {name: torch.randn(shape, generator=g) for name, shape in shapes}
    for i in range(4):
        scores = {name: t + 0.5 * i * torch.randn(t.shape, generator=g) for name, t in base.items()}
        path = os.path.join(args.work, f"scores{i}.safetensors")
        save_file(scores, path)
        score_files.append(path)
    _, score_seconds, _ = run_compare(args.cli, args.model, score_files)

    gpu = torch.cuda.get_device_name(0)
    ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"
    table = (f"{args.masks} masks of a BERT-base-shaped model, {entries / 1e6:.1f}M entries each (every prunable weight, "
             "head and FFN neuron), random with sparsities from 10 % to 65 %. Medians of "
             f"{args.repeats} runs with their range. The comparison of masks already on the GPU, as the command reports "
             "it, and apart from it the masks' copy there (PruneScope: from the mapped files through pinned memory; "
             "PyTorch: from host tensors); file reading and CUDA start-up in neither.\n\n"
             "| what | PruneScope (`compare --device cuda`) | PyTorch loop | speed-up | agreement |\n|---|---|---|---|---|\n"
             f"| {args.masks} masks: IoU, cosine, Hamming ({args.masks}×{args.masks}; PruneScope also per layer, per "
             f"tensor, profiles) | {ms(times)} | {ms(their_times)} (overall only) | "
             f"{theirs_seconds / ours_seconds:.1f}× | max IoU difference {difference:.1e} |\n"
             + (f"| the same, in one process: the first comparison | {in_process['first_seconds'] * 1000:.0f} ms | | | |\n"
                f"| the same, in one process: each later comparison | {ms(in_process['seconds'])} | {ms(their_times)} "
                f"| {theirs_seconds / statistics.median(in_process['seconds']):.1f}× | |\n" if in_process else "")
             + f"| their copy to the GPU ({entries * args.masks / 1e6:.0f} MB of U8) | {ms(copies)} | {ms(their_copies)} | | |\n"
             f"| the same masks stored as float32, no kind recorded (read as masks by their values) | "
             f"{float_seconds * 1000:.0f} ms | | | IoU against the U8 files' {float_difference:.1e} |\n"
             f"| 4 score maps of {sum(t.numel() for t in base.values()) / 1e6:.1f}M weights: Spearman, Kendall "
             f"(200,000 units), top-10 % overlap, overall and per layer | {score_seconds * 1000:.0f} ms | | | |\n")
    if args.out:
        with open(args.out, "w") as f:
            f.write("# Mask comparison speed\n\n")
            f.write(f"Machine: {gpu}, PyTorch {torch.__version__} (CUDA {torch.version.cuda}), "
                    f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores. "
                    f"Date: {time.strftime('%Y-%m-%d')}.\n\n" + table)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"markdown": table, "ours": times, "theirs": their_times, "ours_copy": copies,
                       "theirs_copy": their_copies, "iou_difference": difference,
                       "in_process": in_process}, f)
    log(f"ours {ours_seconds:.3f} s (float32 files {float_seconds:.3f} s), theirs {theirs_seconds:.3f} s, scores {score_seconds:.3f} s, iou diff {difference:.1e}")
    return 0 if difference < 1e-9 and float_difference == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
