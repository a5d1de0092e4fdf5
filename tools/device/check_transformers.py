"""Compares PruneScope's outputs on a GPU server: cuda against cpu, and against
transformers run on the same machine with the same inputs (float32, eager attention,
TF32 off), each checkpoint loaded by the class its config.json names. Reads the forward-<family>-<device>.safetensors files that
tools/device_round.sh wrote. Prints the relative error of every tensor it compares and
exits 1 if any exceeds the tolerance (1e-5 outputs, 1e-4 gradients)."""
import sys

import os

import torch
import transformers
from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference_fixtures import load_checkpoint, saved_names  # noqa: E402

FAMILIES = ("bert", "gpt2", "clip", "roberta", "distilbert", "vit", "llama", "qwen2", "mistral")

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
out = sys.argv[1]
ok = True


def rel(a, b):
    a, b = a.double(), b.double()
    n = b.norm().item()
    return (a - b).norm().item() / n if n > 0 else (a - b).norm().item()


def tolerance(name):
    return 1e-4 if name.startswith("grad.") or "gate_grad" in name else 1e-5


def report(label, ours, theirs, names):
    """Relative error of each shared tensor; key-bias gradients (zero in exact
    arithmetic) are judged by absolute difference against 1e-6 of the largest gradient."""
    global ok
    largest = max((theirs[n].norm().item() for n in names if n.startswith("grad.")), default=0.0)
    worst, worst_name, failed = 0.0, "", []
    for n in names:
        r = rel(ours[n], theirs[n])
        if n.startswith("grad.") and theirs[n].norm().item() < 1e-6 * largest:
            if (ours[n] - theirs[n]).norm().item() > 1e-6 * largest:
                failed.append(n)
            continue
        if r > tolerance(n):
            failed.append(n)
        if r >= worst:
            worst, worst_name = r, n
    ok = ok and not failed
    for n in failed:  # where the difference is, to tell a padding position from a real one
        d = (ours[n].double() - theirs[n].double()).abs()
        at = [int(i) for i in torch.unravel_index(d.argmax(), d.shape)]
        print(f"  {n}: rel_err {rel(ours[n], theirs[n]):.3e}, largest difference {d.max().item():.3e} at {at} "
              f"(ours {ours[n][tuple(at)].item():.6g}, theirs {theirs[n][tuple(at)].item():.6g})")
    print(f"{label}: {len(names)} tensors, max rel_err {worst:.3e} ({worst_name})"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))


def hf_outputs(family, inputs):
    folder = f"tests/data/hf/{family}"
    model, _, unloaded = load_checkpoint(folder)
    if unloaded:
        raise RuntimeError(f"{folder}: transformers did not load {unloaded}")
    grad_names = saved_names(model, folder)  # transformers 5 holds ViT under other names than it saves
    m = model.cuda()
    args = {k: v.cuda() for k, v in inputs.items() if k in ("input_ids", "attention_mask", "token_type_ids", "pixel_values")}
    if family == "clip":
        o = m(**args, output_hidden_states=True)
        logits = o.logits_per_image[:, : args["pixel_values"].shape[0]]
        target = torch.arange(logits.shape[0], device="cuda")
        loss = (torch.nn.functional.cross_entropy(logits, target) + torch.nn.functional.cross_entropy(logits.t(), target)) / 2
        res = {"text_embeds": o.text_embeds, "image_embeds": o.image_embeds, "logits_per_image": o.logits_per_image}
        for i, h in enumerate(o.text_model_output.hidden_states):
            res[f"text_hidden_states.{i}"] = h
        for i, h in enumerate(o.vision_model_output.hidden_states):
            res[f"vision_hidden_states.{i}"] = h
    else:
        o = m(**args, labels=inputs["labels"].cuda(), output_hidden_states=True, output_attentions=True)
        loss = o.loss
        res = {"logits": o.logits}
        for i, h in enumerate(o.hidden_states):
            res[f"hidden_states.{i}"] = h
        for i, a in enumerate(o.attentions):
            res[f"attentions.{i}"] = a
    loss.backward()
    res["loss"] = loss.reshape(1)
    for n, p in m.named_parameters():
        if p.grad is not None:
            res["grad." + grad_names[n]] = p.grad
    return {k: v.detach().float().cpu() for k, v in res.items()}


for family in sys.argv[2].split(",") if len(sys.argv) > 2 else FAMILIES:
    cuda = load_file(f"{out}/forward-{family}-cuda.safetensors")
    cpu = load_file(f"{out}/forward-{family}-cpu.safetensors")
    report(f"{family:5} prunescope cuda vs prunescope cpu", cuda, cpu, sorted(set(cuda) & set(cpu)))
    inputs = load_file(f"tests/data/hf/{family}/reference.safetensors")
    hf = hf_outputs(family, inputs)
    shared = sorted(set(cuda) & set(hf))
    report(f"{family:5} prunescope cuda vs transformers {transformers.__version__} cuda", cuda, hf, shared)

sys.exit(0 if ok else 1)
