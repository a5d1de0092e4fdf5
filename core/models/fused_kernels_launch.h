// The launchers of fused_kernels.cu, gated_units.cu, residual_norm.cu, weight_terms.cu,
// pair_counts.cu and split_products.cu, in plain C++ and CUDA types: nvcc compiles those files
// without LibTorch's headers (slow there, and fragile), fused_kernels.cpp and split_products.cpp
// call them. Internal to those files.
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>

namespace prunescope {

// The widest row the layer norm kernels (launchAddLayerNorm, launchResidualNorm) take: a block
// a row, 1024 threads holding 8 values each.
inline constexpr int kNormValuesPerThread = 8;
inline constexpr int64_t kWidestNormRow = 1024 * kNormValuesPerThread;

enum class KernelType { Float32, Float16, BFloat16 };

// out = layer_norm(x + residual) row by row, on `stream`: `rows` contiguous rows of `cols`
// values each, `weight` and `bias` (null: none) of `cols`. Returns the launch's error.
cudaError_t launchAddLayerNorm(const void *x, const void *residual, const void *weight, const void *bias, void *out,
                               int64_t rows, int64_t cols, float eps, KernelType type, cudaStream_t stream);

// out = layer_norm(residual + branch) row by row: `rows` contiguous rows of `cols` values,
// residual, weight, bias (null: none) and out float32, branch of `branchType`; `rounded` (null:
// not wanted) gets out rounded to branchType, means and scales each row's mean and
// 1 / standard deviation. On `stream`; returns the launch's error.
cudaError_t launchResidualNorm(const float *residual, const void *branch, const float *weight, const float *bias,
                               float *out, void *rounded, float *means, float *scales, int64_t rows, int64_t cols,
                               float eps, KernelType branchType, cudaStream_t stream);

// Its backward for the gradients of out (dOut, float32) and of rounded (dRounded, branchType;
// either null where none came): the gradient of the sum, into dResidual (float32) and dBranch
// (branchType), each where not null.
cudaError_t launchResidualNormBackward(const float *dOut, const void *dRounded, const float *residual,
                                       const void *branch, const float *weight, const float *means,
                                       const float *scales, float *dResidual, void *dBranch, int64_t rows,
                                       int64_t cols, KernelType branchType, cudaStream_t stream);

// The activation launchGatedUnits applies before the gates: none, GELU with erf (transformers'
// "gelu") or with tanh ("gelu_new", "gelu_pytorch_tanh"), in LibTorch's formulas.
enum class GateActivation { Identity, Gelu, GeluTanh };

// Rows a block of the gated-unit kernels walks, about: the gates' gradient is summed a tile of
// rows at a time, gatedUnitTiles(rows) tiles (at most 65535, the grid's second dimension).
inline constexpr int64_t kGatedTileRows = 32;
int64_t gatedUnitTiles(int64_t rows);

// y = act(x) * gates[c / span] for `rows` contiguous rows of `cols` values of `type` (a
// multiple of span), gates float32 [cols / span]. On `stream`; returns the launch's error.
cudaError_t launchGatedUnits(const void *x, const float *gates, void *y, int64_t rows, int64_t cols, int64_t span,
                             GateActivation activation, KernelType type, cudaStream_t stream);

// Its backward for the gradient dy of y: dx = dy * gates[c / span] * act'(x) where dx is not
// null; unitSums[u] = the sum over rows and the columns of unit u of dy * act(x) where
// unitSums is not null, through columnSums, float32 [gatedUnitTiles(rows), cols].
cudaError_t launchGatedUnitsBackward(const void *dy, const void *x, const float *gates, void *dx, float *columnSums,
                                     float *unitSums, int64_t rows, int64_t cols, int64_t span,
                                     GateActivation activation, KernelType type, cudaStream_t stream);

// One weight of launchWeightTerms: its `count` values w (not read without `product`), their
// gradients g and their float32 sums, read where `add`.
struct WeightTermsTensor
{
    const void *w;
    const void *g;
    float *sum;
    int64_t count;
    bool add;
};

// For each of the n weights (w of wType, g of gType): sum[i] = term, or sum[i] + term where
// `add`, with term = g, or w * g with `product`, made absolute with `absolute`; in float32,
// each operation rounded on its own. A launch for up to 32 weights, on `stream`; returns the
// first launch's error.
cudaError_t launchWeightTerms(const WeightTermsTensor *tensors, int64_t n, KernelType wType, KernelType gType,
                              bool product, bool absolute, cudaStream_t stream);

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

// The slots after a split operand's parts that carry a bias (launchSplitTf32): 2 would do, 4
// keep the rows on 16 bytes.
inline constexpr int kSplitTailSlots = 4;

// For in, `rows` contiguous rows of `cols` float32 values: out gets `parts` parts side by side
// along `axis` and then `tail` slots (1: out [rows, parts * cols + tail], each row its parts in
// turn; 0: out [parts * rows + tail, cols], the parts one after another), part p each value's
// high part (the TF32 value nearest to it) where bit p of highParts is set, its low part (the
// value minus the high part) where not. The tail of each line across the axis holds (lo, hi,
// 0, ...) of tailValues[line] (rows values for axis 1, cols for axis 0), or (1, 1, 0, ...)
// where tailValues is null; a tail after empty lines (cols 0 for axis 1, rows 0 for axis 0) is
// refused. On `stream`; returns the launch's error.
cudaError_t launchSplitTf32(const float *in, float *out, int64_t rows, int64_t cols, int parts, int axis,
                            unsigned highParts, int tail, const float *tailValues, cudaStream_t stream);

} // namespace prunescope
