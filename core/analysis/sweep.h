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
};

SweepResult runSweep(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                     const std::vector<ModelInputs> &evalBatches, SweepOptions options, const Progress &progress = {});

} // namespace prunescope
