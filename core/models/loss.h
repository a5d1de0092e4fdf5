// What a model needs to compute the loss it is scored and trained with, and which of its
// tensors take gradients meanwhile.
#pragma once

#include "core/models/model.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace prunescope {

// The inputs with the targets the task's loss needs: GPT-2 without labels predicts its
// inputs (padding excluded); BERT needs labels (throws naming the architecture); CLIP pairs
// image i with text i and needs none.
ModelInputs withLossTargets(const ModelInputs &batch, const ModelConfig &config);

// Sets which parameters (by name) and whether the gates take gradients, and restores the
// previous flags, dropping the gradients, when it goes out of scope however that happens.
class TrainableScope
{
public:
    TrainableScope(TransformerModel &model, const std::set<std::string> &trainable, bool gates);
    ~TrainableScope();
    TrainableScope(const TrainableScope &) = delete;
    TrainableScope &operator=(const TrainableScope &) = delete;

private:
    std::vector<std::pair<torch::Tensor, bool>> m_saved;
};

} // namespace prunescope
