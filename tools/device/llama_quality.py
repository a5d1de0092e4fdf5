"""Perplexity against sparsity for magnitude, Wanda and SparseGPT on a small Llama that
PruneScope trains itself on the WordNet glosses (the demo GPT-2's corpus), on the GPU.

  1. A random LlamaForCausalLM (tools/device/demo_models.py llama-init: 4 layers, hidden 256,
     8 query heads over 2 key-value heads, gated FFN 704) with the demo GPT-2's byte-level BPE
     vocabulary, trained by `prunescope-cli train` on glosses-train.txt (64-token blocks,
     validation on glosses-validation.txt, the best checkpoint kept).
  2. Pruned at 50 %, 60 %, 70 % and 2:4 by magnitude (|W| per matrix; data-free), Wanda
     (|W| * ||X||, per output row, or 2:4) and SparseGPT (`prune --method sparsegpt`), the last two
     on 128 calibration blocks of glosses-train.txt drawn with seeds 0, 1 and 2.
  3. Every model's perplexity on glosses-test.txt (all its 64-token blocks), never seen in
     training or calibration. The data-dependent methods are given as the mean over the
     three calibration seeds with their range.

    python3 tools/device/llama_quality.py --cli build/cuda/app/prunescope-cli --data DIR/wordnet \
        --tokenizer resources/models/demo-gpt2 --work build/llama-quality --out bench/results/llama-quality.md
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

import torch
import transformers

SPARSITIES = ("0.5", "0.6", "0.7", "2:4")
SEEDS = (0, 1, 2)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--data", required=True, help="the folder with glosses-{train,validation,test}.txt")
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", default="8")
    args = parser.parse_args()
    cli, work = args.cli, args.work
    text = {split: os.path.join(args.data, f"glosses-{split}.txt") for split in ("train", "validation", "test")}
    os.makedirs(work, exist_ok=True)
    for name in os.listdir(work):  # an earlier run's models, scores and masks: only what this script writes
        if name in ("init", "trained") or name.startswith(("magnitude", "wanda-", "sparsegpt-")):
            path = os.path.join(work, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)

    def run(*command):
        done = subprocess.run([cli, *command], capture_output=True, text=True)
        if done.returncode:
            log(done.stderr[-3000:])
            raise SystemExit(f"prunescope-cli {command[0]} failed")
        return done.stdout

    def perplexity(model, mask=None):
        extra = ["--mask", mask] if mask else []
        result = json.loads(run("eval", "--model", model, "--data", text["test"], "--max-length", "64",
                                "--device", "cuda", "--json", *extra))
        return result["metrics"]["perplexity"], result["examples"]

    start = time.time()
    subprocess.run([sys.executable, "tools/device/demo_models.py", "llama-init", "--tokenizer", args.tokenizer,
                    "--out", f"{work}/init"], check=True)
    trained = f"{work}/trained"
    run("train", "--model", f"{work}/init", "--data", text["train"], "--validation", text["validation"],
        "--max-length", "64", "--out", trained, "--epochs", args.epochs, "--batch-size", "64", "--lr", "1e-3",
        "--eval-every", "200", "--patience", "4", "--device", "cuda", "--precision", "bf16", "--json")
    log(f"trained in {time.time() - start:.0f} s")
    dense, blocks = perplexity(trained)
    log(f"dense perplexity {dense:.2f} on {blocks} test blocks")

    results = {}  # (method, sparsity) -> [perplexity per seed]
    calibration = ["--data", text["train"], "--max-length", "64", "--max-examples", "128"]
    for sparsity in SPARSITIES:
        granularity = ["--granularity", sparsity] if ":" in sparsity else ["--granularity", "weight", "--sparsity", sparsity]
        tag = sparsity.replace(":", "of")
        scores = f"{work}/magnitude.safetensors"
        if not os.path.exists(scores):
            run("score", "--model", trained, "--method", "magnitude", "--granularity", "weight", "--out", scores,
                "--device", "cuda", *calibration[:4])
        mask = f"{work}/magnitude-{tag}.safetensors"
        run("mask", "--scores", scores, "--scope", "tensor", "--out", mask, *granularity)
        results[("magnitude", sparsity)] = [perplexity(trained, mask)[0]]
        for seed in SEEDS:
            seeded = calibration + ["--seed", str(seed)]
            wanda = f"{work}/wanda-{seed}.safetensors"
            if not os.path.exists(wanda):
                run("score", "--model", trained, "--method", "wanda", "--granularity", "weight", "--out", wanda,
                    "--device", "cuda", *seeded)
            mask = f"{work}/wanda-{seed}-{tag}.safetensors"
            run("mask", "--scores", wanda, "--scope", "row", "--out", mask, *granularity)
            results.setdefault(("wanda", sparsity), []).append(perplexity(trained, mask)[0])
            pruned = f"{work}/sparsegpt-{seed}-{tag}"
            pattern = ["--pattern", sparsity] if ":" in sparsity else ["--sparsity", sparsity]
            run("prune", "--method", "sparsegpt", "--model", trained, "--out", pruned, "--device", "cuda", *pattern,
                *seeded)
            results.setdefault(("sparsegpt", sparsity), []).append(perplexity(pruned)[0])
            shutil.rmtree(pruned)
        log(sparsity, {k[0]: v for k, v in results.items() if k[1] == sparsity})

    with open(args.out, "w") as f:
        f.write("# Perplexity against sparsity on a small Llama trained by PruneScope\n\n")
        f.write(f"Machine: {torch.cuda.get_device_name(0)}, PyTorch {torch.__version__}, transformers "
                f"{transformers.__version__} (the starting checkpoint only), {platform.machine()}. "
                f"Date: {time.strftime('%Y-%m-%d')}.\n\n")
        f.write("A LlamaForCausalLM (4 layers, hidden 256, 8 query heads over 2 key-value heads, gated FFN 704, "
                "random start) trained by `prunescope-cli train` on the WordNet glosses (64-token blocks, bf16 "
                f"autocast, best validation checkpoint). Perplexity on the test glosses ({blocks} blocks of 64 "
                "tokens, unseen in training and calibration). Magnitude: |W| per matrix. Wanda: |W| * ||X||_2 per "
                "output row (2:4: in every 4 inputs). SparseGPT: `prune --method sparsegpt`, 1 % dampening, blocks of "
                "128 columns. Calibration: 128 training blocks drawn with seeds 0, 1, 2; the mean over the seeds, "
                "with the range.\n\n")
        f.write(f"Dense: **{dense:.2f}**.\n\n| sparsity | magnitude | Wanda | SparseGPT |\n|---|---|---|---|\n")
        for sparsity in SPARSITIES:
            cells = []
            for method in ("magnitude", "wanda", "sparsegpt"):
                v = results[(method, sparsity)]
                cells.append(f"{v[0]:.2f}" if len(v) == 1 else
                             f"{statistics.mean(v):.2f} ({min(v):.2f}–{max(v):.2f})")
            label = sparsity if ":" in sparsity else f"{float(sparsity):.0%}"
            f.write(f"| {label} | " + " | ".join(cells) + " |\n")
        ordering = all(statistics.mean(results[("magnitude", s)]) > max(statistics.mean(results[("wanda", s)]),
                                                                         statistics.mean(results[("sparsegpt", s)]))
                       for s in SPARSITIES)
        f.write(f"\nMagnitude worse than both Wanda and SparseGPT at every sparsity: {'yes' if ordering else 'no'}.\n")
    log(f"wrote {args.out} in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
