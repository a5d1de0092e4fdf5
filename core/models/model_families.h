// One constructor per family; each lives in its own file (bert_model.cpp, ...).
#pragma once

#include "core/models/model.h"

namespace prunescope {

std::shared_ptr<TransformerModel> createBertModel(const ModelConfig &config, bool hasPooler);
std::shared_ptr<TransformerModel> createGpt2Model(const ModelConfig &config);
std::shared_ptr<TransformerModel> createClipModel(const ModelConfig &config);

// Loss helpers shared by the families, written as transformers computes them.
torch::Tensor causalLmLoss(const torch::Tensor &logits, const torch::Tensor &labels);

} // namespace prunescope
