// libFuzzer target for tokenizer.json (WordPiece or BPE model, normaliser, pre-tokeniser,
// added tokens, post-processor) and optionally tokenizer_config.json, then a text
// encoded (fuzz_tokenizer.h).
#include "tests/fuzz/fuzz_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::fuzzTokenizerFolder({"tokenizer.json", "tokenizer_config.json"},
                              prunescope::Tokenizer::Source::TokenizerJson, data, size);
    return 0;
}
