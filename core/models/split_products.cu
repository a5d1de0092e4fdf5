// The kernel behind splitFloat32Linear (split_products.h): each float32 value v as the TF32
// value nearest to it (hi) and the rest (lo = v - hi, exact), written two or three times side
// by side, each part hi or lo, as the products of the parts want them: one read of v, no
// temporary tensor for hi and lo. Four values a thread where a row's length allows.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it

#include <algorithm>
#include <cstdint>

namespace prunescope {

namespace {

constexpr int kThreads = 256;
constexpr int64_t kMostBlocks = 4096; // a grid-stride loop past that

// v rounded to 10 bits of mantissa, halves away from zero (cvt.rna.tf32.f32), as float32 bits;
// where rounding up would reach infinity, cut instead. Infinities and NaNs stay as they are.
__device__ float tf32High(float v)
{
    const uint32_t bits = __float_as_uint(v);
    if ((bits & 0x7F800000U) == 0x7F800000U)
        return v;
    uint32_t rounded = (bits + 0x1000U) & 0xFFFFE000U;
    if ((rounded & 0x7F800000U) == 0x7F800000U)
        rounded = bits & 0xFFFFE000U;
    return __uint_as_float(rounded);
}

struct Parts
{
    float hi, lo;
    __device__ explicit Parts(float v)
        : hi(tf32High(v))
        , lo(v - hi)
    {
    }
    __device__ float part(unsigned highParts, int p) const { return (highParts >> p & 1U) ? hi : lo; }
};

// Value i of in [rows, cols] goes to part p's place in out: [rows, parts * cols] for axis 1,
// [parts * rows, cols] for axis 0.
__device__ int64_t placeOf(int64_t i, int p, int parts, int64_t cols, int64_t n, int axis)
{
    if (axis == 0)
        return p * n + i;
    const int64_t row = i / cols;
    return row * parts * cols + p * cols + (i - row * cols);
}

__global__ void __launch_bounds__(kThreads)
    splitTf32Kernel(const float *in, float *out, int64_t n, int64_t cols, int parts, int axis, unsigned highParts)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const Parts v(in[i]);
        for (int p = 0; p < parts; ++p)
            out[placeOf(i, p, parts, cols, n, axis)] = v.part(highParts, p);
    }
}

// The same four values at a time: cols a multiple of 4, so that a float4 never crosses a row.
__global__ void __launch_bounds__(kThreads)
    splitTf32Kernel4(const float4 *in, float *out, int64_t n, int64_t cols, int parts, int axis, unsigned highParts)
{
    for (int64_t q = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; q < n / 4;
         q += int64_t(gridDim.x) * blockDim.x) {
        const float4 v = in[q];
        const Parts x(v.x), y(v.y), z(v.z), w(v.w);
        for (int p = 0; p < parts; ++p)
            *reinterpret_cast<float4 *>(out + placeOf(q * 4, p, parts, cols, n, axis))
                = make_float4(x.part(highParts, p), y.part(highParts, p), z.part(highParts, p), w.part(highParts, p));
    }
}

} // namespace

cudaError_t launchSplitTf32(const float *in, float *out, int64_t rows, int64_t cols, int parts, int axis,
                            unsigned highParts, cudaStream_t stream)
{
    const int64_t n = rows * cols;
    if (n == 0)
        return cudaSuccess;
    const bool quads = cols % 4 == 0 && reinterpret_cast<uintptr_t>(in) % 16 == 0
                       && reinterpret_cast<uintptr_t>(out) % 16 == 0;
    const int64_t items = quads ? n / 4 : n;
    const int blocks = int(std::min<int64_t>((items + kThreads - 1) / kThreads, kMostBlocks));
    if (quads)
        splitTf32Kernel4<<<blocks, kThreads, 0, stream>>>(reinterpret_cast<const float4 *>(in), out, n, cols, parts,
                                                          axis, highParts);
    else
        splitTf32Kernel<<<blocks, kThreads, 0, stream>>>(in, out, n, cols, parts, axis, highParts);
    return cudaGetLastError();
}

} // namespace prunescope
