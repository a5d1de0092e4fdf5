// How Smooth-Cut's ranking departs from Taylor's as its noise grows (DeepCuts' Smooth-Cut
// with the authors' sigma = 1e-3 ranks weights as Taylor does): for each sigma, Smooth-Cut's
// weight scores, their rank correlation (Spearman) with Taylor's on the same data, and the
// metric after one-shot weight pruning at each sparsity, with Taylor's and magnitude's masks
// at the same sparsities as the references. Scored on one set of batches, evaluated on
// another (splitForSweep holds out a share by default).
#pragma once

#include "core/analysis/sigma_scan_result.h"
#include "core/scoring/scorers.h"

#include <vector>

namespace prunescope {

// `score`: the seed, precision and data description the scoring runs with.
SigmaScanResult scanSigma(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                          const std::vector<ModelInputs> &evalBatches, const SigmaScanOptions &options,
                          const ScoreOptions &score = {}, const Progress &progress = {});

} // namespace prunescope
