#!/usr/bin/env python3
"""Where the time of a BERT-base pass goes on a GPU, dense and with heads and FFN neurons removed.

The pass is written with the kernels PruneScope's graph runtime launches (one addmm for the
merged query/key/value product, scaled_dot_product_attention with the additive mask, addmm,
residual add, layer_norm, gelu), then timed as one CUDA graph per variant, and its kernels
summed by kind with torch.profiler (the launches queued behind a sleeping kernel, so that
the GPU times are the kernels' own). Variants show what a fusion would buy before it is
written in C++:
  runner      the runtime as it is
  no-mask     attention without the (all-zero) additive mask: flash attention
  add+ln      residual add and layer norm fused (torch.compile; an upper bound for a fused kernel)
  gelu-epi    bias + GELU (tanh) in the matrix product's epilogue (torch._addmm_activation)
  fused       add+ln and gelu-epi together: every fusion the runtime could make around cuBLAS
  2-streams   add+ln with the batch's two halves on two streams of one graph: what filling one
              product's last partial wave of blocks with the other half's would buy
  compiled    (--compile) the whole pass through torch.compile (inductor): what PyTorch's own
              compiler makes of it, a ceiling for the pruned-to-dense ratio without new matmul kernels
  autotuned   (--autotune) the same with mode max-autotune-no-cudagraphs: Triton's matrix
              products tried against cuBLAS's for each shape, the fastest kept
Then each matrix product of a layer alone (bias in the epilogue, as the runtime's addmm), dense
and pruned, with its rate in TFLOP/s: where the pruned pass's products lose efficiency.

  python3 bench/profile_pruned.py [--dtype bfloat16] [--batch 32] [--tokens 128] [--removed 0.3,0.5,0.7] [--compile] [--autotune]
"""
import argparse
import statistics

import torch
import torch.nn.functional as F


def weights(heads, ffn, dtype, layers=12, hidden=768, d=64, vocab=30522):
    g = torch.Generator(device="cuda").manual_seed(0)
    r = lambda *s: (torch.randn(*s, device="cuda", generator=g) * 0.02).to(dtype)
    w = {"word": r(vocab, hidden), "pos": r(512, hidden), "type": r(2, hidden),
         "ln": (torch.ones(hidden, device="cuda", dtype=dtype), torch.zeros(hidden, device="cuda", dtype=dtype)), "layers": []}
    for _ in range(layers):
        w["layers"].append({"qkv": r(hidden, 3 * heads * d), "qkv_b": r(3 * heads * d), "o": r(heads * d, hidden), "o_b": r(hidden),
                            "ln1": w["ln"], "f1": r(hidden, ffn), "f1_b": r(ffn), "f2": r(ffn, hidden), "f2_b": r(hidden), "ln2": w["ln"],
                            "heads": heads})
    return w


def make_pass(w, variant, d=64):
    hidden = w["pos"].shape[1]

    def add_ln(x, res, ln):
        return F.layer_norm(x + res, (hidden,), ln[0], ln[1], 1e-12)

    if variant in ("add+ln", "fused"):
        add_ln = torch.compile(add_ln, dynamic=False)

    def run(ids, bias):
        b, t = ids.shape
        x = F.layer_norm(w["word"][ids] + w["pos"][:t] + w["type"][0], (hidden,), w["ln"][0], w["ln"][1], 1e-12)
        for L in w["layers"]:
            h = L["heads"]
            qkv = torch.addmm(L["qkv_b"], x.view(-1, hidden), L["qkv"]).view(b, t, 3 * h * d)
            q, k, v = (qkv.narrow(-1, i * h * d, h * d).view(b, t, h, d).transpose(1, 2) for i in range(3))
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=None if variant == "no-mask" else bias, scale=d ** -0.5)
            ctx = ctx.transpose(1, 2).reshape(b * t, h * d)
            x = add_ln(torch.addmm(L["o_b"], ctx, L["o"]).view(b, t, hidden), x, L["ln1"])
            if variant in ("gelu-epi", "fused"):
                inner = torch._addmm_activation(L["f1_b"], x.view(-1, hidden), L["f1"], use_gelu=True)
            else:
                inner = F.gelu(torch.addmm(L["f1_b"], x.view(-1, hidden), L["f1"]))
            x = add_ln(torch.addmm(L["f2_b"], inner, L["f2"]).view(b, t, hidden), x, L["ln2"])
        return x

    if variant == "2-streams":
        one, side = make_pass(w, "add+ln", d), torch.cuda.Stream()

        def halves(ids, bias):
            half, main = ids.shape[0] // 2, torch.cuda.current_stream()
            side.wait_stream(main)
            with torch.cuda.stream(side):
                second = one(ids[half:], bias[half:])
            first = one(ids[:half], bias[:half])
            main.wait_stream(side)
            return first, second

        return halves
    if variant == "compiled":
        return torch.compile(run, dynamic=False)
    if variant == "autotuned":
        return torch.compile(run, dynamic=False, mode="max-autotune-no-cudagraphs")
    return run


def timed_graph(run, ids, bias, repeats):
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(3):
            run(ids, bias)
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        run(ids, bias)
    ms = []
    for _ in range(repeats + 3):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        ms.append(start.elapsed_time(end))
    return ms[3:]


def kind(name):
    n = name.lower()
    for key, label in (("flash", "attention"), ("fmha", "attention"), ("attention", "attention"), ("efficient", "attention"),
                       ("gemm", "matmul"), ("sm90", "matmul"), ("cutlass", "matmul"), ("nvjet", "matmul"),
                       ("layer_norm", "layer_norm"), ("gelu", "gelu"), ("copy", "copy"), ("index", "gather"),
                       ("triton", "fused add+ln"), ("add", "add")):
        if key in n:
            return label
    return "other: " + name[:60]


def kernel_times(run, ids, bias):
    for _ in range(2):
        run(ids, bias)
    torch.cuda.synchronize()
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        torch.cuda._sleep(200_000_000)  # the launches queue behind it: no gaps of the host's making
        run(ids, bias)
        torch.cuda.synchronize()
    sums, counts = {}, {}
    for e in prof.events():
        if e.device_type == torch.autograd.DeviceType.CUDA and "sleep" not in e.name and "spin_kernel" not in e.name:
            k = kind(e.name)
            sums[k] = sums.get(k, 0.0) + e.device_time / 1e3
            counts[k] = counts.get(k, 0) + 1
    return sums, counts


def product_rates(w, rows, repeats):
    """Each of a layer's four products alone, 12 to a CUDA graph as in a pass: (name, m, n, k, ms, TFLOP/s)."""
    L, hidden = w["layers"][0], w["pos"].shape[1]
    h = L["heads"] * 64
    x = torch.randn(rows, hidden, device="cuda").to(L["qkv"].dtype)
    shapes = (("query/key/value", x, L["qkv"], L["qkv_b"]), ("attention output", x[:, :h].contiguous(), L["o"], L["o_b"]),
              ("FFN in", x, L["f1"], L["f1_b"]), ("FFN out", torch.randn(rows, L["f1"].shape[1], device="cuda").to(x.dtype), L["f2"], L["f2_b"]))
    rates = []
    for name, a, b, bias in shapes:
        ms = statistics.median(timed_graph(lambda *_: [torch.addmm(bias, a, b) for _ in range(12)], None, None, repeats)) / 12
        m, k, n = a.shape[0], a.shape[1], b.shape[1]
        rates.append((name, m, n, k, ms, 2 * m * n * k / ms / 1e9))
    return rates


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dtype", default="bfloat16")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--tokens", type=int, default=128)
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--compile", action="store_true", help="also the torch.compile variant (a minute of compiling a level)")
    p.add_argument("--autotune", action="store_true", help="also the max-autotune variant (minutes of compiling)")
    p.add_argument("--removed", default="0.3,0.5,0.7", help="shares of heads and neurons removed, beside the dense pass")
    a = p.parse_args()
    dtype = getattr(torch, a.dtype)
    torch.manual_seed(0)
    ids = torch.randint(0, 30522, (a.batch, a.tokens), device="cuda")
    bias = torch.zeros(a.batch, 1, 1, a.tokens, device="cuda", dtype=dtype)
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}, {a.dtype}, batch {a.batch} x {a.tokens}")
    results = {}
    shares = [float(r) for r in a.removed.split(",")]
    variants = (("runner", "no-mask", "add+ln", "gelu-epi", "fused", "2-streams") + (("compiled",) if a.compile else ())
                + (("autotuned",) if a.autotune else ()))
    with torch.no_grad():
        for removed in [0.0] + shares:
            heads, ffn = round(12 * (1 - removed)), round(3072 * (1 - removed))
            w = weights(heads, ffn, dtype)
            for variant in variants:
                try:
                    ms = timed_graph(make_pass(w, variant), ids, bias, a.repeats)
                except Exception as e:  # noqa: BLE001 - a variant this PyTorch cannot run is reported, not fatal
                    print(f"{removed:.0%} {variant}: {type(e).__name__}: {str(e)[:200]}")
                    continue
                results[(removed, variant)] = statistics.median(ms)
                print(f"removed {removed:.0%} ({heads} heads, {ffn} neurons) {variant:9}: {statistics.median(ms):.3f} ms "
                      f"({min(ms):.3f}-{max(ms):.3f})", flush=True)
            for variant in ("runner", "no-mask", "fused"):
                sums, counts = kernel_times(make_pass(w, variant), ids, bias)
                total = sum(sums.values())
                print(f"  kernels, {variant}: {total:.3f} ms in all; " +
                      "; ".join(f"{k} {v:.3f} ms ({counts[k]})" for k, v in sorted(sums.items(), key=lambda kv: -kv[1])))
            for name, m, n, k, ms, rate in product_rates(w, a.batch * a.tokens, a.repeats):
                print(f"  product {name:16} {m} x {n} x {k}: {ms * 1e3:.1f} us, {rate:.0f} TFLOP/s")
        for variant in variants:
            if (0.0, variant) in results:
                print(f"{variant:9} speed-up: " + ", ".join(f"{r:.0%} {results[(0.0, variant)] / results[(r, variant)]:.2f}x"
                                                    for r in shares if (r, variant) in results))


if __name__ == "__main__":
    main()
