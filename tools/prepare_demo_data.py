#!/usr/bin/env python3
"""The demo study's data, made from two Debian packages (standard library only).

wordnet-base: every noun and verb synset's gloss (its definition, without the quoted
examples), labelled with its lexicographer class (noun.animal, verb.motion, ...: 41
classes, named by lexnames(5WN)). A text classification task, and text for language
modelling (one gloss a line).

dataset-fashion-mnist: the 28x28 grey images and their 10 classes, as IDX files that
PruneScope reads directly.

Splits are fixed. A synset goes to test when crc32("<pos> <offset>") % 10 == 0, to
validation when it is 1, to train otherwise. Each WordNet split is stored in a seeded
shuffled order (Python's random.Random(SHUFFLE_SEED).shuffle), not grouped by class as the
package lists them, so the first rows of a split are a fair sample of all its classes.
Fashion-MNIST keeps its test set, and its training set's last 6,000 images are the
validation split (the package's order already mixes the classes).

    python3 tools/prepare_demo_data.py --out build/demo-data [--check]

Written: wordnet/{train,validation,test}.tsv (sentence, label), wordnet/classes.txt,
wordnet/glosses-{train,validation,test}.txt, fashion-mnist/{train,validation,test}/
{split}-images-idx3-ubyte.gz and -labels-idx1-ubyte.gz, fashion-mnist/classes.txt, and
manifest.json (counts, class shares, majority-class rates). --check re-reads the output
and fails on anything missing or inconsistent.
"""
import argparse
import collections
import gzip
import json
import os
import random
import re
import struct
import sys
import zlib

FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot"]
VALIDATION_IMAGES = 6000
SHUFFLE_SEED = 20261205
# The first rows of every WordNet split hold at least this share of its classes (--check).
PREFIX_ROWS, PREFIX_CLASS_SHARE = 500, 0.8


def split_of(key):
    bucket = zlib.crc32(key.encode()) % 10
    return "test" if bucket == 0 else "validation" if bucket == 1 else "train"


def lexicographer_names(man_page):
    """Lexicographer file number -> name, from lexnames(5WN)."""
    names = {}
    with gzip.open(man_page, "rt", encoding="latin-1") as f:
        for line in f:
            m = re.match(r"^(\d\d)\s+([a-z]+\.[A-Za-z]+)\s", line)
            if m:
                names[int(m.group(1))] = m.group(2)
    if len(names) != 45:
        sys.exit(f"{man_page}: expected 45 lexicographer files, read {len(names)}")
    return names


def glosses(data_file):
    """(offset, lexicographer file number, gloss definition) of every synset of a data.* file."""
    with open(data_file, encoding="latin-1") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("  "):  # the licence header
                continue
            fields, _, gloss = line.partition(" | ")
            parts = fields.split()
            if len(parts) < 3 or not gloss:
                sys.exit(f"{data_file} line {number}: not a synset line")
            definition = gloss.split('; "')[0].split(' "')[0].strip().rstrip(";").strip()
            if definition:
                yield parts[0], int(parts[1]), definition.replace("\t", " ")


def prepare_wordnet(source, man_page, out):
    names = lexicographer_names(man_page)
    classes = [names[n] for n in sorted(names) if names[n].split(".")[0] in ("noun", "verb")]
    rows = collections.defaultdict(list)
    for pos in ("noun", "verb"):
        for offset, lexfile, definition in glosses(os.path.join(source, f"data.{pos}")):
            rows[split_of(f"{pos} {offset}")].append((definition, names[lexfile]))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "classes.txt"), "w") as f:
        f.write("\n".join(classes) + "\n")
    manifest = {"classes": len(classes), "order": f"shuffled, random.Random({SHUFFLE_SEED})", "splits": {}}
    for split in ("train", "validation", "test"):
        random.Random(SHUFFLE_SEED).shuffle(rows[split])
        with open(os.path.join(out, f"{split}.tsv"), "w", encoding="utf-8") as f:
            f.write("sentence\tlabel\n")
            for definition, label in rows[split]:
                f.write(f"{definition}\t{label}\n")
        with open(os.path.join(out, f"glosses-{split}.txt"), "w", encoding="utf-8") as f:
            for definition, _ in rows[split]:
                f.write(definition + "\n")
        counts = collections.Counter(label for _, label in rows[split])
        manifest["splits"][split] = {"examples": len(rows[split]), "majority_class": counts.most_common(1)[0][0],
                                     "majority_rate": counts.most_common(1)[0][1] / len(rows[split]),
                                     "per_class": dict(sorted(counts.items()))}
    return classes, manifest


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    dims = (magic & 0xFF)
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    header = 4 + 4 * dims
    item = 1
    for d in shape[1:]:
        item *= d
    return data[:4], shape, data[header:], item


def write_idx(path, magic, shape, payload):
    with gzip.open(path, "wb", compresslevel=6) as f:
        f.write(magic + struct.pack(">" + "I" * len(shape), *shape) + payload)


def prepare_fashion(source, out):
    manifest = {"classes": len(FASHION_CLASSES), "splits": {}}
    parts = {"train": ("train", 0, -VALIDATION_IMAGES), "validation": ("train", -VALIDATION_IMAGES, None),
             "test": ("t10k", 0, None)}
    for split, (prefix, start, end) in parts.items():
        folder = os.path.join(out, split)
        os.makedirs(folder, exist_ok=True)
        labels_count = None
        for kind, idx in (("images", "idx3"), ("labels", "idx1")):
            magic, shape, payload, item = read_idx(os.path.join(source, f"{prefix}-{kind}-{idx}-ubyte.gz"))
            first = start % shape[0] if start else 0
            last = shape[0] + end if end is not None and end < 0 else (end if end is not None else shape[0])
            chosen = payload[first * item:last * item]
            write_idx(os.path.join(folder, f"{split}-{kind}-{idx}-ubyte.gz"), magic, (last - first,) + shape[1:], chosen)
            if kind == "labels":
                labels_count = collections.Counter(chosen)
        total = sum(labels_count.values())
        manifest["splits"][split] = {"examples": total,
                                     "majority_rate": labels_count.most_common(1)[0][1] / total,
                                     "per_class": {FASHION_CLASSES[k]: v for k, v in sorted(labels_count.items())}}
    with open(os.path.join(out, "classes.txt"), "w") as f:
        f.write("\n".join(FASHION_CLASSES) + "\n")
    return manifest


def check(out):
    """Re-reads what was written; returns a list of problems."""
    problems = []
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    classes = open(os.path.join(out, "wordnet", "classes.txt")).read().split()
    if len(classes) != 41:
        problems.append(f"wordnet: {len(classes)} classes, expected 41")
    seen = set()
    for split, info in manifest["wordnet"]["splits"].items():
        with open(os.path.join(out, "wordnet", f"{split}.tsv"), encoding="utf-8") as f:
            header = f.readline().rstrip("\n")
            lines = [line.rstrip("\n").split("\t") for line in f]
        if header != "sentence\tlabel":
            problems.append(f"wordnet/{split}.tsv: header {header!r}")
        if len(lines) != info["examples"]:
            problems.append(f"wordnet/{split}.tsv: {len(lines)} rows, manifest says {info['examples']}")
        bad = [line for line in lines if len(line) != 2 or line[1] not in classes or not line[0]]
        if bad:
            problems.append(f"wordnet/{split}.tsv: {len(bad)} malformed rows, first {bad[0]!r}")
        seen |= {line[1] for line in lines if len(line) == 2}
        present = {line[1] for line in lines if len(line) == 2}
        first = {line[1] for line in lines[:PREFIX_ROWS] if len(line) == 2}
        if len(first) < PREFIX_CLASS_SHARE * len(present):
            problems.append(f"wordnet/{split}.tsv: its first {PREFIX_ROWS} rows hold {len(first)} of its "
                            f"{len(present)} classes: the split is not shuffled")
    if seen != set(classes):
        problems.append(f"wordnet: classes never seen: {sorted(set(classes) - seen)}")
    for split, info in manifest["fashion-mnist"]["splits"].items():
        for kind, idx in (("images", "idx3"), ("labels", "idx1")):
            _, shape, payload, item = read_idx(os.path.join(out, "fashion-mnist", split, f"{split}-{kind}-{idx}-ubyte.gz"))
            if shape[0] != info["examples"] or len(payload) != shape[0] * item:
                problems.append(f"fashion-mnist/{split} {kind}: {shape[0]} items, manifest says {info['examples']}")
    expected = {"train": 54000, "validation": 6000, "test": 10000}
    got = {s: i["examples"] for s, i in manifest["fashion-mnist"]["splits"].items()}
    if got != expected:
        problems.append(f"fashion-mnist splits {got}, expected {expected}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--lexnames", default="/usr/share/man/man5/lexnames.5WN.gz")
    parser.add_argument("--fashion-mnist", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--check", action="store_true", help="re-read the output and fail on any inconsistency")
    args = parser.parse_args()
    for path in (args.wordnet, args.lexnames, args.fashion_mnist):
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: install wordnet-base and dataset-fashion-mnist (bash setup.sh does)")
    partial = args.out.rstrip("/") + ".partial"
    os.makedirs(partial, exist_ok=True)
    classes, wordnet = prepare_wordnet(args.wordnet, args.lexnames, os.path.join(partial, "wordnet"))
    fashion = prepare_fashion(args.fashion_mnist, os.path.join(partial, "fashion-mnist"))
    with open(os.path.join(partial, "manifest.json"), "w") as f:
        json.dump({"wordnet": wordnet, "fashion-mnist": fashion}, f, indent=1)
    if os.path.exists(args.out):
        import shutil
        shutil.rmtree(args.out)
    os.rename(partial, args.out)
    for name, info in (("wordnet", wordnet), ("fashion-mnist", fashion)):
        sizes = ", ".join(f"{s} {i['examples']} (majority {i['majority_rate']:.3f})" for s, i in info["splits"].items())
        print(f"{name}: {info['classes']} classes; {sizes}")
    if args.check:
        problems = check(args.out)
        for p in problems:
            print("FAILED:", p, file=sys.stderr)
        if problems:
            return 1
        print("checked: every split, class and count is consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
