#include "core/models/loss.h"

#include "core/support/error.h"

#include <torch/torch.h>

namespace prunescope {

ModelInputs withLossTargets(const ModelInputs &batch, const ModelConfig &config)
{
    ModelInputs in = batch;
    if (config.head == TaskHead::CausalLm && !in.labels.defined()) {
        in.labels = in.inputIds.clone();
        if (in.attentionMask.defined())
            in.labels.masked_fill_(in.attentionMask.eq(0), -100);
    }
    if ((config.head == TaskHead::SequenceClassification || config.head == TaskHead::MaskedLm) && !in.labels.defined())
        throw Error("a " + config.architecture + " needs labels in the data");
    return in;
}

TrainableScope::TrainableScope(TransformerModel &model, const std::set<std::string> &trainable, bool gates)
{
    for (auto &p : model.named_parameters()) {
        m_saved.emplace_back(p.value(), p.value().requires_grad());
        p.value().set_requires_grad(trainable.count(p.key()) > 0);
    }
    for (size_t t = 0; t < model.config().towers.size(); ++t) {
        for (torch::Tensor *g : {&model.headGates(t), &model.neuronGates(t)}) {
            m_saved.emplace_back(*g, g->requires_grad());
            g->set_requires_grad(gates);
        }
    }
}

TrainableScope::~TrainableScope()
{
    // Gradients of a scoring pass are scratch: drop them so they hold no memory.
    for (auto &[tensor, flag] : m_saved) {
        tensor.mutable_grad() = torch::Tensor();
        tensor.set_requires_grad(flag);
    }
}

} // namespace prunescope
