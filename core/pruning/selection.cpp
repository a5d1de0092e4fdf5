#include "core/pruning/selection.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace prunescope {

uint32_t orderKey(float value)
{
    if (std::isnan(value))
        value = -INFINITY;
    else if (value == 0.0f)
        value = 0.0f; // -0 ties with +0, as comparisons have it
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    // Negative numbers reversed below the positive ones, which keep their order above.
    return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

namespace {

using Histogram = std::array<int64_t, 65536>;

// The bin where the running count (from `before`) reaches `count`, and the count before it.
std::pair<uint32_t, int64_t> binReaching(const Histogram &histogram, int64_t before, int64_t count)
{
    for (uint32_t bin = 0; bin < histogram.size(); ++bin) {
        if (before + histogram[bin] >= count)
            return {bin, before};
        before += histogram[bin];
    }
    throw std::invalid_argument("cannot prune " + std::to_string(count) + " of " + std::to_string(before) + " values");
}

} // namespace

Cut lowestCut(const Chunks &chunks, int64_t count)
{
    if (count <= 0)
        return {}; // nothing lies below key 0, and no ties are taken
    auto high = std::make_unique<Histogram>();
    high->fill(0);
    chunks([&](const float *values, int64_t n) {
        for (int64_t i = 0; i < n; ++i)
            ++(*high)[orderKey(values[i]) >> 16];
    });
    const auto [highBin, belowHigh] = binReaching(*high, 0, count);
    auto low = std::move(high);
    low->fill(0);
    chunks([&, highBin = highBin](const float *values, int64_t n) {
        for (int64_t i = 0; i < n; ++i)
            if (const uint32_t key = orderKey(values[i]); key >> 16 == highBin)
                ++(*low)[key & 0xFFFFu];
    });
    const auto [lowBin, below] = binReaching(*low, belowHigh, count);
    return {highBin << 16 | lowBin, count - below};
}

void CutWriter::write(const float *values, int64_t count, uint8_t *keep)
{
    for (int64_t i = 0; i < count; ++i) {
        const uint32_t key = orderKey(values[i]);
        bool pruned = key < m_cut.key;
        if (key == m_cut.key && m_tiesLeft > 0) {
            pruned = true;
            --m_tiesLeft;
        }
        keep[i] = pruned ? 0 : 1;
    }
}

void keepHighestInRow(const float *values, int64_t count, int64_t prune, uint8_t *keep, std::vector<uint32_t> &scratch)
{
    if (prune <= 0) {
        std::fill(keep, keep + count, uint8_t(1));
        return;
    }
    scratch.resize(size_t(count));
    for (int64_t i = 0; i < count; ++i)
        scratch[size_t(i)] = orderKey(values[i]);
    std::nth_element(scratch.begin(), scratch.begin() + (prune - 1), scratch.end());
    Cut cut{scratch[size_t(prune - 1)], prune};
    for (int64_t i = 0; i < count; ++i)
        if (orderKey(values[i]) < cut.key)
            --cut.ties;
    CutWriter(cut).write(values, count, keep);
}

void keepNofMInRow(const float *values, int64_t count, int64_t n, int64_t m, uint8_t *keep)
{
    std::vector<uint32_t> keys(static_cast<size_t>(m));
    for (int64_t start = 0; start + m <= count; start += m) {
        for (int64_t j = 0; j < m; ++j)
            keys[size_t(j)] = orderKey(values[start + j]);
        for (int64_t i = 0; i < m; ++i) { // its rank in a stable descending sort of the group
            int64_t rank = 0;
            for (int64_t j = 0; j < m; ++j)
                rank += keys[size_t(j)] > keys[size_t(i)] || (keys[size_t(j)] == keys[size_t(i)] && j < i);
            keep[start + i] = rank < n ? 1 : 0;
        }
    }
}

} // namespace prunescope
