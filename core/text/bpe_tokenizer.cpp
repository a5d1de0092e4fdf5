// Byte-level BPE following OpenAI's GPT-2 encoder.py and CLIP's simple_tokenizer.py as
// ported by the `tokenizers` library; the split patterns are hand-written scanners.
#include "core/text/bpe_tokenizer.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <sstream>

namespace prunescope {

namespace {

using unicode::isLetter;
using unicode::isNumber;
using unicode::isWhitespace;

const char *const kClipPattern = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|"
                                 "[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";
// CLIP's slow tokenizer keeps only this many merges of merges.txt.
constexpr size_t kClipMaxMerges = 49152 - 256 - 2;

// GPT-2's bytes_to_unicode(): printable bytes stand for themselves, the others are
// shifted to 256 + n so that every token is a printable string.
const std::array<char32_t, 256> &byteToUnicode()
{
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> t{};
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
            t[b] = printable ? static_cast<char32_t>(b) : next++;
        }
        return t;
    }();
    return table;
}

int unicodeToByte(char32_t c)
{
    static const std::unordered_map<char32_t, int> table = [] {
        std::unordered_map<char32_t, int> t;
        for (int b = 0; b < 256; ++b)
            t[byteToUnicode()[b]] = b;
        return t;
    }();
    auto it = table.find(c);
    return it == table.end() ? -1 : it->second;
}

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

// Length of 's 't 're 've 'm 'll 'd at i, else 0.
size_t contractionAt(const std::u32string &s, size_t i)
{
    if (s[i] != '\'' || i + 1 >= s.size())
        return 0;
    const char32_t a = s[i + 1];
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
        return 2;
    if (i + 2 < s.size()) {
        const char32_t b = s[i + 2];
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            return 3;
    }
    return 0;
}

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
std::vector<std::pair<size_t, size_t>> splitGpt2(const std::u32string &s)
{
    std::vector<std::pair<size_t, size_t>> pieces;
    size_t i = 0;
    while (i < s.size()) {
        size_t end = i + contractionAt(s, i);
        if (end == i) {
            const size_t j = (s[i] == ' ' && i + 1 < s.size() && !isWhitespace(s[i + 1])) ? i + 1 : i;
            if (isLetter(s[j])) {
                end = runEnd(s, j, isLetter);
            } else if (isNumber(s[j])) {
                end = runEnd(s, j, isNumber);
            } else if (!isWhitespace(s[j])) {
                end = runEnd(s, j, isOther);
            } else {
                // Whitespace before a word leaves its last character to that word.
                end = runEnd(s, i, isWhitespace);
                if (end < s.size() && end - i >= 2)
                    --end;
            }
        }
        pieces.emplace_back(i, end);
        i = end;
    }
    return pieces;
}

// CLIP's pattern with the Split behaviour "Removed, inverted": whitespace is dropped.
std::vector<std::pair<size_t, size_t>> splitClip(const std::u32string &s)
{
    static const std::u32string specials[] = {U"<|startoftext|>", U"<|endoftext|>"};
    std::vector<std::pair<size_t, size_t>> pieces;
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


std::unordered_map<std::string, int64_t> vocabFromJson(const nlohmann::json &vocab, const std::string &where)
{
    if (!vocab.is_object())
        throw Error(where + ": the vocabulary is not an object of token: id");
    std::unordered_map<std::string, int64_t> out;
    out.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0
            || it.value().get<int64_t>() > 10'000'000)
            throw Error(where + ": the id of '" + it.key() + "' is not a valid id");
        out.emplace(it.key(), it.value().get<int64_t>());
    }
    return out;
}

std::string jsonString(const nlohmann::json &obj, const char *key)
{
    auto it = obj.find(key);
    return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

} // namespace

BpeTokenizer::BpeTokenizer(std::unordered_map<std::string, int64_t> vocab, const std::vector<Merge> &merges,
                           Options options)
    : m_vocab(std::move(vocab))
    , m_options(std::move(options))
{
    for (const auto &[token, id] : m_vocab) {
        if (m_idToToken.size() <= static_cast<size_t>(id))
            m_idToToken.resize(id + 1);
        m_idToToken[id] = token;
    }
    const size_t prefixSize = m_options.continuingPrefix.size();
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const auto &[left, right] = merges[rank];
        const int64_t a = tokenId(left);
        const int64_t b = tokenId(right);
        const int64_t merged = tokenId(left + right.substr(std::min(prefixSize, right.size())));
        if (a < 0 || b < 0 || merged < 0)
            continue;
        // A repeated pair takes its last rank, as in encoder.py's dict().
        m_merges.insert_or_assign((static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(b),
                         MergeResult{static_cast<int32_t>(rank), merged});
    }
    if (!m_options.unkToken.empty())
        m_unkId = tokenId(m_options.unkToken);
}

std::unique_ptr<BpeTokenizer> BpeTokenizer::fromVocabFiles(const std::filesystem::path &vocabJson,
                                                           const std::filesystem::path &mergesTxt,
                                                           bool addPrefixSpace)
{
    nlohmann::json vocabDoc;
    try {
        vocabDoc = nlohmann::json::parse(readTextFile(vocabJson));
    } catch (const nlohmann::json::exception &e) {
        throw Error(vocabJson.string() + ": not valid JSON (" + e.what() + ")");
    }
    auto vocab = vocabFromJson(vocabDoc, vocabJson.string());

    Options options;
    options.addPrefixSpace = addPrefixSpace;
    for (const auto &entry : vocab) {
        const std::string &t = entry.first;
        if (t.size() > 4 && t.compare(t.size() - 4, 4, "</w>") == 0) {
            options.flavor = Flavor::Clip;
            options.endOfWordSuffix = "</w>";
            options.unkToken = "<|endoftext|>";
            break;
        }
    }

    std::vector<Merge> merges;
    std::istringstream lines(readTextFile(mergesTxt));
    std::string line;
    for (size_t lineNo = 1; std::getline(lines, line); ++lineNo) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if ((lineNo == 1 && line.rfind("#version", 0) == 0) || line.empty())
            continue;
        const size_t space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 == line.size()
            || line.find(' ', space + 1) != std::string::npos)
            throw Error(mergesTxt.string() + " line " + std::to_string(lineNo)
                        + ": expected two tokens separated by one space");
        merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    if (options.flavor == Flavor::Clip && merges.size() > kClipMaxMerges)
        merges.resize(kClipMaxMerges);
    return std::make_unique<BpeTokenizer>(std::move(vocab), merges, std::move(options));
}

std::unique_ptr<BpeTokenizer> BpeTokenizer::fromTokenizerJson(const nlohmann::json &root)
{
    const nlohmann::json &model = root.at("model");
    Options options;
    options.unkToken = jsonString(model, "unk_token");
    options.endOfWordSuffix = jsonString(model, "end_of_word_suffix");
    options.continuingPrefix = jsonString(model, "continuing_subword_prefix");

    // Recognise the two configurations; anything else would tokenise differently.
    const nlohmann::json pre = root.value("pre_tokenizer", nlohmann::json());
    const nlohmann::json normalizer = root.value("normalizer", nlohmann::json());
    const std::string preType = pre.is_object() ? jsonString(pre, "type") : std::string("null");
    auto isByteLevel = [](const nlohmann::json &p) {
        return p.is_object() && jsonString(p, "type") == "ByteLevel" && p.value("use_regex", true);
    };
    if (isByteLevel(pre) && normalizer.is_null()) {
        options.flavor = Flavor::Gpt2;
        options.addPrefixSpace = pre.value("add_prefix_space", false);
    } else if (preType == "Sequence" && pre.value("pretokenizers", nlohmann::json()).size() == 2
               && jsonString(pre["pretokenizers"][0], "type") == "Split"
               && pre["pretokenizers"][0].value("pattern", nlohmann::json()).value("Regex", "") == kClipPattern
               && isByteLevel(pre["pretokenizers"][1])) {
        options.flavor = Flavor::Clip;
        for (const auto &n : normalizer.value("normalizers", nlohmann::json::array())) {
            const std::string type = jsonString(n, "type");
            if (type != "NFC" && type != "Lowercase" && type != "Replace" && type != "Strip")
                throw Error("tokenizer.json: normalizer '" + type + "' is not supported for CLIP");
        }
    } else {
        throw Error("tokenizer.json: pre_tokenizer '" + preType
                    + "' is not supported for a BPE model (expected GPT-2's ByteLevel or CLIP's Split + ByteLevel)");
    }

    auto vocab = vocabFromJson(model.at("vocab"), "tokenizer.json: model.vocab");
    std::vector<Merge> merges;
    const nlohmann::json &mergesJson = model.at("merges");
    if (!mergesJson.is_array())
        throw Error("tokenizer.json: model.merges is not a list");
    merges.reserve(mergesJson.size());
    for (size_t i = 0; i < mergesJson.size(); ++i) {
        const nlohmann::json &m = mergesJson[i];
        // "a b" before tokenizers 0.20, ["a", "b"] since.
        if (m.is_string()) {
            const std::string s = m.get<std::string>();
            const size_t space = s.find(' ');
            if (space != std::string::npos && space > 0 && space + 1 < s.size()) {
                merges.emplace_back(s.substr(0, space), s.substr(space + 1));
                continue;
            }
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
            continue;
        }
        throw Error("tokenizer.json: model.merges[" + std::to_string(i) + "] is neither \"a b\" nor [\"a\", \"b\"]");
    }
    return std::make_unique<BpeTokenizer>(std::move(vocab), merges, std::move(options));
}

int64_t BpeTokenizer::tokenId(const std::string &token) const
{
    auto it = m_vocab.find(token);
    return it == m_vocab.end() ? -1 : it->second;
}

std::vector<std::string> BpeTokenizer::preTokenize(std::string_view text) const
{
    std::u32string s = unicode::decodeUtf8(text);
    if (m_options.flavor == Flavor::Clip) {
        std::u32string collapsed;
        for (char32_t c : unicode::nfc(s)) {
            if (!isWhitespace(c))
                unicode::appendLower(collapsed, c);
            else if (collapsed.empty() || collapsed.back() != ' ')
                collapsed.push_back(' '); // the normaliser's Replace("\\s+", " ")
        }
        s.swap(collapsed);
    } else if (m_options.addPrefixSpace && !s.empty() && s[0] != ' ') {
        s.insert(s.begin(), ' ');
    }
    std::vector<std::string> pieces;
    const auto ranges = m_options.flavor == Flavor::Clip ? splitClip(s) : splitGpt2(s);
    pieces.reserve(ranges.size());
    for (const auto &[first, last] : ranges)
        pieces.push_back(unicode::encodeUtf8(std::u32string_view(s).substr(first, last - first)));
    return pieces;
}

void BpeTokenizer::tokenizeText(std::string_view text, std::vector<int64_t> &ids,
                                std::vector<std::string> &tokens) const
{
    const auto &table = byteToUnicode();
    for (const std::string &piece : preTokenize(text)) {
        std::string mapped;
        for (unsigned char byte : piece)
            unicode::appendUtf8(mapped, table[byte]);
        for (int64_t id : bpe(mapped)) {
            ids.push_back(id);
            tokens.push_back(idToToken(id));
        }
    }
}

std::vector<int64_t> BpeTokenizer::bpe(const std::string &mappedPiece) const
{
    {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        auto it = m_cache.find(mappedPiece);
        if (it != m_cache.end())
            return it->second;
    }
    // Initial symbols: one per character, the suffix on the last, the prefix on the others.
    const std::u32string chars = unicode::decodeUtf8(mappedPiece);
    std::vector<int64_t> symbols;
    for (size_t i = 0; i < chars.size(); ++i) {
        std::string s = i > 0 ? m_options.continuingPrefix : std::string();
        unicode::appendUtf8(s, chars[i]);
        if (i + 1 == chars.size())
            s += m_options.endOfWordSuffix;
        const int64_t id = tokenId(s);
        if (id >= 0)
            symbols.push_back(id);
        else if (m_unkId >= 0)
            symbols.push_back(m_unkId);
    }
    // Merge the lowest-ranked adjacent pair everywhere, until no pair has a rank.
    while (symbols.size() > 1) {
        int32_t bestRank = std::numeric_limits<int32_t>::max();
        MergeResult best{bestRank, -1};
        uint64_t bestKey = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            const uint64_t key = (static_cast<uint64_t>(symbols[i]) << 32) | static_cast<uint64_t>(symbols[i + 1]);
            auto it = m_merges.find(key);
            if (it != m_merges.end() && it->second.rank < best.rank) {
                best = it->second;
                bestKey = key;
            }
        }
        if (best.id < 0)
            break;
        std::vector<int64_t> next;
        next.reserve(symbols.size());
        for (size_t i = 0; i < symbols.size(); ++i) {
            if (i + 1 < symbols.size()
                && ((static_cast<uint64_t>(symbols[i]) << 32) | static_cast<uint64_t>(symbols[i + 1])) == bestKey) {
                next.push_back(best.id);
                ++i;
            } else {
                next.push_back(symbols[i]);
            }
        }
        symbols.swap(next);
    }
    std::lock_guard<std::mutex> lock(m_cacheMutex);
    if (m_cache.size() > 200'000) // bound the memory of long-running sessions
        m_cache.clear();
    m_cache.emplace(mappedPiece, symbols);
    return symbols;
}

std::string BpeTokenizer::idToToken(int64_t id) const
{
    return (id >= 0 && id < modelVocabSize()) ? m_idToToken[id] : std::string();
}

std::string BpeTokenizer::joinTokens(const std::vector<std::string> &tokens) const
{
    // Tokens map back through the byte table; a token with characters outside it (an
    // added token) stands for its own bytes, as in the ByteLevel decoder.
    const std::string &suffix = m_options.endOfWordSuffix;
    std::string bytes;
    for (const std::string &token : tokens) {
        std::string_view body = token;
        const bool endOfWord = !suffix.empty() && body.size() >= suffix.size()
            && body.substr(body.size() - suffix.size()) == suffix;
        if (endOfWord)
            body.remove_suffix(suffix.size());
        std::string decoded;
        bool mapped = true;
        for (char32_t c : unicode::decodeUtf8(body)) {
            const int b = unicodeToByte(c);
            if (b < 0) {
                mapped = false;
                break;
            }
            decoded.push_back(static_cast<char>(b));
        }
        bytes += mapped ? decoded : std::string(body);
        if (endOfWord)
            bytes += ' ';
    }
    std::string text = unicode::encodeUtf8(unicode::decodeUtf8(bytes)); // lossy, as from_utf8_lossy
    if (m_options.flavor == Flavor::Clip) {
        // CLIPTokenizer: suffixes become spaces, then the text is stripped.
        const size_t first = text.find_first_not_of(" \t\n\r");
        const size_t last = text.find_last_not_of(" \t\n\r");
        text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    }
    return text;
}

} // namespace prunescope
