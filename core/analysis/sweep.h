// Accuracy against sparsity: for each method, score once, then for each sparsity build
// the mask, apply it and evaluate. Random scores are always included as the baseline
// (the GUM paper's point: random is strong for FFN neurons), and the dense model is
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
};

SweepResult runSweep(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                     const std::vector<ModelInputs> &evalBatches, SweepOptions options, const Progress &progress = {});

} // namespace prunescope
