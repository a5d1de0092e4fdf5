// A linked list over the symbols and a min-queue of (rank, position) candidates; a
// candidate whose pair has changed since it was queued is skipped when it comes up.
#include "core/text/bpe_merges.h"

#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <queue>

namespace prunescope {

namespace {

uint64_t pairKey(int64_t left, int64_t right)
{
    return (static_cast<uint64_t>(left) << 32) | static_cast<uint64_t>(right);
}

} // namespace

BpeMerges::BpeMerges(const std::vector<Merge> &merges, const std::function<int64_t(const std::string &)> &tokenId,
                     const std::string &continuingPrefix)
{
    m_merges.reserve(merges.size());
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const auto &[left, right] = merges[rank];
        const int64_t a = tokenId(left);
        const int64_t b = tokenId(right);
        const int64_t merged = tokenId(left + right.substr(std::min(continuingPrefix.size(), right.size())));
        if (a < 0 || b < 0 || merged < 0)
            continue;
        m_merges.insert_or_assign(pairKey(a, b), Result{static_cast<int32_t>(rank), merged});
    }
}

const BpeMerges::Result *BpeMerges::find(int64_t left, int64_t right) const
{
    auto it = m_merges.find(pairKey(left, right));
    return it == m_merges.end() ? nullptr : &it->second;
}

void BpeMerges::apply(std::vector<int64_t> &symbols) const
{
    const size_t n = symbols.size();
    if (n < 2 || m_merges.empty())
        return;
    constexpr size_t kNone = static_cast<size_t>(-1);
    std::vector<size_t> prev(n), next(n); // next == n: the last symbol
    std::vector<bool> removed(n, false);
    struct Candidate
    {
        int32_t rank;
        size_t pos; // the left symbol
        int64_t id; // the merged token
    };
    auto later = [](const Candidate &a, const Candidate &b) { return a.rank != b.rank ? a.rank > b.rank : a.pos > b.pos; };
    std::priority_queue<Candidate, std::vector<Candidate>, decltype(later)> queue(later);
    auto offer = [&](size_t left, size_t right) {
        if (const Result *r = find(symbols[left], symbols[right]))
            queue.push({r->rank, left, r->id});
    };
    for (size_t i = 0; i < n; ++i) {
        prev[i] = i == 0 ? kNone : i - 1;
        next[i] = i + 1;
        if (i + 1 < n)
            offer(i, i + 1);
    }
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        if (removed[top.pos] || next[top.pos] == n)
            continue;
        const size_t right = next[top.pos];
        const Result *current = find(symbols[top.pos], symbols[right]);
        if (!current || current->id != top.id)
            continue; // queued for a pair that has changed since
        symbols[top.pos] = top.id;
        removed[right] = true;
        next[top.pos] = next[right];
        if (next[right] < n)
            prev[next[right]] = top.pos;
        if (prev[top.pos] != kNone)
            offer(prev[top.pos], top.pos);
        if (next[top.pos] < n)
            offer(top.pos, next[top.pos]);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!removed[i])
            symbols[kept++] = symbols[i];
    }
    symbols.resize(kept);
}

std::unordered_map<std::string, int64_t> bpeVocabFromJson(const nlohmann::json &vocab, const std::string &where)
{
    if (!vocab.is_object())
        throw Error(where + ": the vocabulary is not an object of token: id");
    std::unordered_map<std::string, int64_t> out;
    out.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0
            || it.value().get<int64_t>() > 10'000'000)
            throw Error(where + ": the id of '" + it.key() + "' is not a valid id");
        out.emplace(it.key(), it.value().get<int64_t>());
    }
    return out;
}

std::vector<BpeMerges::Merge> bpeMergesFromJson(const nlohmann::json &merges)
{
    if (!merges.is_array())
        throw Error("tokenizer.json: model.merges is not a list");
    std::vector<BpeMerges::Merge> out;
    out.reserve(merges.size());
    for (size_t i = 0; i < merges.size(); ++i) {
        const nlohmann::json &m = merges[i];
        if (m.is_string()) {
            const std::string s = m.get<std::string>();
            const size_t space = s.find(' ');
            if (space != std::string::npos && space > 0 && space + 1 < s.size()) {
                out.emplace_back(s.substr(0, space), s.substr(space + 1));
                continue;
            }
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            out.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
            continue;
        }
        throw Error("tokenizer.json: model.merges[" + std::to_string(i) + "] is neither \"a b\" nor [\"a\", \"b\"]");
    }
    return out;
}

} // namespace prunescope
