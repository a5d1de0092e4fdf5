// Byte-level BPE following OpenAI's GPT-2 encoder.py, CLIP's simple_tokenizer.py and
// Qwen2's tokenizer as ported by the `tokenizers` library; the split patterns are
// hand-written scanners (split_patterns.h).
#include "core/text/bpe_tokenizer.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/text/split_patterns.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <array>
#include <sstream>

namespace prunescope {

namespace {

using unicode::isWhitespace;

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

std::string jsonString(const nlohmann::json &obj, const char *key)
{
    auto it = obj.find(key);
    return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

bool isByteLevel(const nlohmann::json &p, bool useRegex)
{
    return p.is_object() && jsonString(p, "type") == "ByteLevel" && p.value("use_regex", true) == useRegex;
}

// A Sequence of a Split with `pattern`, then ByteLevel with or without its own regex.
bool isSplitThenByteLevel(const nlohmann::json &pre, const char *pattern, bool byteLevelRegex)
{
    if (!pre.is_object() || jsonString(pre, "type") != "Sequence")
        return false;
    const nlohmann::json list = pre.value("pretokenizers", nlohmann::json());
    if (!list.is_array() || list.size() != 2 || jsonString(list[0], "type") != "Split")
        return false;
    const nlohmann::json splitPattern = list[0].value("pattern", nlohmann::json());
    return splitPattern.is_object() && jsonString(splitPattern, "Regex") == pattern
        && isByteLevel(list[1], byteLevelRegex);
}

// "ByteLevel", or "Sequence [Split, ByteLevel]": what an error names.
std::string describe(const nlohmann::json &p)
{
    if (!p.is_object())
        return "null";
    std::string name = jsonString(p, "type");
    if (name == "Sequence" && p.contains("pretokenizers") && p["pretokenizers"].is_array()) {
        std::string inner;
        for (const nlohmann::json &q : p["pretokenizers"])
            inner += (inner.empty() ? "" : ", ") + describe(q);
        name += " [" + inner + "]";
    }
    return name;
}

// Recognises the three byte-level configurations; anything else would tokenise differently.
BpeTokenizer::Options byteLevelOptions(const nlohmann::json &pre, const nlohmann::json &normalizer)
{
    BpeTokenizer::Options options;
    if (isByteLevel(pre, true) && normalizer.is_null()) {
        options.flavor = BpeTokenizer::Flavor::Gpt2;
        options.addPrefixSpace = pre.value("add_prefix_space", false);
    } else if (isSplitThenByteLevel(pre, split::kClipPattern, true)) {
        options.flavor = BpeTokenizer::Flavor::Clip;
        for (const auto &n : normalizer.value("normalizers", nlohmann::json::array())) {
            const std::string type = jsonString(n, "type");
            if (type != "NFC" && type != "Lowercase" && type != "Replace" && type != "Strip")
                throw Error("tokenizer.json: normalizer '" + type + "' is not supported for CLIP");
        }
    } else if (isSplitThenByteLevel(pre, split::kQwen2Pattern, false)) {
        const nlohmann::json &splitStep = pre["pretokenizers"][0];
        if (jsonString(splitStep, "behavior") != "Isolated" || splitStep.value("invert", false)
            || pre["pretokenizers"][1].value("add_prefix_space", false))
            throw Error("tokenizer.json: pre_tokenizer: Qwen2's Split is supported with behavior 'Isolated', not "
                        "inverted, and a ByteLevel without add_prefix_space");
        const std::string type = normalizer.is_object() ? jsonString(normalizer, "type") : std::string();
        if (!normalizer.is_null() && type != "NFC")
            throw Error("tokenizer.json: normalizer '" + type + "' is not supported with Qwen2's pre-tokenizer "
                        "(NFC or none are)");
        options.flavor = BpeTokenizer::Flavor::Qwen2;
        options.nfc = !normalizer.is_null();
    } else {
        throw Error("tokenizer.json: pre_tokenizer '" + describe(pre)
                    + "' is not supported for a BPE model (expected GPT-2's ByteLevel, CLIP's or Qwen2's Split + "
                      "ByteLevel, or SentencePiece's Metaspace)");
    }
    return options;
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
    m_merges = BpeMerges(merges, [this](const std::string &token) { return tokenId(token); },
                         m_options.continuingPrefix);
    if (!m_options.unkToken.empty())
        m_unkId = tokenId(m_options.unkToken);
}

std::unique_ptr<BpeTokenizer> BpeTokenizer::fromVocabFiles(const std::filesystem::path &vocabJson,
                                                           const std::filesystem::path &mergesTxt,
                                                           bool addPrefixSpace, Flavor byteLevel)
{
    nlohmann::json vocabDoc;
    try {
        vocabDoc = nlohmann::json::parse(readTextFile(vocabJson));
    } catch (const nlohmann::json::exception &e) {
        throw Error(vocabJson.string() + ": not valid JSON (" + e.what() + ")");
    }
    auto vocab = bpeVocabFromJson(vocabDoc, vocabJson.string());

    Options options;
    options.flavor = byteLevel;
    options.addPrefixSpace = addPrefixSpace;
    options.nfc = byteLevel == Flavor::Qwen2; // Qwen2Tokenizer normalises to NFC first
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
    Options options = byteLevelOptions(root.value("pre_tokenizer", nlohmann::json()),
                                       root.value("normalizer", nlohmann::json()));
    options.unkToken = jsonString(model, "unk_token");
    options.endOfWordSuffix = jsonString(model, "end_of_word_suffix");
    options.continuingPrefix = jsonString(model, "continuing_subword_prefix");
    return std::make_unique<BpeTokenizer>(bpeVocabFromJson(model.at("vocab"), "tokenizer.json: model.vocab"),
                                          bpeMergesFromJson(model.at("merges")), std::move(options));
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
    } else if (m_options.nfc) {
        s = unicode::nfc(s);
    }
    if (m_options.flavor == Flavor::Gpt2 && m_options.addPrefixSpace && !s.empty() && s[0] != ' ')
        s.insert(s.begin(), ' ');
    std::vector<std::string> pieces;
    const auto ranges = m_options.flavor == Flavor::Clip ? split::clip(s)
        : m_options.flavor == Flavor::Qwen2              ? split::qwen2(s)
                                                         : split::gpt2(s);
    pieces.reserve(ranges.size());
    for (const auto &[first, last] : ranges)
        pieces.push_back(unicode::encodeUtf8(std::u32string_view(s).substr(first, last - first)));
    return pieces;
}

void BpeTokenizer::tokenizeText(std::string_view text, bool /*startsText*/, std::vector<int64_t> &ids,
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
    m_merges.apply(symbols);
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
