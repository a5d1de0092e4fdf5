// The merge step of BPE as the `tokenizers` library runs it (models/bpe/word.rs): the
// adjacent pair of lowest rank merges first, the leftmost on ties, one merge at a time.
// A priority queue keeps a long word (a whole SentencePiece text) at n log n.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace prunescope {

class BpeMerges
{
public:
    using Merge = std::pair<std::string, std::string>;

    BpeMerges() = default;
    // Ranks are positions in `merges`; a repeated pair takes its last rank. A merge whose
    // tokens are not all in the vocabulary (tokenId < 0) is ignored. The merged token is
    // left + right without the continuing-subword prefix of right.
    BpeMerges(const std::vector<Merge> &merges, const std::function<int64_t(const std::string &)> &tokenId,
              const std::string &continuingPrefix = std::string());

    // Replaces the symbols (token ids) by their merged tokens.
    void apply(std::vector<int64_t> &symbols) const;

private:
    struct Result
    {
        int32_t rank;
        int64_t id;
    };
    const Result *find(int64_t left, int64_t right) const;

    std::unordered_map<uint64_t, Result> m_merges; // key: left id << 32 | right id
};

// The `model.vocab` of a tokenizer.json or a vocab.json ({"token": id}); `where` names it
// in errors.
std::unordered_map<std::string, int64_t> bpeVocabFromJson(const nlohmann::json &vocab, const std::string &where);
// The `model.merges` of a tokenizer.json: "a b" strings (tokenizers < 0.20) or ["a", "b"].
std::vector<BpeMerges::Merge> bpeMergesFromJson(const nlohmann::json &merges);

} // namespace prunescope
