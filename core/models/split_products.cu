// The kernel behind splitFloat32Linear (split_products.h): each float32 value v as the TF32
// value nearest to it (hi) and the rest (lo = v - hi, exact), written two or three times side
// by side, each part hi or lo, as the products of the parts want them: one read of v, no
// temporary tensor for hi and lo. Four values a thread where a row's length allows. A tail of
// slots after the parts carries a bias into the product's own sum (Layout::tailAfter).
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

// Where the parts and the tail go: in [rows, cols] (n values) to out [rows, parts * cols + tail]
// for axis 1, [parts * rows + tail, cols] for axis 0.
struct Layout
{
    int64_t n, cols;
    int parts, tail, axis;
    unsigned highParts;
    const float *tailValues; // a value for each line across the axis, or null for ones

    // Value i's part p.
    __device__ int64_t placeOf(int64_t i, int p) const
    {
        if (axis == 0)
            return p * n + i;
        const int64_t row = i / cols;
        return row * (parts * cols + tail) + p * cols + (i - row * cols);
    }

    // The tail of each line across the axis (a row of out for axis 1, a column for axis 0) is
    // written with its line's last value (axis 1) or first (axis 0): (lo, hi, 0, ...) of
    // tailValues[line], or (1, 1, 0, ...). One operand's ones times the other's bias parts put
    // the bias, exactly, into each entry's sum.
    __device__ void tailAfter(int64_t i, float *out) const
    {
        if (tail == 0 || (axis == 1 ? (i + 1) % cols != 0 : i >= cols))
            return;
        const int64_t line = axis == 1 ? i / cols : i;
        // Where a part p = parts of the line's first value would go, one slot apart along the axis.
        const int64_t start = placeOf(axis == 1 ? line * cols : line, parts), step = axis == 1 ? 1 : cols;
        const Parts v(tailValues ? tailValues[line] : 1.0f);
        for (int slot = 0; slot < tail; ++slot)
            out[start + slot * step] = slot > 1 ? 0.0f : tailValues == nullptr ? 1.0f : slot == 0 ? v.lo : v.hi;
    }
};

__global__ void __launch_bounds__(kThreads) splitTf32Kernel(const float *in, float *out, Layout layout)
{
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < layout.n;
         i += int64_t(gridDim.x) * blockDim.x) {
        const Parts v(in[i]);
        for (int p = 0; p < layout.parts; ++p)
            out[layout.placeOf(i, p)] = v.part(layout.highParts, p);
        layout.tailAfter(i, out);
    }
}

// The same four values at a time: cols and tail multiples of 4, so that a float4 never crosses
// a row and each row starts on 16 bytes.
__global__ void __launch_bounds__(kThreads) splitTf32Kernel4(const float4 *in, float *out, Layout layout)
{
    for (int64_t q = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; q < layout.n / 4;
         q += int64_t(gridDim.x) * blockDim.x) {
        const float4 v = in[q];
        const Parts x(v.x), y(v.y), z(v.z), w(v.w);
        const unsigned high = layout.highParts;
        for (int p = 0; p < layout.parts; ++p)
            *reinterpret_cast<float4 *>(out + layout.placeOf(q * 4, p))
                = make_float4(x.part(high, p), y.part(high, p), z.part(high, p), w.part(high, p));
        for (int j = layout.axis == 1 ? 3 : 0; j < 4; ++j) // a row ends on a quad's last value
            layout.tailAfter(q * 4 + j, out);
    }
}

} // namespace

cudaError_t launchSplitTf32(const float *in, float *out, int64_t rows, int64_t cols, int parts, int axis,
                            unsigned highParts, int tail, const float *tailValues, cudaStream_t stream)
{
    const Layout layout{rows * cols, cols, parts, tail, axis, highParts, tailValues};
    if (layout.n == 0) // a line's tail is written with its values: a line without any takes none
        return tail > 0 && (axis == 1 ? rows : cols) > 0 ? cudaErrorInvalidValue : cudaSuccess;
    const bool quads = cols % 4 == 0 && tail % 4 == 0 && reinterpret_cast<uintptr_t>(in) % 16 == 0
                       && reinterpret_cast<uintptr_t>(out) % 16 == 0;
    const int64_t items = quads ? layout.n / 4 : layout.n;
    const int blocks = int(std::min<int64_t>((items + kThreads - 1) / kThreads, kMostBlocks));
    if (quads)
        splitTf32Kernel4<<<blocks, kThreads, 0, stream>>>(reinterpret_cast<const float4 *>(in), out, layout);
    else
        splitTf32Kernel<<<blocks, kThreads, 0, stream>>>(in, out, layout);
    return cudaGetLastError();
}

} // namespace prunescope
