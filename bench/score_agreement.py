"""Where PruneScope's Taylor scores and PyTorch + transformers' differ, tensor by tensor, for one
scoring entry of bench/gpu_bench.py in one precision: each run of prunescope-bench-score
(as built, and with each set of flags given) against the same PyTorch loop gpu_bench.py
times, ||ours - theirs|| / ||theirs|| for the heads, the neurons and every weight, the worst
weights listed with the role they have in their layer. One repetition each; no timing.

    python3 bench/score_agreement.py --bench build/cuda/bench/prunescope-bench-score \\
        --entry bert-large --precision bf16 --flags "" "--no-pass-weights"
"""
import argparse
import os
import re
import sys

from safetensors.torch import load_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gpu_bench  # noqa: E402  (the entries, the models, the inputs and the PyTorch loop)


def role(name):
    """A weight's name without its layer number: the same matrix of every layer."""
    return re.sub(r"\.\d+\.", ".N.", name)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", required=True, help="prunescope-bench-score")
    parser.add_argument("--entry", default="bert-large", help="a SCORING key of gpu_bench.py")
    parser.add_argument("--precision", default="bf16", choices=["fp32", "bf16"])
    parser.add_argument("--flags", nargs="*", default=[""], help="prunescope-bench-score flags, one run each")
    parser.add_argument("--work", default="/tmp/prunescope-gpu-bench")
    parser.add_argument("--top", type=int, default=8, help="worst weights listed")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    entry = next((e for e in gpu_bench.SCORING if e[0] == args.entry), None)
    if entry is None:
        raise SystemExit(f"no scoring entry {args.entry!r}: {', '.join(e[0] for e in gpu_bench.SCORING)}")
    key, family, batch, tokens, count, _ = entry
    folder, inputs_path, model, batches = gpu_bench.scoring_setup(args, key, family, batch, tokens, count)
    runs = {}
    for flags in args.flags:
        out = os.path.join(args.work, f"agreement-{len(runs)}.safetensors")
        gpu_bench.run_ours(args.bench, folder, inputs_path, out, count, batch, args.precision, 1, flags=flags.split())
        runs[flags or "(as built)"] = gpu_bench.our_names(load_file(out))
    names = [n for n in next(iter(runs.values())) if n not in ("heads", "neurons")]
    theirs, _ = gpu_bench.python_scores(model, batches, names, args.precision, 1)
    print(f"{key} {args.precision}: ||ours - theirs|| / ||theirs||")
    for label, ours in runs.items():
        errors = {name: gpu_bench.rel_error(ours[name], reference) for name, reference in theirs.items()}
        by_role = {}
        for name, e in errors.items():
            if name not in ("heads", "neurons"):
                by_role.setdefault(role(name), []).append(e)
        print(f"== {label}: heads {errors['heads']:.2e}, neurons {errors['neurons']:.2e}")
        for r, values in sorted(by_role.items(), key=lambda kv: -max(kv[1])):
            print(f"  {r}: worst {max(values):.2e}, median {sorted(values)[len(values) // 2]:.2e} ({len(values)})")
        worst = sorted((e, n) for n, e in errors.items() if n not in ("heads", "neurons"))[-args.top:]
        for e, n in reversed(worst):
            print(f"  {n}: {e:.2e}")
    if len(runs) > 1:
        first = next(iter(runs.values()))
        for label, ours in list(runs.items())[1:]:
            apart = max(gpu_bench.rel_error(ours[n], first[n]) for n in first)
            print(f"{label} against {next(iter(runs))}: worst tensor {apart:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
