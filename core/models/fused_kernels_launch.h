// The launchers of fused_kernels.cu and pair_counts.cu, in plain C++ and CUDA types: nvcc
// compiles those files without LibTorch's headers (slow there, and fragile), fused_kernels.cpp
// calls them. Internal to those files.
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>

namespace prunescope {

// The widest row the kernel takes: 1024 threads of a block holding 8 values each.
inline constexpr int64_t kAddLayerNormWidestRow = 8192;

enum class KernelType { Float32, Float16, BFloat16 };

// out = layer_norm(x + residual) row by row, on `stream`: `rows` contiguous rows of `cols`
// values each, `weight` and `bias` (null: none) of `cols`. Returns the launch's error.
cudaError_t launchAddLayerNorm(const void *x, const void *residual, const void *weight, const void *bias, void *out,
                               int64_t rows, int64_t cols, float eps, KernelType type, cudaStream_t stream);

// The most masks and rows launchZeroPairCounts takes: a thread keeps a count for each pair
// of masks in registers, and the rows are the grid's second dimension.
inline constexpr int kZeroPairMasks = 16;
inline constexpr int64_t kZeroPairRows = 65535;

// For each of the `rows` rows of `columns` bytes of the n masks (row r of mask i at
// masks[i] + r * columns), adds to out[r][a][b] the columns where masks a and b both hold 0
// (a = b: mask a's zeros); out holds rows * n * n counters. On `stream`; returns the launch's
// error.
cudaError_t launchZeroPairCounts(const uint8_t *const *masks, int n, int64_t rows, int64_t columns,
                                 unsigned long long *out, cudaStream_t stream);

} // namespace prunescope
