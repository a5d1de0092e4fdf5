// Comparing masks and score maps over one model (METHODS.md section 3). A map is a mask
// when its kind says so, or (no kind) when every value is 0 or 1. For K maps, each metric is a K x K matrix, overall and per
// layer ("<tower> <layer>"), computed over the tensors both maps have:
//   masks   iou      |pruned_a ∩ pruned_b| / |pruned_a ∪ pruned_b| (1 when neither prunes)
//           cosine   cosine of the flattened 0/1 masks (1 = keep)
//           hamming  fraction of units on which the masks differ
//   scores  spearman Pearson correlation of the ranks (ties share their mean rank)
//           kendall  tau-b, on at most `kendallUnits` units overall and a tenth of that
//                    (at least 1,000) per layer: a systematic sample above that
//           topk     |top_a ∩ top_b| / k for the `topFraction` highest-scoring units
// Pairs of a mask and a score map get NaN for both families of metrics. IoU is also
// given per tensor, and every mask gets its sparsity per layer and component
// (attention: heads and attention matrices; ffn: neurons and FFN matrices) and the
// number of heads that survive in each layer. Counts run on `device` as matrix
// products of the stacked maps, tensor by tensor.
#pragma once

#include "core/analysis/comparison.h"
#include "core/support/progress.h"
#include "core/scoring/score_map.h"

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct CompareOptions
{
    double topFraction = 0.1;
    int64_t kendallUnits = 200000;
    uint64_t seed = 0;
    torch::Device device = torch::kCPU;
};

// Throws prunescope::Error when a map does not fit the structure (naming it) or when
// fewer than two maps are given.
MapComparison compareMaps(const std::vector<std::string> &names, const std::vector<ScoreMap> &maps,
                          const ModelStructure &structure, const CompareOptions &options = {},
                          const Progress &progress = {});

// Whether every value of every tensor is 0 or 1.
bool isMaskMap(const std::map<std::string, torch::Tensor> &tensors);

} // namespace prunescope
