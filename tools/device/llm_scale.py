"""A Llama-3-8B-shaped model pruned with PruneScope on one GPU: time and peak GPU / host memory
of every step, written as each step ends (a run cut short keeps what it measured).

The model is LlamaForCausalLM with Llama-3-8B's shape (32 layers, hidden 4096, 32 query heads
over 8 key-value heads, gated FFN 14336, vocabulary 128256), random weights made by
transformers on the GPU and saved in bf16 as sharded safetensors with an index. Calibration:
128 sequences of 2048 random token ids (seeded; random ids time the methods exactly as text
would, their perplexities mean nothing); evaluation: 16 other such sequences.

Steps (prunescope-cli, --device cuda; scores and SparseGPT in bf16, evaluation in float32): Wanda scores, its 50 % (per output
row) and 2:4 masks, the masked model evaluated; SparseGPT at 50 % and 2:4, each pruned model
evaluated; the Wanda 50 % mask exported (zeros); magnitude scores and masks. Peak GPU memory is
sampled with nvidia-smi every 0.2 s during the step; host memory is the step's peak resident
set (getrusage of that process).

    python3 tools/device/llm_scale.py --cli build/cuda/app/prunescope-cli --work /tmp/llm \
        --out bench/results/llm-scale-h200.md [--deadline SECONDS]
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
from safetensors.torch import save_file


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_measured(command, stdout_path, stderr_path):
    """Runs `command`, sampling every 0.2 s the GPU's memory.used (nvidia-smi) and the process's
    peak resident set (VmHWM). Returns (return code, peak GPU GiB, peak host GiB)."""
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        gpu = host = 0.0
        while process.poll() is None:
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
    args = parser.parse_args()
    start = time.time()
    work = args.work
    os.makedirs(work, exist_ok=True)
    rows = []

    def write():
        with open(args.out, "w") as f:
            f.write("# A Llama-3-8B-shaped model pruned on one GPU\n\n")
            f.write(f"Machine: {torch.cuda.get_device_name(0)}, {os.cpu_count()} CPU cores, PyTorch {torch.__version__}, "
                    f"transformers {transformers.__version__} (the model's making only). Date: {time.strftime('%Y-%m-%d')}.\n\n")
            f.write("LlamaForCausalLM in Llama-3-8B's shape (8.03B parameters), random weights saved by transformers in "
                    "bf16 as 4 shards with an index. `prunescope-cli ... --device cuda` (scores and SparseGPT with `--precision bf16`; eval in float32). Calibration: "
                    "128 × 2048 random token ids; evaluation: 16 × 2048 others (random ids time the work as text would; "
                    "the perplexities of a random model mean nothing). GPU: peak of nvidia-smi's memory.used during the "
                    "step; host: the step's peak resident set. Each time includes starting the process and loading the "
                    "model (the first row is the load with one evaluation).\n\n")
            f.write("| step | seconds | peak GPU GiB | peak host GiB | result |\n|---|---|---|---|---|\n")
            for r in rows:
                f.write(f"| {r['step']} | {r['seconds']:.1f} | {r['gpu']:.1f} | {r['host']:.1f} | {r['result']} |\n")

    def step(name, command, result=lambda out: ""):
        if time.time() - start > args.deadline:
            log(f"skipped {name}: past the deadline")
            return None
        log(f"== {name}")
        t = time.time()
        out_path, err_path = os.path.join(work, "step.out"), os.path.join(work, "step.err")
        code, gpu, host = run_measured([args.cli, *command], out_path, err_path)
        seconds = time.time() - t
        out, err = open(out_path).read(), open(err_path).read()
        if code:
            log(err[-2000:])
            rows.append(dict(step=name, seconds=seconds, gpu=gpu, host=host, result="FAILED: " + err.strip()[-200:]))
        else:
            rows.append(dict(step=name, seconds=seconds, gpu=gpu, host=host, result=result(out)))
        log(json.dumps(rows[-1]))
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
    step("load and evaluate the dense model", ["eval", "--model", model, "--data", evaluation, "--batch-size", "4",
                                               "--json", *evaluate], perplexity)
    wanda = os.path.join(work, "wanda.safetensors")
    step("Wanda scores (128 × 2048 tokens)", ["score", "--model", model, "--method", "wanda", "--granularity", "weight",
                                             "--data", calibration, "--batch-size", "8", "--out", wanda, "--force", *gpu])
    for tag, granularity in (("50%", ["--granularity", "weight", "--scope", "row", "--sparsity", "0.5"]),
                             ("2:4", ["--granularity", "2:4"])):
        mask = os.path.join(work, f"wanda-{tag.replace(':', 'of').replace('%', '')}.safetensors")
        step(f"Wanda {tag} mask", ["mask", "--scores", wanda, "--out", mask, "--force", "--json", *granularity],
             lambda out: f"sparsity {json.loads(out)['sparsity']:.4f}")
        step(f"evaluate under the Wanda {tag} mask", ["eval", "--model", model, "--mask", mask, "--data", evaluation,
                                                       "--batch-size", "4", "--json", *evaluate], perplexity)
    if os.path.exists(wanda):
        os.remove(wanda)  # 28 GB of float32 scores
    for tag, pattern in (("50%", ["--sparsity", "0.5"]), ("2:4", ["--pattern", "2:4"])):
        pruned = os.path.join(work, "sparsegpt")
        shutil.rmtree(pruned, ignore_errors=True)
        record = {}

        def sparsegpt_result(out):
            record.update(json.load(open(os.path.join(pruned, "prunescope-training.json"))))
            return f"{record.get('seconds', float('nan')):.1f} s in SparseGPT itself"
        step(f"SparseGPT {tag} (128 × 2048 tokens)", ["prune", "--method", "sparsegpt", "--model", model, "--data",
                                                      calibration, "--batch-size", "8", "--out", pruned, "--force",
                                                      *pattern, *gpu], sparsegpt_result)
        if os.path.exists(pruned):
            step(f"evaluate the SparseGPT {tag} model", ["eval", "--model", pruned, "--data", evaluation,
                                                         "--batch-size", "4", "--json", *evaluate], perplexity)
            shutil.rmtree(pruned)
    export = os.path.join(work, "export")
    shutil.rmtree(export, ignore_errors=True)
    step("export under the Wanda 50% mask (zeros)", ["export", "--model", model, "--mask",
                                                      os.path.join(work, "wanda-50.safetensors"), "--mode", "zeros",
                                                      "--out", export, "--json", "--device", "cuda"],
         lambda out: f"verified, max difference {json.loads(out)['max_difference']:.2g}")
    shutil.rmtree(export, ignore_errors=True)
    magnitude = os.path.join(work, "magnitude.safetensors")
    step("magnitude scores", ["score", "--model", model, "--method", "magnitude", "--granularity", "weight", "--data",
                              evaluation, "--out", magnitude, "--force", *gpu])
    step("magnitude 50% mask", ["mask", "--scores", magnitude, "--out", os.path.join(work, "magnitude-50.safetensors"),
                                "--force", "--granularity", "weight", "--scope", "tensor", "--sparsity", "0.5", "--json"],
         lambda out: f"sparsity {json.loads(out)['sparsity']:.4f}")
    write()
    log(f"wrote {args.out} after {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
