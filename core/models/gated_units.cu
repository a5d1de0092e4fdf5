// The kernels behind gatedUnits (fused_kernels.h). Forward: y = act(x) * gate, one read of x
// and one write of y, where LibTorch writes act(x) and reads it back for a broadcast multiply
// (a strided kernel, at half the card's bandwidth). Backward: dx = dy * gate * act'(x) and
// each column's sum of dy * act(x) in one read of dy and x; two small kernels add the tiles'
// sums of each column, then the columns of each unit. Every value is rounded where LibTorch's separate ops round it, so
// with gates of 0 and 1 the outputs are the same bits; the gates' gradient is summed in
// float32 throughout, in a fixed order (the same bits run after run, and in a CUDA graph).
//
// A block is a tile of rows and columns: each thread holds V neighbouring columns (one 16-byte
// load) and its gates in registers and walks the tile's rows, so that neighbouring threads
// read neighbouring memory and no thread divides an index.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it
#include "kernel_values.cuh"

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace prunescope {

namespace {

constexpr int kThreads = 128;
constexpr int kSumThreads = 256;
// Blocks of kThreads an SM should hold at once (it bounds the registers a thread takes: 128
// at 4; at 8, 64 registers, the backward spilled to local memory and ran at 1.3 TB/s instead
// of 2.3 on an H100 at BERT-large's FFN, 16384 x 4096 bf16), and rows whose loads a thread
// issues before it waits on the first: enough bytes in flight to keep the memory busy.
constexpr int kBlocksPerSm = 4;
constexpr int kTotalColumns = 32, kTileGroups = 32;
constexpr int kRowsInFlight = 4;
// The forward in tiles takes 96 registers a thread and 0.118 ms at BERT-large's FFN (16384 x
// 4096 bf16 on an H100), where LibTorch's GELU takes 0.097; tiles of 8 or 4 rows instead of
// 32, for a shorter last wave, took 0.123 and 0.141. The forward sums nothing, so it can also
// take the tensor as LibTorch's elementwise kernels do, as one row of packs of V values, a few
// packs a thread (kForwardPacks) and neighbouring threads on neighbouring packs: 48 registers,
// so that an SM holds more threads and the erf of some overlaps the loads of others. Not yet
// timed on a GPU, so the runtime keeps the tiles; bench/kernels/gated_variants.sh builds and
// times it (forward-by-packs), with the same values.
constexpr bool kForwardByPacks = false;
constexpr int kPackThreads = 256, kForwardPacks = 2;

// The constants of LibTorch's GELU kernels, in float32 as they compute.
constexpr float kSqrtHalf = 0.70710678118654752440F;        // 1 / sqrt(2)
constexpr float kNormalDensity = 0.39894228040143267794F;   // 1 / sqrt(2 pi)
constexpr float kSqrtTwoOverPi = 0.79788456080286535588F;   // sqrt(2 / pi)
constexpr float kCubic = 0.044715F;

template<GateActivation A>
__device__ float activated(float x)
{
    if constexpr (A == GateActivation::Gelu)
        return x * 0.5F * (1.0F + erff(x * kSqrtHalf));
    else if constexpr (A == GateActivation::GeluTanh)
        return 0.5F * x * (1.0F + tanhf(kSqrtTwoOverPi * (x + kCubic * (x * x * x))));
    else
        return x;
}

// act(x) and act'(x), with the one erf or tanh both need (each as LibTorch's forward and
// backward kernels compute it).
template<GateActivation A>
__device__ void activatedWithDerivative(float x, float &value, float &derivative)
{
    if constexpr (A == GateActivation::Gelu) {
        const float e = erff(x * kSqrtHalf);
        value = x * 0.5F * (1.0F + e);
        derivative = 0.5F * (1.0F + e) + x * (expf(-0.5F * x * x) * kNormalDensity);
    } else if constexpr (A == GateActivation::GeluTanh) {
        const float square = x * x;
        const float t = tanhf(kSqrtTwoOverPi * (x + kCubic * (square * x)));
        value = 0.5F * x * (1.0F + t);
        derivative = 0.5F * (1.0F + t) + 0.5F * x * (1.0F - t * t) * (kSqrtTwoOverPi * (1.0F + 3.0F * kCubic * square));
    } else {
        value = x;
        derivative = 1.0F;
    }
}

// The columns a thread holds start at `column`, a multiple of V; `gate[j]` is the gate of
// column + j, rounded to T as the gates LibTorch multiplies by are. Neurons (span 1) have a
// gate a column; where V divides the span (a head's values) the V columns share one.
template<typename T, int V>
__device__ void loadGates(const float *gates, int64_t column, int64_t span, float *gate)
{
    if (span == 1) {
#pragma unroll
        for (int j = 0; j < V; ++j)
            gate[j] = rounded<T>(gates[column + j]);
    } else if (span % V == 0) {
        const float shared = rounded<T>(gates[column / span]);
#pragma unroll
        for (int j = 0; j < V; ++j)
            gate[j] = shared;
    } else {
#pragma unroll
        for (int j = 0; j < V; ++j)
            gate[j] = rounded<T>(gates[(column + j) / span]);
    }
}

template<typename T, int V, GateActivation A>
__global__ void __launch_bounds__(kThreads, kBlocksPerSm)
    gatedForward(const T *__restrict__ x, const float *__restrict__ gates, T *__restrict__ y, int64_t rows, int64_t cols,
                 int64_t span, int64_t tileRows)
{
    using P = Pack<T, V>;
    const int64_t column = (int64_t(blockIdx.x) * kThreads + threadIdx.x) * V;
    if (column >= cols)
        return;
    float gate[V];
    loadGates<T, V>(gates, column, span, gate);
    const int64_t first = int64_t(blockIdx.y) * tileRows, last = first + tileRows < rows ? first + tileRows : rows;
    for (int64_t r0 = first; r0 < last; r0 += kRowsInFlight) {
        P in[kRowsInFlight];
#pragma unroll
        for (int k = 0; k < kRowsInFlight; ++k)
            if (r0 + k < last)
                in[k] = *reinterpret_cast<const P *>(x + (r0 + k) * cols + column);
#pragma unroll
        for (int k = 0; k < kRowsInFlight; ++k) {
            if (r0 + k >= last)
                break;
            P out;
#pragma unroll
            for (int j = 0; j < V; ++j)
                fromFloat(rounded<T>(activated<A>(toFloat(in[k].v[j]))) * gate[j], out.v[j]);
            *reinterpret_cast<P *>(y + (r0 + k) * cols + column) = out;
        }
    }
}

// The same with x and y as `packs` packs of V values, `rowPacks` of them a row.
template<typename T, int V, GateActivation A>
__global__ void __launch_bounds__(kPackThreads)
    gatedForwardByPacks(const T *__restrict__ x, const float *__restrict__ gates, T *__restrict__ y, int64_t packs,
                        int64_t rowPacks, int64_t span)
{
    using P = Pack<T, V>;
    const int64_t first = int64_t(blockIdx.x) * kPackThreads * kForwardPacks + threadIdx.x;
    P in[kForwardPacks];
#pragma unroll
    for (int k = 0; k < kForwardPacks; ++k)
        if (first + k * kPackThreads < packs)
            in[k] = reinterpret_cast<const P *>(x)[first + k * kPackThreads];
#pragma unroll
    for (int k = 0; k < kForwardPacks; ++k) {
        const int64_t pack = first + k * kPackThreads;
        if (pack < packs) {
            float gate[V];
            loadGates<T, V>(gates, pack % rowPacks * V, span, gate);
            P out;
#pragma unroll
            for (int j = 0; j < V; ++j)
                fromFloat(rounded<T>(activated<A>(toFloat(in[k].v[j]))) * gate[j], out.v[j]);
            reinterpret_cast<P *>(y)[pack] = out;
        }
    }
}

// dx where asked for (dx not null); the tile's sum of dy * act(x) for each column into
// columnSums[blockIdx.y][column] where asked for (columnSums not null).
template<typename T, int V, GateActivation A>
__global__ void __launch_bounds__(kThreads, kBlocksPerSm)
    gatedBackward(const T *__restrict__ dy, const T *__restrict__ x, const float *__restrict__ gates,
                  T *__restrict__ dx, float *__restrict__ columnSums, int64_t rows, int64_t cols, int64_t span,
                  int64_t tileRows)
{
    using P = Pack<T, V>;
    const int64_t column = (int64_t(blockIdx.x) * kThreads + threadIdx.x) * V;
    if (column >= cols)
        return;
    float gate[V], sum[V] = {};
    loadGates<T, V>(gates, column, span, gate);
    const int64_t first = int64_t(blockIdx.y) * tileRows, last = first + tileRows < rows ? first + tileRows : rows;
    for (int64_t r0 = first; r0 < last; r0 += kRowsInFlight) {
        P g[kRowsInFlight], in[kRowsInFlight];
#pragma unroll
        for (int k = 0; k < kRowsInFlight; ++k)
            if (r0 + k < last) {
                g[k] = *reinterpret_cast<const P *>(dy + (r0 + k) * cols + column);
                in[k] = *reinterpret_cast<const P *>(x + (r0 + k) * cols + column);
            }
#pragma unroll
        for (int k = 0; k < kRowsInFlight; ++k) {
            if (r0 + k >= last)
                break;
            P out;
#pragma unroll
            for (int j = 0; j < V; ++j) {
                const float grad = toFloat(g[k].v[j]);
                float value, derivative;
                activatedWithDerivative<A>(toFloat(in[k].v[j]), value, derivative);
                if (columnSums)
                    sum[j] += grad * rounded<T>(value);
                // LibTorch: the multiply's gradient (dy * gate, rounded), then the activation's
                fromFloat(rounded<T>(grad * gate[j]) * derivative, out.v[j]);
            }
            if (dx)
                *reinterpret_cast<P *>(dx + (r0 + k) * cols + column) = out;
        }
    }
    if (columnSums)
#pragma unroll
        for (int j = 0; j < V; ++j)
            columnSums[int64_t(blockIdx.y) * cols + column + j] = sum[j];
}

// The sum over the tiles of each column: a block 32 columns (a warp reads 128 neighbouring
// bytes) and 32 groups of tiles, added in a fixed order. Into unitSums where a unit is one
// column, else into the first tile's row, which unitTotals then sums a unit at a time.
__global__ void __launch_bounds__(kTotalColumns * kTileGroups)
    columnTotals(float *columnSums, float *unitSums, int64_t tiles, int64_t cols, int64_t span)
{
    __shared__ float partial[kTileGroups][kTotalColumns + 1];
    const int64_t column = int64_t(blockIdx.x) * kTotalColumns + threadIdx.x;
    float sum = 0.0F;
    if (column < cols)
        for (int64_t t = threadIdx.y; t < tiles; t += kTileGroups)
            sum += columnSums[t * cols + column];
    partial[threadIdx.y][threadIdx.x] = sum;
    __syncthreads(); // every read of the first tile's row is done before it is written
    if (threadIdx.y != 0 || column >= cols)
        return;
    for (int g = 1; g < kTileGroups; ++g)
        sum += partial[g][threadIdx.x];
    (span == 1 ? unitSums : columnSums)[column] = sum;
}

// unitSums[u] = the sum of the first row's columns of unit u: a block a unit.
__global__ void __launch_bounds__(kSumThreads) unitTotals(const float *columnTotals, float *unitSums, int64_t span)
{
    __shared__ float partial[kSumThreads / kWarp];
    const int64_t unit = blockIdx.x;
    float sum = 0.0F;
    for (int64_t i = threadIdx.x; i < span; i += kSumThreads)
        sum += columnTotals[unit * span + i];
    sum = blockSum(sum, partial);
    if (threadIdx.x == 0)
        unitSums[unit] = sum;
}

struct Grid
{
    dim3 blocks;
    int64_t tileRows;
};

// Tiles of about kGatedTileRows rows (more where the rows outnumber the grid's second
// dimension), as many across as the columns need.
template<int V>
Grid gridFor(int64_t rows, int64_t cols)
{
    const int64_t tiles = gatedUnitTiles(rows);
    const int64_t across = (cols / V + kThreads - 1) / kThreads;
    return {dim3(unsigned(across), unsigned(tiles)), (rows + tiles - 1) / tiles};
}

template<typename T, int V, GateActivation A>
cudaError_t launchForward(const void *x, const float *gates, void *y, int64_t rows, int64_t cols, int64_t span,
                          cudaStream_t stream)
{
    if constexpr (kForwardByPacks) {
        constexpr int64_t perBlock = int64_t(kPackThreads) * kForwardPacks;
        const int64_t packs = rows * (cols / V), blocks = (packs + perBlock - 1) / perBlock;
        if (blocks > 0x7fffffff) // the grid's first dimension
            return cudaErrorInvalidValue;
        gatedForwardByPacks<T, V, A><<<unsigned(blocks), kPackThreads, 0, stream>>>(
            static_cast<const T *>(x), gates, static_cast<T *>(y), packs, cols / V, span);
    } else {
        const Grid grid = gridFor<V>(rows, cols);
        gatedForward<T, V, A><<<grid.blocks, kThreads, 0, stream>>>(static_cast<const T *>(x), gates,
                                                                     static_cast<T *>(y), rows, cols, span, grid.tileRows);
    }
    return cudaGetLastError();
}

template<typename T, int V, GateActivation A>
cudaError_t launchBackward(const void *dy, const void *x, const float *gates, void *dx, float *columnSums,
                           float *unitSums, int64_t rows, int64_t cols, int64_t span, cudaStream_t stream)
{
    const Grid grid = gridFor<V>(rows, cols);
    gatedBackward<T, V, A><<<grid.blocks, kThreads, 0, stream>>>(
        static_cast<const T *>(dy), static_cast<const T *>(x), gates, static_cast<T *>(dx),
        unitSums ? columnSums : nullptr, rows, cols, span, grid.tileRows);
    if (!unitSums || cudaPeekAtLastError() != cudaSuccess)
        return cudaGetLastError();
    columnTotals<<<unsigned((cols + kTotalColumns - 1) / kTotalColumns), dim3(kTotalColumns, kTileGroups), 0, stream>>>(
        columnSums, unitSums, int64_t(grid.blocks.y), cols, span);
    if (span > 1 && cudaPeekAtLastError() == cudaSuccess)
        unitTotals<<<unsigned(cols / span), kSumThreads, 0, stream>>>(columnSums, unitSums, span);
    return cudaGetLastError();
}

// f(std::integral_constant<GateActivation, A>()) for the activation A: the kernels take it as a
// template argument. An unknown activation is an invalid value.
template<typename F>
cudaError_t withActivation(GateActivation activation, F &&f)
{
    switch (activation) {
    case GateActivation::Identity:
        return f(std::integral_constant<GateActivation, GateActivation::Identity>());
    case GateActivation::Gelu:
        return f(std::integral_constant<GateActivation, GateActivation::Gelu>());
    case GateActivation::GeluTanh:
        return f(std::integral_constant<GateActivation, GateActivation::GeluTanh>());
    }
    return cudaErrorInvalidValue;
}

bool validShape(int64_t rows, int64_t cols, int64_t span)
{
    return rows >= 0 && cols > 0 && span > 0 && cols % span == 0 && cols / span <= 0x7fffffff;
}

} // namespace

int64_t gatedUnitTiles(int64_t rows)
{
    return std::clamp<int64_t>((rows + kGatedTileRows - 1) / kGatedTileRows, 1, 65535);
}

cudaError_t launchGatedUnits(const void *x, const float *gates, void *y, int64_t rows, int64_t cols, int64_t span,
                             GateActivation activation, KernelType type, cudaStream_t stream)
{
    if (!validShape(rows, cols, span))
        return cudaErrorInvalidValue;
    if (rows == 0)
        return cudaSuccess;
    return withValueType(type, [&](auto value) {
        using T = typename decltype(value)::type;
        constexpr int V = int(16 / sizeof(T)); // 16-byte accesses where every row starts on 16 bytes
        const bool wide = cols % V == 0 && aligned16(x) && aligned16(y);
        return withActivation(activation, [&](auto act) {
            constexpr GateActivation A = decltype(act)::value;
            return wide ? launchForward<T, V, A>(x, gates, y, rows, cols, span, stream)
                        : launchForward<T, 1, A>(x, gates, y, rows, cols, span, stream);
        });
    });
}

cudaError_t launchGatedUnitsBackward(const void *dy, const void *x, const float *gates, void *dx, float *columnSums,
                                     float *unitSums, int64_t rows, int64_t cols, int64_t span,
                                     GateActivation activation, KernelType type, cudaStream_t stream)
{
    if (!validShape(rows, cols, span) || (unitSums && !columnSums))
        return cudaErrorInvalidValue;
    if (rows == 0) // no rows: the gates' gradient is 0
        return unitSums ? cudaMemsetAsync(unitSums, 0, size_t(cols / span) * sizeof(float), stream) : cudaSuccess;
    return withValueType(type, [&](auto value) {
        using T = typename decltype(value)::type;
        constexpr int V = int(16 / sizeof(T));
        const bool wide = cols % V == 0 && aligned16(dy) && aligned16(x) && (!dx || aligned16(dx));
        return withActivation(activation, [&](auto act) {
            constexpr GateActivation A = decltype(act)::value;
            return wide ? launchBackward<T, V, A>(dy, x, gates, dx, columnSums, unitSums, rows, cols, span, stream)
                        : launchBackward<T, 1, A>(dy, x, gates, dx, columnSums, unitSums, rows, cols, span, stream);
        });
    });
}

} // namespace prunescope
