#include "core/models/model.h"

#include "core/models/input_checks.h"
#include "core/models/model_family.h"
#include "core/models/transformer_blocks.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>

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

const std::vector<torch::Tensor> &TransformerModel::holdPassWeights(torch::ScalarType type, bool differentiable)
{
    dropPassWeights();
    const auto heldAs = [&](const PrunableLinearImpl &linear) {
        return linear.weight.is_cuda() && linear.weight.scalar_type() == torch::kFloat32 && type != torch::kFloat32
               && (!linear.mask.defined() || linear.mask.scalar_type() == torch::kBool);
    };
    const auto leafOf = [&](const torch::Tensor &value) {
        auto leaf = value.detach().to(type);
        m_passWeights.push_back(leaf.requires_grad_(differentiable));
        return leaf;
    };
    for (const auto &tower : m_structure.towers)
        for (const auto &layer : tower.layers) {
            // The query, key and value matrices, where each is a matrix of its own.
            std::vector<PrunableLinearImpl *> stack;
            for (const auto role : {MatrixRole::Query, MatrixRole::Key, MatrixRole::Value})
                for (const auto &matrix : layer.matrices)
                    if (matrix.slices.size() == 1 && matrix.role() == role)
                        stack.push_back(m_linears.at(matrix.weight).get());
            if (stack.size() != 3 || !stackable(*stack[0], *stack[1], *stack[2])
                || !std::all_of(stack.begin(), stack.end(), [&](auto *l) { return heldAs(*l); }))
                stack.clear();
            std::vector<torch::Tensor> rows;
            for (auto *linear : stack)
                rows.push_back(linear->maskedWeight().detach());
            const auto leaf = stack.empty() ? torch::Tensor() : leafOf(torch::cat(rows));
            int64_t row = 0;
            for (auto *linear : stack) {
                linear->passStack = leaf;
                linear->passRow = row;
                row += linear->weight.size(0);
            }
            for (const auto &matrix : layer.matrices) {
                auto &linear = *m_linears.at(matrix.weight);
                if (!linear.holdsPassWeight() && heldAs(linear))
                    linear.passWeight = leafOf(linear.maskedWeight());
            }
        }
    return m_passWeights;
}

void TransformerModel::dropPassWeights()
{
    for (auto &[name, linear] : m_linears) {
        linear->passWeight = linear->passStack = torch::Tensor();
        linear->passRow = 0;
    }
    m_passWeights.clear();
}

bool TransformerModel::holdsPassWeight(const std::string &name) const
{
    const auto it = m_linears.find(name);
    return it != m_linears.end() && it->second->holdsPassWeight();
}

torch::Tensor TransformerModel::passGradient(const std::string &name,
                                             const std::function<torch::Tensor(const torch::Tensor &)> &leafGradient) const
{
    const auto &linear = *m_linears.at(name);
    if (!linear.holdsPassWeight())
        return {};
    auto g = leafGradient(linear.passStack.defined() ? linear.passStack : linear.passWeight);
    if (g.defined() && linear.passStack.defined())
        g = g.narrow(0, linear.passRow, linear.weight.size(0));
    // The gradient of weight * mask times the mask (bool: exact in any type).
    return g.defined() && linear.mask.defined() ? g * linear.mask : g;
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
