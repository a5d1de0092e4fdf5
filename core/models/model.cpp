#include "core/models/model.h"

#include "core/models/input_checks.h"
#include "core/models/model_family.h"
#include "core/models/transformer_blocks.h"
#include "core/support/error.h"

#include <torch/torch.h>

namespace prunescope {

TransformerModel::TransformerModel(ModelConfig config)
    : m_config(std::move(config))
    , m_structure(describeStructure(m_config))
{
    for (const auto &tower : m_config.towers) {
        checkActivation(tower.activation, "config.json (" + tower.name + ")");
        m_headGates.push_back(torch::ones({tower.layers, tower.heads}));
        m_neuronGates.push_back(torch::ones({tower.layers, tower.ffn}));
    }
}

void TransformerModel::resetGates()
{
    for (auto &g : m_headGates)
        g = torch::ones_like(g);
    for (auto &g : m_neuronGates)
        g = torch::ones_like(g);
}

std::shared_ptr<PrunableLinearImpl> TransformerModel::addLinear(const PrunableMatrix &matrix)
{
    auto linear = std::make_shared<PrunableLinearImpl>(matrix.inFeatures, matrix.outFeatures, !matrix.bias.empty(),
                                                       matrix.inputMajor);
    add(matrix.path(), PrunableLinear(linear));
    linear->matrix = &matrix;
    m_linears[matrix.weight] = linear;
    return linear;
}

void TransformerModel::setWeightMask(const std::string &weightName, const torch::Tensor &mask)
{
    const auto it = m_linears.find(weightName);
    if (it == m_linears.end())
        throw Error("cannot mask '" + weightName + "': not a prunable matrix of this model");
    auto &linear = *it->second;
    if (mask.sizes() != linear.weight.sizes())
        throw Error("mask for '" + weightName + "' has shape " + c10::str(mask.sizes()) + ", the weight has "
                    + c10::str(linear.weight.sizes()));
    // A hard mask stays bool (a quarter of float32's memory: 7 GB rather than 28 GB on an 8B
    // model); a soft or differentiable one takes the weight's dtype.
    linear.mask = mask.scalar_type() == torch::kBool ? mask.to(linear.weight.device())
                                                     : mask.to(linear.weight.device(), linear.weight.scalar_type());
}

void TransformerModel::clearWeightMasks()
{
    for (auto &[name, linear] : m_linears)
        linear->mask = torch::Tensor();
}

void TransformerModel::moveTo(torch::Device device, torch::ScalarType dtype)
{
    to(device, dtype);
    for (auto &g : m_headGates)
        g = g.to(device, dtype);
    for (auto &g : m_neuronGates)
        g = g.to(device, dtype);
    for (auto &[name, linear] : m_linears)
        if (linear->mask.defined())
            linear->mask = linear->mask.scalar_type() == torch::kBool ? linear->mask.to(device)
                                                                      : linear->mask.to(device, dtype);
}

torch::Device TransformerModel::device() const
{
    const auto params = parameters();
    return params.empty() ? torch::Device(torch::kCPU) : params.front().device();
}

torch::nn::Module &TransformerModel::moduleAt(const std::string &path)
{
    torch::nn::Module *module = this;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t dot = std::min(path.find('.', start), path.size());
        const std::string name = path.substr(start, dot - start);
        torch::nn::Module *next = nullptr;
        for (const auto &item : module->named_children())
            if (item.key() == name)
                next = item.value().get();
        module = next ? next : module->register_module(name, std::make_shared<torch::nn::Module>()).get();
        start = dot + 1;
    }
    return *module;
}

} // namespace prunescope

namespace prunescope {

std::shared_ptr<TransformerModel> createModel(const ModelConfig &config, bool hasPooler)
{
    return config.family->build(config, hasPooler);
}

torch::Tensor toDevice(const torch::Tensor &tensor, torch::Device device, torch::ScalarType dtype)
{
    const auto type = dtype == torch::ScalarType::Undefined ? tensor.scalar_type() : dtype;
    if (tensor.device().is_cpu() && device.is_cuda())
        return tensor.pin_memory().to(device, type, /*non_blocking=*/true);
    return tensor.to(device, type);
}

torch::Tensor causalLmLoss(const torch::Tensor &logits, const torch::Tensor &labels)
{
    // Predict token t+1 from position t; -100 marks positions without a target. As in
    // transformers, the labels shift rather than the logits (no copy of [B, T, vocab]); the
    // last position gets no target. The check reads the labels where they are (the CPU,
    // usually), so it does not wait for the GPU.
    const int64_t vocab = logits.size(-1);
    checkInput(labels, [](const torch::Tensor &values) {
        if (values.size(1) < 2 || values.slice(1, 1).ne(-100).sum().item<int64_t>() == 0)
            throw Error("no token has a next token to predict (sequences need at least two real tokens)");
    });
    const auto next = torch::constant_pad_nd(labels.slice(1, 1), {0, 1}, -100);
    const auto targets = toDevice(next.reshape({-1}), logits.device());
    return torch::nn::functional::cross_entropy(
        logits.reshape({-1, vocab}).to(torch::kFloat), targets,
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
}

} // namespace prunescope
