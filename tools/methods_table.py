"""The weight-pruning reproduction's records and tables (`tools/train_demo_models.sh methods`,
results in build/demo-work/methods-<family>, kept in bench/results/methods/<family>).

    python3 tools/methods_table.py record RESULTS.jsonl --name N --sparsity S --seconds T --jobs J
                                   --train TRAIN.json --test TEST.json --pruning RUN-FOLDER
    python3 tools/methods_table.py table FOLDER [FOLDER ...]
    python3 tools/methods_table.py plot FOLDER OUT.svg   (the trained methods' metric against sparsity)
"""
import argparse
import json
import math
import os
import sys

SPARSITIES = ("0.5", "0.7", "0.9")
PATTERNS = ("4:8", "2:8", "1:8")
TRAINED = (("retrain-magnitude", "magnitude, then retrained under the mask"),
           ("retrain-taylor", "taylor, then retrained under the mask"),
           ("imp", "IMP (20 % a round, rewind to the start)"),
           ("isp", "Instant Soup Pruning (3 rounds, 4 denoisers, union)"),
           ("abp", "Adapting by Pruning (frozen weights)"))
PATTERN_RUNS = (("retrain-nm", "magnitude N:M, then retrained under it"),
                ("admm", "ADMM, then retrained under the projection"),
                ("sr-ste", "SR-STE"))


def load(path):
    with open(path) as f:
        return json.load(f)


def admm_rounds(training):
    """ADMM's rounds from a training run's log: the step each began to show, rho and the
    primal and dual residuals; empty for a run without them."""
    if not os.path.exists(training):
        return []
    rounds = []
    for entry in load(training)["log"]:
        values = entry.get("values", {})
        if "primal_residual" not in values:
            continue
        round_ = {"step": entry["step"], "rho": values["rho"], "primal": values["primal_residual"],
                  "dual": values["dual_residual"]}
        if not rounds or any(rounds[-1][k] != round_[k] for k in ("rho", "primal", "dual")):
            rounds.append(round_)
    return rounds


def record(args):
    train, test = load(args.train), load(args.test)
    entry = {"name": args.name, "sparsity": float(args.sparsity), "primary": test["primary"],
             "metric": test["metrics"][test["primary"]], "examples": test.get("examples"),
             "wall_seconds": float(args.seconds), "parallel_runs": int(args.jobs), "steps": train["steps"], "stopped_early": train["stopped_early"]}
    if "seconds" in train:
        entry["train_seconds"] = train["seconds"]
    rounds = admm_rounds(os.path.join(args.pruning, "prunescope-training.json"))
    if rounds:
        entry["admm_rounds"] = rounds
    pruning = os.path.join(args.pruning, "prunescope-pruning.json")
    if os.path.exists(pruning):
        p = load(pruning)
        entry.update({"steps": p["cost"]["steps"], "train_seconds": p["cost"]["seconds"],
                      "rounds": len(p["rounds"]), "final_sparsity": p["sparsity"]})
        for key in ("recovered", "reached_by_push", "soup_alpha"):
            if key in p:
                entry[key] = p[key]
    with open(args.results, "a") as f:
        f.write(json.dumps(entry) + "\n")
    family = os.path.basename(os.path.dirname(os.path.abspath(args.results))).replace("methods-", "")
    print(f"  {family} {args.name}: {entry['primary']} {entry['metric']:.4g}, {entry['steps']} steps, "
          f"{entry['wall_seconds']:.1f} s")


def results(folder):
    """A family's name, its runs by name (the last line of a name counts) and the dense model's
    evaluation."""
    runs = {}
    with open(os.path.join(folder, "results.jsonl")) as f:
        for line in f:
            entry = json.loads(line)
            runs[entry["name"]] = entry
    family = os.path.basename(os.path.normpath(folder)).replace("methods-", "")
    return family, runs, load(os.path.join(folder, "dense.json"))


def table(folder):
    family, runs, dense = results(folder)
    metric = dense["primary"]
    digits = 1 if metric == "perplexity" else 3
    cell = lambda value: f"{value:.{digits}f}"
    better = "lower" if metric == "perplexity" else "higher"
    lines = [f"### Demo {family.upper()}: {metric} ({better} is better) against weight sparsity", "",
             "| method | " + " | ".join(f"{float(s):.0%}" for s in SPARSITIES) + " | steps at 50 / 70 / 90 % |",
             "|---|" + "---|" * len(SPARSITIES) + "---|"]
    for method in ("magnitude", "taylor"):
        row = []
        for s in SPARSITIES:
            path = os.path.join(folder, f"one-shot-{method}-{s}-test.json")
            row.append(cell(load(path)["metrics"][metric]) if os.path.exists(path) else "")
        lines.append(f"| {method}, one-shot | " + " | ".join(row) + " | 0 |")
    # A run that ended short of its target says where it ended.
    reached = lambda r: cell(r["metric"]) + ("" if abs(r.get("final_sparsity", r["sparsity"]) - r["sparsity"]) < 5e-3
                                             else f" (at {r['final_sparsity']:.0%})")
    for prefix, label in TRAINED:
        found = [runs.get(f"{prefix}-{s}") for s in SPARSITIES]
        row = [reached(r) if r else "" for r in found]
        steps = " / ".join(f"{r['steps']:,}" if r else "" for r in found)
        lines.append(f"| {label} | " + " | ".join(row) + f" | {steps} |")
    lines.append("")
    lines.append(f"Dense: {cell(dense['metrics'][metric])} on the same {dense['examples']:,} test examples.")
    lines.append("")
    # The compute at the highest sparsity IMP reached, set against IMP's.
    top = next((s for s in reversed(SPARSITIES) if f"imp-{s}" in runs), SPARSITIES[-1])
    lines.append(f"| compute at {float(top):.0%} | steps | seconds (whole run) | runs started at once | against IMP |")
    lines.append("|---|---|---|---|---|")
    imp = runs.get(f"imp-{top}")
    for prefix, label in TRAINED:
        r = runs.get(f"{prefix}-{top}")
        if r:
            share = f"{r['steps'] / imp['steps']:.2f} of the steps, {r['wall_seconds'] / imp['wall_seconds']:.2f} of the time" \
                if imp else ""
            lines.append(f"| {label} | {r['steps']:,} | {r['wall_seconds']:.1f} | {r.get('parallel_runs', 1)} | {share} |")
    abp = [runs.get(f"abp-{s}") for s in SPARSITIES]
    if all(abp):
        lines.append("")
        lines.append("Adapting by Pruning: " + "; ".join(
            f"{float(s):.0%}: target {'reached' if r.get('reached_by_push') else 'NOT reached'} after {r['steps']} "
            f"steps, {int(r.get('recovered', 0)):,} connections recovered" for s, r in zip(SPARSITIES, abp)) + ".")
    lines += ["", f"### Demo {family.upper()}: N:M patterns ({metric})", "",
              "| method | " + " | ".join(PATTERNS) + " |", "|---|" + "---|" * len(PATTERNS)]
    one_shot = []
    for nm in PATTERNS:
        path = os.path.join(folder, f"one-shot-nm-{nm}-test.json")
        one_shot.append(cell(load(path)["metrics"][metric]) if os.path.exists(path) else "")
    lines.append("| magnitude N:M, one-shot | " + " | ".join(one_shot) + " |")
    for prefix, label in PATTERN_RUNS:
        row = [cell(runs[f"{prefix}-{nm}"]["metric"]) if f"{prefix}-{nm}" in runs else "" for nm in PATTERNS]
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    residual = lambda r: (f"{r['admm_rounds'][0]['primal']:.2f} → {r['admm_rounds'][-1]['primal']:.2f}"
                          if r and r.get("admm_rounds") else "")
    lines.append("| ADMM's primal residual ‖W − Z‖ / ‖W‖, first → last round | " +
                 " | ".join(residual(runs.get(f"admm-{nm}")) for nm in PATTERNS) + " |")
    known = {f"{prefix}-{s}" for prefix, _ in TRAINED for s in SPARSITIES} | \
        {f"{prefix}-{nm}" for prefix, _ in PATTERN_RUNS for nm in PATTERNS}
    others = [r for name, r in runs.items() if name not in known]
    if others:
        lines += ["", f"### Demo {family.upper()}: ablations ({metric})", "",
                  "| run | sparsity | " + metric + " | steps | ADMM's primal residual |", "|---|---|---|---|---|"]
        for r in sorted(others, key=lambda r: r["name"]):
            lines.append(f"| {r['name']} | {r.get('final_sparsity', r['sparsity']):.1%} | {cell(r['metric'])} "
                         f"| {r['steps']:,} | {residual(r)} |")
    analysis = os.path.join(folder, "mask-analysis-0.7.json")
    masks = load(analysis)["masks"] if os.path.exists(analysis) else []
    if masks:
        components = masks[0]["components"]
        lines += ["", f"### Demo {family.upper()}: the masks at 70 %, by component, and on the dense model ({metric})",
                  "", "| mask | " + " | ".join(components) + " | as it is | shuffled | re-initialised |",
                  "|---|" + "---|" * (len(components) + 3)]
        for m in masks:
            run = os.path.basename(os.path.dirname(m["name"]))
            test = m["sensitivity"]
            lines.append(f"| {run} | " + " | ".join(f"{v:.0%}" for v in m["component_sparsity"]) + " | " +
                         " | ".join(cell(test[k]) for k in ("masked", "shuffled", "reinitialised")) + " |")
    return "\n".join(lines) + "\n"


SHORT = {"retrain-magnitude": "magnitude, retrained", "retrain-taylor": "taylor, retrained", "imp": "IMP",
         "isp": "Instant Soup Pruning", "abp": "Adapting by Pruning"}


def plot(folder, out):
    """The trained methods' metric against sparsity, a line a method (a run that ended short of
    its target left out), with AbP's 90 % ablation run (push 1e-4) where there is one."""
    family, runs, dense = results(folder)
    family, metric = family.upper(), dense["primary"]
    exact = lambda r, s: abs(r.get("final_sparsity", float(s)) - float(s)) < 5e-3
    lines = [(SHORT[prefix], {s: runs[f"{prefix}-{s}"]["metric"] for s in SPARSITIES
                              if f"{prefix}-{s}" in runs and exact(runs[f"{prefix}-{s}"], s)}) for prefix, _ in TRAINED]
    extra = runs.get("abp-push-1e-4-0.9")
    values = [v for _, points in lines for v in points.values()] + [dense["metrics"][metric]] + \
        ([extra["metric"]] if extra else [])
    pad = 0.05 * (max(values) - min(values)) or 0.05 * abs(max(values)) or 1
    low, high = min(values) - pad, max(values) + pad
    width, height, left, right, top, bottom = 720, 400, 60, 230, 40, 50
    x = lambda s: left + (float(s) - 0.5) / 0.4 * (width - left - right)
    y = lambda v: top + (high - v) / (high - low) * (height - top - bottom)
    colours = ["#64b5f6", "#1565c0", "#d32f2f", "#2e7d32", "#f9a825"]
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           'font-size="12">', f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14">Demo {family}: {metric} '
           f'({"lower" if metric == "perplexity" else "higher"} is better) against weight sparsity, after training</text>']
    for s in SPARSITIES:
        svg.append(f'<line x1="{x(s):.1f}" y1="{top}" x2="{x(s):.1f}" y2="{height - bottom}" stroke="#eeeeee"/>')
        svg.append(f'<text x="{x(s):.1f}" y="{height - bottom + 18}" text-anchor="middle">{float(s):.0%}</text>')
    step = 10 ** math.floor(math.log10((high - low) / 4))
    step *= 5 if (high - low) / step > 20 else 2 if (high - low) / step > 8 else 1
    for i in range(math.ceil(low / step), math.floor(high / step) + 1):
        t = i * step
        svg.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{width - right}" y2="{y(t):.1f}" stroke="#eeeeee"/>')
        svg.append(f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{t:.{max(0, -math.floor(math.log10(step)))}f}'
                   '</text>')
    svg.append(f'<line x1="{left}" y1="{y(dense["metrics"][metric]):.1f}" x2="{width - right}" '
               f'y2="{y(dense["metrics"][metric]):.1f}" stroke="black" stroke-dasharray="4 3"/>')
    legend = [("dense", '<line x1="0" y1="0" x2="24" y2="0" stroke="black" stroke-dasharray="4 3"/>')]
    for (label, points), colour in zip(lines, colours):
        xy = [(x(s), y(points[s])) for s in SPARSITIES if s in points]
        svg.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="' +
                   " ".join(f"{a:.1f},{b:.1f}" for a, b in xy) + '"/>')
        svg += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{colour}"/>' for a, b in xy]
        legend.append((label, f'<line x1="0" y1="0" x2="24" y2="0" stroke="{colour}" stroke-width="2"/>'))
    if extra:
        marker = f'stroke="{colours[-1]}" stroke-width="2" fill="white"'
        svg.append(f'<circle cx="{x("0.9"):.1f}" cy="{y(extra["metric"]):.1f}" r="4.5" {marker}/>')
        legend.append(("AbP at 90 %, push 1e-4", f'<circle cx="12" cy="0" r="4.5" {marker}/>'))
    for i, (label, sample) in enumerate(legend):
        svg.append(f'<g transform="translate({width - right + 20},{top + 10 + 20 * i})">{sample}'
                   f'<text x="30" y="4">{label}</text></g>')
    svg.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("record")
    r.add_argument("results")
    for option in ("--name", "--sparsity", "--seconds", "--jobs", "--train", "--test", "--pruning"):
        r.add_argument(option, required=True)
    t = commands.add_parser("table")
    t.add_argument("folders", nargs="+")
    p = commands.add_parser("plot")
    p.add_argument("folder")
    p.add_argument("out")
    args = parser.parse_args()
    if args.command == "record":
        record(args)
    elif args.command == "plot":
        plot(args.folder, args.out)
    else:
        for folder in args.folders:
            sys.stdout.write(table(folder) + "\n")


if __name__ == "__main__":
    main()
