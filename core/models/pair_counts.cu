// The kernel behind zeroPairCounts (fused_kernels.h): each thread reads a 32-bit word of
// every mask at a time (a byte where the rows are not 4-byte aligned), marks the words' zero
// bytes, and counts the shared ones of every pair with popcounts in registers; the counts of
// a warp go to memory in one atomic add a pair.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it

#include <algorithm>
#include <cstdint>

namespace prunescope {

namespace {

constexpr int kThreads = 256;
constexpr int kWarp = 32;
constexpr int64_t kUnitsPerThread = 8; // of a row, before the grid has as many blocks as it needs

struct Masks
{
    const uint8_t *at[kZeroPairMasks];
};

// 0x80 in each byte of w that is 0, 0 in the others: (b & 0x7f) + 0x7f reaches bit 7 for
// every b but 0 and 0x80, `| w` covers 0x80, and no sum carries into the next byte.
__device__ uint32_t zeroBytes(uint32_t w)
{
    return ~(((w & 0x7F7F7F7FU) + 0x7F7F7F7FU) | w | 0x7F7F7F7FU);
}

// Block (x, row) counts units x * blockDim.x + threadIdx.x, then a grid's width further on,
// of its row: 32-bit words where Words, bytes otherwise. out[row][a][b] and [b][a] get the
// pair's count (its zeros counted once whichever way a zero is marked: one bit a byte).
template<int N, bool Words>
__global__ void __launch_bounds__(kThreads) zeroPairCountKernel(Masks masks, int64_t columns, unsigned long long *out)
{
    constexpr int kPairs = N * (N + 1) / 2;
    uint32_t counts[kPairs] = {};
    const int64_t row = blockIdx.y, units = Words ? columns / 4 : columns;
    for (int64_t u = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; u < units; u += int64_t(gridDim.x) * blockDim.x) {
        uint32_t zero[N];
#pragma unroll
        for (int i = 0; i < N; ++i) {
            const uint8_t *start = masks.at[i] + row * columns;
            zero[i] = Words ? zeroBytes(reinterpret_cast<const uint32_t *>(start)[u]) : (start[u] == 0 ? 1U : 0U);
        }
        int pair = 0;
#pragma unroll
        for (int a = 0; a < N; ++a)
#pragma unroll
            for (int b = 0; b <= a; ++b)
                counts[pair++] += __popc(zero[a] & zero[b]);
    }
    int pair = 0;
#pragma unroll
    for (int a = 0; a < N; ++a)
#pragma unroll
        for (int b = 0; b <= a; ++b) {
            unsigned long long sum = counts[pair++];
            for (int offset = kWarp / 2; offset > 0; offset /= 2)
                sum += __shfl_down_sync(0xffffffffU, sum, offset);
            if (threadIdx.x % kWarp == 0 && sum > 0) {
                atomicAdd(out + (row * N + a) * N + b, sum);
                if (a != b)
                    atomicAdd(out + (row * N + b) * N + a, sum);
            }
        }
}

bool aligned4(const uint8_t *p)
{
    return reinterpret_cast<uintptr_t>(p) % 4 == 0;
}

// The kernel for N masks where n is N, else the next N.
template<int N>
cudaError_t launchFor(int n, const Masks &masks, int64_t rows, int64_t columns, unsigned long long *out,
                      cudaStream_t stream)
{
    if (n != N) {
        if constexpr (N < kZeroPairMasks)
            return launchFor<N + 1>(n, masks, rows, columns, out, stream);
        else
            return cudaErrorInvalidValue;
    }
    const bool words = columns % 4 == 0 && std::all_of(masks.at, masks.at + n, aligned4);
    const int64_t units = words ? columns / 4 : columns;
    const dim3 grid(unsigned(std::clamp<int64_t>((units + kThreads * kUnitsPerThread - 1) / (kThreads * kUnitsPerThread),
                                                 1, 1024)),
                    unsigned(rows));
    if (words)
        zeroPairCountKernel<N, true><<<grid, kThreads, 0, stream>>>(masks, columns, out);
    else
        zeroPairCountKernel<N, false><<<grid, kThreads, 0, stream>>>(masks, columns, out);
    return cudaGetLastError();
}

} // namespace

cudaError_t launchZeroPairCounts(const uint8_t *const *masks, int n, int64_t rows, int64_t columns,
                                 unsigned long long *out, cudaStream_t stream)
{
    if (n < 1 || n > kZeroPairMasks || rows < 1 || rows > kZeroPairRows || columns < 1)
        return cudaErrorInvalidValue;
    Masks all{};
    std::copy(masks, masks + n, all.at);
    return launchFor<1>(n, all, rows, columns, out, stream);
}

} // namespace prunescope
