"""The demo BERT's starting points, made with transformers on the GPU machine.

    python3 tools/device/demo_bert.py init --text GLOSSES.txt --out DIR
        a WordPiece vocabulary (8,000 tokens, lower case) trained on the glosses and a
        random BertForMaskedLM (4 layers, hidden 256, 4 heads, FFN 1024, 128 positions)
    python3 tools/device/demo_bert.py classifier --mlm DIR --classes classes.txt --out DIR
        the pre-trained encoder under a new classification head with the classes as labels
    python3 tools/device/demo_bert.py half --model DIR --out DIR
        the trained model stored as float16, with its tokenizer files

PruneScope itself does the training (prunescope-cli train); this script only makes the
starting checkpoints that no download can provide here.
"""
import argparse
import json
import os
import shutil

import torch
import transformers
from tokenizers import BertWordPieceTokenizer


TOKENIZER_FILES = ("vocab.txt", "tokenizer.json", "tokenizer_config.json")


def copy_tokenizer(source, out):
    for name in TOKENIZER_FILES + ("prunescope-training.json",):
        if os.path.exists(os.path.join(source, name)):
            shutil.copy(os.path.join(source, name), out)


def init(args):
    os.makedirs(args.out, exist_ok=True)
    wordpiece = BertWordPieceTokenizer(lowercase=True)
    wordpiece.train([args.text], vocab_size=8000, min_frequency=2,
                    special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    wordpiece.save_model(args.out)
    wordpiece.save(os.path.join(args.out, "tokenizer.json"))
    with open(os.path.join(args.out, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 128}, f)
    config = transformers.BertConfig(vocab_size=wordpiece.get_vocab_size(), hidden_size=256, num_hidden_layers=4,
                                     num_attention_heads=4, intermediate_size=1024, max_position_embeddings=128)
    torch.manual_seed(0)
    model = transformers.BertForMaskedLM(config)
    model.save_pretrained(args.out)
    print(f"vocabulary {wordpiece.get_vocab_size()}, model {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M "
          f"parameters; {wordpiece.encode('a living organism characterized by voluntary movement').tokens}")


def classifier(args):
    classes = [line.strip() for line in open(args.classes) if line.strip()]
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification.from_pretrained(
        args.mlm, num_labels=len(classes), id2label=dict(enumerate(classes)),
        label2id={c: i for i, c in enumerate(classes)})
    model.save_pretrained(args.out)
    copy_tokenizer(args.mlm, args.out)
    print(f"classifier over {len(classes)} classes from {args.mlm}")


def half(args):
    model = transformers.AutoModelForSequenceClassification.from_pretrained(args.model, dtype=torch.float16)
    model.save_pretrained(args.out)
    copy_tokenizer(args.model, args.out)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init")
    p.add_argument("--text", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("classifier")
    p.add_argument("--mlm", required=True)
    p.add_argument("--classes", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("half")
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    {"init": init, "classifier": classifier, "half": half}[args.command](args)


if __name__ == "__main__":
    main()
