// SparseGPT (Frantar & Alistarh 2023, "SparseGPT: Massive Language Models Can Be Accurately
// Pruned in One-Shot"): every prunable matrix pruned layer by layer over calibration data,
// the weights that stay updated to make up for those pruned.
//   Layer l (the layers before it already pruned and updated): the inputs x of each of its
//   matrices over the real (non-padding) tokens give H = 2/N sum x x^T; matrices that read
//   the same input (q, k, v) share one. Then per matrix, W [out, in] in float32:
//     dead inputs (H_ii = 0): H_ii = 1 and W[:, i] = 0;
//     H += lambda I with lambda = dampening * mean(diag H);
//     U = the upper Cholesky factor of H^-1 (cholesky, cholesky_inverse, cholesky upper);
//     the columns in blocks of B. The mask comes from the saliency w^2 / U_ii^2: unstructured,
//     the round(sparsity * rows * B) lowest of the block as the block starts (ties by
//     position); n:m, in each row the m - n lowest of every m columns as the first of them
//     is reached. Column by column: q = w with its pruned entries 0, err = (w - q) / U_ii,
//     W[:, i:end of block] -= err U[i, i:end of block]; after the block the rest of W
//     takes the block's errors at once, W[:, end:] -= Err U[block, end:] (lazy batch update).
//   The result goes back into the parameter in its own dtype (bf16 stays bf16).
// The forward passes for layer l stop after layer l (layer_hessians.h), so pruning L layers
// costs about L/2 full passes, and only one layer's Hessians exist at a time.
#pragma once

#include "core/models/model.h"
#include "core/scoring/score_map.h"
#include "core/support/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace prunescope {

struct SparseGptOptions
{
    double sparsity = 0.5;   // unstructured: the share pruned in every block; ignored with a pattern
    int64_t n = 0, m = 0;    // n:m: n of every m consecutive inputs kept in each row; 0:0 unstructured
    double dampening = 0.01; // lambda = dampening * mean(diag H)
    int64_t blockSize = 128; // B; a multiple of m with a pattern

    bool pattern() const { return m > 0; }
    double prunedShare() const { return pattern() ? double(m - n) / double(m) : sparsity; }
};

// `options` when they are usable; else an Error naming the option at fault.
SparseGptOptions checkedSparseGptOptions(const SparseGptOptions &options);

// One matrix pruned: the new weight [out, in] (float32), the mask (bool, true = kept), the
// OBS estimate of the error sum (w - q)^2 / (2 U_ii^2) and the number of dead inputs.
struct PrunedMatrix
{
    torch::Tensor weight;
    torch::Tensor keep;
    double error = 0;
    int64_t deadInputs = 0;
};

// The algorithm above for one weight [out, in] and its Hessian [in, in], on their device;
// `name` is for messages (a Hessian that is not positive definite after dampening).
PrunedMatrix pruneWithHessian(const torch::Tensor &weight, const torch::Tensor &hessian, const SparseGptOptions &options,
                              const std::string &name);

struct SparseGptLayer
{
    int tower = 0, layer = 0;
    int64_t tokens = 0; // real tokens the Hessians were summed over
    double seconds = 0;
    std::vector<std::string> matrices;
    std::vector<double> errors; // per matrix, as PrunedMatrix::error
};

struct SparseGptResult
{
    ScoreMap mask; // every prunable weight in its stored shape, U8, 1 = kept
    std::vector<SparseGptLayer> layers;
    double seconds = 0;
};

// Prunes every prunable matrix of `model` in place (in eval mode, layer by layer, tower by
// tower), over `batches` as calibration data. Checks the options and the pattern against
// every matrix before any work. Cancelling (`progress` returning false, asked before each
// layer) throws Cancelled and leaves the layers done so far pruned: reload the model.
SparseGptResult sparseGpt(TransformerModel &model, const std::vector<ModelInputs> &batches,
                          const SparseGptOptions &options, const Progress &progress = {});

// What the pruning did, for prunescope-training.json: the method, its options, the pattern,
// the sparsity reached, each layer's tokens, seconds and errors, and `extra` (the data,
// device, precision).
nlohmann::json sparseGptJson(const SparseGptResult &result, const SparseGptOptions &options, const nlohmann::json &extra);

// The pruned model as a checkpoint folder `out` with `source`'s config and tokenizer, its
// mask as mask.safetensors and the provenance (sparseGptJson) as prunescope-training.json,
// written whole or not at all (saveCheckpoint). Returns the folder kept beside `out`, if any.
std::filesystem::path saveSparseGptCheckpoint(TransformerModel &model, const std::filesystem::path &source,
                                              const std::filesystem::path &out, const SparseGptResult &result,
                                              const nlohmann::json &provenance);

} // namespace prunescope
