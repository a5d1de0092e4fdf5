// The kernel behind splitFloat32Linear (split_products.h): each float32 value v as the TF32
// value nearest to it (hi) and the rest (lo = v - hi, exact), written two or three times side
// by side, each part hi or lo, as the products of the parts want them: one read of v, no
// temporary tensor for hi and lo. Four values a thread where a row's length allows. A tail of
// slots after the parts carries a bias into the product's own sum (splitTailKernel).
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

// Value i of in [rows, cols] goes to part p's place in out: [rows, parts * cols + tail] for
// axis 1, [parts * rows + tail, cols] for axis 0.
__device__ int64_t placeOf(int64_t i, int p, int parts, int tail, int64_t cols, int64_t n, int axis)
{
    if (axis == 0)
        return p * n + i;
    const int64_t row = i / cols;
    return row * (parts * cols + tail) + p * cols + (i - row * cols);
}

__global__ void __launch_bounds__(kThreads) splitTf32Kernel(const float *in, float *out, int64_t n, int64_t cols,
                                                            int parts, int tail, int axis, unsigned highParts)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
        const Parts v(in[i]);
        for (int p = 0; p < parts; ++p)
            out[placeOf(i, p, parts, tail, cols, n, axis)] = v.part(highParts, p);
    }
}

// The same four values at a time: cols and tail multiples of 4, so that a float4 never crosses
// a row and each row starts on 16 bytes.
__global__ void __launch_bounds__(kThreads) splitTf32Kernel4(const float4 *in, float *out, int64_t n, int64_t cols,
                                                             int parts, int tail, int axis, unsigned highParts)
{
    for (int64_t q = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; q < n / 4;
         q += int64_t(gridDim.x) * blockDim.x) {
        const float4 v = in[q];
        const Parts x(v.x), y(v.y), z(v.z), w(v.w);
        for (int p = 0; p < parts; ++p)
            *reinterpret_cast<float4 *>(out + placeOf(q * 4, p, parts, tail, cols, n, axis))
                = make_float4(x.part(highParts, p), y.part(highParts, p), z.part(highParts, p), w.part(highParts, p));
    }
}

// The tail's slots of each line across the axis (a row of out for axis 1, a column for axis 0):
// (lo, hi, 0, ...) of values[line], or (1, 1, 0, ...) without values. One operand's ones times
// the other's bias parts put the bias, exactly, into each entry's sum.
__global__ void __launch_bounds__(kThreads) splitTailKernel(const float *values, float *out, int64_t lines,
                                                            int64_t rows, int64_t cols, int parts, int tail, int axis)
{
    for (int64_t line = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; line < lines;
         line += int64_t(gridDim.x) * blockDim.x) {
        const Parts v(values ? values[line] : 1.0f);
        for (int slot = 0; slot < tail; ++slot) {
            const float value = slot > 1 ? 0.0f : values == nullptr ? 1.0f : slot == 0 ? v.lo : v.hi;
            out[axis == 1 ? line * (parts * cols + tail) + parts * cols + slot : (parts * rows + slot) * cols + line]
                = value;
        }
    }
}

} // namespace

cudaError_t launchSplitTf32(const float *in, float *out, int64_t rows, int64_t cols, int parts, int axis,
                            unsigned highParts, int tail, const float *tailValues, cudaStream_t stream)
{
    const auto blocksFor = [](int64_t items) {
        return int(std::min<int64_t>((items + kThreads - 1) / kThreads, kMostBlocks));
    };
    const int64_t n = rows * cols;
    if (n > 0) {
        const bool quads = cols % 4 == 0 && tail % 4 == 0 && reinterpret_cast<uintptr_t>(in) % 16 == 0
                           && reinterpret_cast<uintptr_t>(out) % 16 == 0;
        if (quads)
            splitTf32Kernel4<<<blocksFor(n / 4), kThreads, 0, stream>>>(reinterpret_cast<const float4 *>(in), out, n,
                                                                        cols, parts, tail, axis, highParts);
        else
            splitTf32Kernel<<<blocksFor(n), kThreads, 0, stream>>>(in, out, n, cols, parts, tail, axis, highParts);
    }
    const int64_t lines = axis == 1 ? rows : cols;
    if (tail > 0 && lines > 0)
        splitTailKernel<<<blocksFor(lines), kThreads, 0, stream>>>(tailValues, out, lines, rows, cols, parts, tail,
                                                                   axis);
    return cudaGetLastError();
}

} // namespace prunescope
