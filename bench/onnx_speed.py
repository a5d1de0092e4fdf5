"""ONNX exports against the dense model: a BERT-base-shaped classifier (12 layers, 768 wide,
12 heads, FFN 3072; random weights) with 30, 50 and 70 % of the heads and of the FFN neurons
of every layer removed (magnitude scores, the same share in each layer), exported by
`prunescope-cli export --mode onnx --measure`, which times the dense model and the pruned one
at batch 1 and 32 of 128 tokens, taking turns run by run (median of --repeats runs after 3
warm-ups, with the fastest and slowest).

On the CPU both run in ONNX Runtime, each export first checked there against PruneScope's
masked model. With --device cuda both run in PruneScope's own runtime on the GPU (in
--measure-dtype, each pass a CUDA graph), the pruned one first checked there against the
masked model; and the dense checkpoint is timed in stock transformers (SDPA attention, eager
PyTorch, the same dtype and inputs) in the same run.

    python3 bench/onnx_speed.py --cli build/default/app/prunescope-cli --out bench/results/onnx-speed-cpu.md
    python3 bench/onnx_speed.py --cli build/cuda/app/prunescope-cli --device cuda --measure-dtype bfloat16 \
        --out bench/results/pruned-speed-gpu.md
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

from random_checkpoint import write_checkpoint

HIDDEN, LAYERS, HEADS, FFN, VOCAB, POSITIONS = 768, 12, 12, 3072, 30522, 512


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def tensors():
    """(name, shape) of BertForSequenceClassification's tensors, two labels."""
    e = HIDDEN
    yield "bert.embeddings.word_embeddings.weight", (VOCAB, e)
    yield "bert.embeddings.position_embeddings.weight", (POSITIONS, e)
    yield "bert.embeddings.token_type_embeddings.weight", (2, e)
    yield "bert.embeddings.LayerNorm.weight", (e,)
    yield "bert.embeddings.LayerNorm.bias", (e,)
    for i in range(LAYERS):
        p = f"bert.encoder.layer.{i}."
        for name, shape in (("attention.self.query", (e, e)), ("attention.self.key", (e, e)),
                            ("attention.self.value", (e, e)), ("attention.output.dense", (e, e)),
                            ("intermediate.dense", (FFN, e)), ("output.dense", (e, FFN))):
            yield p + name + ".weight", shape
            yield p + name + ".bias", (shape[0],)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            yield p + norm + ".weight", (e,)
            yield p + norm + ".bias", (e,)
    yield "bert.pooler.dense.weight", (e, e)
    yield "bert.pooler.dense.bias", (e,)
    yield "classifier.weight", (2, e)
    yield "classifier.bias", (2,)


def write_model(folder):
    config = {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": FFN,
              "hidden_act": "gelu", "vocab_size": VOCAB, "max_position_embeddings": POSITIONS, "type_vocab_size": 2,
              "layer_norm_eps": 1e-12, "id2label": {"0": "no", "1": "yes"}, "label2id": {"no": 0, "yes": 1}}
    return write_checkpoint(folder, config, list(tensors()), is_norm=lambda name: "LayerNorm" in name)


def run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return done.stdout


def time_transformers(model, dtype, repeats, batches=(1, 32), tokens=128):
    """Stock transformers on the dense checkpoint: {batch: (median, fastest, slowest) ms}, CUDA events,
    3 warm-ups, inference mode, SDPA attention, the model in `dtype` (as its users load it)."""
    import torch
    import transformers
    kind = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[dtype]
    net = transformers.AutoModelForSequenceClassification.from_pretrained(
        model, dtype=kind, attn_implementation="sdpa").cuda().eval()
    generator = torch.Generator().manual_seed(0)
    rows = {}
    for batch in batches:
        ids = torch.randint(0, VOCAB, (batch, tokens), generator=generator).cuda()
        mask = torch.ones_like(ids)
        times = []
        with torch.inference_mode():
            for i in range(3 + repeats):
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                net(input_ids=ids, attention_mask=mask)
                end.record()
                torch.cuda.synchronize()
                if i >= 3:
                    times.append(start.elapsed_time(end))
        times.sort()
        rows[batch] = (times[len(times) // 2], times[0], times[-1])
    return rows, f"transformers {transformers.__version__}, PyTorch {torch.__version__}, {torch.cuda.get_device_name()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", default="/tmp/prunescope-onnx-speed")
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--threads", type=int, default=0, help="0: ONNX Runtime's default, every core")
    parser.add_argument("--sparsities", default="0.3,0.5,0.7")
    parser.add_argument("--device", default="cpu", help="cpu: ONNX Runtime; cuda: PruneScope's runtime on the GPU")
    parser.add_argument("--measure-dtype", default="float32", choices=("float32", "float16", "bfloat16"))
    parser.add_argument("--aligns", default="1", help="export each mask with these --align values (FFN widths "
                        "rounded up with zero units), e.g. 1,8")
    args = parser.parse_args()
    gpu = args.device.startswith("cuda")
    model = os.path.join(args.work, "bert-base")
    if not os.path.exists(os.path.join(model, "model.safetensors")):
        write_model(model)
    scores = os.path.join(args.work, "scores.safetensors")
    run([args.cli, "score", "--model", model, "--method", "magnitude", "--granularity", "head,neuron", "--out", scores,
         "--force"])
    rows = []
    for sparsity in args.sparsities.split(","):
        mask, out = (os.path.join(args.work, f"{name}-{sparsity}") for name in ("mask", "export"))
        run([args.cli, "mask", "--scores", scores, "--granularity", "head,neuron", "--sparsity", sparsity,
             "--scope", "layer", "--out", mask + ".safetensors", "--force"])
        where = ["--device", args.device, "--measure-dtype", args.measure_dtype] if gpu else \
            ["--threads", str(args.threads), "--device", "cpu"]
        for align in args.aligns.split(","):
            t = time.time()
            report = json.loads(run([args.cli, "export", "--model", model, "--mask", mask + ".safetensors", "--out",
                                     out, "--mode", "onnx", "--measure", "--repeats", str(args.repeats), "--align",
                                     align, "--force", "--json"] + where))
            log(f"{sparsity}, align {align}: {time.time() - t:.0f} s, {report['onnx_timings']}")
            report["align"] = int(align)
            rows.append((float(sparsity), report))
            shutil.rmtree(out, ignore_errors=True)
    runtime = rows[0][1]["onnx_timings"][0]["runtime"]
    if gpu:
        stock, stock_versions = time_transformers(model, args.measure_dtype, args.repeats)
        write_gpu_table(args, rows, runtime, stock, stock_versions)
        return
    with open(args.out, "w") as f:
        f.write("# ONNX exports against the dense model in ONNX Runtime (CPU)\n\n")
        f.write(f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.platform()}. "
                f"{runtime}. Date: {time.strftime('%Y-%m-%d')}. Made by `bench/onnx_speed.py`.\n\n")
        f.write(f"A BERT-base-shaped classifier ({LAYERS} layers, {HIDDEN} wide, {HEADS} heads, FFN {FFN}; float32, "
                "random weights), the given share of the heads and of the FFN neurons of every layer removed "
                "(magnitude scores, `mask --scope layer`), exported with `export --mode onnx --measure`: the dense "
                f"graph and the export timed in the same runtime, taking turns run by run, 128 tokens, the median of "
                f"{args.repeats} runs after 3 warm-ups (fastest–slowest). Every export was first run in ONNX Runtime against PruneScope's masked "
                "model (max difference in the last column, relative to max(1, |logit|)).\n\n")
        f.write("| removed | parameters | batch 1: dense → export (ms) | speed-up | batch 32: dense → export (ms) | "
                "speed-up | checked |\n|---|---|---|---|---|---|---|\n")
        for sparsity, r in rows:
            cells = []
            for t in r["onnx_timings"]:
                cells.append(f"{t['dense_ms']:.1f} ({t['dense_range_ms'][0]:.1f}–{t['dense_range_ms'][1]:.1f}) → "
                             f"{t['export_ms']:.1f} ({t['export_range_ms'][0]:.1f}–{t['export_range_ms'][1]:.1f})")
                cells.append(f"{t['speedup']:.2f}×")
            f.write(f"| {100 * sparsity:.0f} % | {r['parameters_before'] / 1e6:.1f}M → {r['parameters_after'] / 1e6:.1f}M | "
                    + " | ".join(cells) + f" | {r['max_difference']:.1e} |\n")
    log(open(args.out).read())


def write_gpu_table(args, rows, runtime, stock, stock_versions):
    with open(args.out, "w") as f:
        f.write(f"# Pruned heads and neurons gone, on the GPU ({args.measure_dtype})\n\n")
        f.write(f"{runtime}; {stock_versions}. Date: {time.strftime('%Y-%m-%d')}. Made by "
                f"`bench/onnx_speed.py --device {args.device} --measure-dtype {args.measure_dtype}`.\n\n")
        f.write(f"A BERT-base-shaped classifier ({LAYERS} layers, {HIDDEN} wide, {HEADS} heads, FFN {FFN}; random "
                "weights), the given share of the heads and of the FFN neurons of every layer removed (magnitude "
                "scores, `mask --scope layer`). `export --mode onnx --measure --device cuda` builds the dense model's "
                "graph and the pruned one's (every removed head and neuron physically gone) and runs both in "
                "PruneScope's own runtime on the GPU, each pass one CUDA graph's replay, taking turns run by run: "
                f"128 tokens, the median of {args.repeats} runs after 3 warm-ups (fastest–slowest), timed by CUDA "
                "events. Before timing, the pruned graph's outputs there are checked against PruneScope's masked "
                "model (last column, relative to max(1, |logit|), tolerance "
                f"{ {'float32': '1e-5', 'float16': '8·2⁻¹¹ per layer', 'bfloat16': '8·2⁻⁸ per layer'}[args.measure_dtype] }). "
                "*transformers* is stock transformers on the dense checkpoint in the same run (SDPA attention, eager "
                "PyTorch, the same dtype and shapes): the speed-up against it is the pruned model's.\n\n")
        f.write("*align 8*: the same mask exported with `--align 8`, each layer's FFN width rounded up to a multiple "
                "of 8 with zero units (exact), as bfloat16 tensor cores want.\n\n")
        f.write("| removed | align | parameters | batch | dense (ms) | pruned (ms) | speed-up | transformers dense (ms) "
                "| pruned vs transformers | checked |\n|---|---|---|---|---|---|---|---|---|---|\n")
        for sparsity, r in rows:
            for t in r["onnx_timings"]:
                s_med, s_low, s_high = stock[t["batch"]]
                f.write(f"| {100 * sparsity:.0f} % | {r['align']} | {r['parameters_before'] / 1e6:.1f}M → "
                        f"{r['parameters_after'] / 1e6:.1f}M | {t['batch']} × {t['sequence']} | "
                        f"{t['dense_ms']:.2f} ({t['dense_range_ms'][0]:.2f}–{t['dense_range_ms'][1]:.2f}) | "
                        f"{t['export_ms']:.2f} ({t['export_range_ms'][0]:.2f}–{t['export_range_ms'][1]:.2f}) | "
                        f"**{t['speedup']:.2f}×** | {s_med:.2f} ({s_low:.2f}–{s_high:.2f}) | "
                        f"{s_med / t['export_ms']:.2f}× | {t['runtime_difference']['max']:.1e} |\n")
    log(open(args.out).read())


if __name__ == "__main__":
    main()
