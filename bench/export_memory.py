"""Host memory of an export on the CPU: `prunescope-cli export` of a GPT-2-medium-shaped
checkpoint (355M float32 parameters, 1.4 GB, random weights written here with the standard
library alone) under a mask of half its FFN neurons, verified against the masked source.
Reports the peak resident set of each command (score, mask, export) beside the sizes of the
source and of the export, medians of --repeats runs.

    python3 bench/export_memory.py --cli build/default/app/prunescope-cli --work /tmp/psexport \
        --out bench/results/export-memory-cpu.md
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

from random_checkpoint import write_checkpoint

HIDDEN, LAYERS, HEADS, VOCAB, POSITIONS = 1024, 24, 16, 50257, 1024


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def tensors():
    """(name, shape) of GPT2LMHeadModel's stored tensors (the LM head is tied to wte)."""
    e = HIDDEN
    yield "transformer.wte.weight", (VOCAB, e)
    yield "transformer.wpe.weight", (POSITIONS, e)
    for i in range(LAYERS):
        p = f"transformer.h.{i}."
        for norm in ("ln_1", "ln_2"):
            yield p + norm + ".weight", (e,)
            yield p + norm + ".bias", (e,)
        for name, shape in (("attn.c_attn", (e, 3 * e)), ("attn.c_proj", (e, e)), ("mlp.c_fc", (e, 4 * e)),
                            ("mlp.c_proj", (4 * e, e))):
            yield p + name + ".weight", shape
            yield p + name + ".bias", (shape[1],)
    yield "transformer.ln_f.weight", (e,)
    yield "transformer.ln_f.bias", (e,)


def write_model(folder):
    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
              "n_embd": HIDDEN, "n_layer": LAYERS, "n_head": HEADS, "n_positions": POSITIONS, "n_inner": None,
              "vocab_size": VOCAB, "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True, "bos_token_id": 50256,
              "eos_token_id": 50256}
    return write_checkpoint(folder, config, list(tensors()), is_norm=lambda name: "ln" in name)


def measured(command):
    """(seconds, peak resident set in MB) of one process, run through a helper that reports
    the high-water mark of its one child."""
    helper = ("import resource, subprocess, sys, time; t = time.time(); "
              "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
              "print(time.time() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", helper, *command], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith(".safetensors"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", default="/tmp/prunescope-export-memory")
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    model = os.path.join(args.work, "gpt2-medium")
    if not os.path.exists(os.path.join(model, "model.safetensors")):
        t = time.time()
        write_model(model)
        log(f"wrote the model in {time.time() - t:.0f} s")
    scores, mask, out = (os.path.join(args.work, name) for name in ("scores.safetensors", "mask.safetensors", "export"))
    steps = [("score (magnitude, neurons)", [args.cli, "score", "--model", model, "--method", "magnitude",
                                             "--granularity", "neuron", "--out", scores, "--force"]),
             ("mask (50 % of FFN neurons)", [args.cli, "mask", "--scores", scores, "--granularity", "neuron",
                                             "--sparsity", "0.5", "--out", mask, "--force"]),
             ("export, shrunk and verified", [args.cli, "export", "--model", model, "--mask", mask, "--out", out,
                                              "--force"])]
    rows = []
    for title, command in steps:
        runs = [measured(command) for _ in range(args.repeats)]
        rows.append((title, [r[0] for r in runs], [r[1] for r in runs]))
        log(title, runs)
    source, exported = folder_bytes(model), folder_bytes(out)
    with open(args.out, "w") as f:
        f.write("# Host memory of an export on the CPU\n\n")
        f.write(f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.platform()}. "
                f"Date: {time.strftime('%Y-%m-%d')}.\n\n")
        f.write(f"A GPT-2-medium-shaped checkpoint ({HIDDEN} wide, {LAYERS} layers, float32, random weights): "
                f"{source / 1e9:.2f} GB; its export without half of the FFN neurons: {exported / 1e9:.2f} GB. "
                f"Medians of {args.repeats} runs with their range; the peak resident set of the process.\n\n")
        f.write("| step | seconds | peak host memory |\n|---|---|---|\n")
        for title, seconds, peaks in rows:
            f.write(f"| {title} | {statistics.median(seconds):.1f} ({min(seconds):.1f}–{max(seconds):.1f}) | "
                    f"{statistics.median(peaks) / 1024:.2f} GB ({min(peaks) / 1024:.2f}–{max(peaks) / 1024:.2f}) |\n")
    log(open(args.out).read())
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
