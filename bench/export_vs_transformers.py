"""Shrunk exports loaded in stock transformers, and what they gain, on one GPU, in one run.

For models shaped as BERT-base, GPT-2 small, CLIP ViT-B/32, RoBERTa-base, DistilBERT-base,
ViT-B/16, Llama-3.2-1B, Qwen2.5-0.5B and Mistral-7B (4 of its layers) (random weights, saved
by transformers itself), removes 30 %, 50 % and 70 % of the heads and of the FFN neurons of
every layer (the same count in each layer, chosen at random with a seed; for the decoders
with grouped-query attention, that share of the key-value groups with all their query heads),
exports with `prunescope-cli export --mode shrunk`, and then:
  - loads the export with the stock transformers class (no custom code) and checks that
    no tensor is missing, unexpected or of another shape;
  - compares its outputs with PruneScope's own masked model (`prunescope-cli forward
    --mask`) on the same 32 inputs, in float32 with TF32 off;
  - times the dense and the pruned model in transformers at batch 1 and 32, float32
    and bfloat16 (median of 30 forward passes after 5 warm-up passes, CUDA-synchronised,
    dense and pruned passes interleaved), for exact widths and widths aligned to 64.

    python3 bench/export_vs_transformers.py --cli build/cuda/app/prunescope-cli \
        --work /tmp/psexport --out bench/results/export-speed.md
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
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpu_bench import make_inputs, make_model  # noqa: E402

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False

CLASSES = {"bert": transformers.BertForSequenceClassification, "gpt2": transformers.GPT2LMHeadModel,
           "clip": transformers.CLIPModel, "roberta": transformers.RobertaForSequenceClassification,
           "distilbert": transformers.DistilBertForSequenceClassification,
           "vit": transformers.ViTForImageClassification, "llama": transformers.LlamaForCausalLM,
           "qwen2": transformers.Qwen2ForCausalLM, "mistral": transformers.MistralForCausalLM}
NAMES = {"bert": "BERT-base", "gpt2": "GPT-2 small", "clip": "CLIP ViT-B/32", "roberta": "RoBERTa-base",
         "distilbert": "DistilBERT-base", "vit": "ViT-B/16", "llama": "Llama-3.2-1B", "qwen2": "Qwen2.5-0.5B",
         "mistral": "Mistral-7B, 4 layers"}
OUTPUT = {"bert": "logits", "gpt2": "logits", "clip": "logits_per_image", "roberta": "logits", "distilbert": "logits",
          "vit": "logits", "llama": "logits", "qwen2": "logits", "mistral": "logits"}
DECODERS = ("llama", "qwen2", "mistral")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(command):
    """Runs a prunescope-cli command; on failure its messages go to the log before the error."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        log(done.stderr[-3000:])
        raise subprocess.CalledProcessError(done.returncode, command)
    return done.stdout


def towers(model, family):
    """(mask prefix, layers, heads, ffn, query heads per key-value group) per tower."""
    if family == "clip":
        t, v = model.config.text_config, model.config.vision_config
        return [("text.", t.num_hidden_layers, t.num_attention_heads, t.intermediate_size, 1),
                ("vision.", v.num_hidden_layers, v.num_attention_heads, v.intermediate_size, 1)]
    c = model.config
    if family == "gpt2":
        return [("", c.n_layer, c.n_head, c.n_inner or 4 * c.n_embd, 1)]
    if family == "distilbert":
        return [("", c.n_layers, c.n_heads, c.hidden_dim, 1)]
    if family in DECODERS:
        return [("", c.num_hidden_layers, c.num_attention_heads, c.intermediate_size,
                 c.num_attention_heads // c.num_key_value_heads)]
    return [("", c.num_hidden_layers, c.num_attention_heads, c.intermediate_size, 1)]


def uniform_mask(model, family, fraction, seed=0):
    g = torch.Generator().manual_seed(seed)
    mask = {}
    for prefix, layers, heads, ffn, per_group in towers(model, family):
        for name, units, width in (("heads", heads // per_group, per_group), ("neurons", ffn, 1)):
            m = torch.ones(layers, units)
            pruned = round(fraction * units)
            for layer in range(layers):
                m[layer, torch.randperm(units, generator=g)[:pruned]] = 0
            mask[prefix + name] = m.repeat_interleave(width, dim=1)  # a key-value group with its query heads
    return mask


def time_pair(dense, pruned, inputs, repeat=30, warmup=5):
    """Median milliseconds of the dense and the pruned model, their passes interleaved so
    that clock and temperature drift fall on both alike."""
    def once(model):
        start = time.perf_counter()
        model(**inputs)
        torch.cuda.synchronize()
        return time.perf_counter() - start

    with torch.inference_mode():
        for _ in range(warmup):
            once(dense), once(pruned)
        pairs = [(once(dense), once(pruned)) for _ in range(repeat)]
    return (statistics.median(p[0] for p in pairs) * 1000, statistics.median(p[1] for p in pairs) * 1000)


def on_gpu(data, count, dtype):
    return {k: (v[:count].cuda().to(dtype) if v.is_floating_point() else v[:count].cuda()) for k, v in data.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", default="/tmp/prunescope-export")
    parser.add_argument("--out", required=True)
    parser.add_argument("--families", default="bert,gpt2,clip,roberta,distilbert,vit,llama,qwen2,mistral")
    parser.add_argument("--fractions", default="0.3,0.5,0.7", help="shares of heads and neurons removed")
    parser.add_argument("--aligns", default="1,64", help="FFN width multiples to export")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    gpu = torch.cuda.get_device_name(0)
    rows, ok = [], True
    for family in args.families.split(","):
        folder = os.path.join(args.work, family)
        make_model(family).save_pretrained(folder)
        data = {k: v for k, v in make_inputs(family, 32).items() if k != "labels"}
        inputs_path = os.path.join(args.work, f"{family}-inputs.safetensors")
        save_file({k: v.contiguous() for k, v in data.items()}, inputs_path)
        small_path = os.path.join(args.work, f"{family}-inputs-2.safetensors")
        save_file({k: v[:2].contiguous() for k, v in data.items()}, small_path)
        cls = CLASSES[family]
        dense = {dtype: cls.from_pretrained(folder, dtype=dtype).cuda().eval()
                 for dtype in (torch.float32, torch.bfloat16)}
        dense_params = sum(p.numel() for p in dense[torch.float32].parameters())
        for fraction in map(float, args.fractions.split(",")):
            tag = f"{family}-{int(fraction * 100)}"
            mask_path = os.path.join(args.work, f"{tag}-mask.safetensors")
            save_file(uniform_mask(dense[torch.float32], family, fraction), mask_path,
                      metadata={"prunescope.kind": "mask", "method": "random", "granularity": "head+neuron",
                                "scope": "layer", "sparsity": str(fraction)})
            ours_path = os.path.join(args.work, f"{tag}-ours.safetensors")
            run([args.cli, "forward", "--model", folder, "--mask", mask_path, "--inputs", inputs_path,
                 "--out", ours_path, "--device", "cuda"])
            ours = load_file(ours_path)[OUTPUT[family]].double().cpu()
            for align in map(int, args.aligns.split(",")):
                out = os.path.join(args.work, f"{tag}-shrunk-{align}")
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                report = json.loads(run([args.cli, "export", "--model", folder, "--mask", mask_path, "--out", out,
                                         "--align", str(align), "--inputs", small_path, "--json"]))
                export_seconds = time.perf_counter() - start
                pruned, info = cls.from_pretrained(out, output_loading_info=True)
                problems = {k: v for k, v in info.items() if v}
                pruned = pruned.cuda().eval()
                with torch.inference_mode():
                    theirs = getattr(pruned(**on_gpu(data, 32, torch.float32)), OUTPUT[family]).double().cpu()
                difference = ((theirs - ours).abs().max() / ours.abs().max().clamp(min=1)).item()
                loads = not problems
                ok = ok and loads and difference <= 1e-4
                pruned_params = sum(p.numel() for p in pruned.parameters())
                for dtype in (torch.float32, torch.bfloat16):
                    pruned.to(dtype)
                    for batch in (1, 32):
                        dense_ms, pruned_ms = time_pair(dense[dtype], pruned, on_gpu(data, batch, dtype))
                        row = dict(model=NAMES[family], removed=fraction, align=align, params_dense=dense_params,
                                   params_pruned=pruned_params, ffn=[t["ffn_after"] for t in report["towers"]],
                                   heads=[f'{t["heads_after"]}/{t["kv_heads_after"]}' for t in report["towers"]],
                                   loads=loads, problems=problems, difference=difference,
                                   dtype=str(dtype).replace("torch.", ""), batch=batch, dense_ms=dense_ms,
                                   pruned_ms=pruned_ms, speedup=dense_ms / pruned_ms, export_seconds=export_seconds,
                                   verified=report["max_difference"])
                        rows.append(row)
                        log(json.dumps(row))
                del pruned
                torch.cuda.empty_cache()
        del dense
        torch.cuda.empty_cache()

    with open(args.out, "w") as f:
        f.write("# Shrunk exports in stock transformers: loading, agreement, speed\n\n")
        f.write(f"Machine: {gpu}, PyTorch {torch.__version__} (CUDA {torch.version.cuda}), transformers "
                f"{transformers.__version__}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores. "
                f"Date: {time.strftime('%Y-%m-%d')}.\n\n")
        f.write("Random weights in the shapes of each model, saved by transformers. In every layer the same fraction "
                "of heads and of FFN neurons is removed (chosen at random, seed 0; for Llama, Qwen2 and Mistral that "
                "share of the key-value groups, each with its query heads), and `prunescope-cli export --mode "
                "shrunk` writes the checkpoint. For BERT, GPT-2, CLIP, RoBERTa, DistilBERT and ViT stock transformers "
                "cannot express fewer heads of the same size (it derives the head size from hidden_size / "
                "num_attention_heads), so the export zeroes pruned heads in place and the speed-up comes from the FFN; "
                "Llama, Qwen2 and Mistral configs state head_dim, so there the heads and key-value heads go too "
                "(*heads*: query / key-value heads per layer after the export). *Loads*: the stock class "
                "loads it with no missing, unexpected or mismatched tensor. *Agreement*: max |transformers(export) − "
                "PruneScope(masked source)| / max(1, max |PruneScope|) of the output, float32, TF32 off, 32 inputs "
                "(BERT, GPT-2, RoBERTa, DistilBERT, Llama, Qwen2, Mistral 128 tokens, CLIP 77 tokens and 224 px images, ViT 224 px images). Times: median forward pass of 30 after 5 "
                "warm-up passes, dense and pruned passes interleaved, `torch.inference_mode`, sdpa attention. *align*: "
                "`--align 64` rounds each FFN width up to a multiple of 64 with zero units (exact), which tensor-core "
                "kernels prefer.\n\n")
        f.write("| model | removed | align | parameters | FFN width | heads | loads | agreement | dtype | batch | dense ms | "
                "pruned ms | speed-up |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            f.write(f"| {r['model']} | {r['removed']:.0%} | {r['align']} | {r['params_dense'] / 1e6:.1f}M → "
                    f"{r['params_pruned'] / 1e6:.1f}M | {'/'.join(map(str, r['ffn']))} | {', '.join(r['heads'])} | "
                    f"{'yes' if r['loads'] else 'NO ' + json.dumps(r['problems'])} | {r['difference']:.1e} | "
                    f"{r['dtype']} | {r['batch']} | {r['dense_ms']:.2f} | {r['pruned_ms']:.2f} | "
                    f"{r['speedup']:.2f}× |\n")
    log(f"wrote {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
