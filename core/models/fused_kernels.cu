// The kernel behind addLayerNorm (fused_kernels.h): one block a row, the row read once into
// registers, mean and variance in float32 from those values (two passes over registers, not
// over memory), the normalized row written once.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it
#include "kernel_values.cuh"

#include <cstdint>

namespace prunescope {

namespace {

// Thread t holds packs t, t + blockDim.x, ... of its block's row: neighbouring threads read
// neighbouring memory. V divides cols.
template<typename T, int V>
__global__ void __launch_bounds__(kNormMaxThreads)
    addLayerNormKernel(const T *x, const T *residual, const T *weight, const T *bias, T *out, int64_t cols, float eps)
{
    using P = Pack<T, V>;
    constexpr int packsPerThread = kNormValuesPerThread / V;
    __shared__ float partial[kNormMaxThreads / kWarp];
    const int64_t row = int64_t(blockIdx.x) * cols, packs = cols / V;
    const auto *xs = reinterpret_cast<const P *>(x + row), *rs = reinterpret_cast<const P *>(residual + row);
    const auto *ws = reinterpret_cast<const P *>(weight), *bs = reinterpret_cast<const P *>(bias);
    auto *outs = reinterpret_cast<P *>(out + row);

    float values[kNormValuesPerThread];
    float sum = 0.0F;
#pragma unroll
    for (int i = 0; i < packsPerThread; ++i) {
        const int64_t p = threadIdx.x + int64_t(i) * blockDim.x;
        if (p < packs) {
            const P a = xs[p], b = rs[p];
#pragma unroll
            for (int j = 0; j < V; ++j) {
                values[i * V + j] = rounded<T>(toFloat(a.v[j]) + toFloat(b.v[j]));
                sum += values[i * V + j];
            }
        }
    }
    float mean, scale;
    normStatistics<V>(values, sum, packs, cols, eps, partial, mean, scale);
#pragma unroll
    for (int i = 0; i < packsPerThread; ++i) {
        const int64_t p = threadIdx.x + int64_t(i) * blockDim.x;
        if (p < packs) {
            const P w = ws[p], b = bs ? bs[p] : P{};
            P y;
#pragma unroll
            for (int j = 0; j < V; ++j)
                fromFloat((values[i * V + j] - mean) * scale * toFloat(w.v[j]) + (bs ? toFloat(b.v[j]) : 0.0F), y.v[j]);
            outs[p] = y;
        }
    }
}

template<typename T, int V>
cudaError_t launch(const void *x, const void *residual, const void *weight, const void *bias, void *out, int64_t rows,
                   int64_t cols, float eps, cudaStream_t stream)
{
    addLayerNormKernel<T, V><<<unsigned(rows), unsigned(normThreads(cols, V)), 0, stream>>>(
        static_cast<const T *>(x), static_cast<const T *>(residual), static_cast<const T *>(weight),
        static_cast<const T *>(bias), static_cast<T *>(out), cols, eps);
    return cudaGetLastError();
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
