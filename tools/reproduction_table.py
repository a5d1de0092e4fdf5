"""The reproduction tables of docs/reproduction.md from the results that
`tools/train_demo_models.sh reproduce` writes (build/demo-work/reproduce-<family>, kept in
bench/results/reproduction/<family>).

    python3 tools/reproduction_table.py bench/results/reproduction
"""
import json
import os
import sys

KEEPS = ("0.7", "0.5", "0.3", "0.1")
ONE_SHOT = ("random", "magnitude", "taylor", "cam-cut", "smooth-cut")
RETRAINED = ("random", "magnitude", "taylor")


def load(folder, name):
    with open(os.path.join(folder, name)) as f:
        return json.load(f)


def weighted(layers, key):
    kept = sum(layer["kept"] for layer in layers)
    return sum(layer[key] * layer["kept"] for layer in layers) / kept


def table(folder, family):
    sweep = load(folder, "one-shot.json")
    metric = sweep["metric"]
    better = "lower" if metric == "perplexity" else "higher"
    digits = 1 if metric == "perplexity" else 3
    cell = lambda value: f"{value:.{digits}f}"
    sparsities = [f"{1 - float(k):.0%}" for k in KEEPS]
    lines = [f"### {family}: {metric} ({better} is better) against FFN neuron sparsity", "",
             "| method | training | " + " | ".join(sparsities) + " |",
             "|---|---|" + "---|" * len(KEEPS)]
    for method in ONE_SHOT:
        points = {f"{p['sparsity']:.1f}": p for p in sweep["points"] if p["method"] == method}
        row = [cell(points[f"{1 - float(k):.1f}"]["metrics"][metric]) for k in KEEPS]
        lines.append(f"| {method} | none (one-shot) | " + " | ".join(row) + " |")
    for method in RETRAINED:
        row = [cell(load(folder, f"retrain-{method}-{k}-test.json")["metrics"][metric]) for k in KEEPS]
        lines.append(f"| {method} | after pruning (fixed mask) | " + " | ".join(row) + " |")
    for variant, label in (("hard", "movement (Top-v per layer)"), ("gum", "GUM (one global Top-v)")):
        row = [cell(load(folder, f"{variant}-{k}-test.json")["metrics"][metric]) for k in KEEPS]
        lines.append(f"| {label} | as it prunes | " + " | ".join(row) + " |")
    dense = load(folder, "dense.json")
    tuned = load(folder, "tuned-test.json")
    lines += ["", f"Dense: {cell(sweep['dense'][metric])} on the whole test split (the untrained rows), "
              f"{cell(dense['metrics'][metric])} on the {dense['examples']} test examples the trained rows are "
              f"evaluated on; after the same extra training without pruning: {cell(tuned['metrics'][metric])}.", ""]
    lines += [f"### {family}: the kept neurons' redundancy (uniqueness, share with a max cosine above 0.9)", "",
              "| mask | " + " | ".join(sparsities) + " |", "|---|" + "---|" * len(KEEPS)]
    for variant, label in (("hard", "movement"), ("gum", "GUM")):
        row = []
        for k in KEEPS:
            layers = load(folder, f"{variant}-{k}-redundancy.json")["layers"]
            row.append(f"{weighted(layers, 'uniqueness'):.3f} / {weighted(layers, 'max_cos_above_0.9'):.3f}")
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    layers = load(folder, "tuned-redundancy.json")["layers"]
    lines += ["", f"Unpruned after the same training: {weighted(layers, 'uniqueness'):.3f} / "
              f"{weighted(layers, 'max_cos_above_0.9'):.3f}. Neurons kept per layer by GUM: " +
              "; ".join(f"{1 - float(k):.0%} " + "/".join(str(l["kept"]) for l in
                                                       load(folder, f"gum-{k}-redundancy.json")["layers"])
                        for k in KEEPS) + ".", ""]
    return "\n".join(lines)


def main():
    root = sys.argv[1]
    for family, title in (("bert", "Demo BERT (WordNet classes)"), ("gpt2", "Demo GPT-2 (WordNet glosses)")):
        print(table(os.path.join(root, family), title))


if __name__ == "__main__":
    main()
