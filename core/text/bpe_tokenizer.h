// Byte-level BPE in its three flavours: GPT-2 (OpenAI's encoder.py / the `tokenizers`
// ByteLevel pre-tokenizer: GPT-2 split pattern, bytes mapped to printable code points,
// merges by rank), Qwen2 (NFC, Qwen2's split pattern, the same byte map) and CLIP (NFC,
// whitespace collapsed, lowercase, CLIP's split pattern, the same byte map, and the
// `</w>` end-of-word suffix on the last symbol of a word).
#pragma once

#include "core/text/bpe_merges.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <mutex>
#include <unordered_map>

namespace prunescope {

class BpeTokenizer : public TokenizerBase
{
public:
    enum class Flavor
    {
        Gpt2,  // kind "byte-bpe"
        Qwen2, // kind "byte-bpe"
        Clip   // kind "clip-bpe"
    };
    struct Options
    {
        Flavor flavor = Flavor::Gpt2;
        bool addPrefixSpace = false;  // ByteLevel's add_prefix_space
        bool nfc = false;             // the NFC normaliser (Qwen2; CLIP's normaliser holds it)
        std::string endOfWordSuffix;  // "</w>" for CLIP
        std::string continuingPrefix; // prefix of non-initial symbols, usually empty
        std::string unkToken;         // empty: characters outside the vocabulary are dropped
    };
    using Merge = BpeMerges::Merge;

    // Merges whose tokens are not all in the vocabulary are ignored.
    BpeTokenizer(std::unordered_map<std::string, int64_t> vocab, const std::vector<Merge> &merges,
                 Options options);

    // vocab.json + merges.txt; CLIP flavour when the vocabulary has `</w>` tokens, else
    // `byteLevel` (GPT-2 or Qwen2, which tokenizer_config.json's class tells).
    // addPrefixSpace: tokenizer_config.json's add_prefix_space (GPT-2 flavour only).
    static std::unique_ptr<BpeTokenizer> fromVocabFiles(const std::filesystem::path &vocabJson,
                                                        const std::filesystem::path &mergesTxt,
                                                        bool addPrefixSpace = false, Flavor byteLevel = Flavor::Gpt2);
    // The `model`, `normalizer` and `pre_tokenizer` of a tokenizer.json; the caller sets
    // added tokens and the template.
    static std::unique_ptr<BpeTokenizer> fromTokenizerJson(const nlohmann::json &root);

    std::string kind() const override { return m_options.flavor == Flavor::Clip ? "clip-bpe" : "byte-bpe"; }
    int64_t tokenId(const std::string &token) const override;
    const Options &options() const { return m_options; }

    // The pre-tokenised pieces of text (normalised for Qwen2 and CLIP), before the byte map.
    std::vector<std::string> preTokenize(std::string_view text) const;

protected:
    void tokenizeText(std::string_view text, bool startsText, std::vector<int64_t> &ids,
                      std::vector<std::string> &tokens) const override;
    std::string idToToken(int64_t id) const override;
    std::string joinTokens(const std::vector<std::string> &tokens) const override;
    int64_t modelVocabSize() const override { return static_cast<int64_t>(m_idToToken.size()); }

private:
    std::vector<int64_t> bpe(const std::string &mappedPiece) const;

    std::unordered_map<std::string, int64_t> m_vocab;
    std::vector<std::string> m_idToToken;
    BpeMerges m_merges;
    Options m_options;
    int64_t m_unkId = -1;

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int64_t>> m_cache;
};

} // namespace prunescope
