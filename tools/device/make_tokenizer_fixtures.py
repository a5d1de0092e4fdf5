"""The RoBERTa-style tokenizer fixture (tests/data/tokenizers/roberta-style/ and cases-roberta.json).

    python3 tools/device/make_tokenizer_fixtures.py --out DIR [--gpt2 FOLDER] [--force]

From GPT-2's vocab.json and merges.txt (tests/data/tokenizers/gpt2/ by default) builds a vocabulary laid
out as roberta-base's: <s> 0, <pad> 1, </s> 2, <unk> 3, then GPT-2's entries in their order shifted by 4
without <|endoftext|>, and <mask> last; GPT-2's merges unchanged. RobertaTokenizerFast reads those two
files (<mask> declared lstrip, as RobertaTokenizer declares it) and save_pretrained writes DIR/roberta-style/
(transformers 5 writes tokenizer.json and tokenizer_config.json only: the vocab.json and merges.txt it read
are put beside them).
DIR/cases-roberta.json records, for each text, what it gives: `ids` (specials added), `tokens`, `decoded`
(decode(ids)) and `decoded_skip_special`; `slow_ids` come from a Python tokenizer: transformers'
RobertaTokenizer where it still is one (transformers 4), else this script's port of it (transformers 5 has
no Python RoBERTa tokenizer; `slow_ids_from` says which). `pairs` hold sentence pairs, `options` ids and
attention masks under truncation and padding. Needs transformers and tokenizers, no network. A folder or
file of DIR that exists is refused unless --force; both are written beside their place and renamed into it.
"""
import argparse
import json
import os
import platform
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GPT2_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "data", "tokenizers", "gpt2"))
FRONT = ("<s>", "<pad>", "</s>", "<unk>")  # ids 0..3, as in roberta-base
MASK = "<mask>"
SPECIALS = FRONT + (MASK,)
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

# The texts of tests/data/tokenizers/cases.json and of cases-families.json, and RoBERTa's special tokens
# inside text (<mask> takes the whitespace before it, the others none).
TEXTS = [
    "Hello, world! This is PruneScope's tokenizer test.",
    "Don't prune the heads you'll need: 12 layers x 12 heads = 144.",
    "naïve café résumé — Ünïcödé ÀÉÎÕÜ ß ø",
    "decomposed: cafe\u0301 and composed: caf\u00e9",
    "   leading and trailing spaces   ",
    " leading space",
    "multiple    spaces   between  words",
    "tabs\tand\nnewlines\r\nmixed",
    "line one\nline two\n\nline four",
    "windows\r\nline endings\r\n",
    "   \t  \n  ",
    "中文字符和日本語のテキスト 한국어",
    "mixed中文and English混合text",
    "Привет, мир! Γειά σου κόσμε",
    "emoji 🙂🚀👍🏽 and ❤️ family 👨\u200d👩\u200d👧",
    "symbols ©®™ ∑∫√ ≠ ≤ ≥ € £ ¥",
    "URLs like https://example.org/a?b=c&d=e#f and emails a.b@c.de",
    "numbers 0 7 42 123 4567 89012 3.14159 1,000,000 2026-11-23 0x1F",
    "UPPER lower MiXeD unaffable unbelievably antidisestablishmentarianism",
    "'s 're 've 'm 'll 'd",
    "Don't, I'm, we'll, they've, it's, she'd, you're",
    "DON'T SHOUT; It'S MiXeD cAsE",
    "code: def f(x):\n    return x**2  # comment",
    "punctuation!!! ??? ... --- *** ((()))",
    "",
    "a",
    " ",
    "\n",
    "special <|endoftext|> and <s> tokens </s> inside",
    "The capital of France is <mask>.",
    "<mask> at the start, two spaces  <mask> and a tab\t<mask> at the end <mask>",
    "no space<mask>here",
    "<s></s><pad><unk><mask>",
    "</s> first, <pad> and <unk> between, <s> last",
]
PAIRS = [
    ("Hello, world!", "This is PruneScope's tokenizer test."),
    ("The capital of France is <mask>.", "Paris"),
    ("", "only the second text"),
    ("naïve café", "中文 🙂"),
]
OPTIONS = [  # (text, pair or None, max_length, pad to max_length)
    ("Hello, world! This is PruneScope's tokenizer test.", None, 8, False),
    ("Hello, world! This is PruneScope's tokenizer test.", None, 12, True),
    ("The capital of France is <mask>.", None, 8, False),
    ("The capital of France is <mask>.", None, 12, True),
    ("one two three four five six", "seven eight", 9, False),
    ("one two", "three four five six seven eight", 12, True),
]


# --- the vocabulary (standard library only) ------------------------------------------------------

def roberta_vocab(gpt2_vocab):
    """roberta-base's layout over GPT-2's entries; fails on a GPT-2 entry that is a RoBERTa special."""
    vocab = {token: i for i, token in enumerate(FRONT)}
    for token, _ in sorted(gpt2_vocab.items(), key=lambda kv: kv[1]):
        if token == "<|endoftext|>":
            continue
        if token in vocab or token == MASK:
            sys.exit(f"GPT-2's vocabulary holds {token!r}, one of RoBERTa's special tokens")
        vocab[token] = len(vocab)
    vocab[MASK] = len(vocab)
    return vocab


def read_merges(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = 1 if lines and lines[0].startswith("#version") else 0
    return [tuple(line.split(" ")) for line in lines[start:] if line]


class PythonRoberta:
    """RobertaTokenizer as transformers 4 wrote it in Python, after OpenAI's GPT-2 encoder.py: the special
    tokens are cut out of the text first (leftmost, longest; <mask> strips the whitespace before it), each
    piece between is split by GPT-2's pattern, its UTF-8 bytes mapped to printable characters and merged
    by rank; then <s> A </s>, or <s> A </s></s> B </s> for a pair."""

    def __init__(self, vocab, merges):
        import regex  # a dependency of transformers

        self.pattern = regex.compile(GPT2_PATTERN)
        self.vocab = vocab
        self.ranks = {merge: rank for rank, merge in enumerate(merges)}
        printable = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
        others = [b for b in range(256) if b not in printable]
        self.byte_map = {b: chr(b) for b in printable}
        self.byte_map.update({b: chr(256 + n) for n, b in enumerate(others)})

    def bpe(self, word):
        word = tuple(word)
        while len(word) > 1:
            best = min(zip(word, word[1:]), key=lambda pair: self.ranks.get(pair, float("inf")))
            if best not in self.ranks:
                break
            merged, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    merged.append(word[i] + word[i + 1])
                    i += 2
                else:
                    merged.append(word[i])
                    i += 1
            word = tuple(merged)
        return word

    def tokenize(self, text, specials=SPECIALS):
        """Ids of text without the template; specials=() gives plain GPT-2 BPE."""
        pieces, start, i = [], 0, 0
        while i < len(text):
            found = max((s for s in specials if text.startswith(s, i)), key=len, default=None)
            if found is None:
                i += 1
                continue
            before = text[start:i]
            pieces.append((before.rstrip() if found == MASK else before, False))
            pieces.append((found, True))
            i = start = i + len(found)
        pieces.append((text[start:], False))
        ids = []
        for piece, special in pieces:
            if special:
                ids.append(self.vocab[piece])
                continue
            for word in self.pattern.findall(piece):
                ids.extend(self.vocab[t] for t in self.bpe("".join(self.byte_map[b] for b in word.encode("utf-8"))))
        return ids

    def __call__(self, text, pair=None):
        cls, sep = self.vocab["<s>"], self.vocab["</s>"]
        ids = [cls] + self.tokenize(text) + [sep]
        return ids if pair is None else ids + [sep] + self.tokenize(pair) + [sep]


# --- transformers -------------------------------------------------------------------------------

def vocab_problem(tok, vocab):
    """Why tok does not hold exactly vocab, None when it does."""
    got = tok.get_vocab()
    wrong = [t for t, i in vocab.items() if got.get(t) != i]
    if wrong or len(got) != len(vocab):
        return f"{len(got)} entries ({len(vocab)} expected), {len(wrong)} with another id (first: {wrong[:3]})"
    return None


def load_fast(transformers, folder, vocab, merges, mask):
    """RobertaTokenizerFast reading vocab.json + merges.txt; the constructor with the vocabulary and the
    merges themselves if that fails. Returns the tokenizer and how it was made."""
    attempts = [
        ("RobertaTokenizerFast.from_pretrained(folder with vocab.json and merges.txt)",
         lambda: transformers.RobertaTokenizerFast.from_pretrained(folder, mask_token=mask, local_files_only=True)),
        ("RobertaTokenizerFast(vocab=..., merges=...)",
         lambda: transformers.RobertaTokenizerFast(vocab=dict(vocab), merges=list(merges), mask_token=mask)),
    ]
    errors = []
    for how, make in attempts:
        try:
            tok = make()
        except Exception as e:  # noqa: BLE001 - the next way is tried, every failure is reported
            errors.append(f"{how}: {type(e).__name__}: {e}")
            continue
        problem = vocab_problem(tok, vocab)
        if problem is None:
            return tok, how
        errors.append(f"{how}: {problem}")
    sys.exit("could not build RobertaTokenizerFast:\n  " + "\n  ".join(errors))


def load_slow(transformers, folder, vocab, merges, mask):
    """A Python tokenizer as a callable (text, pair=None) -> ids, and where it comes from."""
    try:
        tok = transformers.RobertaTokenizer.from_pretrained(folder, mask_token=mask, local_files_only=True)
    except Exception as e:  # noqa: BLE001
        print(f"RobertaTokenizer did not load ({type(e).__name__}: {e}); using the port in this script")
        tok = None
    if tok is not None and not getattr(tok, "is_fast", True) and vocab_problem(tok, vocab) is None:
        return (lambda text, pair=None: tok(text, pair)["input_ids"]), "transformers.RobertaTokenizer (Python)"
    return PythonRoberta(vocab, merges), ("PythonRoberta in tools/device/make_tokenizer_fixtures.py (transformers "
                                          f"{transformers.__version__} has no Python RoBERTa tokenizer)")


def write_vocab_files(folder, vocab, merges):
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))


def check_saved(folder, vocab, merges, fast, texts):
    """vocab.json and merges.txt as save_pretrained wrote them (ours where it wrote none) must hold our
    vocabulary and merges; the `tokenizers` library reading the saved tokenizer.json must give fast's ids."""
    import tokenizers

    vocab_path, merges_path = os.path.join(folder, "vocab.json"), os.path.join(folder, "merges.txt")
    if not os.path.exists(vocab_path) or not os.path.exists(merges_path):
        print("save_pretrained wrote no vocab.json / merges.txt: the files it was read from are kept")
        write_vocab_files(folder, vocab, merges)
    with open(vocab_path, encoding="utf-8") as f:
        if json.load(f) != vocab:
            sys.exit(f"{vocab_path}: not the vocabulary the tokenizer was built from")
    if read_merges(merges_path) != list(merges):
        sys.exit(f"{merges_path}: not the merges the tokenizer was built from")
    reread = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    for text in texts:
        if reread.encode(text).ids != fast(text)["input_ids"]:
            sys.exit(f"tokenizer.json read by tokenizers gives other ids than RobertaTokenizerFast for {text!r}")


def record(fast, slow):
    def case(text):
        ids = fast(text)["input_ids"]
        return {"text": text, "ids": ids, "slow_ids": slow(text), "tokens": fast.convert_ids_to_tokens(ids),
                "decoded": fast.decode(ids, skip_special_tokens=False),
                "decoded_skip_special": fast.decode(ids, skip_special_tokens=True)}

    def pair(a, b):
        ids = fast(a, b)["input_ids"]
        return {"a": a, "b": b, "ids": ids, "slow_ids": slow(a, b), "tokens": fast.convert_ids_to_tokens(ids)}

    def option(text, text_pair, max_length, pad):
        e = fast(text, text_pair, truncation=True, max_length=max_length, padding="max_length" if pad else False)
        return {"text": text, "text_pair": text_pair, "max_length": max_length, "pad_to_max_length": pad,
                "ids": e["input_ids"], "attention_mask": e["attention_mask"]}

    return ([case(t) for t in TEXTS], [pair(a, b) for a, b in PAIRS], [option(*o) for o in OPTIONS])


def main(args):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import tokenizers
    import transformers
    from tokenizers import AddedToken

    target = os.path.join(args.out, "roberta-style")
    cases_path = os.path.join(args.out, "cases-roberta.json")
    for path in (target, cases_path):
        if os.path.exists(path) and not args.force:
            sys.exit(f"{path} exists (--force replaces it)")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.gpt2, "vocab.json"), encoding="utf-8") as f:
        vocab = roberta_vocab(json.load(f))
    merges = read_merges(os.path.join(args.gpt2, "merges.txt"))
    mask = AddedToken(MASK, lstrip=True, rstrip=False, normalized=False, special=True)

    source = tempfile.mkdtemp(prefix=".roberta-source-", dir=args.out)
    staging = tempfile.mkdtemp(prefix=".roberta-style-", dir=args.out)
    try:
        write_vocab_files(source, vocab, merges)
        fast, fast_from = load_fast(transformers, source, vocab, merges, mask)
        slow, slow_from = load_slow(transformers, source, vocab, merges, mask)
        mask_token = getattr(fast, "added_tokens_decoder", {}).get(vocab[MASK])
        if not getattr(mask_token, "lstrip", False):
            print(f"WARNING: the tokenizer's {MASK} is not lstrip ({mask_token!r})")
        fast.save_pretrained(staging)
        check_saved(staging, vocab, merges, fast, TEXTS)
        cases, pairs, options = record(fast, slow)
        document = {
            "about": "RoBERTa-style tokenizer (roberta-style/): GPT-2's BPE in roberta-base's layout; "
                     "written by tools/device/make_tokenizer_fixtures.py",
            "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
            "python": platform.python_version(), "fast_from": fast_from, "slow_ids_from": slow_from,
            "vocab_size": len(vocab), "special_ids": {t: vocab[t] for t in SPECIALS},
            "mask_lstrip": bool(getattr(mask_token, "lstrip", False)),
            "clean_up_tokenization_spaces": bool(getattr(fast, "clean_up_tokenization_spaces", False)),
            "slow_differs": [c["text"] for c in cases + pairs if c["slow_ids"] != c["ids"]],
            "cases": cases, "pairs": pairs, "options": options,
        }
        os.chmod(staging, 0o755)  # mkdtemp's folder is private
        for name in os.listdir(staging):
            os.chmod(os.path.join(staging, name), 0o644)  # some writers make their files private
        if os.path.exists(target):
            shutil.rmtree(target)
        os.replace(staging, target)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=args.out, delete=False) as f:
            json.dump(document, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.chmod(f.name, 0o644)
        os.replace(f.name, cases_path)
    finally:
        shutil.rmtree(source, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)

    print(f"transformers {transformers.__version__}, tokenizers {tokenizers.__version__}; fast: {fast_from}; "
          f"slow: {slow_from}; {MASK} lstrip: {document['mask_lstrip']}; "
          f"clean_up_tokenization_spaces: {document['clean_up_tokenization_spaces']}")
    for name in sorted(os.listdir(target)):
        size = os.path.getsize(os.path.join(target, name))
        print(f"{target}/{name}: {size} bytes" + (" (over 2 MB)" if size > 2 << 20 else ""))
    print(f"{cases_path}: {len(cases)} texts, {len(pairs)} pairs, {len(options)} truncation/padding cases; "
          f"slow ids differ for {len(document['slow_differs'])}: {document['slow_differs']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--out", required=True, help="folder that receives roberta-style/ and cases-roberta.json")
    parser.add_argument("--gpt2", default=GPT2_DIR, help="folder with GPT-2's vocab.json and merges.txt")
    parser.add_argument("--force", action="store_true", help="replace roberta-style/ and cases-roberta.json")
    main(parser.parse_args())
