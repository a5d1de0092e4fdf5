// Follows UAX #15 for normalisation (canonical ordering by combining class, the
// canonical composition algorithm, Hangul arithmetic) over the generated tables.
#include "core/text/unicode.h"

#include <algorithm>
#include <iterator>

namespace prunescope::unicode {

namespace {

struct CategoryRange
{
    char32_t first;
    char32_t last;
    uint8_t category;
};

struct LowercaseEntry
{
    char32_t cp;
    char32_t lower;
    char32_t lower2; // second code point of a two-code-point mapping, else 0
};

struct DecompositionEntry
{
    char32_t cp;
    uint16_t offset; // into kDecompositionData
    uint8_t length;
};

struct CombiningClassRange
{
    char32_t first;
    char32_t last;
    uint8_t ccc;
};

struct CompositionEntry
{
    char32_t first;
    char32_t second;
    char32_t composite;
};

#include "core/text/unicode_tables.inc"

constexpr char32_t kReplacement = 0xFFFD;

// Hangul syllable arithmetic (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

template <typename Range>
const Range *findRange(const Range *begin, const Range *end, char32_t c)
{
    const Range *it = std::upper_bound(begin, end, c,
                                       [](char32_t v, const Range &r) { return v < r.first; });
    if (it == begin)
        return nullptr;
    --it;
    return c <= it->last ? it : nullptr;
}

uint8_t combiningClass(char32_t c)
{
    const auto *r = findRange(std::begin(kCombiningClasses), std::end(kCombiningClasses), c);
    return r ? r->ccc : 0;
}

void appendDecomposed(std::u32string &out, char32_t c)
{
    if (c >= kSBase && c < kSBase + kSCount) {
        const char32_t s = c - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount != 0)
            out.push_back(kTBase + s % kTCount);
        return;
    }
    const auto *end = std::end(kDecompositions);
    const auto *it = std::lower_bound(std::begin(kDecompositions), end, c,
                                      [](const DecompositionEntry &e, char32_t v) { return e.cp < v; });
    if (it != end && it->cp == c)
        out.append(kDecompositionData + it->offset, it->length);
    else
        out.push_back(c);
}

// Returns 0 when the pair does not compose.
char32_t compose(char32_t first, char32_t second)
{
    if (first >= kLBase && first < kLBase + kLCount && second >= kVBase && second < kVBase + kVCount)
        return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
    if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0
        && second > kTBase && second < kTBase + kTCount)
        return first + (second - kTBase);
    const CompositionEntry key{first, second, 0};
    const auto *end = std::end(kCompositions);
    const auto *it = std::lower_bound(std::begin(kCompositions), end, key,
                                      [](const CompositionEntry &a, const CompositionEntry &b) {
                                          return a.first != b.first ? a.first < b.first : a.second < b.second;
                                      });
    return (it != end && it->first == first && it->second == second) ? it->composite : 0;
}

} // namespace

std::u32string decodeUtf8(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        int len = 0;
        char32_t c = 0;
        char32_t min = 0;
        if (b < 0x80) {
            out.push_back(b);
            ++i;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            len = 2, c = b & 0x1F, min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3, c = b & 0x0F, min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            len = 4, c = b & 0x07, min = 0x10000;
        }
        bool ok = len > 0 && i + len <= n;
        for (int k = 1; ok && k < len; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        ok = ok && c >= min && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
        if (ok) {
            out.push_back(c);
            i += len;
        } else {
            out.push_back(kReplacement);
            ++i;
        }
    }
    return out;
}

void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string encodeUtf8(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendUtf8(out, c);
    return out;
}

Category category(char32_t c)
{
    const auto *r = findRange(std::begin(kCategoryRanges), std::end(kCategoryRanges), c);
    return r ? static_cast<Category>(r->category) : Category::Cn;
}

bool isLetter(char32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    const Category k = category(c);
    return k >= Category::Lu && k <= Category::Lo;
}

bool isNumber(char32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    const Category k = category(c);
    return k >= Category::Nd && k <= Category::No;
}

bool isNonspacingMark(char32_t c)
{
    return c >= 0x300 && category(c) == Category::Mn;
}

bool isWhitespace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
        || c == 0x205F || c == 0x3000;
}

bool isBertWhitespace(char32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || category(c) == Category::Zs
        || isWhitespace(c);
}

bool isBertControl(char32_t c)
{
    if (c == '\t' || c == '\n' || c == '\r')
        return false;
    const Category k = category(c);
    return k == Category::Cn || k >= Category::Cc;
}

bool isBertPunctuation(char32_t c)
{
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126))
        return true;
    const Category k = category(c);
    return k >= Category::Pc && k <= Category::Po;
}

bool isCjkIdeograph(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

void appendLower(std::u32string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    const auto *end = std::end(kLowercase);
    const auto *it = std::lower_bound(std::begin(kLowercase), end, c,
                                      [](const LowercaseEntry &e, char32_t v) { return e.cp < v; });
    if (it == end || it->cp != c) {
        out.push_back(c);
        return;
    }
    out.push_back(it->lower);
    if (it->lower2)
        out.push_back(it->lower2);
}

std::u32string toLower(std::u32string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendLower(out, c);
    return out;
}

std::u32string nfd(std::u32string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendDecomposed(out, c);
    // Canonical ordering: stable sort of each run of non-starters by combining class.
    size_t i = 0;
    while (i < out.size()) {
        if (combiningClass(out[i]) == 0) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < out.size() && combiningClass(out[j]) != 0)
            ++j;
        if (j - i > 1)
            std::stable_sort(out.begin() + i, out.begin() + j,
                             [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = j;
    }
    return out;
}

std::u32string nfc(std::u32string_view text)
{
    std::u32string s = nfd(text);
    if (s.empty())
        return s;
    std::u32string out;
    out.reserve(s.size());
    size_t starter = std::u32string::npos; // index in `out` of the last starter
    int lastClass = -1;
    for (char32_t c : s) {
        const int cls = combiningClass(c);
        // A character composes with the last starter unless blocked by one in between
        // with the same or higher class (or a starter right after it).
        if (starter != std::u32string::npos
            && (lastClass < cls || (lastClass == 0 && starter == out.size() - 1))) {
            if (char32_t composite = compose(out[starter], c)) {
                out[starter] = composite;
                continue;
            }
        }
        if (cls == 0)
            starter = out.size();
        lastClass = cls;
        out.push_back(c);
    }
    return out;
}

} // namespace prunescope::unicode
