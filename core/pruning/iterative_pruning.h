// Methods that prune over several training runs of the shared loop (training.h), each run
// under the mask so far (FixedMask), at weight granularity over every prunable matrix,
// the magnitude |W| ranked within each tensor or over all of them (scope):
//   imp  iterative magnitude pruning with rewind (Frankle & Carbin; Chen et al. 2020 for
//        BERT): train, prune `rate` of the remaining weights by magnitude, rewind every
//        parameter to the starting weights (or to those after `rewindStep` steps of the
//        first run), and again, until the target; then train the rewound weights under the
//        final mask. Every run has the full recipe's steps: IMP's cost is rounds + 1 runs.
//   isp  Instant Soup Pruning (Jaiswal et al. 2023), one pass: in round i = 0..k-1 the
//        main model trains (i + 1) t steps (t: `roundFraction` of an epoch, at most what
//        leaves half of the budget to the final fine-tuning); then N
//        denoisers, copies of it each trained C steps on its own random share of the data
//        with its own learning rate and weight decay, are each magnitude-pruned to the
//        round's target; their keep-masks are combined (union: kept by any; intersection:
//        by all; vote: by more than half) and the main model's weights are pruned to exactly
//        the round's target, the combined ones kept first, by magnitude within each group.
//        No rewind. After the last round a one-shot top-up by magnitude reaches the target
//        and the rest of the budget fine-tunes.
//        Instant Model Soup (`soup`): the last round's denoisers, weak sparse models, are
//        averaged and the starting point of the final fine-tuning becomes
//        (1 - alpha) main + alpha soup, alpha in {0, 0.25, ..., 1} chosen on validation.
//   deepcuts DeepCuts' whole procedure around any single-shot method: fine-tune the dense
//        model (the full recipe), score it with `score` on a seeded sample of the training
//        data (image-text data that pairs only as a whole: all of it), prune once to the
//        target (within each tensor, as DeepCuts does, or over all), rewind the kept weights
//        to the starting checkpoint (or keep the fine-tuned ones: rewind off), and fine-tune
//        under the mask. Two runs of the full recipe.
// Round targets grow geometrically: after round i, 1 - (1 - rate)^(i + 1), the last one
// clamped to the target. Decision: isp's rate 0 (the default) is the one that reaches the
// target in k rounds, so no top-up is needed; the paper's 10 % and a top-up is rate 0.1.
// Every run starts a fresh optimizer and learning-rate schedule (IMP after a rewind to an
// early step too); ISP's main runs each take their own seeded batches.
// Every method reports the compute it spent (training steps of every run, denoisers
// included, and wall time), so that its cost can be set against IMP's. The final model
// goes to `out` with the mask (mask.safetensors), then prunescope-pruning.json (the rounds
// and the cost). The runs before it write nothing; a cancel during the last run keeps its
// last checkpoint, as training does, without prunescope-pruning.json.
#pragma once

#include "core/pruning/masks.h"
#include "core/pruning/training.h"
#include "core/scoring/score_map.h"
#include "core/support/method_spec.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <map>
#include <limits>
#include <string>
#include <vector>

namespace prunescope {

struct ImpOptions
{
    double sparsity = 0.7;
    double rate = 0.2;       // of the remaining weights, per round
    int64_t rewindStep = 0;  // 0: the starting weights
    MaskScope scope = MaskScope::Global;
};

struct IspOptions
{
    double sparsity = 0.7;
    int64_t rounds = 3;            // k
    double rate = 0;               // per round, of the remaining weights; 0: reach the target in k rounds
    double roundFraction = 0.1;    // t, as a share of an epoch
    int64_t denoisers = 4;         // N
    int64_t denoiserSteps = 40;    // C
    double denoiserData = 0.1;     // each denoiser's share of the training data
    std::string combine = "union"; // union | intersection | vote
    bool soup = false;             // Instant Model Soup before the final fine-tuning
    MaskScope scope = MaskScope::Global;
};

struct DeepCutsOptions
{
    double sparsity = 0.85;
    std::string score = "taylor"; // a single-shot method with weight scores (scorers.h)
    MethodOptions scoreOptions;   // its own options; unset ones take their defaults
    int64_t scoreExamples = 1600; // of the training data, by a seeded shuffle; 0: all
    bool rewind = true;           // to the starting weights before the masked run
    MaskScope scope = MaskScope::Tensor;
};

struct PruningRound
{
    int64_t round = 0;
    double sparsity = 0;      // the round's target, reached exactly
    int64_t steps = 0;        // trained in this round (denoisers included)
    double seconds = 0;
    double metric = std::numeric_limits<double>::quiet_NaN(); // on validation, after the round's training
    std::vector<double> weakSparsity;                          // isp: each denoiser's mask
    double combinedSparsity = std::numeric_limits<double>::quiet_NaN(); // isp: the combined keep-mask
};

struct IterativeResult
{
    std::string method;
    TrainResult final;          // the last run, written to `out`
    std::vector<PruningRound> rounds;
    ScoreMap mask;
    int64_t steps = 0;          // every training step of every run
    double seconds = 0;
    double soupAlpha = std::numeric_limits<double>::quiet_NaN();
    std::map<std::string, double> details; // a method's own figures (abp: recovered connections)
};

// A round's masks as they are made, for views that follow the job: ISP's weak masks, their
// combination and the round's mask; IMP's round mask alone.
struct RoundMasks
{
    int64_t round = 0;
    std::vector<ScoreMap> weak;
    ScoreMap combined;
    ScoreMap mask;
};
using RoundMonitor = std::function<void(const RoundMasks &masks)>;

// The progress of all runs as one: steps count from the first run, `total` is all of them.
IterativeResult runImp(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const std::filesystem::path &source, const std::filesystem::path &out, const TrainOptions &options,
                       const ImpOptions &imp, const TrainProgress &progress = {}, const RoundMonitor &masks = {});

IterativeResult runIsp(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const std::filesystem::path &source, const std::filesystem::path &out, const TrainOptions &options,
                       const IspOptions &isp, const TrainProgress &progress = {}, const RoundMonitor &masks = {});

// Round 1 is the dense run (its metric on validation; sparsity 0), round 2 the masked one;
// the score method's provenance (its options, the examples scored) is in the mask's.
IterativeResult runDeepCuts(TransformerModel &model, const ModelInputs &train,
                            const std::vector<ModelInputs> &validation, const std::filesystem::path &source,
                            const std::filesystem::path &out, const TrainOptions &options,
                            const DeepCutsOptions &deepCuts, const TrainProgress &progress = {},
                            const RoundMonitor &masks = {});

// Writes prunescope-pruning.json into the checkpoint folder `out`: the method, its
// options, the rounds, the final sparsity and validation figure, and the compute spent.
void writePruningJson(const std::filesystem::path &out, const IterativeResult &result, const nlohmann::json &options);

// The mask keeping exactly round((1 - sparsity) N) weights, the highest `rank` first (within
// each tensor or over all of them), ties by position.
ScoreMap exactWeightMask(const ScoreMap &rank, const ModelStructure &structure, double sparsity, MaskScope scope);

// The mask keeping exactly round((1 - sparsity) N) weights by |W|, never one that
// `current` prunes (null: none pruned yet).
ScoreMap magnitudeMask(TransformerModel &model, const ScoreMap *current, double sparsity, MaskScope scope);

// The ISP keep-mask combination of weak masks: union, intersection or vote.
ScoreMap combineMasks(const std::vector<ScoreMap> &weak, const std::string &how);

} // namespace prunescope
