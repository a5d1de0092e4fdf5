"""The DeepCuts tables of docs/reproduction.md from what tools/reproduce_deepcuts.sh writes
(build/deepcuts, kept in bench/results/deepcuts).

    python3 tools/deepcuts_table.py bench/results/deepcuts
"""
import glob
import json
import os
import re
import statistics
import sys


def noise_table(path):
    scan = json.load(open(path))
    relative = " (share of each tensor's spread)" if scan["relative_sigma"] else ""
    head = " | ".join(f"{100 * s:.0f} %" for s in scan["sparsities"])
    lines = [f"| σ{relative} | Spearman with Taylor | {head} |", "|---" * (2 + len(scan["sparsities"])) + "|"]
    for sigma, rho, row in zip(scan["sigmas"], scan["spearman_with_taylor"], scan["smooth_cut"]):
        lines.append(f"| {sigma:g} | {rho:.4f} | " + " | ".join(f"{v:.3f}" for v in row) + " |")
    for name in ("taylor", "magnitude"):
        lines.append(f"| {name} | {'1' if name == 'taylor' else ''} | " + " | ".join(f"{v:.3f}" for v in scan[name]) + " |")
    settings = scan["settings"]
    lines.append("")
    scored = settings.get("score_examples", "?")
    evaluated = settings.get("eval_examples", "?")
    lines.append(f"{scan['metric']} after one-shot weight pruning (within each matrix), no retraining; dense "
                 f"{scan['dense']:.3f}. Scored on {scored} examples of {settings.get('score_data', '?')}; evaluated on "
                 f"{evaluated} of {settings.get('eval_data', '?')}; Smooth-Cut {settings.get('smooth-cut options', '')}.")
    return "\n".join(lines)


def spread(values):
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{statistics.mean(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def procedure_runs(folder, devices=None):
    """{(method, sparsity or None): {seed: test accuracy}} from a procedure's results; the runs
    counted by the device they were evaluated on into `devices`, when given."""
    runs = {}
    for path in glob.glob(os.path.join(folder, "*.test.json")):
        name = os.path.basename(path)[: -len(".test.json")]
        m = re.fullmatch(r"(.+?)-(0\.\d+)-seed(\d+)", name) or re.fullmatch(r"(dense)-seed(\d+)", name)
        if not m or os.path.getsize(path) == 0:  # an evaluation cut off before it wrote anything
            continue
        result = json.load(open(path))
        key = (m.group(1), m.group(2) if m.lastindex == 3 else None)
        runs.setdefault(key, {})[int(m.group(m.lastindex))] = result["metrics"]["accuracy"]
        if devices is not None:
            device = result.get("device", "?")
            devices[device] = devices.get(device, 0) + 1
    return runs


def procedure_table(folder):
    devices = {}
    runs = procedure_runs(folder, devices)
    sparsities = sorted({s for _, s in runs if s})
    methods = [m for m in ("magnitude", "taylor", "cam-cut", "smooth-cut") if any(k[0] == m for k in runs)]
    seeds = max(len(v) for v in runs.values())
    header = ["| method | " + " | ".join(f"{100 * float(s):.0f} %" for s in sparsities) + " |",
              "|---" * (1 + len(sparsities)) + "|"]
    lines = list(header)
    def cell(values):  # with its number of seeds where it has fewer than the table's
        if not values:
            return "not run"
        text = spread(values)
        if len(values) == seeds:
            return text
        if len(values) == 1:
            return text + " (1 seed)"
        return text[:-1] + f"; {len(values)} seeds)"

    for method in methods:
        lines.append(f"| {method} | " + " | ".join(cell(list(runs.get((method, s), {}).values())) for s in sparsities) + " |")
    dense = list(runs.get(("dense", None), {}).values())
    lines.append("")
    made = ", ".join(f"{count} on {device}" for device, count in sorted(devices.items()))
    lines.append(f"Test accuracy, mean of up to {seeds} seeds (lowest–highest); plain fine-tuning (dense): "
                 f"{spread(dense) if dense else '?'}. Runs: {made}.")
    # Each seed's runs start from the same dense fine-tuning and scoring sample, so a method is
    # best compared with magnitude seed by seed.
    if "magnitude" in methods and len(methods) > 1:
        lines += ["", *header]
        for method in methods[1:]:
            cells = []
            for s in sparsities:
                mine, base = runs.get((method, s), {}), runs.get(("magnitude", s), {})
                differences = [mine[seed] - base[seed] for seed in sorted(mine.keys() & base.keys())]
                if not differences:
                    cells.append("?")
                    continue
                wins = sum(d > 0 for d in differences)
                cells.append(f"{statistics.mean(differences):+.3f} ({min(differences):+.3f} to "
                             f"{max(differences):+.3f}; {wins}/{len(differences)} ahead)")
            lines.append(f"| {method} − magnitude | " + " | ".join(cells) + " |")
        lines.append("")
        lines.append("Difference in test accuracy from magnitude on the same seed: mean (lowest to highest; "
                     "seeds on which the method is ahead).")
    return "\n".join(lines)


def main(folder):
    for kind in ("absolute", "relative"):
        path = os.path.join(folder, f"noise-{kind}.json")
        if os.path.exists(path) and os.path.getsize(path):
            print(f"### Smooth-Cut's noise, {kind} σ\n\n{noise_table(path)}\n")
    for where, title in ((folder, "the demo BERT, Debian package sections"),
                         (os.path.join(folder, "vit"), "the demo ViT, Fashion-MNIST")):
        if glob.glob(os.path.join(where, "*.test.json")):
            print(f"### DeepCuts' procedure: {title}\n\n{procedure_table(where)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/deepcuts"))
