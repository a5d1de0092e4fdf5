"""Wanda (Sun et al. 2023) in PruneScope against a direct PyTorch computation, on the GPU.

For each model (the Llama, Qwen2 and Mistral fixtures, and a mid-size random Llama made here
by transformers), the same calibration tokens go to both sides:
  - PyTorch: the transformers model in float32, a forward pre-hook on every linear layer of
    the decoder summing x_j^2 over the real (attention_mask 1) tokens; score = |W| * sqrt(sum);
    masks: per output row the lowest half pruned (ties by position), and 2:4 (in every 4
    consecutive inputs of a row the 2 lowest pruned).
  - PruneScope: `score --method wanda`, then `mask --scope row --sparsity 0.5` and `--granularity 2:4`.
Prints the scores' largest relative difference and the mask entries that differ; a differing
entry is accepted only where the two scores it was decided on are within float32 rounding of
each other (a tie up to the order of the sums), and the count of those is printed.

    python3 tools/device/wanda_check.py CLI WORK
"""
import json
import os
import subprocess
import sys

import torch
import transformers
from mid_llama import mid_size_llama
from safetensors.torch import load_file, save_file

torch.backends.cuda.matmul.allow_tf32 = False
cli, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
# float32 sums of up to ~10^4 squares and one product: a relative error far below this
# (n * eps with n the tokens, eps 6e-8) marks a tie that the order of the sums decides.
TIE = 1e-3


def run(*args):
    done = subprocess.run([cli, *args], capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"prunescope-cli {args[0]} failed")
    return done.stdout


def calibration(folder, count, tokens, vocab):
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(0, vocab, (count, tokens), generator=g)
    lengths = torch.randint(tokens // 2, tokens + 1, (count, 1), generator=g)
    mask = (torch.arange(tokens).unsqueeze(0) < lengths).long()
    path = os.path.join(work, os.path.basename(folder) + "-calibration.safetensors")
    save_file({"input_ids": ids * mask, "attention_mask": mask, "labels": torch.where(mask.bool(), ids, -100)}, path)
    return path, ids * mask, mask


def pytorch_scores(folder, ids, mask):
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32,
                                                              attn_implementation="eager").cuda().eval()
    sums, hooks = {}, []
    keep = mask.cuda().float().unsqueeze(-1)
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and ".layers." in name:
            def hook(m, inputs, name=name):
                x = inputs[0].float()
                sums[name] = sums.get(name, 0) + (x * x * keep).sum((0, 1))
            hooks.append(module.register_forward_pre_hook(hook))
    with torch.no_grad():
        model(input_ids=ids.cuda(), attention_mask=mask.cuda())
    scores = {}
    for name, module in model.named_modules():
        if name in sums:
            scores[name + ".weight"] = (module.weight.abs() * sums[name].sqrt().unsqueeze(0)).double().cpu()
    return scores


def row_mask(scores, share=0.5):
    order = torch.sort(scores, dim=1, stable=True).indices
    keep = torch.ones_like(scores)
    keep.scatter_(1, order[:, : round(share * scores.shape[1])], 0)
    return keep


def nm_mask(scores, n=2, m=4):
    blocks = scores.view(scores.shape[0], -1, m)
    order = torch.sort(blocks, dim=2, stable=True).indices
    keep = torch.ones_like(blocks)
    keep.scatter_(2, order[:, :, : m - n], 0)
    return keep.view_as(scores)


def boundary(scores, keep, group):
    """Per group of `group` consecutive entries of a row (the whole row: group 0), the largest
    pruned score: where the decision between kept and pruned was taken."""
    rows = scores.shape[0]
    s, k = (scores, keep) if group == 0 else (scores.view(rows, -1, group), keep.view(rows, -1, group))
    largest = (s * (1 - k) - 1e30 * k).max(dim=-1, keepdim=True).values.expand_as(s)
    return largest.reshape_as(scores)


def near_ties(reference, differs, decided):
    """Differing entries whose score is within TIE of the score at the decision boundary."""
    return int((differs & ((reference - decided).abs() <= TIE * decided.abs())).sum())


ok = True
for family, folder, count, tokens in (("llama", "tests/data/hf/llama", 3, 12), ("qwen2", "tests/data/hf/qwen2", 3, 12),
                                      ("mistral", "tests/data/hf/mistral", 3, 12), ("llama-mid", None, 32, 256)):
    folder = folder or mid_size_llama(work)
    vocab = json.load(open(os.path.join(folder, "config.json")))["vocab_size"]
    data, ids, mask = calibration(folder, count, tokens, vocab)
    reference = pytorch_scores(folder, ids, mask)
    out = os.path.join(work, family + "-wanda.safetensors")
    run("score", "--model", folder, "--method", "wanda", "--data", data, "--granularity", "weight", "--device", "cuda",
        "--batch-size", str(count), "--out", out, "--force")
    ours = load_file(out)
    worst = max(((ours[n].double() - r).norm() / r.norm()).item() for n, r in reference.items())
    line = f"{family}: {len(reference)} matrices, Wanda scores max rel_err {worst:.2e}"
    for granularity, build, group, extra in (("row 50%", row_mask, 0, ["--granularity", "weight", "--scope", "row"]),
                                             ("2:4", nm_mask, 4, ["--granularity", "2:4"])):
        mask_out = os.path.join(work, f"{family}-{granularity.split()[0].replace(':', 'of')}-mask.safetensors")
        run("mask", "--scores", out, "--sparsity", "0.5", "--out", mask_out, "--force", *extra)
        theirs = load_file(mask_out)
        differ = ties = total = 0
        for name, r in reference.items():
            expected = build(r)
            got = theirs[name].double()
            d = expected.ne(got)
            total += expected.numel()
            differ += int(d.sum())
            if d.any():
                ties += near_ties(r, d, boundary(r, expected, group))
        ok = ok and differ == ties and worst < 1e-5
        line += f"; {granularity} masks: {differ} of {total} entries differ ({ties} at float32 ties)"
    print(line)
sys.exit(0 if ok else 1)
