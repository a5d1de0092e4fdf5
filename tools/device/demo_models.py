"""The demo models' starting points, made with transformers on the GPU machine, and the
small jobs around their training that only Python can do there.

    python3 tools/device/demo_models.py bert-init --text GLOSSES.txt --out DIR
        a WordPiece vocabulary (8,000 tokens, lower case) trained on the glosses and a
        random BertForMaskedLM (4 layers, hidden 256, 4 heads, FFN 1024, 128 positions)
    python3 tools/device/demo_models.py bert-classifier --mlm DIR --classes classes.txt --out DIR
        the pre-trained encoder under a new classification head with the classes as labels
    python3 tools/device/demo_models.py gpt2-init --text GLOSSES.txt --out DIR
        a byte-level BPE vocabulary (8,000 tokens) trained on the glosses and a random
        GPT2LMHeadModel (4 layers, hidden 256, 4 heads, FFN 1024, 128 positions)
    python3 tools/device/demo_models.py llama-init --tokenizer DIR --out DIR
        a random LlamaForCausalLM (4 layers, hidden 256, 8 query heads over 2 key-value heads of
        32, gated FFN 704, 128 positions, untied head) with the byte-level BPE vocabulary in DIR
    python3 tools/device/demo_models.py clip-init --tokenizer DIR --out DIR
        a random CLIPModel for 28 x 28 images (patches of 4, 4 + 4 layers, hidden 128, 4
        heads, FFN 512, projection 64) with the CLIP-style BPE vocabulary in DIR
    python3 tools/device/demo_models.py vit-init --classes classes.txt --out DIR
        a random ViTForImageClassification for 28 x 28 images (patches of 4, 4 layers, hidden
        128, 4 heads, FFN 512) with the classes as labels, and the ViTImageProcessor
        configuration that reads the grey images (repeated to RGB) at their own size
    python3 tools/device/demo_models.py half --model DIR --out DIR
        the trained model stored as float16, with its tokenizer or image processor files
    python3 tools/device/demo_models.py check-tokenizer --model DIR --text FILE --cli PATH
        PruneScope's token ids against transformers' on the first 200 lines of FILE
    python3 tools/device/demo_models.py unigram --model DIR --train FILE --test FILE
        the perplexity of a unigram model (add-one, fitted on the training text) on the
        test text under the model's tokenizer: the language model's "majority class"
    python3 tools/device/demo_models.py pack-study --study DIR
        the study's weight-level scores stored as bfloat16 (head and neuron scores and masks
        stay as they are), so that the shipped demo study stays small

PruneScope itself does the training (prunescope-cli train); this script only makes the
starting checkpoints that no download can provide here.
"""
import argparse
import collections
import json
import math
import os
import shutil
import subprocess

import torch
import transformers
from safetensors import safe_open
from safetensors.torch import save_file
from tokenizers import BertWordPieceTokenizer, ByteLevelBPETokenizer


TOKENIZER_FILES = ("vocab.txt", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json",
                   "preprocessor_config.json")


def copy_tokenizer(source, out):
    for name in TOKENIZER_FILES + ("prunescope-training.json",):
        if os.path.exists(os.path.join(source, name)):
            shutil.copy(os.path.join(source, name), out)


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)


def report(model, tokenizer_tokens):
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.1f}M parameters; {tokenizer_tokens}")


def bert_init(args):
    os.makedirs(args.out, exist_ok=True)
    wordpiece = BertWordPieceTokenizer(lowercase=True)
    wordpiece.train([args.text], vocab_size=8000, min_frequency=2,
                    special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    wordpiece.save_model(args.out)
    wordpiece.save(os.path.join(args.out, "tokenizer.json"))
    write_json(os.path.join(args.out, "tokenizer_config.json"),
               {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 128})
    config = transformers.BertConfig(vocab_size=wordpiece.get_vocab_size(), hidden_size=256, num_hidden_layers=4,
                                     num_attention_heads=4, intermediate_size=1024, max_position_embeddings=128)
    torch.manual_seed(0)
    model = transformers.BertForMaskedLM(config)
    model.save_pretrained(args.out)
    report(model, wordpiece.encode("a living organism characterized by voluntary movement").tokens)


def bert_classifier(args):
    classes = [line.strip() for line in open(args.classes) if line.strip()]
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification.from_pretrained(
        args.mlm, num_labels=len(classes), id2label=dict(enumerate(classes)),
        label2id={c: i for i, c in enumerate(classes)})
    model.save_pretrained(args.out)
    copy_tokenizer(args.mlm, args.out)
    print(f"classifier over {len(classes)} classes from {args.mlm}")


def gpt2_init(args):
    os.makedirs(args.out, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train([args.text], vocab_size=8000, min_frequency=2, special_tokens=["<|endoftext|>"])
    bpe.save_model(args.out)
    bpe.save(os.path.join(args.out, "tokenizer.json"))
    eot = bpe.token_to_id("<|endoftext|>")
    write_json(os.path.join(args.out, "tokenizer_config.json"),
               {"tokenizer_class": "GPT2Tokenizer", "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
                "unk_token": "<|endoftext|>", "model_max_length": 128})
    config = transformers.GPT2Config(vocab_size=bpe.get_vocab_size(), n_positions=128, n_embd=256, n_layer=4, n_head=4,
                                     n_inner=1024, bos_token_id=eot, eos_token_id=eot, resid_pdrop=0.0,
                                     embd_pdrop=0.0, attn_pdrop=0.0)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(config)
    model.save_pretrained(args.out)
    report(model, bpe.encode("a living organism characterized by voluntary movement").tokens)


def llama_init(args):
    os.makedirs(args.out, exist_ok=True)
    for name in TOKENIZER_FILES:  # the vocabulary alone, not the model's training record
        if os.path.exists(os.path.join(args.tokenizer, name)):
            shutil.copy(os.path.join(args.tokenizer, name), args.out)
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.out)
    eot = tokenizer.convert_tokens_to_ids("<|endoftext|>")
    config = transformers.LlamaConfig(vocab_size=len(tokenizer), hidden_size=256, intermediate_size=704,
                                      num_hidden_layers=4, num_attention_heads=8, num_key_value_heads=2, head_dim=32,
                                      max_position_embeddings=128, bos_token_id=eot, eos_token_id=eot,
                                      tie_word_embeddings=False)
    torch.manual_seed(0)
    model = transformers.LlamaForCausalLM(config)
    model.save_pretrained(args.out)
    report(model, tokenizer.tokenize("a living organism characterized by voluntary movement"))


def clip_init(args):
    os.makedirs(args.out, exist_ok=True)
    for name in ("vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(args.tokenizer, name), args.out)
    vocab = json.load(open(os.path.join(args.tokenizer, "vocab.json")))
    added = json.load(open(os.path.join(args.tokenizer, "tokenizer.json")))["added_tokens"]
    ids = {t["content"]: t["id"] for t in added}
    size = max(list(vocab.values()) + list(ids.values())) + 1
    text = dict(vocab_size=size, hidden_size=128, intermediate_size=512, num_hidden_layers=4, num_attention_heads=4,
                max_position_embeddings=16, bos_token_id=ids["<|startoftext|>"], eos_token_id=ids["<|endoftext|>"],
                pad_token_id=ids["<|endoftext|>"], attention_dropout=0.0)
    vision = dict(hidden_size=128, intermediate_size=512, num_hidden_layers=4, num_attention_heads=4, image_size=28,
                  patch_size=4, num_channels=3, attention_dropout=0.0)
    config = transformers.CLIPConfig(text_config=text, vision_config=vision, projection_dim=64)
    torch.manual_seed(0)
    model = transformers.CLIPModel(config)
    model.save_pretrained(args.out)
    report(model, f"vocabulary {size}")


def vit_init(args):
    classes = [line.strip() for line in open(args.classes) if line.strip()]
    config = transformers.ViTConfig(hidden_size=128, num_hidden_layers=4, num_attention_heads=4, intermediate_size=512,
                                    image_size=28, patch_size=4, num_channels=3, hidden_dropout_prob=0.0,
                                    attention_probs_dropout_prob=0.0, id2label=dict(enumerate(classes)),
                                    label2id={c: i for i, c in enumerate(classes)})
    torch.manual_seed(0)
    model = transformers.ViTForImageClassification(config)
    model.save_pretrained(args.out)
    transformers.ViTImageProcessor(size={"height": 28, "width": 28}, image_mean=[0.5] * 3,
                                   image_std=[0.5] * 3).save_pretrained(args.out)
    report(model, f"{len(classes)} classes")


def half(args):
    architecture = json.load(open(os.path.join(args.model, "config.json")))["architectures"][0]
    model = getattr(transformers, architecture).from_pretrained(args.model, dtype=torch.float16)
    model.save_pretrained(args.out)
    copy_tokenizer(args.model, args.out)


def check_tokenizer(args):
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    lines = [line.strip() for line in open(args.text) if line.strip()][:200]
    differ = 0
    for line in lines:
        ours = json.loads(subprocess.run([args.cli, "tokenize", "--tokenizer", args.model, "--json", line],
                                         check=True, capture_output=True, text=True).stdout)["ids"]
        theirs = tokenizer(line)["input_ids"]
        if ours != theirs:
            differ += 1
            if differ <= 3:
                print(f"differ: {line!r}\n  ours   {ours}\n  theirs {theirs}")
    print(f"tokenizer check: {len(lines) - differ} of {len(lines)} lines give the same ids as transformers")
    if differ:
        raise SystemExit(1)


def unigram(args):
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    counts = collections.Counter()
    for line in open(args.train):
        counts.update(tokenizer(line.strip())["input_ids"])
    total = sum(counts.values())
    vocab = len(tokenizer)
    nll, n = 0.0, 0
    for line in open(args.test):
        for token in tokenizer(line.strip())["input_ids"]:
            nll -= math.log((counts[token] + 1) / (total + vocab))
            n += 1
    print(json.dumps({"unigram_perplexity": math.exp(nll / n), "uniform_perplexity": vocab, "test_tokens": n}))


def pack_study(args):
    before = after = 0
    for folder in ("scores",):
        for name in sorted(os.listdir(os.path.join(args.study, folder))):
            path = os.path.join(args.study, folder, name)
            before += os.path.getsize(path)
            with safe_open(path, "pt") as f:
                metadata = f.metadata() or {}
                tensors = {k: f.get_tensor(k) for k in f.keys()}
            packed = {k: t.to(torch.bfloat16) if t.dtype == torch.float32 and "heads" not in k and "neurons" not in k
                      else t for k, t in tensors.items()}
            if any(packed[k].dtype != tensors[k].dtype for k in tensors):
                metadata["stored"] = "weight scores as bfloat16 (the demo study, kept small)"
                save_file(packed, path, metadata=metadata)
            after += os.path.getsize(path)
    print(f"scores: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {"bert-init": (bert_init, ["text", "out"]), "bert-classifier": (bert_classifier, ["mlm", "classes", "out"]),
                "gpt2-init": (gpt2_init, ["text", "out"]), "clip-init": (clip_init, ["tokenizer", "out"]),
                "llama-init": (llama_init, ["tokenizer", "out"]),
                "vit-init": (vit_init, ["classes", "out"]),
                "half": (half, ["model", "out"]), "check-tokenizer": (check_tokenizer, ["model", "text", "cli"]),
                "unigram": (unigram, ["model", "train", "test"]), "pack-study": (pack_study, ["study"])}
    for name, (_, options) in commands.items():
        p = sub.add_parser(name)
        for option in options:
            p.add_argument("--" + option, required=True)
    args = parser.parse_args()
    commands[args.command][0](args)


if __name__ == "__main__":
    main()
