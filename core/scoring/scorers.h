// Single-shot importance scores (METHODS.md section 1): one pass over a data sample, no
// training. Each method fills the granularities it supports:
//   random          weights, heads, neurons   uniform in [0, 1), seeded
//   magnitude       weights                   |W|
//   gradient        weights                   sum over batches of |G|
//   taylor          weights, heads, neurons   sum over batches of |W * G| per weight;
//                                             |dL/dgate| per head / neuron (the first-order
//                                             change of the loss when the unit is removed)
//   snip            weights                   |W * G| / sum |W * G| from the first batch (Lee et al. 2019)
//   head-importance heads, neurons            Michel et al. 2019: sum |dL/dgate| / non-padding
//                                             tokens, L2-normalised per layer, then min-max
//                                             normalised globally (both optional)
//   wanda           weights                   |W| * ||X_j||_2, the input feature's norm over the
//                                             sample's real tokens (Sun et al. 2023); mask by row
//   cam-cut         weights, heads, neurons   DeepCuts' GradCAM reading: sum over batches of
//                                             |W * G * (c + mean output)| per weight (c = 10, the
//                                             "shift" variant, or 0); per head / neuron
//                                             |sum_k mean(a_k) * sum(dL/da_k)| at the gate's input
//   smooth-cut      weights, heads, neurons   DeepCuts' SmoothGrad: taylor with the gradient
//                                             averaged over K passes with N(0, sigma^2) noise
//                                             added to every linear output (or to the input
//                                             embeddings, sigma relative to their spread); the
//                                             K passes run as one batch where the loss allows
#pragma once

#include "core/scoring/score_methods.h"
#include "core/support/error.h"
#include "core/support/method_spec.h"
#include "core/models/device.h"
#include "core/models/loss.h"
#include "core/models/model.h"
#include "core/parallel/work_group.h"
#include "core/support/progress.h"
#include "core/scoring/score_map.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace prunescope {

// The settings every method shares; the method's own options (smooth-cut's samples,
// cam-cut's shift, ...) are in `methodOptions`, declared in scoreMethodSpecs() and defaulted
// there when not set.
struct ScoreOptions
{
    std::string method = "taylor";
    std::set<Granularity> granularities = {Granularity::Weight, Granularity::Head, Granularity::Neuron};
    uint64_t seed = 0;
    Precision precision; // bf16 / fp16: forward passes under autocast; tf32x3: float32 products split (device.h)
    std::string dataDescription;    // recorded in the provenance
    MethodOptions methodOptions;
    bool keepOnDevice = false; // scores left on the model's device, for a writer that brings them over one by one
    bool cudaGraphs = true;    // on a GPU, a gradient method's batches of one shape replay one captured pass
    bool passWeights = true;   // on a GPU under autocast, the weights cast once for a gradient method's passes
    // Several processes scoring together: each reads its share of the batches (the b-th goes
    // to process b mod N) and the sums are added across the group, so every process ends
    // with the scores one process gives on all the batches. Null: this process alone.
    std::shared_ptr<const WorkGroup> group;
};

// Scores `model` on `batches` (each with labels where the task needs them). The model's
// gates and masks are used as they are; its parameters' requires_grad flags are restored.
ScoreMap computeScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const ScoreOptions &options,
                       const Progress &progress = {});

// Splits a set of examples into batches of `batchSize`, keeping at most `maxExamples`
// (0: all) chosen by a seeded shuffle, so scoring on a sample is reproducible.
std::vector<ModelInputs> makeBatches(const ModelInputs &all, int64_t batchSize, int64_t maxExamples, uint64_t seed);
// The examples of `all` (zero-shot CLIP data: its images, every batch keeping the prompts),
// and `all` split into batches in the order `order` gives (int64 example indices).
int64_t exampleCount(const ModelInputs &all);
int64_t exampleCount(const std::vector<ModelInputs> &batches); // over every batch
// Image-text data with more texts than images (distractors): its pairs form only within
// the whole set, so it is neither split nor sampled.
bool pairsOnlyAsAWhole(const ModelInputs &all);
std::vector<ModelInputs> batchesInOrder(const ModelInputs &all, const torch::Tensor &order, int64_t batchSize);

} // namespace prunescope
