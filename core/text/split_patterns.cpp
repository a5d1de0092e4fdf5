// Each scanner tries the pattern's alternatives in order at the current position, as the
// regex engine does; the comments name the alternative and the backtracking it needs.
#include "core/text/split_patterns.h"

#include "core/text/unicode.h"

namespace prunescope::split {

const char *const kClipPattern = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|"
                                 "[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";
const char *const kQwen2Pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
                                  " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

namespace {

using unicode::isLetter;
using unicode::isNumber;
using unicode::isWhitespace;

size_t runEnd(const std::u32string &s, size_t i, bool (*pred)(char32_t))
{
    while (i < s.size() && pred(s[i]))
        ++i;
    return i;
}

bool isOther(char32_t c)
{
    return !isWhitespace(c) && !isLetter(c) && !isNumber(c);
}

bool isLineBreak(char32_t c)
{
    return c == '\r' || c == '\n';
}

// The simple case folding of the contraction letters: only U+017F (long s) folds onto one.
char32_t foldContraction(char32_t c, bool ignoreCase)
{
    if (!ignoreCase)
        return c;
    if (c == 0x17F)
        return 's';
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

// Length of 's 't 're 've 'm 'll 'd at i, else 0.
size_t contractionAt(const std::u32string &s, size_t i, bool ignoreCase = false)
{
    if (s[i] != '\'' || i + 1 >= s.size())
        return 0;
    const char32_t a = foldContraction(s[i + 1], ignoreCase);
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
        return 2;
    if (i + 2 < s.size()) {
        const char32_t b = foldContraction(s[i + 2], ignoreCase);
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            return 3;
    }
    return 0;
}

// \s+(?!\S)|\s+ at i: a whitespace run leaves its last character to the word after it.
size_t whitespaceEnd(const std::u32string &s, size_t i)
{
    size_t end = runEnd(s, i, isWhitespace);
    if (end < s.size() && end - i >= 2)
        --end;
    return end;
}

// The end of Qwen2's match at i after the contractions.
size_t qwen2PieceEnd(const std::u32string &s, size_t i)
{
    const char32_t c = s[i];
    // [^\r\n\p{L}\p{N}]?\p{L}+: a letter run, or one other character and the run after it.
    if (isLetter(c))
        return runEnd(s, i, isLetter);
    if (!isLineBreak(c) && !isNumber(c) && i + 1 < s.size() && isLetter(s[i + 1]))
        return runEnd(s, i + 1, isLetter);
    if (isNumber(c)) // \p{N}: one digit at a time
        return i + 1;
    // " ?[^\s\p{L}\p{N}]+[\r\n]*": punctuation after at most one space, with its line breaks
    if (isOther(c) || (c == ' ' && i + 1 < s.size() && isOther(s[i + 1])))
        return runEnd(s, runEnd(s, c == ' ' ? i + 1 : i, isOther), isLineBreak);
    // \s*[\r\n]+ backtracks to the last line break of the whitespace run; without one,
    // \s+(?!\S) or \s+.
    size_t lastBreak = runEnd(s, i, isWhitespace);
    while (lastBreak > i && !isLineBreak(s[lastBreak - 1]))
        --lastBreak;
    return lastBreak > i ? lastBreak : whitespaceEnd(s, i);
}

} // namespace

Ranges gpt2(const std::u32string &s)
{
    Ranges pieces;
    size_t i = 0;
    while (i < s.size()) {
        size_t end = i + contractionAt(s, i);
        if (end == i) {
            const size_t j = (s[i] == ' ' && i + 1 < s.size() && !isWhitespace(s[i + 1])) ? i + 1 : i;
            if (isLetter(s[j]))
                end = runEnd(s, j, isLetter);
            else if (isNumber(s[j]))
                end = runEnd(s, j, isNumber);
            else if (!isWhitespace(s[j]))
                end = runEnd(s, j, isOther);
            else
                end = whitespaceEnd(s, i);
        }
        pieces.emplace_back(i, end);
        i = end;
    }
    return pieces;
}

Ranges clip(const std::u32string &s)
{
    static const std::u32string specials[] = {U"<|startoftext|>", U"<|endoftext|>"};
    Ranges pieces;
    size_t i = 0;
    while (i < s.size()) {
        size_t end = i + contractionAt(s, i);
        for (const std::u32string &special : specials) {
            if (end == i && s.compare(i, special.size(), special) == 0)
                end = i + special.size();
        }
        if (end == i) {
            if (isLetter(s[i]))
                end = runEnd(s, i, isLetter);
            else if (isNumber(s[i]))
                end = i + 1;
            else if (!isWhitespace(s[i]))
                end = runEnd(s, i, isOther);
        }
        if (end == i) {
            ++i; // whitespace
            continue;
        }
        pieces.emplace_back(i, end);
        i = end;
    }
    return pieces;
}

Ranges qwen2(const std::u32string &s)
{
    Ranges pieces;
    size_t i = 0;
    while (i < s.size()) {
        size_t end = i + contractionAt(s, i, /*ignoreCase=*/true);
        if (end == i)
            end = qwen2PieceEnd(s, i);
        pieces.emplace_back(i, end);
        i = end;
    }
    return pieces;
}

} // namespace prunescope::split
