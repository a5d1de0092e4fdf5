#include "core/pruning/movement.h"

#include "core/support/error.h"
#include "core/pruning/masks.h"
#include "core/support/options.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace prunescope {

namespace {

// The hard mask's value with the scores' gradient: the straight-through estimator.
torch::Tensor straightThrough(const torch::Tensor &hard, const torch::Tensor &scores)
{
    return hard + scores - scores.detach();
}

// 1 at the `count` highest entries of each row of `scores` [rows, n], 0 elsewhere.
torch::Tensor topPerRow(const torch::Tensor &scores, int64_t count)
{
    auto hard = torch::zeros_like(scores);
    if (count > 0)
        hard.scatter_(1, std::get<1>(scores.topk(count, 1)), 1.0);
    return hard;
}

int64_t keptCount(double keep, int64_t n)
{
    return std::clamp<int64_t>(int64_t(std::llround(keep * double(n))), 0, n);
}

} // namespace

MovementOptions checkedMovementOptions(MovementOptions o)
{
    oneOf("movement", o.variant, choices::movement);
    if (o.variant == "gum")
        o.granularity = "neuron";
    oneOf("movement granularity", o.granularity, choices::movementGranularity);
    if (!(o.finalKeep > 0 && o.finalKeep <= o.initialKeep && o.initialKeep <= 1))
        throw Error("movement keep ratios: need 0 < final (" + std::to_string(o.finalKeep) + ") <= initial (" +
                    std::to_string(o.initialKeep) + ") <= 1");
    if (o.warmupFraction < 0 || o.coolFraction < 0 || o.warmupFraction + o.coolFraction >= 1)
        throw Error("movement schedule: the warm-up and cool-down shares must be >= 0 and add up to less than 1");
    return o;
}

double cubicKeep(int64_t step, int64_t total, const MovementOptions &o)
{
    const double t1 = std::round(o.warmupFraction * double(total)), t2 = std::round(o.coolFraction * double(total));
    const double t = double(step);
    if (t < t1)
        return o.initialKeep;
    if (t >= double(total) - t2)
        return o.finalKeep;
    const double progress = (t - t1) / std::max(1.0, double(total) - t1 - t2);
    return o.finalKeep + (o.initialKeep - o.finalKeep) * std::pow(1.0 - progress, 3.0);
}

MovementPruning::MovementPruning(TransformerModel &model, const MovementOptions &options)
    : m_model(model)
    , m_options(checkedMovementOptions(options))
    , m_keep(m_options.initialKeep)
{
    const ModelStructure &structure = model.structure();
    const double start = m_options.variant == "soft" ? 1.0 : 0.0;
    const auto params = model.named_parameters();
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        if (m_options.granularity == "neuron") {
            m_scores[neuronsName(structure, t)] = torch::full(model.neuronGates(t).sizes(), start,
                                                              model.neuronGates(t).options().requires_grad(true));
            continue;
        }
        for (const auto &layer : structure.towers[t].layers)
            for (const auto &matrix : layer.matrices) {
                const torch::Tensor *weight = params.find(matrix.weight);
                if (!weight)
                    throw Error("movement: the model has no parameter '" + matrix.weight + "'");
                m_scores[matrix.weight] =
                    torch::full(weight->sizes(), start, weight->options().dtype(torch::kFloat).requires_grad(true));
            }
    }
    if (m_options.variant == "gum")
        for (size_t t = 0; t < structure.towers.size(); ++t) {
            const int64_t ffn = model.neuronGates(t).size(1);
            m_gram.emplace_back();
            for (int64_t l = 0; l < model.neuronGates(t).size(0); ++l)
                m_gram.back().push_back(torch::zeros({ffn, ffn}, model.neuronGates(t).options().dtype(torch::kFloat)));
        }
}

std::vector<torch::Tensor> MovementPruning::parameters()
{
    std::vector<torch::Tensor> all;
    for (const auto &[name, s] : m_scores)
        all.push_back(s);
    return all;
}

torch::Tensor MovementPruning::hardMask(const std::string &name, double keep) const
{
    const torch::Tensor &s = m_scores.at(name).detach();
    if (m_options.variant == "soft")
        return torch::sigmoid(s).gt(m_options.threshold).to(s.scalar_type());
    if (m_options.granularity == "weight") { // per matrix
        const auto flat = s.reshape({1, -1});
        return topPerRow(flat, keptCount(keep, flat.size(1))).view_as(s);
    }
    if (m_options.variant == "hard") // per layer
        return topPerRow(s, keptCount(keep, s.size(1)));
    // GUM: one threshold over every layer of every tower.
    std::vector<torch::Tensor> all;
    for (const auto &[other, scores] : m_scores)
        all.push_back(scores.detach().flatten());
    const auto flat = torch::cat(all);
    const int64_t count = keptCount(keep, flat.numel());
    if (count == 0)
        return torch::zeros_like(s);
    const double threshold = std::get<0>(flat.topk(count)).min().item<double>();
    // Ties at the threshold: the first in order within this tensor, so the count is exact overall.
    auto hard = s.gt(threshold).to(s.scalar_type());
    const int64_t above = flat.gt(threshold).sum().item<int64_t>();
    int64_t before = 0; // tied entries in the tensors ahead of this one
    for (const auto &[other, scores] : m_scores) {
        if (other == name)
            break;
        before += scores.detach().eq(threshold).sum().item<int64_t>();
    }
    const int64_t tiedWanted = std::max<int64_t>(0, count - above - before);
    if (tiedWanted > 0) {
        const auto ties = s.eq(threshold).flatten().nonzero().flatten();
        hard.view(-1).index_fill_(0, ties.slice(0, 0, std::min(tiedWanted, ties.numel())), 1.0);
    }
    return hard;
}

void MovementPruning::beforeStep(int64_t step, int64_t total)
{
    m_keep = cubicKeep(step, total, m_options);
    const ModelStructure &structure = m_model.structure();
    for (const auto &[name, s] : m_scores) {
        const torch::Tensor hard = hardMask(name, m_keep);
        m_masks[name] = hard;
        const torch::Tensor mask = straightThrough(hard, s);
        if (m_options.granularity == "weight") {
            m_model.setWeightMask(name, mask);
            continue;
        }
        for (size_t t = 0; t < structure.towers.size(); ++t)
            if (neuronsName(structure, t) == name)
                m_model.neuronGates(t) = mask;
    }
}

ForwardOptions MovementPruning::forwardOptions()
{
    ForwardOptions options;
    if (m_options.variant != "gum")
        return options;
    // The running Gram matrix of each layer's FFN activations (every token).
    options.hook = [this](const Site &site, const torch::Tensor &x) {
        if (site.kind == SiteKind::NeuronActivation && site.layer >= 0) {
            torch::NoGradGuard noGrad;
            const auto h = x.detach().reshape({-1, x.size(-1)}).to(torch::kFloat);
            auto &gram = m_gram[size_t(site.tower)][size_t(site.layer)];
            const double beta = m_options.gramMomentum;
            gram.mul_(1.0 - beta).add_(h.t().matmul(h), beta);
        }
        return x;
    };
    return options;
}

std::vector<torch::Tensor> MovementPruning::uniqueness() const
{
    std::vector<torch::Tensor> towers;
    for (const auto &layers : m_gram) {
        std::vector<torch::Tensor> rows;
        for (const auto &gram : layers) {
            const auto norms = gram.diagonal().clamp_min(1e-12).sqrt();
            auto cosine = (gram / norms.unsqueeze(0) / norms.unsqueeze(1)).abs();
            cosine.fill_diagonal_(0.0);
            const double kept = std::max(1.0, double(gram.size(0)) * m_keep);
            rows.push_back(cosine.sum(1) / kept);
        }
        towers.push_back(torch::stack(rows));
    }
    return towers;
}

torch::Tensor MovementPruning::penalty(int64_t step, int64_t total)
{
    if (m_options.variant == "hard")
        return {};
    const double lambda = m_options.penalty * cubicKeep(step, total, m_options) / m_options.finalKeep;
    const ModelStructure &structure = m_model.structure();
    const auto unique = m_options.variant == "gum" ? uniqueness() : std::vector<torch::Tensor>();
    torch::Tensor sum;
    int64_t count = 0;
    for (const auto &[name, s] : m_scores) {
        torch::Tensor term = torch::sigmoid(s);
        for (size_t t = 0; t < unique.size(); ++t)
            if (neuronsName(structure, t) == name)
                term = term * (1.0 + m_options.uniqueness * unique[t].detach());
        sum = sum.defined() ? sum + term.sum() : term.sum();
        count += s.numel();
    }
    const auto result = sum * (lambda / double(std::max<int64_t>(1, count)));
    m_lastPenalty = result.item<double>();
    return result;
}

std::map<std::string, double> MovementPruning::values() const
{
    double pruned = 0, units = 0;
    for (const auto &[name, hard] : m_masks) {
        pruned += hard.eq(0).sum().item<double>();
        units += double(hard.numel());
    }
    std::map<std::string, double> v = {{"keep_target", m_keep}, {"sparsity", units > 0 ? pruned / units : 0.0}};
    if (m_options.variant != "hard")
        v["penalty"] = m_lastPenalty;
    return v;
}

bool MovementPruning::checkpointable(int64_t, int64_t) const
{
    // The masks in use are those of the last step: they must have reached the final ratio.
    return m_options.variant == "soft" || m_keep <= m_options.finalKeep;
}

ScoreMap MovementPruning::scores() const
{
    ScoreMap map;
    for (const auto &[name, s] : m_scores)
        map.tensors[name] = s.detach().to(torch::kCPU).clone();
    map.provenance = {{"method", "movement"}, {"variant", m_options.variant}, {"granularity", m_options.granularity}};
    map.kind = MapKind::Scores; // even where every score happens to be 0 or 1
    return map;
}

ScoreMap MovementPruning::mask() const
{
    ScoreMap map;
    for (const auto &[name, hard] : m_masks)
        map.tensors[name] = hard.to(torch::kCPU).clone();
    map.provenance = {{"method", "movement"},
                      {"variant", m_options.variant},
                      {"granularity", m_options.granularity},
                      {"keep", std::to_string(m_keep)}};
    map.kind = MapKind::Mask;
    return map;
}

void MovementPruning::save(const std::filesystem::path &folder) const
{
    saveScoreMap(folder / "movement-scores.safetensors", scores());
    saveScoreMap(folder / "movement-mask.safetensors", mask());
}

FixedMask::FixedMask(TransformerModel &model, ScoreMap mask, const std::string &fileName)
    : m_mask(std::move(mask))
{
    applyMask(model, m_mask, fileName);
    m_sparsity = maskSparsity(m_mask);
    m_mask.provenance["trained_under"] = "true";
}

void FixedMask::save(const std::filesystem::path &folder) const
{
    saveScoreMap(folder / "mask.safetensors", m_mask);
}

MovementMap::MovementMap(TransformerModel &model)
    : m_model(model)
{
}

void MovementMap::afterBackward()
{
    torch::NoGradGuard noGrad;
    const auto params = m_model.named_parameters();
    for (const auto &tower : m_model.structure().towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices) {
                const torch::Tensor *w = params.find(matrix.weight);
                if (!w || !w->grad().defined())
                    continue;
                const auto movement = -(w->grad() * *w).to(torch::kFloat);
                auto &sum = m_sums[matrix.weight];
                sum = sum.defined() ? sum.add_(movement) : movement.clone();
            }
    ++m_steps;
}

ScoreMap MovementMap::map() const
{
    ScoreMap map;
    for (const auto &[name, sum] : m_sums)
        map.tensors[name] = sum.to(torch::kCPU).clone();
    map.provenance = {{"method", "movement-map"}, {"steps", std::to_string(m_steps)}};
    map.kind = MapKind::Scores;
    return map;
}

void MovementMap::save(const std::filesystem::path &folder) const
{
    saveScoreMap(folder / "movement-map.safetensors", map());
}

} // namespace prunescope
