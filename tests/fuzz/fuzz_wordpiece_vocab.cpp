// libFuzzer target for the WordPiece vocabulary files: vocab.txt and optionally
// tokenizer_config.json, then a text encoded (fuzz_tokenizer.h).
#include "tests/fuzz/fuzz_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::fuzzTokenizerFolder({"vocab.txt", "tokenizer_config.json"}, prunescope::Tokenizer::Source::VocabFiles,
                              data, size);
    return 0;
}
