"""Scoring speed against the Python stack, on one GPU, in one run.

For a BERT-base-, a GPT-2-small- and a CLIP ViT-B/32-shaped model (random weights,
saved by transformers itself), computes taylor scores for every head, FFN neuron and
prunable weight over the same batches twice: with PruneScope (prunescope-bench-score)
and with a plain PyTorch + transformers loop doing the same work (gates on every head's
context and every neuron's activation through forward pre-hooks, the same weights
taking gradients). Checks that the scores agree, and reports both times, the ratio, and
the forward+backward rate in TFLOP/s beside the GPU's measured bf16 matmul rate; in
float32 and with bf16 autocast. Then times Smooth-Cut with K noise samples run as one
batch of K copies against K passes one by one.

    python3 bench/score_vs_transformers.py --bench build/cuda/bench/prunescope-bench-score \
        --work /tmp/psbench --out bench/results/score-speed.md
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import torch
import transformers
from safetensors.torch import load_file, save_file

SEQ = {"bert": 128, "gpt2": 128, "clip": 77, "roberta": 128, "distilbert": 128, "vit": 197, "llama": 128,
       "qwen2": 128, "mistral": 128}
# Vocabulary sizes of the decoder shapes below (their token ids are drawn from them).
DECODER_VOCAB = {"llama": 128256, "qwen2": 151936, "mistral": 32000}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def bf16_matmul_tflops(n=8192, repeat=10):
    a = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    for _ in range(3):
        a @ b
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(repeat):
        a @ b
    torch.cuda.synchronize()
    return 2 * n**3 * repeat / (time.perf_counter() - start) / 1e12


def make_model(family):
    torch.manual_seed(0)
    if family == "llama":  # Llama-3.2-1B's shape
        config = transformers.LlamaConfig(vocab_size=128256, hidden_size=2048, intermediate_size=8192,
                                          num_hidden_layers=16, num_attention_heads=32, num_key_value_heads=8,
                                          head_dim=64, max_position_embeddings=8192, rms_norm_eps=1e-5,
                                          rope_theta=500000.0, tie_word_embeddings=True)
        return transformers.LlamaForCausalLM(config)
    if family == "qwen2":  # Qwen2.5-0.5B's shape
        config = transformers.Qwen2Config(vocab_size=151936, hidden_size=896, intermediate_size=4864,
                                          num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2,
                                          max_position_embeddings=32768, rms_norm_eps=1e-6, rope_theta=1000000.0,
                                          tie_word_embeddings=True)
        return transformers.Qwen2ForCausalLM(config)
    if family == "mistral":  # Mistral-7B's layer shapes, 4 layers
        config = transformers.MistralConfig(vocab_size=32000, hidden_size=4096, intermediate_size=14336,
                                            num_hidden_layers=4, num_attention_heads=32, num_key_value_heads=8,
                                            max_position_embeddings=32768, sliding_window=4096, rope_theta=1000000.0)
        return transformers.MistralForCausalLM(config)
    if family == "bert":
        config = transformers.BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12,
                                         num_attention_heads=12, intermediate_size=3072, num_labels=2)
        return transformers.BertForSequenceClassification(config)
    if family == "gpt2":
        config = transformers.GPT2Config(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12)
        return transformers.GPT2LMHeadModel(config)
    if family == "roberta":
        config = transformers.RobertaConfig(vocab_size=50265, hidden_size=768, num_hidden_layers=12,
                                            num_attention_heads=12, intermediate_size=3072, max_position_embeddings=514,
                                            type_vocab_size=1, pad_token_id=1, num_labels=2)
        return transformers.RobertaForSequenceClassification(config)
    if family == "distilbert":
        config = transformers.DistilBertConfig(vocab_size=30522, dim=768, n_layers=6, n_heads=12, hidden_dim=3072,
                                               num_labels=2)
        return transformers.DistilBertForSequenceClassification(config)
    if family == "vit":
        config = transformers.ViTConfig(hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                                        intermediate_size=3072, image_size=224, patch_size=16, num_labels=1000)
        return transformers.ViTForImageClassification(config)
    config = transformers.CLIPConfig(
        text_config=dict(vocab_size=49408, hidden_size=512, intermediate_size=2048, num_hidden_layers=12,
                         num_attention_heads=8, max_position_embeddings=77, bos_token_id=49406,
                         eos_token_id=49407, pad_token_id=1),
        vision_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12,
                           num_attention_heads=12, image_size=224, patch_size=32),
        projection_dim=512)
    return transformers.CLIPModel(config)


def make_inputs(family, count):
    g = torch.Generator().manual_seed(1)
    t = SEQ[family]
    if family == "gpt2":  # packed text blocks: no padding
        ids = torch.randint(0, 50257, (count, t), generator=g)
        return {"input_ids": ids, "labels": ids.clone()}
    if family in DECODER_VOCAB:  # packed text blocks
        ids = torch.randint(0, DECODER_VOCAB[family], (count, t), generator=g)
        return {"input_ids": ids, "labels": ids.clone()}
    if family == "vit":  # 224 px images: 196 patches and the class token
        return {"pixel_values": torch.randn(count, 3, 224, 224, generator=g),
                "labels": torch.randint(0, 1000, (count,), generator=g)}
    lengths = torch.randint(t // 2 if family != "clip" else 5, t + 1, (count, 1), generator=g)
    mask = (torch.arange(t).unsqueeze(0) < lengths).long()
    if family in ("roberta", "distilbert"):  # <s>/[CLS] first, padded with the pad id (1 / 0)
        pad, first = (1, 0) if family == "roberta" else (0, 101)
        ids = torch.where(mask.bool(), torch.randint(1000, 30000, (count, t), generator=g), torch.full((count, t), pad))
        ids[:, 0] = first
        return {"input_ids": ids, "attention_mask": mask, "labels": torch.randint(0, 2, (count,), generator=g)}
    if family == "bert":
        ids = torch.randint(1000, 30000, (count, t), generator=g) * mask
        ids[:, 0] = 101
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids),
                "labels": torch.randint(0, 2, (count,), generator=g)}
    ids = torch.randint(1, 49406, (count, t), generator=g)
    ids[:, 0] = 49406
    ids = torch.where(torch.arange(t).unsqueeze(0) >= lengths - 1, torch.full_like(ids, 49407), ids)
    return {"input_ids": ids, "attention_mask": mask,
            "pixel_values": torch.randn(count, 3, 224, 224, generator=g)}


def forward_flops(family, batch):
    """Matrix-product FLOPs of one forward pass (linear layers, attention, LM head)."""
    def encoder(tokens, hidden, ffn, layers):
        n = batch * tokens
        linear = 2 * n * (4 * hidden * hidden + 2 * hidden * ffn)
        attention = 4 * batch * tokens * tokens * hidden
        return layers * (linear + attention)
    if family == "bert":
        return encoder(128, 768, 3072, 12)
    if family == "gpt2":
        return encoder(128, 768, 3072, 12) + 2 * batch * 128 * 768 * 50257
    patches = 2 * batch * 49 * (3 * 32 * 32) * 768
    return encoder(77, 512, 2048, 12) + encoder(50, 768, 3072, 12) + patches


def gate_modules(model, family):
    """(module whose input is the heads' contexts, module whose input is the FFN activations) per layer."""
    if family == "bert":
        return [("", [(l.attention.output.dense, l.output.dense) for l in model.bert.encoder.layer])]
    if family == "gpt2":
        return [("", [(b.attn.c_proj, b.mlp.c_proj) for b in model.transformer.h])]
    return [(f"{tower}.", [(l.self_attn.out_proj, l.mlp.fc2) for l in getattr(model, f"{tower}_model").encoder.layers])
            for tower in ("text", "vision")]


def python_scores(model, family, batches, weight_names, precision):
    """Taylor scores with a plain PyTorch + transformers loop; returns (scores, seconds)."""
    model.requires_grad_(False)
    params = dict(model.named_parameters())
    weights = {n: params[n] for n in weight_names}
    for p in weights.values():
        p.requires_grad_(True)
    gates, hooks = {}, []
    for prefix, layers in gate_modules(model, family):
        attn = model.config.text_config if prefix == "text." else model.config.vision_config if prefix else model.config
        heads = attn.num_attention_heads
        ffn = layers[0][1].in_features if hasattr(layers[0][1], "in_features") else layers[0][1].weight.shape[0]
        hg = torch.ones(len(layers), heads, device="cuda", requires_grad=True)
        ng = torch.ones(len(layers), ffn, device="cuda", requires_grad=True)
        gates[prefix + "heads"], gates[prefix + "neurons"] = hg, ng
        for i, (out_proj, ffn_out) in enumerate(layers):
            def gate_heads(module, args, i=i, hg=hg, heads=heads):
                x = args[0]
                return (x.reshape(*x.shape[:-1], heads, -1).mul(hg[i].view(heads, 1).to(x.dtype)).reshape(x.shape),)
            def gate_neurons(module, args, i=i, ng=ng):
                return (args[0] * ng[i].to(args[0].dtype),)
            hooks.append(out_proj.register_forward_pre_hook(gate_heads))
            hooks.append(ffn_out.register_forward_pre_hook(gate_neurons))

    def run(batch_list):
        sums = {}
        for batch in batch_list:
            inputs = {k: v.to("cuda", non_blocking=True) for k, v in batch.items()}
            for t in list(weights.values()) + list(gates.values()):
                t.grad = None
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=precision == "bf16"):
                out = model(**inputs, return_loss=True) if family == "clip" else model(**inputs)
            out.loss.backward()
            with torch.no_grad():
                for n, p in weights.items():
                    s = (p * p.grad).abs_()
                    sums[n] = sums[n].add_(s) if n in sums else s
                for n, g in gates.items():
                    s = g.grad.abs()
                    sums[n] = sums[n].add_(s) if n in sums else s
        return {n: s.float().cpu() for n, s in sums.items()}

    run(batches[:2])  # warm-up, as the C++ side does
    torch.cuda.synchronize()
    start = time.perf_counter()
    scores = run(batches)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    for h in hooks:
        h.remove()
    return scores, seconds


def rel_errors(ours, theirs):
    """Largest ||a - b|| / ||b|| over the tensors of each kind (heads, neurons, weights)."""
    worst = {}
    for n, b in theirs.items():
        kind = "heads" if n.endswith("heads") else "neurons" if n.endswith("neurons") else "weights"
        a = ours[n].double()
        err = ((a - b.double()).norm() / b.double().norm().clamp_min(1e-30)).item()
        worst[kind] = max(worst.get(kind, 0.0), err)
    return worst


def run_ours(bench, folder, inputs, out, batches, method="taylor", precision="fp32", flags=(), samples=10,
             batch_size=32):
    cmd = [bench, "--model", folder, "--inputs", inputs, "--method", method, "--precision", precision,
           "--batch-size", str(batch_size), "--batches", str(batches), "--samples", str(samples), "--device", "cuda",
           "--out", out] + list(flags)
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--work", default="/tmp/prunescope-bench")
    parser.add_argument("--out", required=True)
    parser.add_argument("--batches", type=int, default=64)
    parser.add_argument("--smooth-batches", type=int, default=4)
    parser.add_argument("--families", default="bert,gpt2,clip")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    gpu = torch.cuda.get_device_name(0)
    peak = bf16_matmul_tflops()
    log(f"{gpu}: bf16 matmul {peak:.0f} TFLOP/s")
    rows, smooth_rows, ok = [], [], True
    names = {"bert": "BERT-base (12 × 768, seq 128)", "gpt2": "GPT-2 small (12 × 768, seq 128, LM head)",
             "clip": "CLIP ViT-B/32 (text 12 × 512 seq 77, vision 12 × 768 224 px)"}
    for family in args.families.split(","):
        folder = os.path.join(args.work, family)
        make_model(family).save_pretrained(folder)
        data = make_inputs(family, args.batches * 32)
        inputs_path = os.path.join(args.work, f"{family}-inputs.safetensors")
        save_file({k: v.contiguous() for k, v in data.items()}, inputs_path)
        cls = {"bert": transformers.BertForSequenceClassification, "gpt2": transformers.GPT2LMHeadModel,
               "clip": transformers.CLIPModel}[family]
        model = cls.from_pretrained(folder, attn_implementation="sdpa").cuda().eval()
        batches = [{k: v[i:i + 32].pin_memory() for k, v in data.items()} for i in range(0, args.batches * 32, 32)]
        flops = 3 * forward_flops(family, 32) * args.batches

        results = {}
        for precision in ("fp32", "bf16"):
            out = os.path.join(args.work, f"{family}-{precision}-ours.safetensors")
            ours = run_ours(args.bench, folder, inputs_path, out, args.batches, precision=precision)
            our_scores = load_file(out)
            weight_names = [n for n in our_scores if not n.endswith("heads") and not n.endswith("neurons")]
            theirs, their_seconds = python_scores(model, family, batches, weight_names, precision)
            results[precision] = theirs
            errors = rel_errors(our_scores, theirs)
            tolerance = 1e-3 if precision == "fp32" else 5e-2
            agree = all(e <= tolerance for e in errors.values())
            ok = ok and agree
            row = dict(model=names[family], precision=precision, ours=ours["seconds"], theirs=their_seconds,
                       ratio=their_seconds / ours["seconds"], ours_tflops=flops / ours["seconds"] / 1e12,
                       theirs_tflops=flops / their_seconds / 1e12, errors=errors, tolerance=tolerance, agree=agree)
            rows.append(row)
            log(json.dumps(row))
        noise = rel_errors(results["bf16"], results["fp32"])
        rows[-1]["bf16_vs_fp32"] = noise

        torch.cuda.empty_cache()  # leave the GPU's memory to the Smooth-Cut runs
        for batch_size in (8, 32):
            for precision in ("fp32", "bf16"):
                out = os.path.join(args.work, f"{family}-smooth.safetensors")
                study = run_ours(args.bench, folder, inputs_path, out, args.smooth_batches, method="smooth-cut",
                                 precision=precision, flags=["--smooth-study"], batch_size=batch_size)["study"]
                smooth_rows.append(dict(model=names[family], precision=precision, batch=batch_size,
                                        batched=study["batched"], one_by_one=study["one_by_one"],
                                        taylor=study["taylor"]))
                log(json.dumps(smooth_rows[-1]))
        del model
        torch.cuda.empty_cache()

    with open(args.out, "w") as f:
        f.write(f"# Scoring speed: PruneScope against PyTorch + transformers\n\n")
        f.write(f"Machine: {gpu}, PyTorch {torch.__version__} (CUDA {torch.version.cuda}), transformers {transformers.__version__},"
                f" {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores. Date: {time.strftime('%Y-%m-%d')}.\n\n")
        f.write(f"Measured bf16 matmul rate (8192³, torch.matmul): **{peak:.0f} TFLOP/s**.\n\n")
        f.write(f"Taylor scores of every head, FFN neuron and prunable weight, {args.batches} batches of 32, "
                "after 2 warm-up batches; inputs copied from pinned host memory each batch on both sides; TF32 off "
                "(the PyTorch default). TFLOP/s counts 3× the forward matrix-product FLOPs. Agreement: the largest "
                "||ours − theirs|| / ||theirs|| over the score tensors of each kind.\n\n")
        f.write("| model | precision | PruneScope | PyTorch + transformers | speed-up | PruneScope TFLOP/s | "
                "transformers TFLOP/s | agreement (heads / neurons / weights) |\n|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            e = r["errors"]
            f.write(f"| {r['model']} | {r['precision']} | {r['ours']:.3f} s | {r['theirs']:.3f} s | "
                    f"**{r['ratio']:.2f}×** | {r['ours_tflops']:.0f} | {r['theirs_tflops']:.0f} | "
                    f"{e.get('heads', 0):.1e} / {e.get('neurons', 0):.1e} / {e.get('weights', 0):.1e}"
                    f"{'' if r['agree'] else ' (OVER ' + format(r['tolerance'], '.0e') + ')'} |\n")
        f.write("\nbf16 autocast against float32 (the same stack, transformers), the scale of the bf16 agreement:\n\n")
        for r in rows:
            if "bf16_vs_fp32" in r:
                e = r["bf16_vs_fp32"]
                f.write(f"- {r['model']}: {e.get('heads', 0):.1e} / {e.get('neurons', 0):.1e} / {e.get('weights', 0):.1e}\n")
        f.write(f"\nSmooth-Cut, K = 10 noise samples, {args.smooth_batches} batches (PruneScope): the K copies "
                "as one batch (fewer a pass if the GPU's memory runs out), against the K passes one by one, and "
                "one taylor pass over the same batches for scale. Each time includes the fixed cost of copying "
                "every score to the host.\n\n")
        f.write("| model | batch | precision | taylor (1 pass) | K passes one by one | K copies in one batch | "
                "speed-up from batching |\n|---|---|---|---|---|---|---|\n")
        for r in smooth_rows:
            f.write(f"| {r['model']} | {r['batch']} | {r['precision']} | {r['taylor']:.3f} s | {r['one_by_one']:.3f} s | "
                    f"{r['batched']:.3f} s | **{r['one_by_one'] / r['batched']:.2f}×** |\n")
    log(open(args.out).read())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
