#include "core/pruning/selection.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace prunescope {

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

constexpr int64_t kGrain = 1 << 16; // values a thread takes at least

// One histogram for each thread, summed at the end of a pass.
class ThreadHistograms
{
public:
    ThreadHistograms()
        : m_histograms(size_t(at::get_num_threads()))
    {
        for (auto &h : m_histograms)
            h.fill(0);
    }
    Histogram &mine() { return m_histograms[size_t(at::get_thread_num())]; }
    std::unique_ptr<Histogram> total() const
    {
        auto sum = std::make_unique<Histogram>();
        sum->fill(0);
        for (const auto &h : m_histograms)
            for (size_t bin = 0; bin < h.size(); ++bin)
                (*sum)[bin] += h[bin];
        return sum;
    }

private:
    std::vector<Histogram> m_histograms;
};

} // namespace

Cut lowestCut(const Chunks &chunks, int64_t count)
{
    if (count <= 0)
        return {}; // nothing lies below key 0, and no ties are taken
    ThreadHistograms high;
    chunks([&](const float *values, int64_t n) {
        at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
            Histogram &h = high.mine();
            for (int64_t i = begin; i < end; ++i)
                ++h[orderKey(values[i]) >> 16];
        });
    });
    const auto [highBin, belowHigh] = binReaching(*high.total(), 0, count);
    ThreadHistograms low;
    chunks([&, highBin = highBin](const float *values, int64_t n) {
        at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
            Histogram &h = low.mine();
            for (int64_t i = begin; i < end; ++i)
                if (const uint32_t key = orderKey(values[i]); key >> 16 == highBin)
                    ++h[key & 0xFFFFu];
        });
    });
    const auto [lowBin, below] = binReaching(*low.total(), belowHigh, count);
    return {highBin << 16 | lowBin, count - below};
}

void CutWriter::write(const float *values, int64_t count, uint8_t *keep)
{
    constexpr uint8_t kTie = 2; // decided below, in order
    at::parallel_for(0, count, kGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const uint32_t key = orderKey(values[i]);
            keep[i] = key < m_cut.key ? 0 : key == m_cut.key ? kTie : 1;
        }
    });
    for (uint8_t *tie = keep; (tie = static_cast<uint8_t *>(std::memchr(tie, kTie, size_t(keep + count - tie))));) {
        *tie = m_tiesLeft > 0 ? 0 : 1;
        m_tiesLeft -= m_tiesLeft > 0;
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
    const auto cutAt = scratch.begin() + (prune - 1);
    std::nth_element(scratch.begin(), cutAt, scratch.end());
    // Every key below the cut now lies before it: the rest of the `prune` are ties.
    const auto below = std::count_if(scratch.begin(), cutAt, [&](uint32_t key) { return key < *cutAt; });
    CutWriter(Cut{*cutAt, prune - int64_t(below)}).write(values, count, keep);
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
