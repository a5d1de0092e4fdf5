"""A Llama-3-8B-shaped model pruned with PruneScope on one GPU: time and peak GPU / host memory
of every step, written as each step ends (a run cut short keeps what it measured).

The model is LlamaForCausalLM with Llama-3-8B's shape (32 layers, hidden 4096, 32 query heads
over 8 key-value heads, gated FFN 14336, vocabulary 128256), random weights made by
transformers on the GPU and saved in bf16 as sharded safetensors with an index. Calibration:
128 sequences of 2048 random token ids (seeded; random ids time the methods exactly as text
would, their perplexities mean nothing); evaluation: 16 other such sequences.

Steps (prunescope-cli, --device cuda; scores and SparseGPT in bf16, evaluation in float32),
in groups that --steps names (all by default), so that a run can be split over several
calls of the GPU machine that keep --work:
  dense      the dense model loaded and evaluated;
  wanda      Wanda scores, its 50 % (per output row) and 2:4 masks, each evaluated;
  sparsegpt-50, sparsegpt-2of4
             SparseGPT pruning, the pruned model evaluated;
  magnitude  magnitude scores, 50 % (per tensor) and 2:4 masks, each evaluated;
  taylor     Taylor scores of every weight, head and FFN neuron: a forward and backward pass
             through the whole model for each calibration sequence (batch 1), in bf16 (the
             model held in bf16, as stored: weights and gradients 16 GB each);
  export     the magnitude (or Wanda) 50 % mask exported as zeros and verified.
Peak GPU memory is sampled with nvidia-smi every 0.2 s during the step; host memory is the
step's peak resident set (VmHWM of that process). Every row is kept, with its date, in the
.json beside --out as it is measured, and --out is written from all rows kept, so that a later
run adds to or replaces rows of an earlier one.

    python3 tools/device/llm_scale.py --cli build/cuda/app/prunescope-cli --work build/llm \
        --out bench/results/llm-scale.md [--steps dense,wanda,...] [--skip 2:4,...] [--deadline SECONDS]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import torch
import transformers
from safetensors import safe_open
from safetensors.torch import save_file


STEPS = ["dense", "wanda", "sparsegpt-50", "sparsegpt-2of4", "magnitude", "taylor", "export"]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_measured(command, stdout_path, stderr_path):
    """Runs `command`, sampling every 0.2 s the GPU's memory.used (nvidia-smi) and the process's
    peak resident set (VmHWM), and passing on its progress lines (standard error) as they come.
    Returns (return code, peak GPU GiB, peak host GiB)."""
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err, open(stderr_path) as progress:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        gpu = host = 0.0
        while process.poll() is None:
            sys.stderr.write(progress.read())
            used = subprocess.run(["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"],
                                  capture_output=True, text=True).stdout.split()
            if used:
                gpu = max(gpu, float(used[0]) / 1024)
            try:
                with open(f"/proc/{process.pid}/status") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            host = max(host, int(line.split()[1]) / 2**20)
            except OSError:
                pass
            time.sleep(0.2)
    return process.returncode, gpu, host


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--deadline", type=float, default=1e9, help="seconds after which no new step starts")
    parser.add_argument("--steps", default=",".join(STEPS), help="which groups of steps: " + ", ".join(STEPS))
    parser.add_argument("--skip", default="", help="comma-separated texts: steps whose name holds one are left out")
    args = parser.parse_args()
    steps = args.steps.split(",")
    if not set(steps) <= set(STEPS):
        parser.error(f"--steps: {sorted(set(steps) - set(STEPS))} not among {STEPS}")
    start = time.time()
    work = args.work
    os.makedirs(work, exist_ok=True)
    rows_path = os.path.splitext(args.out)[0] + ".json"
    rows = json.load(open(rows_path)) if os.path.exists(rows_path) else []

    def write():
        with open(args.out, "w") as f:
            f.write("# A Llama-3-8B-shaped model pruned on one GPU\n\n")
            f.write(f"Machines: one GPU of the card each row names, {os.cpu_count()} CPU cores, PyTorch {torch.__version__}, "
                    f"transformers {transformers.__version__} (the model's making only). Each row has the date it was measured.\n\n")
            f.write("LlamaForCausalLM in Llama-3-8B's shape (8.03B parameters), random weights saved by transformers in "
                    "bf16 as 4 shards with an index. `prunescope-cli ... --device cuda` (scores and SparseGPT with `--precision bf16`; eval in float32). Calibration: "
                    "128 × 2048 random token ids; evaluation: 16 × 2048 others (random ids time the work as text would; "
                    "the perplexities of a random model mean nothing). GPU: peak of nvidia-smi's memory.used during the "
                    "step; host: the step's peak resident set. Each time includes starting the process and loading the "
                    "model (the first row is the load with one evaluation).\n\n")
            f.write("| step | seconds | peak GPU GiB | peak host GiB | result | card | date |\n|---|---|---|---|---|---|---|\n")
            for r in rows:
                f.write(f"| {r['step']} | {r['seconds']:.1f} | {r['gpu']:.1f} | {r['host']:.1f} | {r['result']} | "
                        f"{r['card']} | {r['date']} |\n")
        with open(rows_path, "w") as f:
            json.dump(rows, f, indent=1)

    def step(name, command, result=lambda out: ""):
        if time.time() - start > args.deadline:
            log(f"skipped {name}: past the deadline")
            return None
        if any(text and text in name for text in args.skip.split(",")):
            log(f"skipped {name}: --skip")
            return None
        log(f"== {name}")
        t = time.time()
        out_path, err_path = os.path.join(work, "step.out"), os.path.join(work, "step.err")
        code, gpu, host = run_measured([args.cli, *command], out_path, err_path)
        seconds = time.time() - t
        out, err = open(out_path).read(), open(err_path).read()
        row = dict(step=name, seconds=seconds, gpu=gpu, host=host,
                   result="FAILED: " + err.strip()[-200:] if code else result(out), card=torch.cuda.get_device_name(0),
                   date=time.strftime("%Y-%m-%d"))
        if code:
            log(err[-2000:])
        # Measured again: the new figure replaces the old in its place.
        at = next((i for i, r in enumerate(rows) if r["step"] == name), len(rows))
        rows[at:at + 1] = [row]
        log(json.dumps(row))
        write()
        return None if code else out

    model = os.path.join(work, "llama-8b")
    if not os.path.exists(os.path.join(model, "model.safetensors.index.json")):
        t = time.time()
        config = transformers.LlamaConfig(vocab_size=128256, hidden_size=4096, intermediate_size=14336,
                                          num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                                          max_position_embeddings=8192, rms_norm_eps=1e-5, rope_theta=500000.0,
                                          bos_token_id=128000, eos_token_id=128001, tie_word_embeddings=False)
        torch.manual_seed(0)
        with torch.device("cuda"):
            torch.set_default_dtype(torch.bfloat16)
            llama = transformers.LlamaForCausalLM(config)
            torch.set_default_dtype(torch.float32)
        llama.save_pretrained(model, max_shard_size="5GB")
        del llama
        torch.cuda.empty_cache()
        log(f"made and saved the model in {time.time() - t:.0f} s")
    g = torch.Generator().manual_seed(0)
    calibration, evaluation = os.path.join(work, "calibration.safetensors"), os.path.join(work, "evaluation.safetensors")
    for path, count in ((calibration, 128), (evaluation, 16)):
        ids = torch.randint(0, 128000, (count, 2048), generator=g)
        save_file({"input_ids": ids, "labels": ids.clone()}, path)

    gpu = ["--device", "cuda", "--precision", "bf16"]
    evaluate = ["--device", "cuda"]  # eval runs in float32 (32 GB of weights for an 8B model)
    perplexity = lambda out: f"perplexity {json.loads(out)['metrics']['perplexity']:.4g} on {json.loads(out)['metrics'].get('tokens', '?')} tokens"

    def evaluate_under(tag, mask):
        step(f"evaluate under the {tag} mask", ["eval", "--model", model, "--mask", mask, "--data", evaluation,
                                                "--batch-size", "4", "--json", *evaluate], perplexity)

    def scores_and_masks(method, title, data, masks, granularity="weight", batch="8"):
        scores = os.path.join(work, f"{method}.safetensors")
        def metric_time(out):  # the method's own measurement, in the score file's provenance
            recorded = safe_open(scores, "pt").metadata()
            if "metric_seconds" not in recorded:
                return ""
            return (f"the metric itself (|W| * ||X||, every matrix on the GPU) {float(recorded['metric_seconds']):.3f} s; "
                    "the rest loading, the calibration passes and writing the scores")
        step(f"{title} scores", ["score", "--model", model, "--method", method, "--granularity", granularity, "--data",
                                  data, "--batch-size", batch, "--out", scores, "--force", *gpu], metric_time)
        for tag, granularity in masks:
            mask = os.path.join(work, f"{method}-{tag.replace(':', 'of').replace('%', '')}.safetensors")
            step(f"{title} {tag} mask", ["mask", "--scores", scores, "--out", mask, "--force", "--json", *granularity],
                 lambda out: f"sparsity {json.loads(out)['sparsity']:.4f}")
            evaluate_under(f"{title} {tag}", mask)
        if os.path.exists(scores):
            os.remove(scores)  # 32 GB of float32 scores

    two_of_four = ("2:4", ["--granularity", "2:4"])
    if "dense" in steps:
        step("load and evaluate the dense model", ["eval", "--model", model, "--data", evaluation, "--batch-size", "4",
                                                   "--json", *evaluate], perplexity)
    if "wanda" in steps:
        scores_and_masks("wanda", "Wanda", calibration,
                         [("50%", ["--granularity", "weight", "--scope", "row", "--sparsity", "0.5"]), two_of_four])
    for tag, pattern in (("50%", ["--sparsity", "0.5"]), ("2:4", ["--pattern", "2:4"])):
        if f"sparsegpt-{tag.replace(':', 'of').replace('%', '')}" not in steps:
            continue
        pruned = os.path.join(work, "sparsegpt")
        shutil.rmtree(pruned, ignore_errors=True)

        def sparsegpt_result(out):
            record = json.load(open(os.path.join(pruned, "prunescope-training.json")))
            layers = record.get("layers", [])
            return (f"{record.get('seconds', float('nan')):.1f} s in SparseGPT itself over {len(layers)} layers "
                    f"(calibration passes, Hessians and pruning), the rest loading and saving")
        step(f"SparseGPT {tag} (128 × 2048 tokens)", ["prune", "--method", "sparsegpt", "--model", model, "--data",
                                                      calibration, "--batch-size", "8", "--out", pruned, "--force",
                                                      *pattern, *gpu], sparsegpt_result)
        if os.path.exists(pruned):
            step(f"evaluate the SparseGPT {tag} model", ["eval", "--model", pruned, "--data", evaluation,
                                                         "--batch-size", "4", "--json", *evaluate], perplexity)
            shutil.rmtree(pruned)
    if "magnitude" in steps:
        scores_and_masks("magnitude", "magnitude", evaluation,
                         [("50%", ["--granularity", "weight", "--scope", "tensor", "--sparsity", "0.5"]), two_of_four])
    if "taylor" in steps:
        scores_and_masks("taylor", "Taylor (weights, heads and neurons; batch 1 × 2048)", calibration, [],
                         granularity="weight,head,neuron", batch="1")
    if "export" in steps:
        mask = next((m for m in (os.path.join(work, f"{method}-50.safetensors") for method in ("magnitude", "wanda"))
                     if os.path.exists(m)), None)
        export = os.path.join(work, "export")
        shutil.rmtree(export, ignore_errors=True)
        if mask:
            step(f"export under the {os.path.basename(mask)[:-len('.safetensors')]} mask (zeros)",
                 ["export", "--model", model, "--mask", mask, "--mode", "zeros", "--out", export, "--json", "--device",
                  "cuda"], lambda out: f"verified, max difference {json.loads(out)['max_difference']:.2g}")
        else:
            log("export: no 50 % mask in --work (run magnitude or wanda first)")
        shutil.rmtree(export, ignore_errors=True)
    write()
    log(f"wrote {args.out} after {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
