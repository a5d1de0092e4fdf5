"""ONNX exports against the dense model in ONNX Runtime on this machine's CPU: a
BERT-base-shaped classifier (12 layers, 768 wide, 12 heads, FFN 3072; random weights) with
30, 50 and 70 % of the heads and of the FFN neurons of every layer removed (magnitude scores,
the same share in each layer), exported by `prunescope-cli export --mode onnx --measure`,
which times the dense graph and the export at batch 1 and 32 of 128 tokens, taking turns
run by run (median of --repeats runs after 3 warm-ups, with the fastest and slowest). Each export is run in ONNX
Runtime against PruneScope's masked model first.

    python3 bench/onnx_speed.py --cli build/default/app/prunescope-cli --out bench/results/onnx-speed-cpu.md
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", default="/tmp/prunescope-onnx-speed")
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--threads", type=int, default=0, help="0: ONNX Runtime's default, every core")
    parser.add_argument("--sparsities", default="0.3,0.5,0.7")
    args = parser.parse_args()
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
        t = time.time()
        report = json.loads(run([args.cli, "export", "--model", model, "--mask", mask + ".safetensors", "--out", out,
                                 "--mode", "onnx", "--measure", "--repeats", str(args.repeats), "--threads",
                                 str(args.threads), "--force", "--json"]))
        log(f"{sparsity}: {time.time() - t:.0f} s, {report['onnx_timings']}")
        rows.append((float(sparsity), report))
        shutil.rmtree(out, ignore_errors=True)
    runtime = rows[0][1]["onnx_timings"][0]["runtime"]
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


if __name__ == "__main__":
    main()
