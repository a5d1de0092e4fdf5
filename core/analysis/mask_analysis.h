// The analyses of Adapting by Pruning (Gao et al. 2021, METHODS.md section 2) for any mask
// of weights, heads or neurons:
//   profile      the share of prunable weights the mask removes in each layer and in each
//                component (query, key, value, attention output, FFN in, FFN out; GPT-2's
//                fused c_attn split into its three thirds), heads and neurons counted as the
//                weights they remove
//   sensitivity  the model evaluated dense, under the mask, under the mask shuffled at
//                random within each tensor (each matrix, or each layer's heads or neurons:
//                same sparsity, other places), and under the mask with every prunable
//                matrix re-initialised (normal, each matrix's own standard deviation):
//                how much of the result is the mask's placement and how much the weights.
#pragma once

#include "core/analysis/mask_profile.h"
#include "core/models/model.h"
#include "core/support/progress.h"
#include "core/scoring/score_map.h"

#include <string>
#include <vector>

namespace prunescope {

// Throws prunescope::Error when the mask does not fit the structure (naming `name`).
MaskProfile maskProfile(const ScoreMap &mask, const ModelStructure &structure, const std::string &name);

// The mask with each tensor's entries permuted at random (rows of heads and neurons each on
// their own): the same sparsity per matrix and per layer.
ScoreMap shuffledMask(const ScoreMap &mask, uint64_t seed);

// Evaluates the four cases on `batches`; the model's weights are restored afterwards, also
// when it throws, and it is left under `mask`.
MaskSensitivity maskSensitivity(TransformerModel &model, const ScoreMap &mask, const std::vector<ModelInputs> &batches,
                                uint64_t seed, const Progress &progress = {});

} // namespace prunescope
