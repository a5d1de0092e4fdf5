#include "core/pruning/adapting_by_pruning.h"

#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/pruning/masks.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>

namespace prunescope {

AdaptingByPruning::AdaptingByPruning(TransformerModel &model, const AbpOptions &options)
    : m_model(model)
    , m_options(options)
{
    if (!(options.sparsity > 0 && options.sparsity < 1))
        throw Error("adapting by pruning needs a target sparsity in (0, 1), got " + std::to_string(options.sparsity));
    if (options.push < 0 || options.maskLearningRate <= 0 || options.forwardTemperature <= 0 ||
        options.backwardTemperature <= 0 || options.initStd < 0)
        throw Error("adapting by pruning needs a push of at least 0 and positive learning rate and temperatures");
    torch::Generator generator = at::detail::createCPUGenerator(options.seed);
    const auto params = model.named_parameters();
    for (const auto &tower : model.structure().towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices) {
                const torch::Tensor &w = params[matrix.weight];
                auto theta = torch::randn(w.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat)) *
                                 options.initStd +
                             options.initMean;
                m_theta[matrix.weight] = theta.to(w.device()).set_requires_grad(true);
                m_everPruned[matrix.weight] = torch::zeros(w.sizes(), w.options().dtype(torch::kBool));
            }
}

std::vector<torch::Tensor> AdaptingByPruning::parameters()
{
    std::vector<torch::Tensor> thetas;
    for (auto &[name, theta] : m_theta)
        thetas.push_back(theta);
    return thetas;
}

bool AdaptingByPruning::trainsParameter(const std::string &name) const
{
    // The task head (BERT's classifier; GPT-2's tied head has no parameter of its own).
    return isTaskHeadParameter(m_model.config(), name);
}

void AdaptingByPruning::beforeStep(int64_t step, int64_t total)
{
    if (step == 0) {
        m_push = std::isnan(m_options.push) ? m_options.initMean / (0.6 * double(std::max<int64_t>(1, total)))
                                            : m_options.push;
    } else {
        torch::NoGradGuard noGrad;
        for (auto &[name, theta] : m_theta)
            theta.sub_(m_push);
    }
    holdPruned();
    // The hard mask forwards, the soft one's gradient flows back to theta.
    for (auto &[name, theta] : m_theta) {
        const torch::Tensor hard = torch::sigmoid(m_options.forwardTemperature * theta.detach());
        const torch::Tensor soft = torch::sigmoid(m_options.backwardTemperature * theta);
        m_model.setWeightMask(name, hard + soft - soft.detach());
    }
}

void AdaptingByPruning::holdPruned()
{
    if (m_options.recovery)
        return;
    // Once below zero, a theta never rises again; the order of the pruned ones stays theirs
    // (the last pruned closest to zero), which decides where a final overshoot is undone.
    torch::NoGradGuard noGrad;
    for (auto &[name, theta] : m_theta) {
        torch::Tensor &held = m_held[name];
        if (held.defined())
            theta.copy_(torch::where(m_everPruned[name], torch::minimum(theta, held), theta));
        held = theta.detach().clone();
    }
}

void AdaptingByPruning::updateCounts()
{
    holdPruned();
    torch::NoGradGuard noGrad;
    int64_t pruned = 0, all = 0;
    for (auto &[name, theta] : m_theta) {
        const auto below = theta.lt(0);
        m_everPruned[name].logical_or_(below);
        pruned += below.sum().item<int64_t>();
        all += theta.numel();
    }
    m_sparsity = double(pruned) / double(std::max<int64_t>(1, all));
}

bool AdaptingByPruning::finished(int64_t step, int64_t total)
{
    if (m_final)
        return true;
    updateCounts();
    if (m_sparsity < m_options.sparsity && step < total)
        return false;
    m_reachedByPush = m_sparsity >= m_options.sparsity;
    const ScoreMap finalMask =
        m_reachedByPush ? exactWeightMask(scores(), m_model.structure(), m_options.sparsity, MaskScope::Global) : mask();
    for (const auto &[name, mask] : finalMask.tensors) {
        m_finalMasks[name] = mask.to(m_theta.at(name).device());
        m_model.setWeightMask(name, m_finalMasks[name]);
    }
    m_final = true;
    return true;
}

std::map<std::string, double> AdaptingByPruning::values() const
{
    return {{"sparsity", m_final && m_reachedByPush ? m_options.sparsity : m_sparsity}, {"push", m_push}};
}

ScoreMap AdaptingByPruning::scores() const
{
    ScoreMap map;
    for (const auto &[name, theta] : m_theta)
        map.tensors[name] = theta.detach().to(torch::kCPU, torch::kFloat);
    map.provenance = {{"method", "abp"}, {"what", "theta"}};
    map.kind = MapKind::Scores;
    return map;
}

ScoreMap AdaptingByPruning::mask() const
{
    ScoreMap map;
    for (const auto &[name, theta] : m_theta) {
        const auto found = m_finalMasks.find(name);
        map.tensors[name] = (found != m_finalMasks.end() ? found->second : theta.detach().gt(0)).to(torch::kCPU, torch::kFloat);
    }
    map.provenance = {{"method", "abp"},
                      {"sparsity", std::to_string(m_options.sparsity)},
                      {"recovery", m_options.recovery ? "true" : "false"}};
    return map;
}

int64_t AdaptingByPruning::recovered() const
{
    int64_t count = 0;
    const ScoreMap kept = mask();
    for (const auto &[name, ever] : m_everPruned)
        count += ever.logical_and(m_theta.at(name).detach().gt(0)).cpu().logical_and(kept.at(name).ne(0)).sum().item<int64_t>();
    return count;
}

void AdaptingByPruning::save(const std::filesystem::path &folder) const
{
    ScoreMap finalMask = mask();
    finalMask.provenance["recovered"] = std::to_string(recovered());
    finalMask.provenance["reached_by_push"] = m_reachedByPush ? "true" : "false";
    saveScoreMap(folder / "abp-mask.safetensors", finalMask);
    saveScoreMap(folder / "abp-scores.safetensors", scores());
}

IterativeResult runAbp(TransformerModel &model, const ModelInputs &train, const std::vector<ModelInputs> &validation,
                       const std::filesystem::path &source, const std::filesystem::path &out, const TrainOptions &options,
                       const AbpOptions &abp, const TrainProgress &progress)
{
    AdaptingByPruning pruning(model, abp);
    IterativeResult result;
    result.method = "abp";
    result.final = trainModel(model, train, validation, source, out, options, progress, &pruning);
    result.mask = pruning.mask();
    result.steps = result.final.steps;
    result.seconds = result.final.seconds;
    result.details = {{"recovered", double(pruning.recovered())}, {"reached_by_push", pruning.reachedByPush() ? 1.0 : 0.0}};
    if (!out.empty())
        writePruningJson(out, result,
                         {{"sparsity", abp.sparsity}, {"push", pruning.values().at("push")},
                          {"mask_learning_rate", abp.maskLearningRate}, {"recovery", abp.recovery},
                          {"forward_temperature", abp.forwardTemperature},
                          {"backward_temperature", abp.backwardTemperature}});
    return result;
}

} // namespace prunescope
