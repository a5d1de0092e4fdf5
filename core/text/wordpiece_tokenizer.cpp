// WordPiece as in the `tokenizers` library: BertNormalizer (clean, CJK, strip accents,
// lowercase, in that order), BertPreTokenizer, greedy longest-match-first sub-words.
#include "core/text/wordpiece_tokenizer.h"

#include "core/support/error.h"
#include "core/text/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace prunescope {

namespace {

std::string jsonString(const nlohmann::json &obj, const char *key, const std::string &fallback)
{
    auto it = obj.find(key);
    return (it != obj.end() && it->is_string()) ? it->get<std::string>() : fallback;
}

bool jsonBool(const nlohmann::json &obj, const char *key, bool fallback)
{
    auto it = obj.find(key);
    return (it != obj.end() && it->is_boolean()) ? it->get<bool>() : fallback;
}

void replaceAll(std::string &s, std::string_view from, std::string_view to)
{
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

} // namespace

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> vocab, Options options)
    : m_vocab(std::move(vocab))
    , m_options(std::move(options))
{
    m_ids.reserve(m_vocab.size());
    for (size_t i = 0; i < m_vocab.size(); ++i) {
        m_ids.insert_or_assign(m_vocab[i], static_cast<int64_t>(i)); // later duplicates win, as in HF
        m_longestToken = std::max(m_longestToken, m_vocab[i].size());
    }
    m_tokenLengths.assign(m_longestToken + 1, false);
    for (const std::string &token : m_vocab)
        m_tokenLengths[token.size()] = true;
    m_unkId = tokenId(m_options.unkToken);
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromVocabFile(const std::filesystem::path &vocabTxt,
                                                                      const Options &options)
{
    std::ifstream in(vocabTxt, std::ios::binary);
    if (!in)
        throw Error(vocabTxt.string() + ": cannot open the file");
    std::vector<std::string> vocab;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (unicode::encodeUtf8(unicode::decodeUtf8(line)) != line)
            throw Error(vocabTxt.string() + " line " + std::to_string(vocab.size() + 1) + ": not valid UTF-8");
        vocab.push_back(line);
    }
    if (vocab.empty())
        throw Error(vocabTxt.string() + ": the vocabulary is empty");
    auto tokenizer = std::make_unique<WordPieceTokenizer>(std::move(vocab), options);
    if (tokenizer->m_unkId < 0)
        throw Error(vocabTxt.string() + ": the unknown token '" + options.unkToken + "' is not in the vocabulary");
    return tokenizer;
}

std::unique_ptr<WordPieceTokenizer> WordPieceTokenizer::fromTokenizerJson(const nlohmann::json &root)
{
    const nlohmann::json &model = root.at("model");
    Options options;
    options.unkToken = jsonString(model, "unk_token", "[UNK]");
    options.continuingPrefix = jsonString(model, "continuing_subword_prefix", "##");
    if (auto it = model.find("max_input_chars_per_word"); it != model.end() && it->is_number_unsigned())
        options.maxInputCharsPerWord = it->get<size_t>();

    const nlohmann::json normalizer = root.value("normalizer", nlohmann::json());
    if (normalizer.is_null()) {
        options.cleanText = options.handleChineseChars = options.lowercase = options.stripAccents = false;
    } else if (jsonString(normalizer, "type", "") == "BertNormalizer") {
        options.cleanText = jsonBool(normalizer, "clean_text", true);
        options.handleChineseChars = jsonBool(normalizer, "handle_chinese_chars", true);
        options.lowercase = jsonBool(normalizer, "lowercase", true);
        options.stripAccents = jsonBool(normalizer, "strip_accents", options.lowercase);
    } else {
        throw Error("tokenizer.json: normalizer '" + jsonString(normalizer, "type", "?")
                    + "' is not supported with a WordPiece model (expected BertNormalizer)");
    }
    const nlohmann::json pre = root.value("pre_tokenizer", nlohmann::json());
    if (!pre.is_null() && jsonString(pre, "type", "") != "BertPreTokenizer")
        throw Error("tokenizer.json: pre_tokenizer '" + jsonString(pre, "type", "?")
                    + "' is not supported with a WordPiece model (expected BertPreTokenizer)");

    const nlohmann::json &vocabJson = model.at("vocab");
    if (!vocabJson.is_object())
        throw Error("tokenizer.json: model.vocab is not an object of token: id");
    std::vector<std::string> vocab;
    for (auto it = vocabJson.begin(); it != vocabJson.end(); ++it) {
        const int64_t id = it.value().is_number_integer() ? it.value().get<int64_t>() : -1;
        if (id < 0 || id > 10'000'000)
            throw Error("tokenizer.json: model.vocab id of '" + it.key() + "' is not a valid id");
        if (vocab.size() <= static_cast<size_t>(id))
            vocab.resize(id + 1);
        vocab[id] = it.key();
    }
    auto tokenizer = std::make_unique<WordPieceTokenizer>(std::move(vocab), options);
    if (tokenizer->m_unkId < 0)
        throw Error("tokenizer.json: model.unk_token '" + options.unkToken + "' is not in the vocabulary");
    return tokenizer;
}

int64_t WordPieceTokenizer::tokenId(const std::string &token) const
{
    auto it = m_ids.find(token);
    return it == m_ids.end() ? -1 : it->second;
}

std::vector<std::u32string> WordPieceTokenizer::preTokenize(std::string_view text) const
{
    const std::u32string input = unicode::decodeUtf8(text);
    std::u32string normalized;
    normalized.reserve(input.size() + 8);
    for (char32_t c : input) {
        if (m_options.cleanText) {
            if (c == 0 || c == 0xFFFD || unicode::isBertControl(c))
                continue;
            if (unicode::isBertWhitespace(c))
                c = ' ';
        }
        if (m_options.handleChineseChars && unicode::isCjkIdeograph(c)) {
            normalized.push_back(' ');
            normalized.push_back(c);
            normalized.push_back(' ');
        } else {
            normalized.push_back(c);
        }
    }
    if (m_options.stripAccents) {
        std::u32string stripped;
        for (char32_t c : unicode::nfd(normalized)) {
            if (!unicode::isNonspacingMark(c))
                stripped.push_back(c);
        }
        normalized.swap(stripped);
    }
    if (m_options.lowercase)
        normalized = unicode::toLower(normalized);

    // Whitespace separates words; each punctuation character is a word of its own.
    std::vector<std::u32string> words;
    std::u32string current;
    for (char32_t c : normalized) {
        if (unicode::isWhitespace(c) || unicode::isBertPunctuation(c)) {
            if (!current.empty())
                words.push_back(std::move(current));
            current.clear();
            if (!unicode::isWhitespace(c))
                words.emplace_back(1, c);
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty())
        words.push_back(std::move(current));
    return words;
}

void WordPieceTokenizer::tokenizeText(std::string_view text, bool /*startsText*/, std::vector<int64_t> &ids,
                                      std::vector<std::string> &tokens) const
{
    for (const std::u32string &word : preTokenize(text)) {
        if (word.size() > m_options.maxInputCharsPerWord) {
            ids.push_back(m_unkId);
            tokens.push_back(m_options.unkToken);
            continue;
        }
        // Byte offsets of the character boundaries, so sub-words are plain substrings.
        std::string utf8;
        std::vector<size_t> bounds{0};
        for (char32_t c : word) {
            unicode::appendUtf8(utf8, c);
            bounds.push_back(utf8.size());
        }
        const size_t wordIds = ids.size();
        size_t start = 0;
        bool bad = false;
        while (start < word.size()) {
            // No piece of more characters than the longest token has bytes can match: without
            // this bound a long word (max_input_chars_per_word raised) costs its length cubed.
            size_t end = std::min(word.size(), start + m_longestToken);
            int64_t found = -1;
            std::string piece;
            for (; end > start; --end) {
                // Only pieces as long as some token can be one (a vocabulary of long tokens
                // otherwise costs a copy of every candidate).
                const size_t bytes = bounds[end] - bounds[start] + (start > 0 ? m_options.continuingPrefix.size() : 0);
                if (bytes >= m_tokenLengths.size() || !m_tokenLengths[bytes])
                    continue;
                piece = utf8.substr(bounds[start], bounds[end] - bounds[start]);
                if (start > 0)
                    piece.insert(0, m_options.continuingPrefix);
                found = tokenId(piece);
                if (found >= 0)
                    break;
            }
            if (found < 0) {
                bad = true;
                break;
            }
            ids.push_back(found);
            tokens.push_back(std::move(piece));
            start = end;
        }
        if (bad) {
            ids.resize(wordIds);
            tokens.resize(wordIds);
            ids.push_back(m_unkId);
            tokens.push_back(m_options.unkToken);
        }
    }
}

std::string WordPieceTokenizer::idToToken(int64_t id) const
{
    return (id >= 0 && id < modelVocabSize()) ? m_vocab[id] : std::string();
}

std::string WordPieceTokenizer::joinTokens(const std::vector<std::string> &tokens) const
{
    // The `tokenizers` WordPiece decoder, with its clean-up of spaces before punctuation.
    const std::string &prefix = m_options.continuingPrefix;
    std::string out;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string &token = tokens[i];
        if (!prefix.empty() && token.compare(0, prefix.size(), prefix) == 0) {
            out += token.substr(prefix.size());
        } else {
            if (i > 0)
                out += ' ';
            out += token;
        }
    }
    static const char *const cleanups[][2] = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"},
        {" 'm", "'m"}, {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto &pair : cleanups)
        replaceAll(out, pair[0], pair[1]);
    return out;
}

} // namespace prunescope
