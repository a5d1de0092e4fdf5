"""Every GPU speed figure of PruneScope, in one call of the GPU machine, beside the Python
stack doing the same work the way its users write it.

- gemm: the card's dense matmul rates, bf16 and float32 without TF32 (8192³ torch.matmul),
  the yardstick of the rest.
- scoring: taylor scores of every head, FFN neuron and prunable weight (one backward pass
  gives them all; SNIP and head importance are the same pass, normalised) for BERT-base at
  batch 32 × 128, BERT-large at 64 × 256 and GPT-2 XL at 8 × 512 (random weights saved by
  transformers), in float32 and with bf16 autocast: PruneScope (prunescope-bench-score)
  against transformers + PyTorch eager with SDPA attention, gates on every head's context
  and neuron's activation through forward pre-hooks, and scores summed with tensor ops.
  Both stop the clock when the scores are complete on the GPU; PruneScope's time to write
  them to a file is given apart. The scores must agree first. BERT-large's bf16 runs at
  64 × 256 and 32 × 128 give the forward + backward rate as a share of the matmul rate.
- smooth: Smooth-Cut with K = 10 noise samples on BERT-base at batch 32, its copies batched
  (as many a pass as the GPU's free memory holds, chosen before it starts) against the K
  passes one by one.
- compare: 10 BERT-base-sized masks compared with `prunescope-cli compare --device cuda`
  (bench/compare_speed.py).
- profile (not in the default parts): the GPU kernels of most time on both sides, for the
  scoring entry --profile names, in the log.

Each figure is the median of --repeats runs (at least 5) after a warm-up, with the range.
Results go to a JSON file beside --out (rows of the parts run now replace theirs, so the
parts can be run in separate calls) and the Markdown --out is written from all of them.
--readme rewrites README.md's table between its gpu-speed markers from the JSON.

    python3 bench/gpu_bench.py --bench build/cuda/bench/prunescope-bench-score --cli build/cuda/app/prunescope-cli \\
        --work /tmp/psgpu --out bench/results/gpu-speed-h200.md [--parts gemm,scoring,smooth,compare]
    python3 bench/gpu_bench.py --readme README.md --out bench/results/gpu-speed-h200.md
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

try:  # the GPU machine's stack; --readme needs none of it
    import torch
    import transformers
    from safetensors.torch import load_file, save_file
except ImportError:
    torch = transformers = None

SEQ = {"bert": 128, "gpt2": 128, "clip": 77, "roberta": 128, "distilbert": 128, "vit": 197, "llama": 128,
       "qwen2": 128, "mistral": 128}
# Vocabulary sizes of the decoder shapes below (their token ids are drawn from them).
DECODER_VOCAB = {"llama": 128256, "qwen2": 151936, "mistral": 32000}


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
    if family in ("bert", "bert-large"):
        hidden, layers, heads = (768, 12, 12) if family == "bert" else (1024, 24, 16)
        config = transformers.BertConfig(vocab_size=30522, hidden_size=hidden, num_hidden_layers=layers,
                                         num_attention_heads=heads, intermediate_size=4 * hidden, num_labels=2)
        return transformers.BertForSequenceClassification(config)
    if family in ("gpt2", "gpt2-xl"):
        hidden, layers, heads = (768, 12, 12) if family == "gpt2" else (1600, 48, 25)
        config = transformers.GPT2Config(vocab_size=50257, n_positions=1024, n_embd=hidden, n_layer=layers, n_head=heads)
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


def make_inputs(family, count, tokens=None):
    """Inputs as the family's users give them; `tokens` a sequence length other than SEQ's."""
    g = torch.Generator().manual_seed(1)
    t = tokens or SEQ[family.split("-")[0]]
    family = family.split("-")[0]
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


# The scoring runs: (key, family, batch, tokens, batches a repetition, precisions).
SCORING = [
    ("bert-base", "bert", 32, 128, 16, ("fp32", "bf16")),
    ("bert-large", "bert-large", 64, 256, 4, ("fp32", "bf16")),
    ("bert-large-32x128", "bert-large", 32, 128, 16, ("bf16",)),
    ("gpt2-xl", "gpt2-xl", 8, 512, 4, ("fp32", "bf16")),
]
TITLES = {"bert": "BERT-base", "bert-large": "BERT-large", "gpt2-xl": "GPT-2 XL"}
# The bf16 entries whose forward + backward rate is also measured in steady state: the time a
# batch adds to a run (both sides run this many batches as well; the difference of the
# medians over the difference of the batches), without what a run pays once (casting the
# weights, a CUDA graph's capture and the eager passes before it, the final copy).
STEADY_BATCHES = {"bert-large": 16, "bert-large-32x128": 64}


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def spread(values):
    """Median and range of repeated timings."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def matmul_tflops(repeats, dtype, n=8192, count=10):
    """The card's dense matmul rate in `dtype` (float32 without TF32, the PyTorch default)."""
    a = torch.randn(n, n, device="cuda", dtype=dtype)
    b = torch.randn(n, n, device="cuda", dtype=dtype)
    for _ in range(3):
        a @ b
    rates = []
    for _ in range(repeats):
        torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(count):
            a @ b
        torch.cuda.synchronize()
        rates.append(2 * n**3 * count / (time.perf_counter() - start) / 1e12)
    return spread(rates)


def forward_flops(model, batch, tokens):
    """Matrix-product FLOPs of one forward pass: linear layers, attention, GPT-2's LM head."""
    c = model.config
    hidden = c.hidden_size if hasattr(c, "hidden_size") else c.n_embd
    layers = c.num_hidden_layers if hasattr(c, "num_hidden_layers") else c.n_layer
    ffn = getattr(c, "intermediate_size", None) or 4 * hidden
    n = batch * tokens
    flops = layers * (2 * n * (4 * hidden * hidden + 2 * hidden * ffn) + 4 * batch * tokens * tokens * hidden)
    if isinstance(model, transformers.GPT2LMHeadModel):
        flops += 2 * n * hidden * c.vocab_size
    return flops


def gate_modules(model):
    """(module whose input is the heads' contexts, module whose input is the FFN activations) per layer."""
    if hasattr(model, "bert"):
        return [(l.attention.output.dense, l.output.dense) for l in model.bert.encoder.layer]
    return [(b.attn.c_proj, b.mlp.c_proj) for b in model.transformer.h]


def python_scores(model, batches, weight_names, precision, repeats, profile=0):
    """Taylor scores with a plain PyTorch + transformers loop: (scores on the GPU, seconds of each run).
    `profile`: also log its kernels and operators of most GPU time over one more run."""
    model.requires_grad_(False)
    params = dict(model.named_parameters())
    weights = {n: params[n] for n in weight_names}
    for p in weights.values():
        p.requires_grad_(True)
    layers = gate_modules(model)
    heads = model.config.num_attention_heads if hasattr(model.config, "num_attention_heads") else model.config.n_head
    ffn = layers[0][1].weight.shape[1] if isinstance(layers[0][1], torch.nn.Linear) else layers[0][1].weight.shape[0]
    gates = {"heads": torch.ones(len(layers), heads, device="cuda", requires_grad=True),
             "neurons": torch.ones(len(layers), ffn, device="cuda", requires_grad=True)}
    hooks = []
    for i, (out_proj, ffn_out) in enumerate(layers):
        def gate_heads(module, args, i=i):
            x = args[0]
            return (x.reshape(*x.shape[:-1], heads, -1).mul(gates["heads"][i].view(heads, 1).to(x.dtype)).reshape(x.shape),)

        def gate_neurons(module, args, i=i):
            return (args[0] * gates["neurons"][i].to(args[0].dtype),)
        hooks.append(out_proj.register_forward_pre_hook(gate_heads))
        hooks.append(ffn_out.register_forward_pre_hook(gate_neurons))

    def run(batch_list):
        sums = {}
        for batch in batch_list:
            inputs = {k: v.to("cuda", non_blocking=True) for k, v in batch.items()}
            for t in list(weights.values()) + list(gates.values()):
                t.grad = None
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=precision == "bf16"):
                out = model(**inputs)
            out.loss.backward()
            with torch.no_grad():
                for n, p in weights.items():
                    s = (p * p.grad).abs_()
                    sums[n] = sums[n].add_(s) if n in sums else s
                for n, g in gates.items():
                    s = g.grad.abs()
                    sums[n] = sums[n].add_(s) if n in sums else s
        return sums

    run(batches[:2])  # warm-up, as the C++ side does
    seconds = []
    for _ in range(repeats):
        torch.cuda.synchronize()
        start = time.perf_counter()
        scores = run(batches)
        torch.cuda.synchronize()
        seconds.append(time.perf_counter() - start)
    if profile:
        activities = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
        with torch.profiler.profile(activities=activities, record_shapes=True) as prof:
            run(batches)
            torch.cuda.synchronize()
        # Kernels and the operators that launched them, by their own GPU time.
        log(prof.key_averages(group_by_input_shape=True).table(
            sort_by="self_device_time_total", row_limit=profile + profile // 2, max_name_column_width=90,
            max_shapes_column_width=70))
    for h in hooks:
        h.remove()
    model.requires_grad_(False)
    return scores, seconds


def rel_error(a, b):
    """||a - b|| / ||b|| of two tensors, in double on the GPU."""
    a, b = a.cuda().double(), b.cuda().double()
    return ((a - b).norm() / b.norm().clamp_min(1e-30)).item()


def rel_errors(ours, theirs):
    """Largest rel_error over the tensors of each kind (heads, neurons, weights)."""
    worst = {}
    for n, b in theirs.items():
        kind = n if n in ("heads", "neurons") else "weights"
        worst[kind] = max(worst.get(kind, 0.0), rel_error(ours[n], b))
    return worst


def run_ours(bench, folder, inputs, out, batches, batch_size, precision, repeats, flags=(), method="taylor"):
    """prunescope-bench-score's JSON line; what it says on stderr (its --profile table) goes to the log."""
    cmd = [bench, "--model", folder, "--inputs", inputs, "--method", method, "--precision", precision,
           "--batch-size", str(batch_size), "--batches", str(batches), "--repeat", str(repeats), "--samples", "10",
           "--device", "cuda", "--out", out, *flags]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    if done.stderr.strip():
        log(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def our_names(scores):
    """PruneScope's score names mapped to the reference's: weights by name, heads and neurons by kind."""
    renamed = {}
    for n, t in scores.items():
        renamed["heads" if n.endswith("heads") else "neurons" if n.endswith("neurons") else n] = t
    return renamed


def checkpoint(args, family):
    """The family's random checkpoint in --work, saved by transformers once."""
    folder = os.path.join(args.work, family)
    if not os.path.exists(os.path.join(folder, "config.json")):
        make_model(family).save_pretrained(folder)
    return folder


def scoring_setup(args, key, family, batch, tokens, count):
    """(checkpoint folder, inputs file, the transformers model on the GPU, its pinned batches) of a SCORING entry:
    `count` batches, or STEADY_BATCHES' count where the entry has one (the runs read the first ones)."""
    folder = checkpoint(args, family)
    count = max(count, STEADY_BATCHES.get(key, 0))
    data = make_inputs(family, count * batch, tokens)
    inputs_path = os.path.join(args.work, f"{key}-inputs.safetensors")
    save_file({k: v.contiguous() for k, v in data.items()}, inputs_path)
    cls = transformers.GPT2LMHeadModel if family.startswith("gpt2") else transformers.BertForSequenceClassification
    model = cls.from_pretrained(folder, attn_implementation="sdpa").cuda().eval()
    batches = [{k: v[i:i + batch].pin_memory() for k, v in data.items()} for i in range(0, count * batch, batch)]
    return folder, inputs_path, model, batches


def measure_scoring(args, rows):
    for key, family, batch, tokens, count, precisions in SCORING:
        if args.entries:  # KEY (its precisions) or KEY/PRECISION
            chosen = [e.split("/") for e in args.entries.split(",")]
            precisions = [p for p in precisions if [key] in chosen or [key, p] in chosen]
            if not precisions:
                continue
        folder, inputs_path, model, batches = scoring_setup(args, key, family, batch, tokens, count)
        flops = 3 * forward_flops(model, batch, tokens) * count
        for precision in precisions:
            out = os.path.join(args.work, f"{key}-{precision}.safetensors")
            ours = run_ours(args.bench, folder, inputs_path, out, count, batch, precision, args.repeats)
            eager_out = os.path.join(args.work, f"{key}-{precision}-eager.safetensors")
            eager = run_ours(args.bench, folder, inputs_path, eager_out, count, batch, precision, args.repeats,
                             flags=["--no-cuda-graphs"])
            ours_scores = our_names(load_file(out))
            split = None
            if precision == "fp32":
                # The same run in precision tf32x3, float32 products split on the tensor cores: its
                # time and its scores against PyTorch's float32 ones.
                split_out = os.path.join(args.work, f"{key}-tf32x3.safetensors")
                try:
                    split_run = run_ours(args.bench, folder, inputs_path, split_out, count, batch, "tf32x3", args.repeats)
                    split = dict(seconds=spread(split_run["seconds"]), scores=our_names(load_file(split_out)))
                except SystemExit as failed:  # refused on a card without TF32 tensor cores: no row; else a fault
                    if "precision tf32x3 splits float32 products" not in str(failed):
                        raise
                    log(f"no tf32x3 row: {failed}")
            weight_names = [n for n in ours_scores if n not in ("heads", "neurons")]
            theirs, their_seconds = python_scores(model, batches[:count], weight_names, precision, args.repeats)
            errors = rel_errors(ours_scores, theirs)
            if split:
                split["errors"] = rel_errors(split.pop("scores"), theirs)
            graphs_vs_eager = max(rel_errors(our_names(load_file(eager_out)), ours_scores).values())
            tolerance = 1e-3 if precision == "fp32" else 5e-2
            within = all(e <= tolerance for e in errors.values())
            if split:  # tf32x3 is held to float32's tolerance too
                within = within and all(e <= tolerance for e in split["errors"].values())
            against_fp32 = None
            if precision == "bf16":
                # Two bf16 runs can differ more than either differs from float32 where a sum cancels
                # (the softmax's backward for query and key weights): both are judged against
                # PyTorch's float32 scores, ours within twice bf16's own error there (PyTorch's).
                truth, _ = python_scores(model, batches[:count], weight_names, "fp32", 1)
                against_fp32 = {"ours": rel_errors(ours_scores, truth), "theirs": rel_errors(theirs, truth)}
                del truth
                within = all(e <= tolerance or against_fp32["ours"][k] <= 2 * against_fp32["theirs"][k]
                             for k, e in errors.items())
            del theirs, ours_scores
            torch.cuda.empty_cache()
            steady = None
            longer = STEADY_BATCHES.get(key) if precision == "bf16" else None
            if longer:
                ours_long = run_ours(args.bench, folder, inputs_path, os.path.join(args.work, f"{key}-{precision}-long.safetensors"),
                                     longer, batch, precision, args.repeats)
                _, their_long = python_scores(model, batches[:longer], weight_names, precision, args.repeats)
                torch.cuda.empty_cache()
                steady = dict(batches=longer, ours=spread(ours_long["seconds"]), theirs=spread(their_long))
            row = dict(part="scoring", key=f"{key} {precision}", model=TITLES[family], batch=batch, tokens=tokens,
                       batches=count, precision=precision, ours=spread(ours["seconds"]), theirs=spread(their_seconds),
                       eager=spread(eager["seconds"]), cuda_graph=ours["cuda_graph"], split=split,
                       write=ours["write_seconds"], tflop=flops / 1e12, errors=errors, tolerance=tolerance,
                       against_fp32=against_fp32, graphs_vs_eager=graphs_vs_eager, steady=steady,
                       agree=within and graphs_vs_eager <= tolerance)
            replace(rows, row)
            write_results(args.out, rows, args.machine)  # each row as it comes: a run cut short keeps them
            log(json.dumps({k: v for k, v in row.items() if k not in ("ours", "theirs")}),
                f"ours {row['ours']['median']:.3f} s, theirs {row['theirs']['median']:.3f} s")
        del model
        torch.cuda.empty_cache()


def profile_scoring(args, rows):
    """Where the GPU's time goes, PruneScope against the reference: the kernels of most time in
    one run of each SCORING entry named by --profile (KEY PRECISION), logged only."""
    key, precision = args.profile.split()
    _, family, batch, tokens, count, _ = next(s for s in SCORING if s[0] == key)
    folder, inputs_path, model, batches = scoring_setup(args, key, family, batch, tokens, count)
    out = os.path.join(args.work, f"{key}-{precision}.safetensors")
    log(f"== PruneScope, {key} {precision}")
    run_ours(args.bench, folder, inputs_path, out, count, batch, precision, 1, flags=["--profile", "30"])
    weight_names = [n for n in load_file(out) if not n.endswith("heads") and not n.endswith("neurons")]
    log(f"== PyTorch + transformers, {key} {precision}")
    python_scores(model, batches, weight_names, precision, 1, profile=30)


def measure_smooth(args, rows):
    folder = checkpoint(args, "bert")
    batch, count = 32, 4
    inputs_path = os.path.join(args.work, "smooth-inputs.safetensors")
    save_file({k: v.contiguous() for k, v in make_inputs("bert", batch * count).items()}, inputs_path)
    for precision in ("fp32", "bf16"):
        out = os.path.join(args.work, "smooth.safetensors")
        result = run_ours(args.bench, folder, inputs_path, out, count, batch, precision, args.repeats,
                          flags=["--smooth-study"], method="smooth-cut")
        study = result["study"]
        row = dict(part="smooth", key=f"smooth {precision}", model="BERT-base", batch=batch, batches=count,
                   precision=precision, taylor=spread(study["taylor"]), one_by_one=spread(study["one_by_one"]),
                   batched=spread(study["batched"]), copies=study["copies_per_pass"])
        replace(rows, row)
        log(json.dumps({k: row[k] for k in ("key", "copies")}),
            f"batched / one by one {row['batched']['median'] / row['one_by_one']['median']:.2f}")


def measure_compare(args, rows):
    folder = checkpoint(args, "bert")
    result = os.path.join(args.work, "compare.json")
    # prunescope-bench-compare is built beside prunescope-bench-score (--bench).
    in_process = ["--bench", os.path.join(os.path.dirname(args.bench), "prunescope-bench-compare")] if args.bench else []
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "compare_speed.py"),
                    "--cli", args.cli, "--model", folder, "--work", os.path.join(args.work, "compare"), "--masks", "10",
                    *in_process, "--repeats", str(args.repeats), "--json", result], check=True)
    replace(rows, dict(part="compare", key="compare", **json.load(open(result))))


def replace(rows, row):
    at = next((i for i, r in enumerate(rows) if r["key"] == row["key"]), len(rows))
    rows[at:at + 1] = [row]


def fmt(s, unit="s"):
    return f"{s['median']:.3f} {unit} ({s['min']:.3f}–{s['max']:.3f})"


def without_graphs(row):
    """The eager run's time and the speed-up against PyTorch it would give (rows from before graphs have none)."""
    if "eager" not in row:
        return "—"
    return f"{fmt(row['eager'])}, {row['theirs']['median'] / row['eager']['median']:.2f}×"


def steady_rate(row, side):
    """TFLOP/s of one side's passes in steady state: the time a batch adds to a run, from the medians of
    runs of row["batches"] and row["steady"]["batches"] batches."""
    longer = row["steady"]["batches"]
    seconds = (row["steady"][side]["median"] - row[side]["median"]) / (longer - row["batches"])
    return row["tflop"] / row["batches"] / seconds


def scoring_table(rows, gemm):
    lines = ["| model | batch × tokens | precision | PruneScope | PyTorch + transformers | speed-up | "
             "fwd+bwd share of the matmul rate in its precision (ours / theirs) | PruneScope without CUDA graphs | writing the scores | "
             "agreement (heads / neurons / weights) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["part"] != "scoring":
            continue
        ratio = r["theirs"]["median"] / r["ours"]["median"]
        share = ""
        card = gemm and (gemm["rate"] if r["precision"] == "bf16" else gemm.get("fp32_rate"))
        if card and "tflop" in r:
            rate = lambda s: r["tflop"] / s["median"] / card["median"]
            share = f"{100 * rate(r['ours']):.0f} % / {100 * rate(r['theirs']):.0f} %"
            if r.get("steady"):
                share += "; a pass in steady state " + " / ".join(
                    f"{100 * steady_rate(r, side) / card['median']:.0f} %" for side in ("ours", "theirs"))
        kinds = lambda e: f"{e.get('heads', 0):.1e} / {e.get('neurons', 0):.1e} / {e.get('weights', 0):.1e}"
        agreement = kinds(r["errors"]) + ("" if r["agree"] else f" (OVER {r['tolerance']:.0e})")
        if r.get("against_fp32"):
            agreement += (f"; against PyTorch's float32: ours {kinds(r['against_fp32']['ours'])}, "
                          f"PyTorch's bf16 {kinds(r['against_fp32']['theirs'])}")
        lines.append(f"| {r['model']} | {r['batch']} × {r['tokens']} | {r['precision']} | {fmt(r['ours'])} | "
                     f"{fmt(r['theirs'])} | **{ratio:.2f}×** | {share} | {without_graphs(r)} | {r['write']:.2f} s | "
                     f"{agreement} |")
    return "\n".join(lines) + "\n"


def write_results(path, rows, machine):
    gemm = next((r for r in rows if r["part"] == "gemm"), None)
    with open(path, "w") as f:
        f.write("# GPU speed: PruneScope against the Python stack\n\n")
        f.write(f"Machine: {machine}. Each figure: the median of the runs, with their range in brackets.\n\n")
        if gemm:
            rate = lambda r: f"**{r['median']:.0f} TFLOP/s** ({r['min']:.0f}–{r['max']:.0f})"
            f.write(f"Dense matmul rate (8192³ torch.matmul): bf16 {rate(gemm['rate'])}"
                    + (f", float32 without TF32 {rate(gemm['fp32_rate'])}" if "fp32_rate" in gemm else "") + ".\n\n")
        if any(r["part"] == "scoring" for r in rows):
            f.write("## Gradient scoring\n\nTaylor scores of every head, FFN neuron and prunable weight (SNIP and head "
                    "importance are the same backward pass, normalised differently). Random weights saved by transformers; "
                    "inputs from pinned host memory each batch on both sides; TF32 off (the PyTorch default). Each run "
                    "scores the same batches after a warm-up and stops when the scores are complete on the GPU. "
                    "PyTorch + transformers: SDPA attention, gates through forward pre-hooks, `(p * p.grad).abs_()` "
                    "summed per batch. The share of the matmul rate counts 3× the forward matrix-product FLOPs; "
                    "for a pass in steady state, each side also runs more batches (listed below) and the time a "
                    "batch adds is the difference of the medians over the difference of the batches: it leaves "
                    "out what a run pays once (casting the weights, a CUDA graph's capture and the eager passes "
                    "before it, the final copy). "
                    "Writing: PruneScope's time to write the map from the GPU to a safetensors file (not in its time). "
                    "Agreement: ||ours − theirs|| / ||theirs||, the worst tensor of each kind; in bf16 also each side "
                    "against PyTorch's float32 scores, since two bf16 runs differ most where a sum cancels (the query "
                    "and key weights' gradients, through the softmax's backward): PruneScope's bf16 scores must be "
                    "within the tolerance of PyTorch's or within twice PyTorch's own bf16 error.\n\n")
            f.write(scoring_table(rows, gemm))
            f.write("\n" + "\n".join(f"- {r['key']}: {r['batches']} batches a run; PruneScope "
                                     f"{', '.join(f'{t:.3f}' for t in r['ours']['runs'])} s; PyTorch "
                                     f"{', '.join(f'{t:.3f}' for t in r['theirs']['runs'])} s"
                                     + (f"; {r['steady']['batches']} batches a run: PruneScope {fmt(r['steady']['ours'])}, "
                                        f"PyTorch {fmt(r['steady']['theirs'])}" if r.get("steady") else "")
                                     + (f"; in precision tf32x3 (float32 products split on the tensor cores): "
                                        f"PruneScope {fmt(r['split']['seconds'])}, "
                                        f"{r['theirs']['median'] / r['split']['seconds']['median']:.2f}× PyTorch, "
                                        f"agreement {max(r['split']['errors'].values()):.1e}" if r.get("split") else "")
                                     for r in rows if r["part"] == "scoring") + "\n\n")
        smooth = [r for r in rows if r["part"] == "smooth"]
        if smooth:
            f.write("## Smooth-Cut, K = 10 noise samples\n\n")
            f.write("| model | batch | precision | taylor (1 pass) | K passes one by one | K copies batched | "
                    "batched / one by one | copies a pass (chosen from free memory) |\n|---|---|---|---|---|---|---|---|\n")
            for r in smooth:
                f.write(f"| {r['model']} | {r['batch']} × {r['batches']} batches | {r['precision']} | {fmt(r['taylor'])} | "
                        f"{fmt(r['one_by_one'])} | {fmt(r['batched'])} | "
                        f"**{r['batched']['median'] / r['one_by_one']['median']:.2f}×** | {r['copies']} |\n")
            f.write("\n")
        compare = next((r for r in rows if r["part"] == "compare"), None)
        if compare:
            f.write("## Comparing masks\n\n" + compare["markdown"] + "\n")
    with open(os.path.splitext(path)[0] + ".json", "w") as f:
        json.dump({"machine": machine, "rows": rows}, f, indent=1)


def write_readme(readme, results):
    data = json.load(open(os.path.splitext(results)[0] + ".json"))
    rows = data["rows"]
    gemm = next((r for r in rows if r["part"] == "gemm"), None)
    source = os.path.splitext(os.path.basename(results))[0] + ".json"
    if gemm is None:
        raise SystemExit(f"{source}: no matmul rate measured (run --parts gemm)")
    table = (f"<!-- gpu-speed begin: written by bench/gpu_bench.py --readme from {source} -->\n"
             f"{data['machine']}; bf16 matmul rate {gemm['rate']['median']:.0f} TFLOP/s"
             + (f", float32 {gemm['fp32_rate']['median']:.0f}" if "fp32_rate" in gemm else "") + ".\n\n" + scoring_table(rows, gemm)
             + "<!-- gpu-speed end -->")
    text = open(readme).read()
    begin, end = text.index("<!-- gpu-speed begin"), text.index("<!-- gpu-speed end -->") + len("<!-- gpu-speed end -->")
    with open(readme, "w") as f:
        f.write(text[:begin] + table + text[end:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", help="prunescope-bench-score")
    parser.add_argument("--cli", help="prunescope-cli (for compare)")
    parser.add_argument("--work", default="/tmp/prunescope-gpu-bench")
    parser.add_argument("--out", required=True)
    parser.add_argument("--parts", default="gemm,scoring,smooth,compare")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--entries", help="the scoring entries to run, by key (bert-base,bert-large,...; all where not given), "
                        "a key's precision alone as KEY/PRECISION (bert-large/bf16)")
    parser.add_argument("--profile", default="bert-large bf16", help="KEY PRECISION of a scoring entry, for --parts profile")
    parser.add_argument("--readme", help="rewrite this README's table from the results beside --out, and stop")
    args = parser.parse_args()
    if args.readme:
        write_readme(args.readme, args.out)
        return 0
    if args.repeats < 5:
        parser.error("--repeats: at least 5 runs a figure")
    os.makedirs(args.work, exist_ok=True)
    previous = os.path.splitext(args.out)[0] + ".json"
    rows = json.load(open(previous))["rows"] if os.path.exists(previous) else []
    machine = (f"{torch.cuda.get_device_name(0)}, PyTorch {torch.__version__} (CUDA {torch.version.cuda}), transformers "
               f"{transformers.__version__}, {platform.machine()}, {os.cpu_count()} CPU cores, {time.strftime('%Y-%m-%d')}")
    args.machine = machine
    parts = args.parts.split(",")
    if "gemm" in parts:
        rate, fp32 = matmul_tflops(args.repeats, torch.bfloat16), matmul_tflops(args.repeats, torch.float32)
        replace(rows, dict(part="gemm", key="gemm", rate=rate, fp32_rate=fp32))
        log(f"matmul: bf16 {rate['median']:.0f}, float32 {fp32['median']:.0f} TFLOP/s")
    if "profile" in parts:
        profile_scoring(args, rows)
    for name, measure in (("scoring", measure_scoring), ("smooth", measure_smooth), ("compare", measure_compare)):
        if name in parts:
            measure(args, rows)
            write_results(args.out, rows, machine)
    write_results(args.out, rows, machine)
    log(open(args.out).read())
    return 0 if all(r.get("agree", True) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
