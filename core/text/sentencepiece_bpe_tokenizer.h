// SentencePiece-style BPE (Llama 2, Mistral) as the `tokenizers` library runs it from a
// tokenizer.json: spaces become `▁` and one `▁` marks the start of the text (the Metaspace
// pre-tokenizer, or the Prepend + Replace normaliser of older files); the whole text is one
// word for the BPE model; a character outside the vocabulary is spelled by its UTF-8 byte
// tokens `<0xNN>` (byte_fallback), else by the unknown token, a run of them fused into one
// (fuse_unk). The decoder is the file's: `▁` back to spaces, byte tokens back to text,
// the pieces joined, one leading space stripped.
#pragma once

#include "core/text/bpe_merges.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <mutex>
#include <unordered_map>

namespace prunescope {

class SentencePieceBpeTokenizer : public TokenizerBase
{
public:
    // Metaspace's prepend_scheme: where `▁` goes in front of a text that lacks one.
    enum class Prepend
    {
        Always, // every text between added tokens
        First,  // only the start of the encoded text
        Never
    };
    // One step of the decoder, applied to all tokens in turn (the `tokenizers` decoders).
    struct DecodeStep
    {
        enum class Kind
        {
            Replace,      // `pattern` by `content` in each token
            ByteFallback, // runs of <0xNN> tokens to their UTF-8 text (U+FFFD each if invalid)
            Fuse,         // all tokens into one
            Strip         // up to `start` leading and `stop` trailing `content` of each token
        };
        Kind kind = Kind::Fuse;
        std::string pattern;
        std::string content;
        size_t start = 0;
        size_t stop = 0;
    };
    struct Options
    {
        std::string replacement = "\u2581"; // ▁
        Prepend prepend = Prepend::First;
        bool prependToSpace = false; // the Prepend normaliser of older files: " a" becomes "▁▁a"
        bool split = false;          // Metaspace's split: one BPE word per `▁`
        bool byteFallback = true;
        bool fuseUnk = true;
        bool ignoreMerges = false; // a word that is a token as a whole stays whole
        std::string unkToken;      // empty: characters without a token or byte tokens are dropped
        std::vector<DecodeStep> decoder;
    };

    SentencePieceBpeTokenizer(std::unordered_map<std::string, int64_t> vocab, const std::vector<BpeMerges::Merge> &merges,
                              Options options);

    // Whether a tokenizer.json's BPE model is SentencePiece-style: a Metaspace
    // pre-tokenizer, or no pre-tokenizer and a normaliser that writes `▁`.
    static bool describes(const nlohmann::json &root);
    // The `model`, `normalizer`, `pre_tokenizer` and `decoder` of a tokenizer.json; the
    // caller sets added tokens and the template.
    static std::unique_ptr<SentencePieceBpeTokenizer> fromTokenizerJson(const nlohmann::json &root);

    std::string kind() const override { return "sentencepiece-bpe"; }
    int64_t tokenId(const std::string &token) const override;
    const Options &options() const { return m_options; }

    // The words of text given to the BPE model, `▁` in place of spaces.
    std::vector<std::string> preTokenize(std::string_view text, bool startsText = true) const;

protected:
    void tokenizeText(std::string_view text, bool startsText, std::vector<int64_t> &ids,
                      std::vector<std::string> &tokens) const override;
    std::string idToToken(int64_t id) const override;
    std::string joinTokens(const std::vector<std::string> &tokens) const override;
    int64_t modelVocabSize() const override { return static_cast<int64_t>(m_idToToken.size()); }

private:
    std::vector<int64_t> bpe(const std::string &word) const;
    void appendSymbols(std::string_view character, std::vector<int64_t> &symbols, size_t &pendingUnks) const;

    std::unordered_map<std::string, int64_t> m_vocab;
    std::vector<std::string> m_idToToken;
    BpeMerges m_merges;
    Options m_options;
    int64_t m_unkId = -1;
    std::array<int64_t, 256> m_byteIds{}; // id of <0xNN>, -1 when absent

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int64_t>> m_cache;
};

} // namespace prunescope
