// Kernels that do in one pass over memory what LibTorch does in several. In BERT-style graphs
// every residual sum is read by a layer norm alone; on a GPU in bfloat16 the two are
// memory-bound, so reading both inputs once and writing once saves a kernel and two trips
// through memory; likewise, when scoring, an activation and the gates that follow it, and a
// post-norm encoder's residual sum and layer norm, each with its backward. Comparing masks
// counts the places each pair of masks prunes together, which LibTorch does a pair at a time
// or as products of masks converted to floats. Only a build against a CUDA LibTorch with a
// CUDA compiler at hand has the kernels
// (PRUNESCOPE_CUDA_KERNELS); elsewhere, and for what they do not take, LibTorch's ops.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace prunescope {

// layer_norm(x + residual) over the last `normalizedSize` elements, with `weight` and `bias`
// (undefined: none) of that size. The sum is rounded to x's type as the Add alone would round
// it; mean and biased variance in float32. x and residual broadcast as `+` does.
torch::Tensor addLayerNorm(const torch::Tensor &x, const torch::Tensor &residual, const torch::Tensor &weight,
                           const torch::Tensor &bias, int64_t normalizedSize, double eps);

// layer_norm(residual + branch) over the last axis, with weight and bias (undefined: none), as
// a post-norm encoder (BERT) ends each sublayer; differentiable in residual and branch. One
// kernel forward, where LibTorch writes the float32 sum and reads it back, and one backward,
// which takes both outputs' gradients and gives the branch's in its own type (LibTorch: the
// norm's gradient, a cast, and under autocast the gradients of the three products that read
// the output, each cast to float32 and summed). Under autocast to the branch's type,
// forProducts holds the output rounded to that type: the input the next products cast it to.
// `out` undefined where the kernels do not take it (a build without them, not on a GPU, a
// residual, weight or bias not float32, weights that need a gradient, rows over 8192): the
// caller uses LibTorch's ops.
struct ResidualNorm
{
    torch::Tensor out, forProducts;
};
ResidualNorm residualLayerNorm(const torch::Tensor &residual, const torch::Tensor &branch, const torch::Tensor &weight,
                               const torch::Tensor &bias, double eps);

// activate(activation, x) * gates, gate u over the `span` neighbouring values u * span, ... of
// x's last axis (x [..., units * span], gates [units]): neurons after their activation (span
// 1), heads' context (span: the head size). Differentiable in x and the gates. One pass
// forward and one backward, where LibTorch writes the activation, reads it back for a
// multiply that broadcasts the gates (at half the memory's bandwidth), and reads the gradient
// three times; the same values, and the gates' gradient summed in float32. For "" (no
// activation), "gelu", "gelu_new" and "gelu_pytorch_tanh". Undefined where the kernels do not
// take it (a build without them, x not on a GPU or of another type, another activation, gates
// not of x's width): the caller computes it with LibTorch's ops.
torch::Tensor gatedUnits(const torch::Tensor &x, const torch::Tensor &gates, int64_t span, const std::string &activation);

// A gradient method's per-batch terms of its weights added to their sums: for each weight,
// `sum` += t, or `sum` = t (float32) where undefined, with t = g, or w * g with `product`,
// made absolute with `absolute`, computed in float32 as LibTorch's ops compute it (the same
// bits), where those write the float32 gradient, the product and its absolute value before
// the sum. A few launches for all the weights of one device and types, not one a weight (the
// GPU idles between launches). Returns the positions of the weights the kernel does not take,
// their sums as they were (a build without the kernels; w, g and sum not on one GPU, not
// contiguous, not of one shape; sum not float32): the caller adds those with LibTorch's ops.
struct WeightTerms
{
    torch::Tensor *sum;
    torch::Tensor w, g;
};
std::vector<size_t> addWeightTerms(const std::vector<WeightTerms> &weights, bool product, bool absolute);

// For masks of one shape [rows, columns], one byte a value (uint8 or bool), on one CUDA
// device: [rows, n, n] int64, in row r the columns where masks a and b both hold 0 (a = b:
// mask a's zeros). One pass over the masks as they are, where counting them as products of
// 0/1 rows converts them to half precision first and starts cuBLAS. Undefined where the
// kernel does not take them (a build without CUDA kernels, masks elsewhere or of another
// type, more than 16 masks): the caller counts another way.
torch::Tensor zeroPairCounts(const std::vector<torch::Tensor> &masks);

} // namespace prunescope
