// Follows the `tokenizers` library: pre_tokenizers/metaspace.rs, normalizers/prepend.rs,
// models/bpe/model.rs (merge_word: byte fallback, fuse_unk) and the decoders replace.rs,
// byte_fallback.rs, fuse.rs and strip.rs.
#include "core/text/sentencepiece_bpe_tokenizer.h"

#include "core/support/error.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace prunescope {

namespace {

using nlohmann::json;
using Options = SentencePieceBpeTokenizer::Options;
using DecodeStep = SentencePieceBpeTokenizer::DecodeStep;

// A word this long or longer is not cached (a whole text, when split is false).
constexpr size_t kMaxCachedWord = 256;

std::string jsonString(const json &obj, const char *key)
{
    auto it = obj.find(key);
    return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::string typeOf(const json &step)
{
    return step.is_object() ? jsonString(step, "type") : std::string("null");
}

// A `char` field of the `tokenizers` library: exactly one code point.
std::string oneCharacter(const json &obj, const char *key, const std::string &where)
{
    const std::string value = jsonString(obj, key);
    if (unicode::decodeUtf8(value).size() != 1)
        throw Error("tokenizer.json: " + where + "." + key + " must be one character, not '" + value + "'");
    return value;
}

void readMetaspace(const json &pre, Options &options)
{
    options.replacement = oneCharacter(pre, "replacement", "pre_tokenizer");
    const std::string scheme = jsonString(pre, "prepend_scheme");
    if (scheme == "always" || (scheme.empty() && pre.value("add_prefix_space", true))) // older files: a bool
        options.prepend = SentencePieceBpeTokenizer::Prepend::Always;
    else if (scheme == "first")
        options.prepend = SentencePieceBpeTokenizer::Prepend::First;
    else if (scheme == "never" || scheme.empty())
        options.prepend = SentencePieceBpeTokenizer::Prepend::Never;
    else
        throw Error("tokenizer.json: pre_tokenizer.prepend_scheme '" + scheme + "' is not always, first or never");
    options.split = pre.value("split", true);
}

// Llama 2's and Mistral's first files: Prepend("▁") then Replace(" " → "▁"), no pre-tokenizer.
bool readPrependReplace(const json &normalizer, Options &options)
{
    const json steps = typeOf(normalizer) == "Sequence" ? normalizer.value("normalizers", json()) : json();
    if (!steps.is_array() || steps.size() != 2 || typeOf(steps[0]) != "Prepend" || typeOf(steps[1]) != "Replace")
        return false;
    const std::string prepend = jsonString(steps[0], "prepend");
    const json pattern = steps[1].value("pattern", json());
    if (!pattern.is_object() || jsonString(pattern, "String") != " " || jsonString(steps[1], "content") != prepend)
        return false;
    options.replacement = oneCharacter(steps[1], "content", "normalizer.normalizers[1]");
    options.prepend = SentencePieceBpeTokenizer::Prepend::Always;
    options.prependToSpace = true;
    options.split = false;
    return true;
}

DecodeStep readDecodeStep(const json &d)
{
    DecodeStep step;
    const std::string type = typeOf(d);
    if (type == "Replace") {
        const json pattern = d.value("pattern", json());
        step.kind = DecodeStep::Kind::Replace;
        step.pattern = pattern.is_object() ? jsonString(pattern, "String") : std::string();
        step.content = jsonString(d, "content");
        if (step.pattern.empty())
            throw Error("tokenizer.json: decoder Replace is supported with a String pattern, not a Regex");
    } else if (type == "ByteFallback") {
        step.kind = DecodeStep::Kind::ByteFallback;
    } else if (type == "Fuse") {
        step.kind = DecodeStep::Kind::Fuse;
    } else if (type == "Strip") {
        step.kind = DecodeStep::Kind::Strip;
        step.content = oneCharacter(d, "content", "decoder Strip");
        step.start = d.value("start", size_t(0));
        step.stop = d.value("stop", size_t(0));
    } else {
        throw Error("tokenizer.json: decoder '" + type
                    + "' is not supported with a SentencePiece BPE (Replace, ByteFallback, Fuse and Strip are)");
    }
    return step;
}

std::vector<DecodeStep> readDecoder(const json &decoder)
{
    std::vector<DecodeStep> steps;
    if (typeOf(decoder) != "Sequence") {
        steps.push_back(readDecodeStep(decoder));
        return steps;
    }
    for (const json &d : decoder.value("decoders", json::array()))
        steps.push_back(readDecodeStep(d));
    return steps;
}

void replaceAll(std::string &s, const std::string &pattern, const std::string &content)
{
    for (size_t at = s.find(pattern); at != std::string::npos; at = s.find(pattern, at + content.size()))
        s.replace(at, pattern.size(), content);
}

// <0xNN> → the byte, else -1.
int byteOfToken(const std::string &token)
{
    if (token.size() != 6 || token.compare(0, 3, "<0x") != 0 || token[5] != '>')
        return -1;
    int value = 0;
    for (char c : token.substr(3, 2)) {
        const int digit = (c >= '0' && c <= '9') ? c - '0'
            : (c >= 'A' && c <= 'F')             ? c - 'A' + 10
            : (c >= 'a' && c <= 'f')             ? c - 'a' + 10
                                                 : -1;
        if (digit < 0)
            return -1;
        value = value * 16 + digit;
    }
    return value;
}

std::vector<std::string> byteFallback(const std::vector<std::string> &tokens)
{
    std::vector<std::string> out;
    std::string bytes;
    size_t byteTokens = 0;
    auto flush = [&] {
        if (byteTokens == 0)
            return;
        if (unicode::encodeUtf8(unicode::decodeUtf8(bytes)) == bytes)
            out.push_back(bytes);
        else // invalid UTF-8: one replacement character per byte token
            out.insert(out.end(), byteTokens, "\uFFFD");
        bytes.clear();
        byteTokens = 0;
    };
    for (const std::string &token : tokens) {
        const int byte = byteOfToken(token);
        if (byte >= 0) {
            bytes.push_back(static_cast<char>(byte));
            ++byteTokens;
            continue;
        }
        flush();
        out.push_back(token);
    }
    flush();
    return out;
}

void strip(std::string &token, const std::string &content, size_t start, size_t stop)
{
    for (size_t i = 0; i < start && token.compare(0, content.size(), content) == 0; ++i)
        token.erase(0, content.size());
    for (size_t i = 0; i < stop && token.size() >= content.size()
         && token.compare(token.size() - content.size(), content.size(), content) == 0;
         ++i)
        token.resize(token.size() - content.size());
}

} // namespace

SentencePieceBpeTokenizer::SentencePieceBpeTokenizer(std::unordered_map<std::string, int64_t> vocab,
                                                     const std::vector<BpeMerges::Merge> &merges, Options options)
    : m_vocab(std::move(vocab))
    , m_options(std::move(options))
{
    for (const auto &[token, id] : m_vocab) {
        if (m_idToToken.size() <= static_cast<size_t>(id))
            m_idToToken.resize(id + 1);
        m_idToToken[id] = token;
    }
    m_merges = BpeMerges(merges, [this](const std::string &token) { return tokenId(token); });
    if (!m_options.unkToken.empty())
        m_unkId = tokenId(m_options.unkToken);
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        m_byteIds[b] = tokenId(name);
    }
}

bool SentencePieceBpeTokenizer::describes(const json &root)
{
    const json pre = root.value("pre_tokenizer", json());
    if (typeOf(pre) == "Metaspace")
        return true;
    Options probe;
    return pre.is_null() && readPrependReplace(root.value("normalizer", json()), probe);
}

std::unique_ptr<SentencePieceBpeTokenizer> SentencePieceBpeTokenizer::fromTokenizerJson(const json &root)
{
    const json &model = root.at("model");
    const json pre = root.value("pre_tokenizer", json());
    const json normalizer = root.value("normalizer", json());
    Options options;
    if (typeOf(pre) == "Metaspace") {
        if (!normalizer.is_null())
            throw Error("tokenizer.json: normalizer '" + typeOf(normalizer)
                        + "' is not supported with a Metaspace pre-tokenizer (none is)");
        readMetaspace(pre, options);
    } else if (!pre.is_null() || !readPrependReplace(normalizer, options)) {
        throw Error("tokenizer.json: pre_tokenizer '" + typeOf(pre) + "' and normalizer '" + typeOf(normalizer)
                    + "' are not a SentencePiece pipeline (Metaspace, or Prepend + Replace)");
    }
    if (!jsonString(model, "continuing_subword_prefix").empty() || !jsonString(model, "end_of_word_suffix").empty())
        throw Error("tokenizer.json: model.continuing_subword_prefix and end_of_word_suffix are not supported "
                    "with a SentencePiece BPE");
    options.byteFallback = model.value("byte_fallback", false);
    options.fuseUnk = model.value("fuse_unk", false);
    options.ignoreMerges = model.value("ignore_merges", false);
    options.unkToken = jsonString(model, "unk_token");
    options.decoder = readDecoder(root.value("decoder", json()));

    auto tok = std::make_unique<SentencePieceBpeTokenizer>(
        bpeVocabFromJson(model.at("vocab"), "tokenizer.json: model.vocab"), bpeMergesFromJson(model.at("merges")),
        std::move(options));
    if (!tok->m_options.unkToken.empty() && tok->m_unkId < 0)
        throw Error("tokenizer.json: model.unk_token '" + tok->m_options.unkToken + "' is not in the vocabulary");
    return tok;
}

int64_t SentencePieceBpeTokenizer::tokenId(const std::string &token) const
{
    auto it = m_vocab.find(token);
    return it == m_vocab.end() ? -1 : it->second;
}

std::string SentencePieceBpeTokenizer::idToToken(int64_t id) const
{
    return (id >= 0 && id < modelVocabSize()) ? m_idToToken[id] : std::string();
}

std::vector<std::string> SentencePieceBpeTokenizer::preTokenize(std::string_view text, bool startsText) const
{
    const std::string &mark = m_options.replacement;
    std::string s;
    s.reserve(text.size() + mark.size());
    for (char c : text) {
        if (c == ' ')
            s += mark;
        else
            s.push_back(c);
    }
    const bool wanted = m_options.prepend == Prepend::Always || (m_options.prepend == Prepend::First && startsText);
    if (!s.empty() && wanted && (m_options.prependToSpace || s.compare(0, mark.size(), mark) != 0))
        s.insert(0, mark);
    if (s.empty())
        return {};
    if (!m_options.split)
        return {s};
    // Split "MergedWithNext": each `▁` opens a word.
    std::vector<std::string> words;
    size_t begin = 0;
    for (size_t at = s.find(mark, 1); at != std::string::npos; at = s.find(mark, at + mark.size())) {
        words.push_back(s.substr(begin, at - begin));
        begin = at;
    }
    words.push_back(s.substr(begin));
    return words;
}

void SentencePieceBpeTokenizer::tokenizeText(std::string_view text, bool startsText, std::vector<int64_t> &ids,
                                             std::vector<std::string> &tokens) const
{
    for (const std::string &word : preTokenize(text, startsText)) {
        for (int64_t id : bpe(word)) {
            ids.push_back(id);
            tokens.push_back(idToToken(id));
        }
    }
}

// One character as merge_word adds it. Like the `tokenizers` library, the byte tokens of a
// character go in before an unknown token that is still waiting to be fused.
void SentencePieceBpeTokenizer::appendSymbols(std::string_view character, std::vector<int64_t> &symbols,
                                              size_t &pendingUnks) const
{
    const int64_t id = tokenId(std::string(character));
    if (id >= 0) {
        symbols.insert(symbols.end(), pendingUnks, m_unkId);
        pendingUnks = 0;
        symbols.push_back(id);
        return;
    }
    if (m_options.byteFallback) {
        bool all = true;
        for (unsigned char b : character)
            all = all && m_byteIds[b] >= 0;
        if (all) {
            for (unsigned char b : character)
                symbols.push_back(m_byteIds[b]);
            return;
        }
    }
    if (m_unkId < 0)
        return;
    if (pendingUnks > 0 && !m_options.fuseUnk)
        symbols.push_back(m_unkId);
    pendingUnks = 1;
}

std::vector<int64_t> SentencePieceBpeTokenizer::bpe(const std::string &word) const
{
    if (m_options.ignoreMerges) {
        if (const int64_t id = tokenId(word); id >= 0)
            return {id};
    }
    const bool cacheable = word.size() < kMaxCachedWord;
    if (cacheable) {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        auto it = m_cache.find(word);
        if (it != m_cache.end())
            return it->second;
    }
    std::vector<int64_t> symbols;
    size_t pendingUnks = 0;
    std::string character;
    for (char32_t c : unicode::decodeUtf8(word)) { // invalid UTF-8 arrives as U+FFFD
        character.clear();
        unicode::appendUtf8(character, c);
        appendSymbols(character, symbols, pendingUnks);
    }
    symbols.insert(symbols.end(), pendingUnks, m_unkId);
    m_merges.apply(symbols);
    if (cacheable) {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        if (m_cache.size() > 200'000) // bound the memory of long-running sessions
            m_cache.clear();
        m_cache.emplace(word, symbols);
    }
    return symbols;
}

std::string SentencePieceBpeTokenizer::joinTokens(const std::vector<std::string> &tokens) const
{
    std::vector<std::string> parts = tokens;
    for (const DecodeStep &step : m_options.decoder) {
        switch (step.kind) {
        case DecodeStep::Kind::Replace:
            for (std::string &part : parts)
                replaceAll(part, step.pattern, step.content);
            break;
        case DecodeStep::Kind::ByteFallback:
            parts = byteFallback(parts);
            break;
        case DecodeStep::Kind::Fuse: {
            std::string fused;
            for (const std::string &part : parts)
                fused += part;
            parts.assign(1, fused);
            break;
        }
        case DecodeStep::Kind::Strip:
            for (std::string &part : parts)
                strip(part, step.content, step.start, step.stop);
            break;
        }
    }
    std::string text;
    for (const std::string &part : parts)
        text += part;
    return text;
}

} // namespace prunescope
