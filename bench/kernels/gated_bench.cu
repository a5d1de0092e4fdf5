// Times launchGatedUnits and launchGatedUnitsBackward (core/models/gated_units.cu) in bf16 on
// BERT-large's shapes: its FFN (4096 neurons, GELU) and its heads' contexts (16 heads of 64,
// no activation), at batch 64 x 256 and 32 x 128 tokens; each the median of 7 timings of 20
// launches after 5, by CUDA events. Built by gated_variants.sh.
#include "bench_timing.cuh"
#include "fused_kernels_launch.h"
#include <cstdio>
#include <vector>
using namespace prunescope;

int main()
{
    struct Case
    {
        const char *name;
        int64_t rows, cols, span;
        GateActivation act;
    };
    const Case cases[] = { { "ffn 64x256 gelu", 16384, 4096, 1, GateActivation::Gelu },
        { "heads 64x256 id", 16384, 1024, 64, GateActivation::Identity },
        { "ffn 32x128 gelu", 4096, 4096, 1, GateActivation::Gelu },
        { "heads 32x128 id", 4096, 1024, 64, GateActivation::Identity } };
    for (const Case &c : cases) {
        const int64_t n = c.rows * c.cols;
        __nv_bfloat16 *dy, *x, *dx, *y;
        float *gates, *colSums, *unitSums;
        cudaMalloc(&dy, n * 2);
        cudaMalloc(&x, n * 2);
        cudaMalloc(&dx, n * 2);
        cudaMalloc(&y, n * 2);
        cudaMalloc(&gates, c.cols / c.span * 4);
        cudaMalloc(&colSums, gatedUnitTiles(c.rows) * c.cols * 4);
        cudaMalloc(&unitSums, c.cols / c.span * 4);
        fill<<<1024, 256>>>(dy, n, 1);
        fill<<<1024, 256>>>(x, n, 2);
        std::vector<float> ones(c.cols / c.span, 1.0f);
        cudaMemcpy(gates, ones.data(), ones.size() * 4, cudaMemcpyHostToDevice);
        const float fwd
            = timeIt([&] { launchGatedUnits(x, gates, y, c.rows, c.cols, c.span, c.act, KernelType::BFloat16, 0); });
        const float bwd = timeIt([&] {
            launchGatedUnitsBackward(
                dy, x, gates, dx, colSums, unitSums, c.rows, c.cols, c.span, c.act, KernelType::BFloat16, 0);
        });
        const float bwdNoSums = timeIt([&] {
            launchGatedUnitsBackward(
                dy, x, gates, dx, nullptr, nullptr, c.rows, c.cols, c.span, c.act, KernelType::BFloat16, 0);
        });
        const double mb = n * 2 / 1e6;
        printf("%-18s fwd %.4f ms (%.0f GB/s)  bwd %.4f ms (%.0f GB/s)  bwd without sums %.4f ms  [%s]\n", c.name, fwd,
            2 * mb / fwd, bwd, 3 * mb / bwd, bwdNoSums, cudaGetErrorString(cudaGetLastError()));
        cudaFree(dy);
        cudaFree(x);
        cudaFree(dx);
        cudaFree(y);
        cudaFree(gates);
        cudaFree(colSums);
        cudaFree(unitSums);
    }
}
