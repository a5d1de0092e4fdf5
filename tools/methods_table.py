"""The weight-pruning reproduction's records and tables (`tools/train_demo_models.sh methods`,
results in build/demo-work/methods-<family>, kept in bench/results/methods/<family>).

    python3 tools/methods_table.py record RESULTS.jsonl --name N --sparsity S --seconds T --jobs J
                                   --train TRAIN.json --test TEST.json --pruning RUN-FOLDER
    python3 tools/methods_table.py table FOLDER [FOLDER ...]
"""
import argparse
import json
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


def record(args):
    train, test = load(args.train), load(args.test)
    entry = {"name": args.name, "sparsity": float(args.sparsity), "primary": test["primary"],
             "metric": test["metrics"][test["primary"]], "examples": test.get("examples"),
             "wall_seconds": float(args.seconds), "parallel_runs": int(args.jobs), "steps": train["steps"], "stopped_early": train["stopped_early"]}
    if "seconds" in train:
        entry["train_seconds"] = train["seconds"]
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


def table(folder):
    family = os.path.basename(os.path.normpath(folder)).replace("methods-", "")
    runs = {}
    with open(os.path.join(folder, "results.jsonl")) as f:
        for line in f:
            entry = json.loads(line)
            runs[entry["name"]] = entry
    dense = load(os.path.join(folder, "dense.json"))
    metric = dense["primary"]
    one_shot_path = os.path.join(folder, "one-shot.json")
    digits = 1 if metric == "perplexity" else 3
    cell = lambda value: f"{value:.{digits}f}"
    better = "lower" if metric == "perplexity" else "higher"
    sweep = load(one_shot_path) if os.path.exists(one_shot_path) else {"points": []}
    lines = [f"### Demo {family.upper()}: {metric} ({better} is better) against weight sparsity", "",
             "| method | " + " | ".join(f"{float(s):.0%}" for s in SPARSITIES) + " | steps at 50 / 70 / 90 % |",
             "|---|" + "---|" * len(SPARSITIES) + "---|"]
    for method in ("magnitude", "taylor"):
        points = {f"{p['sparsity']:.1f}": p for p in sweep["points"] if p["method"] == method}
        row = [cell(points[s]["metrics"][metric]) if s in points else "" for s in SPARSITIES]
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
    known = {f"{prefix}-{s}" for prefix, _ in TRAINED for s in SPARSITIES} | \
        {f"{prefix}-{nm}" for prefix, _ in PATTERN_RUNS for nm in PATTERNS}
    others = [r for name, r in runs.items() if name not in known]
    if others:
        lines += ["", f"### Demo {family.upper()}: ablations ({metric})", "",
                  "| run | sparsity | " + metric + " | steps |", "|---|---|---|---|"]
        for r in sorted(others, key=lambda r: r["name"]):
            lines.append(f"| {r['name']} | {r.get('final_sparsity', r['sparsity']):.1%} | {cell(r['metric'])} "
                         f"| {r['steps']:,} |")
    analysis = os.path.join(folder, "mask-analysis-0.7.json")
    if os.path.exists(analysis):
        masks = load(analysis)["masks"]
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("record")
    r.add_argument("results")
    for option in ("--name", "--sparsity", "--seconds", "--jobs", "--train", "--test", "--pruning"):
        r.add_argument(option, required=True)
    t = commands.add_parser("table")
    t.add_argument("folders", nargs="+")
    args = parser.parse_args()
    if args.command == "record":
        record(args)
    else:
        for folder in args.folders:
            sys.stdout.write(table(folder) + "\n")


if __name__ == "__main__":
    main()
