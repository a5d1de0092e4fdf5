// Accuracy against sparsity: for each method, score once, then for each sparsity build
// the mask, apply it and evaluate. Random scores are always included as the baseline
// (the GUM paper's point: random is strong for FFN neurons), and the dense model is
// evaluated once as the reference line.
#pragma once

#include "core/evaluation.h"
#include "core/masks.h"
#include "core/scorers.h"

#include <string>
#include <vector>

namespace prunescope {

struct SweepOptions
{
    std::vector<std::string> methods;
    std::vector<double> sparsities;
    MaskOptions mask;   // granularity and scope; the sparsity is the sweep's
    ScoreOptions score; // method is the sweep's
};

struct SweepPoint
{
    std::string method;
    double sparsity = 0; // requested
    double achieved = 0; // zeros in the mask
    std::map<std::string, double> metrics;
};

struct SweepResult
{
    std::string metric; // the one plotted
    std::string task;
    std::map<std::string, double> dense;
    std::vector<SweepPoint> points;
    std::map<std::string, double> scoringSeconds;
};

SweepResult runSweep(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                     const std::vector<ModelInputs> &evalBatches, SweepOptions options, const Progress &progress = {});

// One row per point: method, sparsity, achieved sparsity, every metric.
std::string sweepCsv(const SweepResult &result);
// The plot: the metric against sparsity, one curve per method, the dense model dashed.
std::string sweepSvg(const SweepResult &result, const std::string &title);

} // namespace prunescope
