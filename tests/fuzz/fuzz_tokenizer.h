// The tokenizer targets: an input is the files of one tokenizer folder (in the order the
// target names them) and, after them, optionally a text to encode; without one, texts
// that reach the normalisers, the added tokens, truncation and padding are encoded.
#pragma once

#include "core/text/tokenizer.h"
#include "tests/fuzz/fuzz_support.h"

#include <limits>

namespace fuzz {

inline void checkEncoding(const prunescope::Tokenizer &tok, const prunescope::Encoding &e)
{
    FUZZ_CHECK(e.tokens.size() == e.ids.size());
    FUZZ_CHECK(e.typeIds.size() == e.ids.size());
    FUZZ_CHECK(e.attentionMask.size() == e.ids.size());
    // Every id must select a row of an embedding of vocabSize() rows.
    for (size_t i = 0; i < e.ids.size(); ++i) {
        if (e.ids[i] < 0 || e.ids[i] >= tok.vocabSize()) {
            std::fprintf(stderr, "id %lld of '%s' is outside the vocabulary of %lld\n", static_cast<long long>(e.ids[i]),
                         e.tokens[i].c_str(), static_cast<long long>(tok.vocabSize()));
            std::abort();
        }
    }
}

inline void encodeAll(const prunescope::Tokenizer &tok, std::string_view text)
{
    using prunescope::EncodeOptions;
    const auto plain = tok.encode(text);
    checkEncoding(tok, plain);
    tok.decode(plain.ids, true);
    tok.decode(plain.ids, false);
    checkEncoding(tok, tok.encode(text, EncodeOptions{false, 0, false}));
    const auto padded = tok.encode(text, EncodeOptions{true, 8, true});
    checkEncoding(tok, padded);
    FUZZ_CHECK(padded.ids.size() == 8);
    const auto pair = tok.encodePair(text, text.substr(text.size() / 2), EncodeOptions{true, 5, false});
    checkEncoding(tok, pair);
    FUZZ_CHECK(pair.ids.size() <= 5);
    checkEncoding(tok, tok.encode(text, EncodeOptions{true, 1, true}));
}

// `files`: the names of the folder's files, filled from the input's first parts.
inline void fuzzTokenizerFolder(const std::vector<std::string> &files, prunescope::Tokenizer::Source source,
                                const uint8_t *data, size_t size)
{
    const auto parts = splitFiles(data, size);
    for (size_t i = 0; i < files.size(); ++i)
        scratch().put(files[i], i < parts.size() ? &parts[i] : nullptr);
    const std::string *text = parts.size() > files.size() ? &parts[files.size()] : nullptr;

    std::unique_ptr<prunescope::Tokenizer> tok;
    expectReadOrError([&] { tok = prunescope::Tokenizer::load(scratch().path(), source); });
    if (!tok)
        return;
    FUZZ_CHECK(tok->vocabSize() > 0);
    static const char *const kSamples[] = {
        "Hello, world! Don't stop: it's 3.14 o'clock.",
        "na\xc3\xafve caf\xc3\xa9 \xc3\x85NGSTR\xc3\x96M \xe6\x9d\xb1\xe4\xba\xac 12345",
        "\xff\xfe broken \xc3 utf-8 \xed\xa0\x80",
        "[CLS] a [SEP] b [MASK] [PAD] <|startoftext|>x<|endoftext|> [UNK]",
        "supercalifragilisticexpialidocioussupercalifragilisticexpialidocioussupercalifragilisticexpialidocious!!",
        " \t\r\n \xc2\xa0\xe2\x80\x83 ",
        "",
    };
    if (text) {
        encodeAll(*tok, *text);
    } else {
        for (const char *sample : kSamples)
            encodeAll(*tok, sample);
    }
    tok->decode({-1, 0, tok->vocabSize() - 1, tok->vocabSize(), std::numeric_limits<int64_t>::max()});
}

} // namespace fuzz
