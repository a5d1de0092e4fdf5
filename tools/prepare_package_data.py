#!/usr/bin/env python3
"""A text classification task the demo models were never trained on, from the Debian archive
itself: a package's one-line description, labelled with its archive section. Read from
`apt-cache dumpavail` (the package lists apt already holds; standard library only).

Eight sections whose descriptions speak of what the software is for: admin, fonts, games,
graphics, net, science, sound, text. Descriptions that several packages share (a -dbg, a
-data and the program, say) are dropped, so that no text is both trained and tested on. Each
section gives TRAIN examples to train.tsv and TEST to test.tsv, drawn by a seeded shuffle and
written shuffled (no file is sorted by class).

    python3 tools/prepare_package_data.py --out build/packages [--train 400] [--test 150] [--seed 0]
"""
import argparse
import collections
import json
import os
import random
import subprocess

SECTIONS = ["admin", "fonts", "games", "graphics", "net", "science", "sound", "text"]


def packages(text):
    """(section, one-line description) of each package stanza."""
    for stanza in text.split("\n\n"):
        fields = {}
        for line in stanza.splitlines():
            if line and not line[0].isspace() and ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
        if "Section" in fields and "Description" in fields:
            yield fields["Section"].split("/")[-1], fields["Description"].replace("\t", " ")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--train", type=int, default=400)
    parser.add_argument("--test", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    listing = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    rows = list(packages(listing))
    shared = collections.Counter(description for _, description in rows)
    by_section = collections.defaultdict(set)
    for section, description in rows:
        if section in SECTIONS and shared[description] == 1:
            by_section[section].add(description)
    rng = random.Random(args.seed)
    splits = {"train": [], "test": []}
    manifest = {"source": "apt-cache dumpavail", "packages": len(rows), "seed": args.seed, "sections": {}}
    for section in SECTIONS:
        texts = sorted(by_section[section])
        rng.shuffle(texts)
        if len(texts) < args.train + args.test:
            raise SystemExit(f"section {section}: {len(texts)} distinct descriptions, fewer than {args.train + args.test}")
        splits["train"] += [(t, section) for t in texts[:args.train]]
        splits["test"] += [(t, section) for t in texts[args.train:args.train + args.test]]
        manifest["sections"][section] = len(texts)
    os.makedirs(args.out, exist_ok=True)
    for name, examples in splits.items():
        rng.shuffle(examples)
        with open(os.path.join(args.out, f"{name}.tsv"), "w", encoding="utf-8") as f:
            f.write("sentence\tlabel\n")
            for text, section in examples:
                f.write(f"{text}\t{section}\n")
        manifest[name] = len(examples)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
