"""Two builds of prunescope-bench-score on one scoring entry of gpu_bench.py, in one run on
one card, taking turns run by run: what a change bought, apart from the differences between
hosts and between a card's runs (the matmul rate alone moved by 3 % between two H100 rounds).

For each build: the seconds of a run over the entry's batches and over its steady-state count
(gpu_bench.STEADY_BATCHES; medians of --repeats runs a round, --rounds rounds), the time a
batch adds in steady state (the difference of the medians over the difference of the
batches), and the forward + backward share of the dense matmul rate measured in the same run
(3x the forward pass's matrix-product FLOPs, as gpu_bench.py counts it).

    python3 bench/ab_scoring.py --a BEFORE/bench/prunescope-bench-score --b AFTER/bench/prunescope-bench-score \\
        --names "gates on the units,gates on the weights" --entry bert-large --precision bf16 \\
        --work /tmp/ab --out bench/results/ab-<what>-<card>.md
"""
import argparse
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gpu_bench as gb  # noqa: E402

import torch  # noqa: E402
import transformers  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--a", required=True, help="prunescope-bench-score of the first build")
    parser.add_argument("--b", required=True, help="prunescope-bench-score of the second build")
    parser.add_argument("--names", default="a,b", help="the two builds' names, comma-separated")
    parser.add_argument("--entry", default="bert-large", help="a key of gpu_bench.SCORING")
    parser.add_argument("--precision", default="bf16", choices=("bf16", "fp32"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", default="/tmp/prunescope-ab")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    names = args.names.split(",")
    if len(names) != 2:
        parser.error("--names: two names")
    entry = next((e for e in gb.SCORING if e[0] == args.entry), None)
    if entry is None:
        parser.error(f"--entry: one of {', '.join(e[0] for e in gb.SCORING)}")
    key, family, batch, tokens, count, _ = entry
    longer = gb.STEADY_BATCHES.get(key, 4 * count)
    os.makedirs(args.work, exist_ok=True)

    folder, inputs, model, _ = gb.scoring_setup(args, key, family, batch, tokens, count)
    tflop = 3 * gb.forward_flops(model, batch, tokens) / 1e12  # a batch's
    del model
    torch.cuda.empty_cache()
    rate = gb.matmul_tflops(args.repeats, torch.bfloat16 if args.precision == "bf16" else torch.float32)
    gb.log(f"matmul rate {rate['median']:.0f} TFLOP/s; {key} {args.precision}: runs of {count} and {longer} batches")

    seconds = {name: {count: [], longer: []} for name in names}
    for round_ in range(args.rounds):
        for name, bench in zip(names, (args.a, args.b)):
            for batches in (count, longer):
                out = os.path.join(args.work, f"{key}-{args.precision}-{batches}.safetensors")
                result = gb.run_ours(bench, folder, inputs, out, batches, batch, args.precision, args.repeats)
                seconds[name][batches] += result["seconds"]
                gb.log(f"round {round_ + 1}, {name}, {batches} batches: "
                       + ", ".join(f"{s:.3f}" for s in result["seconds"]) + " s")

    rows = []
    for name in names:
        run, steady_run = gb.spread(seconds[name][count]), gb.spread(seconds[name][longer])
        # the steady state as gpu_bench.py's table counts it
        steady_tflops = gb.steady_rate(dict(tflop=tflop * count, batches=count, ours=run,
                                            steady=dict(batches=longer, ours=steady_run)), "ours")
        rows.append((name, run, steady_run, tflop / steady_tflops,
                     tflop * count / run["median"] / rate["median"], steady_tflops / rate["median"]))
    machine = (f"{torch.cuda.get_device_name(0)}, PyTorch {torch.__version__} (CUDA {torch.version.cuda}), transformers "
               f"{transformers.__version__}, {platform.machine()}, {os.cpu_count()} CPU cores, {time.strftime('%Y-%m-%d')}")
    fmt = gb.fmt
    lines = [f"# {gb.TITLES[family]} {batch} × {tokens}, {args.precision}: {names[0]} against {names[1]}", "",
             f"Machine: {machine}. Made by `bench/ab_scoring.py`: the two builds' prunescope-bench-score taking turns, "
             f"{args.rounds} rounds of {args.repeats} runs each, Taylor scores of every head, FFN neuron and prunable "
             f"weight as in bench/gpu_bench.py. Dense matmul rate (8192³) in the same run: "
             f"**{rate['median']:.0f} TFLOP/s** ({rate['min']:.0f}–{rate['max']:.0f}).", "",
             f"| build | {count} batches | {longer} batches | a batch in steady state | share over the run | "
             f"share in steady state |", "|---|---|---|---|---|---|"]
    for name, run, steady_run, per_batch, share, steady_share in rows:
        lines.append(f"| {name} | {fmt(run)} | {fmt(steady_run)} | {per_batch * 1e3:.1f} ms | {share:.1%} | "
                     f"{steady_share:.1%} |")
    lines += ["", f"{names[1]} against {names[0]}: a batch in steady state "
              f"{rows[1][3] * 1e3:.1f} ms against {rows[0][3] * 1e3:.1f} ms ({rows[0][3] / rows[1][3]:.3f}×)."]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
