#!/usr/bin/env python3
"""Scaling of a group of processes (`--gpus N`): Taylor scoring and a sweep, from 1 to N.

For each process count n, `prunescope-cli score --gpus n` (Taylor on weights, heads and
neurons, the batches shared out) and `prunescope-cli sweep --gpus n` (Taylor and one random
draw at ten neuron sparsities: twenty points shared out) run --repeats times. Each figure is
the median with the fastest and slowest; the speed-up is against one process and the
efficiency is speed-up / n (ideal 1). The scoring time is the one the score map records
(its first process's, from the first batch to the sums added across the group), beside the
whole command's (with loading). Before any timing, the head and neuron scores of n processes
are compared with one process's, and the sweeps' CSVs must be equal.

Without --model, a BERT-base-shaped classifier with random weights (bench/onnx_speed.py's)
and --examples random sequences of 128 tokens are written to --work.

    python3 bench/group_scaling.py --cli build/cuda/app/prunescope-cli --device cuda --processes 1,2,4,8 \\
        --work /tmp/prunescope-groups --out bench/results/group-scaling.md
    python3 bench/group_scaling.py --cli build/default/app/prunescope-cli --device cpu --processes 1,2 \\
        --model resources/models/demo-bert --data resources/demo/wordnet-sample.tsv --examples 256 --batch-size 16 \\
        --work /tmp/prunescope-groups --out /tmp/group-scaling-cpu.md
"""
import argparse
import json
import os
import platform
import random
import statistics
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_speed import VOCAB, write_model  # noqa: E402


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def write_inputs(path, examples, tokens=128, labels=2):
    """An inputs file (safetensors): input_ids, attention_mask and labels, int64, seeded."""
    rng = random.Random(0)
    ids = [rng.randrange(1000, VOCAB) for _ in range(examples * tokens)]
    tensors = [("attention_mask", (examples, tokens), [1] * (examples * tokens)),
               ("input_ids", (examples, tokens), ids),
               ("labels", (examples,), [rng.randrange(labels) for _ in range(examples)])]
    header, offset = {}, 0
    for name, shape, values in tensors:
        header[name] = {"dtype": "I64", "shape": list(shape), "data_offsets": [offset, offset + 8 * len(values)]}
        offset += 8 * len(values)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, _, values in tensors:
            f.write(struct.pack(f"<{len(values)}q", *values))


def read_float_tensors(path, names):
    """The named float32 tensors of a safetensors file, as flat lists."""
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        base = 8 + length
        out = {}
        for name in names:
            start, end = header[name]["data_offsets"]
            f.seek(base + start)
            out[name] = struct.unpack(f"<{(end - start) // 4}f", f.read(end - start))
        return out


def run(command):
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return done.stdout, time.perf_counter() - start


def spread(values):
    return statistics.median(values), min(values), max(values)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", required=True)
    p.add_argument("--device", default="cuda")
    p.add_argument("--processes", default="1,2")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--model")
    p.add_argument("--data")
    p.add_argument("--examples", type=int, default=2048)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    counts = [int(n) for n in a.processes.split(",")]
    model = a.model or os.path.join(a.work, "bert-base")
    if not a.model:
        write_model(model)
    data = a.data or os.path.join(a.work, "inputs.safetensors")
    if not a.data:
        write_inputs(data, a.examples)
    common = ["--model", model, "--data", data, "--device", a.device, "--batch-size", str(a.batch_size),
              "--max-examples", str(a.examples)]

    def score(n, granularity, out):
        stdout, seconds = run([a.cli, "score", *common, "--method", "taylor", "--granularity", granularity,
                               "--out", out, "--force", "--json", "--gpus", str(n)])
        return float(json.loads(stdout)["provenance"]["seconds"]), seconds

    def sweep(n):
        sparsities = ",".join(f"{0.05 + 0.09 * i:.2f}" for i in range(10))
        return run([a.cli, "sweep", *common, "--methods", "taylor", "--random-draws", "1", "--granularity", "neuron",
                    "--sparsities", sparsities, "--out-dir", os.path.join(a.work, f"sweep-{n}"), "--force", "--gpus", str(n)])

    log("== the same scores and the same sweep from every group size")
    units = {}
    checks = []
    for n in counts:
        path = os.path.join(a.work, f"units-{n}.safetensors")
        score(n, "head,neuron", path)
        with open(path, "rb") as f:
            length = struct.unpack("<Q", f.read(8))[0]
            names = [k for k in json.loads(f.read(length)) if k != "__metadata__"]
        units[n] = read_float_tensors(path, names)
    sweeps = {n: sweep(n)[0] for n in counts}
    base = counts[0]
    for n in counts[1:]:
        worst = max(abs(x - y) / max(abs(x), 1e-30) for name in units[base] for x, y in zip(units[base][name], units[n][name]))
        checks.append(f"{n} processes: head and neuron scores within {worst:.1e} (relative) of {base}'s; "
                      f"sweep CSV {'equal' if sweeps[n] == sweeps[base] else 'DIFFERENT'}")
        log(checks[-1])
        if sweeps[n] != sweeps[base]:
            raise SystemExit("the sweeps differ")

    log("== timings")
    rows = []
    for n in counts:
        scoring, whole, swept = [], [], []
        for _ in range(a.repeats):
            inner, outer = score(n, "weight,head,neuron", os.path.join(a.work, "scores.safetensors"))
            scoring.append(inner)
            whole.append(outer)
            swept.append(sweep(n)[1])
        rows.append((n, spread(scoring), spread(whole), spread(swept)))
        log(f"{n}: scoring {rows[-1][1][0]:.2f} s, command {rows[-1][2][0]:.2f} s, sweep {rows[-1][3][0]:.2f} s")

    try:
        gpu = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True, text=True).stdout
    except FileNotFoundError:  # no GPU here
        gpu = ""
    machine = gpu.strip().splitlines()[0] + f" × {len(gpu.strip().splitlines())}" if gpu.strip() else platform.processor() or platform.machine()
    first = rows[0]
    lines = [f"# A group of processes: Taylor scoring and a sweep from {counts[0]} to {counts[-1]}", "",
             f"`bench/group_scaling.py` on {machine}, `--device {a.device}`, {os.cpu_count()} CPU cores; "
             f"{time.strftime('%Y-%m-%d')}. Model: {'a BERT-base-shaped classifier with random weights' if not a.model else model}; "
             f"data: {a.examples if not a.data else 'up to ' + str(a.examples)} examples in batches of {a.batch_size}. "
             f"Medians of {a.repeats} runs (fastest–slowest). Speed-up against {counts[0]} process(es); efficiency = "
             "speed-up / processes.", "", *[f"- {c}" for c in checks], "",
             "| processes | Taylor scoring (s) | speed-up | efficiency | whole `score` command (s) | 20-point sweep (s) | speed-up | efficiency |",
             "|---|---|---|---|---|---|---|---|"]
    for n, scoring, whole, swept in rows:
        s_up, w_up = first[1][0] / scoring[0], first[3][0] / swept[0]
        lines.append(f"| {n} | {scoring[0]:.2f} ({scoring[1]:.2f}–{scoring[2]:.2f}) | {s_up:.2f}× | {s_up / n * counts[0]:.2f} | "
                     f"{whole[0]:.2f} ({whole[1]:.2f}–{whole[2]:.2f}) | {swept[0]:.2f} ({swept[1]:.2f}–{swept[2]:.2f}) | "
                     f"{w_up:.2f}× | {w_up / n * counts[0]:.2f} |")
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    log(f"wrote {a.out}")


if __name__ == "__main__":
    main()
