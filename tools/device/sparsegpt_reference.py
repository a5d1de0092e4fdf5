"""SparseGPT (Frantar & Alistarh 2023) written straight in PyTorch on a transformers causal LM,
as the authors' SparseGPT.fasterprune does it, and compared with a checkpoint folder that
`prunescope-cli prune --method sparsegpt` wrote from the same model and the same tokens.

    python3 tools/device/sparsegpt_reference.py --model DIR --calibration IDS.safetensors \\
        --pruned OUT [--device cuda] [--tolerance T]

IDS.safetensors holds `input_ids` [N, T] (and optionally `attention_mask`): give the same
file to `prune --data` without --max-examples, so that both sides see every row. The
options (sparsity, pattern, dampening, block size) and the dtype the model was held in come
from OUT/prunescope-training.json.

Layer by layer, as the paper: the model runs on the calibration rows (one at a time, as the
authors' script feeds them) with the layers before already pruned, pre-hooks on every
nn.Linear / Conv1D of the layer sum H = 2/n sum x x^T (add_batch's running mean; padding
left out when there is an attention mask), and a hook on the layer stops the pass there.
Each weight is then pruned by fasterprune. The layers before are PruneScope's pruned ones
(its weights put in once the reference has pruned a layer), so that each layer is compared
on the same inputs: otherwise one near-tie cut differently in an early layer changes the
inputs of every later one (--carried-inputs keeps the reference's own).

Where this differs from the published code, it does as PruneScope documents (both choices
are the paper's rule; the code's are artefacts): an unstructured block prunes exactly
round(s * N) entries (fasterprune's `tmp <= thresh` prunes int(s * N) + 1), ties by
position (a stable sort); an n:m pattern keeps n of every m (fasterprune's prunen counts
the pruned ones; the same for 2:4 and 4:8).

Prints, for every pruned weight, how many mask entries differ and in how many rows, and over
the rows whose masks agree (a flipped entry changes the rest of its row by design) the largest
absolute difference and the relative difference ||ours - reference|| / ||reference||; exits 1
when a relative difference exceeds --tolerance (default 1e-4 in float32, 2e-2 in bf16 or
fp16) or more than --mask-share of a weight's mask entries differ (the Hessians of the two
sides differ by float32 rounding, which cuts a few near-ties the other way)."""
import argparse
import json
import math
import os
import sys

import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM
from transformers.pytorch_utils import Conv1D

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


class LayerReached(Exception):
    """Raised once the layer being pruned has its output: nothing after it is needed."""


def lowest_share(scores, share):
    """True for the round(share * N) lowest of a block (row-major), ties by position."""
    flat = scores.flatten()
    prune = int(math.floor(share * flat.numel() + 0.5))
    pruned = torch.zeros(flat.numel(), dtype=torch.bool, device=scores.device)
    pruned[torch.sort(flat, stable=True).indices[:prune]] = True
    return pruned.reshape(scores.shape)


def fasterprune(W, H, sparsity, n, m, blocksize, percdamp):
    """SparseGPT.fasterprune without quantisation. W [rows, columns] float32, H [columns,
    columns]; n:m with m = 0 is unstructured. Returns the pruned W, the pruned entries and
    the error estimate sum (w - q)^2 / d^2 / 2."""
    W = W.clone().float()
    H = H.clone()
    rows, columns = W.shape
    dead = torch.diag(H) == 0
    H[dead, dead] = 1
    W[:, dead] = 0
    losses = torch.zeros(rows, device=W.device)

    damp = percdamp * torch.mean(torch.diag(H))
    diag = torch.arange(columns, device=W.device)
    H[diag, diag] += damp
    H = torch.linalg.cholesky(H)
    H = torch.cholesky_inverse(H)
    H = torch.linalg.cholesky(H, upper=True)
    Hinv = H

    mask = torch.zeros_like(W, dtype=torch.bool)
    for i1 in range(0, columns, blocksize):
        i2 = min(i1 + blocksize, columns)
        count = i2 - i1
        W1 = W[:, i1:i2].clone()
        Q1 = torch.zeros_like(W1)
        Err1 = torch.zeros_like(W1)
        Losses1 = torch.zeros_like(W1)
        Hinv1 = Hinv[i1:i2, i1:i2]

        if m == 0:
            tmp = W1 ** 2 / (torch.diag(Hinv1).reshape((1, -1))) ** 2
            mask1 = lowest_share(tmp, sparsity)
        else:
            mask1 = torch.zeros_like(W1, dtype=torch.bool)

        for i in range(count):
            w = W1[:, i]
            d = Hinv1[i, i]
            if m != 0 and i % m == 0:
                tmp = W1[:, i:(i + m)] ** 2 / (torch.diag(Hinv1)[i:(i + m)].reshape((1, -1))) ** 2
                order = torch.sort(tmp, dim=1, stable=True).indices
                mask1.scatter_(1, i + order[:, :m - n], True)
            q = w.clone()
            q[mask1[:, i]] = 0
            Q1[:, i] = q
            Losses1[:, i] = (w - q) ** 2 / d ** 2
            err1 = (w - q) / d
            W1[:, i:] -= err1.unsqueeze(1).matmul(Hinv1[i, i:].unsqueeze(0))
            Err1[:, i] = err1

        W[:, i1:i2] = Q1
        losses += torch.sum(Losses1, 1) / 2
        W[:, i2:] -= Err1.matmul(Hinv[i1:i2, i2:])
        mask[:, i1:i2] = mask1
    return W, mask, losses.sum().item()


class Hessian:
    """SparseGPT.add_batch: H = 2/nsamples sum x x^T as a running mean, per sequence."""

    def __init__(self):
        self.H = None
        self.nsamples = 0

    def add_batch(self, inp, real):
        inp = inp.reshape(-1, inp.shape[-1])
        if real is not None:
            inp = inp[real]
        if self.H is None:
            self.H = torch.zeros(inp.shape[1], inp.shape[1], device=inp.device)
        tmp = 1
        self.H *= self.nsamples / (self.nsamples + tmp)
        self.nsamples += tmp
        inp = math.sqrt(2 / self.nsamples) * inp.float()
        self.H += inp.t().matmul(inp)


def decoder_layers(model):
    """The decoder's layers and their path: Llama, Qwen2 and Mistral keep them in
    model.layers, GPT-2 in transformer.h."""
    for path in ("model.layers", "transformer.h"):
        obj = model
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            continue
        return path, obj
    sys.exit("no decoder layers (model.layers or transformer.h) in " + type(model).__name__)


def prunable(layer):
    return {name: m for name, m in layer.named_modules() if isinstance(m, (torch.nn.Linear, Conv1D))}


def prune_layer(model, layer, ids, attention, settings):
    """One layer: Hessians of its matrices from passes that stop after it, then fasterprune."""
    modules = prunable(layer)
    hessians = {name: Hessian() for name in modules}
    real = [None]
    handles = [m.register_forward_pre_hook(lambda mod, args, name=name: hessians[name].add_batch(args[0].detach(), real[0]))
               for name, m in modules.items()]

    def stop(*_):
        raise LayerReached()

    handles.append(layer.register_forward_hook(stop))
    device = next(model.parameters()).device
    try:
        for j in range(ids.shape[0]):
            mask = attention[j:j + 1].to(device) if attention is not None else None
            real[0] = mask.reshape(-1).bool() if mask is not None and not bool(mask.all()) else None
            try:
                model(input_ids=ids[j:j + 1].to(device), attention_mask=mask, use_cache=False)
            except LayerReached:
                pass
    finally:
        for h in handles:
            h.remove()
    results = {}
    for name, m in modules.items():
        conv = isinstance(m, Conv1D)
        W = m.weight.data.t() if conv else m.weight.data
        Q, pruned, error = fasterprune(W.float(), hessians[name].H, settings["sparsity"], settings["n"], settings["m"],
                                       settings["block_size"], settings["dampening"])
        m.weight.data = (Q.t() if conv else Q).to(m.weight.dtype).contiguous()
        results[name] = (pruned.t() if conv else pruned, error)
    return results


def settings_of(record):
    options = record["options"]
    pattern = options["pattern"]
    n, m = (0, 0) if pattern == "unstructured" else map(int, pattern.split(":"))
    return {"sparsity": float(options["sparsity"]), "n": n, "m": m, "dampening": float(options["dampening"]),
            "block_size": int(options["block_size"])}


def matching(name, names):
    """Our tensor name for the reference's `name`: the same, or one that differs by a
    prefix (a checkpoint saved without its base model's prefix)."""
    if name in names:
        return name
    found = [n for n in names if n.endswith("." + name) or name.endswith("." + n)]
    return found[0] if len(found) == 1 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="the dense checkpoint folder prune read")
    parser.add_argument("--calibration", required=True, help="the .safetensors of input_ids prune read (--data)")
    parser.add_argument("--pruned", required=True, help="the checkpoint folder prune wrote (--out)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--tolerance", type=float, default=None)
    parser.add_argument("--mask-share", type=float, default=1e-3)
    parser.add_argument("--carried-inputs", dest="own_inputs", action="store_false",
                        help="each layer's inputs from the reference's own pruned layers (differences then carry on)")
    args = parser.parse_args()

    with open(os.path.join(args.pruned, "prunescope-training.json"), encoding="utf-8") as f:
        record = json.load(f)
    if record.get("method") != "sparsegpt":
        sys.exit(f"{args.pruned}: not a SparseGPT checkpoint (method {record.get('method')!r})")
    settings = settings_of(record)
    precision = record.get("precision", "fp32")
    dtype = DTYPES[precision]
    tolerance = args.tolerance if args.tolerance is not None else (1e-4 if precision == "fp32" else 2e-2)

    data = load_file(args.calibration)
    ids = data["input_ids"].long()
    attention = data.get("attention_mask")
    examples = record.get("calibration", {}).get("examples")
    if examples is not None and examples != ids.shape[0]:
        sys.exit(f"{args.pruned} was pruned on {examples} examples and {args.calibration} holds {ids.shape[0]}: "
                 "run prune on the whole file (no --max-examples)")

    model = AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=dtype).to(args.device).eval()
    path, layers = decoder_layers(model)
    ours = load_file(os.path.join(args.pruned, "model.safetensors"))
    masks = load_file(os.path.join(args.pruned, "mask.safetensors"))
    print(f"SparseGPT reference: {type(model).__name__}, {len(layers)} layers, {ids.shape[0]} x {ids.shape[1]} tokens, "
          f"{precision}, {settings}")
    reference = {}
    with torch.no_grad():
        for index, layer in enumerate(layers):
            for name, (pruned, error) in prune_layer(model, layer, ids, attention, settings).items():
                full = f"{path}.{index}.{name}.weight"
                module = dict(layer.named_modules())[name]
                reference[full] = (module.weight.detach().float().cpu(), pruned.cpu(), error, isinstance(module, Conv1D))
                if args.own_inputs and matching(full, ours) is not None:
                    module.weight.data = ours[matching(full, ours)].to(module.weight)
            print(f"  layer {index} pruned", flush=True)

    ok, worst_rel, worst_abs, flipped_total, rows_total = True, 0.0, 0.0, 0, 0
    for full, (weight, pruned, error, conv) in reference.items():
        name = matching(full, ours)
        if name is None or name not in masks:
            print(f"  {full}: not in {args.pruned}")
            ok = False
            continue
        mine = ours[name].float()
        if mine.shape != weight.shape:
            print(f"  {full}: shape {tuple(mine.shape)} against {tuple(weight.shape)}")
            ok = False
            continue
        # Rows (outputs) whose masks agree; a row with a flipped entry differs after it by design.
        differs = masks[name].eq(0) != pruned
        out_in = (lambda t: t.t()) if conv else (lambda t: t)
        flipped_rows = out_in(differs).any(1)
        same = ~flipped_rows
        difference = (out_in(mine).double() - out_in(weight).double())[same]
        absolute = difference.abs().max().item() if difference.numel() else 0.0
        relative = difference.norm().item() / max(out_in(weight).double()[same].norm().item(), 1e-30)
        flipped = int(differs.sum().item())
        failed = relative > tolerance or flipped > args.mask_share * pruned.numel()
        ok = ok and not failed
        worst_rel, worst_abs = max(worst_rel, relative), max(worst_abs, absolute)
        flipped_total, rows_total = flipped_total + flipped, rows_total + int(flipped_rows.sum())
        print(f"  {name}: max |difference| {absolute:.3e}, relative {relative:.3e} (rows whose masks agree), mask "
              f"entries differing {flipped} of {pruned.numel()} in {int(flipped_rows.sum())} rows, error estimate "
              f"{error:.4g}" + ("  FAILED" if failed else ""))
    print(f"{len(reference)} weights: largest relative difference {worst_rel:.3e} (tolerance {tolerance:g}), "
          f"largest absolute {worst_abs:.3e}, mask entries differing {flipped_total} (in {rows_total} rows, left out "
          f"of the differences); "
          + ("masks and weights agree" if ok else "DISAGREE"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
