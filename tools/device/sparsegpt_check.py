"""SparseGPT in PruneScope against a straightforward PyTorch implementation of the paper
(tools/device/sparsegpt_reference.py), on the GPU, in float32.

Models: the GPT-2, Llama, Qwen2 and Mistral fixtures and the mid-size random Llama of
mid_llama.py (8 layers, hidden 1024, grouped-query attention). Each is pruned by `prunescope-cli prune --method sparsegpt` at
50 % unstructured and at 2:4, from seeded random calibration ids, and the reference prunes
the transformers model from the same ids; the reference prints per weight the largest
difference, the relative difference and the mask entries that differ, and fails above its
tolerance (1e-4 relative in float32; at most 0.1 % of a weight's mask entries flipped by
near-ties). Prints one line per model and pattern.

    python3 tools/device/sparsegpt_check.py CLI WORK
"""
import os
import subprocess
import sys

import torch
import transformers
from mid_llama import mid_size_llama
from safetensors.torch import save_file

torch.backends.cuda.matmul.allow_tf32 = False
cli, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
reference_script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sparsegpt_reference.py")


def calibration(name, vocab, count, tokens):
    g = torch.Generator().manual_seed(11)
    path = os.path.join(work, f"{name}-calibration.safetensors")
    save_file({"input_ids": torch.randint(0, vocab, (count, tokens), generator=g)}, path)
    return path


ok = True
for name, folder, count, tokens in (("gpt2", "tests/data/hf/gpt2", 16, 32), ("llama", "tests/data/hf/llama", 16, 32),
                                    ("qwen2", "tests/data/hf/qwen2", 16, 32), ("mistral", "tests/data/hf/mistral", 16, 32),
                                    ("llama-mid", None, 64, 256)):
    folder = folder or mid_size_llama(work)
    vocab = transformers.AutoConfig.from_pretrained(folder).vocab_size
    data = calibration(name, vocab, count, tokens)
    for tag, pattern in (("50%", ["--sparsity", "0.5"]), ("2:4", ["--pattern", "2:4"])):
        pruned = os.path.join(work, f"{name}-{tag.replace(':', 'of').replace('%', '')}")
        done = subprocess.run([cli, "prune", "--method", "sparsegpt", "--model", folder, "--data", data, "--batch-size",
                               "16", "--out", pruned, "--force", "--device", "cuda", *pattern],
                              capture_output=True, text=True)
        if done.returncode:
            print(f"{name} {tag}: prune failed: {done.stderr[-1500:]}")
            ok = False
            continue
        check = subprocess.run([sys.executable, reference_script, "--model", folder, "--calibration", data, "--pruned",
                                pruned, "--device", "cuda"], capture_output=True, text=True)
        lines = check.stdout.strip().splitlines()
        print(f"{name} {tag}: " + (lines[-1] if lines else check.stderr[-1500:]), flush=True)
        if check.returncode:
            print("\n".join(line for line in lines if "FAILED" in line or "not in" in line) or check.stderr[-1500:])
            ok = False
sys.exit(0 if ok else 1)
