// Accuracy against sparsity: for each method, score once, then for each sparsity build
// the mask, apply it and evaluate. Random scores are always included as the baseline
// (the GUM paper's point: random is strong for FFN neurons), drawn several times so that a
// method's lead over it can be told from the spread of random masks; the dense model is
// evaluated once as the reference line.
#pragma once

#include "core/scoring/evaluation.h"
#include "core/pruning/masks.h"
#include "core/scoring/scorers.h"
#include "core/analysis/sweep_result.h"

#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct SweepOptions
{
    std::vector<std::string> methods;
    std::vector<double> sparsities;
    MaskOptions mask;   // granularity and scope; the sparsity is the sweep's
    ScoreOptions score; // method and its options are the sweep's
    std::map<std::string, MethodOptions> methodOptions; // by method; a method not here takes its defaults
    int64_t randomDraws = 5; // random masks at each sparsity, seeded score.seed, score.seed + 1, ...
    // Several processes sweeping together: each takes a run of consecutive points (scoring
    // the methods they need) and all of them end with the result one process gives.
    std::shared_ptr<const WorkGroup> group;
};

// A sweep's scoring and evaluation batches from one set of examples: at most `maxExamples`
// (0: all) sampled by a seeded shuffle, and of those a share `heldOut` set apart by another
// seeded shuffle for evaluation, the rest scored on, so that a method which reads the data is
// not evaluated on what it read. Where nothing can be set apart (under two examples, or
// image-text data whose texts and images pair only as a whole) both are the same examples,
// and `settings` says so. The second shuffle is seeded `seed` + 1.
struct SweepData
{
    std::vector<ModelInputs> scoring, evaluation;
    std::map<std::string, std::string> settings; // eval_data, held_out, score_examples, eval_examples
};
SweepData splitForSweep(const ModelInputs &all, const std::string &description, double heldOut, int64_t batchSize,
                        int64_t maxExamples, uint64_t seed);

SweepResult runSweep(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                     const std::vector<ModelInputs> &evalBatches, SweepOptions options, const Progress &progress = {});

} // namespace prunescope
