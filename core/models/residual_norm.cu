// The kernels behind residualLayerNorm (fused_kernels.h): a post-norm encoder's
// layer_norm(residual + branch), residual in float32 and the branch in the products' type, with
// its backward. One block a row, the row in registers. Forward: the sum in float32 (as
// LibTorch's add computes it), mean and biased variance in float32 from the registers, the
// normalized row written in float32 and, for the next product under autocast, rounded to the
// branch's type, with each row's mean and 1 / standard deviation for the backward. Backward:
// the two outputs' gradients added in float32, then layer norm's gradient of its input
// written for the residual in float32 and for the branch rounded to its type; the sum is
// recomputed from the residual and the branch, not kept.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it
#include "kernel_values.cuh"

#include <cstdint>
#include <initializer_list>

namespace prunescope {

namespace {

// Thread t holds packs t, t + blockDim.x, ... of its block's row; V divides cols.
template<typename T, int V>
__global__ void __launch_bounds__(kNormMaxThreads)
    residualNormForward(const float *__restrict__ residual, const T *__restrict__ branch,
                        const float *__restrict__ weight, const float *__restrict__ bias, float *__restrict__ out,
                        T *__restrict__ rounded, float *__restrict__ means, float *__restrict__ scales, int64_t cols,
                        float eps)
{
    constexpr int packsPerThread = kNormValuesPerThread / V;
    __shared__ float partial[kNormMaxThreads / kWarp];
    const int64_t row = blockIdx.x, start = row * cols, packs = cols / V;
    float values[kNormValuesPerThread];
    float sum = 0.0F;
#pragma unroll
    for (int i = 0; i < packsPerThread; ++i) {
        const int64_t p = threadIdx.x + int64_t(i) * blockDim.x;
        if (p < packs) {
            const auto r = reinterpret_cast<const Pack<float, V> *>(residual + start)[p];
            const auto b = reinterpret_cast<const Pack<T, V> *>(branch + start)[p];
#pragma unroll
            for (int j = 0; j < V; ++j) {
                values[i * V + j] = r.v[j] + toFloat(b.v[j]);
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
            const auto w = reinterpret_cast<const Pack<float, V> *>(weight)[p];
            const auto b = bias ? reinterpret_cast<const Pack<float, V> *>(bias)[p] : Pack<float, V>{};
            Pack<float, V> y;
            Pack<T, V> low;
#pragma unroll
            for (int j = 0; j < V; ++j) {
                y.v[j] = (values[i * V + j] - mean) * scale * w.v[j] + (bias ? b.v[j] : 0.0F);
                fromFloat(y.v[j], low.v[j]);
            }
            reinterpret_cast<Pack<float, V> *>(out + start)[p] = y;
            if (rounded)
                reinterpret_cast<Pack<T, V> *>(rounded + start)[p] = low;
        }
    }
    if (threadIdx.x == 0) {
        means[row] = mean;
        scales[row] = scale;
    }
}

// dx = scale * (g - mean(g) - xhat * mean(g * xhat)), g = (dOut + dRounded) * weight, xhat the
// normalized sum; dOut or dRounded null: no gradient came to that output.
template<typename T, int V>
__global__ void __launch_bounds__(kNormMaxThreads)
    residualNormBackward(const float *__restrict__ dOut, const T *__restrict__ dRounded,
                         const float *__restrict__ residual, const T *__restrict__ branch,
                         const float *__restrict__ weight, const float *__restrict__ means,
                         const float *__restrict__ scales, float *__restrict__ dResidual, T *__restrict__ dBranch,
                         int64_t cols)
{
    constexpr int packsPerThread = kNormValuesPerThread / V;
    __shared__ float partial[kNormMaxThreads / kWarp];
    const int64_t row = blockIdx.x, start = row * cols, packs = cols / V;
    const float mean = means[row], scale = scales[row];
    float normalized[kNormValuesPerThread], g[kNormValuesPerThread];
    float sumG = 0.0F, sumGx = 0.0F;
#pragma unroll
    for (int i = 0; i < packsPerThread; ++i) {
        const int64_t p = threadIdx.x + int64_t(i) * blockDim.x;
        if (p < packs) {
            const auto r = reinterpret_cast<const Pack<float, V> *>(residual + start)[p];
            const auto b = reinterpret_cast<const Pack<T, V> *>(branch + start)[p];
            const auto w = reinterpret_cast<const Pack<float, V> *>(weight)[p];
            const auto d = dOut ? reinterpret_cast<const Pack<float, V> *>(dOut + start)[p] : Pack<float, V>{};
            const auto dl = dRounded ? reinterpret_cast<const Pack<T, V> *>(dRounded + start)[p] : Pack<T, V>{};
#pragma unroll
            for (int j = 0; j < V; ++j) {
                const int k = i * V + j;
                normalized[k] = (r.v[j] + toFloat(b.v[j]) - mean) * scale;
                g[k] = ((dOut ? d.v[j] : 0.0F) + (dRounded ? toFloat(dl.v[j]) : 0.0F)) * w.v[j];
                sumG += g[k];
                sumGx += g[k] * normalized[k];
            }
        }
    }
    const float meanG = blockSum(sumG, partial) / float(cols);
    const float meanGx = blockSum(sumGx, partial) / float(cols);
#pragma unroll
    for (int i = 0; i < packsPerThread; ++i) {
        const int64_t p = threadIdx.x + int64_t(i) * blockDim.x;
        if (p < packs) {
            Pack<float, V> dx;
            Pack<T, V> low;
#pragma unroll
            for (int j = 0; j < V; ++j) {
                const int k = i * V + j;
                dx.v[j] = scale * (g[k] - meanG - normalized[k] * meanGx);
                fromFloat(dx.v[j], low.v[j]);
            }
            if (dResidual)
                reinterpret_cast<Pack<float, V> *>(dResidual + start)[p] = dx;
            if (dBranch)
                reinterpret_cast<Pack<T, V> *>(dBranch + start)[p] = low;
        }
    }
}

// Four values an access (16 bytes of float32) where every row starts on such a boundary.
constexpr int kWide = 4;

// Every pointer (null: none) on a boundary of `bytes`, and rows of whole packs.
bool wideFits(int64_t cols, std::initializer_list<const void *> pointers, size_t bytes)
{
    if (cols % kWide != 0)
        return false;
    for (const void *p : pointers)
        if (p && reinterpret_cast<uintptr_t>(p) % bytes != 0)
            return false;
    return true;
}

template<typename T>
cudaError_t forwardOf(const float *residual, const void *branch, const float *weight, const float *bias, float *out,
                      void *rounded, float *means, float *scales, int64_t rows, int64_t cols, float eps,
                      cudaStream_t stream)
{
    const auto *b = static_cast<const T *>(branch);
    auto *low = static_cast<T *>(rounded);
    if (wideFits(cols, {residual, weight, bias, out}, 16) && wideFits(cols, {branch, rounded}, sizeof(T) * kWide))
        residualNormForward<T, kWide><<<unsigned(rows), unsigned(normThreads(cols, kWide)), 0, stream>>>(
            residual, b, weight, bias, out, low, means, scales, cols, eps);
    else
        residualNormForward<T, 1><<<unsigned(rows), unsigned(normThreads(cols, 1)), 0, stream>>>(
            residual, b, weight, bias, out, low, means, scales, cols, eps);
    return cudaGetLastError();
}

template<typename T>
cudaError_t backwardOf(const float *dOut, const void *dRounded, const float *residual, const void *branch,
                       const float *weight, const float *means, const float *scales, float *dResidual, void *dBranch,
                       int64_t rows, int64_t cols, cudaStream_t stream)
{
    const auto *dl = static_cast<const T *>(dRounded);
    const auto *b = static_cast<const T *>(branch);
    auto *db = static_cast<T *>(dBranch);
    if (wideFits(cols, {dOut, residual, weight, dResidual}, 16)
        && wideFits(cols, {dRounded, branch, dBranch}, sizeof(T) * kWide))
        residualNormBackward<T, kWide><<<unsigned(rows), unsigned(normThreads(cols, kWide)), 0, stream>>>(
            dOut, dl, residual, b, weight, means, scales, dResidual, db, cols);
    else
        residualNormBackward<T, 1><<<unsigned(rows), unsigned(normThreads(cols, 1)), 0, stream>>>(
            dOut, dl, residual, b, weight, means, scales, dResidual, db, cols);
    return cudaGetLastError();
}

bool validShape(int64_t rows, int64_t cols)
{
    return rows >= 0 && rows <= 0x7fffffff && cols > 0 && cols <= kWidestNormRow;
}

} // namespace

cudaError_t launchResidualNorm(const float *residual, const void *branch, const float *weight, const float *bias,
                               float *out, void *rounded, float *means, float *scales, int64_t rows, int64_t cols,
                               float eps, KernelType branchType, cudaStream_t stream)
{
    if (!validShape(rows, cols))
        return cudaErrorInvalidValue;
    if (rows == 0)
        return cudaSuccess;
    return withValueType(branchType, [&](auto value) {
        return forwardOf<typename decltype(value)::type>(residual, branch, weight, bias, out, rounded, means, scales,
                                                         rows, cols, eps, stream);
    });
}

cudaError_t launchResidualNormBackward(const float *dOut, const void *dRounded, const float *residual,
                                       const void *branch, const float *weight, const float *means,
                                       const float *scales, float *dResidual, void *dBranch, int64_t rows,
                                       int64_t cols, KernelType branchType, cudaStream_t stream)
{
    if (!validShape(rows, cols))
        return cudaErrorInvalidValue;
    if (rows == 0)
        return cudaSuccess;
    return withValueType(branchType, [&](auto value) {
        return backwardOf<typename decltype(value)::type>(dOut, dRounded, residual, branch, weight, means, scales,
                                                          dResidual, dBranch, rows, cols, stream);
    });
}

} // namespace prunescope
