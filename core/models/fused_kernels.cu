// The kernels behind addLayerNorm (fused_kernels.h): the row read once into registers, mean
// and variance in float32 from those values (two passes over registers, not over memory), the
// normalized row written once. A row of at most kWarpRowPacks packs a lane is a warp's, several
// rows a block: its sums need no barrier, and a block of rows keeps an SM's memory busy where a
// short row alone would not (BERT's 768 bfloat16 values are 96 packs: a block of 96 threads).
// A wider row is a block's.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it
#include "kernel_values.cuh"

#include <cstdint>

namespace prunescope {

namespace {

constexpr int kWarpRowPacks = 4; // packs a lane, at most, for a row a warp
constexpr int kRowsPerBlock = 4; // rows a block, where a row is a warp's

// One row by the threads that hold it: the thread holds packs first, first + stride, ... (P at
// most) of the row at `row` (neighbouring threads read neighbouring memory); `total` sums over
// those threads. V divides cols.
template<typename T, int V, int P, typename Total>
__device__ __forceinline__ void addLayerNormRow(const T *x, const T *residual, const T *weight, const T *bias, T *out,
                                                int64_t row, int64_t cols, float eps, int64_t first, int64_t stride,
                                                Total total)
{
    using Packs = Pack<T, V>;
    const int64_t packs = cols / V;
    const auto *xs = reinterpret_cast<const Packs *>(x + row), *rs = reinterpret_cast<const Packs *>(residual + row);
    const auto *ws = reinterpret_cast<const Packs *>(weight), *bs = reinterpret_cast<const Packs *>(bias);
    auto *outs = reinterpret_cast<Packs *>(out + row);

    float values[P * V];
    float sum = 0.0F;
#pragma unroll
    for (int i = 0; i < P; ++i) {
        const int64_t p = first + int64_t(i) * stride;
        if (p < packs) {
            const Packs a = xs[p], b = rs[p];
#pragma unroll
            for (int j = 0; j < V; ++j) {
                values[i * V + j] = rounded<T>(toFloat(a.v[j]) + toFloat(b.v[j]));
                sum += values[i * V + j];
            }
        }
    }
    float mean, scale;
    rowStatistics<V, P>(values, sum, first, stride, packs, cols, eps, total, mean, scale);
#pragma unroll
    for (int i = 0; i < P; ++i) {
        const int64_t p = first + int64_t(i) * stride;
        if (p < packs) {
            const Packs w = ws[p], b = bs ? bs[p] : Packs{};
            Packs y;
#pragma unroll
            for (int j = 0; j < V; ++j)
                fromFloat((values[i * V + j] - mean) * scale * toFloat(w.v[j]) + (bs ? toFloat(b.v[j]) : 0.0F), y.v[j]);
            outs[p] = y;
        }
    }
}

// A row a block.
template<typename T, int V>
__global__ void __launch_bounds__(kNormMaxThreads)
    addLayerNormKernel(const T *x, const T *residual, const T *weight, const T *bias, T *out, int64_t cols, float eps)
{
    __shared__ float partial[kNormMaxThreads / kWarp];
    addLayerNormRow<T, V, kNormValuesPerThread / V>(x, residual, weight, bias, out, int64_t(blockIdx.x) * cols, cols,
                                                    eps, threadIdx.x, blockDim.x,
                                                    [](float v) { return blockSum(v, partial); });
}

// A row a warp, P packs a lane at most.
template<typename T, int V, int P>
__global__ void __launch_bounds__(kRowsPerBlock * kWarp)
    addLayerNormWarpKernel(const T *x, const T *residual, const T *weight, const T *bias, T *out, int64_t rows,
                           int64_t cols, float eps)
{
    const int64_t row = int64_t(blockIdx.x) * kRowsPerBlock + threadIdx.x / kWarp;
    if (row >= rows) // the whole warp: its sums take no lane of another
        return;
    addLayerNormRow<T, V, P>(x, residual, weight, bias, out, row * cols, cols, eps, threadIdx.x % kWarp, kWarp,
                             [](float v) { return warpSum(v); });
}

template<typename T, int V, int P>
cudaError_t launchWarpRows(const T *x, const T *residual, const T *weight, const T *bias, T *out, int64_t rows,
                           int64_t cols, float eps, cudaStream_t stream)
{
    const auto blocks = unsigned((rows + kRowsPerBlock - 1) / kRowsPerBlock);
    addLayerNormWarpKernel<T, V, P><<<blocks, kRowsPerBlock * kWarp, 0, stream>>>(x, residual, weight, bias, out, rows,
                                                                                  cols, eps);
    return cudaGetLastError();
}

template<typename T, int V>
cudaError_t launch(const void *x, const void *residual, const void *weight, const void *bias, void *out, int64_t rows,
                   int64_t cols, float eps, cudaStream_t stream)
{
    const auto *a = static_cast<const T *>(x), *r = static_cast<const T *>(residual);
    const auto *w = static_cast<const T *>(weight), *b = static_cast<const T *>(bias);
    auto *y = static_cast<T *>(out);
    switch ((cols / V + kWarp - 1) / kWarp) { // packs a lane, were the row a warp's
    case 1: return launchWarpRows<T, V, 1>(a, r, w, b, y, rows, cols, eps, stream);
    case 2: return launchWarpRows<T, V, 2>(a, r, w, b, y, rows, cols, eps, stream);
    case 3: return launchWarpRows<T, V, 3>(a, r, w, b, y, rows, cols, eps, stream);
    case kWarpRowPacks: return launchWarpRows<T, V, kWarpRowPacks>(a, r, w, b, y, rows, cols, eps, stream);
    default:
        addLayerNormKernel<T, V><<<unsigned(rows), unsigned(normThreads(cols, V)), 0, stream>>>(a, r, w, b, y, cols, eps);
        return cudaGetLastError();
    }
}

// 16-byte loads where every row starts on 16 bytes, one value at a time elsewhere.
template<typename T>
cudaError_t launchOf(const void *x, const void *residual, const void *weight, const void *bias, void *out,
                     int64_t rows, int64_t cols, float eps, cudaStream_t stream)
{
    constexpr int wide = int(16 / sizeof(T));
    if (cols % wide == 0 && aligned16(x) && aligned16(residual) && aligned16(weight) && aligned16(bias)
        && aligned16(out))
        return launch<T, wide>(x, residual, weight, bias, out, rows, cols, eps, stream);
    return launch<T, 1>(x, residual, weight, bias, out, rows, cols, eps, stream);
}

} // namespace

cudaError_t launchAddLayerNorm(const void *x, const void *residual, const void *weight, const void *bias, void *out,
                               int64_t rows, int64_t cols, float eps, KernelType type, cudaStream_t stream)
{
    if (rows == 0)
        return cudaSuccess;
    if (rows < 0 || rows > 0x7fffffff || cols <= 0 || cols > kWidestNormRow) // a grid's rows, a block's threads
        return cudaErrorInvalidValue;
    return withValueType(type, [&](auto value) {
        return launchOf<typename decltype(value)::type>(x, residual, weight, bias, out, rows, cols, eps, stream);
    });
}

} // namespace prunescope
