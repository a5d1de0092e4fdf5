#include "core/analysis/redundancy.h"

#include "core/models/unit_slices.h"
#include "core/support/error.h"
#include "core/scoring/scorers.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>

namespace prunescope {

namespace {

// sum of w * dL/dw per neuron over every slice the neuron owns (the FFN input's rows
// with their biases, the gate's, the FFN output's columns).
torch::Tensor neuronProducts(const TransformerModel &model, const LayerStructure &layer)
{
    const auto params = model.named_parameters();
    const auto product = [&](const std::string &name) {
        if (name.empty())
            return torch::Tensor();
        const torch::Tensor &p = *params.find(name);
        return p.grad().defined() ? (p.detach() * p.grad()).to(torch::kFloat) : torch::zeros_like(p, torch::kFloat);
    };
    torch::Tensor sums;
    for (const auto &m : layer.matrices)
        for (const UnitSlice &slice : m.slices)
            if (slice.unit == UnitKind::Neuron) {
                const auto unitSums = sumPerUnit(m, slice, product(m.weight), product(m.bias));
                sums = sums.defined() ? sums + unitSums : unitSums;
            }
    if (!sums.defined())
        throw Error("the model's layers have no FFN matrices");
    return sums;
}

// The parameters the sensitivity needs gradients of: every FFN weight and bias.
std::set<std::string> ffnParameters(const ModelStructure &structure)
{
    std::set<std::string> names;
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &m : layer.matrices)
                if (!isAttentionRole(m.role())) {
                    names.insert(m.weight);
                    if (!m.bias.empty())
                        names.insert(m.bias);
                }
    return names;
}

// One layer's figures from the Gram matrix of its kept neurons' activations (`kept`, at
// least one): how many resemble another, and each one's largest cosine, into `maxCosine`.
void setLayerRedundancy(const torch::Tensor &gram, const torch::Tensor &kept, const torch::Tensor &sensitivity,
                        LayerRedundancy &layer, torch::Tensor maxCosine)
{
    const auto norms = gram.diagonal().sqrt();
    auto cosine = gram / (norms.unsqueeze(0) * norms.unsqueeze(1));
    cosine = torch::nan_to_num(cosine, 0.0, 0.0, 0.0); // silent neurons resemble nothing
    cosine.fill_diagonal_(-1.0);
    const auto largest = std::get<0>(cosine.max(1));
    // Neuron i is redundant when a later neuron j > i has cos_ij >= 0.8.
    const auto later = torch::triu(torch::ones_like(cosine, torch::kBool), 1);
    const auto redundant = cosine.ge(0.8).logical_and(later).any(1);
    const double n = double(layer.kept);
    layer.uniqueness = 1.0 - redundant.sum().item<double>() / n;
    layer.above09 = largest.gt(0.9).sum().item<double>() / n;
    layer.above099 = largest.gt(0.99).sum().item<double>() / n;
    layer.meanSensitivity = sensitivity.index_select(0, kept).mean().item<double>();
    maxCosine.index_put_({kept}, largest.clamp_min(0).to(torch::kFloat));
}

} // namespace

RedundancyReport analyseRedundancy(TransformerModel &model, const std::vector<ModelInputs> &batches,
                                   const Progress &progress)
{
    if (batches.empty())
        throw Error("the redundancy analysis needs data, and the data sample is empty");
    const ModelStructure &structure = model.structure();
    TrainableScope scope(model, ffnParameters(structure), false);

    RedundancyReport report;
    std::vector<std::vector<torch::Tensor>> grams(structure.towers.size());
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const auto gates = model.neuronGates(t);
        report.sensitivity.push_back(torch::zeros(gates.sizes(), gates.options().dtype(torch::kFloat)));
        for (int64_t l = 0; l < gates.size(0); ++l)
            grams[t].push_back(torch::zeros({gates.size(1), gates.size(1)}, gates.options().dtype(torch::kDouble)));
    }
    for (size_t b = 0; b < batches.size(); ++b) {
        const ModelInputs in = withLossTargets(batches[b], model.config());
        // Real tokens of the text tower only; images have no padding.
        const torch::Tensor real = in.attentionMask.defined() ? in.attentionMask.ne(0).reshape({-1}) : torch::Tensor();
        ForwardOptions options;
        options.hook = [&](const Site &site, const torch::Tensor &x) {
            if (site.kind == SiteKind::NeuronActivation) {
                auto h = x.detach().reshape({-1, x.size(-1)}).to(torch::kDouble);
                if (real.defined() && site.tower == 0 && real.size(0) == h.size(0))
                    h = h.index({real.to(h.device())});
                grams[size_t(site.tower)][size_t(site.layer)].add_(h.t().matmul(h));
            }
            return x;
        };
        for (auto &p : model.parameters())
            p.mutable_grad() = torch::Tensor();
        const auto outputs = model.forward(in, options, true);
        if (!outputs.loss.defined())
            throw Error("the model computes no loss on this data: the sensitivity needs one");
        outputs.loss.backward();
        for (size_t t = 0; t < structure.towers.size(); ++t)
            for (size_t l = 0; l < structure.towers[t].layers.size(); ++l)
                report.sensitivity[t][int64_t(l)] += neuronProducts(model, structure.towers[t].layers[l]).abs();
        if (progress && !progress(int64_t(b) + 1, int64_t(batches.size()), "redundancy"))
            throw Cancelled();
    }
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        report.sensitivity[t] = (report.sensitivity[t] / double(batches.size())).cpu();
        const auto gates = model.neuronGates(t).detach().cpu();
        report.sensitivity[t].mul_(gates.ne(0));
        report.maxCosine.push_back(torch::zeros(gates.sizes(), torch::kFloat));
        for (size_t l = 0; l < grams[t].size(); ++l) {
            LayerRedundancy layer;
            layer.layer = structure.towers[t].name + " " + std::to_string(l);
            const auto kept = gates[int64_t(l)].ne(0).nonzero().flatten();
            layer.kept = kept.numel();
            if (layer.kept > 0)
                setLayerRedundancy(grams[t][l].cpu().index_select(0, kept).index_select(1, kept), kept,
                                   report.sensitivity[t][int64_t(l)], layer, report.maxCosine[t][int64_t(l)]);
            report.layers.push_back(layer);
        }
    }
    return report;
}

std::string redundancyText(const RedundancyReport &report)
{
    std::string text = "layer          kept  uniqueness  max cos>0.9  max cos>0.99  mean sensitivity\n";
    char line[160];
    for (const auto &l : report.layers) {
        std::snprintf(line, sizeof line, "%-12s %6lld  %10.4f  %11.4f  %12.4f  %16.4g\n", l.layer.c_str(),
                      static_cast<long long>(l.kept), l.uniqueness, l.above09, l.above099, l.meanSensitivity);
        text += line;
    }
    return text;
}

std::string redundancyJson(const RedundancyReport &report)
{
    nlohmann::json layers = nlohmann::json::array();
    for (const auto &l : report.layers)
        layers.push_back({{"layer", l.layer},
                          {"kept", l.kept},
                          {"uniqueness", l.uniqueness},
                          {"max_cos_above_0.9", l.above09},
                          {"max_cos_above_0.99", l.above099},
                          {"mean_sensitivity", l.meanSensitivity}});
    return nlohmann::json{{"layers", layers}}.dump(2);
}

} // namespace prunescope
