// The launcher of fused_kernels.cu, in plain C++ and CUDA types: nvcc compiles that file
// without LibTorch's headers (slow there, and fragile), fused_kernels.cpp calls it. Internal
// to those two files.
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

} // namespace prunescope
