// The lowest entries of float32 scores, chosen exactly without sorting: the order of a
// stable ascending sort (NaN as -inf, -0 as +0, ties by position, the earlier first), found
// by two 16-bit radix-histogram passes over the values, which may come chunk by chunk (one
// tensor at a time from a file), each pass written for at::parallel_for's threads (which split
// it only in code compiled with OpenMP; the builds are not: bench/results/mask-speed-cpu.md).
// Memory: a histogram of 65536 counts for each thread, whatever the size.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace prunescope {

// A value's place in that order as an unsigned integer: negative numbers reversed below the
// positive ones, which keep their order above (branch-free, so that loops vectorise).
inline uint32_t orderKey(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    bits = value != value ? 0xFF800000u : bits; // NaN as -inf
    bits = (bits << 1) == 0 ? 0u : bits;         // -0 as +0
    return bits ^ (uint32_t(int32_t(bits) >> 31) | 0x80000000u);
}

// Every key below `key` is pruned, and of the keys equal to it the first `ties`.
struct Cut
{
    uint32_t key = 0;
    int64_t ties = 0;
};

// Calls its argument once for every chunk of the values, always in the same order.
using Chunks = std::function<void(const std::function<void(const float *, int64_t)> &)>;

// The cut that prunes the `count` lowest of the values (two passes over `chunks`); throws
// std::invalid_argument when there are fewer than `count`.
Cut lowestCut(const Chunks &chunks, int64_t count);

// Writes keep (1) or prune (0) for chunk after chunk, in the order lowestCut saw them.
class CutWriter
{
public:
    explicit CutWriter(Cut cut)
        : m_cut(cut)
        , m_tiesLeft(cut.ties)
    {
    }
    void write(const float *values, int64_t count, uint8_t *keep);

private:
    Cut m_cut;
    int64_t m_tiesLeft;
};

// One row of `count` values: its `prune` lowest get 0 in `keep`, the rest 1 (std::nth_element
// on the keys; `scratch` is reused between rows).
void keepHighestInRow(const float *values, int64_t count, int64_t prune, uint8_t *keep, std::vector<uint32_t> &scratch);

// Every m consecutive values: the n highest get 1 (of equals the earlier), the rest 0.
void keepNofMInRow(const float *values, int64_t count, int64_t n, int64_t m, uint8_t *keep);

} // namespace prunescope
