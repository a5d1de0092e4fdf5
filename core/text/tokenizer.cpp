// Loading and the shared encode path. The special-token handling follows the
// `tokenizers` library: added tokens are cut out of the raw text first, the rest is
// tokenised, the post-processor template adds specials; truncation is "longest first".
#include "core/text/tokenizer.h"

#include "core/io/atomic_file.h"
#include "core/text/bpe_tokenizer.h"
#include "core/support/error.h"
#include "core/text/sentencepiece_bpe_tokenizer.h"
#include "core/text/wordpiece_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>

namespace prunescope {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The largest token id accepted, as in the vocabularies' readers.
constexpr int64_t kMaxTokenId = 10'000'000;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

json readJson(const fs::path &path)
{
    const std::string text = readTextFile(path);
    try {
        return json::parse(text);
    } catch (const json::exception &e) {
        throw Error(path.string() + ": not valid JSON (" + e.what() + ")");
    }
}

// tokenizer_config.json writes a token as "text" or as {"content": "text", ...}.
std::string configToken(const json &config, const char *key, const std::string &fallback)
{
    if (!config.is_object() || !config.contains(key))
        return fallback;
    const json &v = config[key];
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string())
        return v["content"].get<std::string>();
    return fallback;
}

void addToken(std::vector<TokenizerBase::AddedToken> &tokens, TokenizerBase::AddedToken token)
{
    for (const auto &t : tokens) {
        if (t.content == token.content)
            return;
    }
    tokens.push_back(std::move(token));
}

// added_tokens_decoder of a recent tokenizer_config.json (`file`): {"id": {"content": ...}}.
void addConfigTokens(std::vector<TokenizerBase::AddedToken> &tokens, const json &config, const fs::path &file)
{
    if (!config.is_object() || !config.contains("added_tokens_decoder") || !config["added_tokens_decoder"].is_object())
        return;
    for (auto it = config["added_tokens_decoder"].begin(); it != config["added_tokens_decoder"].end(); ++it) {
        const json &t = it.value();
        const std::string &key = it.key();
        int64_t id = -1;
        const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), id);
        if (error != std::errc() || end != key.data() + key.size() || id < 0 || id > kMaxTokenId)
            throw Error(file.string() + ": added_tokens_decoder key '" + key + "' is not a token id (0 to "
                        + std::to_string(kMaxTokenId) + ")");
        if (t.is_object() && t.contains("content") && t["content"].is_string())
            addToken(tokens, {t["content"].get<std::string>(), id, t.value("special", true), t.value("lstrip", false),
                              t.value("rstrip", false)});
    }
}

// Only the post-processor of a tokenizer.json can name a token the tokenizer lacks: the
// vocabulary files' loaders check theirs first.
TokenizerBase::TemplatePiece special(const TokenizerBase &tok, const std::string &token, int64_t typeId = 0)
{
    const int64_t id = tok.idOf(token);
    if (id < 0)
        throw Error("tokenizer.json: post_processor token '" + token + "' is neither in the vocabulary nor an added token");
    return {-1, id, token, typeId};
}

TokenizerBase::TemplatePiece sequence(int index, int64_t typeId)
{
    return {index, 0, std::string(), typeId};
}

// TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel (no specials) and a
// Sequence of them.
void parsePostProcessor(const json &p, const TokenizerBase &tok, std::vector<TokenizerBase::TemplatePiece> &single,
                        std::vector<TokenizerBase::TemplatePiece> &pair)
{
    if (p.is_null())
        return;
    const std::string type = p.value("type", "");
    if (type == "ByteLevel")
        return;
    if (type == "Sequence") {
        for (const json &q : p.at("processors"))
            parsePostProcessor(q, tok, single, pair);
        return;
    }
    if (type == "RobertaProcessing" || type == "BertProcessing") {
        const std::string cls = p.at("cls").at(0).get<std::string>();
        const std::string sep = p.at("sep").at(0).get<std::string>();
        const int64_t second = type == "BertProcessing" ? 1 : 0;
        single = {special(tok, cls), sequence(0, 0), special(tok, sep)};
        pair = {special(tok, cls), sequence(0, 0), special(tok, sep)};
        if (type == "RobertaProcessing")
            pair.push_back(special(tok, sep));
        pair.insert(pair.end(), {sequence(1, second), special(tok, sep, second)});
        return;
    }
    if (type != "TemplateProcessing")
        throw Error("tokenizer.json: post_processor '" + type + "' is not supported");
    const json &specials = p.value("special_tokens", json::object());
    auto parse = [&](const json &items) {
        std::vector<TokenizerBase::TemplatePiece> out;
        for (const json &item : items) {
            if (item.contains("Sequence")) {
                const json &s = item["Sequence"];
                out.push_back(sequence(s.at("id").get<std::string>() == "B" ? 1 : 0, s.value("type_id", 0)));
                continue;
            }
            const json &s = item.at("SpecialToken");
            const std::string name = s.at("id").get<std::string>();
            const int64_t typeId = s.value("type_id", 0);
            if (!specials.contains(name))
                throw Error("tokenizer.json: post_processor special token '" + name + "' is not defined");
            const json &ids = specials[name].at("ids");
            const json &tokens = specials[name].at("tokens");
            for (size_t i = 0; i < ids.size(); ++i) {
                const int64_t id = ids[i].get<int64_t>();
                if (id < 0 || id >= tok.vocabSize())
                    throw Error("tokenizer.json: post_processor special token '" + name + "' has the id "
                                + std::to_string(id) + ", outside the vocabulary and added tokens (0 to "
                                + std::to_string(tok.vocabSize() - 1) + ")");
                out.push_back({-1, id, tokens.at(i).get<std::string>(), typeId});
            }
        }
        return out;
    };
    single = parse(p.at("single"));
    pair = parse(p.at("pair"));
}

void setPad(TokenizerBase &tok, const json &config, const std::vector<std::string> &fallbacks)
{
    std::vector<std::string> candidates{configToken(config, "pad_token", "")};
    candidates.insert(candidates.end(), fallbacks.begin(), fallbacks.end());
    for (const std::string &c : candidates) {
        if (!c.empty() && tok.idOf(c) >= 0) {
            tok.setPadToken(c, tok.idOf(c));
            return;
        }
    }
    tok.setPadToken(std::string(), 0);
}

std::unique_ptr<Tokenizer> loadTokenizerJson(const fs::path &path, const json &config)
{
    const json root = readJson(path);
    try {
        const json &model = root.at("model");
        std::string type = model.value("type", "");
        if (type.empty()) // files of old `tokenizers` versions leave the model untagged
            type = model.contains("merges") ? "BPE" : "WordPiece";
        std::unique_ptr<TokenizerBase> tok;
        if (type == "WordPiece")
            tok = WordPieceTokenizer::fromTokenizerJson(root);
        else if (type == "BPE" && SentencePieceBpeTokenizer::describes(root))
            tok = SentencePieceBpeTokenizer::fromTokenizerJson(root);
        else if (type == "BPE")
            tok = BpeTokenizer::fromTokenizerJson(root);
        else
            throw Error("tokenizer.json: model.type '" + type + "' is not supported (WordPiece and BPE are)");

        std::vector<TokenizerBase::AddedToken> added;
        for (const json &t : root.value("added_tokens", json::array())) {
            const int64_t id = t.at("id").get<int64_t>();
            if (id < 0 || id > kMaxTokenId)
                throw Error("tokenizer.json: added token '" + t.at("content").get<std::string>() + "' has the id "
                            + std::to_string(id) + " (0 to " + std::to_string(kMaxTokenId) + " expected)");
            addToken(added, {t.at("content").get<std::string>(), id, t.value("special", false),
                             t.value("lstrip", false), t.value("rstrip", false)});
        }
        tok->setAddedTokens(std::move(added));
        std::vector<TokenizerBase::TemplatePiece> single, pair;
        parsePostProcessor(root.value("post_processor", json()), *tok, single, pair);
        tok->setTemplates(std::move(single), std::move(pair));
        // Llama's files name no pad token: its eos pads, as for GPT-2.
        setPad(*tok, config, {"[PAD]", "<pad>", "<|endoftext|>", configToken(config, "eos_token", "")});
        return tok;
    } catch (const Error &e) {
        const std::string message = e.what();
        const std::string prefix = "tokenizer.json: ";
        throw Error(path.string() + ": " + (message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message));
    } catch (const json::exception &e) {
        throw Error(path.string() + ": unexpected content (" + e.what() + ")");
    }
}

std::unique_ptr<Tokenizer> loadWordPiece(const fs::path &dir, const json &config)
{
    WordPieceTokenizer::Options options;
    if (config.is_object()) {
        options.lowercase = config.value("do_lower_case", true);
        options.handleChineseChars = config.value("tokenize_chinese_chars", true);
        const json accents = config.value("strip_accents", json());
        options.stripAccents = accents.is_boolean() ? accents.get<bool>() : options.lowercase;
    }
    options.unkToken = configToken(config, "unk_token", "[UNK]");
    auto tok = WordPieceTokenizer::fromVocabFile(dir / "vocab.txt", options);

    const std::string cls = configToken(config, "cls_token", "[CLS]");
    const std::string sep = configToken(config, "sep_token", "[SEP]");
    std::vector<TokenizerBase::AddedToken> added;
    for (const char *key : {"pad_token", "unk_token", "cls_token", "sep_token", "mask_token"}) {
        static const std::map<std::string, std::string> defaults{
            {"pad_token", "[PAD]"}, {"unk_token", "[UNK]"}, {"cls_token", "[CLS]"},
            {"sep_token", "[SEP]"}, {"mask_token", "[MASK]"}};
        const std::string token = configToken(config, key, defaults.at(key));
        if (tok->tokenId(token) >= 0)
            addToken(added, {token, tok->tokenId(token), true, false, false});
    }
    addConfigTokens(added, config, dir / "tokenizer_config.json");
    tok->setAddedTokens(std::move(added));
    if (tok->idOf(cls) < 0 || tok->idOf(sep) < 0)
        throw Error((dir / "vocab.txt").string() + ": the special tokens '" + cls + "' and '" + sep
                    + "' must be in the vocabulary");
    tok->setTemplates({special(*tok, cls), sequence(0, 0), special(*tok, sep)},
                      {special(*tok, cls), sequence(0, 0), special(*tok, sep), sequence(1, 1), special(*tok, sep, 1)});
    setPad(*tok, config, {"[PAD]"});
    return tok;
}

// The special tokens that vocab.json + merges.txt imply, by layout: GPT-2 and Qwen2 (none
// but <|endoftext|>, no template), CLIP and RoBERTa (<first> A <last>; pairs <first> A
// <last> <last> B <last>, type ids 0). tokenizer_config.json's entries replace these defaults.
struct BpeLayout
{
    std::string bos, eos, unk, pad, mask;
    const char *firstKey = nullptr; // the config keys of the template's ends; none for GPT-2
    const char *lastKey = nullptr;
    bool maskLstrip = false; // RobertaTokenizer's <mask> takes the whitespace before it, like a word
};

// RoBERTa's vocabulary is GPT-2's BPE with <s> <pad> </s> <unk> first and <mask> last.
// roberta-base's own tokenizer_config.json names no class: then the vocabulary tells.
bool isRobertaLayout(const BpeTokenizer &tok, const json &config)
{
    const std::string tokenizerClass = configToken(config, "tokenizer_class", "");
    if (!tokenizerClass.empty())
        return tokenizerClass == "RobertaTokenizer" || tokenizerClass == "RobertaTokenizerFast";
    return configToken(config, "bos_token", "<s>") == "<s>" && tok.tokenId("<s>") >= 0 && tok.tokenId("</s>") >= 0;
}

bool isQwen2Class(const json &config)
{
    const std::string tokenizerClass = configToken(config, "tokenizer_class", "");
    return tokenizerClass == "Qwen2Tokenizer" || tokenizerClass == "Qwen2TokenizerFast";
}

// Qwen2's vocab.json stops before its special tokens, which follow it in this order; an
// added_tokens_decoder in tokenizer_config.json says where they are instead.
void addQwen2Specials(std::vector<TokenizerBase::AddedToken> &added, const BpeTokenizer &tok, const json &config)
{
    if (config.contains("added_tokens_decoder"))
        return;
    int64_t next = tok.vocabSize();
    for (const char *token : {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}) {
        if (tok.tokenId(token) < 0)
            addToken(added, {token, next++, true, false, false});
    }
}

BpeLayout bpeLayout(const BpeTokenizer &tok, const json &config)
{
    if (tok.options().flavor == BpeTokenizer::Flavor::Qwen2)
        return {"", "<|endoftext|>", "", "<|endoftext|>", "", nullptr, nullptr, false};
    if (tok.options().flavor == BpeTokenizer::Flavor::Clip)
        return {"<|startoftext|>", "<|endoftext|>", "", "", "", "bos_token", "eos_token", false};
    if (isRobertaLayout(tok, config))
        return {"<s>", "</s>", "<unk>", "<pad>", "<mask>", "cls_token", "sep_token", true};
    return {"<|endoftext|>", "<|endoftext|>", "", "", "", nullptr, nullptr, false};
}

std::unique_ptr<Tokenizer> loadBpe(const fs::path &dir, const json &config)
{
    const bool addPrefixSpace = config.is_object() && config.value("add_prefix_space", false);
    auto tok = BpeTokenizer::fromVocabFiles(dir / "vocab.json", dir / "merges.txt", addPrefixSpace,
                                            isQwen2Class(config) ? BpeTokenizer::Flavor::Qwen2
                                                                 : BpeTokenizer::Flavor::Gpt2);
    const BpeLayout layout = bpeLayout(*tok, config);
    const std::pair<const char *, std::string> specials[] = {
        {"bos_token", layout.bos}, {"eos_token", layout.eos}, {"unk_token", layout.unk}, {"pad_token", layout.pad},
        {"cls_token", layout.bos}, {"sep_token", layout.eos}, {"mask_token", layout.mask}};
    std::vector<TokenizerBase::AddedToken> added;
    for (const auto &[key, fallback] : specials) {
        const std::string token = configToken(config, key, fallback);
        const bool lstrip = layout.maskLstrip && std::string_view(key) == "mask_token";
        if (!token.empty() && tok->tokenId(token) >= 0)
            addToken(added, {token, tok->tokenId(token), true, lstrip, false});
    }
    addConfigTokens(added, config, dir / "tokenizer_config.json");
    if (tok->options().flavor == BpeTokenizer::Flavor::Qwen2)
        addQwen2Specials(added, *tok, config);
    tok->setAddedTokens(std::move(added));
    if (layout.firstKey) {
        const std::string first = configToken(config, layout.firstKey, layout.bos);
        const std::string last = configToken(config, layout.lastKey, layout.eos);
        if (tok->idOf(first) < 0 || tok->idOf(last) < 0)
            throw Error((dir / "vocab.json").string() + ": the special tokens '" + first + "' and '" + last
                        + "' must be in the vocabulary");
        tok->setTemplates({special(*tok, first), sequence(0, 0), special(*tok, last)},
                          {special(*tok, first), sequence(0, 0), special(*tok, last), special(*tok, last),
                           sequence(1, 0), special(*tok, last)});
    }
    setPad(*tok, config, {layout.pad, configToken(config, "eos_token", layout.eos)});
    return tok;
}

} // namespace

std::unique_ptr<Tokenizer> Tokenizer::load(const fs::path &dir)
{
    return load(dir, Source::Auto);
}

std::unique_ptr<Tokenizer> Tokenizer::load(const fs::path &dir, Source source)
{
    if (!fs::is_directory(dir))
        throw Error("tokenizer folder " + dir.string() + " does not exist or is not a folder");
    const fs::path configPath = dir / "tokenizer_config.json";
    const json config = fs::exists(configPath) ? readJson(configPath) : json();
    if (source != Source::VocabFiles && fs::exists(dir / "tokenizer.json"))
        return loadTokenizerJson(dir / "tokenizer.json", config);
    if (source == Source::TokenizerJson)
        throw Error("no tokenizer.json in " + dir.string());
    try {
        if (fs::exists(dir / "vocab.txt"))
            return loadWordPiece(dir, config);
        if (fs::exists(dir / "vocab.json")) {
            if (!fs::exists(dir / "merges.txt"))
                throw Error((dir / "vocab.json").string() + ": found without merges.txt beside it");
            return loadBpe(dir, config);
        }
    } catch (const json::exception &e) {
        // The vocabulary readers check their files' types: a value of the wrong type is the config's.
        throw Error(configPath.string() + ": unexpected content (" + e.what() + ")");
    }
    throw Error("no tokenizer files in " + dir.string()
                + " (looked for tokenizer.json, vocab.txt, vocab.json + merges.txt)");
}

void TokenizerBase::setTemplates(std::vector<TemplatePiece> single, std::vector<TemplatePiece> pair)
{
    m_single = std::move(single);
    m_pair = std::move(pair);
}

void TokenizerBase::setPadToken(std::string token, int64_t id)
{
    m_padToken = std::move(token);
    m_padId = id;
}

int64_t TokenizerBase::idOf(const std::string &token) const
{
    for (const AddedToken &t : m_addedTokens) {
        if (t.content == token)
            return t.id;
    }
    return tokenId(token);
}

int64_t TokenizerBase::vocabSize() const
{
    int64_t size = modelVocabSize();
    for (const AddedToken &t : m_addedTokens)
        size = std::max(size, t.id + 1);
    return size;
}

void TokenizerBase::tokenize(std::string_view text, std::vector<int64_t> &ids, std::vector<std::string> &tokens) const
{
    // Leftmost, then longest added token; the text between is tokenised normally.
    size_t segment = 0;
    size_t i = 0;
    while (i < text.size()) {
        const AddedToken *best = nullptr;
        for (const AddedToken &t : m_addedTokens) {
            if (!t.content.empty() && t.content[0] == text[i] && text.compare(i, t.content.size(), t.content) == 0
                && (!best || t.content.size() > best->content.size()))
                best = &t;
        }
        if (!best) {
            ++i;
            continue;
        }
        std::string_view before = text.substr(segment, i - segment);
        while (best->lstrip && !before.empty() && isSpace(before.back()))
            before.remove_suffix(1);
        if (!before.empty())
            tokenizeText(before, segment == 0, ids, tokens);
        ids.push_back(best->id);
        tokens.push_back(best->content);
        i += best->content.size();
        while (best->rstrip && i < text.size() && isSpace(text[i]))
            ++i;
        segment = i;
    }
    if (segment < text.size())
        tokenizeText(text.substr(segment), segment == 0, ids, tokens);
}

Encoding TokenizerBase::assemble(const std::vector<int64_t> *ids[2], const std::vector<std::string> *tokens[2],
                                 bool pair, const EncodeOptions &options) const
{
    std::vector<TemplatePiece> pieces = pair ? m_pair : m_single;
    if (!options.addSpecialTokens || pieces.empty()) {
        pieces = {sequence(0, 0)};
        if (pair)
            pieces.push_back(sequence(1, 1));
    }
    size_t length[2] = {ids[0]->size(), pair ? ids[1]->size() : 0};
    if (options.maxLength > 0) {
        const auto specials = std::count_if(pieces.begin(), pieces.end(), [](const TemplatePiece &p) { return p.sequence < 0; });
        const size_t budget = static_cast<size_t>(std::max<int64_t>(0, options.maxLength - specials));
        // Longest first: one token at a time from the longer sequence (the second on ties).
        while (length[0] + length[1] > budget) {
            if (length[0] > length[1])
                --length[0];
            else
                --length[1];
        }
    }
    Encoding e;
    for (const TemplatePiece &p : pieces) {
        if (p.sequence < 0) {
            e.ids.push_back(p.id);
            e.tokens.push_back(p.token);
            e.typeIds.push_back(p.typeId);
            continue;
        }
        e.ids.insert(e.ids.end(), ids[p.sequence]->begin(), ids[p.sequence]->begin() + length[p.sequence]);
        e.tokens.insert(e.tokens.end(), tokens[p.sequence]->begin(), tokens[p.sequence]->begin() + length[p.sequence]);
        e.typeIds.insert(e.typeIds.end(), length[p.sequence], p.typeId);
    }
    if (options.maxLength > 0 && e.ids.size() > static_cast<size_t>(options.maxLength)) {
        // Only when maxLength is shorter than the special tokens themselves.
        e.ids.resize(options.maxLength);
        e.tokens.resize(options.maxLength);
        e.typeIds.resize(options.maxLength);
    }
    e.attentionMask.assign(e.ids.size(), 1);
    if (options.padToMaxLength && options.maxLength > 0) {
        const size_t target = static_cast<size_t>(options.maxLength);
        e.ids.resize(target, m_padId);
        e.tokens.resize(target, m_padToken);
        e.typeIds.resize(target, 0);
        e.attentionMask.resize(target, 0);
    }
    return e;
}

Encoding TokenizerBase::encode(std::string_view text, const EncodeOptions &options) const
{
    std::vector<int64_t> ids;
    std::vector<std::string> tokens;
    tokenize(text, ids, tokens);
    const std::vector<int64_t> *idList[2] = {&ids, nullptr};
    const std::vector<std::string> *tokenList[2] = {&tokens, nullptr};
    return assemble(idList, tokenList, false, options);
}

Encoding TokenizerBase::encodePair(std::string_view first, std::string_view second, const EncodeOptions &options) const
{
    std::vector<int64_t> ids[2];
    std::vector<std::string> tokens[2];
    tokenize(first, ids[0], tokens[0]);
    tokenize(second, ids[1], tokens[1]);
    const std::vector<int64_t> *idList[2] = {&ids[0], &ids[1]};
    const std::vector<std::string> *tokenList[2] = {&tokens[0], &tokens[1]};
    return assemble(idList, tokenList, true, options);
}

std::string TokenizerBase::decode(const std::vector<int64_t> &ids, bool skipSpecialTokens) const
{
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (int64_t id : ids) {
        const AddedToken *added = nullptr;
        for (const AddedToken &t : m_addedTokens) {
            if (t.id == id)
                added = &t;
        }
        if (added && added->special && skipSpecialTokens)
            continue;
        std::string token = added ? added->content : idToToken(id);
        if (!token.empty())
            tokens.push_back(std::move(token));
    }
    return joinTokens(tokens);
}

} // namespace prunescope
