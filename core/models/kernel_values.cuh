// What the CUDA kernels share: values of float32, float16 and bfloat16 as float32 and back,
// rounded as LibTorch rounds them, and loads of several values at once, sums over a warp or a
// block, the value type a launcher dispatches on, and the threads of a layer norm's block and
// its row's statistics. CUDA code only.
#pragma once

#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cstdint>

namespace prunescope {

inline __device__ float toFloat(float v)
{
    return v;
}
inline __device__ float toFloat(__half v)
{
    return __half2float(v);
}
inline __device__ float toFloat(__nv_bfloat16 v)
{
    return __bfloat162float(v);
}
inline __device__ void fromFloat(float v, float &out)
{
    out = v;
}
inline __device__ void fromFloat(float v, __half &out)
{
    out = __float2half_rn(v);
}
inline __device__ void fromFloat(float v, __nv_bfloat16 &out)
{
    out = __float2bfloat16_rn(v);
}

// `v` rounded to T and back: the value an op of LibTorch writes in T.
template<typename T>
inline __device__ float rounded(float v)
{
    T t;
    fromFloat(v, t);
    return toFloat(t);
}

// V values loaded or stored as one access (16 bytes where V > 1).
template<typename T, int V>
struct alignas(sizeof(T) * V) Pack
{
    T v[V];
};

inline bool aligned16(const void *p)
{
    return reinterpret_cast<uintptr_t>(p) % 16 == 0;
}

constexpr int kWarp = 32;

// The sum of `value` over the warp, in every lane.
inline __device__ float warpSum(float value)
{
    for (int offset = kWarp / 2; offset > 0; offset /= 2)
        value += __shfl_xor_sync(0xffffffffU, value, offset);
    return value;
}

// The sum of `value` over the block, in every thread. `partial` holds a value a warp; the
// first barrier keeps a second call from overwriting what the first is still reading.
inline __device__ float blockSum(float value, float *partial)
{
    value = warpSum(value);
    const int warps = int(blockDim.x) / kWarp;
    if (warps == 1)
        return value;
    __syncthreads();
    if (threadIdx.x % kWarp == 0)
        partial[threadIdx.x / kWarp] = value;
    __syncthreads();
    return warpSum(int(threadIdx.x % kWarp) < warps ? partial[threadIdx.x % kWarp] : 0.0F);
}

// A type as a value, for the generic lambdas of withValueType.
template<typename T>
struct ValueType
{
    using type = T;
};

// f(ValueType<T>()) for the CUDA type T of `type` (float, __half or __nv_bfloat16); an unknown
// type is an invalid value.
template<typename F>
cudaError_t withValueType(KernelType type, F &&f)
{
    switch (type) {
    case KernelType::Float32:
        return f(ValueType<float>());
    case KernelType::Float16:
        return f(ValueType<__half>());
    case KernelType::BFloat16:
        return f(ValueType<__nv_bfloat16>());
    }
    return cudaErrorInvalidValue;
}

// A layer norm kernel's block is a row: at most this many threads, each holding at most
// kNormValuesPerThread values.
constexpr int kNormMaxThreads = int(kWidestNormRow / kNormValuesPerThread);

// The threads of that block for a row of `cols` values read V at a time: enough whole warps.
inline int normThreads(int64_t cols, int V)
{
    const int64_t packsPerThread = kNormValuesPerThread / V;
    const int64_t needed = (cols / V + packsPerThread - 1) / packsPerThread;
    return int(std::clamp<int64_t>((needed + kWarp - 1) / kWarp * kWarp, kWarp, kNormMaxThreads));
}

// A layer norm's row statistics in every thread that holds part of the row: the mean of the
// row and 1 / sqrt(biased variance + eps), as LayerNorm's. The thread holds values[i * V + j]
// of its packs first + i * stride below `packs` (i < P), and their sum; `total` sums a value
// over the row's threads (a warp's or a block's). The variance is summed from the values'
// deviations from the mean (a second pass over registers, not over memory).
template<int V, int P, typename Total>
__device__ __forceinline__ void rowStatistics(const float *values, float sum, int64_t first, int64_t stride,
                                              int64_t packs, int64_t cols, float eps, Total total, float &mean,
                                              float &scale)
{
    mean = total(sum) / float(cols);
    float squares = 0.0F;
#pragma unroll
    for (int i = 0; i < P; ++i)
        if (first + int64_t(i) * stride < packs)
#pragma unroll
            for (int j = 0; j < V; ++j) {
                const float d = values[i * V + j] - mean;
                squares += d * d;
            }
    scale = rsqrtf(total(squares) / float(cols) + eps);
}

// The same for a row that is a block (packs threadIdx.x + i * blockDim.x, kNormValuesPerThread
// values a thread), summed through `partial`, a value a warp.
template<int V>
__device__ __forceinline__ void normStatistics(const float *values, float sum, int64_t packs, int64_t cols, float eps,
                                               float *partial, float &mean, float &scale)
{
    rowStatistics<V, kNormValuesPerThread / V>(values, sum, threadIdx.x, blockDim.x, packs, cols, eps,
                                               [partial](float v) { return blockSum(v, partial); }, mean, scale);
}

} // namespace prunescope
