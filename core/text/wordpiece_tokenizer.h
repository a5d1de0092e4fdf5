// BERT's WordPiece tokenizer, following the `tokenizers` library (BertNormalizer,
// BertPreTokenizer, WordPiece model and decoder), which agrees with transformers'
// BertTokenizer: clean text, space out CJK ideographs, optionally strip accents and
// lowercase, split on whitespace and punctuation, greedy longest-match sub-words.
#pragma once

#include "core/text/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <unordered_map>

namespace prunescope {

class WordPieceTokenizer : public TokenizerBase
{
public:
    struct Options
    {
        bool cleanText = true;
        bool handleChineseChars = true;
        bool lowercase = true;
        bool stripAccents = true; // follows lowercase unless set explicitly
        std::string unkToken = "[UNK]";
        std::string continuingPrefix = "##";
        size_t maxInputCharsPerWord = 100;
    };

    WordPieceTokenizer(std::vector<std::string> vocab, Options options);

    // vocab.txt, one token a line, line number = id. The caller sets added tokens and
    // the template.
    static std::unique_ptr<WordPieceTokenizer> fromVocabFile(const std::filesystem::path &vocabTxt,
                                                             const Options &options);
    // The `model`, `normalizer` and `pre_tokenizer` of a tokenizer.json; the caller sets
    // added tokens and the template.
    static std::unique_ptr<WordPieceTokenizer> fromTokenizerJson(const nlohmann::json &root);

    std::string kind() const override { return "wordpiece"; }
    int64_t tokenId(const std::string &token) const override;
    const Options &options() const { return m_options; }

    // The normalised words, before the WordPiece model (for tests and diagnostics).
    std::vector<std::u32string> preTokenize(std::string_view text) const;

protected:
    void tokenizeText(std::string_view text, bool startsText, std::vector<int64_t> &ids,
                      std::vector<std::string> &tokens) const override;
    std::string idToToken(int64_t id) const override;
    std::string joinTokens(const std::vector<std::string> &tokens) const override;
    int64_t modelVocabSize() const override { return static_cast<int64_t>(m_vocab.size()); }

private:
    std::vector<std::string> m_vocab;
    std::unordered_map<std::string, int64_t> m_ids;
    Options m_options;
    int64_t m_unkId = -1;
    size_t m_longestToken = 0;        // bytes
    std::vector<bool> m_tokenLengths; // [n]: whether some token has n bytes
};

} // namespace prunescope
