// Plain text for the GPT-2 fixture: the sentences of tests/data/sentences.tsv, and a
// WordPiece vocabulary of their words. The fixture has 1000 token ids, which a real GPT-2
// tokenizer would overrun; with this vocabulary every word is one token.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace prunescope::testing {

// The sentences, one a line, cut to `words` words when > 0.
inline std::string sentencesText(size_t words = 0)
{
    std::ifstream in(std::filesystem::path(PRUNESCOPE_TEST_DATA) / "sentences.tsv");
    std::string line, text;
    std::getline(in, line); // the header
    size_t taken = 0;
    while (std::getline(in, line) && (words == 0 || taken < words)) {
        std::istringstream sentence(line.substr(0, line.find('\t')));
        std::string kept;
        for (std::string word; (words == 0 || taken < words) && sentence >> word; ++taken)
            kept += (kept.empty() ? "" : " ") + word;
        text += kept + "\n";
    }
    return text;
}

// vocab.txt in `folder`: the special tokens, then every word of `text` once.
inline std::filesystem::path writeVocabulary(const std::filesystem::path &folder, const std::string &text)
{
    std::vector<std::string> tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    std::set<std::string> seen(tokens.begin(), tokens.end());
    std::istringstream words(text);
    for (std::string word; words >> word;)
        if (seen.insert(word).second)
            tokens.push_back(word);
    std::ofstream vocab(folder / "vocab.txt");
    for (const auto &token : tokens)
        vocab << token << "\n";
    return folder;
}

} // namespace prunescope::testing
