"""Masks on the CPU: `prunescope-cli mask` against numpy doing the same work, on one machine.

The score map is a BERT-shaped model's prunable weights, 14 layers of hidden 768 and FFN
3072 (99.1M weights, 396 MB of float32, random values), written as PruneScope writes score
maps. Each scope is timed as a whole process, from reading the file to a byte mask written
as safetensors:
  - PruneScope: `prunescope-cli mask --scores S --granularity G --scope C --sparsity 0.5`;
  - numpy, as one writes it: the file read (np.fromfile), the threshold by np.partition
    (per tensor, per row, per layer, over all, or over all after per-layer L2
    normalisation; n:m by np.argpartition in groups), `values > threshold` as uint8, the
    mask written (header and bytes). numpy ignores ties and NaN, which PruneScope orders
    exactly; on continuous random values the masks agree but for ties.
Each figure is the median of --repeats runs with the range; peak memory is the process's
peak resident set (wait4), given with what the process takes before any work (the CLI's
`--help`, numpy's import) and as a share of the score map's size.

    apt-get install python3-numpy    # the reference
    /usr/bin/python3 bench/mask_vs_numpy.py --cli build/default/app/prunescope-cli --work /tmp/psmask \
        --out bench/results/mask-speed-cpu.md
"""
import argparse
import json
import os
import platform
import statistics
import struct
import subprocess
import sys
import time

LAYERS, HIDDEN, FFN = 14, 768, 3072
SCOPES = [("weight", "tensor"), ("weight", "row"), ("weight", "layer"), ("weight", "global"),
          ("weight", "layer-normalized"), ("2:4", "tensor")]


def matrices():
    """(name, shape) of every prunable weight, in the model's order."""
    for layer in range(LAYERS):
        base = f"bert.encoder.layer.{layer}."
        for part in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            yield base + part + ".weight", (HIDDEN, HIDDEN)
        yield base + "intermediate.dense.weight", (FFN, HIDDEN)
        yield base + "output.dense.weight", (HIDDEN, FFN)


def config():
    return {"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": HIDDEN,
            "intermediate_size": FFN, "num_hidden_layers": LAYERS, "num_attention_heads": 12,
            "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2, "hidden_act": "gelu",
            "layer_norm_eps": 1e-12}


def write_safetensors(path, tensors, dtype, metadata):
    """tensors: [(name, shape, bytes)] in order, written as one safetensors file."""
    header, offset = {"__metadata__": metadata}, 0
    for name, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for _, _, data in tensors:
            f.write(data)


def read_safetensors(path, dtype="float32"):
    """{name: array in its shape}, read with np.fromfile."""
    import numpy as np
    dtype = np.dtype(dtype)
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
    start = 8 + length
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        out[name] = np.fromfile(path, dtype=dtype, count=(end - begin) // dtype.itemsize, offset=start + begin).reshape(entry["shape"])
    return out


def numpy_mask(scores_path, out_path, granularity, scope, sparsity=0.5):
    """The numpy reference: one process's whole work, as described above."""
    import numpy as np
    scores = read_safetensors(scores_path)
    names = [name for name, _ in matrices()]

    def lowest(values):  # the threshold below which round(s * N) values lie
        k = round(sparsity * values.size)
        return np.partition(values, k - 1)[k - 1]

    masks = {}
    if granularity == "2:4":
        for name in names:
            groups = scores[name].reshape(-1, 4)
            keep = np.zeros(groups.shape, dtype=np.uint8)
            np.put_along_axis(keep, np.argpartition(groups, 2, axis=1)[:, 2:], 1, axis=1)
            masks[name] = keep.reshape(scores[name].shape)
    elif scope == "tensor":
        for name in names:
            masks[name] = (scores[name] > lowest(scores[name].ravel())).astype(np.uint8)
    elif scope == "row":
        for name in names:
            k = round(sparsity * scores[name].shape[1])
            threshold = np.partition(scores[name], k - 1, axis=1)[:, k - 1:k]
            masks[name] = (scores[name] > threshold).astype(np.uint8)
    else:
        per_layer = len(names) // LAYERS
        groups = [names[i:i + per_layer] for i in range(0, len(names), per_layer)]
        values = dict(scores)
        if scope == "layer-normalized":
            for group in groups:
                norm = np.sqrt(sum(float(np.square(scores[n], dtype=np.float64).sum()) for n in group))
                for n in group:
                    values[n] = scores[n] / np.float32(norm)
        if scope != "layer":
            groups = [names]
        for group in groups:
            threshold = lowest(np.concatenate([values[n].ravel() for n in group]))
            for n in group:
                masks[n] = (values[n] > threshold).astype(np.uint8)
    write_safetensors(out_path, [(n, m.shape, m.tobytes()) for n, m in masks.items()], "U8",
                      {"prunescope.kind": "mask"})


def measured(command):
    """(seconds, peak resident set in MB) of one process. A small helper process starts it:
    a child forked from this one would count this one's memory in its peak (Linux keeps the
    pre-exec high-water mark)."""
    done = subprocess.run([sys.executable, os.path.abspath(__file__), "--measure", *command], capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"{command[:3]} failed: {done.stderr[-1000:]}")
    seconds, peak = json.loads(done.stdout.splitlines()[-1])
    return seconds, peak


def measure(command):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status:
        sys.stderr.write(process.stderr.read().decode()[-1000:])
        raise SystemExit(1)
    print(json.dumps([seconds, usage.ru_maxrss / 1024]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--numpy-one", nargs=4, metavar=("SCORES", "OUT", "GRANULARITY", "SCOPE"), help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2:])
        return
    args = parser.parse_args()
    if args.numpy_one:
        numpy_mask(*args.numpy_one)
        return
    import numpy as np
    os.makedirs(args.work, exist_ok=True)
    scores_path = os.path.join(args.work, "scores.safetensors")
    rng = np.random.default_rng(0)
    tensors = [(name, shape, rng.random(shape, dtype=np.float32).tobytes()) for name, shape in matrices()]
    write_safetensors(scores_path, tensors, "F32",
                      {"prunescope.kind": "scores", "method": "random", "config": json.dumps(config())})
    del tensors
    map_mb = os.path.getsize(scores_path) / 2**20
    weights = sum(s[0] * s[1] for _, s in matrices())
    idle_cli = measured([args.cli, "--help"])[1]
    idle_numpy = measured([sys.executable, "-c", "import numpy"])[1]
    rows = []
    for granularity, scope in SCOPES:
        ours, theirs = [], []
        ours_out, numpy_out = os.path.join(args.work, "ours.safetensors"), os.path.join(args.work, "numpy.safetensors")
        for _ in range(args.repeats):
            ours.append(measured([args.cli, "mask", "--scores", scores_path, "--out", ours_out, "--force",
                                  "--granularity", granularity, "--scope", scope, "--sparsity", "0.5"]))
            theirs.append(measured([sys.executable, os.path.abspath(__file__), "--cli", args.cli, "--work", args.work,
                                    "--out", args.out, "--numpy-one", scores_path, numpy_out, granularity, scope]))
        a, b = read_safetensors(ours_out, "uint8"), read_safetensors(numpy_out, "uint8")
        differ = sum(int((a[n] != b[n]).sum()) for n in a)
        row = dict(case=f"{granularity} / {scope}", ours=[t for t, _ in ours], numpy=[t for t, _ in theirs],
                   ours_mb=max(m for _, m in ours), numpy_mb=max(m for _, m in theirs), differ=differ)
        rows.append(row)
        print(json.dumps(row), flush=True)

    def spread(times):
        return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"

    with open(args.out, "w") as f:
        f.write("# Masks on the CPU: prunescope-cli mask against numpy\n\n")
        f.write(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                f"{platform.platform()}; Python {platform.python_version()}, numpy {np.__version__}. "
                f"Date: {time.strftime('%Y-%m-%d')}.\n\n")
        f.write(f"A score map of {weights / 1e6:.1f}M weights ({map_mb:.0f} MB of float32; BERT-shaped, {LAYERS} layers, "
                f"random values), sparsity 0.5, each run a whole process from reading the file to writing a byte mask. "
                f"Seconds: median of {args.repeats} runs (range). Peak memory: the process's peak resident set; the "
                f"idle process takes {idle_cli:.0f} MB (prunescope-cli, LibTorch loaded) and {idle_numpy:.0f} MB "
                f"(Python with numpy). `work / map`: the peak above the idle process, as a share of the map. "
                f"Entries that differ: mask entries where the two disagree (numpy leaves ties to chance).\n\n")
        f.write("| mask | PruneScope s | numpy s | ratio | PruneScope peak MB | work / map | numpy peak MB | "
                "work / map | entries that differ |\n|---|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            ratio = statistics.median(r["ours"]) / statistics.median(r["numpy"])
            f.write(f"| {r['case']} | {spread(r['ours'])} | {spread(r['numpy'])} | {ratio:.2f} | {r['ours_mb']:.0f} | "
                    f"{(r['ours_mb'] - idle_cli) / map_mb:.2f} | {r['numpy_mb']:.0f} | "
                    f"{(r['numpy_mb'] - idle_numpy) / map_mb:.2f} | {r['differ']} |\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
