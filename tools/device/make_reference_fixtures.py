"""The Hugging Face reference fixtures (tests/data/hf/<family>/): for each family a small random
checkpoint as save_pretrained writes it and reference.safetensors with the inputs and what
transformers computes from them (outputs, loss, hidden states, attention probabilities, the
gradient of the loss w.r.t. every parameter, and the head and neuron gate gradients). The
conventions are those of tests/data/hf/README.md.

    python3 tools/device/make_reference_fixtures.py --out DIR [--families bert,gpt2,...] [--seed N] [--force]
        writes DIR/<family>/ for each family (all nine by default); a family folder that holds
        files is refused unless --force. The new folders' files, configs and tensor names, shapes
        and dtypes are compared with the manifest of the shipped set (--manifest, by default
        reference_fixtures_manifest.json beside this script) for the families it lists.
    python3 tools/device/make_reference_fixtures.py --check DIR [--families ...]
        recomputes every tensor of DIR/<family>/reference.safetensors from the checkpoint and the
        inputs stored there, prints each one's relative error and exits 1 if one is over its tolerance.
    python3 tools/device/make_reference_fixtures.py --write-manifest DIR
        writes the manifest from a fixture set (standard library only, no torch needed).

Runs on the CPU with one thread, so that a rerun with the same seed writes the same bytes.
"""
import argparse
import json
import math
import os
import shutil
import struct
import sys
import tempfile
import traceback
import zlib
from collections import namedtuple
from functools import partial

try:  # the manifest is read and written with the standard library alone
    import torch
    import torch.nn.functional as F
    import transformers
    from safetensors.torch import load_file, save_file
except ImportError:
    torch = None

FAMILIES = ("bert", "gpt2", "clip", "roberta", "distilbert", "vit", "llama", "qwen2", "mistral")
MANIFEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference_fixtures_manifest.json")
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids", "pixel_values", "labels")
WEIGHT_STD = 0.08  # every parameter but the norm weights; large enough that no term is negligible
NORM_STD = 0.1  # norm weights are 1 + N(0, 0.1²)
ROPE = {"rope_type": "default", "rope_theta": 10000.0}

# Tolerances, from float32 rounding. Recomputing on another CPU or library build changes only the
# order of summation, hence the rounding: u = 2^-24 per operation, a sum of n terms drifts by about
# sqrt(n)·u (errors of random sign), and the drifts of the stages a value passes through add up. The
# widest sum here has n = 256 terms (GPT-2's FFN), and a forward pass goes through at most S = 12
# stages (embedding and its norm; per layer attention, its output projection and the FFN's two
# matrices, times 2 layers; the final norm and the head): S·sqrt(n)·u = 1.1e-5 for outputs. A gradient
# runs the chain back once more and sums over the batch and the tokens: ten times that.
FORWARD_TOLERANCE = 12 * math.sqrt(256) * 2.0**-24
GRADIENT_TOLERANCE = 10 * FORWARD_TOLERANCE

# Where the gates sit, named as the checkpoint names the module: the input of each layer's attention
# output projection (one gate per query head, on its head_dim-wide slice) and of its FFN output
# projection (one gate per neuron; for a gated FFN the product act(gate_proj) * up_proj). transformers
# may hold the module under another name (ViT in transformers 5): it is found through its weight.
LLAMA_GATES = ("model.layers.{i}.self_attn.o_proj", "model.layers.{i}.mlp.down_proj")
GATES = {
    "bert": ("bert.encoder.layer.{i}.attention.output.dense", "bert.encoder.layer.{i}.output.dense"),
    "gpt2": ("transformer.h.{i}.attn.c_proj", "transformer.h.{i}.mlp.c_proj"),
    "roberta": ("roberta.encoder.layer.{i}.attention.output.dense", "roberta.encoder.layer.{i}.output.dense"),
    "distilbert": ("distilbert.transformer.layer.{i}.attention.out_lin", "distilbert.transformer.layer.{i}.ffn.lin2"),
    "vit": ("vit.encoder.layer.{i}.attention.output.dense", "vit.encoder.layer.{i}.output.dense"),
    "llama": LLAMA_GATES,
    "qwen2": LLAMA_GATES,
    "mistral": LLAMA_GATES,
}

Fixture = namedtuple("Fixture", "config model_class inputs processor", defaults=(None,))


# --- one function per family: its config and its inputs -----------------------------------------

def token_batch(g, lengths, vocab, first, pad, last=(), low=3):
    """Rows of random ids in [low, vocab) between fixed first and last tokens, right-padded to the
    longest row with `pad` (None leaves random ids under the mask), and their attention mask."""
    ids = torch.randint(low, vocab, (len(lengths), max(lengths)), generator=g)
    mask = torch.zeros_like(ids)
    for row, n in enumerate(lengths):
        mask[row, :n] = 1
        ids[row, :len(first)] = torch.tensor(first, dtype=torch.long)
        ids[row, n - len(last):n] = torch.tensor(last, dtype=torch.long)
        if pad is not None:
            ids[row, n:] = pad
    return ids, mask


def classification(g, ids, mask, labels):
    return {"input_ids": ids, "attention_mask": mask, "labels": torch.randint(0, labels, (ids.shape[0],), generator=g)}


def causal_lm(ids, mask):
    """Labels are the ids with -100 on padding; the model shifts them."""
    return {"input_ids": ids, "attention_mask": mask, "labels": ids.masked_fill(mask == 0, -100)}


def bert(g):
    config = transformers.BertConfig(vocab_size=1000, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                                     intermediate_size=128, max_position_embeddings=64, num_labels=3,
                                     hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    inputs = classification(g, *token_batch(g, [12, 8, 5], 1000, first=[2], pad=0), labels=3)
    inputs["token_type_ids"] = torch.zeros_like(inputs["input_ids"])
    inputs["token_type_ids"][0, 6:] = 1  # row 0 is a sentence pair
    return Fixture(config, transformers.BertForSequenceClassification, inputs)


def gpt2(g):
    config = transformers.GPT2Config(vocab_size=1000, n_positions=64, n_embd=64, n_layer=2, n_head=4,
                                     resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=0, eos_token_id=0)
    ids, mask = token_batch(g, [10, 7], 1000, first=[], pad=None, low=1)
    return Fixture(config, transformers.GPT2LMHeadModel, causal_lm(ids, mask))


def clip(g):
    """Three texts (BOS 798, EOS 799, pad 1) and two random images: texts 0 and 1 match images 0 and 1,
    text 2 is a distractor."""
    text = dict(vocab_size=800, hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                max_position_embeddings=16, bos_token_id=798, eos_token_id=799, pad_token_id=1, projection_dim=32)
    vision = dict(image_size=32, patch_size=8, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                  num_attention_heads=4, projection_dim=32)
    config = transformers.CLIPConfig(text_config=text, vision_config=vision, projection_dim=32)
    ids, mask = token_batch(g, [9, 6, 4], 798, first=[798], last=[799], pad=1, low=2)
    pixels = torch.randn(2, 3, 32, 32, generator=g)
    return Fixture(config, transformers.CLIPModel, {"input_ids": ids, "attention_mask": mask, "pixel_values": pixels})


def roberta(g):
    """<s> = 0 ... </s> = 2, padded with 1; transformers derives the positions from the ids."""
    config = transformers.RobertaConfig(vocab_size=1000, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                                        intermediate_size=128, max_position_embeddings=48, type_vocab_size=1,
                                        pad_token_id=1, bos_token_id=0, eos_token_id=2, layer_norm_eps=1e-5,
                                        num_labels=3, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    inputs = classification(g, *token_batch(g, [12, 8, 5], 1000, first=[0], last=[2], pad=1), labels=3)
    return Fixture(config, transformers.RobertaForSequenceClassification, inputs)


def distilbert(g):
    config = transformers.DistilBertConfig(vocab_size=1000, dim=64, n_layers=2, n_heads=4, hidden_dim=128,
                                           max_position_embeddings=48, dropout=0.0, attention_dropout=0.0,
                                           seq_classif_dropout=0.0, qa_dropout=0.0, num_labels=3)
    inputs = classification(g, *token_batch(g, [12, 8, 5], 1000, first=[2], pad=0), labels=3)
    return Fixture(config, transformers.DistilBertForSequenceClassification, inputs)


def vit(g):
    """Random 8-bit RGB images through ViTImageProcessor (32×32 already: no resize takes place)."""
    config = transformers.ViTConfig(image_size=32, patch_size=8, hidden_size=64, num_hidden_layers=2,
                                    num_attention_heads=4, intermediate_size=128, hidden_dropout_prob=0.0,
                                    attention_probs_dropout_prob=0.0, num_labels=4)
    processor = transformers.ViTImageProcessor(size={"height": 32, "width": 32})
    images = torch.randint(0, 256, (3, 3, 32, 32), generator=g, dtype=torch.uint8)
    pixels = processor(images=list(images), return_tensors="pt")["pixel_values"].float()
    inputs = {"pixel_values": pixels, "labels": torch.randint(0, 4, (3,), generator=g)}
    return Fixture(config, transformers.ViTForImageClassification, inputs, processor)


def llama(g):
    config = transformers.LlamaConfig(vocab_size=1000, hidden_size=64, intermediate_size=160, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                                      max_position_embeddings=64, rms_norm_eps=1e-6, rope_parameters=dict(ROPE),
                                      bos_token_id=1, eos_token_id=2, pad_token_id=None, tie_word_embeddings=False)
    return Fixture(config, transformers.LlamaForCausalLM, causal_lm(*token_batch(g, [12, 9, 6], 1000, [1], pad=0)))


def qwen2(g):
    config = transformers.Qwen2Config(vocab_size=1000, hidden_size=64, intermediate_size=144, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=1, max_position_embeddings=64,
                                      rms_norm_eps=1e-6, rope_parameters=dict(ROPE), use_sliding_window=False,
                                      bos_token_id=1, eos_token_id=2, pad_token_id=None, tie_word_embeddings=True)
    return Fixture(config, transformers.Qwen2ForCausalLM, causal_lm(*token_batch(g, [12, 8, 5], 1000, [1], pad=0)))


def mistral(g):
    """A sliding window of 8 at 12 tokens; no row is so short that a query loses all its keys."""
    config = transformers.MistralConfig(vocab_size=600, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                        num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                                        max_position_embeddings=64, rms_norm_eps=1e-6, rope_parameters=dict(ROPE),
                                        sliding_window=8, bos_token_id=1, eos_token_id=2, pad_token_id=None,
                                        tie_word_embeddings=False)
    return Fixture(config, transformers.MistralForCausalLM, causal_lm(*token_batch(g, [12, 9, 6], 600, [1], pad=0)))


MAKERS = {f.__name__: f for f in (bert, gpt2, clip, roberta, distilbert, vit, llama, qwen2, mistral)}


# --- what transformers computes: shared by making and checking ----------------------------------

def randomize(model, g):
    """Norm weights 1 + N(0, 0.1²), every other parameter (norm biases too) N(0, 0.08²). CLIP's
    logit_scale keeps its configured value, the log of the inverse temperature."""
    seen = set()
    for _, module in model.named_modules():
        is_norm = isinstance(module, torch.nn.LayerNorm) or type(module).__name__.endswith(("RMSNorm", "LayerNorm"))
        for name, p in module.named_parameters(recurse=False):
            if id(p) in seen or name == "logit_scale":
                continue
            seen.add(id(p))
            with torch.no_grad():
                if is_norm and name == "weight":
                    p.copy_(1 + NORM_STD * torch.randn(p.shape, generator=g))
                else:
                    p.copy_(WEIGHT_STD * torch.randn(p.shape, generator=g))


def load_checkpoint(folder):
    """The model of folder/config.json's architecture, eager attention, and any keys it did not load."""
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    model_class = getattr(transformers, config["architectures"][0])
    model, info = model_class.from_pretrained(folder, attn_implementation="eager", output_loading_info=True)
    info = info if isinstance(info, dict) else vars(info)
    unloaded = {k: info[k] for k in ("missing_keys", "unexpected_keys", "mismatched_keys") if info.get(k)}
    return model.float().eval(), config["model_type"], unloaded


def saved_names(model, folder):
    """Each parameter's key in model.safetensors. transformers 5 may hold a module under another name
    than the one it saves (ViT), so the key is the one whose tensor holds the parameter's values (every
    parameter is random); the parameter's own name wins a tie."""
    saved = load_file(os.path.join(folder, "model.safetensors"))
    names = {}
    for name, p in model.named_parameters():
        value = p.detach().cpu()
        keys = [k for k, t in saved.items() if t.shape == value.shape and torch.equal(t, value)]
        keys = [name] if name in keys else keys
        if len(keys) != 1:
            raise RuntimeError(f"parameter {name}: {len(keys)} tensors of model.safetensors hold its values")
        names[name] = keys[0]
    if len(set(names.values())) != len(names):
        raise RuntimeError("two parameters map to one key of model.safetensors")
    return names


def gated_input(module, args, gate, layer):
    """Multiplies the projection's input by the layer's gates, each repeated over its slice."""
    x = args[0]
    return (x * gate[layer].repeat_interleave(x.shape[-1] // gate.shape[1]),) + tuple(args[1:])


def attach_gates(model, model_type, names):
    """Gates of value 1 (so nothing changes) before each attention and FFN output projection."""
    if model_type not in GATES:
        return {}, []
    modules = dict(model.named_modules())
    module_of_key = {key: name.rsplit(".", 1)[0] for name, key in names.items()}
    layers, heads = model.config.num_hidden_layers, model.config.num_attention_heads
    gates, hooks = {}, []
    for kind, pattern in zip(("head_gate_grad", "neuron_gate_grad"), GATES[model_type]):
        found = [modules[module_of_key[pattern.format(i=i) + ".weight"]] for i in range(layers)]
        # nn.Linear holds its weight as [out, in], GPT-2's Conv1D as [in, out]
        width = found[0].in_features if hasattr(found[0], "in_features") else found[0].weight.shape[0]
        units = heads if kind == "head_gate_grad" else width
        if width % units:
            raise RuntimeError(f"{pattern}: input width {width} is not a multiple of {units} heads")
        gate = torch.ones(layers, units, requires_grad=True)
        hooks += [m.register_forward_pre_hook(partial(gated_input, gate=gate, layer=i)) for i, m in enumerate(found)]
        gates[kind] = gate
    return gates, hooks


def run_model(model, inputs):
    args = {k: v for k, v in inputs.items() if k in INPUT_NAMES}
    o = model(**args, output_hidden_states=True, output_attentions=True)
    if o.attentions is None or o.hidden_states is None:
        raise RuntimeError("the model returned no attentions or hidden states")
    out = {"logits": o.logits, "loss": o.loss}
    out.update({f"hidden_states.{i}": h for i, h in enumerate(o.hidden_states)})
    out.update({f"attentions.{i}": a for i, a in enumerate(o.attentions)})
    return out


def run_clip(model, inputs):
    """The symmetric contrastive cross-entropy over logits_per_image[:, :images]: text i matches image
    i, the texts beyond the images are distractors."""
    o = model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"],
              pixel_values=inputs["pixel_values"], output_hidden_states=True)
    images = inputs["pixel_values"].shape[0]
    logits, target = o.logits_per_image[:, :images], torch.arange(images)
    out = {"text_embeds": o.text_embeds, "image_embeds": o.image_embeds, "logits_per_image": o.logits_per_image,
           "loss": (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2}
    out.update({f"text_hidden_states.{i}": h for i, h in enumerate(o.text_model_output.hidden_states)})
    out.update({f"vision_hidden_states.{i}": h for i, h in enumerate(o.vision_model_output.hidden_states)})
    return out


def compute_reference(model, model_type, inputs, names):
    """Outputs, loss [1], grad.<saved key> of every parameter and the gate gradients."""
    model.zero_grad(set_to_none=True)
    gates, hooks = attach_gates(model, model_type, names)
    try:
        out = run_clip(model, inputs) if model_type == "clip" else run_model(model, inputs)
        out["loss"].backward()
    finally:
        for hook in hooks:
            hook.remove()
    out["loss"] = out["loss"].reshape(1)
    for name, p in model.named_parameters():
        if p.grad is None:
            raise RuntimeError(f"no gradient reaches {name}")
        out["grad." + names[name]] = p.grad
    out.update({kind: gate.grad for kind, gate in gates.items()})
    return {k: v.detach().float().contiguous().clone() for k, v in out.items()}  # safetensors wants no shared storage


# --- making a set ------------------------------------------------------------------------------

def make_family(out_dir, family, seed):
    """Writes out_dir/family/. Every file is written into a temporary folder beside it first and
    renamed into place, so that none is ever seen half-written. Returns the keys that did not load."""
    g = torch.Generator().manual_seed(seed + zlib.crc32(family.encode()))  # independent of the other families
    fixture = MAKERS[family](g)
    model = fixture.model_class(fixture.config)
    randomize(model, g)
    target = os.path.join(out_dir, family)
    os.makedirs(target, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{family}-", dir=out_dir)
    try:
        model.save_pretrained(staging)
        if fixture.processor is not None:
            fixture.processor.save_pretrained(staging)
        # The reference comes from the checkpoint as loaded back, as the tests and --check see it.
        loaded, model_type, unloaded = load_checkpoint(staging)
        reference = compute_reference(loaded, model_type, fixture.inputs, saved_names(loaded, staging))
        reference.update({k: v.contiguous() for k, v in fixture.inputs.items()})
        save_file(reference, os.path.join(staging, "reference.safetensors"))
        for name in sorted(os.listdir(staging)):
            os.chmod(os.path.join(staging, name), 0o644)  # some writers make their files private
            os.replace(os.path.join(staging, name), os.path.join(target, name))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"{family}: wrote {target} (loss {reference['loss'].item():.6f}, {len(reference)} reference tensors)")
    return unloaded


# --- the manifest: names, shapes and dtypes of the shipped set -----------------------------------

def read_header(path):
    """A safetensors file's tensors as {name: "DTYPE [shape]"}, from its JSON header."""
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
    return {k: f"{v['dtype']} {v['shape']}" for k, v in header.items() if k != "__metadata__"}


def describe(folder):
    """What a manifest records of one family folder. Gradients are left out: reference.safetensors
    holds grad.<key> for every key of model.safetensors, with its shape and dtype."""
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    config.pop("transformers_version", None)
    model = read_header(os.path.join(folder, "model.safetensors"))
    reference = read_header(os.path.join(folder, "reference.safetensors"))
    return {"files": sorted(os.listdir(folder)), "config": config, "model": model,
            "reference": {k: v for k, v in reference.items() if not k.startswith("grad.")},
            "gradients_of_every_model_tensor": all(reference.get("grad." + k) == v for k, v in model.items())}


def write_manifest(fixtures_dir, path):
    families = sorted(d for d in os.listdir(fixtures_dir) if os.path.isfile(os.path.join(fixtures_dir, d, "config.json")))
    manifest = {"about": "files, configs and tensors (dtype and shape) of the shipped reference fixtures; "
                         "written by make_reference_fixtures.py --write-manifest",
                "families": {d: describe(os.path.join(fixtures_dir, d)) for d in families}}
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(os.path.abspath(path)), delete=False) as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    os.chmod(f.name, 0o644)
    os.replace(f.name, path)
    print(f"{path}: {len(families)} families ({', '.join(families)})")


def differences(expected, found, what):
    lines = [f"{what} {k}: missing" for k in sorted(set(expected) - set(found))]
    lines += [f"{what} {k}: not in the manifest" for k in sorted(set(found) - set(expected))]
    return lines + [f"{what} {k}: {found[k]}, manifest {expected[k]}" for k in sorted(set(expected) & set(found))
                    if found[k] != expected[k]]


def against_manifest(folder, entry):
    """How a made folder differs from its manifest entry: files, config keys, tensor names, shapes, dtypes."""
    made = describe(folder)
    lines = differences(dict.fromkeys(entry["files"], "present"), dict.fromkeys(made["files"], "present"), "file")
    lines += differences(entry["config"], made["config"], "config")
    lines += differences(entry["model"], made["model"], "model.safetensors")
    lines += differences(entry["reference"], made["reference"], "reference.safetensors")
    if not made["gradients_of_every_model_tensor"]:
        lines.append("reference.safetensors: not every model tensor has its grad.<key> of the same shape")
    return lines


# --- checking a set ----------------------------------------------------------------------------

def relative_error(ours, ref):
    """||ours - ref|| / ||ref||, or the absolute ||ours - ref|| where the reference is all zero."""
    diff, norm = (ours.double() - ref.double()).norm().item(), ref.double().norm().item()
    return diff / norm if norm > 0 else diff, diff, norm


def is_gradient(name):
    return name.startswith("grad.") or name.endswith("_gate_grad")


def compare(ref, ours):
    """Prints every reference tensor's error and returns the names that fail, with the worst errors.
    A gradient that is zero in exact arithmetic (a key bias: softmax ignores a shift shared by all
    keys) holds rounding noise on both sides; one whose reference is below the gradient tolerance
    times the largest gradient is judged by its absolute difference against that product."""
    largest = max((ref[n].double().norm().item() for n in ref if is_gradient(n)), default=0.0)
    failed, worst = [], {"outputs": (-1.0, ""), "gradients": (-1.0, "")}
    for name in sorted(n for n in ref if n not in INPUT_NAMES):
        if name not in ours:
            print(f"  {name:60s} not computed  FAIL")
            failed.append(name)
            continue
        kind, tolerance = ("gradients", GRADIENT_TOLERANCE) if is_gradient(name) else ("outputs", FORWARD_TOLERANCE)
        if tuple(ours[name].shape) != tuple(ref[name].shape):
            print(f"  {name:60s} shape {list(ours[name].shape)}, reference {list(ref[name].shape)}  FAIL")
            failed.append(name)
            continue
        error, diff, norm = relative_error(ours[name], ref[name])
        noise = kind == "gradients" and norm < tolerance * largest
        ok = diff <= tolerance * largest if noise else error <= tolerance
        measure = f"abs {diff:.2e} (noise, limit {tolerance * largest:.1e})" if noise else \
            f"{'rel' if norm > 0 else 'abs'} {error:.2e} (limit {tolerance:.1e})"
        print(f"  {name:60s} {str(list(ref[name].shape)):18s} {measure}{'' if ok else '  FAIL'}")
        if not ok:
            failed.append(name)
        if not noise and error > worst[kind][0]:
            worst[kind] = (error, name)
    return failed, worst


def check_family(folder):
    model, model_type, unloaded = load_checkpoint(folder)
    ref = load_file(os.path.join(folder, "reference.safetensors"))
    inputs = {k: v for k, v in ref.items() if k in INPUT_NAMES}
    ours = compute_reference(model, model_type, inputs, saved_names(model, folder))
    print(f"== {folder}: {model_type}, {len(ref) - len(inputs)} reference tensors")
    failed, worst = compare(ref, ours)
    extra = sorted(set(ours) - set(ref))
    summary = ", ".join(f"{kind} max rel_err {e:.2e} ({n})" if e > 0 else f"{kind} identical"
                        for kind, (e, n) in worst.items() if n)
    print(f"{os.path.basename(folder)}: {summary}" + (f"; not in the reference: {', '.join(extra)}" if extra else "")
          + (f"; did not load: {unloaded}" if unloaded else "") + (f"; FAILED: {', '.join(failed)}" if failed else "; ok"))
    return not failed and not unloaded


# --- command line ------------------------------------------------------------------------------

def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", help="folder to write <family>/ into")
    mode.add_argument("--check", metavar="DIR", help="recompute the references of an existing set")
    mode.add_argument("--write-manifest", metavar="DIR", help="record a set's names, shapes and configs")
    parser.add_argument("--families", help=f"comma-separated, from {','.join(FAMILIES)} (default: all)")
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--force", action="store_true", help="write into family folders that hold files")
    parser.add_argument("--manifest", default=MANIFEST, help="manifest to compare a new set with ('' for none)")
    args = parser.parse_args()
    args.families = args.families.split(",") if args.families else None
    unknown = sorted(set(args.families or ()) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    return args


def make(args):
    families = args.families or list(FAMILIES)
    occupied = [f for f in families if os.path.isdir(os.path.join(args.out, f)) and os.listdir(os.path.join(args.out, f))]
    if occupied and not args.force:
        sys.exit(f"{args.out}: {', '.join(occupied)} already hold files; --force replaces them")
    manifest = {}
    if args.manifest:
        with open(args.manifest) as f:
            manifest = json.load(f)["families"]
    os.makedirs(args.out, exist_ok=True)
    ok = True
    for family in families:
        try:
            unloaded = make_family(args.out, family, args.seed)
        except Exception:  # the other families are still made; the run fails at the end
            traceback.print_exc()
            print(f"{family}: FAILED")
            ok = False
            continue
        problems = [f"did not load back: {unloaded}"] if unloaded else []
        if family in manifest:
            problems += against_manifest(os.path.join(args.out, family), manifest[family])
        for line in problems:
            print(f"  {family}: {line}")
        print(f"{family}: " + ("FAILED" if problems else "files, config and tensors as in the manifest"
                               if family in manifest else "not in the manifest"))
        ok = ok and not problems
    return ok


def check(args):
    present = sorted(d for d in os.listdir(args.check) if os.path.isfile(os.path.join(args.check, d, "reference.safetensors")))
    families = args.families or present
    missing = sorted(set(families) - set(present))
    if missing:
        sys.exit(f"{args.check}: no reference.safetensors for {', '.join(missing)}")
    results = []
    for family in families:
        try:
            results.append(check_family(os.path.join(args.check, family)))
        except Exception:  # the other families are still checked; the run fails at the end
            traceback.print_exc()
            print(f"{family}: FAILED")
            results.append(False)
    print(f"{sum(results)} of {len(results)} families within tolerance "
          f"(outputs {FORWARD_TOLERANCE:.1e}, gradients {GRADIENT_TOLERANCE:.1e})")
    return all(results)


def main():
    args = parse_arguments()
    if args.write_manifest:
        write_manifest(args.write_manifest, args.manifest or MANIFEST)
        return 0
    if torch is None:
        sys.exit("needs torch, transformers and safetensors")
    torch.set_num_threads(1)  # one summation order, whatever the machine's cores
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return 0 if (make(args) if args.out else check(args)) else 1


if __name__ == "__main__":
    sys.exit(main())
