// The pre-tokenisation patterns of the byte-level BPE tokenizers, written as scanners
// instead of a regex engine. Each takes code points and returns the [first, last) ranges
// that the pattern's matches cover, in order, with the behaviour of the `tokenizers`
// library's Split (Oniguruma, leftmost alternative first, backtracking quantifiers).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace prunescope::split {

using Ranges = std::vector<std::pair<size_t, size_t>>;

// The patterns as tokenizer.json spells them, to recognise a file's pre-tokenizer.
extern const char *const kClipPattern;
extern const char *const kQwen2Pattern;

// GPT-2 and RoBERTa: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
Ranges gpt2(const std::u32string &s);
// CLIP's pattern, whitespace removed (Split "Removed", inverted).
Ranges clip(const std::u32string &s);
// Qwen2 (behaviour "Isolated"): contractions in any case, a letter run with one leading
// non-letter, single digits, punctuation runs with their line breaks, whitespace runs.
Ranges qwen2(const std::u32string &s);

} // namespace prunescope::split
