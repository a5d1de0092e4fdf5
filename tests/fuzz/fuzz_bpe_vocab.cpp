// libFuzzer target for the BPE vocabulary files: vocab.json, merges.txt and optionally
// tokenizer_config.json (GPT-2 or CLIP flavour), then a text encoded (fuzz_tokenizer.h).
#include "tests/fuzz/fuzz_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::fuzzTokenizerFolder({"vocab.json", "merges.txt", "tokenizer_config.json"},
                              prunescope::Tokenizer::Source::VocabFiles, data, size);
    return 0;
}
