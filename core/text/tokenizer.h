// The tokenizers of the families PruneScope reads, loaded from a checkpoint or tokenizer
// folder (vocab.txt, vocab.json + merges.txt, or tokenizer.json):
//   - BERT WordPiece (DistilBERT's too)                         kind "wordpiece"
//   - byte-level BPE: GPT-2's and RoBERTa's, and Qwen2's (NFC, Qwen2's split pattern,
//     <|endoftext|> <|im_start|> <|im_end|>, no specials around the text)  "byte-bpe"
//   - CLIP's BPE (lowercase, `</w>` word ends)                   "clip-bpe"
//   - SentencePiece-style BPE of Llama 2 and Mistral (`▁` for spaces, byte fallback to
//     <0xNN>, <s> in front), from tokenizer.json only          "sentencepiece-bpe"
// They reproduce the ids and the decoded text of the Hugging Face `tokenizers` library
// and `transformers`, special tokens included.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prunescope {

struct Encoding
{
    std::vector<int64_t> ids;
    std::vector<std::string> tokens;    // vocabulary strings, e.g. "##ing", "Ġthe", "the</w>"
    std::vector<int64_t> typeIds;       // BERT segment ids (0 / 1); zeros for the others
    std::vector<int64_t> attentionMask; // 1 for real tokens, 0 for padding
};

struct EncodeOptions
{
    bool addSpecialTokens = true;
    int64_t maxLength = 0;      // 0: no truncation; otherwise truncate to this many ids
    bool padToMaxLength = false; // pad with the pad token up to maxLength
};

class Tokenizer
{
public:
    virtual ~Tokenizer() = default;

    enum class Source
    {
        Auto,          // tokenizer.json when present, else the vocabulary files
        TokenizerJson, // only tokenizer.json
        VocabFiles     // only vocab.txt or vocab.json + merges.txt (+ tokenizer_config.json)
    };

    // Reads the tokenizer files of `dir`; prefers tokenizer.json, falls back to
    // vocab.txt (WordPiece) or vocab.json + merges.txt (BPE; CLIP-style when the
    // vocabulary uses the `</w>` suffix; RoBERTa's special tokens and `<s> A </s>` when
    // tokenizer_config.json names RobertaTokenizer, or names no class and the vocabulary
    // holds `<s>` and `</s>`; Qwen2's pipeline and special tokens when it names
    // Qwen2Tokenizer). Throws prunescope::Error naming the file.
    static std::unique_ptr<Tokenizer> load(const std::filesystem::path &dir);
    static std::unique_ptr<Tokenizer> load(const std::filesystem::path &dir, Source source);

    virtual std::string kind() const = 0; // "wordpiece", "byte-bpe", "clip-bpe" or "sentencepiece-bpe"
    virtual Encoding encode(std::string_view text, const EncodeOptions &options = {}) const = 0;
    // Sentence pairs (BERT: [CLS] a [SEP] b [SEP], type ids 0 / 1). Truncation takes
    // tokens from the longer sequence first, as `transformers` does by default.
    virtual Encoding encodePair(std::string_view first, std::string_view second,
                                const EncodeOptions &options = {}) const = 0;
    virtual std::string decode(const std::vector<int64_t> &ids, bool skipSpecialTokens = true) const = 0;

    virtual int64_t vocabSize() const = 0;
    virtual int64_t padId() const = 0;
};

// What the concrete tokenizers share: added tokens kept whole in the raw text, the
// post-processing template (special tokens, type ids), truncation and padding, as the
// `tokenizers` library applies them. Subclasses only turn plain text into tokens.
class TokenizerBase : public Tokenizer
{
public:
    struct AddedToken
    {
        std::string content;
        int64_t id = 0;
        bool special = true; // dropped by decode(skipSpecialTokens)
        bool lstrip = false; // swallows the whitespace before it
        bool rstrip = false; // swallows the whitespace after it
    };
    struct TemplatePiece
    {
        int sequence = -1; // -1: the special token below; 0: first text; 1: second text
        int64_t id = 0;
        std::string token;
        int64_t typeId = 0;
    };

    Encoding encode(std::string_view text, const EncodeOptions &options = {}) const override;
    Encoding encodePair(std::string_view first, std::string_view second,
                        const EncodeOptions &options = {}) const override;
    std::string decode(const std::vector<int64_t> &ids, bool skipSpecialTokens = true) const override;
    int64_t padId() const override { return m_padId; }
    // The model's vocabulary and the added tokens together (the embedding rows needed).
    int64_t vocabSize() const override;
    const std::string &padToken() const { return m_padToken; }
    // Id of a string in the model's vocabulary, -1 when absent.
    virtual int64_t tokenId(const std::string &token) const = 0;
    // Same, with the added tokens first.
    int64_t idOf(const std::string &token) const;

    // Configuration, set once by the loader.
    void setAddedTokens(std::vector<AddedToken> tokens) { m_addedTokens = std::move(tokens); }
    void setTemplates(std::vector<TemplatePiece> single, std::vector<TemplatePiece> pair);
    void setPadToken(std::string token, int64_t id);
    const std::vector<AddedToken> &addedTokens() const { return m_addedTokens; }

protected:
    // Tokenises text that holds no added token; appends to ids and tokens. startsText:
    // whether it begins the text given to encode() (SentencePiece marks only that start).
    virtual void tokenizeText(std::string_view text, bool startsText, std::vector<int64_t> &ids,
                              std::vector<std::string> &tokens) const = 0;
    // The vocabulary string of an id outside the added tokens, "" when unknown.
    virtual std::string idToToken(int64_t id) const = 0;
    // Joins tokens back into text (the family's decoder).
    virtual std::string joinTokens(const std::vector<std::string> &tokens) const = 0;
    virtual int64_t modelVocabSize() const = 0;

private:
    void tokenize(std::string_view text, std::vector<int64_t> &ids, std::vector<std::string> &tokens) const;
    Encoding assemble(const std::vector<int64_t> *ids[2], const std::vector<std::string> *tokens[2],
                      bool pair, const EncodeOptions &options) const;

    std::vector<AddedToken> m_addedTokens;
    std::vector<TemplatePiece> m_single;
    std::vector<TemplatePiece> m_pair;
    std::string m_padToken;
    int64_t m_padId = 0;
};

} // namespace prunescope
