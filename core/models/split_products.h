// Float32 matrix products on a GPU's tensor cores. A GPU with TF32 tensor cores (compute
// capability 8.0 and later) multiplies TF32 values (float32's range, 10 bits of mantissa)
// several times faster than it runs float32 products on its other cores (an H100: 495 against
// 67 TFLOP/s at most). Each float32 value v is its nearest TF32 value hi and the rest
// lo = v - hi (exact, |lo| <= 2^-11 |v|), so a b = a_hi b_hi + a_hi b_lo + a_lo b_hi +
// a_lo b_lo; the last term is at most 2^-22 |a b|. The first three products ("3xTF32"), run as
// one product over three times the inner dimension, leave each term within 2.5 * 2^-21 of
// itself (lo is rounded to TF32 on the way in). The tensor cores' float32 sums cut toward
// zero where IEEE sums round: on an H100, BERT-base's query/key/value product (its bias a term
// of the sum) came out pulled toward zero by 7.2e-8 of its terms' magnitudes on average,
// LibTorch's by 1.0e-11. Each addition loses up to a unit in the last place of the sum so far,
// which small terms summed after the large ones would each lose, so the small terms come first
// (kLeftParts, split_products.cpp), and that product is 6.2e-7 of its terms' magnitudes from
// the exact one at most, LibTorch's 3.3e-7 (bench/results/device-round-h100-capture-time.log).
// Taylor scores in tf32x3 are 1.6e-5 (BERT-base) and 6.5e-5 (BERT-large, GPT-2 XL) from
// PyTorch's float32 ones, where PruneScope's IEEE products give 1e-6 to 2.8e-5 and bf16
// 1.2e-2 (bench/results/device-round-h100-tf32x3.log). A user asks for them as precision
// tf32x3 (device.h). Only a build against a CUDA LibTorch with a CUDA compiler at hand has
// them (PRUNESCOPE_CUDA_KERNELS).
#pragma once

#include <torch/types.h>

#include <string>

namespace prunescope {

// Empty where float32 products on `device` can be split: a build with the kernels and a GPU of
// compute capability 8.0 or later; else why not, for a message.
std::string whyNoFloat32Split(const torch::Device &device);
// Whether float32 products on `device` are split on this thread now: they can be, and a
// tf32x3 AutocastScope (device.h) is open. Elsewhere float32 products run as LibTorch runs
// them (IEEE float32, TF32 off, as in PyTorch by default).
bool splitsFloat32Products(const torch::Device &device);
// This thread's switch, which AutocastScope sets; returns what it was.
bool setFloat32ProductSplit(bool on);

// x W^T + b (w [out, in], nn.Linear's layout) or x W + b (inputMajor: w [in, out], GPT-2's
// Conv1D), x [..., in], b [out] or undefined, as split products; differentiable in x, w and b,
// whose gradients (dy W, dy^T x) are split products too; b is two terms more of each output's
// sum. Where w takes a gradient, x's parts are kept from the forward for it: three copies of
// x held until the backward, where LibTorch's product holds x. Undefined where it does not take
// them: not all float32 on one GPU that splitsFloat32Products, or under autocast there. The
// caller then uses LibTorch's products.
torch::Tensor splitFloat32Linear(const torch::Tensor &x, const torch::Tensor &w, const torch::Tensor &b,
                                 bool inputMajor);

} // namespace prunescope
