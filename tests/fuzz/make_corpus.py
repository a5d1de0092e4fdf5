#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Small valid inputs, so the fuzzers start from files that reach the deep checks instead of
the first one: the safetensors headers are made here; the other seeds are the real files
of tests/data and of the demo study, the large ones cut down to a few hundred tokens (ids
renumbered, the special tokens and the merges' results kept) or to three items. The
tokenizer targets read several files from one input, joined by FILE_SEPARATOR
(fuzz_support.h), optionally followed by a text to encode. Regression inputs found by the
fuzzers are added to the same folders by hand and are left alone here.
"""
import json
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "corpus"
DATA = HERE.parent / "data"
DEMO = HERE.parents[1] / "resources" / "demo" / "study"
FILE_SEPARATOR = "\n--- next file ---\n"


def safetensors(header, data=b"", pad=True):
    text = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


SAFETENSORS = {
    "two_tensors": safetensors(
        {
            "weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
            "bias": {"dtype": "F16", "shape": [2], "data_offsets": [16, 20]},
        },
        struct.pack("<4f", 1.0, -2.0, 0.5, 3.0) + bytes([0x00, 0x3C, 0x00, 0xC0]),
    ),
    "empty_object": safetensors({}, pad=False),
    "metadata": safetensors(
        {
            "__metadata__": {"format": "pt", "source": "prunescope"},
            "mask": {"dtype": "BOOL", "shape": [4], "data_offsets": [0, 4]},
        },
        bytes([1, 0, 1, 1]),
    ),
    "scalar_and_empty": safetensors(
        {
            "logit_scale": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]},
            "nothing": {"dtype": "I32", "shape": [0, 3], "data_offsets": [8, 8]},
        },
        struct.pack("<d", 4.6052),
    ),
    "unsigned_and_f8": safetensors(
        {
            "u64": {"dtype": "U64", "shape": [1], "data_offsets": [0, 8]},
            "u16": {"dtype": "U16", "shape": [2], "data_offsets": [8, 12]},
            "e4m3": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [12, 14]},
            "e5m2": {"dtype": "F8_E5M2", "shape": [2], "data_offsets": [14, 16]},
        },
        struct.pack("<Q2H", 2**63, 65535, 7) + bytes([0x7F, 0x38, 0x7C, 0x01]),
    ),
}

TEXT = "The quick brown fox can't jump over 12 lazy dogs, na\u00efvely! \u6771\u4eac <|endoftext|> [MASK]"


def read(path):
    return path.read_text(encoding="utf-8")


def joined(*parts):
    return FILE_SEPARATOR.join(parts)


def compact(document):
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def renumber(tokens):
    """token -> old id, to token -> new id in the old order."""
    return {t: i for i, t in enumerate(sorted(tokens, key=tokens.get))}


def wordpiece_json(path, keep):
    """tokenizer.json of a WordPiece model with the added tokens and the first `keep` others."""
    doc = json.loads(read(path))
    vocab = doc["model"]["vocab"]
    specials = {t["content"] for t in doc["added_tokens"]}
    kept = {t: i for t, i in vocab.items() if t in specials or t.startswith("##") and i < 3000 or 999 <= i < 999 + keep}
    ids = renumber(kept)
    old_to_new = {vocab[t]: ids[t] for t in ids}
    doc["model"]["vocab"] = ids
    for token in doc["added_tokens"]:
        token["id"] = ids[token["content"]]
    processor = doc.get("post_processor") or {}
    for special in processor.get("special_tokens", {}).values():
        special["ids"] = [old_to_new[i] for i in special["ids"]]
    return doc, ids


def bpe_json(path, keep_merges):
    """tokenizer.json of a BPE model with its first merges and the tokens they need, and
    the vocabulary of a vocab.json with the added tokens in it."""
    doc = json.loads(read(path))
    model = doc["model"]
    vocab = model["vocab"]
    merges = [m.split(" ") if isinstance(m, str) else m for m in model["merges"][:keep_merges]]
    suffix = model.get("end_of_word_suffix") or ""
    specials = {t["content"] for t in doc["added_tokens"]}
    kept = {t for t in vocab if len(t) == 1 or (suffix and t.endswith(suffix) and len(t) == 1 + len(suffix))}
    kept |= specials
    for left, right in merges:
        kept |= {left, right, left + right}
    ids = renumber({t: vocab[t] for t in kept if t in vocab})
    model["vocab"] = ids
    model["merges"] = [f"{a} {b}" for a, b in merges]
    # Added tokens outside the model's vocabulary (CLIP's) follow it, as in the original.
    added = dict(ids)
    for token in doc["added_tokens"]:
        token["id"] = added.setdefault(token["content"], len(added))
    processor = doc.get("post_processor") or {}
    for key in ["cls", "sep"]:
        if key in processor:
            processor[key][1] = added[processor[key][0]]
    return doc, added


def tokenizer_seeds():
    bert_config = read(DATA / "tokenizers" / "bert-base-uncased" / "tokenizer_config.json")
    clip_config = read(DATA / "tokenizers" / "clip-trained" / "tokenizer_config.json")
    bert, bert_vocab = wordpiece_json(DATA / "tokenizers" / "bert-base-uncased" / "tokenizer.json", 300)
    mlm, mlm_vocab = wordpiece_json(DATA / "tiny-mlm" / "tokenizer.json", 200)
    clip, clip_vocab = bpe_json(DATA / "tokenizers" / "clip-trained" / "tokenizer.json", 200)
    gpt2, gpt2_vocab = bpe_json(DATA / "tokenizers" / "gpt2" / "tokenizer.json", 300)

    def vocab_txt(ids):
        return "".join(t + "\n" for t in sorted(ids, key=ids.get))

    def merges_txt(doc):
        return "#version: 0.2\n" + "".join(m + "\n" for m in doc["model"]["merges"])

    yield "tokenizer_json", "bert_base_uncased", joined(compact(bert), bert_config)
    yield "tokenizer_json", "bert_with_text", joined(compact(bert), bert_config, TEXT)
    yield "tokenizer_json", "tiny_mlm", joined(compact(mlm), read(DATA / "tiny-mlm" / "tokenizer_config.json"))
    yield "tokenizer_json", "clip_trained", joined(compact(clip), clip_config)
    yield "tokenizer_json", "clip_with_text", joined(compact(clip), clip_config, TEXT)
    yield "tokenizer_json", "gpt2", compact(gpt2)
    yield "tokenizer_json", "gpt2_with_text", joined(compact(gpt2), "", TEXT)

    yield "wordpiece_vocab", "tiny_bert", read(DATA / "tiny-bert" / "vocab.txt")
    yield "wordpiece_vocab", "tiny_mlm", joined(vocab_txt(mlm_vocab), read(DATA / "tiny-mlm" / "tokenizer_config.json"))
    yield "wordpiece_vocab", "bert_base_uncased", joined(vocab_txt(bert_vocab), bert_config)
    yield "wordpiece_vocab", "bert_with_text", joined(vocab_txt(bert_vocab), bert_config, TEXT)

    clip_files = DATA / "clip-tokenizer"
    yield "bpe_vocab", "clip_tokenizer", joined(read(clip_files / "vocab.json"), read(clip_files / "merges.txt"),
                                                read(clip_files / "tokenizer_config.json"))
    yield "bpe_vocab", "clip_trained", joined(compact(clip_vocab), merges_txt(clip), clip_config)
    yield "bpe_vocab", "clip_with_text", joined(compact(clip_vocab), merges_txt(clip), clip_config, TEXT)
    yield "bpe_vocab", "gpt2", joined(compact(gpt2_vocab), merges_txt(gpt2))
    yield "bpe_vocab", "gpt2_with_text", joined(compact(gpt2_vocab), merges_txt(gpt2), "{}", TEXT)


def comparison_of_three():
    doc = json.loads(read(DEMO / "comparisons" / "comparison-of-8.json"))
    cut = lambda m: [row[:3] for row in m[:3]]
    doc["items"] = doc["items"][:3]
    doc["overall"] = {k: cut(m) for k, m in doc["overall"].items()}
    doc["per_layer"] = {k: [cut(m) for m in layers] for k, layers in doc["per_layer"].items()}
    doc["tensor_iou"] = {k: cut(m) for k, m in doc["tensor_iou"].items()}
    return json.dumps(doc, indent=1)


def json_seeds():
    for name in ["bert", "gpt2", "clip"]:
        yield "model_config", "hf_" + name, read(DATA / "hf" / name / "config.json")
    yield "model_config", "tiny_bert", read(DATA / "tiny-bert" / "config.json")
    yield "model_config", "tiny_mlm", read(DATA / "tiny-mlm" / "config.json")
    yield "study", "demo", read(DEMO / "study.json")
    for sweep in sorted((DEMO / "sweeps").iterdir()):
        yield "sweep", sweep.name, read(sweep / "sweep.json")
    yield "comparison", "three_items", comparison_of_three()


if __name__ == "__main__":
    seeds = [("safetensors_header", name, content) for name, content in SAFETENSORS.items()]
    seeds += list(tokenizer_seeds()) + list(json_seeds())
    for target, name, content in seeds:
        folder = OUT / target
        folder.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
        print(f"{target}/{name}: {len(data)} bytes")
