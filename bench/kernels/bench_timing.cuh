// What the kernel benchmarks share: bf16 values filled from a hash of their index, and a
// launch's time as the median of 7 timings of 20 launches after 5 (or as many as asked), by
// CUDA events.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cuda_bf16.h>
#include <cuda_runtime.h>
#include <vector>

// p[i] uniform in [-scale, scale], the same values for the same seed.
__global__ void fill(__nv_bfloat16 *p, int64_t n, unsigned seed, float scale = 1.0f)
{
    int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    for (; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        unsigned h = unsigned(i) * 2654435761u ^ seed;
        h ^= h >> 13;
        h *= 0x5bd1e995;
        h ^= h >> 15;
        p[i] = __float2bfloat16(((h % 20001) / 10000.0f - 1.0f) * scale);
    }
}

// Milliseconds a call of f takes on the default stream: the median of `timings` timings of
// `calls` calls each, after `warmups` calls.
template<typename F> float timeIt(F f, int warmups = 5, int timings = 7, int calls = 20)
{
    cudaEvent_t a, b;
    cudaEventCreate(&a);
    cudaEventCreate(&b);
    for (int i = 0; i < warmups; ++i)
        f();
    std::vector<float> t;
    for (int rep = 0; rep < timings; ++rep) {
        cudaEventRecord(a);
        for (int i = 0; i < calls; ++i)
            f();
        cudaEventRecord(b);
        cudaEventSynchronize(b);
        float ms;
        cudaEventElapsedTime(&ms, a, b);
        t.push_back(ms / calls);
    }
    cudaEventDestroy(a);
    cudaEventDestroy(b);
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}
