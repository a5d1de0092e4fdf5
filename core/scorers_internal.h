// Pieces shared by the scorer files; not part of the core's interface.
#pragma once

#include "core/scorers.h"

#include <map>
#include <set>

namespace prunescope::detail {

std::vector<const PrunableMatrix *> prunableMatrices(const ModelStructure &structure);

// The loss the scores differentiate: the task's own where it has labels; GPT-2 without
// labels predicts its inputs; CLIP pairs image i with text i.
ModelInputs withLossTargets(const ModelInputs &batch, const ModelConfig &config);

// Restores requires_grad of every parameter and gate when scoring ends, however it ends.
class TrainableScope
{
public:
    TrainableScope(TransformerModel &model, const std::set<std::string> &trainable, bool gates);
    ~TrainableScope();
    TrainableScope(const TrainableScope &) = delete;
    TrainableScope &operator=(const TrainableScope &) = delete;

private:
    TransformerModel &m_model;
    std::vector<std::pair<torch::Tensor, bool>> m_saved;
};

// Real-token weights for means over positions: [B, T] of 0/1 for the text tower when
// the batch has an attention mask and padding is excluded; undefined otherwise.
torch::Tensor positionWeights(const ModelInputs &in, int tower, bool includePadding);

using Scores = std::map<std::string, torch::Tensor>;
Scores camCutScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const ScoreOptions &options,
                    const std::set<Granularity> &wanted, const Progress &progress);
Scores wandaScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const Progress &progress);

} // namespace prunescope::detail
